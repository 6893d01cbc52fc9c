"""One unit of work per command: a session inside one transaction, with the audit writer."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from fscli.clock import Clock
from fscli.store import audit as audit_rows
from fscli.store.db import Database
from fscli.store.seals import Entry

T = TypeVar("T")

# How many write transactions this process has committed: an internal error raised after one (a
# bug while printing the result) must not say "nothing was changed" (cli/app.py reads it).
COMMITTED_WRITES: list[int] = []


@dataclass
class UnitOfWork:
    session: Any  # sqlmodel.Session bound to the command's one transaction
    clock: Clock
    worker: str | None  # the acting worker, from --worker/FSCLI_WORKER/config
    audited: int = 0
    created: list[str] = field(default_factory=list)  # side records, named in the command's one audit row
    changed: list = field(default_factory=list)  # every object the session added, changed or removed (run's _track_changes)
    sealed_upto: int = 0  # how many of `changed` an audit row has sealed already
    written: list[tuple[str, int]] = field(default_factory=list)  # records written by SQL of their own, not yet sealed
    cases: set[int] = field(default_factory=set)  # the cases the audit rows name: their derived facts are worked out again
    processing_allowed: bool = False  # this write may touch a case under restriction of processing: making or lifting one (store/processing.py), recording a subject access request

    def note_created(self, entity: str, entity_id: int | None) -> None:
        self.created.append(f"{entity}:{entity_id}")

    def note_written(self, table: str, ids: Iterable[int]) -> None:
        """Records written by SQL of its own rather than through the session (a bulk import): the
        next audit row seals them with the rest (store/seals.py)."""
        self.written += [(table, row_id) for row_id in ids]

    def next_number(self, counter: str) -> int:
        """The counter's next value ('case_ref', 'child_id'), advanced inside this transaction so
        two terminals never share one: the UPDATE holds the row until the command commits."""
        from sqlalchemy import text

        conn = self.session.connection()
        if conn.dialect.name == "postgresql":  # a worker's login cannot read the counter (store/server_rules.py)
            return conn.execute(text("SELECT fscli_next_number(:name)"), {"name": counter}).scalar_one()
        advance = text("UPDATE counter SET value = value + 1 WHERE name = :name RETURNING value")
        return conn.execute(advance, {"name": counter}).scalar_one()

    def unsealed(self) -> list[tuple[str, int]]:
        """The records written since the last audit row, which the next one seals."""
        from fscli.store.seals import SEALED

        objects = self.changed[self.sealed_upto :]
        found = [(type(o).__tablename__, getattr(o, "id", None)) for o in objects]
        return [(table, row_id) for table, row_id in [*found, *self.written] if table in SEALED and row_id is not None]

    def audit(self, action: str, entity: str, entity_id: int | None, *, case_id: int | None = None, fields: Iterable[str] = (), **extra: object) -> None:
        from fscli.store.seals import read_back

        self.session.flush()
        conn = self.session.connection()
        entries = read_back(conn, self.unsealed())
        self.sealed_upto, self.written = len(self.changed), []
        if case_id is not None:
            self.cases.add(case_id)
        if self.created:
            extra = {**extra, "also_created": list(self.created)}
            self.created.clear()
        at, detail = self.clock.utcnow(), audit_rows.detail_text(fields, **extra)
        if conn.dialect.name == "postgresql":
            # On a team server the server completes the row (store/server_rules.py): who wrote it
            # is the login's, its place in the chain the server's.
            from fscli.store import server_rules

            server_rules.append_audit(conn, at=at, action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail=detail, rows=entries, claimed=self.worker)
        else:
            append_audit(conn, at=at, worker=self.worker, action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail=detail, entries=entries)
        self.audited += 1


def append_audit(conn, *, at, worker: str | None, action: str, entity: str, entity_id: int | None, case_id: int | None, detail: str, entries: Iterable[Entry]) -> int:
    """Append one audit row to the chain, sealing `entries` (store/seals.py: each record the command
    wrote, with the digest of its values; in order of table and id); returns its id. On a server
    `at` gives way to the server's clock, as in fscli_audit_append.

    `entries` is read twice (the digest of them all, then their audit_row rows), so the seal of a
    whole caseload can stream from the database rather than be held in memory.
    """
    from sqlalchemy import insert, select

    from fscli.store.models import Audit, AuditRow

    audit, sealed = Audit.__table__, AuditRow.__table__  # type: ignore[attr-defined]
    if conn.dialect.name == "postgresql":  # a server dates its trail by its own clock (fscli_audit_append)
        at = conn.exec_driver_sql("SELECT transaction_timestamp()").scalar_one()
    prev = conn.execute(select(audit.c.hash).order_by(audit.c.id.desc()).limit(1)).scalar() or audit_rows.GENESIS
    user = audit_rows.os_user()
    written = audit_rows.written_digest(entries, in_order=True)
    fields = dict(at=at, os_user=user, worker=worker, action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail=detail)
    digest = audit_rows.row_hash_v2(prev_hash=prev, **fields, written=written)
    audit_id = conn.execute(insert(audit).values(**fields, prev_hash=prev, hash=digest, written=written)).inserted_primary_key[0]
    batch: list[dict] = []
    for table, row_id, value in entries:
        batch.append({"audit_id": audit_id, "tbl": table, "row_id": row_id, "digest": value})
        if len(batch) == 5000:
            conn.execute(insert(sealed), batch)
            batch = []
    if batch:
        conn.execute(insert(sealed), batch)
    return audit_id


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
            uow = UnitOfWork(session, clock, worker, changed=changed)
            result = work(uow)
            session.flush()
            if write and uow.unsealed():
                raise AssertionError(f"records written after the command's last audit row, so sealed by none: {uow.unsealed()[:5]}")
            if changed or uow.cases:
                from fscli.store import derived

                touched = derived.cases_of(session.connection(), changed) | uow.cases
                if write and not uow.processing_allowed:
                    from fscli.store.processing import refuse_restricted

                    refuse_restricted(session.connection(), changed, touched, session.info.get("before", {}))
                derived.refresh(session.connection(), touched)
            if write and uow.audited == 0:
                raise AssertionError("a write command finished without an audit row")
            if idempotency is not None:
                _remember(session, uow, idempotency, result)
            return result
        finally:
            session.close()

    result = db.transact(in_transaction, write=write)
    if write:
        COMMITTED_WRITES.append(1)
    return result


def _track_changes(session) -> list:
    """Every record the session adds, changes or removes, so their cases' derived facts follow."""
    from sqlalchemy import event

    changed: list = []

    @event.listens_for(session, "before_flush")
    def _collect(session, _context, _instances) -> None:
        from fscli.store.processing import remember_before

        remember_before(session.dirty, session.info.setdefault("before", {}))
        changed.extend(session.new)
        changed.extend(session.dirty)
        changed.extend(session.deleted)

    return changed


def _refuse_replay(session, idempotency: Idempotency) -> None:
    from fscli.errors import AlreadyDone, RuleBroken

    found = _used_key(session, idempotency.key)
    if found is None:
        return
    if found.command != idempotency.command:
        raise RuleBroken(f"--idempotency-key {idempotency.key!r}: was used for '{found.command}', not '{idempotency.command}'", hint="use a new key for each write")
    raise AlreadyDone(idempotency.key, found.command, found.created_at, found.label)


def _used_key(session, key: str):
    """The key's row, if used: on a team's server through fscli_idempotency_find (store/
    server_rules.py), since a worker's login reads no key of the table itself."""
    from fscli.store.models import IdempotencyKey

    if session.connection().dialect.name != "postgresql":
        return session.get(IdempotencyKey, key)
    row = session.connection().exec_driver_sql("SELECT command, created_at, label FROM fscli_idempotency_find(%(key)s)", {"key": key}).first()
    return None if row is None else IdempotencyKey(key=key, command=row[0], action=row[0], label=row[2], created_at=row[1])


def _remember(session, uow: UnitOfWork, idempotency: Idempotency, result: object) -> None:
    from sqlmodel import select

    from fscli.store.models import Audit, IdempotencyKey

    action = session.exec(select(Audit.action).order_by(Audit.id.desc()).limit(1)).first()
    # What a script needs back on a retry: the reference or id the write made, where it has one.
    label = next((str(getattr(result, name)) for name in ("ref", "label", "number") if getattr(result, name, None) is not None), None)
    session.add(IdempotencyKey(key=idempotency.key, command=idempotency.command, action=action or idempotency.command, label=label, created_at=uow.clock.utcnow()))
    session.flush()
