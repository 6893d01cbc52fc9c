"""Loading the sample caseload: an ordinary import through the same services and rules."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from fscli.domain.dates import Look, parse_date, parse_when
from fscli.errors import DataProblem, FscliError
from fscli.clock import AsOf
from fscli.domain import scoring
from fscli.domain.family import DETAILS
from fscli.services import agencies, allocations, bookings, cases, contacts, family, goals, journey, people, steps, voiding
from fscli.store.uow import UnitOfWork

SAMPLE = "caseload.toml"
FIX_HINT = "fix that line of the caseload file (written as sample_data/caseload.toml is) and run it again; nothing was changed"


@dataclass(frozen=True)
class Loaded:
    cases: int
    people: int
    agencies: int


def read_sample(path: Path | None = None) -> tuple[str, dict[str, Any]]:
    if path is None:
        source = resources.files("fscli.sample_data").joinpath(SAMPLE)
        name, text = f"sample_data/{SAMPLE}", source.read_text(encoding="utf-8")
    else:
        name, text = str(path), path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise DataProblem(f"{name}: {error}", hint=FIX_HINT) from None
    # TOML keeps no line numbers, so an error names the line where its case begins.
    lines = text.splitlines()
    data["_case_lines"] = [number for number, line in enumerate(lines, start=1) if line.strip() == "[[case]]"]
    data["_diary_line"] = next((number for number, line in enumerate(lines, start=1) if line.startswith("diary")), 1)
    return name, data


WEEKDAY_SUFFIX = ", a weekday"


def sample_date(text: str, today: date, *, field: str, look: Look) -> date:
    """A sample date; "13 weeks ago, a weekday" is the working day on or before it, so a
    conference that must fall on a working day (never a weekend or a bank holiday) does so
    whatever day the demo is loaded."""
    if not text.endswith(WEEKDAY_SUFFIX):
        return parse_date(text, today, field=field, look=look)
    found = parse_date(text[: -len(WEEKDAY_SUFFIX)], today, field=field, look=look)
    calendar = journey.england_calendar()
    while not calendar.is_working_day(found):
        found -= timedelta(days=1)
    return found


def load(uow: UnitOfWork, name: str, data: dict[str, Any]) -> Loaded:
    today = uow.clock.today()
    counts = [0, 0, 0]

    def day(entry: dict, key: str, look: Look = Look.BACK) -> date | None:
        return sample_date(entry[key], today, field=key, look=look) if entry.get(key) is not None else None

    for number, entry in enumerate(data.get("diary", []), start=1):
        try:
            contacts.add_diary(uow, None, entry["text"], when=parse_when(entry["date"], today, field="date"), tags=entry.get("tags", []))
        except FscliError as error:
            raise DataProblem(f"{name} line {data.get('_diary_line', '?')}: diary entry {number}: {error.line()}", hint=FIX_HINT) from None
    for number, entry in enumerate(data.get("case", []), start=1):
        case_lines = data.get("_case_lines", [])
        line = case_lines[number - 1] if number <= len(case_lines) else "?"
        where = f"{name} line {line}: case {number} ({entry.get('family', '?')})"
        try:
            opened = cases.open_case(uow, family=entry["family"], referred_on=day(entry, "referred"), source=entry["source"], reason=entry["reason"], ref=entry.get("ref"), worker=entry.get("worker"),
                                     kind="early-help" if entry.get("early_help") else "statutory")
            for person in entry.get("people", []):
                people.add_person(uow, opened.ref, person["name"], role=person["role"], dob=day(person, "dob"), due=day(person, "due", Look.AHEAD), sex=person.get("sex"), relationship=person.get("relationship"))
                counts[1] += 1
            for agency in entry.get("agencies", []):
                agencies.add_agency(uow, opened.ref, agency["name"], kind=agency["kind"], contact=agency.get("contact"))
                counts[2] += 1
            for allocation in entry.get("allocations", []):
                allocations.allocate(uow, opened.ref, allocation["worker"], on=day(allocation, "date"), reason=allocation.get("reason"), role=allocation.get("role"))
            if entry.get("need"):
                journey.set_referral(uow, opened.ref, need=entry["need"], nfa=None, children=[])
            for step in entry.get("journey", []):
                _step(uow, opened.ref, step, day)
            for step in entry.get("week", []):
                _step(uow, opened.ref, step, day)
            for goal in entry.get("goals", []):
                added = goals.add_goal(uow, opened.ref, goal["text"], person=goal.get("for"), area=goal.get("area"), outcome=goal.get("outcome"), scale=goal.get("scale", scoring.DEFAULT_SCALE), areas=list(scoring.DEFAULT_AREAS))
                for rating in goal.get("scores", []):
                    goals.score_goal(uow, added.name, str(rating["value"]), by=rating["by"], on=day(rating, "date"), note=rating.get("note"), next_step=rating.get("next_step"), phase=rating.get("phase"), corrects=None)
            if "closed" in entry:
                closed = entry["closed"]
                cases.close_case(uow, opened.ref, on=day(closed, "date"), reason=closed["reason"], summary=closed.get("summary"), sustain=closed.get("sustain"))
            if "reopened" in entry:
                again = entry["reopened"]
                cases.reopen_case(uow, opened.ref, on=day(again, "date"), reason=again["reason"], worker=again.get("worker"), source=again.get("source"))
        except KeyError as missing:
            raise DataProblem(f"{where}: {missing.args[0]!r} is missing", hint="every case needs family, referred, source and reason") from None
        except FscliError as error:
            raise DataProblem(f"{where}: {error.line()}", hint=FIX_HINT) from None
        counts[0] += 1
    _meetings(uow, name, data, today)
    return Loaded(*counts)


def _meetings(uow: UnitOfWork, name: str, data: dict[str, Any], today: date) -> None:
    """Work that belongs to no one family (supervision, a team meeting), after the cases it
    discussed, then what is booked of it ahead: each is its worker's own, so it is logged as that worker, as they would type it.
    A same-day twin is not asked about: a database the sample is loaded into twice (a test's)
    holds the first load's supervision, which is no twin of this one's."""
    from fscli.services.caseless import log_caseless_meeting

    def meet(entry: dict) -> None:
        log_caseless_meeting(uow, kind=entry["type"], when=parse_when(entry["date"], today, field="date"), cases=entry.get("cases", []), with_=entry.get("with", []),
                             chair=entry.get("chair"), decisions=entry.get("decisions"), where=entry.get("where"), again=True)  # fmt: skip

    def book(entry: dict) -> None:
        until = parse_date(entry["until"], today, field="until", look=Look.AHEAD) if entry.get("until") else None
        bookings.plan_meetings(uow, None, kind=entry["type"], when=parse_when(entry["date"], today, field="date", look=Look.AHEAD), every=entry.get("every"), until=until,
                               where=entry.get("where"), with_=entry.get("with", []), note=entry.get("note"))  # fmt: skip

    for key, what, write in (("meetings", "meeting", meet), ("bookings", "booking", book)):
        for number, entry in enumerate(data.get(key, []), start=1):
            acting, uow.worker = uow.worker, entry.get("worker") or uow.worker  # each is its worker's own
            try:
                write(entry)
            except KeyError as missing:
                raise DataProblem(f"{name}: {what} {number}: {missing.args[0]!r} is missing", hint=f"every {what} of no one family needs type and date") from None
            except FscliError as error:
                raise DataProblem(f"{name}: {what} {number}: {error.line()}", hint=FIX_HINT) from None
            finally:
                uow.worker = acting


def _step(uow: UnitOfWork, ref: str, step: dict[str, Any], day) -> None:
    """One step of a sample journey, written as a worker would type the command."""
    today = uow.clock.today()

    def when(entry: dict, key: str, look: Look = Look.BACK):
        return parse_when(entry[key], today, field=key, look=look)

    children = step.get("children", [step["child"]] if "child" in step else [])
    action = step["do"]
    recorded = None  # the entry a visit, meeting, diary or task step made: `void = "reason"` voids it
    booked = None  # the booking a plan step made: `cancel = {by, reason}` calls it off, `move = {date, reason}` moves it
    if action == "assessment start":
        journey.start_assessment(uow, ref, on=day(step, "date"), children=children, kind="early-help" if step.get("early_help") else "single")
    elif action == "assessment complete":
        journey.complete_assessment(uow, ref, on=day(step, "date"), factors=step.get("factors"), child_seen=step.get("child_seen"), outcome=step["outcome"], children=children)
    elif action == "step-down":
        steps.step_down(uow, ref, on=day(step, "date"), reason=step["reason"], children=children)
    elif action == "step-up":
        steps.step_up(uow, ref, on=day(step, "date"), source=step.get("source", "5D"), reason=step.get("reason"))
    elif action == "s47 start":
        journey.start_s47(uow, ref, on=day(step, "date"), child=step["child"])
    elif action == "s47 outcome":
        journey.s47_outcome(uow, ref, child=step["child"], icpc=day(step, "icpc"), not_required=bool(step.get("icpc_not_required")))
    elif action == "plan":
        journey.start_plan(uow, ref, step["type"], on=day(step, "start"), children=children, category=step.get("category"), reason=step.get("reason"), pre_referral=bool(step.get("pre_referral")))
    elif action == "plan end":
        journey.end_plans(uow, ref, step.get("type"), on=day(step, "end"), children=children, reason=step.get("reason"), pre_referral=bool(step.get("pre_referral")))
    elif action == "reunification":
        journey.reunification_milestone(uow, ref, children=children, returned_home=day(step, "returned_home"), order_discharged=day(step, "order_discharged"), discharge_applied=day(step, "discharge_applied"))
    elif action == "close":
        cases.close_case(uow, ref, on=day(step, "date"), reason=step["reason"], summary=step.get("summary"), sustain=step.get("sustain"), end_care=bool(step.get("end_care")))
    elif action == "reopen":
        cases.reopen_case(uow, ref, on=day(step, "date"), reason=step["reason"], worker=step.get("worker"), source=step.get("source"))
    elif action == "visit":
        recorded = contacts.log_visit(uow, ref, kind=step["type"], when=when(step, "date"), duration=step.get("duration"), with_=step.get("with", []), seen=step.get("seen", []), alone=step.get("alone", []),
                                      bedroom=step.get("bedroom", []), unannounced=bool(step.get("unannounced")), where=step.get("where"), note=step.get("note"), pre_referral=False, again=bool(step.get("again")))  # fmt: skip
    elif action == "plan visits" and step.get("planned_on"):
        # A plan made earlier: run the service with its dates read as of the day it was made (every
        # sample date is still written relative to the demo's today), while its audit row keeps the
        # real instant, so the demo's audit stays in order ('db check' warned of a clock set back).
        made = parse_date(step["planned_on"], today, field="planned_on")
        real, uow.clock = uow.clock, AsOf(datetime.combine(made, time(9, 0)), uow.clock)
        try:
            booked = bookings.plan_visits(uow, ref, kind=step.get("type", "home-visit"), when=parse_when(step["date"], today, field="date", look=Look.AHEAD), every=step.get("every"), until=parse_date(step["until"], today, field="until", look=Look.AHEAD) if step.get("until") else None, where=step.get("where"), note=step.get("note"))
        finally:
            uow.clock = real
    elif action == "plan visits":
        booked = bookings.plan_visits(uow, ref, kind=step.get("type", "home-visit"), when=when(step, "date", Look.AHEAD), every=step.get("every"), until=day(step, "until", Look.AHEAD),
                                      where=step.get("where"), with_=step.get("with", []), note=step.get("note"))  # fmt: skip
    elif action == "book meeting":
        booked = bookings.plan_meetings(uow, ref, kind=step["type"], when=when(step, "date", Look.AHEAD), every=step.get("every"), until=day(step, "until", Look.AHEAD),
                                        where=step.get("where"), with_=step.get("with", []), note=step.get("note"))  # fmt: skip
    elif action == "meeting":
        recorded = contacts.log_meeting(uow, ref, kind=step["type"], when=when(step, "date"), with_=step.get("with", []), chair=step.get("chair"), decisions=step.get("decisions"), next_on=day(step, "next", Look.AHEAD),
                                        pre_referral=bool(step.get("pre_referral")), again=bool(step.get("again")))  # fmt: skip
    elif action == "diary":
        recorded = contacts.add_diary(uow, ref, step["text"], when=when(step, "date"), tags=step.get("tags", []))
    elif action == "task":
        recorded = contacts.add_task(uow, ref, step["text"], due=when(step, "due", Look.BACK if step.get("look") == "back" else Look.AHEAD))
        if step.get("done"):
            contacts.done_task(uow, recorded.label, on=day(step, "done"))
    elif action == "allocate":
        allocations.allocate(uow, ref, step["worker"], on=day(step, "date"), reason=step.get("reason"), role=step.get("role"))
    elif action == "born":
        people.record_birth(uow, ref, step["child"], born=day(step, "dob"), new_name=step.get("name"), sex=step.get("sex"))
    elif action == "detail":
        values = {field: step[field] for field in DETAILS if field in step}
        family.record_details(uow, ref, values, on=day(step, "from") or today, person=step.get("for"), withdraw_consent=bool(step.get("withdraw_consent")))
    elif action == "correct" and "person" in step:
        people.set_person(uow, ref, step["person"], returns=people.ReturnFields(), died=None, fixed=people.Rectified(name=step.get("name"), dob=day(step, "dob"), sex=step.get("sex"), reason=step.get("reason")))
    elif action == "correct":
        cases.correct_case(uow, ref, family=step.get("family"), referral_reason=step.get("referral_reason"), reason=step["reason"])
    else:
        raise DataProblem(f"journey step {action!r} is not one fscli knows", hint="use assessment start|complete, s47 start|outcome, plan, plan end, reunification, step-down, step-up, born, allocate, close, reopen, detail, correct, plan visits, book meeting")
    if booked is not None and step.get("move"):
        bookings.move_booking(uow, booked.label, when=when(step["move"], "date", Look.AHEAD), reason=step["move"]["reason"])
    if booked is not None and step.get("cancel"):
        bookings.cancel_booking(uow, booked.label, by=step["cancel"]["by"], reason=step["cancel"]["reason"], and_later=False)
    if step.get("void"):
        if recorded is None:
            raise DataProblem(f"step {action!r}: only a visit, meeting, diary entry or task can be voided here", hint=FIX_HINT)
        voiding.void_entry(uow, f"{ref}/{recorded.label}", reason=step["void"])
