"""How the week reads: the day each task shows on, and what a booking says (domain/week.py)."""

from datetime import date

import pytest

from fscli.domain.booking_kinds import cancelled_text
from fscli.domain.week import booking_what, task_entry

MONDAY, SUNDAY = date(2026, 11, 23), date(2026, 11, 29)
TUESDAY, THURSDAY, FRIDAY = date(2026, 11, 24), date(2026, 11, 26), date(2026, 11, 27)


def test_a_task_done_late_shows_on_the_day_it_was_done_saying_how_late():
    assert task_entry(date(2026, 11, 20), THURSDAY, FRIDAY, MONDAY, SUNDAY) == (THURSDAY, "Task done, 6 days late")
    assert task_entry(date(2026, 11, 25), THURSDAY, FRIDAY, MONDAY, SUNDAY) == (THURSDAY, "Task done, 1 day late")


def test_a_task_done_on_time_shows_the_day_it_was_done_and_not_in_the_week_it_was_due():
    assert task_entry(THURSDAY, TUESDAY, FRIDAY, MONDAY, SUNDAY) == (TUESDAY, "Task done")
    assert task_entry(date(2026, 11, 19), date(2026, 11, 30), date(2026, 12, 1), MONDAY, SUNDAY) is None  # due last week, done the next


def test_an_open_task_past_its_date_shows_today_while_today_is_in_the_week():
    assert task_entry(date(2026, 11, 20), None, THURSDAY, MONDAY, SUNDAY) == (THURSDAY, "Task overdue by 6 days")
    assert task_entry(TUESDAY, None, THURSDAY, MONDAY, SUNDAY) == (THURSDAY, "Task overdue by 2 days")


def test_an_open_task_of_a_past_week_shows_on_its_due_day_there_and_a_later_one_on_its_own():
    assert task_entry(TUESDAY, None, date(2026, 12, 3), MONDAY, SUNDAY) == (TUESDAY, "Task overdue by 9 days")
    assert task_entry(FRIDAY, None, TUESDAY, MONDAY, SUNDAY) == (FRIDAY, "Task due")
    assert task_entry(date(2026, 12, 2), None, TUESDAY, MONDAY, SUNDAY) is None


@pytest.mark.parametrize(("booking_of", "said", "place", "on", "cancelled", "reads"), [
    ("visit", "office", "Citizens Advice Northgate", FRIDAY, False, "Planned: office at Citizens Advice Northgate"),
    ("meeting", "Initial child protection conference", "Civic Centre", FRIDAY, False, "Booked: Initial child protection conference at Civic Centre"),
    ("visit", "home visit", None, MONDAY, True, "Cancelled: home visit"),
    ("visit", "home visit", None, MONDAY, False, "Missed: home visit"),
    ("meeting", "Core group", None, MONDAY, False, "Booked, not logged: Core group"),
])  # fmt: skip
def test_a_booking_says_what_it_is_where_and_a_cancelled_one_is_never_missed(booking_of, said, place, on, cancelled, reads):
    assert booking_what(booking_of=booking_of, said=said, place=place, on=on, today=THURSDAY, cancelled=cancelled) == reads


def test_a_cancellation_says_who_called_it_off_and_why():
    assert cancelled_text("family", "moving house tomorrow") == "cancelled by the family: moving house tomorrow"
    assert cancelled_text("agency", None) == "cancelled by another agency"
