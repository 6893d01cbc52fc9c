"""A family's details that change over time, each kept with the date it took effect.

The address and telephone belong to the household; GP, school, language, interpreter need may
belong to one person; consent to share is given on a date for a scope (and withdrawn on a date).
"""

from __future__ import annotations

import re
from datetime import date

from fscli.domain.dates import british, not_in_future
from fscli.domain.problems import Problem
from fscli.domain.text import clean

EARLIEST = date(1900, 1, 1)

DETAILS: tuple[str, ...] = ("address", "phone", "gp", "school", "language", "interpreter", "consent")
DETAIL_LABELS: dict[str, str] = {
    "address": "address",
    "phone": "telephone",
    "gp": "GP",
    "school": "school or nursery",
    "language": "first language",
    "interpreter": "interpreter needed",
    "consent": "consent to share",
}

# The household's details; the others may be one person's (a child's school, a parent's GP).
HOUSEHOLD: tuple[str, ...] = ("address", "phone", "consent")
PERSONAL: tuple[str, ...] = ("gp", "school", "language", "interpreter")
WITHDRAWN = ""  # an empty value: the detail no longer holds (consent withdrawn)
INTERPRETER = {"yes": "yes", "y": "yes", "true": "yes", "no": "no", "n": "no", "false": "no"}
PHONE = re.compile(r"\+?[0-9][0-9 ()-]{5,24}")
LONGEST = {"address": 500, "phone": 30, "gp": 200, "school": 200, "language": 100, "interpreter": 3, "consent": 500}


def option(field: str) -> str:
    """The command-line option of a detail: --address, --phone, --gp, ..."""
    return f"--{field}"


def label(field: str, person: str | None = None) -> str:
    """'address', 'Jade Ward's school or nursery'."""
    return f"{person}'s {DETAIL_LABELS[field]}" if person else f"the family's {DETAIL_LABELS[field]}"


def check_detail(field: str, value: str, *, person: str | None) -> tuple[str, list[Problem]]:
    """A detail's value as kept (interpreter as yes/no, text cleaned), and any problems with it."""
    name = option(field)
    if field in HOUSEHOLD and person is not None:
        return value, [Problem(name, value, f"the {DETAIL_LABELS[field]} is the household's, not {person}'s", "leave out --for")]
    if field == "interpreter":
        answer = INTERPRETER.get(value.strip().lower())
        if answer is None:
            return value, [Problem(name, value, "is not yes or no")]
        return answer, []
    text, problems = clean(value, name, max_len=LONGEST[field], multiline=field == "address")
    if not problems and field == "phone" and not PHONE.fullmatch(text):
        problems.append(Problem(name, value, "is not a telephone number", "digits, spaces, brackets and a leading +, e.g. 07700 900123"))
    return text, problems


def check_withdrawal(*, person: str | None) -> list[Problem]:
    if person is not None:
        return [Problem("--withdraw-consent", None, f"consent to share is the household's, not {person}'s", "leave out --for")]
    return []


def check_from(day: date, *, today: date, born: date | None = None, person: str | None = None) -> list[Problem]:
    """A detail takes effect on a day that has come (it may be long before the referral: where the
    family lived), and not before the person it is for was born."""
    problems = not_in_future(day, today, "--from", "a detail's start")
    if day < EARLIEST:
        problems.append(Problem("--from", british(day), "is before 1900"))
    if born is not None and day < born:
        problems.append(Problem("--from", british(day), f"is before {person} was born ({british(born)})"))
    return problems


def shown(field: str, value: str) -> str:
    """A kept value as a worker reads it: withdrawn consent says so."""
    if value == WITHDRAWN:
        return "withdrawn" if field == "consent" else "no longer recorded"
    return value
