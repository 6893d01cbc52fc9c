"""The database is configured, created, guarded and checked as reliability.md asks."""

import hashlib
import os
import sqlite3
import stat
from contextlib import contextmanager
from pathlib import Path

import pytest

from fscli.errors import DatabaseRefused
from fscli.store.schema import HEAD
from fscli.store import location
from fscli.store.db import Database
from fscli.store.location import locate
from tests.conftest import execute, rows
from tests.factories import family, open_case


PRAGMAS = {
    "journal_mode": "PRAGMA journal_mode",
    "synchronous": "PRAGMA synchronous",
    "foreign_keys": "PRAGMA foreign_keys",
    "busy_timeout": "PRAGMA busy_timeout",
    "secure_delete": "PRAGMA secure_delete",
}


@pytest.mark.sqlite_only(reason="SQLite pragmas (WAL, synchronous, secure_delete) have no PostgreSQL counterpart; the server's durability is its administrator's")
def test_every_connection_is_configured_for_safety(db_path):
    database = Database(locate(str(db_path)))
    with database.reader() as reader:
        settings = {p: reader.scalar(sql) for p, sql in PRAGMAS.items()}
    assert settings == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000, "secure_delete": 1}
    with database.engine(write=True).connect() as conn:
        raw = conn.connection.dbapi_connection
        assert {p: raw.execute(sql).fetchone()[0] for p, sql in PRAGMAS.items() if p != "journal_mode"} == {"synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000, "secure_delete": 1}


@pytest.mark.sqlite_only(reason="BEGIN IMMEDIATE is SQLite's; PostgreSQL's concurrency is tested by test_concurrency.py")
def test_writes_take_the_write_lock_at_begin(db_path):
    database = Database(locate(str(db_path)), busy_timeout_ms=100)
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        from fscli.errors import DatabaseBusy

        with pytest.raises(DatabaseBusy):
            database.transact(lambda conn: None, write=True)
        assert database.transact(lambda conn: "read", write=False) == "read"  # readers are not blocked
    finally:
        blocker.rollback()
        blocker.close()


def test_a_busy_database_exits_75_and_changes_nothing(cli, db_path, monkeypatch):
    open_case(cli)
    monkeypatch.setenv("FSCLI_BUSY_TIMEOUT_MS", "150")
    with held_write_lock(db_path):
        result = cli("case", "open", "Brook family", "--referred", "today", "--source", "1A", "--reason", "r")
    assert result.code == 75 and "nothing was changed; try again" in result.err
    assert rows(db_path, "SELECT count(*) FROM cases") == [(1,)]


@contextmanager
def held_write_lock(db):
    """Another session holding the lock every write needs, as a second terminal mid-command would."""
    if isinstance(db, str):
        import psycopg

        conn = psycopg.connect(db.replace("+psycopg", ""))
        conn.execute("LOCK TABLE counter IN ACCESS EXCLUSIVE MODE")
    else:
        conn = sqlite3.connect(db, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    finally:
        conn.rollback()
        conn.close()


@pytest.mark.sqlite_only(reason="file modes and byte-identical files are about the SQLite file")
def test_init_creates_a_private_database_and_is_idempotent(cli, tmp_path, monkeypatch):
    os.umask(0o022)
    target = tmp_path / "new" / "deeper" / "mine.db"
    first = cli("init", "--db", str(target))
    assert first.code == 0, first
    assert f"Created the fscli database at {target}" in first.err
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    again = cli("init", "--db", str(target))
    assert again.code == 0 and "is up to date" in again.err
    assert hashlib.sha256(target.read_bytes()).hexdigest() == digest


@pytest.mark.sqlite_only(reason="a missing file; a missing server database is test_a_server_database_without_fscli_tables")
def test_commands_on_a_missing_database_say_to_run_init(cli, tmp_path):
    result = cli("case", "list", "--db", str(tmp_path / "nowhere.db"))
    assert result.code == 1 and "no database at" in result.err and "fscli init" in result.err
    assert not (tmp_path / "nowhere.db").exists()


@pytest.mark.sqlite_only(reason="folders and non-database files are SQLite paths")
def test_db_pointing_at_a_folder_or_a_non_database_is_refused(cli, tmp_path):
    assert "is a folder" in cli("case", "list", "--db", str(tmp_path)).err
    junk = tmp_path / "notes.txt"
    junk.write_text("Dear diary, this is not SQLite at all. " * 200)
    result = cli("case", "list", "--db", str(junk))
    assert result.code == 77 and "is not a database fscli can open" in result.err
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE things (x)").connection.close()
    assert "holds tables that are not fscli's" in cli("init", "--db", str(other)).err


@pytest.mark.sqlite_only(reason="a device is a SQLite path")
def test_db_pointing_at_a_device_is_refused_in_one_line_not_an_internal_error(cli):
    for args in (("init", "--db", "/dev/null"), ("--db", "/dev/null", "init"), ("case", "list", "--db", "/dev/null")):
        result = cli(*args)
        assert result.code == 1 and "--db '/dev/null': is not a regular file" in result.err, (args, result)


@pytest.mark.sqlite_only(reason="creating a file in a folder is SQLite's")
def test_init_somewhere_unwritable_exits_73(cli, tmp_path):
    # A folder path that runs through a plain file cannot be created, even by root.
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    result = cli("init", "--db", str(blocker / "caseload" / "fscli.db"))
    assert result.code == 73, result
    assert "cannot create the database there" in result.err


def test_a_database_from_a_newer_fscli_is_refused_and_left_as_it_was(cli, db_path):
    open_case(cli)
    execute(db_path, "UPDATE alembic_version SET version_num = '9999_future'")
    before = dump(db_path)
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest() if isinstance(db_path, Path) else None
    for args in (["case", "list"], ["case", "open", "X", "--referred", "today", "--source", "1A", "--reason", "r"], ["init"], ["db", "upgrade"]):
        result = cli(*args)
        assert result.code == 77, (args, result)
        assert "made by a newer fscli" in result.err
    assert dump(db_path) == before
    if digest:
        assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest  # not one byte changed


def dump(db) -> list:
    from fscli.store.schema import ROW_COUNTS_SQL

    return rows(db, ROW_COUNTS_SQL) + rows(db, "SELECT version_num FROM alembic_version") + rows(db, "SELECT id, hash FROM audit ORDER BY id")


def test_a_server_database_without_fscli_tables_says_to_run_init(cli, empty_database):
    result = cli("case", "list", "--db", empty_database)
    assert result.code == 1 and "fscli init" in result.err


@pytest.mark.sqlite_only(reason="WAL locking over network filesystems is a SQLite file problem")
def test_a_database_on_a_network_drive_is_refused_unless_allowed(cli, db_path, tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"server:/export {db_path.parent} nfs4 rw 0 0\n/dev/vda / ext4 rw 0 0\n")
    monkeypatch.setattr(location, "MOUNTS", mounts)
    refused = cli("case", "list")
    assert refused.code == 77 and "network drive (nfs4)" in refused.err and "--allow-network-fs" in refused.err
    assert cli("--allow-network-fs", "case", "list").code == 0


@pytest.mark.sqlite_only(reason="the online backup API copies a SQLite file; PostgreSQL's answer is test_backup_on_postgresql_points_to_pg_dump")
def test_backup_is_consistent_checked_and_private(cli, db_path, tmp_path):
    family(cli)
    target = tmp_path / "backups" / "friday.db"
    result = cli("db", "backup", str(target))
    assert result.code == 0, result
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert rows(target, "PRAGMA integrity_check") == [("ok",)]
    assert rows(target, "SELECT count(*) FROM person") == rows(db_path, "SELECT count(*) FROM person") == [(3,)]
    again = cli("db", "backup", str(target))
    assert again.code == 73 and "already exists" in again.err


def test_db_check_passes_a_good_database_and_catches_a_tampered_audit_row(cli, db_path):
    family(cli)
    good = cli("db", "check")
    assert good.code == 0 and "audit chain: 6 rows verified" in good.out
    for statement in ("UPDATE audit SET worker = 'someone else' WHERE id = 3", "DELETE FROM audit WHERE id = 3"):
        with pytest.raises(Exception, match="append-only"):
            execute(db_path, statement)
    # An insider with full rights could switch the guard off; the hash chain still tells.
    disable = "ALTER TABLE audit DISABLE TRIGGER audit_no_change" if isinstance(db_path, str) else "DROP TRIGGER audit_no_update"
    execute(db_path, disable, "UPDATE audit SET worker = 'someone else' WHERE id = 3")
    bad = cli("db", "check")
    assert bad.code == 65 and "chain breaks at row 3" in bad.err


@pytest.mark.sqlite_only(reason="flips bytes in the SQLite file")
def test_db_check_finds_a_corrupted_page(cli, db_path):
    family(cli)
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    data = bytearray(db_path.read_bytes())
    for page in range(1, pages):  # every page but the header page gets garbage in its middle
        start = page * page_size + 8
        data[start : start + 64] = os.urandom(64)
    db_path.write_bytes(bytes(data))
    result = cli("db", "check")
    assert result.code in (65, 77), result
    assert "Traceback" not in result.err


def test_db_info_reports_where_and_what(cli, db_path):
    family(cli)
    import json

    info = json.loads(cli("db", "info", "-f", "json").out)
    assert info["location"] == str(db_path) and info["schema"] == info["newest_schema"] == HEAD
    assert info["backend"] == ("postgresql" if isinstance(db_path, str) else "sqlite")
    assert {t["table"]: t["rows"] for t in info["tables"]}["person"] == 3


def test_backup_on_postgresql_points_to_pg_dump(cli):
    from fscli.store.location import locate

    location = locate("postgresql+psycopg://fscli@db.example/caseload?sslmode=verify-full")
    assert location.database_name == "caseload" and location.shown.endswith("/caseload?sslmode=verify-full")
    result = cli("db", "backup", "--db", "postgresql+psycopg://fscli@/nowhere?host=/nonexistent")
    assert result.code in (1, 77) and "Traceback" not in result.err
    assert ("pg_dump" in result.err) or ("cannot connect" in result.err)


def test_a_password_in_a_url_is_refused(cli):
    result = cli("case", "list", "--db", "postgresql+psycopg://fscli:s3cret@db.example/caseload")
    assert result.code == 1 and "has a password in it" in result.err and "s3cret" not in result.err


def test_a_refusal_error_type_maps_to_exit_77():
    assert DatabaseRefused("x").exit_code == 77


def test_readers_for_parallel_lanes_share_one_snapshot_though_a_write_comes_between_them(cli, db_path, monkeypatch):
    """`summary --indicators` reads in two lanes, each on its own connection: a write committed
    as the second connects must not reach one lane and not the other."""
    ref = open_case(cli, reason="As referred")
    database = Database(locate(str(db_path)))
    connect = "_sqlite_connect" if isinstance(db_path, Path) else "_pg_connect"
    real_connect = getattr(Database, connect)
    between = []

    def write_then_connect(self, *args, **kwargs):
        if between == [] and self is database and len(opened) == 1:
            between.append(_another_terminal_writes(db_path, f"UPDATE cases SET reason = 'Changed between' WHERE ref = '{ref}'"))
        opened.append(1)
        return real_connect(self, *args, **kwargs)

    opened: list[int] = []
    monkeypatch.setattr(Database, connect, write_then_connect)
    with database.readers(2) as readers:
        assert len(readers) == 2
        seen = [reader.scalar("SELECT reason FROM cases") for reader in readers]
    assert seen == ["As referred", "As referred"]
    # SQLite: the write could not come between, as the readers took their snapshot under the
    # write lock. PostgreSQL: it did commit, and the second reader still saw the first's snapshot.
    assert between == (["refused: database is locked"] if isinstance(db_path, Path) else ["committed"])
    if not isinstance(db_path, Path):
        assert rows(db_path, "SELECT reason FROM cases") == [("Changed between",)]


def _another_terminal_writes(db, statement: str) -> str:
    if isinstance(db, str):
        import psycopg

        with psycopg.connect(db.replace("+psycopg", ""), autocommit=True) as conn:
            conn.execute(statement)
        return "committed"
    conn = sqlite3.connect(db, isolation_level=None, timeout=0)
    try:
        conn.execute(statement)
        return "committed"
    except sqlite3.OperationalError as error:
        return f"refused: {error}"
    finally:
        conn.close()


def test_indicators_read_while_another_terminal_writes_answer_in_one_lane_and_do_not_wait(cli, db_path):
    open_case(cli, worker="Sam Okafor")
    before = cli("summary", "--indicators", "-f", "json")
    assert before.code == 0, before
    with held_write_lock(db_path):
        if isinstance(db_path, Path):
            with Database(locate(str(db_path))).readers(2) as readers:
                assert len(readers) == 1  # the lock cannot be had at once: one lane, one snapshot
        during = cli("summary", "--indicators", "-f", "json")
    assert (during.code, during.out) == (0, before.out)
