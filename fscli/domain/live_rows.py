"""Which rows of the voidable tables are live, as SQL every query renders: the part of the
voiding rule (domain/voiding.py, which re-exports it) that every view and derived fact needs,
kept apart from the voiding commands' parsing and dataclass so that the read views do not import
them (1 ms of `fscli due`; benchmarks/startup.py).

A row is live when it is not voided and, for the kinds a correction can supersede (visits,
meetings, diary entries: `note correct`; goal scores: a corrected score), no later row supersedes it.
"""

from __future__ import annotations

# The column of a later row that supersedes a row of the table, for the tables that have one.
SUPERSEDED_BY: dict[str, str] = {"contact": "corrects_id", "meeting": "corrects_id", "diary": "corrects_id", "goal_score": "supersedes_id"}
# The letter a worker types before a row's id (V12); a goal has none (it is named FS-0001/2).
PREFIXES: dict[str, str] = {"contact": "V", "meeting": "M", "diary": "D", "task": "T", "goal_score": "S", "plan": "P", "planned_visit": "B", "goal": "", "sar_request": "SAR"}
VOIDABLE_TABLES: tuple[str, ...] = tuple(PREFIXES)


def label(table: str, row_id: int) -> str:
    """How a record of a voidable kind is shown in a list: 'S5', 'P2', 'B9'."""
    return f"{PREFIXES[table]}{row_id}"


def live_sql(table: str, alias: str) -> str:
    """The condition that row `alias` of `table` is live: not voided, and not superseded by a
    correction. Every view, clock, count and derived fact reads only live rows."""
    if table not in VOIDABLE_TABLES:
        raise KeyError(table)
    condition = f"{alias}.voided_at IS NULL"
    column = SUPERSEDED_BY.get(table)
    if column:
        later = f"{alias}_later"
        condition += f" AND NOT EXISTS (SELECT 1 FROM {table} {later} WHERE {later}.{column} = {alias}.id)"
    return condition


def not_voided_sql(alias: str) -> str:
    """The condition that row `alias` is not voided, for views that show corrections as such."""
    return f"{alias}.voided_at IS NULL"
