"""The audit row: written inside the same transaction as the change it records, hash-chained.

Each row's hash covers its own fields and the previous row's hash, so an edited or deleted row
breaks the chain at that point (reliability.md §3.6). Triggers refuse UPDATE and DELETE.

Two forms of the hash, told apart by `written`:
- rows made before revision 0013 (`written` NULL): sha256 of a JSON list of the fields (`row_hash`);
- rows since (`written` set: a digest of the records the command wrote, store/audit_row): sha256 of
  the fields joined by the unit separator, each NULL as "N" and each value as "V" and its text
  (`row_hash_v2`). It is that plain so that PostgreSQL's own SQL can compute it: on a team
  server the row is completed by the server (who wrote it, from the login), and `SEALED_HASH_SQL`
  is the same formula as SQL. Once a row of the second form is in the chain, every later row
  must be of it too: a row of the old form after it is a forgery.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timezone

from fscli.store.stamps import instant_text, os_user  # noqa: F401  (os_user: the audit's callers read it here)

GENESIS = "0" * 64


def row_hash(*, prev_hash: str, at: datetime, os_user: str, worker: str | None, action: str, entity: str, entity_id: int | None, case_id: int | None, detail: str) -> str:
    canonical = json.dumps(
        [prev_hash, at.isoformat(timespec="microseconds"), os_user, worker, action, entity, entity_id, case_id, detail],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


SEPARATOR = "\x1f"


def _field(value: object) -> str:
    return "N" if value is None else f"V{value}"


def row_hash_v2(*, prev_hash: str, at: datetime, os_user: str, worker: str | None, action: str, entity: str, entity_id: int | None, case_id: int | None, detail: str, written: str) -> str:
    canonical = SEPARATOR.join(["2", prev_hash, instant_text(at), _field(os_user), _field(worker), action, entity, _field(entity_id), _field(case_id), detail, written])
    return hashlib.sha256(canonical.encode()).hexdigest()


# The same formula in PostgreSQL's SQL, over named parameters of a plpgsql function (p_prev, p_at,
# p_os_user, p_worker, p_action, p_entity, p_entity_id, p_case_id, p_detail, p_written); a test
# holds it equal to row_hash_v2.
SEALED_HASH_SQL = (
    "encode(sha256(convert_to(concat_ws(chr(31), '2', p_prev,"
    " to_char(p_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US') || '+00:00',"
    " CASE WHEN p_os_user IS NULL THEN 'N' ELSE 'V' || p_os_user END,"
    " CASE WHEN p_worker IS NULL THEN 'N' ELSE 'V' || p_worker END,"
    " p_action, p_entity,"
    " CASE WHEN p_entity_id IS NULL THEN 'N' ELSE 'V' || p_entity_id END,"
    " CASE WHEN p_case_id IS NULL THEN 'N' ELSE 'V' || p_case_id END,"
    " p_detail, p_written), 'UTF8')), 'hex')"
)


def written_line(table: str, row_id: int, digest: str | None) -> str:
    """One record a command wrote, as `written_digest` lists it and the server's audit function
    takes it: `table:id:digest`, the digest empty for a record removed."""
    return f"{table}:{row_id}:{digest or ''}"


def written_digest(entries: Iterable[tuple[str, int, str | None]], *, in_order: bool = False) -> str:
    """The digest of the records one command wrote: (table, row id, digest of the row's values,
    None for a row removed), in order of table and id, one line each. With in_order (entries
    already in that order, as store/seals.py reads them) they are streamed, never held at once."""
    sha = hashlib.sha256()
    for number, entry in enumerate(entries if in_order else sorted(entries, key=lambda e: (e[0], e[1]))):
        sha.update((("\n" if number else "") + written_line(*entry)).encode())
    return sha.hexdigest()


def detail_text(fields: Iterable[str] = (), **extra: object) -> str:
    """What changed, as field names only: the values stay in the record, never in the audit."""
    data: dict[str, object] = {"fields": sorted(fields)}
    data.update(extra)
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def verify_chain(rows: Iterable[dict]) -> tuple[int, int | None]:
    """Walk the chain in id order; returns (rows checked, id of the first broken row or None)."""
    prev = GENESIS
    checked = 0
    sealed = False  # a row of the second form has been seen: no row of the first may follow
    for row in rows:
        at = row["at"] if isinstance(row["at"], datetime) else datetime.fromisoformat(row["at"])
        at = at.astimezone(timezone.utc)  # PostgreSQL hands back the session's time zone
        fields = dict(
            prev_hash=prev, at=at, os_user=row["os_user"], worker=row["worker"], action=row["action"],
            entity=row["entity"], entity_id=row["entity_id"], case_id=row["case_id"], detail=row["detail"],
        )  # fmt: skip
        written = row.get("written")
        if written is None and sealed:
            return checked, row["id"]
        sealed = written is not None
        expected = row_hash(**fields) if written is None else row_hash_v2(**fields, written=written)
        if row["prev_hash"] != prev or row["hash"] != expected:
            return checked, row["id"]
        prev = row["hash"]
        checked += 1
    return checked, None
