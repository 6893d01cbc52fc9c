"""`fscli init` and `fscli db upgrade`: create the database, or bring it to the newest schema
(reliability.md §5): a checked backup first (store/backup.py), then every migration in one
checked transaction (store/migrating.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from fscli.clock import Clock
from fscli.errors import CannotCreate, DatabaseRefused
from fscli.store.backup import backup_path, backup_sqlite
from fscli.store.db import Database
from fscli.store.migrating import migrate
from fscli.store.schema import HEAD
from fscli.store.sqlite import create_file, is_empty


@dataclass
class UpgradeResult:
    created: bool
    from_revision: str | None
    to_revision: str
    backup: Path | None = None
    facts_rebuilt: list[str] = field(default_factory=list)  # derived facts found out of step and worked out again

    @property
    def changed(self) -> bool:
        return self.created or self.from_revision != self.to_revision


def upgrade(db: Database, backups: Path | None, *, repair_facts: bool = False, new_key: str | None = None, roles=None, clock: Clock | None = None, worker: str | None = None) -> UpgradeResult:
    """Create the database if absent, or bring it to the newest schema; idempotent.

    With repair_facts, a database already at the newest schema has its derived facts
    (store/derived.py) compared with its records, and worked out again if they differ. With
    new_key, a database created here is encrypted with it (`fscli init --encrypt`). On
    PostgreSQL the team server's rules (store/server_rules.py, for `roles`) are applied every
    time, the newest schema or not, so an upgrade never leaves them behind. `clock` and
    `worker` stamp the audit row that seals an older caseload's records (store/migrating.py).
    """
    created = False
    if db.location.is_sqlite:
        db.check_path(must_exist=False)
        if not db.path.exists() or is_empty(db.path):
            _create(db.path, new_key, db.location.named)
            db.use_key(new_key)
            created = True
    state = db.schema_state()
    if state.newer:
        db.require_current(state.revision)
    if state.current:
        rebuilt = _repair_facts(db) if repair_facts else []
        if not db.location.is_sqlite:
            _denied_as_refusal(db, lambda: _apply_server_rules(db, roles))
        return UpgradeResult(created, state.revision, HEAD, facts_rebuilt=rebuilt)
    if state.revision is None and not created and db.location.is_sqlite and _has_other_tables(db):
        raise DatabaseRefused(f"{db.location.called}: holds tables that are not fscli's", hint="choose another file for fscli's database")
    backup = None
    if state.revision is not None and db.location.is_sqlite:
        backup = backup_sqlite(db, backup_path(backups or db.path.parent / "backups", f"pre-{HEAD}"))
    _denied_as_refusal(db, lambda: migrate(db, roles, clock=clock, worker=worker))
    return UpgradeResult(created, state.revision, HEAD, backup)


def _denied_as_refusal(db: Database, work) -> None:
    from sqlalchemy import exc

    from fscli.store.postgresql import permission_denied

    try:
        work()
    except exc.DBAPIError as error:
        denied = permission_denied(error, db.location)
        if denied:
            raise denied from None
        raise


def _apply_server_rules(db: Database, roles) -> None:
    from fscli.store import server_rules

    with db.engine(write=True).connect() as conn:
        with conn.begin():
            server_rules.apply(conn, roles or server_rules.Roles())


def _create(path: Path, key: str | None, named: str = "--db") -> None:
    try:
        create_file(path, key)
    except PermissionError:
        raise CannotCreate(f"{named} {path}: cannot create the database there (permission denied)", hint="choose a folder you can write to") from None
    except FileNotFoundError:
        raise CannotCreate(f"{named} {path}: cannot create the database there (no such folder)") from None
    except OSError as error:
        raise CannotCreate(f"{named} {path}: cannot create the database there ({error.strerror})") from None


def _repair_facts(db: Database) -> list[str]:
    from fscli.store import derived

    def repair(conn) -> list[str]:
        from fscli.store.db import Reader

        found = derived.out_of_step(Reader(conn.connection.dbapi_connection, "sqlite" if db.location.is_sqlite else "postgresql"))[1]
        if found:
            derived.refresh(conn, None)
        return found

    return db.transact(repair)


def _has_other_tables(db: Database) -> bool:
    with db.reader(check_schema=False) as reader:
        return any(not name.startswith("sqlite_") for name in reader.table_names())
