"""Bookings as `due` reads them: which count, and how a booked statutory meeting reads against its
deadline ("booked for 16/12, due by 16/12"; "booked for 18/12, 2 working days after it is due").

A booking does not stop a clock; holding the meeting does (domain/due.py). A booking counts while
it is open: not cancelled, not voided, not yet held (a visit's fulfilling contact, a meeting's
held_as), and not in the past (a booking that passed unheld is the week's "missed", not a date).
Of two open bookings of one meeting, the earliest counts: the later one is a diary appointment.

Kept light, like domain/booking_kinds.py: `fscli due` imports it on every run.
"""

from __future__ import annotations

from datetime import date

from fscli.domain.dates import british
from fscli.domain.booking_kinds import cancelled_sql, listed_sql, open_sql  # noqa: F401  (the read views' conditions, re-exported)
from fscli.domain.live_rows import label
from fscli.domain.workdays import WorkingCalendar


class Booking:
    """One row of planned_visit as the read views see it.

    A plain class with slots, not a frozen dataclass: `fscli due` imports this on every run, and
    making a dataclass costs about a millisecond at import (benchmarks/compare_reads.py)."""

    __slots__ = ("id", "booking_of", "kind", "on_date", "at_time", "worker", "cancelled_on")

    def __init__(self, id: int, booking_of: str, kind: str, on_date: date, at_time: str | None = None, worker: str | None = None, cancelled_on: date | None = None) -> None:  # noqa: A002
        self.id, self.booking_of, self.kind, self.on_date = id, booking_of, kind, on_date  # booking_of: visit | meeting; kind: a contact or meeting type
        self.at_time, self.worker, self.cancelled_on = at_time, worker, cancelled_on  # worker: whose diary it is in, who booked it

    def __repr__(self) -> str:
        return f"Booking({self.name}, {self.booking_of} {self.kind} on {self.on_date})"

    @property
    def name(self) -> str:
        """How a worker names it: 'B9'."""
        return label("planned_visit", self.id)

    @property
    def tag(self) -> str:
        """Its name and time, as a list shows them beside what it is: 'B9, 10:00'."""
        return ", ".join(filter(None, (self.name, self.at_time)))

    @property
    def is_meeting(self) -> bool:
        return self.booking_of == "meeting"


def earliest_meeting(bookings: list[Booking], kinds: tuple[str, ...], today: date) -> Booking | None:
    """The booking that counts for a meeting of these kinds: the earliest open one, today or later."""
    found = [b for b in bookings if b.is_meeting and b.kind in kinds and b.cancelled_on is None and b.on_date >= today]
    return min(found, key=meeting_order, default=None)


def meeting_order(booking: Booking) -> tuple:
    """Which of two open bookings of one meeting counts: the earlier day, then time (an untimed one
    after the timed ones), then the one booked first."""
    return (booking.on_date, booking.at_time or "99:99", booking.id)


def against_deadline(booked_on: date, due_on: date, calendar: WorkingCalendar) -> str:
    """A booked meeting told against its deadline, in the worker's words: 'booked for 16/12, due by
    16/12', or 'booked for 18/12, 2 working days after it is due' (working days as every clock
    counts them: domain/workdays.py). A booking on a day off says so: it may be a slip of the finger."""
    on, by = _day(booked_on, due_on), _day(due_on, booked_on)
    off = _day_off(booked_on, calendar)
    booked = f"booked for {on}{f' ({off})' if off else ''}"
    if booked_on <= due_on:
        return f"{booked}, due by {by}"
    late = calendar.working_days_between(due_on, booked_on)
    if not late:  # only days off between: later in the calendar, not in working days
        return f"{booked}, after it is due ({by})"
    return f"{booked}, {late} working day{'s' if late != 1 else ''} after it is due"


def _day(value: date, beside: date) -> str:
    """16/12, or 04/01/2027 when the two dates are in different years."""
    return f"{value:%d/%m}" if value.year == beside.year else british(value)


def _day_off(value: date, calendar: WorkingCalendar) -> str:
    if value.weekday() > 4:
        return f"a {value:%A}"
    return "" if calendar.is_working_day(value) else "a bank holiday"
