"""Goals scaled over time: scales, phases, change, and whether a family is moving (domain.md §5).

Families and workers often score the same goal differently, so their scores are kept apart;
a rise of one point can mean a lot, so change is shown as numbers, never only as a colour.
"""

from __future__ import annotations

import re
from datetime import date, timedelta

from fscli.domain.dates import british
from fscli.domain.frozen import frozen
from fscli.domain.problems import Problem

SCALES = {"0-10": (0, 10), "1-10": (1, 10)}
DEFAULT_SCALE = "1-10"
DEFAULT_AREAS = ("Happy", "Healthy", "Safe")
PHASES = ("baseline", "midway", "end", "review")
MIDWAY_AFTER = timedelta(weeks=6)  # half of a 12-week piece of work, the shortest in domain.md §5
BARS = "▁▂▃▄▅▆▇█"
ARROW = " → "


def parse_scale(text: str) -> tuple[tuple[int, int] | None, list[Problem]]:
    found = SCALES.get(text.strip().replace(" ", "").replace("to", "-"))
    if found is None:
        return None, [Problem("--scale", text, "is not a scale fscli uses", "use 0-10 or 1-10")]
    return found, []


def parse_score(text: str, low: int, high: int, field: str = "VALUE") -> tuple[int | None, list[Problem]]:
    """A whole number within the goal's scale; words, fractions and signs are refused."""
    if not re.fullmatch(r"\d{1,2}", text.strip()):
        return None, [Problem(field, text, f"a score is a whole number from {low} to {high}")]
    value = int(text)
    if not low <= value <= high:
        return None, [Problem(field, text, f"is outside this goal's scale ({low}-{high})")]
    return value, []


def check_score_date(day: date, *, referred: date, closed_on: date | None, today: date, baseline: date | None = None) -> list[Problem]:
    """A score's date: within the case's dates, and not before the goal's baseline (its first day
    scored, None before the first score, which then becomes the baseline)."""
    problems = []
    if day > today:
        problems.append(Problem("--date", british(day), f"a score cannot be in the future (today is {british(today)})"))
    if day < referred:
        problems.append(Problem("--date", british(day), f"a score cannot be before the referral ({british(referred)})"))
    if closed_on and day > closed_on:
        problems.append(Problem("--date", british(day), f"a score cannot be after the case closed ({british(closed_on)})"))
    if baseline and day < baseline:
        problems.append(Problem("--date", british(day), f"is before this goal's baseline ({british(baseline)}, its first day scored)", "a score is on or after the baseline; to move the baseline, correct that score: fscli goal score GOAL VALUE --by RATER --date DATE --corrects ID"))
    return problems


def phase_for(day: date, *, baseline_on: date | None, midway_on: date | None, closed_on: date | None) -> str:
    """The phase a score belongs to on the goal's timeline, whoever gives it: the first day the goal
    is scored is the baseline; the first day scored six weeks or more later is midway (every
    rating that day); the closure day (the goal's, or the case's) is the end; others are reviews."""
    if baseline_on is None or day <= baseline_on:
        return "baseline"
    if closed_on and day >= closed_on:
        return "end"
    if day == midway_on or (midway_on is None and day - baseline_on >= MIDWAY_AFTER):
        return "midway"
    return "review"


def timeline(scores: list[tuple[date, str]]) -> tuple[date | None, date | None]:
    """A goal's baseline day and midway day from its current scores (day, stored phase)."""
    return min((d for d, _ in scores), default=None), min((d for d, p in scores if p == "midway"), default=None)


def _shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def trend(values: list[float]) -> str:
    """'3 → 6 → 8 (+5)': every score in order, and the change from the first to the latest."""
    if not values:
        return ""
    if len(values) == 1:
        return f"{_shown(values[0])} (one rating)"
    moved = values[-1] - values[0]
    return ARROW.join(_shown(v) for v in values) + f" ({'+' if moved > 0 else ''}{_shown(moved)})"


def bars(values: list[float], high: int = 10) -> str:
    return "".join(BARS[min(len(BARS) - 1, max(0, round(v / high * (len(BARS) - 1))))] for v in values)


def change(values: list[float]) -> float | None:
    return values[-1] - values[0] if len(values) >= 2 else None


@frozen
class FamilyMovement:
    """How one family's own ratings moved, across all its goals."""

    ref: str
    goals_rated: int
    total_change: int | None  # None: every goal has a single rating

    @property
    def verdict(self) -> str:
        return _verdict(self.total_change)


def _verdict(total_change: int | None) -> str:
    if total_change is None:
        return "single rating"
    return "improved" if total_change > 0 else "no change" if total_change == 0 else "worse"


def family_movement(ref: str, series: list[list[int]]) -> FamilyMovement | None:
    """Sum of (latest - first) over the goals the family rated at least twice."""
    rated = [s for s in series if s]
    changes = [change(s) for s in rated if change(s) is not None]
    return family_movement_of(ref, len(rated), len(changes), sum(changes))  # type: ignore[arg-type]


def family_movement_of(ref: str, goals_rated: int, rated_twice: int, total_change: int) -> FamilyMovement | None:
    """The same from counts: goals the family rated, those rated at least twice, and the sum of
    their changes, which a council-wide report adds up in SQL."""
    if not goals_rated:
        return None
    return FamilyMovement(ref, goals_rated, total_change if rated_twice else None)


def verdict_of(goals_rated: int, rated_twice: int, total_change: int) -> str | None:
    """What family_movement_of(...).verdict says, without the object: a council has 40,000 families.
    It turns only on whether any goal was rated, and rated twice, and on the sign of the change,
    so a report may count families by those signs in SQL and ask once for each."""
    return _verdict(total_change if rated_twice else None) if goals_rated else None


SHARE_DEFINITION = (
    "A family improved when, over its goals rated by the family at least twice, the latest scores "
    "add up to more than the first ones (superseded scores left out). Families whose goals have a "
    "single family rating are counted apart, not as 'no change'; families with no family ratings are not counted."
)
