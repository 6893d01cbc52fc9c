"""The seals of the records: a digest of each record's values as stored, so that `fscli db check`
can name each record rewritten, deleted or inserted outside fscli (issue 23 §4).

Every audit row names the records its command wrote (audit_row: table, id, and the digest of the
values the command left; an empty digest for a record removed), and `audit.written`, a digest of
that list (store/audit.py `written_digest`), is covered by the row's chained hash. `db check`
compares every live record of every sealed table with the latest digest the trail holds for it.

The digest is the one home of "a record's values": sha256 of the JSON of its [column, value] pairs
in order of column name, dates as ISO text, instants as UTC ISO text to the microsecond, numbers as
numbers. A NULL is left out, so a column a later release adds (NULL in every older row) leaves every
seal as it was. It reads the same from either backend and either driver: SQLite hands back ISO
text, PostgreSQL dates and datetimes, SQLAlchemy's types both; each value is read by its column's
kind (store/exporting.py `table_specs`), whichever form it comes in.

Not sealed: the bookkeeping (counter, idempotency keys), the audit and access logs themselves (the
chain guards them), and what is derived from the records (store/derived.py, the search index),
which `db check` works out again and compares.

A migration that rewrites stored values must seal what it rewrote; the one that brought the seals
(0013) is followed by one audit row, `db.seal`, sealing every record as it stood at the upgrade.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Iterator
from datetime import datetime, timezone
from functools import cache

from fscli.store.schema import REVISIONS, TABLES

NOT_SEALED = ("counter", "idempotency_key", "audit", "audit_row", "access_log", "access_case")
SEALED: tuple[str, ...] = tuple(sorted(t for t in TABLES if t not in NOT_SEALED))  # in the order written_digest lists them
SEALS_SINCE = "0013_team_server"  # the revision that brought audit_row: records older than it have no seal
BATCH = 2000  # ids read back per statement
FIRST_ID = -(2**62)  # below every id: where reading a table in order of id starts

Entry = tuple[str, int, "str | None"]  # (table, row id, digest; None: the record was removed)


def sealed_from(revision: str | None) -> bool:
    """Whether a caseload at `revision` already seals its records (else an upgrade seals them)."""
    return revision is not None and revision in REVISIONS and REVISIONS.index(revision) >= REVISIONS.index(SEALS_SINCE)


@cache
def columns(table: str) -> tuple[tuple[str, str], ...]:
    """The table's columns as (name, kind: int | text | date | datetime), in the table's order."""
    from fscli.store.exporting import table_spec

    return table_spec(table).columns


def _instant(value: object) -> str:
    if type(value) is str and len(value) == 32 and value[10] == "T" and value.endswith("+00:00"):
        return value  # as fscli stores an instant on SQLite: UTC, to the microsecond, already
    instant = datetime.fromisoformat(value) if isinstance(value, str) else value
    assert isinstance(instant, datetime)
    return instant.astimezone(timezone.utc).isoformat(timespec="microseconds")


def _date(value: object) -> str:
    return value if type(value) is str else value.isoformat()  # type: ignore[union-attr]


_json = json.JSONEncoder(ensure_ascii=True, separators=(",", ":")).encode  # made once: json.dumps with options makes one a call

# How a value of each kind is written in the digest; None: as it is (a number, a text).
_WRITTEN = {"int": None, "text": None, "date": _date, "datetime": _instant}


@cache
def _plan(table: str) -> tuple[tuple[int, str, object], ...]:
    """(position in the table's order, name, how its value is written), in order of column name:
    the digest's order."""
    return tuple(sorted(((i, name, _WRITTEN[kind]) for i, (name, kind) in enumerate(columns(table))), key=lambda c: c[1]))


def digest(table: str, values: Iterable[object]) -> str:
    """The seal of one record: `values` in the table's column order (a row as either driver or
    SQLAlchemy hands it back)."""
    row = values if isinstance(values, tuple) else tuple(values)
    pairs = [(name, value if write is None else write(value)) for i, name, write in _plan(table) if (value := row[i]) is not None]  # type: ignore[operator]
    return hashlib.sha256(_json(pairs).encode()).hexdigest()


def select_sql(table: str, alias: str = "t") -> str:
    """The table's columns, in its order, for a plain SQL reader (identifiers from fscli's schema only)."""
    return ", ".join(f"{alias}.{name}" for name, _ in columns(table))


# -- the write path: the records a command wrote, read back as stored ----------------------------


def _table(name: str):
    from fscli.store import models

    return models.table(name)


def read_back(conn, written: Iterable[tuple[str, int]]) -> list[Entry]:
    """Each record named, with the digest of its values as now stored (None: it is no longer there),
    in order of table and id. `conn` is the command's SQLAlchemy connection."""
    from sqlalchemy import select

    wanted: dict[str, set[int]] = {}
    for table, row_id in written:
        if table in SEALED and row_id is not None:
            wanted.setdefault(table, set()).add(int(row_id))
    entries: list[Entry] = []
    for name in sorted(wanted):
        table = _table(name)
        ids = sorted(wanted[name])
        found: dict[int, str] = {}
        for start in range(0, len(ids), BATCH):
            for row in conn.execute(select(table).where(table.c.id.in_(ids[start : start + BATCH]))):
                found[row.id] = digest(name, row)
        entries += [(name, row_id, found.get(row_id)) for row_id in ids]
    return entries


# A record's latest seal: the audit_row row of the highest audit id naming it (identifiers constant).
LATEST = "r.audit_id = (SELECT max(m.audit_id) FROM audit_row m WHERE m.tbl = r.tbl AND m.row_id = r.row_id)"


def unsealed_ids(conn, table: str, ids: Iterable[int]) -> set[int]:
    """Those of `ids` the trail holds no seal for (never sealed, or last sealed as removed)."""
    from sqlalchemy import text

    ids = sorted(set(ids))
    sealed: set[int] = set()
    for start in range(0, len(ids), BATCH):
        chunk = {f"i{n}": row_id for n, row_id in enumerate(ids[start : start + BATCH])}
        listed = ", ".join(f":{name}" for name in chunk)
        sql = f"SELECT r.row_id FROM audit_row r WHERE r.tbl = :tbl AND r.row_id IN ({listed}) AND r.digest IS NOT NULL AND {LATEST}"  # noqa: S608 - placeholders only
        sealed.update(conn.execute(text(sql), {"tbl": table, **chunk}).scalars())
    return set(ids) - sealed


class Unsealed:
    """Every live record of the sealed tables that the trail holds no seal for (never sealed, or
    last sealed as removed), as entries: what the audit row after an upgrade to 0013 seals.

    Iterable more than once, each time reading the records again in the same transaction (two
    passes: the written digest first, then the audit_row rows), so a council's millions of records
    are never held in memory at once."""

    def __init__(self, conn, tables: Iterable[str] = SEALED) -> None:
        self.conn = conn
        self.tables = sorted(tables)

    def __iter__(self) -> Iterator[Entry]:
        from sqlalchemy import text

        for name in self.tables:
            table = _table(name)
            after = FIRST_ID
            while True:
                # Identifiers from fscli's own schema only; every value is bound.
                sql = (f"SELECT {select_sql(name)} FROM {name} t WHERE t.id > :after AND NOT EXISTS ("  # noqa: S608
                       f"SELECT 1 FROM audit_row r WHERE r.tbl = :tbl AND r.row_id = t.id AND r.digest IS NOT NULL AND {LATEST})"
                       " ORDER BY t.id LIMIT :batch")  # fmt: skip
                query = text(sql).columns(*table.c)  # typed as the table's columns: the same values as a select(table)
                rows = self.conn.execute(query, {"tbl": name, "after": after, "batch": BATCH}).all()
                if not rows:
                    break
                for row in rows:
                    yield name, row.id, digest(name, row)
                after = rows[-1].id

