"""Every stored string reaches a terminal or a spreadsheet through here (reliability.md F9, I4, I5).

On a terminal: markup is never interpreted (Rich would swallow "[dad]" or open a live link), and
control, escape and bidi characters are spelled out by fscli/visible.py, so a pasted escape code
cannot clear the screen, write the clipboard or reverse the text a colleague reads.
In CSV/TSV: a text cell starting like a formula gets a leading ' (fscli/visible.py,
spreadsheet_cell), so a spreadsheet shows it as text instead of running it.
"""

from __future__ import annotations

from fscli.visible import visible


def terminal_text(value: str):
    """A Rich Text that shows `value` literally: no markup, no escape codes."""
    from rich.text import Text

    return Text(visible(value))
