"""Every stored string reaches a terminal or a spreadsheet through here (reliability.md F9, I4, I5).

On a terminal: markup is never interpreted (Rich would swallow "[dad]" or open a live link), and
control, escape and bidi characters are spelled out by fscli/visible.py, so a pasted escape code
cannot clear the screen, write the clipboard or reverse the text a colleague reads.
In CSV/TSV: a text cell starting like a formula gets a leading ' (fscli/visible.py,
spreadsheet_cell), so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

import sys
from typing import TextIO

from fscli.visible import visible


def message(text: str, err: TextIO | None = None) -> None:
    """A confirmation or warning, on stderr: stdout stays for data. Here rather than beside emit()
    so a write says what it did without importing the renderer (issue 27)."""
    (err or sys.stderr).write(visible(text) + "\n")


def terminal_text(value: str):
    """A Rich Text that shows `value` literally: no markup, no escape codes."""
    from rich.text import Text

    return Text(visible(value))


def on_terminal(text: str) -> str:
    """Data in a machine format (csv, json, ndjson, tsv, ics) as a terminal may show it: the
    format's own line breaks (\\n, \\r\\n) and tabs as they are, every other hidden character from
    stored text spelled out as the table spells it (fscli/visible.py). Files and pipes never come
    here: they keep the bytes."""
    if text.isprintable():
        return text
    return "\r\n".join("\t".join(visible(piece) for piece in line.split("\t")) for line in text.split("\r\n"))


class TerminalStream:
    """`out` (a terminal) written through on_terminal: what a writer of a machine format writes
    to a terminal instead of stdout itself."""

    def __init__(self, out) -> None:
        self._out = out

    def write(self, text: str) -> int:
        self._out.write(on_terminal(text))
        return len(text)

    def __getattr__(self, name: str):
        return getattr(self._out, name)
