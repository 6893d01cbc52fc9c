"""Where `today` comes from. Rules never call date.today(): they are handed a clock.

FSCLI_TODAY=2026-03-02 pins the date, so golden tests and the demo are reproducible: the worker's
"now" is 09:00 that day, and the instant (audit rows, created_at, export stamps) is that day at the
wall clock's time of day, so rows still come in order and --since read against the pinned day
agrees with them whatever the real date is. With a time (2026-03-02T14:30) the instant is pinned
exactly. Without it the system clock is used.
"""

from __future__ import annotations

import os
from datetime import date, datetime, time, timezone

from fscli.domain.frozen import frozen
from fscli.errors import InvalidInput


class Clock:
    def today(self) -> date:
        return self.now().date()

    def now(self) -> datetime:
        """Local wall-clock time, naive: how workers write times of visits."""
        raise NotImplementedError

    def utcnow(self) -> datetime:
        """The instant, for audit rows and file names."""
        return datetime.now(timezone.utc)


class SystemClock(Clock):
    def now(self) -> datetime:
        return datetime.now()


@frozen
class FixedClock(Clock):
    fixed: datetime
    pins_instant: bool = False

    @classmethod
    def on(cls, day: date, at: time = time(9, 0)) -> FixedClock:
        return cls(datetime.combine(day, at))

    def now(self) -> datetime:
        return self.fixed

    def utcnow(self) -> datetime:
        if self.pins_instant:
            return self.fixed.astimezone(timezone.utc)
        # The day is pinned, the time of day runs: the wall clock's local time moved onto that day.
        return datetime.combine(self.fixed.date(), datetime.now().time()).astimezone(timezone.utc)


@frozen
class AsOf(Clock):
    """A command run again later for a note draft it left (fscli drafts recover): its dates read
    as when it was first run ('today' is that day, 'now' that moment), while the instant of the
    audit row and created_at is the clock's own (the real one, or FSCLI_TODAY's pinned day, so
    that a demo on a pinned day keeps its audit rows in order)."""

    then: datetime
    instant: Clock | None = None

    def now(self) -> datetime:
        return self.then

    def utcnow(self) -> datetime:
        return self.instant.utcnow() if self.instant is not None else super().utcnow()


def clock_from_env(environ: dict[str, str] | None = None) -> Clock:
    env = os.environ if environ is None else environ
    pinned = env.get("FSCLI_TODAY")
    if not pinned:
        return SystemClock()
    try:
        if "T" in pinned or " " in pinned.strip():
            return FixedClock(datetime.fromisoformat(pinned.strip()), pins_instant=True)
        return FixedClock.on(date.fromisoformat(pinned.strip()))
    except ValueError:
        raise InvalidInput("FSCLI_TODAY", pinned, "is not an ISO date", hint="use a form such as 2026-03-02 or 2026-03-02T14:30") from None
