"""What a view is: declared columns and plain rows, with no idea of how it will be printed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from fscli.domain.frozen import frozen


@frozen
class Column:
    key: str  # the stable JSON key and CSV header: snake_case, never renamed once released
    header: str  # what a person reads in the table
    kind: str = "text"  # text | date | datetime | int | number | code
    in_table: bool = True  # False: in the machine formats only, to keep the terminal table readable
    in_machine: bool = True  # False: a picture for people (a bar chart), left out of csv/json
    # Where the table may break a cell across lines: "never" (an identifier, a date, a number),
    # "name" (a person's or a family's name: whole while the table fits, else at its spaces),
    # "words" (free text, at its spaces). Empty: from the kind and the key (breaking()).
    breaks: str = ""

    def breaking(self) -> str:
        if self.breaks:
            return self.breaks
        if self.kind in WHOLE_KINDS or self.key in WHOLE_KEYS:
            return "never"
        return "name" if self.key in NAME_KEYS else "words"


# What no table breaks across lines, and the columns that hold one person's or family's name
# (a list of names, such as who was present, wraps as text does).
WHOLE_KINDS = frozenset({"date", "datetime", "int", "number", "code"})
WHOLE_KEYS = frozenset({"ref", "id", "source", "day", "at_time", "on_date"})
NAME_KEYS = frozenset({"family", "child", "worker", "whose", "name", "who", "person", "for_person", "recorded_by", "set_by", "rater"})


def coded(column: Column) -> tuple[Column, Column]:
    """A coded column as two: the code under `column`'s key for the machine formats (a script
    reads codes), and the same header in the table for people, under the key + '_said' (each row
    holds it: the code with its label, or the label alone, from the code set's one home)."""
    return replace(column, in_table=False), Column(f"{column.key}_said", column.header, in_machine=False)


def coded_fact(column: Column, code: Any, words: Any) -> list[tuple[Column, Any]]:
    """A coded fact of a Page, as `coded` splits a column: the code for machines, words for people."""
    machine, people = coded(column)
    return [(machine, code), (people, words)]


@dataclass
class Report:
    title: str
    columns: list[Column]
    rows: list[dict[str, Any]]
    empty: str = "Nothing to show."
    note: str | None = None
    struck: str | None = None  # a column whose true rows the table strikes through (a voided entry)

    def hiding(self, *keys: str) -> Report:
        """The same report with these columns kept for machines but left out of the table."""
        return replace(self, columns=[replace(c, in_table=False) if c.key in keys else c for c in self.columns])


@dataclass
class Page:
    """A view of one record: its facts, then sections that are each a Report."""

    title: str
    facts: list[tuple[Column, Any]]
    sections: list[tuple[str, Report]] = field(default_factory=list)
    note: str | None = None
