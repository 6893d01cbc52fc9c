"""Bookings in `due`, `reviews` and the calendar feed, told as Helen Price's fortnight on the Wilsons'
child protection case (today is Monday 23 Nov 2026). The bookings are written as the booking
commands leave them (tests/factories.py `booking`)."""

import json
import os
from datetime import datetime, timezone

import icalendar
import pytest

from tests.conftest import rows
from tests.factories import booking, move, ok, open_case, wilson_on_s47


def items(cli, *args):
    return json.loads(ok(cli, "due", "-f", "json", *args).out)


def feed(cli, *args):
    return ok(cli, "due", "--format", "ics", *args).out


def events(text: str) -> dict[str, icalendar.Event]:
    return {str(e["UID"]): e for e in icalendar.Calendar.from_ical(text).walk("VEVENT")}


@pytest.fixture
def wilson(cli):
    """Harper, a newborn, on a CP plan from the ICPC on Tue 17 Nov; Helen Price is her social worker."""
    return wilson_on_s47(cli)


@pytest.fixture
def on_plan(cli, wilson):
    ok(cli, "s47", "outcome", wilson, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", wilson, "cp", "--start", "17/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    return wilson


def core_group(found):
    return [(i["rule"], i["what"], i["due_on"], i["at_time"], i["booking"], i["basis"]) for i in found if "ore group" in i["what"]]


def test_the_first_core_group_booked_for_its_deadline_reads_booked_for_due_by(cli, on_plan):
    """The first core group is due within 10 working days of the conference: Tue 1 Dec. Helen books it for that day at 10."""
    b = booking(on_plan, "core-group", "2026-12-01", at="10:00", worker="Helen Price")
    said = "booked for 01/12, due by 01/12; 10 working days after the plan's start (17/11/2026)"
    assert core_group(items(cli, "--case", on_plan, "--within", "4w")) == [("core-group-first", f"First core group (booked: {b}, 10:00)", "2026-12-01", "10:00", b, said)]
    reviews = json.loads(ok(cli, "reviews", "-f", "json").out)
    assert [(r["due_on"], r["what"], r["basis"]) for r in reviews if r["rule"] == "core-group-first"] == [("2026-12-01", f"First core group (booked: {b}, 10:00)", said)]


def test_a_core_group_booked_late_stays_on_its_deadline_saying_how_late(cli, on_plan):
    b = booking(on_plan, "core-group", "2026-12-03", worker="Helen Price")
    [(rule, what, due_on, _, named, basis)] = core_group(items(cli, "--case", on_plan, "--within", "4w"))
    assert (rule, due_on, named) == ("core-group-first", "2026-12-01", b)
    assert basis == "booked for 03/12, 2 working days after it is due; 10 working days after the plan's start (17/11/2026)"
    assert "overdue" not in json.dumps(items(cli, "--case", on_plan, "--within", "4w"))


def test_the_icpc_booked_today_is_the_conference_due_today(cli, wilson):
    b = booking(wilson, "icpc", "2026-11-23", at="14:00", worker="Helen Price")
    [icpc] = [i for i in items(cli, "--case", wilson) if i["rule"] == "icpc"]
    assert (icpc["due_on"], icpc["state"], icpc["booking"], icpc["basis"]) == ("2026-11-23", "due today", b, "booked for 23/11, due by 23/11; 15 working days after the strategy discussion (02/11/2026)")
    assert not [i for i in items(cli, "--case", wilson) if i["rule"] == "booked"]  # one duty, not a second item


def test_a_booking_cancelled_voided_or_held_does_not_count_and_the_earliest_open_one_does(cli, on_plan):
    booking(on_plan, "core-group", "2026-11-27", worker="Helen Price", cancelled_on="2026-11-20", cancelled_by="family", cancel_reason="Mum in hospital")
    booking(on_plan, "core-group", "2026-11-26", worker="Helen Price", voided_at=datetime(2026, 11, 20, 10, tzinfo=timezone.utc), void_reason="Typed on the wrong case")
    later = booking(on_plan, "core-group", "2026-12-08", worker="Helen Price")
    sooner = booking(on_plan, "core-group", "2026-11-30", worker="Helen Price")
    found = core_group(items(cli, "--case", on_plan, "--within", "4w"))
    assert [(rule, named, due_on) for rule, _, due_on, _, named, _ in found] == [("core-group-first", sooner, "2026-11-30"), ("booked", later, "2026-12-08")]


def test_a_meeting_held_stops_the_clock_and_its_booking_leaves_the_list(cli, on_plan):
    ok(cli, "meeting", "log", on_plan, "--type", "core-group", "--date", "20/11/2026")
    [(held,)] = rows(os.environ["FSCLI_DB"], "SELECT id FROM meeting")
    booking(on_plan, "core-group", "2026-11-24", worker="Helen Price", held_as=held)
    found = core_group(items(cli, "--case", on_plan, "--within", "6w"))
    assert [(rule, named, due_on) for rule, _, due_on, _, named, _ in found] == [("core-group", None, "2026-12-18")]


def test_bookings_are_appointments_with_their_type_time_and_number(cli, wilson):
    b = booking(wilson, "discharge-planning", "2026-11-26", at="11:30", worker="Helen Price", location="Ward 7, St Mary's", note="Bring the safety plan")
    v = booking(wilson, "home-visit", "2026-11-27", booking_of="visit", at="09:30", worker="Helen Price")
    found = [(i["what"], i["due_on"], i["at_time"], i["booking"], i["worker"]) for i in items(cli, "--case", wilson) if i["rule"] == "booked"]
    assert found == [(f"Hospital discharge planning meeting (booked: {b}, 11:30)", "2026-11-26", "11:30", b, "Helen Price"),
                     (f"Planned home visit ({v}, 09:30)", "2026-11-27", "09:30", v, "Helen Price")]  # fmt: skip
    table = ok(cli, "due", "--case", wilson).out
    assert b in table and "Ward 7" not in table and "safety plan" not in table


def test_a_supervision_of_no_case_is_in_its_workers_list_only(cli, wilson, monkeypatch):
    """Helen's supervision on Wednesday belongs to no family: it is in her list, not Dee's, not the Wilsons'."""
    other = open_case(cli, "Quinn family", referred="22/11/2026", source="1B", reason="Neighbour worried", worker="Dee Campbell")
    mine = booking(None, "supervision", "2026-11-25", at="14:00", worker="Helen Price")
    theirs = booking(other, "home-visit", "2026-11-26", booking_of="visit", worker="Dee Campbell")
    monkeypatch.setenv("FSCLI_WORKER", "Helen Price")
    assert [(i["what"], i["ref"], i["worker"]) for i in items(cli, "--mine") if i["rule"] == "booked"] == [(f"Supervision (booked: {mine}, 14:00)", None, "Helen Price")]  # no family
    assert mine in {i["booking"] for i in items(cli)}  # the whole caseload holds my own diary
    assert mine not in {i["booking"] for i in items(cli, "--case", wilson)}
    monkeypatch.setenv("FSCLI_WORKER", "Dee Campbell")
    assert [i["booking"] for i in items(cli, "--mine") if i["rule"] == "booked"] == [theirs]
    assert mine not in {i["booking"] for i in items(cli)}
    assert [i["booking"] for i in items(cli, "--worker", "helen price") if i["rule"] == "booked"] == [mine]


def test_the_feed_carries_bookings_under_their_own_uid_through_a_move(cli, on_plan):
    b = booking(on_plan, "core-group", "2026-12-01", at="10:00", worker="Helen Price")
    v = booking(on_plan, "home-visit", "2026-11-27", booking_of="visit", at="09:30", worker="Helen Price")
    before = events(feed(cli))
    assert {f"booking-{b}@fscli", f"booking-{v}@fscli"} <= set(before)
    assert str(before[f"booking-{v}@fscli"]["SUMMARY"]) == f"{on_plan}: Planned home visit ({v}, 09:30)"
    move(v, "2026-11-30")
    move(b, "2026-11-30")
    after = events(feed(cli))
    assert after[f"booking-{v}@fscli"].decoded("DTSTART").date().isoformat() == "2026-11-30"
    assert after[f"booking-{b}@fscli"].decoded("DTSTART").date().isoformat() == "2026-11-30"
    assert len(after) == len(before)


def test_a_core_group_booked_late_is_its_deadline_and_its_meeting_in_the_feed(cli, on_plan):
    """Due by Tue 1 Dec, booked for Thu 3 Dec at 10: the deadline keeps the event it had, and the meeting has its own."""
    [deadline_uid] = [uid for uid, e in events(feed(cli)).items() if "First core group" in str(e["SUMMARY"])]
    b = booking(on_plan, "core-group", "2026-12-03", at="10:00", worker="Helen Price")
    found = events(feed(cli))
    deadline, meeting = found[deadline_uid], found[f"booking-{b}@fscli"]
    assert (str(deadline["SUMMARY"]), deadline.decoded("DTSTART").isoformat()) == (f"{on_plan}: First core group due (booked for 03/12)", "2026-12-01")
    assert "2 working days after it is due" in str(deadline["DESCRIPTION"])
    assert (str(meeting["SUMMARY"]), meeting.decoded("DTSTART").strftime("%d/%m %H:%M")) == (f"{on_plan}: First core group (booked: {b}, 10:00)", "03/12 10:00")


def test_a_cancelled_booking_is_sent_cancelled_while_its_day_is_in_the_feed(cli, on_plan):
    v = booking(on_plan, "home-visit", "2026-11-27", booking_of="visit", worker="Helen Price", cancelled_on="2026-11-23", cancelled_by="family", cancel_reason="Chloe has a hospital appointment")
    gone = booking(on_plan, "home-visit", "2026-11-20", booking_of="visit", worker="Helen Price", cancelled_on="2026-11-19", cancelled_by="worker", cancel_reason="Sick")
    far = booking(on_plan, "home-visit", "2027-01-20", booking_of="visit", worker="Helen Price", cancelled_on="2026-11-19", cancelled_by="worker", cancel_reason="Sick")
    found = events(feed(cli))
    event = found[f"booking-{v}@fscli"]
    assert str(event["STATUS"]) == "CANCELLED" and str(event["SUMMARY"]).startswith("Cancelled: ")
    assert f"booking-{gone}@fscli" not in found and f"booking-{far}@fscli" not in found
    assert f"booking-{far}@fscli" in events(feed(cli, "--within", "10w"))
    assert v not in {i["booking"] for i in items(cli)}  # not due: only the feed carries it, to drop it
    assert "STATUS" not in next(e for uid, e in found.items() if uid != f"booking-{v}@fscli")


def test_the_feed_names_no_one_and_no_place_invited_or_note(cli, on_plan, monkeypatch):
    ok(cli, "task", "add", on_plan, "Ring Chloe Wilson about Harper's weight", "--due", "25/11/2026")
    booking(on_plan, "core-group", "2026-12-01", at="10:00", worker="Helen Price", location="Northgate Family Centre, Room 2", invited="Chloe Wilson, Jo Reed (health visitor)", note="Chloe asked for an interpreter")
    booking(on_plan, "home-visit", "2026-11-26", booking_of="visit", worker="Helen Price", location="14 Larch Close", note="Dog in the garden")
    booking(on_plan, "agency-appointment", "2026-11-30", worker="Helen Price", location="Citizens Advice Northgate", invited="Chloe Wilson", cancelled_on="2026-11-22", cancelled_by="agency", cancel_reason="Adviser off sick")
    booking(None, "supervision", "2026-11-25", worker="Helen Price", location="Team manager's office", note="Discuss the Wilsons")
    monkeypatch.setenv("FSCLI_WORKER", "Helen Price")
    raw = ok(cli, "due", "--format", "ics").out
    unfolded = raw.replace("\r\n ", "")
    for secret in ("Chloe", "Harper", "Wilson", "Jo Reed", "Northgate", "Larch", "Dog", "interpreter", "Citizens Advice", "Adviser", "office", "Discuss", "Helen"):
        assert secret not in unfolded, secret
    summaries = sorted(str(e["SUMMARY"]) for e in events(raw).values())
    assert f"{on_plan}: Task due" in summaries  # what kind of item, never its words
    assert any(s.startswith("Supervision (booked: ") for s in summaries)


def test_due_mine_is_my_bookings_not_my_colleagues_on_a_shared_case(cli, wilson, monkeypatch):
    """Sam Okafor joins the Wilsons as family support worker. His Thursday visit is in his list;
    Helen's core group is in hers."""
    ok(cli, "case", "share", wilson, "Sam Okafor", "--role", "family-support", "--date", "16/11/2026")
    sams = booking(wilson, "home-visit", "2026-11-26", booking_of="visit", at="10:00", worker="Sam Okafor")
    helens = booking(wilson, "discharge-planning", "2026-11-27", at="11:00", worker="Helen Price")
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    assert [i["booking"] for i in items(cli, "--mine") if i["booking"]] == [sams]
    monkeypatch.setenv("FSCLI_WORKER", "Helen Price")
    assert [i["booking"] for i in items(cli, "--mine") if i["booking"]] == [helens]
    assert {i["booking"]: i["worker"] for i in items(cli, "--case", wilson) if i["booking"]} == {sams: "Sam Okafor", helens: "Helen Price"}


def test_the_conference_i_booked_for_my_colleagues_duty_is_in_my_list_and_calendar_too(cli, wilson, monkeypatch):
    """Sam, the family support worker, booked the ICPC he will go to; the ICPC is Helen's duty. It is
    in both their lists (a new user found her own ICPC missing from `due --mine` and its feed)."""
    ok(cli, "case", "share", wilson, "Sam Okafor", "--role", "family-support", "--date", "16/11/2026")
    icpc = booking(wilson, "icpc", "2026-11-24", at="10:00", worker="Sam Okafor")
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    [mine] = [i for i in items(cli, "--mine") if i["booking"] == icpc]
    assert (mine["rule"], mine["worker"]) == ("icpc", "Helen Price")  # still Helen's duty, and said so
    assert f"booking-{icpc}@fscli" in events(feed(cli, "--mine"))
    monkeypatch.setenv("FSCLI_WORKER", "Helen Price")
    assert [i["rule"] for i in items(cli, "--mine") if i["booking"] == icpc] == ["icpc"]
