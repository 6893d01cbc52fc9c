"""The children, families or events behind each indicator: `fscli summary --indicators --list NAME`.

Each list is read with the indicator's own conditions (reports/indicators.py: the same SQL
fragments and domain rules), one row a member of its denominator, marked whether it is in the
numerator; tests/reports/test_drilldown.py checks, for every figure, that the numerator's list is
as long as the numerator and the whole list as long as the denominator. `members()` returns plain
rows, so a document (the manager's dashboard) can show the same list as the terminal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date, timedelta
from functools import cache

from fscli.domain import indicators as rules
from fscli.domain import processing
from fscli.domain.contacts import face_to_face_sql
from fscli.domain.due import first_cp_review
from fscli.domain.episode_kinds import began_with_step_up_sql
from fscli.domain.indicators import ChildWork
from fscli.domain.live_rows import live_sql
from fscli.domain.outcomes import FOLLOW_UP, follow_up_ends
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar
from fscli.errors import InvalidInput
from fscli.reports import indicators as figures
from fscli.reports.spec import Column, Report
from fscli.reports.summary import Period, _cases_in
from fscli.store.db import Reader, as_date

COLUMNS = [
    Column("ref", "Case", "code"),
    Column("family", "Family"),
    Column("child", "Child"),
    Column("on_date", "Date", "date"),
    Column("detail", "Why it counts"),
    Column("in_numerator", "In the figure", "code"),
]

# The figures that list, with what each row is. A closure reason's figure (closed-rc7...) lists
# the closures too: its name is closed- and the reason's code.
NAMES = (
    "kept-at-home", "families-improved", "open-past-12-weeks", "open-past-16-weeks", "median-weeks-open", "closed-REASON",
    "step-ups", "step-downs", "stepped-down-to-early-help", "stepped-up-from-early-help", "re-referrals",
    "workers-per-family", "three-or-more-workers", "assessments-in-time", "cp-reviews-in-time", "cp-visits-in-time", "cin-visits-in-time",
)  # fmt: skip

# What the date on each figure's rows is (its list's "Date" column says it): a figure whose rows
# have no date is not here. A closure reason's figure (closed-rc7...) is dated as the closures are.
DATED = {
    "kept-at-home": "Work began", "open-past-12-weeks": "Work began", "open-past-16-weeks": "Work began", "median-weeks-open": "Closed",
    "step-ups": "Stepped", "step-downs": "Stepped", "stepped-down-to-early-help": "Episode ended", "stepped-up-from-early-help": "Episode ended",
    "re-referrals": "Referred", "assessments-in-time": "Authorised", "cp-reviews-in-time": "Review due",
}  # fmt: skip


def date_of(name: str) -> str | None:
    """What the date on the rows of the figure `name` is ('Closed', 'Referred'), None: they have none."""
    return DATED.get(name) or ("Closed" if name.startswith("closed-") else None)


# The figures that are an average over their list rather than a count of it: a mean (workers per
# family: each family with its own number) and a median (weeks open: over every closure). Their
# list is the one they are taken over, their denominator's.
AVERAGES = ("workers-per-family", "median-weeks-open")


def _row(ref: str, family: str, counted: bool, *, child: str | None = None, on_date: date | None = None, detail: str = "") -> dict:
    return {"ref": ref, "family": family, "child": child, "on_date": on_date, "detail": detail, "in_numerator": "yes" if counted else "no"}


class _Reading:
    """What every list needs: the reader, the period's conditions and the profile."""

    def __init__(self, reader: Reader, period: Period, profile: Profile, calendar: WorkingCalendar, today: date) -> None:
        self.reader, self.period, self.profile, self.calendar, self.today = reader, period, profile, calendar, today
        self.where, self.params = _cases_in(period)
        self.by_work, _ = _cases_in(period, via_work_in_period=True)
        self.day = cache(as_date)


def _kept_at_home(r: _Reading) -> list[dict]:
    work: dict[int, list] = {}
    for person_id, ref, family, child, began, ended, open_plans in r.reader.tuples(
        "SELECT p.person_id, c.ref, c.family, pe.name, min(p.start_on), max(p.end_on), count(*) - count(p.end_on) FROM plan p JOIN cases c ON c.id = p.case_id JOIN person pe ON pe.id = p.person_id"
        f" WHERE {r.by_work} AND p.kind <> 'cla' AND {figures.OVERLAPS} AND {figures.COUNTED_CHILD} GROUP BY p.person_id, c.ref, c.family, pe.name",
        r.params,
    ):
        work[person_id] = [ref, family, child, r.day(began), None if open_plans else r.day(ended)]
    care: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    for person_id, start_on, end_on in r.reader.tuples(f"SELECT l.person_id, l.start_on, l.end_on FROM plan l WHERE l.kind = 'cla' AND {live_sql('plan', 'l')}", {}):
        if person_id in work:
            care[person_id].append((r.day(start_on), r.day(end_on)))
    follow_up = r.profile.interval(FOLLOW_UP)
    out = []
    for person_id, (ref, family, child, began, ended) in work.items():
        # Only care that had not ended by the time the work began bears on it (as the figure reads it).
        work_of = ChildWork.of(began, ended, [(s, e) for s, e in care[person_id] if e is None or e >= began])
        kept = rules.was_kept(work_of, r.today, follow_up, r.calendar)
        if kept is None:
            continue
        if not kept:
            why = f"looked after from {work_of.came_into_care_on:%d/%m/%Y}"
        elif ended is None:
            why = "not looked after so far (the work is still open)"
        elif (runs_to := follow_up_ends(ended, follow_up, r.calendar)) > r.today:
            why = f"not looked after during the work or within {follow_up} of its end so far (the follow-up runs to {runs_to:%d/%m/%Y})"
        else:
            why = f"not looked after during the work or within {follow_up} of its end"
        out.append(_row(ref, family, kept, child=child, on_date=began, detail=f"work began; {why}"))
    return out


def _families_improved(r: _Reading) -> list[dict]:
    from fscli.reports.goals import caseload_progress

    rows = caseload_progress(r.reader, r.period).rows
    return [_row(x["ref"], x["family"], x["verdict"] == "improved", detail=f"{x['verdict']}: {x['total_change']:+g} over {x['goals_rated']} {'goal' if x['goals_rated'] == 1 else 'goals'} rated") for x in rows if x["verdict"] != "single rating"]


def _open_past(r: _Reading, bound: str) -> list[dict]:
    sql, params = figures.open_time_limited(r.period, r.params, r.profile, r.calendar)
    out = []
    for _id, ref, family, began in r.reader.tuples(f"SELECT * FROM ({sql}) o ORDER BY o.began, o.ref", params):
        began = r.day(began)
        out.append(_row(ref, family, began < params[bound], on_date=began, detail=f"work in hand began; {(r.period.end - began).days // 7} weeks by {r.period.end:%d/%m/%Y}"))
    return out


def _closures(r: _Reading, reason: str | None) -> list[dict]:
    from fscli.domain.codes import CLOSURE_REASON

    out = []
    for ref, family, began, closed_on, code in r.reader.tuples(
        f"SELECT c.ref, c.family, {figures._began_by('e.on_date')}, e.on_date, e.reason_code"
        f" FROM case_event e JOIN cases c ON c.id = e.case_id {figures.OPENED} WHERE e.kind = 'closed' AND e.on_date BETWEEN :p_start AND :p_end" + figures._worker_clause(r.period) + " ORDER BY e.on_date, c.ref",
        r.params,
    ):
        weeks = (r.day(closed_on) - r.day(began)).days / 7
        out.append(_row(ref, family, reason is None or code == reason, on_date=r.day(closed_on), detail=f"closed {code} ({CLOSURE_REASON.label(code)}) after {weeks:.1f} weeks"))
    return out


def _children_on_plans(r: _Reading) -> dict[int, tuple[str, str, str]]:
    return {person_id: (ref, family, child) for person_id, ref, family, child in r.reader.tuples(
        f"SELECT DISTINCT p.person_id, c.ref, c.family, pe.name FROM plan p JOIN cases c ON c.id = p.case_id JOIN person pe ON pe.id = p.person_id WHERE {r.by_work} AND {figures.OVERLAPS} AND {figures.COUNTED_CHILD}",
        r.params,
    )}  # fmt: skip


def _steps(r: _Reading, way: str) -> tuple[list[dict], list[dict]]:
    """The steps (the figure is a count of steps: a row each), and the children on a plan in the
    period (its denominator, for scale), marked whether they stepped so."""
    from fscli.domain.codes import PLAN_TYPE

    level_from, level_to = (figures._level_sql(column) for column in ("m.from_kind", "m.to_kind"))
    compare = ">" if way == "up" else "<"
    steps, stepped = [], set()
    for person_id, ref, family, child, on_date, before, after in r.reader.tuples(
        f"SELECT p.person_id, c.ref, c.family, pe.name, m.on_date, m.from_kind, m.to_kind FROM plan_step m JOIN cases c ON c.id = m.case_id JOIN plan p ON p.id = m.plan_id JOIN person pe ON pe.id = p.person_id"
        f" WHERE {r.by_work} AND m.on_date BETWEEN :p_start AND :p_end AND {level_to} {compare} {level_from} AND {figures.COUNTED_CHILD} ORDER BY m.on_date, c.ref",
        r.params,
    ):
        stepped.add(person_id)
        steps.append(_row(ref, family, True, child=child, on_date=r.day(on_date), detail=f"stepped {way}: {PLAN_TYPE.label(before) or before} to {PLAN_TYPE.label(after) or after}"))
    children = [_row(ref, family, person_id in stepped, child=child, detail="on a plan in the period") for person_id, (ref, family, child) in _children_on_plans(r).items()]
    return steps, children


def _episode_steps(r: _Reading, kind: str) -> list[dict]:
    from fscli.domain.codes import CLOSURE_REASON
    from fscli.domain.episodes import STEP_DOWN_REASONS, STEP_UP_REASON

    steps = {f"step_{i}": reason for i, reason in enumerate((*STEP_DOWN_REASONS, STEP_UP_REASON))}
    out = []
    for ref, family, end_on, reason, stepped in r.reader.tuples(
        "SELECT c.ref, c.family, e.end_on, e.end_reason, CASE WHEN EXISTS (SELECT 1 FROM episode n WHERE n.case_id = e.case_id AND n.start_on = e.end_on AND n.kind <> e.kind)"
        f" AND e.end_reason IN ({', '.join(':' + name for name in steps)}) THEN 1 ELSE 0 END"
        f" FROM episode e JOIN cases c ON c.id = e.case_id WHERE {r.where} AND e.end_on BETWEEN :p_start AND :p_end AND e.kind = :kind ORDER BY e.end_on, c.ref",
        {**r.params, **steps, "kind": kind},
    ):
        said = f"{reason} ({CLOSURE_REASON.label(reason)})" if reason and CLOSURE_REASON.label(reason) else reason or ""
        out.append(_row(ref, family, bool(stepped), on_date=r.day(end_on), detail=f"{kind} episode ended {said}".strip()))
    return out


def _re_referrals(r: _Reading) -> list[dict]:
    clause = figures._worker_clause(r.period)
    out = []
    for ref, family, kind, day, last_closed in r.reader.tuples(
        "SELECT c.ref, c.family, e.kind, e.on_date, CASE WHEN e.kind = 'reopened' THEN (SELECT max(x.on_date) FROM case_event x WHERE x.case_id = e.case_id AND x.kind = 'closed' AND x.on_date <= e.on_date) END"
        " FROM case_event e JOIN cases c ON c.id = e.case_id WHERE e.on_date BETWEEN :p_start AND :p_end AND e.kind IN ('referred', 'reopened')" + clause + " ORDER BY e.on_date, c.ref",
        r.params,
    ):
        again = rules.is_re_referral(kind, r.day(day), r.day(last_closed))
        out.append(_row(ref, family, again, on_date=r.day(day), detail=kind + (f"; last closed {r.day(last_closed):%d/%m/%Y}" if last_closed else "")))
    for ref, family, day, ended in r.reader.tuples(
        "SELECT c.ref, c.family, e.start_on, (SELECT max(x.end_on) FROM episode x WHERE x.case_id = e.case_id AND x.kind = 'statutory' AND x.end_on <= e.start_on)"
        f" FROM episode e JOIN cases c ON c.id = e.case_id WHERE {began_with_step_up_sql('e', 'c')} AND e.start_on BETWEEN :p_start AND :p_end" + clause,
        r.params,
    ):
        again = rules.is_re_referral("stepped-up", r.day(day), r.day(ended))
        out.append(_row(ref, family, again, on_date=r.day(day), detail="stepped up from Early Help" + (f"; statutory work last ended {r.day(ended):%d/%m/%Y}" if ended else "")))
    return out


def _continuity(r: _Reading, least: int) -> list[dict]:
    return [
        _row(ref, family, workers >= least, detail=f"{workers} {'worker' if workers == 1 else 'workers'} in one role")
        for ref, family, workers in r.reader.tuples(
            "SELECT c.ref, c.family, coalesce(max(w.workers), 0) FROM cases c LEFT JOIN (SELECT a.case_id, a.role, count(DISTINCT a.worker_id) AS workers"
            f" FROM allocation a WHERE a.start_on <= :p_end GROUP BY a.case_id, a.role) w ON w.case_id = c.id WHERE {r.where} GROUP BY c.id, c.ref, c.family ORDER BY c.ref",
            r.params,
        )
    ]


def _assessments(r: _Reading) -> list[dict]:
    interval = r.profile.interval("assessment")
    out = []
    for ref, family, child, began, completed_on in r.reader.tuples(
        f"SELECT c.ref, c.family, pe.name, {figures._began_by('a.start_on')}, a.completed_on FROM assessment a JOIN cases c ON c.id = a.case_id LEFT JOIN person pe ON pe.id = a.person_id {figures.OPENED}"
        f" WHERE {r.by_work} AND a.kind = 'single' AND a.completed_on BETWEEN :p_start AND :p_end AND {processing.counted_person_sql('a.person_id')} ORDER BY a.completed_on, c.ref",
        r.params,
    ):
        due = interval.after(r.day(began), r.calendar)
        done = r.day(completed_on)
        out.append(_row(ref, family, done <= due, child=child, on_date=done, detail=f"authorised; due by {due:%d/%m/%Y}"))
    return out


def _cp_reviews(r: _Reading) -> list[dict]:
    first, after_birth = r.profile.interval("cp-review-first"), r.profile.interval("cp-review-after-birth")
    end = r.period.end + timedelta(days=1)
    window = {"s_from": first.first_start_due_from(r.period.start, r.calendar), "s_to": first.first_start_due_from(end, r.calendar) - timedelta(days=1),
              "b_from": after_birth.first_start_due_from(r.period.start, r.calendar), "b_to": after_birth.first_start_due_from(end, r.calendar) - timedelta(days=1)}  # fmt: skip
    plans: dict[int, tuple] = {}
    for due_by in ("p.start_on BETWEEN :s_from AND :s_to", "pe.dob BETWEEN :b_from AND :b_to AND pe.dob > p.start_on"):
        for row in r.reader.tuples(
            f"SELECT p.id, c.ref, c.family, pe.name, p.start_on, pe.dob, (SELECT min(m.on_date) FROM meeting m WHERE m.case_id = p.case_id AND m.kind = 'rcpc' AND m.on_date >= p.start_on AND {live_sql('meeting', 'm')})"
            f" FROM plan p JOIN person pe ON pe.id = p.person_id JOIN cases c ON c.id = p.case_id WHERE {r.by_work} AND p.kind = 'cp' AND {due_by} AND {live_sql('plan', 'p')} AND {figures.COUNTED_CHILD}",
            {**r.params, **window},
        ):
            plans[row[0]] = row
    out = []
    for _id, ref, family, child, start_on, dob, review in plans.values():
        _rule, deadline, _birth = first_cp_review(r.day(start_on), [r.day(dob)] if dob else [], r.profile, r.calendar)
        if r.period.start <= deadline <= r.period.end:
            held = bool(review) and r.day(review) <= deadline
            out.append(_row(ref, family, held, child=child, on_date=deadline, detail=f"first review due; held {r.day(review):%d/%m/%Y}" if review else "first review due; not held"))
    return out


def _visits(r: _Reading, kind: str) -> list[dict]:
    interval = r.profile.interval(f"{kind}-visit")
    threshold = interval.first_start_due_from(r.period.end, r.calendar)
    params = {**r.params, "t": threshold}
    seen = (f"EXISTS (SELECT 1 FROM contact k JOIN contact_party cp ON cp.contact_id = k.id WHERE k.case_id = p.case_id AND k.on_date BETWEEN :t AND :p_end"
            f" AND {face_to_face_sql('k.kind')} AND cp.person_id = p.person_id AND cp.seen = 1 AND {live_sql('contact', 'k')})")  # fmt: skip
    return [
        _row(ref, family, bool(was_seen), child=child, detail=f"on a {kind.upper()} plan on {r.period.end:%d/%m/%Y}; " + (f"seen face to face since {threshold:%d/%m/%Y}" if was_seen else f"not seen face to face since {threshold:%d/%m/%Y}"))
        for ref, family, child, was_seen in r.reader.tuples(
            f"SELECT c.ref, c.family, pe.name, CASE WHEN {seen} THEN 1 ELSE 0 END FROM plan p JOIN cases c ON c.id = p.case_id JOIN person pe ON pe.id = p.person_id"
            f" WHERE {r.by_work} AND p.kind = :kind AND p.start_on <= :t AND (p.end_on IS NULL OR p.end_on >= :p_end) AND {live_sql('plan', 'p')} AND {figures.COUNTED_CHILD} ORDER BY c.ref, pe.name",
            {**params, "kind": kind},
        )
    ]


LISTS = {
    "kept-at-home": _kept_at_home,
    "families-improved": _families_improved,
    "open-past-12-weeks": lambda r: _open_past(r, "w12"),
    "open-past-16-weeks": lambda r: _open_past(r, "w16"),
    "median-weeks-open": lambda r: _closures(r, None),
    "step-ups": lambda r: _steps(r, "up"),
    "step-downs": lambda r: _steps(r, "down"),
    "stepped-down-to-early-help": lambda r: _episode_steps(r, "statutory"),
    "stepped-up-from-early-help": lambda r: _episode_steps(r, "early-help"),
    "re-referrals": _re_referrals,
    "workers-per-family": lambda r: _continuity(r, 0),
    "three-or-more-workers": lambda r: _continuity(r, 3),
    "assessments-in-time": _assessments,
    "cp-reviews-in-time": _cp_reviews,
    "cp-visits-in-time": lambda r: _visits(r, "cp"),
    "cin-visits-in-time": lambda r: _visits(r, "cin"),
}


def members(reader: Reader, period: Period, profile: Profile, calendar: WorkingCalendar, today: date, name: str) -> tuple[list[dict], list[dict]]:
    """The rows behind the figure `name`: its numerator's, and its denominator's (each marked
    `in_numerator` yes or no). For a share, the first are the second's marked yes; for a count
    (step-ups), the events counted, and the children the count is among. A mean (workers per
    family) has only its denominator's: each family with its own number. A name that is no figure
    is refused, with the names that are."""
    from fscli.domain.codes import CLOSURE_REASON

    key = name.strip().lower()
    reading = _Reading(reader, period, profile, calendar, today)
    # A closure reason's figure is named by the reason as stored (the indicator's key is 'closed-'
    # and the stored code in lower case): a code of the set, or one an import brought that the set
    # does not know, which the indicators count and so must list.
    reasons = {c.code for c in CLOSURE_REASON.codes} | {code for (code,) in reader.tuples("SELECT DISTINCT e.reason_code FROM case_event e WHERE e.kind = 'closed' AND e.reason_code IS NOT NULL", {})} if key.startswith("closed-") else set()
    reason = next((code for code in sorted(reasons) if f"closed-{code.lower()}" == key), None)
    if reason is not None:
        found = _closures(reading, reason)
    elif key in LISTS:
        found = LISTS[key](reading)
    else:
        raise InvalidInput("--list", name, f"is not a figure fscli lists ({', '.join(NAMES)})", hint="REASON is a closure reason's code, e.g. closed-rc7")
    if isinstance(found, tuple):
        return found
    # A mean's list is every family it is taken over, each with its own number (docs/figures.md), as the median's is every closure.
    return ([r for r in found if r["in_numerator"] == "yes"]), found


def members_report(reader: Reader, period: Period, profile: Profile, calendar: WorkingCalendar, today: date, name: str, *, denominator: bool) -> Report:
    """The list behind a figure: its numerator's members, or with `denominator` every member, marked."""
    numerator, rows = members(reader, period, profile, calendar, today, name)
    counted = len(numerator)
    shown = rows if denominator else numerator
    key = name.strip().lower()
    dated = date_of(key)
    columns = [replace(c, header=dated) if c.key == "on_date" and dated else c for c in COLUMNS]  # the date each row has, by name (a share's list has one kind)
    what = "every one it counts from (its denominator), marked whether in the figure" if denominator else "those in the figure (its numerator)"
    note = f"{counted} in the figure, of {len(rows)}; {what}. 'fscli summary --indicators' gives its definition."
    if key in AVERAGES:
        note = f"The {len(rows)} the {'mean' if key == 'workers-per-family' else 'median'} is taken over, each with its own number. 'fscli summary --indicators' gives its definition."
    return Report(f"Behind '{key}' for {period.words()}", columns, shown, empty=f"No one in '{key}' for {period.words()}.", note=note)
