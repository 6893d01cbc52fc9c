"""Working days: weekdays that are not England and Wales bank holidays.

The convention, stated in the help and the README: "within N working days after X" means the
first working day after X is day 1, so the deadline is the Nth working day after X. X itself
never counts, whatever day it is. (The DfE validator counts the start day as day 1; a local
procedure that does so can say "44" where the statute says 45.)
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    bank_holidays: frozenset[date]
    _sorted: tuple[date, ...] = field(default=(), compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sorted", tuple(sorted(self.bank_holidays)))

    @classmethod
    def of(cls, days: Iterable[date]) -> WorkingCalendar:
        # A weekend day is never a working day anyway; keeping only weekdays makes the set
        # mean exactly "the days off that fall in the working week".
        return cls(frozenset(d for d in days if d.weekday() < 5))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.bank_holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`th working day after `start` (count 0: start itself).

        Whole weeks first, then each bank holiday passed on the way pushes the day on by one
        working day: a council's due list runs this ~100,000 times, so no day-by-day loop.
        """
        if count < 0:
            raise ValueError("count must not be negative")
        if count == 0:
            return start
        day = _add_weekdays(start, count)
        extra = self._holidays_in(start, day)
        while extra:
            later = _add_weekdays(day, extra)
            extra = self._holidays_in(day, later)
            day = later
        return day

    def _holidays_in(self, after: date, upto: date) -> int:
        """Bank holidays (all on weekdays) in (after, upto]."""
        return bisect_right(self._sorted, upto) - bisect_right(self._sorted, after)

    def working_days_between(self, start: date, end: date) -> int:
        """How many working days after `start`, up to and including `end` (0 if end <= start)."""
        count, day = 0, start
        while day < end:
            day += _DAY
            if self.is_working_day(day):
                count += 1
        return count

    def next_working_day(self, day: date) -> date:
        """The day itself if it is a working day, else the next one."""
        while not self.is_working_day(day):
            day += _DAY
        return day


def _add_weekdays(start: date, count: int) -> date:
    """The `count`th Monday-to-Friday day after `start`, ignoring bank holidays (count >= 1)."""
    if start.weekday() > 4:  # from a weekend, count as from the Friday before: Monday is day 1
        start -= timedelta(days=start.weekday() - 4)
    weeks, rest = divmod(count, 5)
    day = start + timedelta(weeks=weeks)
    if rest:
        day += timedelta(days=rest + (2 if day.weekday() + rest > 4 else 0))
    return day
