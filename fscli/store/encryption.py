"""`fscli db encrypt` and `fscli db rekey`: a caseload file written again under a new key, as one
swap that either happens whole or not at all (issue 22, reliability.md §2).

SQLCipher cannot encrypt a plain file in place (`PRAGMA rekey` only changes an existing key), so
the records are copied with `sqlcipher_export()` into a private file beside the caseload, that
copy is checked (SQLite's and SQLCipher's integrity checks, and every table's row count against
the original) and given its audit row, a copy of it goes into the backups folder, and only then
does it take the caseload's name (one rename). The same path changes a key, so there is one way
a caseload file is rewritten.

Throughout, the original is held in SQLite's exclusive lock: no other command can write to it,
or read it, while it is copied. A command that opened the old file before the swap and waited
for the lock finds it empty afterwards, and refuses, rather than writing to a file no longer
there; the old file's bytes are overwritten with zeros before the lock is let go, so no plain
copy of the records stays on the disk.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from dataclasses import dataclass, field

from fscli.errors import DatabaseBusy, DataProblem, FscliError
from fscli.store import keys, sqlite
from fscli.processes import alive
from fscli.store.location import fsync_folder, zero_fill

COPY_CHUNK = 1 << 20
STAGING_PREFIX = ".{name}.rewrite-"  # then the process id of the command writing it


def sweep_stale_copies(path: Path) -> list[Path]:
    """Remove the copies a killed `db encrypt` or `db rekey` left beside `path` (SIGKILL, a power
    cut): each is encrypted under the new key, so nothing readable is lost with it, and the
    caseload itself was never touched until the swap. Only copies of processes no longer alive."""
    prefix = STAGING_PREFIX.format(name=path.name)
    swept = []
    for stale in path.parent.glob(f"{prefix}*"):
        pid = stale.name[len(prefix) :].split("-")[0]
        if not pid.isdigit() or alive(int(pid)):
            continue
        stale.unlink(missing_ok=True)
        swept.append(stale)
    return swept



def _counts(conn) -> dict[str, int]:
    """Rows in every table. Table names are identifiers, which SQL cannot take as bound values:
    they come from the file's own schema and are quoted as identifiers (reliability.md I6)."""
    names = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").fetchall()]
    return {name: conn.execute(f'SELECT count(*) FROM "{_identifier(name)}"').fetchone()[0] for name in names}  # noqa: S608 - a quoted identifier


def _identifier(name: str) -> str:
    return name.replace('"', '""')


def _wipe(fd: int) -> None:
    """Overwrite a file's bytes with zeros, then empty it: what the swap leaves behind is nothing."""
    zero_fill(fd)
    os.ftruncate(fd, 0)
    os.fsync(fd)


def rewrite(path: Path, old_key: str | None, new_key: str, *, after: Callable[[Path], None] | None = None, keep_copy: Path | None = None, wal: bool | None = None) -> None:
    """Write the SQLite file at `path` again under `new_key`, as one swap (module docstring).

    `old_key` is None for a plain file. `after(copy)` runs on the checked copy before the swap
    (the audit row goes in there); `keep_copy`, when given, receives a copy of the result first.
    `wal` sets the result's journal mode (None: as the original's).
    """
    sweep_stale_copies(path)
    staging = path.with_name(f"{STAGING_PREFIX.format(name=path.name)}{os.getpid()}")
    database = sqlite.driver(new_key)  # SQLCipher's module: sqlcipher_export() is its function
    conn = database.connect(str(path), isolation_level=None, timeout=5.0)
    holder = None
    was_wal = False
    try:
        if old_key is not None:
            sqlite.unlock(conn, old_key)
        try:
            was_wal = conn.execute("PRAGMA journal_mode").fetchone()[0].lower() == "wal"
            # Out of WAL first: the -wal file is folded in and removed, so nothing of the old file
            # is left beside the new one. SQLite refuses while another connection is open.
            if conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0].lower() != "delete":
                raise DatabaseBusy()
            conn.execute("PRAGMA locking_mode = EXCLUSIVE")
            conn.execute("BEGIN EXCLUSIVE")
            conn.execute("COMMIT")  # the exclusive lock stays until the connection closes
        except sqlite.DRIVER_ERRORS as error:
            if sqlite.is_busy(error):
                raise DatabaseBusy() from None
            raise
        before = _counts(conn)
        fd = os.open(staging, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        os.close(fd)
        conn.execute("ATTACH DATABASE :file AS rewritten KEY :key", {"file": str(staging), "key": keys.checked(new_key)})
        conn.execute("SELECT sqlcipher_export('rewritten')")
        conn.execute("DETACH DATABASE rewritten")
        _finish_copy(staging, new_key, wal=was_wal if wal is None else wal)
        if after is not None:
            after(staging)
        _check_copy(staging, new_key, before, changed=after is not None)
        _settle(staging, new_key)
        if keep_copy is not None:
            _copy_file(staging, keep_copy)
        holder = os.open(path, os.O_RDWR | os.O_NOFOLLOW)
        os.replace(staging, path)
        fsync_folder(path.parent)
        _wipe(holder)
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{staging}{suffix}").unlink(missing_ok=True)
        if holder is None and was_wal:
            _back_to_wal(conn)
        raise
    finally:
        if holder is not None:
            os.close(holder)
        conn.close()


def _back_to_wal(conn) -> None:
    """The original as it was, when the swap did not happen."""
    try:
        conn.execute("PRAGMA locking_mode = NORMAL")
        conn.execute("PRAGMA journal_mode = WAL")
    except sqlite.DRIVER_ERRORS:
        pass  # SQLite keeps the file sound in either mode; the next `fscli init` sets WAL again


def _finish_copy(staging: Path, key: str, *, wal: bool) -> None:
    conn = sqlite.driver(key).connect(str(staging), isolation_level=None)
    try:
        sqlite.unlock(conn, key)
        if wal:
            conn.execute("PRAGMA journal_mode = WAL")
    finally:
        conn.close()


def _settle(staging: Path, key: str) -> None:
    """The copy whole in its one file, so nothing of it stays behind at the rename."""
    if not sqlite.close_cleanly(staging, key):
        raise DataProblem(f"the encrypted copy {staging.name} could not be closed cleanly: nothing was changed", hint="close other programs reading the caseload's folder and try again")


def _check_copy(staging: Path, key: str, before: dict[str, int], *, changed: bool) -> None:
    found = sqlite.integrity(staging, key)
    if found != ["ok"]:
        raise DataProblem(f"the encrypted copy failed its check ({found[0]}): nothing was changed", hint="run 'fscli db check' and tell your IT team")
    conn = sqlite.read_only(staging, key=key)
    try:
        after = _counts(conn)
    finally:
        conn.close()
    differ = sorted(name for name in set(before) | set(after) if before.get(name) != after.get(name) and not (changed and name == "audit"))
    if differ:
        raise DataProblem(f"the encrypted copy does not hold every row (tables {', '.join(differ)} differ): nothing was changed", hint="tell your IT team; the caseload is as it was")


def _copy_file(source: Path, target: Path) -> None:
    """A closed, checked file copied byte for byte into a new private file, and made durable."""
    from fscli.store.location import private_folder

    private_folder(target.parent)
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    try:
        with open(source, "rb") as reading:
            while chunk := reading.read(COPY_CHUNK):
                os.write(fd, chunk)
        os.fsync(fd)
    except BaseException:
        os.close(fd)
        target.unlink(missing_ok=True)
        raise
    os.close(fd)
    fsync_folder(target.parent)


def backups_beside(path: Path) -> list[Path]:
    """The backups `fscli db backup` and the upgrades made in the folder beside the caseload."""
    folder = path.parent / "backups"
    return sorted(folder.glob("fscli-*.db")) if folder.is_dir() else []


def rewrite_backups(path: Path, old_key: str | None, new_key: str, opens: Callable[[Path, str | None], bool], *, skip: set[Path]) -> tuple[int, list[Path]]:
    """The caseload's own backups written again under the new key, so no copy stays readable
    under the old one (or in plain text). Returns how many were rewritten, and those that the
    old key does not open (made under an older key, or not fscli's), left as they are."""
    done, left = 0, []
    for backup in backups_beside(path):
        if backup in skip:
            continue
        if not opens(backup, old_key):
            left.append(backup)
            continue
        try:
            rewrite(backup, old_key, new_key)
        except FscliError:
            left.append(backup)
            continue
        done += 1
    return done, left


@dataclass
class Encrypted:
    backup: Path  # a copy of the caseload as it now is, under the new key
    backups_rewritten: int = 0
    backups_left: list[Path] = field(default_factory=list)  # not opened by the old key: left as they were


def _opens(path: Path, key: str | None) -> bool:
    if key is None:
        return not sqlite.is_encrypted(path) and path.stat().st_size > 0
    return sqlite.is_encrypted(path) and sqlite.opens(path, key)


def change_key(db, new_key: str, *, clock, worker: str | None) -> Encrypted:
    """Encrypt a plain caseload, or give an encrypted one a new key, with its backups, as one swap.

    The audit row ("db.encrypt" or "db.rekey") is written into the checked copy before it takes
    the caseload's name, so the change and its record arrive together."""
    from fscli.store.backup import backup_path
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.uow import run

    db.check_path()
    old_key = db.key
    db.require_current(db.schema_state().revision)
    action = "db.rekey" if old_key is not None else "db.encrypt"

    def record(copy: Path) -> None:
        staging_db = Database(locate(str(copy)), busy_timeout_ms=db.busy_timeout_ms, allow_network_fs=True)
        staging_db.use_key(new_key)
        try:
            run(staging_db, clock, worker, lambda uow: uow.audit(action, "database", None, cipher="SQLCipher 4"))
        finally:
            staging_db.dispose()

    kept = backup_path(db.path.parent / "backups", "rekeyed" if old_key else "encrypted")
    db.dispose()
    keys.forget(db.path, keyring_too=False)  # this session's copy is named by the file it opens
    rewrite(db.path, old_key, new_key, after=record, keep_copy=kept, wal=True)
    db.use_key(new_key)
    keys.remember(db.path, new_key)
    done, left = rewrite_backups(db.path, old_key, new_key, _opens, skip={kept})
    return Encrypted(kept, done, left)
