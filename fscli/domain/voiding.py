"""An entry made in error is voided, never deleted: the voiding rule's one home.

A voided entry leaves every view, clock, count, derived fact and indicator; it stays in the audit
and in the export (with voided_at and void_reason), and `fscli chronology --voided` shows it
struck through. Voiding takes a reason, and happens once.

Which rows are live is written here once, as SQL every query renders (`live_sql`): a row is live
when it is not voided and, for the kinds a correction can supersede (visits, meetings, diary
entries: `note correct`; goal scores: a corrected score), no later row supersedes it.

A correction and the entry it corrects are one entry written twice: voiding the latest of the
chain voids the whole chain (the same reason on every row), and naming an earlier row of it is
refused with a line naming the row to void. A voided goal takes its scores out of every view
with it; a voided plan takes its categories.

How each kind is named (`V12`, `M3`, `FS-0001/2` for a goal, ...) is fscli/domain/naming.py; the
prefixes of the kinds that had none before voiding (scores, plans, planned visits) are here and
shown wherever those records are listed, so that a worker can find what to void.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from fscli.domain.naming import Named, read_goal, read_id, split_case
from fscli.domain.problems import Problem


@dataclass(frozen=True)
class Voidable:
    table: str
    prefix: str  # the letter a worker types before the id: V12; '' for a goal (FS-0001/2)
    what: str  # how a message names one
    superseded_by: str | None = None  # the column of a later row that supersedes this one


SCORE_PREFIX = "S"
PLAN_PREFIX = "P"
BOOKING_PREFIX = "B"  # a planned visit: a booking

KINDS = (
    Voidable("contact", "V", "visit", "corrects_id"),
    Voidable("meeting", "M", "meeting", "corrects_id"),
    Voidable("diary", "D", "diary entry", "corrects_id"),
    Voidable("task", "T", "task"),
    Voidable("goal_score", SCORE_PREFIX, "goal score", "supersedes_id"),
    Voidable("plan", PLAN_PREFIX, "plan"),
    Voidable("planned_visit", BOOKING_PREFIX, "planned visit"),
    Voidable("goal", "", "goal"),
)
BY_TABLE = {k.table: k for k in KINDS}
BY_PREFIX = {k.prefix: k for k in KINDS if k.prefix}
ID_FORMS = "V12 (visit), M3 (meeting), D4 (diary), T7 (task), S5 (goal score), P2 (plan), B9 (planned visit) or FS-0001/2 (goal)"


def label(table: str, row_id: int) -> str:
    """How a record of a voidable kind is shown in a list: 'S5', 'P2', 'B9'."""
    return f"{BY_TABLE[table].prefix}{row_id}"


def live_sql(table: str, alias: str) -> str:
    """The condition that row `alias` of `table` is live: not voided, and not superseded by a
    correction. Every view, clock, count and derived fact reads only live rows."""
    kind = BY_TABLE[table]
    condition = f"{alias}.voided_at IS NULL"
    if kind.superseded_by:
        later = f"{alias}_later"
        condition += f" AND NOT EXISTS (SELECT 1 FROM {table} {later} WHERE {later}.{kind.superseded_by} = {alias}.id)"
    return condition


def not_voided_sql(alias: str) -> str:
    """The condition that row `alias` is not voided, for views that show corrections as such."""
    return f"{alias}.voided_at IS NULL"


def read_void_id(text: str) -> tuple[Voidable | None, Named | None, list[Problem]]:
    """`V12`, `FS-0002/V12`, `S5`, `P2`, `B9`, a goal `FS-0001/2` (or a bare goal number): what
    kind of entry, and its number."""
    tail = split_case(text)[1]
    letters = re.match(r"[A-Za-z]*", tail)
    prefix = letters.group(0) if letters else ""
    if not prefix:
        named, problems = read_goal(text, "ID")
        return (BY_TABLE["goal"] if named else None), named, problems
    kind = BY_PREFIX.get(prefix.upper())
    if kind is None:
        return None, None, [Problem("ID", text, "is not an entry fscli can void", f"give {ID_FORMS}")]
    named, problems = read_id(text, kind.prefix)
    return (kind if named else None), named, problems


def void_problems(text: str, *, what: str, voided: bool, superseded_by: str | None, reason: str | None) -> list[Problem]:
    """Whether this entry may be voided now: once, at the end of its correction chain, with a reason."""
    problems: list[Problem] = []
    if voided:
        problems.append(Problem("ID", text, f"this {what} is voided already"))
    elif superseded_by:
        problems.append(Problem("ID", text, f"this {what} was corrected by {superseded_by}", f"void {superseded_by}: that voids the correction and the entry it corrects"))
    if not reason:
        problems.append(Problem("--reason", reason, "say why the entry was made in error"))
    return problems

