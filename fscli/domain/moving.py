"""An entry filed on the wrong family moved to the right case (`fscli move`): the moving rule's one home.

Which entries move: a visit or other contact (V12), a meeting (M3), a task (T7), a diary entry (D4)
and a goal (FS-0001/2, its scores with it), named as `fscli void` names them (domain/voiding.py).
The entry must be live: not voided, and the latest of its correction chain (moving the correction
moves the entries it corrects with it). It must be filed on a family (a diary note or a supervision
of no one family has none to leave), and the case it goes to must exist, differ, and be open.

Nothing on the entry may still point at the family it leaves: each person on it (a contact's
parties, a goal's child, a score's rater) becomes the person of the same name on the case it goes
to, and each agency the agency of the same name; anyone not there refuses the move, each named,
with what to do. A value put right on the entry (its history) stays with the family it was put
right on, so such an entry is refused too: void it and record it again.

Both cases' chronologies say so (the words: domain/field_history.py `moved_words`). The entry keeps
its number (V12 stays V12); a goal's number is its place among its case's goals, so goals are
numbered again in both cases and the move says which names changed (`renumbered`).
"""

from __future__ import annotations

from dataclasses import dataclass

from fscli.domain.naming import goal_name, numbers_within
from fscli.domain.problems import Problem

MOVABLE = ("contact", "meeting", "task", "diary", "goal")
ID_FORMS = "V12 (visit), M3 (meeting), T7 (task), D4 (diary) or FS-0001/2 (goal)"


def kind_problem(text: str, table: str | None) -> Problem | None:
    """An id of a kind `fscli void` knows but that does not move (a score moves with its goal)."""
    if table is None or table in MOVABLE:
        return None
    if table == "goal_score":
        return Problem("ID", text, "a goal score moves with its goal", f"move the goal: {ID_FORMS}")
    return Problem("ID", text, "is not an entry fscli can move", f"give {ID_FORMS}")


def move_problems(text: str, *, what: str, voided: bool, superseded_by: str | None, from_ref: str | None, to_ref: str, to_open: bool, reason: str | None, put_right: list[str]) -> list[Problem]:  # fmt: skip
    """Whether this entry may be moved to case `to_ref` now."""
    problems: list[Problem] = []
    if voided:
        problems.append(Problem("ID", text, f"this {what} is voided", "a voided entry is in no family's record; record it again on the right case"))
    elif superseded_by:
        problems.append(Problem("ID", text, f"this {what} was corrected by {superseded_by}", f"move {superseded_by}: that moves the correction and the entry it corrects"))
    if from_ref is None:
        problems.append(Problem("ID", text, f"this {what} is filed on no family", "record it again on the family it belongs to"))
    elif from_ref.casefold() == to_ref.casefold():
        problems.append(Problem("--to", to_ref, f"the {what} is filed on {from_ref} already", "name the case it belongs on"))
    elif not to_open:
        problems.append(Problem("--to", to_ref, "is closed: nothing is filed on a closed case", f"reopen it first with 'fscli case reopen {to_ref} --date DATE --reason TEXT'"))
    if put_right:
        problems.append(Problem("ID", text, f"its {', '.join(put_right)} was put right on {from_ref}, and that history stays with {from_ref}", f"void it ('fscli void {text} --reason TEXT') and record it again on {to_ref}"))
    if not reason:
        problems.append(Problem("--reason", reason, "say why the entry is moved", "e.g. --reason \"filed on the wrong family\""))
    return problems


@dataclass(frozen=True)
class Named:
    """Someone or an agency on the entry: its row, and its name on the case it leaves."""

    id: int
    name: str
    kind: str | None = None  # an agency's kind (school, GP...); None for a person


def same_name(on_entry: list[Named], on_target: list[Named]) -> dict[int, int]:
    """Each one on the entry -> the one of the same name (in any case of letters) on the target;
    for an agency, the one of the same kind too when the target has several of that name."""
    mapped: dict[int, int] = {}
    for one in on_entry:
        named = [t for t in on_target if t.name.casefold() == one.name.casefold()]
        if len(named) > 1:
            named = [t for t in named if t.kind == one.kind] or named[:1]
        if named:
            mapped[one.id] = named[0].id
    return mapped


def missing_problems(to_ref: str, people: list[Named], agencies: list[Named], *, people_map: dict[int, int], agency_map: dict[int, int]) -> list[Problem]:
    """One problem for each person or agency on the entry who is not on the case it goes to."""
    problems = []
    for one in people:
        if one.id not in people_map:
            problems.append(Problem("--to", to_ref, f"{one.name} is on the entry but not in {to_ref}",
                                    f"if they are there under another spelling put it right ('fscli person set {to_ref} \"THEIR NAME THERE\" --name \"{one.name}\" --reason WHY'); else add them ('fscli person add {to_ref} \"{one.name}\" --role ROLE'), or void the entry and record it again"))  # fmt: skip
    for one in agencies:
        if one.id not in agency_map:
            problems.append(Problem("--to", to_ref, f"the agency {one.name} is on the entry but not around {to_ref}",
                                    f"add it first ('fscli agency add {to_ref} \"{one.name}\" --kind {one.kind or 'KIND'}'), or void the entry and record it again"))  # fmt: skip
    return problems


def renumbered(ref: str, before: list[int], after: list[int]) -> list[tuple[str, str]]:
    """The goals of case `ref` whose name changes when its goal ids go from `before` to `after`
    (a goal is numbered by its place among its case's goals): (old name, new name), in order."""
    was, now = numbers_within(before), numbers_within(after)
    return [(goal_name(ref, was[g]), goal_name(ref, now[g])) for g in sorted(was) if g in now and was[g] != now[g]]
