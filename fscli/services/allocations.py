"""Workers on a case, each in a role: allocating a role, sharing the case, ending a worker's role.

One current holder a role (a unique index holds it); a role passing from one worker to another
says why, with a worker-change code, as a case's change of worker always has. The key worker is
the role of `case allocate` without --role, and of every allocation made before roles.
"""

from __future__ import annotations

from datetime import date

from fscli.domain import casework, codes
from fscli.domain.allocation import KEY_WORKER, ROLE_LABELS, role_code
from fscli.domain.dates import british, not_in_future
from fscli.domain.problems import Problem, check
from fscli.domain.text import clean
from fscli.errors import RuleBroken
from fscli.services.cases import CaseResult
from fscli.services.common import current_allocations, find_case, worker_named
from fscli.store.models import Allocation, Case
from fscli.store.uow import UnitOfWork


def _as(role: str) -> str:
    return "" if role == KEY_WORKER else f" as {ROLE_LABELS[role]}"


def _checked(uow: UnitOfWork, case: Case, worker: str, role: str | None, on: date, problems: list[Problem]) -> tuple[str, str, Allocation | None, str | None]:
    """The worker's name and role, with the role's current allocation and holder; problems collected."""
    code = KEY_WORKER
    if role is not None:
        found_code, found = role_code(role)
        problems += found
        code = found_code or KEY_WORKER
    name, found = clean(worker, "WORKER")
    problems += found
    current, holder = next(((a, w.name) for a, w in current_allocations(uow, case) if a.role == code), (None, None))
    problems += casework.check_allocation(
        is_open=case.status == "open", ref=case.ref, referred=case.referred_on, current_worker=holder,
        current_since=current.start_on if current else None, worker=name, on=on, today=uow.clock.today(), as_role=_as(code),
    )  # fmt: skip
    return name, code, current, holder


def _start(uow: UnitOfWork, case: Case, name: str, role: str, on: date, reason_code: str | None, current: Allocation | None, action: str) -> str:
    holder = worker_named(uow, name, "WORKER")
    if current:
        current.end_on = on
        uow.session.add(current)
        uow.session.flush()  # the role's unique index: the old holding ends before the new one begins
    uow.session.add(Allocation(case_id=case.id, worker_id=holder.id, role=role, start_on=on, reason=reason_code, created_at=uow.clock.utcnow()))
    uow.audit(action, "case", case.id, case_id=case.id, fields=("worker", "role", "start_on") + (("reason",) if reason_code else ()))
    return holder.name


def allocate(uow: UnitOfWork, ref: str, worker: str, *, on: date, reason: str | None, role: str | None = None) -> CaseResult:
    """The worker takes the role (the key worker's without one) from whoever holds it now."""
    case = find_case(uow, ref)
    problems: list[Problem] = []
    reason_code = None
    if reason is not None:
        reason_code, found = codes.WORKER_CHANGE.check(reason, "--reason")
        problems += found
    name, code, current, holder = _checked(uow, case, worker, role, on, problems)
    if current and reason is None:
        moves = "the case moves" if code == KEY_WORKER else f"the {ROLE_LABELS[code].split(' (')[0]} changes"
        problems.append(Problem("--reason", None, f"say why {moves} from {holder}", "give a worker-change code, see 'fscli codes worker-change'"))
    check(problems)
    taken = _start(uow, case, name, code, on, reason_code, current, "case.allocate")
    previous = f"from {holder}" if holder else "first allocation" if code == KEY_WORKER else "the role's first holder"
    return CaseResult(case.ref, case.family, case.status, taken + _as(code), on, previous)


def share(uow: UnitOfWork, ref: str, worker: str, *, role: str, on: date) -> CaseResult:
    """Another worker joins the case in a role no one holds: the case is shared, not handed over."""
    case = find_case(uow, ref)
    problems: list[Problem] = []
    name, code, current, holder = _checked(uow, case, worker, role, on, problems)
    check(problems)
    if current and holder:
        raise RuleBroken(f"--role {code}: {holder} is the {ROLE_LABELS[code]} on {case.ref}",
                         hint=f"to hand the role over, say why: fscli case allocate {case.ref} \"{name}\" --role {code} --reason CODE")  # fmt: skip
    joined = _start(uow, case, name, code, on, None, None, "case.share")
    return CaseResult(case.ref, case.family, case.status, joined + _as(code), on, None)


def unshare(uow: UnitOfWork, ref: str, worker: str, *, on: date, role: str | None = None) -> CaseResult:
    """A worker's role on the case ends; the allocation stays in the history."""
    case = find_case(uow, ref)
    problems: list[Problem] = []
    code = None
    if role is not None:
        code, found = role_code(role)
        problems += found
    name, found = clean(worker, "WORKER")
    problems += found
    check(problems)
    if case.status != "open":
        raise RuleBroken(f"case {case.ref} is closed: its workers' roles ended at the closure", hint=f"see 'fscli case show {case.ref}'")
    held = [(a, w) for a, w in current_allocations(uow, case) if w.name.casefold() == name.casefold() and (code is None or a.role == code)]
    if not held:
        roles = ", ".join(f"{w.name} ({a.role})" for a, w in current_allocations(uow, case)) or "no one"
        check([Problem("WORKER", name, f"holds no{' such' if code else ''} role on {case.ref} now", f"its workers now: {roles}")])
    if len(held) > 1:
        check([Problem("--role", None, f"{name} holds several roles on {case.ref}: say which ends", "one of: " + ", ".join(a.role for a, _ in held))])
    allocation, holder = held[0]
    problems = not_in_future(on, uow.clock.today(), "--date", "the end of a role")
    if on < allocation.start_on:
        problems.append(Problem("--date", british(on), f"is before {holder.name} took the role ({british(allocation.start_on)})"))
    check(problems)
    allocation.end_on = on
    uow.session.add(allocation)
    uow.audit("case.unshare", "case", case.id, case_id=case.id, fields=("worker", "role", "end_on"))
    return CaseResult(case.ref, case.family, case.status, holder.name + _as(allocation.role) if allocation.role != KEY_WORKER else holder.name + " as key worker", on, None)
