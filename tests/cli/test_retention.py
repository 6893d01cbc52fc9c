"""A data protection officer reviews the records past their retention date and erases one: the
case is listed with its rule and source, erased with --yes, gone from every view and from the
file's bytes, the audit keeps a tombstone with no names, and `db check` stays clean (issue 24)."""

from pathlib import Path

import pytest

from fscli.errors import ExitCode
from tests.conftest import BACKEND, execute, rows, table_counts
from tests.factories import add_person, family, fails, ok, open_case

# Words found nowhere else in the caseload: the family, a child, a note, a goal, a meeting's decisions.
WORDS = ("Quillfeather", "Ottoline", "Marrowbone", "Xyloquent", "Wimbrelton")


def quillfeathers(cli) -> str:
    """A child in need case closed in 2021: Ottoline turned 18 in 2021, so her record's 3 years
    of inactivity ran out in 2024. Visits (one corrected), a meeting, a goal scored, a task, a
    diary note, and a supervision with another family's case that discussed both."""
    ref = open_case(cli, "Quillfeather family", referred="01/02/2021", reason="Marrowbone school worried", worker="Sam Okafor")
    add_person(cli, ref, "Ottoline Quillfeather", "child", dob="03/03/2003")
    add_person(cli, ref, "Mum Quillfeather", "parent")
    ok(cli, "case", "plan", ref, "cin", "--start", "01/03/2021", "--child", "Ottoline Quillfeather")
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "05/03/2021", "--seen", "Ottoline Quillfeather", "--note", "Ottoline showed the Xyloquent drawings")
    ok(cli, "note", "correct", "V1", "--reason", "wrong word", "--text", "Ottoline showed the Xyloquent paintings")
    ok(cli, "meeting", "log", ref, "--type", "cin-review", "--date", "10/03/2021", "--decisions", "Wimbrelton club twice a week")
    ok(cli, "goal", "add", ref, "Ottoline goes to Wimbrelton club", "--for", "Ottoline Quillfeather")
    ok(cli, "goal", "score", f"{ref}/1", "4", "--by", "Mum Quillfeather", "--date", "10/03/2021")
    ok(cli, "task", "add", ref, "Ring Marrowbone school", "--due", "12/03/2021")
    ok(cli, "diary", "add", ref, "Quillfeather file read")
    ok(cli, "case", "close", ref, "--date", "01/04/2021", "--reason", "RC7", "--summary", "Xyloquent progress held")
    return ref


@pytest.fixture
def caseload(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    hart = family(cli)
    ref = quillfeathers(cli)
    ok(cli, "meeting", "log", "--type", "supervision", "--date", "yesterday", "--cases", f"{hart},{ref}")
    return hart, ref


def test_the_officer_sees_the_closed_case_whose_date_has_come_with_its_rule_and_source(cli, caseload):
    hart, ref = caseload
    listed = ok(cli, "retention", "--format", "json").out
    assert ref in listed and hart not in listed
    assert '"rule": "cin"' in listed and '"review_on": "2024-04-01"' in listed and "Devon" in listed
    every = ok(cli, "retention", "--all", "--format", "tsv").out
    assert hart in every and "open: retention counts from the closure" in every


def test_a_closed_child_in_need_case_past_its_date_is_erased_and_leaves_no_trace(cli, caseload, db_path, monkeypatch):
    hart, ref = caseload
    monkeypatch.setenv("FSCLI_ACCESS_LOG", "1")
    ok(cli, "case", "show", ref)  # a view of it, logged: the access log keeps the case's number
    monkeypatch.delenv("FSCLI_ACCESS_LOG")
    before = table_counts(db_path)
    asked = fails(cli, "retention", "erase", ref, says="nothing was erased")
    assert "cases 1" in asked.err and "contact 2" in asked.err and "add --yes" in asked.err
    assert table_counts(db_path) == before  # without --yes nothing is written
    done = ok(cli, "retention", "erase", ref, "--yes")
    assert done.out.strip() == ref and "rows removed" in done.err
    fails(cli, "case", "show", ref, says="no such case")
    assert ref not in ok(cli, "case", "list", "--all", "--format", "tsv").out
    for word in WORDS:
        assert word not in ok(cli, "search", word, "--format", "tsv").out
    assert "Hart" in ok(cli, "chronology", hart, "--format", "tsv").out  # the other family's records are whole
    assert rows(db_path, "SELECT count(*) FROM meeting WHERE kind = 'supervision'") == [(1,)]  # the caseless meeting stays, with its other link
    assert rows(db_path, "SELECT count(*) FROM meeting_case") == [(1,)]
    ok(cli, "db", "check")
    (erasure,) = rows(db_path, "SELECT ref, basis, rows_removed FROM erasure")
    assert erasure[:2] == (ref, "cin") and erasure[2] >= 18
    (tombstone,) = rows(db_path, "SELECT action, entity, detail FROM audit WHERE action = 'erase'")
    assert tombstone[:2] == ("erase", "case") and not any(word in tombstone[2] for word in WORDS + ("Ottoline",))
    assert rows(db_path, "SELECT count(*) FROM access_case ac JOIN access_log al ON al.id = ac.access_id WHERE al.view = 'case.show'") == [(1,)]
    assert ref not in ok(cli, "retention", "--all", "--format", "tsv").out
    erased = ok(cli, "retention", "--erased", "--format", "tsv").out
    assert ref in erased and "cin" in erased and "\terased" in erased and "Quillfeather" not in erased
    fails(cli, "retention", "--erased", "--rules", says="asks for another list")


@pytest.mark.sqlite_only(reason="the bytes of a SQLite file and its -wal; a server's pages are its own (docs/retention.md)")
def test_a_byte_search_of_the_file_and_its_wal_finds_none_of_the_erased_text(cli, caseload, db_path):
    _, ref = caseload
    wal = Path(f"{db_path}-wal")
    data = Path(db_path).read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert all(word.encode() in data for word in WORDS)  # there before
    ok(cli, "retention", "erase", ref, "--yes")
    data = Path(db_path).read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    assert [word for word in WORDS if word.encode() in data] == []
    assert rows(db_path, "PRAGMA freelist_count") == [(0,)]
    # The search index's segments keep a deleted text's tokens until merged: none of its trigrams is left.
    segments = b"".join(block for (block,) in rows(db_path, "SELECT block FROM search_index_data") if block)
    assert [t for t in (b"xyl", b"ylo", b"loq", b"mbr", b"lft") if t in segments] == []


@pytest.mark.sqlite_only(reason="SQLCipher encrypts SQLite files")
def test_an_encrypted_caseload_is_erased_and_vacuumed_the_same_way(cli, caseload, db_path, tmp_path, monkeypatch):
    _, ref = caseload
    key = tmp_path / "caseload.key"
    key.write_text("correct horse battery staple\n")
    key.chmod(0o600)
    monkeypatch.setenv("FSCLI_KEY_FILE", str(key))
    ok(cli, "db", "encrypt")
    ok(cli, "retention", "erase", ref, "--yes")
    ok(cli, "db", "check")
    assert ref not in ok(cli, "case", "list", "--all", "--format", "tsv").out
    assert [w for w in WORDS if w in ok(cli, "search", w, "--format", "tsv").out] == []


def test_an_open_case_or_one_not_yet_due_is_refused_and_a_decision_erases_it_before_its_date(cli, caseload):
    hart, _ = caseload
    fails(cli, "retention", "erase", hart, "--yes", says="is open: an open case is never erased")
    ref = open_case(cli, "Young family", referred="01/09/2026")
    add_person(cli, ref, "Ava Young", "child", dob="01/01/2020")
    ok(cli, "case", "close", ref, "--date", "01/10/2026", "--reason", "RC7")
    fails(cli, "retention", "erase", ref, "--yes", says="is kept until 01/01/2041 (cin: 3 years")
    ok(cli, "retention", "erase", ref, "--yes", "--decision", "erasure request upheld, DPO ref DP-114")
    assert rows(table_db(cli), "SELECT basis FROM erasure") == [("decision: erasure request upheld, DPO ref DP-114",)]
    fails(cli, "retention", "erase", "FS-9999", "--yes", says="no such case")
    fails(cli, "retention", "erase", code=ExitCode.FAILED, says="REF: give the case to erase")
    fails(cli, "retention", hart, code=ExitCode.USAGE)
    fails(cli, "retention", "erase", ref, "--format", "json", says="--format: goes with the list")
    fails(cli, "retention", "erase", hart, "--yes", "--decision", " ", says="--decision: must not be empty")


def table_db(cli) -> str:
    import os

    return os.environ["FSCLI_DB"]


def test_an_unborn_child_leaves_the_date_unknown_and_the_case_is_not_listed_as_due(cli):
    ref = open_case(cli, "Pre-birth family", referred="01/09/2026")
    add_person(cli, ref, "Baby Doe", "child", due="01/02/2027")
    ok(cli, "case", "close", ref, "--date", "01/10/2026", "--reason", "RC7")
    assert ref not in ok(cli, "retention", "--format", "tsv").out
    assert "Baby Doe was unborn when last recorded" in ok(cli, "retention", "--all", "--format", "tsv").out
    fails(cli, "retention", "erase", ref, "--yes", says="cannot give a review date")


def test_a_restriction_of_processing_or_an_unanswered_subject_access_request_refuses_the_erasure(cli, caseload, db_path):
    _, ref = caseload
    (case_id,), = rows(db_path, "SELECT id FROM cases WHERE ref = ?", ref)
    (person_id,), = rows(db_path, "SELECT id FROM person WHERE name = 'Mum Quillfeather'")
    execute(db_path, ("INSERT INTO processing_restriction (case_id, reason, from_on, made_at) VALUES (?, 'accuracy contested', '2026-11-01', '2026-11-01T09:00:00.000000+00:00')", case_id))
    fails(cli, "retention", "erase", ref, "--yes", says="under a restriction of processing since 01/11/2026")
    execute(db_path, "UPDATE processing_restriction SET lifted_on = '2026-11-20', lifted_reason = 'resolved'")
    execute(db_path, ("INSERT INTO sar_request (case_id, person_id, received_on, due_on, created_at) VALUES (?, ?, '2026-11-10', '2026-12-10', '2026-11-10T09:00:00.000000+00:00')", case_id, person_id))
    fails(cli, "retention", "erase", ref, "--yes", says="DPA 2018 s.173")
    execute(db_path, "UPDATE sar_request SET answered_on = '2026-11-20', pack_sha256 = 'ab'")
    ok(cli, "retention", "erase", ref, "--yes")
    assert rows(db_path, "SELECT case_id, person_id, received_on, answered_on FROM sar_request") == [(None, None, "2026-11-10", "2026-11-20")]
    assert rows(db_path, "SELECT count(*) FROM processing_restriction") == [(0,)]


def test_a_case_an_old_export_brings_back_is_shown_as_erased_but_present_and_erased_again(cli, caseload, tmp_path):
    _, ref = caseload
    ok(cli, "export", "--out", str(tmp_path / "before"))
    ok(cli, "retention", "erase", ref, "--yes")
    ok(cli, "import", str(tmp_path / "before"), "--skip-existing")
    listed = ok(cli, "retention", "--format", "tsv").out
    assert ref in listed and "but present again" in listed
    ok(cli, "retention", "erase", ref, "--yes")
    assert ref not in ok(cli, "case", "list", "--all", "--format", "tsv").out
    ok(cli, "db", "check")


def test_a_council_sets_its_own_retention_periods_in_the_profile(cli, caseload, tmp_path, monkeypatch):
    _, ref = caseload
    profile = tmp_path / "profile.toml"
    profile.write_text('[retention]\ncin = "10 years"\n')
    monkeypatch.setenv("FSCLI_PROFILE", str(profile))
    assert ref not in ok(cli, "retention", "--format", "tsv").out  # kept now until 2031
    rules = ok(cli, "retention", "--rules", "--format", "json").out
    assert '"period": "10 years"' in rules and f"profile file {profile}" in rules and '"basis": "statutory"' in rules
    profile.write_text('[retention]\nadoption = "100 years"\ncin = "soon"\n')
    fails(cli, "retention", says="[retention] 'adoption': is not a retention rule fscli keeps")


@pytest.mark.sqlite_only(reason="fscli db backup and restore copy SQLite files; a server is restored with pg_restore")
def test_a_restored_backup_brings_the_case_back_and_the_list_says_to_erase_it_again(cli, caseload, tmp_path):
    _, ref = caseload
    ok(cli, "db", "backup", str(tmp_path / "friday.db"))
    ok(cli, "retention", "erase", ref, "--yes")
    ok(cli, "db", "restore", str(tmp_path / "friday.db"), "--yes")
    listed = ok(cli, "retention", "--format", "tsv").out
    assert ref in listed and "but present again" in listed  # the tombstone came across the restore
    ok(cli, "retention", "erase", ref, "--yes")
    assert ref not in ok(cli, "retention", "--all", "--format", "tsv").out
    ok(cli, "db", "check")


@pytest.mark.sqlite_only(reason="the -wal of a SQLite file")
def test_a_reader_left_open_elsewhere_is_told_of_when_the_wal_cannot_be_emptied(cli, caseload, db_path, monkeypatch):
    import sqlite3

    _, ref = caseload
    monkeypatch.setenv("FSCLI_BUSY_TIMEOUT_MS", "200")
    elsewhere = sqlite3.connect(db_path, isolation_level=None)
    try:
        elsewhere.execute("BEGIN")
        elsewhere.execute("SELECT count(*) FROM cases").fetchone()  # a read held open, as a long view would
        done = ok(cli, "retention", "erase", ref, "--yes")
    finally:
        elsewhere.close()
    assert "Erased case" in done.err and "another program has the caseload open" in done.err
    assert ref not in ok(cli, "case", "list", "--all", "--format", "tsv").out


def test_an_entry_moved_off_the_erased_family_stays_whole_on_the_family_it_went_to(cli, caseload, db_path):
    hart, ref = caseload
    ok(cli, "diary", "add", ref, "Rang Oakfield Primary about Lily")  # filed on the wrong family
    (diary_id,), = rows(db_path, "SELECT max(id) FROM diary")
    ok(cli, "move", f"D{diary_id}", "--to", hart, "--reason", "filed on the wrong family")
    ok(cli, "retention", "erase", ref, "--yes")
    assert "Rang Oakfield Primary" in ok(cli, "chronology", hart, "--format", "tsv").out
    ok(cli, "db", "check")
