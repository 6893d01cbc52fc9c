"""What is due, told as a social worker's fortnight on a child protection case (today is Monday 23 Nov 2026)."""

import json

import pytest

from tests.conftest import rows
from tests.factories import add_person, fails, ok, open_case, wilson_on_s47


def items(cli, *args):
    return json.loads(ok(cli, "due", "-f", "json", *args).out)


def by_rule(found):
    return {(i["rule"], i["child"]): i for i in found}


@pytest.fixture
def wilson(cli):
    """A newborn on a CP plan from an ICPC on Tuesday 17 Nov 2026, after a strategy discussion on 2 Nov."""
    return wilson_on_s47(cli)


def test_an_s47_has_its_icpc_deadline_and_the_plan_starts_the_cp_clocks(cli, wilson):
    icpc = by_rule(items(cli, "--case", wilson))[("icpc", "Harper Wilson")]
    assert icpc["due_on"] == "2026-11-23" and icpc["state"] == "due today"  # 15 wd after Mon 2 Nov
    assert icpc["basis"] == "15 working days after the strategy discussion (02/11/2026)"
    ok(cli, "s47", "outcome", wilson, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", wilson, "cp", "--start", "17/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    found = by_rule(items(cli, "--case", wilson, "--within", "90d"))
    assert ("icpc", "Harper Wilson") not in found
    assert found[("core-group-first", None)]["due_on"] == "2026-12-01"
    assert found[("cp-visit", "Harper Wilson")]["due_on"] == "2026-12-01"
    assert found[("cp-review-first", None)]["due_on"] == "2027-02-17"
    assert found[("cp-visit", "Harper Wilson")]["worker"] == "Helen Price"


def test_recording_the_visit_and_the_core_group_moves_the_clocks_on(cli, wilson):
    ok(cli, "s47", "outcome", wilson, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", wilson, "cp", "--start", "17/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    ok(cli, "visit", "log", wilson, "--type", "phone", "--date", "20/11/2026", "--note", "Rang mum")
    ok(cli, "visit", "log", wilson, "--type", "home-visit", "--date", "19/11/2026", "--seen", "Harper Wilson", "--note", "Harper feeding well")
    ok(cli, "meeting", "log", wilson, "--type", "core-group", "--date", "20/11/2026")
    found = by_rule(items(cli, "--case", wilson, "--within", "90d"))
    assert found[("cp-visit", "Harper Wilson")]["due_on"] == "2026-12-03"  # 10 wd after Thu 19 Nov; the call does not count
    assert found[("core-group", None)]["due_on"] == "2026-12-18"  # 4 weeks after Fri 20 Nov
    assert ("core-group-first", None) not in found


def test_a_meeting_before_the_plan_began_does_not_count(cli, wilson):
    ok(cli, "meeting", "log", wilson, "--type", "core-group", "--date", "16/11/2026")
    ok(cli, "s47", "outcome", wilson, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", wilson, "cp", "--start", "17/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    found = by_rule(items(cli, "--case", wilson, "--within", "90d"))
    assert found[("core-group-first", None)]["due_on"] == "2026-12-01"


def test_overdue_items_show_whatever_the_window_and_the_window_limits_the_rest(cli, wilson):
    ok(cli, "task", "add", wilson, "Send the ICPC report", "--due", "16/11/2026")
    ok(cli, "task", "add", wilson, "Book the interpreter", "--due", "in 3 weeks")
    tasks = [i for i in items(cli, "--within", "2d") if i["rule"] == "task"]
    assert [(t["what"], t["state"]) for t in tasks] == [("Task: Send the ICPC report", "overdue by 7 days")]
    assert len([i for i in items(cli, "--within", "4w") if i["rule"] == "task"]) == 2


def test_a_closed_case_has_only_its_six_month_check_until_it_is_recorded(cli):
    ref = open_case(cli, "Hughes family", referred="06/07/2026", source="2A", reason="Lateness", worker="Sam Okafor")
    add_person(cli, ref, "Ellie Hughes", "child", dob="01/01/2019")
    ok(cli, "case", "plan", ref, "early-help", "--start", "07/07/2026", "--child", "Ellie Hughes")
    ok(cli, "task", "add", ref, "Ring school", "--due", "+2d")
    ok(cli, "case", "close", ref, "--date", "02/11/2026", "--reason", "outcomes-met")
    found = items(cli, "--case", ref, "--within", "365d")
    assert [(i["rule"], i["due_on"]) for i in found] == [("sustained-check", "2027-04-30")]  # 2 May 2027 is a Sunday
    ok(cli, "case", "check", ref, "--sustained", "yes", "--note", "Still on time every day")
    assert items(cli, "--case", ref, "--within", "365d") == []
    assert rows(cli_db(), "SELECT sustained FROM outcome_check") == [("yes",)]
    closures = json.loads(ok(cli, "closures", "-f", "json").out)
    assert [(c["ref"], c["check_on"], c["flag"]) for c in closures] == [(ref, "2027-04-30", "check recorded: sustained yes")]


def cli_db():
    import os

    return os.environ["FSCLI_DB"]


def test_the_check_is_refused_on_an_open_case_and_before_the_closure(cli, wilson):
    refused = cli("case", "check", wilson, "--sustained", "yes")
    assert refused.code == 1 and "is open" in refused.err
    assert cli("case", "check", wilson, "--sustained", "perhaps").code == 1
    assert rows(cli_db(), "SELECT count(*) FROM outcome_check") == [(0,)]


def test_mine_and_worker_narrow_to_the_cases_a_worker_holds(cli, wilson, monkeypatch):
    other = open_case(cli, "Quinn family", referred="22/11/2026", source="1B", reason="Neighbour worried", worker="Dee Campbell")
    refused = cli("due", "--mine")
    assert refused.code == 1 and "FSCLI_WORKER" in refused.err
    monkeypatch.setenv("FSCLI_WORKER", "Dee Campbell")
    mine = items(cli, "--mine")
    assert {i["ref"] for i in mine} == {other}
    assert mine[0]["rule"] == "referral-decision" and mine[0]["due_on"] == "2026-11-23"
    assert {i["ref"] for i in items(cli, "--worker", "helen price")} == {wilson}


def test_reviews_and_closures_answer_the_managers_questions(cli, wilson):
    ok(cli, "s47", "outcome", wilson, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", wilson, "cp", "--start", "17/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    long = open_case(cli, "Begum family", referred="25/05/2026", source="3B", reason="Grandmother worried", worker="Sam Okafor")
    add_person(cli, long, "Aisha Begum", "child", dob="23/05/2025")
    ok(cli, "case", "plan", long, "early-help", "--start", "26/05/2026", "--child", "Aisha Begum")
    reviews = json.loads(ok(cli, "reviews", "-f", "json").out)
    assert [(r["ref"], r["rule"]) for r in reviews] == [(long, "taf-review"), (wilson, "core-group-first"), (wilson, "cp-review-first")]
    overdue = json.loads(ok(cli, "reviews", "--overdue", "-f", "json").out)
    assert [(r["ref"], r["due_on"], r["state"]) for r in overdue] == [(long, "2026-07-07", "overdue by 139 days")]  # 6 weeks after 26 May
    closures = {c["ref"]: c for c in json.loads(ok(cli, "closures", "-f", "json").out)}
    assert wilson not in closures  # CP work closes when a conference says so
    assert closures[long]["target_on"] == "2026-08-17" and closures[long]["weeks_open"] == 26
    assert closures[long]["flag"] == "open past 16 weeks"


def test_a_team_profile_overrides_a_timescale_and_profile_show_says_so(cli, wilson, tmp_path, monkeypatch):
    team = tmp_path / "team.toml"
    team.write_text('[timescales]\nicpc = "10 working days"\n')
    monkeypatch.setenv("FSCLI_PROFILE", str(team))
    assert by_rule(items(cli, "--case", wilson))[("icpc", "Harper Wilson")]["due_on"] == "2026-11-16"
    shown = {r["rule"]: r for r in json.loads(ok(cli, "profile", "show", "-f", "json").out)}
    assert shown["icpc"]["interval"] == "10 working days" and shown["icpc"]["default"] == "15 working days"
    assert shown["icpc"]["set_by"] == f"profile file {team}"
    assert shown["assessment"]["set_by"] == "default" and "45 working days" == shown["assessment"]["interval"]
    team.write_text('[timescales]\nicpc = "a fortnight"\ncp-vist = "2 weeks"\n')
    bad = cli("due")
    assert bad.code == 1 and "'a fortnight'" in bad.err and "cp-vist" in bad.err


def test_a_bank_holiday_announced_after_release_is_added_in_the_config(cli, wilson, tmp_path, monkeypatch):
    config = tmp_path / "config.toml"
    config.write_text('[bank_holidays]\nadd = [2026-11-13]\n')
    monkeypatch.setenv("FSCLI_CONFIG", str(config))
    # 15 working days after Mon 2 Nov, with Fri 13 Nov a day off, is Tue 24 Nov.
    assert by_rule(items(cli, "--case", wilson))[("icpc", "Harper Wilson")]["due_on"] == "2026-11-24"
    assert "Bank holiday added: Fri 13/11/2026" in ok(cli, "profile", "show", "-f", "table").out


def test_the_calendar_feed_names_no_one_and_keeps_its_event_ids(cli, wilson):
    import icalendar

    ok(cli, "task", "add", wilson, "Ring Chloe Wilson about Harper's weight", "--due", "16/11/2026")
    feed = ok(cli, "due", "--format", "ics").out
    calendar = icalendar.Calendar.from_ical(feed)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    summaries = sorted(str(e["SUMMARY"]) for e in events)
    assert summaries == [f"{wilson}: Initial child protection conference (H.W.)", f"OVERDUE since 16/11/2026: {wilson}: Task due"]
    assert "Chloe" not in feed and "Harper" not in feed
    assert [str(e["UID"]) for e in events] == [str(e["UID"]) for e in icalendar.Calendar.from_ical(ok(cli, "due", "--format", "ics").out).walk("VEVENT")]


def test_case_show_has_what_is_due_for_the_family(cli, wilson):
    page = json.loads(ok(cli, "case", "show", wilson, "-f", "json").out)
    assert [(d["rule"], d["due_on"]) for d in page["due"]] == [("icpc", "2026-11-23")]


@pytest.mark.parametrize(("args", "says"), [(("--within", "soon"), "--within 'soon'"), (("--mine", "--worker", "X"), "--mine"), (("--case", "FS-9999"), "no such case")])
def test_bad_input_is_one_clear_line(cli, args, says):
    fails(cli, "due", *args, says=says)


def test_a_reference_typed_in_lower_case_names_the_same_case(cli, wilson):
    assert items(cli, "--case", wilson.lower()) == items(cli, "--case", wilson) != []
    missing = cli("due", "--case", "fs-9999")
    assert missing.code == 1 and "case 'fs-9999': no such case" in missing.err


def test_a_video_call_does_not_do_a_planned_home_visit_nor_see_the_child(cli, wilson, monkeypatch):
    """Harper's home visit was planned for Thursday, but mum asked for a video call instead. The call
    is recorded, Harper on screen, yet the home visit is missed and her CP visit is still due from
    the plan's start. The video call planned for Monday is done by Monday's video call."""
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-16")
    ok(cli, "visit", "plan", wilson, "--type", "home-visit", "--date", "19/11/2026 10am")
    ok(cli, "visit", "plan", wilson, "--type", "video", "--date", "23/11/2026 2pm")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-23")
    ok(cli, "s47", "outcome", wilson, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", wilson, "cp", "--start", "17/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    call = ok(cli, "visit", "log", wilson, "--type", "video", "--date", "19/11/2026 10am", "--seen", "Harper Wilson", "--note", "Mum asked for a call instead")
    assert "fulfils" not in call.err
    week = json.loads(ok(cli, "week", "16/11/2026", "-f", "json").out)
    assert ("2026-11-19", "Missed: home visit") in [(e["on_date"], e["what"]) for e in week]
    visit = by_rule(items(cli, "--case", wilson, "--within", "90d"))[("cp-visit", "Harper Wilson")]
    assert (visit["due_on"], visit["basis"]) == ("2026-12-01", "10 working days after the plan's start (17/11/2026)")
    planned_call = ok(cli, "visit", "log", wilson, "--type", "video", "--date", "today 2pm", "--seen", "Harper Wilson")
    assert "fulfils the visit planned for 23/11/2026" in planned_call.err
    shown = json.loads(ok(cli, "case", "show", wilson, "-f", "json").out)
    assert not [c for c in shown["last_seen"] if c["child"] == "Harper Wilson" and c["last_seen"]]  # on screen is not seen (no child seen yet: no rows, reports/contacts.py)


def test_a_core_group_booked_at_the_last_one_is_listed_once(cli, wilson):
    ok(cli, "s47", "outcome", wilson, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", wilson, "cp", "--start", "17/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    ok(cli, "meeting", "log", wilson, "--type", "core-group", "--date", "20/11/2026", "--next", "15/12/2026")
    found = [(i["rule"], i["what"], i["due_on"]) for i in items(cli, "--case", wilson, "--within", "90d") if "ore group" in i["what"]]
    assert found == [("core-group", "Core group (booked)", "2026-12-15")]
    reviews = json.loads(ok(cli, "reviews", "-f", "json").out)
    assert [r["what"] for r in reviews if r["rule"].startswith("core-group")] == ["Core group (booked)"]


def test_a_referral_decided_for_further_action_has_no_decision_due(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-20")
    ref = open_case(cli, "Khan family", referred="20/11/2026", source="3B", worker="Helen Price")
    ok(cli, "case", "referral", ref, "--further-action")
    monkeypatch.setenv("FSCLI_TODAY", "2026-12-07")  # the assessment is not started yet, but the decision was made on the day
    assert [i for i in items(cli, "--case", ref) if i["rule"] == "referral-decision"] == []


def test_a_referral_with_no_further_action_has_no_decision_due(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-20")
    ref = open_case(cli, "Khan family", referred="20/11/2026", source="3B", worker="Helen Price")
    assert [i["rule"] for i in items(cli, "--case", ref)] == ["referral-decision"]
    ok(cli, "case", "referral", ref, "--nfa")
    assert [i for i in items(cli, "--case", ref) if i["rule"] == "referral-decision"] == []


def test_a_case_reopened_without_a_worker_is_held_by_no_one_in_every_view(cli, monkeypatch):
    """Priya held the Harts until the closure. The GP's new referral reopens the case, not yet
    allocated: `case show`, `due` and `closures` all say no one holds it, and Priya's list is clear."""
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-23")
    ref = open_case(cli, "Hart family", referred="02/11/2026", source="3B", worker="Priya Shah")
    ok(cli, "task", "add", ref, "Ring the GP", "--due", "+3d")
    ok(cli, "case", "close", ref, "--date", "today", "--reason", "RC7")
    ok(cli, "case", "reopen", ref, "--date", "today", "--reason", "New referral from the GP")
    assert json.loads(ok(cli, "case", "show", ref, "-f", "json").out)["worker"] == "unallocated"
    assert {i["worker"] for i in items(cli, "--case", ref)} == {None}
    assert items(cli, "--worker", "Priya Shah") == []
    ok(cli, "case", "allocate", ref, "Sam Okafor", "--date", "today")
    assert {i["worker"] for i in items(cli, "--case", ref)} == {"Sam Okafor"}
