"""Every test runs in its own folders, on a fixed date, with a fresh database made by the migrations."""

from __future__ import annotations

import io
import itertools
import os
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)  # a Monday
ROOT_DIR = Path(__file__).resolve().parents[1]  # the checkout: sample_data/, README.md, docs/


@dataclass
class Result:
    code: int
    out: str
    err: str

    def __repr__(self) -> str:  # shown when an assertion fails
        return f"Result(code={self.code}, out={self.out!r}, err={self.err!r})"


# FSCLI_TEST_PG (a postgresql+psycopg:// URL to a server where the tests may create databases,
# as scripts/pg-cluster prints) runs the whole suite on PostgreSQL instead of SQLite.
PG_ADMIN_URL = os.environ.get("FSCLI_TEST_PG")
BACKEND = "postgresql" if PG_ADMIN_URL else "sqlite"
TEMPLATE = f"fscli_template_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"  # one per xdist worker
_databases = itertools.count(1)


def pytest_report_header(config):
    return f"fscli backend: {BACKEND}"


def pytest_collection_modifyitems(config, items):
    """Tests of SQLite files and pragmas are skipped on PostgreSQL, each with its written reason."""
    for item in items:
        for name, runs_on, label in (("sqlite_only", "sqlite", "SQLite only"), ("postgresql_only", "postgresql", "PostgreSQL only")):
            marker = item.get_closest_marker(name)
            if marker is None:
                continue
            reason = marker.kwargs.get("reason")
            if not reason:
                raise pytest.UsageError(f"{item.nodeid}: {name} needs reason='...'")
            if BACKEND != runs_on:
                item.add_marker(pytest.mark.skip(reason=f"{label}: {reason}"))


def pg_url(database: str) -> str:
    """The admin URL with another database name."""
    assert PG_ADMIN_URL
    scheme, rest = PG_ADMIN_URL.split("://", 1)
    authority, _, tail = rest.partition("/")
    query = tail.partition("?")[2]
    return f"{scheme}://{authority}/{database}" + (f"?{query}" if query else "")


def _pg_admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(pg_url("postgres").replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(sql)


def ensure_pg_roles(*names: str, login: bool = False) -> None:
    """Roles of the whole cluster, made once and kept: xdist workers share them."""
    import psycopg

    for name in names:
        try:
            _pg_admin(f'CREATE ROLE "{name}" {"LOGIN" if login else "NOLOGIN"}')
        except (psycopg.errors.DuplicateObject, psycopg.errors.UniqueViolation):  # another worker made it first
            pass


def fresh_pg_database(name: str, template: str | None = TEMPLATE) -> str:
    _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
    return pg_url(name)


@pytest.fixture(scope="session")
def template_db(tmp_path_factory):
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.upgrade import upgrade

    if BACKEND == "postgresql":
        ensure_pg_roles("fscli_team", "fscli_oversight")  # the roles init grants to (store/server_rules.py)
        url = fresh_pg_database(TEMPLATE, template=None)
        database = Database(locate(url))
        upgrade(database, None)
        database.dispose()
        yield url
        _pg_admin(f'DROP DATABASE IF EXISTS "{TEMPLATE}" WITH (FORCE)')
        return
    path = tmp_path_factory.mktemp("template") / "fscli.db"
    upgrade(Database(locate(str(path))), None)
    yield path


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, template_db):
    """Private data, config and state folders; FSCLI_DB a fresh copy of the migrated template."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in ("FSCLI_WORKER", "FSCLI_CONFIG", "FSCLI_DEBUG", "FSCLI_BUSY_TIMEOUT_MS", "FSCLI_ALLOW_NETWORK_FS", "FSCLI_PROFILE", "FORCE_COLOR", "FSCLI_KEY_FILE", "FSCLI_ACCESS_LOG", "XDG_RUNTIME_DIR"):
        monkeypatch.delenv(name, raising=False)
    # An encrypted caseload's key is never looked for in the developer's own keyring, nor asked
    # for at the terminal pytest runs in (tests/store/test_encryption.py sets up each path itself).
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring")
    monkeypatch.setattr("fscli.store.keys.on_terminal", lambda: False)
    monkeypatch.setenv("FSCLI_TODAY", TODAY.isoformat())
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    if BACKEND == "postgresql":
        name = f"fscli_test_{os.getpid()}_{next(_databases)}"
        url = fresh_pg_database(name)
        monkeypatch.setenv("FSCLI_DB", url)
        yield url
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        db = tmp_path / "caseload" / "fscli.db"
        _copy_template(template_db, db)
        monkeypatch.setenv("FSCLI_DB", str(db))
        yield db
    _no_personal_data_in_logs(tmp_path)


# Names the tests store as people and families. An incident log is for whoever maintains fscli and
# must never hold one (reliability.md P6): checked after every test of the whole suite.
CANARIES = ("Lily Hart", "Hart family", "Zqxv Canarywood", "Kerry Ashworth", "Sam Okafor")


def _no_personal_data_in_logs(tmp_path: Path) -> None:
    for log in tmp_path.rglob("incidents.log"):
        text = log.read_text(errors="replace")
        leaked = [name for name in CANARIES if name in text]
        assert not leaked, f"{log} holds {leaked}"


def _copy_template(template_db, db: Path) -> None:
    db.parent.mkdir(mode=0o700)
    source = sqlite3.connect(template_db)
    target = sqlite3.connect(db)
    source.backup(target)
    target.close()
    source.close()
    db.chmod(0o600)


@pytest.fixture
def db_path(isolated):
    """The test's database: a Path on SQLite, a URL on PostgreSQL."""
    return isolated


@pytest.fixture
def empty_database(tmp_path) -> str:
    """A database with nothing in it, on the backend under test, as an --db value."""
    if BACKEND == "postgresql":
        name = f"fscli_empty_{os.getpid()}_{next(_databases)}"
        url = fresh_pg_database(name, template=None)
        yield url
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        return
    yield str(tmp_path / "empty" / "fscli.db")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.fixture
def cli(monkeypatch):
    """Run fscli in-process through main(), exactly as the entry point does."""
    from fscli.cli.app import main
    from fscli.cli.context import ROOT_OPTIONS

    def run(*args: str, input: str = "", terminal: bool = False) -> Result:
        """terminal: stdout says it is a terminal, as a worker's is (a view's default and safety follow it)."""
        out, err = (_Terminal() if terminal else io.StringIO()), io.StringIO()
        monkeypatch.setattr(sys, "stdout", out)
        monkeypatch.setattr(sys, "stderr", err)
        monkeypatch.setattr(sys, "stdin", io.StringIO(input))
        try:
            main(list(args))
            code = 0
        except SystemExit as exit_:
            code = exit_.code if isinstance(exit_.code, int) else 1
        finally:
            monkeypatch.setattr(sys, "stdout", sys.__stdout__)
            monkeypatch.setattr(sys, "stderr", sys.__stderr__)
            ROOT_OPTIONS.clear()  # a process ends with its command: a root --db must not reach the next test's AppContext
        return Result(code, out.getvalue(), err.getvalue())

    return run


def rows(db, sql: str, *params) -> list[tuple]:
    """Query the test's database directly; dates come back as ISO text on both backends."""
    if isinstance(db, str) and db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db.replace("+psycopg", ""), options="-c timezone=UTC") as conn:
            found = conn.execute(sql.replace("?", "%s"), params).fetchall()
        return [tuple(v.isoformat() if isinstance(v, (date, datetime)) else v for v in row) for row in found]
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def _bound(statement) -> tuple[str, tuple]:
    """A statement as text alone, or as (text with ? placeholders, its values): values are bound (I6)."""
    return (statement, ()) if isinstance(statement, str) else (statement[0], tuple(statement[1:]))


def execute(db, *statements) -> None:
    """Change the test's database behind fscli's back (to simulate tampering or a newer schema)."""
    if isinstance(db, str) and db.startswith("postgresql"):
        import psycopg

        with psycopg.connect(db.replace("+psycopg", ""), autocommit=True) as conn:
            for sql, params in map(_bound, statements):
                conn.execute(sql.replace("?", "%s") if params else sql, params or None)
        return
    conn = sqlite3.connect(db)
    try:
        for sql, params in map(_bound, statements):
            conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


def table_counts(db: Path) -> dict[str, int]:
    from fscli.store.schema import ROW_COUNTS_SQL

    return dict(rows(db, ROW_COUNTS_SQL))
