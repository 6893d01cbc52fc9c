"""Importing an export folder (a move to another machine), or one CSV of cases or people.

Everything or nothing: every row is read and checked first (types, codes, references, duplicates),
every problem is reported with its file, row, column and value, and only a clean file set is
written, in one transaction with one audit row. --dry-run does the same and writes nothing.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from pathlib import Path

from fscli import formats
from fscli.errors import DataProblem, InvalidInput
from fscli.services.import_fields import dob_warnings, text_problems
from fscli.store.exporting import TableSpec, table_specs
from fscli.visible import FORMULA_STARTS
from fscli.store.schema import HEAD, TABLES
from fscli.store.seals import SEALED, unsealed_ids
from fscli.store.table_rows import existing_ids as _existing, foreign_keys as _foreign_keys, max_id
from fscli.store.uow import UnitOfWork

MAX_SHOWN = 200  # problems listed; the count says how many more


@dataclass(frozen=True)
class RowProblem:
    file: str
    row: int  # the line of a CSV or ndjson file (header is line 1), the item of a json array
    column: str
    value: object
    reason: str


@dataclass
class ImportResult:
    added: dict[str, int] = field(default_factory=dict)
    skipped: dict[str, int] = field(default_factory=dict)
    problems: list[RowProblem] = field(default_factory=list)
    dry_run: bool = False
    left_in_export: dict[str, int] = field(default_factory=dict)  # a merge: the export's own audit chain
    export_audit: dict | None = None  # a merge: the export's newest audit row, id and hash
    warnings: list[str] = field(default_factory=list)  # allowed but unlikely (services/import_fields.py)

    @property
    def rows(self) -> int:
        return sum(self.added.values())


class DryRunDone(Exception):
    """Raised at the end of a dry run so that its transaction rolls back: nothing is kept."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__("dry run")
        self.result = result


class ImportRefused(DataProblem):
    """The data has problems; the report lists them and nothing was written."""

    def __init__(self, result: ImportResult) -> None:
        count = len(result.problems)
        first = result.problems[0]
        super().__init__(f"{count} problem{'s' if count != 1 else ''} in the import (first: {first.file} row {first.row}, {first.column}: {first.reason}): nothing was changed",
                         hint="put right what each problem names (in the file, or in the caseload it was exported from, then export again) and run the import again; --dry-run checks without writing")  # fmt: skip
        self.result = result


@dataclass
class _Table:
    spec: TableSpec
    file: str
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (row number, typed values)


# --- reading -------------------------------------------------------------------------------------


def _decode(path: Path, data: bytes | None = None) -> str:
    data = path.read_bytes() if data is None else data  # `data`: a sealed file's plaintext, in memory only
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DataProblem(f"{path.name}: is not UTF-8 text (byte {error.start} is {data[error.start]:#04x})", hint="save the file as UTF-8 (CSV UTF-8 in Excel) and import it again") from None


# The readers fscli/formats.py names for imports: each yields (row number, raw values) of a file.


def read_csv(path: Path, data: bytes | None = None) -> Iterator[tuple[int, dict]]:
    reader = csv.reader(io.StringIO(_decode(path, data), newline=""), strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataProblem(f"{path.name}: is empty; a CSV needs its header row", hint="export it again") from None
    except csv.Error as error:
        raise DataProblem(f"{path.name}: line 1: {error}") from None
    while True:
        try:
            values = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            raise DataProblem(f"{path.name}: line {reader.line_num}: {error}", hint="the file may be cut short or hand-edited; export it again") from None
        if len(values) != len(header):
            raise DataProblem(f"{path.name}: line {reader.line_num}: {len(values)} fields where the header has {len(header)}", hint="the file may be cut short or hand-edited; export it again")
        yield reader.line_num, {"__csv__": True, **dict(zip(header, values))}


def read_ndjson(path: Path, data: bytes | None = None) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(_decode(path, data).splitlines(), start=1):
        if line.strip():
            yield number, _json_object(path, number, line)


def read_json(path: Path, data: bytes | None = None) -> Iterator[tuple[int, dict]]:
    try:
        items = json.loads(_decode(path, data))
    except json.JSONDecodeError as error:
        raise DataProblem(f"{path.name}: line {error.lineno}: not valid JSON ({error.msg})", hint="the file may be cut short; export it again") from None
    if not isinstance(items, list):
        raise DataProblem(f"{path.name}: is not a JSON array of rows")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            raise DataProblem(f"{path.name}: item {number} is not an object")
        yield number, item


def _json_object(path: Path, number: int, line: str) -> dict:
    try:
        item = json.loads(line)
    except json.JSONDecodeError as error:
        raise DataProblem(f"{path.name}: line {number}: not valid JSON ({error.msg})", hint="the file may be cut short; export it again") from None
    if not isinstance(item, dict):
        raise DataProblem(f"{path.name}: line {number}: is not a JSON object")
    return item


def _typed(value: object, kind: str, nullable: bool, from_csv: bool) -> tuple[object, str | None]:
    """The stored value of one cell, or the reason it cannot be stored."""
    if from_csv and value == "":
        # CSV cannot tell a missing text from an empty one; fscli never stores "" where NULL is allowed.
        return (None if nullable or kind != "text" else ""), None
    if value is None:
        return None, None
    if kind == "int":
        if isinstance(value, bool) or not isinstance(value, (int, str)):
            return None, "is not a whole number"
        try:
            return int(value), None
        except ValueError:
            return None, "is not a whole number"
    if not isinstance(value, str):
        return None, "is not text"
    if kind == "date":
        try:
            return date.fromisoformat(value), None if len(value) == 10 else "is not a date as YYYY-MM-DD"
        except ValueError:
            return None, "is not a date as YYYY-MM-DD"
    if kind == "datetime":
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            return None, "is not an ISO date and time"
        if instant.tzinfo is None:
            return None, "has no time zone (fscli exports UTC, ending +00:00)"
        return instant.astimezone(timezone.utc), None
    if "\0" in value:
        return None, "contains a NUL character, which fscli never stores"
    if from_csv and value.startswith("'"):
        return value[1:], None  # the export's guard against spreadsheet formulas, removed
    if from_csv and value.startswith(FORMULA_STARTS):
        return None, "starts like a spreadsheet formula; fscli exports such text with a leading apostrophe"
    return value, None


def _read_table(table: _Table, path: Path, fmt: str, problems: list[RowProblem], *, header: list[str] | None = None, data: bytes | None = None) -> None:
    """The table's rows, typed. With `header` (a spreadsheet's own columns), only those columns are
    read: the ones it lacks are left to the database (empty, or their default)."""
    columns = dict((c, k) for c, k in table.spec.columns if header is None or c in header)
    nullable = table.spec.nullable
    for number, raw in formats.function(fmt, formats.IMPORT)(path, data):
        from_csv = bool(raw.pop("__csv__", False))
        extra = sorted(set(raw) - set(columns))
        if extra:
            problems.append(RowProblem(table.file, number, extra[0], raw[extra[0]], f"is not a column of {table.spec.name} (columns: {', '.join(columns)})"))
            continue
        values: dict = {}
        for column, kind in columns.items():
            if column not in raw:
                problems.append(RowProblem(table.file, number, column, None, "is missing"))
                continue
            value, reason = _typed(raw[column], kind, column in nullable, from_csv)
            if reason:
                problems.append(RowProblem(table.file, number, column, raw[column], reason))
            values[column] = value
        table.rows.append((number, values))


def _verify(path: Path, entry: dict) -> None:
    """A file the manifest lists must be whole: its SHA-256 and row count as exported."""
    named = str(entry.get("file", ""))
    target = path / named
    # A manifest names files inside its own folder: '../elsewhere/cases.csv' or an absolute path
    # would read whatever it points at (issue "The laptop": import followed one outside the export).
    if Path(named).name != named or not target.resolve().is_relative_to(path.resolve()):
        raise DataProblem(f"{path}: the manifest lists {named!r}, which is not a file of the export folder", hint="an export's manifest names its own files, as 'cases.csv'; export it again")
    if not target.is_file():
        raise DataProblem(f"{path}: the manifest lists {entry.get('file')!r}, which is missing", hint="copy the whole export folder")
    digest = hashlib.sha256(target.read_bytes()).hexdigest()
    if entry.get("sha256") and digest != entry["sha256"]:
        raise DataProblem(f"{target.name}: its SHA-256 differs from the manifest's: the file was changed or cut short after the export", hint="export it again")


def _refuse_held_back(path: Path, manifest: dict) -> None:
    """An export that held records back under restriction of processing (store/exporting.py) is the
    warehouse's, not a whole caseload: imported, it would leave those records behind (docs/exports.md)."""
    held_back = manifest.get("held_back") or {}
    held = sum((held_back.get("rows") or {}).values()) + sum((held_back.get("named_rows") or {}).values())
    if held:
        raise DataProblem(f"{path}: the export held back {held:,} rows under restriction of processing, so it is not the whole caseload and importing it would leave them behind",
                          hint="move a caseload with 'fscli db backup' and 'fscli db restore', which keep everything, or lift the restriction (fscli processing lift) and export again")  # fmt: skip


def _unsealing(manifest: dict, identity: Path | None) -> list | None:
    """The identities that open a sealed export (--encrypt-to), or None for a plain one."""
    from fscli.services import sealing

    scheme = manifest.get("encryption")
    if scheme is None:
        return None
    if scheme != sealing.SCHEME:
        raise DataProblem(f"manifest.json: the files are encrypted with {scheme!r}, which fscli does not read", hint="export it again with --encrypt-to")
    if identity is None:
        raise sealing.needed([str(key) for key in manifest.get("encrypted_to") or []])
    return sealing.identities(identity)


def read_source(path: Path, identity: Path | None = None) -> tuple[dict[str, _Table], list[RowProblem]]:
    specs = table_specs()
    problems: list[RowProblem] = []
    tables: dict[str, _Table] = {}
    if path.is_dir():
        manifest_path = path / "manifest.json"
        if not manifest_path.is_file():
            raise DataProblem(f"{path}: has no manifest.json, so it is not an fscli export", hint="import an export folder, or one CSV file of cases or people")
        try:
            manifest = json.loads(_decode(manifest_path))
        except json.JSONDecodeError as error:
            raise DataProblem(f"{manifest_path}: not valid JSON ({error.msg})") from None
        fmt = manifest.get("format")
        if fmt not in formats.names(formats.IMPORT):
            raise DataProblem(f"{path}: an export in {fmt!r} cannot be imported", hint=f"import a {', '.join(formats.names(formats.IMPORT))} export; a workbook is for reading")
        if manifest.get("schema_revision") != HEAD:
            raise DataProblem(f"{path}: exported from schema {manifest.get('schema_revision')!r}, this fscli has {HEAD}", hint="import it with the same fscli version, then upgrade")
        _refuse_held_back(path, manifest)
        listed = manifest.get("tables") or {}
        unsealing = _unsealing(manifest, identity)
        for name in TABLES:
            if name not in listed:
                continue
            entry = listed[name]
            _verify(path, entry)
            table = _Table(specs[name], str(entry["file"]))
            data = None
            if unsealing is not None:
                from fscli.services.sealing import opened

                data = opened(path / table.file, unsealing)
            _read_table(table, path / table.file, fmt, problems, data=data)
            if not problems and len(table.rows) != entry.get("rows"):
                raise DataProblem(f"{table.file}: {len(table.rows)} rows where the manifest says {entry.get('rows')}", hint="the file was cut short or edited; export it again")
            tables[name] = table
        return tables, problems
    if path.suffix.lower() != ".csv" or not path.is_file():
        raise DataProblem(f"{path}: is neither an export folder, a .csv file nor a caseload .toml file", hint="import an export folder, one CSV file of cases or people, or a caseload file such as sample_data/caseload.toml")
    header = next(csv.reader(io.StringIO(_decode(path), newline="")), [])
    # A spreadsheet kept before fscli, or written against an earlier release's columns: any of the
    # export's columns, in any order, as long as it names what tells a case (or a person) apart.
    for name, telling in (("cases", {"family", "referred_on"}), ("person", {"case_id", "name"})):
        if telling <= set(header) and set(header) <= set(specs[name].names) and len(set(header)) == len(header):
            table = _Table(specs[name], path.name)
            _read_table(table, path, "csv", problems, header=header)
            return {name: table}, problems
    raise DataProblem(f"{path.name}: its header matches neither cases nor person", hint=f"use the export's columns, in any order: cases: {','.join(specs['cases'].names)} | person: {','.join(specs['person'].names)}")


# --- checking and writing ------------------------------------------------------------------------


# The tables a spreadsheet may be imported into, and the time each row was made, which a
# spreadsheet with no such column leaves for the import to fill in.
SPREADSHEET_STAMPS = {"cases": ("created_at",), "person": ("created_at",)}


def _fill_in(uow: UnitOfWork, name: str, rows: list[dict]) -> list[dict]:
    """Rows typed by hand (a spreadsheet kept before fscli) may leave out the id, the reference and
    the time the row was made: the database numbers them, cases get the next FS- reference."""
    from fscli.domain.naming import auto_ref

    with_ids = [r for r in rows if r.get("id") is not None]
    without = [{k: v for k, v in r.items() if k != "id"} for r in rows if r.get("id") is None]
    for row in (*with_ids, *without):
        for stamp in ("created_at", "recorded_at"):
            if row.get(stamp) is None and (stamp in row or stamp in SPREADSHEET_STAMPS.get(name, ())):
                row[stamp] = uow.clock.utcnow()
        if name == "cases" and not row.get("ref"):
            row["ref"] = auto_ref(uow.next_number("case_ref"))
    return with_ids + without


CODES = {("cases", "referral_source"): "REFERRAL_SOURCE", ("cases", "closure_reason"): "CLOSURE_REASON", ("cases", "primary_need"): "PRIMARY_NEED",
         ("contact", "kind"): "CONTACT_TYPE", ("meeting", "kind"): "MEETING_TYPE", ("agency", "kind"): "AGENCY_KIND", ("plan", "kind"): "PLAN_TYPE"}  # fmt: skip


def _check(conn, tables: dict[str, _Table], problems: list[RowProblem]) -> None:
    from fscli.domain import codes

    incoming = {name: {v["id"] for _, v in t.rows if v.get("id") is not None} for name, t in tables.items() if name != "counter"}
    for name, table in tables.items():
        if name == "counter":
            continue
        ids = sorted(incoming[name])
        clash = _existing(conn, name, ids)
        if clash:  # a merge (--skip-existing) has given its new rows free ids already
            number, values = next((n, v) for n, v in table.rows if v.get("id") in clash)
            problems.append(RowProblem(table.file, number, "id", values["id"], f"{name} {values['id']} exists in the database already ({len(clash)} such rows); add --skip-existing to merge: records already here are matched by what they are and left as they are"))
        for number, values in table.rows:
            for (t, col), set_name in CODES.items():
                if t == name and values.get(col) is not None and getattr(codes, set_name).find(str(values[col])) is None:
                    problems.append(RowProblem(table.file, number, col, values[col], f"is not a code of {getattr(codes, set_name).name}"))
        for col, target in _foreign_keys(name):
            wanted = sorted({v[col] for _, v in table.rows if v.get(col) is not None} - incoming.get(target, set()))
            missing = set(wanted) - _existing(conn, target, wanted)
            for number, values in table.rows:
                if values.get(col) in missing:
                    problems.append(RowProblem(table.file, number, col, values[col], f"refers to {target} {values[col]}, which is neither in the import nor in the database"))
                    break
    if "audit" in tables and tables["audit"].rows and conn.exec_driver_sql("SELECT count(*) FROM audit").scalar():
        problems.append(RowProblem(tables["audit"].file, tables["audit"].rows[0][0], "id", tables["audit"].rows[0][1].get("id"), "the database has an audit trail of its own; an export's trail can only be imported into a new database"))


def import_path(uow: UnitOfWork, path: Path, *, dry_run: bool, skip_existing: bool, identity: Path | None = None) -> ImportResult:
    from sqlalchemy import insert, text
    from sqlalchemy.exc import IntegrityError
    from fscli.store import models

    if path.suffix.lower() == ".toml" and path.is_file():
        return _import_caseload(uow, path, dry_run=dry_run, skip_existing=skip_existing)
    tables, problems = read_source(path, identity)
    problems += [RowProblem(*problem) for problem in text_problems(tables)]
    result = ImportResult(dry_run=dry_run, warnings=dob_warnings(tables, uow.clock.today()))
    conn = uow.session.connection()
    if not problems and skip_existing:
        from fscli.services.merging import merge_rows

        merge = merge_rows(conn, tables, whole_export=path.is_dir())  # matched by what they are, never by id
        problems += [RowProblem(c.file, c.row, c.column, c.value, c.reason) for c in merge.conflicts]
        result.skipped, result.left_in_export, result.export_audit = merge.skipped, merge.left_in_export, merge.export_audit
    if not problems:
        _check(conn, tables, problems)
    if problems:
        result.problems = problems
        raise ImportRefused(result)
    newest = {name: max_id(conn, name) for name in SEALED if name in tables or name == "episode"}  # what a row numbered past these is: this import's
    from fscli.store.processing import held_counts, refuse_held_growth

    held_before = held_counts(conn, [name for name in TABLES if name in tables])  # restriction of processing: checked after the rows are in
    for name in TABLES:
        table = tables.get(name)
        if table is None or not table.rows:
            continue
        rows = [v for _, v in table.rows]
        if name == "counter":
            for row in rows:  # sequences only move forward
                conn.execute(text("UPDATE counter SET value = :value WHERE name = :name AND value < :value"), row)
                conn.execute(text("INSERT INTO counter (name, value) SELECT :name, :value WHERE NOT EXISTS (SELECT 1 FROM counter WHERE name = :name)"), row)
            result.added[name] = len(rows)
            continue
        rows = _fill_in(uow, name, rows)
        model = models.table(name)
        groups: dict[tuple, list[dict]] = {}
        for row in rows:  # one statement per shape: rows without an id are numbered by the database
            groups.setdefault(tuple(row), []).append(row)
        for group in groups.values():
            for start in range(0, len(group), 5000):
                try:
                    conn.execute(insert(model), group[start : start + 5000])
                except IntegrityError as error:
                    reason = str(error.orig).strip().splitlines()[0]
                    raise DataProblem(f"{table.file}: a row breaks a rule of the database ({reason}): nothing was changed",
                                      hint="check the rows against 'fscli codes' and the export's columns; --dry-run lists what it can") from None  # fmt: skip
        result.added[name] = len(rows)
        if name in SEALED:
            _note_written(uow, conn, name, {row["id"] for row in rows if row.get("id") is not None}, newest[name])
        if conn.dialect.name == "postgresql" and "id" in table.spec.names:  # ids were given: move the sequence past them
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), (SELECT max(id) FROM {name}))"))  # noqa: S608 - schema name
    if "cases" in result.added and "episode" not in tables:
        _first_episodes(uow, conn, result)
        _note_written(uow, conn, "episode", set(), newest["episode"])
    refuse_held_growth(conn, held_before)
    if result.added.get("audit"):
        # A whole export's trail came across with its seals: the records it sealed keep them, and
        # the import's own audit row seals only what the export held unsealed.
        unsealed = {t: unsealed_ids(conn, t, [i for u, i in uow.written if u == t]) for t in {t for t, _ in uow.written}}
        uow.written = [(t, i) for t, i in uow.written if i in unsealed[t]]
    # A bulk load leaves the server's planner with no statistics until autovacuum comes round; at
    # council scale its guesses made queries several times slower, and working out the derived
    # facts without them read every contact party once for each child on a plan (stuck past 20
    # minutes: benchmarks/generate.py). Gathered before the facts, they commit with the rows.
    analyse = conn.dialect.name == "postgresql" and not dry_run
    if analyse:
        for name in result.added:
            conn.execute(text(f"ANALYZE {name}"))  # noqa: S608 - fscli's own table names
    if result.added and not dry_run:
        from fscli.store import derived

        derived.refresh(conn, None)  # the facts `fscli due` reads, worked out from what is now there
        if analyse:
            for name in derived.DERIVED_TABLES:
                conn.execute(text(f"ANALYZE {name}"))  # noqa: S608 - fscli's own table names
    merged = {"skipped": result.skipped} if result.skipped else {}
    if result.export_audit is not None:
        merged.update(export_audit=result.export_audit, left_in_export=result.left_in_export)  # which trail the merged rows came with
    uow.audit("import", "import", None, fields=tuple(sorted(result.added)), rows=result.rows, source=path.name, **merged)
    if dry_run:
        raise DryRunDone(result)
    return result


def _note_written(uow: UnitOfWork, conn, name: str, given: set[int], newest: int) -> None:
    """The rows of `name` this import wrote (the ids it gave, and those the database numbered past
    the newest before it), for the import's audit row to seal (store/seals.py)."""
    from sqlalchemy import select
    from fscli.store import models

    table = models.table(name)
    uow.note_written(name, sorted(given | set(conn.execute(select(table.c.id).where(table.c.id > newest)).scalars())))


def _first_episodes(uow: UnitOfWork, conn, result: ImportResult) -> None:
    """Cases from a spreadsheet kept before fscli, with no episodes: each gets one episode of
    statutory work from its referral, ended by its closure, as migration 0011 filled them."""
    from sqlalchemy import insert, text

    from fscli.store.db import as_date
    from fscli.store.models import Episode

    found = conn.execute(text("SELECT c.id, c.referred_on, c.referral_source, c.closed_on, c.closure_reason FROM cases c WHERE NOT EXISTS (SELECT 1 FROM episode e WHERE e.case_id = c.id)")).all()
    episodes = [{"case_id": case_id, "kind": "statutory", "start_on": as_date(referred), "referral_source": source, "end_on": as_date(closed),
                 "end_reason": (reason or "unknown") if closed else None, "created_at": uow.clock.utcnow()} for case_id, referred, source, closed, reason in found]  # fmt: skip
    if episodes:
        conn.execute(insert(Episode.__table__), episodes)  # type: ignore[attr-defined]
        result.added["episode"] = len(episodes)


def _import_caseload(uow: UnitOfWork, path: Path, *, dry_run: bool, skip_existing: bool) -> ImportResult:
    """A caseload written as the sample is (sample_data/caseload.toml): every case entered through
    the same services and rules as a worker's commands, with relative dates read from today."""
    from fscli.services import sample

    if skip_existing:
        raise InvalidInput("--skip-existing", None, "applies to an export's rows, which keep their ids; a caseload file makes new cases", hint=f"import {path.name} without --skip-existing")
    name, data = sample.read_sample(path)
    before = _row_counts(uow)
    sample.load(uow, name, data)
    uow.session.flush()
    after = _row_counts(uow)
    # Every row the cases' stories made (plans, goals, scores, contacts...), not the cases alone;
    # the audit trail and counters are the bookkeeping of those writes, not what was imported.
    added = {table: after[table] - before.get(table, 0) for table in TABLES if table not in ("audit", "counter") and after[table] > before.get(table, 0)}
    result = ImportResult(added=added, dry_run=dry_run)
    if dry_run:
        raise DryRunDone(result)
    return result


def _row_counts(uow: UnitOfWork) -> dict[str, int]:
    from fscli.store.schema import ROW_COUNTS_SQL

    return {name: count for name, count in uow.session.connection().exec_driver_sql(ROW_COUNTS_SQL)}
