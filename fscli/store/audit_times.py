"""Audit rows dated earlier than the row before them (`fscli db check`).

The trail is appended in id order, each row stamped as it is written: on SQLite with the
machine's clock, on a team's server with the server's (every login's, the owner's too). A row more than TOLERANCE earlier than its predecessor means a clock set back, or a
row written by something other than fscli at that moment: a warning, naming the row, not damage
(the chain and the seals say whether a row was changed).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone

# A laptop's clock put right by NTP steps back by seconds; on a server, a write that waited for
# the write lock keeps its transaction's start. Beyond this, a clock was set back.
TOLERANCE = timedelta(minutes=5)
SHOWN = 20  # rows named one by one; the rest counted


def _instant(value: datetime | str) -> datetime:
    at = value if isinstance(value, datetime) else datetime.fromisoformat(value)
    return at.astimezone(timezone.utc)


def went_back(rows: Iterable[dict]) -> tuple[str, list[str]]:
    """(the check's line, a warning for each row, in id order, dated more than TOLERANCE
    before the row before it). `rows` are audit rows with `id` and `at`, in id order."""
    found: list[str] = []
    before: dict | None = None
    for row in rows:
        at = _instant(row["at"])
        if before is not None and before["at"] - at > TOLERANCE:
            found.append(f"audit row {row['id']} is dated {at:%d/%m/%Y %H:%M:%S} UTC, {_span(before['at'] - at)} before row {before['id']} ({before['at']:%d/%m/%Y %H:%M:%S} UTC): was the clock set back?")
        before = {"id": row["id"], "at": at}
    summary = "in order" if not found else f"{len(found)} row(s) dated before the row before them"
    shown = found[:SHOWN] + ([f"... and {len(found) - SHOWN} more audit rows dated before the row before them"] if len(found) > SHOWN else [])
    return summary, shown


def _span(gap: timedelta) -> str:
    minutes = int(gap.total_seconds() // 60)
    if minutes < 120:
        return f"{minutes} minutes"
    hours = round(minutes / 60)
    return f"{hours} hours" if hours < 48 else f"{round(hours / 24)} days"
