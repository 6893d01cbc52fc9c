"""Stepping a family down to Early Help and up to statutory work: one episode ends, the next begins.

A step-down ends the statutory episode with its census reason (RC7 or RC9) on the day the family
moves to Early Help, ends the children's statutory plans and starts their Early Help plans; a
step-up ends the Early Help episode (stepped up) and starts a statutory episode whose referral
date is that day. The case stays open through both (domain/episodes.py has the rules).
"""

from __future__ import annotations

from datetime import date

from sqlmodel import select

from fscli.domain import codes, episodes, journey
from fscli.domain.dates import british
from fscli.domain.problems import Problem, check
from fscli.domain.text import TEXT_MAX
from fscli.services.common import cleaned_text, find_case, require_open
from fscli.services.episodes import open_episode, open_plans, span
from fscli.services.journey import Done, resolve_children, unfinished_work
from fscli.store.models import Assessment, Case, Episode, Person, Plan
from fscli.store.uow import UnitOfWork


def _start_episode(uow: UnitOfWork, case: Case, kind: str, on: date, source: str | None = None) -> Episode:
    episode = Episode(case_id=case.id, kind=kind, start_on=on, referral_source=source, created_at=uow.clock.utcnow())
    uow.session.add(episode)
    uow.session.flush()
    return episode


def _end(uow: UnitOfWork, record, on: date, reason: str) -> None:
    record.end_on, record.end_reason = on, reason
    uow.session.add(record)


def step_down(uow: UnitOfWork, ref: str, *, on: date, reason: str, children: list[str]) -> Done:
    case = find_case(uow, ref)
    require_open(case, "step down to Early Help")
    current = open_episode(uow, case)
    reason_code, problems = codes.CLOSURE_REASON.check(reason, "--reason", year=codes.census_year(on))
    check(problems)
    plans = open_plans(uow, case)
    statutory = [(plan, child) for plan, child in plans if plan.kind in episodes.STATUTORY_PLANS]
    assessed = current is not None and uow.session.exec(
        select(Assessment.id).where(Assessment.case_id == case.id, Assessment.kind == "single", Assessment.completed_on.is_not(None), Assessment.start_on >= current.start_on)  # type: ignore[union-attr]
    ).first() is not None
    check(episodes.check_step_down(
        case.ref, span(current), on=on, today=uow.clock.today(), reason=reason_code, assessed=assessed,
        plans=[episodes.ChildPlan(child.name, plan.kind, plan.start_on) for plan, child in statutory], unfinished=unfinished_work(uow, case),
    ))  # fmt: skip
    assert current is not None
    # The children who move to Early Help: those named, else those on the statutory plans, else
    # the children the referral concerns.
    chosen = resolve_children(uow, case, children) if children or not statutory else list({child.id: child for _, child in statutory}.values())
    check([p for child in chosen if child.died_on for p in journey.within_case("--date", on, referred=case.referred_on, today=uow.clock.today(), child=journey.Child(child.name, child.dob, child.died_on), what="an Early Help plan")])
    lines = [f"statutory episode from {british(current.start_on)} ended {reason_code}: {codes.CLOSURE_REASON.label(reason_code)}"]
    for plan, child in statutory:
        _end(uow, plan, on, journey.transition(plan.kind, "early-help") if plan.kind in journey.LEVEL else "stepped down to Early Help")
        lines.append(f"{child.name}: {journey.PLAN_NAMES[plan.kind]} plan ended")
    _end(uow, current, on, reason_code)
    uow.session.flush()  # the one open episode of a case: this one ends before the next begins
    started = _start_episode(uow, case, "early-help", on)
    on_early_help = {child.id for plan, child in plans if plan.kind == "early-help"}
    # The Early Help plan says where the child stepped down from, in words ('stepped down from CIN
    # to Early Help'); the census reason (RC7) is the statutory episode's, said with its label there.
    came_from = {child.id: plan.kind for plan, child in statutory if plan.kind in journey.LEVEL}
    for child in chosen:
        if child.id not in on_early_help:
            why = journey.transition(came_from[child.id], "early-help") if child.id in came_from else "stepped down to Early Help"
            uow.session.add(Plan(case_id=case.id, person_id=child.id, kind="early-help", start_on=on, start_reason=why, created_at=uow.clock.utcnow()))
            lines.append(f"{child.name}: Early Help plan started")
    lines.append(f"Early Help episode from {british(on)}")
    uow.audit("case.step-down", "episode", started.id, case_id=case.id, fields=("end_on", "end_reason", "kind", "start_on"), records=[current.id, started.id], children=[c.id for c in chosen])
    return Done(case.ref, lines)


def step_up(uow: UnitOfWork, ref: str, *, on: date, source: str, reason: str | None) -> Done:
    case = find_case(uow, ref)
    require_open(case, "step up to children's social care")
    current = open_episode(uow, case)
    problems: list[Problem] = []
    source_code, found = codes.REFERRAL_SOURCE.check(source, "--source", year=codes.census_year(on))
    problems += found
    reason_text = cleaned_text(reason, "--reason", problems, max_len=TEXT_MAX)
    plans = [(plan, child) for plan, child in open_plans(uow, case) if plan.kind == "early-help"]
    problems += episodes.check_step_up(case.ref, span(current), on=on, today=uow.clock.today(), plans=[episodes.ChildPlan(c.name, p.kind, p.start_on) for p, c in plans])
    open_eha = uow.session.exec(select(Assessment, Person).join(Person).where(Assessment.case_id == case.id, Assessment.kind == "early-help", Assessment.completed_on.is_(None))).all()  # type: ignore[union-attr]
    for assessment, child in open_eha:
        problems.append(Problem("--child", child.name, f"has an Early Help assessment open (from {british(assessment.start_on)})",
                                f"complete it with the step-up: fscli assessment complete {case.ref} --date DATE --outcome step-up --child \"{child.name}\""))
    check(problems)
    assert current is not None
    lines = [f"Early Help episode from {british(current.start_on)} ended: {codes.CLOSURE_REASON.label(episodes.STEP_UP_REASON)}"]
    for plan, child in plans:
        _end(uow, plan, on, reason_text or "stepped up to children's social care")
        lines.append(f"{child.name}: Early Help plan ended")
    _end(uow, current, on, episodes.STEP_UP_REASON)
    uow.session.flush()
    started = _start_episode(uow, case, "statutory", on, source_code)
    lines.append(f"statutory episode from {british(on)}, referred by {source_code} ({codes.REFERRAL_SOURCE.label(source_code)}): the referral decision and the single assessment count from {british(on)}")
    uow.audit("case.step-up", "episode", started.id, case_id=case.id, fields=("end_on", "end_reason", "kind", "start_on", "referral_source"), records=[current.id, started.id])
    return Done(case.ref, lines)
