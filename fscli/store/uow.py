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

    def next_number(self, counter: str) -> int:
        """The counter's next value ('case_ref', 'child_id'), advanced inside this transaction so
        two terminals never share one: the UPDATE holds the row until the command commits."""
        from sqlalchemy import text

        advance = text("UPDATE counter SET value = value + 1 WHERE name = :name RETURNING value")
        return self.session.connection().execute(advance, {"name": counter}).scalar_one()

    def audit(self, action: str, entity: str, entity_id: int | None, *, case_id: int | None = None, fields: Iterable[str] = (), **extra: object) -> None:
        from sqlmodel import select

        from fscli.store.models import Audit

        self.session.flush()
        at = self.clock.utcnow()
        if self.created:
            extra = {**extra, "also_created": list(self.created)}
            self.created.clear()
        detail = audit_rows.detail_text(fields, **extra)
        entries: list[tuple[str, int, str | None]] = []  # the records this command wrote: the seals (issue 23 §4) fill it
        connection = self.session.connection()
        if connection.dialect.name == "postgresql":
            # On a team server the server completes the row (store/server_rules.py): who wrote it
            # is the login's, its place in the chain the server's.
            from fscli.store import server_rules

            server_rules.append_audit(connection, at=at, action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail=detail, rows=entries, claimed=self.worker)
            self.audited += 1
            return
        last = self.session.exec(select(Audit.hash).order_by(Audit.id.desc()).limit(1)).first()  # type: ignore[union-attr]
        prev = last or audit_rows.GENESIS
        user = audit_rows.os_user()
        digest = audit_rows.row_hash(prev_hash=prev, at=at, os_user=user, worker=self.worker, action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail=detail)
        self.session.add(Audit(at=at, os_user=user, worker=self.worker, action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail=detail, prev_hash=prev, hash=digest))
        self.session.flush()
        self.audited += 1


@dataclass(frozen=True)
class Idempotency:
    """A script's key for one write, and the command it names (e.g. 'case open')."""

    key: str
    command: str


def run(db: Database, clock: Clock, worker: str | None, work: Callable[[UnitOfWork], T], *, write: bool = True, idempotency: Idempotency | None = None) -> T:
    """Run `work` as one transaction; every write command must leave at least one audit row.

    With an idempotency key, a key already used means the write was done before (perhaps by a
    run that was killed before it could say so): nothing is written, and AlreadyDone says what
    was done. The key is recorded in the same transaction as the write: both, or neither.
    """

    def in_transaction(conn) -> T:
        from sqlmodel import Session

        session = Session(bind=conn, expire_on_commit=False, autoflush=True)
        changed = _track_changes(session) if write else []
        try:
            if idempotency is not None:
                _refuse_replay(session, idempotency)
            uow = UnitOfWork(session, clock, worker)
            result = work(uow)
            session.flush()
            if changed:
                from fscli.store import derived

                derived.refresh(session.connection(), derived.cases_of(session.connection(), changed))
            if write and uow.audited == 0:
                raise AssertionError("a write command finished without an audit row")
            if idempotency is not None:
                _remember(session, uow, idempotency, result)
            return result
        finally:
            session.close()

    return db.transact(in_transaction, write=write)


def _track_changes(session) -> list:
    """Every record the session adds, changes or removes, so their cases' derived facts follow."""
    from sqlalchemy import event

    changed: list = []

    @event.listens_for(session, "before_flush")
    def _collect(session, _context, _instances) -> None:
        changed.extend(session.new)
        changed.extend(session.dirty)
        changed.extend(session.deleted)

    return changed


def _refuse_replay(session, idempotency: Idempotency) -> None:
    from fscli.errors import AlreadyDone, RuleBroken
    from fscli.store.models import IdempotencyKey

    found = session.get(IdempotencyKey, idempotency.key)
    if found is None:
        return
    if found.command != idempotency.command:
        raise RuleBroken(f"--idempotency-key {idempotency.key!r}: was used for '{found.command}', not '{idempotency.command}'", hint="use a new key for each write")
    raise AlreadyDone(idempotency.key, found.command, found.created_at, found.label)


def _remember(session, uow: UnitOfWork, idempotency: Idempotency, result: object) -> None:
    from sqlmodel import select

    from fscli.store.models import Audit, IdempotencyKey

    action = session.exec(select(Audit.action).order_by(Audit.id.desc()).limit(1)).first()
    # What a script needs back on a retry: the reference or id the write made, where it has one.
    label = next((str(getattr(result, name)) for name in ("ref", "label", "number") if getattr(result, name, None) is not None), None)
    session.add(IdempotencyKey(key=idempotency.key, command=idempotency.command, action=action or idempotency.command, label=label, created_at=uow.clock.utcnow()))
    session.flush()
