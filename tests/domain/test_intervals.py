"""A number and a unit of time: one grammar, and what each field reads with it.

The five fields that read an interval take different units and forms, and each still takes what
it took before the grammar had one home: these tables pin each field's accepted set.
"""

from datetime import date, timedelta

import pytest

from fscli.domain.contacts import parse_duration, parse_every, planned_dates
from fscli.domain.dates import Look, parse_date
from fscli.domain.due import parse_window
from fscli.domain.intervals import LETTER, Units, shift
from fscli.domain.problems import Problems
from fscli.domain.timescales import parse_interval

TODAY = date(2026, 11, 23)


def test_a_field_reads_its_units_in_its_forms():
    units = Units(("days", "weeks"), forms=(LETTER,))
    assert units.read(" 2W ", digits=3) == (2, "weeks")
    assert units.read("2 weeks", digits=3) is None
    assert units.read("1000d", digits=3) is None
    assert Units(("days", "weeks")).read("14", digits=4, default_unit="days") == (14, "days")
    assert Units(("days", "weeks")).read("14", digits=4) is None


def test_m_cannot_mean_both_minutes_and_months_in_one_field():
    with pytest.raises(ValueError, match="'m' would mean both minutes and months"):
        Units(("minutes", "months"))


@pytest.mark.parametrize(("count", "unit", "expected"), [(1, "days", date(2026, 2, 1)), (2, "weeks", date(2026, 2, 14)), (1, "fortnights", date(2026, 2, 14)),
                                                          (1, "months", date(2026, 2, 28)), (-1, "years", date(2025, 1, 31))])  # fmt: skip
def test_shift_moves_a_date_by_calendar_units(count, unit, expected):
    assert shift(date(2026, 1, 31), count, unit) == expected


RELATIVE_DATES = [("+2w", date(2026, 12, 7)), ("+2 wks", date(2026, 12, 7)), ("+1mo", date(2026, 12, 23)), ("+1 yr", date(2027, 11, 23)),
                  ("in a fortnight", date(2026, 12, 7)), ("in 2 fortnights", date(2026, 12, 21)), ("in 3 days", date(2026, 11, 26)), ("2 weeks ago", date(2026, 11, 9))]  # fmt: skip


@pytest.mark.parametrize(("text", "expected"), RELATIVE_DATES)
def test_dates_read_every_spelling_of_days_weeks_fortnights_months_and_years(text, expected):
    assert parse_date(text, TODAY, field="--date", look=Look.AHEAD) == expected


@pytest.mark.parametrize(("text", "expected"), [("10 working days", (10, "working days")), ("1 working day", (1, "working days")), ("10wd", (10, "working days")),
                                                ("7 days", (7, "days")), ("4 weeks", (4, "weeks")), ("4w", (4, "weeks")), ("3m", (3, "months")), ("6 months", (6, "months"))])  # fmt: skip
def test_timescales_read_letters_and_words(text, expected):
    interval, problems = parse_interval(text, "rule")
    assert problems == [] and (interval.count, interval.unit) == expected


@pytest.mark.parametrize("text", ["2 wks", "1 mo", "a fortnight", "fortnight", "2 fortnights", "1 year", "0 weeks", "1000 days", "10", "10 working  days", 10])
def test_timescales_refuse_short_forms_fortnights_years_zero_and_bare_numbers(text):
    interval, problems = parse_interval(text, "rule")
    assert interval is None and "is not an interval" in problems[0].line()


@pytest.mark.parametrize(("text", "days"), [("14", 14), ("14d", 14), ("14 days", 14), ("1 day", 1), ("2w", 14), ("3 weeks", 21), ("0", 0), ("3660", 3660)])
def test_a_window_is_days_or_weeks_and_a_bare_number_is_days(text, days):
    assert parse_window(text) == days


@pytest.mark.parametrize(("text", "says"), [("2 wks", "is not a number of days or weeks"), ("1m", "is not a number of days or weeks"), ("a fortnight", "is not a number of days or weeks"),
                                            ("523w", "is more than ten years ahead")])  # fmt: skip
def test_a_window_refuses_other_units_and_more_than_ten_years(text, says):
    with pytest.raises(Problems, match=says):
        parse_window(text, "--within")


@pytest.mark.parametrize(("text", "expected"), [("10d", (10, "days")), ("2w", (2, "weeks")), ("1m", (1, "months")), (" 2 W ", (2, "weeks"))])
def test_every_reads_a_number_and_a_letter(text, expected):
    assert parse_every(text) == (expected, [])


@pytest.mark.parametrize("text", ["2 weeks", "fortnightly", "0w", "1000d", "2", "1y"])
def test_every_refuses_words_zero_and_other_units(text):
    every, problems = parse_every(text)
    assert every is None and problems[0].line() == f"--every {text!r}: cannot read this as an interval; use a form such as 10d, 2w or 1m"


def test_planned_dates_step_from_the_first_so_month_ends_hold():
    assert planned_dates(date(2027, 1, 31), date(2027, 4, 30), (1, "months")) == [date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]
    assert planned_dates(date(2026, 12, 1), date(2026, 12, 31), (2, "weeks")) == [date(2026, 12, 1) + timedelta(weeks=2 * i) for i in range(3)]


@pytest.mark.parametrize(("text", "minutes"), [("45", 45), ("90m", 90), ("90 mins", 90), ("1h30", 90), ("1 hr 30 min", 90), ("2h", 120), ("2 hours", 120), ("1 hour 5 minutes", 65), ("1:30", 90), ("24h", 1440)])
def test_a_length_of_time_reads_hours_then_minutes_in_any_spelling(text, minutes):
    assert parse_duration(text) == (minutes, [])


@pytest.mark.parametrize(("text", "says"), [("ages", "cannot read this as a length of time"), ("30m 1h", "cannot read this as a length of time"), ("1d", "cannot read this as a length of time"),
                                            ("0", "must be between 1 minute and 24 hours"), ("25h", "must be between 1 minute and 24 hours")])  # fmt: skip
def test_a_length_of_time_refuses_other_orders_and_units_and_more_than_a_day(text, says):
    minutes, problems = parse_duration(text)
    assert minutes is None and says in problems[0].line()
