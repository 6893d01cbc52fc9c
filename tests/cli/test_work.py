"""The seed diary's week: recordable in seconds, and readable back as the week it was.

Today in these tests is Monday 23 November 2026.
"""

import json
import os
import stat
import sys

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def okoro(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    ref = open_case(cli, "Okoro family", referred="12/10/2026", source="4")
    add_person(cli, ref, "Angie Okoro", "parent")
    add_person(cli, ref, "Daniel Okoro", "child", dob="10/06/2023")
    add_person(cli, ref, "Grace Okoro", "child", dob="10/09/2025")
    assert cli("agency", "add", ref, "Jo Reed", "--kind", "health-visitor").code == 0
    return ref


def test_a_visit_records_who_was_there_and_which_children_were_seen_alone(cli, okoro):
    logged = ok(cli, "visit", "log", okoro, "--type", "home", "--date", "today 14:00", "--duration", "1h30", "--with", "Angie Okoro, Jo Reed",
                "--seen", "Grace Okoro", "--alone", "daniel okoro", "--bedroom-seen", "Daniel Okoro", "--unannounced", "--note", "-", input="Hole in the lounge ceiling.\n")  # fmt: skip
    assert logged.out.strip() == "V1" and "seen: Daniel Okoro (alone), Grace Okoro" in logged.err  # the replay missed "alone" in the confirmation
    visit = json.loads(ok(cli, "visit", "list", okoro, "-f", "json").out)[0]
    assert visit["kind"] == "home-visit" and visit["at_time"] == "14:00" and visit["duration"] == "1h30" and visit["unannounced"] is True
    assert (visit["seen_alone"], visit["bedroom_seen"], visit["note"]) == ("Daniel Okoro", "Daniel Okoro", "Hole in the lounge ceiling.")
    shown = json.loads(ok(cli, "case", "show", okoro, "-f", "json").out)
    assert {c["child"]: (c["last_seen"], c["last_seen_alone"]) for c in shown["last_seen"]} == {"Daniel Okoro": ("2026-11-23", "2026-11-23"), "Grace Okoro": ("2026-11-23", None)}
    assert [c["id"] for c in shown["recent_contacts"]] == ["V1"]


def test_before_any_child_is_seen_case_show_says_so_and_how_to_record_a_visit(cli, okoro):
    # The Okoros' referral came in; no one has visited yet. A table of bare names under empty
    # columns said nothing: the section says no child has been seen, and what to run.
    page = ok(cli, "case", "show", okoro, "-f", "table").out
    assert f"Children last seen\nNo child seen face to face yet: fscli visit log {okoro} --type home-visit --seen NAME" in page
    assert json.loads(ok(cli, "case", "show", okoro, "-f", "json").out)["last_seen"] == []
    # Once one child is seen, every child has a row: Daniel's blank date is a child not seen.
    ok(cli, "visit", "log", okoro, "--type", "home-visit", "--date", "today 10am", "--seen", "Grace Okoro", "--note", "First visit")
    shown = json.loads(ok(cli, "case", "show", okoro, "-f", "json").out)
    assert {c["child"]: c["last_seen"] for c in shown["last_seen"]} == {"Daniel Okoro": None, "Grace Okoro": "2026-11-23"}


def test_a_family_with_no_child_recorded_says_so_in_the_last_seen_section(cli):
    ref = open_case(cli, "Pike family", referred="02/11/2026")
    page = ok(cli, "case", "show", ref, "-f", "table").out
    assert f"Children last seen\nNo children recorded: fscli person add {ref} NAME --role child" in page


def test_planned_visits_are_fulfilled_nearby_or_show_as_missed(cli, okoro, monkeypatch):
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-09")
    ok(cli, "visit", "plan", okoro, "--type", "statutory-visit", "--date", "11/11/2026 10am", "--every", "1w", "--until", "25/11/2026")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-23")
    near = ok(cli, "visit", "log", okoro, "--type", "statutory-visit", "--date", "12/11/2026", "--seen", "Daniel Okoro")
    assert "fulfils the visit planned for 11/11/2026" in near.err
    week = json.loads(ok(cli, "week", "18/11/2026", "-f", "json").out)
    assert [(e["on_date"], e["what"]) for e in week] == [("2026-11-18", "Missed: statutory visit")]
    ahead = json.loads(ok(cli, "week", "-f", "json").out)
    assert ("2026-11-25", "Planned: statutory visit") in [(e["on_date"], e["what"]) for e in ahead]


def test_the_week_reads_back_day_by_day(cli, okoro):
    ok(cli, "visit", "log", okoro, "--type", "supervised-contact", "--date", "last fri 10am", "--note", "Baby massage")
    ok(cli, "diary", "add", okoro, "Helped Angie move the food to the new flat #moving", "--date", "today 11am")
    ok(cli, "diary", "add", "Supervision with my manager #supervision", "--date", "today 3pm")
    ok(cli, "meeting", "log", okoro, "--type", "taf", "--date", "today 9:30", "--chair", "Sam Okafor", "--with", "Angie Okoro, nursery", "--next", "+6w")
    ok(cli, "task", "add", okoro, "Help Angie complete the GP and nursery forms", "--due", "thursday")
    week = json.loads(ok(cli, "week", "-f", "json").out)
    assert [(e["on_date"], e["at_time"], e["what"], e["ref"]) for e in week] == [
        ("2026-11-23", "09:30", "Team around the family / child review", okoro),
        ("2026-11-23", "11:00", "Diary", okoro),
        ("2026-11-23", "15:00", "Diary", None),
        ("2026-11-26", None, "Task due", okoro),
    ]
    table = ok(cli, "week", "-f", "table").out
    assert "Week of Monday 23/11/2026" in table and "Mon 23/11" in table and "Thu 26/11" in table
    assert max(len(line) for line in ok(cli, "week", "-f", "table").out.splitlines()) <= 120
    last_week = json.loads(ok(cli, "week", "last week", "-f", "json").out)
    assert [e["what"] for e in last_week] == ["Supervised contact"]


def test_tasks_are_added_listed_overdue_and_done(cli, okoro):
    ok(cli, "task", "add", okoro, "Ring the housing officer", "--due", "+2d")
    ok(cli, "task", "add", okoro, "Send the nursery form", "--due", "19/11/2026")
    listed = json.loads(ok(cli, "task", "list", "--mine", "-f", "json").out)
    assert [(t["id"], t["state"]) for t in listed] == [("T2", "overdue"), ("T1", "to do")]
    assert [t["id"] for t in json.loads(ok(cli, "task", "list", "--overdue", "-f", "json").out)] == ["T2"]
    ok(cli, "task", "done", "t2")
    assert "done on 23/11/2026 already" in cli("task", "done", "T2").err
    assert [t["id"] for t in json.loads(ok(cli, "task", "list", "-f", "json").out)] == ["T1"]


def test_a_correction_points_at_the_original_and_both_stay(cli, okoro, db_path):
    ok(cli, "diary", "add", okoro, "Visited on Monday", "--date", "today")
    fixed = ok(cli, "note", "correct", "D1", "--reason", "It was Tuesday", "--text", "-", input="Visited on Tuesday\n")
    assert "corrected by D2; the original stays" in fixed.err
    entries = {e["id"]: e for e in json.loads(ok(cli, "diary", "list", "-f", "json").out)}
    assert entries["D1"]["text"] == "Visited on Monday" and entries["D1"]["status"] == "corrected by D2"
    assert entries["D2"]["status"] == "corrects D1: It was Tuesday"
    assert "was corrected already by D2" in cli("note", "correct", "D1", "--reason", "again", "--text", "x").err
    ok(cli, "visit", "log", okoro, "--type", "home", "--seen", "Daniel Okoro", "--note", "Saw Daniel")
    ok(cli, "note", "correct", "V1", "--reason", "Wrong child", "--text", "Saw Daniel and Grace")
    assert rows(db_path, "SELECT count(*) FROM contact_party") == [(2,)]  # the correction keeps who was there


def test_diary_filters_and_a_note_with_escape_codes_is_stored_as_typed_and_shown_safely(cli, okoro, db_path):
    ok(cli, "diary", "add", okoro, "Moving day #moving", "--date", "last tue")
    ok(cli, "diary", "add", "Office day", "--tag", "admin", "--date", "yesterday")
    ok(cli, "diary", "add", okoro, "-", input="Pasted from an email \x1b]52;c;aGk=\x07 with codes\n")
    assert [e["text"] for e in json.loads(ok(cli, "diary", "list", "--tag", "moving", "-f", "json").out)] == ["Moving day #moving"]
    assert [e["id"] for e in json.loads(ok(cli, "diary", "list", "--from", "yesterday", "-f", "json").out)] == ["D3", "D2"]
    assert [e["id"] for e in json.loads(ok(cli, "diary", "list", okoro, "-n", "1", "-f", "json").out)] == ["D3"]
    shown = ok(cli, "diary", "list", "-f", "table").out
    assert "\x1b]" not in shown and "\\x1b]52" in shown


BAD = [
    (["visit", "log", "FS-0001", "--type", "blursday"], "--type 'blursday': is not a valid contact type code (valid: home-visit"),
    (["visit", "log", "FS-0001", "--type", "home", "--date", "next blursday"], "--date 'next blursday': cannot read this as a date"),
    (["visit", "log", "FS-0001", "--type", "home", "--seen", "Bob"], "--seen 'Bob': is not a child on case FS-0001 (children: Daniel Okoro, Grace Okoro)"),
    (["visit", "log", "FS-0001", "--type", "home", "--with", "Mystery Man"], "--with 'Mystery Man': is not on case FS-0001: Angie Okoro, Daniel Okoro, Grace Okoro, Jo Reed"),
    (["visit", "log", "FS-0001", "--type", "home", "--alone", "Kerry Hart"], "--alone 'Kerry Hart': is not on case FS-0001"),
    (["visit", "log", "FS-0001", "--type", "home", "--seen", "Angie Okoro"], "--seen 'Angie Okoro': is not a child on case FS-0001"),
    (["visit", "log", "FS-0001", "--type", "home", "--duration", "25h"], "--duration '25h': must be between 1 minute and 24 hours"),
    (["visit", "log", "FS-0001", "--type", "home", "--duration", "0"], "must be between 1 minute and 24 hours"),
    (["visit", "log", "FS-0001", "--type", "home", "--duration", "ages"], "cannot read this as a length of time"),
    (["visit", "log", "FS-0001", "--type", "home", "--date", "tomorrow"], "a visit cannot be in the future"),
    (["visit", "log", "FS-0001", "--type", "home", "--date", "01/10/2026"], "a visit cannot be before the referral (12/10/2026); if it happened before the referral, record it as history with --pre-referral"),
    (["visit", "log", "FS-0001", "--type", "home", "--note", "x" * 20001], "the limit is 20000"),
    (["visit", "plan", "FS-0001", "--date", "yesterday"], "a planned visit is in the future"),
    (["visit", "plan", "FS-0001", "--date", "tomorrow", "--every", "2w"], "give both"),
    (["visit", "plan", "FS-0001", "--date", "tomorrow", "--every", "fortnightly", "--until", "+8w"], "--every 'fortnightly': cannot read this as an interval"),
    (["meeting", "log", "FS-0001", "--type", "party", "--date", "today"], "--type 'party': is not a valid meeting type code"),
    (["meeting", "log", "FS-0001", "--type", "taf", "--date", "today", "--next", "yesterday"], "is not after this meeting"),
    (["diary", "add", "FS-0001", "Tomorrow's news", "--date", "tomorrow"], "cannot be in the future"),
    (["diary", "add", "FS-0001", "x", "--tag", "two words"], "--tag 'two words': a tag is a word"),
    (["diary", "add", "FS-0001"], "TEXT: no text given"),
    (["task", "add", "FS-0001", "x", "--due", "someday"], "--due 'someday': cannot read this as a date"),
    (["task", "done", "T99"], "task 'T99': no such task"),
    (["note", "correct", "X1", "--reason", "r", "--text", "t"], "ID 'X1': is not a note fscli can correct"),
    (["note", "correct", "D99", "--reason", "r", "--text", "t"], "diary entry D99: no such diary entry"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a)[:50] for a, _ in BAD])
def test_bad_input_is_refused_with_one_line_and_nothing_recorded(cli, okoro, db_path, args, message):
    before = table_counts(db_path)
    fails(cli, *args, says=message)
    assert table_counts(db_path) == before


def test_the_editor_writes_a_private_draft_kept_until_recorded_and_refuses_an_unchanged_template(tmp_path, monkeypatch):
    from fscli.cli.context import NOTE_DRAFTS, AppContext
    from fscli.cli.editor import write_in_editor
    from fscli.errors import FscliError, InvalidInput

    script = tmp_path / "fake-editor.py"
    script.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        "mode = stat.S_IMODE(os.stat(path).st_mode)\n"
        "body = open(path).read()\n"
        "open(os.environ['SEEN'], 'w').write(f'{mode:o}|{path}|{body}')\n"
        "if os.environ.get('ADD'): open(path, 'a').write(os.environ['ADD'])\n"
        "sys.exit(int(os.environ.get('CODE', '0')))\n"
    )
    seen = tmp_path / "seen"
    monkeypatch.setenv("VISUAL", f"{sys.executable} {script}")
    monkeypatch.setenv("SEEN", str(seen))
    monkeypatch.setenv("ADD", "Lily was in good spirits.\n")
    ctx = AppContext()
    text = write_in_editor(ctx, "--note", "What are we worried about?\n")
    assert text == "What are we worried about?\nLily was in good spirits.\n"
    mode, path, body = seen.read_text().split("|", 2)
    assert mode == "600" and body == "What are we worried about?\n"
    assert stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode) == 0o700
    assert [str(draft.text_path) for draft in NOTE_DRAFTS] == [path]  # kept until the write that records it commits
    NOTE_DRAFTS[0].remove()
    NOTE_DRAFTS.clear()
    monkeypatch.setenv("ADD", "")
    with pytest.raises(InvalidInput, match="empty or unchanged: nothing was recorded"):
        write_in_editor(ctx, "--note", "What are we worried about?\n")
    assert os.listdir(os.path.dirname(path)) == []  # nothing written: nothing kept
    monkeypatch.setenv("ADD", "text")
    monkeypatch.setenv("CODE", "1")
    with pytest.raises(FscliError, match="exited with status 1") as failed:
        write_in_editor(ctx, "--note")
    assert "your note is kept as draft 1" in failed.value.line()


def test_an_icpc_meeting_is_recorded_once_and_shows_in_the_week_and_the_journey(cli, okoro, db_path):
    ok(cli, "s47", "start", okoro, "--date", "02/11/2026", "--child", "Daniel Okoro")
    logged = ok(cli, "meeting", "log", okoro, "--type", "icpc", "--date", "17/11/2026 10am", "--chair", "Conference chair")
    assert "ICPC for Daniel Okoro held on 17/11/2026" in logged.err
    assert rows(db_path, "SELECT icpc_on FROM s47") == [("2026-11-17",)]
    assert rows(db_path, "SELECT action FROM audit WHERE action IN ('meeting.log', 's47.outcome')") == [("meeting.log",)]  # one command, one audit row
    events = [(e["on_date"], e["event"]) for e in json.loads(ok(cli, "case", "journey", okoro, "-f", "json").out)["journey"]]
    assert ("2026-11-17", "ICPC held") in events and ("2026-11-17", "Meeting") in events
    assert [e["what"] for e in json.loads(ok(cli, "week", "17/11/2026", "-f", "json").out)] == ["Initial child protection conference"]
    assert "no open section 47 enquiry" in cli("meeting", "log", okoro, "--type", "icpc", "--date", "today").err


def test_a_visit_type_can_have_a_note_template_in_the_config_folder(tmp_path):
    from fscli.cli.editor import template_for
    from fscli.config import config_dir

    folder = config_dir() / "templates"
    folder.mkdir(parents=True)
    (folder / "statutory-visit.txt").write_text("What are we worried about?\nWhat is working well?\nWhat needs to happen?\n")
    assert template_for("statutory-visit").startswith("What are we worried about?")
    assert template_for("home-visit") == ""


def test_ctrl_c_while_writing_a_note_records_nothing_and_exits_130(cli, okoro, db_path, monkeypatch):
    import fscli.cli.editor as editor

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(editor, "note_text", interrupted)
    before = table_counts(db_path)
    result = cli("visit", "log", okoro, "--type", "home")
    assert result.code == 130 and "interrupted: nothing was changed" in result.err
    assert table_counts(db_path) == before


def test_a_task_or_note_named_by_id_says_which_family_it_is_and_checks_a_case_named_with_it(cli, okoro, db_path):
    quinn = open_case(cli, "Quinn family", referred="02/11/2026", source="5A")
    ok(cli, "task", "add", quinn, "Ring the GP", "--due", "+2d")
    ok(cli, "task", "add", okoro, "Send the nursery form", "--due", "+2d")
    before = table_counts(db_path)
    fails(cli, "task", "done", f"{okoro}/T1", says=f"ID '{okoro}/T1': this task is not on case {okoro}")
    fails(cli, "note", "correct", f"{quinn}/V1", "--reason", "typo", "--text", "x", says="no such visit")
    assert table_counts(db_path) == before
    done = ok(cli, "task", "done", f"{okoro}/T2")
    assert done.err == f"Done: task T2 for {okoro} Okoro family, done Mon 23 Nov 2026: Send the nursery form.\n"
    assert "Done: task T1 for FS-0002 Quinn family, done Mon 23 Nov 2026: Ring the GP." in ok(cli, "task", "done", "T1").err
    ok(cli, "visit", "log", okoro, "--type", "home", "--date", "today", "--note", "Saw Daniel")
    fixed = ok(cli, "note", "correct", f"{okoro.lower()}/v1", "--reason", "Wrong child", "--text", "Saw Grace")
    assert f"visit V1 of {okoro} Okoro family on Mon 23 Nov 2026 corrected by V2" in fixed.err


def test_late_entries_on_a_closed_case_say_so_and_the_chronology_flags_them(cli, okoro, db_path, monkeypatch):
    """The Okoros' case closed on Friday 20/11. On Monday the worker writes up Thursday's visit and
    meeting (late recording is normal): accepted, and marked; a task cannot be ticked off."""
    ok(cli, "visit", "log", okoro, "--type", "home", "--date", "16/11/2026", "--note", "In time")
    ok(cli, "task", "add", okoro, "Send the nursery form", "--due", "25/11/2026")
    ok(cli, "case", "close", okoro, "--date", "20/11/2026", "--reason", "RC7")
    visit = ok(cli, "visit", "log", okoro, "--type", "home", "--date", "19/11/2026", "--seen", "Daniel Okoro", "--note", "Written up late")
    assert "; recorded after closure (the case closed on 20/11/2026)" in visit.err
    assert "recorded after closure" in ok(cli, "meeting", "log", okoro, "--type", "taf", "--date", "19/11/2026").err
    assert "recorded after closure" in ok(cli, "diary", "add", okoro, "Rang mum after the meeting", "--date", "19/11/2026").err
    assert "recorded after closure" in ok(cli, "note", "correct", "V1", "--reason", "typo", "--text", "In time.").err
    before = table_counts(db_path)
    fails(cli, "task", "done", "T1", says=f"case {okoro} is closed: cannot mark task T1 done")
    assert table_counts(db_path) == before
    flags = {e["source"]: e["recorded_after_closure"] for e in json.loads(ok(cli, "chronology", okoro, "-f", "json").out) if e["source"] not in ("journey", "birth", "correction", "detail")}
    assert flags == {"V1": False, "V2": True, "M1": True, "V3": True, "D1": True}  # the diary entry too, now the chronology has the diary
    table = ok(cli, "chronology", okoro, "-f", "table").out
    assert "Flag" in table and table.count("recorded after") == 4  # the column may wrap its words


def test_a_meetings_next_date_counts_from_the_meeting_not_from_the_day_it_is_typed_up(cli, okoro):
    # The TAF met on Thursday 29/10; Sam types it up on Monday 23/11 and the meeting agreed to meet again in six weeks.
    logged = ok(cli, "meeting", "log", okoro, "--type", "taf", "--date", "29/10/2026 2pm", "--next", "+6w")
    assert "next on 10/12/2026" in logged.err
    in_words = ok(cli, "meeting", "log", okoro, "--type", "cin-review", "--date", "02/11/2026", "--next", "in 3 months")
    assert "next on 02/02/2027" in in_words.err
    fixed = ok(cli, "meeting", "log", okoro, "--type", "core-group", "--date", "05/11/2026", "--next", "14/01/2027")
    assert "next on 14/01/2027" in fixed.err


def test_a_parent_seen_alone_is_recorded_and_the_childrens_figures_count_only_children(cli, okoro):
    # Sam saw Angie on her own for the routine enquiry about domestic abuse, and Daniel with his sister.
    ok(cli, "case", "plan", okoro, "cin", "--start", "02/11/2026", "--child", "Daniel Okoro")
    logged = ok(cli, "visit", "log", okoro, "--type", "home-visit", "--date", "today 10am", "--alone", "Angie Okoro", "--seen", "Grace Okoro", "--note", "Routine enquiry done")
    assert "seen: Grace Okoro; seen alone: Angie Okoro" in logged.err
    visit = json.loads(ok(cli, "visit", "list", okoro, "-f", "json").out)[0]
    assert visit["seen_alone"] == "Angie Okoro"
    shown = json.loads(ok(cli, "case", "show", okoro, "-f", "json").out)
    assert {c["child"]: c["last_seen_alone"] for c in shown["last_seen"]} == {"Daniel Okoro": None, "Grace Okoro": None}
    due = json.loads(ok(cli, "due", "--case", okoro, "--within", "60d", "-f", "json").out)
    assert [i["basis"] for i in due if i["rule"] == "cin-visit"] == ["20 working days after the plan's start (02/11/2026)"]  # Daniel was not seen
    chronology = json.loads(ok(cli, "chronology", okoro, "-f", "json").out)
    assert next(e for e in chronology if e["source"] == "V1")["summary"].startswith("seen: Grace Okoro, Angie Okoro (alone); ")


def test_a_visit_typed_as_thursday_on_a_monday_is_confirmed_as_last_week(cli, okoro, monkeypatch):
    """Friday's visit typed on Monday is plain; Thursday's is four days back, and the confirmation
    says so in words, so a worker who meant this Thursday's booking sees the slip at once."""
    friday = ok(cli, "visit", "log", okoro, "--type", "home", "--date", "fri 2pm")
    assert "on Fri 20 Nov 2026 14:00" in friday.err and "ago" not in friday.err and "last week" not in friday.err
    thursday = ok(cli, "visit", "log", okoro, "--type", "phone", "--date", "thu")
    assert "on Thu 19 Nov 2026, last week" in thursday.err
    diary = ok(cli, "diary", "add", okoro, "Rang the GP", "--date", "02/11/2026")
    assert "on Mon 2 Nov 2026, 3 weeks ago" in diary.err
    booked = ok(cli, "task", "add", okoro, "Ring the school", "--due", "thu")
    assert "due Thu 26 Nov 2026:" in booked.err  # ahead: the coming Thursday
