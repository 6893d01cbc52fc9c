"""Stored text made safe to show: the one decision of which characters are hidden or steer a
terminal, and how each is spelled instead (reliability.md F9, I5).

Controls and escapes (C0, DEL, C1), invisible formatting (bidi overrides and isolates, zero-width
characters, the BOM), surrogates and private-use characters are written out: \\x1b for one up
to U+00FF, <U+202E> above. So a pasted escape code cannot clear the screen or write the clipboard,
and a right-to-left override cannot reverse what a colleague reads. Used by every message
(errors.shown) and by everything the renderer puts on a terminal (render/safe.py).
"""

from __future__ import annotations

import unicodedata

# Bidirectional controls reorder what a reader sees. All are invisible formatting (Cf), so
# visible() spells them out; domain/text.py names them when it refuses one in a name.
BIDI = frozenset({0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)})
_HIDDEN = ("Cc", "Cf", "Cs", "Co")  # controls, invisible formatting, surrogates, private use


def hidden(ch: str) -> bool:
    """True for a character that shows as nothing, or as something else, or steers a terminal."""
    return unicodedata.category(ch) in _HIDDEN


def spelled(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code <= 0xFF else f"<U+{code:04X}>"


def visible(text: str, *, one_line: bool = False) -> str:
    """`text` with every hidden character spelled out. On a terminal a newline stays a line break
    and a tab is four spaces (Rich would expand it unevenly); in a one-line message (one_line)
    both are spelled out too: a newline as \\n, a tab as \\x09."""
    if text.isprintable():
        return text  # the usual case (no control, tab or newline, nothing invisible): as it is
    out = []
    for ch in text:
        if ch == "\n":
            out.append("\\n" if one_line else ch)
        elif ch == "\t" and not one_line:
            out.append("    ")
        elif hidden(ch):
            out.append(spelled(ch))
        else:
            out.append(ch)
    return "".join(out)


# In a spreadsheet: a cell starting with one of these runs as a formula (OWASP ASVS 1.2.10,
# CWE-1236), so CSV/TSV views and exports give such text a leading apostrophe.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def spreadsheet_cell(text: str, guarded: tuple[str, ...] = FORMULA_STARTS) -> str:
    return "'" + text if text.startswith(guarded) else text
