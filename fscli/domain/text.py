"""Text that reaches the record: NFC, no invisible or terminal-steering characters, capped.

Names are how workers find people and families, so a name that renders differently from how
it is stored (bidi overrides, zero-width joins) or that steers a terminal (escape codes) is
refused rather than cleaned: silently changing a name would be worse (reliability.md §4.1).
Notes are different: they are stored as typed, and shown sanitised (issue 7).
"""

from __future__ import annotations

import unicodedata

from fscli.domain.problems import Problem
from fscli.visible import BIDI

NAME_MAX = 200
TEXT_MAX = 2_000
NOTE_MAX = 20_000


def _bad_character(ch: str, multiline: bool) -> str | None:
    code = ord(ch)
    category = unicodedata.category(ch)
    if multiline:
        # Notes are kept exactly as the worker typed or pasted them (issue 7): escape codes and
        # bidi marks are stored, and made visible wherever a note is shown (fscli/visible.py).
        # Only what no text can hold is refused.
        if code == 0:
            return "contains a NUL character (U+0000)"
        if category in ("Cs", "Cn"):
            return f"contains an unassigned character (U+{code:04X})"
        return None
    if code in BIDI:
        return f"contains a bidirectional control character (U+{code:04X})"
    if category == "Cc":
        return f"contains a control character (U+{code:04X})"
    if category == "Cf":
        return f"contains an invisible formatting character (U+{code:04X})"
    if category in ("Cs", "Co", "Cn"):
        return f"contains an unassigned or private character (U+{code:04X})"
    return None


def clean(value: str, field: str, *, max_len: int = NAME_MAX, multiline: bool = False, required: bool = True) -> tuple[str, list[Problem]]:
    """NFC-normalise and check one piece of text; returns the cleaned text and any problems."""
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = text.replace("\r\n", "\n").strip("\n ")
    else:
        text = " ".join(text.split(" ")).strip()
    problems: list[Problem] = []
    if required and not text.strip():
        problems.append(Problem(field, None, "must not be empty"))
        return text, problems
    for ch in text:
        reason = _bad_character(ch, multiline)
        if reason:
            problems.append(Problem(field, value, reason, "type the text again without it"))
            break
    if len(text) > max_len:
        problems.append(Problem(field, text[:40], f"is {len(text)} characters long; the limit is {max_len}"))
    return text, problems


def clip(text: str, width: int) -> str:
    """`text` cut to at most `width` characters at a space, with an ellipsis: never mid-word
    (a name or a reference cut short reads as another one). A first word longer than the
    width is the one thing cut."""
    if len(text) <= width:
        return text
    space = text.rfind(" ", 0, width)
    kept = text[:space] if space > 0 else text[: width - 1]
    return kept.rstrip(" ,;:") + "…"
