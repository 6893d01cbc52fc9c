"""SQLite: how fscli opens, configures and copies a database file (reliability.md §1.3).

Every connection: synchronous=FULL, foreign keys, secure delete, and the busy timeout that
sqlite3.connect takes (pragmas cannot take bound values, so it is not a pragma here). WAL is set
once, when the file is made, and stays. Writes begin IMMEDIATE (a deferred BEGIN loses
read-then-write races, F1-F3); reads a plain BEGIN, so one read sees one snapshot without
blocking writers. store/db.py's Database opens every connection through here.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

from fscli.errors import DatabaseBusy, FscliError

KIND = "sqlite"
TABLE_NAMES = "SELECT name FROM sqlite_master WHERE type = 'table'"
# Reads map the file instead of copying each page through read(): a council's summary reads a few
# hundred MiB of pages cold in every new process, and took a third less time (benchmarks/summary.py).
READ_MMAP = "PRAGMA mmap_size = 268435456"


PLAIN_HEADER = b"SQLite format 3\x00"


def is_encrypted(path: Path) -> bool:
    """Whether the file at `path` is an SQLCipher caseload: SQLCipher writes random bytes (the
    salt) where a plain SQLite file has its magic header (reliability.md §2.1), and the file is
    whole pages (a power of two from 512 bytes), which a text file or a document almost never
    is. A missing or empty file is not encrypted."""
    try:
        with open(path, "rb") as file:
            header = file.read(16)
            size = os.fstat(file.fileno()).st_size
    except OSError:
        return False
    return len(header) == 16 and header != PLAIN_HEADER and size % 512 == 0


def is_empty(path: Path) -> bool:
    """A file of no bytes with no journal beside it: made by `touch`, not yet a database."""
    try:
        if path.stat().st_size:
            return False
    except OSError:
        return False
    return not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-journal"))


def readable_by_others(path: Path) -> int | None:
    """The file's mode when others than its owner may read or write it (the database or its
    -wal and -shm files), else None."""
    for suffix in ("", "-wal", "-shm"):
        try:
            mode = Path(f"{path}{suffix}").stat().st_mode & 0o777
        except OSError:
            continue
        if mode & 0o077:
            return mode
    return None


def uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


# The errors of both drivers: the stdlib's, and SQLCipher's once an encrypted caseload is opened
# (sqlcipher3 has its own exception classes). `except DRIVER_ERRORS` reads this at raise time.
DRIVER_ERRORS: tuple[type[BaseException], ...] = (sqlite3.DatabaseError,)


def driver(key: str | None):
    """The DB-API module for a file: the stdlib's sqlite3, or SQLCipher's for an encrypted one
    (imported only then: 5.5 ms, LIBRARIES.md §3.4)."""
    global DRIVER_ERRORS
    if key is None:
        return sqlite3
    from sqlcipher3 import dbapi2

    if dbapi2.DatabaseError not in DRIVER_ERRORS:
        DRIVER_ERRORS = (sqlite3.DatabaseError, dbapi2.DatabaseError)
    return dbapi2


def unlock(conn, key: str) -> None:
    """Give an SQLCipher connection its key; first on the connection, as SQLCipher requires.

    SQLCipher writes "hmac check failed" lines to stderr itself on a wrong key: its log is off,
    so a worker sees fscli's one line (LIBRARIES.md §3.4)."""
    from fscli.store.keys import checked

    conn.execute("PRAGMA cipher_log_level = NONE")
    conn.execute(f'PRAGMA key = "{checked(key)}"')
    # A big sort's scratch space in memory, never in a temporary file on the disk.
    conn.execute("PRAGMA temp_store = MEMORY")


def opens(path: Path, key: str) -> bool:
    """Whether `key` opens the encrypted file at `path` (a wrong key fails at the first read)."""
    conn = read_only(path, key=key)
    try:
        conn.execute(TABLE_NAMES).fetchall()
        return True
    except DRIVER_ERRORS:
        return False
    finally:
        conn.close()


def _open(target: str | Path, key: str | None, *, uri: bool, timeout: float, **options):
    conn = driver(key).connect(target, uri=uri, timeout=timeout, **options)
    if key is not None:
        unlock(conn, key)
    return conn


def connect(path: Path, *, mode: str, foreign_keys: bool, timeout_ms: int, key: str | None = None) -> sqlite3.Connection:
    """A configured connection in autocommit mode: fscli says where each transaction begins."""
    conn = _open(uri(path, mode), key, uri=True, timeout=timeout_ms / 1000, isolation_level=None, check_same_thread=False)
    configure(conn, foreign_keys=foreign_keys)
    return conn


def configure(conn: sqlite3.Connection, *, foreign_keys: bool = True) -> None:
    """Every SQLite connection fscli opens goes through here (goal D1)."""
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON" if foreign_keys else "PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA secure_delete = ON")


def is_read_only(error: BaseException) -> bool:
    """SQLite refused a write because the file (or its folder, for the -wal) is this user's to read only."""
    return "readonly database" in str(error).lower()


def is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


@contextmanager
def snapshots(connect: Callable[[], sqlite3.Connection], path: Path, wanted: int, key: str | None = None, *, logged: bool = False) -> Iterator[list[sqlite3.Connection]]:
    """Up to `wanted` connections reading one snapshot; one when they cannot be pinned together.

    Each reader's transaction is opened, and its snapshot fixed by a first read, while a guard
    holds the write lock for a moment: no commit can fall between them. A read-only file or a
    writer at work refuses the guard at once, and the caller reads on one connection.

    A `logged` view (store/access.py) reads on one connection that begins IMMEDIATE, as a write
    does (waiting out the busy timeout for a writer at work), and commits when the view is done:
    its access row is then written in the view's own transaction, which no writer's commit can
    have made stale.
    """
    conns: list[sqlite3.Connection] = []
    try:
        guard = _write_guard(path, key) if wanted > 1 and not logged else None
        try:
            for _ in range(wanted if guard else 1):
                conns.append(connect())
                conns[-1].execute(READ_MMAP)
                conns[-1].execute("BEGIN IMMEDIATE" if logged else "BEGIN")
                conns[-1].execute(TABLE_NAMES).fetchall()  # the first read fixes the snapshot
        finally:
            if guard is not None:
                guard.close()  # rolls back: it never wrote
        yield conns
        if logged:
            conns[0].execute("COMMIT")
    finally:
        for conn in conns:
            conn.close()


def _write_guard(path: Path, key: str | None) -> sqlite3.Connection | None:
    """A connection holding the write lock, or None at once if it cannot be had."""
    try:
        conn = _open(uri(path, "rw"), key, uri=True, timeout=0, isolation_level=None)
    except DRIVER_ERRORS:
        return None
    try:
        conn.execute("BEGIN IMMEDIATE")
    except DRIVER_ERRORS:  # busy, or a file this user may only read
        conn.close()
        return None
    return conn


def engine(connect: Callable[[], sqlite3.Connection], *, write: bool, key: str | None = None):
    """A SQLAlchemy engine over `connect`, beginning IMMEDIATE for writes (the pysqlite recipe).

    The driver module is named so that SQLAlchemy wraps SQLCipher's errors as it wraps sqlite3's
    (its own pysqlcipher dialect would send a second PRAGMA key from the URL)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    made = create_engine("sqlite://", creator=connect, poolclass=NullPool, hide_parameters=True, module=driver(key))

    @event.listens_for(made, "begin")
    def begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return made


def placeholders(sql: str) -> str:
    """SQL with :name parameters, as sqlite3 takes them."""
    return sql


def json_ids(param: str) -> str:
    """SQL: the ids of the JSON array bound as :param ('[3, 17]'), one row each (store/exporting.py:
    a list worked out on the export's snapshot, bound whole, so the statement stays the same)."""
    return f"SELECT value FROM json_each(:{param})"


def interrupt(conn: sqlite3.Connection) -> None:
    conn.interrupt()


def stream_cursor(conn: sqlite3.Connection, sql: str, params: dict):
    return conn.execute(sql, params)


def create_file(path: Path, key: str | None = None) -> None:
    """A new, empty database file readable by the user only, in WAL mode; encrypted with `key`.

    Made with O_EXCL before SQLite touches it, so the -wal and -shm files inherit mode 0600 (F12).
    """
    from fscli.store.location import private_folder

    private_folder(path.parent)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        # An empty file made beforehand (`touch`, under umask 022): made private before SQLite
        # writes to it, so the family's records never sit in a file others can read.
        fd = os.open(path, os.O_WRONLY | os.O_NOFOLLOW)
        if os.fstat(fd).st_size or not is_empty(path):
            os.close(fd)
            raise
        os.fchmod(fd, 0o600)
    os.close(fd)
    conn = _open(str(path), key, uri=False, timeout=5.0, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise FscliError(f"{path}: SQLite could not switch to WAL mode (got {mode})")
    finally:
        conn.close()


# -- the file as a file: what backup, restore and `db check` do outside those connections -------


def read_only(path: Path, *, timeout: float = 5.0, key: str | None = None) -> sqlite3.Connection:
    """A connection that cannot change the file, however it is used."""
    return _open(uri(path, "ro"), key, uri=True, timeout=timeout)


def integrity(path: Path, key: str | None = None) -> list[str]:
    """SQLite's own check of every page: ["ok"], or what it found wrong; for an encrypted file,
    SQLCipher's check of every page's HMAC too (a flipped bit, reliability.md §2.1)."""
    conn = read_only(path, key=key)
    try:
        found = [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
        if key is not None:
            found = [line for line in found if line != "ok"] + [row[0] for row in conn.execute("PRAGMA cipher_integrity_check").fetchall()]
            found = found or ["ok"]
        return found
    except DRIVER_ERRORS as error:
        return [str(error)]
    finally:
        conn.close()


def close_cleanly(path: Path, key: str | None = None) -> bool:
    """A copy no one else has open left as one file: read-only connections (the integrity check)
    leave -wal and -shm files beside it; the last read-write connection to close folds the -wal
    in and removes both. False when they are still there (someone else has it open)."""
    conn = _open(str(path), key, uri=False, timeout=5.0, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
    return not any(Path(f"{path}{suffix}").exists() for suffix in ("-wal", "-shm"))


def reclaim(conn) -> bool:
    """After records were removed (an erasure): empty the -wal into the file, VACUUM so that no
    free page is left holding what was removed (secure_delete zeroed them; VACUUM writes the file
    again without them), and empty the -wal again, truncated to nothing. False when another
    connection's open read kept the -wal from being emptied: its frames go at the next checkpoint."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    busy = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
    return busy == 0


def copy_pages(source: Path, target: Path, *, timeout: float, key: str | None = None, source_key: str | None = None) -> None:
    """Every page of `source` into `target` in one step of SQLite's backup API: one transaction
    on the target, which waits for other writers (busy timeout) and is rolled back if killed.
    Safe while others write to `source`; a file copy is not (F5)."""
    reading = read_only(source, timeout=timeout, key=source_key or key)
    writing = _open(str(target), key, uri=False, timeout=timeout)
    try:
        reading.backup(writing)
    except DRIVER_ERRORS as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseBusy() from None
        raise
    finally:
        writing.close()
        reading.close()
