"""Read views run without Typer, when their command line is plain.

Typer and the Click it carries cost about half of a read view's start-up (200M of 410M
instructions for `case show`; docs/architecture.md "Start-up"), and a worker runs these views all
day. So a command line made only of a view's words, its arguments and its own options, each
spelled in full, once, with a value that Click would take as it is, runs the view's body
(cli/read_views.py) straight away. Anything else (--help, -h, a short option run together with its
value, a value that starts with '-' or is not one of the choices, a missing or extra argument, a
root option such as --db before the view, tab completion) is left to Typer, exactly as before: so
help, completion, refusals and exit codes are Typer's own, and only a line Click would have read
the same way is read here. tests/cli/test_fast.py holds each view's grammar below to its Click
command's parameters.
"""

from __future__ import annotations

import os
from collections.abc import Callable

from fscli import formats

FORMATS = tuple(formats.names(formats.VIEW))
DUE_FORMATS = tuple(formats.names(formats.VIEW, formats.CALENDAR))  # due also writes a calendar feed (ics)
COLORS = ("auto", "always", "never")
VIEW_OPTIONS = {"--format": ("fmt", FORMATS), "-f": ("fmt", FORMATS), "--color": ("color", COLORS), "--db": ("db", None)}


class View:
    """A view's command line: its body in cli/read_views.py, its arguments in order, its options
    that take a value (option -> parameter, choices or None for any), its flags (option -> parameter),
    and the parameters left to Typer (a line that names one of them is Typer's: their values are
    not plain, such as an option given twice for a list or a path)."""

    def __init__(self, body: str, arguments: tuple[str, ...], options: dict[str, tuple[str, tuple[str, ...] | None]], flags: dict[str, str], typers: tuple[str, ...] = ()) -> None:
        self.body, self.arguments, self.options, self.flags, self.typers = body, arguments, options, flags, typers


VIEWS: dict[tuple[str, ...], View] = {
    ("case", "show"): View("case_show", ("ref",), VIEW_OPTIONS, {}),
    ("case", "list"): View("case_list", (), {**VIEW_OPTIONS, "--worker": ("worker", None)}, {"--open": "open_only", "--closed": "closed", "--all": "all_", "--mine": "mine"}),
    ("chronology",): View("chronology", ("ref",), VIEW_OPTIONS, {"--voided": "voided"}),
    # --within takes any value: the body refuses a bad one in its own words, as through Typer.
    ("due",): View("due", (), {"--within": ("within", None), "--worker": ("worker", None), "--case": ("case", None),
                              "--format": ("fmt", DUE_FORMATS), "-f": ("fmt", DUE_FORMATS), "--color": ("color", COLORS), "--db": ("db", None)}, {"--mine": "mine"}),
    # A manager's daily figures. --by (a list, given twice for a cross-tab) with --families, and the
    # dashboard's --dashboard/--out (a path)/--replace stay Typer's: rarer lines, and a file written.
    ("summary",): View("summary", (), {**VIEW_OPTIONS, "--list": ("listing", None), "--period": ("within", None), "--from": ("start", None), "--to": ("end", None), "--worker": ("worker", None)},
                       {"--indicators": "indicators", "--denominator": "denominator", "--ended": "ended"}, ("by", "families", "dashboard", "out", "replace")),
}


def read(view: View, words: list[str]) -> dict[str, object] | None:
    """The view's parameters from the words after its name, or None where Typer should read them."""
    values: dict[str, object] = {}
    arguments: list[str] = []
    rest = iter(words)
    for word in rest:
        if not word.startswith("-"):
            arguments.append(word)
            continue
        name, equals, value = word.partition("=") if word.startswith("--") else (word, "", "")
        if name in view.flags and not equals:
            parameter, given = view.flags[name], True
        elif name in view.options:
            parameter, choices = view.options[name]
            given = value if equals else next(rest, None)
            if not given or given.startswith("-") or (choices is not None and given not in choices):
                return None
        else:
            return None
        if parameter in values:
            return None
        values[parameter] = given
    if len(arguments) != len(view.arguments):
        return None
    values.update(zip(view.arguments, arguments))
    return values


def route(args: list[str]) -> Callable[[], None] | None:
    """The view to run for this command line without Typer, or None to run it through Typer."""
    if "_FSCLI_COMPLETE" in os.environ:  # tab completion is Typer's
        return None
    for length in (2, 1):
        view = VIEWS.get(tuple(args[:length]))
        if view is not None:
            values = read(view, args[length:])
            return None if values is None else (lambda: run(view, values))
    return None


def run(view: View, values: dict[str, object]) -> None:
    import importlib

    from fscli.cli.color import Color
    from fscli.cli.context import ROOT_OPTIONS

    ROOT_OPTIONS.clear()  # what the root command does first (cli/app.py); no root option was given
    if "color" in values:
        values["color"] = Color(values["color"])
    body = getattr(importlib.import_module("fscli.cli.read_views"), view.body)
    try:
        body(**values)
    except EOFError:  # as Click does: a new line, then "interrupted" (cli/running.py)
        import sys

        sys.stderr.write("\n")
        raise KeyboardInterrupt from None
