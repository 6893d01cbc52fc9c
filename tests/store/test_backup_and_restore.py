"""A backup taken while the team keeps writing, a restore that puts it back, corrupted pages and
tampered audit rows found.

Goals D4 and D5 of reliability.md: the backup opens, passes the integrity check, holds every
write acknowledged before it began and is private; restoring it gives the same records (plus
the restore's own audit row); `fscli db check` finds each of ten corrupted pages (D5) and each of
ten edited or deleted audit rows (P3).
"""

import json
import os
import random
import sqlite3
import stat
from datetime import date

import pytest

from fscli.clock import FixedClock
from fscli.store.schema import TABLES
from tests.conftest import TODAY, rows
from tests.factories import family
from tests.processes import SPAWN, receive, watchdog

pytestmark = pytest.mark.sqlite_only(reason="copies and corrupts SQLite files; PostgreSQL is backed up and restored with pg_dump/pg_restore")

WRITERS = 4
WRITES_EACH = 60


def _writer(url: str, number: int, acknowledged, ready) -> None:
    from fscli.services.cases import open_case
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.uow import run

    watchdog()
    database = Database(locate(url), busy_timeout_ms=30_000)
    clock = FixedClock.on(TODAY)
    ready.wait(timeout=120)  # all four start writing together, so the backup falls among their writes
    for i in range(WRITES_EACH):
        opened = run(database, clock, f"Worker {number}", lambda uow: open_case(uow, family=f"Family {number}-{i}", referred_on=date(2026, 11, 2), source="1A", reason="load"))
        acknowledged.put(opened.ref)  # only after the commit returned
    acknowledged.put(None)


def _table(path, table: str) -> list[tuple]:
    return rows(path, f"SELECT * FROM {table} ORDER BY 1")  # noqa: S608 - fscli's own table names


def test_a_backup_taken_while_four_workers_write_holds_every_acknowledged_write_and_restores_whole(cli, db_path, tmp_path):
    family(cli)
    acknowledged, ready = SPAWN.Queue(), SPAWN.Barrier(WRITERS)
    writers = [SPAWN.Process(target=_writer, args=(str(db_path), n, acknowledged, ready)) for n in range(WRITERS)]
    for process in writers:
        process.start()
    before_backup: set[str] = set()
    finished = 0  # a writer that is through says None: counted here too, or the wait below never ends
    while len(before_backup) < WRITERS * WRITES_EACH // 3 and finished < WRITERS:  # a third of the way through
        ref = receive(acknowledged, writers, timeout=120)
        if ref is None:
            finished += 1
        else:
            before_backup.add(ref)
    backup = tmp_path / "backups" / "during.db"
    taken = cli("db", "backup", str(backup))
    while finished < WRITERS:
        finished += receive(acknowledged, writers, timeout=120) is None
    for process in writers:
        process.join(timeout=60)

    assert taken.code == 0, taken
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert rows(backup, "PRAGMA integrity_check") == [("ok",)]
    in_backup = {ref for (ref,) in rows(backup, "SELECT ref FROM cases")}
    assert before_backup <= in_backup, f"{len(before_backup - in_backup)} acknowledged writes missing from the backup"
    assert len(in_backup) < WRITERS * WRITES_EACH + 1, "the writers were still going when it was taken"
    print(f"\nbackup under {WRITERS} writers: {len(before_backup)} acknowledged before it began, {len(in_backup)} cases in it, all present")

    live_cases = len(rows(db_path, "SELECT ref FROM cases"))
    restored = cli("db", "restore", str(backup), "--yes")
    assert restored.code == 0, restored
    for table in TABLES:
        if table != "audit":
            assert _table(db_path, table) == _table(backup, table), table
    audit, backed_up = _table(db_path, "audit"), _table(backup, "audit")
    assert audit[:-1] == backed_up and audit[-1][4] == "db.restore"
    check = cli("db", "check")
    assert check.code == 0, check
    safety = restored.out.strip()
    assert len(rows(safety, "SELECT ref FROM cases")) == live_cases  # the writes after the backup are kept aside
    assert stat.S_IMODE(os.stat(safety).st_mode) == 0o600
    assert not [p for p in db_path.parent.iterdir() if ".restore-" in p.name]


def test_restore_refuses_a_damaged_or_foreign_file_and_asks_first(cli, db_path, tmp_path):
    family(cli)
    before = _table(db_path, "cases")
    not_sqlite = tmp_path / "notes.db"
    not_sqlite.write_text("minutes of the core group\n")
    foreign = tmp_path / "other.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    backup = tmp_path / "good.db"
    assert cli("db", "backup", str(backup)).code == 0

    assert cli("db", "restore", str(tmp_path / "missing.db"), "--yes").code == 1
    damaged = cli("db", "restore", str(not_sqlite), "--yes")
    assert damaged.code == 65 and "is not a sound SQLite database" in damaged.err
    alien = cli("db", "restore", str(foreign), "--yes")
    assert alien.code == 65 and "holds no fscli records" in alien.err
    asked = cli("db", "restore", str(backup))  # no terminal to answer on, no --yes
    assert asked.code == 1 and "--yes" in asked.err
    newer = tmp_path / "newer.db"
    assert cli("db", "backup", str(newer)).code == 0
    sqlite3.connect(newer).execute("UPDATE alembic_version SET version_num = '9999_future'").connection.commit()
    refused = cli("db", "restore", str(newer), "--yes")
    assert refused.code == 77 and "newer fscli" in refused.err
    assert _table(db_path, "cases") == before
    assert not list((db_path.parent / "backups").glob("*pre-restore*"))


def test_restoring_an_older_backup_brings_it_to_the_newest_schema(cli, db_path, tmp_path):
    from alembic import command
    from sqlalchemy import create_engine

    from fscli.store.schema import HEAD
    from fscli.store.migrating import alembic_config

    old = tmp_path / "spring.db"
    engine = create_engine(f"sqlite:///{old}")
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001_spine")
        conn.exec_driver_sql("INSERT INTO cases (id, ref, family, referred_on, referral_source, reason, status, created_at) VALUES (1, 'FS-0001', 'Hart family', '2026-03-03', '3B', 'Missed feeds', 'open', '2026-03-03T09:00:00.000000+00:00')")
    engine.dispose()
    result = cli("db", "restore", str(old), "--yes")
    assert result.code == 0, result
    assert "from schema 0001_spine to the newest" in result.err
    assert rows(db_path, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert rows(db_path, "SELECT ref, family FROM cases") == [("FS-0001", "Hart family")]
    assert cli("db", "check").code == 0


def _structural_offsets(path, page_size: int, pages: int) -> list[int]:
    """Byte offsets in the b-tree header and cell pointers of each page of tables and indexes:
    the bytes that say where every record is, which is what a torn or bit-rotted page damages."""
    conn = sqlite3.connect(path)
    roots = {r for (r,) in conn.execute("SELECT rootpage FROM sqlite_master WHERE rootpage > 1")}
    conn.close()
    data = path.read_bytes()
    offsets = []
    for page in range(2, pages + 1):
        base = (page - 1) * page_size
        kind = data[base]
        if kind not in (2, 5, 10, 13):
            continue  # a free or overflow page: not part of a b-tree
        header = 12 if kind in (2, 5) else 8
        cells = int.from_bytes(data[base + 3 : base + 5], "big")
        if cells:
            offsets.append(base + header + 2 * random.randrange(cells))  # one cell pointer
        offsets.append(base + random.choice([1, 2, 3, 4] + ([8, 9, 10, 11] if kind in (2, 5) else [])))
    assert roots, "the schema has tables"
    return offsets


def test_db_check_finds_each_of_ten_corrupted_pages(cli, db_path, tmp_path, monkeypatch):
    """D5: ten copies, each with one byte of one page's structure flipped; each is reported (exit 65)."""
    from tests.factories import open_case

    for n in range(30):
        open_case(cli, f"Family {n}")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size, pages = conn.execute("PRAGMA page_size").fetchone()[0], conn.execute("PRAGMA page_count").fetchone()[0]
    conn.close()
    random.seed(2026)
    offsets = random.sample(_structural_offsets(db_path, page_size, pages), 10)
    pristine = db_path.read_bytes()
    found = 0
    for number, offset in enumerate(offsets):
        copy = tmp_path / f"corrupt-{number}" / "fscli.db"
        copy.parent.mkdir(mode=0o700)
        data = bytearray(pristine)
        data[offset] ^= 0xFF
        copy.write_bytes(bytes(data))
        copy.chmod(0o600)
        result = cli("db", "check", "--db", str(copy))
        assert "Traceback" not in result.err
        detected = result.code in (65, 77) and "fscli:" in result.err
        if not detected:
            page, at = divmod(offset, page_size)
            print(f"MISSED page {page + 1} kind {pristine[page * page_size]} byte {at}: {result}")
        found += detected
    print(f"\ndb check: {found} of {len(offsets)} corrupted pages found")
    assert found == len(offsets)


def test_a_lost_database_is_made_again_from_its_backup(cli, db_path, tmp_path):
    family(cli)
    backup = tmp_path / "friday.db"
    assert cli("db", "backup", str(backup)).code == 0
    before = _table(backup, "person")
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    db_path.parent.rmdir()  # the folder went too

    restored = cli("db", "restore", str(backup), "--yes")
    assert restored.code == 0, restored
    assert "there was no database there before" in restored.err
    assert _table(db_path, "person") == before
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600 and stat.S_IMODE(db_path.parent.stat().st_mode) == 0o700
    assert rows(db_path, "PRAGMA journal_mode") == [("wal",)]
    assert cli("db", "check").code == 0
    assert rows(db_path, "SELECT action FROM audit ORDER BY id DESC LIMIT 1") == [("db.restore",)]


def test_a_failed_restore_of_a_lost_database_leaves_nothing_behind(cli, db_path, tmp_path, monkeypatch):
    from fscli.store import backup as backups

    family(cli)
    backup = tmp_path / "friday.db"
    assert cli("db", "backup", str(backup)).code == 0
    for suffix in ("", "-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
    real = backups.copy_pages

    def disk_full(source, target, *, timeout):
        if target == db_path:
            raise OSError(28, "No space left on device")
        real(source, target, timeout=timeout)

    monkeypatch.setattr(backups, "copy_pages", disk_full)
    result = cli("db", "restore", str(backup), "--yes")
    assert result.code == 70 and "Traceback" not in result.err
    assert sorted(p.name for p in db_path.parent.iterdir()) == []


@pytest.mark.parametrize("tamper", ["edit", "delete"])
def test_the_audit_chain_finds_each_of_ten_edited_or_deleted_rows(cli, db_path, tmp_path, tamper):
    """P3: an insider who switches the guard triggers off and edits or removes one audit row, in
    ten copies, is found each time. Removing the newest rows leaves no gap a chain can show: the
    rows are chosen before the last, and the note says so."""
    from tests.factories import open_case

    for n in range(25):
        open_case(cli, f"Family {n}")
    conn = sqlite3.connect(db_path)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    conn.close()
    pristine = db_path.read_bytes()
    random.seed(11)
    found = 0
    for number, row in enumerate(random.sample(range(1, last), 10)):
        copy = tmp_path / f"{tamper}-{number}" / "fscli.db"
        copy.parent.mkdir(mode=0o700)
        copy.write_bytes(pristine)
        conn = sqlite3.connect(copy)
        conn.execute("DROP TRIGGER audit_no_update")
        conn.execute("DROP TRIGGER audit_no_delete")
        if tamper == "edit":
            conn.execute("UPDATE audit SET worker = 'Someone Else' WHERE id = ?", (row,))
        else:
            conn.execute("DELETE FROM audit WHERE id = ?", (row,))
        conn.commit()
        conn.close()
        result = cli("db", "check", "--db", str(copy))
        found += result.code == 65 and "chain breaks at row" in result.err
    print(f"\naudit chain: {found} of 10 {'edited' if tamper == 'edit' else 'deleted'} rows found")
    assert found == 10


@pytest.mark.parametrize("tamper", ["removed", "rewritten"])
def test_the_newest_audit_rows_removed_or_rewritten_are_found_against_an_export(cli, db_path, tmp_path, tamper):
    """The chain and the seals alone cannot show the newest rows gone when the records they wrote
    went with them (the tail rewritten whole); the nightly export's record of its newest row can."""
    family(cli)
    nightly = tmp_path / "nightly"
    assert cli("export", "--out", str(nightly), "--tables", "cases").code == 0
    head = json.loads((nightly / "manifest.json").read_text())["audit_head"]
    assert cli("db", "check", "--since-export", str(nightly)).code == 0
    conn = sqlite3.connect(db_path)
    for table in ("audit", "audit_row"):
        conn.execute(f"DROP TRIGGER {table}_no_update")
        conn.execute(f"DROP TRIGGER {table}_no_delete")
    if tamper == "removed":  # the two newest (the agencies added), their seals and the agencies: the chain still verifies
        conn.execute("DELETE FROM agency WHERE id IN (SELECT row_id FROM audit_row WHERE tbl = 'agency' AND audit_id >= ?)", (head["id"] - 1,))
        conn.execute("DELETE FROM audit_row WHERE audit_id >= ?", (head["id"] - 1,))
        conn.execute("DELETE FROM audit WHERE id >= ?", (head["id"] - 1,))
    else:  # the newest row rewritten, and its hash worked out again so the chain still verifies
        from datetime import datetime

        from fscli.store.audit import row_hash_v2

        prev, at, os_user, worker, action, entity, entity_id, case_id, written = conn.execute(
            "SELECT prev_hash, at, os_user, worker, action, entity, entity_id, case_id, written FROM audit WHERE id = ?", (head["id"],)
        ).fetchone()
        forged = row_hash_v2(prev_hash=prev, at=datetime.fromisoformat(at), os_user=os_user, worker="Someone Else", action=action, entity=entity, entity_id=entity_id, case_id=case_id, detail="{}", written=written)
        conn.execute("UPDATE audit SET worker = 'Someone Else', detail = '{}', hash = ? WHERE id = ?", (forged, head["id"]))
    for table in ("audit", "audit_row"):  # the guards put back, so that their absence does not give it away
        conn.execute(f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} BEGIN SELECT RAISE(ABORT, 'append-only'); END")
        conn.execute(f"CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} BEGIN SELECT RAISE(ABORT, 'append-only'); END")
    conn.commit()
    conn.close()
    assert cli("db", "check").code == 0  # what the chain and the seals alone cannot see
    result = cli("db", "check", "--since-export", str(nightly / "manifest.json"))
    assert result.code == 65 and f"row {head['id']}, recorded by the export, is" in result.err


def test_since_export_refuses_what_is_not_an_export(cli, db_path, tmp_path):
    family(cli)
    assert cli("db", "check", "--since-export", str(tmp_path / "nowhere")).code == 1
    bad = tmp_path / "manifest.json"
    bad.write_text("{not json")
    assert cli("db", "check", "--since-export", str(bad)).code == 65
    bad.write_text('{"tables": {}}')
    result = cli("db", "check", "--since-export", str(bad))
    assert result.code == 65 and "records no audit row" in result.err
