"""fscli return annex-a: an inspection's Annex A lists 1-7 as one private workbook, dates as
dates, text never a formula, bad input refused with one line and nothing written."""

import stat
import zipfile
from datetime import datetime

import pytest

from fscli.domain.annex_a import LISTS
from fscli.errors import ExitCode
from tests.conftest import ROOT_DIR, execute, rows
from tests.factories import add_person, fails, ok, open_case

SHEETS = ["List 1 Contacts", "List 2 Early Help", "List 3 Referrals", "List 4 Assessments", "List 5 Section 47", "List 6 Children in need", "List 7 Child protection"]


def _book(path):
    import openpyxl

    return openpyxl.load_workbook(path)


def test_the_demo_caseloads_return_is_a_private_workbook_in_ofsteds_columns(cli, tmp_path):
    ok(cli, "demo")
    demo = next((tmp_path / "xdg_data_home").rglob("demo.db"))
    ok(cli, "team", "add", "=SUM(A1:A9)", "--db", str(demo))  # a team's name that looks like a formula
    ok(cli, "case", "team", "FS-0004", "=SUM(A1:A9)", "--db", str(demo))  # the Wilsons: a baby on a CP plan
    out = tmp_path / "annex-a.xlsx"
    done = ok(cli, "return", "annex-a", "--out", str(out), "--db", str(demo))
    assert done.out.strip() == str(out)  # the file, for a script
    assert "Wrote Annex A lists 1-7 for 24/05/2026 to 23/11/2026" in done.err
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".annex-a")] == []  # no partial file left

    book = _book(out)
    assert book.sheetnames == SHEETS
    for sheet, annex in zip(book.worksheets, LISTS):
        assert [c.value for c in sheet[1]] == annex.headers
        assert sheet.max_row > 1, f"{sheet.title} is empty on the demo caseload"
    referrals = book["List 3 Referrals"]
    referred = referrals.cell(row=2, column=6)  # Date of referral
    assert referred.is_date and isinstance(referred.value, datetime) and referred.number_format == "dd/mm/yyyy"
    assert referrals.cell(row=1, column=9).value == "Number of Referrals in Last 12 Months"
    assert referrals.cell(row=2, column=9).data_type == "n"
    assert {c.value for c in book["List 1 Contacts"]["B"][1:]} <= {"a) Male", "b) Female", "c) Not stated/recorded"}
    teams = [row[-2] for row in book["List 7 Child protection"].iter_rows(min_row=2) if row[-2].value]
    assert teams and {(c.value, c.data_type) for c in teams} == {("=SUM(A1:A9)", "s")}  # text, never a formula
    with zipfile.ZipFile(out) as archive:
        assert not [name for name in archive.namelist() if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]


def test_a_name_that_looks_like_a_formula_is_stored_as_text(cli, tmp_path):
    ok(cli, "team", "add", "=1+2 Team")
    ref = open_case(cli, worker='=HYPERLINK("http://x.example","click")', team="=1+2 Team", referred="02/11/2026")
    add_person(cli, ref, "Lily Hart", dob="14/02/2017", sex="F")
    out = tmp_path / "annex.xlsx"
    ok(cli, "return", "annex-a", "--out", str(out))
    referral = list(_book(out)["List 3 Referrals"].iter_rows(min_row=2, values_only=False))[0]
    team, worker = referral[-2], referral[-1]
    assert (team.value, team.data_type) == ("=1+2 Team", "s")
    assert (worker.value, worker.data_type) == ('=HYPERLINK("http://x.example","click")', "s")
    with zipfile.ZipFile(out) as archive:
        assert not [name for name in archive.namelist() if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)]  # no formula anywhere


def test_months_and_on_choose_the_period(cli, tmp_path):
    ref = open_case(cli, referred="02/03/2026")
    add_person(cli, ref, "Lily Hart", dob="14/02/2017", sex="F")

    def referrals(*options):
        out = tmp_path / f"annex{len(list(tmp_path.glob('annex*')))}.xlsx"
        ok(cli, "return", "annex-a", "--out", str(out), *options)
        return [r[5].date().isoformat() for r in _book(out)["List 3 Referrals"].iter_rows(min_row=2, values_only=True)]

    assert referrals() == []  # March is more than six months before 23/11/2026
    assert referrals("--months", "9") == ["2026-03-02"]
    assert referrals("--on", "31/08/2026") == ["2026-03-02"]
    assert referrals("--on", "01/03/2026", "--months", "24") == []  # not referred yet


def test_twenty_four_months_hold_a_family_closed_more_than_a_year_ago(cli, tmp_path):
    ref = open_case(cli, referred="02/03/2025")
    add_person(cli, ref, "Lily Hart", dob="14/02/2017", sex="F")
    ok(cli, "case", "close", ref, "--date", "09/03/2025", "--reason", "RC7")
    out = tmp_path / "annex.xlsx"
    ok(cli, "return", "annex-a", "--out", str(out), "--months", "24")
    [episode] = list(_book(out)["List 6 Children in need"].iter_rows(min_row=2, values_only=True))
    assert (episode[6].date().isoformat(), episode[9].date().isoformat(), episode[11]) == ("2025-03-02", "2025-03-09", "e) Closed episode")


@pytest.mark.parametrize(("options", "says"), [
    (["--months", "0"], "--months '0': must be a whole number of months from 1 to 24"),
    (["--months", "25"], "--months '25': must be a whole number of months from 1 to 24"),
    (["--months", "six"], "--months 'six': must be a whole number"),
    (["--on", "31/02/2026"], "--on '31/02/2026'"),
    (["--on", "tomorrow"], "is after today (23/11/2026)"),
])  # fmt: skip
def test_bad_input_is_refused_in_one_line_and_nothing_is_written(cli, tmp_path, options, says):
    out = tmp_path / "annex.xlsx"
    fails(cli, "return", "annex-a", "--out", str(out), *options, says=says)
    assert list(tmp_path.glob("*annex*")) == []


@pytest.mark.parametrize("name", ["annex-a.csv", "annex-a.xls", "annex-a", "annex-a.xlsx.txt"])
def test_a_file_named_other_than_xlsx_is_refused_as_annex_a_is_a_workbook_of_seven_lists(cli, tmp_path, name):
    """A data officer who types annex-a.csv gets one line saying why, not a workbook's bytes in a
    file named .csv that a spreadsheet then opens as garbage."""
    fails(cli, "return", "annex-a", "--out", str(tmp_path / name), says=f"--out '{name}': must end .xlsx (Annex A is a workbook of 7 lists); e.g. --out annex-a.xlsx")
    assert list(tmp_path.glob("*annex*")) == []
    ok(cli, "return", "annex-a", "--out", str(tmp_path / "ANNEX-A.XLSX"))  # the suffix in any case


def test_without_out_the_command_is_a_usage_error_in_one_line(cli):
    """A missing required option is a usage error, exit 2, as for every command (export, case
    open): one line naming it and where to read the usage, never a traceback."""
    fails(cli, "return", "annex-a", code=ExitCode.USAGE, says="fscli: usage: Missing option '--out'; see 'fscli return annex-a --help'")


def _sheets(path) -> dict[str, list[tuple]]:
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in _book(path).worksheets}


def test_the_lists_read_a_few_children_at_a_time_are_the_lists_read_at_once(cli, tmp_path, monkeypatch, db_path):
    """The return reads its children in ranges, one after another, in the lists' order (so that
    a council's 50,000 cases take the memory of a few thousand): ranges of one child make the
    very same workbook. Children recorded before fscli gave child IDs (none) come first, together."""
    ok(cli, "import", str(ROOT_DIR / "sample_data" / "caseload.toml"))
    execute(db_path, "UPDATE person SET child_id = NULL WHERE role = 'child' AND case_id = (SELECT max(case_id) FROM person WHERE role = 'child')")
    ref = open_case(cli, "Brook family", referred="09/11/2026")  # the council's own IDs: character order, not a server's collation
    add_person(cli, ref, "Mia Brook", dob="01/05/2019", sex="F", child_id="b7")
    add_person(cli, ref, "Joe Brook", dob="01/05/2020", sex="M", child_id="C9")
    ok(cli, "return", "annex-a", "--out", str(tmp_path / "whole.xlsx"), "--months", "24")
    monkeypatch.setattr("fscli.reports.annex_a.CHILDREN_PER_BATCH", 1)
    ok(cli, "return", "annex-a", "--out", str(tmp_path / "ranges.xlsx"), "--months", "24")
    whole, ranges = _sheets(tmp_path / "whole.xlsx"), _sheets(tmp_path / "ranges.xlsx")
    assert ranges == whole
    ids = [row[0] for row in whole["List 6 Children in need"][1:]]
    assert None in ids and ids == sorted(ids, key=lambda i: i or "") and len(set(ids)) > 3
    assert ids.index("C9") < ids.index("b7")


def test_a_path_that_cannot_be_written_is_refused_and_an_existing_file_is_kept(cli, tmp_path):
    fails(cli, "return", "annex-a", "--out", str(tmp_path / "missing" / "annex.xlsx"), code=ExitCode.CANT_CREATE, says="does not exist")
    out = tmp_path / "annex.xlsx"
    out.write_bytes(b"last month's")
    fails(cli, "return", "annex-a", "--out", str(out), code=ExitCode.CANT_CREATE, says="exists already")
    assert out.read_bytes() == b"last month's"
    ok(cli, "return", "annex-a", "--out", str(out), "--replace")
    assert _book(out).sheetnames == SHEETS and stat.S_IMODE(out.stat().st_mode) == 0o600
    (tmp_path / "link.xlsx").symlink_to(tmp_path / "elsewhere.xlsx")
    fails(cli, "return", "annex-a", "--out", str(tmp_path / "link.xlsx"), code=ExitCode.CANT_CREATE, says="symbolic link")
    assert not (tmp_path / "elsewhere.xlsx").exists()


def test_the_return_is_logged_as_a_view_of_the_cases_it_shows_and_leaves_out_a_restricted_case(cli, tmp_path, monkeypatch, db_path):
    monkeypatch.setenv("FSCLI_ACCESS_LOG", "true")
    hart = open_case(cli, referred="02/11/2026")
    add_person(cli, hart, "Lily Hart", dob="14/02/2017", sex="F", child_id="HART1")
    brook = open_case(cli, "Brook family", referred="09/11/2026")
    add_person(cli, brook, "Mia Brook", dob="01/05/2019", sex="F", child_id="BROOK1")
    ok(cli, "processing", "restrict", hart, "--reason", "the family contests the assessment")
    out = tmp_path / "annex.xlsx"
    done = ok(cli, "return", "annex-a", "--out", str(out))
    assert "Left out 1 case or children under restriction of processing" in done.err
    assert [r[0] for r in _book(out)["List 1 Contacts"].iter_rows(min_row=2, values_only=True)] == ["BROOK1"]
    shown = rows(db_path, "SELECT c.ref FROM access_case x JOIN cases c ON c.id = x.case_id WHERE x.access_id = (SELECT max(id) FROM access_log WHERE view = 'return.annex-a')")
    assert shown == [(brook,)]


@pytest.mark.parametrize("stop", [KeyboardInterrupt, OSError])
def test_a_return_stopped_while_its_file_is_moved_into_place_leaves_no_file(cli, tmp_path, monkeypatch, stop):
    def interrupted(*_args):
        raise stop()

    monkeypatch.setattr("fscli.services.return_file.os.replace", interrupted)
    out = tmp_path / "annex.xlsx"
    result = cli("return", "annex-a", "--out", str(out))
    assert result.code == (ExitCode.INTERRUPTED if stop is KeyboardInterrupt else ExitCode.CANT_CREATE), result  # writing that fails: one line, 73
    assert list(tmp_path.glob("*annex*")) == []  # neither the file nor its private partial copy


def test_a_return_stopped_while_its_rows_stream_leaves_no_file_nor_any_temporary_one(cli, tmp_path, monkeypatch):
    """Ctrl-C between two ranges of children: rows already streamed sit in xlsxwriter's temporary
    files, which are in the private staging folder, and go with it."""
    from fscli.domain import annex_a

    ok(cli, "import", str(ROOT_DIR / "sample_data" / "caseload.toml"))
    made = annex_a.list_rows
    calls = []

    def stopped_at_the_second_range(*args, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise KeyboardInterrupt
        return made(*args, **kwargs)

    monkeypatch.setattr("fscli.reports.annex_a.CHILDREN_PER_BATCH", 1)
    monkeypatch.setattr(annex_a, "list_rows", stopped_at_the_second_range)
    result = cli("return", "annex-a", "--out", str(tmp_path / "annex.xlsx"), "--months", "24")
    assert result.code == ExitCode.INTERRUPTED and result.err == "fscli: interrupted: nothing was changed\n", result
    assert len(calls) == 2 and list(tmp_path.glob("*annex*")) == []
