"""Every stored string reaches a terminal or a spreadsheet through here (reliability.md F9, I4, I5).

On a terminal: markup is never interpreted (Rich would swallow "[dad]" or open a live link), and
control, escape and bidi characters become visible placeholders, so a pasted escape code cannot
clear the screen, write the clipboard or reverse the text a colleague reads.
In CSV/TSV: a text cell starting with = + - @ tab CR or NUL gets a leading ' so a spreadsheet
shows it as text instead of running it as a formula (OWASP ASVS 1.2.10, CWE-1236).
"""

from __future__ import annotations

import unicodedata

_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\0")


def visible(text: str, *, keep_newlines: bool = True) -> str:
    out = []
    for ch in text:
        code = ord(ch)
        if ch == "\n" and keep_newlines:
            out.append(ch)
        elif ch == "\t":
            out.append("    ")
        elif code in _BIDI or unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co"):
            out.append(f"<U+{code:04X}>" if code > 0xFF else f"\\x{code:02x}")
        else:
            out.append(ch)
    return "".join(out)


def spreadsheet_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def terminal_text(value: str):
    """A Rich Text that shows `value` literally: no markup, no escape codes."""
    from rich.text import Text

    return Text(visible(value))
