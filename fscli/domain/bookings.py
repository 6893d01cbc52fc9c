"""The rules of a booking (a visit planned, a meeting booked ahead), read from plain values: when
one may be made or moved, when it may be called off, which one a visit or meeting logged near it
holds, and the words every view uses for its state. The codes are domain/booking_kinds.py.

A booking is open while it is not voided, not cancelled and not held (fulfilled by a visit, held
as a meeting). An open booking whose day has passed is missed; a cancelled one never is, since the
family, the worker or an agency called it off and said why.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Callable, Iterable, TypeVar

from fscli.domain.booking_kinds import CANCELLED_BY, CANCELLED_BY_LABELS, CASELESS_MEETINGS, cancelled_text, not_held_sql, open_sql  # noqa: F401  (re-exported)
from fscli.domain.codes import CONTACT_TYPE, MEETING_TYPE
from fscli.domain.contacts import NEAR_PLANNED
from fscli.domain.dates import british
from fscli.domain.frozen import frozen
from fscli.domain.live_rows import label, not_voided_sql
from fscli.domain.problems import Problem

T = TypeVar("T")

# What a booking of each kind is called, and the command that logs what happened instead.
WHAT = {"visit": "a planned visit", "meeting": "a booked meeting"}
LOG_COMMAND = {"visit": "fscli visit log", "meeting": "fscli meeting log"}


@frozen
class Booking:
    """A booking's state as its rules need it; the service fills it from the row."""

    id: int
    booking_of: str  # visit | meeting
    kind: str
    on_date: date
    at_time: str | None = None
    voided: bool = False
    cancelled_on: date | None = None
    cancelled_by: str | None = None
    cancel_reason: str | None = None
    held_as: str | None = None  # the record that held it: 'V12' or 'M5'
    held_on: date | None = None
    series_id: int | None = None

    @property
    def name(self) -> str:
        return label("planned_visit", self.id)

    @property
    def is_open(self) -> bool:
        return not self.voided and self.cancelled_on is None and self.held_as is None


def name(booking_id: int) -> str:
    """'B9': how a booking is named wherever it is listed or confirmed."""
    return label("planned_visit", booking_id)


def kind_label(booking_of: str, kind: str) -> str:
    """'Home visit', 'Initial child protection conference': what was booked, as a list shows it."""
    if booking_of == "meeting":
        return MEETING_TYPE.label(kind)
    return kind.replace("-", " ").capitalize()  # the week's short form of a contact type


def day_short(day: date) -> str:
    """'Wed 16/12': a booking's day as a confirmation and the chronology name it."""
    return f"{day:%a %d/%m}"


def needs_case(kind: str) -> bool:
    """Only the meetings that may belong to no one family may be booked without a case."""
    return kind not in CASELESS_MEETINGS


def check_booking_date(day: date, *, booking_of: str, today: date, referred: date | None, field: str = "--date") -> list[Problem]:
    """A booking is for today or later, and not before the case's referral."""
    problems = []
    if day < today:
        problems.append(Problem(field, british(day), f"{WHAT[booking_of]} is in the future, today or later (today is {british(today)})",
                                f"log a {booking_of} that happened with '{LOG_COMMAND[booking_of]}'"))  # fmt: skip
    elif referred is not None and day < referred:
        problems.append(Problem(field, british(day), f"is before the case's referral ({british(referred)})"))
    return problems


def check_until(first: date, until: date | None, every_given: bool) -> list[Problem]:
    if every_given != (until is not None):
        return [Problem("--every/--until", None, "give both, as in --every 2w --until 31/03/2027")]
    if until is not None and until < first:
        return [Problem("--until", british(until), f"is before the first booking ({british(first)})")]
    return []


def check_cancelled_by(who: str) -> tuple[str | None, list[Problem]]:
    code = who.strip().lower()
    if code in CANCELLED_BY:
        return code, []
    return None, [Problem("--by", who, f"is not who can cancel a booking (one of: {', '.join(CANCELLED_BY)})")]


def not_open_problems(booking: Booking, *, doing: str) -> list[Problem]:
    """Why a booking cannot be cancelled or moved: it is voided, called off already, or held."""
    if booking.voided:
        return [Problem("ID", booking.name, "was voided as made in error", f"a voided booking is not {doing}")]
    if booking.cancelled_on is not None:
        return [Problem("ID", booking.name, f"was cancelled on {british(booking.cancelled_on)} by {cancelled_by_words(booking.cancelled_by)} already",
                        "book it again with 'fscli visit plan' or 'fscli meeting plan'")]  # fmt: skip
    if booking.held_as is not None:
        held = f" on {british(booking.held_on)}" if booking.held_on else ""
        return [Problem("ID", booking.name, f"it was held{held} as {booking.held_as}", f"void it with 'fscli void {booking.held_as}' if it did not happen")]
    return []


def cancel_problems(booking: Booking) -> list[Problem]:
    return not_open_problems(booking, doing="cancelled")


def move_problems(booking: Booking, *, day: date, at: time | None, today: date, referred: date | None) -> list[Problem]:
    """A move is to another day (or time) today or later, not before the referral, of an open booking."""
    problems = not_open_problems(booking, doing="moved")
    if problems:
        return problems
    new_time = None if at is None else f"{at:%H:%M}"
    if day == booking.on_date and (new_time is None or new_time == booking.at_time):
        return [Problem("--date", british(day), f"is the date {booking.name} is booked for already", "give the new date")]
    return check_booking_date(day, booking_of=booking.booking_of, today=today, referred=referred)


def later_in_series(booking: Booking, others: Iterable[Booking]) -> list[Booking]:
    """The open bookings of the same repeating plan after this one: 'cancelled from a date on'."""
    if booking.series_id is None:
        return []
    return sorted((b for b in others if b.series_id == booking.series_id and b.id != booking.id and b.is_open and (b.on_date, b.id) > (booking.on_date, booking.id)),
                  key=lambda b: (b.on_date, b.id))  # fmt: skip


def nearest(bookings: Iterable[T], day: date, on_date: Callable[[T], date], ident: Callable[[T], int]) -> T | None:
    """The booking nearest `day`, within NEAR_PLANNED days, that a visit or meeting on `day` holds."""
    near = [b for b in bookings if abs(on_date(b) - day) <= NEAR_PLANNED]
    return min(near, key=lambda b: (abs(on_date(b) - day), ident(b))) if near else None


def cancelled_by_words(code: str | None) -> str:
    return CANCELLED_BY_LABELS.get(code or "", code or "")


def state(booking: Booking, today: date) -> str:
    """'booked', 'held as M5', 'cancelled by the family: moving house', 'missed', 'voided'."""
    if booking.voided:
        return "voided"
    if booking.cancelled_on is not None:
        return cancelled_text(booking.cancelled_by, booking.cancel_reason)
    if booking.held_as is not None:
        return f"held as {booking.held_as}"
    return "missed" if is_missed(booking.on_date, today) else "booked"


def is_missed(on_date: date, today: date) -> bool:
    """An open booking is missed once its day has passed (a cancelled or held one is not open)."""
    return on_date < today


def cancelled_words(booking_of: str, kind: str, on_date: date, by: str | None, reason: str | None) -> str:
    """'Home visit booked for Mon 07/12 cancelled by the family: moving house'."""
    return f"{kind_label(booking_of, kind)} booked for {day_short(on_date)} cancelled by {cancelled_by_words(by)}: {reason}"


def moved_words(old: str | None, new: str | None, reason: str, *, old_time: str | None = None, new_time: str | None = None) -> str:
    """'moved from 10/12 to 14/12: the judge is ill' (ISO dates as kept in field_history)."""

    def said(day: str | None, at: str | None) -> str:
        text = f"{date.fromisoformat(day):%d/%m}" if day else ""
        return f"{text} {at}".strip() if at else text

    return f"moved from {said(old, old_time)} to {said(new, new_time)}: {reason}"


def passed_already(day: date, at: time | None, now: datetime) -> str:
    """A booking made for earlier today: said, so that one that took place is logged instead
    (a replay booked 'mon 9.30' at 10:30 on the Monday without a word)."""
    if at is None or day != now.date() or at >= now.time():
        return ""
    return f"; {at:%H:%M} has passed already (it is {now:%H:%M}): if it took place, log it instead"

