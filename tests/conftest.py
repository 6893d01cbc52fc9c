"""Every test runs in its own folders, on a fixed date, with a fresh database made by the migrations."""

from __future__ import annotations

import io
import sqlite3
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

TODAY = date(2026, 11, 23)  # a Monday


@dataclass
class Result:
    code: int
    out: str
    err: str

    def __repr__(self) -> str:  # shown when an assertion fails
        return f"Result(code={self.code}, out={self.out!r}, err={self.err!r})"


@pytest.fixture(scope="session")
def template_db(tmp_path_factory) -> Path:
    from fscli.store import maintenance
    from fscli.store.db import Database
    from fscli.store.location import locate

    path = tmp_path_factory.mktemp("template") / "fscli.db"
    maintenance.upgrade(Database(locate(str(path))), None)
    return path


@pytest.fixture(autouse=True)
def isolated(tmp_path, monkeypatch, template_db) -> Path:
    """Private data, config and state folders; FSCLI_DB a fresh copy of the migrated template."""
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / name.lower()))
    for name in ("FSCLI_WORKER", "FSCLI_CONFIG", "FSCLI_DEBUG", "FSCLI_BUSY_TIMEOUT_MS", "FSCLI_ALLOW_NETWORK_FS", "FORCE_COLOR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("FSCLI_TODAY", TODAY.isoformat())
    monkeypatch.setenv("COLUMNS", "120")
    monkeypatch.setenv("NO_COLOR", "1")
    db = tmp_path / "caseload" / "fscli.db"
    db.parent.mkdir(mode=0o700)
    source = sqlite3.connect(template_db)
    target = sqlite3.connect(db)
    source.backup(target)
    target.close()
    source.close()
    db.chmod(0o600)
    monkeypatch.setenv("FSCLI_DB", str(db))
    return db


@pytest.fixture
def db_path(isolated) -> Path:
    return isolated


@pytest.fixture
def cli(monkeypatch):
    """Run fscli in-process through main(), exactly as the entry point does."""
    from fscli.cli.app import main

    def run(*args: str, input: str = "") -> Result:
        out, err = io.StringIO(), io.StringIO()
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
        return Result(code, out.getvalue(), err.getvalue())

    return run


def rows(db: Path, sql: str, *params) -> list[tuple]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def table_counts(db: Path) -> dict[str, int]:
    from fscli.store.schema import ROW_COUNTS_SQL

    return dict(rows(db, ROW_COUNTS_SQL))
