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
    salt) where a plain SQLite file has its magic header (reliability.md §2.1). A missing or
    empty file is not encrypted."""
    try:
        with open(path, "rb") as file:
            header = file.read(16)
    except OSError:
        return False
    return len(header) == 16 and header != PLAIN_HEADER


def uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path))}?mode={mode}"


def connect(path: Path, *, mode: str, foreign_keys: bool, timeout_ms: int) -> sqlite3.Connection:
    """A configured connection in autocommit mode: fscli says where each transaction begins."""
    conn = sqlite3.connect(uri(path, mode), uri=True, isolation_level=None, check_same_thread=False, timeout=timeout_ms / 1000)
    configure(conn, foreign_keys=foreign_keys)
    return conn


def configure(conn: sqlite3.Connection, *, foreign_keys: bool = True) -> None:
    """Every SQLite connection fscli opens goes through here (goal D1)."""
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON" if foreign_keys else "PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA secure_delete = ON")


def is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


@contextmanager
def snapshots(connect: Callable[[], sqlite3.Connection], path: Path, wanted: int) -> Iterator[list[sqlite3.Connection]]:
    """Up to `wanted` connections reading one snapshot; one when they cannot be pinned together.

    Each reader's transaction is opened, and its snapshot fixed by a first read, while a guard
    holds the write lock for a moment: no commit can fall between them. A read-only file or a
    writer at work refuses the guard at once, and the caller reads on one connection.
    """
    conns: list[sqlite3.Connection] = []
    try:
        guard = _write_guard(path) if wanted > 1 else None
        try:
            for _ in range(wanted if guard else 1):
                conns.append(connect())
                conns[-1].execute(READ_MMAP)
                conns[-1].execute("BEGIN")
                conns[-1].execute(TABLE_NAMES).fetchall()  # the first read fixes the snapshot
        finally:
            if guard is not None:
                guard.close()  # rolls back: it never wrote
        yield conns
    finally:
        for conn in conns:
            conn.close()


def _write_guard(path: Path) -> sqlite3.Connection | None:
    """A connection holding the write lock, or None at once if it cannot be had."""
    try:
        conn = sqlite3.connect(uri(path, "rw"), uri=True, isolation_level=None, timeout=0)
    except sqlite3.DatabaseError:
        return None
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.DatabaseError:  # busy, or a file this user may only read
        conn.close()
        return None
    return conn


def engine(connect: Callable[[], sqlite3.Connection], *, write: bool):
    """A SQLAlchemy engine over `connect`, beginning IMMEDIATE for writes (the pysqlite recipe)."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    made = create_engine("sqlite://", creator=connect, poolclass=NullPool, hide_parameters=True)

    @event.listens_for(made, "begin")
    def begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")

    return made


def placeholders(sql: str) -> str:
    """SQL with :name parameters, as sqlite3 takes them."""
    return sql


def interrupt(conn: sqlite3.Connection) -> None:
    conn.interrupt()


def stream_cursor(conn: sqlite3.Connection, sql: str, params: dict):
    return conn.execute(sql, params)


def create_file(path: Path) -> None:
    """A new, empty database file readable by the user only, in WAL mode.

    Made with O_EXCL before SQLite touches it, so the -wal and -shm files inherit mode 0600 (F12).
    """
    from fscli.store.location import private_folder

    private_folder(path.parent)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if mode.lower() != "wal":
            raise FscliError(f"{path}: SQLite could not switch to WAL mode (got {mode})")
    finally:
        conn.close()


# -- the file as a file: what backup, restore and `db check` do outside those connections -------


def read_only(path: Path, *, timeout: float = 5.0) -> sqlite3.Connection:
    """A connection that cannot change the file, however it is used."""
    return sqlite3.connect(uri(path, "ro"), uri=True, timeout=timeout)


def integrity(path: Path) -> list[str]:
    """SQLite's own check of every page: ["ok"], or what it found wrong."""
    conn = read_only(path)
    try:
        return [row[0] for row in conn.execute("PRAGMA integrity_check").fetchall()]
    except sqlite3.DatabaseError as error:
        return [str(error)]
    finally:
        conn.close()


def copy_pages(source: Path, target: Path, *, timeout: float) -> None:
    """Every page of `source` into `target` in one step of SQLite's backup API: one transaction
    on the target, which waits for other writers (busy timeout) and is rolled back if killed.
    Safe while others write to `source`; a file copy is not (F5)."""
    reading = read_only(source, timeout=timeout)
    writing = sqlite3.connect(target, timeout=timeout)
    try:
        reading.backup(writing)
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise DatabaseBusy() from None
        raise
    finally:
        writing.close()
        reading.close()
