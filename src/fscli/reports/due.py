"""What is due, which reviews are coming, which cases should be closing: read from the records.

The facts come from a handful of set-based queries over the cases in scope (never one query per
case); the date rules run in Python over them (domain/due.py). That keeps one worker's morning
`fscli due` at a few milliseconds on a council-sized database (benchmarks/due.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from fscli.domain import due as rules
from fscli.domain.due import CaseFacts, ChildOnPlan, DueItem, OpenStep
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar
from fscli.errors import NotFound
from fscli.reports.spec import Column, Report
from fscli.store.db import Reader, as_date

CHECKED_CLOSURES = tuple(sorted(rules.SUSTAINED_CHECK_AFTER))


@dataclass(frozen=True)
class Scope:
    """Whose items: one case, one worker's current cases, or the whole caseload."""

    ref: str | None = None
    worker: str | None = None

    def describe(self) -> str:
        return f" for {self.ref}" if self.ref else f" for {self.worker}" if self.worker else ""


# Beyond this many cases a scope is named by its condition, not by a list of ids (SQLite binds
# at most 32,766 parameters; a worker holds a few dozen cases, a council tens of thousands).
ID_LIST_LIMIT = 5_000
LIVE = "(c.status = 'open' OR (c.closed_on >= :checks_from AND c.closure_reason IN ({reasons})))"


def _live_params(today: date) -> tuple[str, dict]:
    params: dict = {"checks_from": today - rules.SUSTAINED_CHECK_LISTED_FOR}
    params.update({f"reason{i}": code for i, code in enumerate(CHECKED_CLOSURES)})
    return LIVE.format(reasons=", ".join(f":reason{i}" for i in range(len(CHECKED_CLOSURES)))), params


def _candidate_ids(reader: Reader, scope: Scope, params: dict) -> list[int] | None:
    """The cases a scope names, found by index; None for the whole caseload."""
    if scope.ref:
        found = reader.one("SELECT id FROM cases WHERE upper(ref) = upper(:ref)", {"ref": scope.ref.strip()})
        if found is None:
            raise NotFound(f"case {scope.ref.strip()!r}: no such case", hint="see 'fscli case list --all' for the references")
        return [found["id"]]
    if scope.worker:
        # Cases the worker holds now, or held until they closed; narrowed to the latest holder later.
        found = reader.rows(
            "SELECT DISTINCT a.case_id FROM allocation a WHERE a.worker_id IN (SELECT w.id FROM worker w WHERE lower(w.name) = lower(:worker))"
            " AND (a.end_on IS NULL OR a.end_on >= :checks_from)",
            {"worker": scope.worker.strip(), "checks_from": params["checks_from"]},
        )
        return [r["case_id"] for r in found]
    return None


def _id_list(ids: list[int], params: dict) -> str:
    """'(:case0, :case1, ...)' with the ids bound as parameters."""
    params.update({f"case{i}": case_id for i, case_id in enumerate(ids)})
    return "(" + ", ".join(f":case{i}" for i in range(len(ids))) + ")"


def case_facts(reader: Reader, scope: Scope, today: date) -> list[CaseFacts]:
    live, params = _live_params(today)
    candidates = _candidate_ids(reader, scope, params)
    if candidates == []:
        return []
    where = live if candidates is None or len(candidates) > ID_LIST_LIMIT else f"c.id IN {_id_list(candidates, params)} AND {live}"
    facts: dict[int, CaseFacts] = {}
    for r in reader.rows(
        "SELECT c.id, c.ref, c.family, c.referred_on, c.closed_on, c.closure_reason, c.referral_nfa,"
        " (SELECT max(e.on_date) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'reopened') AS reopened_on,"
        " (SELECT w.name FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.case_id = c.id ORDER BY a.start_on DESC, a.id DESC LIMIT 1) AS worker,"
        " (SELECT count(*) FROM outcome_check o WHERE o.case_id = c.id AND o.on_date >= c.closed_on) AS checks"
        f" FROM cases c WHERE {where} ORDER BY c.id",
        params,
    ):
        if scope.worker and (r["worker"] or "").lower() != scope.worker.strip().lower():
            continue
        opened = max(as_date(r["referred_on"]), as_date(r["reopened_on"]) or date.min)
        facts[r["id"]] = CaseFacts(
            case_id=r["id"], ref=r["ref"], family=r["family"], opened_on=opened, worker=r["worker"],
            closed_on=as_date(r["closed_on"]), closure_reason=r["closure_reason"], outcome_checked=bool(r["checks"]),
            decided=bool(r["referral_nfa"]),
        )  # fmt: skip
    if not facts:
        return []
    # Later queries name the cases found, or (for a whole council) the same condition again.
    open_ids = [i for i, f in facts.items() if f.closed_on is None]
    if not open_ids:
        return list(facts.values())
    if len(open_ids) <= ID_LIST_LIMIT:
        params = {"today": today}
        ids = _id_list(open_ids, params)
    else:
        params = {"today": today}
        ids = "(SELECT c.id FROM cases c WHERE c.status = 'open')"

    def each(sql: str):
        for row in reader.rows(sql.replace("{ids}", ids), params):
            case = facts.get(row["case_id"])
            if case is not None:
                yield case, row

    for case, r in each("SELECT case_id, max(start_on) AS latest FROM plan WHERE case_id IN {ids} GROUP BY case_id UNION ALL SELECT case_id, max(start_on) FROM assessment WHERE case_id IN {ids} GROUP BY case_id UNION ALL SELECT case_id, max(start_on) FROM s47 WHERE case_id IN {ids} GROUP BY case_id"):
        if as_date(r["latest"]) >= case.opened_on:
            case.decided = True
    for case, r in each(
        # When each child on a statutory plan was last seen face to face since the plan began:
        # the family's contacts newest first (index on contact (case, date)), stopping at the
        # first one the child was seen at; never a scan of every contact. The unary + keeps
        # SQLite on the party's contact index (a child has many parties, a contact one or two).
        "SELECT p.case_id, p.person_id, pe.name, p.kind, p.start_on,"
        " CASE WHEN p.kind IN ('cp', 'cin', 'cla') THEN (SELECT k.on_date FROM contact k"
        "   WHERE k.case_id = p.case_id AND k.on_date >= p.start_on AND k.kind NOT IN ('phone', 'message', 'no-access', 'video')"
        "   AND EXISTS (SELECT 1 FROM contact_party cp WHERE cp.contact_id = k.id AND +cp.person_id = p.person_id AND cp.seen = 1)"
        "   AND NOT EXISTS (SELECT 1 FROM contact x WHERE x.corrects_id = k.id) ORDER BY k.on_date DESC LIMIT 1) END AS seen"
        " FROM plan p JOIN person pe ON pe.id = p.person_id WHERE p.end_on IS NULL AND p.case_id IN {ids} ORDER BY p.start_on, pe.name"
    ):
        case.plans.append(ChildOnPlan(r["person_id"], r["name"], r["kind"], as_date(r["start_on"]), as_date(r["seen"])))
    for case, r in each("SELECT a.case_id, a.person_id, pe.name, a.start_on FROM assessment a JOIN person pe ON pe.id = a.person_id WHERE a.completed_on IS NULL AND a.case_id IN {ids} ORDER BY a.start_on"):
        case.assessments.append(OpenStep(r["person_id"], r["name"], as_date(r["start_on"])))
    for case, r in each("SELECT s.case_id, s.person_id, pe.name, s.start_on FROM s47 s JOIN person pe ON pe.id = s.person_id WHERE s.icpc_on IS NULL AND s.icpc_not_required = 0 AND s.case_id IN {ids} ORDER BY s.start_on"):
        case.enquiries.append(OpenStep(r["person_id"], r["name"], as_date(r["start_on"])))
    for case, r in each(
        # Reviews held since the open plan they review began: core groups and RCPCs for CP,
        # CIN reviews for CIN, LAC reviews for CLA, TAF and Early Help reviews for Early Help.
        "SELECT m.case_id, m.kind, count(*) AS held, max(m.on_date) AS last FROM meeting m"
        " JOIN (SELECT case_id, kind, min(start_on) AS since FROM plan WHERE end_on IS NULL AND case_id IN {ids} GROUP BY case_id, kind) o"
        "   ON o.case_id = m.case_id AND m.on_date >= o.since"
        "   AND o.kind = CASE m.kind WHEN 'core-group' THEN 'cp' WHEN 'rcpc' THEN 'cp' WHEN 'cin-review' THEN 'cin' WHEN 'lac-review' THEN 'cla' ELSE 'early-help' END"
        " WHERE m.kind IN ('core-group', 'rcpc', 'cin-review', 'lac-review', 'taf', 'eh-review')"
        " AND NOT EXISTS (SELECT 1 FROM meeting x WHERE x.corrects_id = m.id) GROUP BY m.case_id, m.kind"
    ):
        case.meetings[r["kind"]] = (r["held"], as_date(r["last"]))
    for case, r in each(
        "SELECT g.case_id, min(CASE WHEN s.phase = 'baseline' THEN s.scored_on END) AS baseline, max(CASE WHEN s.phase = 'midway' THEN s.scored_on END) AS midway"
        " FROM goal g JOIN goal_score s ON s.goal_id = g.id WHERE g.status = 'open' AND g.case_id IN {ids} GROUP BY g.case_id"
    ):
        case.baseline_on, case.midway_on = as_date(r["baseline"]), as_date(r["midway"])
    for case, r in each("SELECT id, case_id, text, due_on FROM task WHERE done_on IS NULL AND case_id IN {ids} ORDER BY due_on, id"):
        case.tasks.append((r["id"], r["text"], as_date(r["due_on"])))
    for case, r in each("SELECT case_id, kind, on_date, at_time FROM planned_visit WHERE fulfilled_by IS NULL AND on_date >= :today AND case_id IN {ids}"):
        case.appointments.append((f"Planned {r['kind'].replace('-', ' ')}", as_date(r["on_date"]), r["at_time"]))
    booked = list(each(
        "SELECT m.case_id, m.kind, m.next_on FROM meeting m WHERE m.next_on >= :today AND m.case_id IN {ids}"
        " AND NOT EXISTS (SELECT 1 FROM meeting x WHERE x.corrects_id = m.id)"
        " AND NOT EXISTS (SELECT 1 FROM meeting y WHERE y.case_id = m.case_id AND y.kind = m.kind AND y.on_date > m.on_date)"
    ))
    if booked:
        from fscli.domain.codes import MEETING_TYPE  # 5 ms of code sets, wanted only when meetings are booked

        for case, r in booked:
            label = MEETING_TYPE.label(r["kind"])
            case.appointments.append((f"Next {label[:1].lower()}{label[1:]} (booked)", as_date(r["next_on"]), None))
    return list(facts.values())


DUE_COLUMNS = [
    Column("day", "Due", "code", in_machine=False),
    Column("due_on", "Due", "date", in_table=False),
    Column("state", "State"),
    Column("days_left", "Days left", "int", in_table=False),
    Column("what", "What"),
    Column("ref", "Case", "code"),
    Column("family", "Family"),
    Column("child", "Child"),
    Column("worker", "Worker"),
    Column("rule", "Rule", "code", in_table=False),
    Column("basis", "Why"),
    Column("at_time", "Time", "code", in_table=False),
]


def _rows(items: list[DueItem], today: date) -> list[dict]:
    out, previous = [], None
    for i in items:
        out.append({
            "day": "" if i.due_on == previous else f"{i.due_on:%a %d/%m}", "due_on": i.due_on, "state": i.state(today), "days_left": i.days_left(today),
            "what": i.what, "ref": i.ref, "family": i.family, "child": i.child, "worker": i.worker, "rule": i.rule, "basis": i.basis, "at_time": i.at_time,
        })  # fmt: skip
        previous = i.due_on
    return out


def due_report(reader: Reader, scope: Scope, profile: Profile, calendar: WorkingCalendar, today: date, *, within: int = 14) -> Report:
    """Overdue items whatever the window, then everything due within it, most urgent first."""
    horizon = today + timedelta(days=within)
    items = [i for i in rules.due_items(case_facts(reader, scope, today), profile, calendar, today) if i.due_on <= horizon]
    overdue = sum(1 for i in items if i.due_on < today)
    note = f"{len(items)} item{'s' if len(items) != 1 else ''}, {overdue} overdue; due within {within} days of {today:%d/%m/%Y}. Working days skip weekends and England and Wales bank holidays."
    return Report(f"Due{scope.describe()}", DUE_COLUMNS, _rows(items, today), empty=f"Nothing due or overdue{scope.describe()} in the next {within} days.", note=note if items else None)


REVIEW_COLUMNS = [Column("due_on", "Due", "date"), Column("state", "State"), Column("days_left", "Days left", "int", in_table=False), Column("what", "Review"),
                  Column("ref", "Case", "code"), Column("family", "Family"), Column("worker", "Worker"), Column("rule", "Rule", "code", in_table=False), Column("basis", "Why")]  # fmt: skip


def reviews_report(reader: Reader, scope: Scope, profile: Profile, calendar: WorkingCalendar, today: date, *, within: int | None, overdue_only: bool) -> Report:
    items = [i for i in rules.due_items(case_facts(reader, scope, today), profile, calendar, today) if i.rule in rules.REVIEW_RULES]
    if overdue_only:
        items = [i for i in items if i.due_on < today]
    elif within is not None:
        items = [i for i in items if i.due_on <= today + timedelta(days=within)]
    rows = [{"due_on": i.due_on, "state": i.state(today), "days_left": i.days_left(today), "what": i.what, "ref": i.ref, "family": i.family, "worker": i.worker, "rule": i.rule, "basis": i.basis} for i in items]
    title = "Overdue reviews" if overdue_only else "Reviews" + (f" due within {within} days" if within is not None else "")
    return Report(title + scope.describe(), REVIEW_COLUMNS, rows, empty="No reviews overdue." if overdue_only else "No reviews due: no case has an open CP, CIN, CLA or Early Help plan.")


CLOSURE_COLUMNS = [
    Column("ref", "Case", "code"), Column("family", "Family"), Column("worker", "Worker"), Column("status", "Status"),
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
        weeks = (today - case.opened_on).days // 7
        flag = f"open past {profile.interval('closure-limit')}" if today > limit else "past target" if today > target else ""
        rows.append({"ref": case.ref, "family": case.family, "worker": case.worker, "status": "open", "opened_on": case.opened_on, "weeks_open": weeks, "target_on": target, "limit_on": limit, "flag": flag})
    rows.sort(key=lambda r: r["target_on"])
    params: dict = {}
    if scope.ref:
        params["case_id"] = _candidate_ids(reader, scope, {})[0]  # type: ignore[index]
    closed = reader.rows(
        "SELECT c.id, c.ref, c.family, c.closed_on, c.closure_reason, c.referred_on,"
        " (SELECT max(e.on_date) FROM case_event e WHERE e.case_id = c.id AND e.kind = 'reopened') AS reopened_on,"
        " (SELECT w.name FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.case_id = c.id ORDER BY a.start_on DESC, a.id DESC LIMIT 1) AS worker,"
        " (SELECT min(o.sustained) FROM outcome_check o WHERE o.case_id = c.id AND o.on_date >= c.closed_on) AS sustained"
        " FROM cases c WHERE c.status = 'closed' AND c.closed_on >= :recent_from" + (" AND c.id = :case_id" if "case_id" in params else "") + " ORDER BY c.closed_on DESC, c.id",
        {"recent_from": today - timedelta(days=recent), **({"case_id": params["case_id"]} if "case_id" in params else {})},
    )
    for r in closed:
        if scope.worker and (r["worker"] or "").lower() != scope.worker.strip().lower():
            continue
        closed_on = as_date(r["closed_on"])
        opened = max(as_date(r["referred_on"]), as_date(r["reopened_on"]) or date.min)
        checked = r["closure_reason"] in rules.SUSTAINED_CHECK_AFTER
        check_on = rules.sustained_check_on(closed_on, profile, calendar) if checked else None
        flag = f"check recorded: sustained {r['sustained']}" if r["sustained"] else "no check: not closed with outcomes met" if not checked else ""
        rows.append({"ref": r["ref"], "family": r["family"], "worker": r["worker"], "status": "closed", "opened_on": opened, "weeks_open": (closed_on - opened).days // 7,
                     "closed_on": closed_on, "reason": r["closure_reason"], "reason_label": CLOSURE_REASON.label(r["closure_reason"]), "check_on": check_on, "flag": flag})  # fmt: skip
    note = f"Target closure {profile.interval('target-closure')} after the work began; flagged past {profile.interval('closure-limit')}. Closed in the last {recent} days below the open cases."
    return Report("Closures" + scope.describe(), CLOSURE_COLUMNS, rows, empty=f"No time-limited work open and nothing closed in the last {recent} days.", note=note)


PROFILE_COLUMNS = [Column("rule", "Rule", "code"), Column("what", "What"), Column("interval", "Timescale"), Column("after", "After", in_table=False),
                   Column("default", "Default", in_table=False), Column("set_by", "Set by"), Column("source", "Source")]  # fmt: skip


def profile_report(profile: Profile, added: tuple, removed: tuple) -> Report:
    rows = [{"rule": r.key, "what": r.what, "interval": str(r.interval), "after": r.after, "default": str(r.default), "set_by": r.set_by, "source": r.source} for r in profile.rules.values()]
    notes = ['"Within N working days after X": the first working day after X is day 1; weekends and England and Wales bank holidays are skipped.',
             "A calendar deadline on a weekend or bank holiday is brought forward to the working day before it."]  # fmt: skip
    notes += [f"Bank holiday added: {d:%a %d/%m/%Y} ({source})." for d, source in added]
    notes += [f"Bank holiday removed: {d:%a %d/%m/%Y} ({source})." for d, source in removed]
    return Report("Practice profile: the timescales in force", PROFILE_COLUMNS, rows, note="\n".join(notes))
