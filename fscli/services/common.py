"""Lookups every service needs: the case by reference, the worker by name."""

from __future__ import annotations

from datetime import date

from sqlmodel import func, select

from fscli.domain import casework
from fscli.domain.allocation import KEY_WORKER
from fscli.domain.problems import Problem, check
from fscli.domain.text import clean
from fscli.errors import InvalidInput, NoSuchCase, RuleBroken
from fscli.store.models import Allocation, Case, CaseEvent, Worker
from fscli.store.uow import UnitOfWork


def case_with_ref(uow: UnitOfWork, ref: str) -> Case | None:
    """The case with this reference typed in any case, or None; found on the index of upper(ref)."""
    return uow.session.exec(select(Case).where(func.upper(Case.ref) == ref.strip().upper())).first()


def find_case(uow: UnitOfWork, ref: str) -> Case:
    """The case with this reference typed in any case; refuses when no case has it."""
    case = case_with_ref(uow, ref)
    if case is None:
        raise NoSuchCase(ref.strip())
    return case


def current_allocations(uow: UnitOfWork, case: Case) -> list[tuple[Allocation, Worker]]:
    """The case's workers now, one a role (its open allocations), in the order they began."""
    rows = uow.session.exec(select(Allocation, Worker).join(Worker).where(Allocation.case_id == case.id, Allocation.end_on.is_(None)).order_by(Allocation.start_on, Allocation.id)).all()  # type: ignore[union-attr,arg-type]
    return [(a, w) for a, w in rows]


def current_allocation(uow: UnitOfWork, case: Case, role: str = KEY_WORKER) -> tuple[Allocation | None, Worker | None]:
    """Who holds this role on the case now (the key worker unless named), or (None, None)."""
    return next(((a, w) for a, w in current_allocations(uow, case) if a.role == role), (None, None))


def holds_a_role(uow: UnitOfWork, case: Case, name: str | None) -> bool:
    """Whether this worker holds any role on the case now."""
    return bool(name) and any(w.name.casefold() == name.strip().casefold() for _, w in current_allocations(uow, case))  # type: ignore[union-attr]


def closure_note(uow: UnitOfWork, case: Case, on: date) -> str:
    """'; recorded after closure (...)' for an entry dated `on` that is being recorded after the
    case's closure it falls before (late recording is normal); '' otherwise."""
    closures = [(e.on_date, e.recorded_at) for e in uow.session.exec(select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.kind == "closed")).all()]
    return casework.late_note(casework.after_closure(on, closures, uow.clock.utcnow()))


def require_open(case: Case, doing: str) -> None:
    if case.status != "open":
        raise RuleBroken(f"case {case.ref} is closed: cannot {doing}", hint=f"reopen it first with 'fscli case reopen {case.ref} --date DATE --reason TEXT'")


def worker_named(uow: UnitOfWork, name: str, field: str = "--worker") -> Worker:
    """The worker called `name` (matched regardless of case), created on first use."""
    cleaned, problems = clean(name, field)
    check(problems)
    for worker in uow.session.exec(select(Worker)).all():
        if worker.name.casefold() == cleaned.casefold():
            return worker
    worker = Worker(name=cleaned, created_at=uow.clock.utcnow())
    uow.session.add(worker)
    uow.session.flush()
    uow.note_created("worker", worker.id)
    return worker


def cleaned_text(value: str | None, field: str, problems: list[Problem], *, max_len: int, multiline: bool = False, required: bool = False) -> str | None:
    """Clean an optional piece of text, collecting its problems; empty optional text is None."""
    if value is None:
        return None
    text, found = clean(value, field, max_len=max_len, multiline=multiline, required=required)
    problems += found
    return text or None


def require_worker(uow: UnitOfWork) -> None:
    """A meeting of no one family, held or booked, is seen only by its worker: without a name it
    would be no one's."""
    if not uow.worker:
        raise InvalidInput("REF", None, "is needed when fscli does not know your name: a meeting of no one family is in your own diary",
                           hint="set FSCLI_WORKER, or 'worker = \"Your Name\"' in the config file")  # fmt: skip
