"""A team's database: a migration role owns the schema, workers get only what they need.

fscli applies the grants itself, at init and at every upgrade (store/server_rules.py); what it
applies is printed by `fscli db grants` and kept in docs/postgresql-grants.sql for a DBA to read.
"""

from pathlib import Path

import pytest

from tests.conftest import _pg_admin, ensure_pg_roles, pg_url, rows

GRANTS = Path(__file__).resolve().parents[2] / "docs" / "postgresql-grants.sql"
MIGRATOR, WORKER = "roles_migrator", "roles_sam"  # roles of the whole cluster: names no other test uses


def _as(role: str, database: str) -> str:
    return pg_url(database).replace("://fscli@", f"://{role}@")


def _drop() -> None:
    for statement in ("DROP DATABASE IF EXISTS fscli_team_db WITH (FORCE)", "DROP DATABASE IF EXISTS fscli_team_new WITH (FORCE)", f"DROP ROLE IF EXISTS {WORKER}", f"DROP ROLE IF EXISTS {MIGRATOR}"):
        _pg_admin(statement)


@pytest.fixture
def team_database():
    _drop()
    ensure_pg_roles("fscli_team", "fscli_oversight")
    for statement in (
        f"CREATE ROLE {MIGRATOR} LOGIN",
        f"CREATE ROLE {WORKER} LOGIN IN ROLE fscli_team",
        f"CREATE DATABASE fscli_team_db OWNER {MIGRATOR}",
        f"CREATE DATABASE fscli_team_new OWNER {MIGRATOR}",
    ):
        _pg_admin(statement)
    yield "fscli_team_db"
    _drop()


@pytest.mark.postgresql_only(reason="roles and grants are the server's; a SQLite file is guarded by its file mode")
def test_workers_can_do_their_work_without_rights_to_change_the_schema(cli, team_database):
    import psycopg

    migrator, worker = _as(MIGRATOR, team_database), _as(WORKER, team_database)
    assert cli("init", "--db", migrator).code == 0  # the grants come with it: nothing to run by hand
    for args in (["team", "add", "North"], ["worker", "add", "Sam Okafor", "--login", WORKER, "--team", "North"]):
        assert cli(*args, "--db", migrator).code == 0

    opened = cli("case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "r", "--db", worker)
    assert opened.code == 0, opened
    for args in (["person", "add", "FS-0001", "Lily Hart", "--role", "child"], ["case", "allocate", "FS-0001", "Priya Shah", "--reason", "LEFTRL"], ["case", "close", "FS-0001", "--date", "today", "--reason", "RC7"], ["case", "list", "--all"], ["db", "check"]):
        result = cli(*args, "--db", worker)
        assert result.code == 0, (args, result)
    assert rows(migrator, "SELECT count(*) FROM audit") == [(6,)]

    with psycopg.connect(worker.replace("+psycopg", ""), autocommit=True) as conn:
        for statement in ("DELETE FROM cases", "CREATE TABLE notes (x int)", "UPDATE audit SET worker = 'x'", "INSERT INTO audit (at, os_user, action, entity, detail, prev_hash, hash) VALUES (now(), 'x', 'x', 'x', '{}', 'x', 'x')", "DROP TABLE person"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)

    refused = cli("init", "--db", _as(WORKER, "fscli_team_new"))
    assert refused.code == 77, refused
    assert "the server refused this role" in refused.err and "migration role" in refused.err


def test_the_grants_a_dba_reads_are_the_ones_fscli_applies(cli):
    from fscli.store.server_rules import script

    assert GRANTS.read_text() == script(), "regenerate it: fscli db grants > docs/postgresql-grants.sql"
    printed = cli("db", "grants")
    assert printed.code == 0 and printed.out == script()
    assert "GRANT INSERT ON audit" not in printed.out and "GRANT UPDATE ON audit" not in printed.out
