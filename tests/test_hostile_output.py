"""Stored text that attacks whoever reads it: every view, every format, every export, every crash.

Text reaches the database from places fscli does not check at entry: an import from another
system, a sample file, an older release. Here the whole sample caseload is loaded and then every
free-text column of every table has a hostile suffix planted in it behind fscli's back: an OSC 52
clipboard write, a screen clear, a right-to-left override, Rich markup and a formula. Goals of
reliability.md §9:
- I5: every view in a forced terminal shows 0 OSC sequences and 0 bidi controls from the data,
  and markup literally;
- I4: every view in csv and tsv, and the csv and xlsx exports, hold 0 cells that start like a formula;
- I8: a crash injected into every command prints no traceback and no personal data, exits 70, and
  the private incident log holds no personal data either.
"""

import csv
import io
import re
import sqlite3

import pytest

from tests.conftest import BACKEND, execute, rows
from tests.test_architecture import _commands

CANARY = "Zqxv Canarywood"  # a name no test uses: its appearance anywhere is a leak
HOSTILE = f" {CANARY} \x1b]52;c;ZXZpbA==\x07\x1b[2J\u202e[link=http://evil.example]click[/link][bold]=1+1"
BIDI = re.compile("[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")
SGR = re.compile(r"\x1b\[[0-9;]*m")  # the only escapes a forced terminal may get: Rich's own colours
FORMULA = ("=", "+", "-", "@", "\t", "\r", "\0")

VIEWS = [
    ["case", "list", "--all"], ["case", "show", "FS-0001"], ["case", "journey", "FS-0001"], ["person", "list", "FS-0001"], ["agency", "list", "FS-0001"],
    ["goal", "list", "FS-0001"], ["goal", "progress", "FS-0001"], ["goal", "show", "FS-0001/1"], ["visit", "list", "FS-0001"], ["diary", "list", "FS-0001"],
    ["task", "list"], ["week"], ["due"], ["reviews"], ["closures", "--recent", "365d"], ["summary"], ["summary", "--indicators"], ["chronology", "FS-0001"],
    ["chronology", "FS-0003", "--voided"], ["search", "Canarywood"], ["audit"], ["codes"], ["codes", "referral-source"], ["db", "info"], ["config", "show"], ["profile", "show"],
    ["case", "detail", "FS-0001"], ["meeting", "list", "FS-0002"], ["meeting", "list", "--booked"], ["team", "list"], ["worker", "list"],
    ["retention", "--all"], ["retention", "--erased"],  # its erase is tested in tests/cli/test_retention.py
    ["processing", "list", "--all"],
    ["summary", "--by", "area", "--by", "worker"], ["summary", "--by", "worker", "--by", "source", "--families"],  # stored text as the cross-tab's column headers
    ["summary", "--by", "worker", "--by", "area", "--list", "all,all"], ["summary", "--by", "area", "--by", "worker", "--families", "--list", "all,all"],  # and in a cell's list
]  # fmt: skip
NOT_VIEWS = {  # commands that write, or move files, each tested for crashes below with real arguments
    "init", "demo", "export", "import", "case open", "case allocate", "case share", "case unshare", "case close", "case reopen", "case check", "case referral", "case plan",
    "case step-down", "case step-up",
    "person add", "person born", "person set", "agency add", "goal add", "goal score", "goal close", "visit log", "visit plan", "meeting log", "diary add",
    "task add", "task done", "note correct", "assessment start", "assessment complete", "s47 start", "s47 outcome", "db check", "db backup",
    "db restore", "db upgrade", "case set", "void", "move", "correct icpc", "correct plan", "correct assessment", "correct referral",
    "meeting plan", "visit cancel", "meeting cancel", "visit move", "meeting move", "db encrypt", "db rekey", "db lock",
    "db anchor",  # one line of ids and hashes, never stored text: tested for crashes below
    "drafts",  # the editor's note drafts, not the database: tests/cli/test_drafts.py
    "case page", "case summary",  # write a document (HTML through Jinja2's autoescape, or Word): tests/cli/test_case_page.py and test_case_summary.py hold <script> and & to escaped text
    # ('summary --dashboard --out', the manager's dashboard, is the summary view's document: tests/cli/test_summary_dashboard.py
    #  holds <script> and & to escaped text, the poisoned caseload's is written below, and it crashes cleanly with the readers)
    "team add", "worker add", "case team", "case restrict", "case unrestrict",
    "processing restrict", "processing lift",
    "db grants",  # prints SQL from the settings, reads no database: tests/store/test_postgresql_roles.py
    "person sar",  # writes the request and the pack (whose HTML escapes every value: tests/cli/test_subject_access.py)
    "return annex-a",  # writes a workbook: checked for formulas below, and for crashes
    "return cin",  # writes a file; it and its --check are tested on the poisoned caseload below
}  # fmt: skip
WRITES = [
    ["case", "open", "Vale family", "--referred", "yesterday", "--source", "3B", "--reason", "worried"], ["case", "allocate", "FS-0001", "Ann Other"],
    ["case", "share", "FS-0001", "Bea Other", "--role", "family-support"], ["case", "unshare", "FS-0001", "Bea Other"],
    ["team", "add", "North"], ["worker", "add", "Ann Other", "--login", "ann", "--team", "North", "--manager"], ["case", "team", "FS-0001", "North"],
    ["case", "restrict", "FS-0001", "--to", "Ann Other", "--reason", "allegation"], ["case", "unrestrict", "FS-0001", "--reason", "closed"],
    ["processing", "restrict", "FS-0001", "--reason", "contested"], ["processing", "lift", "FS-0001", "--reason", "checked"],
    ["case", "close", "FS-0001", "--reason", "RC3", "--summary", "done", "--date", "today"], ["case", "check", "FS-0001", "--sustained", "yes"],
    ["case", "referral", "FS-0001", "--need", "N1"], ["case", "plan", "FS-0001", "cin", "--start", "today"], ["person", "add", "FS-0001", "Kit Vale", "--role", "child"],
    ["person", "born", "FS-0001", "Kit Vale", "--dob", "today", "--name", "Kit Vale-Ash", "--sex", "F"], ["person", "set", "FS-0001", "Kit Vale", "--upn-unknown", "UN1"], ["agency", "add", "FS-0001", "St Anne's", "--kind", "school"],
    ["goal", "add", "FS-0001", "Mornings calmer"], ["goal", "score", "FS-0001/1", "7", "--by", "worker"], ["goal", "close", "FS-0001/1", "--date", "today", "--achieved"], ["visit", "log", "FS-0001", "--type", "home-visit", "--note", "seen"],
    ["visit", "plan", "FS-0001", "--date", "tomorrow"], ["meeting", "log", "FS-0001", "--type", "taf", "--date", "today"], ["diary", "add", "FS-0001", "rang school"],
    ["task", "add", "FS-0001", "chase GP", "--due", "tomorrow"], ["task", "done", "T1"], ["note", "correct", "V1", "--text", "fixed", "--reason", "typo"],
    ["assessment", "start", "FS-0001", "--date", "today"], ["assessment", "complete", "FS-0001", "--date", "today", "--factors", "2B", "--outcome", "cin"], ["s47", "start", "FS-0001", "--date", "today", "--child", "Kit Vale"], ["s47", "outcome", "FS-0001", "--child", "Kit Vale", "--icpc-not-required"],
    ["case", "set", "FS-0001", "--family", "Vale-Ash family", "--reason", "typo"], ["case", "detail", "FS-0001", "--address", "1 Vale Road", "--for", "Kit Vale-Ash"],
    ["void", "V1", "--reason", "typed twice"], ["move", "T1", "--to", "FS-0002", "--reason", "wrong family"], ["correct", "referral", "FS-0001", "--date", "yesterday", "--reason", "typo"], ["correct", "plan", "P1", "--start", "today", "--reason", "typo"],
    ["correct", "assessment", "FS-0001", "--start", "today", "--reason", "typo"], ["correct", "icpc", "FS-0001", "--date", "today", "--reason", "typo"],
    ["case", "step-down", "FS-0001", "--date", "today", "--reason", "RC7"], ["case", "step-up", "FS-0001", "--date", "today"],
    ["meeting", "plan", "FS-0001", "--type", "taf", "--date", "tomorrow", "--where", "school"], ["visit", "move", "B1", "--date", "tomorrow", "--reason", "ill"],
    ["meeting", "move", "B1", "--date", "+2d", "--reason", "ill"], ["visit", "cancel", "B1", "--by", "family", "--reason", "ill"], ["meeting", "cancel", "B2", "--by", "agency", "--reason", "ill"],
    ["import", "{tmp}/nowhere"], ["person", "sar", "FS-0001", "Kit Vale-Ash", "--out", "{tmp}/crash-sar"],
]  # fmt: skip


def _load_sample_and_plant(db_path) -> int:
    """The sample caseload, then HOSTILE appended to every free-text value; returns the cells planted."""
    from fscli.cli.context import AppContext
    from fscli.services import sample
    from fscli.store import exporting

    ctx = AppContext(None)
    name, data = sample.read_sample()
    ctx.write(lambda uow: sample.load(uow, name, data))
    ctx.database.dispose()
    planted = 0
    for table, spec in exporting.table_specs().items():
        if table in ("audit", "audit_row", "alembic_version", "idempotency_key", "counter"):
            continue  # fscli's own bookkeeping, never typed by anyone
        for column, kind in spec.columns:
            if kind != "text" or column in ("ref", "hash", "prev_hash"):
                continue
            try:
                execute(db_path, f"UPDATE {table} SET {column} = {column} || '{HOSTILE}' WHERE {column} IS NOT NULL AND {column} <> ''")  # noqa: S608 - test planting
            except Exception as refused:  # a code column whose CHECK keeps its values to the code set
                assert "constraint" in str(refused).lower() or "check" in str(refused).lower(), refused
                continue
            planted += rows(db_path, f"SELECT count(*) FROM {table} WHERE {column} LIKE ?", "%Canarywood%")[0][0]  # noqa: S608
    return planted


@pytest.fixture
def poisoned(cli, db_path, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    planted = _load_sample_and_plant(db_path)
    assert planted > 100, planted
    return db_path


def test_the_view_list_covers_every_command():
    every = {" ".join(path) for path, _ in _commands()}
    views = {" ".join(v[:2]) if " ".join(v[:2]) in every else v[0] for v in VIEWS}
    assert every - views - NOT_VIEWS == set(), "a new command: add it to VIEWS or NOT_VIEWS"


def test_every_view_on_a_forced_terminal_shows_hostile_text_harmlessly(cli, poisoned):
    shown = 0
    for view in VIEWS:
        result = cli(*view, "--format", "table", "--color", "always")
        assert result.code == 0, (view, result)
        out = result.out
        assert "\x1b]" not in out and "\x07" not in out, view
        assert not BIDI.search(out), view
        assert SGR.sub("", out).count("\x1b") == 0, (view, [m for m in re.findall(r"\x1b.{0,6}", SGR.sub("", out))][:3])
        shown += CANARY in out
    assert shown >= 15, f"the planted text reached only {shown} views"
    family = cli("case", "show", "FS-0001", "--format", "table", "--color", "always").out
    assert "[link=http://evil.example]click[/link]" in family and "[bold]" in family  # markup shown, not obeyed


def test_every_format_on_a_terminal_is_as_safe_as_the_table(cli, poisoned):
    """csv on a terminal played the clipboard write, the screen clear and the right-to-left
    override straight from a stored note: every format a view writes now spells them out there."""
    from fscli import formats

    shown = 0
    machine = [name for name in formats.names(formats.VIEW) if name != formats.ON_A_TERMINAL]
    runs = [(view, fmt) for view in VIEWS for fmt in machine] + [(["due"], name) for name in formats.names(formats.CALENDAR)]
    for table, column in (("contact", "at_time"), ("meeting", "at_time"), ("planned_visit", "at_time"), ("diary", "at_time"), ("task", "due_time")):
        execute(poisoned, f"UPDATE {table} SET {column} = substr({column}, 1, 5) WHERE {column} IS NOT NULL")  # noqa: S608 - a time of day again, which a calendar reads
    for view, fmt in runs:
        result = cli(*view, "--format", fmt, terminal=True)
        code, out = result.code, result.out
        assert code == 0, (view, fmt)
        assert "\x1b" not in out and "\x07" not in out and not BIDI.search(out), (view, fmt, out[:300])
        shown += CANARY in out
    assert shown >= 60, f"the planted text reached only {shown} views"
    out = cli("chronology", "FS-0001", "--format", "csv", terminal=True).out
    assert "\\x1b]52;c;ZXZpbA==\\x07\\x1b[2J<U+202E>" in out and out.count("\r\n") > 3  # spelled as the table spells it; the rows still end in CRLF


def test_files_and_pipes_keep_the_bytes_of_every_format(cli, poisoned):
    for fmt in ("csv", "json", "ndjson"):
        out = cli("chronology", "FS-0001", "--format", fmt).out
        assert "\u202e" in out and ("\x1b]52" in out or "\\u001b]52" in out), fmt  # json escapes ESC itself, as JSON does


def _cells(text: str, delimiter: str) -> list[str]:
    if delimiter == "\t":
        return [cell for line in text.splitlines() for cell in line.split("\t")]
    return [cell for row in csv.reader(io.StringIO(text, newline="")) for cell in row]


def test_no_view_or_export_holds_a_cell_that_starts_like_a_formula(cli, poisoned, tmp_path):
    for view in VIEWS:
        for fmt, delimiter in (("csv", ","), ("tsv", "\t")):
            result = cli(*view, "--format", fmt)
            assert result.code == 0, (view, fmt, result)
            live = [c for c in _cells(result.out, delimiter) if c.startswith(FORMULA) and not re.fullmatch(r"-?\d+(\.\d+)?", c)]
            assert live == [], (view, fmt, live[:3])
    assert cli("export", "--out", str(tmp_path / "csv")).code == 0
    for path in (tmp_path / "csv").glob("*.csv"):
        live = [c for c in _cells(path.read_text(encoding="utf-8"), ",") if c.startswith(FORMULA) and not re.fullmatch(r"-?\d+(\.\d+)?", c)]
        assert live == [], (path.name, live[:3])
    import openpyxl

    assert cli("export", "--out", str(tmp_path / "xlsx"), "--format", "xlsx").code == 0
    book = openpyxl.load_workbook(tmp_path / "xlsx" / "fscli-export.xlsx")
    formulas = [(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    texts = sum(1 for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str) and CANARY in cell.value)
    assert formulas == [] and texts > 100
    assert cli("return", "annex-a", "--out", str(tmp_path / "annex-a.xlsx"), "--months", "24").code == 0
    book = openpyxl.load_workbook(tmp_path / "annex-a.xlsx")
    formulas = [(sheet.title, cell.coordinate) for sheet in book for row in sheet.iter_rows() for cell in row if cell.data_type == "f"]
    texts = sum(1 for sheet in book for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str) and CANARY in cell.value)
    assert formulas == [] and texts > 0  # the workers' names, planted


@pytest.mark.parametrize("where", ["reader", "writer"])
def test_a_crash_in_any_command_shows_no_traceback_and_logs_no_personal_data(cli, poisoned, tmp_path, monkeypatch, where):
    """The failure carries the canary name in its message, as a driver's error carries the values it choked on."""
    from fscli.store import db as store_db
    from fscli.store import uow

    message = f"could not store {CANARY!r} born 14/02/2017"  # the log shows the raising line's code, so not here

    def crash(*args, **kwargs):
        raise RuntimeError(message)

    if where == "reader":
        monkeypatch.setattr(store_db.Database, "readers", crash)  # every read, one lane or two, opens here
        readers = [v for v in VIEWS if v[0] not in ("codes", "config", "profile")] + [["db", "check"], ["db", "anchor"], ["export", "--out", "{tmp}/crash-export"], ["return", "annex-a", "--out", "{tmp}/crash-annex.xlsx"], ["summary", "--dashboard", "--out", "{tmp}/crash-dashboard.html"],
                                                                                     ["return", "cin", "--check"], ["return", "cin", "--year", "2026-27", "--la", "938", "--out", "{tmp}/crash-cin.xml"]]  # codes and settings read no database
    else:
        monkeypatch.setattr(uow, "run", crash)
        monkeypatch.setattr(store_db.Database, "transact", crash)
        readers = WRITES
    commands = [[w.replace("{tmp}", str(tmp_path)) for w in argv] for argv in readers]
    crashed = 0
    for argv in commands:
        result = cli(*argv)
        assert "Traceback" not in result.err and CANARY not in result.err and CANARY not in result.out, (argv, result)
        assert result.code == 70 and "internal error: nothing was changed" in result.err, (argv, result)
        crashed += 1
    logs = list(tmp_path.rglob("incidents.log"))
    assert len(logs) == 1 and oct(logs[0].stat().st_mode)[-3:] == "600"
    text = logs[0].read_text()
    assert text.count("--- incident") == crashed and "RuntimeError" in text
    assert CANARY not in text and "14/02/2017" not in text


def test_the_dashboard_of_a_poisoned_caseload_holds_its_text_as_text(cli, poisoned, tmp_path):
    """The manager's dashboard names the sample's families and children, each with the planted
    suffix: written as text, its Rich markup literal and nothing of it a tag."""
    out = tmp_path / "dashboard.html"
    result = cli("summary", "--dashboard", "--out", str(out))
    assert result.code == 0 and "Traceback" not in result.err, result
    html = out.read_text(encoding="utf-8")
    assert CANARY in html and "[link=http://evil.example]click[/link]" in html
    assert "<link" not in html and "<script" not in html


def test_the_cin_return_of_a_poisoned_caseload_writes_no_code_it_does_not_know(cli, poisoned, tmp_path):
    """Every code column of the sample holds the hostile suffix: the return refuses in one line
    after listing each child's problems safely, writes nothing, and --check lists them safely in
    every format (exit 65: they are errors)."""
    from fscli import formats
    from fscli.domain.census import census_year_of
    from tests.conftest import TODAY

    out = tmp_path / "cin.xml"
    year = census_year_of(TODAY).name
    refused = cli("return", "cin", "--year", year, "--la", "938", "--out", str(out), "--format", "table", terminal=True)
    assert refused.code == 65 and refused.err.count("\n") == 1 and not out.exists(), refused
    assert "\x1b]" not in refused.out and not BIDI.search(refused.out) and "see 'fscli codes" in refused.out
    for fmt in formats.names(formats.VIEW):
        checked = cli("return", "cin", "--check", "--format", fmt, terminal=True)
        assert checked.code == 65 and "\x1b" not in SGR.sub("", checked.out) and not BIDI.search(checked.out), (fmt, checked.out[:300])
