"""Visits, meetings, diary entries and tasks: what makes them valid, read from plain values."""

from __future__ import annotations

import re
from datetime import date, time, timedelta

from fscli.domain.codes import CONTACT_TYPE
from fscli.domain.dates import british
from fscli.domain.pre_referral import check_referral_date
from fscli.domain.intervals import LETTER, Units, shift
from fscli.domain.problems import Problem

MAX_MINUTES = 24 * 60
NEAR_PLANNED = timedelta(days=3)  # a visit this close to a planned one fulfils it

# Contact kinds at which the worker is not in the room with the child. A child named as seen at
# one of them is not seen for statutory purposes (a CP, CIN or LAC visit stays due), and none of
# them does a planned face-to-face visit.
NOT_FACE_TO_FACE = ("phone", "video", "message", "no-access")
# Of those, the kinds that can still be planned and done as such: a planned video call is done by
# a video call, a planned phone call by a phone call. A message, or a visit with no access, does
# no planned visit.
DONE_AT_A_DISTANCE = ("phone", "video")
# A length of time: hours then minutes, each in any spelling, a bare number being minutes.
_HOURS, _MINUTES = Units(("hours",)), Units(("minutes",))
_DURATION = rf"(?:{_HOURS.amount(digits=2, count='h', unit=None)})?\s*(?:{_MINUTES.amount(digits=4, count='m', unit=None, unit_optional=True)})?"
_TAG = r"(?<![\w#])#([A-Za-z][\w-]{0,39})"  # re caches compiled patterns; nothing compiles at import
EVERY_UNITS = Units(("days", "weeks", "months"), forms=(LETTER,))  # --every 10d, 2w, 1m


def is_face_to_face(kind: str) -> bool:
    """Whether a child marked seen at a contact of this kind was seen, for statutory purposes."""
    return kind not in NOT_FACE_TO_FACE


def face_to_face_sql(column: str) -> str:
    """The SQL condition that the contact kind in `column` is face to face (is_face_to_face)."""
    return f"{column} NOT IN {CONTACT_TYPE.sql_list(NOT_FACE_TO_FACE)}"


def fulfils(contact_kind: str, planned_kind: str) -> bool:
    """Whether a contact of one kind does a visit planned as another.

    A face-to-face contact does any planned visit or call near it; a video or phone call does only
    a planned call of its own kind (never a planned home or statutory visit); a message, and a
    visit with no access, do none.
    """
    if is_face_to_face(contact_kind):
        return True
    return contact_kind == planned_kind and contact_kind in DONE_AT_A_DISTANCE


def parse_duration(text: str) -> tuple[int | None, list[Problem]]:
    """'1h30', '90m', '45', '2h', '1:30' -> minutes, between 1 minute and 24 hours."""
    spec = text.strip().lower()
    if re.fullmatch(r"\d{1,2}:\d{2}", spec):
        hours, minutes = spec.split(":")
        total = int(hours) * 60 + int(minutes)
    else:
        match = re.fullmatch(_DURATION, spec)
        if not spec or not match or not (match["h"] or match["m"]):
            return None, [Problem("--duration", text, "cannot read this as a length of time", "use a form such as 45, 90m, 1h30 or 2h")]
        total = int(match["h"] or 0) * 60 + int(match["m"] or 0)
    if not 1 <= total <= MAX_MINUTES:
        return None, [Problem("--duration", text, "must be between 1 minute and 24 hours")]
    return total, []


def minutes_text(minutes: int | None) -> str:
    if not minutes:
        return ""
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours and rest else f"{hours}h" if hours else f"{rest}m"


def tags_in(text: str, extra: list[str]) -> list[str]:
    """#tags written in the text, plus --tag values; lower-case, in order, once each."""
    found: list[str] = []
    for tag in [*re.findall(_TAG, text), *[t.lstrip("#") for t in extra]]:
        tag = tag.strip().lower()
        if tag and tag not in found:
            found.append(tag)
    return found


def check_tags(extra: list[str]) -> list[Problem]:
    return [Problem("--tag", t, "a tag is a word of letters, digits, '-' or '_' (up to 40)") for t in extra if not re.fullmatch(r"#?[A-Za-z][\w-]{0,39}", t.strip())]


def check_contact_date(day: date, *, referred: date, closed_on: date | None, today: date, pre_referral: bool = False, what: str = "a contact") -> list[Problem]:
    problems = []
    if day > today:
        problems.append(Problem("--date", british(day), f"{what} cannot be in the future (today is {british(today)})", "plan it instead: fscli visit plan" if what == "a visit" else None))
    problems += check_referral_date("--date", day, referred=referred, pre_referral=pre_referral, what=what)
    if closed_on and day > closed_on:
        problems.append(Problem("--date", british(day), f"{what} cannot be after the case closed ({british(closed_on)})"))
    return problems


def parse_every(text: str) -> tuple[tuple[int, str] | None, list[Problem]]:
    """'2w' -> (2, 'weeks')."""
    read = EVERY_UNITS.read(text, digits=3)
    if not read or read[0] == 0:
        return None, [Problem("--every", text, "cannot read this as an interval", "use a form such as 10d, 2w or 1m")]
    return read, []


def planned_dates(first: date, until: date | None, every: tuple[int, str] | None, *, limit: int = 200) -> list[date]:
    """The first date, then every interval up to and including `until`."""
    if every is None or until is None:
        return [first]
    n, unit = every
    dates, current, i = [], first, 0
    while current <= until and len(dates) < limit:
        dates.append(current)
        i += 1
        current = shift(first, n * i, unit)  # from the first, so 31 Jan monthly gives 28 Feb then 31 Mar
    return dates


def hhmm(at: time | None) -> str | None:
    return None if at is None else f"{at:%H:%M}"


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())
