"""PostgreSQL: how fscli connects to a team's server and sets up each session.

Writes queue on one transaction-scoped advisory lock under READ COMMITTED, as BEGIN IMMEDIATE
makes them queue on SQLite, with a bounded retry on serialization failures and deadlocks; reads
are REPEATABLE READ READ ONLY snapshots, which a view read in parallel lanes shares by exporting
it. psycopg is imported only when a server is used. store/db.py's Database opens every
connection through here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fscli.errors import DatabaseRefused, FscliError, first_line
from fscli.store.location import Location

KIND = "postgresql"
TABLE_NAMES = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
RETRIES = 5
WRITE_LOCK = 0x6673636C69  # "fscli": the key of the advisory lock every write takes
# Every session in UTC, so instants read back the same on every machine; its lock_timeout is the
# busy timeout, so a command blocked by another waits as long as on SQLite. JIT off: fscli's
# queries are short, and compiling them cost ~10 ms each, 40x one worker's due list
# (benchmarks/backends.py); a server's analysts keep JIT for their own sessions.
SESSION = "-c timezone=UTC -c lock_timeout={ms} -c jit=off"


def connect(location: Location, busy_timeout_ms: int):
    try:
        import psycopg
    except ImportError:
        raise FscliError("PostgreSQL support is not installed", hint="pip install 'fscli[postgres]'") from None
    conninfo = (location.url or "").replace("postgresql+psycopg://", "postgresql://", 1)
    try:
        return psycopg.connect(conninfo, options=SESSION.format(ms=int(busy_timeout_ms)))
    except psycopg.OperationalError as error:
        raise DatabaseRefused(f"{location.called}: cannot connect ({first_line(error, 'connection failed')})", hint="check the server, ~/.pgpass and sslmode") from None


@contextmanager
def snapshots(connect: Callable[[], Any], wanted: int, *, logged: bool = False) -> Iterator[list[Any]]:
    """Up to `wanted` connections reading one snapshot: the first exports it, the others set it;
    one connection where the server will not export one (a standby may refuse).

    A `logged` view (store/access.py) reads on one connection in a REPEATABLE READ transaction
    that may write, and commits when the view is done: the server writes its access row in it."""
    conns: list[Any] = []
    try:
        conns.append(connect())
        if logged:
            conns[0].execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ WRITE")
            snapshot = None
        else:
            snapshot = _begin_exporting(conns[0]) if wanted > 1 else _begin(conns[0])
        for _ in range(wanted - 1 if snapshot else 0):
            conns.append(connect())
            _begin(conns[-1], snapshot)
        yield conns
        if logged:
            conns[0].commit()
    finally:
        for conn in conns:
            conn.rollback()
            conn.close()


def _begin(conn, snapshot: str | None = None) -> None:
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    if snapshot is not None:
        from psycopg import sql

        # A utility statement takes no bound parameter: the server's own snapshot name, quoted.
        conn.execute(sql.SQL("SET TRANSACTION SNAPSHOT {}").format(sql.Literal(snapshot)))


def _begin_exporting(conn) -> str | None:
    """Begin, exporting the transaction's snapshot for other sessions to share; None, and a
    plain transaction, where the server will not export one."""
    import psycopg

    _begin(conn)
    try:
        return conn.execute("SELECT pg_export_snapshot()").fetchone()[0]
    except psycopg.Error:
        conn.rollback()
        _begin(conn)
        return None


def engine(location: Location, busy_timeout_ms: int, *, write: bool):
    """A SQLAlchemy engine whose write transactions first take the advisory lock.

    Under READ COMMITTED each statement then sees every commit before it, so read-then-write
    commands (the next FS- number, the audit chain) cannot race, and nobody is sent back to retry.
    Reads take a REPEATABLE READ snapshot and no lock.
    """
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    made = create_engine(location.url, poolclass=NullPool, hide_parameters=True, isolation_level="READ COMMITTED" if write else "REPEATABLE READ", connect_args={"options": SESSION.format(ms=int(busy_timeout_ms))})
    if write:

        @event.listens_for(made, "begin")
        def take_write_lock(conn):
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(%(key)s)", {"key": WRITE_LOCK})

    return made


def placeholders(sql: str) -> str:
    """SQL with :name parameters in psycopg's %(name)s style (a literal % doubled)."""
    return re.sub(r"(?<![:\w]):([a-z_][a-z0-9_]*)", r"%(\1)s", sql.replace("%", "%%"))


def json_ids(param: str) -> str:
    """SQL: the ids of the JSON array bound as :param ('[3, 17]'), one row each: the same bound
    text as on SQLite (json_each there), read by PostgreSQL's own JSON function."""
    return f"SELECT CAST(value AS bigint) FROM json_array_elements_text(CAST(:{param} AS json))"


def interrupt(conn) -> None:
    conn.cancel()


def stream_cursor(conn, sql: str, params: dict):
    """A server-side cursor: the rows stay on the server until fetched."""
    cursor = conn.cursor(name="fscli_stream")
    cursor.execute(sql, params)
    return cursor


def vacuum(conn, tables: list[str]) -> None:
    """VACUUM the tables an erasure touched, outside a transaction as VACUUM must be: the space of
    their removed rows is marked free for reuse (the pages are not zeroed, and the server's WAL
    and base backups keep their own copies until they age out: docs/retention.md)."""
    conn.autocommit = True
    for table in tables:  # names from fscli's own schema
        conn.execute('VACUUM (ANALYZE) "' + table.replace('"', '""') + '"')


def permission_denied(error: BaseException, location: Location) -> FscliError | None:
    """The server refused this role the statement: say so, and who should run it."""
    if _sqlstate(error) != "42501":
        return None
    if "row-level security" in first_line(error.orig):  # type: ignore[attr-defined]
        return row_security_refusal(first_line(error.orig), location)  # type: ignore[attr-defined]
    return DatabaseRefused(
        f"{location.called}: the server refused this role ({first_line(error.orig)})",  # type: ignore[attr-defined]
        hint="schema changes, teams and workers' logins are the migration role's (see the README, 'A team on PostgreSQL'); 'fscli db grants' lists what a worker's login may do",
    )


# A write row security refused ('new row violates row-level security policy "p" for table "t"'),
# in fscli's words: what the login tried, by the table, and who may do it. The server's own words
# name its policies, which mean nothing to a worker.
RLS_TABLE = re.compile(r'row-level security policy (?:"[^"]*" )?for table "([^"]+)"')
MANAGERS = "a manager of the case's team restricts it and lifts a restriction that names them; the oversight role does both"
RLS_REFUSED = {
    "restriction": ("restrict this case or lift its restriction", MANAGERS),
    "restriction_worker": ("name the workers of this case's restriction", MANAGERS),
    "case_team": ("give this case a team or move it to another", "a manager of the case's team moves it; a member gives a case of no team one of their own teams"),
    "worker": ("give a worker a login", "the database's owner gives logins: fscli worker add NAME --login LOGIN, run as the migration role"),
}


def row_security_refusal(message: str, location: Location) -> FscliError:
    found = RLS_TABLE.search(message)
    table = found.group(1) if found else None
    what, hint = RLS_REFUSED.get(table or "", (f"write {table or 'these'} records of a case it does not see", "a case's records are written by those who see it: its team, its workers, and those a restriction names"))
    return DatabaseRefused(f"{location.called}: the server does not let this login make that change: {what} (table {table or 'unknown'})", hint=f"{hint} (see the README, 'A team on PostgreSQL')")


def missing_function(error: BaseException, location: Location) -> FscliError | None:
    """A write asked the server for a function of fscli's (store/server_rules.py) that it lacks:
    a server upgraded to this fscli without 'fscli db upgrade', which creates them."""
    if _sqlstate(error) != "42883":
        return None
    found = re.search(r"function (fscli_[a-z_]+)", first_line(getattr(error, "orig", error)))
    if found is None:
        return None
    return DatabaseRefused(f"{location.called}: the server has no function {found.group(1)} yet, which this fscli writes through", hint="the migration role runs 'fscli db upgrade' to add it; nothing was changed")


def unlogged_view(error: BaseException, location: Location) -> FscliError | None:
    """A view's access row cannot be written (store/access.py): the server has no fscli_log_access,
    or takes no writes at all (a standby). The view is not shown unlogged."""
    state = getattr(error, "sqlstate", None)
    if state == "42883" and "fscli_log_access" in str(error):
        return DatabaseRefused(f"{location.called}: the server cannot log this view (it has no fscli_log_access function)", hint="the migration role runs 'fscli db upgrade' to add it; nothing was shown")
    if state == "25006":
        return DatabaseRefused(f"{location.called}: the server takes no writes (a standby?), so this view cannot be logged", hint="use the team's primary server; nothing was shown")
    return None


def lock_timeout(error: BaseException) -> bool:
    return _sqlstate(error) == "55P03"


def retryable(error: BaseException) -> bool:
    """A serialization failure or a deadlock: the transaction may simply be run again."""
    return _sqlstate(error) in ("40001", "40P01")


def _sqlstate(error: BaseException) -> str | None:
    return getattr(getattr(error, "orig", None), "sqlstate", None)
