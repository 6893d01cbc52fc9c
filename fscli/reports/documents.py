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
    family: tuple[Point, ...]  # the family's own scores, one a day (the mean of the day's, when several of them scored)
    worker: tuple[Point, ...]  # the worker's
    family_by: tuple[tuple[str, tuple[Point, ...]], ...] = ()  # each family member's own scores, by the name the page calls them

    def scored_together(self) -> list[tuple[date, list[tuple[str, float | int]]]]:
        """The days more than one of the family scored this goal, each with who gave what: the
        days a single figure for the family (the star's) is their average."""
        days: dict[date, list[tuple[str, float | int]]] = {}
        for name, points in self.family_by:
            for p in points:
                days.setdefault(p.on, []).append((name, p.value))
        return [(day, said) for day, said in sorted(days.items()) if len(said) > 1]


def _mean(values: list[float | int]) -> float | int:
    """The mean as a goal's day of several family scores is worked out (reports/goals.py dated)."""
    from fscli.reports.goals import _number

    return _number(sum(values) / len(values))


@frozen
class AreaScores:
    area: str
    goals: int
    baseline: float | int  # the mean of the family's first scores of the area's goals
    now: float | int  # the mean of their latest


@frozen
class Helper:
    name: str
    role: str  # in the family's words (domain/family_words.py): 'your key worker; leads the help for your family', 'School or nursery'
    contact: str | None
    worker: bool = False  # one of the family's own workers


@frozen
class Next:
    on: date
    what: str
    at_time: str | None
    where: str | None = None  # the place, from the family's side: 'at your home', 'Citizens Advice Northgate'


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
    out_of_hours: str | None = None  # who to call when the team is closed (the profile's [contact])

    def scored_together(self) -> list[tuple[str, date, list[tuple[str, float | int]], float | int]]:
        """(goal, day, who gave what, their average) for each day more than one of the family
        scored a goal: the star's single figure for the family is that average, and the page says so."""
        return [(g.text, day, said, _mean([v for _, v in said])) for g in self.goals for day, said in g.scored_together()]

    @property
    def after_target_end(self) -> list[Next]:
        """What is booked after the day the work is meant to end: the page says so, not the target alone."""
        return [n for n in self.next if self.target_end and n.on > self.target_end]


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


def _goal_scores(reader: Reader, case_id: int, held: list, *, open_only: bool, names: dict[str, str] | None = None) -> tuple[list[GoalScores], list[AreaScores]]:
    """The case's goals with their dated scores, and the family's scores by area, leaving out the
    goals of a person under restriction of processing and those naming one."""
    from fscli.reports import goals as goal_rows

    held_ids = {h.person_id for h in held}
    goals = [g for g in goal_rows._goals(reader, "g.case_id = :case_id", {"case_id": case_id})
             if (g["status"] == "open" or not open_only) and g["person_id"] not in held_ids and not _names_held(g["text"], held)]  # fmt: skip
    for g in goals:
        if held and any(_names_held(who, held) for who, _ in g["family_by"]):
            _without_raters(g, held)
    scores = [GoalScores(g["text"], g["for_person"], g["area"], g["scale_min"], g["scale_max"],
                         tuple(Point(d, v) for d, v in g["family_points"]), tuple(Point(d, v) for d, v in g["worker_points"]),
                         tuple(((names or {}).get(who, who), tuple(Point(d, v) for d, v in points)) for who, points in g["family_by"] if not _names_held(who, held))) for g in goals]  # fmt: skip
    return scores, [AreaScores(a["area"], a["goals"], a["baseline"], a["latest"]) for a in goal_rows._areas(goals)]


def _without_raters(goal: dict, held: list) -> None:
    """A goal's family scores made again without those of a person under restriction of processing:
    their scores count in no figure of the document, the day's mean and the star's included."""
    from fscli.reports.goals import dated

    goal["family_by"] = [(who, points) for who, points in goal["family_by"] if not _names_held(who, held)]
    kept = [{"rater_kind": "family", "scored_on": day, "value": value} for _, points in goal["family_by"] for day, value in points]
    goal["family_points"] = dated(kept, "family")  # the day's mean, as reports/goals.py works it out
    goal["family_series"] = [v for _, v in goal["family_points"]]
    goal["family_first"], goal["family_latest"] = (goal["family_series"][0], goal["family_series"][-1]) if goal["family_series"] else (None, None)


BOOKED = "booked"  # the rule of every booked item on the due list: a booking, or the next meeting named at the last one


def _helpers(reader: Reader, case_id: int, held: list, through_team: str | None = None) -> list[Helper]:
    """Who is helping, one row a person: the workers now, each with every role they hold in the
    family's words, then the agencies. A worker is reached through the team (`through_team`, from
    the profile's [contact]: domain/team_contact.py): fscli keeps no worker's own number."""
    from fscli.domain import codes, family_words
    from fscli.domain.allocation import ROLES, holds_sql

    order = {role: i for i, role in enumerate(ROLES)}
    held_roles: dict[str, list[str]] = {}
    for w in sorted(reader.rows(
            f"SELECT w.name, a.role FROM allocation a JOIN worker w ON w.id = a.worker_id JOIN cases c ON c.id = a.case_id WHERE a.case_id = :case_id AND {holds_sql('a', 'c')}",
            {"case_id": case_id}), key=lambda w: order.get(w["role"], len(order))):  # fmt: skip
        held_roles.setdefault(w["name"], []).append(w["role"])
    helpers = [Helper(name, family_words.roles(roles), through_team, worker=True) for name, roles in held_roles.items()]
    helpers += [Helper(a["name"], family_words.agency(a["kind"], codes.AGENCY_KIND.label(a["kind"])), a["contact"])
                for a in reader.rows("SELECT name, kind, contact FROM agency WHERE case_id = :case_id ORDER BY kind, name", {"case_id": case_id})
                if not _names_held(a["contact"], held)]  # fmt: skip
    return helpers


def _booked_places(reader: Reader, case_id: int) -> dict[str, tuple[str, str, str | None]]:
    """The case's bookings ahead by name ('B9'): (visit or meeting, kind, place). A booking's note
    is the worker's ('what it is for, what to bring'), never marked as written for the family, so
    the family's page leaves it out."""
    from fscli.domain.bookings import name

    return {name(r["id"]): (r["booking_of"], r["kind"], r["location"]) for r in reader.rows(
        "SELECT id, booking_of, kind, location FROM planned_visit WHERE case_id = :case_id AND voided_at IS NULL", {"case_id": case_id})}  # fmt: skip


def _next(item, places: dict) -> Next:
    """A due item as the family's plan lists it: in their words, with where it is."""
    from fscli.domain import codes, family_words
    from fscli.domain.due import REVIEW_RULES, next_meeting_what

    if item.booking in places:
        of, kind, place = places[item.booking]
        if of == "meeting":
            return Next(item.due_on, family_words.meeting(kind, family_words.next_step(item.what, item.booking)), item.at_time, family_words.where(place, visit=False))
        return Next(item.due_on, family_words.next_step(item.what, item.booking), item.at_time, family_words.where(place, visit=True))
    if item.rule in REVIEW_RULES:
        return Next(item.due_on, family_words.review(item.rule, item.what), item.at_time)
    kind = next((c.code for c in codes.MEETING_TYPE.codes if next_meeting_what(c.code, codes.MEETING_TYPE) == item.what), None)
    return Next(item.due_on, family_words.meeting(kind, item.what) if kind else family_words.next_step(item.what, item.booking), item.at_time)


def plan_on_a_page(reader: Reader, ref: str, today: date, practice) -> PlanOnAPage:
    """The family's plan on a page: their goals and scores, who is helping, what happens next."""
    from fscli.domain import family_words
    from fscli.domain.team_contact import reach_the_team
    from fscli.domain.due import REVIEW_RULES
    from fscli.reports.due import Scope, owned_items

    case = find_case(reader, ref)
    cid = case["id"]
    held = _held(reader, case)
    held_ids = {h.person_id for h in held}
    left_out = [f"{h.person} is left out: {h.line()}" for h in held]

    people = [r["name"] for r in reader.rows(
        "SELECT id, name FROM person WHERE case_id = :case_id AND died_on IS NULL"
        " ORDER BY CASE role WHEN 'child' THEN 0 WHEN 'parent' THEN 1 WHEN 'carer' THEN 2 ELSE 3 END, dob, name", {"case_id": cid}) if r["id"] not in held_ids]  # fmt: skip

    scores, areas = _goal_scores(reader, cid, held, open_only=True, names=family_words.first_names(people))
    contact = dict(practice.contact) if practice is not None else {}
    helpers = _helpers(reader, cid, held, reach_the_team(contact))

    upcoming, target_end = [], None
    if practice is not None and case["status"] == "open":
        places = _booked_places(reader, cid)
        for item in owned_items(reader, Scope(ref=case["ref"]), practice.profile, practice.calendar, today):
            if item.rule == TARGET_END:
                target_end = item.due_on
            elif item.case_id == cid and item.due_on >= today and (item.rule in REVIEW_RULES or item.rule == BOOKED):  # every booked item due lists; never a worker's own diary
                upcoming.append(_next(item, places))
    return PlanOnAPage(cid, case["family"], today, people, scores, areas, helpers, upcoming, target_end, as_date(case["closed_on"]), left_out, contact.get("out_of_hours"))


@dataclass
class Section:
    key: str  # the section's id in the HTML, and what a test finds it by
    heading: str
    report: object  # a Report (reports/spec.py)
    keys: tuple[str, ...] = ()  # the columns printed, in this order (empty: the table's own)
    new_page: bool = False  # starts a new printed page
    empty: str = "None recorded."  # what the page says of no rows: plain words, never the terminal's hint of a command
    note: str | None = None  # a note about the records; never the report's own, which is the terminal's (what its table cut)


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
    from dataclasses import replace

    from fscli.domain import codes
    from fscli.reports import contacts
    from fscli.reports.cases import case_show, history_rows
    from fscli.reports.journey import timeline
    from fscli.reports.records import chronology

    case = find_case(reader, ref)
    held = _held(reader, case)
    page = case_show(reader, case["ref"], today, practice if handover else None)
    shown = dict(page.sections)
    facts = dict((column.key, value) for column, value in page.facts)
    need = facts.get("primary_need")
    held_by = shown["allocations"].rows
    lines = [
        ("Reference", case["ref"]), ("Family", case["family"]), ("Status", facts["status"]),
        ("Referred", facts["referred_on"]), ("Referred by", facts["referral_source_label"]),
        ("Reasons for involvement", facts["reason"]),
        ("Primary need", codes.PRIMARY_NEED.said(need, words=True) if need else "not recorded"),
        ("Worker", facts.get("workers_now") or facts["worker"] or _last_worker(held_by)), ("Weeks open", facts["weeks_open"]), ("Episode", facts["episode"]),
        ("Management oversight", facts.get("oversight")),
    ]  # fmt: skip
    if case["status"] == "closed":
        lines.append(("Closed", f"{facts['closed_on']:%d/%m/%Y}: {facts['closure_reason_label']}"))
    lines = [(label, WITHHELD if isinstance(value, str) and _names_held(value, held) else value) for label, value in lines]

    def cut(report):
        return _without(report, held)

    full = chronology(reader, case["ref"], words=True)  # every event's whole text: nothing is cut, so the table's note of what it cut is not carried
    plans = shown["plans"]
    sections = [
        Section("people", "The family and the children", cut(shown["people"]), ("name", "role", "age", "dob", "sex", "relationship")),
        Section("history", "Involvement: referrals, closures, reopenings", cut(replace(shown["history"], rows=history_rows(reader, case["id"], words=True)))),
        Section("chronology", "Chronology", cut(full), ("on_date", "at_time", "event", "child", "who", "summary"), new_page=True),
        Section("plans", "Plans and their history", cut(_plans_in_words(plans)), ("child", "plan", "start_on", "end_on", "weeks", "end_reason"), new_page=True, note=plans.note),
        Section("journey", "Journey", cut(timeline(reader, case, words=True))),
        Section("last_seen", "When each child was last seen, and seen alone", cut(contacts.last_seen(reader, case["id"], case["ref"], today))),
        Section("agencies", "Agencies involved", cut(shown["agencies"]), ("name", "kind_label", "contact")),
        Section("workers", "Workers over time", shown["allocations"], ("worker", "role", "start_on", "end_on", "change")),
    ]
    if handover:
        from fscli.reports.contacts import task_list

        tasks = task_list(reader, today, worker=None, overdue=False, done=False)
        tasks = replace(tasks, title="Open tasks", rows=[r for r in tasks.rows if r["ref"] == case["ref"]])
        sections += [
            Section("tasks", "Open tasks", cut(tasks), ("id", "due_on", "text", "state", "worker"), new_page=True, empty="No open tasks."),
            Section("due", "What is due, and bookings (overdue, and the next 28 days)", cut(shown["due"]), ("due_on", "state", "what", "child", "whose", "basis", "at_time"), empty=shown["due"].empty) if "due" in shown else None,
            Section("details", "How to reach the family", cut(shown["details"])),
            Section("contacts", "Recent contacts", cut(_labelled(shown["recent_contacts"], "kind", codes.CONTACT_TYPE)), ("on_date", "kind", "workers", "seen", "seen_alone", "note")),
        ]
        sections = [s for s in sections if s is not None]
    scores, areas = _goal_scores(reader, case["id"], held, open_only=False)
    return CaseSummary(case["id"], case["ref"], case["family"], today, handover, lines, sections, scores, areas, [f"{h.person} is left out: {h.line()}" for h in held])


def _last_worker(allocations: list[dict]) -> str:
    """Who held a case no one holds now (a closed case): the last worker, until when."""
    ended = [a for a in allocations if a["end_on"] is not None]
    if not ended:
        return "none recorded"
    last = max(ended, key=lambda a: a["end_on"])
    return f"{last['worker']} (until {last['end_on']:%d/%m/%Y})"


def _plans_in_words(plans):
    """The plans as a reader who knows no codes says them: 'Child protection plan (neglect)'."""
    from dataclasses import replace

    from fscli.domain.journey import plan_words
    from fscli.reports.spec import Column

    def categories(row) -> list[str]:
        return [c for c in (row.get("initial_category"), row.get("latest_category")) if c]

    rows = [{**row, "plan": plan_words(row["plan"], categories(row))} for row in plans.rows]
    columns = [Column("plan", "Plan") if c.key == "plan" else c for c in plans.columns]
    return replace(plans, columns=columns, rows=rows)


def _labelled(report, key: str, code_set):
    """The report with the codes of its column `key` said by their labels (a document's reader knows no codes)."""
    from dataclasses import replace

    columns = [replace(c, kind="text") if c.key == key else c for c in report.columns]
    return replace(report, columns=columns, rows=[{**row, key: code_set.label(row.get(key)) or row.get(key)} for row in report.rows])
