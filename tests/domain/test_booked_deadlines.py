"""A booked statutory meeting told against its deadline, as the worker reads it in `due` and `reviews`."""

from __future__ import annotations

from datetime import date

import pytest

from fscli.bank_holidays import england_and_wales
from fscli.domain.booked_deadlines import Booking, against_deadline, earliest_meeting
from fscli.domain.workdays import WorkingCalendar

D = date.fromisoformat
TODAY = D("2026-11-23")  # a Monday


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar.of(england_and_wales(None))


def test_a_conference_booked_on_its_deadline_reads_booked_for_and_due_by_the_same_day(calendar):
    assert against_deadline(D("2026-12-16"), D("2026-12-16"), calendar) == "booked for 16/12, due by 16/12"


def test_a_meeting_booked_in_good_time_says_both_days(calendar):
    assert against_deadline(D("2026-12-15"), D("2026-12-18"), calendar) == "booked for 15/12, due by 18/12"


def test_a_meeting_booked_after_its_deadline_says_how_many_working_days_late(calendar):
    assert against_deadline(D("2026-12-18"), D("2026-12-16"), calendar) == "booked for 18/12, 2 working days after it is due"
    assert against_deadline(D("2026-12-17"), D("2026-12-16"), calendar) == "booked for 17/12, 1 working day after it is due"
    # Fri 18 Dec to Tue 22 Dec: the weekend does not count.
    assert against_deadline(D("2026-12-22"), D("2026-12-18"), calendar) == "booked for 22/12, 2 working days after it is due"


def test_christmas_counts_as_days_off_and_a_booking_on_a_bank_holiday_says_so(calendar):
    # Due Thu 24 Dec; Fri 25 and Mon 28 Dec are bank holidays: Tue 29 Dec is the first working day after.
    assert against_deadline(D("2026-12-29"), D("2026-12-24"), calendar) == "booked for 29/12, 1 working day after it is due"
    assert against_deadline(D("2026-12-28"), D("2026-12-24"), calendar) == "booked for 28/12 (a bank holiday), after it is due (24/12)"
    assert against_deadline(D("2026-12-25"), D("2026-12-29"), calendar) == "booked for 25/12 (a bank holiday), due by 29/12"
    assert against_deadline(D("2026-12-19"), D("2026-12-18"), calendar) == "booked for 19/12 (a Saturday), after it is due (18/12)"


def test_dates_in_different_years_are_written_whole(calendar):
    assert against_deadline(D("2027-01-04"), D("2026-12-30"), calendar) == "booked for 04/01/2027, 2 working days after it is due"
    assert against_deadline(D("2026-12-30"), D("2027-01-04"), calendar) == "booked for 30/12/2026, due by 04/01/2027"


def booking(id: int, on: str, kind: str = "core-group", **more) -> Booking:
    return Booking(id, "meeting", kind, D(on), **more)


def test_of_two_bookings_the_earliest_open_one_counts():
    later, sooner = booking(4, "2026-12-15"), booking(9, "2026-12-08")
    assert earliest_meeting([later, sooner], ("core-group",), TODAY) == sooner
    called_off = booking(9, "2026-12-08", cancelled_on=D("2026-11-20"))
    assert earliest_meeting([later, called_off], ("core-group",), TODAY) == later
    passed = booking(2, "2026-11-20")  # not held and gone by: missed, not booked
    assert earliest_meeting([passed, later], ("core-group",), TODAY) == later
    assert earliest_meeting([later], ("rcpc",), TODAY) is None
    visit = Booking(5, "visit", "core-group", D("2026-12-01"))
    assert earliest_meeting([visit], ("core-group",), TODAY) is None
    morning, afternoon = booking(7, "2026-12-08", at_time="09:30"), booking(6, "2026-12-08", at_time="14:00")
    assert earliest_meeting([afternoon, morning], ("core-group",), TODAY) == morning
