"""An entry filed on the wrong family moved to the right case (issue 24, "Rectification and moving").

Lily Hart lives with her mother Kerry Hart (FS-0001, the Hart family) and stays with her father's
household at weekends (FS-0002, the Brook family), so she is a member of both. Sam visited her at
her father's home and filed the visit on the Hart family.

Today in these tests is Monday 23 November 2026.
"""

import json

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def families(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    hart = open_case(cli, "Hart family", referred="02/11/2026", worker="Sam Okafor")
    brook = open_case(cli, "Brook family", referred="02/11/2026", worker="Sam Okafor")
    add_person(cli, hart, "Kerry Hart", "parent")
    for ref in (hart, brook):
        add_person(cli, ref, "Lily Hart", "child", dob="14/02/2017")
        ok(cli, "case", "plan", ref, "cin", "--start", "04/11/2026", "--child", "Lily Hart")
    add_person(cli, brook, "Dan Brook", "parent")
    return hart, brook


def last_seen(cli, ref) -> str | None:
    shown = json.loads(ok(cli, "case", "show", ref, "-f", "json").out)
    return next((c["last_seen"] for c in shown["last_seen"] if c["child"] == "Lily Hart"), None)  # no row: no child of the family seen yet


def moves_in(cli, ref) -> list[str]:
    return [e["summary"] for e in json.loads(ok(cli, "chronology", ref, "-f", "json").out) if e["event"] == "Moved"]


def test_a_visit_filed_on_the_wrong_family_is_moved_and_both_chronologies_say_so(cli, db_path, families):
    hart, brook = families
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "20/11/2026 10am", "--seen", "Lily Hart", "--note", "Lily showed me her room at dad's")
    assert (last_seen(cli, hart), last_seen(cli, brook)) == ("2026-11-20", None)

    moved = ok(cli, "move", f"{hart}/V1", "--to", brook, "--reason", "Filed on the wrong family")
    assert moved.out.strip() == "V1"
    assert "Visit V1 moved from FS-0001 Hart family to FS-0002 Brook family: both chronologies say so." in moved.err

    # The Hart family's clocks no longer count it; the Brook family's do.
    assert (last_seen(cli, hart), last_seen(cli, brook)) == (None, "2026-11-20")
    assert [v["id"] for v in json.loads(ok(cli, "visit", "list", brook, "-f", "json").out)] == ["V1"]
    assert json.loads(ok(cli, "visit", "list", hart, "-f", "json").out) == []
    assert moves_in(cli, hart) == ["V1 moved to FS-0002 on 23/11/2026 (Filed on the wrong family)"]
    assert moves_in(cli, brook) == ["V1 moved here from FS-0001 on 23/11/2026 (Filed on the wrong family)"]
    history = json.loads(ok(cli, "case", "show", brook, "-f", "json").out)["history"]
    assert {"on_date": "2026-11-23", "event": "Moved", "detail": "V1 moved here from FS-0001 on 23/11/2026 (Filed on the wrong family); by Sam Okafor"} in history

    # Lily seen is the Brook family's Lily now, not the Hart family's.
    brook_lily = rows(db_path, "SELECT p.id FROM person p JOIN cases c ON c.id = p.case_id WHERE c.ref = ? AND p.name = 'Lily Hart'", brook)[0][0]
    assert rows(db_path, "SELECT person_id FROM contact_party") == [(brook_lily,)]
    kept = rows(db_path, "SELECT c.ref, h.entity, h.entity_id, h.field, h.old_value, h.new_value FROM field_history h JOIN cases c ON c.id = h.case_id ORDER BY h.id")
    assert kept == [(hart, "contact", 1, "case", hart, brook), (brook, "contact", 1, "case", hart, brook)]
    audit = rows(db_path, "SELECT action, entity, entity_id, detail FROM audit WHERE action = 'move'")
    assert len(audit) == 1 and audit[0][:3] == ("move", "contact", 1) and '"fields":["case_id"]' in audit[0][3]
    check = ok(cli, "db", "check")
    assert "agree with their case" in check.out + check.err


def test_someone_on_the_entry_who_is_not_in_the_right_family_stops_the_move_until_added(cli, db_path, families):
    hart, brook = families
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "20/11/2026 10am", "--seen", "Lily Hart", "--with", "Kerry Hart")
    before = table_counts(db_path)
    fails(cli, "move", "V1", "--to", brook, "--reason", "Filed on the wrong family",
          says="--to 'FS-0002': Kerry Hart is on the entry but not in FS-0002; if they are there under another spelling put it right ('fscli person set FS-0002 \"THEIR NAME THERE\" --name \"Kerry Hart\" --reason WHY'); else add them ('fscli person add FS-0002 \"Kerry Hart\" --role ROLE'), or void the entry and record it again")
    assert table_counts(db_path) == before
    add_person(cli, brook, "Kerry Hart", "other")  # she brought Lily round that morning
    ok(cli, "move", "V1", "--to", brook, "--reason", "Filed on the wrong family")
    assert rows(db_path, "SELECT c.ref, p.name FROM contact_party cp JOIN person p ON p.id = cp.person_id JOIN cases c ON c.id = p.case_id ORDER BY p.name") == [(brook, "Kerry Hart"), (brook, "Lily Hart")]


def test_a_corrected_visit_moves_with_its_correction_and_the_booking_it_fulfilled_opens_again(cli, db_path, families, monkeypatch):
    hart, brook = families
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-19")
    ok(cli, "visit", "plan", hart, "--date", "20/11/2026 10am")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-23")
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "20/11/2026 10am", "--seen", "Lily Hart", "--note", "first go")
    assert rows(db_path, "SELECT fulfilled_by FROM planned_visit") == [(1,)]
    ok(cli, "note", "correct", "V1", "--reason", "Wrong words", "--text", "second go")
    fails(cli, "move", "V1", "--to", brook, "--reason", "wrong family", says="ID 'V1': this visit was corrected by V2; move V2: that moves the correction and the entry it corrects")
    moved = ok(cli, "move", "V2", "--to", brook, "--reason", "wrong family")
    assert "(with the 1 entry it corrects); the planned visit it fulfilled on FS-0001 is open again" in moved.err
    assert rows(db_path, "SELECT c.ref FROM contact k JOIN cases c ON c.id = k.case_id ORDER BY k.id") == [(brook,), (brook,)]
    assert rows(db_path, "SELECT fulfilled_by FROM planned_visit") == [(None,)]
    assert "agree with their case" in ok(cli, "db", "check").out


def test_a_goal_moves_with_its_scores_and_the_goals_numbered_again_are_named(cli, db_path, families):
    hart, brook = families
    ok(cli, "goal", "add", brook, "Dad's house feels calm at weekends")
    ok(cli, "goal", "add", hart, "Lily gets to school on time", "--for", "Lily Hart")
    ok(cli, "goal", "add", hart, "Kerry feels less alone")
    ok(cli, "goal", "score", f"{hart}/1", "4", "--by", "Lily Hart")
    ok(cli, "goal", "add", brook, "Lily sleeps through")
    moved = ok(cli, "move", f"{hart}/1", "--to", brook, "--reason", "Set at dad's house")
    assert moved.out.strip() == "FS-0002/2"
    assert "goals are numbered by their place in the case, so FS-0001/2 is now FS-0001/1, FS-0002/2 is now FS-0002/3" in moved.err
    goals = json.loads(ok(cli, "goal", "list", brook, "-f", "json").out)
    assert [g["text"] for g in goals] == ["Dad's house feels calm at weekends", "Lily gets to school on time", "Lily sleeps through"]
    assert rows(db_path, "SELECT c.ref FROM goal_score s JOIN person p ON p.id = s.rater_person_id JOIN cases c ON c.id = p.case_id") == [(brook,)]
    assert moves_in(cli, hart) == ['the goal "Lily gets to school on time" moved to FS-0002 on 23/11/2026 (Set at dad\'s house)']
    assert "agree with their case" in ok(cli, "db", "check").out


@pytest.mark.parametrize("log", [
    ("meeting", "log", "FS-0001", "--type", "cin-review", "--date", "20/11/2026"),
    ("task", "add", "FS-0001", "Ring dad about the weekend", "--due", "25/11/2026"),
    ("diary", "add", "FS-0001", "Dad rang about the weekend"),
], ids=["meeting", "task", "diary"])
def test_a_meeting_a_task_and_a_diary_entry_move_keeping_their_number(cli, db_path, families, log):
    hart, brook = families
    made = ok(cli, *log).out.strip()
    moved = ok(cli, "move", made, "--to", brook, "--reason", "Filed on the wrong family")
    assert moved.out.strip() == made
    table = {"meeting": "meeting", "task": "task", "diary": "diary"}[log[0]]
    assert rows(db_path, f"SELECT c.ref FROM {table} t JOIN cases c ON c.id = t.case_id") == [(brook,)]  # noqa: S608
    assert moves_in(cli, brook) == [f"{made} moved here from FS-0001 on 23/11/2026 (Filed on the wrong family)"]


BAD = [
    (["move", "V1", "--to", "FS-0001", "--reason", "x"], "--to 'FS-0001': the visit is filed on FS-0001 already"),
    (["move", "V1", "--to", "FS-0009", "--reason", "x"], "FS-0009"),
    (["move", "V9", "--to", "FS-0002", "--reason", "x"], "visit V9: no such visit"),
    (["move", "FS-0002/V1", "--to", "FS-0002", "--reason", "x"], "ID 'FS-0002/V1': this visit is not on case FS-0002"),
    (["move", "S1", "--to", "FS-0002", "--reason", "x"], "ID 'S1': a goal score moves with its goal"),
    (["move", "P1", "--to", "FS-0002", "--reason", "x"], "ID 'P1': is not an entry fscli can move; give V12 (visit)"),
    (["move", "X1", "--to", "FS-0002", "--reason", "x"], "ID 'X1'"),
    (["move", "V1", "--to", "FS-0002", "--reason", ""], "--reason"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a[1:4]) for a, _ in BAD])
def test_a_move_that_cannot_be_made_is_refused_in_one_line_and_writes_nothing(cli, db_path, families, args, message):
    hart, _ = families
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "20/11/2026 10am", "--seen", "Lily Hart")
    ok(cli, "goal", "add", hart, "Lily gets to school on time")
    ok(cli, "goal", "score", f"{hart}/1", "4", "--by", "Lily Hart")
    before = table_counts(db_path)
    fails(cli, *args, says=message)
    assert table_counts(db_path) == before


def test_a_voided_entry_a_closed_case_and_a_note_of_no_family_are_refused(cli, db_path, families):
    hart, brook = families
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "20/11/2026 10am", "--seen", "Lily Hart")
    ok(cli, "visit", "log", hart, "--type", "phone", "--date", "21/11/2026 10am")
    ok(cli, "void", "V2", "--reason", "typed twice")
    fails(cli, "move", "V2", "--to", brook, "--reason", "x", says="ID 'V2': this visit is voided")
    ok(cli, "diary", "add", "Office day: training")
    fails(cli, "move", "D1", "--to", brook, "--reason", "x", says="ID 'D1': this diary entry is filed on no family; record it again on the family it belongs to")
    third = open_case(cli, "Cole family", referred="02/11/2026")
    ok(cli, "case", "close", third, "--date", "today", "--reason", "RC7")
    fails(cli, "move", "V1", "--to", third, "--reason", "x", says=f"--to '{third}': is closed: nothing is filed on a closed case; reopen it first with 'fscli case reopen {third} --date DATE --reason TEXT'")


def test_the_audit_of_the_case_an_entry_left_lists_the_move_as_the_case_it_went_to_does(cli, families):
    hart, brook = families
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "20/11/2026 10am", "--seen", "Lily Hart", "--note", "At dad's")
    ok(cli, "move", f"{hart}/V1", "--to", brook, "--reason", "Filed on the wrong family")
    trails = {ref: json.loads(ok(cli, "audit", ref, "-f", "json").out) for ref in (hart, brook)}
    for ref, trail in trails.items():
        assert [(e["action"], e["ref"]) for e in trail if e["action"] == "move"] == [("move", brook)], (ref, trail)
    assert not any(e["action"] == "move" for e in json.loads(ok(cli, "audit", open_case(cli, "Vale family"), "-f", "json").out))
