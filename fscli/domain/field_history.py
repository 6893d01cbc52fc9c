"""How a value put right, or given way at a birth, is told to a worker: the words of field_history.

Values are kept as text (dates as ISO); these words are the one place they are turned back into
what a worker reads in person list, case show and the chronology.
"""

from __future__ import annotations

import re
from datetime import date

from fscli.domain.dates import british

BORN = "born"  # the reason field_history gives for what a birth changed
FIELD_WORDS = {"name": "name", "dob": "date of birth", "sex": "sex", "due_on": "expected date of birth", "family": "family name",
               "ethnicity": "ethnicity", "disabilities": "disability", "reason": "referral reason"}  # fmt: skip
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")


def shown(value: str | None) -> str:
    """A kept value as a worker reads it: an ISO date the British way, nothing as 'not recorded'."""
    if value is None or value == "":
        return "not recorded"
    return british(date.fromisoformat(value)) if _ISO.fullmatch(value) else value


def describe(field: str, old: str | None, new: str | None, reason: str, on: date) -> str:
    """'name corrected on 05/12/2026 from Lilly Hart to Lily Hart (misspelt at referral)'; a birth:
    'expected 10/11/2026'. The date is the day it was put right, said so: 'was X until DATE' read as
    if the old value had been true until then."""
    if field == "due_on" and reason == BORN:
        return f"expected {shown(old)}"
    if reason == BORN:
        return f"{FIELD_WORDS.get(field, field)} before the birth was {shown(old)}"
    return f"{FIELD_WORDS.get(field, field)} corrected on {british(on)} from {shown(old)} to {shown(new)} ({reason})"


MOVED = "case"  # the field of a move (domain/moving.py): old and new values are the cases' references


def moved_words(entry: str, old_ref: str | None, new_ref: str | None, here: str, reason: str, on: date) -> str:
    """An entry filed on the wrong family, as each case's chronology tells it: on the case it left
    'V12 moved to FS-0004 on 05/12/2026 (filed on the wrong family)', on the case it went to
    'V12 moved here from FS-0003 on 05/12/2026 (...)'."""
    if old_ref is not None and here.casefold() == old_ref.casefold():
        return f"{entry} moved to {new_ref} on {british(on)} ({reason})"
    return f"{entry} moved here from {old_ref} on {british(on)} ({reason})"


def birth_line(born: date | None, expected: str | None) -> str | None:
    """'born 03/11/2026, expected 10/11/2026': a birth with the expected date it kept."""
    if born is None or expected is None:
        return None
    return f"born {british(born)}, expected {shown(expected)}"
