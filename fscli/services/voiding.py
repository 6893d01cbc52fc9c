"""`fscli void ID --reason TEXT`: an entry made in error leaves every view, clock and count, and
stays in the audit and the export (the rule: fscli/domain/voiding.py)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from fscli.domain import caseless, journey, naming, voiding
from fscli.domain.dates import british
from fscli.domain.problems import check
from fscli.domain.text import TEXT_MAX, clean
from fscli.errors import NotFound
from fscli.services.common import find_case
from fscli.store.models import Case, Contact, DiaryEntry, Goal, GoalScore, Meeting, PlannedVisit, Plan, SarRequest, Task
from fscli.store.uow import UnitOfWork

MODELS = {"contact": Contact, "meeting": Meeting, "diary": DiaryEntry, "task": Task, "goal_score": GoalScore, "plan": Plan, "planned_visit": PlannedVisit, "goal": Goal, "sar_request": SarRequest}
LISTED_IN = {"contact": "fscli visit list REF", "meeting": "fscli chronology REF", "diary": "fscli diary list", "task": "fscli task list --done",
             "goal_score": "fscli goal show GOAL", "plan": "fscli case journey REF", "planned_visit": "fscli week", "sar_request": "fscli due --mine"}  # fmt: skip


@dataclass(frozen=True)
class Voided:
    label: str  # the entry as named: V12, FS-0001/2
    line: str


def void_entry(uow: UnitOfWork, ident: str, *, reason: str) -> Voided:
    kind, named, problems = voiding.read_void_id(ident)
    why, found = clean(reason, "--reason", max_len=TEXT_MAX)
    check(problems + found)
    assert kind is not None and named is not None
    record, case, name = find_entry(uow, kind, named, ident)
    later = superseding(uow, kind, record)
    check(voiding.void_problems(ident, what=kind.what, voided=record.voided_at is not None, superseded_by=f"{kind.prefix}{later.id}" if later else None, reason=why))
    chain = _chain(uow, kind, record)
    now = uow.clock.utcnow()
    for row in chain:
        row.voided_at, row.void_reason = now, why
        uow.session.add(row)
    reopened = reopen_bookings(uow, kind.table, [r.id for r in chain]) if kind.table in HELD_BY else []
    resumed = _reopen_followed_plan(uow, record) if isinstance(record, Plan) else None
    extra = {"chain": [r.id for r in chain]} if len(chain) > 1 else {}
    if resumed:
        extra["reopened_plan"] = resumed.id
    if reopened:
        extra["reopened"] = reopened
    uow.audit("void", kind.table, record.id, case_id=case.id if case else None, fields=("voided_at", "void_reason"), **extra)
    whose = f" of {case.ref} {case.family}" if case else ""
    also = f" (with the {len(chain) - 1} entr{'y' if len(chain) == 2 else 'ies'} it corrected)" if len(chain) > 1 else ""
    booked = f"; the {'planned visit' if kind.table == 'contact' else 'booking'} it {'fulfilled' if kind.table == 'contact' else 'held'} is open again" if reopened else ""
    if resumed:
        booked += f"; the {journey.PLAN_NAMES[resumed.kind]} plan it followed (from {british(resumed.start_on)}) is open again"
    if isinstance(record, Meeting) and record.kind == "icpc" and case is not None:
        booked += f"; the ICPC date on the children's enquiries stays (to put it right: fscli correct icpc {case.ref} --date DATE --reason TEXT)"
    return Voided(name, f"{kind.what} {name}{whose} voided{also}: it leaves every view and count, and stays in the audit and the export{booked}")


def find_entry(uow: UnitOfWork, kind: voiding.Voidable, named: naming.Named, ident: str):
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


def superseding(uow: UnitOfWork, kind: voiding.Voidable, record):
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


def _reopen_followed_plan(uow: UnitOfWork, plan: Plan) -> Plan | None:
    """The child's plan that this one's start ended (domain/journey.py `followed`), open again,
    unless the child has an open plan of that kind already."""
    earlier = uow.session.exec(select(Plan).where(Plan.person_id == plan.person_id, Plan.id != plan.id, Plan.end_on == plan.start_on, Plan.voided_at.is_(None))).all()  # type: ignore[union-attr]
    resumed = next((p for p in earlier if journey.followed(plan.kind, plan.start_on, p.kind, p.end_on, p.end_reason)), None)
    if resumed is None:
        return None
    open_kinds = {p.kind for p in uow.session.exec(select(Plan).where(Plan.person_id == plan.person_id, Plan.end_on.is_(None), Plan.voided_at.is_(None), Plan.id != plan.id)).all()}  # type: ignore[union-attr]
    if open_kinds & set(journey.EXCLUSIVE):
        return None
    resumed.end_on, resumed.end_reason = None, None
    uow.session.add(resumed)
    return resumed


# The booking column that a visit or a meeting fulfils: a voided one did not happen as recorded.
HELD_BY = {"contact": "fulfilled_by", "meeting": "held_as"}


def reopen_bookings(uow: UnitOfWork, table: str, ids: list[int]) -> list[int]:
    """A booking fulfilled by a visit, or held as a meeting, that is voided is open again."""
    column = getattr(PlannedVisit, HELD_BY[table])
    bookings = list(uow.session.exec(select(PlannedVisit).where(column.in_(ids))).all())
    for booking in bookings:
        setattr(booking, HELD_BY[table], None)
        uow.session.add(booking)
    return [b.id for b in bookings]  # type: ignore[misc]
