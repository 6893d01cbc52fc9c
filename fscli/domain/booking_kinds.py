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

BOOKING_OF: tuple[str, ...] = ("visit", "meeting")

# Who called a booking off (issue 21: "the family, the worker, another agency").
CANCELLED_BY: tuple[str, ...] = ("family", "worker", "agency", "other")
CANCELLED_BY_LABELS: dict[str, str] = {"family": "the family", "worker": "the worker", "agency": "another agency", "other": "someone else"}

# The meetings that may belong to no one family: supervision, a team meeting, training, calls
# with professionals about several families. Each may name the cases it discussed
# (meeting_case); a supervision that discusses a case is management oversight of it.
CASELESS_MEETINGS: tuple[str, ...] = ("supervision", "team-meeting", "training", "professionals", "other")
OVERSIGHT_MEETING = "supervision"
