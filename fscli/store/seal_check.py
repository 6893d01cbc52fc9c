"""What `fscli db check` finds against the seals (store/seals.py): each record changed, removed or
inserted outside fscli, each audit row whose seal does not match the records it names, and each
guard trigger (the append-only triggers of the trails) that is missing.

Everything is streamed, table by table, on the check's one reader: a council's millions of records
are never held in memory. Each kind of problem lists its first SHOWN and counts the rest, as
store/cross_case.py does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from fscli.store.audit import written_line
from fscli.store.db import IN_BYTE_ORDER
from fscli.store.seals import LATEST, SEALED, columns, digest, select_sql

SHOWN = 20  # records listed of each kind; the count says how many more

# The triggers that keep each trail append-only, as the migrations name them.
TRAILS = ("audit", "audit_row", "access_log", "access_case")
GUARDS = {
    "sqlite": tuple(f"{t}_{verb}" for t in TRAILS for verb in ("no_update", "no_delete")),
    "postgresql": tuple(f"{t}_{verb}" for t in TRAILS for verb in ("no_change", "no_truncate")),
}
TRIGGERS_SQL = {
    "sqlite": "SELECT name FROM sqlite_master WHERE type = 'trigger'",
    # A disabled trigger guards nothing: it counts as missing.
    "postgresql": "SELECT t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal AND t.tgenabled <> 'D'",
}
# Table names compared byte by byte, as Python (and SQLite) order them: a server's collation may not.
IN_ORDER = IN_BYTE_ORDER


def missing_guards(reader) -> tuple[str, list[str]]:
    """db check's line for the guard triggers, and each one missing."""
    present = {name for (name,) in reader.tuples(TRIGGERS_SQL[reader.kind])}
    missing = [name for name in GUARDS[reader.kind] if name not in present]
    found = [f"audit: the trigger {name} that keeps {_trail(name)} append-only is missing or disabled (dropped outside fscli): its rows could be rewritten unseen" for name in missing]
    return (f"{len(GUARDS[reader.kind])} triggers keep the trails append-only" if not missing else f"{len(missing)} guard triggers missing"), found


def _trail(trigger: str) -> str:
    return next(t for t in sorted(TRAILS, key=len, reverse=True) if trigger.startswith(f"{t}_"))


def unmatched_seals(reader, written: dict[int, str | None]) -> list[str]:
    """Each audit row whose `written` (covered by its hash) is not the digest of its audit_row rows:
    rows of the seal added, removed or changed, or a seal claimed for an audit row of the old form.
    `written`: every audit row's id and written (None: a row of the old form)."""
    found: list[str] = []
    seen: set[int] = set()
    current: int | None = None
    sha = hashlib.sha256()
    lines = 0

    def close() -> None:
        if current is None:
            return
        seen.add(current)
        if current not in written:
            found.append(f"audit: audit_row rows name audit row {current}, which is not in the trail")
        elif written[current] is None:
            found.append(f"audit: audit_row rows claim to seal records for audit row {current}, a row made before seals (added outside fscli)")
        elif sha.hexdigest() != written[current]:
            found.append(f"audit: the records audit row {current} seals are not the ones its hash covers: audit_row rows were added, removed or changed outside fscli")

    sql = f"SELECT audit_id, tbl, row_id, digest FROM audit_row ORDER BY audit_id, tbl{IN_ORDER[reader.kind]}, row_id"  # noqa: S608 - constant SQL
    for batch in reader.stream(sql):
        for audit_id, table, row_id, value in batch:
            if audit_id != current:
                close()
                current, sha, lines = audit_id, hashlib.sha256(), 0
            sha.update((("\n" if lines else "") + written_line(table, row_id, value)).encode())
            lines += 1
    close()
    empty = hashlib.sha256(b"").hexdigest()
    found += [f"audit: audit row {audit_id} seals records, but its audit_row rows are gone (removed outside fscli)" for audit_id, value in written.items()
              if value is not None and value != empty and audit_id not in seen]  # fmt: skip
    return found


@dataclass
class _Kind:
    """One kind of record problem: the first SHOWN found, and how many in all."""

    what: str
    shown: list[tuple[str, int, int | None, int | None]] = field(default_factory=list)  # (table, id, case id, audit row id)
    count: int = 0

    def add(self, table: str, row_id: int, case_id: int | None, audit_id: int | None) -> None:
        self.count += 1
        if len(self.shown) < SHOWN:
            self.shown.append((table, row_id, case_id, audit_id))


def tampered_records(reader, audits: dict[int, dict]) -> tuple[str, list[str]]:
    """db check's line for the records against their seals, and each record changed, removed or
    inserted outside fscli. `audits`: the audit rows by id (who wrote what, when)."""
    changed, removed, inserted = _Kind("changed"), _Kind("removed"), _Kind("inserted")
    checked = 0
    for table in SEALED:
        width = len(columns(table))
        names = [name for name, _ in columns(table)]
        case_at = 0 if table == "cases" else names.index("case_id") if "case_id" in names else None
        # The latest seal of each record beside it: identifiers from fscli's own schema, values bound.
        sql = (f"SELECT {select_sql(table)}, s.audit_id, s.digest FROM {table} t LEFT JOIN audit_row s ON s.tbl = :tbl AND s.row_id = t.id"  # noqa: S608
               " AND s.audit_id = (SELECT max(m.audit_id) FROM audit_row m WHERE m.tbl = :tbl AND m.row_id = t.id) ORDER BY t.id")  # fmt: skip
        for batch in reader.stream(sql, {"tbl": table}):
            for row in batch:
                checked += 1
                audit_id, sealed = row[width], row[width + 1]
                case_id = row[case_at] if case_at is not None else None
                if sealed is None and audit_id is not None:
                    # its latest seal says removed, yet it is here: a seal signed over a change
                    # typed by hand (psql), so changed, by that audit row's writer
                    changed.add(table, row[0], case_id, audit_id)
                elif sealed is None:
                    inserted.add(table, row[0], case_id, audit_id)
                elif digest(table, row[:width]) != sealed:
                    changed.add(table, row[0], case_id, audit_id)
        gone = (f"SELECT r.row_id, r.audit_id FROM audit_row r WHERE r.tbl = :tbl AND r.digest IS NOT NULL AND {LATEST}"  # noqa: S608
                f" AND NOT EXISTS (SELECT 1 FROM {table} t WHERE t.id = r.row_id) ORDER BY r.row_id")  # fmt: skip
        for batch in reader.stream(gone, {"tbl": table}):
            for row_id, audit_id in batch:
                removed.add(table, row_id, None, audit_id)
    total = changed.count + removed.count + inserted.count
    summary = f"{checked} records match their seals" if not total else f"{total} records changed, removed or inserted outside fscli"
    return summary, _described(reader, audits, (changed, removed, inserted))


def _described(reader, audits: dict[int, dict], kinds: Iterable[_Kind]) -> list[str]:
    kinds = list(kinds)
    case_ids = {case_id for kind in kinds for _, _, case_id, _ in kind.shown if case_id is not None}
    case_ids |= {audits[a]["case_id"] for kind in kinds for _, _, _, a in kind.shown if a in audits and audits[a]["case_id"] is not None}
    refs = _refs(reader, case_ids)
    found: list[str] = []
    for kind in kinds:
        for table, row_id, case_id, audit_id in kind.shown:
            audit = audits.get(audit_id) if audit_id is not None else None
            of_case = case_id if case_id is not None else audit["case_id"] if audit else None
            name = f"{'case' if table == 'cases' else table} {row_id}" + (f" of {refs[of_case]}" if of_case in refs else "")
            if kind.what == "inserted":
                found.append(f"record: {name} was inserted outside fscli (no audit row wrote it)")
            elif kind.what == "removed":
                found.append(f"record: {name} was removed outside fscli (last written by {_by(audit_id, audit)})")
            else:
                found.append(f"record: {name} was changed outside fscli (last written by {_by(audit_id, audit)})")
        if kind.count > SHOWN:
            found.append(f"record: ... and {kind.count - SHOWN} more records {kind.what} outside fscli")
    return found


def _by(audit_id: int | None, audit: dict | None) -> str:
    if audit is None:
        return f"audit row {audit_id}"
    at = audit["at"] if isinstance(audit["at"], datetime) else datetime.fromisoformat(audit["at"])
    who = audit["worker"] or f"login {audit['os_user']}"
    return f"audit row {audit_id}, '{audit['action']}' on {at:%d/%m/%Y} by {who}"


def _refs(reader, case_ids: set[int]) -> dict[int, str]:
    if not case_ids:
        return {}
    params = {f"c{i}": case_id for i, case_id in enumerate(sorted(case_ids))}
    listed = ", ".join(f":{name}" for name in params)
    return {row["id"]: row["ref"] for row in reader.rows(f"SELECT id, ref FROM cases WHERE id IN ({listed})", params)}  # noqa: S608 - placeholders only
