"""Logging work that belongs to no one family: supervision, a team meeting, training, calls with
professionals (the rule: domain/caseless.py). The meeting is the worker's own; the cases it
discussed are rows of meeting_case, each of whose chronologies then shows it."""

from __future__ import annotations

from sqlmodel import select

from fscli.domain import caseless, codes, contacts, duplicates
from fscli.domain.dates import When, echo, not_in_future
from fscli.domain.problems import Problem, check
from fscli.domain.text import NOTE_MAX
from fscli.errors import SameDayEntry
from fscli.services import bookings, present
from fscli.services.common import case_with_ref, cleaned_text, require_worker
from fscli.services.contacts import PLACE_MAX, Recorded, _names, meeting_attendees
from fscli.store.models import Case, Meeting, MeetingCase
from fscli.store.uow import UnitOfWork


def log_caseless_meeting(uow: UnitOfWork, *, kind: str, when: When, cases: list[str], with_: list[str], chair: str | None, decisions: str | None, where: str | None, again: bool = False) -> Recorded:  # fmt: skip
    problems: list[Problem] = []
    kind_code, found = codes.MEETING_TYPE.check(kind, "--type")
    problems += found or caseless.kind_problems(kind_code)
    problems += not_in_future(when.day, uow.clock.today(), "--date", "a meeting logged")
    discussed: list[Case] = []
    for ref in _names(cases):
        case = case_with_ref(uow, ref)
        if case is None:
            problems.append(Problem("--cases", ref, "no case has this reference", "see 'fscli case list'"))
        elif case.id not in {c.id for c in discussed}:
            problems += caseless.discussed_problems(ref, on=when.day, referred=case.referred_on)
            discussed.append(case)
    chair_name = cleaned_text(chair, "--chair", problems, max_len=200)
    decision_text = cleaned_text(decisions, "--decisions", problems, max_len=NOTE_MAX, multiline=True)
    place = cleaned_text(where, "--where", problems, max_len=PLACE_MAX)
    attendees, joint = meeting_attendees(uow, with_, problems)
    check(problems)
    require_worker(uow)
    if not again:
        _refuse_same_day(uow, kind_code, when)
    meeting = Meeting(case_id=None, kind=kind_code, on_date=when.day, at_time=contacts.hhmm(when.at), chair=chair_name, attendees=", ".join(attendees) or None,
                      decisions=decision_text, worker=uow.worker, location=place, created_at=uow.clock.utcnow())  # fmt: skip
    uow.session.add(meeting)
    uow.session.flush()
    for case in discussed:
        uow.session.add(MeetingCase(meeting_id=meeting.id, case_id=case.id))
    present.record_present(uow, meeting_id=meeting.id, workers=joint)
    booking = bookings.hold_meeting(uow, meeting)  # the supervision booked in my diary
    fields = ["kind", "on_date"] + [f for f, v in (("chair", chair_name), ("location", meeting.location), ("attendees", attendees), ("workers", joint), ("decisions", decision_text), ("cases", discussed)) if v]
    uow.audit("meeting.log", "meeting", meeting.id, fields=fields, **({"cases": [c.id for c in discussed]} if discussed else {}), **({"holds": booking.id} if booking else {}))
    said = caseless.discussed_text([f"{c.ref} {c.family}" for c in discussed])
    return Recorded(f"M{meeting.id}", f"{codes.MEETING_TYPE.label(kind_code)} on {echo(when, uow.clock.today())}" + (f"; {said}" if said else "") + bookings.held_words(booking))


def _refuse_same_day(uow: UnitOfWork, kind: str, when: When) -> None:
    """My live meeting of no one family of this kind that day: asked about first, or --again."""
    rows = list(uow.session.exec(select(Meeting).where(Meeting.case_id.is_(None), Meeting.kind == kind, Meeting.on_date == when.day, Meeting.voided_at.is_(None))).all())  # type: ignore[union-attr]
    corrected = {r.corrects_id for r in rows if r.corrects_id}
    live = [r for r in rows if r.id not in corrected and not caseless.someone_elses(r.case_id, r.worker, uow.worker)]
    if live:
        what = codes.MEETING_TYPE.in_sentence(kind)
        message, question = caseless.same_day_line(what=what, existing=[f"M{r.id}" for r in live], day=when.day)
        raise SameDayEntry(message, hint=duplicates.again_hint(what), question=question)
