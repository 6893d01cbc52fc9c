"""What the SQLite search index (migration 0007) must hold, for `fscli db check` to compare.

The index is kept in step by triggers on each source table. A later migration that rebuilt one of
those tables would drop its triggers without a word, and the index would quietly fall behind:
the check counts the entries of each kind against their source rows and looks for every trigger.
"""

from __future__ import annotations

from fscli.store.db import Reader

# kind -> how many source rows it should have; the literal SQL is fixed, nothing is bound.
SOURCE_COUNTS = {
    "case": "SELECT count(*) FROM cases",
    "person": "SELECT count(*) FROM person",
    "visit note": "SELECT count(*) FROM contact WHERE note IS NOT NULL",
    "diary": "SELECT count(*) FROM diary",
    "meeting": "SELECT count(*) FROM meeting WHERE decisions IS NOT NULL",
    "task": "SELECT count(*) FROM task",
    "goal": "SELECT count(*) FROM goal",
    "closure": "SELECT count(*) FROM case_event WHERE kind = 'closed'",
}
SOURCE_TABLES = ("cases", "person", "contact", "diary", "meeting", "task", "goal", "case_event")
TRIGGERS = frozenset(f"search_{table}_{event}" for table in SOURCE_TABLES for event in ("added", "changed", "removed"))


def problems(reader: Reader) -> tuple[str, list[str]]:
    """A one-line result for the check, and every problem found."""
    present = {r["name"] for r in reader.rows("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'search%'")}
    found = [f"search index: trigger {name} is missing, so the index misses new records" for name in sorted(TRIGGERS - present)]
    indexed = {r["kind"]: r["n"] for r in reader.rows("SELECT kind, count(*) AS n FROM search_index GROUP BY kind")}
    total = 0
    for kind, sql in SOURCE_COUNTS.items():
        expected = reader.scalar(sql) or 0
        total += expected
        if indexed.get(kind, 0) != expected:
            found.append(f"search index: {indexed.get(kind, 0)} {kind} entries for {expected} records")
    return (f"{total} entries in step with the records" if not found else f"{len(found)} problems"), found
