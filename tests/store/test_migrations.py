"""Migrations: one head, upgrade from empty, models equal the migrated schema, down and up again (M1)."""

import sqlite3
from pathlib import Path

import pytest

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from sqlmodel import SQLModel

from fscli.store.maintenance import alembic_config
from fscli.store.schema import HEAD, REVISIONS
from tests.conftest import rows


def _script() -> ScriptDirectory:
    return ScriptDirectory.from_config(alembic_config())


def test_there_is_one_head_and_the_runtime_list_matches_alembic():
    script = _script()
    assert script.get_heads() == [HEAD]
    chain = [rev.revision for rev in reversed(list(script.walk_revisions()))]
    assert tuple(chain) == REVISIONS


def _engine(url: str):
    return create_engine(url if "://" in url else f"sqlite:///{url}")


def test_the_migrated_schema_equals_the_models(empty_database):
    Path(empty_database).parent.mkdir(exist_ok=True) if "://" not in empty_database else None
    engine = _engine(empty_database)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), SQLModel.metadata)
    assert diff == []


def test_every_revision_goes_down_and_up_again(empty_database):
    Path(empty_database).parent.mkdir(exist_ok=True) if "://" not in empty_database else None
    engine = _engine(empty_database)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
        command.downgrade(alembic_config(conn), "base")
        assert set(inspect(conn).get_table_names()) <= {"alembic_version"}
        command.upgrade(alembic_config(conn), "head")
        assert {"cases", "person", "agency", "allocation", "audit", "worker", "counter", "case_event"} <= set(inspect(conn).get_table_names())


@pytest.mark.sqlite_only(reason="STRICT is SQLite's; PostgreSQL columns are typed already")
def test_tables_are_strict(tmp_path, db_path):
    conn = sqlite3.connect(db_path)
    sql = {name: text for name, text in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version'")}
    assert all(text.rstrip().endswith("STRICT") for text in sql.values()), sql
    try:
        conn.execute("INSERT INTO counter (name, value) VALUES ('x', 'seven')")
        raise AssertionError("a STRICT table accepted text in an integer column")
    except sqlite3.IntegrityError:
        pass


def test_the_table_list_names_every_model_table():
    from fscli.store.schema import TABLES

    assert set(TABLES) == set(SQLModel.metadata.tables)


def test_the_row_count_query_counts_every_table(db_path):
    from fscli.store.schema import ROW_COUNTS_SQL, TABLES

    counted = [name for name, _ in rows(db_path, ROW_COUNTS_SQL)]
    assert counted == list(TABLES)


def test_an_older_database_is_backed_up_then_upgraded_keeping_every_row(cli, empty_database):
    """M2: a caseload made by the first release upgrades to the newest schema with nothing lost."""
    if "://" not in empty_database:
        Path(empty_database).parent.mkdir(mode=0o700, exist_ok=True)
    engine = _engine(empty_database)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001_spine")
        for statement in (
            "INSERT INTO worker (id, name, created_at) VALUES (1, 'Sam Okafor', '2026-11-01T09:00:00.000000+00:00')",
            "INSERT INTO cases (id, ref, family, referred_on, referral_source, reason, status, created_at) VALUES (1, 'FS-0001', 'Hart family', '2026-11-03', '3B', 'Missed feeds', 'open', '2026-11-03T09:00:00.000000+00:00')",
            "INSERT INTO person (id, case_id, name, role, dob, sex, created_at) VALUES (1, 1, 'Lily Hart', 'child', '2017-02-14', 'F', '2026-11-03T09:00:00.000000+00:00')",
            "INSERT INTO allocation (case_id, worker_id, start_on, created_at) VALUES (1, 1, '2026-11-03', '2026-11-03T09:00:00.000000+00:00')",
        ):
            conn.exec_driver_sql(statement)
    engine.dispose()
    before = {t: n for t, n in rows(empty_database, "SELECT 'cases', count(*) FROM cases UNION ALL SELECT 'person', count(*) FROM person UNION ALL SELECT 'allocation', count(*) FROM allocation")}

    result = cli("db", "upgrade", "--db", empty_database)
    assert result.code == 0, result
    assert f"from schema 0001_spine to {HEAD}" in result.err
    assert rows(empty_database, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    after = {t: n for t, n in rows(empty_database, "SELECT 'cases', count(*) FROM cases UNION ALL SELECT 'person', count(*) FROM person UNION ALL SELECT 'allocation', count(*) FROM allocation")}
    assert after == before
    assert rows(empty_database, "SELECT name, in_referral, child_id FROM person") == [("Lily Hart", 1, None)]
    assert cli("case", "show", "FS-0001", "--db", empty_database).code == 0
    if "://" not in empty_database:
        backups = list(Path(empty_database).parent.glob("backups/*pre-*.db"))
        assert len(backups) == 1 and oct(backups[0].stat().st_mode)[-3:] == "600"
        assert rows(backups[0], "SELECT version_num FROM alembic_version") == [("0001_spine",)]
        strict = rows(empty_database, "SELECT sql FROM sqlite_master WHERE name IN ('cases', 'person')")
        assert all(sql.rstrip().endswith("STRICT") for (sql,) in strict)
