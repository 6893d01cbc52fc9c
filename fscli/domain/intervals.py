"""A number and a unit of time: the one grammar of every interval fscli reads.

Relative dates (+2w, in 3 days, a fortnight ago), the practice profile's timescales (10 working
days), look-ahead windows (--within 14d), repeats (--every 2w) and lengths (--duration 1h30)
each read the units they have a use for, in the forms they have always read. The spellings, the
pattern of a number and a unit, and the calendar arithmetic live here once; each field says
which units and forms it takes (Units), and keeps its own refusals.
"""

from __future__ import annotations

import functools
import re
from datetime import date, timedelta
from typing import NamedTuple

LETTER = "letter"  # d, w, m
SHORT = "short"  # wk, mo, hrs
WORD = "word"  # day, weeks, working days
FORMS = (LETTER, SHORT, WORD)


class Spellings(NamedTuple):
    letter: tuple[str, ...]
    short: tuple[str, ...]
    word: tuple[str, ...]


# How each unit is written. "m" is minutes in a length of time and months everywhere else: no
# field reads both, and Units refuses to be built with both.
SPELLINGS: dict[str, Spellings] = {
    "minutes": Spellings(("m",), ("min", "mins"), ("minute", "minutes")),
    "hours": Spellings(("h",), ("hr", "hrs"), ("hour", "hours")),
    "days": Spellings(("d",), (), ("day", "days")),
    "working days": Spellings(("wd",), (), ("working day", "working days")),
    "weeks": Spellings(("w",), ("wk", "wks"), ("week", "weeks")),
    "fortnights": Spellings((), (), ("fortnight", "fortnights")),
    "months": Spellings(("m",), ("mo",), ("month", "months")),
    "years": Spellings(("y",), ("yr", "yrs"), ("year", "years")),
}


class Units:
    """The units of time one field reads, in the forms it reads them: spelling -> unit."""

    def __init__(self, units: tuple[str, ...], forms: tuple[str, ...] = FORMS) -> None:
        self.spellings: dict[str, str] = {}
        for unit in units:
            for form in forms:
                for spelling in getattr(SPELLINGS[unit], form):
                    if self.spellings.setdefault(spelling, unit) != unit:
                        raise ValueError(f"{spelling!r} would mean both {self.spellings[spelling]} and {unit}")
        # Longest first, so that an alternation inside a longer pattern prefers "days" to "d".
        self.pattern = "|".join(re.escape(s) for s in sorted(self.spellings, key=len, reverse=True))

    def __getitem__(self, spelling: str) -> str:
        return self.spellings[spelling]

    def amount(self, *, digits: int, unit_optional: bool = False, count: str = "n", unit: str | None = "unit") -> str:
        """The pattern of a number of up to `digits` digits and one of these units, in named groups."""
        spelled = f"(?P<{unit}>{self.pattern})" if unit else f"(?:{self.pattern})"
        return rf"(?P<{count}>\d{{1,{digits}}})\s*{spelled}{'?' if unit_optional else ''}"

    def read(self, text: str, *, digits: int, default_unit: str | None = None) -> tuple[int, str] | None:
        """'2 weeks' -> (2, 'weeks'), or None if the text is not a number and one of these units.
        With a default unit, a bare number is in that unit. Case and surrounding space are ignored."""
        match = _compiled(self.amount(digits=digits, unit_optional=default_unit is not None)).fullmatch(text.strip().lower())
        unit = (self[match["unit"]] if match["unit"] else default_unit) if match else None
        return None if match is None or unit is None else (int(match["n"]), unit)


@functools.lru_cache(maxsize=32)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)  # on first use: most commands never read an interval


def shift(day: date, count: int, unit: str) -> date:
    """The date `count` days, weeks, fortnights, months or years after `day` (before it, if negative).

    A month on from 31 January is the last day of February. Raises OverflowError or ValueError
    beyond the years a date can hold.
    """
    if unit in ("days", "weeks", "fortnights"):
        return day + timedelta(days=count * {"days": 1, "weeks": 7, "fortnights": 14}[unit])
    from dateutil.relativedelta import relativedelta  # only months and years need it: views start faster without

    return day + relativedelta(**{unit: count})
