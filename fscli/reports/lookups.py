"""Lookups every report needs, on the fast read path: the case a worker names, and a goal.

A case is found by its reference typed in any case; failing that, by a number (`2` is FS-0002)
or by a word of its family name (`wilma`, `hart`) that only one case has. More than one match is
refused with the matches listed. The write path has its ORM twin in services/common.py, which
takes the reference only; both refuse an unknown case with errors.NoSuchCase.
"""

from __future__ import annotations

from typing import Any

from fscli.domain import naming
from fscli.domain.problems import check
from fscli.errors import InvalidInput, NoSuchCase, NotFound
from fscli.store.db import Reader, like_literal

LISTED = 6  # matches named in the refusal of an ambiguous case name


def case_row(reader: Reader, ref: str) -> dict[str, Any] | None:
    """The case with this reference typed in any case, or None; found on the index of upper(ref)."""
    return reader.one("SELECT * FROM cases WHERE upper(ref) = upper(:ref)", {"ref": ref.strip()})


def find_case(reader: Reader, ref: str) -> dict[str, Any]:
    """The case a worker names: its reference in any case, a number for an FS- reference, or a
    word of its family name that one case alone has; refuses no match, and several."""
    typed = ref.strip()
    case = case_row(reader, typed)
    if case is None and (numbered := naming.ref_for_number(typed)):
        case = case_row(reader, numbered)
    if case is None and naming.is_family_word(typed):
        pattern = "%" + like_literal(typed.lower()) + "%"
        matches = [c for c in reader.rows("SELECT * FROM cases WHERE lower(family) LIKE :pattern ESCAPE '\\' ORDER BY ref", {"pattern": pattern}) if naming.names_family(typed, c["family"])]
        if len(matches) > 1:
            listed = ", ".join(f"{c['ref']} {c['family']}" for c in matches[:LISTED]) + (f" and {len(matches) - LISTED} more" if len(matches) > LISTED else "")
            raise InvalidInput("REF", typed, f"matches {len(matches)} cases: {listed}", hint="give the case reference")
        case = matches[0] if matches else None
    if case is None:
        raise NoSuchCase(typed)
    return case


def find_goal(reader: Reader, text: str, *, me: str | None) -> dict[str, Any]:
    """The goal named `FS-0001/2`, or by a bare number on one of my open cases (domain/naming.py):
    its row with `name` (FS-0001/2), `ref` and `family`."""
    named, problems = naming.read_goal(text)
    check(problems)
    assert named is not None
    select = (
        "SELECT g.id, g.case_id, c.ref, c.family, c.status, g.void_reason,"
        " (SELECT count(*) FROM goal o WHERE o.case_id = g.case_id AND o.id <= g.id) AS number,"
        # A case has a worker in each role: it is mine when I hold any of them.
        " (SELECT w.name FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.case_id = c.id AND a.end_on IS NULL"
        "   ORDER BY CASE WHEN lower(w.name) = lower(:me) THEN 0 ELSE 1 END LIMIT 1) AS held_by"
        " FROM goal g JOIN cases c ON c.id = g.case_id"
    )
    if named.ref is not None:
        case = find_case(reader, named.ref)
        goal = reader.one(select + " WHERE g.case_id = :case_id ORDER BY g.id LIMIT 1 OFFSET :skip", {"case_id": case["id"], "skip": named.number - 1, "me": me or ""})
        if goal is None:
            raise NotFound(f"goal {naming.goal_name(case['ref'], named.number)}: no such goal", hint=f"see 'fscli goal list {case['ref']}'")
    else:
        goal = reader.one(select + " WHERE g.id = :goal", {"goal": named.number, "me": me or ""})
        if goal is None:
            raise NotFound(f"goal {named.number}: no such goal", hint=naming.GOAL_HINT)
        check([p for p in [naming.bare_goal_problem(text, case_ref=goal["ref"], case_open=goal["status"] == "open", held_by=goal["held_by"], me=me)] if p])
    goal["name"] = naming.goal_name(goal["ref"], goal["number"])
    if goal["void_reason"] is not None:
        raise NotFound(f"goal {goal['name']} was voided as made in error ({goal['void_reason']})", hint=f"see 'fscli goal list {goal['ref']}'")
    return goal
