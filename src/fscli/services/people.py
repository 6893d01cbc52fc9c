"""The members of a family: children (born or unborn), parents, carers, others."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import select

from fscli.domain import casework, codes
from fscli.domain.problems import Problem, check
from fscli.domain.text import clean
from fscli.errors import RuleBroken
from fscli.services.common import cleaned_text, find_case, require_open
from fscli.store.models import Person
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class PersonResult:
    ref: str
    name: str
    role: str
    age: str


def add_person(uow: UnitOfWork, ref: str, name: str, *, role: str, dob: date | None, due: date | None, sex: str | None, relationship: str | None) -> PersonResult:
    case = find_case(uow, ref)
    require_open(case, "add people")
    today = uow.clock.today()
    problems: list[Problem] = []
    person_name, found = clean(name, "NAME")
    problems += found
    role_code, found = codes.PERSON_ROLE.check(role, "--role")
    problems += found
    sex_code = None
    if sex is not None:
        sex_code, found = codes.SEX.check(sex, "--sex")
        problems += found
    elif due is not None:
        sex_code = "U"
    relation = cleaned_text(relationship, "--relationship", problems, max_len=200)
    problems += casework.check_person_dates(role=role_code, dob=dob, due=due, today=today)
    check(problems)
    for existing in uow.session.exec(select(Person.name).where(Person.case_id == case.id)).all():
        if existing.casefold() == person_name.casefold():
            raise RuleBroken(f"NAME {person_name!r}: is already a member of case {case.ref}", hint="people are named uniquely within a family; add a middle name or initial")
    person = Person(case_id=case.id, name=person_name, role=role_code, dob=dob, due_on=due, sex=sex_code, relationship=relation, created_at=uow.clock.utcnow())
    uow.session.add(person)
    uow.session.flush()
    fields = ["name", "role"] + [f for f, v in (("dob", dob), ("due_on", due), ("sex", sex_code), ("relationship", relation)) if v]
    uow.audit("person.add", "person", person.id, case_id=case.id, fields=fields)
    return PersonResult(case.ref, person_name, role_code, casework.describe_age(dob, due, today))
