"""Rows of any table looked up by a column's values, in chunks, and a table's foreign keys: what an
import needs of tables it knows only by name. Identifiers come from fscli's own schema; every
value is a bound parameter."""

from __future__ import annotations

CHUNK = 500  # values looked up per query


def foreign_keys(name: str) -> list[tuple[str, str]]:
    """(column, the table it points at) for each foreign key of the table."""
    from fscli.store import models

    out = []
    for col in models.table(name).columns:
        for fk in col.foreign_keys:
            out.append((col.name, fk.column.table.name))
    return out


def max_id(conn, name: str) -> int:
    """The table's highest id, 0 when it is empty."""
    from sqlalchemy import func, select
    from fscli.store import models

    return conn.execute(select(func.max(models.table(name).c.id))).scalar() or 0


def rows_where_in(conn, name: str, columns: list[str], column: str, values: list) -> list[dict]:
    """The table's rows (those columns) whose `column` is one of `values`; None finds it empty."""
    from sqlalchemy import select
    from fscli.store import models

    table = models.table(name)
    found: list[dict] = []
    given = [v for v in values if v is not None]
    for start in range(0, len(given), CHUNK):
        query = select(*(table.c[c] for c in columns)).where(table.c[column].in_(given[start : start + CHUNK]))
        found += [dict(row) for row in conn.execute(query).mappings()]
    if len(given) < len(values):
        found += [dict(row) for row in conn.execute(select(*(table.c[c] for c in columns)).where(table.c[column].is_(None))).mappings()]
    return found


def existing_ids(conn, name: str, ids: list[int]) -> set[int]:
    return {row["id"] for row in rows_where_in(conn, name, ["id"], "id", ids)}
