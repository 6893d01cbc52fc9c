"""`fscli void ID --reason TEXT`: an entry made in error leaves every view, clock and count, and
stays in the audit and the export (the rule: fscli/domain/voiding.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from fscli.domain import caseless, naming, voiding
from fscli.domain.problems import check
from fscli.domain.text import TEXT_MAX, clean
from fscli.errors import NotFound
from fscli.services.common import find_case
from fscli.store.models import Case, Contact, DiaryEntry, Goal, GoalScore, Meeting, PlannedVisit, Plan, Task
from fscli.store.uow import UnitOfWork

MODELS = {"contact": Contact, "meeting": Meeting, "diary": DiaryEntry, "task": Task, "goal_score": GoalScore, "plan": Plan, "planned_visit": PlannedVisit, "goal": Goal}
LISTED_IN = {"contact": "fscli visit list REF", "meeting": "fscli chronology REF", "diary": "fscli diary list", "task": "fscli task list --done",
             "goal_score": "fscli goal show GOAL", "plan": "fscli case journey REF", "planned_visit": "fscli week"}  # fmt: skip


@dataclass(frozen=True)
class Voided:
    label: str  # the entry as named: V12, FS-0001/2
    line: str


def void_entry(uow: UnitOfWork, ident: str, *, reason: str) -> Voided:
    kind, named, problems = voiding.read_void_id(ident)
    why, found = clean(reason, "--reason", max_len=TEXT_MAX)
    check(problems + found)
    assert kind is not None and named is not None
    record, case, name = _found(uow, kind, named, ident)
    later = _superseding(uow, kind, record)
    check(voiding.void_problems(ident, what=kind.what, voided=record.voided_at is not None, superseded_by=f"{kind.prefix}{later.id}" if later else None, reason=why))
    chain = _chain(uow, kind, record)
    now = uow.clock.utcnow()
    for row in chain:
        row.voided_at, row.void_reason = now, why
        uow.session.add(row)
    reopened = _reopen_bookings(uow, [r.id for r in chain]) if kind.table == "contact" else []
    extra = {"chain": [r.id for r in chain]} if len(chain) > 1 else {}
    if reopened:
        extra["reopened"] = reopened
    uow.audit("void", kind.table, record.id, case_id=case.id if case else None, fields=("voided_at", "void_reason"), **extra)
    whose = f" of {case.ref} {case.family}" if case else ""
    also = f" (with the {len(chain) - 1} entr{'y' if len(chain) == 2 else 'ies'} it corrected)" if len(chain) > 1 else ""
    booked = "; the planned visit it fulfilled is open again" if reopened else ""
    if isinstance(record, Meeting) and record.kind == "icpc" and case is not None:
        booked += f"; the ICPC date on the children's enquiries stays (to put it right: fscli correct icpc {case.ref} --date DATE --reason TEXT)"
    return Voided(name, f"{kind.what} {name}{whose} voided{also}: it leaves every view and count, and stays in the audit and the export{booked}")


def _found(uow: UnitOfWork, kind: voiding.Voidable, named: naming.Named, ident: str):
    """The record, its case, and its name as a worker types it; a case named with it is checked."""
    if kind.table == "goal":
        from fscli.services.goals import find_goal

        goal = find_goal(uow, ident)
        return goal.goal, goal.case, goal.name
    model = MODELS[kind.table]
    record = uow.session.get(model, named.number)
    name = f"{kind.prefix}{named.number}"
    if isinstance(record, Meeting) and caseless.someone_elses(record.case_id, record.worker, uow.worker):
        record = None  # another worker's supervision or training: not theirs to see
    if record is None:
        raise NotFound(f"{kind.what} {name}: no such {kind.what}", hint=f"see '{LISTED_IN[kind.table]}'")
    case = _case_of(uow, record)
    if named.ref is not None:
        find_case(uow, named.ref)  # a case that does not exist is named as such
        check([p for p in [naming.wrong_case_problem(ident, named_ref=named.ref, actual_ref=case.ref if case else "", what=kind.what)] if p])
    return record, case, name


def _case_of(uow: UnitOfWork, record) -> Case | None:
    if isinstance(record, GoalScore):
        goal = uow.session.get(Goal, record.goal_id)
        return uow.session.get(Case, goal.case_id) if goal else None
    return uow.session.get(Case, record.case_id) if record.case_id else None


def _superseding(uow: UnitOfWork, kind: voiding.Voidable, record):
    if not kind.superseded_by:
        return None
    model = MODELS[kind.table]
    return uow.session.exec(select(model).where(getattr(model, kind.superseded_by) == record.id)).first()


def _chain(uow: UnitOfWork, kind: voiding.Voidable, record) -> list:
    """The record and every earlier entry it corrects, newest first."""
    chain = [record]
    while kind.superseded_by and getattr(chain[-1], kind.superseded_by):
        earlier = uow.session.get(MODELS[kind.table], getattr(chain[-1], kind.superseded_by))
        if earlier is None or earlier.voided_at is not None:
            break
        chain.append(earlier)
    return chain


def _reopen_bookings(uow: UnitOfWork, contact_ids: list[int]) -> list[int]:
    """A planned visit fulfilled by a visit voided is open again: the visit did not happen as recorded."""
    bookings = list(uow.session.exec(select(PlannedVisit).where(PlannedVisit.fulfilled_by.in_(contact_ids))).all())  # type: ignore[union-attr]
    for booking in bookings:
        booking.fulfilled_by = None
        uow.session.add(booking)
    return [b.id for b in bookings]  # type: ignore[misc]
