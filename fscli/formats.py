"""Every format fscli writes or reads, in one list: its name, what it is for, the words `--format`'s
help gives it, and where its writer (or, for `fscli import`, its reader) lives.

`--help` builds every --format's choices and help from this list, so it imports nothing: a writer
or reader is imported from the module named here only when a command uses it. Adding a format is
an entry here and its function there; the choices, the help and the refusal of any other name follow.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, NamedTuple

VIEW = "view"  # every read command: a table for people, or data for a pipe
CALENDAR = "calendar"  # `fscli due` only, beside the view formats
EXPORT = "export"  # `fscli export`: every table, one file each or one workbook
IMPORT = "import"  # the export formats `fscli import` reads back

# A view's format when none is chosen: a table for a person, tab-separated lines for a pipe.
ON_A_TERMINAL = "table"
WHEN_PIPED = "tsv"
EXPORT_DEFAULT = "csv"


class Format(NamedTuple):
    name: str
    use: str  # VIEW, CALENDAR, EXPORT or IMPORT
    help: str  # how --format's help names it
    where: str  # "module:function", imported only when the format is used


def _each(use: str, where: str, **helps: str) -> tuple[Format, ...]:
    """Formats for one use: name=its help words; `where` may name the function after the format."""
    return tuple(Format(name, use, words, where.format(name=name)) for name, words in helps.items())


# In the order --format lists them. View writers are render/emit.py's write_table, write_tsv, ...
FORMATS = (
    *_each(VIEW, "fscli.render.emit:write_{name}", table="table (default on a terminal)", tsv="tsv (default when piped)", csv="csv", json="json", ndjson="ndjson"),
    *_each(CALENDAR, "fscli.render.ics:write_{name}", ics="ics: an iCalendar feed"),
    *_each(EXPORT, "fscli.services.export:write_files", csv="csv (RFC 4180)", json="json", ndjson="ndjson (one object a line)"),
    *_each(EXPORT, "fscli.services.export:write_workbook", xlsx="xlsx (one sheet per table)"),
    *_each(IMPORT, "fscli.services.importer:read_{name}", csv="csv", json="json", ndjson="ndjson"),
)


def _of(uses: tuple[str, ...]) -> list[Format]:
    return [f for f in FORMATS if f.use in uses]


def names(*uses: str) -> tuple[str, ...]:
    """The names offered for these uses, in the order of the list above."""
    return tuple(dict.fromkeys(f.name for f in _of(uses)))


def _either(words: list[str] | tuple[str, ...]) -> str:
    return ", ".join(words[:-1]) + " or " + words[-1] if len(words) > 1 else words[0]


def or_list(*uses: str) -> str:
    """The names for these uses as a phrase: 'csv, json or ndjson'."""
    return _either(names(*uses))


def help_text(*uses: str) -> str:
    """--format's help: 'table (default on a terminal), tsv (default when piped), csv, json or ndjson.'"""
    return _either([f.help for f in _of(uses)]) + "."


def view_default(*, terminal: bool) -> str:
    return ON_A_TERMINAL if terminal else WHEN_PIPED


def find(name: str, use: str) -> Format:
    for f in FORMATS:
        if f.name == name and f.use == use:
            return f
    raise ValueError(f"{name!r} is not a {use} format (formats: {', '.join(names(use))})")  # the CLI offers only names()


def function(name: str, use: str) -> Callable[..., Any]:
    """The writer (or reader) of `name` for `use`, imported now."""
    module, attribute = find(name, use).where.split(":")
    return getattr(importlib.import_module(module), attribute)
