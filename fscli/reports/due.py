"""What is due, which reviews are coming, which cases should be closing: read from the records.

The facts come from a handful of set-based queries over the cases in scope (never one query per
case); the date rules run in Python over them (domain/due.py). That keeps one worker's morning
`fscli due` at a few milliseconds on a council-sized database (benchmarks/due.py).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import replace
from datetime import date, timedelta
from operator import attrgetter

from fscli.domain import subject_access
from fscli.domain import due as rules
from fscli.domain.allocation import KEY_WORKER, holds_sql, nobody
from fscli.domain.booked_deadlines import Booking, listed_sql
from fscli.domain.due import CaseFacts, ChildOnPlan, DueItem, OpenStep
from fscli.domain.episode_kinds import began_with_step_up_sql
from fscli.domain.frozen import frozen
from fscli.domain.time_limited import LIMIT, TARGET, WHOM, past
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar
from fscli.reports.lookups import find_case
from fscli.reports.spec import Column, Report
from fscli.store.db import Reader, as_date
from fscli.store.derived import ID_LIST_LIMIT, id_list
from fscli.domain.live_rows import live_sql

CHECKED_CLOSURES = tuple(sorted(rules.SUSTAINED_CHECK_AFTER))
made = tuple.__new__  # a named tuple (ChildOnPlan) from its values in one call, as domain/due.py makes its items


@frozen
class Scope:
    """Whose items: one case, one worker's current cases, or the whole caseload. `me`, the worker
    using fscli: the whole caseload holds my own bookings of no case (supervision, training), never
    a colleague's."""

    ref: str | None = None
    worker: str | None = None
    me: str | None = None

    @property
    def diary_of(self) -> str | None:
        """Whose bookings of no case are in scope: none on a case's list."""
        return None if self.ref else (self.worker or self.me or "").strip() or None

    def describe(self) -> str:
        return f" for {self.ref}" if self.ref else f" for {self.worker}" if self.worker else ""


LIVE = "(c.status = 'open' OR (c.closed_on >= :checks_from AND c.closure_reason IN ({reasons})))"


def _live_params(today: date, closed_before: date | None = None) -> tuple[str, dict]:
    params: dict = {"checks_from": today - rules.SUSTAINED_CHECK_LISTED_FOR}
    params.update({f"reason{i}": code for i, code in enumerate(CHECKED_CLOSURES)})
    live = LIVE.format(reasons=", ".join(f":reason{i}" for i in range(len(CHECKED_CLOSURES))))
    if closed_before is not None:
        params["closed_before"] = closed_before
        live = live.replace("c.closed_on >= :checks_from", "c.closed_on >= :checks_from AND c.closed_on < :closed_before")
    return live, params


def _scope_condition(reader: Reader, scope: Scope, params: dict) -> str:
    """The cases a scope names, as a condition on cases c. A worker's are those they hold a role
    on, or held one on until a closure still listed (their duties are then picked out by owner)."""
    if scope.ref:
        params["case_id"] = find_case(reader, scope.ref)["id"]
        return "c.id = :case_id"
    if scope.worker:
        params["worker"] = scope.worker.strip()
        # On the index of allocations by worker: joined to the workers instead, SQLite read every allocation.
        return ("c.id IN (SELECT a.case_id FROM allocation a WHERE a.worker_id IN (SELECT w.id FROM worker w WHERE lower(w.name) = lower(:worker))"
                " AND (a.end_on IS NULL OR (a.end_on >= :checks_from AND EXISTS (SELECT 1 FROM cases x WHERE x.id = a.case_id AND a.end_on >= x.closed_on))))")
    return "1 = 1"


def case_facts(reader: Reader, scope: Scope, today: date, diary: list[Booking] | None = None, *, until: date | None = None, closed_before: date | None = None) -> list[CaseFacts]:
    """Each case's facts: its row of derived facts (store/derived.py), then its open steps. Given a
    `diary` list, the scope's worker's bookings of no case are added to it, read in the same pass
    over the bookings ahead as the cases' own. With `until`, for a list of the items due by that
    day, the tasks and bookings that could make none are not read (domain/due.py listed_by_sql):
    a council's morning list read 21,000 of them past its fortnight. With `closed_before`, no closed
    case is read that closed on that day or later (its check falls due past `until`: domain/due.py
    checks_closed_before): the fortnight's list read 6,700 of them."""
    live, params = _live_params(today, closed_before)
    where = _scope_condition(reader, scope, params)
    day = rules.Memo(as_date).__getitem__  # a council's facts hold a few thousand distinct dates, read 250,000 times
    facts: dict[int, CaseFacts] = {}
    whole = scope.ref is None and scope.worker is None
    # Workers by id, looked up in Python: a council's 33,000 cases share a few hundred workers.
    workers = dict(reader.tuples("SELECT w.id, w.name FROM worker w" if whole else f"SELECT w.id, w.name FROM worker w WHERE w.id IN (SELECT d.worker_id FROM case_due d JOIN cases c ON c.id = d.case_id WHERE {where})", params))
    for case_id, ref, family, closed_on, closure_reason, opened_on, worker_id, checked, decided, baseline_on, midway_on, episode, stepped_up in reader.tuples(
        "SELECT c.id, c.ref, c.family, c.closed_on, c.closure_reason, d.opened_on, d.worker_id, d.outcome_checked, d.decided, d.baseline_on, d.midway_on, ep.kind,"
        # The open episode (one a case at most) and whether a step-up began it (read from its row, not a subquery a case).
        f" CASE WHEN {began_with_step_up_sql('ep', 'c')} THEN 1 ELSE 0 END"
        f" FROM case_due d JOIN cases c ON c.id = d.case_id LEFT JOIN episode ep ON ep.case_id = c.id AND ep.end_on IS NULL WHERE {where} AND {live} ORDER BY c.id",
        params,
    ):
        facts[case_id] = CaseFacts(case_id, ref, family, day(opened_on), workers.get(worker_id), day(closed_on), closure_reason, bool(checked), bool(decided), None, None, None, None,
                                   day(baseline_on), day(midway_on), None, None, None, None, None, episode or "statutory", bool(stepped_up))  # fmt: skip
    _holders(reader, facts, None if whole else list(facts))
    open_ids = [i for i, f in facts.items() if f.closed_on is None]
    if not open_ids:
        if diary is not None:
            diary += diary_bookings(reader, scope, today)
        return list(facts.values())
    # Later queries name the open cases found; for a whole council they read every open step and
    # keep those of the cases found, which is quicker than matching each against a list.
    params = {"today": today}
    if until is not None:
        params["until"] = until
    among = "" if whole or len(open_ids) > ID_LIST_LIMIT else f"AND {{case}} IN {id_list(open_ids, params)}"

    def each(sql: str, case_column: str) -> list[tuple]:
        """The rows, each case's id first: the whole council's come with those of cases not listed,
        which `listed` answers None for (a loop over the rows, not a generator: 100,000 of them)."""
        return reader.tuples(sql.replace("{among}", among.replace("{case}", case_column)), params)

    listed = facts.get
    for case_id, person_id, name, kind, start_on, seen, born_on, home_on, unborn in each(
        "SELECT p.case_id, p.person_id, pe.name, p.kind, p.start_on, s.seen_on, pe.dob, p.returned_home_on, CASE WHEN pe.due_on IS NULL THEN 0 ELSE 1 END FROM plan p JOIN person pe ON pe.id = p.person_id"
        f" LEFT JOIN plan_seen s ON s.plan_id = p.id WHERE p.end_on IS NULL AND {live_sql('plan', 'p')} {{among}}", "p.case_id"  # unsorted: the rules take min and max, and sort the items
    ):
        if (case := listed(case_id)) is not None:
            case.plans.append(made(ChildOnPlan, (person_id, name, kind, day(start_on), day(seen), day(born_on), day(home_on), bool(unborn))))
    # CROSS JOIN keeps SQLite reading the few open steps first: with none yet, and no statistics
    # on them, it chose to read every person and look for their enquiry.
    for case_id, person_id, name, start_on, kind in each("SELECT a.case_id, a.person_id, pe.name, a.start_on, a.kind FROM assessment a CROSS JOIN person pe WHERE pe.id = a.person_id AND a.completed_on IS NULL {among} ORDER BY a.start_on", "a.case_id"):
        if (case := listed(case_id)) is not None:
            case.assessments.append(OpenStep(person_id, name, day(start_on), kind))
    for case_id, person_id, name, start_on in each("SELECT s.case_id, s.person_id, pe.name, s.start_on FROM s47 s CROSS JOIN person pe WHERE pe.id = s.person_id AND s.icpc_on IS NULL AND s.icpc_not_required = 0 {among} ORDER BY s.start_on", "s.case_id"):
        if (case := listed(case_id)) is not None:
            case.enquiries.append(OpenStep(person_id, name, day(start_on)))
    for case_id, kind, held, last_on in each("SELECT r.case_id, r.kind, r.held, r.last_on FROM case_review r WHERE 1 = 1 {among}", "r.case_id"):
        if (case := listed(case_id)) is not None:
            case.meetings[kind] = (held, day(last_on))
    for case_id, task_id, text, due_on, recorder in each(f"SELECT t.case_id, t.id, t.text, t.due_on, t.worker FROM task t WHERE t.done_on IS NULL AND {live_sql('task', 't')}{' AND t.due_on <= :until' if until else ''} {{among}} ORDER BY t.case_id, t.due_on, t.id", "t.case_id"):
        if (case := listed(case_id)) is not None:
            case.tasks.append((task_id, text, day(due_on), recorder))
    # Only future dates are read. The ones called off come too, for the calendar feed to drop
    # (domain/booked_deadlines.py); and in the same pass, the worker's own of no case (a second
    # pass over the dates ahead doubled the time). A worker's or a case's are found by their
    # cases (SQLite: one index, both sides of the OR): a council's diary has 32,000 bookings
    # ahead, which the index on dates read for one worker's 100 (33 ms, now under 1).
    cases = among.replace("{case}", "v.case_id").removeprefix("AND ") or "v.case_id IS NOT NULL"
    worker = scope.diary_of if diary is not None else None
    if worker:
        params["diary_of"] = worker
        cases = f"({cases} OR (v.case_id IS NULL AND lower(v.worker) = lower(:diary_of)))"
    window = f" AND {rules.listed_by_sql('v')}" if until else ""
    for case_id, *booking in reader.tuples(
        f"SELECT v.case_id, {BOOKING_COLUMNS} FROM planned_visit v WHERE v.on_date >= :today"
        f" AND {listed_sql('v')} AND {cases}{window}", params
    ):  # fmt: skip
        if case_id is None and diary is not None:
            diary.append(_booking(booking, day))
        elif case_id in facts:
            facts[case_id].bookings.append(_booking(booking, day))
    for case_id, kind, next_on, booked_by in each(
        "SELECT m.case_id, m.kind, m.next_on, m.worker FROM meeting m WHERE m.next_on >= :today {among}"
        f" AND {live_sql('meeting', 'm')}"
        f" AND NOT EXISTS (SELECT 1 FROM meeting y WHERE y.case_id = m.case_id AND y.kind = m.kind AND y.on_date > m.on_date AND {live_sql('meeting', 'y')})", "+m.case_id"
    ):  # fmt: skip
        if (case := listed(case_id)) is None:
            continue
        on = day(next_on)
        if on < case.booked.get(kind, on) or kind not in case.booked:
            case.booked_by[kind] = booked_by
        case.booked[kind] = min(on, case.booked.get(kind, on))
    return list(facts.values())


BOOKING_COLUMNS = "v.id, v.booking_of, v.kind, v.on_date, v.at_time, v.worker, v.cancelled_on"


def _booking(row, day) -> Booking:
    booking_id, booking_of, kind, on_date, at_time, worker, cancelled_on = row
    return Booking(booking_id, booking_of, kind, day(on_date), at_time, worker, day(cancelled_on))


def diary_bookings(reader: Reader, scope: Scope, today: date) -> list[Booking]:
    """A worker's bookings of no case (supervision, training, a team meeting), today or later, open
    or called off: in their own list only. On the index of booking dates, as the case's are; read
    alone only when the scope holds no open case (else case_facts reads them with the cases')."""
    worker = scope.diary_of
    if worker is None:
        return []
    day = rules.Memo(as_date).__getitem__  # a council's facts hold a few thousand distinct dates, read 250,000 times
    rows = reader.tuples(
        f"SELECT {BOOKING_COLUMNS} FROM planned_visit v WHERE v.on_date >= :today AND v.case_id IS NULL AND lower(v.worker) = lower(:worker)"
        f" AND {listed_sql('v')} ORDER BY v.on_date, v.at_time, v.id", {"today": today, "worker": worker})  # fmt: skip
    return [_booking(row, day) for row in rows]


def _holders(reader: Reader, facts: dict[int, CaseFacts], case_ids: list[int] | None) -> None:
    """Each case's workers by role (domain/allocation.py holds_sql): who owns each duty. Only the
    cases with a role other than the key worker's are read: the rest are their one worker's. The
    open ones are found on the index of current allocations (a council's in about 1 ms, where a
    scan of every allocation took 13: benchmarks/due.py); the closed ones by their ids."""
    if not facts:
        return
    params: dict = {"key_worker": KEY_WORKER}
    among = "" if case_ids is None or len(case_ids) > ID_LIST_LIMIT else f" AND s.case_id IN {id_list(case_ids, params)}"
    shared = [f"SELECT s.case_id FROM allocation s WHERE s.end_on IS NULL AND s.role <> :key_worker{among}"]  # noqa: S608 - bound values
    closed = [i for i, f in facts.items() if f.closed_on is not None]
    if len(closed) > ID_LIST_LIMIT:  # a council's closures listed for their check: read them all
        shared.append("SELECT s.case_id FROM allocation s JOIN cases x ON x.id = s.case_id WHERE s.role <> :key_worker AND s.end_on >= x.closed_on")
    elif closed:
        ids = id_list(closed, chunk := {})
        params.update({f"closed_{k}": v for k, v in chunk.items()})
        shared.append("SELECT s.case_id FROM allocation s WHERE s.role <> :key_worker AND s.case_id IN " + ids.replace(":case", ":closed_case"))
    rows = reader.tuples(
        "SELECT a.case_id, a.role, w.name FROM allocation a JOIN cases c ON c.id = a.case_id JOIN worker w ON w.id = a.worker_id"
        f" WHERE a.case_id IN ({' UNION ALL '.join(shared)}) AND {holds_sql('a', 'c')} ORDER BY a.start_on, a.id", params)  # fmt: skip
    for case_id, role, name in rows:
        case = facts.get(case_id)
        if case is not None:
            case.holders[role] = name


DUE_COLUMNS = [
    Column("day", "Due", "code", in_machine=False),
    Column("due_on", "Due", "date", in_table=False),
    Column("state", "State"),
    Column("days_left", "Days left", "int", in_table=False),
    Column("what", "What"),
    Column("ref", "Case", "code"),
    Column("family", "Family"),
    Column("child", "Child"),
    Column("whose", "Whose", in_machine=False),
    Column("worker", "Worker", in_table=False),
    Column("role", "Role", "code", in_table=False),
    Column("rule", "Rule", "code", in_table=False),
    Column("basis", "Why"),
    Column("at_time", "Time", "code", in_table=False),
    Column("booking", "Booking", "code", in_table=False),
    Column("booked_on", "Booked for", "date", in_table=False),
]


def _rows(items: list[DueItem], today: date) -> list[dict]:
    out, previous = [], None
    append = out.append
    # A council's 50,000 rows fall on a few hundred days: each day's words are worked out once,
    # as each owner's name or 'no ... allocated'; each item is read as the tuple it is, at once.
    days = rules.Memo(lambda on: (f"{on:%a %d/%m}", rules.state_on(on, today), (on - today).days)).__getitem__
    whose = rules.Memo(lambda key: rules.whose_of(*key)).__getitem__
    for _, ref, family, worker, child, rule, what, due_on, basis, at_time, role, booking, booked_on, cancelled, _ in items:
        day, state, left = days(due_on)
        append({
            "day": "" if due_on == previous else day, "due_on": due_on, "state": "cancelled" if cancelled else state, "days_left": left,
            "what": what, "ref": ref or None, "family": family or None, "child": child, "whose": whose((worker, role)), "worker": worker, "role": role, "rule": rule, "basis": basis, "at_time": at_time, "booking": booking, "booked_on": booked_on,
        })  # fmt: skip
        previous = due_on
    return out


def owned_items(reader: Reader, scope: Scope, profile: Profile, calendar: WorkingCalendar, today: date, *, cancelled: bool = False, until: date | None = None) -> list[DueItem]:
    """The items of the cases in scope, and the worker's own bookings of no case; a worker's scope
    keeps only the duties they own and the meetings they booked. With `cancelled`, the bookings called off too (for the feed).
    With `until`, the cases' items due after that day are left out (the others are the caller's to filter)."""
    diary: list[Booking] = []
    closed_before = rules.checks_closed_before(until, profile, calendar) if until is not None else None
    facts = case_facts(reader, scope, today, diary, until=until, closed_before=closed_before)
    items = rules.due_items(facts, profile, calendar, today, until=until)
    extra = rules.booking_items(diary, today) + subject_access_items(reader, scope, profile)
    if cancelled:
        extra += rules.cancelled_items(facts, profile, today) + rules.booking_items(diary, today, cancelled=True)
    if len(extra) > 100:
        items = sorted(items + extra, key=rules.urgency)
    else:  # each put in its place among the items sorted already, after those as urgent (as sorting them all would)
        for item in extra:
            insort(items, item, key=rules.urgency)
    if scope.worker:
        me = scope.worker.strip().casefold()
        # My duties, and the meetings I booked for a colleague's duty (the ICPC I go to): both are in my diary.
        items = [i for i in items if any(n is not None and n.casefold() == me for n in (i.worker, i.booked_by))]
    return items


def subject_access_items(reader: Reader, scope: Scope, profile: Profile) -> list[DueItem]:
    """Subject access requests not yet answered, on the list of the officer who recorded them
    (domain/subject_access.py). A request whose case was erased keeps its dates alone."""
    from fscli.domain.subject_access import OpenRequest, due_item

    params: dict = {}
    where = "r.answered_on IS NULL AND r.voided_at IS NULL"
    if scope.ref:
        params["case_id"] = find_case(reader, scope.ref)["id"]
        where += " AND r.case_id = :case_id"
    elif scope.worker:
        params["worker"] = scope.worker.strip()
        where += " AND lower(r.recorded_by) = lower(:worker)"
    rows = reader.tuples(
        "SELECT r.id, r.received_on, r.due_on, r.extended_to, r.recorded_by, r.case_id, c.ref, c.family, pe.name FROM sar_request r"
        f" LEFT JOIN cases c ON c.id = r.case_id LEFT JOIN person pe ON pe.id = r.person_id WHERE {where} ORDER BY r.id", params)  # fmt: skip
    return [due_item(OpenRequest(i, as_date(got), as_date(due), as_date(ext), by, case_id, ref, family, person), profile) for i, got, due, ext, by, case_id, ref, family, person in rows]  # type: ignore[arg-type]


def due_report(reader: Reader, scope: Scope, profile: Profile, calendar: WorkingCalendar, today: date, *, within: int = 14, cancelled: bool = False) -> Report:
    """Overdue items whatever the window, then everything due within it, most urgent first; an
    open subject access request whatever its date (a month is longer than the window, and the law's
    clock runs from the day it came). With `cancelled` (the calendar feed), the bookings in the
    window that were called off too."""
    horizon = today + timedelta(days=within)
    items = owned_items(reader, scope, profile, calendar, today, cancelled=cancelled, until=horizon)
    # Most urgent first, so by day: those past the window are at the end, the overdue at the start.
    by_day = attrgetter("due_on")
    past = bisect_right(items, horizon, key=by_day)
    items = items[:past] + [i for i in items[past:] if i.rule in subject_access.RULES]
    overdue = bisect_left(items, today, key=by_day)
    note = f"{len(items)} item{'s' if len(items) != 1 else ''}, {overdue} overdue; due within {within} days of {today:%d/%m/%Y}. Working days skip weekends and England and Wales bank holidays."
    return Report(f"Due{scope.describe()}", DUE_COLUMNS, _rows(items, today), empty=f"Nothing due or overdue{scope.describe()} in the next {within} days.", note=note if items else None)


REVIEW_COLUMNS = [Column("due_on", "Due", "date"), Column("state", "State"), Column("days_left", "Days left", "int", in_table=False), Column("what", "Review"),
                  Column("ref", "Case", "code"), Column("family", "Family"), Column("whose", "Whose", in_machine=False), Column("worker", "Worker", in_table=False),
                  Column("role", "Role", "code", in_table=False), Column("rule", "Rule", "code", in_table=False), Column("basis", "Why")]  # fmt: skip


def reviews_report(reader: Reader, scope: Scope, profile: Profile, calendar: WorkingCalendar, today: date, *, within: int | None, overdue_only: bool) -> Report:
    items = [i for i in owned_items(reader, scope, profile, calendar, today) if i.rule in rules.REVIEW_RULES]
    if overdue_only:
        items = [i for i in items if i.due_on < today]
    elif within is not None:
        items = [i for i in items if i.due_on <= today + timedelta(days=within)]
    rows = [{"due_on": i.due_on, "state": i.state(today), "days_left": i.days_left(today), "what": i.what, "ref": i.ref, "family": i.family, "whose": i.whose, "worker": i.worker, "role": i.role, "rule": i.rule, "basis": i.basis} for i in items]
    title = "Overdue reviews" if overdue_only else "Reviews" + (f" due within {within} days" if within is not None else "")
    return Report(title + scope.describe(), REVIEW_COLUMNS, rows, empty="No reviews overdue." if overdue_only else "No reviews due: no case has an open CP, CIN, CLA or Early Help plan.")


CLOSURE_COLUMNS = [
    Column("ref", "Case", "code"), Column("family", "Family"), Column("whose", "Whose", in_machine=False), Column("worker", "Worker", in_table=False), Column("status", "Status"),
    Column("opened_on", "Work began", "date"), Column("weeks_open", "Weeks", "int"), Column("target_on", "Target closure", "date"), Column("limit_on", "16-week limit", "date", in_table=False),
    Column("closed_on", "Closed", "date"), Column("reason", "Reason", "code"), Column("reason_label", "Closure reason", in_table=False),
    Column("check_on", "6-month check", "date"), Column("flag", "Note"),
]  # fmt: skip


def closures_report(reader: Reader, scope: Scope, profile: Profile, calendar: WorkingCalendar, today: date, *, within: int | None, recent: int) -> Report:
    """Open time-limited work with its target closure, then cases closed in the last `recent` days."""
    from fscli.domain.codes import CLOSURE_REASON

    rows = []
    for case in case_facts(reader, scope, today):
        if not rules.is_family_support(case):
            continue
        target, limit = rules.target_closure(case, profile, calendar)
        if within is not None and target > today + timedelta(days=within):
            continue
        role = profile.owner("target-closure")
        owner = case.owner(role)
        if scope.worker and (owner or "").casefold() != scope.worker.strip().casefold():
            continue
        weeks = (today - case.opened_on).days // 7
        flag = f"open past {profile.interval(LIMIT)}" if past(LIMIT, case.opened_on, today, profile, calendar) else "past target" if past(TARGET, case.opened_on, today, profile, calendar) else ""
        rows.append({"ref": case.ref, "family": case.family, "worker": owner, "whose": owner or nobody(role), "status": "open", "opened_on": case.opened_on, "weeks_open": weeks, "target_on": target, "limit_on": limit, "flag": flag})
    rows.sort(key=lambda r: r["target_on"])
    params: dict = {"recent_from": today - timedelta(days=recent), "checks_from": today - timedelta(days=recent)}
    where = _scope_condition(reader, scope, params)
    closed = reader.rows(
        "SELECT c.id, c.ref, c.family, c.closed_on, c.closure_reason, d.opened_on, w.name AS worker,"
        " (SELECT min(o.sustained) FROM outcome_check o WHERE o.case_id = c.id AND o.on_date >= c.closed_on) AS sustained"
        " FROM cases c JOIN case_due d ON d.case_id = c.id LEFT JOIN worker w ON w.id = d.worker_id"
        f" WHERE c.status = 'closed' AND c.closed_on >= :recent_from AND {where} ORDER BY c.closed_on DESC, c.id",
        params,
    )
    held = {r["id"]: CaseFacts(r["id"], r["ref"], r["family"], as_date(r["opened_on"]), r["worker"]) for r in closed}
    _holders(reader, held, list(held))
    check_role = profile.owner("sustained-check")
    for r in closed:
        case = held[r["id"]]
        owner = case.owner(check_role)
        if scope.worker and scope.worker.strip().casefold() not in {n.casefold() for n in [owner or "", *case.holders.values(), case.worker or ""]}:
            continue  # a closed case of mine: I held a role on it when it closed
        closed_on = as_date(r["closed_on"])
        opened = as_date(r["opened_on"])
        checked = r["closure_reason"] in rules.SUSTAINED_CHECK_AFTER
        check_on = rules.sustained_check_on(closed_on, profile, calendar) if checked else None
        flag = f"check recorded: sustained {r['sustained']}" if r["sustained"] else "no check: not closed with outcomes met" if not checked else ""
        rows.append({"ref": r["ref"], "family": r["family"], "worker": owner, "whose": owner or nobody(check_role), "status": "closed", "opened_on": opened, "weeks_open": (closed_on - opened).days // 7,
                     "closed_on": closed_on, "reason": r["closure_reason"], "reason_label": CLOSURE_REASON.label(r["closure_reason"]), "check_on": check_on, "flag": flag})  # fmt: skip
    note = (f"Open cases in {WHOM}. Target closure {profile.interval(TARGET)} after the work began; flagged past {profile.interval(LIMIT)}"
            f" (the cases 'fscli summary --indicators' counts open past them). Closed in the last {recent} days below the open cases.")
    # The limit and the check are the profile's (closure-limit, sustained-check): a council that
    # sets 14 weeks reads "14-week limit" over the dates it worked out.
    named = {"limit_on": f"{profile.interval(LIMIT).before_noun()} limit", "check_on": f"{profile.interval('sustained-check').before_noun()} check"}
    columns = [replace(c, header=named.get(c.key, c.header)) for c in CLOSURE_COLUMNS]
    return Report("Closures" + scope.describe(), columns, rows, empty=f"No time-limited work open and nothing closed in the last {recent} days.", note=note)


PROFILE_COLUMNS = [Column("rule", "Rule", "code"), Column("what", "What"), Column("interval", "Timescale"), Column("after", "After", in_table=False),
                   Column("default", "Default", in_table=False), Column("set_by", "Set by"), Column("owner", "Whose", "code"), Column("owner_set_by", "Whose set by", in_table=False), Column("source", "Source"), Column("non_working_day", "Due on a day off", in_table=False)]  # fmt: skip


def profile_report(profile: Profile, added: tuple, removed: tuple) -> Report:
    rows = [{"rule": r.key, "what": r.what, "interval": str(r.interval), "after": r.after, "default": str(r.default), "set_by": r.set_by,
             "owner": r.owner, "owner_set_by": r.owner_set_by, "source": r.source, "non_working_day": r.on_non_working_day()} for r in profile.rules.values()]  # fmt: skip
    notes = ['"Within N working days after X": the first working day after X is day 1; weekends and England and Wales bank holidays are skipped.',
             "A calendar deadline on a weekend or bank holiday is brought forward to the working day before it; where a rule's source says otherwise (subject access: the ICO), to the next working day. A span a figure looks over (outcome-cohort, outcome-follow-up) is not a deadline and ends where it falls.",
             "Whose: the role whose duty it is on a case; when no one holds that role, the key worker's. Tasks and bookings are the duty of the worker who recorded them."]  # fmt: skip
    notes += [f"Bank holiday added: {d:%a %d/%m/%Y} ({source})." for d, source in added]
    notes += [f"Bank holiday removed: {d:%a %d/%m/%Y} ({source})." for d, source in removed]
    return Report("Practice profile: the timescales in force", PROFILE_COLUMNS, rows, note="\n".join(notes))
