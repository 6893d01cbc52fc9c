"""Tina's reunification (stories/reunification-case-study.txt), recorded as it happened.

Two children in the care of the local authority since 15/03/2024, long before Family Solutions
was asked in; the allocated social worker's referral; three family-led goals scaled at the
start, midway and at the end; the return home; the application to discharge the care order. The
case cannot close while the order stands, and every clock runs from the true dates.
Today is Monday 23/11/2026 (tests/conftest.py).
"""

import json

import pytest

from tests.conftest import table_counts
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def ward(cli):
    """The social worker's referral to Family Solutions on 01/06/2026; the children in care since 2024."""
    ref = open_case(cli, "Ward family", referred="01/06/2026", source="5A", reason="Allocated social worker: best hopes for the mother's confidence as the children return home", worker="Tina Marsh")
    add_person(cli, ref, "Kelly Ward", "parent", dob="04/03/1990", sex="F", relationship="mother")
    add_person(cli, ref, "Jade Ward", "child", dob="12/06/2015", sex="F", relationship="daughter")
    add_person(cli, ref, "Riley Ward", "child", dob="30/01/2018", sex="M", relationship="son")
    ok(cli, "agency", "add", ref, "Linden Foster Care", "--kind", "other")
    return ref


def test_care_from_before_the_referral_is_history_that_drives_the_clocks(cli, ward):
    refused = fails(cli, "case", "plan", ward, "cla", "--start", "15/03/2024", "--child", "Jade Ward", "--child", "Riley Ward")
    assert "a plan cannot be before the referral (01/06/2026); if it happened before the referral, record it as history with --pre-referral" in refused.err
    done = ok(cli, "case", "plan", ward, "cla", "--start", "15/03/2024", "--child", "Jade Ward", "--child", "Riley Ward", "--pre-referral")
    assert "Jade Ward: CLA plan started on 15/03/2024, before the referral (recorded as history)" in done.err
    fails(cli, "meeting", "log", ward, "--type", "lac-review", "--date", "10/04/2024", says="record it as history with --pre-referral")
    for day in ("10/04/2024", "10/07/2024", "09/01/2025", "10/07/2025", "08/01/2026"):
        logged = ok(cli, "meeting", "log", ward, "--type", "lac-review", "--date", day, "--chair", "IRO", "--pre-referral")
        assert "before the referral (recorded as history)" in logged.err
    fails(cli, "meeting", "log", ward, "--type", "lac-review", "--date", "02/07/2026", "--pre-referral", says="--pre-referral '02/07/2026': is not before the referral (01/06/2026); leave out --pre-referral")
    ok(cli, "meeting", "log", ward, "--type", "lac-review", "--date", "02/07/2026", "--chair", "IRO")

    shown = json.loads(ok(cli, "case", "show", ward, "-f", "json").out)
    due = {(d["what"], d["child"]): d for d in shown["due"]}
    assert not any("First LAC review" in what for what, _ in due), "the first review was held in 2024, before the referral"
    assert [p["start_on"] for p in shown["plans"]] == ["2024-03-15", "2024-03-15"]
    journey = json.loads(ok(cli, "case", "journey", ward, "-f", "json").out)["journey"]
    assert {"child": "Jade Ward", "on_date": "2024-03-15", "event": "CLA plan started", "detail": "before the referral"} in journey
    chronology = json.loads(ok(cli, "chronology", ward, "-f", "json").out)
    first_review = next(e for e in chronology if e["event"].startswith("LAC review"))
    assert (first_review["on_date"], first_review["before_referral"]) == ("2024-04-10", True)
    assert not next(e for e in chronology if e["on_date"] == "2026-07-02")["before_referral"]
    table = ok(cli, "case", "journey", ward, "-f", "table").out
    assert "Recorded as history, before the referral (01/06/2026)" in table


def test_tinas_reunification_end_to_end(cli, db_path, ward):
    ok(cli, "case", "plan", ward, "cla", "--start", "15/03/2024", "--pre-referral", "--child", "Jade Ward", "--child", "Riley Ward")
    for day in ("10/04/2024", "10/07/2024", "09/01/2025", "10/07/2025", "08/01/2026"):
        ok(cli, "meeting", "log", ward, "--type", "lac-review", "--date", day, "--pre-referral")
    ok(cli, "meeting", "log", ward, "--type", "lac-review", "--date", "02/07/2026", "--chair", "Independent reviewing officer")
    ok(cli, "case", "referral", ward, "--further-action")
    ok(cli, "visit", "log", ward, "--type", "joint-visit", "--date", "04/06/2026", "--with", "Kelly Ward", "--note", "Initial visit with the allocated social worker")
    ok(cli, "case", "plan", ward, "reunification", "--start", "08/06/2026", "--child", "Jade Ward", "--child", "Riley Ward")

    goals = ("Bedtimes calm without shouting", "I make decisions for the children without ringing for advice", "The children's school mornings run on time")
    for text in goals:
        ok(cli, "goal", "add", ward, text, "--scale", "1-10")
    for number, (start, midway, end) in enumerate(((3, 5, 8), (2, 5, 7), (4, 6, 9)), start=1):
        goal = f"{ward}/{number}"
        for value, day, phase in ((start, "08/06/2026", []), (midway, "20/07/2026", []), (end, "16/11/2026", ["--phase", "end"])):
            ok(cli, "goal", "score", goal, str(value), "--by", "Kelly Ward", "--date", day, *phase)
            ok(cli, "goal", "score", goal, str(value - 1), "--by", "worker", "--date", day, *phase)
    first = json.loads(ok(cli, "goal", "show", f"{ward}/1", "-f", "json").out)
    assert first["family_trend"] == "3 → 5 → 8 (+5)"
    assert [(s["rater_kind"], s["phase"]) for s in first["scores"]][::2] == [("family", "baseline"), ("family", "midway"), ("family", "end")]

    home = ok(cli, "case", "plan", ward, "--returned-home", "12/10/2026", "--child", "Jade Ward", "--child", "Riley Ward")
    assert "Jade Ward returned home on 12/10/2026" in home.err
    ok(cli, "visit", "log", ward, "--type", "home-visit", "--date", "16/10/2026", "--seen", "Jade Ward", "--note", "Both children home; mum settling routines")
    shown = json.loads(ok(cli, "case", "show", ward, "-f", "json").out)
    visits = {d["child"]: d for d in shown["due"] if d["rule"].startswith("lac-visit")}
    # Riley has not been seen since he went home: within 1 week of the return (reg 28, care order at home).
    assert (visits["Riley Ward"]["rule"], visits["Riley Ward"]["due_on"]) == ("lac-visit-home-first", "2026-10-19")
    assert visits["Riley Ward"]["basis"] == "1 week after the return home (12/10/2026)"
    # Jade was seen at home on 16/10: then at most every 6 weeks.
    assert (visits["Jade Ward"]["rule"], visits["Jade Ward"]["due_on"]) == ("lac-visit-home", "2026-11-27")
    later = json.loads(ok(cli, "due", "--case", ward, "--within", "8w", "-f", "json").out)
    review = next(d for d in later if d["rule"] == "lac-review")
    assert review["due_on"] == "2026-12-31", "6 months after 02/07/2026 is Sat 02/01/2027, brought forward past New Year's Day"

    applied = ok(cli, "case", "plan", ward, "--discharge-applied", "16/11/2026", "--child", "Jade Ward", "--child", "Riley Ward")
    assert "Jade Ward: application to discharge the care order made on 16/11/2026; the order stands until the court discharges it" in applied.err
    journey = json.loads(ok(cli, "case", "journey", ward, "-f", "json").out)["journey"]
    assert {"child": "Riley Ward", "on_date": "2026-11-16", "event": "Application to discharge the care order", "detail": ""} in journey
    chronology = json.loads(ok(cli, "chronology", ward, "-f", "json").out)
    assert [e["child"] for e in chronology if e["event"] == "Application to discharge the care order"] == ["Jade Ward", "Riley Ward"]

    before = table_counts(db_path)
    refused = fails(cli, "case", "close", ward, "--date", "23/11/2026", "--reason", "RC7")
    assert "Jade Ward, Riley Ward are looked after (open CLA plan): closing would end their care" in refused.err
    assert "--order-discharged DATE" in refused.err and "--end-care" in refused.err
    assert table_counts(db_path) == before, "nothing written"

    ok(cli, "case", "plan", ward, "--order-discharged", "23/11/2026", "--child", "Jade Ward", "--child", "Riley Ward")
    closed = ok(cli, "case", "close", ward, "--date", "23/11/2026", "--reason", "RC7", "--summary", "Children home; care order discharged", "--sustain", "Grandmother and the school's family worker")
    assert "CLA plan ended" not in closed.err, "the discharge ended care, not the closure"


def test_closing_with_care_ending_is_said_out_loud(cli, ward):
    ok(cli, "case", "plan", ward, "cla", "--start", "15/03/2024", "--pre-referral", "--child", "Jade Ward")
    fails(cli, "case", "close", ward, "--date", "23/11/2026", "--reason", "RC7", says="Jade Ward is looked after (open CLA plan)")
    closed = ok(cli, "case", "close", ward, "--date", "23/11/2026", "--reason", "RC7", "--end-care")
    assert "Jade Ward: CLA plan ended (care ended)" in closed.err
    plans = json.loads(ok(cli, "case", "journey", ward, "-f", "json").out)["plans"]
    assert plans[0]["end_reason"] == "care ended at closure"


def test_a_discharge_application_is_checked(cli, db_path, ward):
    ok(cli, "case", "plan", ward, "cla", "--start", "15/03/2024", "--pre-referral", "--child", "Jade Ward")
    ok(cli, "case", "plan", ward, "reunification", "--start", "08/06/2026", "--child", "Jade Ward")
    before = table_counts(db_path)
    fails(cli, "case", "plan", ward, "--discharge-applied", "01/06/2026", "--child", "Jade Ward", says="--discharge-applied '01/06/2026': is before Jade Ward's reunification plan began (08/06/2026)")
    fails(cli, "case", "plan", ward, "--discharge-applied", "16/11/2026", "--pre-referral", "--child", "Jade Ward", code=1, says="--pre-referral")
    fails(cli, "case", "plan", ward, "--discharge-applied", "16/11/2026", "--order-discharged", "10/11/2026", "--child", "Jade Ward", says="is before the application to discharge it (16/11/2026)")
    assert table_counts(db_path) == before
    ok(cli, "case", "plan", ward, "--discharge-applied", "16/11/2026", "--child", "Jade Ward")
    fails(cli, "case", "plan", ward, "--discharge-applied", "17/11/2026", "--child", "Jade Ward", says="is recorded already (16/11/2026)")
    shown = json.loads(ok(cli, "case", "show", ward, "-f", "json").out)
    assert ("2026-11-16", "Application to discharge the care order") in [(e["on_date"], e["event"]) for e in shown["journey"]]


def test_a_child_protection_plan_and_visits_from_before_the_referral_set_the_clocks(cli, ward):
    """A CP plan the social worker's team began in 2025, its last review and the last statutory visit
    both before Family Solutions was referred: the next review and visit count from them."""
    refused = fails(cli, "case", "plan", ward, "cp", "--start", "06/01/2025", "--category", "NEG", "--child", "Riley Ward", "--pre-referral")
    assert "a CP plan starts on the day of the ICPC" in refused.err
    ok(cli, "case", "plan", ward, "cp", "--start", "06/01/2025", "--category", "NEG", "--child", "Riley Ward", "--pre-referral", "--reason", "ICPC held by the children's services team before this referral")
    ok(cli, "meeting", "log", ward, "--type", "rcpc", "--date", "19/05/2026", "--pre-referral")
    ok(cli, "meeting", "log", ward, "--type", "core-group", "--date", "28/05/2026", "--pre-referral")
    ok(cli, "visit", "log", ward, "--type", "statutory-visit", "--date", "27/05/2026", "--seen", "Riley Ward", "--pre-referral", "--note", "Seen at school")
    due = {d["rule"]: d for d in json.loads(ok(cli, "due", "--case", ward, "--within", "26w", "-f", "json").out)}
    assert (due["cp-review"]["due_on"], due["cp-review"]["basis"]) == ("2026-11-19", "6 months after the last one (19/05/2026)")
    assert due["cp-visit"]["basis"] == "10 working days after the child was last seen (27/05/2026)"
    assert "cp-review-first" not in due and "core-group-first" not in due
