"""A family sets goals in their own words and scales them with their worker over the weeks."""

import json
import os

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def ashworth(cli):
    ref = open_case(cli, "Ashworth family", referred="22/06/2026", source="5A", worker="Sam Okafor")
    add_person(cli, ref, "Kerry Ashworth", "parent")
    add_person(cli, ref, "Mia Ashworth", "child", dob="01/04/2018")
    assert cli("agency", "add", ref, "Pat Greene", "--kind", "iro").code == 0
    number = ok(cli, "goal", "add", ref, "Mum feels confident setting bedtimes", "--for", "Kerry Ashworth", "--area", "happy", "--outcome", "relationships").out.strip()
    assert number == "FS-0001/1"
    return ref


def test_family_and_worker_scores_sit_side_by_side(cli, ashworth):
    for value, by, day in (("3", "Kerry Ashworth", "29/06/2026"), ("2", "worker", "29/06/2026"), ("6", "Kerry Ashworth", "17/08/2026"), ("5", "Sam Okafor", "17/08/2026"), ("8", "kerry ashworth", "16/11/2026")):
        ok(cli, "goal", "score", "FS-0001/1", value, "--by", by, "--date", day)
    progress = json.loads(ok(cli, "goal", "progress", ashworth, "-f", "json").out)
    goal = progress["goals"][0]
    assert (goal["family_first"], goal["family_latest"], goal["family_change"]) == (3, 8, 5)
    assert (goal["worker_first"], goal["worker_latest"], goal["worker_change"]) == (2, 5, 3)
    assert goal["family_trend"] == "3 → 6 → 8 (+5)" and "family_chart" not in goal  # the chart is for the terminal only
    assert progress["family_verdict"] == "improved" and progress["areas"] == [{"area": "Happy", "goals": 1, "baseline": 3, "latest": 8, "change": 5}]
    table = ok(cli, "goal", "progress", ashworth, "-f", "table").out
    assert "3 → 6 → 8 (+5)" in table and "▃▅▇" in table
    phases = [r[0] for r in rows(os.environ["FSCLI_DB"], "SELECT phase FROM goal_score ORDER BY id")]
    assert phases == ["baseline", "baseline", "midway", "midway", "review"]  # Kerry's and Sam's ratings of 17/08 are both the midway


def test_a_correction_supersedes_but_both_stay_in_the_history(cli, ashworth):
    ok(cli, "goal", "score", "FS-0001/1", "3", "--by", "Kerry Ashworth", "--date", "29/06/2026")
    ok(cli, "goal", "score", "FS-0001/1", "9", "--by", "Kerry Ashworth", "--date", "16/11/2026")
    fixed = ok(cli, "goal", "score", "FS-0001/1", "7", "--by", "Kerry Ashworth", "--date", "16/11/2026", "--corrects", "2")
    assert "correcting score 2; their scores: 3 → 7 (+4)" in fixed.err
    history = json.loads(ok(cli, "goal", "show", "FS-0001/1", "-f", "json").out)["scores"]
    assert [(s["score"], s["value"], s["status"]) for s in history] == [(1, 3, "current"), (2, 9, "corrected by score 3"), (3, 7, "corrects score 2")]
    assert cli("goal", "score", "FS-0001/1", "6", "--by", "Kerry Ashworth", "--corrects", "2").code == 1  # a score is corrected once
    assert cli("goal", "score", "FS-0001/1", "6", "--by", "Kerry Ashworth", "--corrects", "S2").code == 1  # named as 'goal show' lists it
    again = ok(cli, "goal", "score", "FS-0001/1", "8", "--by", "Kerry Ashworth", "--date", "16/11/2026", "--corrects", "S3")
    assert "correcting score 3" in again.err


def test_the_caseload_share_counts_single_ratings_apart(cli, ashworth):
    ok(cli, "goal", "score", "FS-0001/1", "3", "--by", "Kerry Ashworth", "--date", "29/06/2026")
    ok(cli, "goal", "score", "FS-0001/1", "6", "--by", "Kerry Ashworth", "--date", "16/11/2026")
    other = open_case(cli, "Lewis family", referred="21/09/2026", source="5B")
    add_person(cli, other, "Mark Lewis", "parent")
    ok(cli, "goal", "add", other, "Fewer arguments")
    ok(cli, "goal", "score", f"{other}/1", "4", "--by", "Mark Lewis", "--date", "01/10/2026")
    third = open_case(cli, "Carter family", referred="21/09/2026", source="2A")
    add_person(cli, third, "Donna Carter", "parent")
    ok(cli, "goal", "add", third, "We get on at home", "--scale", "0-10")
    ok(cli, "goal", "score", f"{third}/1", "0", "--by", "Donna Carter", "--date", "01/10/2026")
    ok(cli, "goal", "score", f"{third}/1", "0", "--by", "Donna Carter", "--date", "01/11/2026")
    result = ok(cli, "goal", "progress", "--all", "-f", "table").out
    assert "Improved: 1 of 2 families rated at least twice (50%); no change: 1; worse: 0; single rating, counted apart: 1." in result
    assert "Definition: A family improved when" in result
    piped = ok(cli, "goal", "progress", "--all", "-f", "json")
    assert "Improved: 1 of 2 families" in piped.err  # the share and its definition go with the data
    verdicts = {r["ref"]: r["verdict"] for r in json.loads(piped.out)}
    assert verdicts == {ashworth: "improved", other: "single rating", third: "no change"}


def test_closed_goals_take_no_scores_and_case_show_has_the_goals(cli, ashworth):
    ok(cli, "goal", "score", "FS-0001/1", "4", "--by", "Pat Greene", "--date", "01/09/2026")
    ok(cli, "goal", "close", "FS-0001/1", "--date", "today", "--achieved", "--note", "Bedtimes calm for a month")
    refused = cli("goal", "score", "FS-0001/1", "5", "--by", "worker")
    assert refused.code == 1 and "was achieved on 23/11/2026: it takes no new scores" in refused.err
    shown = json.loads(ok(cli, "case", "show", ashworth, "-f", "json").out)
    assert [(g["goal"], g["status"], g["family_trend"]) for g in shown["goals"]] == [(1, "achieved", "")]
    assert rows(os.environ["FSCLI_DB"], "SELECT rater_kind, rater_name FROM goal_score") == [("professional", "Pat Greene")]


def test_scores_stay_within_the_case_dates(cli, ashworth):
    assert "cannot be before the referral (22/06/2026)" in cli("goal", "score", "FS-0001/1", "5", "--by", "worker", "--date", "01/06/2026").err
    assert "cannot be in the future" in cli("goal", "score", "FS-0001/1", "5", "--by", "worker", "--date", "tomorrow").err
    ok(cli, "goal", "score", "FS-0001/1", "4", "--by", "Sam Okafor", "--date", "29/06/2026")
    ok(cli, "case", "close", ashworth, "--date", "16/11/2026", "--reason", "RC7")
    assert "cannot be after the case closed (16/11/2026)" in cli("goal", "score", "FS-0001/1", "5", "--by", "worker", "--date", "today").err
    end = ok(cli, "goal", "score", "FS-0001/1", "6", "--by", "Sam Okafor", "--date", "16/11/2026")
    assert ", end;" in end.err  # scored on the closure day: the end rating


BAD = [
    (["goal", "score", "FS-0001/1", "11", "--by", "worker"], "VALUE '11': is outside this goal's scale (1-10)"),
    (["goal", "score", "FS-0001/1", "seven", "--by", "worker"], "VALUE 'seven': a score is a whole number from 1 to 10"),
    (["goal", "score", "FS-0001/1", "-1", "--by", "worker"], "VALUE '-1': a score is a whole number from 1 to 10"),
    (["goal", "score", "FS-0001/1", "0", "--by", "worker"], "VALUE '0': is outside this goal's scale (1-10)"),
    (["goal", "score", "FS-0001/1", "5", "--by", "Bob Stranger"], "--by 'Bob Stranger': is not someone on case FS-0001"),
    (["goal", "score", "FS-0001/9", "5", "--by", "worker"], "goal FS-0001/9: no such goal (case FS-0001 has 1)"),
    (["goal", "score", "x", "5", "--by", "worker"], "GOAL 'x': is not a goal; name it with its case, as in FS-0001/2"),
    (["goal", "score", "FS-0001/1", "5", "--by", "worker", "--phase", "halfway"], "--phase 'halfway': is not a phase"),
    (["goal", "add", "FS-0001", "Sleep well", "--area", "Wealthy"], "--area 'Wealthy': is not one of the goal areas (Happy, Healthy, Safe)"),
    (["goal", "add", "FS-0001", "Sleep well", "--scale", "1-5"], "--scale '1-5': is not a scale fscli uses"),
    (["goal", "add", "FS-0001", "Sleep well", "--outcome", "wealth"], "--outcome 'wealth': is not a valid supporting families headline outcome code"),
    (["goal", "add", "FS-0001", "Sleep well", "--for", "Nobody"], "--for 'Nobody': is not in case FS-0001"),
    (["goal", "close", "FS-0001/1", "--date", "today"], "choose one of them"),
    (["goal", "progress"], "give a case reference, or --all"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a)[:50] for a, _ in BAD])
def test_bad_goal_input_is_refused_with_one_line_and_changes_nothing(cli, ashworth, db_path, args, message):
    before = table_counts(db_path)
    fails(cli, *args, says=message)
    assert table_counts(db_path) == before


def test_goal_areas_come_from_the_config(cli, ashworth, monkeypatch):
    monkeypatch.setenv("FSCLI_GOAL_AREAS", "Home, School, Friends")
    ok(cli, "goal", "add", ashworth, "Mia has a friend round", "--area", "friends")
    assert json.loads(ok(cli, "goal", "list", ashworth, "-f", "json").out)[1]["area"] == "Friends"


def test_a_bare_goal_number_cannot_land_on_another_family(cli, ashworth, db_path, monkeypatch):
    """Sam holds the Ashworths. Goal 2 is the Lewis family's, a closed case Sam never held:
    'goal score 2 9' meant for the Ashworths' second goal is refused, and nothing is written."""
    lewis = open_case(cli, "Lewis family", referred="21/09/2026", source="5B", worker="Jo Bright")
    add_person(cli, lewis, "Mark Lewis", "parent")
    assert ok(cli, "goal", "add", lewis, "Fewer arguments").out.strip() == f"{lewis}/1"
    ok(cli, "case", "close", lewis, "--date", "20/11/2026", "--reason", "RC7")
    second = ok(cli, "goal", "add", ashworth, "Mia gets to school on time")
    assert second.out.strip() == f"{ashworth}/2" and f"Added goal {ashworth}/2 for {ashworth} Ashworth family" in second.err
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    before = table_counts(db_path)
    fails(cli, "goal", "score", "2", "9", "--by", "worker", says="GOAL '2': is not a goal on one of your open cases (bare goal numbers run across every family); name it with its case, as in FS-0001/2")
    fails(cli, "goal", "show", "2", says="is not a goal on one of your open cases")
    assert table_counts(db_path) == before
    # a bare number still works for a goal on Sam's own open case (scripts that did so keep working)
    ok(cli, "goal", "score", "1", "4", "--by", "worker", "--date", "29/06/2026")
    named = ok(cli, "goal", "score", f"{ashworth}/2", "5", "--by", "worker", "--date", "29/06/2026")
    assert f"Goal {ashworth}/2 (Ashworth family): Sam Okafor (worker) scored 5" in named.err
    monkeypatch.delenv("FSCLI_WORKER")
    fails(cli, "goal", "score", "1", "5", "--by", "worker", says="fscli does not know your name")
    listed = json.loads(ok(cli, "goal", "list", ashworth, "-f", "json").out)
    assert [(g["name"], g["text"]) for g in listed] == [(f"{ashworth}/1", "Mum feels confident setting bedtimes"), (f"{ashworth}/2", "Mia gets to school on time")]
    shown = json.loads(ok(cli, "goal", "show", f"{lewis.lower()}/1", "-f", "json").out)
    assert (shown["name"], shown["family"]) == (f"{lewis}/1", "Lewis family")


def test_a_score_before_the_goal_s_baseline_is_refused(cli, ashworth, db_path):
    """The first score may be any day of the case, and becomes the baseline; later scores cannot go before it."""
    ok(cli, "goal", "score", "FS-0001/1", "3", "--by", "Kerry Ashworth", "--date", "29/06/2026")
    before = table_counts(db_path)
    fails(cli, "goal", "score", "FS-0001/1", "2", "--by", "worker", "--date", "28/06/2026", says="--date '28/06/2026': is before this goal's baseline (29/06/2026, its first day scored)")
    assert table_counts(db_path) == before
    # correcting the baseline score to an earlier day moves the baseline; both stay in the history
    ok(cli, "goal", "score", "FS-0001/1", "3", "--by", "Kerry Ashworth", "--date", "26/06/2026", "--corrects", "1")
    ok(cli, "goal", "score", "FS-0001/1", "2", "--by", "worker", "--date", "26/06/2026")  # the baseline day itself is fine


def test_phases_belong_to_the_goals_timeline_not_to_each_rater(cli, ashworth, monkeypatch):
    monkeypatch.setenv("FSCLI_TODAY", "2026-06-29")
    assert ", baseline;" in ok(cli, "goal", "score", f"{ashworth}/1", "3", "--by", "Kerry Ashworth").err
    assert ", baseline;" in ok(cli, "goal", "score", f"{ashworth}/1", "2", "--by", "worker").err
    monkeypatch.setenv("FSCLI_TODAY", "2026-08-17")  # seven weeks on: Kerry and Sam rescale together
    assert ", midway;" in ok(cli, "goal", "score", f"{ashworth}/1", "6", "--by", "Kerry Ashworth").err
    assert ", midway;" in ok(cli, "goal", "score", f"{ashworth}/1", "5", "--by", "worker").err
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-16")  # the last session: Kerry scores, then Sam closes the goal
    assert ", review;" in ok(cli, "goal", "score", f"{ashworth}/1", "8", "--by", "Kerry Ashworth").err
    closed = ok(cli, "goal", "close", f"{ashworth}/1", "--date", "today", "--achieved")
    assert "score 5 of that day stays 'review'" in closed.err and "--corrects ID --phase end" in closed.err
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-18")  # the case closed on the day of the last session; the ratings typed up later are the end
    ok(cli, "goal", "add", ashworth, "Mia gets to school on time", "--for", "Mia Ashworth")
    ok(cli, "goal", "score", f"{ashworth}/2", "4", "--by", "Mia Ashworth", "--date", "29/06/2026")
    ok(cli, "case", "close", ashworth, "--date", "16/11/2026", "--reason", "RC7")
    assert ", end;" in ok(cli, "goal", "score", f"{ashworth}/2", "9", "--by", "Mia Ashworth", "--date", "16/11/2026").err
    assert ", end;" in ok(cli, "goal", "score", f"{ashworth}/2", "8", "--by", "Pat Greene", "--date", "16/11/2026").err


def test_goal_show_says_each_of_the_familys_scores_when_two_of_them_scored_a_day(cli, ashworth):
    for value, by, day in (("3", "Kerry Ashworth", "29/06/2026"), ("7", "kerry ashworth", "17/08/2026"), ("5", "Mia Ashworth", "17/08/2026"), ("2", "worker", "29/06/2026")):
        ok(cli, "goal", "score", "FS-0001/1", value, "--by", by, "--date", day)
    shown = json.loads(ok(cli, "goal", "show", "FS-0001/1", "-f", "json").out)
    assert shown["family_trend"] == "3 → 6 (+3)"  # the day's mean: a score neither of them gave...
    assert shown["family_each"] == "Kerry Ashworth: 3 → 7 (+4); Mia Ashworth: 5 (one rating). 'Family' is the mean of the scores given on the same day."  # ...and so it is said
    ok(cli, "goal", "add", ashworth, "Mia sleeps in her own bed")
    ok(cli, "goal", "score", "FS-0001/2", "4", "--by", "Kerry Ashworth", "--date", "29/06/2026")
    assert json.loads(ok(cli, "goal", "show", "FS-0001/2", "-f", "json").out)["family_each"] is None  # one of them: nothing to explain
