"""The audit row: written inside the same transaction as the change it records, hash-chained.

Each row's hash covers its own fields and the previous row's hash, so an edited or deleted row
breaks the chain at that point (reliability.md §3.6). Triggers refuse UPDATE and DELETE.
"""

from __future__ import annotations

import getpass
import hashlib
import json
from collections.abc import Iterable
from datetime import datetime, timezone

GENESIS = "0" * 64


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers and cron environments
        return "unknown"


def row_hash(*, prev_hash: str, at: datetime, os_user: str, worker: str | None, action: str, entity: str, entity_id: int | None, case_id: int | None, detail: str) -> str:
    canonical = json.dumps(
        [prev_hash, at.isoformat(timespec="microseconds"), os_user, worker, action, entity, entity_id, case_id, detail],
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def detail_text(fields: Iterable[str] = (), **extra: object) -> str:
    """What changed, as field names only: the values stay in the record, never in the audit."""
    data: dict[str, object] = {"fields": sorted(fields)}
    data.update(extra)
    return json.dumps(data, sort_keys=True, separators=(",", ":"))


def verify_chain(rows: Iterable[dict]) -> tuple[int, int | None]:
    """Walk the chain in id order; returns (rows checked, id of the first broken row or None)."""
    prev = GENESIS
    checked = 0
    for row in rows:
        at = row["at"] if isinstance(row["at"], datetime) else datetime.fromisoformat(row["at"])
        at = at.astimezone(timezone.utc)  # PostgreSQL hands back the session's time zone
        expected = row_hash(
            prev_hash=prev, at=at, os_user=row["os_user"], worker=row["worker"], action=row["action"],
            entity=row["entity"], entity_id=row["entity_id"], case_id=row["case_id"], detail=row["detail"],
        )  # fmt: skip
        if row["prev_hash"] != prev or row["hash"] != expected:
            return checked, row["id"]
        prev = row["hash"]
        checked += 1
    return checked, None
