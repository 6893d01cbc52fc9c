"""The rules of a booking, with no database: Thursday 26 November 2026 the worker books ahead."""

from datetime import date, time, timedelta

from fscli.domain import bookings
from fscli.domain.bookings import Booking

TODAY = date(2026, 11, 26)
REFERRED = date(2026, 9, 17)
ICPC = Booking(id=12, booking_of="meeting", kind="icpc", on_date=date(2026, 12, 2), at_time="10:00")


def test_a_booking_is_for_today_or_later_and_not_before_the_referral():
    assert bookings.check_booking_date(TODAY, booking_of="meeting", today=TODAY, referred=REFERRED) == []
    past = bookings.check_booking_date(date(2026, 11, 25), booking_of="meeting", today=TODAY, referred=REFERRED)
    assert [p.line() for p in past] == ["--date '25/11/2026': a booked meeting is in the future, today or later (today is 26/11/2026); log a meeting that happened with 'fscli meeting log'"]
    early = bookings.check_booking_date(date(2026, 12, 1), booking_of="visit", today=TODAY, referred=date(2026, 12, 5))
    assert "is before the case's referral (05/12/2026)" in early[0].line()


def test_only_the_meetings_of_no_one_family_are_booked_without_a_case():
    assert not bookings.needs_case("supervision") and not bookings.needs_case("team-meeting")
    assert bookings.needs_case("icpc") and bookings.needs_case("court-hearing")


def test_who_can_call_a_booking_off():
    assert bookings.check_cancelled_by("Family") == ("family", [])
    code, problems = bookings.check_cancelled_by("the cat")
    assert code is None and "is not who can cancel a booking (one of: family, worker, agency, other)" in problems[0].line()


def test_a_booking_held_cancelled_or_voided_cannot_be_cancelled_again():
    assert bookings.cancel_problems(ICPC) == []
    held = Booking(**{**ICPC.__dict__, "held_as": "M5", "held_on": date(2026, 12, 2)})
    assert bookings.cancel_problems(held)[0].line() == "ID 'B12': it was held on 02/12/2026 as M5; void it with 'fscli void M5' if it did not happen"
    called_off = Booking(**{**ICPC.__dict__, "cancelled_on": TODAY, "cancelled_by": "family", "cancel_reason": "ill"})
    assert "was cancelled on 26/11/2026 by the family already" in bookings.cancel_problems(called_off)[0].line()
    assert "was voided as made in error" in bookings.cancel_problems(Booking(**{**ICPC.__dict__, "voided": True}))[0].line()


def test_a_move_is_to_another_day_or_time_today_or_later():
    assert bookings.move_problems(ICPC, day=date(2026, 12, 3), at=None, today=TODAY, referred=REFERRED) == []
    assert bookings.move_problems(ICPC, day=ICPC.on_date, at=time(14, 0), today=TODAY, referred=REFERRED) == []  # the afternoon instead
    assert "is the date B12 is booked for already" in bookings.move_problems(ICPC, day=ICPC.on_date, at=None, today=TODAY, referred=REFERRED)[0].line()
    assert "is the date B12 is booked for already" in bookings.move_problems(ICPC, day=ICPC.on_date, at=time(10, 0), today=TODAY, referred=REFERRED)[0].line()
    assert "today or later" in bookings.move_problems(ICPC, day=date(2026, 11, 20), at=None, today=TODAY, referred=REFERRED)[0].line()
    assert "before the case's referral" in bookings.move_problems(ICPC, day=date(2026, 11, 30), at=None, today=TODAY, referred=date(2026, 12, 1))[0].line()


def test_a_repeating_plan_is_cancelled_from_a_date_on():
    plan = [Booking(id=i, booking_of="meeting", kind="supervision", on_date=date(2026, 11, 27) + timedelta(weeks=4 * (i - 15)), series_id=15) for i in range(15, 20)]
    done = Booking(**{**plan[3].__dict__, "cancelled_on": TODAY, "cancelled_by": "worker", "cancel_reason": "leave"})
    later = bookings.later_in_series(plan[1], [*plan[:3], done, plan[4]])
    assert [b.id for b in later] == [17, 19]  # the one already called off stays as it was
    alone = Booking(id=3, booking_of="visit", kind="home-visit", on_date=TODAY)
    assert bookings.later_in_series(alone, plan) == []


def test_the_nearest_booking_within_three_days_is_held():
    days = {1: date(2026, 12, 1), 2: date(2026, 12, 4), 3: date(2026, 12, 10)}
    pick = lambda day: bookings.nearest(days, day, lambda i: days[i], lambda i: i)  # noqa: E731
    assert pick(date(2026, 12, 2)) == 1 and pick(date(2026, 12, 4)) == 2 and pick(date(2026, 12, 7)) == 2 and pick(date(2026, 12, 14)) is None


def test_a_cancelled_booking_is_never_missed_and_says_who_and_why():
    cancelled = Booking(**{**ICPC.__dict__, "cancelled_on": TODAY, "cancelled_by": "family", "cancel_reason": "moving house"})
    assert bookings.state(cancelled, date(2026, 12, 3)) == "cancelled by the family: moving house"
    assert bookings.state(ICPC, TODAY) == "booked" and bookings.state(ICPC, date(2026, 12, 3)) == "missed"
    assert bookings.state(Booking(**{**ICPC.__dict__, "held_as": "M5"}), date(2026, 12, 3)) == "held as M5"
    assert bookings.state(Booking(**{**ICPC.__dict__, "cancelled_on": TODAY, "cancelled_by": "agency", "cancel_reason": "chair ill"}), date(2026, 12, 3)) == "cancelled by another agency: chair ill"


def test_the_chronology_words_of_a_cancellation_and_a_move():
    assert bookings.cancelled_words("visit", "home-visit", date(2026, 12, 7), "family", "moving house") == "Home visit booked for Mon 07/12 cancelled by the family: moving house"
    assert bookings.moved_words("2026-12-10", "2026-12-14", "judge ill") == "moved from 10/12 to 14/12: judge ill"
    assert bookings.moved_words("2026-12-10", "2026-12-10", "room", old_time="10:00", new_time="14:00") == "moved from 10/12 10:00 to 10/12 14:00: room"


def test_the_sql_of_an_open_booking_is_rendered_from_the_rule():
    assert bookings.open_sql("b") == "b.fulfilled_by IS NULL AND b.held_as IS NULL AND b.cancelled_on IS NULL AND b.voided_at IS NULL"


def test_a_booking_for_earlier_today_is_said_to_have_passed():
    """Booked 'mon 9.30' at 10:30 on the Monday: accepted (the day is today), and said."""
    from datetime import datetime, time

    now = datetime(2026, 12, 7, 10, 30)
    assert bookings.passed_already(now.date(), time(9, 30), now) == "; 09:30 has passed already (it is 10:30): if it took place, log it instead"
    assert bookings.passed_already(now.date(), time(11, 0), now) == ""
    assert bookings.passed_already(now.date(), None, now) == ""
    assert bookings.passed_already(date(2026, 12, 8), time(9, 30), now) == ""
