"""What the documents people read are made of (`fscli case page`): the facts, gathered from the
reports that exist, as plain data for the one document renderer (render/document.py).

A document leaves the system (it is printed, handed to a family, put in a court bundle), so it is
processing under UK GDPR Art. 18 as an export is: a case restricted whole is refused, and a person
restricted is left out, with every goal for them and every record whose text names them
(domain/subject_access.names, as an export holds such records back: store/exporting.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from fscli.domain.frozen import frozen
from fscli.reports.lookups import find_case
from fscli.store.db import Reader, as_date


@frozen
class Point:
    on: date
    value: float | int


@frozen
class GoalScores:
    text: str  # in the family's own words
    for_person: str | None
    area: str | None
    low: int  # the goal's scale
    high: int
    family: tuple[Point, ...]  # the family's own scores, one a day
    worker: tuple[Point, ...]  # the worker's


@frozen
class AreaScores:
    area: str
    goals: int
    baseline: float | int  # the mean of the family's first scores of the area's goals
    now: float | int  # the mean of their latest


@frozen
class Helper:
    name: str
    role: str  # in plain words: 'family support worker', 'School or nursery'
    contact: str | None


@frozen
class Next:
    on: date
    what: str
    at_time: str | None


@dataclass
class PlanOnAPage:
    case_id: int
    family: str
    made_on: date
    people: list[str]  # the family: children first, then the adults
    goals: list[GoalScores]
    areas: list[AreaScores]
    helpers: list[Helper]
    next: list[Next]
    target_end: date | None
    closed_on: date | None
    left_out: list[str] = field(default_factory=list)  # why something is not in it, in words, for the worker


# What happens next, for a family: their bookings, the reviews of their plan, and when the work is meant to end.
TARGET_END = "target-closure"


def _held(reader: Reader, case: dict) -> list:
    """The people of the case under restriction of processing; a case restricted whole is refused."""
    from fscli.errors import RuleBroken
    from fscli.reports import processing

    held = processing.current(reader, case["id"])
    whole = next((h for h in held if h.person_id is None), None)
    if whole is not None:
        raise RuleBroken(f"case {case['ref']}: {whole.line()}, so no document is made of it", hint=f"a document is processing; lift the restriction first ({whole.lift_command()})")
    return [h for h in held if h.person_id is not None]


def _names_held(text: str | None, held: list) -> bool:
    from fscli.domain.subject_access import names

    return any(names(text, h.person) for h in held if h.person)


def _goal_scores(reader: Reader, case_id: int, held: list, *, open_only: bool) -> tuple[list[GoalScores], list[AreaScores]]:
    """The case's goals with their dated scores, and the family's scores by area, leaving out the
    goals of a person under restriction of processing and those naming one."""
    from fscli.reports import goals as goal_rows

    held_ids = {h.person_id for h in held}
    goals = [g for g in goal_rows._goals(reader, "g.case_id = :case_id", {"case_id": case_id})
             if (g["status"] == "open" or not open_only) and g["person_id"] not in held_ids and not _names_held(g["text"], held)]  # fmt: skip
    scores = [GoalScores(g["text"], g["for_person"], g["area"], g["scale_min"], g["scale_max"],
                         tuple(Point(d, v) for d, v in g["family_points"]), tuple(Point(d, v) for d, v in g["worker_points"])) for g in goals]  # fmt: skip
    return scores, [AreaScores(a["area"], a["goals"], a["baseline"], a["latest"]) for a in goal_rows._areas(goals)]


def plan_on_a_page(reader: Reader, ref: str, today: date, practice) -> PlanOnAPage:
    """The family's plan on a page: their goals and scores, who is helping, what happens next."""
    from fscli.domain import codes
    from fscli.domain.allocation import ROLE_LABELS, ROLES, holds_sql
    from fscli.domain.due import REVIEW_RULES
    from fscli.domain.family_words import next_step
    from fscli.reports.due import Scope, owned_items

    case = find_case(reader, ref)
    cid = case["id"]
    held = _held(reader, case)
    held_ids = {h.person_id for h in held}
    left_out = [f"{h.person} is left out: {h.line()}" for h in held]

    people = [r["name"] for r in reader.rows(
        "SELECT id, name FROM person WHERE case_id = :case_id AND died_on IS NULL"
        " ORDER BY CASE role WHEN 'child' THEN 0 WHEN 'parent' THEN 1 WHEN 'carer' THEN 2 ELSE 3 END, dob, name", {"case_id": cid}) if r["id"] not in held_ids]  # fmt: skip

    scores, areas = _goal_scores(reader, cid, held, open_only=True)

    workers = reader.rows(
        f"SELECT w.name, a.role FROM allocation a JOIN worker w ON w.id = a.worker_id JOIN cases c ON c.id = a.case_id WHERE a.case_id = :case_id AND {holds_sql('a', 'c')}",
        {"case_id": cid})  # fmt: skip
    order = {role: i for i, role in enumerate(ROLES)}
    helpers = [Helper(w["name"], ROLE_LABELS[w["role"]], None) for w in sorted(workers, key=lambda w: order.get(w["role"], len(order)))]
    helpers += [Helper(a["name"], codes.AGENCY_KIND.label(a["kind"]), a["contact"])
                for a in reader.rows("SELECT name, kind, contact FROM agency WHERE case_id = :case_id ORDER BY kind, name", {"case_id": cid})
                if not _names_held(a["contact"], held)]  # fmt: skip

    upcoming, target_end = [], None
    if practice is not None and case["status"] == "open":
        for item in owned_items(reader, Scope(ref=case["ref"]), practice.profile, practice.calendar, today):
            if item.rule == TARGET_END:
                target_end = item.due_on
            elif item.case_id == cid and item.due_on >= today and (item.rule in REVIEW_RULES or item.booking is not None):  # never a worker's own diary
                upcoming.append(Next(item.due_on, next_step(item.what, item.booking), item.at_time))
    return PlanOnAPage(cid, case["family"], today, people, scores, areas, helpers, upcoming, target_end, as_date(case["closed_on"]), left_out)


@dataclass
class Section:
    key: str  # the section's id in the HTML, and what a test finds it by
    heading: str
    report: object  # a Report (reports/spec.py)
    keys: tuple[str, ...] = ()  # the columns printed, in this order (empty: the table's own)
    new_page: bool = False  # starts a new printed page


@dataclass
class CaseSummary:
    """The case summary for a conference or a court/children's hearing report; with `handover`, the
    handover pack when the case is reallocated."""

    case_id: int
    ref: str
    family: str
    made_on: date
    handover: bool
    facts: list[tuple[str, object]]
    sections: list[Section]
    goals: list[GoalScores]
    areas: list[AreaScores]
    left_out: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"{'Handover' if self.handover else 'Case summary'}: {self.ref} {self.family}"


WITHHELD = "(left out: it names a person under restriction of processing)"


def _without(report, held: list):
    """The report with no row about, or naming, a person under restriction of processing."""
    from dataclasses import replace

    if not held:
        return report
    kept = [r for r in report.rows if not any(_names_held(v, held) for v in r.values() if isinstance(v, str))]
    return replace(report, rows=kept)


def case_summary(reader: Reader, ref: str, today: date, practice, *, handover: bool = False) -> CaseSummary:
    """The case on paper, from the views that exist: `case show`'s sections, the chronology in
    full (each event with its whole text), and for a handover the open tasks, what is due and how
    to reach everyone around the family."""
    from fscli.domain import codes
    from fscli.reports import contacts
    from fscli.reports.cases import case_show
    from fscli.reports.records import chronology

    case = find_case(reader, ref)
    held = _held(reader, case)
    page = case_show(reader, case["ref"], today, practice if handover else None)
    shown = dict(page.sections)
    facts = dict((column.key, value) for column, value in page.facts)
    need = facts.get("primary_need")
    lines = [
        ("Reference", case["ref"]), ("Family", case["family"]), ("Status", facts["status"]),
        ("Referred", facts["referred_on"]), ("Referred by", facts["referral_source_label"]),
        ("Reasons for involvement", facts["reason"]),
        ("Primary need", f"{need}: {codes.PRIMARY_NEED.label(need)}" if need else "not recorded"),
        ("Worker", facts.get("workers_now") or facts["worker"]), ("Weeks open", facts["weeks_open"]), ("Episode", facts["episode"]),
        ("Management oversight", facts.get("oversight")),
    ]  # fmt: skip
    if case["status"] == "closed":
        lines.append(("Closed", f"{facts['closed_on']:%d/%m/%Y}: {facts['closure_reason_label']}"))
    lines = [(label, WITHHELD if isinstance(value, str) and _names_held(value, held) else value) for label, value in lines]

    def cut(report):
        return _without(report, held)

    full = chronology(reader, case["ref"])
    sections = [
        Section("people", "The family and the children", cut(shown["people"]), ("name", "role", "age", "dob", "sex", "relationship")),
        Section("history", "Involvement: referrals, closures, reopenings", cut(shown["history"])),
        Section("chronology", "Chronology", cut(full), ("on_date", "at_time", "event", "child", "who", "summary"), new_page=True),
        Section("plans", "Plans and their history", cut(shown["plans"]), ("child", "plan", "start_on", "end_on", "weeks", "latest_category", "end_reason"), new_page=True),
        Section("journey", "Journey", cut(shown["journey"])),
        Section("last_seen", "When each child was last seen, and seen alone", cut(contacts.last_seen(reader, case["id"], case["ref"], today))),
        Section("agencies", "Agencies involved", cut(shown["agencies"]), ("name", "kind_label", "contact")),
        Section("workers", "Workers over time", shown["allocations"]),
    ]
    if handover:
        from fscli.reports.contacts import task_list
        from dataclasses import replace

        tasks = task_list(reader, today, worker=None, overdue=False, done=False)
        tasks = replace(tasks, title="Open tasks", rows=[r for r in tasks.rows if r["ref"] == case["ref"]], empty="No open tasks.")
        sections += [
            Section("tasks", "Open tasks", cut(tasks), ("id", "due_on", "text", "state", "worker"), new_page=True),
            Section("due", "What is due, and bookings (overdue, and the next 28 days)", cut(shown["due"]), ("due_on", "state", "what", "child", "whose", "basis", "at_time")) if "due" in shown else None,
            Section("details", "How to reach the family", cut(shown["details"])),
            Section("contacts", "Recent contacts", cut(shown["recent_contacts"])),
        ]
        sections = [s for s in sections if s is not None]
    scores, areas = _goal_scores(reader, case["id"], held, open_only=False)
    return CaseSummary(case["id"], case["ref"], case["family"], today, handover, lines, sections, scores, areas, [f"{h.person} is left out: {h.line()}" for h in held])
