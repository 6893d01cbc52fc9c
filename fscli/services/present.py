"""Workers present at a visit or a meeting besides the one who logged it: the joint visit.

A name given with --with that is no one in the family and no agency may be a worker fscli knows
(one who has held a role on any case, or logged work); it is kept in contact_worker or
meeting_worker, never as free text, so that 'who visited with whom' can be asked of the record.
"""

from __future__ import annotations

from sqlmodel import select

from fscli.store.models import ContactWorker, MeetingCase, MeetingWorker, Worker
from fscli.store.uow import UnitOfWork


def known_workers(uow: UnitOfWork) -> dict[str, Worker]:
    """Every worker fscli knows, by name in any case."""
    return {w.name.casefold(): w for w in uow.session.exec(select(Worker)).all()}


def others_present(workers: list[Worker], logged_by: str | None) -> list[Worker]:
    """The workers named, once each, without the one logging (they were there: they logged it)."""
    me = (logged_by or "").strip().casefold()
    out: dict[int, Worker] = {}
    for worker in workers:
        if worker.name.casefold() != me:
            out.setdefault(worker.id, worker)  # type: ignore[arg-type]
    return list(out.values())


def record_present(uow: UnitOfWork, *, contact_id: int | None = None, meeting_id: int | None = None, workers: list[Worker]) -> None:
    for worker in workers:
        if contact_id is not None:
            uow.session.add(ContactWorker(contact_id=contact_id, worker_id=worker.id))
        else:
            uow.session.add(MeetingWorker(meeting_id=meeting_id, worker_id=worker.id))


def copy_present(uow: UnitOfWork, original_id: int, correction_id: int) -> None:
    """A corrected visit keeps who was there: the correction carries the same workers."""
    for row in uow.session.exec(select(ContactWorker).where(ContactWorker.contact_id == original_id)).all():
        uow.session.add(ContactWorker(contact_id=correction_id, worker_id=row.worker_id))


def copy_meeting(uow: UnitOfWork, original_id: int, correction_id: int) -> None:
    """A corrected meeting keeps the other workers there and, for a meeting of no one family, the
    cases it discussed: their chronologies show the correction in its place."""
    for row in uow.session.exec(select(MeetingWorker).where(MeetingWorker.meeting_id == original_id)).all():
        uow.session.add(MeetingWorker(meeting_id=correction_id, worker_id=row.worker_id))
    for discussed in uow.session.exec(select(MeetingCase).where(MeetingCase.meeting_id == original_id)).all():
        uow.session.add(MeetingCase(meeting_id=correction_id, case_id=discussed.case_id))
