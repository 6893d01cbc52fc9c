"""What is due as an iCalendar feed, for the calendar a worker already uses (Outlook, Google, Apple).

Calendars are often synced to services outside the council, so an event names the case
reference, the kind of item and the child's initials: never a name, a place, who is invited or a
note (a row of `due` holds none of a booking's place, invited or note; a task's own words and a
child's name in the basis are left out or made initials here).

A booking's event is named by its B-number, so that a booking moved to another day updates the
same event; one called off is sent, while its day is in the feed, as CANCELLED under that name,
so that a calendar client drops it.
"""

from __future__ import annotations

import hashlib
from datetime import date, datetime, time, timedelta, timezone
from typing import TextIO

from fscli.reports.spec import Report


def initials(name: str | None) -> str:
    return "".join(part[0].upper() + "." for part in (name or "").split() if part[:1].isalpha())


def _uid(row: dict) -> str:
    """Stable across runs: the same obligation keeps its event when the feed is refreshed."""
    key = "|".join(str(row.get(k) or "") for k in ("rule", "ref", "child", "due_on", "what"))
    return hashlib.sha256(key.encode()).hexdigest()[:32] + "@fscli"


def booking_uid(booking: str) -> str:
    """A booking's event: its B-number, whatever day it is moved to, and once it is called off."""
    return f"booking-{booking}@fscli"


def _events(row: dict) -> list[tuple[str, date, str | None, dict]]:
    """The events a row of `due` makes: its UID, day, time and the row as the event tells it. A
    duty booked after its deadline is two: the deadline, under the UID it had before it was booked
    (its words without the booking), and the meeting on its day, under the booking's."""
    booking, booked_on = row.get("booking"), row.get("booked_on")
    if not booking:
        return [(_uid(row), row["due_on"], row.get("at_time"), row)]
    meeting = (booking_uid(booking), booked_on or row["due_on"], row.get("at_time"), row)
    if booked_on is None or booked_on <= row["due_on"]:
        return [meeting]
    duty = row["what"].split(" (booked")[0]  # the words domain/due.py with_booking added to
    deadline = {**row, "what": duty, "booking": None, "booked_on": None, "at_time": None}
    told = {**row, "what": f"{duty} due (booked for {booked_on:%d/%m})"}
    return [(_uid(deadline), row["due_on"], None, told), meeting]


def write_ics(report: Report, today: date, stamp: datetime, out: TextIO) -> None:
    from zoneinfo import ZoneInfo

    import icalendar

    london = ZoneInfo("Europe/London")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//fscli//what is due//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "fscli: due")
    for uid, due_on, at_time, row in (event for row in report.rows for event in _events(row)):
        who = f" ({initials(row.get('child'))})" if row.get("child") else ""
        summary = f"{row['ref']}: {_what(row)}{who}" if row.get("ref") else f"{_what(row)}{who}"  # a booking of no case: supervision
        event = icalendar.Event()
        event.add("uid", uid)
        event.add("dtstamp", stamp.astimezone(timezone.utc))
        if row.get("state") == "cancelled":
            event.add("status", "CANCELLED")
            summary = f"Cancelled: {summary}"
        if due_on < today:
            # An overdue item sits on today, where it will be seen, and says since when.
            event.add("summary", f"OVERDUE since {due_on:%d/%m/%Y}: {summary}")
            event.add("dtstart", today)
            event.add("dtend", today + timedelta(days=1))
        elif at_time:
            start = datetime.combine(due_on, time.fromisoformat(at_time), tzinfo=london)
            event.add("summary", summary)
            event.add("dtstart", start)
            event.add("dtend", start + timedelta(hours=1))
        else:
            event.add("summary", summary)
            event.add("dtstart", due_on)
            event.add("dtend", due_on + timedelta(days=1))
        see = f" See: fscli case show {row['ref']}" if row.get("ref") else ""
        event.add("description", f"{_basis(row)}. Rule: {row['rule']}.{see}")
        calendar.add_component(event)
    calendar.add_missing_timezones()
    out.write(calendar.to_ical().decode("utf-8"))


def _what(row: dict) -> str:
    # A task's text is the worker's own words and may name people: the feed says only what it is.
    # A subject access request names its requester after the dash: the feed keeps the words before.
    if row["rule"] == "task":
        return "Task due"
    from fscli.domain.subject_access import RULES

    return row["what"].split(" — ")[0] if row["rule"] in RULES else row["what"]


def _basis(row: dict) -> str:
    """How the date was reached, with the child it names made initials ("10 working days after
    H.W.'s birth"): the reasons are fscli's own words, but may name the child they count from."""
    basis, child = row.get("basis") or "", row.get("child")
    return basis.replace(child, initials(child)) if child else basis
