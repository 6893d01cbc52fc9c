"""The export as one workbook: a sheet per table, dates as dates, every text written as text.

xlsxwriter's write() turns a string like "=HYPERLINK(...)" into a live formula (LIBRARIES.md §3.3),
so every text cell goes through write_string and can never run. Rows stream in constant-memory
mode; a table longer than a sheet allows continues on "contact (2)", "contact (3)", ...
"""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

SHEET_ROWS = 1_048_575  # Excel's 1,048,576 rows, less the header


def write_workbook(path: Path | BinaryIO, reader, specs, params: dict, *, since: bool, progress=None, tmpdir: Path | None = None, in_memory: bool = False) -> dict[str, int]:
    """Write the workbook to a file, or (in_memory) to a file object with no temporary file at all.

    On disk, xlsxwriter keeps each sheet's rows in temporary files until the workbook is closed:
    `tmpdir` puts them in the export's own staging folder, where they are removed with it, instead
    of the system's temporary folder, where a killed export would leave rows of records behind."""
    import xlsxwriter

    from fscli.store import exporting

    options = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    options |= {"in_memory": True} if in_memory else {"constant_memory": True, "tmpdir": str(tmpdir) if tmpdir else None}
    book = xlsxwriter.Workbook(path if in_memory else str(path), options)
    day = book.add_format({"num_format": "dd/mm/yyyy"})
    instant = book.add_format({"num_format": "dd/mm/yyyy hh:mm:ss"})
    bold = book.add_format({"bold": True})
    counts: dict[str, int] = {}
    for spec in specs:
        total = reader.scalar(exporting.count_sql(spec, reader.kind, since=since), params) or 0
        part, sheet, row_no, written = 1, None, 0, 0

        def new_sheet(part: int):
            title = spec.name if part == 1 else f"{spec.name} ({part})"
            sheet = book.add_worksheet(title[:31])
            for col, name in enumerate(spec.names):
                sheet.write_string(0, col, name, bold)
            sheet.autofilter(0, 0, 0, len(spec.names) - 1)
            sheet.freeze_panes(1, 0)
            return sheet

        sheet = new_sheet(part)
        for batch in exporting.rows(reader, spec, params, since=since):
            for values in batch:
                if row_no == SHEET_ROWS:
                    part += 1
                    sheet, row_no = new_sheet(part), 0
                row_no += 1
                for col, (value, (_, kind)) in enumerate(zip(values, spec.columns)):
                    if value is None:
                        continue
                    if kind == "date":
                        sheet.write_datetime(row_no, col, datetime.combine(date.fromisoformat(value), datetime.min.time()), day)
                    elif kind == "datetime":
                        sheet.write_datetime(row_no, col, datetime.fromisoformat(value).replace(tzinfo=None), instant)
                    elif kind == "int":
                        sheet.write_number(row_no, col, value)
                    else:
                        sheet.write_string(row_no, col, value)
            written += len(batch)
            if progress:
                progress(spec.name, written, total)
        counts[spec.name] = written
    book.close()
    return counts
