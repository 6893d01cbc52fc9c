"""emit(): one renderer for every view, in each of the view formats fscli/formats.py lists.

Machine formats are a contract: keys are the Column keys (snake_case), dates are ISO 8601,
nothing is coloured. The table is for people: British dates, blanks for empty values.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date, datetime
from typing import Any, TextIO

from fscli import formats
from fscli.reports.spec import Column, Page, Report
from fscli.render.safe import message, terminal_text  # noqa: F401 - message: its callers import it from here too
from fscli.visible import FORMULA_STARTS, spreadsheet_cell
from fscli.visible import hidden, visible


def machine_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def human_value(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):
        return f"{value:%d/%m/%Y %H:%M}"
    if isinstance(value, date):
        return f"{value:%d/%m/%Y}"
    return str(value)


def _flat_text(value: Any) -> str:
    if value is None:
        return ""
    if value.__class__ is str:  # most cells: no date to write out
        return spreadsheet_cell(value)
    text = str(machine_value(value))
    return spreadsheet_cell(text) if isinstance(value, str) else text


# The first characters spreadsheet_cell guards against: text starting otherwise is written as it is,
# without a call a cell (the view's cells are mostly text).
_FORMULA_FIRST = frozenset(start[:1] for start in FORMULA_STARTS)
_TSV_ESCAPES = {ord("\\"): "\\\\", ord("\t"): "\\t", ord("\n"): "\\n", ord("\r"): "\\r"}


def _tsv_text(value: Any) -> str:
    """One line per row; TSV is what a pipe gets by default, often a terminal in the end (less, cat),
    so escape and bidi characters from stored text are written as visible escapes, never raw."""
    text = _flat_text(value).translate(_TSV_ESCAPES)
    if text.isprintable():
        return text
    return "".join(_tsv_char(ch) for ch in text)


def _tsv_char(ch: str) -> str:
    # Hidden characters, and the Unicode line and paragraph separators, which some readers split
    # lines at: spelled as a TSV reader unescapes them. Letters, marks, spaces such as NBSP: as typed.
    if not hidden(ch) and ch not in "\u2028\u2029":
        return ch
    return f"\\x{ord(ch):02x}" if ord(ch) <= 0xFF else f"\\u{ord(ch):04x}"


def _console(out: TextIO, color: str, width: int | None = None):
    from rich.console import Console

    # 'never' (--color never, NO_COLOR) means no markup at all, bold and strike-through included,
    # as PRODUCT.md has it: Rich's no_color alone keeps them; no colour system writes plain text.
    never = color == "never"
    console = Console(file=out, force_terminal=True if color == "always" else None, no_color=never or None, color_system=None if never else "auto", highlight=False, soft_wrap=False, width=width)
    console.on_broken_pipe = _reader_gone  # Rich's own ends the process with 1; fscli's runner says 0, as for every other format
    return console


def _reader_gone() -> None:
    """The reader of a table (head, less) went away: as for the other formats, cli/running.py
    takes it from here (no more output, exit 0)."""
    raise BrokenPipeError


# The table's frame: an edge each side, and between two columns a rule and a space either side;
# narrowed to fit, no edges and one space beside the rule.
_EDGES, _BETWEEN, _NARROW_BETWEEN = 2, 3, 2


def _cell_width(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(line) for line in text.splitlines()), default=0)


def _longest_word(text: str) -> int:
    from rich.cells import cell_len

    return max((cell_len(word) for word in text.split()), default=0)


class _Measured:
    """A column's widths, measured once: the widest line and the longest word, of the header and the cells.

    A plain class with slots, not a dataclass: every read view imports this module, and making a
    dataclass costs about a millisecond at import (benchmarks/compare_reads.py)."""

    __slots__ = ("breaks", "header", "header_word", "cell", "word")

    def __init__(self, breaks: str, header: int, header_word: int, cell: int, word: int) -> None:
        self.breaks, self.header, self.header_word, self.cell, self.word = breaks, header, header_word, cell, word

    @classmethod
    def of(cls, column: Column, texts: list[str]) -> _Measured:
        distinct = set(texts)  # a column repeats itself (a family's name, a state): each text measured once
        return cls(column.breaking(), _cell_width(column.header), _longest_word(column.header), max(map(_cell_width, distinct), default=0), max(map(_longest_word, distinct), default=0))

    @property
    def natural(self) -> int:
        return max(self.header, self.cell)

    def narrowest(self, level: int) -> int:
        """How narrow the column can be without cutting a word. At level 0 identifiers, dates and
        names do not break at all; at level 1 names wrap at their spaces; at level 2 a date such as
        "Mon 28/09" does too. The header wraps at its spaces."""
        whole = (self.breaks == "never" and level < 2) or (self.breaks == "name" and level < 1)
        return max(self.header_word, self.cell if whole else self.word)


def _whole_first(spare: int, wants: list[int]) -> list[int]:
    """`spare` characters given to the columns that want least first: as many names whole as can be."""
    given = [0] * len(wants)
    for i in sorted(range(len(wants)), key=lambda i: wants[i]):
        given[i] = min(wants[i], spare)
        spare -= given[i]
    return given


def _level_off(spare: int, wants: list[int]) -> list[int]:
    """`spare` characters given so that the widest free text wraps first: every column gets what it
    wants up to one cap, the highest that fits, so that short text stays on one line."""
    cap = max(wants, default=0)
    while cap > 0 and sum(min(w, cap) for w in wants) > spare:
        cap -= 1
    given = [min(w, cap) for w in wants]
    for i in sorted(range(len(wants)), key=lambda i: wants[i], reverse=True):  # what the cap left over
        if spare - sum(given) > 0 and given[i] < wants[i]:
            given[i] += 1
    return given


class Widths:
    """Each column's width, and whether the frame is the narrow one (a plain class: as _Measured)."""

    __slots__ = ("columns", "narrow")

    def __init__(self, columns: list[int], *, narrow: bool) -> None:
        self.columns = columns  # empty: no table fits
        self.narrow = narrow  # the frame without edges, one space beside each rule


def _widths(measured: list[_Measured], width: int) -> Widths | None:
    """Each column's width when the table does not fit the terminal as it is (None when it does).

    Words are never cut: free text wraps at its spaces; names, then dates, wrap at theirs only when
    the table cannot fit otherwise. The room left over goes first to making identifiers and dates
    whole, then names, then to free text. The frame narrows only when the columns need the room.
    """
    natural = [m.natural for m in measured]
    wide, narrow = _EDGES + _BETWEEN * (len(measured) - 1), _NARROW_BETWEEN * (len(measured) - 1)
    if sum(natural) + wide <= width:
        return None
    for frame, level in ((wide, 0), (narrow, 0), (narrow, 1), (narrow, 2)):
        widths = [m.narrowest(level) for m in measured]
        spare = width - frame - sum(widths)
        if spare < 0:
            continue
        for group in ("never", "name", "words"):
            given = (_level_off if group == "words" else _whole_first)(spare, [max(0, nat - w) if m.breaks == group else 0 for m, nat, w in zip(measured, natural, widths)])
            widths = [w + g for w, g in zip(widths, given)]
            spare -= sum(given)
        return Widths(widths, narrow=frame == narrow)
    return Widths([], narrow=True)


def _table(report: Report, console, *, show_title: bool = True) -> None:
    from rich import box
    from rich.table import Table

    if not report.rows:
        if show_title:
            console.print(terminal_text(report.title), style="bold")
        console.print(terminal_text(report.empty))
        return
    cells = [[human_value(c, row.get(c.key)) for c in report.columns] for row in report.rows]
    # A column empty in every row says nothing to a person; some columns are for machines only.
    shown = [i for i, c in enumerate(report.columns) if c.in_table and any(line[i] for line in cells)]
    columns = [report.columns[i] for i in shown]
    texts = [[line[i] for line in cells] for i in shown]
    measured = [_Measured.of(column, [visible(t) for t in col]) for column, col in zip(columns, texts)]
    widths = _widths(measured, console.width)
    if widths is not None and not widths.columns:
        _stacked(report, columns, texts, console, show_title=show_title)
        return
    narrow = widths is not None and widths.narrow
    table = Table(title=terminal_text(report.title) if show_title else None, title_justify="left", box=box.SIMPLE_HEAD, title_style="bold", header_style="bold", pad_edge=False,
                  show_edge=not narrow, collapse_padding=narrow)  # fmt: skip
    for n, (column, measure) in enumerate(zip(columns, measured)):
        justify = "right" if column.kind in ("int", "number") else "left"
        if widths is not None:
            # Narrower than the table wants: each column as wide as worked out, wrapping at spaces only.
            width = widths.columns[n]
            table.add_column(column.header, justify=justify, width=width, no_wrap=measure.natural <= width, overflow="fold")
            continue
        short = measure.breaks == "never"
        floor = max(len(column.header), measure.cell) if short else min(max(len(column.header), measure.cell), 10)
        table.add_column(column.header, justify=justify, no_wrap=short, min_width=floor, overflow="fold")
    for n, row in enumerate(report.rows):
        table.add_row(*(terminal_text(col[n]) for col in texts), style="strike" if report.struck and row.get(report.struck) else None)
    console.print(table)
    if report.note:
        console.print(terminal_text(report.note))


def _stacked(report: Report, columns: list[Column], texts: list[list[str]], console, *, show_title: bool) -> None:
    """Too narrow for any table: each row one under the other, a header beside each value."""
    from rich.table import Table

    if show_title:
        console.print(terminal_text(report.title), style="bold")
    for n, row in enumerate(report.rows):
        console.print()
        record = Table.grid(padding=(0, 2))
        record.add_column(style="bold", no_wrap=True)
        record.add_column(overflow="fold")
        for column, col in zip(columns, texts):
            if col[n]:
                record.add_row(terminal_text(column.header), terminal_text(col[n]))
        console.print(record, style="strike" if report.struck and row.get(report.struck) else None)
    if report.note:
        console.print()
        console.print(terminal_text(report.note))


def _page_table(page: Page, console) -> None:
    from rich.table import Table

    console.print(terminal_text(page.title), style="bold")
    facts = Table.grid(padding=(0, 2))
    facts.add_column(style="bold")
    facts.add_column()
    for column, value in page.facts:
        if value is None or value == "" or not column.in_table:
            continue
        facts.add_row(terminal_text(column.header), terminal_text(human_value(column, value)))
    console.print(facts)
    for _, report in page.sections:
        console.print()
        _table(report, console)
    if page.note:
        console.print()
        console.print(terminal_text(page.note))


def _machine_columns(report: Report) -> list[Column]:
    return [c for c in report.columns if c.in_machine]


def _records(report: Report) -> list[dict[str, Any]]:
    return [{c.key: machine_value(row.get(c.key)) for c in _machine_columns(report)} for row in report.rows]


def _page_object(page: Page) -> dict[str, Any]:
    data: dict[str, Any] = {c.key: machine_value(v) for c, v in page.facts if c.in_machine}
    for name, report in page.sections:
        data[name] = _records(report)
    return data


def _page_long_rows(page: Page) -> list[tuple[str, int, str, Any]]:
    """A page flattened for csv/tsv: section, row number, field, value."""
    rows: list[tuple[str, int, str, Any]] = [("facts", 1, c.key, v) for c, v in page.facts if c.in_machine]
    for name, report in page.sections:
        for number, row in enumerate(report.rows, start=1):
            rows += [(name, number, c.key, row.get(c.key)) for c in _machine_columns(report)]
    return rows


def _flat_rows(view: Report | Page) -> tuple[list[str], list[list[Any]]]:
    """The header and rows of csv and tsv: a report's machine columns, or a page in long form."""
    if isinstance(view, Page):
        return ["section", "row", "field", "value"], [[s, n, k, v] for s, n, k, v in _page_long_rows(view)]
    columns = _machine_columns(view)
    keys = [c.key for c in columns]
    return keys, [list(map(row.get, keys)) for row in view.rows]


# The writers fscli/formats.py names for views. Each takes the view, the stream, and the
# terminal's colour and width, which only the table uses.


def write_table(view: Report | Page, out: TextIO, *, color: str = "auto", width: int | None = None) -> None:
    console = _console(out, color, width)
    if isinstance(view, Page):
        _page_table(view, console)
    else:
        _table(view, console)


def write_json(view: Report | Page, out: TextIO, **_terminal: Any) -> None:
    data = _page_object(view) if isinstance(view, Page) else _records(view)
    out.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def write_ndjson(view: Report | Page, out: TextIO, **_terminal: Any) -> None:
    if isinstance(view, Page):
        for section, number, key, value in _page_long_rows(view):
            out.write(json.dumps({"section": section, "row": number, "field": key, "value": machine_value(value)}, ensure_ascii=False) + "\n")
    else:
        for record in _records(view):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def write_csv(view: Report | Page, out: TextIO, **_terminal: Any) -> None:
    header, rows = _flat_rows(view)
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[_flat_text(v) for v in row] for row in rows])


def write_tsv(view: Report | Page, out: TextIO, **_terminal: Any) -> None:
    if isinstance(view, Page):
        header, rows = _flat_rows(view)
        values: Any = lambda row: row  # noqa: E731
    else:
        header, rows = [c.key for c in _machine_columns(view)], view.rows
        values = lambda row: map(row.get, header)  # noqa: E731 - each row's cells read once, with no list made of them
    out.write("\t".join(header) + "\n")
    tabs = len(header) - 1
    known: dict[Any, str] = {}  # a council's list repeats a few hundred dates and day counts 100,000 times

    def other(value: Any) -> str:
        kind = value.__class__
        if kind is date or kind is int:  # exactly: a bool or a datetime is written as _flat_text writes it
            try:
                return known[value]
            except KeyError:
                found = known[value] = value.isoformat() if kind is date else str(value)
                return found
        return _flat_text(value)

    def escaped(text: str) -> bool:
        return "\\" in text or text.count("\t") != tabs or not text.replace("\t", " ").isprintable()

    for start in range(0, len(rows), 4096):  # a few thousand lines at a time, checked and written at once
        chunk = rows[start : start + 4096]
        # Each row's cells as they read, to be checked for escapes below.
        lines = ["\t".join([((v if v[:1] not in _FORMULA_FIRST else spreadsheet_cell(v)) if v.__class__ is str else "" if v is None else other(v)) for v in values(row)]) for row in chunk]
        text = "\n".join(lines)
        # A chunk with nothing to escape, as most are, is written as it reads: a council's due list
        # is 800,000 cells, and escaping each one alone took a second (benchmarks/due.py). Else
        # each line that needs it is written again, cell by cell.
        if "\\" in text or text.count("\t") != tabs * len(lines) or text.count("\n") != len(lines) - 1 or not text.replace("\t", " ").replace("\n", " ").isprintable():
            text = "\n".join("\t".join(map(_tsv_text, values(row))) if escaped(line) else line for row, line in zip(chunk, lines))
        out.write(text + "\n")


def emit(view: Report | Page, fmt: str, out: TextIO | None = None, *, color: str = "auto", width: int | None = None) -> None:
    """`view` in the view format `fmt` (fscli/formats.py) on `out` (stdout by default)."""
    formats.function(fmt, formats.VIEW)(view, out or sys.stdout, color=color, width=width)


