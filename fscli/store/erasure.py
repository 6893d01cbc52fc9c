"""Which rows hold a case, and removing them all in one transaction (issue 24, erasure).

Derived from the models' foreign keys, as store/cross_case.py is, so a table a later release adds
is covered without a word here: a row is the case's when its own case_id is the case's (a table
with a case_id column), or, for a table without one, when a column of it points at a row of the
case (a visit's parties, a goal's scores, a plan's categories). A row of no case (a supervision
meeting, a caseless diary note) is never taken: its meeting_case link to the case is. A record's
history in field_history goes with the record. What derives from the records (store/derived.py)
goes by its foreign keys' ON DELETE CASCADE; the search index by its triggers.

Kept: the trails, which are append-only and hold no values (audit, audit_row, the access log:
a case number, not a name), and the subject access requests, whose dates stay with their person
and case cleared (the request was answered; erasing before is refused by the service).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache

from fscli.store.identity import entity_table

CHUNK = 500  # ids bound per statement
KEPT = ("audit", "audit_row", "access_log", "access_case", "erasure", "idempotency_key", "counter", "sar_request")


def _tables():
    from fscli.store import models
    from fscli.store.schema import TABLES

    return {name: models.table(name) for name in TABLES}


@cache
def parents_first() -> tuple[str, ...]:
    """The case's tables, each after every table it points at (SQLAlchemy's sort of the models)."""
    from fscli.store import models

    wanted = set(_tables()) - set(KEPT)
    return tuple(t.name for t in models.load_all().sorted_tables if t.name in wanted)


def _own_case(table) -> bool:
    return "case_id" in table.c and table.name != "cases"


def rows_of_case(conn, case_id: int) -> dict[str, list[int]]:
    """Every row of the case, by table, in parents-first order (ids sorted)."""
    from sqlalchemy import select

    tables = _tables()
    found: dict[str, list[int]] = {}
    for name in parents_first():
        table = tables[name]
        if name == "cases":
            ids = {case_id}
        elif _own_case(table):
            ids = set(conn.execute(select(table.c.id).where(table.c.case_id == case_id)).scalars())
        else:
            ids = set()
            for column in table.c:
                for key in column.foreign_keys:
                    parent = key.column.table.name
                    if parent != name and found.get(parent):
                        ids |= _pointing(conn, table, column, found[parent])
        if name == "field_history":
            ids |= _history_of(conn, table, found)
        if ids:
            found[name] = sorted(ids)
    return found


def _pointing(conn, table, column, parent_ids: list[int]) -> set[int]:
    from sqlalchemy import select

    ids: set[int] = set()
    for start in range(0, len(parent_ids), CHUNK):
        ids.update(conn.execute(select(table.c.id).where(column.in_(parent_ids[start : start + CHUNK]))).scalars())
    return ids


def _history_of(conn, table, found: dict[str, list[int]]) -> set[int]:
    """Rows of field_history with no case of their own that tell the history of one of the case's records."""
    from sqlalchemy import select

    of_case = {(name, row_id) for name, ids in found.items() for row_id in ids}
    rows = conn.execute(select(table.c.id, table.c.entity, table.c.entity_id).where(table.c.case_id.is_(None)))
    return {row.id for row in rows if (entity_table(row.entity), row.entity_id) in of_case}


def remove(conn, found: dict[str, list[int]]) -> None:
    """Delete every row found, children before parents; within a table, a correction before the
    entry it corrects (its foreign keys RESTRICT, checked row by row)."""
    from sqlalchemy import delete

    tables = _tables()
    for name in reversed(parents_first()):
        ids = found.get(name)
        if not ids:
            continue
        table = tables[name]
        for wave in _waves(conn, table, ids):
            for start in range(0, len(wave), CHUNK):
                conn.execute(delete(table).where(table.c.id.in_(wave[start : start + CHUNK])))


def _waves(conn, table, ids: list[int]) -> Iterable[list[int]]:
    """The ids in turns: first those no other of them points at (its own foreign keys)."""
    from sqlalchemy import select

    own = [column for column in table.c for key in column.foreign_keys if key.column.table is table]
    if not own:
        yield ids
        return
    points: dict[int, set[int]] = {row_id: set() for row_id in ids}
    for start in range(0, len(ids), CHUNK):
        for row in conn.execute(select(table.c.id, *own).where(table.c.id.in_(ids[start : start + CHUNK]))):
            points[row[0]] = {target for target in row[1:] if target is not None and target in points}
    left = set(points)
    while left:
        pointed_at = {target for row_id in left for target in points[row_id] if target in left}
        wave = sorted(left - pointed_at)
        assert wave, f"{table.name}: rows that point at each other in a ring"
        yield wave
        left -= set(wave)


def forget_requests(conn, case_id: int, people: list[int]) -> list[int]:
    """Clear the person and case of the case's answered subject access requests; their ids."""
    from sqlalchemy import or_, select, update

    from fscli.store.models import SarRequest

    table = SarRequest.__table__  # type: ignore[attr-defined]
    which = or_(table.c.case_id == case_id, table.c.person_id.in_(people or [-1]))
    ids = sorted(conn.execute(select(table.c.id).where(which)).scalars())
    if ids:
        conn.execute(update(table).where(table.c.id.in_(ids)).values(person_id=None, case_id=None))
    return ids


def drop_index_leftovers(conn) -> None:
    """SQLite's search index keeps a deleted text's tokens in its older segments until they are
    merged (FTS5 records a delete as a marker): 'optimize' merges every segment into one, leaving
    only what the records hold, and secure_delete zeroes the pages it frees. FTS5's own
    'secure-delete' option would do it at each delete, but it needs SQLite 3.42 and makes the
    index unreadable to an older SQLite (Debian 12's Python has 3.40), so it is not used."""
    conn.exec_driver_sql("INSERT INTO search_index(search_index) VALUES ('optimize')")
