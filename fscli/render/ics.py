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
    """The feed: the calendar's frame and the VTIMEZONE of Europe/London (when an event has a time)
    from icalendar, every VEVENT written here as icalendar writes one (its order of properties,
    escaping and folding: tests/render/test_ics.py holds the two to the same bytes). Through
    icalendar each event cost about 0.6 ms, most of it folding lines a character at a time: a
    council's list of 55,000 items took 36 s."""
    from zoneinfo import ZoneInfo

    import icalendar

    london = ZoneInfo("Europe/London")
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//fscli//what is due//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "fscli: due")
    dtstamp = f"DTSTAMP:{stamp.astimezone(timezone.utc):%Y%m%dT%H%M%SZ}"
    events: list[str] = []
    timed = False
    for uid, due_on, at_time, row in (event for row in report.rows for event in _events(row)):
        who = f" ({initials(row.get('child'))})" if row.get("child") else ""
        summary = f"{row['ref']}: {_what(row)}{who}" if row.get("ref") else f"{_what(row)}{who}"  # a booking of no case: supervision
        cancelled = row.get("state") == "cancelled"
        if cancelled:
            summary = f"Cancelled: {summary}"
        if due_on < today:
            # An overdue item sits on today, where it will be seen, and says since when.
            summary = f"OVERDUE since {due_on:%d/%m/%Y}: {summary}"
            start, end = f"DTSTART;VALUE=DATE:{today:%Y%m%d}", f"DTEND;VALUE=DATE:{today + timedelta(days=1):%Y%m%d}"
        elif at_time:
            begins = datetime.combine(due_on, time.fromisoformat(at_time), tzinfo=london)
            ends = begins + timedelta(hours=1)
            start, end = f"DTSTART;TZID=Europe/London:{begins:%Y%m%dT%H%M%S}", f"DTEND;TZID=Europe/London:{ends:%Y%m%dT%H%M%S}"
            timed = True
        else:
            start, end = f"DTSTART;VALUE=DATE:{due_on:%Y%m%d}", f"DTEND;VALUE=DATE:{due_on + timedelta(days=1):%Y%m%d}"
        see = f" See: fscli case show {row['ref']}" if row.get("ref") else ""
        description = f"{_basis(row)}. Rule: {row['rule']}.{see}"
        lines = [f"SUMMARY:{text(summary)}", start, end, dtstamp, f"UID:{text(uid)}", f"DESCRIPTION:{text(description)}"]
        if cancelled:
            lines.append("STATUS:CANCELLED")
        events.append("BEGIN:VEVENT\r\n" + "".join(fold(line) + "\r\n" for line in lines) + "END:VEVENT\r\n")
    if timed:  # the zone's rules, once, before the events (as add_missing_timezones puts them)
        probe = icalendar.Event()
        probe.add("dtstart", datetime.combine(today, time(9), tzinfo=london))
        calendar.add_component(probe)
        calendar.add_missing_timezones()
        calendar.subcomponents.remove(probe)
    frame = calendar.to_ical().decode("utf-8")
    closing = "END:VCALENDAR\r\n"
    out.write(frame.removesuffix(closing) + "".join(events) + closing)


# RFC 5545 TEXT escaping, in icalendar's order: a backslash first, then ; and , and line ends.
_ESCAPES = (("\\N", "\n"), ("\\", "\\\\"), (";", "\\;"), (",", "\\,"), ("\r\n", "\\n"), ("\n", "\\n"), ("\r", "\\n"))


def text(value: str) -> str:
    """A TEXT value escaped as icalendar escapes it (vText)."""
    if "\\" in value or ";" in value or "," in value or "\n" in value or "\r" in value:
        for old, new in _ESCAPES:
            value = value.replace(old, new)
    return value


def fold(line: str, limit: int = 75) -> str:
    """A content line folded as icalendar folds it (RFC 5545 3.1): a segment ends before the
    character that would bring it to `limit` octets, continued after CRLF and a space; an escape's
    backslash (or a caret) is not left at a segment's end but carried to the next. Most lines are
    ASCII and short: they are returned as they are, or cut by length alone."""
    if line.isascii():
        if len(line) < limit:
            return line
        if "\\" not in line and "^" not in line:
            width = limit - 1
            return "\r\n ".join(line[i : i + width] for i in range(0, len(line), width))
    segments: list[str] = []
    current: list[str] = []
    count = 0
    for char in line:
        size = len(char.encode("utf-8"))
        if current and count + size >= limit:
            if len(current) > 1 and current[-1] in "\\^":
                carried = current.pop()
                segments.append("".join(current))
                current, count = [carried], len(carried.encode("utf-8"))
            else:
                segments.append("".join(current))
                current, count = [], 0
        current.append(char)
        count += size
    if current:
        segments.append("".join(current))
    return "\r\n ".join(segments)


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
