"""Recording each child's statutory journey: referral details, assessments, s47s, plans."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from fscli.domain import codes, journey
from fscli.domain.census_entry import nfa_work_warning, primary_need_missing, primary_need_warning
from fscli.domain.dates import british, echo
from fscli.domain.pre_referral import SHOWN_AS, check_referral_date
from fscli.domain.problems import Problem, check
from fscli.domain.text import TEXT_MAX
from fscli.domain.workdays import WorkingCalendar
from fscli.errors import InvalidInput, RuleBroken
from fscli.services.common import cleaned_text, find_case, require_open
from fscli.services.episodes import check_assessment_kind, check_plan_kind, check_s47
from fscli.store.models import Assessment, Case, Episode, Person, Plan, PlanCategory, Section47
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class Done:
    """What a journey command did, in the words a worker would use, one line per child."""

    ref: str
    lines: list[str]
    warnings: tuple[str, ...] = ()  # 'fscli: warning:' lines: recorded, and what the census will say of it


def children_of(uow: UnitOfWork, case: Case) -> list[Person]:
    return list(uow.session.exec(select(Person).where(Person.case_id == case.id, Person.role == "child").order_by(Person.dob, Person.id)).all())


def resolve_children(uow: UnitOfWork, case: Case, names: list[str], *, field: str = "--child") -> list[Person]:
    """The named children of the case; with no names, the children the referral concerns."""
    children = children_of(uow, case)
    if not children:
        raise RuleBroken(f"case {case.ref} has no children recorded", hint=f"add one first: fscli person add {case.ref} NAME --role child")
    if not names:
        concerned = [c for c in children if c.in_referral]
        return concerned or children
    chosen: list[Person] = []
    for name in names:
        match = [c for c in children if c.name.casefold() == name.strip().casefold()]
        if not match:
            listed = ", ".join(c.name for c in children)
            raise InvalidInput(field, name, f"is not a child on case {case.ref} (children: {listed})")
        if match[0] not in chosen:
            chosen.append(match[0])
    return chosen


def _child(person: Person) -> journey.Child:
    return journey.Child(person.name, person.dob, person.died_on)


def _open_case(uow: UnitOfWork, ref: str, doing: str) -> Case:
    case = find_case(uow, ref)
    require_open(case, doing)
    return case


def _within(case: Case, field: str, day: date, today: date, child: Person | None, what: str) -> list[Problem]:
    return journey.within_case(field, day, referred=case.referred_on, today=today, child=_child(child) if child else None, what=what)


def _within_or_history(case: Case, field: str, day: date, today: date, child: Person | None, what: str, pre_referral: bool) -> list[Problem]:
    """As _within, for what the worker can record from before the referral with --pre-referral."""
    problems = check_referral_date(field, day, referred=case.referred_on, pre_referral=pre_referral, what=what)
    return problems + journey.within_case(field, day, referred=None, today=today, child=_child(child) if child else None, what=what)


def set_referral(uow: UnitOfWork, ref: str, *, need: str | None, nfa: bool | None, children: list[str]) -> Done:
    case = _open_case(uow, ref, "change the referral")
    problems: list[Problem] = []
    lines = []
    if need is not None:
        code, found = codes.PRIMARY_NEED.check(need, "--need")
        problems += found
        if not found:
            case.primary_need = code
            lines.append(f"primary need {code}: {codes.PRIMARY_NEED.label(code)}")
    check(problems)
    if nfa is not None:
        case.referral_nfa = int(nfa)
        case.referral_decided_on = uow.clock.today()  # the decision's clock stops, whichever it was
        decided = f"referral decided on {echo(case.referral_decided_on)}"
        lines.append(f"{decided}: no further action (the case can now be closed RC8)" if nfa else f"{decided}: further action")
    fields = [f for f, v in (("primary_need", need), ("referral_nfa", nfa), ("referral_decided_on", nfa)) if v is not None]
    if children:
        chosen = resolve_children(uow, case, children)
        for child in children_of(uow, case):
            child.in_referral = int(child in chosen)
            uow.session.add(child)
        lines.append("the referral concerns " + ", ".join(c.name for c in chosen))
        fields.append("in_referral")
    if not lines:
        raise InvalidInput("options", None, "nothing to record", hint="give --need CODE, --nfa/--further-action or --child NAME")
    warnings = []
    if primary_need_missing(nfa=bool(case.referral_nfa), decided=case.referral_decided_on is not None, need=case.primary_need):
        warnings.append(primary_need_warning(case.ref))
    uow.session.add(case)
    uow.audit("referral.update", "case", case.id, case_id=case.id, fields=fields)
    return Done(case.ref, lines, tuple(warnings))


def _on_nfa_referral(uow: UnitOfWork, case: Case, on: date, what: str) -> tuple[str, ...]:
    """The 8831 warning when `what`, on `on`, falls in the episode of a referral decided no further
    action (the case's first statutory episode: a reopening is a new referral)."""
    if not case.referral_nfa or case.referred_on is None:
        return ()
    episode = uow.session.exec(select(Episode).where(Episode.case_id == case.id, Episode.kind == "statutory", Episode.start_on <= on).order_by(Episode.start_on.desc(), Episode.id.desc())).first()  # type: ignore[union-attr]
    if episode is None or episode.start_on != case.referred_on:
        return ()
    return (nfa_work_warning(ref=case.ref, referred=case.referred_on, what=what),)


def start_assessment(uow: UnitOfWork, ref: str, *, on: date, children: list[str], kind: str = "single") -> Done:
    case = _open_case(uow, ref, "start an assessment")
    today = uow.clock.today()
    chosen = resolve_children(uow, case, children)
    problems: list[Problem] = check_assessment_kind(uow, case, kind)
    for child in chosen:
        problems += _within(case, "--date", on, today, child, "an assessment")
        current = uow.session.exec(select(Assessment).where(Assessment.person_id == child.id, Assessment.completed_on.is_(None))).first()  # type: ignore[union-attr]
        if current:
            problems.append(Problem("--child", child.name, f"already has an open assessment (started {british(current.start_on)})", "complete it first with 'fscli assessment complete'"))
    check(problems)
    ids = []
    for child in chosen:
        assessment = Assessment(case_id=case.id, person_id=child.id, start_on=on, kind=kind, created_at=uow.clock.utcnow())
        uow.session.add(assessment)
        uow.session.flush()
        ids.append(assessment.id)
    uow.audit("assessment.start", "assessment", ids[0], case_id=case.id, fields=("start_on", "kind"), records=ids)
    what = "Early Help assessment" if kind == "early-help" else "assessment"
    warned = _on_nfa_referral(uow, case, on, "an assessment") if kind == "single" else ()
    return Done(case.ref, [f"{what} of {c.name} started on {echo(on, today)}" for c in chosen], warned)


def complete_assessment(uow: UnitOfWork, ref: str, *, on: date, factors: str | None, child_seen: bool | None, outcome: str, children: list[str]) -> Done:
    from fscli.domain.episodes import check_assessment_outcome

    case = _open_case(uow, ref, "complete an assessment")
    today = uow.clock.today()
    problems: list[Problem] = []
    outcome_code, found = codes.ASSESSMENT_OUTCOME.check(outcome, "--outcome")
    problems += found
    open_ones = list(uow.session.exec(select(Assessment, Person).join(Person).where(Assessment.case_id == case.id, Assessment.completed_on.is_(None))).all())  # type: ignore[union-attr]
    if children:
        wanted = {c.id for c in resolve_children(uow, case, children)}
        missing = [c for c in resolve_children(uow, case, children) if c.id not in {p.id for _, p in open_ones}]
        for child in missing:
            problems.append(Problem("--child", child.name, "has no open assessment", f"start one: fscli assessment start {case.ref} --date DATE --child \"{child.name}\""))
        open_ones = [(a, p) for a, p in open_ones if p.id in wanted]
    elif not open_ones:
        problems.append(Problem("case", case.ref, "has no open assessment", f"start one: fscli assessment start {case.ref} --date DATE"))
    # An Early Help assessment has its own outcomes, and the census factors only when given.
    kinds = {a.kind for a, _ in open_ones} or {"single"}
    if not found:
        for kind in sorted(kinds):
            problems += check_assessment_outcome(kind, outcome_code)
    factor_codes: list[str] = []
    if factors is not None or "single" in kinds:
        factor_codes, found = journey.check_factors(factors, outcome=outcome_code if not problems else None, year=codes.census_year(on))
        problems += found
    for assessment, child in open_ones:
        problems += _within(case, "--date", on, today, child, "an authorisation")
        problems += journey.not_before("--date", on, assessment.start_on, f"{child.name}'s assessment began")
    check(problems)
    for assessment, _ in open_ones:
        assessment.completed_on, assessment.factors, assessment.outcome = on, ",".join(factor_codes) or None, outcome_code
        assessment.child_seen = None if child_seen is None else int(child_seen)
        uow.session.add(assessment)
    uow.audit("assessment.complete", "assessment", open_ones[0][0].id, case_id=case.id, fields=("completed_on", "factors", "outcome", "child_seen"), records=[a.id for a, _ in open_ones])
    label = codes.ASSESSMENT_OUTCOME.label(outcome_code)
    found_factors = f"; factors {', '.join(factor_codes)}" if factor_codes else ""
    return Done(case.ref, [f"{'Early Help assessment' if a.kind == 'early-help' else 'assessment'} of {p.name} authorised on {echo(on, today)}: {label}{found_factors}" for a, p in open_ones])


def start_s47(uow: UnitOfWork, ref: str, *, on: date, child: str) -> Done:
    case = _open_case(uow, ref, "start a section 47 enquiry")
    person = resolve_children(uow, case, [child])[0]
    problems = check_s47(uow, case) + _within(case, "--date", on, uow.clock.today(), person, "a strategy discussion")
    current = uow.session.exec(select(Section47).where(Section47.person_id == person.id, Section47.icpc_on.is_(None), Section47.icpc_not_required == 0)).first()  # type: ignore[union-attr]
    if current:
        problems.append(Problem("--child", person.name, f"already has an open section 47 enquiry (from {british(current.start_on)})", "record its outcome first with 'fscli s47 outcome'"))
    check(problems)
    enquiry = Section47(case_id=case.id, person_id=person.id, start_on=on, created_at=uow.clock.utcnow())
    uow.session.add(enquiry)
    uow.session.flush()
    uow.audit("s47.start", "s47", enquiry.id, case_id=case.id, fields=("start_on",))
    return Done(case.ref, [f"section 47 enquiry for {person.name} from the strategy discussion of {british(on)}"], _on_nfa_referral(uow, case, on, "a section 47 enquiry"))


def s47_outcome(uow: UnitOfWork, ref: str, *, child: str, icpc: date | None, not_required: bool, audit: bool = True, calendar: WorkingCalendar | None = None, field: str = "--icpc") -> Done:
    case = _open_case(uow, ref, "record a section 47 outcome")
    person = resolve_children(uow, case, [child])[0]
    if (icpc is None) == (not not_required):
        raise InvalidInput("--icpc/--icpc-not-required", None, "give exactly one of them")
    enquiry = uow.session.exec(select(Section47).where(Section47.person_id == person.id).order_by(Section47.start_on.desc(), Section47.id.desc())).first()  # type: ignore[union-attr]
    if enquiry is None:
        raise RuleBroken(f"--child {person.name!r}: has no section 47 enquiry", hint=f"start one: fscli s47 start {case.ref} --date DATE --child \"{person.name}\"")
    if enquiry.icpc_on or enquiry.icpc_not_required:
        _outcome_recorded(case, person, enquiry, icpc)
    problems: list[Problem] = []
    if icpc:
        problems += journey.check_icpc(icpc, s47_start=enquiry.start_on, today=uow.clock.today(), calendar=calendar or england_calendar(), field=field)
        problems += _within(case, field, icpc, uow.clock.today(), person, "an ICPC")
    check(problems)
    enquiry.icpc_on, enquiry.icpc_not_required = icpc, int(not_required)
    uow.session.add(enquiry)
    if audit:
        uow.audit("s47.outcome", "s47", enquiry.id, case_id=case.id, fields=("icpc_on",) if icpc else ("icpc_not_required",))
    else:
        uow.note_created("s47", enquiry.id)
    line = f"ICPC for {person.name} held on {british(icpc)}" if icpc else f"no ICPC needed for {person.name}"
    return Done(case.ref, [line])


def _outcome_recorded(case: Case, person: Person, enquiry: Section47, icpc: date | None) -> None:
    """An enquiry's outcome is recorded once: the refusal says what is recorded, and the one way
    to change it there is (a wrong ICPC date is corrected; a conference after an enquiry that
    needed none follows a new enquiry)."""
    whose, began = f"--child {person.name!r}", british(enquiry.start_on)
    if enquiry.icpc_on is not None:
        held = british(enquiry.icpc_on)
        if icpc == enquiry.icpc_on:
            raise RuleBroken(f"{whose}: the ICPC of the s47 from {began} is recorded already, held on {held}: nothing to record")
        correct = f"fscli correct icpc {case.ref} --child {person.name!r} --date {british(icpc) if icpc else 'DATE'} --reason TEXT"
        said = f"if it was held on {british(icpc)}, correct the date" if icpc else "if its date is wrong, correct it"
        raise RuleBroken(f"{whose}: the s47 from {began} has its ICPC recorded, held on {held}" + ("" if icpc else ": it did not conclude without one"), hint=f"{said}: {correct}")
    if icpc is None:
        raise RuleBroken(f"{whose}: the s47 from {began} is recorded already as needing no ICPC: nothing to record")
    raise RuleBroken(f"{whose}: the s47 from {began} is recorded as needing no ICPC", hint=f"a conference after it follows a new enquiry: fscli s47 start {case.ref} --date DATE --child {person.name!r}, then its outcome")


def england_calendar() -> WorkingCalendar:
    """The England and Wales working calendar, for a write whose command did not pass the
    practice's own (the sample caseload, an import): the config's added days are not in it."""
    from fscli.bank_holidays import england_calendar as england

    return england()


def _open_plans(uow: UnitOfWork, person: Person) -> list[Plan]:
    return list(uow.session.exec(select(Plan).where(Plan.person_id == person.id, Plan.end_on.is_(None), Plan.voided_at.is_(None))).all())  # type: ignore[union-attr]


def icpc_dates_of(uow: UnitOfWork, person: Person) -> list[date]:
    return [d for d in uow.session.exec(select(Section47.icpc_on).where(Section47.person_id == person.id, Section47.icpc_on.is_not(None))).all() if d]  # type: ignore[union-attr]


def start_plan(uow: UnitOfWork, ref: str, kind: str, *, on: date, children: list[str], category: str | None, reason: str | None, pre_referral: bool = False) -> Done:
    case = _open_case(uow, ref, "start a plan")
    today = uow.clock.today()
    problems: list[Problem] = []
    kind_code, found = codes.PLAN_TYPE.check(kind, "TYPE")
    check(found)
    category_code = None
    if category is not None:
        category_code, found = codes.CATEGORY_OF_ABUSE.check(category, "--category")
        problems += found
    reason_text = cleaned_text(reason, "--reason", problems, max_len=TEXT_MAX)
    chosen = resolve_children(uow, case, children)
    check_plan_kind(uow, case, kind_code, chosen)
    for child in chosen:
        open_plans = _open_plans(uow, child)
        problems += _within_or_history(case, "--start", on, today, child, "a plan", pre_referral)
        problems += journey.check_plan_start(kind_code, on, child=_child(child), open_plans=[journey.OpenPlan(p.kind, p.start_on) for p in open_plans], category=category_code, icpc_dates=icpc_dates_of(uow, child), reason=reason_text, ref=case.ref)
        for plan in open_plans:
            if kind_code == "cp" and plan.kind == "cp":
                latest = _latest_category(uow, plan)
                if not category_code:
                    problems.append(Problem("--category", None, f"{child.name} is on a CP plan already (since {british(plan.start_on)}): give --category to change its latest category"))
                elif latest and on < latest.from_on:
                    problems.append(Problem("--start", british(on), f"is before the latest category was set ({british(latest.from_on)})"))
    check(problems)
    lines = []
    for child in chosen:
        open_plans = _open_plans(uow, child)
        current_cp = next((p for p in open_plans if p.kind == "cp"), None)
        if kind_code == "cp" and current_cp:
            latest = _latest_category(uow, current_cp)
            uow.session.add(PlanCategory(plan_id=current_cp.id, category=category_code, from_on=on, created_at=uow.clock.utcnow()))
            lines.append(f"{child.name}: latest category of abuse changed from {latest.category if latest else '?'} to {category_code}")
            continue
        words = None
        if kind_code in journey.EXCLUSIVE:
            for plan in open_plans:
                if plan.kind in journey.EXCLUSIVE:
                    words = journey.transition(plan.kind, kind_code)
                    plan.end_on, plan.end_reason = on, words
                    uow.session.add(plan)
        plan = Plan(case_id=case.id, person_id=child.id, kind=kind_code, start_on=on, start_reason=reason_text or words, created_at=uow.clock.utcnow())
        uow.session.add(plan)
        uow.session.flush()
        if kind_code == "cp":
            uow.session.add(PlanCategory(plan_id=plan.id, category=category_code, from_on=on, created_at=uow.clock.utcnow()))
        name = journey.PLAN_NAMES[kind_code]
        lines.append(f"{child.name}: {words}" if words else f"{child.name}: {name} plan started" + (f" (category {category_code})" if category_code else ""))
    uow.audit("plan.start", "plan", None, case_id=case.id, fields=("kind", "start_on") + (("category",) if category_code else ()), children=[c.id for c in chosen], **({"pre_referral": True} if pre_referral else {}))
    warned = _on_nfa_referral(uow, case, on, f"a {journey.PLAN_NAMES[kind_code]} plan") if kind_code in ("cin", "cp") and not pre_referral else ()
    return Done(case.ref, [f"{line} on {british(on)}, {SHOWN_AS} (recorded as history)" if pre_referral else f"{line} on {echo(on, today)}" for line in lines], warned)


def _latest_category(uow: UnitOfWork, plan: Plan) -> PlanCategory | None:
    return uow.session.exec(select(PlanCategory).where(PlanCategory.plan_id == plan.id).order_by(PlanCategory.from_on.desc(), PlanCategory.id.desc())).first()  # type: ignore[union-attr]


def end_plans(uow: UnitOfWork, ref: str, kind: str | None, *, on: date, children: list[str], reason: str | None, pre_referral: bool = False) -> Done:
    case = _open_case(uow, ref, "end a plan")
    problems: list[Problem] = []
    kind_code = None
    if kind is not None:
        kind_code, found = codes.PLAN_TYPE.check(kind, "TYPE")
        check(found)
    reason_text = cleaned_text(reason, "--reason", problems, max_len=TEXT_MAX)
    chosen = resolve_children(uow, case, children)
    ending: list[tuple[Person, Plan]] = []
    for child in chosen:
        plans = [p for p in _open_plans(uow, child) if kind_code is None or p.kind == kind_code]
        if not plans and children:
            what = f"open {journey.PLAN_NAMES[kind_code]} plan" if kind_code else "open plan"
            problems.append(Problem("--child", child.name, f"has no {what} to end"))
        for plan in plans:
            problems += _within_or_history(case, "--end", on, uow.clock.today(), child, "a plan's end", pre_referral)
            problems += journey.not_before("--end", on, plan.start_on, f"{child.name}'s {journey.PLAN_NAMES[plan.kind]} plan began")
            ending.append((child, plan))
    if not ending and not problems:
        what = f"open {journey.PLAN_NAMES[kind_code]} plan" if kind_code else "open plan"
        problems.append(Problem("case", case.ref, f"has no {what} to end"))
    check(problems)
    for _, plan in ending:
        plan.end_on, plan.end_reason = on, reason_text or "ended"
        uow.session.add(plan)
    uow.audit("plan.end", "plan", ending[0][1].id, case_id=case.id, fields=("end_on", "end_reason"), records=[p.id for _, p in ending], **({"pre_referral": True} if pre_referral else {}))
    when = f" on {british(on)}, {SHOWN_AS} (recorded as history)" if pre_referral else f" on {echo(on, uow.clock.today())}"
    return Done(case.ref, [f"{c.name}: {journey.PLAN_NAMES[p.kind]} plan ended{when}" for c, p in ending])


def reunification_milestone(uow: UnitOfWork, ref: str, *, children: list[str], returned_home: date | None, order_discharged: date | None, discharge_applied: date | None = None) -> Done:
    """Record the return home, the application to discharge the care order and its discharge on the
    open reunification plan.

    The return home starts the visits of a care order at home (domain/due.py); the discharge ends
    the looked-after episode on the same date: the child is no longer in care.
    """
    case = _open_case(uow, ref, "record a return home")
    today = uow.clock.today()
    chosen = resolve_children(uow, case, children)
    problems: list[Problem] = []
    found_plans: list[tuple[Person, Plan, Plan | None]] = []
    for child in chosen:
        plans = _open_plans(uow, child)
        plan = next((p for p in plans if p.kind == "reunification"), None)
        if plan is None:
            problems.append(Problem("--child", child.name, "has no open reunification plan", f"start one: fscli case plan {case.ref} reunification --start DATE --child \"{child.name}\""))
            continue
        cla = next((p for p in plans if p.kind == "cla"), None)
        for field, day in (("--returned-home", returned_home), ("--discharge-applied", discharge_applied), ("--order-discharged", order_discharged)):
            if day:
                problems += _within(case, field, day, today, child, "it")
                problems += journey.not_before(field, day, plan.start_on, f"{child.name}'s reunification plan began")
        if discharge_applied and plan.discharge_applied_on and plan.discharge_applied_on != discharge_applied:
            problems.append(Problem("--discharge-applied", british(discharge_applied), f"{child.name}'s application to discharge the care order is recorded already ({british(plan.discharge_applied_on)})"))
        if discharge_applied and order_discharged and order_discharged < discharge_applied:
            problems.append(Problem("--order-discharged", british(order_discharged), f"is before the application to discharge it ({british(discharge_applied)})"))
        if order_discharged and cla and order_discharged < cla.start_on:
            problems.append(Problem("--order-discharged", british(order_discharged), f"is before {child.name} became looked after ({british(cla.start_on)})"))
        found_plans.append((child, plan, cla))
    check(problems)
    lines = []
    for child, plan, cla in found_plans:
        if returned_home:
            plan.returned_home_on = returned_home
            lines.append(f"{child.name} returned home on {british(returned_home)}")
        if discharge_applied:
            plan.discharge_applied_on = discharge_applied
            lines.append(f"{child.name}: application to discharge the care order made on {british(discharge_applied)}; the order stands until the court discharges it")
        if order_discharged:
            plan.order_discharged_on = order_discharged
            lines.append(f"{child.name}'s care order discharged on {british(order_discharged)}")
            if cla:
                cla.end_on, cla.end_reason = order_discharged, "care order discharged"
                uow.session.add(cla)
                lines.append(f"{child.name}: CLA plan ended (no longer looked after)")
        uow.session.add(plan)
    fields = [f for f, v in (("returned_home_on", returned_home), ("discharge_applied_on", discharge_applied), ("order_discharged_on", order_discharged)) if v]
    uow.audit("plan.reunification", "plan", found_plans[0][1].id, case_id=case.id, fields=fields)
    return Done(case.ref, lines)


def unfinished_work(uow: UnitOfWork, case: Case) -> list[str]:
    """The assessments and section 47 enquiries of the case not yet finished, as a worker names them."""
    return [line for line, _ in _unfinished(uow, case)]


def _unfinished(uow: UnitOfWork, case: Case) -> list[tuple[str, str]]:
    """Each unfinished piece of work, and the command that finishes it."""
    open_assessments = uow.session.exec(select(Assessment, Person).join(Person).where(Assessment.case_id == case.id, Assessment.completed_on.is_(None))).all()  # type: ignore[union-attr]
    open_s47 = uow.session.exec(select(Section47, Person).join(Person).where(Section47.case_id == case.id, Section47.icpc_on.is_(None), Section47.icpc_not_required == 0)).all()  # type: ignore[union-attr]
    what = {"single": "assessment", "early-help": "Early Help assessment"}
    return ([(f"{p.name}'s {what[a.kind]} from {british(a.start_on)}", f"complete the assessment: fscli assessment complete {case.ref} --date DATE --outcome OUTCOME" + (" --factors CODES" if a.kind == "single" else "")) for a, p in open_assessments]
            + [(f"{p.name}'s s47 from {british(s.start_on)}", f"record the s47 outcome: fscli s47 outcome {case.ref} --child {p.name!r} --icpc DATE (or --icpc-not-required)") for s, p in open_s47])  # fmt: skip


def close_journey(uow: UnitOfWork, case: Case, *, on: date, reason: str, end_care: bool = False) -> list[str]:
    """At closure: refuse while assessments or s47s are unfinished, or while a child is looked after
    and the worker has not said that care ends (a care order stands until a court discharges it);
    end every open plan."""
    problems: list[Problem] = []
    unfinished = _unfinished(uow, case)
    if unfinished:
        steps = list(dict.fromkeys(step for _, step in unfinished))  # each step once: two children's assessments complete together
        problems.append(Problem("case", case.ref, "has work that must be finished before closing: " + "; ".join(line for line, _ in unfinished), "; ".join(steps)))
    if reason in ("RC8", "RC9") and not case.referral_nfa:
        done = uow.session.exec(select(Assessment.id).where(Assessment.case_id == case.id, Assessment.completed_on.is_not(None))).first()  # type: ignore[union-attr]
        if done is None:
            problems.append(Problem("--reason", reason, "closing after assessment needs a completed assessment", f"or mark the referral no further action: fscli case referral {case.ref} --nfa"))
    plans = list(uow.session.exec(select(Plan, Person).join(Person).where(Plan.case_id == case.id, Plan.end_on.is_(None), Plan.voided_at.is_(None))).all())  # type: ignore[union-attr]
    for plan, person in plans:
        problems += journey.not_before("--date", on, plan.start_on, f"{person.name}'s {journey.PLAN_NAMES[plan.kind]} plan began")
    looked_after = sorted(p.name for plan, p in plans if plan.kind == "cla")
    if looked_after and not end_care:
        problems.append(Problem("case", case.ref, f"{', '.join(looked_after)} {'is' if len(looked_after) == 1 else 'are'} looked after (open CLA plan): closing would end their care",
                                f"record the discharge with 'fscli case plan {case.ref} --order-discharged DATE', end the CLA plan with 'fscli case plan {case.ref} cla --end DATE --reason TEXT', or, if care ends with the case, give --end-care"))  # fmt: skip
    check(problems)
    for plan, _ in plans:
        plan.end_on, plan.end_reason = on, "care ended at closure" if plan.kind == "cla" else "case closed"
        uow.session.add(plan)
    return [f"{p.name}: {journey.PLAN_NAMES[plan.kind]} plan ended" + (" (care ended)" if plan.kind == "cla" else "") for plan, p in plans]
