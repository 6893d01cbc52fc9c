"""The database is configured, created, guarded and checked as reliability.md asks."""

import hashlib
import os
import sqlite3
import stat

import pytest

from fscli.errors import DatabaseRefused
from fscli.store import location
from fscli.store.db import Database
from fscli.store.location import locate
from tests.conftest import rows
from tests.factories import family, open_case


PRAGMAS = {
    "journal_mode": "PRAGMA journal_mode",
    "synchronous": "PRAGMA synchronous",
    "foreign_keys": "PRAGMA foreign_keys",
    "busy_timeout": "PRAGMA busy_timeout",
    "secure_delete": "PRAGMA secure_delete",
}


def test_every_connection_is_configured_for_safety(db_path):
    database = Database(locate(str(db_path)))
    with database.reader() as reader:
        settings = {p: reader.scalar(sql) for p, sql in PRAGMAS.items()}
    assert settings == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000, "secure_delete": 1}
    with database.engine(write=True).connect() as conn:
        raw = conn.connection.dbapi_connection
        assert {p: raw.execute(sql).fetchone()[0] for p, sql in PRAGMAS.items() if p != "journal_mode"} == {"synchronous": 2, "foreign_keys": 1, "busy_timeout": 5000, "secure_delete": 1}


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
    blocker = sqlite3.connect(db_path, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        result = cli("case", "open", "Brook family", "--referred", "today", "--source", "1A", "--reason", "r")
    finally:
        blocker.rollback()
        blocker.close()
    assert result.code == 75 and "nothing was changed; try again" in result.err
    assert rows(db_path, "SELECT count(*) FROM cases") == [(1,)]


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


def test_commands_on_a_missing_database_say_to_run_init(cli, tmp_path):
    result = cli("case", "list", "--db", str(tmp_path / "nowhere.db"))
    assert result.code == 1 and "no database at" in result.err and "fscli init" in result.err
    assert not (tmp_path / "nowhere.db").exists()


def test_db_pointing_at_a_folder_or_a_non_database_is_refused(cli, tmp_path):
    assert "is a folder" in cli("case", "list", "--db", str(tmp_path)).err
    junk = tmp_path / "notes.txt"
    junk.write_text("Dear diary, this is not SQLite at all. " * 200)
    result = cli("case", "list", "--db", str(junk))
    assert result.code == 77 and "is not a database fscli can open" in result.err
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE things (x)").connection.close()
    assert "holds tables that are not fscli's" in cli("init", "--db", str(other)).err


def test_init_somewhere_unwritable_exits_73(cli, tmp_path):
    # A folder path that runs through a plain file cannot be created, even by root.
    blocker = tmp_path / "notes.txt"
    blocker.write_text("not a folder")
    result = cli("init", "--db", str(blocker / "caseload" / "fscli.db"))
    assert result.code == 73, result
    assert "cannot create the database there" in result.err


def test_a_database_from_a_newer_fscli_is_refused_byte_for_byte(cli, db_path):
    open_case(cli)
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE alembic_version SET version_num = '9999_future'")
    conn.commit()
    conn.close()
    digest = hashlib.sha256(db_path.read_bytes()).hexdigest()
    for args in (["case", "list"], ["case", "open", "X", "--referred", "today", "--source", "1A", "--reason", "r"], ["init"], ["db", "upgrade"]):
        result = cli(*args)
        assert result.code == 77, (args, result)
        assert "made by a newer fscli" in result.err
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == digest


def test_a_database_on_a_network_drive_is_refused_unless_allowed(cli, db_path, tmp_path, monkeypatch):
    mounts = tmp_path / "mounts"
    mounts.write_text(f"server:/export {db_path.parent} nfs4 rw 0 0\n/dev/vda / ext4 rw 0 0\n")
    monkeypatch.setattr(location, "MOUNTS", mounts)
    refused = cli("case", "list")
    assert refused.code == 77 and "network drive (nfs4)" in refused.err and "--allow-network-fs" in refused.err
    assert cli("--allow-network-fs", "case", "list").code == 0


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
    conn = sqlite3.connect(db_path)
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("UPDATE audit SET worker = 'someone else' WHERE id = 3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        conn.execute("DELETE FROM audit WHERE id = 3")
    conn.execute("DROP TRIGGER audit_no_update")  # an insider with the file could do this
    conn.execute("UPDATE audit SET worker = 'someone else' WHERE id = 3")
    conn.commit()
    conn.close()
    bad = cli("db", "check")
    assert bad.code == 65 and "chain breaks at row 3" in bad.err


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
    assert info["location"] == str(db_path) and info["schema"] == info["newest_schema"] == "0001_spine"
    assert {t["table"]: t["rows"] for t in info["tables"]}["person"] == 3


def test_a_refusal_error_type_maps_to_exit_77():
    assert DatabaseRefused("x").exit_code == 77
