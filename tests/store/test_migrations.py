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
