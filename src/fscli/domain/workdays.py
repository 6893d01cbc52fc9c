"""Working days: weekdays that are not England and Wales bank holidays.

The convention, stated in the help and the README: "within N working days after X" means the
first working day after X is day 1, so the deadline is the Nth working day after X. X itself
never counts, whatever day it is. (The DfE validator counts the start day as day 1; a local
procedure that does so can say "44" where the statute says 45.)
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

_DAY = timedelta(days=1)


@dataclass(frozen=True)
class WorkingCalendar:
    bank_holidays: frozenset[date]

    @classmethod
    def of(cls, days: Iterable[date]) -> WorkingCalendar:
        # A weekend day is never a working day anyway; keeping only weekdays makes the set
        # mean exactly "the days off that fall in the working week".
        return cls(frozenset(d for d in days if d.weekday() < 5))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and day not in self.bank_holidays

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`th working day after `start` (count 0: start itself)."""
        if count < 0:
            raise ValueError("count must not be negative")
        day = start
        while count:
            day += _DAY
            if self.is_working_day(day):
                count -= 1
        return day

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
