"""The write guard of restriction of processing (domain/processing.py): run by store/uow.py's
run() on every write, before the derived facts are worked out again.

One indexed query (uq_processing_restriction_current leads with case_id) for the cases the write
touched; only when one of them has a person under restriction are the parents of the rows written
(a contact's parties, a score's goal) read, to find whom the write is about.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fscli.domain import processing
from fscli.errors import RuleBroken
from fscli.store.restricted_names import HELD_SELECT, held_of, named_params

# Rows that are about a person through their parent: (parent table, how the parent names its people).
_PARENT_PEOPLE = {
    "contact": "SELECT person_id FROM contact_party WHERE person_id IS NOT NULL AND contact_id IN ",
    "goal_score": "SELECT person_id FROM goal WHERE person_id IS NOT NULL AND id IN ",
}
_PARENT_KEY = {"contact": "id", "goal_score": "goal_id"}


def current(conn, case_ids: Iterable[int]) -> list[processing.Held]:
    """The current restrictions of processing of these cases."""
    from sqlalchemy import text

    from fscli.store.derived import id_list

    ids = set(case_ids)
    if not ids:
        return []
    params: dict[str, Any] = {}
    rows = conn.execute(text(f"{HELD_SELECT} AND pr.case_id IN {id_list(ids, params)} ORDER BY pr.person_id IS NOT NULL, pr.id"), params).all()  # noqa: S608 - ids are bound
    return [held_of(r) for r in rows]


def persons_of(conn, records: Iterable[Any]) -> set[int]:
    """The people the records written are about: by their own column, or through their parent."""
    from sqlalchemy import text

    from fscli.store.derived import id_list

    persons: set[int] = set()
    parents: dict[str, set[int]] = {}
    for record in records:
        table = getattr(record, "__tablename__", None)
        column = processing.PERSON_COLUMN.get(table)
        if column is not None and getattr(record, column, None) is not None:
            persons.add(getattr(record, column))
        if table in _PARENT_PEOPLE and getattr(record, _PARENT_KEY[table], None) is not None:
            parents.setdefault(table, set()).add(getattr(record, _PARENT_KEY[table]))
    for table, ids in parents.items():
        params: dict[str, Any] = {}
        persons.update(conn.execute(text(_PARENT_PEOPLE[table] + id_list(ids, params)), params).scalars())  # noqa: S608 - fscli's own SQL, ids bound
    return persons


def refuse_restricted(conn, records: list[Any], cases: set[int], before: dict[int, dict[str, Any]] | None = None) -> None:
    """Refuse, in one line, a write that touches a case or a person under restriction of processing:
    judging each record's free text as it will be, as it was and on the case it was on (`before`,
    remember_before's), and a correction's by the text it corrects."""
    before = before or {}
    held = current(conn, cases)
    if not held:
        return
    persons: set[int] = set()
    named_by: dict[int, str] = {}  # a person only the free text is about: the column that names them
    if any(h.person_id is not None for h in held):
        persons = persons_of(conn, records)
        for record in records:
            table = getattr(record, "__tablename__", None)
            columns = processing.TEXT_COLUMNS.get(table or "", ())
            if not columns:
                continue
            case_id = _case_of(conn, record)
            texts = {column: getattr(record, column, None) for column in columns}
            if id(record) not in before:  # a new record: the worker may write it without the name
                for column, said in texts.items():
                    for person in processing.named_in_text(table, case_id, {column: said}, held):
                        named_by.setdefault(person, column)
            else:
                persons |= processing.named_in_text(table, case_id, texts, held)
            for on, was in _texts_before(conn, record, table, columns, case_id, before.get(id(record))):
                persons |= processing.named_in_text(table, on, was, held)
    broken = processing.refusal(held, cases, persons | set(named_by))
    if broken is not None:
        by_text = named_by.get(broken.person_id) if broken.person_id not in persons else None  # type: ignore[arg-type]
        message, hint = processing.refusal_line(broken, by_text)
        raise RuleBroken(message, hint=hint)


def remember_before(records: Iterable[Any], before: dict[int, dict[str, Any]]) -> None:
    """Before a flush: keep, on each changed record that has free text, its case and text as stored
    (the first flush's, should there be more), so that the guard judges what the record said, and
    on which case, as well as what it will say: a note moved off its case, or edited, was about
    whom it named there. `before` is kept by the record's id() (the session holds the record)."""
    from sqlalchemy import inspect

    for record in records:
        columns = processing.TEXT_COLUMNS.get(getattr(record, "__tablename__", None) or "", ())
        if not columns or id(record) in before:
            continue
        state = inspect(record)
        was = before[id(record)] = {}
        for column in (*columns, "case_id"):
            if column in state.attrs:
                history = state.attrs[column].history
                was[column] = history.deleted[0] if history.deleted else getattr(record, column, None)


def _texts_before(conn, record: Any, table: str, columns: tuple[str, ...], case_id: int | None, was: dict[str, Any] | None) -> list[tuple[int | None, dict[str, Any]]]:
    """The text the write changes, with the case it was on: the record's own before the write, and
    the stored text of the record a correction corrects (its original stays, but is corrected)."""
    from sqlalchemy import text

    found = []
    if was:
        found.append((was.get("case_id", case_id), {column: was.get(column) for column in columns}))
    corrects = getattr(record, "corrects_id", None)
    if corrects is not None:
        row = conn.execute(text(f"SELECT {', '.join(columns)} FROM {table} WHERE id = :id"), {"id": corrects}).mappings().first()  # noqa: S608 - fscli's own table and column names
        if row is not None:
            found.append((case_id, dict(row)))
    return found


def _case_of(conn, record: Any) -> int | None:
    """The case a record's text is on: its own, or (a goal's score) its parent's, as restricted_names.named_rows reads it."""
    from sqlalchemy import text

    from fscli.store.derived import THROUGH_PARENT

    table = getattr(record, "__tablename__", None)
    if table not in THROUGH_PARENT:
        return getattr(record, "case_id", None)
    parent, key = THROUGH_PARENT[table]
    return conn.execute(text(f"SELECT case_id FROM {parent} WHERE id = :id"), {"id": getattr(record, key)}).scalar()  # noqa: S608 - fscli's own table names


def held_counts(conn, tables: Iterable[str]) -> dict[str, int]:
    """For a bulk write (an import's rows, written by SQL of their own, not through the session):
    how many rows of each table restriction of processing holds now (store/exporting.py's
    held_sql and the names in free text, the export's one rule), to compare after the write.
    Empty when nothing is held."""
    from sqlalchemy import text

    from fscli.store.exporting import held_sql

    if conn.execute(text(f"SELECT 1 FROM processing_restriction WHERE {processing.CURRENT_SQL} LIMIT 1")).first() is None:  # noqa: S608 - fscli's own SQL
        return {}
    params = named_params(lambda sql, values: conn.execute(text(sql), values).all())
    held = {name: held_sql(name, conn.dialect.name) for name in tables}
    return {name: conn.execute(text(f"SELECT count(*) FROM {name} WHERE {where}"), params).scalar_one() for name, where in held.items() if where}  # noqa: S608 - schema identifiers only


def refuse_held_growth(conn, before: dict[str, int]) -> None:
    """Refuse, in one line, a bulk write that added rows to records under restriction of processing."""
    grown = {name: n - before[name] for name, n in held_counts(conn, before).items() if n > before[name]}
    if grown:
        rows = ", ".join(f"{name} {n:,}" for name, n in grown.items())
        raise RuleBroken(f"the import adds rows to records under restriction of processing ({rows}): nothing was changed", hint="lift the restriction first (see 'fscli processing list'), or import without those records")
