"""A family's goals and how they score them over time."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import func, select

from fscli.domain import codes, naming, scoring
from fscli.domain.dates import british
from fscli.domain.problems import Problem, check
from fscli.domain.text import NOTE_MAX, TEXT_MAX, clean
from fscli.errors import InvalidInput, NotFound, RuleBroken
from fscli.services.common import cleaned_text, closure_note, find_case, holds_a_role, require_open
from fscli.store.models import Agency, Allocation, Case, Goal, GoalScore, Person, Worker
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class GoalResult:
    name: str  # FS-0001/2: how the goal is named from now on
    ref: str
    family: str
    text: str
    line: str


@dataclass(frozen=True)
class FoundGoal:
    goal: Goal
    case: Case
    name: str


def find_goal(uow: UnitOfWork, text: str) -> FoundGoal:
    """The goal named `FS-0001/2`, or by a bare number on one of the worker's open cases (domain/naming.py)."""
    named, problems = naming.read_goal(text)
    check(problems)
    assert named is not None
    if named.ref is not None:
        case = find_case(uow, named.ref)
        ids = list(uow.session.exec(select(Goal.id).where(Goal.case_id == case.id).order_by(Goal.id)).all())  # type: ignore[arg-type]
        if named.number > len(ids):
            raise NotFound(f"goal {naming.goal_name(case.ref, named.number)}: no such goal (case {case.ref} has {len(ids)})", hint=f"see 'fscli goal list {case.ref}'")
        goal = uow.session.get(Goal, ids[named.number - 1])
        assert goal is not None
        return FoundGoal(goal, case, naming.goal_name(case.ref, named.number))
    row = uow.session.exec(select(Goal, Case).join(Case).where(Goal.id == named.number)).first()
    if row is None:
        raise NotFound(f"goal {named.number}: no such goal", hint=naming.GOAL_HINT)
    goal, case = row
    mine = holds_a_role(uow, case, uow.worker)
    check([p for p in [naming.bare_goal_problem(text, case_ref=case.ref, case_open=case.status == "open", held_by=uow.worker if mine else None, me=uow.worker)] if p])
    ids = list(uow.session.exec(select(Goal.id).where(Goal.case_id == case.id)).all())
    return FoundGoal(goal, case, naming.goal_name(case.ref, naming.numbers_within(ids)[goal.id]))  # type: ignore[arg-type,index]


def add_goal(uow: UnitOfWork, ref: str, text: str, *, person: str | None, area: str | None, outcome: str | None, scale: str, areas: list[str]) -> GoalResult:
    case = find_case(uow, ref)
    require_open(case, "add goals")
    problems: list[Problem] = []
    goal_text, found = clean(text, "TEXT", max_len=TEXT_MAX)
    problems += found
    bounds, found = scoring.parse_scale(scale)
    problems += found
    area_name = None
    if area is not None:
        area_name = next((a for a in areas if a.casefold() == area.strip().casefold()), None)
        if area_name is None:
            problems.append(Problem("--area", area, f"is not one of the goal areas ({', '.join(areas)})", "the list is 'goal_areas' in the config file"))
    outcome_code = None
    if outcome is not None:
        outcome_code, found = codes.SF_OUTCOME.check(outcome, "--outcome")
        problems += found
    check(problems)
    person_id = None
    if person is not None:
        member = _member(uow, case, person)
        if member is None:
            raise InvalidInput("--for", person, f"is not in case {case.ref} (people: {_people_names(uow, case)})")
        person_id = member.id
    low, high = bounds  # type: ignore[misc]
    goal = Goal(case_id=case.id, person_id=person_id, text=goal_text, area=area_name, outcome=outcome_code, scale_min=low, scale_max=high, status="open", created_at=uow.clock.utcnow())
    uow.session.add(goal)
    uow.session.flush()
    uow.audit("goal.add", "goal", goal.id, case_id=case.id, fields=["text", "scale"] + [f for f, v in (("person", person_id), ("area", area_name), ("outcome", outcome_code)) if v])
    number = uow.session.exec(select(func.count()).select_from(Goal).where(Goal.case_id == case.id)).one()
    return GoalResult(naming.goal_name(case.ref, number), case.ref, case.family, goal_text, f"scale {low}-{high}" + (f", area {area_name}" if area_name else ""))


def _member(uow: UnitOfWork, case: Case, name: str) -> Person | None:
    return next((p for p in uow.session.exec(select(Person).where(Person.case_id == case.id)).all() if p.name.casefold() == name.strip().casefold()), None)


def _people_names(uow: UnitOfWork, case: Case) -> str:
    return ", ".join(uow.session.exec(select(Person.name).where(Person.case_id == case.id)).all()) or "nobody yet"


def _rater(uow: UnitOfWork, case: Case, name: str) -> tuple[str, str, int | None]:
    """Who gave the score: someone in the family, a worker who held the case (or 'worker'), or an agency on the case."""
    wanted = name.strip()
    member = _member(uow, case, wanted)
    if member is not None:
        return "family", member.name, member.id
    workers = uow.session.exec(select(Worker.name).join(Allocation).where(Allocation.case_id == case.id)).all()
    if wanted.casefold() == "worker":
        holder = uow.worker or (workers[-1] if workers else None)
        if holder:
            return "worker", holder, None
    for worker in [*workers, uow.worker or ""]:
        if worker and worker.casefold() == wanted.casefold():
            return "worker", worker, None
    for agency in uow.session.exec(select(Agency.name).where(Agency.case_id == case.id)).all():
        if agency.casefold() == wanted.casefold():
            return "professional", agency, None
    raise InvalidInput("--by", name, f"is not someone on case {case.ref}", hint=f"use a family member ({_people_names(uow, case)}), 'worker', or an agency added with 'fscli agency add'")


def score_goal(uow: UnitOfWork, goal_text: str, value: str, *, by: str, on: date, note: str | None, next_step: str | None, phase: str | None, corrects: int | str | None) -> GoalResult:
    found_goal = find_goal(uow, goal_text)
    goal, case, name = found_goal.goal, found_goal.case, found_goal.name
    problems: list[Problem] = []
    _refuse_voided(goal, name)
    if goal.status != "open":
        raise RuleBroken(f"goal {name} was {goal.status} on {british(goal.closed_on)}: it takes no new scores")
    number, found = scoring.parse_score(value, goal.scale_min, goal.scale_max)
    problems += found
    live = _live_scores(uow, goal)
    first_day = min((s.scored_on for s in live), default=None)
    if isinstance(corrects, str):
        named, problems = naming.read_id(corrects, "S", "--corrects")
        check(problems)
        corrects = named.number
    if corrects is not None:
        old = next((s for s in live if s.id == corrects), None)
        if old is None:
            raise InvalidInput("--corrects", corrects, f"is not a current score of goal {name}", hint=f"see 'fscli goal show {name}'")
        live = [s for s in live if s.id != corrects]
        if old.scored_on == first_day:
            first_day = None  # a baseline score put right may move the baseline
    problems += scoring.check_score_date(on, referred=case.referred_on, closed_on=case.closed_on, today=uow.clock.today(), baseline=first_day)
    if phase is not None and phase not in scoring.PHASES:
        problems.append(Problem("--phase", phase, f"is not a phase ({', '.join(scoring.PHASES)})"))
    note_text = cleaned_text(note, "--note", problems, max_len=NOTE_MAX, multiline=True)
    step_text = cleaned_text(next_step, "--next-step", problems, max_len=TEXT_MAX)
    check(problems)
    kind, rater, person_id = _rater(uow, case, by)
    baseline, midway = scoring.timeline([(s.scored_on, s.phase) for s in live])
    derived = phase or scoring.phase_for(on, baseline_on=baseline, midway_on=midway, closed_on=goal.closed_on or case.closed_on)
    score = GoalScore(goal_id=goal.id, value=number, scored_on=on, rater_kind=kind, rater_name=rater, rater_person_id=person_id, phase=derived, note=note_text, next_step=step_text, supersedes_id=corrects, created_at=uow.clock.utcnow())  # type: ignore[arg-type]
    uow.session.add(score)
    uow.session.flush()
    uow.audit("goal.score" if corrects is None else "goal.score.correct", "goal_score", score.id, case_id=case.id, fields=["value", "scored_on", "rater", "phase"] + (["supersedes"] if corrects else []))
    values = [s.value for s in sorted([*live, score], key=lambda s: (s.scored_on, s.id or 0)) if s.rater_kind == kind and (kind != "family" or s.rater_person_id == person_id)]
    corrected = f", correcting score {corrects}" if corrects else ""
    return GoalResult(name, case.ref, case.family, goal.text, f"{rater} ({kind}) scored {number} on {british(on)}, {derived}{corrected}; their scores: {scoring.trend(values)}{closure_note(uow, case, on)}")


def _refuse_voided(goal: Goal, name: str) -> None:
    if goal.voided_at is not None:
        raise RuleBroken(f"goal {name} was voided as made in error ({goal.void_reason}): it takes no scores and no closure", hint=f"add the goal again if it is wanted: fscli goal add {name.rpartition('/')[0]} TEXT")


def _live_scores(uow: UnitOfWork, goal: Goal) -> list[GoalScore]:
    scores = list(uow.session.exec(select(GoalScore).where(GoalScore.goal_id == goal.id, GoalScore.voided_at.is_(None))).all())  # type: ignore[union-attr]
    superseded = {s.supersedes_id for s in scores if s.supersedes_id}
    return [s for s in scores if s.id not in superseded]


def close_goal(uow: UnitOfWork, goal_text: str, *, on: date, status: str, note: str | None) -> GoalResult:
    found_goal = find_goal(uow, goal_text)
    goal, case, name = found_goal.goal, found_goal.case, found_goal.name
    problems: list[Problem] = []
    _refuse_voided(goal, name)
    if goal.status != "open":
        raise RuleBroken(f"goal {name} is already {goal.status} (on {british(goal.closed_on)})")
    problems += scoring.check_score_date(on, referred=case.referred_on, closed_on=case.closed_on, today=uow.clock.today())
    problems = [Problem(p.field, p.value, p.message.replace("a score", "closing a goal")) for p in problems]
    note_text = cleaned_text(note, "--note", problems, max_len=NOTE_MAX, multiline=True)
    check(problems)
    goal.status, goal.closed_on, goal.close_note = status, on, note_text
    uow.session.add(goal)
    uow.audit("goal.close", "goal", goal.id, case_id=case.id, fields=("status", "closed_on") + (("close_note",) if note_text else ()))
    # A phase is worked out when the score is written: the closure does not rewrite scores already given that day.
    earlier = sorted(s.id for s in _live_scores(uow, goal) if s.scored_on == on and s.phase == "review")  # type: ignore[type-var]
    kept = f"; score{'s' if len(earlier) > 1 else ''} {', '.join(map(str, earlier))} of that day stay{'' if len(earlier) > 1 else 's'} 'review' (to make one the end: fscli goal score {name} VALUE --by NAME --corrects ID --phase end)" if earlier else ""
    return GoalResult(name, case.ref, case.family, goal.text, f"{status} on {british(on)}{kept}{closure_note(uow, case, on)}")
