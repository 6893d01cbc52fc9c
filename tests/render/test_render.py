"""What reaches a terminal or a spreadsheet from stored text is shown, never obeyed (F9, I4, I5)."""

import csv
import io
import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from fscli.render.emit import emit
from fscli.visible import FORMULA_STARTS, spreadsheet_cell
from fscli.reports.spec import Column, Report

HOSTILE = ["Mum said [dad] left", "[link=https://evil.example]click[/link]", "x\x1b]52;c;aGk=\x07y", "clear\x1b[2J", "abc\u202edef", "=HYPERLINK(\"http://x\")", "+1", "@SUM(A1)", "-2"]


def _report(values):
    return Report("People", [Column("name", "Name"), Column("dob", "Born", "date")], [{"name": v, "dob": date(2017, 2, 14)} for v in values])


def _terminal(report) -> str:
    out = io.StringIO()
    from rich.console import Console

    from fscli.render import emit as emit_module

    original = emit_module._console
    emit_module._console = lambda stream, color, width=None: Console(file=stream, force_terminal=True, color_system="truecolor", width=200)
    try:
        emit(report, "table", out)
    finally:
        emit_module._console = original
    return out.getvalue()


def test_markup_in_stored_text_is_shown_literally_on_a_terminal():
    shown = _terminal(_report(HOSTILE))
    assert "Mum said [dad] left" in shown
    assert "[link=https://evil.example]click[/link]" in shown
    assert "\x1b]" not in shown  # no OSC: no hyperlinks, no clipboard writes from data
    assert "\u202e" not in shown and "<U+202E>" in shown
    assert "\x1b[2J" not in shown and "\\x1b[2J" in shown


def test_dates_are_british_in_tables_and_iso_in_machine_formats():
    out = io.StringIO()
    emit(_report(["Lily"]), "table", out)
    assert "14/02/2017" in out.getvalue()
    out = io.StringIO()
    emit(_report(["Lily"]), "json", out)
    assert json.loads(out.getvalue()) == [{"name": "Lily", "dob": "2017-02-14"}]


def test_formula_like_text_is_escaped_in_csv_and_tsv():
    for fmt in ("csv", "tsv"):
        out = io.StringIO()
        emit(_report(HOSTILE), fmt, out)
        cells = [line.split("\t")[0] for line in out.getvalue().splitlines()[1:]] if fmt == "tsv" else [r[0] for r in list(csv.reader(io.StringIO(out.getvalue())))[1:]]
        assert "'=HYPERLINK(\"http://x\")" in cells and "'+1" in cells and "'@SUM(A1)" in cells and "'-2" in cells


@given(st.text())
def test_no_csv_text_cell_starts_like_a_formula_and_the_original_is_recoverable(text):
    out = io.StringIO()
    emit(Report("t", [Column("note", "Note")], [{"note": text}]), "csv", out)
    cell = list(csv.reader(io.StringIO(out.getvalue(), newline="")))[1][0] if text else ""
    if text:
        assert not cell.startswith(FORMULA_STARTS)
        assert (cell[1:] if cell != text else cell) == text
    assert spreadsheet_cell(text).endswith(text)


def test_tsv_keeps_one_record_per_line():
    out = io.StringIO()
    emit(Report("t", [Column("note", "Note"), Column("n", "N", "int")], [{"note": "two\nlines\tand tab", "n": 3}]), "tsv", out)
    assert out.getvalue() == "note\tn\ntwo\\nlines\\tand tab\t3\n"


def test_tsv_shows_escape_and_bidi_characters_as_visible_escapes():
    from fscli.render.emit import emit
    from fscli.reports.spec import Column, Report

    out = io.StringIO()
    emit(Report("t", [Column("note", "Note")], [{"note": "a\x1b]52;c;ZXZpbA==\x07b\u202ec\u00a0d\te"}]), "tsv", out)
    line = out.getvalue().splitlines()[1]
    assert line == "a\\x1b]52;c;ZXZpbA==\\x07b\\u202ec\u00a0d\\te"
