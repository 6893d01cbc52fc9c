"""A worker's everyday read views start without Typer, and say exactly what they said through it (cli/fast.py)."""

import inspect
import os
import subprocess
import sys

import pytest

from fscli.cli import fast, read_views

from tests.factories import family, ok

# Lines a worker types, and lines that must stay Typer's: help, completion, refusals.
PLAIN = [
    ["case", "show", "FS-0001"],
    ["case", "show", "FS-0001", "--format", "json"],
    ["case", "show", "--format=csv", "FS-0001", "--color", "never"],
    ["case", "show", "FS-0404"],
    ["case", "list"],
    ["case", "list", "--all", "-f", "ndjson", "--worker", "Sam Okafor"],
    ["case", "list", "--open", "--closed"],
    ["case", "list", "--mine"],
    ["chronology", "FS-0001", "--voided", "--format", "tsv"],
    ["due"],
    ["due", "--within", "4w", "--case", "FS-0001", "-f", "csv"],
    ["due", "--within=fortnight"],
    ["due", "--within", "0"],
    ["due", "--mine"],
    ["due", "--worker", "Sam Okafor", "--format", "json", "--color", "never"],
    ["due", "--case", "FS-0404"],
    ["due", "--format", "ics"],
    ["due", "--mine", "--format=ics", "--within", "2w"],
    ["summary"],
    ["summary", "--format", "tsv"],
    ["summary", "--indicators", "-f", "json"],
    ["summary", "--indicators", "--from", "01/01/2026", "--to", "today", "--worker", "Sam Okafor", "--format", "csv"],
    ["summary", "--indicators", "--list", "kept-at-home", "--denominator", "--format", "tsv"],
    ["summary", "--indicators", "--list", "no-such-figure"],
    ["summary", "--from", "31/12/2026", "--to", "01/01/2026"],
    ["summary", "--ended", "--period", "12w", "--format", "json"],
    ["summary", "--period", "12w"],
    ["summary", "--denominator"],
]
TYPERS = [
    ["case", "show"],
    ["case", "show", "FS-0001", "FS-0002"],
    ["case", "show", "FS-0001", "--help"],
    ["case", "show", "-h"],
    ["case", "show", "FS-0001", "--format", "xml"],
    ["case", "show", "FS-0001", "--format"],
    ["case", "show", "FS-0001", "--format="],
    ["case", "show", "FS-0001", "-fjson"],
    ["case", "show", "FS-0001", "--db", "--help"],
    ["case", "show", "FS-0001", "--color", "blue"],
    ["case", "show", "FS-0001", "-f", "json", "--format", "csv"],
    ["case", "show", "--", "FS-0001"],
    ["case", "show", "-", "FS-0001"],
    ["case", "list", "--all=yes"],
    ["case", "list", "--no-all"],
    ["--db", "x.db", "case", "show", "FS-0001"],
    ["case", "shows", "FS-0001"],
    ["chronology"],
    ["due", "--format", "xml"],
    ["due", "--format", "pdf"],
    ["due", "--within"],
    ["due", "--within", "-1"],
    ["due", "--mine", "--mine"],
    ["due", "FS-0001"],
    ["due", "--help"],
    ["summary", "--by", "plan"],
    ["summary", "--by", "plan", "--by", "age", "--families"],
    ["summary", "--dashboard", "--out", "board.html"],
    ["summary", "--indicators", "--format", "ics"],
    ["summary", "--indicators=yes"],
]


@pytest.mark.parametrize("args", TYPERS, ids=" ".join)
def test_a_line_the_fast_path_does_not_read_exactly_goes_to_typer(args):
    assert fast.route(args) is None


def test_tab_completion_always_goes_to_typer(monkeypatch):
    monkeypatch.setenv("_FSCLI_COMPLETE", "complete_bash")
    assert fast.route(["case", "show", "FS-0001"]) is None


@pytest.mark.parametrize("args", PLAIN, ids=" ".join)
def test_a_view_says_the_same_with_or_without_typer(cli, monkeypatch, args):
    ref = family(cli)
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "today", "--note", "Seen at home")
    assert fast.route(args) is not None
    if any(arg.endswith("ics") for arg in args):  # the feed's DTSTAMP is the instant: pin it, or the two runs may differ by a second
        monkeypatch.setenv("FSCLI_TODAY", "2026-11-23T09:00")
    quick = cli(*args)
    monkeypatch.setattr(fast, "route", lambda args: None)
    assert cli(*args) == quick


def _click_command(words):
    from typer._click import Context
    from typer.main import get_command

    from fscli.cli.app import app

    command = get_command(app)
    for word in words:
        command = command.get_command(Context(command), word)
    return command


@pytest.mark.parametrize("words", list(fast.VIEWS), ids=" ".join)
def test_each_view_reads_its_options_as_its_click_command_declares_them(words):
    """The fast grammar is the Click command's: the same arguments in order, options, flags and
    choices (less the parameters it leaves to Typer, each of which is the command's), and the body
    takes the Typer function's parameters with its defaults."""
    view = fast.VIEWS[words]
    command = _click_command(words)
    assert set(view.typers) <= {p.name for p in command.params}
    arguments, options, flags = [], {}, {}
    for param in command.params:
        if param.name in view.typers:
            continue
        if param.param_type_name == "argument":
            arguments.append(param.name)
            continue
        assert not param.secondary_opts, param.name
        for opt in param.opts:
            if param.is_flag:
                flags[opt] = param.name
            else:
                options[opt] = (param.name, tuple(getattr(param.type, "choices", ())) or None)
    assert (tuple(arguments), options, flags) == (view.arguments, view.options, view.flags)
    body = inspect.signature(getattr(read_views, view.body)).parameters
    assert list(body) == [p.name for p in command.params]
    assert {name: p.default for name, p in body.items() if p.default is not p.empty} == {p.name: p.default for p in command.params if not p.required}


@pytest.mark.parametrize("args", [["case", "show", "FS-0404"], ["due", "--case", "FS-0404"], ["summary", "--indicators", "--list", "no-such-figure"]], ids=" ".join)
def test_a_plain_view_never_imports_typer(db_path, args):
    """About half of a read view's start-up was Typer's import (benchmarks/startup.py)."""
    # The console script ends the process itself (cli/entry.py), running what is registered at exit.
    probe = (f"import atexit, sys\nsys.argv = ['fscli', *{args!r}]\n"
             "atexit.register(lambda: sys.stderr.write('TYPER=' + ','.join(m for m in sys.modules if m.split('.')[0] in ('typer', 'click', 'rich')) + '\\n'))\n"
             "from fscli.cli.entry import main\nmain()\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert result.returncode == 1 and result.stderr.startswith("fscli: "), result.stderr
    assert "TYPER=\n" in result.stderr, result.stderr
