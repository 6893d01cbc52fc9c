"""A family's details over time: address, telephone, GP, school, language, interpreter, consent.

Each is a row from the day it took effect; the latest is current, the earlier ones its history
(the diary-week family moved house on the Tuesday). These are personal data: the audit row names
the fields recorded, never their values, and no calendar feed carries them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from fscli.domain import family
from fscli.domain.dates import british
from fscli.domain.problems import Problem, check
from fscli.services.common import find_case, require_open
from fscli.store.models import FamilyDetail, Person
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class DetailsRecorded:
    ref: str
    family: str
    lines: list[str]


def _current(uow: UnitOfWork, case_id: int, field: str, person_id: int | None) -> FamilyDetail | None:
    query = select(FamilyDetail).where(FamilyDetail.case_id == case_id, FamilyDetail.field == field, FamilyDetail.voided_at.is_(None))  # type: ignore[union-attr]
    query = query.where(FamilyDetail.person_id == person_id if person_id is not None else FamilyDetail.person_id.is_(None))  # type: ignore[union-attr]
    return uow.session.exec(query.order_by(FamilyDetail.from_on.desc(), FamilyDetail.id.desc())).first()  # type: ignore[union-attr]


def record_details(uow: UnitOfWork, ref: str, values: dict[str, str], *, on: date, person: str | None = None, withdraw_consent: bool = False) -> DetailsRecorded:
    """Record each detail given as holding from `on`, for the household or for one person, and
    consent withdrawn; every problem with any of them refused at once, nothing written."""
    case = find_case(uow, ref)
    require_open(case, "record the family's details")
    problems: list[Problem] = []
    member = None
    if person is not None:
        people = uow.session.exec(select(Person).where(Person.case_id == case.id)).all()
        member = next((p for p in people if p.name.casefold() == person.strip().casefold()), None)
        if member is None:
            problems.append(Problem("--for", person, f"is not in case {case.ref} (people: {', '.join(p.name for p in people) or 'nobody yet'})"))
    if withdraw_consent and "consent" in values:
        problems.append(Problem("--withdraw-consent", None, "give --consent SCOPE or --withdraw-consent, not both"))
    if not values and not withdraw_consent:
        problems.append(Problem("options", None, "nothing to record", "give --address, --phone, --gp, --school, --language, --interpreter, --consent or --withdraw-consent; with none, 'fscli case detail REF' shows the details and their history"))
    problems += family.check_from(on, today=uow.clock.today(), born=member.dob if member else None, person=member.name if member else None)
    kept: dict[str, str] = {}
    checked = [(field, family.check_detail(field, value, person=member.name if member else person)) for field, value in values.items()]
    if withdraw_consent and "consent" not in values:
        checked.append(("consent", (family.WITHDRAWN, family.check_withdrawal(person=member.name if member else person))))
    for field, (text, found) in checked:
        problems += found
        if found or (person is not None and member is None):
            continue
        current = _current(uow, case.id, field, member.id if member else None)
        whose = family.label(field, member.name if member else None)
        if current is not None and current.from_on == on:
            problems.append(Problem(family.option(field), british(on), f"{whose} is recorded from {british(on)} already ({family.shown(field, current.value)})"))
        elif current is not None and current.value == text and current.from_on < on:
            problems.append(Problem(family.option(field), text or "withdrawn", f"is {whose} already (from {british(current.from_on)})"))
        elif current is None and text == family.WITHDRAWN:
            problems.append(Problem("--withdraw-consent", None, f"no consent to share is recorded for case {case.ref}", "record it with --consent SCOPE --from DATE"))
        kept[field] = text
    check(problems)
    lines = []
    ids = []
    for field, text in kept.items():
        previous = _current(uow, case.id, field, member.id if member else None)
        row = FamilyDetail(case_id=case.id, person_id=member.id if member else None, field=field, value=text, from_on=on, recorded_by=uow.worker, created_at=uow.clock.utcnow())
        uow.session.add(row)
        uow.session.flush()
        ids.append(row.id)
        was = f" (before: {family.shown(field, previous.value)})" if previous is not None and previous.from_on < on else ""
        lines.append(f"{family.label(field, member.name if member else None)} from {british(on)}: {family.shown(field, text)}{was}")
    uow.audit("family.detail", "family_detail", ids[0], case_id=case.id, fields=sorted(kept), records=ids)
    return DetailsRecorded(case.ref, case.family, lines)
