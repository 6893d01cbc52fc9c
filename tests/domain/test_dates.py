"""British dates: day first, ISO always, relative words, and refusal of anything unreadable."""

from datetime import date, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fscli.domain.dates import Look, echo, parse_date, parse_when
from fscli.domain.problems import Problems

TODAY = date(2026, 11, 23)  # Monday
BACK, AHEAD = Look.BACK, Look.AHEAD

READS = [
    # absolute, day first
    ("03/04/2026", BACK, date(2026, 4, 3)),
    ("3/4/2026", BACK, date(2026, 4, 3)),
    ("3/4/26", BACK, date(2026, 4, 3)),
    ("12/11/2026", BACK, date(2026, 11, 12)),
    ("31/12/2025", BACK, date(2025, 12, 31)),
    ("29/02/2028", AHEAD, date(2028, 2, 29)),
    ("03.04.2026", BACK, date(2026, 4, 3)),
    ("03-04-2026", BACK, date(2026, 4, 3)),
    ("3.4", BACK, date(2026, 4, 3)),
    ("01/01/1990", BACK, date(1990, 1, 1)),
    # ISO
    ("2026-04-03", BACK, date(2026, 4, 3)),
    ("2026-4-3", BACK, date(2026, 4, 3)),
    ("2027-01-15", AHEAD, date(2027, 1, 15)),
    # named months
    ("3 Apr 2026", BACK, date(2026, 4, 3)),
    ("3 April 2026", BACK, date(2026, 4, 3)),
    ("3rd April 2026", BACK, date(2026, 4, 3)),
    ("4th Dec 2026", AHEAD, date(2026, 12, 4)),
    ("1st of March 2027", AHEAD, date(2027, 3, 1)),
    ("April 3 2026", BACK, date(2026, 4, 3)),
    ("Sept 30, 2026", BACK, date(2026, 9, 30)),
    ("Thu 26 Nov 2026", AHEAD, date(2026, 11, 26)),
    ("monday, 23 november 2026", BACK, date(2026, 11, 23)),
    # without a year: the field decides the direction
    ("3 April", BACK, date(2026, 4, 3)),
    ("3 April", AHEAD, date(2027, 4, 3)),
    ("26/11", AHEAD, date(2026, 11, 26)),
    ("26/11", BACK, date(2025, 11, 26)),
    ("23/11", BACK, date(2026, 11, 23)),
    ("23/11", AHEAD, date(2026, 11, 23)),
    ("25 dec", AHEAD, date(2026, 12, 25)),
    ("29/02", BACK, date(2024, 2, 29)),
    ("29/02", AHEAD, date(2028, 2, 29)),
    # words
    ("today", BACK, TODAY),
    ("Today", AHEAD, TODAY),
    ("now", BACK, TODAY),
    ("tomorrow", AHEAD, date(2026, 11, 24)),
    ("yesterday", BACK, date(2026, 11, 22)),
    ("  yesterday  ", BACK, date(2026, 11, 22)),
    # weekdays: the nearest in the field's direction, today included
    ("thursday", AHEAD, date(2026, 11, 26)),
    ("thu", AHEAD, date(2026, 11, 26)),
    ("thursday", BACK, date(2026, 11, 19)),
    ("monday", BACK, TODAY),
    ("monday", AHEAD, TODAY),
    ("last thursday", BACK, date(2026, 11, 19)),
    ("last monday", BACK, date(2026, 11, 16)),
    ("next thursday", AHEAD, date(2026, 11, 26)),
    ("next monday", AHEAD, date(2026, 11, 30)),
    ("this friday", AHEAD, date(2026, 11, 27)),
    ("on friday", AHEAD, date(2026, 11, 27)),
    ("thursday week", AHEAD, date(2026, 12, 3)),
    ("a week on friday", AHEAD, date(2026, 12, 4)),
    ("next week", AHEAD, date(2026, 11, 30)),
    ("last week", BACK, date(2026, 11, 16)),
    ("this week", BACK, TODAY),
    # offsets
    ("+2w", AHEAD, date(2026, 12, 7)),
    ("-3d", BACK, date(2026, 11, 20)),
    ("+1m", AHEAD, date(2026, 12, 23)),
    ("+1y", AHEAD, date(2027, 11, 23)),
    ("+10 days", AHEAD, date(2026, 12, 3)),
    ("in 3 days", AHEAD, date(2026, 11, 26)),
    ("in a fortnight", AHEAD, date(2026, 12, 7)),
    ("in two weeks", AHEAD, date(2026, 12, 7)),
    ("in 6 months", AHEAD, date(2027, 5, 23)),
    ("3 days ago", BACK, date(2026, 11, 20)),
    ("a week ago", BACK, date(2026, 11, 16)),
    ("a fortnight ago", BACK, date(2026, 11, 9)),
    ("2 years ago", BACK, date(2024, 11, 23)),
    ("9 years ago", BACK, date(2017, 11, 23)),
]


@pytest.mark.parametrize("text,look,expected", READS, ids=[f"{t}-{lk.value}" for t, lk, _ in READS])
def test_reads_british_and_relative_dates(text, look, expected):
    assert parse_date(text, TODAY, field="--date", look=look) == expected


TIMES = [
    ("thu 10am", AHEAD, date(2026, 11, 26), time(10, 0)),
    ("yesterday 14:30", BACK, date(2026, 11, 22), time(14, 30)),
    ("friday 2:30pm", AHEAD, date(2026, 11, 27), time(14, 30)),
    ("03/04/2026 09:15", BACK, date(2026, 4, 3), time(9, 15)),
    ("today at noon", BACK, TODAY, time(12, 0)),
    ("12am", BACK, TODAY, time(0, 0)),
    ("12pm", BACK, TODAY, time(12, 0)),
    ("2026-04-03 23:59", BACK, date(2026, 4, 3), time(23, 59)),
    # Times as workers write them (the diary-week replay): a dot between hours and minutes.
    ("14.30", BACK, TODAY, time(14, 30)),
    ("today 9.30", BACK, TODAY, time(9, 30)),
    ("wed 14.30", BACK, date(2026, 11, 18), time(14, 30)),
    ("wed 14.30", AHEAD, date(2026, 11, 25), time(14, 30)),
    ("mon 9.30", AHEAD, TODAY, time(9, 30)),
    ("9.30am", BACK, TODAY, time(9, 30)),
    ("14.03.2026", BACK, date(2026, 3, 14), None),
]


@pytest.mark.parametrize("text,look,day,at", TIMES, ids=[t for t, *_ in TIMES])
def test_reads_a_time_of_day(text, look, day, at):
    when = parse_when(text, TODAY, field="--date", look=look)
    assert (when.day, when.at) == (day, at)


def test_a_dotted_pair_that_could_be_a_date_or_a_time_is_refused_not_guessed():
    with pytest.raises(Problems) as refused:
        parse_when("14.03", TODAY, field="--date")
    assert "could be 14 March or 14:03: write 14/3 for the date, 14:03 for the time" in str(refused.value)
    with pytest.raises(Problems) as late:
        parse_when("24.30", TODAY, field="--date")
    assert "there is no hour 24" in str(late.value)


def test_a_field_that_takes_a_date_only_reads_a_dotted_pair_as_the_date():
    assert parse_date("14.03", TODAY, field="--referred") == date(2026, 3, 14)


REFUSED = [
    ("31/02/2026", "31 February 2026 does not exist"),
    ("29/02/2027", "29 February 2027 does not exist"),
    ("31/04/2026", "31 April 2026 does not exist"),
    ("2026-13-01", "there is no month 13"),
    ("2026-02-30", "30 February 2026 does not exist"),
    ("0000-00-00", "there is no month 0"),
    ("someday", "cannot read this as a date"),
    ("tomorow", "cannot read this as a date"),
    ("3 Aprl 2026", "cannot read this as a date"),
    ("1/2/3", "cannot read this as a date"),
    ("visit 03/04/2026 notes", "cannot read this as a date"),
    ("thu 10", "cannot read this as a date"),
    ("", "no date given"),
    ("13pm", "there is no 13pm"),
    ("today 25:00", "there is no hour 25"),
    ("Fri 26 Nov 2026", "26/11/2026 is a Thursday, not a Friday"),
    ("in days", "say how many"),
    ("01/01/1899", "out of range"),
    ("3000 years ago", "that is too far away"),  # was an internal error: past the years a date holds
    ("+9999 fortnights", "that is too far away"),  # was read as 2410: fortnights skipped the year check
    ("3.4.5", "cannot read this as a date"),
]


@pytest.mark.parametrize("text,reason", REFUSED, ids=[t or "empty" for t, _ in REFUSED])
def test_refuses_what_it_cannot_read_exactly_and_says_why(text, reason):
    with pytest.raises(Problems) as refused:
        parse_date(text, TODAY, field="--referred")
    line = refused.value.line()
    assert line.startswith("--referred")
    assert reason in line
    assert "03/04/2026 (3 April)" in line  # the accepted forms are shown


def test_a_date_field_refuses_a_time():
    with pytest.raises(Problems, match="takes a date only"):
        parse_date("yesterday 14:30", TODAY, field="--dob")


def test_echo_repeats_the_resolved_date_the_way_a_worker_reads_it():
    assert echo(date(2026, 11, 26)) == "Thu 26 Nov 2026"
    assert echo(parse_when("thu 10am", TODAY, field="--date", look=AHEAD)) == "Thu 26 Nov 2026 10:00"


@pytest.mark.parametrize(
    ("typed", "today", "said"),
    [
        ("thu", date(2026, 11, 30), "Thu 26 Nov 2026, last week"),  # Monday: a bare weekday looks back
        ("fri 2pm", date(2026, 11, 30), "Fri 27 Nov 2026 14:00"),  # three days back: plain
        ("yesterday", date(2026, 11, 30), "Sun 29 Nov 2026"),
        ("mon", date(2026, 12, 6), "Mon 30 Nov 2026, 6 days ago"),  # earlier this week
        ("09/11/2026", date(2026, 12, 7), "Mon 9 Nov 2026, 4 weeks ago"),
        ("09/05/2026", date(2026, 12, 7), "Sat 9 May 2026, 7 months ago"),
        ("09/05/2023", date(2026, 12, 7), "Tue 9 May 2023, 3 years ago"),
    ],
)
def test_a_date_more_than_three_days_back_is_confirmed_in_words(typed, today, said):
    assert echo(parse_when(typed, today, field="--date"), today) == said


def test_a_day_ahead_is_never_said_to_be_ago():
    assert echo(parse_when("thu", TODAY, field="--due", look=AHEAD), TODAY) == "Thu 26 Nov 2026"


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2199, 12, 31)))
def test_any_date_written_day_first_reads_back_as_itself(day):
    assert parse_date(f"{day:%d/%m/%Y}", TODAY, field="--date") == day
    assert parse_date(day.isoformat(), TODAY, field="--date") == day
    assert parse_date(echo(day), TODAY, field="--date") == day


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_ambiguous_looking_dates_are_never_read_month_first(day):
    assert parse_date(f"{day.day}/{day.month}/{day:%y}", TODAY, field="--date") == day


@given(st.integers(min_value=0, max_value=3000))
def test_days_ago_and_in_days_are_exact(n):
    assert parse_date(f"{n} days ago", TODAY, field="--date") == TODAY - timedelta(days=n)
    assert parse_date(f"+{n}d", TODAY, field="--date", look=AHEAD) == TODAY + timedelta(days=n)


@given(st.text(max_size=30))
def test_any_text_is_read_or_refused_with_a_problem_never_a_crash(text):
    try:
        parse_when(text, TODAY, field="--date")
    except Problems:
        pass


def test_now_keeps_the_time_of_day_when_the_clock_gives_it():
    assert parse_when("now", TODAY, field="--date", now=time(14, 37, 12)) == parse_when("today 14:37", TODAY, field="--date")
    assert parse_when(" Now ", TODAY, field="--date", now=time(9, 5)).at == time(9, 5)
    assert parse_when("now", TODAY, field="--date").at is None  # no clock given: the day alone, as before
    assert parse_when("today", TODAY, field="--date", now=time(14, 37)).at is None  # "today" names the day, not the moment


@pytest.mark.parametrize(("text", "today", "look"), [
    ("tomorrow", date(2199, 12, 31), Look.AHEAD), ("fri", date(2199, 12, 31), Look.AHEAD), ("next week", date(2199, 12, 31), Look.AHEAD),
    ("2 Jan", date(2199, 12, 31), Look.AHEAD), ("thu week", date(2199, 12, 28), Look.AHEAD), ("+1d", date(2199, 12, 31), Look.AHEAD),
    ("yesterday", date(1900, 1, 1), Look.BACK), ("last mon", date(1900, 1, 1), Look.BACK), ("30 Dec", date(1900, 1, 1), Look.BACK),
])  # fmt: skip
def test_every_form_meets_the_one_range_check_at_the_edges_of_the_years_kept(text, today, look):
    """'tomorrow' on 31/12/2199 was stored as 01/01/2200, past the 1900-2199 check a typed year meets."""
    with pytest.raises(Problems, match=r"too far away \(.* is outside 1900-2199\)"):
        parse_date(text, today, field="--due", look=look)
    with pytest.raises(Problems, match="too far away"):
        parse_when(text, today, field="--date", look=look)
