"""The agencies and professionals around a family."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from fscli.domain import codes
from fscli.domain.problems import Problem, check
from fscli.domain.text import TEXT_MAX, clean
from fscli.errors import RuleBroken
from fscli.services.common import cleaned_text, find_case, require_open
from fscli.store.models import Agency
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class AgencyResult:
    ref: str
    name: str
    kind: str
    label: str


def add_agency(uow: UnitOfWork, ref: str, name: str, *, kind: str, contact: str | None) -> AgencyResult:
    case = find_case(uow, ref)
    require_open(case, "add agencies")
    problems: list[Problem] = []
    agency_name, found = clean(name, "NAME")
    problems += found
    kind_code, found = codes.AGENCY_KIND.check(kind, "--kind")
    problems += found
    contact_text = cleaned_text(contact, "--contact", problems, max_len=TEXT_MAX)
    check(problems)
    for existing in uow.session.exec(select(Agency).where(Agency.case_id == case.id, Agency.kind == kind_code)).all():
        if existing.name.casefold() == agency_name.casefold():
            raise RuleBroken(f"NAME {agency_name!r}: is already recorded on case {case.ref} as {kind_code}")
    agency = Agency(case_id=case.id, name=agency_name, kind=kind_code, contact=contact_text, created_at=uow.clock.utcnow())
    uow.session.add(agency)
    uow.session.flush()
    uow.audit("agency.add", "agency", agency.id, case_id=case.id, fields=("name", "kind") + (("contact",) if contact_text else ()))
    return AgencyResult(case.ref, agency_name, kind_code, codes.AGENCY_KIND.label(kind_code))
