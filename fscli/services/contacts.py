"""Recording the week's work: visits, meetings, diary entries, tasks, corrections (what is booked ahead: services/bookings.py)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from fscli.domain import caseless, codes, contacts, naming
from fscli.domain.dates import When, british, echo
from fscli.domain.pre_referral import SHOWN_AS
from fscli.domain.problems import Problem, check
from fscli.domain.text import NOTE_MAX, TEXT_MAX, clean
from fscli.errors import InvalidInput, NotFound, RuleBroken
from fscli.services import bookings, present
from fscli.services.common import cleaned_text, closure_note, find_case, require_open
from fscli.services.duplicates import refuse_same_day, refuse_same_task
from fscli.store.models import Agency, Case, Contact, ContactParty, DiaryEntry, Meeting, Person, Task
from fscli.store.uow import UnitOfWork


PLACE_MAX = bookings.PLACE_MAX  # where a meeting was held, as where a visit was or will be


@dataclass(frozen=True)
class Recorded:
    label: str  # the id a worker types later: V12, D4, M3, T7
    line: str


def _party_lookup(uow: UnitOfWork, case: Case) -> tuple[list[Person], list[Agency]]:
    people = list(uow.session.exec(select(Person).where(Person.case_id == case.id)).all())
    agencies = list(uow.session.exec(select(Agency).where(Agency.case_id == case.id)).all())
    return people, agencies


def _who(case: Case, people: list[Person], agencies: list[Agency]) -> str:
    names = [p.name for p in people] + [a.name for a in agencies]
    return f"on case {case.ref}: {', '.join(names) if names else 'nobody recorded yet'}"


def _names(values: list[str]) -> list[str]:
    out: list[str] = []
    for value in values:
        out += [v.strip() for v in value.split(",") if v.strip()]
    return out


def log_visit(uow: UnitOfWork, ref: str, *, kind: str, when: When, duration: str | None, with_: list[str], seen: list[str], alone: list[str], bedroom: list[str],
              unannounced: bool, where: str | None, note: str | None, pre_referral: bool, again: bool = False) -> Recorded:  # fmt: skip
    case = find_case(uow, ref)
    problems: list[Problem] = []
    kind_code, found = codes.CONTACT_TYPE.check(kind, "--type")
    problems += found
    minutes = None
    if duration is not None:
        minutes, found = contacts.parse_duration(duration)
        problems += found
    problems += contacts.check_contact_date(when.day, referred=case.referred_on, closed_on=case.closed_on, today=uow.clock.today(), pre_referral=pre_referral, what="a visit")
    place = cleaned_text(where, "--where", problems, max_len=200)
    note_text = cleaned_text(note, "--note", problems, max_len=NOTE_MAX, multiline=True)
    people, agencies = _party_lookup(uow, case)
    by_name = {p.name.casefold(): p for p in people}
    parties: dict[str, ContactParty] = {}
    colleagues = present.known_workers(uow)
    joint = []
    for name in _names(with_):
        person = by_name.get(name.casefold())
        agency = next((a for a in agencies if a.name.casefold() == name.casefold()), None)
        if person is None and agency is None and name.casefold() in colleagues:
            joint.append(colleagues[name.casefold()])  # a joint visit: another worker was there
        elif person is None and agency is None:
            problems.append(Problem("--with", name, f"is not {_who(case, people, agencies)}, nor a worker fscli knows",
                                    "add them with 'fscli person add' or 'fscli agency add'; a colleague joins the case with 'fscli case share'"))  # fmt: skip
        elif person is not None:
            parties.setdefault(f"p{person.id}", ContactParty(person_id=person.id))
        else:
            parties.setdefault(f"a{agency.id}", ContactParty(agency_id=agency.id))  # type: ignore[union-attr]
    # A parent or carer can be seen alone (a routine enquiry about domestic abuse); only children are
    # seen for statutory purposes, and the statutory figures read only the children's plans.
    for field, names, flags, anyone in (("--seen", seen, ("seen",), False), ("--alone", alone, ("seen", "seen_alone"), True), ("--bedroom-seen", bedroom, ("bedroom_seen",), False)):
        for name in _names(names):
            person = by_name.get(name.casefold())
            if person is None and anyone:
                problems.append(Problem(field, name, f"is not {_who(case, people, [])}", "add them with 'fscli person add'"))
                continue
            if person is None or (person.role != "child" and not anyone):
                children = ", ".join(p.name for p in people if p.role == "child") or "none recorded"
                problems.append(Problem(field, name, f"is not a child on case {case.ref} (children: {children})"))
                continue
            if person.due_on is not None or (person.dob is not None and person.dob > when.day):
                # An unborn baby cannot be seen: a visit before the birth must not stop its CP visit clock.
                problems.append(Problem(field, name, f"was not born on {british(when.day)}" + (f" (expected {british(person.due_on)})" if person.due_on else f" (born {british(person.dob)})"),
                                        f"if the baby has been born, record it first: fscli person born {case.ref} {name!r} --dob DATE" if person.due_on else None))
                continue
            party = parties.setdefault(f"p{person.id}", ContactParty(person_id=person.id))
            for flag in flags:
                setattr(party, flag, 1)
    check(problems)
    refuse_same_day(uow, Contact, case, kind=kind_code, on=when.day, what=codes.CONTACT_TYPE.in_sentence(kind_code), prefix="V", again=again)
    contact = Contact(case_id=case.id, kind=kind_code, on_date=when.day, at_time=contacts.hhmm(when.at), duration_min=minutes, unannounced=int(unannounced), pre_referral=int(pre_referral),
                      location=place, note=note_text, worker=uow.worker, created_at=uow.clock.utcnow())  # fmt: skip
    uow.session.add(contact)
    uow.session.flush()
    for party in parties.values():
        party.contact_id = contact.id
        uow.session.add(party)
    joint = present.others_present(joint, uow.worker)
    present.record_present(uow, contact_id=contact.id, workers=joint)
    fulfilled = bookings.fulfil_visit(uow, case, contact)
    fields = ["kind", "on_date"] + [f for f, v in (("at_time", when.at), ("duration", minutes), ("location", place), ("note", note_text), ("parties", parties), ("workers", joint)) if v]
    uow.audit("visit.log", "contact", contact.id, case_id=case.id, fields=fields, **({"fulfils": fulfilled.id} if fulfilled else {}))
    seen_names = [p.name + (" (alone)" if parties[f"p{p.id}"].seen_alone else "") for p in people if f"p{p.id}" in parties and parties[f"p{p.id}"].seen and p.role == "child"]
    adults_alone = [p.name for p in people if f"p{p.id}" in parties and parties[f"p{p.id}"].seen_alone and p.role != "child"]
    detail = (f"; seen: {', '.join(seen_names)}" if seen_names else "") + (f"; seen alone: {', '.join(adults_alone)}" if adults_alone else "")
    detail += f"; with {', '.join(w.name for w in joint)}" if joint else ""
    plan = f"; fulfils the visit planned for {british(fulfilled.on_date)}" if fulfilled else bookings.meeting_still_open(uow, case, contact)
    return Recorded(f"V{contact.id}", f"{codes.CONTACT_TYPE.label(kind_code)} with {case.ref} {case.family} on {echo(when, uow.clock.today())}{detail}{plan}{closure_note(uow, case, when.day)}")


def log_meeting(uow: UnitOfWork, ref: str, *, kind: str, when: When, with_: list[str], chair: str | None, decisions: str | None, next_on: date | None, children: list[str] | None = None,
                pre_referral: bool = False, again: bool = False, calendar=None, where: str | None = None) -> Recorded:  # fmt: skip
    case = find_case(uow, ref)
    problems: list[Problem] = []
    kind_code, found = codes.MEETING_TYPE.check(kind, "--type")
    problems += found
    problems += contacts.check_contact_date(when.day, referred=case.referred_on, closed_on=case.closed_on, today=uow.clock.today(), pre_referral=pre_referral, what="a meeting")
    if next_on and next_on <= when.day:
        problems.append(Problem("--next", british(next_on), f"is not after this meeting ({british(when.day)})"))
    chair_name = cleaned_text(chair, "--chair", problems, max_len=200)
    decision_text = cleaned_text(decisions, "--decisions", problems, max_len=NOTE_MAX, multiline=True)
    place = cleaned_text(where, "--where", problems, max_len=PLACE_MAX)
    attendees, joint = meeting_attendees(uow, with_, problems)
    check(problems)
    refuse_same_day(uow, Meeting, case, kind=kind_code, on=when.day, what=codes.MEETING_TYPE.in_sentence(kind_code), prefix="M", again=again)
    meeting = Meeting(case_id=case.id, kind=kind_code, on_date=when.day, at_time=contacts.hhmm(when.at), chair=chair_name, attendees=", ".join(attendees) or None,
                      decisions=decision_text, next_on=next_on, worker=uow.worker, location=place, created_at=uow.clock.utcnow())  # fmt: skip
    journey_lines = _icpc_from_meeting(uow, case, when.day, children or [], calendar) if kind_code == "icpc" else []
    uow.session.add(meeting)
    uow.session.flush()
    present.record_present(uow, meeting_id=meeting.id, workers=joint)
    booking = bookings.hold_meeting(uow, meeting)
    uow.audit("meeting.log", "meeting", meeting.id, case_id=case.id, fields=["kind", "on_date"] + [f for f, v in (("chair", chair_name), ("location", meeting.location), ("attendees", attendees), ("workers", joint), ("decisions", decision_text), ("next_on", next_on)) if v]
              + (["icpc"] if journey_lines else []), **({"holds": booking.id} if booking else {}))  # fmt: skip
    nxt = bookings.held_words(booking)
    nxt += f"; next on {british(next_on)}" if next_on else ""
    nxt += f"; {SHOWN_AS} (recorded as history)" if pre_referral else ""
    also = "".join(f"; {line}" for line in journey_lines)
    return Recorded(f"M{meeting.id}", f"{codes.MEETING_TYPE.label(kind_code)} for {case.ref} {case.family} on {echo(when, uow.clock.today())}{nxt}{also}{closure_note(uow, case, when.day)}")


def meeting_attendees(uow: UnitOfWork, with_: list[str], problems: list[Problem]):
    """Who came, as named (people, agencies, others), and the workers fscli knows among them besides
    the one logging (kept in meeting_worker: who met with whom can be asked of the record)."""
    attendees = []
    colleagues = present.known_workers(uow)
    for name in _names(with_):
        text, found = clean(name, "--with")
        problems += found
        attendees.append(text)
    return attendees, present.others_present([colleagues[n.casefold()] for n in attendees if n.casefold() in colleagues], uow.worker)


def _icpc_from_meeting(uow: UnitOfWork, case: Case, day: date, children: list[str], calendar) -> list[str]:
    """An ICPC meeting is the s47 outcome too: one command records both, in one transaction."""
    from fscli.services.journey import resolve_children, s47_outcome
    from fscli.store.models import Section47

    if children:
        chosen = resolve_children(uow, case, children)
    else:
        open_ids = {s.person_id for s in uow.session.exec(select(Section47).where(Section47.case_id == case.id, Section47.icpc_on.is_(None), Section47.icpc_not_required == 0)).all()}  # type: ignore[union-attr]
        chosen = [p for p in uow.session.exec(select(Person).where(Person.case_id == case.id)).all() if p.id in open_ids]
        if not chosen:
            raise RuleBroken(f"case {case.ref} has no open section 47 enquiry for an ICPC", hint=f"start one first: fscli s47 start {case.ref} --date DATE --child NAME")
    lines = []
    for child in chosen:
        lines += s47_outcome(uow, case.ref, child=child.name, icpc=day, not_required=False, audit=False, calendar=calendar, field="--date").lines  # the meeting's own date was typed
    return lines


def add_diary(uow: UnitOfWork, ref: str | None, text: str, *, when: When, tags: list[str]) -> Recorded:
    problems: list[Problem] = []
    case = find_case(uow, ref) if ref else None
    body, found = clean(text, "TEXT", max_len=NOTE_MAX, multiline=True)
    problems += found
    problems += contacts.check_tags(tags)
    if when.day > uow.clock.today():
        problems.append(Problem("--date", british(when.day), "a diary entry records what happened, so it cannot be in the future", "for what is coming, add a task"))
    check(problems)
    found_tags = contacts.tags_in(body, tags)
    entry = DiaryEntry(case_id=case.id if case else None, on_date=when.day, at_time=contacts.hhmm(when.at), text=body, tags=f" {' '.join(found_tags)} " if found_tags else "", worker=uow.worker, created_at=uow.clock.utcnow())
    uow.session.add(entry)
    uow.session.flush()
    uow.audit("diary.add", "diary", entry.id, case_id=case.id if case else None, fields=["text", "on_date"] + (["tags"] if found_tags else []))
    where = f" for {case.ref} {case.family}" if case else ""
    tagged = f" #{' #'.join(found_tags)}" if found_tags else ""
    late = closure_note(uow, case, when.day) if case else ""
    return Recorded(f"D{entry.id}", f"diary entry{where} on {echo(when, uow.clock.today())}{tagged}{late}")


def add_task(uow: UnitOfWork, ref: str, text: str, *, due: When, again: bool = False) -> Recorded:
    case = find_case(uow, ref)
    require_open(case, "add tasks")
    body, found = clean(text, "TEXT", max_len=TEXT_MAX)
    check(found)
    refuse_same_task(uow, case, text=body, due=due.day, again=again)
    task = Task(case_id=case.id, text=body, due_on=due.day, due_time=contacts.hhmm(due.at), worker=uow.worker, created_at=uow.clock.utcnow())
    uow.session.add(task)
    uow.session.flush()
    uow.audit("task.add", "task", task.id, case_id=case.id, fields=("text", "due_on"))
    return Recorded(f"T{task.id}", f"task for {case.ref} {case.family}, due {echo(due)}: {body}")


def _named(uow: UnitOfWork, model, ident: str, prefix: str, what: str):
    """The record `T7` or `FS-0002/T7` (then checked to be that case's), with its case."""
    named, problems = naming.read_id(ident, prefix)
    check(problems)
    assert named is not None
    record = uow.session.get(model, named.number)
    if isinstance(record, Meeting) and caseless.someone_elses(record.case_id, record.worker, uow.worker):
        record = None  # another worker's supervision or training: not theirs to see
    if record is None:
        raise NotFound(f"{what} {ident.strip().upper()!r}: no such {what}" if prefix == "T" else f"{what} {ident.strip().upper()}: no such {what}", hint="see 'fscli task list'" if prefix == "T" else None)
    case = uow.session.get(Case, record.case_id) if record.case_id else None
    if named.ref is not None:
        check([p for p in [naming.wrong_case_problem(ident, named_ref=named.ref, actual_ref=case.ref if case else "", what=what)] if p])
    if record.voided_at is not None:
        raise RuleBroken(f"{what} {prefix}{record.id} was voided as made in error ({record.void_reason})", hint="a voided entry is not changed again")
    return record, case


def done_task(uow: UnitOfWork, ident: str, *, on: date) -> Recorded:
    task, case = _named(uow, Task, ident, "T", "task")
    if task.done_on:
        raise RuleBroken(f"task T{task.id} for {case.ref} {case.family} was done on {british(task.done_on)} already")
    require_open(case, f"mark task T{task.id} done")
    if on > uow.clock.today():
        raise InvalidInput("--date", british(on), "a task cannot be done in the future")
    task.done_on = on
    uow.session.add(task)
    uow.audit("task.done", "task", task.id, case_id=task.case_id, fields=("done_on",))
    return Recorded(f"T{task.id}", f"task T{task.id} for {case.ref} {case.family}, done {echo(on, uow.clock.today())}: {task.text}")


CORRECTABLE = {"V": (Contact, "note", "visit"), "D": (DiaryEntry, "text", "diary entry"), "M": (Meeting, "decisions", "meeting")}


def correct_note(uow: UnitOfWork, ident: str, text: str, *, reason: str) -> Recorded:
    """A correction is a new entry pointing at the one it corrects; the original stays as written."""
    key = naming.split_case(ident)[1][:1].upper()
    if key not in CORRECTABLE:
        raise InvalidInput("ID", ident, "is not a note fscli can correct", hint="give V12 (a visit), D4 (a diary entry) or M3 (a meeting)")
    model, field, what = CORRECTABLE[key]
    original, case = _named(uow, model, ident, key, what)
    already = uow.session.exec(select(model).where(model.corrects_id == original.id)).first()
    if already is not None:
        raise RuleBroken(f"{what} {key}{original.id} was corrected already by {key}{already.id}", hint=f"correct {key}{already.id} instead")
    problems: list[Problem] = []
    body, found = clean(text, "TEXT", max_len=NOTE_MAX, multiline=True)
    problems += found
    why, found = clean(reason, "--reason", max_len=TEXT_MAX)
    problems += found
    check(problems)
    copy = {c: getattr(original, c) for c in model.model_fields if c not in ("id", "corrects_id", "correction_reason", "created_at", "worker")}
    copy[field] = body
    correction = model(**copy, corrects_id=original.id, correction_reason=why, worker=uow.worker, created_at=uow.clock.utcnow())
    uow.session.add(correction)
    uow.session.flush()
    if isinstance(original, Contact):
        for party in uow.session.exec(select(ContactParty).where(ContactParty.contact_id == original.id)).all():
            uow.session.add(ContactParty(contact_id=correction.id, person_id=party.person_id, agency_id=party.agency_id, seen=party.seen, seen_alone=party.seen_alone, bedroom_seen=party.bedroom_seen))
        present.copy_present(uow, original.id, correction.id)  # type: ignore[arg-type]
    if isinstance(original, Meeting):
        present.copy_meeting(uow, original.id, correction.id)  # type: ignore[arg-type]
    uow.audit("note.correct", model.__tablename__, correction.id, case_id=getattr(original, "case_id", None), fields=(field, "corrects", "reason"), corrects=original.id)
    whose = f" of {case.ref} {case.family}" if case else ""
    late = closure_note(uow, case, original.on_date) if case else ""
    return Recorded(f"{key}{correction.id}", f"{what} {key}{original.id}{whose} on {echo(original.on_date)} corrected by {key}{correction.id}; the original stays in the record{late}")
