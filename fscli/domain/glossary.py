"""What the short words and codes of the work mean, for a reader from another council (a manager,
a panel): the one home of their explanations.

A code of a code set is explained by its label there (domain/codes.py: RC7 is "Services ceased for
any other reason, incl. child no longer in need"); the plan types' short names (CIN, CP, CLA) by
their plan type's label; the sections of the Children Act 1989 and the few other abbreviations the
documents use, here. `used_in()` finds those a text holds, so a document explains each where it
appears and lists them once.
"""

from __future__ import annotations

import re
from functools import cache

from fscli.domain.codes import CLOSURE_REASON, PLAN_TYPE

# Each short name of a plan type (PLAN_TYPE's code), with the words it stands for.
PLAN_ABBREVIATIONS = {"CIN": ("cin", "child in need"), "CP": ("cp", "child protection"), "CLA": ("cla", "child looked after"), "LAC": ("cla", "looked-after child (CLA's older name)")}

# Sections of the Children Act 1989 and other abbreviations, in words a manager elsewhere reads.
OTHER: dict[str, str] = {
    "s17": "section 17 of the Children Act 1989: the council's duty to help a child in need and their family",
    "s20": "section 20 of the Children Act 1989: a child looked after by the council with the parents' agreement, without a court order",
    "s47": "section 47 of the Children Act 1989: an enquiry into whether a child is suffering, or likely to suffer, significant harm",
    "LA": "local authority: a council's children's services",
    "ICPC": "initial child protection conference: the first meeting that decides whether a child needs a child protection plan",
}


@cache
def terms() -> dict[str, str]:
    """Every term explained, each with its explanation."""
    found = {short: f"{words}: {PLAN_TYPE.label(code)}" for short, (code, words) in PLAN_ABBREVIATIONS.items()}
    found.update(OTHER)
    found.update({c.code: f"closure reason: {c.label}" for c in CLOSURE_REASON.codes})
    return found


@cache
def _pattern() -> re.Pattern[str]:
    # Longest first, so OUTCOMES-MET is one term; a whole word only (CP in 'CPD' or 'cp-review' is not).
    names = sorted(terms(), key=len, reverse=True)
    return re.compile(r"(?<![\w-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w-])")


def split(text: str) -> list[tuple[str, str | None]]:
    """`text` in pieces: (words, None) and (a term, its explanation), in order."""
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for m in _pattern().finditer(text):
        if m.start() > at:
            pieces.append((text[at : m.start()], None))
        pieces.append((m.group(1), terms()[m.group(1)]))
        at = m.end()
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def used_in(*texts: str) -> list[tuple[str, str]]:
    """The terms the texts hold, each once with its explanation, in the order of first use."""
    seen: dict[str, str] = {}
    for text in texts:
        for m in _pattern().finditer(text):
            seen.setdefault(m.group(1), terms()[m.group(1)])
    return list(seen.items())
