"""The rows whose free text names a person under restriction of processing (UK GDPR Art. 18), for
an export to hold back: a note written before the restriction on another record of their case
("Kerry had been drinking" on her son's visit) is about them too.

The rule is the write guard's, domain/processing.named_in_text; this module reads the texts it is
asked of, on one snapshot, and hands the ids to store/exporting.py's held_sql as one bound JSON
array a table, so the export's statements stay the same whatever the lists hold.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from fscli.domain import processing

Fetch = Callable[[str, dict[str, Any]], Iterable[tuple]]  # SQL with :name parameters -> rows, on one snapshot

# The current restrictions, each with its case's reference and its person's name (None: the whole case).
HELD_SELECT = (
    "SELECT pr.case_id, c.ref, pr.reason, pr.from_on, pr.person_id, p.name FROM processing_restriction pr"
    f" JOIN cases c ON c.id = pr.case_id LEFT JOIN person p ON p.id = pr.person_id WHERE pr.{processing.CURRENT_SQL}"
)


def held_of(row) -> processing.Held:
    """A restriction from a row of HELD_SELECT."""
    from fscli.store.db import as_date

    return processing.Held(case_id=row[0], ref=row[1], reason=row[2], since=as_date(row[3]), person_id=row[4], person=row[5])


def named_rows(fetch: Fetch) -> dict[str, list[int]]:
    """The rows of each table with free text (domain/processing.TEXT_COLUMNS) whose text names a
    person under a current restriction of processing, by the write guard's one rule. Only the
    cases with a person restricted are read, and the records of no case (which name someone only
    by their whole name). `fetch` runs on the snapshot asked about: the export's reader, or the
    import's transaction. Empty when no person is restricted."""
    held = [held_of(r) for r in fetch(f"{HELD_SELECT} AND pr.person_id IS NOT NULL ORDER BY pr.id", {})]  # noqa: S608 - fscli's own SQL
    if not held:
        return {}
    found: dict[str, list[int]] = {}
    for table, columns in processing.TEXT_COLUMNS.items():
        ids = processing.named_records(table, ((row[0], row[1], dict(zip(columns, row[2:]))) for row in fetch(_text_sql(table), {})), held)
        if ids:
            found[table] = ids
    return found


def _text_sql(table: str) -> str:
    """A table's ids, cases (a score's is its goal's) and free text, on the cases with a person under
    restriction (their case_id index leads) and, where a record may have no case, those of none."""
    from fscli.store import models
    from fscli.store.derived import THROUGH_PARENT

    parent, key = THROUGH_PARENT.get(table, (None, None))
    source, case = (f"{table} t JOIN {parent} o ON o.id = t.{key}", "o.case_id") if parent else (f"{table} t", "t.case_id")
    caseless = f" OR {case} IS NULL" if models.table(parent or table).c.case_id.nullable else ""
    columns = ", ".join(f"t.{c}" for c in processing.TEXT_COLUMNS[table])
    return f"SELECT t.id, {case}, {columns} FROM {source} WHERE {case} IN ({processing.HELD_PERSON_CASES_SQL}){caseless}"  # noqa: S608 - schema identifiers only


def named_param(table: str) -> str:
    """The parameter that carries a table's list: held_sql binds it, named_params fills it."""
    return f"named_{table}"


def named_params(fetch: Fetch) -> dict[str, str]:
    """The parameters held_sql binds: for each table with free text, the ids of its rows that name
    a person under restriction (named_rows, on `fetch`'s snapshot) as a JSON array. Every
    statement of one export binds the same lists, read once in its own snapshot."""
    named = named_rows(fetch)
    return {named_param(table): json.dumps(named.get(table, [])) for table in processing.TEXT_COLUMNS}
