"""A subject access request (UK GDPR Art. 15): recorded with its due date, extended with a reason,
answered; and the pack of everything held about the person, written in the same transaction.

Who the subject is across cases is domain/subject_access.py; what the pack holds is
reports/subject_access.py (handed in as `gather`: services do not import reports); the files are
services/sar_pack.py. Recording a request is allowed on a case under restriction of processing:
answering the person is what the restriction leaves open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import or_
from sqlmodel import col, func, select

from fscli.domain import subject_access as rules
from fscli.domain.dates import british
from fscli.domain.problems import Problem, check
from fscli.domain.subject_access import Appearance, Matched
from fscli.errors import InvalidInput, RuleBroken
from fscli.services.common import cleaned_text, find_case
from fscli.services.people import _member
from fscli.store.db import like_literal
from fscli.store.models import Case, Person, SarRequest
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class Who:
    """The subject as the officer named them: a case and a name, or a child id; --also cases."""

    ref: str | None = None
    name: str | None = None
    child_id: str | None = None
    also: frozenset[str] = frozenset()
    request: str | None = None  # or the request by its name (SAR4), as `due` lists one whose case was erased


@dataclass(frozen=True)
class Asked:
    """What the officer asked for this time (any together, in this order)."""

    received: date | None = None  # record a new request received on this day
    extend_reason: str | None = None  # extend the open request
    answered: date | None = None  # mark the open request answered on this day
    pack: Any = None  # a sar_pack.Folder: write the pack into it
    log_view: bool = False  # write the pack's access row (store/access.py)
    login: str | None = None


@dataclass
class SarResult:
    subject: str
    ref: str
    request: str | None = None
    received_on: date | None = None
    due_on: date | None = None
    extended_to: date | None = None
    answered_on: date | None = None
    recorded: bool = False
    extended: bool = False
    items: int = 0
    third_parties: int = 0
    sha256: str | None = None
    appearances: list[str] = field(default_factory=list)
    possible: list[Appearance] = field(default_factory=list)


def _subject(uow: UnitOfWork, who: Who) -> Appearance:
    if who.child_id:
        found = uow.session.exec(select(Person, Case).join(Case, col(Case.id) == Person.case_id).where(func.upper(Person.child_id) == who.child_id.strip().upper())).first()
        if found is None:
            raise InvalidInput("--child-id", who.child_id, "is no child's id in this caseload", hint="see 'fscli person list REF' for the children's ids, or name the person: REF NAME")
        person, case = found
    else:
        if not who.ref or not who.name:
            raise InvalidInput("PERSON", None, "is missing", hint='name the person by case and name (FS-0003 "Dan Hart") or give --child-id ID')
        case = find_case(uow, who.ref)
        person = _member(uow, case, who.name)
    return Appearance(person.id, case.id, case.ref, person.name, person.dob, person.child_id)  # type: ignore[arg-type]


def _candidates(uow: UnitOfWork, subject: Appearance) -> list[Appearance]:
    """Every person row that could be the subject: the same child id, or the same last word of the name (the rule decides)."""
    last = rules.normal_name(subject.name).split()[-1]
    clauses = [func.lower(Person.name).like("%" + like_literal(last) + "%", escape="\\"), Person.id == subject.person_id]
    if subject.child_id:
        clauses.append(func.upper(Person.child_id) == subject.child_id.upper())
    rows = uow.session.exec(select(Person, Case.ref).join(Case, col(Case.id) == Person.case_id).where(or_(*clauses))).all()
    return [Appearance(p.id, p.case_id, ref, p.name, p.dob, p.child_id) for p, ref in rows]  # type: ignore[arg-type]


def open_requests_reaching(uow: UnitOfWork, case_id: int) -> list[SarRequest]:
    """The unanswered requests whose subject appears in this case, by the same rule the pack uses
    (a possible match too: the officer may yet include it): its records are asked for, so they
    may not be erased (DPA 2018 s.173), whichever case the request was recorded on."""
    reaching = []
    for request in uow.session.exec(select(SarRequest).where(col(SarRequest.answered_on).is_(None), col(SarRequest.voided_at).is_(None)).order_by(col(SarRequest.received_on))).all():
        if request.case_id == case_id:
            reaching.append(request)
            continue
        if request.person_id is None:
            continue
        person, case = uow.session.exec(select(Person, Case).join(Case, col(Case.id) == Person.case_id).where(Person.id == request.person_id)).one()
        subject = Appearance(person.id, case.id, case.ref, person.name, person.dob, person.child_id)  # type: ignore[arg-type]
        matched = rules.match(subject, _candidates(uow, subject))
        if any(a.case_id == case_id for a in matched.included + matched.possible):
            reaching.append(request)
    return reaching


def _open_request(uow: UnitOfWork, matched: Matched) -> SarRequest | None:
    people = [a.person_id for a in matched.included]
    return uow.session.exec(select(SarRequest).where(col(SarRequest.person_id).in_(people), col(SarRequest.answered_on).is_(None), col(SarRequest.voided_at).is_(None)).order_by(col(SarRequest.id))).first()


def handle(uow: UnitOfWork, who: Who, asked: Asked, *, practice: Any, gather: Callable[..., dict], html: Callable[[dict], str]) -> SarResult:
    """Record, extend, write the pack, answer: whichever were asked, in one transaction and one audit row."""
    uow.processing_allowed = True  # answering the person is what a restriction of processing leaves open (Art. 18)
    if who.request is not None:
        if who.ref or who.child_id:
            raise InvalidInput("--request", who.request, "names the request: give it or the person, not both", hint="leave out REF NAME (or --child-id)")
        return _named_request(uow, who.request, asked, practice)
    subject = _subject(uow, who)
    candidates = _candidates(uow, subject)
    matched = rules.match(subject, candidates, who.also)
    unknown = rules.unknown_also(who.also, matched)
    if unknown:
        raise InvalidInput("--also", unknown[0], f"is no case where {subject.name} might appear", hint="give the case of a possible match the pack listed")
    today = uow.clock.today()
    result = SarResult(subject.name, subject.ref, appearances=[a.ref for a in matched.included], possible=list(matched.possible))
    request = _open_request(uow, matched)
    fields: list[str] = []
    if asked.received is not None or (request is None and asked.pack is not None):
        if request is not None:
            raise RuleBroken(f"{subject.name}: request {rules.request_name(request.id)} received {british(request.received_on)} is still open",
                             hint="extend it (--extend --reason TEXT) or answer it (--answered) before recording another")  # fmt: skip
        received = asked.received or today
        if received > today:
            check([Problem("--received", british(received), "is in the future", "give the day the request reached the council")])
        request = SarRequest(case_id=subject.case_id, person_id=subject.person_id, received_on=received, due_on=rules.due_on(received, practice.profile, practice.calendar),
                             recorded_by=uow.worker, created_at=uow.clock.utcnow())  # fmt: skip
        uow.session.add(request)
        uow.session.flush()
        result.recorded = True
        fields += ["received_on", "due_on", "recorded_by"]
    if request is None:
        raise RuleBroken(f"{subject.name}: no subject access request is open", hint=f"record one first: fscli person sar {subject.ref} \"{subject.name}\" --received DATE")
    fields += _extend_or_answer(uow, request, Asked(extend_reason=asked.extend_reason), practice, result)
    if asked.pack is not None:
        pack = _pack(uow, subject, matched, asked, gather)
        result.items, result.third_parties = len(pack["items"]), len(pack["third_parties"])
        result.sha256 = request.pack_sha256 = asked.pack.write(pack, html(pack))  # the latest pack written for the request: --answered later links it
        fields.append("pack_sha256")
    fields += _extend_or_answer(uow, request, Asked(answered=asked.answered), practice, result)
    uow.session.add(request)
    uow.session.flush()
    action = "sar.record" if result.recorded else "sar.answer" if asked.answered else "sar.extend" if result.extended else "sar.pack"
    uow.audit(action, "sar_request", request.id, case_id=request.case_id, fields=fields, **({"pack_items": result.items} if asked.pack is not None else {}))
    result.request, result.received_on, result.due_on, result.extended_to, result.answered_on = rules.request_name(request.id), request.received_on, request.due_on, request.extended_to, request.answered_on  # type: ignore[arg-type]
    return result


def _named_request(uow: UnitOfWork, name: str, asked: Asked, practice: Any) -> SarResult:
    """A request named by number: extended or answered; its case may have been erased (dates alone)."""
    number = rules.request_number(name)
    request = uow.session.get(SarRequest, number) if number is not None else None
    if request is None:
        raise InvalidInput("--request", name, "is no subject access request", hint="name one as 'fscli due' lists it, e.g. SAR4")
    if asked.received is not None or asked.pack is not None:
        raise InvalidInput("--request", name, "cannot take --received or --out", hint='name the person instead (FS-0003 "Dan Hart"): a pack is of a person')
    if request.voided_at is not None:
        raise RuleBroken(f"{rules.request_name(request.id)}: was voided as recorded in error ({request.void_reason})", hint="record a new request with --received")
    if request.answered_on is not None:
        raise RuleBroken(f"{rules.request_name(request.id)}: was answered on {british(request.answered_on)}", hint="record a new request with --received")  # type: ignore[arg-type]
    person = uow.session.get(Person, request.person_id) if request.person_id else None
    case = uow.session.get(Case, request.case_id) if request.case_id else None
    result = SarResult(person.name if person else rules.request_name(request.id), case.ref if case else "its case erased")  # type: ignore[arg-type]
    fields = _extend_or_answer(uow, request, asked, practice, result)
    uow.audit("sar.answer" if asked.answered else "sar.extend", "sar_request", request.id, case_id=request.case_id, fields=fields)
    result.request, result.received_on, result.due_on, result.extended_to, result.answered_on = rules.request_name(request.id), request.received_on, request.due_on, request.extended_to, request.answered_on  # type: ignore[arg-type]
    return result


def _extend_or_answer(uow: UnitOfWork, request: SarRequest, asked: Asked, practice: Any, result: SarResult) -> list[str]:
    """Extend the request (once, by the profile's extension) and/or mark it answered; the fields written."""
    fields: list[str] = []
    if asked.extend_reason is not None:
        problems: list[Problem] = []
        reason = cleaned_text(asked.extend_reason, "--reason", problems, max_len=2000, required=True)
        check(problems)
        if request.extended_to is not None:
            raise RuleBroken(f"{rules.request_name(request.id)}: was extended already, to {british(request.extended_to)}", hint="a request is extended once, by the practice profile's extension")
        request.extended_to, request.extension_reason = rules.extended_to(request.due_on, practice.profile, practice.calendar), reason
        result.extended = True
        fields += ["extended_to", "extension_reason"]
    if asked.answered is not None:
        if asked.answered < request.received_on or asked.answered > uow.clock.today():
            check([Problem("--answered", british(asked.answered), f"is not between the request's receipt ({british(request.received_on)}) and today", "give the day the answer was sent")])
        request.answered_on = asked.answered
        request.pack_sha256 = result.sha256 or request.pack_sha256
        fields += ["answered_on"]
    uow.session.add(request)
    return fields


def _pack(uow: UnitOfWork, subject: Appearance, matched: Matched, asked: Asked, gather: Callable[..., dict]) -> dict:
    """The pack's content, read on this transaction's own connection, and its access row."""
    from fscli.store import access
    from fscli.store.db import Reader

    uow.session.flush()
    conn = uow.session.connection()
    reader = Reader(conn.connection.dbapi_connection, "sqlite" if conn.dialect.name == "sqlite" else "postgresql")
    pack = gather(reader, subject, matched, written_at=uow.clock.utcnow(), login=asked.login)
    if asked.log_view:
        access.record(reader, view="sar", detail={"items": len(pack["items"]), "destination": "folder"}, case_ids=[a.case_id for a in matched.included], clock=uow.clock, worker=uow.worker)
    return pack
