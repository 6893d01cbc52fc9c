"""Where a command's output goes: the view in the chosen format (paged on a terminal), and the
one-line confirmations on stderr with the one value a script needs on stdout."""

from __future__ import annotations

import os
import sys
from enum import Enum

from fscli import formats
from fscli.cli.color import Color


def output_format(fmt: Enum | str | None) -> str:
    """The format chosen (Typer's choice, or its name from cli/fast.py), or the view's default for where stdout goes (fscli/formats.py)."""
    if fmt is not None:
        return getattr(fmt, "value", fmt)
    return formats.view_default(terminal=sys.stdout.isatty())


def color_mode(color: Color) -> str:
    if color is Color.auto and os.environ.get("NO_COLOR"):
        return "never"
    return color.value


def data_out(fmt: str):
    """Where a view's data goes: stdout, or on a terminal, for any format but the table (which
    spells hidden characters itself), stdout through render/safe.py's TerminalStream, so that an
    escape code or a bidi control stored in a note cannot steer the terminal in csv or json either."""
    if fmt == formats.ON_A_TERMINAL or not sys.stdout.isatty():
        return sys.stdout
    from fscli.render.safe import TerminalStream

    return TerminalStream(sys.stdout)


def show(view, fmt: Enum | str | None, color: Color, *, page: bool = False) -> None:
    from fscli.render.emit import emit, message

    chosen = output_format(fmt)
    if page and chosen == "table" and sys.stdout.isatty():
        paged(view, color_mode(color))
        return
    emit(view, chosen, data_out(chosen), color=color_mode(color))
    if chosen != "table" and getattr(view, "note", None):
        message(view.note)  # counts and definitions stay with the data, without breaking its format


def paged(view, color: str) -> None:
    """A table longer than the screen goes through $PAGER (default less -FRX), on a terminal only."""
    import io
    import shutil
    import subprocess

    from fscli.render.emit import emit

    size = shutil.get_terminal_size()
    buffer = io.StringIO()
    emit(view, "table", buffer, color="always" if color != "never" else "never", width=size.columns)
    text = buffer.getvalue()
    pager = os.environ.get("PAGER", "less -FRX").strip()
    if text.count("\n") < size.lines or not pager:
        sys.stdout.write(text)
        return
    try:
        subprocess.run(pager, shell=True, input=text, text=True, check=False)  # noqa: S602 - $PAGER is a shell command line by convention (git, man)
    except OSError:
        sys.stdout.write(text)


def confirm(text: str, datum: str | None = None) -> None:
    """Tell the worker what was done (stderr); give scripts the one value they need (stdout)."""
    from fscli.render.safe import message

    message(text)
    if datum is not None and not sys.stdout.isatty():
        sys.stdout.write(datum + "\n")
