"""The nightly export and the import: complete, consistent, loadable, safe in Excel, all or nothing."""

import hashlib
import json
import os
import stat

import pytest

from tests.conftest import BACKEND, rows, table_counts
from tests.factories import add_person, fails, family, ok, open_case


@pytest.fixture
def caseload(cli, db_path):
    """A family with a visit whose note looks like a formula, a diary entry, a goal and its scores."""
    ref = family(cli)
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart", "--note", '=HYPERLINK("http://x.example","click") and "quotes", commas\nand a second line')
    ok(cli, "diary", "add", ref, "'Tis the season: office day #admin")
    ok(cli, "goal", "add", ref, "Mum feels confident at bedtime", "--for", "Kerry Hart")
    ok(cli, "goal", "score", f"{ref}/1", "3", "--by", "Kerry Hart", "--date", "04/11/2026")
    return ref


def test_a_csv_export_is_whole_private_and_described_by_its_manifest(cli, caseload, tmp_path):
    out = tmp_path / "nightly"
    counts = table_counts(os.environ["FSCLI_DB"])  # the snapshot's: the export logs itself just after it
    done = ok(cli, "export", "--out", str(out))
    assert done.out.strip() == str(out)  # the folder, for a script
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["schema_revision"] and manifest["format"] == "csv" and manifest["since"] is None
    for table, entry in manifest["tables"].items():
        path = out / entry["file"]
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert hashlib.sha256(path.read_bytes()).hexdigest() == entry["sha256"]
        lines = path.read_bytes().decode().split("\r\n")
        assert lines[0] == ",".join(entry["columns"])
    assert {t: e["rows"] for t, e in manifest["tables"].items()} == counts
    contact = (out / "contact.csv").read_bytes().decode()
    assert '"\'=HYPERLINK(""http://x.example"",""click"") and ""quotes"", commas\nand a second line"' in contact
    assert "\"''Tis the season" in (out / "diary.csv").read_text()  # an apostrophe is doubled, so import removes exactly one
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".nightly")]  # no staging folder left


@pytest.mark.parametrize("block", [5000, 3])
def test_the_database_builds_the_same_lines_as_the_python_reference(cli, caseload, monkeypatch, block):
    """Blocks of 3 lines make every table cross block boundaries, as a council's tables do at 5,000."""
    from fscli.store import exporting
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.restricted_names import named_params

    monkeypatch.setattr(exporting, "_BLOCK", block)
    database = Database(locate(os.environ["FSCLI_DB"]))
    with database.reader() as reader:
        params = named_params(reader.tuples)
        for spec in exporting.table_specs().values():
            raw = [r for batch in reader.stream(exporting.select_sql(spec, reader.kind, line=None, since=False), params) for r in batch]
            for style, reference, separator in (("csv", exporting.csv_line, "\r\n"), ("json", exporting.json_line, "\n")):
                built = list(exporting.blocks(reader, spec, style, params, since=False, separator=separator))
                assert "".join(text + separator for text, _ in built) == "".join(reference(spec, r) + separator for r in raw), spec.name
                assert sum(n for _, n in built) == len(raw), spec.name
    database.dispose()


@pytest.mark.parametrize("fmt", ["csv", "ndjson", "json"])
def test_export_import_export_gives_the_same_files(cli, caseload, tmp_path, empty_database, fmt):
    first, second = tmp_path / "first", tmp_path / "second"
    ok(cli, "export", "--out", str(first), "--format", fmt)
    ok(cli, "init", "--db", empty_database)
    imported = ok(cli, "import", str(first), "--db", empty_database)
    assert "Imported" in imported.err
    ok(cli, "export", "--out", str(second), "--format", fmt, "--db", empty_database)
    for path in first.iterdir():
        if path.name in ("manifest.json", f"audit.{fmt}"):
            continue
        assert path.read_bytes() == (second / path.name).read_bytes(), path.name
    before, after = (first / f"audit.{fmt}").read_bytes(), (second / f"audit.{fmt}").read_bytes()
    if fmt == "json":
        before, after = before.rstrip(b"\n]"), after.rstrip(b"\n]")
    assert after.startswith(before) and after.count(b'"import"') == 2  # the trail, then the import's own row
    assert "audit chain: " in ok(cli, "db", "check", "--db", empty_database).out


def test_an_existing_folder_or_a_planted_link_is_refused_and_replace_swaps_whole(cli, caseload, tmp_path):
    out = tmp_path / "nightly"
    out.mkdir()
    (out / "old.txt").write_text("yesterday")
    refused = cli("export", "--out", str(out))
    assert refused.code == 73 and "exists already" in refused.err
    link = tmp_path / "planted"
    link.symlink_to(tmp_path / "elsewhere")
    assert cli("export", "--out", str(link)).code == 73 and not (tmp_path / "elsewhere").exists()
    assert cli("export", "--out", str(tmp_path / "no" / "such" / "folder")).code == 73
    ok(cli, "export", "--out", str(out), "--replace")
    assert not (out / "old.txt").exists() and (out / "manifest.json").exists()


def test_an_export_to_a_dash_is_refused_not_made_a_folder_named_dash(cli, caseload, tmp_path, monkeypatch):
    """'-' means standard input or output on fscli's command line (--note -); an export is a folder."""
    monkeypatch.chdir(tmp_path)
    refused = cli("export", "--out", "-")
    assert refused.code == 73 and refused.err == "fscli: error: --out '-': fscli writes files here, not to standard output; give the name of the folder or file to create\n"
    assert not (tmp_path / "-").exists()
    assert cli("return", "cin", "--year", "2026", "--out", "-").code in (1, 73) and not (tmp_path / "-").exists()


def test_a_failed_export_leaves_nothing_behind(cli, caseload, tmp_path, monkeypatch):
    from fscli.store import exporting

    real = exporting.blocks

    def failing(reader, spec, *args, **kwargs):
        if spec.name == "contact":
            raise OSError(28, "No space left on device")
        return real(reader, spec, *args, **kwargs)

    monkeypatch.setattr(exporting, "blocks", failing)
    result = cli("export", "--out", str(tmp_path / "nightly"))
    assert result.code != 0
    assert list(tmp_path.iterdir()) == [p for p in tmp_path.iterdir() if not p.name.startswith((".nightly", "nightly"))]


@pytest.mark.sqlite_only(reason="the window is set by the pinned clock, which a team's server does not take for its audit rows (tests/store/test_team_server_audit_clock.py)")
def test_since_exports_the_cases_changed_and_nothing_else(cli, caseload, tmp_path, monkeypatch):
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-25T10:00")
    other = open_case(cli, "Quinn family", referred="24/11/2026", source="1B", reason="Neighbour worried")
    out = tmp_path / "tonight"
    ok(cli, "export", "--out", str(out), "--since", "2026-11-25", "--format", "ndjson")
    cases = [json.loads(line) for line in (out / "cases.ndjson").read_text().splitlines()]
    assert [c["ref"] for c in cases] == [other]
    assert (out / "contact.ndjson").read_text() == ""  # the Harts' visit was before
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["since"].startswith("2026-11-25")

    from fscli.store import exporting

    for day in ("yesterday", "today", "today"):
        ok(cli, "visit", "log", other, "--type", "phone", "--date", day, "--note", "rang mum", "--again")
    ok(cli, "export", "--out", str(tmp_path / "whole"), "--since", "2026-11-25", "--format", "csv")
    monkeypatch.setattr(exporting, "_BLOCK", 2)  # the same window read in blocks of two rows
    ok(cli, "export", "--out", str(tmp_path / "paged"), "--since", "2026-11-25", "--format", "csv")
    assert len((tmp_path / "whole" / "contact.csv").read_text().splitlines()) == 4
    for table in set(manifest["tables"]) - {"access_log", "access_case"}:  # the second holds the first's access row
        assert (tmp_path / "paged" / f"{table}.csv").read_bytes() == (tmp_path / "whole" / f"{table}.csv").read_bytes(), table
    if BACKEND == "postgresql":  # where views are logged: tonight's export and the whole one
        assert [line.split(",")[4] for line in (tmp_path / "paged" / "access_log.csv").read_text().splitlines()[1:]] == ['"export"', '"export"']


def test_the_workbook_has_a_sheet_per_table_and_no_live_formula(cli, caseload, tmp_path):
    import openpyxl

    out = tmp_path / "book"
    ok(cli, "export", "--out", str(out), "--format", "xlsx", "--tables", "cases,contact")
    book = openpyxl.load_workbook(out / "fscli-export.xlsx")
    assert book.sheetnames == ["cases", "contact"]
    sheet = book["contact"]
    header = [c.value for c in sheet[1]]
    note = sheet.cell(row=2, column=header.index("note") + 1)
    assert note.data_type == "s" and note.value.startswith("=HYPERLINK")
    day = book["cases"].cell(row=2, column=[c.value for c in book["cases"][1]].index("referred_on") + 1)
    assert day.is_date and day.value.strftime("%Y-%m-%d") == "2026-11-03"


def test_unknown_tables_and_bad_since_are_one_clear_line(cli, tmp_path):
    bad = cli("export", "--out", str(tmp_path / "x"), "--tables", "cases,kids")
    assert bad.code == 1 and "--tables 'kids'" in bad.err
    assert cli("export", "--out", str(tmp_path / "x"), "--since", "the other day").code == 1
    assert not (tmp_path / "x").exists()


@pytest.fixture
def exported(cli, caseload, tmp_path):
    out = tmp_path / "export"
    ok(cli, "export", "--out", str(out), "--tables", "worker,cases,person")
    return out


def _rewrite(folder, name, change):
    """Edit an exported file and make the manifest agree, as a hand-edited spreadsheet would."""
    path = folder / name
    path.write_bytes(change(path.read_bytes()))
    manifest = json.loads((folder / "manifest.json").read_text())
    entry = manifest["tables"][name.split(".")[0]]
    entry["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (folder / "manifest.json").write_text(json.dumps(manifest))


@pytest.mark.parametrize(("change", "says"), [
    (lambda b: b.replace(b"2026-11-03", b"31/02/2026", 1), "referred_on"),
    (lambda b: b.replace(b'"3B"', b'"ZZ"', 1), "referral_source"),
    (lambda b: b.replace(b'"Hart family"', b'"=cmd|calc"', 1), "formula"),
])  # fmt: skip
def test_a_bad_cell_is_reported_with_its_row_and_nothing_changes(cli, exported, empty_database, change, says):
    ok(cli, "init", "--db", empty_database)
    _rewrite(exported, "cases.csv", change)
    before = table_counts(empty_database) if BACKEND == "sqlite" else None
    result = cli("import", str(exported), "--db", empty_database)
    assert result.code == 65 and says in result.out + result.err, result
    assert "cases.csv" in result.out and "\t2\t" in result.out  # file, row 2 (after the header)
    if before is not None:
        assert table_counts(empty_database) == before


def test_a_person_of_a_case_that_is_not_there_is_refused(cli, exported, empty_database):
    ok(cli, "init", "--db", empty_database)
    _rewrite(exported, "person.csv", lambda b: b.replace(b"\r\n1,", b"\r\n1,999,", 1).replace(b"\r\n1,999,1,", b"\r\n1,999,", 1))
    result = cli("import", str(exported), "--db", empty_database)
    assert result.code == 65 and "refers to cases 999" in result.out, result


def test_a_cut_short_or_changed_file_is_refused(cli, exported, empty_database):
    ok(cli, "init", "--db", empty_database)
    path = exported / "person.csv"
    path.write_bytes(path.read_bytes()[:-40])
    result = cli("import", str(exported), "--db", empty_database)
    assert result.code == 65 and "SHA-256" in result.err


def test_the_wrong_encoding_is_named(cli, exported, empty_database):
    ok(cli, "init", "--db", empty_database)
    _rewrite(exported, "cases.csv", lambda b: b.replace(b"Hart family", "Hârt family".encode("latin-1"), 1))
    result = cli("import", str(exported), "--db", empty_database)
    assert result.code == 65 and "not UTF-8" in result.err


def test_importing_twice_is_refused_unless_existing_rows_are_skipped(cli, exported, empty_database):
    ok(cli, "init", "--db", empty_database)
    ok(cli, "import", str(exported), "--db", empty_database)
    again = cli("import", str(exported), "--db", empty_database)
    assert again.code == 65 and "exists in the database already" in again.out
    skipped = ok(cli, "import", str(exported), "--db", empty_database, "--skip-existing")
    assert "skipped (already there)" in skipped.err


def test_a_dry_run_reports_and_writes_nothing(cli, exported, empty_database):
    ok(cli, "init", "--db", empty_database)
    dry = ok(cli, "import", str(exported), "--db", empty_database, "--dry-run")
    assert "would be added" in dry.err and "cases 1" in dry.err
    assert rows(empty_database, "SELECT count(*) FROM cases") == [(0,)]
    assert rows(empty_database, "SELECT count(*) FROM audit") == [(0,)]


def test_a_spreadsheet_of_cases_kept_before_fscli_is_merged_with_new_references(cli, tmp_path):
    from fscli.store.exporting import table_specs

    header = ",".join(table_specs()["cases"].names)
    sheet = tmp_path / "old-cases.csv"
    sheet.write_text(header + "\r\n" + ',,"Dunn family",2026-10-01,"2A","School worried about attendance","open",,,,"N1",0,\r\n', encoding="utf-8")
    add = ok(cli, "import", str(sheet))
    assert "cases 1" in add.err
    listed = json.loads(ok(cli, "case", "list", "-f", "json").out)
    assert [(c["ref"], c["family"]) for c in listed] == [("FS-0001", "Dunn family")]


def test_a_spreadsheet_written_against_an_earlier_releases_columns_still_imports(cli, tmp_path):
    """Columns a later release added (referral_decided_on) may be absent, and the order is free."""
    sheet = tmp_path / "cases-2025.csv"
    sheet.write_text('family,referred_on,referral_source,reason,status,referral_nfa\r\n"Dunn family",2026-10-01,2A,"School worried",open,0\r\n', encoding="utf-8")
    assert "cases 1" in ok(cli, "import", str(sheet)).err
    shown = json.loads(ok(cli, "case", "show", "FS-0001", "-f", "json").out)
    assert (shown["family"], shown["referral_source"]) == ("Dunn family", "2A")
    # Its work is one statutory episode from the referral, so it can be stepped down like any other.
    assert [(e["kind"], e["start_on"], e["referral_source"]) for e in shown["episodes"]] == [("statutory", "2026-10-01", "2A")]
    odd = tmp_path / "odd.csv"
    odd.write_text("family,referred_on,shoe_size\r\nX,2026-10-01,9\r\n", encoding="utf-8")
    assert "matches neither cases nor person" in fails(cli, "import", str(odd), code=65).err


@pytest.mark.postgresql_only(reason="moves a worker's SQLite caseload onto the team's server")
def test_a_sqlite_caseload_moves_onto_the_server(cli, db_path, tmp_path, monkeypatch):
    own = str(tmp_path / "mine" / "fscli.db")
    monkeypatch.setenv("FSCLI_DB", own)
    ok(cli, "init")
    ref = family(cli)
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart", "--note", "-starts with a dash")
    ok(cli, "export", "--out", str(tmp_path / "move"), "--format", "ndjson")
    monkeypatch.setenv("FSCLI_DB", db_path)
    ok(cli, "import", str(tmp_path / "move"))
    shown = json.loads(ok(cli, "case", "show", ref, "-f", "json").out)
    assert shown["family"] == "Hart family" and shown["recent_contacts"][0]["note"] == "-starts with a dash"
    after = ok(cli, "case", "open", "Next family", "--referred", "today", "--source", "1A", "--reason", "New on the server")
    assert after.out.strip() == "FS-0002"  # the server's numbering carries on after the imported ids
    assert "audit chain" in ok(cli, "db", "check").out


def test_a_line_cut_short_is_named_even_when_the_manifest_agrees(cli, exported, empty_database):
    ok(cli, "init", "--db", empty_database)
    _rewrite(exported, "person.csv", lambda b: b[: b.index(b"\r\n", 60)] + b"\r\n2,1\r\n")
    result = cli("import", str(exported), "--db", empty_database)
    assert result.code == 65 and "person.csv: line" in result.err and "fields where the header has" in result.err


def test_a_manifest_naming_a_file_outside_the_export_is_refused(cli, exported, empty_database, tmp_path):
    """A manifest edited to read '../elsewhere/cases.csv' must not make import read another folder."""
    ok(cli, "init", "--db", empty_database)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "cases.csv").write_bytes((exported / "cases.csv").read_bytes())
    manifest = json.loads((exported / "manifest.json").read_text())
    manifest["tables"]["cases"]["file"] = "../elsewhere/cases.csv"
    (exported / "manifest.json").write_text(json.dumps(manifest))
    result = cli("import", str(exported), "--db", empty_database)
    assert result.code == 65 and "the manifest lists '../elsewhere/cases.csv', which is not a file of the export folder" in result.err


def test_the_export_is_one_snapshot_while_others_keep_writing(cli, caseload, tmp_path, monkeypatch):
    """A case opened by another terminal half-way through the export is in neither cases nor the counts."""
    import threading

    from fscli.store import exporting

    real = exporting.blocks

    def meanwhile(reader, spec, *args, **kwargs):
        if spec.name == "person":  # after cases.csv was read: another worker opens a case now
            writer = threading.Thread(target=open_late_case)  # its own connection, as another fscli would
            writer.start()
            writer.join()
        return real(reader, spec, *args, **kwargs)

    def open_late_case():
        from fscli.clock import clock_from_env
        from fscli.services.cases import open_case
        from fscli.store.db import Database
        from fscli.store.location import locate
        from fscli.store.uow import run

        database = Database(locate(os.environ["FSCLI_DB"]))
        run(database, clock_from_env(), "Sam Okafor", lambda uow: open_case(uow, family="Late family", referred_on=clock_from_env().today(), source="1A", reason="Opened during the export"))
        database.dispose()

    monkeypatch.setattr(exporting, "blocks", meanwhile)
    out = tmp_path / "snapshot"
    ok(cli, "export", "--out", str(out), "--format", "ndjson")
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["tables"]["cases"]["rows"] == 1 and manifest["tables"]["audit"]["rows"] == (out / "audit.ndjson").read_text().count("\n")
    assert "Late family" not in (out / "cases.ndjson").read_text() and "Late family" not in (out / "audit.ndjson").read_text()
    assert rows(os.environ["FSCLI_DB"], "SELECT count(*) FROM cases") == [(2,)]  # the write itself went through


def test_the_sample_caseload_file_imports_through_the_same_rules_as_the_demo(cli, db_path):
    from tests.conftest import ROOT_DIR

    sample = ROOT_DIR / "sample_data" / "caseload.toml"
    tried = ok(cli, "import", str(sample), "--dry-run")
    assert "would be added" in tried.err and rows(db_path, "SELECT count(*) FROM cases") == [(0,)]
    assert "goal_score" in tried.err and "plan" in tried.err  # every row the stories make, not the cases alone
    done = ok(cli, "import", str(sample))
    assert "Imported" in done.err
    cases = rows(db_path, "SELECT count(*) FROM cases")[0][0]
    assert cases >= 10 and rows(db_path, "SELECT count(*) FROM audit WHERE action = 'case.open'") == [(cases,)]
    refused = cli("import", str(sample), "--skip-existing")
    assert refused.code == 1 and "--skip-existing" in refused.err and rows(db_path, "SELECT count(*) FROM cases") == [(cases,)]


def test_a_meeting_of_no_one_family_and_the_cases_it_discussed_travel_whole(cli, caseload, tmp_path, empty_database, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-24T16:00")
    ok(cli, "case", "share", caseload, "Dee Mensah", "--role", "social-worker", "--date", "today")
    ok(cli, "meeting", "log", "--type", "supervision", "--date", "today 2pm", "--with", "Dee Mensah", "--cases", caseload, "--decisions", "Bedtime goal going well")
    out = tmp_path / "out"
    ok(cli, "export", "--out", str(out), "--format", "ndjson")
    [meeting] = [json.loads(line) for line in (out / "meeting.ndjson").read_text().splitlines()]
    assert meeting["case_id"] is None and meeting["kind"] == "supervision"
    assert [json.loads(line)["meeting_id"] for line in (out / "meeting_case.ndjson").read_text().splitlines()] == [meeting["id"]]
    ok(cli, "init", "--db", empty_database)
    ok(cli, "import", str(out), "--db", empty_database)
    chronology = json.loads(ok(cli, "chronology", caseload, "-f", "json", "--db", empty_database).out)
    assert [(e["event"], e["summary"]) for e in chronology if e["source"] == f"M{meeting['id']}"] == [("Supervision (management oversight)", "this case discussed; Bedtime goal going well")]

    monkeypatch.setenv("FSCLI_TODAY", "2026-11-25T10:00")
    tonight = tmp_path / "tonight"
    ok(cli, "export", "--out", str(tonight), "--since", "2026-11-24", "--format", "ndjson")
    for table in ("meeting_case", "meeting_worker"):  # made with the meeting, which has no case to reach them by
        assert (tonight / f"{table}.ndjson").read_text().count("\n") == 1, table
