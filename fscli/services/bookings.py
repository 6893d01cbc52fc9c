"""The calendar ahead: booking visits and meetings, holding them when they happen, calling them off
and moving them. The rules are domain/bookings.py; this reads and writes the rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlmodel import select

from fscli.domain import bookings, codes, contacts, naming
from fscli.domain.booking_kinds import CASELESS_MEETINGS
from fscli.domain.dates import When, british, echo
from fscli.domain.live_rows import PREFIXES
from fscli.domain.problems import Problem, check
from fscli.domain.text import NOTE_MAX, TEXT_MAX, clean
from fscli.errors import NotFound
from fscli.services.common import cleaned_text, find_case, require_open, require_worker
from fscli.services.history import record_change
from fscli.store.models import Case, Contact, Meeting, PlannedVisit
from fscli.store.uow import UnitOfWork

PLACE_MAX = 200  # as a visit's --where


@dataclass(frozen=True)
class Booked:
    label: str  # the first booking: B12
    line: str


def _names(values: list[str], problems: list[Problem]) -> str | None:
    """--with as given: names of people, agencies and workers, each cleaned, kept as one text."""
    out: list[str] = []
    for value in values:
        for name in (v.strip() for v in value.split(",")):
            if name:
                text, found = clean(name, "--with")
                problems += found
                out.append(text)
    return ", ".join(out) or None


def _details(where: str | None, with_: list[str], note: str | None, problems: list[Problem]) -> dict:
    return {"location": cleaned_text(where, "--where", problems, max_len=PLACE_MAX), "invited": _names(with_, problems),
            "note": cleaned_text(note, "--note", problems, max_len=NOTE_MAX, multiline=True)}  # fmt: skip


def _book(uow: UnitOfWork, case: Case | None, *, booking_of: str, kind: str, when: When, every: str | None, until: date | None, details: dict, problems: list[Problem]) -> list[PlannedVisit]:
    """The booking, or each of a repeating plan (the rest pointing at the first), once every
    problem is known."""
    interval = None
    problems += bookings.check_until(when.day, until, every is not None)
    if every is not None and until is not None:
        interval, found = contacts.parse_every(every)
        problems += found
    problems += bookings.check_booking_date(when.day, booking_of=booking_of, today=uow.clock.today(), referred=case.referred_on if case else None)
    check(problems)
    made = [PlannedVisit(case_id=case.id if case else None, booking_of=booking_of, kind=kind, on_date=day, at_time=contacts.hhmm(when.at), worker=uow.worker, created_at=uow.clock.utcnow(), **details)
            for day in contacts.planned_dates(when.day, until, interval)]  # fmt: skip
    uow.session.add_all(made)
    uow.session.flush()  # their ids: the B-numbers, and the series' first
    if len(made) > 1:
        for booking in made:
            booking.series_id = made[0].id
            uow.session.add(booking)
    return made


def _fields(details: dict) -> list[str]:
    return ["kind", "on_date"] + [f for f, v in details.items() if v]


def _said(made: list[PlannedVisit], when: When, details: dict, now: datetime) -> str:
    """'Wed 16 Dec 2026 10:00 at the Civic Centre (B12)'; a repeating plan, to its last date."""
    last = f" to {british(made[-1].on_date)}" if len(made) > 1 else ""
    place = f" at {details['location']}" if details["location"] else ""
    invited = f", with {details['invited']}" if details["invited"] else ""
    ids = bookings.name(made[0].id) + (f"-{bookings.name(made[-1].id)}" if len(made) > 1 else "")
    return f"{echo(when)}{last}{place}{invited} ({ids}){bookings.passed_already(when.day, when.at, now)}"


def plan_visits(uow: UnitOfWork, ref: str, *, kind: str, when: When, every: str | None, until: date | None, where: str | None = None, with_: list[str] | None = None, note: str | None = None) -> Booked:
    case = find_case(uow, ref)
    require_open(case, "plan visits")
    problems: list[Problem] = []
    kind_code, found = codes.CONTACT_TYPE.check(kind, "--type")
    problems += found
    details = _details(where, with_ or [], note, problems)
    made = _book(uow, case, booking_of="visit", kind=kind_code, when=when, every=every, until=until, details=details, problems=problems)
    uow.audit("visit.plan", "planned_visit", made[0].id, case_id=case.id, fields=_fields(details), count=len(made))
    what = codes.CONTACT_TYPE.in_sentence(kind_code) + ("s" if len(made) > 1 else "")
    return Booked(bookings.name(made[0].id), f"planned {len(made)} {what} for {case.ref} {case.family}: {_said(made, when, details, uow.clock.now())}")


def plan_meetings(uow: UnitOfWork, ref: str | None, *, kind: str, when: When, every: str | None, until: date | None, where: str | None, with_: list[str], note: str | None) -> Booked:
    problems: list[Problem] = []
    kind_code, found = codes.MEETING_TYPE.check(kind, "--type")
    problems += found
    case = find_case(uow, ref) if ref else None
    if case is None and kind_code and bookings.needs_case(kind_code):
        check([Problem("REF", None, f"{codes.MEETING_TYPE.label(kind_code)} is about a family: give its case reference",
                       f"only these are booked without one: {', '.join(CASELESS_MEETINGS)}")])  # fmt: skip
    if case is not None:
        require_open(case, "book meetings")
    else:
        require_worker(uow)
    details = _details(where, with_, note, problems)
    made = _book(uow, case, booking_of="meeting", kind=kind_code or "", when=when, every=every, until=until, details=details, problems=problems)
    uow.audit("meeting.plan", "planned_visit", made[0].id, case_id=case.id if case else None, fields=_fields(details), count=len(made))
    whose = f" for {case.ref} {case.family}" if case else ""
    many = f", {len(made)} meetings" if len(made) > 1 else ""
    return Booked(bookings.name(made[0].id), f"booked {codes.MEETING_TYPE.in_sentence(kind_code)}{whose}{many}: {_said(made, when, details, uow.clock.now())}")


def _open_bookings(uow: UnitOfWork, booking_of: str, case_id: int | None):
    """The bookings of one kind that are still open (not held, cancelled or voided)."""
    held = PlannedVisit.fulfilled_by if booking_of == "visit" else PlannedVisit.held_as
    query = select(PlannedVisit).where(PlannedVisit.booking_of == booking_of, held.is_(None), PlannedVisit.cancelled_on.is_(None), PlannedVisit.voided_at.is_(None))  # type: ignore[union-attr]
    query = query.where(PlannedVisit.case_id == case_id) if case_id is not None else query.where(PlannedVisit.case_id.is_(None))  # type: ignore[union-attr]
    return uow.session.exec(query).all()


def fulfil_visit(uow: UnitOfWork, case: Case, contact: Contact) -> PlannedVisit | None:
    """The open planned visit nearest the contact's date, within a few days, that a contact of its
    kind does (contacts.fulfils), is now done."""
    fitting = [p for p in _open_bookings(uow, "visit", case.id) if contacts.fulfils(contact.kind, p.kind)]
    plan = bookings.nearest(fitting, contact.on_date, lambda p: p.on_date, lambda p: p.id)
    if plan is not None:
        plan.fulfilled_by = contact.id
        uow.session.add(plan)
    return plan


def meeting_still_open(uow: UnitOfWork, case: Case, contact: Contact) -> str:
    """A visit does not hold a booked meeting (the appointment with a parent at Citizens Advice is
    a meeting): logged near one that stays open, the confirmation says how to hold it instead."""
    near = bookings.nearest(_open_bookings(uow, "meeting", case.id), contact.on_date, lambda b: b.on_date, lambda b: b.id)
    if near is None:
        return ""
    return (f"; {bookings.name(near.id)}, the {codes.MEETING_TYPE.in_sentence(near.kind)} booked for {bookings.day_short(near.on_date)}, stays open:"
            f" if this was it, log it with 'fscli meeting log {case.ref} --type {near.kind}' and void this visit")


def hold_meeting(uow: UnitOfWork, meeting: Meeting) -> PlannedVisit | None:
    """The open booking of the meeting's case (or, for a meeting of no case, the worker's own) and
    kind nearest its date, within a few days, is held as this meeting; a meeting logged with no
    place takes the booking's."""
    fitting = [b for b in _open_bookings(uow, "meeting", meeting.case_id) if b.kind == meeting.kind and (meeting.case_id is not None or (b.worker or "").casefold() == (meeting.worker or "").casefold())]
    booking = bookings.nearest(fitting, meeting.on_date, lambda b: b.on_date, lambda b: b.id)
    if booking is None:
        return None
    booking.held_as = meeting.id
    uow.session.add(booking)
    if meeting.location is None and booking.location:
        meeting.location = booking.location
        uow.session.add(meeting)
    return booking


def held_words(booking: PlannedVisit | None) -> str:
    """'; held as booked for Wed 16/12 (B12)', for the confirmation of the meeting that held it."""
    return f"; held as booked for {bookings.day_short(booking.on_date)} ({bookings.name(booking.id)})" if booking else ""  # type: ignore[arg-type]


def _state(uow: UnitOfWork, row: PlannedVisit) -> bookings.Booking:
    held_as, held_on = None, None
    if row.fulfilled_by is not None:
        contact = uow.session.get(Contact, row.fulfilled_by)
        held_as, held_on = f"{PREFIXES['contact']}{row.fulfilled_by}", contact.on_date if contact else None
    elif row.held_as is not None:
        meeting = uow.session.get(Meeting, row.held_as)
        held_as, held_on = f"{PREFIXES['meeting']}{row.held_as}", meeting.on_date if meeting else None
    return bookings.Booking(id=row.id, booking_of=row.booking_of, kind=row.kind, on_date=row.on_date, at_time=row.at_time, voided=row.voided_at is not None,  # type: ignore[arg-type]
                            cancelled_on=row.cancelled_on, cancelled_by=row.cancelled_by, cancel_reason=row.cancel_reason, held_as=held_as, held_on=held_on, series_id=row.series_id)  # fmt: skip


def _find(uow: UnitOfWork, ident: str) -> tuple[PlannedVisit, Case | None]:
    """The booking `B9` or `FS-0001/B9` (then checked to be that case's), with its case."""
    prefix = PREFIXES["planned_visit"]
    named, problems = naming.read_id(ident, prefix)
    check(problems)
    assert named is not None
    row = uow.session.get(PlannedVisit, named.number)
    if row is None:
        raise NotFound(f"booking {prefix}{named.number}: no such booking", hint="see 'fscli week' or 'fscli meeting list --booked'")
    case = uow.session.get(Case, row.case_id) if row.case_id else None
    if named.ref is not None:
        find_case(uow, named.ref)
        check([p for p in [naming.wrong_case_problem(ident, named_ref=named.ref, actual_ref=case.ref if case else "", what="booking")] if p])
    return row, case


def _what(row: PlannedVisit, case: Case | None) -> str:
    """'home visit for FS-0001 Wilson family', 'supervision (management oversight)'."""
    what = codes.MEETING_TYPE.in_sentence(row.kind) if row.booking_of == "meeting" else bookings.kind_label(row.booking_of, row.kind).lower()
    return what + (f" for {case.ref} {case.family}" if case else "")


def cancel_booking(uow: UnitOfWork, ident: str, *, by: str, reason: str, and_later: bool) -> Booked:
    row, case = _find(uow, ident)
    problems: list[Problem] = []
    who, found = bookings.check_cancelled_by(by)
    problems += found
    why, found = clean(reason, "--reason", max_len=TEXT_MAX)
    problems += found
    booking = _state(uow, row)
    problems += bookings.cancel_problems(booking)
    later: list[bookings.Booking] = []
    if and_later:
        if row.series_id is None:
            problems.append(Problem("--and-later", None, f"{booking.name} is not one of a repeating plan", "leave out --and-later"))
        else:
            series = uow.session.exec(select(PlannedVisit).where(PlannedVisit.series_id == row.series_id)).all()
            later = bookings.later_in_series(booking, [_state(uow, r) for r in series])
    check(problems)
    today = uow.clock.today()
    rows = [row] + [uow.session.get(PlannedVisit, b.id) for b in later]
    for each in rows:
        each.cancelled_on, each.cancelled_by, each.cancel_reason = today, who, why  # type: ignore[union-attr]
        uow.session.add(each)
    uow.audit(f"{row.booking_of}.cancel", "planned_visit", row.id, case_id=row.case_id, fields=("cancelled_on", "cancelled_by", "cancel_reason"), **({"and_later": [b.id for b in later]} if later else {}))
    also = f", and the {len(later)} later one{'s' if len(later) > 1 else ''} of its plan (to {british(later[-1].on_date)})" if later else ""
    return Booked(booking.name, f"cancelled {booking.name}, {_what(row, case)} on {bookings.day_short(row.on_date)}{also}, by {bookings.cancelled_by_words(who)}: {why}")


def move_booking(uow: UnitOfWork, ident: str, *, when: When, reason: str) -> Booked:
    row, case = _find(uow, ident)
    problems: list[Problem] = []
    why, found = clean(reason, "--reason", max_len=TEXT_MAX)
    problems += found
    problems += bookings.move_problems(_state(uow, row), day=when.day, at=when.at, today=uow.clock.today(), referred=case.referred_on if case else None)
    check(problems)
    old_day, old_time = row.on_date, row.at_time
    row.on_date = when.day
    if when.at is not None:
        row.at_time = contacts.hhmm(when.at)
    uow.session.add(row)
    # Both values are kept on every move, so that the chronology tells the move as one line.
    record_change(uow, case, "planned_visit", row.id, "on_date", old_day, row.on_date, why)  # type: ignore[arg-type]
    record_change(uow, case, "planned_visit", row.id, "at_time", old_time, row.at_time, why)  # type: ignore[arg-type]
    uow.audit(f"{row.booking_of}.move", "planned_visit", row.id, case_id=row.case_id, fields=("on_date", "at_time"))
    return Booked(bookings.name(row.id), f"moved {bookings.name(row.id)}, {_what(row, case)}, from {echo(When(old_day, _time(old_time)))} to {echo(When(row.on_date, _time(row.at_time)))}")


def _time(text: str | None) -> time | None:
    return None if text is None else time.fromisoformat(text)
