"""An auditor's story: records changed behind fscli's back, with sqlite3 or psql, are each named by
`fscli db check`, with the audit row that last wrote them (issue 23 §4)."""

from __future__ import annotations

import json
import sqlite3
from datetime import datetime

import pytest

from tests.conftest import BACKEND, execute, rows
from tests.factories import family, ok

TAMPERED = 65  # db check's exit when it finds damage (ExitCode.DATA)


@pytest.fixture
def hart(cli, monkeypatch):
    """The Hart family, with a visit and a diary entry, recorded by Sam Okafor."""
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    ref = family(cli)
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "today 10am", "--seen", "Lily Hart", "--note", "Lily showed me her room.")
    ok(cli, "diary", "add", ref, "Called school about attendance")
    assert cli("db", "check").code == 0
    return ref


def _last_written(db, table: str, row_id: int) -> int:
    return rows(db, "SELECT max(audit_id) FROM audit_row WHERE tbl = ? AND row_id = ?", table, row_id)[0][0]


def _day_of(db, audit_id: int) -> str:
    """The day audit row `audit_id` is dated, as db check says it: the pinned day on SQLite; on a
    server, the server's own clock, which no client pins. Read from the row, never from this clock."""
    return datetime.fromisoformat(rows(db, "SELECT at FROM audit WHERE id = ?", audit_id)[0][0]).strftime("%d/%m/%Y")


def _problems(result) -> list[str]:
    return [line.removeprefix("fscli: problem: ") for line in result.err.splitlines() if line.startswith("fscli: problem: ")]


def test_a_visit_note_rewritten_outside_fscli_is_named_with_who_wrote_it_last(cli, db_path, hart):
    (contact,) = rows(db_path, "SELECT id FROM contact")[0]
    written_by = _last_written(db_path, "contact", contact)
    assert BACKEND != "sqlite" or _day_of(db_path, written_by) == "23/11/2026", "a caseload file dates its audit by the pinned day"
    execute(db_path, ("UPDATE contact SET note = ? WHERE id = ?", "Nothing of concern.", contact))

    result = cli("db", "check")
    assert result.code == TAMPERED, result
    assert f"record: contact {contact} of {hart} was changed outside fscli (last written by audit row {written_by}, 'visit.log' on {_day_of(db_path, written_by)} by Sam Okafor)" in _problems(result)
    assert "records: 1 records changed, removed or inserted outside fscli" in result.out


def test_a_family_renamed_and_its_reason_rewritten_outside_fscli_is_named(cli, db_path, hart):
    """The team server's audit scenario: the owner role runs UPDATE cases in psql."""
    execute(db_path, "UPDATE cases SET family = 'Renamed family', reason = 'no concerns'")

    result = cli("db", "check")
    assert result.code == TAMPERED, result
    assert any(p.startswith(f"record: case 1 of {hart} was changed outside fscli (last written by audit row ") for p in _problems(result)), result


def test_a_person_deleted_outside_fscli_is_named_as_removed(cli, db_path, hart):
    (noah,) = rows(db_path, "SELECT id FROM person WHERE name = 'Noah Hart'")[0]
    execute(db_path, ("DELETE FROM person WHERE id = ?", noah))  # nothing points at Noah: no foreign key stops it on either backend

    result = cli("db", "check")
    assert result.code == TAMPERED, result
    assert f"record: person {noah} of {hart} was removed outside fscli (last written by audit row {_last_written(db_path, 'person', noah)}, 'person.add' on {_day_of(db_path, _last_written(db_path, 'person', noah))} by Sam Okafor)" in _problems(result)


def test_a_diary_entry_inserted_outside_fscli_is_named_as_written_by_no_audit_row(cli, db_path, hart):
    execute(db_path, "INSERT INTO diary (case_id, on_date, text, tags, worker, created_at) SELECT case_id, on_date, 'Family doing well', tags, worker, created_at FROM diary")
    (forged,) = rows(db_path, "SELECT max(id) FROM diary")[0]

    result = cli("db", "check")
    assert result.code == TAMPERED, result
    assert f"record: diary {forged} of {hart} was inserted outside fscli (no audit row wrote it)" in _problems(result)


def test_every_record_tampered_with_is_named_not_just_the_first(cli, db_path, hart):
    execute(db_path, "UPDATE person SET name = name || ' (x)'")

    result = cli("db", "check")
    names = [p for p in _problems(result) if p.startswith("record: person ")]
    assert result.code == TAMPERED and len(names) == 3, result


def test_many_records_tampered_with_are_counted_past_the_first_twenty(cli, db_path, hart):
    execute(db_path, "INSERT INTO diary (case_id, on_date, text, tags, created_at) SELECT NULL, on_date, 'forged', tags, created_at FROM diary")
    for _ in range(5):  # 1 -> 32 forged entries
        execute(db_path, "INSERT INTO diary (case_id, on_date, text, tags, created_at) SELECT NULL, on_date, 'forged', tags, created_at FROM diary WHERE text = 'forged'")
    result = cli("db", "check")
    shown = [p for p in _problems(result) if p.startswith("record: diary ")]
    assert len(shown) == 20 and "record: ... and 12 more records inserted outside fscli" in _problems(result), result


def _sqlite(db_path) -> sqlite3.Connection:
    return sqlite3.connect(db_path)  # the sqlite3 shell's defaults: foreign keys off


def _append_audit_row(conn, *, written: str | None, entries=()) -> int:
    """An audit row appended with its hash worked out as fscli would: the chain still links."""
    from fscli.store.audit import row_hash, row_hash_v2

    prev = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
    at = datetime.fromisoformat("2026-11-23T12:00:00.000000+00:00")
    fields = dict(at=at, os_user="mallory", worker="Sam Okafor", action="visit.log", entity="contact", entity_id=1, case_id=1, detail="{}")
    digest = row_hash(prev_hash=prev, **fields) if written is None else row_hash_v2(prev_hash=prev, **fields, written=written)
    cursor = conn.execute(
        "INSERT INTO audit (at, os_user, worker, action, entity, entity_id, case_id, detail, prev_hash, hash, written) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (at.isoformat(timespec="microseconds"), "mallory", "Sam Okafor", "visit.log", "contact", 1, 1, "{}", prev, digest, written),
    )
    for table, row_id, value in entries:
        conn.execute("INSERT INTO audit_row (audit_id, tbl, row_id, digest) VALUES (?, ?, ?, ?)", (cursor.lastrowid, table, row_id, value))
    return cursor.lastrowid


@pytest.mark.sqlite_only(reason="the forger here works on the file with sqlite3; on PostgreSQL the grants keep the everyday role from the audit")
def test_a_forged_audit_row_of_the_old_form_after_sealed_rows_breaks_the_chain(cli, db_path, hart):
    conn = _sqlite(db_path)
    conn.execute("UPDATE contact SET note = 'Nothing of concern.'")
    forged = _append_audit_row(conn, written=None)
    conn.commit()
    conn.close()

    result = cli("db", "check")
    assert result.code == TAMPERED and f"audit: the chain breaks at row {forged}: a row was edited or removed" in _problems(result), result


@pytest.mark.sqlite_only(reason="the forger here works on the file with sqlite3; on PostgreSQL the grants keep the everyday role from the audit")
def test_a_forged_sealed_audit_row_is_caught_by_the_records_it_claims_to_seal(cli, db_path, hart):
    """A new-form row with a good hash, sealing the rewritten note with a digest made up: the note
    does not match it. Sealing it with its true digest is what only an anchor can catch."""
    from fscli.store.audit import written_digest

    conn = _sqlite(db_path)
    conn.execute("UPDATE contact SET note = 'Nothing of concern.'")
    claimed = [("contact", 1, "0" * 64)]
    forged = _append_audit_row(conn, written=written_digest(claimed), entries=claimed)
    conn.commit()
    conn.close()

    result = cli("db", "check")
    assert result.code == TAMPERED, result
    assert f"record: contact 1 of {hart} was changed outside fscli (last written by audit row {forged}, 'visit.log' on {_day_of(db_path, forged)} by Sam Okafor)" in _problems(result)


@pytest.mark.sqlite_only(reason="the forger here works on the file with sqlite3; on PostgreSQL the grants keep the everyday role from the audit")
def test_a_sealed_audit_row_whose_entries_differ_from_its_hash_is_named(cli, db_path, hart):
    from fscli.store.audit import written_digest

    conn = _sqlite(db_path)
    forged = _append_audit_row(conn, written=written_digest([("contact", 1, "0" * 64)]), entries=[("contact", 1, "1" * 64)])
    conn.commit()
    conn.close()

    result = cli("db", "check")
    assert f"audit: the records audit row {forged} seals are not the ones its hash covers: audit_row rows were added, removed or changed outside fscli" in _problems(result), result


@pytest.mark.sqlite_only(reason="SQLite's trigger names; PostgreSQL's guards are tested in the PostgreSQL suite below")
def test_the_seals_are_append_only_and_a_dropped_guard_is_named(cli, db_path, hart):
    conn = _sqlite(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_row WHERE tbl = 'contact'")
    conn.execute("DROP TRIGGER audit_row_no_delete")
    (audit_id,) = conn.execute("SELECT audit_id FROM audit_row WHERE tbl = 'contact'").fetchone()
    conn.execute("DELETE FROM audit_row WHERE tbl = 'contact'")
    conn.commit()
    conn.close()

    result = cli("db", "check")
    problems = _problems(result)
    assert result.code == TAMPERED, result
    assert "audit: the trigger audit_row_no_delete that keeps audit_row append-only is missing or disabled (dropped outside fscli): its rows could be rewritten unseen" in problems
    assert f"audit: the records audit row {audit_id} seals are not the ones its hash covers: audit_row rows were added, removed or changed outside fscli" in problems
    assert "record: contact 1 of FS-0001 was inserted outside fscli (no audit row wrote it)" in problems


@pytest.mark.postgresql_only(reason="PostgreSQL's trigger names and pg_trigger")
def test_a_disabled_guard_on_the_server_is_named(cli, db_path, hart):
    execute(db_path, "ALTER TABLE audit_row DISABLE TRIGGER audit_row_no_change")
    result = cli("db", "check")
    assert result.code == TAMPERED and "audit: the trigger audit_row_no_change that keeps audit_row append-only is missing or disabled (dropped outside fscli): its rows could be rewritten unseen" in _problems(result), result


def test_each_audit_row_seals_exactly_the_records_its_command_wrote(cli, db_path, hart):
    visit = rows(db_path, "SELECT id, written FROM audit WHERE action = 'visit.log'")
    (audit_id, written), = visit
    sealed = rows(db_path, "SELECT tbl, row_id, digest FROM audit_row WHERE audit_id = ? ORDER BY tbl, row_id", audit_id)
    assert [(t, r) for t, r, _ in sealed] == [("contact", 1), ("contact_party", 1)]
    from fscli.store.audit import written_digest

    assert written == written_digest(sealed)


def test_the_digest_reads_the_same_from_every_driver():
    """A record's seal is the same whether SQLite's ISO text or PostgreSQL's dates hand it back."""
    from datetime import date, timezone

    from fscli.store.seals import columns, digest

    names = [name for name, _ in columns("diary")]
    as_text = {"id": 1, "case_id": 2, "on_date": "2026-11-23", "at_time": None, "text": "Called school", "tags": "", "worker": None, "corrects_id": None,
               "correction_reason": None, "created_at": "2026-11-23T09:00:00.000000+00:00", "voided_at": None, "void_reason": None}  # fmt: skip
    as_values = {**as_text, "on_date": date(2026, 11, 23), "created_at": datetime(2026, 11, 23, 9, tzinfo=timezone.utc)}
    assert digest("diary", [as_text[n] for n in names]) == digest("diary", [as_values[n] for n in names])
    assert digest("diary", [as_text[n] for n in names]) != digest("diary", [{**as_text, "text": "Called school."}[n] for n in names])


# -- records from before the seals, and records that arrive whole ---------------------------------


@pytest.mark.sqlite_only(reason="the fixtures are SQLite files written by earlier releases")
def test_an_upgrade_seals_the_records_as_they_stood_in_one_audit_row(cli, tmp_path):
    from pathlib import Path

    fixture = Path(__file__).parent.parent / "fixtures" / "schema_0012_calendar.db"
    folder = tmp_path / "old"
    folder.mkdir(mode=0o700)
    copy = folder / "fscli.db"
    copy.write_bytes(fixture.read_bytes())
    copy.chmod(0o600)
    before = rows(copy, "SELECT count(*) FROM audit")[0][0]

    assert cli("db", "upgrade", "--db", str(copy)).code == 0
    sealing = rows(copy, "SELECT id, action, written IS NOT NULL FROM audit WHERE id > (SELECT max(id) FROM audit) - 1")
    assert rows(copy, "SELECT count(*) FROM audit")[0][0] == before + 1 and sealing[0][1:] == ("db.seal", 1)
    assert rows(copy, "SELECT count(*) FROM contact")[0][0] == rows(copy, "SELECT count(*) FROM audit_row WHERE tbl = 'contact'")[0][0] > 0
    assert cli("db", "check", "--db", str(copy)).code == 0
    execute(copy, "UPDATE contact SET note = 'rewritten' WHERE id = (SELECT min(id) FROM contact)")
    result = cli("db", "check", "--db", str(copy))
    assert result.code == TAMPERED and f"(last written by audit row {sealing[0][0]}, 'db.seal' on 23/11/2026" in result.err, result


def test_a_caseload_moved_whole_keeps_its_seals(cli, db_path, hart, tmp_path, empty_database):
    out = tmp_path / "moved"
    ok(cli, "export", "--out", str(out))
    ok(cli, "init", "--db", empty_database)
    ok(cli, "import", str(out), "--db", empty_database)
    assert cli("db", "check", "--db", empty_database).code == 0
    imported = rows(empty_database, "SELECT id FROM audit WHERE action = 'import'")[0][0]
    assert rows(empty_database, "SELECT count(*) FROM audit_row WHERE audit_id = ?", imported) == [(0,)]  # every record came with its seal


def test_a_caseload_merged_in_is_sealed_by_the_merge(cli, db_path, hart, tmp_path, empty_database):
    out = tmp_path / "moved"
    ok(cli, "export", "--out", str(out))
    ok(cli, "init", "--db", empty_database)
    ok(cli, "case", "open", "Other family", "--referred", "03/11/2026", "--source", "3B", "--reason", "Worried", "--ref", "LA-77", "--db", empty_database)
    ok(cli, "import", str(out), "--skip-existing", "--db", empty_database)  # ids translated: Hart's records are new rows here
    merged = rows(empty_database, "SELECT id FROM audit WHERE action = 'import'")[0][0]
    assert rows(empty_database, "SELECT count(*) FROM audit_row WHERE audit_id = ? AND tbl = 'person'", merged) == [(3,)]
    assert cli("db", "check", "--db", empty_database).code == 0


def test_the_sample_caseload_is_sealed_as_it_is_loaded(cli):
    ok(cli, "demo")
    from fscli.config import data_dir

    assert cli("db", "check", "--db", str(data_dir() / "demo.db")).code == 0


def test_families_imported_from_a_spreadsheet_are_sealed_by_the_import(cli, db_path, hart, tmp_path):
    sheet = tmp_path / "cases.csv"
    sheet.write_text('family,referred_on,referral_source,reason,status,referral_nfa\r\n"Dunn family",2026-10-01,2A,"School worried",open,0\r\n', encoding="utf-8")
    ok(cli, "import", str(sheet))
    imported = rows(db_path, "SELECT id FROM audit WHERE action = 'import'")[0][0]
    assert {t for (t,) in rows(db_path, "SELECT tbl FROM audit_row WHERE audit_id = ?", imported)} == {"cases", "episode"}  # the case, and the episode its referral began
    assert cli("db", "check").code == 0


def test_damage_found_is_met_with_the_backup_this_backend_keeps(cli, db_path, hart):
    """A SQLite file is put back from 'fscli db backup'; a team's server from its own backups
    ('fscli db backup' there only prints pg_dump's command)."""
    execute(db_path, "UPDATE cases SET family = 'Renamed family'")

    result = cli("db", "check")
    assert result.code == TAMPERED, result
    told = result.err.splitlines()[-1]
    if BACKEND == "postgresql":
        assert "compare with the server's backups (pg_dump or the DBA's own" in told and "restore from a backup ('fscli db backup' makes one)" not in told, told
    else:
        assert "restore from a backup ('fscli db backup' makes one) and tell your IT team" in told, told
