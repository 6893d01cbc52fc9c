"""Creating, upgrading, checking and backing up the database (reliability.md §1.3, §5).

Upgrades follow the procedure of reliability.md §5: a checked backup first; foreign keys off
(a batch migration with them on silently deletes child rows, F7); every revision in one
BEGIN IMMEDIATE transaction (a failure leaves the schema as it was, F8); then the foreign-key
and integrity checks and a row-count comparison before COMMIT.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from fscli.errors import CannotCreate, DataProblem, DatabaseRefused, FscliError
from fscli.store.db import Database, create_sqlite_file
from fscli.store.location import private_folder
from fscli.store.schema import HEAD, TABLES

MIGRATIONS = Path(__file__).parent / "migrations"


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


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


def _row_counts(conn, tables: list[str]) -> dict[str, int]:
    from sqlalchemy import func, inspect, select, table

    present = set(inspect(conn).get_table_names())
    return {t: conn.execute(select(func.count()).select_from(table(t))).scalar_one() for t in tables if t in present}


def upgrade(db: Database, backups: Path | None, *, repair_facts: bool = False) -> UpgradeResult:
    """Create the database if absent, or bring it to the newest schema; idempotent.

    With repair_facts, a database already at the newest schema has its derived facts
    (store/derived.py) compared with its records, and worked out again if they differ.
    """
    created = False
    if db.location.is_sqlite:
        db.check_path(must_exist=False)
        if not db.path.exists():
            try:
                create_sqlite_file(db.path)
            except PermissionError:
                raise CannotCreate(f"--db {db.path}: cannot create the database there (permission denied)", hint="choose a folder you can write to") from None
            except FileNotFoundError:
                raise CannotCreate(f"--db {db.path}: cannot create the database there (no such folder)") from None
            except OSError as error:
                raise CannotCreate(f"--db {db.path}: cannot create the database there ({error.strerror})") from None
            created = True
    state = db.schema_state()
    if state.newer:
        db.require_current(state.revision)
    if state.current:
        return UpgradeResult(created, state.revision, HEAD, facts_rebuilt=_repair_facts(db) if repair_facts else [])
    if state.revision is None and not created and db.location.is_sqlite and _has_other_tables(db):
        raise DatabaseRefused(f"--db {db.location.shown}: holds tables that are not fscli's", hint="choose another file for fscli's database")
    backup = None
    if state.revision is not None and db.location.is_sqlite:
        backup = backup_sqlite(db, _backup_path(backups or db.path.parent / "backups", f"pre-{HEAD}"))
    from sqlalchemy import exc

    from fscli.store.db import pg_permission_denied

    try:
        _migrate(db)
    except exc.DBAPIError as error:
        denied = pg_permission_denied(error, db.location)
        if denied:
            raise denied from None
        raise
    return UpgradeResult(created, state.revision, HEAD, backup)


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
        return bool(reader.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"))


def _migrate(db: Database) -> None:
    from alembic import command
    from sqlalchemy import text

    engine = db.engine(write=True, foreign_keys=False)
    with engine.connect() as conn:
        with conn.begin():
            before = _row_counts(conn, TABLES)
            command.upgrade(alembic_config(conn), "head")
            from fscli.store import derived

            derived.refresh(conn, None)  # facts worked out the way this fscli works them out
            if db.location.is_sqlite:
                broken = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
                if broken:
                    raise DataProblem(f"the upgrade would leave {len(broken)} rows pointing at missing records: nothing was changed")
            after = _row_counts(conn, TABLES)
            lost = {t: (n, after.get(t, 0)) for t, n in before.items() if after.get(t, 0) < n}
            if lost:
                table, (was, now) = next(iter(lost.items()))
                raise DataProblem(f"the upgrade would lose rows in {table} ({was} -> {now}): nothing was changed")


def _backup_path(folder: Path, label: str) -> Path:
    from datetime import datetime, timezone

    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ")
    return folder / f"fscli-{stamp}-{label}.db"


def default_backup_path(db: Database) -> Path:
    return _backup_path(db.path.parent / "backups", "backup")


def backup_sqlite(db: Database, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, checked, mode 0600 (never `cp`: F5)."""
    db.check_path()
    target = target.expanduser().absolute()
    if target.exists() or target.is_symlink():
        raise CannotCreate(f"backup {target}: already exists", hint="choose a new file name")
    try:
        private_folder(target.parent)
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    except OSError as error:
        raise CannotCreate(f"backup {target}: cannot be created ({error.strerror})") from None
    os.close(fd)
    try:
        source = sqlite3.connect(f"file:{quote(str(db.path))}?mode=ro", uri=True, timeout=db.busy_timeout_ms / 1000)
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
            source.close()
        result = integrity(target)
        if result != ["ok"]:
            raise DataProblem(f"backup {target}: failed its integrity check ({result[0]})")
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
        dir_fd = os.open(target.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)
    except sqlite3.OperationalError as error:
        target.unlink(missing_ok=True)
        if "locked" in str(error) or "busy" in str(error):
            from fscli.errors import DatabaseBusy

            raise DatabaseBusy() from None
        raise
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


@dataclass
class Restored:
    source: Path
    from_revision: str
    safety_copy: Path | None  # None: there was no database to keep (a lost or deleted file)


def restore_sqlite(db: Database, source: Path, *, clock, worker: str | None) -> Restored:
    """Put a backup back in place of the live database, as one atomic step.

    The backup is checked (integrity, fscli's schema, not newer than this fscli) before anything
    changes; the live database is first backed up itself, so a restore can be undone. The backup is
    copied to a private staging file, brought to the newest schema if it is older, and given its
    audit row there; then SQLite's backup API writes the staging file over the live database in one
    transaction, so other fscli processes wait and then see either the old records or the restored
    ones with their audit row, never a mixture.
    """
    from fscli.store.location import locate
    from fscli.store.uow import run

    db.check_path(must_exist=False)
    source = source.expanduser().absolute()
    if not source.is_file():
        raise FscliError(f"backup {source}: no such file", hint="give the path 'fscli db backup' printed")
    problems = integrity(source)
    if problems != ["ok"]:
        raise DataProblem(f"backup {source}: is not a sound SQLite database ({problems[0]}); nothing was changed", hint="choose another backup")
    revision = _revision_of(source)
    if revision is None:
        raise DataProblem(f"backup {source}: holds no fscli records; nothing was changed", hint="choose a file 'fscli db backup' made")
    if _newer(revision):
        raise DatabaseRefused(f"backup {source}: was made by a newer fscli (schema {revision}); this fscli knows up to {HEAD}", hint="upgrade fscli first; nothing was changed")
    staging_db = Database(locate(str(db.path.parent / f".{db.path.name}.restore-{os.getpid()}")), busy_timeout_ms=db.busy_timeout_ms, allow_network_fs=db.allow_network_fs)
    lost = not db.path.exists()  # the laptop's file deleted or lost: the backup becomes the database
    safety = None if lost else backup_sqlite(db, _backup_path(db.path.parent / "backups", "pre-restore"))
    staging = staging_db.path
    try:
        if lost:
            create_sqlite_file(db.path)  # private, in WAL mode, as `fscli init` makes it
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
        _copy_pages(source, staging, timeout=db.busy_timeout_ms / 1000)
        if revision != HEAD:
            _migrate(staging_db)

        def record(uow) -> None:
            uow.audit("db.restore", "database", None, restored_from=str(source), backup_revision=revision, safety_copy=str(safety) if safety else None)

        run(staging_db, clock, worker, record)
        staging_db.dispose()
        db.dispose()
        _copy_pages(staging, db.path, timeout=db.busy_timeout_ms / 1000)
    except BaseException:
        if lost:  # leave no empty database where the lost one was
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db.path}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        staging_db.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)
    return Restored(source, revision, safety)


def _newer(revision: str) -> bool:
    from fscli.store.db import SchemaState

    return SchemaState(revision).newer


def _revision_of(path: Path) -> str | None:
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite3.DatabaseError:
        return None
    finally:
        conn.close()


def _copy_pages(source: Path, target: Path, *, timeout: float) -> None:
    """Every page of `source` into `target` in one step of SQLite's backup API: one transaction
    on the target, which waits for other writers (busy timeout) and is rolled back if killed."""
    reading = sqlite3.connect(f"file:{quote(str(source))}?mode=ro", uri=True, timeout=timeout)
    writing = sqlite3.connect(target, timeout=timeout)
    try:
        reading.backup(writing)
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            from fscli.errors import DatabaseBusy

            raise DatabaseBusy() from None
        raise
    finally:
        writing.close()
        reading.close()


def integrity(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{quote(str(path))}?mode=ro", uri=True)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        conn.close()


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    checks: list[tuple[str, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _missing_tables(reader) -> list[str]:
    from fscli.store.derived import DERIVED_TABLES

    if reader.kind == "sqlite":
        present = {name for (name,) in reader.tuples("SELECT name FROM sqlite_master WHERE type = 'table'")}
    else:
        present = {name for (name,) in reader.tuples("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()")}
    return [table for table in (*TABLES, *DERIVED_TABLES) if table not in present]


def check(db: Database, anchor: dict | None = None) -> CheckReport:
    """Integrity, foreign keys and the audit chain; every problem found, not just the first.

    With an anchor (the newest audit row's id and hash, from an export's manifest), the row must
    still be there, unchanged: removing or rewriting the newest rows leaves a chain that verifies.
    """
    from fscli.store.audit import verify_chain

    report = CheckReport()
    db.check_path()
    if db.location.is_sqlite:
        # Integrity first: a damaged page can hide the schema revision itself, and a damaged
        # caseload must be reported as damaged, never as "not set up yet".
        found = integrity(db.path)
        report.checks.append(("integrity", "ok" if found == ["ok"] else f"{len(found)} problems"))
        if found != ["ok"]:
            report.problems += [f"integrity: {line}" for line in found[:20]]
            return report
    state = db.schema_state()
    if state.revision is None or state.newer:
        db.require_current(state.revision)
    report.checks.insert(0, ("schema", f"{state.revision}" + ("" if state.current else f" (older than {HEAD}: run 'fscli db upgrade')")))
    try:
        with db.reader(check_schema=False) as reader:
            if state.current:
                missing = _missing_tables(reader)
                report.checks.append(("tables", "all there" if not missing else f"{len(missing)} missing"))
                if missing:
                    report.problems += [f"tables: {table} is missing, though the schema is {state.revision} (damaged, or changed by another tool)" for table in missing]
                    return report
            if db.location.is_sqlite:
                broken = reader.rows("PRAGMA foreign_key_check")
                report.checks.append(("foreign keys", "ok" if not broken else f"{len(broken)} rows point at missing records"))
                report.problems += [f"foreign key: {b['table']} row {b['rowid']} points at a missing {b['parent']}" for b in broken[:20]]
                if state.current:
                    from fscli.store import search_index

                    summary, found = search_index.problems(reader)
                    report.checks.append(("search index", summary))
                    report.problems += found
            if state.current:
                from fscli.store import derived

                summary, found = derived.out_of_step(reader)
                report.checks.append(("derived facts", summary))
                report.problems += found
            rows = reader.rows("SELECT id, at, os_user, worker, action, entity, entity_id, case_id, detail, prev_hash, hash FROM audit ORDER BY id")
    except FscliError:
        raise
    except Exception as error:  # a corrupt page surfaces here as a driver error
        report.problems.append(f"reading the records failed: {error}")
        return report
    checked, broken_at = verify_chain(rows)
    report.checks.append(("audit chain", f"{checked} rows verified" if broken_at is None else f"broken at row {broken_at}"))
    if broken_at is not None:
        report.problems.append(f"audit: the chain breaks at row {broken_at}: a row was edited or removed")
    if anchor is not None:
        kept = next((r for r in rows if r["id"] == anchor["id"]), None)
        if kept is not None and kept["hash"] == anchor["hash"]:
            report.checks.append(("audit since the export", f"row {anchor['id']} is as the export recorded it"))
        else:
            report.checks.append(("audit since the export", f"row {anchor['id']} is {'missing' if kept is None else 'changed'}"))
            report.problems.append(f"audit: row {anchor['id']}, recorded by the export, is {'missing' if kept is None else 'changed'}: audit rows were removed or rewritten since")
    return report

