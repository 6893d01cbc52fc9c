"""A team's database: a migration role owns the schema, workers get only what they need."""

from pathlib import Path

import pytest

from tests.conftest import _pg_admin, pg_url, rows

GRANTS = Path(__file__).resolve().parents[2] / "docs" / "postgresql-grants.sql"


def _as(role: str, database: str) -> str:
    return pg_url(database).replace("://fscli@", f"://{role}@")


@pytest.fixture
def team_database():
    for statement in ("DROP DATABASE IF EXISTS fscli_team_db WITH (FORCE)", "DROP DATABASE IF EXISTS fscli_team_new WITH (FORCE)", "DROP ROLE IF EXISTS sam", "DROP ROLE IF EXISTS fscli_team", "DROP ROLE IF EXISTS fscli_migrator"):
        _pg_admin(statement)
    for statement in (
        "CREATE ROLE fscli_migrator LOGIN",
        "CREATE ROLE fscli_team NOLOGIN",
        "CREATE ROLE sam LOGIN IN ROLE fscli_team",
        "CREATE DATABASE fscli_team_db OWNER fscli_migrator",
        "CREATE DATABASE fscli_team_new OWNER fscli_migrator",
    ):
        _pg_admin(statement)
    yield "fscli_team_db"
    for statement in ("DROP DATABASE IF EXISTS fscli_team_db WITH (FORCE)", "DROP DATABASE IF EXISTS fscli_team_new WITH (FORCE)", "DROP ROLE IF EXISTS sam", "DROP ROLE IF EXISTS fscli_team", "DROP ROLE IF EXISTS fscli_migrator"):
        _pg_admin(statement)


@pytest.mark.postgresql_only(reason="roles and grants are the server's; a SQLite file is guarded by its file mode")
def test_workers_can_do_their_work_without_rights_to_change_the_schema(cli, team_database):
    import psycopg

    migrator, worker = _as("fscli_migrator", team_database), _as("sam", team_database)
    assert cli("init", "--db", migrator).code == 0
    with psycopg.connect(migrator.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute(GRANTS.read_text())

    opened = cli("case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "r", "--worker", "Sam Okafor", "--db", worker)
    assert opened.code == 0, opened
    for args in (["person", "add", "FS-0001", "Lily Hart", "--role", "child"], ["case", "allocate", "FS-0001", "Priya Shah", "--reason", "LEFTRL"], ["case", "close", "FS-0001", "--date", "today", "--reason", "RC7"], ["case", "list", "--all"], ["db", "check"]):
        result = cli(*args, "--db", worker)
        assert result.code == 0, (args, result)
    assert rows(worker, "SELECT count(*) FROM audit") == [(4,)]

    with psycopg.connect(worker.replace("+psycopg", ""), autocommit=True) as conn:
        for statement in ("DELETE FROM cases", "CREATE TABLE notes (x int)", "UPDATE audit SET worker = 'x'", "DROP TABLE person"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)

    refused = cli("init", "--db", _as("sam", "fscli_team_new"))
    assert refused.code == 77, refused
    assert "the server refused this role" in refused.err and "migration role" in refused.err
