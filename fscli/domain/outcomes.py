"""The panel's outcome figures: what happened after a piece of work ended (fscli summary --ended).

Two cohorts, each of work that ended in the period, never mixing open cases' midway scores:
- families whose work ended: their goals' first family score against the last (domain/scoring.py
  says when a family improved);
- children whose work ended, by kind of work: not looked after within the profile's
  `outcome-follow-up` (default 6 months) of its end. On reunification work the child going home,
  and staying home, is that work's success; a child already looked after when Early Help, CIN or
  CP work began is not counted for it (that work was not keeping a family together).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from fscli.domain.timescales import Interval
    from fscli.domain.workdays import WorkingCalendar

FOLLOW_UP = "outcome-follow-up"  # the profile's rule: how long after the work a child must not have become looked after
KINDS = ("early-help", "cin", "cp", "reunification")  # the kinds of work the figure is given by; CLA is care itself


class EndedWork(NamedTuple):
    kind: str
    began: date
    ended: date
    care: tuple[tuple[date, date | None], ...]  # the child's CLA plans (start, end)
    home_on: date | None = None  # reunification: the day the child went home, if they did


def followed_to(ended: date | None, today: date, follow_up: Interval, calendar: WorkingCalendar) -> date:
    """The last day a child's care is looked at after work that ended on `ended` (None: still open):
    the profile's `outcome-follow-up` after it (a span, not a deadline: its end is not moved off a
    weekend), or today while that runs. The one home of "within 6 months of the end of the work":
    the cohorts of `summary --ended` and the *kept at home* indicator both judge to this day."""
    return min(today, follow_up_ends(ended or today, follow_up, calendar))


def follow_up_ends(ended: date, follow_up: Interval, calendar: WorkingCalendar) -> date:
    """The day the follow-up of work that ended on `ended` runs to, whether or not it has come:
    what a list row says while it runs ("the follow-up runs to ...")."""
    return follow_up.span_end(ended, calendar)


def after_the_work(work: EndedWork, until: date) -> tuple[bool | None, str]:
    """Whether the work succeeded, judged to `until` (its follow-up's end, or today if sooner), and
    why in words; None: not counted for this kind of work."""
    if work.kind == "reunification":
        if work.home_on is None or work.home_on > work.ended:
            return False, "did not go home during the work"
        again = min((start for start, _ in work.care if start > work.home_on), default=None)
        if again is not None and again <= until:
            return False, f"went home {work.home_on:%d/%m/%Y}; looked after again from {again:%d/%m/%Y}"
        return True, f"went home {work.home_on:%d/%m/%Y}; home to {until:%d/%m/%Y}"
    if any(start < work.began and (end is None or end >= work.began) for start, end in work.care):
        return None, "looked after when the work began"
    came = min((start for start, _ in work.care if start >= work.began), default=None)
    if came is not None and came <= until:
        return False, f"looked after from {came:%d/%m/%Y}"
    return True, f"not looked after to {until:%d/%m/%Y}"


def cohort_start(end: date, count: int, unit: str) -> date:
    """The first day of a period of `count` units (the profile's outcome-cohort, or --period) ending on `end`."""
    from datetime import timedelta

    from fscli.domain.intervals import shift

    return shift(end, -count, unit) + timedelta(days=1)


def movement(first: float, last: float) -> float:
    """A goal's movement from the family's first score to its last: positive is better."""
    return last - first
