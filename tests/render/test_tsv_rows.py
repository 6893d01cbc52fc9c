"""TSV written a row at a time (issue 27: a council's due list is 750,000 cells) says exactly what
escaping each cell alone said: formulas guarded, tabs, newlines, backslashes and hidden characters
spelled out, dates in ISO form, blanks for nothing."""

from __future__ import annotations

import io
from datetime import date, datetime

from hypothesis import given, settings
from hypothesis import strategies as st

from fscli.render.emit import _tsv_text, write_tsv
from fscli.reports.spec import Column, Report

COLUMNS = [Column("what", "What"), Column("due_on", "Due", "date"), Column("days", "Days", "int"), Column("note", "Note")]
CELLS = st.one_of(st.none(), st.text(), st.sampled_from(["=SUM(A1)", "-3", "+44", "@x", "a\tb", "a\\b", "line\nnext", "\u202eevil", "\u2028", "caf\u00e9 \u00a0ok", ""]),
                  st.dates(), st.integers(), st.booleans(), st.datetimes())  # fmt: skip


def cell_by_cell(report: Report) -> str:
    keys = [c.key for c in report.columns]
    return "".join("\t".join(_tsv_text(row.get(k)) for k in keys) + "\n" for row in report.rows)


@settings(deadline=None)  # a loaded CI machine is not a slow writer
@given(st.lists(st.tuples(CELLS, CELLS, CELLS, CELLS), max_size=8))
def test_a_row_written_whole_reads_as_each_cell_escaped_alone(rows):
    report = Report("Due", COLUMNS, [dict(zip(("what", "due_on", "days", "note"), row)) for row in rows])
    out = io.StringIO()
    write_tsv(report, out)
    assert out.getvalue() == "what\tdue_on\tdays\tnote\n" + cell_by_cell(report)


def test_a_workers_ordinary_row_and_a_formula_in_a_family_name():
    report = Report("Due", COLUMNS, [{"what": "CP visit", "due_on": date(2026, 11, 23), "days": -3, "note": None}, {"what": "=HYPERLINK(1)", "due_on": datetime(2026, 11, 23, 9, 30), "days": 0, "note": "a\tb"}])
    out = io.StringIO()
    write_tsv(report, out)
    assert out.getvalue().splitlines()[1:] == ["CP visit\t2026-11-23\t-3\t", "'=HYPERLINK(1)\t2026-11-23T09:30:00\t0\ta\\tb"]
