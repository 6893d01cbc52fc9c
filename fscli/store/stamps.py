"""What a row of the trail is stamped with: the login at the keyboard, and the instant as text.

Shared by the audit (store/audit.py) and the access log (store/access.py); kept apart from the
audit's hashing so that a view logging itself imports neither hashlib nor the chain (about 10 ms
of a `case show`, benchmarks/access_log.py)."""

from __future__ import annotations

import getpass
from datetime import datetime, timezone


def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in some containers and cron environments
        return "unknown"


def instant_text(at: datetime) -> str:
    """An audit instant as the hash reads it: UTC, to the microsecond, '+00:00' (as SQL writes it too)."""
    return at.astimezone(timezone.utc).isoformat(timespec="microseconds")
