"""A merge: `fscli import EXPORT --skip-existing` into a caseload that holds other families.

Rows are matched by what they are (fscli/store/identity.py), never by id: a row whose record is
already here is left as it is; a new row keeps its id when that id is free here and gets the next
one when it is not, and every reference to it in the import follows. A true conflict (a reference
for another family, a child id naming another child) is listed and the whole import refused.

The audit trail: a row at the same place in the chain with the same hash is already there. Into a caseload with a trail of
its own the export's other audit rows are not copied: each row's hash covers the row before it, so
they verify only in their own chain, which stays whole in the export and in the worker's caseload.
The import's own audit row names the export's newest audit row (id and hash), as its manifest does,
and seals every record the merge added that no copied audit row seals (store/seals.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from fscli.store.identity import IDENTITY, entity_table
from fscli.store.schema import TABLES
from fscli.store.table_rows import existing_ids, foreign_keys, max_id, rows_where_in


@dataclass(frozen=True)
class Conflict:
    """A row the merge cannot take, where the import lists its problems."""

    file: str
    row: int
    column: str
    value: object
    reason: str


@dataclass
class Merge:
    skipped: dict[str, int] = field(default_factory=dict)  # rows whose record is already here
    left_in_export: dict[str, int] = field(default_factory=dict)  # the export's own audit chain
    export_audit: dict | None = None  # the export's newest audit row, id and hash
    conflicts: list[Conflict] = field(default_factory=list)


def merge_rows(conn, tables: dict, *, whole_export: bool) -> Merge:
    """Match every incoming row (the import's tables: file, rows of (line, values)) to this
    caseload's records, give new rows free ids and translate every reference; leave in `tables`
    only the rows to add. `whole_export`: the rows reference one another (an export folder), not
    this caseload's ids (a spreadsheet of people made against it)."""
    merge = Merge()
    problems = merge.conflicts
    ids: dict[str, dict[int, int]] = {}  # table -> the export's id -> this caseload's id
    for name in TABLES:
        table = tables.get(name)
        if table is None or name == "counter":
            continue
        if name == "audit_row":
            _seals(table, tables, ids, merge)
            continue
        before = len(problems)
        _translate(name, table, tables, ids, problems, whole_export=whole_export, self_references=False)
        if len(problems) > before:
            continue
        if name == "audit":
            _audit(conn, table, merge)
            continue
        _match(conn, name, table, ids, merge)
        _translate(name, table, tables, ids, problems, whole_export=whole_export, self_references=True)
    return merge


def _references(name: str) -> list[tuple[str, str]]:
    found = foreign_keys(name)
    if name == "field_history":
        found.append(("entity_id", "entity"))  # the table the row's entity names
    return found


def _translate(name, table, tables, ids, problems, *, whole_export: bool, self_references: bool) -> None:
    """Each reference to a row of the import becomes that row's id here. A whole export must hold
    what its rows refer to: a bare id of another caseload says nothing about which family it is."""
    for column, target in _references(name):
        if (target == name) != self_references:
            continue
        for number, values in table.rows:
            value = values.get(column)
            if value is None:
                continue
            parent = entity_table(str(values.get("entity"))) if target == "entity" else target
            if parent in ids and value in ids[parent]:
                values[column] = ids[parent][value]
            elif whole_export and (parent in tables or parent in IDENTITY):
                problems.append(Conflict(table.file, number, column, value, f"refers to {parent} {value}, which is not in the export: a merge matches records by what they are, so import a whole export (no --since or --tables)"))


def _normal(value: object) -> object:
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc)
    return value


def _key(values: dict, columns: tuple[str, ...]) -> tuple:
    return tuple(_normal(values.get(c)) for c in columns)


def _match(conn, name: str, table, ids: dict, merge: Merge) -> None:
    identity = IDENTITY[name]
    found = _records_here(conn, name, table)
    index: dict[tuple[int, tuple], list] = defaultdict(list)
    for record in found:
        for position, columns in enumerate(identity.keys):
            index[position, _key(record, columns)].append(record)
    has_id = "id" in table.spec.names
    used: set = set()
    new: list[tuple[int, dict]] = []
    mapped = ids.setdefault(name, {})
    for number, values in table.rows:
        record = None
        for position, columns in enumerate(identity.keys):
            key = _key(values, columns)
            if position and None in key:
                continue
            record = next((r for r in index.get((position, key), ()) if id(r) not in used), None)
            if record is not None:
                break
        if record is None:
            new.append((number, values))
            continue
        used.add(id(record))
        differ = [c for c in identity.agree if record.get(c) is not None and values.get(c) is not None and _normal(record[c]) != _normal(values[c])]
        if differ:
            here = ", ".join(f"{c} {_shown(record[c])}" for c in differ)
            merge.conflicts.append(Conflict(table.file, number, differ[0], values[differ[0]], f"this caseload's {_named(conn, name, record)} has {here}: one record cannot be two, so nothing was imported"))
        if has_id and values.get("id") is not None:
            mapped[values["id"]] = record["id"]
    _unique(conn, name, table, new, merge.conflicts)
    if has_id:
        _new_ids(conn, name, new, mapped)
    if len(new) < len(table.rows):
        merge.skipped[name] = len(table.rows) - len(new)
    table.rows = new


def _records_here(conn, name: str, table) -> list[dict]:
    """This caseload's rows that could be an incoming row's record: those sharing the first column
    of one of its keys (a translated parent id, an instant, a reference)."""
    from fscli.store import models

    identity = IDENTITY[name]
    order = list(models.table(name).c.keys())
    wanted = sorted({c for key in identity.keys for c in key} | set(identity.agree) | ({"id"} & set(order)), key=order.index)
    found: dict[object, dict] = {}
    for columns in identity.keys:
        values = sorted({v.get(columns[0]) for _, v in table.rows}, key=repr)  # None: rows of no one family
        for row in rows_where_in(conn, name, wanted, columns[0], values):
            found[row.get("id", tuple(row.values()))] = row
    return list(found.values())


def _unique(conn, name: str, table, new: list[tuple[int, dict]], conflicts: list[Conflict]) -> None:
    """A new row whose value of a caseload-wide unique column already names another record here."""
    from fscli.store import models

    columns = list(models.table(name).c.keys())
    for column in IDENTITY[name].unique:
        here = {row[column]: row for row in rows_where_in(conn, name, columns, column, sorted({v[column] for _, v in new if v.get(column) is not None}))}
        for number, values in new:
            if values.get(column) in here:
                conflicts.append(Conflict(table.file, number, column, values[column], f"already names {_named(conn, name, here[values[column]])} in this caseload: give one of the children the council's own child id ('fscli person set REF NAME --child-id ID', e.g. the ID from the council's system; fscli's FSC numbers cannot be typed) in the caseload it came from, export it again and import that; nothing was imported"))


def _new_ids(conn, name: str, new: list[tuple[int, dict]], mapped: dict) -> None:
    """A new row keeps its id when it is free here, else takes the next after every id in use."""
    theirs = [v["id"] for _, v in new if v.get("id") is not None]
    clash = existing_ids(conn, name, theirs)
    following = max([*theirs, max_id(conn, name), 0]) + 1
    for _, values in new:
        old = values.get("id")
        if old is None:
            continue  # a spreadsheet's row: the database numbers it
        if old in clash:
            values["id"] = following
            following += 1
        mapped[old] = values["id"]


def _audit(conn, table, merge: Merge) -> None:
    from sqlalchemy import func, select
    from fscli.store import models

    if not table.rows:
        return
    newest = max((v for _, v in table.rows), key=lambda v: v["id"])
    merge.export_audit = {"id": newest["id"], "hash": newest["hash"]}
    here = {(row["id"], row["hash"]) for row in rows_where_in(conn, "audit", ["id", "hash"], "id", [v["id"] for _, v in table.rows])}
    rest = [(n, v) for n, v in table.rows if (v["id"], v["hash"]) not in here]
    if len(rest) < len(table.rows):
        merge.skipped["audit"] = len(table.rows) - len(rest)
    if rest and conn.execute(select(func.count()).select_from(models.table("audit"))).scalar():
        merge.left_in_export["audit"] = len(rest)  # another chain: see the module's docstring
        rest = []
    table.rows = rest


def _seals(table, tables: dict, ids: dict[str, dict[int, int]], merge: Merge) -> None:
    """The seals of the export's audit rows (audit_row) go where those rows go: with rows copied
    into a caseload with no trail of its own, each naming its record by the id it has here; with
    rows left in the export, left there too (the merge's own audit row seals what it adds)."""
    brought = {v["id"] for _, v in tables["audit"].rows} if "audit" in tables else set()
    kept = [(n, v) for n, v in table.rows if v["audit_id"] in brought]
    if len(kept) < len(table.rows):
        merge.left_in_export["audit_row"] = len(table.rows) - len(kept)
    for _, values in kept:
        values["row_id"] = ids.get(values["tbl"], {}).get(values["row_id"], values["row_id"])
    table.rows = kept


def _named(conn, name: str, record: dict) -> str:
    """The record already here, as the problem list names it: 'case FS-0001 (Jones family, ...)'."""
    from sqlalchemy import select
    from fscli.store import models

    if name == "cases":
        return f"case {record.get('ref')}"
    if name == "person":
        cases = models.table("cases")
        ref = conn.execute(select(cases.c.ref).where(cases.c.id == record.get("case_id"))).scalar()
        return f"{record.get('name')} of case {ref}"
    return f"{name} {record.get('id')}"


def _shown(value: object) -> str:
    if isinstance(value, date):
        from fscli.domain.dates import british

        return british(value if not isinstance(value, datetime) else value.date())
    return "none" if value is None else str(value)
