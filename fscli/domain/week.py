"""How the week reads (`fscli week`): on which day each entry shows and what it says.

A task shows on the day it was done, saying how late, not on its due day as done (which hid
three days overdue); a task still open past its date shows today, while today is in the week;
a booking called off says who called it off and why, and is never "missed".
"""

from __future__ import annotations

from datetime import date



def days(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def task_entry(due_on: date, done_on: date | None, today: date, monday: date, sunday: date) -> tuple[date, str] | None:
    """The day a task shows on in the week of `monday` to `sunday`, and what it says; None when
    the week does not hold it."""
    if done_on is not None:
        if not monday <= done_on <= sunday:
            return None
        late = (done_on - due_on).days
        return done_on, f"Task done, {days(late)} late" if late > 0 else "Task done"
    if due_on < today:
        shown = today if monday <= today <= sunday else due_on
        return (shown, f"Task overdue by {days((today - due_on).days)}") if monday <= shown <= sunday else None
    return (due_on, "Task due") if monday <= due_on <= sunday else None


def booking_what(*, booking_of: str, said: str, place: str | None, on: date, today: date, cancelled: bool) -> str:
    """'Planned: appointment at Citizens Advice Northgate', 'Booked: Initial child protection
    conference', 'Cancelled: home visit', 'Missed: statutory visit'. `said` is the kind as it
    reads after other words. A booked meeting not logged once passed is "not logged": a meeting
    may have been held and not yet recorded, which a visit's "missed" would misreport."""
    if cancelled:
        head = "Cancelled"
    elif on < today:
        head = "Missed" if booking_of == "visit" else "Booked, not logged"
    else:
        head = "Planned" if booking_of == "visit" else "Booked"
    return f"{head}: {said}" + (f" at {place}" if place else "")


