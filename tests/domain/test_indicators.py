"""The indicators' counting rules, with no database."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from fscli.bank_holidays import england_and_wales
from fscli.domain.indicators import ChildWork, Indicator, is_re_referral, kept_at_home as kept_for, median_weeks, step, was_kept
from fscli.domain.timescales import Profile, parse_interval
from fscli.domain.workdays import WorkingCalendar

D = date.fromisoformat
TODAY = D("2026-11-23")
CALENDAR = WorkingCalendar.of(england_and_wales(None))
SIX_MONTHS = Profile.default().interval("outcome-follow-up")  # the profile's default follow-up


def kept_at_home(children, today, follow_up=SIX_MONTHS, **counted):
    return kept_for(children, today, follow_up, CALENDAR, **counted)


def test_kept_at_home_counts_children_not_in_care_and_looks_six_months_past_the_work():
    children = [
        ChildWork(D("2026-01-06"), None),  # still being worked with, never in care: kept
        ChildWork(D("2026-01-06"), None, came_into_care_on=D("2026-06-01")),  # came into care (and perhaps went home): not kept
        ChildWork(D("2025-06-01"), D("2025-09-30"), came_into_care_on=D("2026-03-29")),  # in care within 6 months of the end: not kept
        ChildWork(D("2025-06-01"), D("2025-09-30"), came_into_care_on=D("2026-04-01")),  # 6 months and a day after: kept
        ChildWork(D("2026-02-01"), None, in_care_when_it_began=True),  # a return home from care: not counted
    ]
    assert kept_at_home(children, TODAY) == (2, 4)


def test_the_work_is_judged_against_the_child_s_care_episodes():
    care = [(D("2024-01-10"), D("2024-06-30")), (D("2026-03-01"), None)]
    assert ChildWork.of(D("2026-01-06"), None, care) == ChildWork(D("2026-01-06"), None, False, D("2026-03-01"))  # home since 2024, back in care in March
    assert ChildWork.of(D("2024-03-01"), D("2024-12-01"), care) == ChildWork(D("2024-03-01"), D("2024-12-01"), True, D("2026-03-01"))  # work begun while in care
    assert ChildWork.of(D("2024-06-30"), None, care).in_care_when_it_began  # the last day of an episode is still in care
    assert ChildWork.of(D("2026-03-01"), None, care) == ChildWork(D("2026-03-01"), None, False, D("2026-03-01"))  # care beginning the same day


def test_children_never_looked_after_are_counted_as_kept_at_home():
    assert kept_at_home([ChildWork(D("2026-01-06"), None, came_into_care_on=D("2026-06-01"))], TODAY, care_ended_before=40) == (40, 41)


def test_care_that_ended_before_the_work_began_has_no_bearing_on_it():
    # So a report may count such a child as a number, like a child never looked after.
    earlier = [(D("2023-02-01"), D("2024-05-31"))]
    assert ChildWork.of(D("2024-06-01"), None, earlier) == ChildWork(D("2024-06-01"), None)
    assert kept_at_home([ChildWork.of(D("2024-06-01"), None, earlier)], TODAY) == kept_at_home([], TODAY, care_ended_before=1) == (1, 1)


def test_a_child_whose_six_months_are_not_over_yet_is_judged_to_today():
    assert kept_at_home([ChildWork(D("2026-06-01"), D("2026-10-01"), came_into_care_on=D("2026-12-01"))], TODAY) == (1, 1)


def test_a_council_that_follows_children_up_for_twelve_months_judges_kept_at_home_over_twelve():
    twelve_months, _ = parse_interval("12 months", "outcome-follow-up")
    in_care_eight_months_on = ChildWork(D("2025-06-01"), D("2025-09-30"), came_into_care_on=D("2026-06-01"))
    assert kept_at_home([in_care_eight_months_on], TODAY) == (1, 1)  # past the default 6 months: kept
    assert kept_at_home([in_care_eight_months_on], TODAY, twelve_months) == (0, 1)  # within 12: not kept
    # 12 months after Tue 30 Sep 2025 is Wed 30 Sep 2026: care from that day is within them, from the next it is not.
    assert not was_kept(ChildWork(D("2025-06-01"), D("2025-09-30"), came_into_care_on=D("2026-09-30")), TODAY, twelve_months, CALENDAR)
    assert was_kept(ChildWork(D("2025-06-01"), D("2025-09-30"), came_into_care_on=D("2026-10-01")), TODAY, twelve_months, CALENDAR)


def test_the_follow_up_ends_where_the_profile_s_rule_ends_it_as_summary_ended_does():
    from fscli.domain.outcomes import EndedWork, after_the_work, follow_up_ends, followed_to

    # 6 months after Fri 3 Oct 2025 is Good Friday, 3 Apr 2026. A follow-up is a span, not a
    # deadline: it is not brought forward to Thu 2 Apr, and care begun on Good Friday is within it.
    assert followed_to(D("2025-10-03"), TODAY, SIX_MONTHS, CALENDAR) == D("2026-04-03")
    assert followed_to(None, TODAY, SIX_MONTHS, CALENDAR) == followed_to(D("2026-10-01"), TODAY, SIX_MONTHS, CALENDAR) == TODAY  # still running: to today
    # While it runs, a list says until when: the same day, never a deadline moved off a holiday.
    assert follow_up_ends(D("2025-10-03"), SIX_MONTHS, CALENDAR) == D("2026-04-03") and follow_up_ends(D("2026-10-01"), SIX_MONTHS, CALENDAR) == D("2027-04-01")
    for came in (D("2026-04-03"), D("2026-04-04")):
        work = ChildWork(D("2025-06-01"), D("2025-10-03"), came_into_care_on=came)
        ended = EndedWork("cin", work.began, work.ended, ((came, None),))
        indicator = was_kept(work, TODAY, SIX_MONTHS, CALENDAR)
        cohort, _why = after_the_work(ended, followed_to(ended.ended, TODAY, SIX_MONTHS, CALENDAR))
        assert indicator == cohort == (came > D("2026-04-03")), came


def test_steps_up_and_down():
    assert step("early-help", "cin") == "up" and step("cp", "cla") == "up"
    assert step("cla", "early-help") == "down" and step("reunification", "early-help") is None


def test_a_reopening_within_twelve_months_of_closure_is_a_re_referral():
    assert is_re_referral("reopened", D("2026-02-01"), last_closed=D("2025-04-01"))
    assert is_re_referral("reopened", D("2026-04-01"), last_closed=D("2025-04-01"))  # twelve months to the day
    assert not is_re_referral("reopened", D("2026-04-02"), last_closed=D("2025-04-01"))
    assert not is_re_referral("reopened", D("2026-02-01"), last_closed=D("2024-04-01"))
    assert not is_re_referral("referred", D("2026-02-01"), last_closed=None)  # a first referral


def test_values_show_their_counts_and_say_when_there_is_nothing_to_count():
    assert Indicator("x", "X", 53, 54, "d").value() == "98% (53 of 54)"
    assert Indicator("x", "X", 0, 0, "d").value() == "none in the period"
    assert Indicator("x", "X", None, 0, "d", unit="weeks").value() == "none in the period"
    assert median_weeks([(D("2026-02-01"), D("2026-05-01"))]) == 12.7


_days = st.integers(min_value=0, max_value=60).map(lambda n: D("2026-01-01") + timedelta(days=n))
_episodes = st.lists(st.tuples(_days, st.one_of(st.none(), st.integers(min_value=0, max_value=30))).map(lambda e: (e[0], None if e[1] is None else e[0] + timedelta(days=e[1]))), max_size=5)


@given(_days, _episodes)
def test_what_a_childs_care_says_about_the_work_is_read_as_defined(began, care):
    """Looked after when the work began: an episode begun before it and not ended by then; came
    into care: the first episode beginning on or after it."""
    in_care = any(start < began and (end is None or end >= began) for start, end in care)
    came = min((start for start, _ in care if start >= began), default=None)
    assert ChildWork.of(began, None, care) == ChildWork(began, None, in_care, came)
