"""Same-day duplicates: a contact or meeting of the same case, type and day as a live one; and
the same task twice: an open task of the same case, words and due date.

Two home visits on one day happen (a morning visit and an unannounced one at tea time), so a
second is never forbidden; but most same-day twins are the same visit typed twice (once on the
phone in the car, once at the desk), and a twin counts twice in every clock and figure until
voided. So fscli asks first on a terminal (y/N), and refuses a script unless it says --again.
A task typed twice is the same slip: two reminders of one promise, one left open when the other is done.
"""

from __future__ import annotations

from datetime import date

from fscli.domain.dates import british

AGAIN = "--again"


def same_day_line(*, what: str, existing: list[str], ref: str, family: str, day: date) -> tuple[str, str]:
    """The refusal (and the terminal's question) naming the entry already recorded."""
    entries = ", ".join(existing)
    message = f"{ref} {family} has a {what} on {british(day)} already ({entries})"
    question = f"{message}. Log another {what} that day?"
    return message, question


def again_hint(entry: str) -> str:
    return f"if this is another {entry}, add {AGAIN}; if it was typed twice, nothing was written"


def same_task(text: str, other: str) -> bool:
    """Whether two tasks say the same thing: the same words, whatever the case and the spacing."""
    return " ".join(text.casefold().split()) == " ".join(other.casefold().split())


def same_task_line(*, existing: list[str], ref: str, family: str, due: date) -> tuple[str, str]:
    """The refusal (and the terminal's question) naming the open task already recorded."""
    message = f"{ref} {family} has this task open already, due {british(due)} ({', '.join(existing)})"
    return message, f"{message}. Add it again?"
