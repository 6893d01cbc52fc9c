"""One unit of work per command: a session inside one transaction, with the audit writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fscli.clock import Clock
from fscli.store import audit as audit_rows
from fscli.store.db import Database

T = TypeVar("T")


@dataclass
class UnitOfWork:
    session: Any  # sqlmodel.Session bound to the command's one transaction
    clock: Clock
    worker: str | None  # the acting worker, from --worker/FSCLI_WORKER/config
    audited: int = 0
    created: list[str] = field(default_factory=list)  # side records, named in the command's one audit row

    def note_created(self, entity: str, entity_id: int | None) -> None:
        self.created.append(f"{entity}:{entity_id}")

    def audit(self, action: str, entity: str, entity_id: int | None, *, case_id: int | None = None, fields: Iterable[str] = (), **extra: object) -> None:
        from sqlmodel import select

        from fscli.store.models import Audit

        self.session.flush()
        last = self.session.exec(select(Audit.hash).order_by(Audit.id.desc()).limit(1)).first()  # type: ignore[union-attr]
        prev = last or audit_rows.GENESIS
        at = self.clock.utcnow()
        user = audit_rows.os_user()
        if self.created:
            extra = {**extra, "also_created": list(self.created)}
            self.created.clear()
        detail = audit_rows.detail_text(fields, **extra)
        digest = audit_rows.row_hash(prev_hash=prev, at=at, os_user=user, worker=self.worker, action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail=detail)
        self.session.add(Audit(at=at, os_user=user, worker=self.worker, action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail=detail, prev_hash=prev, hash=digest))
        self.session.flush()
        self.audited += 1


def run(db: Database, clock: Clock, worker: str | None, work: Callable[[UnitOfWork], T], *, write: bool = True) -> T:
    """Run `work` as one transaction; every write command must leave at least one audit row."""

    def in_transaction(conn) -> T:
        from sqlmodel import Session

        session = Session(bind=conn, expire_on_commit=False, autoflush=True)
        try:
            uow = UnitOfWork(session, clock, worker)
            result = work(uow)
            session.flush()
            if write and uow.audited == 0:
                raise AssertionError("a write command finished without an audit row")
            return result
        finally:
            session.close()

    return db.transact(in_transaction, write=write)
