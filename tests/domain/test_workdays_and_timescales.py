"""Working days and the practice profile, worked by hand.

Every expected date below was counted on a calendar from the gov.uk bank-holiday list for
England and Wales and the figures of domain.md §2, not from the code under test. Convention:
"within N working days after X" means the first working day after X is day 1; a calendar
deadline that lands on a weekend or bank holiday is brought forward to the working day before.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fscli.bank_holidays import england_and_wales
from fscli.domain.timescales import Interval, Profile, parse_interval
from fscli.domain.workdays import WorkingCalendar

D = date.fromisoformat

# gov.uk/bank-holidays, England and Wales.
GOV_UK = {
    2025: ["2025-01-01", "2025-04-18", "2025-04-21", "2025-05-05", "2025-05-26", "2025-08-25", "2025-12-25", "2025-12-26"],
    2026: ["2026-01-01", "2026-04-03", "2026-04-06", "2026-05-04", "2026-05-25", "2026-08-31", "2026-12-25", "2026-12-28"],
    2027: ["2027-01-01", "2027-03-26", "2027-03-29", "2027-05-03", "2027-05-31", "2027-08-30", "2027-12-27", "2027-12-28"],
    2028: ["2028-01-03", "2028-04-14", "2028-04-17", "2028-05-01", "2028-05-29", "2028-08-28", "2028-12-25", "2028-12-26"],
}


@pytest.fixture(scope="module")
def calendar() -> WorkingCalendar:
    return WorkingCalendar.of(england_and_wales(None))


PROFILE = Profile.default()


@pytest.mark.parametrize("year", sorted(GOV_UK))
def test_the_package_gives_the_gov_uk_days_off_weekdays_only(calendar, year):
    found = sorted(d for d in calendar.bank_holidays if d.year == year)
    assert found == [D(d) for d in GOV_UK[year]]


WORKING_DAYS = [
    # (start, N, expected, why)
    ("2026-11-23", 1, "2026-11-24", "Mon: the next day is day 1"),
    ("2026-11-27", 1, "2026-11-30", "Fri: the weekend is skipped"),
    ("2026-11-28", 1, "2026-11-30", "Sat start: the start never counts, Monday is day 1"),
    ("2026-11-29", 1, "2026-11-30", "Sun start"),
    ("2026-12-24", 1, "2026-12-29", "Thu 24 Dec 2026: Fri 25 BH, weekend, Mon 28 is Boxing Day's substitute"),
    ("2026-12-23", 3, "2026-12-30", "24 Dec (1), 29 Dec (2), 30 Dec (3)"),
    ("2026-12-31", 1, "2027-01-04", "Fri 1 Jan 2027 BH, then the weekend"),
    ("2027-12-24", 1, "2027-12-29", "Christmas 2027 falls at a weekend: Mon 27 and Tue 28 are substitutes"),
    ("2027-12-30", 2, "2028-01-04", "Fri 31 Dec (1); 1 Jan 2028 is a Saturday so Mon 3 Jan is the holiday; Tue 4 (2)"),
    ("2026-04-02", 1, "2026-04-07", "Easter 2026: Good Friday 3 Apr, Easter Monday 6 Apr"),
    ("2025-04-17", 1, "2025-04-22", "Easter 2025: 18 and 21 Apr"),
    ("2027-03-25", 1, "2027-03-30", "Easter 2027: 26 and 29 Mar"),
    ("2026-05-01", 1, "2026-05-05", "Early May 2026: Mon 4 May"),
    ("2026-05-22", 1, "2026-05-26", "Spring 2026: Mon 25 May"),
    ("2027-04-30", 1, "2027-05-04", "Early May 2027: Mon 3 May"),
    ("2027-05-28", 1, "2027-06-01", "Spring 2027: Mon 31 May"),
    ("2025-05-02", 1, "2025-05-06", "Early May 2025: Mon 5 May"),
    ("2025-05-23", 1, "2025-05-27", "Spring 2025: Mon 26 May"),
    ("2026-08-28", 1, "2026-09-01", "Summer 2026: Mon 31 Aug"),
    ("2027-08-27", 1, "2027-08-31", "Summer 2027: Mon 30 Aug"),
    ("2025-08-22", 1, "2025-08-26", "Summer 2025: Mon 25 Aug"),
    ("2025-12-24", 1, "2025-12-29", "Christmas 2025: Thu 25 and Fri 26"),
    ("2025-12-31", 1, "2026-01-02", "New Year 2026: Thu 1 Jan"),
]


@pytest.mark.parametrize(("start", "count", "expected", "why"), WORKING_DAYS)
def test_adding_working_days(calendar, start, count, expected, why):
    assert calendar.add_working_days(D(start), count) == D(expected), why


RULES = [
    # (rule, from, expected, why)
    ("referral-decision", "2026-12-24", "2026-12-29", "1 wd after a Christmas Eve referral"),
    ("assessment", "2026-11-02", "2027-01-07", "45 wd from Mon 2 Nov: 20 in Nov (3-30), 18 in Dec before the 25th, 29-31 Dec (41), 4-7 Jan (45)"),
    ("eh-assessment", "2026-12-18", "2027-01-13", "15 wd for an EHA begun Fri 18 Dec: 21-24 (4), 25 and 28 Dec BH, 29-31 (7), 1 Jan BH, 4-8 Jan (12), 11-13 Jan (15)"),
    ("icpc", "2026-11-23", "2026-12-14", "15 wd: 24-27 Nov (4), 30 Nov (5), 1-4 Dec (9), 7-11 Dec (14), Mon 14 Dec (15)"),
    ("icpc", "2026-12-16", "2027-01-11", "15 wd across Christmas: 17-18 (2), 21-24 (6), 29-31 (9), 4-8 Jan (14), Mon 11 Jan (15)"),
    ("icpc", "2027-03-19", "2027-04-13", "15 wd across Easter 2027: 22-25 Mar (4), 30 Mar-2 Apr (8), 5-9 Apr (13), 12-13 Apr (15)"),
    ("core-group-first", "2026-12-14", "2026-12-30", "10 wd after an ICPC on 14 Dec: 15-18 (4), 21-24 (8), 29 (9), 30 (10)"),
    ("lac-review-first", "2026-05-01", "2026-06-02", "20 wd: 4 May BH, 5-8 (4), 11-15 (9), 18-22 (14), 25 May BH, 26-29 (18), 1-2 Jun (20)"),
    ("cp-visit", "2026-03-27", "2026-04-14", "10 wd across Easter 2026: 30 Mar-2 Apr (4), 7-10 Apr (8), 13-14 Apr (10)"),
    ("cin-visit", "2026-08-17", "2026-09-15", "20 wd: 18-21 Aug (4), 24-28 (9), 31 Aug BH, 1-4 Sep (13), 7-11 (18), 14-15 (20)"),
    ("cp-review-first", "2026-11-30", "2027-02-26", "3 months after 30 Nov is 28 Feb 2027, a Sunday: brought forward to Fri 26 Feb"),
    ("cp-review-first", "2026-09-25", "2026-12-24", "3 months after 25 Sep is Christmas Day: brought forward to Thu 24 Dec"),
    ("cp-review-first", "2027-11-30", "2028-02-29", "3 months after 30 Nov 2027 is 29 Feb 2028: a leap year, a Tuesday"),
    ("cp-review-after-birth", "2026-12-23", "2027-01-11", "10 wd after a birth on 23 Dec: 24 (1), 29-31 (4), 4-8 Jan (9), Mon 11 Jan (10)"),
    ("cp-review", "2027-08-31", "2028-02-29", "6 months after 31 Aug 2027: 29 Feb 2028"),
    ("subject-access", "2028-01-31", "2028-02-29", "1 month after 31 Jan 2028: the end of February, 29th in a leap year"),
    ("subject-access", "2028-02-29", "2028-03-29", "1 month after 29 Feb 2028"),
    ("subject-access-extension", "2026-12-31", "2027-03-01", "2 months after a first deadline of 31 Dec is Sun 28 Feb 2027: the next working day, Mon 1 Mar (the ICO's rule)"),
    ("sustained-check", "2025-12-31", "2026-06-30", "6 months after 31 Dec: 30 June, as there is no 31st"),
    ("core-group", "2026-11-30", "2026-12-24", "4 weeks after 30 Nov is Mon 28 Dec, Boxing Day's substitute: brought forward past the weekend to Thu 24"),
    ("taf-review", "2026-11-17", "2026-12-29", "6 weeks after Tue 17 Nov: Tue 29 Dec, a working day"),
    ("lac-visit-first", "2026-03-30", "2026-04-02", "1 week after 30 Mar is Easter Monday; Good Friday before it: Thu 2 Apr"),
    ("cin-review", "2026-09-07", "2026-11-30", "12 weeks after Mon 7 Sep"),
    ("target-closure", "2026-09-07", "2026-11-30", "12 weeks after the work began"),
    ("closure-limit", "2026-09-07", "2026-12-24", "16 weeks is Mon 28 Dec, a bank holiday: Thu 24 Dec"),
    ("lac-review-second", "2026-06-02", "2026-09-02", "3 months after the first review"),
    ("lac-review", "2026-09-02", "2027-03-02", "6 months after the second"),
    ("midway-rescaling", "2026-09-07", "2026-10-19", "6 weeks after the work began"),
    ("outcome-cohort", "2026-09-07", "2026-11-30", "the panel's 12-week period"),
    ("outcome-follow-up", "2026-01-15", "2026-07-15", "6 months after the work ended: Wed 15 Jul"),
    ("outcome-follow-up", "2025-10-03", "2026-04-03", "6 months after Fri 3 Oct 2025 is Good Friday: a span, not a deadline, so not brought forward"),
    ("outcome-follow-up", "2026-08-31", "2027-02-28", "6 months after 31 Aug: Sun 28 Feb 2027, as there is no 31st; not moved off the weekend"),
    ("lac-visit-home-first", "2026-12-22", "2026-12-29", "1 week after a return home on Tue 22 Dec: Tue 29 Dec, past Christmas and Boxing Day's substitute"),
    ("lac-visit-home", "2026-11-20", "2026-12-31", "6 weeks after Fri 20 Nov is New Year's Day: brought forward to Thu 31 Dec"),
]


@pytest.mark.parametrize(("rule", "start", "expected", "why"), RULES)
def test_each_rule_of_the_profile(calendar, rule, start, expected, why):
    # A span a figure looks over (the panel's cohort and follow-up) ends where it falls; a deadline
    # on a weekend or bank holiday is moved.
    interval = PROFILE.interval(rule)
    assert (interval.span_end if PROFILE[rule].span else interval.after)(D(start), calendar) == D(expected), why


def test_only_the_panel_s_spans_are_left_where_they_fall_and_profile_show_says_so():
    assert {key for key, rule in PROFILE.rules.items() if rule.span} == {"outcome-cohort", "outcome-follow-up"}
    assert PROFILE["outcome-follow-up"].on_non_working_day() == "not moved (a span, not a deadline)"
    assert PROFILE["sustained-check"].on_non_working_day() == "working day before"  # a check someone makes: a deadline


def test_every_rule_of_the_profile_is_worked_by_hand_at_least_once():
    assert {r for r, *_ in RULES} | {"core-group-first"} >= set(PROFILE.rules) - {"lac-visit"}
    assert str(PROFILE.interval("lac-visit")) == "6 weeks"


def test_the_statutory_defaults_are_domain_md_figures():
    figures = {k: str(r.interval) for k, r in PROFILE.rules.items()}
    assert figures["referral-decision"] == "1 working day"
    assert figures["assessment"] == "45 working days"
    assert figures["icpc"] == "15 working days"
    assert figures["core-group-first"] == "10 working days"
    assert figures["cp-review-first"] == "3 months" and figures["cp-review"] == "6 months"
    assert figures["cp-review-after-birth"] == "10 working days"  # the shortest of domain.md's local 10-20
    assert figures["lac-review-first"] == "20 working days" and figures["lac-review-second"] == "3 months" and figures["lac-review"] == "6 months"
    assert all(r.source for r in PROFILE.rules.values())


def test_a_team_overrides_a_timescale_and_the_rule_says_where_from(calendar):
    profile, problems = PROFILE.overridden({"cp-visit": "2 weeks", "cin-review": "26 wd"}, "profile file team.toml")
    assert problems == []
    assert profile["cp-visit"].interval == Interval(2, "weeks") and not profile["cp-visit"].is_default
    assert profile["cp-visit"].set_by == "profile file team.toml"
    # Walsall's two weeks: Fri 27 Mar 2026 + 14 days is Fri 10 Apr, a working day (Easter was the week before).
    assert profile.interval("cp-visit").after(D("2026-03-27"), calendar) == D("2026-04-10")
    assert profile["icpc"].is_default


def test_bad_overrides_are_all_named():
    _, problems = PROFILE.overridden({"cp-vist": "2 weeks", "icpc": "fortnight", "core-group": "0 weeks"}, "config file c.toml")
    lines = [p.line() for p in problems]
    assert len(lines) == 3
    assert "cp-vist" in lines[0] and "not a timescale" in lines[0]
    assert "'fortnight'" in lines[1] and "not an interval" in lines[1]
    assert "'0 weeks'" in lines[2]


@pytest.mark.parametrize(("text", "expected"), [("10 working days", (10, "working days")), ("1 working day", (1, "working days")), ("10wd", (10, "working days")), ("4 weeks", (4, "weeks")), ("3m", (3, "months")), ("7 days", (7, "days"))])
def test_intervals_are_read_in_words_or_short(text, expected):
    interval, problems = parse_interval(text, "x")
    assert problems == [] and (interval.count, interval.unit) == expected


def test_a_one_off_day_is_added_and_a_cancelled_one_removed():
    days = set(england_and_wales(None)) | {D("2027-06-04")}
    days.discard(D("2026-08-31"))
    calendar = WorkingCalendar.of(days)
    assert calendar.add_working_days(D("2027-06-03"), 1) == D("2027-06-07")
    assert calendar.add_working_days(D("2026-08-28"), 1) == D("2026-08-31")


def day_by_day(calendar: WorkingCalendar, start: date, count: int) -> date:
    """The obvious definition, as the reference for the week-jumping one."""
    day = start
    while count:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            count -= 1
    return day


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2070, 9, 30)), st.integers(min_value=0, max_value=300))
def test_working_days_agree_with_counting_day_by_day(start, count):
    calendar = _CALENDAR
    end = calendar.add_working_days(start, count)
    assert end == day_by_day(calendar, start, count)
    assert calendar.working_days_between(start, end) == count
    assert count == 0 or calendar.is_working_day(end)


@given(st.sets(st.dates(min_value=date(2026, 1, 1), max_value=date(2026, 3, 31)), max_size=30), st.dates(min_value=date(2025, 12, 1), max_value=date(2026, 3, 31)), st.integers(min_value=0, max_value=40))
def test_clusters_of_days_off_are_skipped_like_day_by_day(days_off, start, count):
    calendar = WorkingCalendar.of(days_off)
    assert calendar.add_working_days(start, count) == day_by_day(calendar, start, count)


_CALENDAR = WorkingCalendar.of(england_and_wales(None))


@given(st.sampled_from(["20 working days", "10 working days", "3 months", "6 weeks", "1 day"]), st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 10, 31)))
def test_the_first_start_due_from_a_day_is_where_deadlines_cross_it(text, day):
    """Reports read only the starts whose deadline falls in a period: the boundary must be exact."""
    interval, calendar = parse_interval(text, "rule")[0], WorkingCalendar.of(england_and_wales(None))
    first = interval.first_start_due_from(day, calendar)
    assert interval.after(first, calendar) >= day
    assert interval.after(first - timedelta(days=1), calendar) < day
