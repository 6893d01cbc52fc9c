"""Migrations: one head, upgrade from empty, models equal the migrated schema, down and up again (M1);
every released schema upgrades keeping its records (M2), a rebuilt parent keeps its children (M3),
a failure half-way changes nothing (M4)."""

import sqlite3
from pathlib import Path

import pytest

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect
from fscli.store import models
from fscli.store.migrating import alembic_config
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


def _not_the_search_index(name, type_, parent_names) -> bool:
    """The FTS5 index (0007) is SQLite's virtual table with its shadow tables, not a model."""
    return not (type_ == "table" and name and name.startswith("search_index"))


def _expression_indexes() -> set[str]:
    """Indexes on expressions such as upper(ref): autogenerate cannot reflect them on SQLite."""
    return {ix.name for table in models.load_all().tables.values() for ix in table.indexes if any(not hasattr(e, "table") for e in ix.expressions)}


def _index_names(db) -> set[str]:
    if "://" in str(db):
        return {name for (name,) in rows(db, "SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")}
    return {name for (name,) in rows(db, "SELECT name FROM sqlite_master WHERE type = 'index'")}


@pytest.mark.filterwarnings("ignore:autogenerate skipping metadata-specified expression-based index")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_the_migrated_schema_equals_the_models(empty_database):
    Path(empty_database).parent.mkdir(exist_ok=True) if "://" not in empty_database else None
    engine = _engine(empty_database)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "head")
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_name": _not_the_search_index}), models.load_all(conn.dialect.name))
    assert diff == []
    assert {"ix_cases_ref_upper", "ix_person_child_id_upper"} <= _expression_indexes() <= _index_names(empty_database)


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
    sql = {name: text for name, text in conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name != 'alembic_version' AND name NOT LIKE 'search_index%'")}
    assert all(text.rstrip().endswith("STRICT") for text in sql.values()), sql
    try:
        conn.execute("INSERT INTO counter (name, value) VALUES ('x', 'seven')")
        raise AssertionError("a STRICT table accepted text in an integer column")
    except sqlite3.IntegrityError:
        pass


def test_the_table_lists_name_every_model_table_once():
    from fscli.store.derived import DERIVED_TABLES
    from fscli.store.schema import TABLES

    # TABLES are the records (exported, counted, checked for loss); derived facts are worked out from them.
    assert not set(TABLES) & set(DERIVED_TABLES)
    assert set(TABLES) | set(DERIVED_TABLES) == set(models.load_all().tables)


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


# -- Every released schema, with the records that release wrote (M2-M4) ---------------------------

FIXTURES = sorted((Path(__file__).parent.parent / "fixtures").glob("schema_*.db"))


def _copy_of(fixture: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "caseload"
    folder.mkdir(mode=0o700, exist_ok=True)
    copy = folder / "fscli.db"
    copy.write_bytes(fixture.read_bytes())
    copy.chmod(0o600)
    return copy


def _contents(path: Path) -> dict[str, list[dict]]:
    """Every row of every table, as column -> value, keyed by table."""
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search_index%' ORDER BY name")]
    found = {t: [dict(r) for r in conn.execute(f'SELECT * FROM "{t}" ORDER BY rowid')] for t in tables}  # noqa: S608 - names from sqlite_master
    conn.close()
    return found


def _dump(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    lines = list(conn.iterdump())
    conn.close()
    return lines


def test_there_is_a_fixture_for_every_released_revision():
    from fscli.store.schema import REVISIONS

    released = [r for r in REVISIONS if r != HEAD]
    assert [f.stem.removeprefix("schema_") for f in FIXTURES] == sorted(released), "run tests/fixtures/make_schema_fixtures.py and commit the new file"


@pytest.mark.sqlite_only(reason="the fixtures are SQLite files written by earlier releases; the upgrade of a server database is tested from 0001 above")
@pytest.mark.parametrize("fixture", FIXTURES, ids=[f.stem for f in FIXTURES])
def test_a_caseload_from_each_release_upgrades_keeping_every_row_and_value(cli, tmp_path, fixture):
    """M2: every row and every value of the older schema is still there, and the chain verifies."""
    copy = _copy_of(fixture, tmp_path)
    before = _contents(copy)
    assert sum(len(rows) for rows in before.values()) > 100, "the fixture holds a real caseload"

    result = cli("db", "upgrade", "--db", str(copy))
    assert result.code == 0, result
    after = _contents(copy)
    for table, old_rows in before.items():
        if table == "alembic_version":
            continue
        new_rows = after[table]
        assert len(new_rows) >= len(old_rows), table  # a migration may add rows (a new counter), never lose one
        for old, new in zip(old_rows, new_rows):
            assert {k: new[k] for k in old} == old, table  # new columns may be added; no value changed
    assert rows(copy, "PRAGMA foreign_key_check") == []
    assert rows(copy, "PRAGMA integrity_check") == [("ok",)]
    # Autogenerate cannot compare indexes on expressions, and a migration that rebuilds a table
    # (batch_alter_table) leaves them behind: each must be there after every upgrade.
    assert _expression_indexes() <= _index_names(copy)
    check = cli("db", "check", "--db", str(copy))
    assert check.code == 0 and "audit chain" in check.out, check
    assert cli("case", "list", "--all", "--db", str(copy)).code == 0
    backups = list((copy.parent / "backups").glob("*pre-*.db"))
    assert len(backups) == 1 and _contents(backups[0]) == before


@pytest.mark.sqlite_only(reason="SQLite's move-and-copy ALTER is what drops child rows (F7); PostgreSQL alters in place")
@pytest.mark.filterwarnings("ignore:Skipped unsupported reflection of expression-based index")
def test_rebuilding_a_parent_table_in_a_migration_keeps_every_child_row(cli, tmp_path, monkeypatch):
    """M3: a batch (move-and-copy) migration of `cases`, the parent of every record, run by fscli's
    upgrade: with foreign keys on, dropping the old table would delete or refuse its children."""
    import sqlalchemy as sa
    from alembic import command
    from alembic.migration import MigrationContext
    from alembic.operations import Operations

    copy = _copy_of(FIXTURES[-1], tmp_path)
    children = {t: n for t, n in rows(copy, "SELECT 'person', count(*) FROM person UNION ALL SELECT 'contact', count(*) FROM contact UNION ALL SELECT 'allocation', count(*) FROM allocation")}
    real_upgrade = command.upgrade

    def upgrade_then_rebuild_cases(config, revision):
        real_upgrade(config, revision)
        operations = Operations(MigrationContext.configure(config.attributes["connection"]))
        with operations.batch_alter_table("cases", recreate="always") as batch:
            batch.add_column(sa.Column("rebuilt", sa.Text(), nullable=True))

    monkeypatch.setattr(command, "upgrade", upgrade_then_rebuild_cases)
    result = cli("db", "upgrade", "--db", str(copy))
    assert result.code == 0, result
    assert "rebuilt" in [c for (_, c, *_) in rows(copy, "PRAGMA table_info(cases)")]
    assert {t: n for t, n in rows(copy, "SELECT 'person', count(*) FROM person UNION ALL SELECT 'contact', count(*) FROM contact UNION ALL SELECT 'allocation', count(*) FROM allocation")} == children
    assert rows(copy, "PRAGMA foreign_key_check") == []


@pytest.mark.sqlite_only(reason="compares the SQLite file's logical dump; on PostgreSQL the same one-transaction upgrade is rolled back by the server")
def test_a_failure_in_the_middle_of_an_upgrade_leaves_the_database_as_it_was(cli, tmp_path):
    """M4: the upgrade from 0004 fails after 0005 has run and while 0006 is creating its table."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    copy = _copy_of(next(f for f in FIXTURES if "0004" in f.name), tmp_path)
    before = _dump(copy)
    state = {"0005 done": False}

    def fail_midway(conn, cursor, statement, parameters, context, executemany):
        if "UPDATE alembic_version" in statement and "0005" in statement + str(parameters):
            state["0005 done"] = True
        elif state["0005 done"] and statement.lstrip().upper().startswith("CREATE TABLE"):
            raise RuntimeError("disk unplugged during the upgrade (injected)")

    event.listen(Engine, "before_cursor_execute", fail_midway)
    try:
        result = cli("db", "upgrade", "--db", str(copy))
    finally:
        event.remove(Engine, "before_cursor_execute", fail_midway)
    assert state["0005 done"], "the failure came after 0005 had run"
    assert result.code == 70 and "nothing was changed" in result.err and "Traceback" not in result.err, result
    assert _dump(copy) == before
    assert rows(copy, "SELECT version_num FROM alembic_version") == [("0004_contacts",)]
    backups = list((copy.parent / "backups").glob("*pre-*.db"))
    assert len(backups) == 1 and oct(backups[0].stat().st_mode)[-3:] == "600"
    assert rows(backups[0], "PRAGMA integrity_check") == [("ok",)] and _dump(backups[0]) == before
