"""Which rule of fscli/domain/text.py each stored text column is held to: the rule the command
that writes the column applies (a name as `case open` and `person add` take it, a one-line text
as --reason, a note as --note). `fscli import` holds every row to it, so that an import cannot
store what the command line refuses: a family name with an escape code, a TAB or a bidi control
(issue 22, the laptop).

Every text column of an imported table is named here or is a code, a time or a tag (one line,
no hidden character, TEXT_MAX); tests/domain/test_stored_text.py holds the list to the schema.
"""

from __future__ import annotations

from typing import NamedTuple

from fscli.domain.family import LONGEST
from fscli.domain.text import NAME_MAX, NOTE_MAX, TEXT_MAX, clean


class Rule(NamedTuple):
    max_len: int
    multiline: bool  # a note: kept as typed (issue 7), only what no text can hold refused


NAME = Rule(NAME_MAX, False)  # a person, a family, a worker, an agency: as FAMILY, NAME, WORKER
TEXT = Rule(TEXT_MAX, False)  # one line: a reason, a goal, a task, a contact detail
PLACE = Rule(200, False)  # where a visit or meeting was, as --where (services/bookings.py PLACE_MAX)
NAMES = Rule(NOTE_MAX, False)  # names joined with commas (--with given several times)
NOTE = Rule(NOTE_MAX, True)  # --note, --decisions, --summary, a diary entry
CODE = Rule(TEXT_MAX, False)  # a code, a time of day, tags: no hidden character, one line

_WORKERS = {"worker", "recorded_by"}
_REASONS = {"void_reason", "correction_reason", "cancel_reason", "start_reason", "end_reason", "reason_text"}
COLUMNS: dict[tuple[str, str], Rule] = {
    ("worker", "name"): NAME, ("cases", "family"): NAME, ("person", "name"): NAME, ("person", "relationship"): NAME, ("agency", "name"): NAME,
    ("meeting", "chair"): NAME, ("goal_score", "rater_name"): NAME, ("meeting", "attendees"): NAMES, ("planned_visit", "invited"): NAMES,
    ("cases", "reason"): TEXT, ("agency", "contact"): TEXT, ("goal", "text"): TEXT, ("goal_score", "next_step"): TEXT, ("task", "text"): TEXT, ("field_history", "reason"): TEXT,
    ("contact", "location"): PLACE, ("meeting", "location"): PLACE, ("planned_visit", "location"): PLACE,
    ("case_event", "summary"): NOTE, ("case_event", "sustain"): NOTE, ("goal", "close_note"): NOTE, ("goal_score", "note"): NOTE, ("contact", "note"): NOTE,
    ("meeting", "decisions"): NOTE, ("planned_visit", "note"): NOTE, ("diary", "text"): NOTE, ("outcome_check", "note"): NOTE,
    ("field_history", "old_value"): NOTE, ("field_history", "new_value"): NOTE,  # a value put right: an address is several lines
}  # fmt: skip


def rule(table: str, column: str, row: dict) -> Rule:
    """The rule for `column` of `table` in `row` (a family detail's value is held to its field's)."""
    if (table, column) == ("family_detail", "value"):
        field = str(row.get("field") or "")
        return Rule(LONGEST.get(field, NOTE_MAX), field == "address")
    if (table, column) in COLUMNS:
        return COLUMNS[table, column]
    if column in _WORKERS:
        return NAME
    if column in _REASONS:
        return TEXT
    return CODE


def refused(table: str, column: str, value: str, row: dict) -> str | None:
    """Why the command line would refuse `value` for this column, or None. Checked as typed: an
    empty value is left to the column's own constraint, surrounding spaces are not a refusal."""
    held = rule(table, column, row)
    _, problems = clean(value, column, max_len=held.max_len, multiline=held.multiline, required=False)
    return problems[0].message if problems else None
