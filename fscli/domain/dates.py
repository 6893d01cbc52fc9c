"""British dates, times and relative words, read strictly against a given `today`.

Day first, always: 03/04/2026 is 3 April. ISO 2026-04-03 always works. Every general-purpose
parser tried misread some British or ISO input silently (LIBRARIES.md §3.1), so this is a small
grammar of full-match rules: input that no rule reads completely is refused, never guessed.

Which way a date without a year (or a bare weekday) resolves depends on the field: things that
happened (visits, referrals, births) look back, things planned (due dates, reviews) look ahead.
"""

from __future__ import annotations

import functools
import re
from datetime import date, datetime, time, timedelta
from enum import Enum

from fscli.domain.frozen import frozen
from fscli.domain.intervals import Units, shift
from fscli.domain.problems import Problem, Problems

ACCEPTED = (
    "use a date such as 03/04/2026 (3 April), 2026-04-03, 3 Apr 2026, today, yesterday, "
    "thursday, last thu, next week, +2w, in 3 days, 3 days ago"
)
ACCEPTED_WITH_TIME = ACCEPTED + ", optionally with a time: thu 10am, yesterday 14:30, wed 14.30"

EARLIEST_YEAR = 1900
LATEST_YEAR = 2199


class Look(Enum):
    """Which way a year-less date or a bare weekday resolves."""

    BACK = "back"  # things that happened: the most recent such day, today included
    AHEAD = "ahead"  # things planned: the coming such day, today included


MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4, "april": 4,
    "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11, "november": 11,
    "dec": 12, "december": 12,
}  # fmt: skip
WEEKDAYS = {
    "mon": 0, "monday": 0, "tue": 1, "tues": 1, "tuesday": 1, "wed": 2, "weds": 2, "wednesday": 2,
    "thu": 3, "thur": 3, "thurs": 3, "thursday": 3, "fri": 4, "friday": 4,
    "sat": 5, "saturday": 5, "sun": 6, "sunday": 6,
}  # fmt: skip
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}  # fmt: skip
UNITS = Units(("days", "weeks", "fortnights", "months", "years"))  # every spelling of each (intervals.py)

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_WEEKDAY = "|".join(sorted(WEEKDAYS, key=len, reverse=True))
_UNIT = UNITS.pattern
_COUNT = r"\d{1,4}|" + "|".join(NUMBER_WORDS)

_TIME_PATTERN = (
    r"^(?P<rest>.*?)(?:^|\s+)(?:at\s+)?(?P<time>(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<ampm>am|pm)|(?P<h24>\d{1,2}):(?P<m24>\d{2})|(?P<hdot>\d{1,2})\.(?P<mdot>\d{2})|noon|midday)$"
)


@frozen
class When:
    """A day, and the time of day if one was given."""

    day: date
    at: time | None = None

    def as_datetime(self, default: time = time(0, 0)) -> datetime:
        return datetime.combine(self.day, self.at or default)


# A date typed for something that happened is said in words when it is further back than this:
# a bare weekday looks back, and "thu" typed on a Monday is last week's, which should not pass unseen.
SAID_AGO_AFTER = 3


def echo(value: date | datetime | When, today: date | None = None) -> str:
    """The resolved date the way a confirmation repeats it: 'Thu 26 Nov 2026 10:00'; given today,
    one more than three days back also says how long ago: 'Thu 26 Nov 2026, last week'."""
    if isinstance(value, When):
        return echo(value.as_datetime() if value.at else value.day, today)
    if isinstance(value, datetime):
        said = f"{value:%a} {value.day} {value:%b %Y %H:%M}"
    else:
        said = f"{value:%a} {value.day} {value:%b %Y}"
    ago = how_long_ago(value.date() if isinstance(value, datetime) else value, today) if today else None
    return f"{said}, {ago}" if ago else said


def how_long_ago(day: date, today: date) -> str | None:
    """A past day in words, counted in calendar weeks (Monday to Sunday) as a diary is: 'last week',
    '4 weeks ago', '5 months ago'; None within three days, or not past at all."""
    days = (today - day).days
    if days <= SAID_AGO_AFTER:
        return None
    weeks = (today - timedelta(days=today.weekday()) - (day - timedelta(days=day.weekday()))).days // 7
    months = (today.year - day.year) * 12 + today.month - day.month
    if weeks == 0:
        return f"{days} days ago"
    if weeks == 1:
        return "last week"
    if weeks <= 8:
        return f"{weeks} weeks ago"
    if months < 24:
        return f"{months} months ago"
    return f"{months // 12} years ago"


@functools.lru_cache(maxsize=16_384)
def british(value: date | None) -> str:
    """A date as workers write it: 03/04/2026."""
    return "" if value is None else f"{value:%d/%m/%Y}"


class _Unreadable(Exception):
    def __init__(self, reason: str) -> None:
        self.reason = reason


def _make(year: int, month: int, day: int) -> date:
    if not 1 <= month <= 12:
        raise _Unreadable(f"there is no month {month}")
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise _Unreadable(f"the year {year} is out of range ({EARLIEST_YEAR}-{LATEST_YEAR})")
    try:
        return date(year, month, day)
    except ValueError:
        month_name = date(2000, month, 1).strftime("%B")
        raise _Unreadable(f"{day} {month_name} {year} does not exist") from None


def _year(text: str) -> int:
    value = int(text)
    return 2000 + value if len(text) == 2 else value


def _without_year(month: int, day: int, today: date, look: Look) -> date:
    """Resolve day and month to the nearest matching date in the field's direction."""
    step = -1 if look is Look.BACK else 1
    year = today.year
    for _ in range(9):  # 29 February needs up to eight years to recur
        try:
            candidate = date(year, month, day)
        except ValueError:
            if month > 12 or day > 31 or (month in (4, 6, 9, 11) and day > 30) or (month == 2 and day > 29):
                return _make(today.year, month, day)  # raises with the reason
            year += step
            continue
        if (look is Look.BACK and candidate <= today) or (look is Look.AHEAD and candidate >= today):
            return candidate
        year += step
    raise _Unreadable("no such date")  # pragma: no cover - loop always finds a leap year


def _weekday(name: str, today: date, look: Look) -> date:
    target = WEEKDAYS[name]
    if look is Look.BACK:
        return today - timedelta(days=(today.weekday() - target) % 7)
    return today + timedelta(days=(target - today.weekday()) % 7)


def _count(text: str) -> int:
    return NUMBER_WORDS[text] if text in NUMBER_WORDS else int(text)


def _shift(today: date, count: int, unit: str) -> date:
    try:
        result = shift(today, count, UNITS[unit])
    except (OverflowError, ValueError):  # beyond the years a date can hold: 3000 years ago
        raise _Unreadable("that is too far away") from None
    return result


def _within_years(day: date) -> date:
    """The one range check every form meets, whichever rule read it: a year typed out is refused
    by _make with its year named; a date worked out from today ('tomorrow', 'fri', '2 Jan',
    '+9999 fortnights') is refused here when it falls outside the years fscli keeps."""
    if not EARLIEST_YEAR <= day.year <= LATEST_YEAR:
        raise _Unreadable(f"that is too far away ({british(day)} is outside {EARLIEST_YEAR}-{LATEST_YEAR})")
    return day


def _check_weekday(name: str | None, day: date) -> date:
    if name and WEEKDAYS[name] != day.weekday():
        raise _Unreadable(f"{british(day)} is a {day:%A}, not a {date(2024, 1, 1 + WEEKDAYS[name]):%A}")
    return day


# Patterns are compiled on first use: most commands never read a date, and compiling the
# grammar at import cost ~10 ms of every command's start-up.
_RULES: list[tuple[str, object]] = []


def _rule(pattern: str):
    def register(fn):
        _RULES.append((pattern, fn))
        return fn

    return register


@functools.cache
def _time_pattern() -> re.Pattern[str]:
    return re.compile(_TIME_PATTERN)


@functools.cache
def _rule_pattern(index: int) -> re.Pattern[str]:
    """The rule's pattern, compiled when a date first gets as far as it: the usual forms ('today',
    '03/11/2026') come first, so a write reading one compiles a few patterns, not all fourteen."""
    return re.compile(_RULES[index][0])


@_rule(r"today|now")
def _today(m, today, look):
    return today


@_rule(r"tomorrow|tmrw|tmw")
def _tomorrow(m, today, look):
    return today + timedelta(days=1)


@_rule(r"yesterday")
def _yesterday(m, today, look):
    return today - timedelta(days=1)


@_rule(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
def _iso(m, today, look):
    return _make(int(m["y"]), int(m["m"]), int(m["d"]))


@_rule(rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<d>\d{{1,2}})(?P<sep>[/.-])(?P<m>\d{{1,2}})(?:(?P=sep)(?P<y>\d{{4}}|\d{{2}}))?")
def _numeric(m, today, look):
    if m["y"] is None:
        return _check_weekday(m["wd"], _without_year(int(m["m"]), int(m["d"]), today, look))
    return _check_weekday(m["wd"], _make(_year(m["y"]), int(m["m"]), int(m["d"])))


@_rule(rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MONTH})\.?(?:,?\s+(?P<y>\d{{4}}|\d{{2}}))?")
def _day_month(m, today, look):
    return _named_month(m, today, look)


@_rule(rf"(?:(?P<wd>{_WEEKDAY}),?\s+)?(?P<mon>{_MONTH})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<y>\d{{4}}))?")
def _month_day(m, today, look):
    return _named_month(m, today, look)


def _named_month(m, today, look):
    month = MONTHS[m["mon"]]
    if m["y"] is None:
        return _check_weekday(m["wd"], _without_year(month, int(m["d"]), today, look))
    return _check_weekday(m["wd"], _make(_year(m["y"]), month, int(m["d"])))


@_rule(rf"(?P<wd>{_WEEKDAY})")
def _bare_weekday(m, today, look):
    return _weekday(m["wd"], today, look)


@_rule(rf"(?P<which>last|next|this|on)\s+(?P<wd>{_WEEKDAY})")
def _which_weekday(m, today, look):
    target = WEEKDAYS[m["wd"]]
    if m["which"] == "last":
        return today - timedelta(days=(today.weekday() - target - 1) % 7 + 1)
    if m["which"] == "next":
        return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1)
    if m["which"] == "this":
        return today + timedelta(days=target - today.weekday())
    return _weekday(m["wd"], today, look)


@_rule(rf"(?P<wd>{_WEEKDAY})\s+week|a\s+week\s+(?:on\s+)?(?P<wd2>{_WEEKDAY})")
def _weekday_week(m, today, look):
    target = WEEKDAYS[m["wd"] or m["wd2"]]
    return today + timedelta(days=(target - today.weekday() - 1) % 7 + 1 + 7)


@_rule(r"(?P<which>last|next|this)\s+week")
def _week(m, today, look):
    monday = today - timedelta(days=today.weekday())
    return monday + timedelta(weeks={"last": -1, "this": 0, "next": 1}[m["which"]])


@_rule(rf"(?P<sign>[+-])\s*(?P<n>\d{{1,4}})\s*(?P<unit>{_UNIT})")
def _signed(m, today, look):
    n = int(m["n"])
    return _shift(today, -n if m["sign"] == "-" else n, m["unit"])


@_rule(rf"in\s+(?:(?P<n>{_COUNT})\s+)?(?P<unit>{_UNIT})")
def _in(m, today, look):
    if m["n"] is None and UNITS[m["unit"]] != "fortnights":
        raise _Unreadable("say how many, as in 'in 3 days'")
    return _shift(today, _count(m["n"] or "a"), m["unit"])


@_rule(rf"(?:(?P<n>{_COUNT})\s+)?(?P<unit>{_UNIT})\s+ago")
def _ago(m, today, look):
    if m["n"] is None and UNITS[m["unit"]] != "fortnights":
        raise _Unreadable("say how many, as in '3 days ago'")
    return _shift(today, -_count(m["n"] or "a"), m["unit"])


def _split_time(text: str, *, dot_time: bool = True) -> tuple[str, time | None]:
    match = _time_pattern().match(text)
    if not match or (match["hdot"] and not dot_time):  # a date-only field: 14.03 is 14 March
        return text, None
    rest = match["rest"].strip()
    spec = match["time"]
    if spec in ("noon", "midday"):
        return rest, time(12, 0)
    if match["hdot"]:
        # Workers write times as 14.30 and 9.30. The same shape is a date without its year
        # (14.03): where it could be either, it is refused rather than guessed.
        hour, minute = int(match["hdot"]), int(match["mdot"])
        if 1 <= minute <= 12 and 1 <= hour <= 31:
            raise _Unreadable(f"could be {hour} {date(2000, minute, 1):%B} or {hour:02d}:{minute:02d}: write {hour}/{minute} for the date, {hour}:{minute:02d} for the time")
        if hour > 23:
            raise _Unreadable(f"there is no hour {hour}")
    elif match["ampm"]:
        hour, minute = int(match["h"]), int(match["m"] or 0)
        if not 1 <= hour <= 12:
            raise _Unreadable(f"there is no {hour}{match['ampm']}")
        hour = hour % 12 + (12 if match["ampm"] == "pm" else 0)
    else:
        hour, minute = int(match["h24"]), int(match["m24"])
        if hour > 23:
            raise _Unreadable(f"there is no hour {hour}")
    if minute > 59:
        raise _Unreadable(f"there is no minute {minute}")
    return rest, time(hour, minute)


def _read(text: str, today: date, look: Look, *, dot_time: bool = True) -> When:
    normal = " ".join(text.strip().lower().split())
    if not normal:
        raise _Unreadable("no date given")
    rest, at = _split_time(normal, dot_time=dot_time)
    if not rest:
        return When(today, at)
    for index, (_, build) in enumerate(_RULES):
        match = _rule_pattern(index).fullmatch(rest)
        if match:
            return When(_within_years(build(match, today, look)), at)  # type: ignore[operator]
    raise _Unreadable("cannot read this as a date")


def parse_when(text: str, today: date, *, field: str, look: Look = Look.BACK, now: time | None = None) -> When:
    """A date with an optional time of day; refuses anything it cannot read exactly. "now" is
    today at `now` (the clock's time, to the minute) when it is given: a diary entry written now
    keeps its time."""
    if now is not None and " ".join(text.strip().lower().split()) == "now":
        return When(today, now.replace(second=0, microsecond=0))
    try:
        return _read(text, today, look)
    except _Unreadable as unreadable:
        raise Problems([Problem(field, text, unreadable.reason, ACCEPTED_WITH_TIME)]) from None


def parse_date(text: str, today: date, *, field: str, look: Look = Look.BACK) -> date:
    """A calendar date; a time of day is refused because the field has no place for it."""
    try:
        when = _read(text, today, look, dot_time=False)
    except _Unreadable as unreadable:
        raise Problems([Problem(field, text, unreadable.reason, ACCEPTED)]) from None
    if when.at is not None:
        raise Problems([Problem(field, text, "takes a date only, without a time", ACCEPTED)])
    return when.day


def not_in_future(day: date, today: date, field: str, what: str) -> list[Problem]:
    if day > today:
        return [Problem(field, british(day), f"{what} cannot be in the future (today is {british(today)})")]
    return []
