"""`fscli move ID --to REF --reason WHY`: an entry filed on the wrong family moved to the right case
(the rule: fscli/domain/moving.py). One transaction, one audit row; the move is kept in
field_history on each case, so both chronologies say so."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import select

from fscli.domain import moving, naming, voiding
from fscli.domain.field_history import FIELD_WORDS, MOVED
from fscli.domain.problems import check
from fscli.domain.text import TEXT_MAX, clean
from fscli.services.common import find_case
from fscli.services.history import record_change
from fscli.services.voiding import HELD_BY, MODELS, find_entry, reopen_bookings, superseding
from fscli.store.models import Agency, Case, ContactParty, FieldHistory, Goal, GoalScore, Person
from fscli.store.uow import UnitOfWork


@dataclass(frozen=True)
class Moved:
    label: str  # the entry as named: V12, or the goal's new name FS-0004/3
    line: str


def move_entry(uow: UnitOfWork, ident: str, *, to: str, reason: str) -> Moved:
    kind, named, problems = voiding.read_void_id(ident)
    problems += [p for p in [moving.kind_problem(ident, kind.table if kind else None)] if p]
    why, found = clean(reason, "--reason", max_len=TEXT_MAX)
    check(problems + found)
    assert kind is not None and named is not None
    record, case, name = find_entry(uow, kind, named, ident)
    target = find_case(uow, to)
    rows = _chain(uow, kind.table, record)
    later = superseding(uow, kind, record)
    put_right = _put_right(uow, kind.table, [r.id for r in rows])
    check(moving.move_problems(ident, what=kind.what, voided=record.voided_at is not None, superseded_by=f"{kind.prefix}{later.id}" if later else None,
                               from_ref=case.ref if case else None, to_ref=target.ref, to_open=target.status == "open", reason=why, put_right=put_right))  # fmt: skip
    assert case is not None
    goal_ids = {c.id: _goal_ids(uow, c) for c in (case, target)} if kind.table == "goal" else {}
    _remap(uow, kind.table, rows, target)
    for row in rows:
        row.case_id = target.id
        uow.session.add(row)
    reopened = reopen_bookings(uow, kind.table, [r.id for r in rows]) if kind.table in HELD_BY else []
    for on in (case, target):  # each case's chronology finds the move on its own rows
        record_change(uow, on, kind.table, record.id, MOVED, case.ref, target.ref, why)
    uow.cases.add(case.id)  # the derived facts of the case it left follow too
    extra: dict[str, object] = {"from_case": case.id}
    if len(rows) > 1:
        extra["chain"] = [r.id for r in rows]
    if reopened:
        extra["reopened"] = reopened
    uow.audit("move", kind.table, record.id, case_id=target.id, fields=("case_id",), **extra)
    return Moved(*_said(uow, kind, name, case, target, rows, reopened, goal_ids))


def _said(uow: UnitOfWork, kind: voiding.Voidable, name: str, case: Case, target: Case, rows: list, reopened: list[int], goal_ids: dict[int, list[int]]) -> tuple[str, str]:
    label, also = name, ""
    if len(rows) > 1:
        also = f" (with the {len(rows) - 1} entr{'y' if len(rows) == 2 else 'ies'} it corrects)"
    if reopened:
        also += f"; the {'planned visit' if kind.table == 'contact' else 'booking'} it {'fulfilled' if kind.table == 'contact' else 'held'} on {case.ref} is open again"
    if goal_ids:
        left = [g for g in goal_ids[case.id] if g != rows[0].id]
        joined = sorted([*goal_ids[target.id], rows[0].id])
        label = naming.goal_name(target.ref, naming.numbers_within(joined)[rows[0].id])
        changed = moving.renumbered(case.ref, goal_ids[case.id], left) + moving.renumbered(target.ref, goal_ids[target.id], joined)
        if changed:
            also += "; goals are numbered by their place in the case, so " + ", ".join(f"{old} is now {new}" for old, new in changed)
    line = f"{kind.what} {name} moved from {case.ref} {case.family} to {target.ref} {target.family}{also}: both chronologies say so"
    return label, line


def _chain(uow: UnitOfWork, table: str, record) -> list:
    """The record and every earlier entry its correction chain holds, voided or not: a correction
    and what it corrects are one entry, on one case (db check holds them to it)."""
    column = voiding.SUPERSEDED_BY.get(table)
    chain = [record]
    while column and getattr(chain[-1], column):
        chain.append(uow.session.get(MODELS[table], getattr(chain[-1], column)))
    return chain


def _put_right(uow: UnitOfWork, table: str, ids: list[int]) -> list[str]:
    """The fields of these rows put right before (their history stays with the case it was on)."""
    fields = uow.session.exec(select(FieldHistory.field).where(FieldHistory.entity == table, FieldHistory.entity_id.in_(ids), FieldHistory.field != MOVED)).all()  # type: ignore[attr-defined]
    return sorted({FIELD_WORDS.get(f, f.replace("_", " ")) for f in fields})


def _goal_ids(uow: UnitOfWork, case: Case) -> list[int]:
    return list(uow.session.exec(select(Goal.id).where(Goal.case_id == case.id)).all())  # type: ignore[arg-type]


def _remap(uow: UnitOfWork, table: str, rows: list, target: Case) -> None:
    """Each person and agency on the entry becomes the one of the same name on `target`, or the
    move is refused naming everyone who is not there (domain/moving.py)."""
    parties = list(uow.session.exec(select(ContactParty).where(ContactParty.contact_id.in_([r.id for r in rows])))) if table == "contact" else []  # type: ignore[attr-defined]
    scores = list(uow.session.exec(select(GoalScore).where(GoalScore.goal_id == rows[0].id))) if table == "goal" else []
    person_ids = {p.person_id for p in parties} | {s.rater_person_id for s in scores} | ({rows[0].person_id} if table == "goal" else set())
    agency_ids = {p.agency_id for p in parties}
    people = [moving.Named(p.id, p.name) for p in uow.session.exec(select(Person).where(Person.id.in_(person_ids - {None})))]  # type: ignore[union-attr]
    agencies = [moving.Named(a.id, a.name, a.kind) for a in uow.session.exec(select(Agency).where(Agency.id.in_(agency_ids - {None})))]  # type: ignore[union-attr]
    there = [moving.Named(p.id, p.name) for p in uow.session.exec(select(Person).where(Person.case_id == target.id))]
    around = [moving.Named(a.id, a.name, a.kind) for a in uow.session.exec(select(Agency).where(Agency.case_id == target.id))]
    people_map, agency_map = moving.same_name(people, there), moving.same_name(agencies, around)
    check(moving.missing_problems(target.ref, sorted(people, key=lambda p: p.name), sorted(agencies, key=lambda a: a.name), people_map=people_map, agency_map=agency_map))
    for party in parties:
        party.person_id = people_map.get(party.person_id) if party.person_id else None  # type: ignore[arg-type]
        party.agency_id = agency_map.get(party.agency_id) if party.agency_id else None  # type: ignore[arg-type]
        uow.session.add(party)
    for score in scores:
        if score.rater_person_id:
            score.rater_person_id = people_map[score.rater_person_id]
            uow.session.add(score)
    if table == "goal" and rows[0].person_id:
        rows[0].person_id = people_map[rows[0].person_id]
