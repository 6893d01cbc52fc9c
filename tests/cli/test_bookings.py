"""The worker's calendar: booking ahead, calling off, moving, and holding what was booked.

Thursday 26 November 2026: the worker books the ICPC for next Wednesday at the Civic Centre, the
Citizens Advice appointment for Monday 9.30 with Chloe, a children's hearing on 18/12. The family
cancels Monday's home visit; the hearing moves; on Wednesday the ICPC is logged and holds its
booking.
"""

import json

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case

THURSDAY = "2026-11-26"


@pytest.fixture
def wilson(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-20")
    ref = open_case(cli, "Wilson family", referred="17/09/2026", source="3E")
    add_person(cli, ref, "Chloe Wilson", "parent")
    add_person(cli, ref, "Harper Wilson", "child", dob="16/11/2026")
    ok(cli, "agency", "add", ref, "Jo Reed", "--kind", "health-visitor")
    ok(cli, "s47", "start", ref, "--date", "19/11/2026", "--child", "Harper Wilson")
    monkeypatch.setenv("FSCLI_TODAY", THURSDAY)
    return ref


def _json(cli, *args):
    return json.loads(ok(cli, *args, "-f", "json").out)


def test_thursday_books_the_week_ahead_and_wednesday_holds_the_conference(cli, wilson, monkeypatch, db_path):
    icpc = ok(cli, "meeting", "plan", wilson, "--type", "icpc", "--date", "next wed 10am", "--where", "Civic Centre", "--with", "Chloe Wilson, Jo Reed")
    assert icpc.out.strip() == "B1"
    assert "Booked initial child protection conference for FS-0001 Wilson family: Wed 2 Dec 2026 10:00 at Civic Centre, with Chloe Wilson, Jo Reed (B1)." in icpc.err
    advice = ok(cli, "visit", "plan", wilson, "--type", "office", "--date", "mon 9.30", "--where", "Citizens Advice Northgate", "--with", "Chloe Wilson", "--note", "Debt advice: bring the letters")
    assert "Mon 30 Nov 2026 09:30 at Citizens Advice Northgate, with Chloe Wilson (B2)" in advice.err
    ok(cli, "meeting", "plan", wilson, "--type", "hearing", "--date", "18/12/2026")
    ok(cli, "visit", "plan", wilson, "--type", "home-visit", "--date", "mon 2pm")
    assert rows(db_path, "SELECT id, booking_of, kind, on_date, at_time, location, invited, note, worker FROM planned_visit ORDER BY id") == [
        (1, "meeting", "icpc", "2026-12-02", "10:00", "Civic Centre", "Chloe Wilson, Jo Reed", None, "Sam Okafor"),
        (2, "visit", "office", "2026-11-30", "09:30", "Citizens Advice Northgate", "Chloe Wilson", "Debt advice: bring the letters", "Sam Okafor"),
        (3, "meeting", "court-hearing", "2026-12-18", None, None, None, None, "Sam Okafor"),
        (4, "visit", "home-visit", "2026-11-30", "14:00", None, None, None, "Sam Okafor"),
    ]

    # Friday: the family will be moving house on Monday; the court adjourns the hearing.
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-27")
    called_off = ok(cli, "visit", "cancel", "B4", "--by", "family", "--reason", "Moving house that day")
    assert "Cancelled B4, home visit for FS-0001 Wilson family on Mon 30/11, by the family: Moving house that day." in called_off.err
    moved = ok(cli, "meeting", "move", "FS-0001/B3", "--date", "08/01/2027 2pm", "--reason", "Hearing adjourned by the court")
    assert "Moved B3, court hearing or children's hearing for FS-0001 Wilson family, from Fri 18 Dec 2026 to Fri 8 Jan 2027 14:00." in moved.err

    # Wednesday: the ICPC is held, an hour late, and holds its booking, taking its place.
    monkeypatch.setenv("FSCLI_TODAY", "2026-12-02")
    held = ok(cli, "meeting", "log", wilson, "--type", "icpc", "--date", "today 11am", "--chair", "Pat Doe")
    assert "held as booked for Wed 02/12 (B1)" in held.err
    assert rows(db_path, "SELECT m.location, b.held_as FROM meeting m JOIN planned_visit b ON b.held_as = m.id") == [("Civic Centre", 1)]

    week = _json(cli, "week", "30/11/2026")
    shown = [(e["on_date"], e["what"], e["detail"]) for e in week if e["what"].split(":")[0] in ("Cancelled", "Missed", "Planned", "Booked")]
    assert shown == [("2026-11-30", "Missed: office at Citizens Advice Northgate", "B2: no visit logged within 3 days"), ("2026-11-30", "Cancelled: home visit", "B4: cancelled by the family: Moving house that day")]
    assert "Missed: home visit" not in [e["what"] for e in week]

    booked = _json(cli, "meeting", "list", wilson, "--booked")
    assert [(m["id"], m["on_date"], m["state"], m["location"]) for m in booked] == [("B1", "2026-12-02", "held as M1", "Civic Centre"), ("B3", "2027-01-08", "booked", None)]
    listed = _json(cli, "meeting", "list", wilson)
    assert [(m["id"], m["state"]) for m in listed] == [("M1", "held, as booked (B1)"), ("B3", "booked")]
    assert "Booked meetings of FS-0001" in ok(cli, "meeting", "list", wilson, "--booked", "-f", "table").out

    chronology = _json(cli, "chronology", wilson)
    told = [(e["on_date"], e["event"], e["source"], e["summary"]) for e in chronology if e["event"] in ("Cancelled", "Moved")]
    assert told == [
        ("2026-11-27", "Moved", "B3", "Court hearing or children's hearing moved from 18/12 to 08/01 14:00: Hearing adjourned by the court"),
        ("2026-11-27", "Cancelled", "B4", "Home visit booked for Mon 30/11 cancelled by the family: Moving house that day"),
    ]

    # The meeting was logged against the wrong family: voided, its booking is open again.
    assert "the booking it held is open again" in ok(cli, "void", "M1", "--reason", "Logged on the wrong case").err
    assert rows(db_path, "SELECT held_as FROM planned_visit WHERE id = 1") == [(None,)]


def test_a_repeating_supervision_is_booked_without_a_case_and_cancelled_from_a_date_on(cli, wilson, db_path):
    made = ok(cli, "meeting", "plan", "--type", "supervision", "--date", "fri 2pm", "--every", "4w", "--until", "31/03/2027", "--where", "Team room")
    assert "Booked supervision (management oversight), 5 meetings: Fri 27 Nov 2026 14:00 to 19/03/2027 at Team room (B1-B5)." in made.err
    assert rows(db_path, "SELECT id, case_id, series_id FROM planned_visit ORDER BY id") == [(i, None, 1) for i in range(1, 6)]
    ok(cli, "meeting", "cancel", "B2", "--by", "worker", "--reason", "Not needed this month")
    stopped = ok(cli, "meeting", "cancel", "B3", "--by", "agency", "--reason", "Manager leaving; new supervision to be set", "--and-later")
    assert "and the 2 later ones of its plan (to 19/03/2027)" in stopped.err
    assert rows(db_path, "SELECT id, cancelled_by FROM planned_visit ORDER BY id") == [(1, None), (2, "worker"), (3, "agency"), (4, "agency"), (5, "agency")]
    assert [(e["what"], e["ref"], e["detail"]) for e in _json(cli, "week") if e["what"].startswith("Booked")] == [("Booked: Supervision (management oversight) at Team room", None, "B1")]
    mine = _json(cli, "meeting", "list", "--booked")
    assert [(m["id"], m["ref"], m["state"]) for m in mine][:2] == [("B1", None, "booked"), ("B2", None, "cancelled by the worker: Not needed this month")]


def test_a_visit_the_family_cancelled_is_not_fulfilled_by_the_visit_that_followed(cli, wilson, monkeypatch, db_path):
    ok(cli, "visit", "plan", wilson, "--date", "fri 10am")
    ok(cli, "visit", "cancel", "B1", "--by", "family", "--reason", "Poorly baby")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-28")
    logged = ok(cli, "visit", "log", wilson, "--type", "home", "--date", "today 10am")
    assert "fulfils" not in logged.err
    assert rows(db_path, "SELECT fulfilled_by FROM planned_visit") == [(None,)]


def test_a_booking_made_in_error_is_voided_and_leaves_the_week(cli, wilson):
    ok(cli, "meeting", "plan", wilson, "--type", "core-group", "--date", "tue 10am")
    assert "voided" in ok(cli, "void", "B1", "--reason", "Booked on the wrong family").err
    assert [e for e in _json(cli, "week", "01/12/2026") if e["ref"] == wilson and "Core" in e["what"]] == []
    fails(cli, "meeting", "cancel", "B1", "--by", "worker", "--reason", "x", says="ID 'B1': was voided as made in error")


def _booked(cli, monkeypatch):
    """B1 the ICPC (held on Wednesday as M1), B2 a visit cancelled, B3 a hearing, B4 a visit on its own."""
    ok(cli, "meeting", "plan", "FS-0001", "--type", "icpc", "--date", "wed 10am")
    ok(cli, "visit", "plan", "FS-0001", "--date", "mon 10am")
    ok(cli, "meeting", "plan", "FS-0001", "--type", "hearing", "--date", "18/12/2026")
    ok(cli, "visit", "plan", "FS-0001", "--date", "tue 10am")
    ok(cli, "visit", "cancel", "B2", "--by", "family", "--reason", "Moving")
    monkeypatch.setenv("FSCLI_TODAY", "2026-12-02")
    ok(cli, "meeting", "log", "FS-0001", "--type", "icpc", "--date", "today 10am")


BAD = [
    (["meeting", "plan", "FS-0001", "--type", "core-group", "--date", "yesterday"], "a booked meeting is in the future, today or later (today is 02/12/2026); log a meeting that happened with 'fscli meeting log'"),
    (["visit", "plan", "FS-0001", "--date", "yesterday"], "a planned visit is in the future"),
    (["meeting", "plan", "--type", "icpc", "--date", "fri"], "REF: Initial child protection conference is about a family: give its case reference"),
    (["meeting", "plan", "FS-0001", "--type", "party", "--date", "fri"], "--type 'party': is not a valid meeting type code"),
    (["meeting", "plan", "FS-0001", "--type", "taf", "--date", "fri", "--every", "2w"], "--every/--until: give both"),
    (["meeting", "cancel", "B1", "--by", "family", "--reason", "x"], "ID 'B1': it was held on 02/12/2026 as M1; void it with 'fscli void M1' if it did not happen"),
    (["visit", "cancel", "B2", "--by", "family", "--reason", "x"], "ID 'B2': was cancelled on 26/11/2026 by the family already"),
    (["visit", "cancel", "B99", "--by", "family", "--reason", "x"], "booking B99: no such booking"),
    (["visit", "cancel", "B4", "--by", "the cat", "--reason", "x"], "--by 'the cat': is not who can cancel a booking"),
    (["visit", "cancel", "B4", "--by", "family", "--reason", "x", "--and-later"], "--and-later: B4 is not one of a repeating plan"),
    (["visit", "cancel", "FS-0002/B4", "--by", "family", "--reason", "x"], "FS-0002"),
    (["visit", "cancel", "V4", "--by", "family", "--reason", "x"], "is not a B-number"),
    (["meeting", "move", "B3", "--date", "01/12/2026", "--reason", "x"], "a booked meeting is in the future, today or later"),
    (["meeting", "move", "B3", "--date", "18/12/2026", "--reason", "x"], "is the date B3 is booked for already"),
    (["visit", "move", "B2", "--date", "fri", "--reason", "x"], "was cancelled on 26/11/2026"),
    (["meeting", "move", "B1", "--date", "fri", "--reason", "x"], "it was held on 02/12/2026 as M1"),
    (["meeting", "move", "B3", "--date", "fri", "--reason", ""], "--reason"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a)[:50] for a, _ in BAD])
def test_bad_bookings_are_refused_with_one_line_and_nothing_written(cli, wilson, monkeypatch, db_path, args, message):
    _booked(cli, monkeypatch)
    before = (table_counts(db_path), rows(db_path, "SELECT * FROM planned_visit ORDER BY id"))
    fails(cli, *args, says=message)
    assert (table_counts(db_path), rows(db_path, "SELECT * FROM planned_visit ORDER BY id")) == before


def test_a_supervision_of_no_case_holds_the_workers_own_booking(cli, wilson, monkeypatch, db_path):
    """What `meeting log --type supervision` with no case will do (its command is the week's
    work): the meeting holds the booking of its kind in the same worker's diary, and its place."""
    from datetime import date

    from fscli.cli.context import AppContext
    from fscli.services.bookings import hold_meeting
    from fscli.store.models import Meeting

    ok(cli, "meeting", "plan", "--type", "supervision", "--date", "fri 2pm", "--where", "Team room")
    monkeypatch.setenv("FSCLI_WORKER", "Dee Campbell")
    ok(cli, "meeting", "plan", "--type", "supervision", "--date", "fri 3pm")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-27")

    def log(uow):
        meeting = Meeting(case_id=None, kind="supervision", on_date=date(2026, 11, 27), at_time="14:00", worker="Sam Okafor", created_at=uow.clock.utcnow())
        uow.session.add(meeting)
        uow.session.flush()
        held = hold_meeting(uow, meeting)
        uow.audit("meeting.log", "meeting", meeting.id, case_id=None, fields=("kind", "on_date"), holds=held.id)
        return held.id

    ctx = AppContext(None)
    assert ctx.write(log) == 1
    ctx.database.dispose()
    assert rows(db_path, "SELECT b.id, b.held_as, m.location FROM planned_visit b LEFT JOIN meeting m ON m.id = b.held_as ORDER BY b.id") == [(1, 1, "Team room"), (2, None, None)]


def test_a_visit_shown_as_missed_is_put_right_when_the_family_had_called_it_off(cli, wilson, monkeypatch):
    ok(cli, "visit", "plan", wilson, "--date", "mon 10am")
    monkeypatch.setenv("FSCLI_TODAY", "2026-12-04")
    assert [e["what"] for e in _json(cli, "week") if e["ref"] == wilson] == ["Missed: home visit"]
    ok(cli, "visit", "cancel", "B1", "--by", "family", "--reason", "Chloe rang on Sunday: baby unwell")
    assert [(e["what"], e["detail"]) for e in _json(cli, "week") if e["ref"] == wilson] == [("Cancelled: home visit", "B1: cancelled by the family: Chloe rang on Sunday: baby unwell")]


def test_a_visit_logged_near_a_booked_meeting_says_the_booking_stays_open_and_how_to_hold_it(cli, monkeypatch):
    """The Citizens Advice appointment was booked as a meeting; logged as an office visit, it would
    show as not logged on Friday: the confirmation says so at once."""
    ref = open_case(cli, "Lane family", referred="02/11/2026")
    add_person(cli, ref, "Jane Lane", "parent")
    booked = ok(cli, "meeting", "plan", ref, "--type", "agency-appointment", "--date", "today 9.30", "--where", "Citizens Advice Northgate").out.strip()
    visit = ok(cli, "visit", "log", ref, "--type", "office", "--date", "today 10am", "--with", "Jane Lane")
    assert f"{booked}, the appointment with a parent at another agency booked for Mon 23/11, stays open: if this was it, log it with 'fscli meeting log {ref} --type agency-appointment'" in visit.err


def test_a_period_ending_before_it_begins_is_refused_not_listed_empty(cli):
    for args in (("meeting", "list", "--from", "today", "--to", "yesterday"), ("diary", "list", "--from", "today", "--to", "yesterday"), ("audit", "--from", "today", "--to", "yesterday")):
        fails(cli, *args, says="--from 'today': is after --to (22/11/2026)")


def test_a_meeting_booked_for_earlier_today_is_said_to_have_passed(cli, wilson):
    """The pinned day's 'now' is 09:00: a booking for 8am is today's, so taken, and said to have passed."""
    booked = ok(cli, "meeting", "plan", wilson, "--type", "agency-appointment", "--date", "today 8am", "--where", "Citizens Advice")
    assert "08:00 has passed already (it is 09:00): if it took place, log it instead" in booked.err
    assert "has passed" not in ok(cli, "meeting", "plan", wilson, "--type", "agency-appointment", "--date", "today 10am").err
