"""The export as one workbook: a sheet per table, dates as dates, every text written as text.

xlsxwriter's write() turns a string like "=HYPERLINK(...)" into a live formula (LIBRARIES.md §3.3),
so every text cell goes through write_string and can never run. Rows stream in constant-memory
mode; a table longer than a sheet allows continues on "contact (2)", "contact (3)", ...
A return's workbook (`fscli return annex-a`) is written by `write_batches` with the same cells,
its rows streamed in constant memory as the lists are made.
"""

from __future__ import annotations

from datetime import date, datetime
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

SHEET_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header
# No string is ever read as a formula, a link or a number: text is written as text.
OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


class Cells:
    """How every workbook fscli writes holds a value: dates and instants as Excel dates, whole
    numbers as numbers, everything else through write_string, so no text can run."""

    def __init__(self, book) -> None:
        self.book = book
        self.day = book.add_format({"num_format": "dd/mm/yyyy"})
        self.instant = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
        self.bold = book.add_format({"bold": True})

    def sheet(self, title: str, names: list[str]):
        """A sheet (a title over 31 characters is cut, as Excel allows no more) with its header row."""
        sheet = self.book.add_worksheet(title[:31])
        for col, name in enumerate(names):
            sheet.write_string(0, col, name, self.bold)
        sheet.autofilter(0, 0, 0, len(names) - 1)
        sheet.freeze_panes(1, 0)
        return sheet

    def write(self, sheet, row: int, col: int, value, kind: str) -> None:
        """`value` as stored (ISO text for a date) or as Python holds it (a date)."""
        if value is None:
            return
        if kind == "date":
            sheet.write_datetime(row, col, value if isinstance(value, date) else date.fromisoformat(value), self.day)  # a date is a whole day
        elif kind == "datetime":
            instant = value if isinstance(value, datetime) else datetime.fromisoformat(value)
            sheet.write_datetime(row, col, instant.replace(tzinfo=None), self.instant)
        elif kind in ("int", "number"):
            sheet.write_number(row, col, value)
        else:
            sheet.write_string(row, col, str(value))


def write_batches(path: Path, reports, batches: Iterable[list[list[list]]], *, tmpdir: Path) -> dict[str, int]:
    """Reports (their titles and columns), a sheet each, whose rows come in batches: each batch a
    list of rows (values in the columns' order) for each report, appended to its sheet in order.
    In constant-memory mode xlsxwriter writes a row to its sheet's temporary file (in `tmpdir`,
    removed with it) as the next begins, so memory holds one batch, whatever the rows in all.
    The rows each sheet holds, by its title."""
    import xlsxwriter

    book = xlsxwriter.Workbook(str(path), OPTIONS | {"constant_memory": True, "tmpdir": str(tmpdir)})
    cells = Cells(book)
    sheets = [cells.sheet(report.title, [c.header for c in report.columns]) for report in reports]
    written = [0] * len(reports)
    for batch in batches:
        for i, (report, sheet, rows) in enumerate(zip(reports, sheets, batch)):
            for values in rows:
                written[i] += 1
                for col, (value, column) in enumerate(zip(values, report.columns)):
                    cells.write(sheet, written[i], col, value, column.kind)
    book.close()
    return {report.title: n for report, n in zip(reports, written)}


def write_workbook(path: Path | BinaryIO, reader, specs, params: dict, *, since: bool, progress=None, tmpdir: Path | None = None, in_memory: bool = False) -> dict[str, int]:
    """Write the workbook to a file, or (in_memory) to a file object with no temporary file at all.

    On disk, xlsxwriter keeps each sheet's rows in temporary files until the workbook is closed:
    `tmpdir` puts them in the export's own staging folder, where they are removed with it, instead
    of the system's temporary folder, where a killed export would leave rows of records behind."""
    import xlsxwriter

    from fscli.store import exporting

    extra = {"in_memory": True} if in_memory else {"constant_memory": True, "tmpdir": str(tmpdir) if tmpdir else None}
    book = xlsxwriter.Workbook(path if in_memory else str(path), OPTIONS | extra)
    cells = Cells(book)
    counts: dict[str, int] = {}
    for spec in specs:
        total = reader.scalar(exporting.count_sql(spec, reader.kind, since=since), params) or 0
        part, sheet, row_no, written = 1, None, 0, 0

        def new_sheet(part: int):
            return cells.sheet(spec.name if part == 1 else f"{spec.name} ({part})", spec.names)

        sheet = new_sheet(part)
        for batch in exporting.rows(reader, spec, params, since=since):
            for values in batch:
                if row_no == SHEET_ROWS:
                    part += 1
                    sheet, row_no = new_sheet(part), 0
                row_no += 1
                for col, (value, (_, kind)) in enumerate(zip(values, spec.columns)):
                    cells.write(sheet, row_no, col, value, kind)
            written += len(batch)
            if progress:
                progress(spec.name, written, total)
        counts[spec.name] = written
    book.close()
    return counts
