"""The one place connections are made, configured and put in transactions: Database.

Each backend has its own module for what only it does: store/sqlite.py (pragmas, the file's
modes, BEGIN IMMEDIATE, the guard that pins readers to one snapshot) and store/postgresql.py
(session settings, the advisory write lock, exported snapshots). Database opens every connection
through them, the same way for every command, and keeps what both share: where the database is,
the schema check, one transaction per command, and turning a driver's error into a refusal a
worker can act on.

SQLite (reliability.md §1.3): BEGIN IMMEDIATE for every command that may write (a deferred
BEGIN loses read-then-write races, F1-F3) and a plain BEGIN for reads, so one read sees one
snapshot without blocking writers. A view read on two connections (Database.readers) opens both
under the write lock, taken for a moment and only if free at once, so they share one snapshot; a
writer waits a few milliseconds at most. PostgreSQL: writes queue on one advisory lock (READ
COMMITTED), with a bounded retry on serialization failures and deadlocks; reads are REPEATABLE
READ snapshots.

Reads on the fast path use the plain DB-API driver (sqlite3 or psycopg) with the same settings,
so the views a worker runs all day never import SQLAlchemy.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import Any, TypeVar

from fscli import collector
from fscli.domain.frozen import frozen
from fscli.errors import DatabaseBusy, DatabaseMissing, DatabaseRefused, DataProblem, FscliError, InvalidInput, first_line
from fscli.store import postgresql, sqlite
from fscli.store.location import Location, refuse_network_drive
from fscli.store.schema import HEAD, REVISIONS

T = TypeVar("T")
BACKENDS = {sqlite.KIND: sqlite, postgresql.KIND: postgresql}
# Text ordered character by character, as Python (and SQLite) order it: a server's collation may not.
IN_BYTE_ORDER = {sqlite.KIND: "", postgresql.KIND: ' COLLATE "C"'}


@frozen
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


def _schema_damaged(location: Location, error: BaseException) -> FscliError | None:
    """A table or column the schema revision promises is not there: damaged, or changed by another tool."""
    text = first_line(error)
    if text.startswith(("no such table", "no such column")) or type(error).__name__ in ("UndefinedTable", "UndefinedColumn"):
        return DataProblem(f"{location.called}: a table or column its schema promises is missing ({text})", hint="run 'fscli db check' to see what is missing; 'fscli db restore' puts back a backup")
    return None


def _not_a_database(location: Location, error: BaseException) -> FscliError:
    damaged = _schema_damaged(location, error)
    if damaged is not None:
        return damaged
    return DatabaseRefused(f"{location.called}: is not a database fscli can open ({error})", hint="check the path, or run 'fscli init --db NEWPATH' for a new one")


def _sqlite_refusal(location: Location, error: BaseException) -> FscliError:
    if sqlite.is_read_only(error):
        return DatabaseRefused(
            f"{location.called}: you may only read this file, and each view of a case's records is logged in it",
            hint="open a copy you can write to, or (a single worker's file only) set access_log = false in the config file",
        )
    return DatabaseBusy() if sqlite.is_busy(error) else _not_a_database(location, error)


class Reader:
    """A read-only snapshot on a plain DB-API connection; SQL uses :name parameters on both backends."""

    def __init__(self, conn: Any, kind: str) -> None:
        self.conn = conn
        self.kind = kind
        self._backend = BACKENDS[kind]

    def _sql(self, sql: str) -> str:
        return self._backend.placeholders(sql)

    def json_ids(self, param: str) -> str:
        """SQL: the ids of the JSON array bound as :param ('[3, 17]'), one row each; the same
        statement whatever the ids, on either backend."""
        return self._backend.json_ids(param)

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

    def table_names(self) -> set[str]:
        """The tables in the database (on PostgreSQL, in the session's schema)."""
        return {name for (name,) in self.tuples(self._backend.TABLE_NAMES)}

    def interrupt(self) -> None:
        """Stop the statement running on this reader, from another thread."""
        self._backend.interrupt(self.conn)

    def stream(self, sql: str, params: dict[str, Any] | None = None, *, size: int = 5000) -> Iterator[list[tuple]]:
        """Rows in batches, never the whole result in memory (a server-side cursor on PostgreSQL)."""
        cursor = self._backend.stream_cursor(self.conn, self._sql(sql), params or {})
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


def as_instant(value: Any) -> datetime | None:
    """An instant from either driver: SQLite hands back ISO text with its offset, psycopg a datetime."""
    return datetime.fromisoformat(value) if isinstance(value, str) else value


class Database:
    def __init__(self, location: Location, *, busy_timeout_ms: int = 5000, allow_network_fs: bool = False, key_file: Path | None = None) -> None:
        self.location = location
        self.busy_timeout_ms = busy_timeout_ms
        self.allow_network_fs = allow_network_fs
        self.key_file = key_file
        self._engines: dict[tuple[bool, bool], Any] = {}
        self._key: str | None = None

    # -- the key of an encrypted caseload (store/keys.py) ----------------------------------
    @property
    def encrypted(self) -> bool:
        return self.location.is_sqlite and sqlite.is_encrypted(self.path)

    @property
    def key(self) -> str | None:
        """SQLCipher's key for this caseload, found once per process; None for a plain file."""
        if self._key is None and self.encrypted:
            from fscli.store.keys import KeyFinder

            self._key = KeyFinder(self.path, self.key_file, named=self.location.named).find(lambda key: sqlite.opens(self.path, key))
        return self._key

    def use_key(self, key: str | None) -> None:
        """The key from now on: the caseload was just encrypted or given a new key."""
        self.dispose()
        self._key = key

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
        if path.exists() and not path.is_file():
            # /dev/null, a pipe, a socket: SQLite would "open" it and fail at the first commit (exit 70).
            raise InvalidInput(self.location.named, str(path), "is not a regular file (a device, a pipe or a socket)", hint="give a file path such as ~/caseload/fscli.db")
        if must_exist and not path.exists():
            raise DatabaseMissing(f"no database at {path}", hint=self._missing_hint(path))
        refuse_network_drive(path, self.allow_network_fs, self.location.named)
        if path.exists() and not os.access(path, os.R_OK):
            raise DatabaseRefused(f"{self.location.named} {path}: cannot be read by you", hint="check the file's owner and permissions")

    def _missing_hint(self, path: Path) -> str:
        """What to do when there is no caseload: make one; and when nothing named one but the demo
        has been built, how to point this terminal at the demo (a new user's next step after 'fscli demo')."""
        import shlex

        from fscli.config import DEFAULT_CASELOAD, DEMO_DB, pointing_at

        demo = path.with_name(DEMO_DB)
        if self.location.named == DEFAULT_CASELOAD and demo.is_file():
            return f"run 'fscli init' to start your own caseload; or to explore the demo: {pointing_at(demo)} (or give --db {shlex.quote(str(demo))} to one command)"
        return "run 'fscli init' to create it (or 'fscli demo' to try the sample caseload)"

    # -- connections, each configured by its backend's module ----------------------------
    def _sqlite_connect(self, *, mode: str = "rw", foreign_keys: bool = True) -> sqlite3.Connection:
        key = self.key
        try:
            return sqlite.connect(self.path, mode=mode, foreign_keys=foreign_keys, timeout_ms=self.busy_timeout_ms, key=key)
        except sqlite.DRIVER_ERRORS as error:
            raise _sqlite_refusal(self.location, error) from None

    def _pg_connect(self):
        return postgresql.connect(self.location, self.busy_timeout_ms)

    def _refusal(self, error: BaseException) -> FscliError | None:
        """What a driver's error means to the worker (busy, damaged, not a database), or None
        for an error that is not about the database, to be raised as it is."""
        if isinstance(error, sqlite.DRIVER_ERRORS):
            return _sqlite_refusal(self.location, error)
        return postgresql.unlogged_view(error, self.location) or _schema_damaged(self.location, error)

    # -- the fast read path --------------------------------------------------------------
    @contextmanager
    def reader(self, *, check_schema: bool = True, logged: bool = False) -> Iterator[Reader]:
        """One reader; a `logged` one reads in a transaction that may write the view's access row
        (store/access.py) and commits when the view is done, or rolls back if it fails."""
        with self.readers(1, check_schema=check_schema, logged=logged) as (reader,):
            yield reader

    @contextmanager
    def readers(self, wanted: int, *, check_schema: bool = True, logged: bool = False) -> Iterator[list[Reader]]:
        """Up to `wanted` readers that see one snapshot, for a report read in parallel lanes
        (reports/lanes.py); one reader, never two snapshots, when they cannot be pinned together
        (sqlite.snapshots and postgresql.snapshots say how each backend pins them)."""
        self.check_path()
        collector.resume()  # the command's imports are done: the collector runs again (fscli/collector.py)
        if self.location.is_sqlite:
            snapshots = sqlite.snapshots(lambda: self._sqlite_connect(mode="rw"), self.path, wanted, self.key, logged=logged)
        else:
            snapshots = postgresql.snapshots(self._pg_connect, wanted, logged=logged)
        try:
            with snapshots as conns:
                readers = [Reader(conn, self.location.kind) for conn in conns]
                if check_schema:
                    self.require_current(self.revision(readers[0]))
                yield readers
        except FscliError:
            raise
        except Exception as error:
            refusal = self._refusal(error)
            if refusal is None:
                raise
            raise refusal from None

    def revision(self, reader: Reader) -> str | None:
        if "alembic_version" not in reader.table_names():
            if reader.kind == "postgresql":
                from fscli.store.login import refuse_non_member

                refuse_non_member(reader)
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
        collector.resume()  # the command's imports are done: the collector runs again (fscli/collector.py)
        key = (write, foreign_keys)
        if key in self._engines:
            return self._engines[key]
        if self.location.is_sqlite:
            engine = sqlite.engine(lambda: self._sqlite_connect(mode="rw", foreign_keys=foreign_keys), write=write, key=self.key)
        else:
            self._pg_connect().close()  # fails early with a clear message when the server is unreachable
            engine = postgresql.engine(self.location, self.busy_timeout_ms, write=write)
        self._engines[key] = engine
        return engine

    def transact(self, work: Callable[[Any], T], *, write: bool = True, check_schema: bool = True) -> T:
        """Run `work(connection)` as one transaction: all of it commits, or none of it.

        On PostgreSQL a serialization failure is retried a few times; past that, and on SQLite
        when the busy timeout runs out, the command stops with exit 75 and nothing changed.
        """
        from sqlalchemy import exc

        self.check_path()
        attempts = postgresql.RETRIES if not self.location.is_sqlite else 1
        for attempt in range(attempts):
            try:
                with self.engine(write=write).connect() as conn:
                    with conn.begin():
                        if check_schema:
                            revision = self._sa_revision(conn)
                            self.require_current(revision)
                        return work(conn)
            except exc.OperationalError as error:
                if sqlite.is_busy(error.orig or error) or postgresql.lock_timeout(error):
                    raise DatabaseBusy() from None
                if postgresql.retryable(error) and attempt + 1 < attempts:
                    continue
                if postgresql.retryable(error):
                    raise DatabaseBusy() from None
                if isinstance(error.orig, sqlite.DRIVER_ERRORS):
                    raise _not_a_database(self.location, error.orig) from None
                raise
            except exc.DBAPIError as error:
                if postgresql.retryable(error):
                    if attempt + 1 < attempts:
                        continue
                    raise DatabaseBusy() from None
                denied = postgresql.permission_denied(error, self.location) or postgresql.missing_function(error, self.location)
                if denied:
                    raise denied from None
                if isinstance(error, exc.IntegrityError):
                    raise FscliError(f"the change would break a rule of the database ({first_line(error.orig)}): nothing was changed") from None
                raise
        raise DatabaseBusy()  # pragma: no cover - the loop returns or raises

    def reclaim(self, tables: list[str]) -> bool:
        """After an erasure has committed: leave no free page or -wal frame holding what it removed
        (sqlite.reclaim), or VACUUM the tables on a server (postgresql.vacuum). False when another
        connection kept SQLite's -wal from being emptied."""
        if self.location.is_sqlite:
            conn = self._sqlite_connect()
            try:
                return sqlite.reclaim(conn)
            except sqlite.DRIVER_ERRORS as error:
                raise _sqlite_refusal(self.location, error) from None
            finally:
                conn.close()
        conn = self._pg_connect()
        try:
            postgresql.vacuum(conn, tables)
        finally:
            conn.close()
        return True

    def _sa_revision(self, conn) -> str | None:
        from sqlalchemy import inspect, text

        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def dispose(self) -> None:
        for engine in self._engines.values():
            engine.dispose()
        self._engines.clear()
