"""How a record is named on the command line, so that a write cannot land on the wrong family.

A case is named by its reference (FS-0001, or the council's own ID), typed in any case; a view
also takes the number of an FS- reference (`2`) or a word of the family name that one case alone
has (`hart`).

A goal is named with its case: `FS-0001/2` is the second goal added to FS-0001. Goals are
numbered 1, 2, ... within their case in the order they were added (the order of their ids).

A bare goal number (`3`) is the goal's number across the whole database, as fscli printed it
before goals were named with their case. It is read so only when that goal is on one of your own
open cases (a case you hold now: FSCLI_WORKER or 'worker' in the config file); otherwise it is
refused with a line saying how to name the goal. A script that scores the goals of the worker's
own open cases by bare number keeps working; one aimed at another family's goal, or at a closed
case, is stopped.

Tasks, visits, diary entries and meetings have ids of their own (T7, V12, D4, M3) that no two
records share. They may be named with their case too (`FS-0002/T7`), which is then checked.
"""

from __future__ import annotations

import re

from fscli.domain.frozen import frozen
from fscli.domain.problems import Problem

# Cases. fscli numbers the cases it opens FS-0001, FS-0002, ...; a worker may name a case by that
# number (`2`) or by a word of its family name (`hart`). Kept here, away from the case rules'
# date arithmetic, because every view that takes a case reads them on the fast read path.
AUTO_REF_PREFIX = "FS-"


def auto_ref(number: int) -> str:
    return f"{AUTO_REF_PREFIX}{number:04d}"


def ref_for_number(text: str) -> str | None:
    """'2' -> 'FS-0002': a bare number typed for a case means the case fscli numbered so."""
    number = _number(text.strip())
    return auto_ref(number) if number and number < 10**6 else None


def _number(text: str) -> int | None:
    """A record's number as typed: ASCII digits, at most nine. str.isdigit() also takes '²' and
    other digits that int() refuses, and a number past any id would overflow a bound parameter."""
    return int(text) if re.fullmatch(r"[0-9]{1,9}", text) else None


def family_words(family: str) -> set[str]:
    """The words of a family name, folded: 'Hart-Jones family' -> {'hart-jones', 'hart', 'jones', 'family'}."""
    whole = {w.strip(".,()") for w in family.casefold().split()}
    return {w for w in whole | {part for w in whole for part in w.split("-")} if w}


def names_family(text: str, family: str) -> bool:
    """Whether `text` (one word, any case) is a word of the family name: 'wilma', 'hart'."""
    typed = text.strip().casefold()
    return bool(typed) and typed in family_words(family)


def is_family_word(text: str) -> bool:
    """Whether `text` could be a word of a family name (letters, with ' or - inside)."""
    return bool(re.fullmatch(r"[^\W\d_]+(?:['-][^\W\d_]+)*", text.strip()))


GOAL_FORM = "FS-0001/2"  # the example every message shows
GOAL_HINT = f"name it with its case, as in {GOAL_FORM} (the case, then the goal's number in 'fscli goal list REF')"


@frozen
class Named:
    """A record as typed: the case it was named with (None for a bare id) and its number."""

    ref: str | None
    number: int


def split_case(text: str) -> tuple[str | None, str]:
    """'FS-0001/2' -> ('FS-0001', '2'); '2' -> (None, '2'). A council's own reference may hold '/'
    itself, so the record's part is after the last one."""
    ref, sep, tail = text.strip().rpartition("/")
    return (ref.strip() or None) if sep else None, tail.strip()


def read_goal(text: str, field: str = "GOAL") -> tuple[Named | None, list[Problem]]:
    """A goal as `REF/N` (N counted within the case) or a bare database-wide number (`3`, `#3`)."""
    ref, tail = split_case(text)
    number = _number(tail.lstrip("#"))
    if not number or (ref is None and "/" in text):
        return None, [Problem(field, text, "is not a goal", GOAL_HINT)]
    return Named(ref, number), []


def read_id(text: str, prefix: str, field: str = "ID") -> tuple[Named | None, list[Problem]]:
    """A record with an id of its own, `T7` or `FS-0002/T7` (the prefix in any case)."""
    ref, tail = split_case(text)
    value = _number(tail.upper().removeprefix(prefix))
    if value is None or (ref is None and "/" in text):
        article = "an" if prefix[:1] in "AEFHILMNORSX" else "a"  # said as letters: an S-number, a T-number
        return None, [Problem(field, text, f"is not {article} {prefix}-number", f"as in {prefix}12, or with its case: FS-0001/{prefix}12")]
    return Named(ref, value), []


def goal_name(ref: str, number: int) -> str:
    """How a goal is shown wherever it is listed or confirmed: FS-0001/2."""
    return f"{ref}/{number}"


def numbers_within(goal_ids: list[int]) -> dict[int, int]:
    """Each goal id of one case -> its number within the case (1, 2, ... in the order added)."""
    return {goal_id: n for n, goal_id in enumerate(sorted(goal_ids), start=1)}


def bare_goal_problem(text: str, *, case_ref: str, case_open: bool, held_by: str | None, me: str | None, field: str = "GOAL") -> Problem | None:
    """Whether a bare goal number may be read as the database-wide number of a goal found on
    case `case_ref`: only if that case is open and held by me (see the module's rule)."""
    if not me:
        return Problem(field, text, "a bare goal number is read only for a goal on one of your open cases, and fscli does not know your name", GOAL_HINT + "; or set FSCLI_WORKER")
    if not case_open or not held_by or held_by.casefold() != me.strip().casefold():
        return Problem(field, text, "is not a goal on one of your open cases (bare goal numbers run across every family)", GOAL_HINT)
    return None


def wrong_case_problem(text: str, *, named_ref: str, actual_ref: str, what: str, field: str = "ID") -> Problem | None:
    """A record named with a case it does not belong to."""
    if named_ref.strip().casefold() == actual_ref.casefold():
        return None
    return Problem(field, text, f"this {what} is not on case {named_ref.strip()}", "check the id against the case's own lists")
