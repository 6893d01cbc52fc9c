"""The members of a family: children (born or unborn), parents, carers, others."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


from sqlmodel import func, select

from fscli.domain import casework, codes, journey
from fscli.domain.census_entry import upn_warnings
from fscli.domain.dates import british
from fscli.domain.upn import upn_problems
from fscli.domain.field_history import BORN
from fscli.domain.problems import Problem, check
from fscli.domain.text import TEXT_MAX, clean
from fscli.errors import InvalidInput, RuleBroken
from fscli.services.common import cleaned_text, find_case, require_open
from fscli.services.history import record_change
from fscli.store.models import Case, Episode, Person, Plan
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class PersonResult:
    ref: str
    name: str
    role: str
    age: str
    corrected: tuple[str, ...] = ()  # the fields put right, their old values kept in field_history
    warnings: tuple[str, ...] = ()  # a date of birth allowed but unlikely (domain/casework.py dob_warnings)


@dataclass(frozen=True)
class ReturnFields:
    """What a statutory return needs of a child: optional until a return is made."""

    child_id: str | None = None
    ethnicity: str | None = None
    disabilities: str | None = None
    upn: str | None = None
    upn_unknown: str | None = None

    def given(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v is not None}


UPN = re.compile(r"[A-Za-z]\d{11}[A-Za-z0-9]")


def _check_return_fields(fields: ReturnFields, problems: list[Problem]) -> dict[str, str]:
    """Validated values for the fields given; codes canonical, disabilities by the census rules."""
    values: dict[str, str] = {}
    if fields.child_id is not None:
        problems += journey.check_child_id(fields.child_id.strip())
        values["child_id"] = fields.child_id.strip()
    if fields.ethnicity is not None:
        code, found = codes.ETHNICITY.check(fields.ethnicity, "--ethnicity")
        problems += found
        values["ethnicity"] = code
    if fields.disabilities is not None:
        chosen = []
        for part in [p for p in re.split(r"[,\s]+", fields.disabilities) if p]:
            code, found = codes.DISABILITY.check(part, "--disability")
            problems += found
            if not found and code not in chosen:
                chosen.append(code)
        if "NONE" in chosen and len(chosen) > 1:
            problems.append(Problem("--disability", fields.disabilities, "NONE cannot be recorded with other disabilities"))
        values["disabilities"] = ",".join(chosen)
    if fields.upn is not None and fields.upn_unknown is not None:
        problems.append(Problem("--upn", fields.upn, "give a UPN or a reason it is unknown, not both"))
    if fields.upn is not None:
        if not UPN.fullmatch(fields.upn.strip()):
            problems.append(Problem("--upn", fields.upn, "a UPN is a letter, 11 digits and a final letter or digit"))
        else:
            for rule, problem in upn_problems(fields.upn.strip().upper()):
                problems.append(Problem("--upn", fields.upn, f"{problem} (DfE rule {rule})", "check it with the child's school"))
        values["upn"] = fields.upn.strip().upper()
    if fields.upn_unknown is not None:
        code, found = codes.UPN_UNKNOWN.check(fields.upn_unknown, "--upn-unknown")
        problems += found
        values["upn_unknown"] = code
    return values


def _child_id_taken(uow: UnitOfWork, value: str, person_id: int | None = None) -> bool:
    existing = uow.session.exec(select(Person.id).where(func.upper(Person.child_id) == value.upper())).first()
    return existing is not None and existing != person_id


def _next_child_id(uow: UnitOfWork) -> str:
    while True:
        candidate = journey.child_id(uow.next_number("child_id"))
        if not _child_id_taken(uow, candidate):
            return candidate


def _census_warnings(uow: UnitOfWork, case: Case, person: Person, today: date) -> list[str]:
    """What the CIN census will ask of a child of a statutory case, told as it is recorded."""
    if person.role != "child" or not uow.session.exec(select(Episode.id).where(Episode.case_id == case.id, Episode.kind == "statutory")).first():
        return []
    return upn_warnings(ref=case.ref, name=person.name, born=person.dob, upn=person.upn, upn_unknown=person.upn_unknown, reference=date(codes.census_year(today), 3, 31))


def add_person(uow: UnitOfWork, ref: str, name: str, *, role: str, dob: date | None, due: date | None, sex: str | None, relationship: str | None, returns: ReturnFields = ReturnFields()) -> PersonResult:
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
    extra = _check_return_fields(returns, problems)
    if extra and role_code != "child":
        problems.append(Problem("--role", role, "child IDs, ethnicity, disability and UPN are recorded for children", "use --role child"))
    check(problems)
    if "child_id" in extra and _child_id_taken(uow, extra["child_id"]):
        raise RuleBroken(f"--child-id {extra['child_id']!r}: belongs to another child already", hint="child identifiers are never reused")
    _refuse_a_second(uow, case, person_name, "NAME")
    if role_code == "child" and "child_id" not in extra:
        extra["child_id"] = _next_child_id(uow)
    person = Person(case_id=case.id, name=person_name, role=role_code, dob=dob, due_on=due, sex=sex_code, relationship=relation, created_at=uow.clock.utcnow(), **extra)
    uow.session.add(person)
    uow.session.flush()
    fields = ["name", "role"] + [f for f, v in (("dob", dob), ("due_on", due), ("sex", sex_code), ("relationship", relation)) if v] + sorted(extra)
    uow.audit("person.add", "person", person.id, case_id=case.id, fields=fields)
    warnings = casework.dob_warnings(ref=case.ref, name=person_name, role=role_code, dob=dob, today=today) + _census_warnings(uow, case, person, today)
    return PersonResult(case.ref, person_name, role_code, casework.describe_age(dob, due, today), warnings=tuple(warnings))


def _refuse_a_second(uow: UnitOfWork, case: Case, name: str, field: str, person_id: int | None = None) -> None:
    """People are named uniquely within a family, whatever the case of the letters."""
    for other_id, existing in uow.session.exec(select(Person.id, Person.name).where(Person.case_id == case.id)).all():
        if other_id != person_id and existing.casefold() == name.casefold():
            raise RuleBroken(f"{field} {name!r}: is already a member of case {case.ref}", hint="people are named uniquely within a family; add a middle name or initial")


def _member(uow: UnitOfWork, case: Case, name: str) -> Person:
    """The person of the family so named (in any case of letters), or the one refusal naming who is."""
    people = uow.session.exec(select(Person).where(Person.case_id == case.id)).all()
    person = next((p for p in people if p.name.casefold() == name.strip().casefold()), None)
    if person is None:
        raise InvalidInput("NAME", name, f"is not in case {case.ref} (people: {', '.join(p.name for p in people) or 'nobody yet'})")
    return person


@dataclass(frozen=True)
class BirthResult:
    ref: str
    name: str
    was: str  # the name the unborn child had
    born: date
    expected: date
    sex: str | None
    age: str
    plans: list[tuple[str, date]]  # the child's open plans, which carry on: kind, start


def record_birth(uow: UnitOfWork, ref: str, name: str, *, born: date, new_name: str | None = None, sex: str | None = None) -> BirthResult:
    """An unborn child is born: the same record gets its date of birth, so plans, clocks, goals,
    contacts and history carry over and the child is counted once. The expected date gives way to
    the date of birth (the schema holds one or the other; see the report of issue 20)."""
    case = find_case(uow, ref)
    person = _member(uow, case, name)
    today = uow.clock.today()
    problems = casework.check_birth(name=person.name, role=person.role, dob=person.dob, due=person.due_on, died=person.died_on, born=born, today=today)
    renamed = None
    if new_name is not None:
        renamed, found = clean(new_name, "--name")
        problems += found
    sex_code = None
    if sex is not None:
        sex_code, found = codes.SEX.check(sex, "--sex")
        problems += found
    check(problems)
    if renamed:
        _refuse_a_second(uow, case, renamed, "--name", person.id)
    expected, was = person.due_on, person.name
    assert expected is not None  # check_birth refuses a child with no expected date
    fields = ["dob", "due_on"]
    # The expected date gives way to the date of birth on the record and is kept in its history.
    record_change(uow, case, "person", person.id, "due_on", expected, None, BORN)
    person.dob, person.due_on = born, None
    if renamed and renamed != person.name:
        record_change(uow, case, "person", person.id, "name", person.name, renamed, BORN)
        person.name = renamed
        fields.append("name")
    if sex_code and sex_code != person.sex:
        record_change(uow, case, "person", person.id, "sex", person.sex, sex_code, BORN)
        person.sex = sex_code
        fields.append("sex")
    uow.session.add(person)
    uow.audit("person.born", "person", person.id, case_id=case.id, fields=fields)
    plans = [(p.kind, p.start_on) for p in uow.session.exec(select(Plan).where(Plan.person_id == person.id, Plan.end_on.is_(None), Plan.voided_at.is_(None)).order_by(Plan.start_on, Plan.id)).all()]  # type: ignore[union-attr]
    return BirthResult(case.ref, person.name, was, born, expected, person.sex, casework.describe_age(born, None, today), plans)


@dataclass(frozen=True)
class Rectified:
    """A person's name, date of birth or sex put right (UK GDPR Art. 16): the new values given and
    the reason, which field_history keeps with the old values."""

    name: str | None = None
    dob: date | None = None
    sex: str | None = None
    reason: str | None = None

    def given(self) -> bool:
        return any(v is not None for v in (self.name, self.dob, self.sex))


def _check_rectified(person: Person, case: Case, fixed: Rectified, today: date, problems: list[Problem], firsts: dict[str, object]) -> dict[str, object]:
    """The fields that change, with their new values; a reason is needed, and each value must differ.
    A date of birth or sex never recorded is given, not put right: it goes in `firsts`, needing no
    reason and keeping no old value (a child added without one could never be given it, and the
    census return stayed blocked)."""
    changes: dict[str, object] = {}
    if fixed.name is not None:
        renamed, found = clean(fixed.name, "--name")
        problems += found
        if not found and renamed != person.name:
            changes["name"] = renamed
        elif not found:
            problems.append(Problem("--name", renamed, f"is {person.name}'s name already"))
    if fixed.dob is not None:
        if person.dob is None and person.due_on is not None:
            problems.append(Problem("--dob", british(fixed.dob), f"{person.name} is recorded as unborn (due {british(person.due_on)})", f"record the birth with: fscli person born {case.ref} \"{person.name}\" --dob DATE"))
        elif person.dob is None:
            problems += casework.check_dob(fixed.dob, today)
            if person.died_on is not None and fixed.dob > person.died_on:
                problems.append(Problem("--dob", british(fixed.dob), f"is after {person.name}'s recorded death ({british(person.died_on)})"))
            firsts["dob"] = fixed.dob
        elif fixed.dob == person.dob:
            problems.append(Problem("--dob", british(fixed.dob), f"is {person.name}'s date of birth already"))
        else:
            problems += casework.check_dob(fixed.dob, today)
            if person.died_on is not None and fixed.dob > person.died_on:
                problems.append(Problem("--dob", british(fixed.dob), f"is after {person.name}'s recorded death ({british(person.died_on)})"))
            changes["dob"] = fixed.dob
    if fixed.sex is not None:
        code, found = codes.SEX.check(fixed.sex, "--sex")
        problems += found
        if not found and code == person.sex:
            problems.append(Problem("--sex", fixed.sex, f"is {person.name}'s recorded sex already"))
        elif not found and person.sex is None:
            firsts["sex"] = code
        elif not found:
            changes["sex"] = code
    if (fixed.name is not None or changes) and fixed.reason is None:
        problems.append(Problem("--reason", None, "a name, date of birth or sex is put right with a reason, kept with the old value", "give --reason TEXT, e.g. --reason \"misspelt at referral\""))
    return changes


# The return's fields whose recorded value is put right, not first given: the old value is kept with a reason.
RECTIFIED_RETURN_FIELDS = {"ethnicity": "--ethnicity", "disabilities": "--disability"}


def _rectified_return_fields(person: Person, values: dict[str, str], reason: str | None, problems: list[Problem]) -> dict[str, object]:
    """An ethnicity or disability already recorded that is changed is put right (UK GDPR Art. 16):
    it needs a reason and keeps the old value; a first value, or the same one again, needs none."""
    changes: dict[str, object] = {}
    for key, option in RECTIFIED_RETURN_FIELDS.items():
        was = getattr(person, key)
        if key in values and was is not None and values[key] != was:
            changes[key] = values.pop(key)
            if reason is None:
                problems.append(Problem("--reason", None, f"{person.name}'s {option.removeprefix('--')} is recorded already ({was}): putting it right takes a reason, kept with the old value",
                                        "give --reason TEXT, e.g. --reason \"as the family told us at the review\""))  # fmt: skip
    return changes


def set_person(uow: UnitOfWork, ref: str, name: str, *, returns: ReturnFields, died: date | None, fixed: Rectified = Rectified()) -> PersonResult:
    """Record what a return needs, or a death, on someone already in the family; put right their
    name, date of birth or sex with a reason, the old values kept (services/history.py); audited by field."""
    case = find_case(uow, ref)
    person = _member(uow, case, name)
    problems: list[Problem] = []
    values = _check_return_fields(returns, problems)
    if values and person.role != "child":
        problems.append(Problem("NAME", person.name, "child IDs, ethnicity, disability and UPN are recorded for children"))
    if died is not None:
        problems += casework.check_death(died, dob=fixed.dob or person.dob, today=uow.clock.today())
    why = cleaned_text(fixed.reason, "--reason", problems, max_len=TEXT_MAX, required=True)
    firsts: dict[str, object] = {}
    changes = _check_rectified(person, case, fixed, uow.clock.today(), problems, firsts)
    changes.update(_rectified_return_fields(person, values, fixed.reason, problems))
    values.update(firsts)  # type: ignore[arg-type]
    if not values and not changes and died is None and not fixed.given():
        problems.append(Problem("options", None, "nothing to record", "give --name, --dob, --sex (with --reason), --child-id, --ethnicity, --disability, --upn, --upn-unknown or --died"))
    check(problems)
    if "name" in changes:
        _refuse_a_second(uow, case, str(changes["name"]), "--name", person.id)
    if "child_id" in values and _child_id_taken(uow, values["child_id"], person.id):
        raise RuleBroken(f"--child-id {values['child_id']!r}: belongs to another child already", hint="child identifiers are never reused")
    for key, value in changes.items():
        record_change(uow, case, "person", person.id, key, getattr(person, key), value, why or "")
        setattr(person, key, value)
    for key, value in values.items():
        setattr(person, key, value)
    if "upn" in values:
        person.upn_unknown = None
    if "upn_unknown" in values:
        person.upn = None
    if died is not None:
        person.died_on = died
        values["died_on"] = died.isoformat()
    uow.session.add(person)
    uow.audit("person.update", "person", person.id, case_id=case.id, fields=sorted([*values, *changes]), **({"corrected": sorted(changes)} if changes else {}))
    warnings = casework.dob_warnings(ref=case.ref, name=person.name, role=person.role, dob=person.dob, today=uow.clock.today()) if {"dob"} & {*values, *changes} else []
    if {"dob", "upn", "upn_unknown"} & {*values, *changes}:
        warnings += _census_warnings(uow, case, person, uow.clock.today())
    return PersonResult(case.ref, person.name, person.role, casework.describe_age(person.dob, person.due_on, uow.clock.today()), tuple(changes), tuple(warnings))
