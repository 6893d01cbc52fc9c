"""An entry made in error is voided, never deleted: the voiding rule's one home.

A voided entry leaves every view, clock, count, derived fact and indicator; it stays in the audit
and in the export (with voided_at and void_reason), and `fscli chronology --voided` shows it
struck through. Voiding takes a reason, and happens once.

Which rows are live is written once, as SQL every query renders (`live_sql`, in
fscli/domain/live_rows.py, kept light for the read views): a row is live
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

from fscli.domain.live_rows import PREFIXES, SUPERSEDED_BY, label, live_sql, not_voided_sql  # noqa: F401  (re-exported)
from fscli.domain.naming import Named, read_goal, read_id, split_case
from fscli.domain.problems import Problem


@dataclass(frozen=True)
class Voidable:
    table: str
    prefix: str  # the letter a worker types before the id: V12; '' for a goal (FS-0001/2)
    what: str  # how a message names one
    superseded_by: str | None = None  # the column of a later row that supersedes this one


SCORE_PREFIX = PREFIXES["goal_score"]
PLAN_PREFIX = PREFIXES["plan"]
BOOKING_PREFIX = PREFIXES["planned_visit"]  # a planned visit: a booking

KINDS = (
    Voidable("contact", PREFIXES["contact"], "visit", SUPERSEDED_BY["contact"]),
    Voidable("meeting", PREFIXES["meeting"], "meeting", SUPERSEDED_BY["meeting"]),
    Voidable("diary", PREFIXES["diary"], "diary entry", SUPERSEDED_BY["diary"]),
    Voidable("task", PREFIXES["task"], "task"),
    Voidable("goal_score", SCORE_PREFIX, "goal score", SUPERSEDED_BY["goal_score"]),
    Voidable("plan", PLAN_PREFIX, "plan"),
    Voidable("planned_visit", BOOKING_PREFIX, "booking"),  # a visit planned or a meeting booked
    Voidable("goal", PREFIXES["goal"], "goal"),
    Voidable("sar_request", PREFIXES["sar_request"], "subject access request"),  # recorded in error: it leaves the officer's due list
)
BY_TABLE = {k.table: k for k in KINDS}
BY_PREFIX = {k.prefix: k for k in KINDS if k.prefix}
ID_FORMS = "V12 (visit), M3 (meeting), D4 (diary), T7 (task), S5 (goal score), P2 (plan), B9 (booking: a planned visit or booked meeting), SAR2 (subject access request) or FS-0001/2 (goal)"


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

