"""`fscli correct icpc|plan|assessment|referral`: a recorded date of the journey put right, with a
reason. The rules of entry apply to the new date; each value changed keeps what it was in the
record's history (services/history.py); the clocks follow, since they read the records."""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from fscli.domain import journey, naming
from fscli.domain.dates import british
from fscli.domain.episodes import ASSESSMENT_LABELS
from fscli.domain.problems import Problem, check
from fscli.domain.text import TEXT_MAX, clean
from fscli.domain.voiding import PLAN_PREFIX
from fscli.domain.workdays import WorkingCalendar
from fscli.errors import InvalidInput, NotFound, RuleBroken
from fscli.services.common import find_case
from fscli.services.history import record_change
from fscli.services.journey import Done, children_of, england_calendar, icpc_dates_of, resolve_children
from fscli.store.models import Assessment, Case, CaseEvent, Contact, Episode, Meeting, Person, Plan, PlanCategory, Section47
from fscli.store.uow import UnitOfWork


def _reason(reason: str) -> str:
    why, problems = clean(reason, "--reason", max_len=TEXT_MAX)
    check(problems)
    return why


def _changed(field: str, old: date | None, new: date) -> None:
    if old == new:
        raise InvalidInput(field, british(new), "is the date recorded already: nothing to correct")


def _move(uow: UnitOfWork, case: Case, record, field: str, new: date, why: str) -> None:
    record_change(uow, case, record.__tablename__, record.id, field, getattr(record, field), new, why)
    setattr(record, field, new)
    uow.session.add(record)


def _child(person: Person) -> journey.Child:
    return journey.Child(person.name, person.dob, person.died_on)


def correct_icpc(uow: UnitOfWork, ref: str, *, on: date, children: list[str], reason: str, calendar: WorkingCalendar | None = None) -> Done:
    """The ICPC's date, on each child's enquiry; the CP plan that began at it and the ICPC meeting
    logged that day move with it (a CP plan starts on the ICPC date: validator rule 2885)."""
    case = find_case(uow, ref)
    why = _reason(reason)
    chosen = resolve_children(uow, case, children) if children else children_of(uow, case)
    held: list[tuple[Person, Section47]] = []
    for child in chosen:
        enquiry = uow.session.exec(select(Section47).where(Section47.person_id == child.id, Section47.icpc_on.is_not(None)).order_by(Section47.start_on.desc(), Section47.id.desc())).first()  # type: ignore[union-attr]
        if enquiry is not None:
            held.append((child, enquiry))
        elif children:
            raise InvalidInput("--child", child.name, "has no ICPC recorded", hint=f"record one: fscli s47 outcome {case.ref} --child \"{child.name}\" --icpc DATE")
    if not held:
        raise RuleBroken(f"case {case.ref} has no ICPC recorded", hint=f"record one: fscli s47 outcome {case.ref} --child NAME --icpc DATE")
    old_dates = {s.icpc_on for _, s in held}
    if len(old_dates) > 1:
        listed = "; ".join(f"{p.name} {british(s.icpc_on)}" for p, s in held)
        raise InvalidInput("--child", None, f"the children of {case.ref} had ICPCs on different days ({listed})", hint="name the child whose ICPC date is wrong")
    old = old_dates.pop()
    assert old is not None
    _changed("--date", old, on)
    problems: list[Problem] = []
    for child, enquiry in held:
        problems += journey.check_icpc(on, s47_start=enquiry.start_on, today=uow.clock.today(), calendar=calendar or england_calendar(), field="--date")
        problems += journey.within_case("--date", on, referred=case.referred_on, today=uow.clock.today(), child=_child(child), what="an ICPC")
    plans = [(child, plan) for child, _ in held for plan in uow.session.exec(select(Plan).where(Plan.person_id == child.id, Plan.kind == "cp", Plan.start_on == old, Plan.voided_at.is_(None))).all()]  # type: ignore[union-attr]
    for child, plan in plans:
        problems += _start_problems(uow, plan, child, on, "--date")
    check(list(dict.fromkeys(problems)))
    lines = []
    for child, enquiry in held:
        _move(uow, case, enquiry, "icpc_on", on, why)
        lines.append(f"{child.name}'s ICPC held on {british(on)}, not {british(old)}")
    for child, plan in plans:
        lines += _move_plan_start(uow, case, plan, child, on, why)
    meetings = uow.session.exec(select(Meeting).where(Meeting.case_id == case.id, Meeting.kind == "icpc", Meeting.on_date == old, Meeting.voided_at.is_(None))).all()  # type: ignore[union-attr]
    for meeting in meetings:
        _move(uow, case, meeting, "on_date", on, why)
        lines.append(f"the ICPC meeting M{meeting.id} moved to {british(on)}")
    uow.audit("icpc.correct", "s47", held[0][1].id, case_id=case.id, fields=("icpc_on", "reason") + (("plan.start_on",) if plans else ()) + (("meeting.on_date",) if meetings else ()),
              records=[s.id for _, s in held])  # fmt: skip
    return Done(case.ref, lines)


def _start_problems(uow: UnitOfWork, plan: Plan, child: Person, on: date, field: str) -> list[Problem]:
    """The rules of a plan's start, for a corrected one: within the case and the child's life,
    before its end, and after the start of the plan it stepped from (which ends that day too)."""
    case = uow.session.get(Case, plan.case_id)
    assert case is not None
    problems = journey.within_case(field, on, referred=case.referred_on, today=uow.clock.today(), child=_child(child), what="a plan")
    if plan.end_on and on > plan.end_on:
        problems.append(Problem(field, british(on), f"is after the plan ended ({british(plan.end_on)})", "correct its end first: --end"))
    for before in _stepped_from(uow, plan):
        problems += journey.not_before(field, on, before.start_on, f"{child.name}'s {journey.PLAN_NAMES[before.kind]} plan began, which this plan followed")
    return problems


def _stepped_from(uow: UnitOfWork, plan: Plan) -> list[Plan]:
    """The child's plans that ended the day this one began: a step up, down or across."""
    return [p for p in uow.session.exec(select(Plan).where(Plan.person_id == plan.person_id, Plan.end_on == plan.start_on, Plan.id != plan.id, Plan.voided_at.is_(None))).all()]  # type: ignore[union-attr]


def _stepped_to(uow: UnitOfWork, plan: Plan) -> list[Plan]:
    return [p for p in uow.session.exec(select(Plan).where(Plan.person_id == plan.person_id, Plan.start_on == plan.end_on, Plan.id != plan.id, Plan.voided_at.is_(None))).all()]  # type: ignore[union-attr]


def _move_plan_start(uow: UnitOfWork, case: Case, plan: Plan, child: Person, on: date, why: str) -> list[str]:
    old = plan.start_on
    steps = _stepped_from(uow, plan)
    _move(uow, case, plan, "start_on", on, why)
    for category in uow.session.exec(select(PlanCategory).where(PlanCategory.plan_id == plan.id, PlanCategory.from_on == old)).all():
        _move(uow, case, category, "from_on", on, why)
    lines = [f"{child.name}'s {journey.PLAN_NAMES[plan.kind]} plan {PLAN_PREFIX}{plan.id} began on {british(on)}, not {british(old)}"]
    for before in steps:
        _move(uow, case, before, "end_on", on, why)
        lines.append(f"the {journey.PLAN_NAMES[before.kind]} plan {PLAN_PREFIX}{before.id} it followed ended that day")
    return lines


def correct_plan(uow: UnitOfWork, ident: str, *, start: date | None, end: date | None, reason: str) -> Done:
    named, problems = naming.read_id(ident, PLAN_PREFIX, "PLAN")
    check(problems)
    assert named is not None
    plan = uow.session.get(Plan, named.number)
    if plan is None:
        raise NotFound(f"plan {PLAN_PREFIX}{named.number}: no such plan", hint="see 'fscli case journey REF'")
    case = uow.session.get(Case, plan.case_id)
    child = uow.session.get(Person, plan.person_id)
    assert case is not None and child is not None
    if named.ref is not None:
        check([p for p in [naming.wrong_case_problem(ident, named_ref=named.ref, actual_ref=case.ref, what="plan", field="PLAN")] if p])
    if plan.voided_at is not None:
        raise RuleBroken(f"plan {PLAN_PREFIX}{plan.id} of {case.ref} was voided: it has no dates to correct")
    if start is None and end is None:
        raise InvalidInput("--start/--end", None, "give the date to correct", hint=f"as in fscli correct plan {PLAN_PREFIX}{plan.id} --start DATE --reason TEXT")
    why = _reason(reason)
    problems = []
    if start is not None:
        _changed("--start", plan.start_on, start)
        problems += _start_problems(uow, plan, child, start, "--start")
        icpcs = icpc_dates_of(uow, child) if plan.kind == "cp" else []
        if plan.start_on in icpcs and start not in icpcs:  # moved off the day of its ICPC (a plan begun apart, with a reason, may move)
            problems.append(journey.cp_plan_off_its_icpc("--start", start, [plan.start_on], plan=f"{PLAN_PREFIX}{plan.id}", ref=case.ref))
    if end is not None:
        if plan.end_on is None:
            raise InvalidInput("--end", british(end), f"plan {PLAN_PREFIX}{plan.id} has not ended", hint=f"end it: fscli case plan {case.ref} --end DATE")
        _changed("--end", plan.end_on, end)
        problems += journey.not_before("--end", end, start or plan.start_on, "the plan began")
        problems += journey.within_case("--end", end, referred=case.referred_on, today=uow.clock.today(), child=_child(child), what="a plan's end")
        for after in _stepped_to(uow, plan):
            if after.end_on and end > after.end_on:
                problems.append(Problem("--end", british(end), f"is after the {journey.PLAN_NAMES[after.kind]} plan that followed it ended ({british(after.end_on)})"))
    check(problems)
    lines = []
    if end is not None:
        old_end, following = plan.end_on, _stepped_to(uow, plan)
        _move(uow, case, plan, "end_on", end, why)
        lines.append(f"{child.name}'s {journey.PLAN_NAMES[plan.kind]} plan {PLAN_PREFIX}{plan.id} ended on {british(end)}, not {british(old_end)}")
        for after in following:
            lines += _move_plan_start(uow, case, after, child, end, why)
    if start is not None:
        lines += _move_plan_start(uow, case, plan, child, start, why)
    fields = [f for f, v in (("start_on", start), ("end_on", end)) if v] + ["reason"]
    uow.audit("plan.correct", "plan", plan.id, case_id=case.id, fields=fields)
    return Done(case.ref, lines)


def correct_assessment(uow: UnitOfWork, ref: str, *, children: list[str], start: date | None, completed: date | None, reason: str, kind: str = "single") -> Done:
    """The start or the authorisation of each named child's latest assessment of that kind
    (a single assessment, or an Early Help assessment: their clocks differ)."""
    case = find_case(uow, ref)
    if start is None and completed is None:
        raise InvalidInput("--start/--completed", None, "give the date to correct", hint=f"as in fscli correct assessment {case.ref} --start DATE --reason TEXT")
    why = _reason(reason)
    chosen = resolve_children(uow, case, children) if children else children_of(uow, case)
    found: list[tuple[Person, Assessment]] = []
    for child in chosen:
        latest = uow.session.exec(select(Assessment).where(Assessment.person_id == child.id, Assessment.kind == kind).order_by(Assessment.start_on.desc(), Assessment.id.desc())).first()  # type: ignore[union-attr]
        if latest is not None:
            found.append((child, latest))
        elif children:
            raise InvalidInput("--child", child.name, f"has no {ASSESSMENT_LABELS[kind]} recorded")
    if not found:
        raise RuleBroken(f"case {case.ref} has no {ASSESSMENT_LABELS[kind]} recorded", hint=f"start one: fscli assessment start {case.ref} --date DATE")
    if len(found) > 1 and not children and len({(a.start_on, a.completed_on) for _, a in found}) > 1:
        raise InvalidInput("--child", None, f"more than one child of {case.ref} has an assessment on different dates", hint="name the child: --child NAME")
    problems: list[Problem] = []
    today = uow.clock.today()
    for child, assessment in found:
        if start is not None:
            _changed("--start", assessment.start_on, start)
            problems += journey.within_case("--start", start, referred=case.referred_on, today=today, child=_child(child), what="an assessment")
            if assessment.completed_on and completed is None and start > assessment.completed_on:
                problems.append(Problem("--start", british(start), f"is after the assessment was authorised ({british(assessment.completed_on)})"))
        if completed is not None:
            if assessment.completed_on is None:
                raise InvalidInput("--completed", british(completed), f"{child.name}'s assessment is not authorised yet", hint=f"complete it: fscli assessment complete {case.ref}")
            _changed("--completed", assessment.completed_on, completed)
            problems += journey.within_case("--completed", completed, referred=case.referred_on, today=today, child=_child(child), what="an authorisation")
            problems += journey.not_before("--completed", completed, start or assessment.start_on, f"{child.name}'s assessment began")
    check(list(dict.fromkeys(problems)))
    lines = []
    for child, assessment in found:
        for field, new in (("start_on", start), ("completed_on", completed)):
            if new is not None:
                old = getattr(assessment, field)
                _move(uow, case, assessment, field, new, why)
                lines.append(f"{child.name}'s assessment {'began' if field == 'start_on' else 'was authorised'} on {british(new)}, not {british(old)}")
    fields = [f for f, v in (("start_on", start), ("completed_on", completed)) if v] + ["reason"]
    uow.audit("assessment.correct", "assessment", found[0][1].id, case_id=case.id, fields=fields, records=[a.id for _, a in found])
    return Done(case.ref, lines)


def correct_referral(uow: UnitOfWork, ref: str, *, on: date, reason: str) -> Done:
    """The referral date, on the case, its referral event and its first episode, kept in step."""
    case = find_case(uow, ref)
    why = _reason(reason)
    old = case.referred_on
    _changed("--date", old, on)
    problems: list[Problem] = []
    if on > uow.clock.today():
        problems.append(Problem("--date", british(on), f"a referral date cannot be in the future (today is {british(uow.clock.today())})"))
    earliest = _earliest_record(uow, case)
    if earliest is not None and on > earliest[0]:
        problems.append(Problem("--date", british(on), f"is after {earliest[1]} ({british(earliest[0])}), which cannot be before the referral", "correct that date first"))
    events = uow.session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.on_date, CaseEvent.id)).all()
    later = next((e for e in events if e.kind != "referred"), None)
    if later is not None and on > later.on_date:
        problems.append(Problem("--date", british(on), f"is after the case was {later.kind} ({british(later.on_date)})"))
    check(problems)
    _move(uow, case, case, "referred_on", on, why)
    lines = [f"referral of {case.ref} {case.family} received on {british(on)}, not {british(old)}"]
    for event in events:
        if event.kind == "referred" and event.on_date == old:
            _move(uow, case, event, "on_date", on, why)
    first = uow.session.exec(select(Episode).where(Episode.case_id == case.id).order_by(Episode.start_on, Episode.id)).first()  # type: ignore[arg-type]
    if first is not None and first.start_on == old:
        _move(uow, case, first, "start_on", on, why)
        lines.append("its first episode starts that day")
    uow.audit("referral.correct", "case", case.id, case_id=case.id, fields=("referred_on", "reason") + (("episode.start_on",) if first is not None and first.start_on == on else ()))
    return Done(case.ref, lines)


def _earliest_record(uow: UnitOfWork, case: Case) -> tuple[date, str] | None:
    """The earliest dated step of the case's work that may not come before its referral."""
    found: list[tuple[date, str]] = []
    for model, field, what, extra in ((Plan, "start_on", "a plan's start", Plan.voided_at.is_(None)), (Assessment, "start_on", "an assessment's start", None),  # type: ignore[union-attr]
                                      (Section47, "start_on", "a section 47 enquiry", None), (Meeting, "on_date", "a meeting", Meeting.voided_at.is_(None)),  # type: ignore[union-attr]
                                      (Contact, "on_date", "a visit", (Contact.voided_at.is_(None)) & (Contact.pre_referral == 0))):  # type: ignore[union-attr]
        query = select(getattr(model, field)).where(model.case_id == case.id)
        if extra is not None:
            query = query.where(extra)
        day = uow.session.exec(query.order_by(getattr(model, field)).limit(1)).first()
        if day is not None:
            found.append((day, what))
    return min(found) if found else None
