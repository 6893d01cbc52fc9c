"""Bookings' names and codes: what the calendar holds ahead (a visit planned, a meeting booked),
who can call one off, and the work that belongs to no one family. Kept light, like
domain/episode_kinds.py: the schema and the read views import it.

A booking is a row of `planned_visit` (its name from before meetings could be booked; the B in
`B9`). A visit booked is fulfilled by the contact logged near its date; a meeting booked, by the
meeting of its kind logged near its date. A booking does not stop a clock; holding the meeting
does. Moving a booking keeps its row (and so its calendar UID) and its history in field_history;
cancelling keeps who called it off and why, so that a visit the family cancelled is never
reported as missed.
"""

from __future__ import annotations

from fscli.domain.live_rows import not_voided_sql

BOOKING_OF: tuple[str, ...] = ("visit", "meeting")

# Who called a booking off (issue 21: "the family, the worker, another agency").
CANCELLED_BY: tuple[str, ...] = ("family", "worker", "agency", "other")
CANCELLED_BY_LABELS: dict[str, str] = {"family": "the family", "worker": "the worker", "agency": "another agency", "other": "someone else"}

# The meetings that may belong to no one family: supervision, a team meeting, training, calls
# with professionals about several families. Each may name the cases it discussed
# (meeting_case); a supervision that discusses a case is management oversight of it.
CASELESS_MEETINGS: tuple[str, ...] = ("supervision", "team-meeting", "training", "professionals", "other")
OVERSIGHT_MEETING = "supervision"


def cancelled_text(by: str | None, reason: str | None) -> str:
    """'cancelled by the family: moving house': every view's words for a booking called off."""
    return f"cancelled by {CANCELLED_BY_LABELS.get(by or '', by or 'someone')}" + (f": {reason}" if reason else "")


# The states of a booking as SQL, rendered wherever a query needs one (their one home).
def not_held_sql(alias: str) -> str:
    """Booking `alias` was not held: no visit fulfilled it, no meeting held it."""
    return f"{alias}.fulfilled_by IS NULL AND {alias}.held_as IS NULL"


def open_sql(alias: str) -> str:
    """Booking `alias` may still happen: not held, not called off, not voided. The date is the
    caller's (today or later for what is due)."""
    return f"{not_held_sql(alias)} AND {alias}.cancelled_on IS NULL AND {not_voided_sql(alias)}"


def cancelled_sql(alias: str) -> str:
    """Booking `alias` was called off (and not voided): the calendar feed carries it as CANCELLED
    while its date is in the feed's window, so that clients drop it."""
    return f"{alias}.cancelled_on IS NOT NULL AND {not_voided_sql(alias)}"


def listed_sql(alias: str) -> str:
    """The bookings a list of what is ahead reads: the open ones, and those called off (for the feed)."""
    return f"(({open_sql(alias)}) OR ({cancelled_sql(alias)}))"
