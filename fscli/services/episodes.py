"""The open episode of a case, and the checks that keep a command inside its kind.

Plans, assessments and enquiries belong to the kind of the open episode (domain/episodes.py): a
statutory plan, a single assessment or an s47 in an Early Help episode needs a step-up first, an
Early Help plan or assessment in a statutory episode a step-down (services/steps.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import select

from fscli.domain import episodes
from fscli.domain.journey import EXCLUSIVE
from fscli.domain.problems import Problem, check
from fscli.store.models import Case, Episode
from fscli.store.uow import UnitOfWork

if TYPE_CHECKING:
    from fscli.store.models import Person, Plan

# The statutory tables (plans, assessments, enquiries) and the people are imported where they are
# read: opening a case needs its episode, not them, and each table class costs a write about 15M
# instructions to build (issue 27, fscli/store/models.py).


def open_episode(uow: UnitOfWork, case: Case) -> Episode | None:
    return uow.session.exec(select(Episode).where(Episode.case_id == case.id, Episode.end_on.is_(None))).first()  # type: ignore[union-attr]


def span(episode: Episode | None) -> episodes.Span | None:
    return episodes.Span(episode.kind, episode.start_on) if episode else None


def open_plans(uow: UnitOfWork, case: Case) -> list[tuple[Plan, Person]]:
    from fscli.store.models import Person, Plan

    return list(uow.session.exec(select(Plan, Person).join(Person).where(Plan.case_id == case.id, Plan.end_on.is_(None), Plan.voided_at.is_(None)).order_by(Person.name, Plan.id)).all())  # type: ignore[union-attr]


def _statutory_work(uow: UnitOfWork, case: Case, episode: Episode | None) -> bool:
    """Whether any statutory work began in this episode: a single assessment, an s47, a statutory plan
    (a plan voided as made in error is none)."""
    if episode is None:
        return False
    from fscli.store.models import Assessment, Plan, Section47

    since = episode.start_on
    return any(uow.session.exec(query).first() is not None for query in (
        select(Assessment.id).where(Assessment.case_id == case.id, Assessment.kind == "single", Assessment.start_on >= since),
        select(Section47.id).where(Section47.case_id == case.id, Section47.start_on >= since),
        select(Plan.id).where(Plan.case_id == case.id, Plan.kind.in_(episodes.STATUTORY_PLANS), Plan.start_on >= since, Plan.voided_at.is_(None)),  # type: ignore[attr-defined,union-attr]
    ))  # fmt: skip


def _becomes_early_help(uow: UnitOfWork, episode: Episode | None, relabel: bool) -> None:
    if relabel and episode is not None:
        episode.kind = "early-help"
        uow.session.add(episode)


def check_plan_kind(uow: UnitOfWork, case: Case, kind: str, chosen: list[Person]) -> None:
    """`case plan` inside the open episode's kind; across kinds it points at step-down or step-up."""
    current = open_episode(uow, case)
    chosen_ids = {child.id for child in chosen}
    stays = any(plan.kind in episodes.STATUTORY_PLANS and (child.id not in chosen_ids or plan.kind not in EXCLUSIVE) for plan, child in open_plans(uow, case))
    problems, relabel = episodes.check_plan_in_episode(case.ref, span(current), kind, stays_statutory=stays, statutory_work=_statutory_work(uow, case, current))
    check(problems)
    _becomes_early_help(uow, current, relabel)


def check_assessment_kind(uow: UnitOfWork, case: Case, kind: str) -> list[Problem]:
    """A single assessment follows a referral to children's social care; an EHA is Early Help work."""
    current = open_episode(uow, case)
    problems, relabel = episodes.check_assessment_in_episode(case.ref, span(current), kind, statutory_work=_statutory_work(uow, case, current))
    if not problems:
        _becomes_early_help(uow, current, relabel)
    return problems


def check_s47(uow: UnitOfWork, case: Case) -> list[Problem]:
    return episodes.check_statutory_step(case.ref, span(open_episode(uow, case)), "a section 47 enquiry")


def check_closure(uow: UnitOfWork, case: Case, reason: str) -> list[Problem]:
    current = open_episode(uow, case)
    return episodes.check_closure_in_episode(case.ref, span(current), reason, statutory_work=_statutory_work(uow, case, current))
