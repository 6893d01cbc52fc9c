"""Restriction of processing (UK GDPR Art. 18): what a restriction forbids, and its words.

A case, or one person of it, whose processing is restricted (while the accuracy of a record is
contested, say) may be read by those allowed, but nothing about it is changed, exported to the
warehouse or counted in figures until the restriction is lifted. Not to be confused with who may
SEE a case (`fscli case restrict`, domain/teams.py).

The guard that applies this to every write is in store/uow.py (store/processing.py reads the
current restrictions); exports and figures leave out what `held_sql` names, and an export also the
records whose free text names a restricted person (`named_in_text`, store/processing.named_rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from fscli.domain.dates import british
from fscli.domain.frozen import frozen
from fscli.domain.problems import Problem
from fscli.domain.text import TEXT_MAX, clean

# A restriction is current until it is lifted (from_on is never later than the day it was made).
CURRENT_SQL = "lifted_on IS NULL"
# The cases restricted whole, and the people restricted, now: what exports and figures leave out.
HELD_CASES_SQL = f"SELECT case_id FROM processing_restriction WHERE person_id IS NULL AND {CURRENT_SQL}"
HELD_PEOPLE_SQL = f"SELECT person_id FROM processing_restriction WHERE person_id IS NOT NULL AND {CURRENT_SQL}"
# The cases with a person under restriction now: the only ones whose free text an export reads for names.
HELD_PERSON_CASES_SQL = f"SELECT case_id FROM processing_restriction WHERE person_id IS NOT NULL AND {CURRENT_SQL}"


def counted_case_sql(case_id: str) -> str:
    """SQL: the case whose id is `case_id` (a column) is not restricted whole, so it is counted."""
    return f"{case_id} NOT IN ({HELD_CASES_SQL})"


def counted_person_sql(person_id: str) -> str:
    """SQL: the person whose id is `person_id` (a column, perhaps NULL: no one) is not restricted."""
    return f"({person_id} IS NULL OR {person_id} NOT IN ({HELD_PEOPLE_SQL}))"

# The column by which a record names the person it is about, for each table that has one: a write
# to such a row of a restricted person is refused. A contact's parties and a goal's scores reach
# their person through their parent row (store/processing.py reads those).
PERSON_COLUMN = {
    "person": "id",
    "assessment": "person_id",
    "s47": "person_id",
    "plan": "person_id",
    "goal": "person_id",
    "goal_score": "rater_person_id",
    "contact_party": "person_id",
    "family_detail": "person_id",
}


# The free text of each record a worker writes: a note naming a restricted person is about them
# too (the subject access pack counts it so: domain/subject_access.names), so writing one is refused.
TEXT_COLUMNS = {  # every worker-written text, the reasons a mistake was voided, corrected or cancelled with too
    "contact": ("note", "location", "correction_reason", "void_reason"),
    "diary": ("text", "correction_reason", "void_reason"),
    "meeting": ("attendees", "decisions", "location", "correction_reason", "void_reason"),
    "task": ("text", "void_reason"),
    "goal": ("text", "void_reason"),
    "goal_score": ("note", "next_step", "void_reason"),
    "planned_visit": ("invited", "note", "location", "cancel_reason", "void_reason"),
    "family_detail": ("value", "void_reason"),
}


def named_in_text(table: str | None, case_id: int | None, texts: dict[str, str | None], held: list[Held]) -> set[int]:
    """The restricted people a record's free text names: on their own case by their whole name or
    first name (as a note calls them), on a record of no case only by their whole name."""
    from fscli.domain.subject_access import names

    found: set[int] = set()
    for restriction in held:
        if restriction.person_id is None or restriction.person is None or (case_id is not None and case_id != restriction.case_id):
            continue
        if any(names(texts.get(column), restriction.person, given_name=case_id is not None) for column in TEXT_COLUMNS.get(table or "", ())):
            found.add(restriction.person_id)
    return found


def named_records(table: str, records: Iterable[tuple[int, int | None, dict[str, str | None]]], held: list[Held]) -> list[int]:
    """The ids of the records (id, case, free text by column) whose text names a restricted person,
    by named_in_text: the rows an export holds back for what they say. A quick look for the names
    that could count on each record (its own case's restricted people; on a record of no case,
    anyone's whole name: subject_access.may_name) comes first, so that a scan of many texts asks
    the whole rule only of the few that might name someone."""
    from fscli.domain.subject_access import may_name

    people = [h for h in held if h.person_id is not None and h.person]
    by_case: dict[int, list[str]] = {}
    for restriction in people:
        by_case.setdefault(restriction.case_id, []).append(restriction.person)  # type: ignore[arg-type]
    quick = {case_id: may_name(names) for case_id, names in by_case.items()}
    quick_of_no_case = may_name([h.person for h in people], given_name=False)  # type: ignore[misc]
    found = []
    for row_id, case_id, texts in records:
        might = quick_of_no_case if case_id is None else quick.get(case_id)
        if might is not None and any(might(text) for text in texts.values()) and named_in_text(table, case_id, texts, held):
            found.append(row_id)
    return found


@frozen
class Held:
    """A current restriction of processing: of the whole case (person None) or of one person."""

    case_id: int
    ref: str
    reason: str
    since: date
    person_id: int | None = None
    person: str | None = None

    def whose(self) -> str:
        return f"{self.person} of {self.ref}" if self.person else self.ref

    def line(self) -> str:
        return f"processing restricted since {british(self.since)} ({self.reason})"

    def lift_command(self) -> str:
        person = f' --person "{self.person}"' if self.person else ""
        return f"fscli processing lift {self.ref}{person} --reason TEXT"


def refusal(held: Iterable[Held], cases: set[int], persons: set[int]) -> Held | None:
    """The restriction a write touching these cases and these persons' records breaks, if any: a
    whole-case restriction forbids every change to its case; a person's, every change to a
    record about them. Reads are never refused (nothing calls this for a read)."""
    for restriction in held:
        if restriction.person_id is None and restriction.case_id in cases:
            return restriction
        if restriction.person_id is not None and restriction.person_id in persons:
            return restriction
    return None


def refusal_line(restriction: Held, named_by: str | None = None) -> tuple[str, str]:
    """The refusal's message and hint: one line with the date, the reason and how to lift it. When
    only a record's free text (`named_by`, its column) is about the restricted person, the line says
    so: the worker can record it without naming them."""
    since = f"under restriction of processing since {british(restriction.since)} ({restriction.reason})"
    if named_by is not None:
        message = f"the {named_by.replace('_', ' ')} names {restriction.whose()}, who is {since}"
        return message, f"record it without naming {restriction.person}, or ask whoever restricted it (the data protection officer) to lift it: {restriction.lift_command()}"
    return f"{restriction.whose()} is {since}", f"nothing of it changes until whoever restricted it (the data protection officer) lifts it: {restriction.lift_command()}"


def restrict_problems(reason: str, from_on: date, today: date) -> tuple[str, list[Problem]]:
    """The reason (required, a paragraph at most) and the day the restriction runs from: today
    or earlier (when the person asked), never ahead: a restriction holds from the moment it is made."""
    why, problems = clean(reason, "--reason", max_len=TEXT_MAX)
    if from_on > today:
        problems.append(Problem("--from", british(from_on), "is in the future: a restriction holds from when it is made", "leave out --from, or give the day the person asked (today or earlier)"))
    return why, problems


def lift_problems(reason: str) -> tuple[str, list[Problem]]:
    return clean(reason, "--reason", max_len=TEXT_MAX)


def not_counted(cases: int, people: int = 0) -> str | None:
    """What a figure says of the cases (and people of other cases) it left out; None when none."""
    parts = [f"{cases} restricted case{'s' if cases != 1 else ''}"] if cases else []
    parts += [f"{people} restricted {'person' if people == 1 else 'people'}"] if people else []
    return f"{' and '.join(parts)} not counted (restriction of processing)" if parts else None
