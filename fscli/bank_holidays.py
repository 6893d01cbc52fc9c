"""England and Wales bank holidays, from the `holidays` package, kept in a small cache file.

`holidays` is rule-based and maintained, so any year works offline (LIBRARIES.md §3.2). It takes
60-80 ms to import, more than the rest of a morning's `fscli due`; so the weekday dates for a span
of years are written once to the user cache folder, keyed by the installed package, and read back
as plain JSON. A one-off day announced after a release comes from `[bank_holidays] add/remove` in
the config (see fscli.practice).
"""

from __future__ import annotations

import json
import os
import tempfile
from datetime import date
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path

FIRST_YEAR, LAST_YEAR = 2000, 2070
_FORMAT = 1


def _package_key() -> str:
    """Which `holidays` is installed: its file and modification time, found without importing it."""
    spec = find_spec("holidays")
    if spec is None or spec.origin is None:  # pragma: no cover - a declared dependency
        raise RuntimeError("the 'holidays' package is not installed")
    stat = os.stat(spec.origin)
    return f"{_FORMAT}:{spec.origin}:{stat.st_mtime_ns}:{FIRST_YEAR}-{LAST_YEAR}"


@lru_cache(maxsize=1)  # once per process: a test run asks many times
def _compute() -> list[date]:
    import holidays

    england = holidays.country_holidays("GB", subdiv="ENG", years=range(FIRST_YEAR, LAST_YEAR + 1))
    # The package also lists Christmas and Boxing Day when they fall at a weekend, beside the
    # "(observed)" weekday; the weekend day is no extra day off.
    return sorted(d for d in england if d.weekday() < 5)  # a list, so callers cannot change the cached value


def england_and_wales(cache_dir: Path | None) -> frozenset[date]:
    key = _package_key()
    cache = cache_dir / "bank-holidays.json" if cache_dir else None
    if cache is not None:
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("key") == key:
                return frozenset(date.fromisoformat(d) for d in data["dates"])
        except (OSError, ValueError, KeyError, TypeError):
            pass  # missing, stale or damaged: rebuilt below
    days = _compute()
    if cache is not None:
        _write(cache, {"key": key, "source": "holidays (GB, subdiv ENG), weekdays only", "dates": [d.isoformat() for d in days]})
    return frozenset(days)


def _write(path: Path, data: dict) -> None:
    """Atomically, and never fatally: without a cache the answer is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, prefix=".bank-holidays.", delete=False, encoding="utf-8") as handle:
            json.dump(data, handle)
        os.replace(handle.name, path)
    except OSError:
        pass


def england_calendar():
    """The England and Wales working calendar (the bank holidays, none of a team's own closures):
    the statute's and the DfE's, for what a practice profile does not decide (the census's
    InitialCPCtarget and its working-day queries, the sample caseload, an import)."""
    from fscli.config import cache_dir
    from fscli.domain.workdays import WorkingCalendar

    return WorkingCalendar.of(england_and_wales(cache_dir()))
