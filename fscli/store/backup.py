"""`fscli db backup` and `fscli db restore`: SQLite files only (on PostgreSQL the server's own
pg_dump and pg_restore do this: `db backup` prints the pg_dump command, `db restore` says so).

A backup is a consistent copy through SQLite's online backup API, checked and private (never
`cp`: F5). A restore puts one back as a single atomic step, after backing up what it replaces.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from fscli.errors import CannotCreate, DataProblem, DatabaseRefused, FscliError
from fscli.store.db import Database, Reader, SchemaState
from fscli.store.location import fsync_folder, private_folder
from fscli.store.schema import HEAD
from fscli.store import sqlite
from fscli.store.sqlite import copy_pages, create_file, integrity, read_only


# The server's own answer to `fscli db backup` (store/backup.py's only PostgreSQL part): where the
# connection went, and the database's owner, who alone dumps every row (row security hides rows
# from a worker's login, and pg_dump refuses a table it cannot read whole).
SERVER_SQL = "SELECT current_database() AS dbname, (SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()) AS owner"


def pg_dump_command(reader: Reader, target: str | None) -> str:
    """The pg_dump command line that backs up this server's caseload: host, port, the owner's
    login and the database, as the connection found them; never a password (~/.pgpass or
    PGPASSWORD gives it). With no `target`, a dated file in the folder it is run in."""
    import shlex

    info = reader.conn.info
    found = reader.one(SERVER_SQL)
    assert found is not None  # one row, always
    file = shlex.quote(target) if target else "fscli-$(date +%F).dump"
    return " ".join([
        "pg_dump", "--format=custom", f"--file={file}", f"--host={shlex.quote(info.host)}", f"--port={info.port}",
        f"--username={shlex.quote(found['owner'])}", f"--dbname={shlex.quote(found['dbname'])}",
    ])  # fmt: skip


def backup_path(folder: Path, label: str) -> Path:
    """A new file name in `folder`, stamped with the moment (UTC) so backups sort in time.

    The real moment, from the system clock, even when FSCLI_TODAY pins the instant: the name must
    differ from the backup taken a moment before, or one would overwrite the other."""
    from fscli.clock import SystemClock

    stamp = SystemClock().utcnow().strftime("%Y%m%dT%H%M%S%fZ")
    return folder / f"fscli-{stamp}-{label}.db"


def default_backup_path(db: Database) -> Path:
    return backup_path(db.path.parent / "backups", "backup")


def backup_sqlite(db: Database, target: Path, *, log: Callable[[Reader, list[int]], None] | None = None) -> Path:
    """A consistent copy through SQLite's online backup API, checked, mode 0600; the backup of an
    encrypted caseload is encrypted with the same key (and salt), so its passphrase opens it.

    With `log` (`fscli db backup`: a copy of every case's records is a view of them), the cases in
    the copy are logged in the caseload (store/access.py) before the copy is kept: a backup whose
    view cannot be logged is removed."""
    db.check_path()
    key = db.key
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
        copy_pages(db.path, target, timeout=db.busy_timeout_ms / 1000, key=key)
        result = integrity(target, key)
        if result != ["ok"]:
            raise DataProblem(f"backup {target}: failed its integrity check ({result[0]})")
        copied = _cases_in(target, key) if log is not None else []
        sqlite.close_cleanly(target, key)  # no empty -wal and -shm files left beside the backup
        if log is not None:
            with db.reader(logged=True) as writer:
                log(writer, copied)
        with open(target, "rb") as handle:
            os.fsync(handle.fileno())
        fsync_folder(target.parent)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return target


def _cases_in(path: Path, key: str | None) -> list[int]:
    """The cases a backup file holds (read-only: the copy is not changed)."""
    from fscli.store.access import every_case

    conn = sqlite.read_only(path, key=key)
    try:
        return every_case(Reader(conn, sqlite.KIND))
    finally:
        conn.close()


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
    from fscli.store.migrating import migrate
    from fscli.store.uow import run

    db.check_path(must_exist=False)
    source = source.expanduser().absolute()
    if not source.is_file():
        raise FscliError(f"backup {source}: no such file", hint="give the path 'fscli db backup' printed")
    lost = not db.path.exists()  # the laptop's file deleted or lost: the backup becomes the database
    key, source_key = _restore_keys(db, source, lost)
    problems = integrity(source, source_key)
    if problems != ["ok"]:
        raise DataProblem(f"backup {source}: is not a sound SQLite database ({problems[0]}); nothing was changed", hint="choose another backup")
    revision = _revision_of(source, source_key)
    if revision is None:
        raise DataProblem(f"backup {source}: holds no fscli records; nothing was changed", hint="choose a file 'fscli db backup' made")
    if SchemaState(revision).newer:
        raise DatabaseRefused(f"backup {source}: was made by a newer fscli (schema {revision}); this fscli knows up to {HEAD}", hint="upgrade fscli first; nothing was changed")
    staging_db = Database(locate(str(db.path.parent / f".{db.path.name}.restore-{os.getpid()}")), busy_timeout_ms=db.busy_timeout_ms, allow_network_fs=db.allow_network_fs)
    staging_db.use_key(key)
    safety = None if lost else backup_sqlite(db, backup_path(db.path.parent / "backups", "pre-restore"))
    erasures = [] if lost else _erasures_of(db)
    staging = staging_db.path
    try:
        if lost:
            create_file(db.path, key)  # private, in WAL mode, as `fscli init` makes it
            db.use_key(key)
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
        copy_pages(source, staging, timeout=db.busy_timeout_ms / 1000, key=key, source_key=source_key)
        if revision != HEAD:
            migrate(staging_db, clock=clock, worker=worker)

        def record(uow) -> None:
            carried = _carry_erasures(uow, erasures)
            uow.audit("db.restore", "database", None, restored_from=str(source), backup_revision=revision, safety_copy=str(safety) if safety else None, erasures_carried=carried)

        run(staging_db, clock, worker, record)
        staging_db.dispose()
        db.dispose()
        copy_pages(staging, db.path, timeout=db.busy_timeout_ms / 1000, key=key)
        if lost and key is not None:
            from fscli.store.keys import remember

            remember(db.path, key)
    except BaseException:
        if lost:  # leave no empty database where the lost one was
            for suffix in ("", "-wal", "-shm"):
                Path(f"{db.path}{suffix}").unlink(missing_ok=True)
        raise
    finally:
        staging_db.dispose()
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)
        try:  # the checks read the backup, and left a -wal and -shm beside it: the backup stays one file
            sqlite.close_cleanly(source, source_key)
        except sqlite.DRIVER_ERRORS:
            pass  # someone else has it open: theirs to close
    return Restored(source, revision, safety)


def _erasures_of(db: Database) -> list[dict]:
    """The erasure tombstones of the database a restore replaces (none before revision 0014)."""
    with db.reader(check_schema=False) as reader:
        if "erasure" not in reader.table_names():
            return []
        return reader.rows("SELECT ref, erased_at, erased_by, basis, rows_removed FROM erasure ORDER BY id")


def _carry_erasures(uow, erasures: list[dict]) -> int:
    """The tombstones into the restored database, those it lacks: an older backup holds the cases
    erased since, and `fscli retention` then names each as erased but present again, to erase
    again (docs/retention.md). How many were carried."""
    from sqlmodel import select

    from fscli.store.db import as_instant
    from fscli.store.models import Erasure

    there = {(e.ref, as_instant(e.erased_at)) for e in uow.session.exec(select(Erasure)).all()}
    carried = 0
    for row in erasures:
        at = as_instant(row["erased_at"])
        if (row["ref"], at) not in there:
            uow.session.add(Erasure(ref=row["ref"], erased_at=at, erased_by=row["erased_by"], basis=row["basis"], rows_removed=row["rows_removed"]))
            carried += 1
    return carried


def _restore_keys(db: Database, source: Path, lost: bool) -> tuple[str | None, str | None]:
    """The key the restored caseload will have, and the key that opens the backup.

    A plain backup goes back into a plain caseload and an encrypted one into an encrypted one:
    SQLite's backup API cannot cross between them. An encrypted backup made before the key was
    changed opens with the passphrase it was made under, asked for; it is restored under the
    caseload's key of today. A lost caseload takes the backup's key."""
    from fscli.store.keys import KeyFinder

    backup_encrypted = sqlite.is_encrypted(source)
    if lost:
        if not backup_encrypted:
            return None, None
        key = KeyFinder(source, db.key_file, remembered_as=db.path).find(lambda found: sqlite.opens(source, found))
        return key, key
    key = db.key
    if (key is None) != (not backup_encrypted):
        now, then = ("encrypted", "plain") if key is not None else ("plain", "encrypted")
        raise DatabaseRefused(
            f"backup {source}: is {then}, and {db.location.shown} is {now}; nothing was changed",
            hint="choose a backup made since the caseload was encrypted" if key is not None else "run 'fscli db encrypt' first, or restore into a new --db path",
        )
    if key is None or sqlite.opens(source, key):
        return key, key
    return key, KeyFinder(source, None, keep=False).find(lambda found: sqlite.opens(source, found))


def _revision_of(path: Path, key: str | None = None) -> str | None:
    conn = read_only(path, key=key)
    try:
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        return row[0] if row else None
    except sqlite.DRIVER_ERRORS:
        return None
    finally:
        conn.close()
