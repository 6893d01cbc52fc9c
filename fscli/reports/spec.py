"""What a view is: declared columns and plain rows, with no idea of how it will be printed."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any


@dataclass(frozen=True)
class Column:
    key: str  # the stable JSON key and CSV header: snake_case, never renamed once released
    header: str  # what a person reads in the table
    kind: str = "text"  # text | date | datetime | int | number | code
    in_table: bool = True  # False: in the machine formats only, to keep the terminal table readable
    in_machine: bool = True  # False: a picture for people (a bar chart), left out of csv/json


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
