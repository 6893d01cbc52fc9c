"""Outcome indicators for a period, each with its definition, numerator and denominator.

A council panel once heard "a 98% success rate of keeping families together". fscli shows such a
figure only with what it counts: small numbers stay visible (1 of 1 is not "100%" alone), and a
figure with nothing to count says so instead of 0%.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from statistics import median
from typing import NamedTuple

from dateutil.relativedelta import relativedelta

from fscli.domain.outcomes import followed_to
from fscli.domain.timescales import Interval
from fscli.domain.workdays import WorkingCalendar

PLAN_LEVEL = {"early-help": 1, "reunification": 1, "cin": 2, "cp": 3, "cla": 4}
RE_REFERRAL_WITHIN = relativedelta(months=12)


def rate(numerator: int | float, denominator: int | None) -> str:
    """A share as every view and document says it: '95% (21 of 22)', the percentage first and what
    it is of beside it; 'none in the period' when there is nothing to count (never 0%)."""
    if not denominator:
        return "none in the period"
    said = f"{numerator:g}" if isinstance(numerator, float) else str(numerator)  # 1234567, never 1.23457e+06
    return f"{round(100 * numerator / denominator)}% ({said} of {denominator})"


@dataclass(frozen=True)
class Indicator:
    key: str
    name: str
    numerator: int | float | None
    denominator: int | None
    definition: str
    unit: str = "%"  # %, or weeks / workers for a figure that is not a share

    def value(self) -> str:
        if self.unit != "%":
            return "none in the period" if self.numerator is None else f"{self.numerator:g} {self.unit}"
        return rate(self.numerator, self.denominator)  # type: ignore[arg-type]


class ChildWork(NamedTuple):
    """A child's work in the period (every plan but CLA) and what the child's CLA plans say about it.
    A tuple, not a dataclass: a council's report makes 14,000 of them."""

    began: date
    ended: date | None  # None: still open
    in_care_when_it_began: bool = False
    came_into_care_on: date | None = None  # the first CLA plan starting on or after the work began

    @classmethod
    def of(cls, began: date, ended: date | None, care: list[tuple[date, date | None]]) -> ChildWork:
        """The work, with what the child's CLA plans (start, end) say about it: looked after on
        the day it began (a plan begun before and not ended by then), and when care first began
        on or after that day."""
        in_care, came = False, None
        for start, end in care:
            if start < began:
                in_care = in_care or end is None or end >= began
            elif came is None or start < came:
                came = start
        return cls(began, ended, in_care, came)


def kept_at_home(children: list[ChildWork], today: date, follow_up: Interval, calendar: WorkingCalendar, *, care_ended_before: int = 0) -> tuple[int, int]:
    """(kept, counted): children not looked after when their work began who did not become looked
    after during it or within `follow_up` (the profile's outcome-follow-up) of its end. A child who came into care and went home again
    was not kept at home. A child never looked after, or whose every care episode ended before the
    work began, was kept at home: a council's report passes those as a number, since their dates
    do not matter (ChildWork.of gives such a child neither care at the start nor care since)."""
    counted = kept = care_ended_before
    for child in children:
        verdict = was_kept(child, today, follow_up, calendar)
        if verdict is None:
            continue
        counted += 1
        kept += verdict
    return kept, counted


def was_kept(child: ChildWork, today: date, follow_up: Interval, calendar: WorkingCalendar) -> bool | None:
    """Whether the child was kept at home (kept_at_home says how); None: not counted, being looked
    after already when the work began (that work was a return home, not keeping a family together).
    The follow-up ends where `summary --ended` ends it (domain/outcomes.py: followed_to); the
    profile's rule is worked out once per end date (timescales._deadline is cached), as a
    council's 70,000 children share a few thousand (benchmarks/summary.py)."""
    if child.in_care_when_it_began:
        return None
    return child.came_into_care_on is None or child.came_into_care_on > followed_to(child.ended, today, follow_up, calendar)


def step(from_kind: str, to_kind: str) -> str | None:
    """'up', 'down' or None when one plan follows another for the same child."""
    before, after = PLAN_LEVEL.get(from_kind), PLAN_LEVEL.get(to_kind)
    if before is None or after is None or before == after:
        return None
    return "up" if after > before else "down"


def is_re_referral(kind: str, day: date, last_closed: date | None) -> bool:
    """A referral (referred, reopened or stepped up, on `day`) is a re-referral when it reopened a
    case whose last closure, on or before that day, was within the 12 months before; or when it
    stepped a family up from Early Help within 12 months of their statutory work ending (a closure
    or a step-down)."""
    return kind in ("reopened", "stepped-up") and last_closed is not None and day <= last_closed + RE_REFERRAL_WITHIN


def median_weeks(spans: list[tuple[date, date]]) -> float | None:
    if not spans:
        return None
    return round(median((closed - opened).days / 7 for opened, closed in spans), 1)
