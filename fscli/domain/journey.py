"""The statutory journey of each child: assessments, section 47 enquiries, plans (domain.md §1, §3).

Rules take plain values and return every problem they find. The DfE rule numbers they follow
are in domain.md §3 (e.g. 4001: no CIN plan at the same time as a CP plan; 2885: a CP plan
starts on the ICPC date; 8870Q: an ICPC is never on a weekend).
"""

from __future__ import annotations

import re
from datetime import date

from fscli.domain import codes
from fscli.domain.census_entry import CLOSED_AFTER_ASSESSMENT, FACTORS_NONE
from fscli.domain.dates import british
from fscli.domain.frozen import frozen
from fscli.domain.pre_referral import not_before_referral
from fscli.domain.problems import Problem
from fscli.domain.workdays import WorkingCalendar

PLAN_KINDS = ("early-help", "cin", "cp", "cla", "reunification")
EXCLUSIVE = ("early-help", "cin", "cp", "cla")  # at most one of these open per child
LEVEL = {"early-help": 0, "cin": 1, "cp": 2, "cla": 3}
PLAN_NAMES = {"early-help": "Early Help", "cin": "CIN", "cp": "CP", "cla": "CLA", "reunification": "reunification"}
OUTCOMES = ("nfa", "early-help", "cin", "strategy", "cla")
CHILD_ID = re.compile(r"[A-Za-z0-9]{1,20}")
CHILD_ID_PREFIX = "FSC"


def child_id(number: int) -> str:
    """A generated local child identifier: letters and digits only, as the CIN census needs."""
    return f"{CHILD_ID_PREFIX}{number:06d}"


def check_child_id(value: str) -> list[Problem]:
    if not CHILD_ID.fullmatch(value):
        return [Problem("--child-id", value, "must be 1-20 letters and digits only (the CIN census rejects anything else)")]
    if value.upper().startswith(CHILD_ID_PREFIX) and value[len(CHILD_ID_PREFIX):].isdigit():
        return [Problem("--child-id", value, f"identifiers starting {CHILD_ID_PREFIX} and a number are given by fscli", "leave it out, or use the council's own ID")]
    return []


def transition(old: str, new: str) -> str:
    """How a worker says it: 'stepped up from CIN to CP', 'stepped down from CIN to Early Help'."""
    direction = "up" if LEVEL[new] > LEVEL[old] else "down"
    return f"stepped {direction} from {PLAN_NAMES[old]} to {PLAN_NAMES[new]}"


def category_words(code: str) -> str:
    """A CP category as a worker says it: 'neglect' (the census code, NEG, is for the return)."""
    return codes.CATEGORY_OF_ABUSE.label(code).lower() or code


def plan_words(kind: str, categories: list[str] | tuple[str, ...] = ()) -> str:
    """A plan as a reader who knows no codes says it: 'Child protection plan (neglect)', and a
    category that changed as 'Child protection plan (physical abuse, then neglect)'."""
    said = codes.PLAN_TYPE.label(kind) or kind
    named = [category_words(c) for c in categories]
    named = [c for i, c in enumerate(named) if i == 0 or c != named[i - 1]]
    return f"{said} ({', then '.join(named)})" if named else said


def followed(voided_kind: str, voided_start: date, earlier_kind: str, earlier_end: date | None, earlier_end_reason: str | None) -> bool:
    """Whether a plan was ended by the start of `voided` (its transition, on that day): voiding the
    later plan, made in error, opens the earlier again, as it was before."""
    return (voided_kind in EXCLUSIVE and earlier_kind in EXCLUSIVE and earlier_kind != voided_kind and earlier_end == voided_start
            and earlier_end_reason == transition(earlier_kind, voided_kind))  # fmt: skip


def is_weekend(day: date) -> bool:
    return day.weekday() >= 5


@frozen
class Child:
    name: str
    dob: date | None
    died_on: date | None


def within_case(field: str, day: date, *, referred: date | None, today: date, child: Child | None = None, what: str) -> list[Problem]:
    """Nothing starts before the referral, in the future, or after a child's death. `referred` is
    None when the caller has checked the referral date itself (history: domain/pre_referral.py)."""
    problems = [] if referred is None else not_before_referral(field, day, referred=referred, what=what)
    if day > today:
        problems.append(Problem(field, british(day), f"{what} cannot be in the future (today is {british(today)})"))
    if child and child.died_on and day > child.died_on:
        problems.append(Problem(field, british(day), f"{what} cannot be after {child.name}'s death ({british(child.died_on)})"))
    return problems


def not_before(field: str, day: date, start: date, what: str) -> list[Problem]:
    if day < start:
        return [Problem(field, british(day), f"is before {what} ({british(start)})")]
    return []


def check_factors(text: str | None, *, outcome: str | None, year: int) -> tuple[list[str], list[Problem]]:
    """Assessment factors from the code set (None: not given). '21' (no factors identified) stands
    alone (DfE rule 8869), and goes with an outcome that closes the case after the assessment: no
    further action or Early Help (RC8 or RC9, query 8873Q). `outcome` None: not known to be right."""
    found: list[str] = []
    problems: list[Problem] = []
    for part in [p for p in re.split(r"[,\s]+", (text or "").strip()) if p]:
        code, errors = codes.ASSESSMENT_FACTOR.check(part, "--factors", year=year)
        problems += errors
        if not errors and code not in found:
            found.append(code)
    if not found and not problems:
        problems.append(Problem("--factors", text, "are needed to complete a single assessment: the factors it identified, which the CIN census asks for (DfE rule 8897Q)",
                                f"add --factors CODES, e.g. --factors 2B,3B, or --factors {FACTORS_NONE} when it found none (see 'fscli codes assessment-factor')"))  # fmt: skip
    if FACTORS_NONE in found and len(found) > 1:
        problems.append(Problem("--factors", text, f"{FACTORS_NONE} (no factors identified) cannot be given with other factors (DfE rule 8869)",
                                f"give {FACTORS_NONE} alone when the assessment found none, or only the factors it found"))  # fmt: skip
    elif FACTORS_NONE in found and outcome is not None and outcome not in CLOSED_AFTER_ASSESSMENT:
        allowed = " or ".join(f"{o} ({rc})" for o, rc in CLOSED_AFTER_ASSESSMENT.items())
        problems.append(Problem("--factors", text, f"{FACTORS_NONE} (no factors identified) goes with an outcome that closes the case after the assessment: --outcome {allowed}, not {outcome} (DfE query 8873Q)",
                                "give the factors the assessment found (see 'fscli codes assessment-factor')"))  # fmt: skip
    return found, problems


def check_icpc(day: date, *, s47_start: date, today: date, calendar: WorkingCalendar, field: str = "--icpc") -> list[Problem]:
    """An ICPC is held on a working day after the strategy discussion, and recorded once held
    (validator rules 8870Q, 8875: never at a weekend; nor on a bank holiday, by the working calendar)."""
    problems = not_before(field, day, s47_start, "the strategy discussion that started the s47")
    if is_weekend(day):
        problems.append(Problem(field, british(day), f"is a {day:%A}: an initial child protection conference is never at a weekend (DfE rule 8875)", "give the date it was really held, a working day"))
    elif not calendar.is_working_day(day):
        problems.append(Problem(field, british(day), "is a bank holiday: an initial child protection conference is held on a working day", "give the date it was really held"))
    if day > today:
        problems.append(Problem(field, british(day), f"has not happened yet (today is {british(today)})", "record the outcome once the conference has been held"))
    return problems


def cp_plan_off_its_icpc(field: str, start: date, icpc_dates: list[date], *, plan: str | None, ref: str = "REF", child: str = "NAME") -> Problem:
    """A CP plan starts on the day of its ICPC (DfE rule 2885): the refusal names the plan (`plan`,
    its id, when correcting one: it would be moved off its ICPC's day), the ICPC's date and what to record."""
    correct_icpc = f"fscli correct icpc {ref} --date DATE --reason TEXT"
    if plan:
        held = max(icpc_dates)
        return Problem(field, british(start), f"CP plan {plan} began at the ICPC of {british(held)}, and a CP plan starts on the day of its ICPC (DfE rule 2885)",
                       f"if the ICPC's date is what is wrong, correct it, and the plan moves with it: {correct_icpc}")
    if icpc_dates:
        held = max(icpc_dates)
        return Problem(field, british(start), f"a CP plan starts on the day of the ICPC, and the ICPC was on {british(held)} (DfE rule 2885)",
                       f"give {field} {british(held)}; if the ICPC's date is what is wrong: {correct_icpc}; or give --reason saying why the dates differ")
    return Problem(field, british(start), "a CP plan starts on the day of the ICPC, and no ICPC is recorded for the child (DfE rule 2885)",
                   f"record the ICPC first: fscli s47 outcome {ref} --child {child!r} --icpc DATE; or give --reason saying why there is none")


@frozen
class OpenPlan:
    kind: str
    start: date


def check_plan_start(kind: str, start: date, *, child: Child, open_plans: list[OpenPlan], category: str | None, icpc_dates: list[date], reason: str | None, ref: str = "REF") -> list[Problem]:
    problems: list[Problem] = []
    same = [p for p in open_plans if p.kind == kind]
    if same and kind != "cp":
        problems.append(Problem("TYPE", kind, f"{child.name} already has an open {PLAN_NAMES[kind]} plan (since {british(same[0].start)})"))
    if kind in EXCLUSIVE:
        for plan in open_plans:
            if plan.kind in EXCLUSIVE and plan.kind != kind and start < plan.start:
                problems.append(Problem("--start", british(start), f"is before {child.name}'s {PLAN_NAMES[plan.kind]} plan began ({british(plan.start)})"))
    if kind == "cp" and not same:
        if not category:
            problems.append(Problem("--category", None, "a CP plan needs a category of abuse (NEG, PHY, SAB, EMO or MUL)", "see 'fscli codes category-of-abuse'"))
        if start not in icpc_dates and not reason:
            problems.append(cp_plan_off_its_icpc("--start", start, icpc_dates, plan=None, ref=ref, child=child.name))
    if kind != "cp" and category:
        problems.append(Problem("--category", category, "only a CP plan has a category of abuse"))
    if kind == "reunification" and not any(p.kind == "cla" for p in open_plans):
        problems.append(Problem("TYPE", kind, f"a reunification plan is for a looked-after child going home, and {child.name} has no open CLA plan", f"start one first: fscli case plan REF cla --start DATE --child \"{child.name}\""))
    return problems
