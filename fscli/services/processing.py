"""Restriction of processing (UK GDPR Art. 18): made and lifted, for a whole case or one person.

While a restriction is current every other write touching it is refused (store/processing.py,
run by store/uow.py); these two writes are the ones allowed through (`processing_allowed`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from fscli.domain import processing
from fscli.domain.problems import check
from fscli.errors import RuleBroken
from fscli.services.common import find_case
from fscli.services.people import _member
from fscli.store.models import Person, ProcessingRestriction
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class ProcessingResult:
    ref: str
    person: str | None
    since: date

    def whose(self) -> str:
        return f"{self.person} of {self.ref}" if self.person else self.ref


def _current(uow: UnitOfWork, case_id: int, person_id: int | None) -> ProcessingRestriction | None:
    query = select(ProcessingRestriction).where(ProcessingRestriction.case_id == case_id, ProcessingRestriction.lifted_on.is_(None))  # type: ignore[union-attr]
    query = query.where(ProcessingRestriction.person_id.is_(None) if person_id is None else ProcessingRestriction.person_id == person_id)  # type: ignore[union-attr]
    return uow.session.exec(query).first()


def _whom(uow: UnitOfWork, ref: str, person: str | None):
    case = find_case(uow, ref)
    return case, (_member(uow, case, person) if person is not None else None)


def restrict(uow: UnitOfWork, ref: str, *, person: str | None, reason: str, from_on: date | None) -> ProcessingResult:
    today = uow.clock.today()
    since = from_on or today
    why, problems = processing.restrict_problems(reason, since, today)
    check(problems)
    case, member = _whom(uow, ref, person)
    who: Person | None = member
    found = _current(uow, case.id, who.id if who else None)  # type: ignore[arg-type]
    if found is not None:
        held = processing.Held(case.id, case.ref, found.reason, found.from_on, found.person_id, who.name if who else None)
        raise RuleBroken(f"{held.whose()} is under restriction of processing already, since {processing.british(found.from_on)}", hint=f"to change its reason or date, lift it first: {held.lift_command()}")
    uow.processing_allowed = True
    uow.session.add(ProcessingRestriction(case_id=case.id, person_id=who.id if who else None, reason=why, from_on=since, made_by=uow.worker, made_at=uow.clock.utcnow()))
    uow.session.flush()
    uow.audit("processing.restrict", "case", case.id, case_id=case.id, fields=("reason", "from_on", *(("person",) if who else ())))
    return ProcessingResult(case.ref, who.name if who else None, since)


def lift(uow: UnitOfWork, ref: str, *, person: str | None, reason: str) -> ProcessingResult:
    why, problems = processing.lift_problems(reason)
    check(problems)
    case, who = _whom(uow, ref, person)
    found = _current(uow, case.id, who.id if who else None)
    if found is None:
        whose = f"{who.name} of {case.ref}" if who else case.ref
        raise RuleBroken(f"{whose} is not under restriction of processing", hint="see 'fscli processing list' for the current restrictions and whom they hold")
    uow.processing_allowed = True
    found.lifted_on, found.lifted_reason, found.lifted_by = uow.clock.today(), why, uow.worker
    uow.session.add(found)
    uow.session.flush()
    uow.audit("processing.lift", "case", case.id, case_id=case.id, fields=("lifted_on", "lifted_reason", *(("person",) if who else ())))
    return ProcessingResult(case.ref, who.name if who else None, found.from_on)
