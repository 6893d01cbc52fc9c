"""`fscli meeting list`: meetings held and booked, in date order; a booking with its B-number,
place and state (booked, held as M5, cancelled by the family: why, missed)."""

from __future__ import annotations

from datetime import date

from fscli.domain import bookings
from fscli.domain.codes import MEETING_TYPE
from fscli.domain.live_rows import label, live_sql, not_voided_sql
from fscli.reports.lookups import find_case
from fscli.reports.spec import Column, Report
from fscli.store.db import Reader, as_date

MEETING_COLUMNS = [
    Column("id", "ID", "code"),
    Column("on_date", "Date", "date", in_table=False),
    Column("at_time", "Time", "code", in_table=False),
    Column("when", "When", "code", in_machine=False),  # the table's one column for the two, to fit 80 columns
    Column("kind", "Type", "code", in_table=False),
    Column("what", "Meeting"),
    Column("ref", "Case", "code"),
    Column("family", "Family", in_table=False),
    Column("location", "Where"),
    Column("people", "With", in_table=False),
    Column("state", "State"),
    Column("worker", "Worker", in_table=False),
    Column("note", "Note", in_table=False),
]


def meeting_list(reader: Reader, today: date, *, ref: str | None, since: date | None, until: date | None, booked: bool, worker: str | None) -> Report:
    """A case's meetings (and the meetings of no case that discussed it); without a case, every
    case's, and the worker's own meetings of no case (supervision, training)."""
    params: dict = {"since": since or date.min, "until": until or date.max, "worker": (worker or "").strip()}
    title = "Meetings"
    if ref:
        case = find_case(reader, ref)
        params["case_id"] = case["id"]
        held_scope = "(m.case_id = :case_id OR m.id IN (SELECT mc.meeting_id FROM meeting_case mc WHERE mc.case_id = :case_id))"
        booked_scope = "b.case_id = :case_id"
        title += f" of {case['ref']} {case['family']}"
    else:
        held_scope = "(m.case_id IS NOT NULL OR lower(m.worker) = lower(:worker))"
        booked_scope = "(b.case_id IS NOT NULL OR lower(b.worker) = lower(:worker))"
    rows = []
    if not booked:
        for m in reader.rows(
            "SELECT m.id, m.kind, m.on_date, m.at_time, m.location, m.attendees, m.worker, m.decisions, k.ref, k.family,"
            f" (SELECT min(b.id) FROM planned_visit b WHERE b.held_as = m.id AND {not_voided_sql('b')}) AS booking"
            f" FROM meeting m LEFT JOIN cases k ON k.id = m.case_id WHERE {live_sql('meeting', 'm')} AND {held_scope} AND m.on_date BETWEEN :since AND :until",  # noqa: S608 - fixed SQL; values bound
            params,
        ):  # fmt: skip
            state = f"held, as booked ({bookings.name(m['booking'])})" if m["booking"] else "held"
            rows.append({"id": label("meeting", m["id"]), "on_date": as_date(m["on_date"]), "at_time": m["at_time"], "kind": m["kind"], "what": MEETING_TYPE.label(m["kind"]), "ref": m["ref"],
                         "family": m["family"], "location": m["location"], "people": m["attendees"], "state": state, "worker": m["worker"], "note": None})  # fmt: skip
    held_too = "" if booked else " AND b.held_as IS NULL"  # a booking held is shown as the meeting that held it
    for b in reader.rows(
        "SELECT b.id, b.kind, b.on_date, b.at_time, b.location, b.invited, b.note, b.worker, b.held_as, b.cancelled_on, b.cancelled_by, b.cancel_reason, b.series_id, m.on_date AS held_on, k.ref, k.family"
        f" FROM planned_visit b LEFT JOIN cases k ON k.id = b.case_id LEFT JOIN meeting m ON m.id = b.held_as"
        f" WHERE b.booking_of = 'meeting' AND {not_voided_sql('b')} AND {booked_scope}{held_too} AND b.on_date BETWEEN :since AND :until",  # noqa: S608 - fixed SQL; values bound
        params,
    ):  # fmt: skip
        booking = bookings.Booking(id=b["id"], booking_of="meeting", kind=b["kind"], on_date=as_date(b["on_date"]), at_time=b["at_time"], cancelled_on=as_date(b["cancelled_on"]),
                                   cancelled_by=b["cancelled_by"], cancel_reason=b["cancel_reason"], held_as=label("meeting", b["held_as"]) if b["held_as"] else None, held_on=as_date(b["held_on"]))  # fmt: skip
        rows.append({"id": booking.name, "on_date": booking.on_date, "at_time": b["at_time"], "kind": b["kind"], "what": MEETING_TYPE.label(b["kind"]), "ref": b["ref"], "family": b["family"],
                     "location": b["location"], "people": b["invited"], "state": bookings.state(booking, today), "worker": b["worker"], "note": b["note"]})  # fmt: skip
    rows.sort(key=lambda r: (r["on_date"], r["at_time"] or "99:99", r["id"]))
    for r in rows:
        r["when"] = f"{r['on_date']:%d/%m/%Y}" + (f" {r['at_time']}" if r["at_time"] else "")
    if booked:
        title = "Booked meetings" + title.removeprefix("Meetings")
    report = Report(title, MEETING_COLUMNS, rows, empty="No meetings. Book one with: fscli meeting plan REF --type TYPE --date WHEN" if booked else "No meetings. Log one with 'fscli meeting log', book one with 'fscli meeting plan'.")
    return report.hiding("ref") if ref else report  # one case's: its reference is in the title
