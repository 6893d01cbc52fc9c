"""Scales, phases and movement, with no database."""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from fscli.domain import scoring


def test_scores_are_whole_numbers_on_the_scale():
    assert scoring.parse_score("7", 1, 10) == (7, [])
    assert scoring.parse_score("0", 0, 10) == (0, [])
    for bad in ("0", "11", "seven", "-1", "6.5", "", "+3"):
        assert scoring.parse_score(bad, 1, 10)[1], bad


@given(st.integers(min_value=-100, max_value=100))
def test_any_integer_is_accepted_exactly_when_on_the_scale(n):
    value, problems = scoring.parse_score(str(n), 1, 10)
    assert (value == n and not problems) if 1 <= n <= 10 else (value is None and problems)


def test_phases_follow_the_goals_timeline_whoever_scores():
    start, midway = date(2026, 6, 29), date(2026, 8, 10)
    assert scoring.phase_for(start, baseline_on=None, midway_on=None, closed_on=None) == "baseline"
    assert scoring.phase_for(start, baseline_on=start, midway_on=None, closed_on=None) == "baseline"
    assert scoring.phase_for(date(2026, 7, 20), baseline_on=start, midway_on=None, closed_on=None) == "review"
    assert scoring.phase_for(midway, baseline_on=start, midway_on=None, closed_on=None) == "midway"
    assert scoring.phase_for(midway, baseline_on=start, midway_on=midway, closed_on=None) == "midway"  # the worker's rating the same day
    assert scoring.phase_for(date(2026, 9, 10), baseline_on=start, midway_on=midway, closed_on=None) == "review"
    assert scoring.phase_for(date(2026, 11, 16), baseline_on=start, midway_on=midway, closed_on=date(2026, 11, 16)) == "end"
    assert scoring.timeline([(midway, "midway"), (start, "baseline"), (date(2026, 9, 10), "review")]) == (start, midway)


def test_trends_read_at_a_glance():
    assert scoring.trend([3, 6, 8]) == "3 → 6 → 8 (+5)"
    assert scoring.trend([5, 4]) == "5 → 4 (-1)"
    assert scoring.trend([4, 4]) == "4 → 4 (0)"
    assert scoring.trend([4.5, 6]) == "4.5 → 6 (1.5)".replace("(1.5)", "(+1.5)")
    assert scoring.trend([7]) == "7 (one rating)"
    assert scoring.bars([0, 5, 10]) == "▁▅█"


def test_family_movement_counts_single_ratings_apart():
    assert scoring.family_movement("A", [[3, 6], [4, 4]]).verdict == "improved"
    assert scoring.family_movement("B", [[5, 4], [6]]).verdict == "worse"
    assert scoring.family_movement("C", [[5], [6]]).verdict == "single rating"
    assert scoring.family_movement("D", [[], []]) is None
    for series in ([[3, 6], [4, 4]], [[5, 4], [6]], [[5], [6]], [[], []], [[7, 7]]):
        movement = scoring.family_movement("E", series)
        rated = [s for s in series if s]
        twice = [s for s in rated if len(s) >= 2]
        assert scoring.verdict_of(len(rated), len(twice), sum(s[-1] - s[0] for s in twice)) == (movement.verdict if movement else None)


def _sign(n: int) -> int:
    return (n > 0) - (n < 0)


@given(st.integers(min_value=0, max_value=40), st.integers(min_value=0, max_value=40), st.integers(min_value=-400, max_value=400))
def test_a_familys_verdict_turns_only_on_signs(rated, twice, moved):
    # The indicators count families in SQL by these signs and ask for each verdict once.
    assert scoring.verdict_of(rated, twice, moved) == scoring.verdict_of(_sign(rated), _sign(twice), _sign(moved))
