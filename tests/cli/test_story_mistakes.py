"""Mistakes put right (issue 20, §5): a visit typed twice, a task added twice and a score given by
mistake are voided and leave every view; an ICPC typed for Boxing Day is refused, and an ICPC
date recorded wrongly is corrected with the review clock following it; a same-day twin is
refused in a script unless --again says it is a second visit.

Today in these tests is Monday 23 November 2026, unless a story says otherwise.
"""

import csv
import json

import pytest

from tests.conftest import rows
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def hart(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    ref = open_case(cli, "Hart family", referred="03/11/2026")
    add_person(cli, ref, "Kerry Hart", "parent")
    add_person(cli, ref, "Lily Hart", "child", dob="14/02/2017")
    ok(cli, "case", "plan", ref, "cin", "--start", "04/11/2026", "--child", "Lily Hart")
    return ref


def views(cli, ref):
    """What a worker and a manager read of the family: every view a mistaken visit would skew."""
    shown = json.loads(ok(cli, "case", "show", ref, "-f", "json").out)
    return {
        "visits": json.loads(ok(cli, "visit", "list", ref, "-f", "json").out),
        "due": json.loads(ok(cli, "due", "--case", ref, "-f", "json").out),
        "last_seen": shown["last_seen"],
        "summary": ok(cli, "summary", "-f", "json").out,
        "indicators": ok(cli, "summary", "--indicators", "--from", "01/04/2026", "--to", "23/11/2026", "-f", "json").out,
        "week": json.loads(ok(cli, "week", "16/11/2026", "-f", "json").out),
    }


def test_a_visit_typed_twice_is_voided_and_leaves_every_view(cli, hart, db_path, tmp_path, monkeypatch):
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "04/11/2026 10am", "--seen", "Lily Hart", "--note", "Lily showed me her room")
    before = views(cli, hart)
    # The same visit typed again from the car, with the wrong day: Lily looks seen on the 20th.
    twin = ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "20/11/2026 10am", "--seen", "Lily Hart", "--note", "Lily showed me her room")
    assert twin.out.strip() == "V2"
    assert views(cli, hart) != before

    voided = ok(cli, "void", f"{hart}/V2", "--reason", "Typed twice: the same visit as V1")
    assert voided.out.strip() == "V2" and "Visit V2 of FS-0001 Hart family voided" in voided.err
    assert views(cli, hart) == before  # visit list, due, last seen, summary, indicators, the week
    assert [v["id"] for v in before["visits"]] == ["V1"]

    monkeypatch.setenv("COLUMNS", "300")  # the event on one line
    struck = ok(cli, "chronology", hart, "--voided", "--format", "table").out
    assert "VOIDED (Typed twice: the same visit as V1): Home visit" in struck
    assert "VOIDED" not in ok(cli, "chronology", hart, "--format", "table").out
    entries = json.loads(ok(cli, "chronology", hart, "--voided", "-f", "json").out)
    assert [(e["source"], e["event"], e["voided"], e["void_reason"]) for e in entries if e["source"].startswith("V")] == [
        ("V1", "Home visit", False, None), ("V2", "Home visit", True, "Typed twice: the same visit as V1")]
    coloured = ok(cli, "chronology", hart, "--voided", "--format", "table", "--color", "always").out
    assert "\x1b[9m" in coloured  # struck through on a terminal

    ok(cli, "export", "--out", str(tmp_path / "export"))
    exported = {r["id"]: r for r in csv.DictReader((tmp_path / "export" / "contact.csv").open())}
    assert exported["2"]["void_reason"] == "Typed twice: the same visit as V1" and exported["2"]["voided_at"]
    assert exported["1"]["voided_at"] == ""

    trail = json.loads(ok(cli, "audit", hart, "-f", "json").out)[0]
    assert (trail["action"], trail["entity"], trail["entity_id"]) == ("void", "contact", 2)
    assert "Typed twice" not in trail["detail"]  # the audit names fields, never values
    assert "in step" in ok(cli, "db", "check").err + ok(cli, "db", "check").out


def test_voiding_twice_a_corrected_entry_or_on_the_wrong_case_is_refused(cli, hart, db_path):
    other = open_case(cli, "Quinn family", referred="03/11/2026")
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "20/11/2026", "--note", "first draft")
    ok(cli, "note", "correct", "V1", "--reason", "typo", "--text", "corrected")
    fails(cli, "void", "V1", "--reason", "typed twice", says="ID 'V1': this visit was corrected by V2; void V2")
    fails(cli, "void", f"{other}/V2", "--reason", "typed twice", says=f"this visit is not on case {other}")
    fails(cli, "void", "V2", "--reason", " ", says="--reason")
    fails(cli, "void", "Q2", "--reason", "typed twice", says="is not an entry fscli can void")
    fails(cli, "void", "V99", "--reason", "typed twice", code=1, says="visit V99: no such visit")
    assert rows(db_path, "SELECT count(*) FROM contact WHERE voided_at IS NOT NULL") == [(0,)]
    ok(cli, "void", "v2", "--reason", "Logged on the wrong family")  # the correction and what it corrects go together
    assert rows(db_path, "SELECT id, void_reason FROM contact ORDER BY id") == [(1, "Logged on the wrong family"), (2, "Logged on the wrong family")]
    fails(cli, "void", "V2", "--reason", "again", says="this visit is voided already")
    fails(cli, "note", "correct", "V2", "--reason", "typo", "--text", "x", says="was voided as made in error")


def test_a_task_added_twice_is_voided(cli, hart):
    ok(cli, "task", "add", hart, "Help Kerry with the nursery forms", "--due", "thursday")
    ok(cli, "task", "add", hart, "Help Kerry with the nursery forms", "--due", "thursday", "--again")  # a script that insisted
    ok(cli, "void", "T2", "--reason", "Added twice")
    assert [t["id"] for t in json.loads(ok(cli, "task", "list", "--done", "-f", "json").out)] == ["T1"]
    due = json.loads(ok(cli, "due", "--case", hart, "-f", "json").out)
    assert [d["what"] for d in due].count("Task: Help Kerry with the nursery forms") == 1
    fails(cli, "task", "done", "T2", says="was voided as made in error")
    assert [r["source"] for r in json.loads(ok(cli, "search", "nursery forms", "-f", "json").out)] == ["T1"]


def test_a_score_given_by_mistake_is_voided(cli, hart):
    ok(cli, "goal", "add", hart, "Mum feels confident at bedtime", "--for", "Kerry Hart")
    ok(cli, "goal", "score", f"{hart}/1", "3", "--by", "Kerry Hart", "--date", "04/11/2026")
    ok(cli, "goal", "score", f"{hart}/1", "8", "--by", "Kerry Hart", "--date", "20/11/2026")
    shown = json.loads(ok(cli, "goal", "show", f"{hart}/1", "-f", "json").out)
    assert [s["id"] for s in shown["scores"]] == ["S1", "S2"]
    ok(cli, "void", "S2", "--reason", "Scored on the wrong goal")
    shown = json.loads(ok(cli, "goal", "show", f"{hart}/1", "-f", "json").out)
    assert [s["id"] for s in shown["scores"]] == ["S1"]
    assert json.loads(ok(cli, "goal", "list", hart, "-f", "json").out)[0]["family_latest"] == 3
    ok(cli, "void", f"{hart}/1", "--reason", "The goal was the Quinns'")
    assert json.loads(ok(cli, "goal", "list", hart, "-f", "json").out) == []
    fails(cli, "goal", "score", f"{hart}/1", "5", "--by", "worker", says="was voided as made in error")


def test_a_plan_and_a_booking_made_in_error_are_voided(cli, hart):
    ok(cli, "visit", "plan", hart, "--date", "25/11/2026 10am")
    assert [e["detail"] for e in json.loads(ok(cli, "week", "-f", "json").out)] == ["B1"]
    ok(cli, "void", "B1", "--reason", "Booked for the wrong family")
    assert json.loads(ok(cli, "week", "-f", "json").out) == []
    plans = json.loads(ok(cli, "case", "journey", hart, "-f", "json").out)["plans"]
    assert [p["id"] for p in plans] == ["P1"]
    ok(cli, "void", "P1", "--reason", "The CIN plan was recorded on the wrong child")
    assert json.loads(ok(cli, "case", "journey", hart, "-f", "json").out)["plans"] == []
    assert not [d for d in json.loads(ok(cli, "due", "--case", hart, "-f", "json").out) if "CIN" in d["what"]]


def test_voiding_a_plan_typed_in_error_opens_the_plan_it_ended(cli, hart):
    """A CP plan recorded on the wrong family ended Lily's CIN plan: voiding it puts the CIN plan back."""
    ok(cli, "case", "plan", hart, "cp", "--start", "16/11/2026", "--child", "Lily Hart", "--category", "NEG", "--reason", "Conference on the wrong family")
    plans = json.loads(ok(cli, "case", "journey", hart, "-f", "json").out)["plans"]
    assert [(p["id"], p["end_on"]) for p in plans] == [("P1", "2026-11-16"), ("P2", None)]
    voided = ok(cli, "void", "P2", "--reason", "Recorded on the wrong family")
    assert "the CIN plan it followed (from 04/11/2026) is open again" in voided.err
    plans = json.loads(ok(cli, "case", "journey", hart, "-f", "json").out)["plans"]
    assert [(p["id"], p["end_on"]) for p in plans] == [("P1", None)]


def test_a_same_day_twin_is_refused_in_a_script_without_again(cli, hart, db_path):
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today 10am", "--seen", "Lily Hart")
    fails(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today 5pm", "--seen", "Lily Hart",
          says="FS-0001 Hart family has a home visit on 23/11/2026 already (V1); if this is another home visit, add --again")  # fmt: skip
    assert rows(db_path, "SELECT count(*) FROM contact") == [(1,)]
    ok(cli, "visit", "log", hart, "--type", "phone", "--date", "today 5pm")  # another type that day is no twin
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today 5pm", "--seen", "Lily Hart", "--again")
    ok(cli, "meeting", "log", hart, "--type", "cin-review", "--date", "today 2pm")
    fails(cli, "meeting", "log", hart, "--type", "cin-review", "--date", "today 3pm", says="already (M1)")
    ok(cli, "void", "M1", "--reason", "Logged on the wrong family")
    ok(cli, "meeting", "log", hart, "--type", "cin-review", "--date", "today 3pm")  # a voided twin is no twin


def test_the_same_open_task_typed_twice_is_caught_as_a_same_day_visit_is(cli, hart, db_path, monkeypatch):
    """Once on the phone in the car, once at the desk: the same words, case and due date, still open."""
    from fscli.cli import mistakes

    ok(cli, "task", "add", hart, "Ring the school about Lily's attendance", "--due", "thursday")
    fails(cli, "task", "add", hart, "ring the school  about Lily's attendance", "--due", "26/11/2026",
          says="FS-0001 Hart family has this task open already, due 26/11/2026 (T1); if this is another task, add --again")  # fmt: skip
    assert rows(db_path, "SELECT count(*) FROM task") == [(1,)]
    ok(cli, "task", "add", hart, "Ring the school about Lily's attendance", "--due", "friday")  # another day: a second call
    ok(cli, "task", "add", hart, "Ring the GP", "--due", "thursday")  # other words
    monkeypatch.setattr(mistakes, "on_terminal", lambda: True)
    said_no = cli("task", "add", hart, "Ring the school about Lily's attendance", "--due", "thursday", input="n\n")
    assert said_no.code == 1 and "Add it again?" in said_no.err and "nothing was written" in said_no.err
    assert rows(db_path, "SELECT count(*) FROM task") == [(3,)]
    monkeypatch.setattr(mistakes, "on_terminal", lambda: False)
    ok(cli, "task", "done", "T1")
    ok(cli, "task", "add", hart, "Ring the school about Lily's attendance", "--due", "thursday")  # the first is done: no twin
    assert rows(db_path, "SELECT count(*) FROM task") == [(4,)]


def test_a_same_day_twin_asks_first_on_a_terminal(cli, hart, db_path, monkeypatch):
    from fscli.cli import mistakes

    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today 10am")
    monkeypatch.setattr(mistakes, "on_terminal", lambda: True)
    said_no = cli("visit", "log", hart, "--type", "home-visit", "--date", "today 5pm", "--note", "tea time", input="n\n")
    assert said_no.code == 1 and "Log another home visit that day?" in said_no.err and "nothing was written" in said_no.err
    assert rows(db_path, "SELECT count(*) FROM contact") == [(1,)]
    said_yes = cli("visit", "log", hart, "--type", "home-visit", "--date", "today 5pm", "--note", "tea time", input="y\n")
    assert said_yes.code == 0 and "V2: Home visit" in said_yes.err
    assert rows(db_path, "SELECT count(*) FROM contact") == [(2,)]


def test_an_icpc_on_boxing_day_is_refused_and_a_wrong_icpc_date_is_corrected(cli, monkeypatch, db_path):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    monkeypatch.setenv("FSCLI_TODAY", "2026-01-05")
    ref = open_case(cli, "Grant family", referred="01/12/2025")
    add_person(cli, ref, "Mason Grant", "child", dob="01/03/2020")
    ok(cli, "s47", "start", ref, "--date", "15/12/2025", "--child", "Mason Grant")
    fails(cli, "s47", "outcome", ref, "--child", "Mason Grant", "--icpc", "26/12/2025", says="--icpc '26/12/2025': is a bank holiday")
    fails(cli, "meeting", "log", ref, "--type", "icpc", "--date", "26/12/2025", says="is a bank holiday")
    assert rows(db_path, "SELECT count(*) FROM meeting") == [(0,)]
    # Typed as the 23rd; the conference was held on Monday 29 December.
    ok(cli, "meeting", "log", ref, "--type", "icpc", "--date", "23/12/2025 10am", "--chair", "Helen Price")
    ok(cli, "case", "plan", ref, "cp", "--start", "23/12/2025", "--category", "NEG", "--child", "Mason Grant")

    def first_review():
        return next(d["due_on"] for d in json.loads(ok(cli, "reviews", "-f", "json").out) if d["rule"] == "cp-review-first" and d["ref"] == ref)

    assert first_review() == "2026-03-23"
    fails(cli, "correct", "icpc", ref, "--date", "27/12/2025", "--reason", "typo", says="--date '27/12/2025': is a Saturday")
    fails(cli, "correct", "icpc", ref, "--date", "23/12/2025", "--reason", "typo", says="is the date recorded already")
    done = ok(cli, "correct", "icpc", ref, "--date", "29/12/2025", "--reason", "Held on the Monday after Christmas")
    assert "Mason Grant's ICPC held on 29/12/2025, not 23/12/2025" in done.err and "CP plan P1 began on 29/12/2025" in done.err
    assert first_review() == "2026-03-27"  # 3 months from 29/12 is Sunday 29/03: the working day before
    plans = json.loads(ok(cli, "case", "journey", ref, "-f", "json").out)["plans"]
    assert [(p["id"], p["start_on"]) for p in plans] == [("P1", "2025-12-29")]
    assert rows(db_path, "SELECT on_date FROM meeting") == [("2025-12-29",)]
    assert rows(db_path, "SELECT entity, field, old_value, new_value, reason FROM field_history ORDER BY id") == [
        ("s47", "icpc_on", "2025-12-23", "2025-12-29", "Held on the Monday after Christmas"),
        ("plan", "start_on", "2025-12-23", "2025-12-29", "Held on the Monday after Christmas"),
        ("plan_category", "from_on", "2025-12-23", "2025-12-29", "Held on the Monday after Christmas"),
        ("meeting", "on_date", "2025-12-23", "2025-12-29", "Held on the Monday after Christmas"),
    ]
    trail = json.loads(ok(cli, "audit", ref, "-f", "json").out)[0]
    assert trail["action"] == "icpc.correct" and "2025" not in trail["detail"]
    fails(cli, "s47", "outcome", ref, "--child", "Mason Grant", "--icpc", "30/12/2025", says="fscli correct icpc")


def test_a_referral_an_assessment_and_a_plan_are_corrected_with_history(cli, hart, db_path):
    ok(cli, "assessment", "start", hart, "--date", "04/11/2026", "--child", "Lily Hart")
    ok(cli, "assessment", "complete", hart, "--date", "16/11/2026", "--factors", "3B", "--outcome", "cin", "--child", "Lily Hart")
    fails(cli, "correct", "assessment", hart, "--completed", "03/11/2026", "--reason", "typo", says="is before Lily Hart's assessment began")
    ok(cli, "correct", "assessment", hart, "--completed", "17/11/2026", "--reason", "Authorised on the Tuesday")
    fails(cli, "correct", "plan", "P1", "--start", "02/11/2026", "--reason", "typo", says="a plan cannot be before the referral")
    fails(cli, "correct", "plan", "FS-0009/P1", "--start", "05/11/2026", "--reason", "typo", says="PLAN 'FS-0009/P1'")
    ok(cli, "correct", "plan", "P1", "--start", "05/11/2026", "--reason", "Began the next day")
    fails(cli, "correct", "referral", hart, "--date", "06/11/2026", "--reason", "typo", says="is after an assessment's start (04/11/2026)")
    ok(cli, "correct", "referral", hart, "--date", "02/11/2026", "--reason", "Received on the Monday")
    shown = json.loads(ok(cli, "case", "show", hart, "-f", "json").out)
    assert shown["referred_on"] == "2026-11-02"
    assert rows(db_path, "SELECT start_on FROM episode") == [("2026-11-02",)]
    assert [r[0] for r in rows(db_path, "SELECT field FROM field_history ORDER BY id")] == ["completed_on", "start_on", "referred_on", "on_date", "start_on"]
    assert "in step" in ok(cli, "db", "check").err + ok(cli, "db", "check").out


def test_the_sample_conference_falls_on_a_working_day_whatever_day_the_demo_is_loaded(cli, monkeypatch):
    # 13 weeks before Friday 27 March 2026 is Boxing Day: the sample ICPC moves to the working day before.
    monkeypatch.setenv("FSCLI_TODAY", "2026-03-27")
    ok(cli, "demo")
