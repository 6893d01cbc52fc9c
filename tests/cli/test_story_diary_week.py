"""The family support worker's diary week (../shared/stories/family-support-worker-diary-week.txt),
recorded day by day as it happened, with FSCLI_TODAY set to each day: work for families, and work
that belongs to no one family (Tuesday's supervision, Wednesday's office day, Friday's calls with
professionals); on the following Monday `week` reads like the week.

Bookings are made as the worker makes them: the fridge-and-freezer help booked on Monday for
Tuesday morning, the ICPC and the Citizens Advice appointment booked on Thursday, the children's
hearing in a few weeks booked on Friday, and a visit the family called off."""

import json

import pytest

from tests.conftest import execute, rows, table_counts
from tests.factories import add_person, fails, ok, open_case

SAM, DEE, RUTH = "Sam Okafor", "Dee Campbell", "Ruth Evans"


def on(monkeypatch, day: str, worker: str = SAM) -> None:
    monkeypatch.setenv("FSCLI_TODAY", day)
    monkeypatch.setenv("FSCLI_WORKER", worker)


@pytest.fixture
def caseload(cli, db_path, monkeypatch):
    """Sam's families: Mia and her baby in care (FS-0001), Wilma expecting (FS-0002), Jane and
    Scott with their social worker Dee (FS-0003), Angie and James moving house (FS-0004)."""
    on(monkeypatch, "2026-11-16")
    refs = [open_case(cli, family, referred=referred, source="3B", reason=reason, worker=SAM) for family, referred, reason in (
        ("Brook family", "01/09/2026", "Mia's baby in care: contact to build the bond"),
        ("Wilson family", "15/09/2026", "Midwife: baby on the child protection register at birth"),
        ("Lane family", "02/11/2026", "Midwife worried: both parents' older children are not in their care"),
        ("Okoro family", "12/10/2026", "Family losing their tenancy; parents struggling"),
    )]  # fmt: skip
    add_person(cli, refs[0], "Mia Brook", "parent")
    add_person(cli, refs[0], "Poppy Brook", "child", dob="01/05/2026")
    add_person(cli, refs[3], "Angie Okoro", "parent")
    add_person(cli, refs[3], "James Okoro", "parent")
    add_person(cli, refs[3], "Daniel Okoro", "child", dob="10/06/2023")
    ok(cli, "case", "share", refs[2], DEE, "--role", "social-worker", "--date", "02/11/2026")
    add_person(cli, refs[2], "Jane Lane", "parent")
    add_person(cli, refs[2], "Baby Lane", "child", due="30/11/2026")
    ok(cli, "s47", "start", refs[2], "--date", "13/11/2026", "--child", "Baby Lane")  # the ICPC is due within 15 working days: by 04/12
    ok(cli, "task", "add", refs[3], "Help Angie complete the GP and nursery forms", "--due", "24/11/2026")
    assert ok(cli, "visit", "plan", refs[0], "--type", "home-visit", "--date", "27/11/2026 10am").out.strip() == "B1"
    return refs


def test_the_diary_week_is_recorded_day_by_day_and_reads_back_as_the_week(cli, caseload, db_path, monkeypatch):
    brook, wilson, lane, okoro = caseload
    assert caseload == ["FS-0001", "FS-0002", "FS-0003", "FS-0004"]

    on(monkeypatch, "2026-11-23T17:00")  # Monday
    ok(cli, "visit", "log", brook, "--type", "supervised-contact", "--date", "today 10am", "--with", "Mia Brook", "--seen", "Poppy Brook", "--note", "Baby massage during contact")
    ok(cli, "visit", "log", okoro, "--type", "home-visit", "--date", "today 2pm", "--with", "Angie Okoro, James Okoro", "--note", "Hole in the lounge ceiling; moving tomorrow")
    assert ok(cli, "visit", "plan", okoro, "--date", "tomorrow 9am", "--where", "the old flat", "--note", "Help move the fridge and freezer").out.strip() == "B2"

    on(monkeypatch, "2026-11-24T16:10")  # Tuesday: the move, then supervision with the line manager
    moved = ok(cli, "visit", "log", okoro, "--type", "home-visit", "--date", "today 9am", "--with", "Angie Okoro", "--note", "Moved the perishable food to the new tenancy")
    assert "fulfils the visit planned for 24/11/2026" in moved.err
    ok(cli, "visit", "cancel", "B1", "--by", "family", "--reason", "Poppy unwell")
    diary = ok(cli, "diary", "add", okoro, "Angie happy with the new house; forms on Thursday")
    assert "on Tue 24 Nov 2026 16:10" in diary.err  # written now, it keeps its time
    supervision = ok(cli, "meeting", "log", "--type", "supervision", "--date", "today 2pm", "--with", RUTH, "--cases", f"{brook},{okoro}",
                     "--where", "Northgate office", "--decisions", "Reflected on the new service's reporting")  # fmt: skip
    assert supervision.out.strip() == "M1"
    assert supervision.err == f"M1: Supervision (management oversight) on Tue 24 Nov 2026 14:00; discussed: {brook} Brook family, {okoro} Okoro family.\n"

    on(monkeypatch, "2026-11-25T17:00")  # Wednesday: the office day
    ok(cli, "diary", "add", "Office day: moved my families' records to the new database #admin", "--date", "today 9am")

    on(monkeypatch, "2026-11-26T17:00")  # Thursday
    ok(cli, "meeting", "log", wilson, "--type", "discharge-planning", "--date", "today 9am", "--chair", "the social worker", "--with", "midwife, health visitor, parents", "--where", "Maternity ward")
    ok(cli, "visit", "log", lane, "--type", "joint-visit", "--date", "today 11am", "--with", DEE, "--note", "Dee went over her ICPC report with Jane and Scott")
    icpc = ok(cli, "meeting", "plan", lane, "--type", "icpc", "--date", "next wed 10am", "--where", "Civic Centre")
    assert icpc.out.strip() == "B3" and "Wed 2 Dec 2026 10:00 at Civic Centre" in icpc.err
    ok(cli, "meeting", "plan", lane, "--type", "agency-appointment", "--date", "mon 9.30", "--where", "Citizens Advice Northgate", "--with", "Jane Lane", "--note", "Historic debts")
    ok(cli, "visit", "log", okoro, "--type", "home-visit", "--date", "today 3pm", "--with", "Angie Okoro, James Okoro", "--note", "Completed the GP and nursery forms")
    ok(cli, "task", "done", "T1")

    on(monkeypatch, "2026-11-27T17:00")  # Friday: calls to professionals, then the hearing report
    calls = ok(cli, "meeting", "log", "--type", "professionals", "--date", "today 10am", "--with", "health visitor, nursery", "--cases", f"{wilson},{lane}", "--note", "Catch-up calls")
    assert "Calls or meeting with professionals on Fri 27 Nov 2026 10:00; discussed:" in calls.err
    ok(cli, "diary", "add", wilson, "Wrote the children's hearing report", "--date", "today 2pm")
    ok(cli, "meeting", "plan", wilson, "--type", "court-hearing", "--date", "18/12/2026 10am", "--where", "Children's hearing centre")
    ok(cli, "visit", "plan", wilson, "--date", "wed 2pm", "--note", "Go through the hearing report with the family")

    on(monkeypatch, "2026-11-30", DEE)  # Dee's own visit that week, and she was at the joint one
    ok(cli, "visit", "log", lane, "--type", "home-visit", "--date", "wednesday 4pm", "--note", "Assessment session")

    on(monkeypatch, "2026-11-30")  # the following Monday
    last = json.loads(ok(cli, "week", "last week", "-f", "json").out)
    said = [(e["on_date"][8:], e["at_time"], e["what"], e["ref"], e["detail"]) for e in last]
    assert said == [
        ("23", "10:00", "Supervised contact", brook, "Baby massage during contact"),
        ("23", "14:00", "Home visit", okoro, "Hole in the lounge ceiling; moving tomorrow"),
        ("24", "09:00", "Home visit", okoro, "Moved the perishable food to the new tenancy"),
        ("24", "14:00", "Supervision (management oversight)", None, f"at Northgate office; discussed: {brook} Brook family, {okoro} Okoro family"),
        ("24", "16:10", "Diary", okoro, "Angie happy with the new house; forms on Thursday"),
        ("25", "09:00", "Diary", None, "Office day: moved my families' records to the new database #admin"),
        ("25", "16:00", "Home visit", lane, "Assessment session"),
        ("26", "09:00", "Hospital discharge planning meeting", wilson, "chaired by the social worker; at Maternity ward"),
        ("26", "11:00", "Joint visit", lane, "Dee went over her ICPC report with Jane and Scott"),
        ("26", "15:00", "Home visit", okoro, "Completed the GP and nursery forms"),
        ("26", None, "Task done, 2 days late", okoro, "Help Angie complete the GP and nursery forms"),
        ("27", "10:00", "Cancelled: home visit", brook, "B1: cancelled by the family: Poppy unwell"),
        ("27", "10:00", "Calls or meeting with professionals", None, f"discussed: {wilson} Wilson family, {lane} Lane family"),
        ("27", "14:00", "Diary", wilson, "Wrote the children's hearing report"),
    ]  # fmt: skip
    assert [e["worker"] for e in last if e["ref"] == lane] == [DEE, SAM]
    table = ok(cli, "week", "last week", "-f", "table").out
    assert f"{okoro} Okoro family" in table and "Who" in table and DEE in table  # the family beside the reference; another worker named

    ahead = json.loads(ok(cli, "week", "-f", "json").out)
    assert [(e["on_date"][8:], e["at_time"], e["what"], e["ref"], e["detail"]) for e in ahead] == [
        ("30", "09:30", "Booked: Appointment with a parent at another agency at Citizens Advice Northgate", lane, "B4; Historic debts"),
        ("02", "10:00", "Booked: Initial child protection conference at Civic Centre", lane, "B3"),
        ("02", "14:00", "Planned: home visit", wilson, "B6; Go through the hearing report with the family"),
    ]
    due = {i["rule"]: i for i in json.loads(ok(cli, "due", "--within", "4w", "-f", "json").out)}
    assert "booked for 02/12, due by 04/12" in due["icpc"]["basis"]
    assert any("hearing" in i["what"].lower() for i in json.loads(ok(cli, "due", "--within", "4w", "-f", "json").out))

    shown = ok(cli, "case", "show", okoro, "-f", "table").out
    assert "Management oversight         supervision on Tue 24/11/2026" in shown
    assert json.loads(ok(cli, "case", "show", wilson, "-f", "json").out)["oversight_on"] is None  # calls with professionals are not supervision
    chronology = json.loads(ok(cli, "chronology", brook, "-f", "json").out)
    [entry] = [e for e in chronology if e["source"] == "M1"]
    assert (entry["event"], entry["who"], entry["summary"]) == ("Supervision (management oversight)", SAM, "this case discussed, with 1 other; its notes stay with the meeting, which discussed other families too")


def test_with_mine_the_week_is_only_my_own_and_what_i_was_at(cli, caseload, monkeypatch):
    brook, wilson, lane, okoro = caseload
    on(monkeypatch, "2026-11-24T16:00")
    ok(cli, "meeting", "log", "--type", "supervision", "--date", "today 2pm", "--with", RUTH, "--cases", okoro)
    ok(cli, "visit", "log", lane, "--type", "joint-visit", "--date", "today 11am", "--with", DEE)
    on(monkeypatch, "2026-11-24T16:00", DEE)
    ok(cli, "visit", "log", lane, "--type", "home-visit", "--date", "today 3pm")
    ok(cli, "meeting", "log", "--type", "team", "--date", "today 9am")

    hers = json.loads(ok(cli, "week", "--mine", "-f", "json").out)
    assert [(e["what"], e["worker"]) for e in hers] == [("Team meeting", DEE), ("Joint visit", SAM), ("Home visit", DEE)]
    everyone = json.loads(ok(cli, "week", "-f", "json").out)
    assert "Supervision (management oversight)" not in [e["what"] for e in everyone]  # Sam's supervision is Sam's alone
    assert "Team meeting" in [e["what"] for e in everyone]


def test_work_of_no_one_family_is_found_voided_and_corrected_by_its_own_worker_only(cli, caseload, monkeypatch):
    brook, wilson, lane, okoro = caseload
    on(monkeypatch, "2026-11-24T16:00")
    ok(cli, "meeting", "log", "--type", "supervision", "--date", "today 2pm", "--cases", okoro, "--decisions", "Angie's move: housing benefit claim to chase")
    assert [r["source"] for r in json.loads(ok(cli, "search", "housing benefit", "-f", "json").out)] == ["M1"]
    on(monkeypatch, "2026-11-24T16:00", DEE)
    assert json.loads(ok(cli, "search", "housing benefit", "-f", "json").out) == []
    fails(cli, "void", "M1", "--reason", "not mine", says="meeting M1: no such meeting")
    fails(cli, "note", "correct", "M1", "--reason", "not mine", "--text", "x", says="meeting M1: no such meeting")

    on(monkeypatch, "2026-11-24T16:00")
    ok(cli, "note", "correct", "M1", "--reason", "Benefit, not rent", "--text", "Angie's move: housing benefit claim to chase; rent paid")
    chronology = json.loads(ok(cli, "chronology", okoro, "-f", "json").out)
    assert [(e["source"], e["summary"]) for e in chronology if e["source"].startswith("M")][-1] == ("M2", "reason: Benefit, not rent; this case discussed; Angie's move: housing benefit claim to chase; rent paid")
    ok(cli, "void", "M2", "--reason", "Logged twice")
    assert [e for e in json.loads(ok(cli, "chronology", okoro, "-f", "json").out) if e["source"].startswith("M")] == []
    assert "none recorded" in ok(cli, "case", "show", okoro, "-f", "table").out


@pytest.mark.parametrize(("args", "says"), [
    (["--type", "icpc", "--date", "today 2pm"], "REF: is needed for a meeting of type icpc: it is about one family"),
    (["--type", "supervision", "--date", "today 2pm", "--cases", "FS-0001,FS-0099"], "--cases 'FS-0099': no case has this reference"),
    (["FS-0001", "--type", "core-group", "--date", "today 2pm", "--cases", "FS-0004"], "--cases: names the cases a meeting of no one family discussed"),
    (["--type", "supervision", "--date", "today 2pm", "--next", "+4w"], "--next: belongs to a meeting of one family: give its REF"),
    (["--type", "supervision", "--date", "tomorrow 2pm"], "--date '25/11/2026': a meeting logged cannot be in the future"),
    (["--type", "supervision", "--date", "01/09/2026", "--cases", "FS-0003"], "--cases 'FS-0003': was referred on 02/11/2026, after this meeting (01/09/2026)"),
])  # fmt: skip
def test_a_meeting_of_no_one_family_that_cannot_be_is_refused_and_nothing_is_written(cli, caseload, db_path, monkeypatch, args, says):
    on(monkeypatch, "2026-11-24T16:00")
    before = table_counts(db_path)
    fails(cli, "meeting", "log", *args, says=says)
    assert table_counts(db_path) == before


def test_without_knowing_who_you_are_a_meeting_of_no_one_family_is_refused(cli, caseload, db_path, monkeypatch):
    on(monkeypatch, "2026-11-24T16:00")
    monkeypatch.delenv("FSCLI_WORKER")
    before = table_counts(db_path)
    fails(cli, "meeting", "log", "--type", "training", "--date", "today 9am", says="a meeting of no one family is in your own diary")
    assert table_counts(db_path) == before
    assert rows(db_path, "SELECT count(*) FROM meeting") == [(0,)]


def test_the_same_supervision_typed_twice_is_refused_unless_it_was_another(cli, caseload, db_path, monkeypatch):
    brook, wilson, lane, okoro = caseload
    on(monkeypatch, "2026-11-24T16:00")
    ok(cli, "meeting", "log", "--type", "supervision", "--date", "today 2pm", "--cases", okoro)
    before = table_counts(db_path)
    fails(cli, "meeting", "log", "--type", "supervision", "--date", "today 4pm", says="you have a supervision (management oversight) on 24/11/2026 already (M1); if this is another")
    assert table_counts(db_path) == before
    on(monkeypatch, "2026-11-24T16:00", DEE)  # Dee's own supervision that day is hers, not a twin of Sam's
    ok(cli, "meeting", "log", "--type", "supervision", "--date", "today 3pm")
    on(monkeypatch, "2026-11-24T16:00")
    assert ok(cli, "meeting", "log", "--type", "supervision", "--date", "today 4pm", "--again").out.strip() == "M3"


def test_a_task_still_open_past_its_date_shows_today_not_back_on_its_due_day(cli, caseload, monkeypatch):
    brook, wilson, lane, okoro = caseload
    on(monkeypatch, "2026-11-26T17:00")  # Thursday: Tuesday's forms task (T1) is still to do
    week = json.loads(ok(cli, "week", "-f", "json").out)
    assert [(e["on_date"], e["what"]) for e in week if e["detail"] == "Help Angie complete the GP and nursery forms"] == [("2026-11-26", "Task overdue by 2 days")]
    on(monkeypatch, "2026-12-07")  # a fortnight on, still open: it is in this week's today, and last week's as it stood
    assert ("2026-12-07", "Task overdue by 13 days") in [(e["on_date"], e["what"]) for e in json.loads(ok(cli, "week", "-f", "json").out)]
    assert "Task overdue by 13 days" not in [e["what"] for e in json.loads(ok(cli, "week", "last week", "-f", "json").out)]
