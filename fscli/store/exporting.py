"""Every table as lines of CSV or JSON, streamed from one read transaction.

The column set of each table is the contract with a council's warehouse: the model's columns, in
order, named as in the database (docs/exports.md lists them; a test keeps the two equal). On SQLite
each line is built by SQLite itself (printf, json_object), which runs about twice as fast as
Python's csv module; PostgreSQL builds JSON lines itself (row_to_json) and its CSV lines are built in
Python. Python's builders are the reference the tests hold both databases to. Identifiers in the SQL come from fscli's own schema, never from input; every value
(the --since instant) is a bound parameter.

CSV: RFC 4180, a header row, UTF-8, CRLF line ends. Text is always quoted, so an empty text ("")
and a missing one (nothing) stay different. A text starting with = + - @ tab CR or NUL, or with the
apostrophe itself, gets a leading apostrophe (OWASP CSV injection; reliability.md I4); `fscli import`
removes exactly one, so the round trip is exact.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from fscli.store.db import Reader
from fscli.visible import FORMULA_STARTS, spreadsheet_cell

# An export guards an apostrophe too, so that import's one strip gives back exactly what was stored.
EXPORT_GUARDED = (*FORMULA_STARTS, "'")

# How each table reaches its case, for --since: every row of a case changed since then is exported.
_CASE_OF = {
    "cases": "id",
    "plan_category": "(SELECT p.case_id FROM plan p WHERE p.id = plan_id)",
    "goal_score": "(SELECT g.case_id FROM goal g WHERE g.id = goal_id)",
    "contact_party": "(SELECT k.case_id FROM contact k WHERE k.id = contact_id)",
    "contact_worker": "(SELECT k.case_id FROM contact k WHERE k.id = contact_id)",
    "meeting_worker": "(SELECT m.case_id FROM meeting m WHERE m.id = meeting_id)",
    "restriction_worker": "(SELECT r.case_id FROM restriction r WHERE r.id = restriction_id)",
    "access_case": None,  # goes with its access row (below), never alone: its row would be missing
}
_CREATED = {"case_event": "recorded_at", "field_history": "recorded_at", "audit": "at", "access_log": "at", "restriction": "made_at", "processing_restriction": "made_at", "erasure": "erased_at"}
# Rows with no time of their own that belong to a meeting: made with it. A meeting of no one family
# (supervision) has no case to reach, so its workers and the cases it discussed go with the meeting.
_MADE_WITH = {
    "meeting_worker": "meeting_id IN (SELECT m.id FROM meeting m WHERE m.created_at >= :since)",
    "meeting_case": "meeting_id IN (SELECT m.id FROM meeting m WHERE m.created_at >= :since)",
    # The seals and the access log's cases go with the audit or access row that made them.
    "audit_row": "audit_id IN (SELECT a.id FROM audit a WHERE a.at >= :since)",
    "access_case": "access_id IN (SELECT l.id FROM access_log l WHERE l.at >= :since)",
    "restriction_worker": "restriction_id IN (SELECT r.id FROM restriction r WHERE r.made_at >= :since OR r.lifted_at >= :since)",
}


# Restriction of processing (domain/processing.py): the rows of a case restricted whole, or about a
# person restricted, are held back from an export, and every row that leads to one (a score of a
# held goal, a party to a held contact); the manifest counts them. The trail's own tables stay
# whole: they hold no record's values, and the chain is checked from them.
_NEVER_HELD = frozenset({"worker", "team", "team_member", "audit", "audit_row", "access_log", "access_case", "erasure", "idempotency_key", "counter",
                         # The restriction itself goes: a warehouse must learn of it to stop processing what earlier loads gave it.
                         "processing_restriction"})
HELD_WHY = "restriction of processing (UK GDPR Art. 18): the records of a case or person under a current restriction are not exported until it is lifted ('fscli processing list')"
# Rows held because what they say names a restricted person (a sibling's visit: "Kerry had been
# drinking"), not because they are linked to them: counted apart (the manifest's named_rows).
NAMED_WHY = ("names a person under restriction of processing (UK GDPR Art. 18): a record whose free text names them (on their own case by their first or whole name,"
             " on a record of no case by their whole name), and every row that leads to one, is not exported until the restriction is lifted")


def held_sql(name: str, kind: str, *, named: bool = True) -> str | None:
    """SQL: this row of table `name` is held back (None: the table is never held); without `named`,
    only for what links it to a restricted case or person, not for what its text says. Every
    subquery is uncorrelated, so each is read once a statement, whatever the table's size. The rows
    whose text names a restricted person are bound as a JSON array a table (store/restricted_names.py), the
    same SQL on both backends but for how each reads the array (`kind`: the backend's json_ids)."""
    from fscli.domain import processing
    from fscli.store import models
    from fscli.store.db import BACKENDS
    from fscli.store.restricted_names import named_param

    if name in _NEVER_HELD:
        return None
    table = models.table(name)
    if name == "cases":
        return f"id IN ({processing.HELD_CASES_SQL})"
    parts = [f"id IN ({processing.HELD_PEOPLE_SQL})"] if name == "person" else []
    if name == "field_history":  # a person's old name or date of birth
        parts.append(f"(entity = 'person' AND entity_id IN ({processing.HELD_PEOPLE_SQL}))")
    if named and name in processing.TEXT_COLUMNS:
        parts.append(f"id IN ({BACKENDS[kind].json_ids(named_param(name))})")
    for key in sorted(table.foreign_keys, key=lambda k: k.parent.name):
        parent = key.column.table.name
        if parent == name or parent in _NEVER_HELD:
            continue  # a correction or a series points within its own case, held with it
        column = key.parent.name
        inner = processing.HELD_CASES_SQL if parent == "cases" else f"SELECT id FROM {parent} WHERE {held_sql(parent, kind, named=named)}"  # noqa: S608 - schema identifiers only
        parts.append(f"({column} IS NOT NULL AND {column} IN ({inner}))")
    return " OR ".join(parts) or None


def _kept(spec: TableSpec, kind: str) -> list[str]:
    held = held_sql(spec.name, kind)
    return [f"NOT ({held})"] if held else []


def held_count_sql(spec: TableSpec, kind: str, *, since: bool) -> str | None:
    """How many of the table's rows (since --since) are held back, and how many of those for what
    links them to a restricted case or person (the rest, for a name in their text or their
    parent's); None for a table never held."""
    held = held_sql(spec.name, kind)
    if held is None:
        return None
    linked = held_sql(spec.name, kind, named=False) or "1 = 0"
    where = f"({_since_clause(spec)}) AND " if since else ""
    return f"SELECT count(*), sum(CASE WHEN {linked} THEN 1 ELSE 0 END) FROM {spec.name} WHERE {where}({held})"  # noqa: S608 - schema identifiers only


@dataclass(frozen=True)
class TableSpec:
    name: str
    columns: tuple[tuple[str, str], ...]  # (column, kind: int | text | date | datetime)
    nullable: frozenset[str] = frozenset()

    @property
    def names(self) -> list[str]:
        return [c for c, _ in self.columns]


def _kind(column) -> str:
    from fscli.store.types import IsoDate, UtcDateTime

    if isinstance(column.type, IsoDate):
        return "date"
    if isinstance(column.type, UtcDateTime):
        return "datetime"
    return "int" if column.type.python_type is int else "text"


def table_spec(name: str) -> TableSpec:
    """One table's columns and kinds, building only that table's area of the models (a write
    sealing its records needs the tables it wrote, not all of them)."""
    from fscli.store import models

    table = models.table(name)
    return TableSpec(name, tuple((c.name, _kind(c)) for c in table.columns), frozenset(c.name for c in table.columns if c.nullable))


def table_specs() -> dict[str, TableSpec]:
    """Every table of the schema, in the order a loader can insert them (parents first)."""
    from fscli.store.schema import TABLES

    return {name: table_spec(name) for name in TABLES}


def _since_clause(spec: TableSpec) -> str:
    names = spec.names
    if spec.name == "counter":
        return "1 = 1"  # a handful of sequence values: always whole
    if spec.name == "audit":
        return "at >= :since"
    created = _CREATED.get(spec.name, "created_at" if "created_at" in names else None)
    case = _CASE_OF.get(spec.name, "case_id" if "case_id" in names else None)
    parts = []
    if created:
        parts.append(f"{created} >= :since")
    if case:
        parts.append(f"{case} IN (SELECT a.case_id FROM audit a WHERE a.at >= :since AND a.case_id IS NOT NULL)")
    if spec.name in _MADE_WITH:
        parts.append(_MADE_WITH[spec.name])
    # A table with no way to tell what changed goes whole, as the counters do (an empty WHERE was
    # a syntax error: every --since export failed once revision 0013 added such tables).
    return " OR ".join(parts) or "1 = 1"


def _where(spec: TableSpec, since: bool, kind: str) -> str:
    """The rows exported: those changed since --since (when given), none held back."""
    conditions = ([f"({_since_clause(spec)})"] if since else []) + _kept(spec, kind)
    return f" WHERE {' AND '.join(conditions)}" if conditions else ""


def select_sql(spec: TableSpec, kind: str, *, line: str | None, since: bool) -> str:
    """The table's rows in id order: raw columns, or (SQLite) ready-made csv or json lines."""
    where = _where(spec, since, kind)
    return f"SELECT {_fields_sql(spec, line)} FROM {spec.name}{where} ORDER BY {_order(spec)}"  # noqa: S608 - schema identifiers only


def _fields_sql(spec: TableSpec, line: str | None) -> str:
    if line == "csv":
        # One printf a row: 40% faster than joining the fields with || (benchmarks/export.py).
        return f"printf('{','.join(['%s'] * len(spec.columns))}', " + ", ".join(_csv_field_sql(c, k) for c, k in spec.columns) + ")"
    if line == "json":
        return "json_object(" + ", ".join(f"'{c}', {c}" for c in spec.names) + ")"
    return ", ".join(spec.names)


def pg_json_sql(spec: TableSpec, *, since: bool) -> str:
    """PostgreSQL's own JSON for each row (row_to_json is compact, keys in column order), with
    instants written as SQLite keeps them, so both backends export the same bytes."""
    fields = ", ".join(
        f"""to_char({c} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"') AS {c}""" if k == "datetime" else c for c, k in spec.columns
    )
    where = _where(spec, since, "postgresql")
    return f"SELECT row_to_json(t)::text FROM (SELECT {fields} FROM {spec.name}{where}) t ORDER BY t.{_order(spec)}"  # noqa: S608 - schema identifiers only


def _order(spec: TableSpec) -> str:
    return {"counter": "name", "idempotency_key": "key"}.get(spec.name, "id")


def count_sql(spec: TableSpec, kind: str, *, since: bool) -> str:
    where = _where(spec, since, kind)
    return f"SELECT count(*) FROM {spec.name}{where}"  # noqa: S608 - schema identifiers only


def _csv_field_sql(column: str, kind: str) -> str:
    if kind != "text":
        return f"ifnull({column}, '')"
    # %w doubles the double quotes inside; the GLOB class is = + @ ' tab CR - (stored text never
    # holds NUL: fscli refuses it at entry and on import).
    formula = f"{column} GLOB '[=+@''\t\r-]*'"
    return f"CASE WHEN {column} IS NULL THEN '' WHEN {formula} THEN printf('\"''%w\"', {column}) ELSE printf('\"%w\"', {column}) END"


def plain(value: Any, kind: str) -> Any:
    """A value as both backends export it: ISO dates, UTC instants with microseconds."""
    if value is None:
        return None
    if kind == "datetime" and isinstance(value, datetime):
        return value.astimezone(timezone.utc).isoformat(timespec="microseconds")
    if kind == "date" and isinstance(value, date):
        return value.isoformat()
    return value


def csv_field(value: Any, kind: str) -> str:
    value = plain(value, kind)
    if value is None:
        return ""
    if kind != "text":
        return str(value)
    text = spreadsheet_cell(value, EXPORT_GUARDED)
    return '"' + text.replace('"', '""') + '"'


def csv_header(spec: TableSpec) -> str:
    return ",".join(spec.names)


def csv_line(spec: TableSpec, row: tuple) -> str:
    return ",".join(csv_field(v, k) for v, (_, k) in zip(row, spec.columns))


def json_line(spec: TableSpec, row: tuple) -> str:
    record = {c: plain(v, k) for v, (c, k) in zip(row, spec.columns)}
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def blocks(reader: Reader, spec: TableSpec, style: str, params: dict, *, since: bool, separator: str) -> Iterator[tuple[str, int]]:
    """One table's lines (csv or json) streamed as blocks of text, `separator` between lines and
    none after the last line of a block, with the number of lines in each block.

    On SQLite each block is 5,000 lines joined by SQLite itself (group_concat over the next rows
    in key order), so Python handles one string per block instead of one per row: the CSV export
    went from 0.45x to over half the speed of `sqlite3 -csv` (benchmarks/export.py). It is still
    one snapshot: every block is read inside the same read transaction.
    """
    if reader.kind == "sqlite":
        yield from _sqlite_blocks(reader, spec, style, params, since=since, separator=separator)
        return
    if style == "json":
        for batch in reader.stream(pg_json_sql(spec, since=since), params):
            yield separator.join(r[0] for r in batch), len(batch)
        return
    for batch in reader.stream(select_sql(spec, reader.kind, line=None, since=since), params):
        yield separator.join(csv_line(spec, r) for r in batch), len(batch)


_BLOCK = 5000


def _sqlite_blocks(reader: Reader, spec: TableSpec, style: str, params: dict, *, since: bool, separator: str) -> Iterator[tuple[str, int]]:
    key = _order(spec)
    line = _fields_sql(spec, style)
    conditions = ([f"({_since_clause(spec)})"] if since else []) + _kept(spec, reader.kind)

    def sql(after: bool) -> str:
        where = " AND ".join(conditions + ([f"{key} > :after"] if after else [])) or "1 = 1"
        # The subquery's ORDER BY with LIMIT is evaluated first, so group_concat sees its rows in key order.
        return (
            f"SELECT group_concat(line, :separator), count(*), max({key}) FROM "  # noqa: S608 - schema identifiers only
            f"(SELECT {line} AS line, {key} FROM {spec.name} WHERE {where} ORDER BY {key} LIMIT {_BLOCK})"
        )

    first, following = sql(after=False), sql(after=True)
    values = {**params, "separator": separator}
    text, n, last = reader.conn.execute(first, values).fetchone()
    while n:
        yield text, n
        if n < _BLOCK:
            return
        text, n, last = reader.conn.execute(following, {**values, "after": last}).fetchone()


def rows(reader: Reader, spec: TableSpec, params: dict, *, since: bool) -> Iterator[list[tuple]]:
    """Batches of raw rows, values as `plain` gives them (for the spreadsheet)."""
    for batch in reader.stream(select_sql(spec, reader.kind, line=None, since=since), params):
        yield [tuple(plain(v, k) for v, (_, k) in zip(r, spec.columns)) for r in batch]


def exported_cases(reader: Reader) -> list[int]:
    """The cases an export showed, for its access row: every case but those held back whole."""
    return [row[0] for row in reader.tuples(f"SELECT id FROM cases WHERE NOT ({held_sql('cases', reader.kind)}) ORDER BY id")]  # noqa: S608 - fscli's own SQL


def held_back(reader: Reader, specs: list[TableSpec], params: dict, *, since: bool) -> dict:
    """The manifest's account of what restriction of processing held back, so that a warehouse
    sees a gap explained, never a silent one: the rows of each table left out for what links
    them to a restricted case or person (`rows`), those left out only for naming a restricted
    person in their text or their parent's (`named_rows`), and why."""
    from fscli.domain import processing

    counts, named = {}, {}
    for spec in specs:
        sql = held_count_sql(spec, reader.kind, since=since)
        if sql is None:
            continue
        n, linked = reader.tuples(sql, params)[0]
        if linked:
            counts[spec.name] = linked
        if n - (linked or 0):
            named[spec.name] = n - (linked or 0)
    held: dict = {"rows": counts, "named_rows": named}
    if counts or named:
        held["cases_restricted"] = reader.scalar(f"SELECT count(*) FROM ({processing.HELD_CASES_SQL}) h") or 0  # noqa: S608 - fscli's own SQL
        held["people_restricted"] = reader.scalar(f"SELECT count(*) FROM ({processing.HELD_PEOPLE_SQL}) h") or 0  # noqa: S608 - fscli's own SQL
        held["why"] = HELD_WHY
    if named:
        held["named_why"] = NAMED_WHY
    return held
