"""The one place connections are made, configured and put in transactions.

SQLite (reliability.md §1.3): WAL, synchronous=FULL, a busy timeout, foreign keys, secure
delete; BEGIN IMMEDIATE for every command that may write (a deferred BEGIN loses read-then-write
races, F1-F3) and a plain BEGIN for reads, so one read sees one snapshot without blocking writers.
A view read on two connections (Database.readers) opens both under the write lock, taken for a
moment and only if free at once, so they share one snapshot; a writer waits a few milliseconds at most.
PostgreSQL: writes queue on one advisory lock (READ COMMITTED), with a bounded retry on
serialization failures and deadlocks; reads are REPEATABLE READ snapshots.

Reads on the fast path use the plain DB-API driver (sqlite3 or psycopg) with the same settings,
so the views a worker runs all day never import SQLAlchemy.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import quote

from fscli.errors import DatabaseBusy, DatabaseMissing, DatabaseRefused, DataProblem, FscliError, InvalidInput
from fscli.store.location import Location, refuse_network_drive
from fscli.store.schema import HEAD, REVISIONS

T = TypeVar("T")
PG_RETRIES = 5
PG_WRITE_LOCK = 0x6673636C69  # "fscli": the key of the advisory lock every write takes
# Every PostgreSQL session in UTC, so instants read back the same on every machine; its
# lock_timeout is the busy timeout, so a command blocked by another waits as long as on SQLite.
# JIT off: fscli's queries are short, and compiling them cost ~10 ms each, 40x one worker's due list
# (benchmarks/backends.py); a server's analysts keep JIT for their own sessions.
PG_SESSION = "-c timezone=UTC -c lock_timeout={ms} -c jit=off"


@dataclass(frozen=True)
class SchemaState:
    revision: str | None  # None: no fscli schema at all

    @property
    def current(self) -> bool:
        return self.revision == HEAD

    @property
    def newer(self) -> bool:
        return self.revision is not None and self.revision not in REVISIONS

    @property
    def older(self) -> bool:
        return self.revision in REVISIONS and self.revision != HEAD


def configure_sqlite(conn: sqlite3.Connection, *, foreign_keys: bool = True) -> None:
    """Every SQLite connection fscli opens goes through here (goal D1)."""
    # The busy timeout is set by sqlite3.connect(timeout=...): pragmas cannot take bound values.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON" if foreign_keys else "PRAGMA foreign_keys = OFF")
    conn.execute("PRAGMA secure_delete = ON")


def _is_busy(error: BaseException) -> bool:
    text = str(error).lower()
    return "database is locked" in text or "database is busy" in text or "database table is locked" in text


def _schema_damaged(location: Location, error: BaseException) -> FscliError | None:
    """A table or column the schema revision promises is not there: damaged, or changed by another tool."""
    text = str(error).splitlines()[0] if str(error) else type(error).__name__
    if text.startswith(("no such table", "no such column")) or type(error).__name__ in ("UndefinedTable", "UndefinedColumn"):
        return DataProblem(f"--db {location.shown}: a table or column its schema promises is missing ({text})", hint="run 'fscli db check' to see what is missing; 'fscli db restore' puts back a backup")
    return None


def _not_a_database(location: Location, error: BaseException) -> FscliError:
    damaged = _schema_damaged(location, error)
    if damaged is not None:
        return damaged
    return DatabaseRefused(f"--db {location.shown}: is not a database fscli can open ({error})", hint="check the path, or run 'fscli init --db NEWPATH' for a new one")


class Reader:
    """A read-only snapshot on a plain DB-API connection; SQL uses :name parameters on both backends."""

    def __init__(self, conn: Any, kind: str) -> None:
        self.conn = conn
        self.kind = kind

    def _sql(self, sql: str) -> str:
        if self.kind == "sqlite":
            return sql
        return re.sub(r"(?<![:\w]):([a-z_][a-z0-9_]*)", r"%(\1)s", sql.replace("%", "%%"))

    def rows(self, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.conn.execute(self._sql(sql), params or {})
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def tuples(self, sql: str, params: dict[str, Any] | None = None) -> list[tuple]:
        """Rows as plain tuples, for the many-row queries a report aggregates itself (both drivers
        give tuples when no row factory is set, and fscli sets none: copying them again cost a
        council's indicators 5 ms for every 76,000 rows)."""
        return self.conn.execute(self._sql(sql), params or {}).fetchall()

    def one(self, sql: str, params: dict[str, Any] | None = None) -> dict[str, Any] | None:
        found = self.rows(sql, params)
        return found[0] if found else None

    def scalar(self, sql: str, params: dict[str, Any] | None = None) -> Any:
        cursor = self.conn.execute(self._sql(sql), params or {})
        row = cursor.fetchone()
        return row[0] if row else None

    def interrupt(self) -> None:
        """Stop the statement running on this reader, from another thread."""
        if self.kind == "sqlite":
            self.conn.interrupt()
        else:
            self.conn.cancel()

    def stream(self, sql: str, params: dict[str, Any] | None = None, *, size: int = 5000) -> Iterator[list[tuple]]:
        """Rows in batches, never the whole result in memory (a server-side cursor on PostgreSQL)."""
        if self.kind == "sqlite":
            cursor = self.conn.execute(self._sql(sql), params or {})
        else:
            cursor = self.conn.cursor(name="fscli_stream")
            cursor.execute(self._sql(sql), params or {})
        try:
            while batch := cursor.fetchmany(size):
                yield batch
        finally:
            cursor.close()


def like_literal(text: str) -> str:
    """`text` as part of a LIKE pattern written with ESCAPE '\\': the %, _ and \\ a worker types
    match themselves, not any text (reliability.md I6). The same on SQLite and PostgreSQL."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def as_date(value: Any) -> date | None:
    """A date from either driver: SQLite hands back ISO text, psycopg a date."""
    if type(value) is str:  # SQLite's, first: a council's indicators convert 100,000 of them
        return date.fromisoformat(value)
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(value)


class Database:
    def __init__(self, location: Location, *, busy_timeout_ms: int = 5000, allow_network_fs: bool = False) -> None:
        self.location = location
        self.busy_timeout_ms = busy_timeout_ms
        self.allow_network_fs = allow_network_fs
        self._engines: dict[tuple[bool, bool], Any] = {}

    # -- where it is ---------------------------------------------------------------------
    @property
    def path(self) -> Path:
        assert self.location.path is not None
        return self.location.path

    def check_path(self, *, must_exist: bool = True) -> None:
        if not self.location.is_sqlite:
            return
        path = self.path
        if path.is_dir():
            raise InvalidInput("--db", str(path), "is a folder, not a database file", hint="give a file path such as ~/caseload/fscli.db")
        if must_exist and not path.exists():
            raise DatabaseMissing(f"no database at {path}", hint="run 'fscli init' to create it (or 'fscli demo' to try the sample caseload)")
        refuse_network_drive(path, self.allow_network_fs)
        if path.exists() and not os.access(path, os.R_OK):
            raise DatabaseRefused(f"--db {path}: cannot be read by you", hint="check the file's owner and permissions")

    def _sqlite_uri(self, mode: str) -> str:
        return f"file:{quote(str(self.path))}?mode={mode}"

    def _sqlite_connect(self, *, mode: str = "rw", foreign_keys: bool = True) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self._sqlite_uri(mode), uri=True, isolation_level=None, check_same_thread=False, timeout=self.busy_timeout_ms / 1000)
            configure_sqlite(conn, foreign_keys=foreign_keys)
        except sqlite3.DatabaseError as error:
            if _is_busy(error):
                raise DatabaseBusy() from None
            raise _not_a_database(self.location, error) from None
        return conn

    # -- the fast read path --------------------------------------------------------------
    @contextmanager
    def reader(self, *, check_schema: bool = True) -> Iterator[Reader]:
        with self.readers(1, check_schema=check_schema) as (reader,):
            yield reader

    @contextmanager
    def readers(self, wanted: int, *, check_schema: bool = True) -> Iterator[list[Reader]]:
        """Up to `wanted` readers that see one snapshot, for a report read in parallel lanes
        (reports/lanes.py); one reader, never two snapshots, when they cannot be pinned together.

        SQLite pins them by opening every reader's transaction while a guard holds the write lock
        for a moment: no commit can fall between them. A read-only file or a writer at work
        refuses the guard at once, and the report then reads in one lane. PostgreSQL pins them
        by exporting the first transaction's snapshot to the others.
        """
        self.check_path()
        if self.location.is_sqlite:
            conns: list[sqlite3.Connection] = []
            try:
                guard = self._sqlite_write_guard() if wanted > 1 else None
                try:
                    revision = None
                    for _ in range(wanted if guard else 1):
                        conns.append(self._sqlite_connect(mode="rw"))
                        # Reads map the file instead of copying each page through read(): a
                        # council's summary reads a few hundred MiB of pages cold in every new
                        # process, and took a third less time (benchmarks/summary.py).
                        conns[-1].execute("PRAGMA mmap_size = 268435456")
                        conns[-1].execute("BEGIN")
                        revision = self.revision(Reader(conns[-1], "sqlite"))  # the first read fixes the snapshot
                finally:
                    if guard is not None:
                        guard.close()  # rolls back: it never wrote
                if check_schema:
                    self.require_current(revision)
                yield [Reader(conn, "sqlite") for conn in conns]
            except sqlite3.DatabaseError as error:
                if _is_busy(error):
                    raise DatabaseBusy() from None
                raise _not_a_database(self.location, error) from None
            finally:
                for conn in conns:
                    conn.close()
        else:
            pg_conns: list[Any] = []
            try:
                pg_conns.append(self._pg_connect())
                snapshot = _pg_begin_exporting(pg_conns[0]) if wanted > 1 else _pg_begin(pg_conns[0])
                revision = self.revision(Reader(pg_conns[0], "postgresql"))
                if check_schema:
                    self.require_current(revision)
                for _ in range(wanted - 1 if snapshot else 0):
                    pg_conns.append(self._pg_connect())
                    _pg_begin(pg_conns[-1], snapshot)
                yield [Reader(conn, "postgresql") for conn in pg_conns]
            except Exception as error:
                damaged = _schema_damaged(self.location, error)
                if damaged is not None:
                    raise damaged from None
                raise
            finally:
                for conn in pg_conns:
                    conn.rollback()
                    conn.close()

    def _sqlite_write_guard(self) -> sqlite3.Connection | None:
        """A connection holding the write lock, or None at once if it cannot be had."""
        try:
            conn = sqlite3.connect(self._sqlite_uri("rw"), uri=True, isolation_level=None, timeout=0)
        except sqlite3.DatabaseError:
            return None
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.DatabaseError:  # busy, or a file this user may only read
            conn.close()
            return None
        return conn

    def _pg_connect(self):
        try:
            import psycopg
        except ImportError:
            raise FscliError("PostgreSQL support is not installed", hint="pip install 'fscli[postgres]'") from None
        conninfo = (self.location.url or "").replace("postgresql+psycopg://", "postgresql://", 1)
        try:
            return psycopg.connect(conninfo, options=PG_SESSION.format(ms=int(self.busy_timeout_ms)))
        except psycopg.OperationalError as error:
            first = str(error).strip().splitlines()[0] if str(error).strip() else "connection failed"
            raise DatabaseRefused(f"--db {self.location.shown}: cannot connect ({first})", hint="check the server, ~/.pgpass and sslmode") from None

    def revision(self, reader: Reader) -> str | None:
        if reader.kind == "sqlite":
            exists = reader.scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        else:
            exists = reader.scalar("SELECT count(*) FROM information_schema.tables WHERE table_name = 'alembic_version' AND table_schema = current_schema()")
        if not exists:
            return None
        return reader.scalar("SELECT version_num FROM alembic_version")

    def schema_state(self) -> SchemaState:
        with self.reader(check_schema=False) as reader:
            return SchemaState(self.revision(reader))

    def require_current(self, revision: str | None) -> None:
        state = SchemaState(revision)
        if state.current:
            return
        if state.revision is None:
            raise DatabaseMissing(f"{self.location.shown} has no fscli records in it", hint="run 'fscli init' to set it up")
        if state.newer:
            raise DatabaseRefused(
                f"{self.location.shown} was made by a newer fscli (schema {revision}); this fscli knows up to {HEAD}",
                hint="upgrade fscli; nothing was changed",
            )
        raise FscliError(f"{self.location.shown} uses an older schema ({revision})", hint="run 'fscli db upgrade' (a backup is taken first)")

    # -- SQLAlchemy engines for writes and migrations ------------------------------------
    def engine(self, *, write: bool, foreign_keys: bool = True):
        key = (write, foreign_keys)
        if key in self._engines:
            return self._engines[key]
        from sqlalchemy import create_engine, event
        from sqlalchemy.pool import NullPool

        if self.location.is_sqlite:
            engine = create_engine("sqlite://", creator=lambda: self._sqlite_connect(mode="rw", foreign_keys=foreign_keys), poolclass=NullPool, hide_parameters=True)

            @event.listens_for(engine, "begin")
            def begin(conn):  # the pysqlite recipe, with IMMEDIATE for writes (reliability.md §1.2)
                conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")
        else:
            self._pg_connect().close()  # fails early with a clear message when the server is unreachable
            # Writers queue on one transaction-scoped advisory lock, as BEGIN IMMEDIATE makes them
            # queue on SQLite: under READ COMMITTED each statement then sees every commit before
            # it, so read-then-write commands (the next FS- number, the audit chain) cannot race,
            # and nobody is sent back to retry. Reads take a REPEATABLE READ snapshot and no lock.
            engine = create_engine(self.location.url, poolclass=NullPool, hide_parameters=True, isolation_level="READ COMMITTED" if write else "REPEATABLE READ", connect_args={"options": PG_SESSION.format(ms=int(self.busy_timeout_ms))})
            if write:

                @event.listens_for(engine, "begin")
                def take_write_lock(conn):
                    conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%(key)s)", {"key": PG_WRITE_LOCK})
        self._engines[key] = engine
        return engine

    def transact(self, work: Callable[[Any], T], *, write: bool = True, check_schema: bool = True) -> T:
        """Run `work(connection)` as one transaction: all of it commits, or none of it.

        On PostgreSQL a serialization failure is retried a few times; past that, and on SQLite
        when the busy timeout runs out, the command stops with exit 75 and nothing changed.
        """
        from sqlalchemy import exc

        self.check_path()
        attempts = PG_RETRIES if not self.location.is_sqlite else 1
        for attempt in range(attempts):
            try:
                with self.engine(write=write).connect() as conn:
                    with conn.begin():
                        if check_schema:
                            revision = self._sa_revision(conn)
                            self.require_current(revision)
                        return work(conn)
            except exc.OperationalError as error:
                if _is_busy(error.orig or error) or _pg_lock_timeout(error):
                    raise DatabaseBusy() from None
                if _pg_retryable(error) and attempt + 1 < attempts:
                    continue
                if _pg_retryable(error):
                    raise DatabaseBusy() from None
                if isinstance(error.orig, sqlite3.DatabaseError):
                    raise _not_a_database(self.location, error.orig) from None
                raise
            except exc.DBAPIError as error:
                if _pg_retryable(error):
                    if attempt + 1 < attempts:
                        continue
                    raise DatabaseBusy() from None
                denied = pg_permission_denied(error, self.location)
                if denied:
                    raise denied from None
                if isinstance(error, exc.IntegrityError):
                    raise FscliError(f"the change would break a rule of the database ({_first_line(error.orig)}): nothing was changed") from None
                raise
        raise DatabaseBusy()  # pragma: no cover - the loop returns or raises

    def _sa_revision(self, conn) -> str | None:
        from sqlalchemy import inspect, text

        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()


def pg_permission_denied(error: BaseException, location: Location) -> FscliError | None:
    """The server refused this role the statement: say so, and who should run it."""
    if getattr(getattr(error, "orig", None), "sqlstate", None) != "42501":
        return None
    return DatabaseRefused(
        f"--db {location.shown}: the server refused this role ({_first_line(error.orig)})",
        hint="schema changes need the migration role (see the README, 'A team on PostgreSQL'); everyday roles need the grants listed there",
    )


def _pg_lock_timeout(error: BaseException) -> bool:
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "55P03"


def _pg_retryable(error: BaseException) -> bool:
    code = getattr(getattr(error, "orig", None), "sqlstate", None)
    return code in ("40001", "40P01")


def _pg_begin(conn, snapshot: str | None = None) -> None:
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    if snapshot is not None:
        from psycopg import sql

        # A utility statement takes no bound parameter: the server's own snapshot name, quoted.
        conn.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))


def _pg_begin_exporting(conn) -> str | None:
    """Begin, exporting the transaction's snapshot for other sessions to share; None, and a
    plain transaction, where the server will not export one (a standby may refuse)."""
    import psycopg

    _pg_begin(conn)
    try:
        return conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
    except psycopg.Error:
        conn.rollback()
        _pg_begin(conn)
        return None


def _first_line(error: object) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def create_sqlite_file(path: Path) -> None:
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
