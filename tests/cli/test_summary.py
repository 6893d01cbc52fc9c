"""A team manager's questions, answered on a small caseload worked out by hand (today is Mon 23 Nov 2026).

The four families, in the period 01/01/2026 to 23/11/2026:
- Adams: referred 05/01/2026; Amy (born 01/01/2012) on Early Help, stepped up to CIN on 02/03,
  became looked after on 01/06, went home on 01/08 and stepped down to Early Help (RC7). Three workers.
- Brown: referred 01/02/2026; Ben (born 01/06/2010, 16 since 01/06/2026) on Early Help; closed RC7 01/05/2026.
- Clark: referred 01/03/2025, closed 01/04/2025, reopened 01/02/2026 (a re-referral within 12 months);
  Cal (born 05/05/2020) on CIN from 02/02/2026; one family rating only.
- Dunn: referred 01/09/2026; Dani (born 10/01/2026) on Early Help; the family scored its goal 3, then 6.
"""

import json
from datetime import date

import pytest

from tests.conftest import TODAY, execute
from tests.factories import add_person, ok, open_case


@pytest.fixture
def caseload(cli):
    adams = open_case(cli, "Adams family", referred="05/01/2026", source="2A", reason="School worried", worker="Sam Okafor")
    add_person(cli, adams, "Amy Adams", "child", dob="01/01/2012")
    ok(cli, "case", "plan", adams, "early-help", "--start", "06/01/2026", "--child", "Amy Adams")
    ok(cli, "case", "step-up", adams, "--date", "02/03/2026")
    ok(cli, "case", "plan", adams, "cin", "--start", "02/03/2026", "--child", "Amy Adams")
    ok(cli, "case", "allocate", adams, "Priya Shah", "--date", "01/04/2026", "--reason", "LEFTRL")
    ok(cli, "case", "plan", adams, "cla", "--start", "01/06/2026", "--child", "Amy Adams")
    ok(cli, "case", "plan", adams, "cla", "--end", "01/08/2026", "--child", "Amy Adams", "--reason", "went home")
    ok(cli, "case", "step-down", adams, "--date", "01/08/2026", "--reason", "RC7", "--child", "Amy Adams")
    ok(cli, "case", "allocate", adams, "Jo Reed", "--date", "01/09/2026", "--reason", "LEFTRL")

    brown = open_case(cli, "Brown family", referred="01/02/2026", source="3B", reason="Health visitor worried", worker="Sam Okafor")
    add_person(cli, brown, "Ben Brown", "child", dob="01/06/2010")
    ok(cli, "case", "plan", brown, "early-help", "--start", "02/02/2026", "--child", "Ben Brown")
    ok(cli, "case", "close", brown, "--date", "01/05/2026", "--reason", "RC7")

    clark = open_case(cli, "Clark family", referred="01/03/2025", source="1A", reason="Grandmother worried", worker="Sam Okafor")
    add_person(cli, clark, "Cal Clark", "child", dob="05/05/2020")
    ok(cli, "case", "close", clark, "--date", "01/04/2025", "--reason", "RC7")
    ok(cli, "case", "reopen", clark, "--date", "01/02/2026", "--reason", "New referral", "--worker", "Sam Okafor")
    ok(cli, "case", "plan", clark, "cin", "--start", "02/02/2026", "--child", "Cal Clark")
    ok(cli, "goal", "add", clark, "Cal sleeps in his own bed")
    ok(cli, "goal", "score", f"{clark}/1", "4", "--by", "Cal Clark", "--date", "03/02/2026")

    dunn = open_case(cli, "Dunn family", referred="01/09/2026", source="5A", reason="Mum asked for help", worker="Sam Okafor")
    add_person(cli, dunn, "Dani Dunn", "child", dob="10/01/2026")
    add_person(cli, dunn, "Dee Dunn", "parent", dob="01/01/1998")
    ok(cli, "case", "plan", dunn, "early-help", "--start", "01/09/2026", "--child", "Dani Dunn")
    ok(cli, "goal", "add", dunn, "Dee feels less alone", "--for", "Dee Dunn")
    ok(cli, "goal", "score", f"{dunn}/1", "3", "--by", "Dee Dunn", "--date", "02/09/2026")
    ok(cli, "goal", "score", f"{dunn}/1", "6", "--by", "Dee Dunn", "--date", "20/11/2026")
    return {"adams": adams, "brown": brown, "clark": clark, "dunn": dunn}


def indicators(cli, *args):
    return {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "--from", "01/01/2026", "--to", "23/11/2026", "-f", "json", *args).out)}


def test_the_indicators_match_the_hand_count(cli, caseload):
    found = indicators(cli)
    # Amy came into care during the work, so was not kept at home, though she went home again.
    assert (found["kept-at-home"]["numerator"], found["kept-at-home"]["denominator"]) == (3, 4)
    assert found["kept-at-home"]["value"] == "75% (3 of 4)"
    # The Clarks have one rating: counted apart, not as 'no change'.
    assert (found["families-improved"]["numerator"], found["families-improved"]["denominator"]) == (1, 1)
    # Open on 23/11: Adams (46 weeks), Clark (42 weeks since reopening), Dunn (11.9 weeks).
    assert (found["open-past-12-weeks"]["numerator"], found["open-past-12-weeks"]["denominator"]) == (2, 3)
    assert (found["open-past-16-weeks"]["numerator"], found["open-past-16-weeks"]["denominator"]) == (2, 3)
    # Brown: 01/02 to 01/05 is 89 days, 12.7 weeks.
    assert found["median-weeks-open"]["value"] == "12.7 weeks" and found["closed-rc7"]["value"] == "100% (1 of 1)"
    # Amy stepped up twice (Early Help to CIN, CIN to looked after) and down once: counts, not shares.
    assert (found["step-ups"]["numerator"], found["step-downs"]["numerator"], found["step-ups"]["denominator"]) == (2, 1, 4)
    assert (found["step-ups"]["value"], found["step-downs"]["value"]) == ("2 step-ups", "1 step-down")
    assert "among 4 children on a plan in the period" in found["step-ups"]["definition"]
    # Episodes, as the census counts them: the Adams' statutory episode ended in a step-down (RC7);
    # of the two Early Help episodes ended, the Adams' was stepped up and the Browns' closed.
    assert found["stepped-down-to-early-help"]["value"] == "100% (1 of 1)"
    assert found["stepped-up-from-early-help"]["value"] == "50% (1 of 2)"
    # Referrals in the period: Adams, Brown, Clark's reopening (closed 10 months before), Dunn,
    # and the Adams' step-up from Early Help on 02/03, a new referral (their first statutory work: not a re-referral).
    assert (found["re-referrals"]["numerator"], found["re-referrals"]["denominator"]) == (1, 5)
    assert found["workers-per-family"]["value"] == "1.5 workers"
    assert (found["three-or-more-workers"]["numerator"], found["three-or-more-workers"]["denominator"]) == (1, 4)
    assert found["cp-reviews-in-time"]["value"] == "none in the period"
    assert all(i["definition"] for i in found.values())


def test_families_improved_counts_only_the_scores_up_to_the_period_s_end(cli, caseload):
    """The Dunns scored 3 on 02/09 and 6 on 20/11: at the end of September they had one rating."""
    september = {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "--from", "01/01/2026", "--to", "30/09/2026", "-f", "json").out)}
    improved = september["families-improved"]
    assert (improved["numerator"], improved["denominator"], improved["value"]) == (0, 0, "none in the period")
    assert "Scores up to 30/09/2026; 2 families with a single rating left out." in improved["definition"]
    ok(cli, "goal", "score", f"{caseload['dunn']}/1", "2", "--by", "Dee Dunn", "--date", "01/09/2026", "--corrects", "2")  # the first rating was a 2, a day earlier
    assert (indicators(cli)["families-improved"]["numerator"], indicators(cli)["families-improved"]["denominator"]) == (1, 1)  # 2 -> 6
    ok(cli, "goal", "score", f"{caseload['dunn']}/1", "1", "--by", "Dee Dunn", "--date", "21/11/2026", "--corrects", "3")  # the 6 was a 1
    assert (indicators(cli)["families-improved"]["numerator"], indicators(cli)["families-improved"]["denominator"]) == (0, 1)  # 2 -> 1


def test_children_seen_in_time_count_only_face_to_face_visits_in_the_window(cli, caseload):
    """Cal (CIN since 02/02) on 23/11/2026: 20 working days back from Monday 23/11 is Monday
    26/10, so a visit from 26/10 on counts. A phone call, a visit he was not seen at, and a
    visit on Friday 23/10 do not."""
    clark = caseload["clark"]
    ok(cli, "visit", "log", clark, "--type", "home-visit", "--date", "23/10/2026", "--seen", "Cal Clark")
    ok(cli, "visit", "log", clark, "--type", "phone", "--date", "20/11/2026", "--seen", "Cal Clark")
    ok(cli, "visit", "log", clark, "--type", "home-visit", "--date", "10/11/2026", "--note", "Mum only; Cal at nursery")
    assert indicators(cli)["cin-visits-in-time"]["value"] == "0% (0 of 1)"
    ok(cli, "visit", "log", clark, "--type", "home-visit", "--date", "26/10/2026", "--seen", "Cal Clark")
    assert indicators(cli)["cin-visits-in-time"]["value"] == "100% (1 of 1)"


def test_a_past_period_counts_the_visits_in_its_own_window_not_later_ones(cli, caseload):
    """Cal seen on 20/11 only: not in time at the end of October (his last-seen date is after
    it, so his contacts are looked up); seen on 26/10 as well: in time then, and now."""
    clark = caseload["clark"]
    ok(cli, "visit", "log", clark, "--type", "home-visit", "--date", "20/11/2026", "--seen", "Cal Clark")

    def end_of_october() -> str:
        return {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "--from", "01/01/2026", "--to", "30/10/2026", "-f", "json").out)}["cin-visits-in-time"]["value"]

    assert end_of_october() == "0% (0 of 1)"
    assert indicators(cli)["cin-visits-in-time"]["value"] == "100% (1 of 1)"
    ok(cli, "visit", "log", clark, "--type", "home-visit", "--date", "26/10/2026", "--seen", "Cal Clark")
    assert end_of_october() == "100% (1 of 1)"
    ok(cli, "case", "plan", clark, "cin", "--end", "20/11/2026", "--child", "Cal Clark")  # ended since: still on it then
    assert end_of_october() == "100% (1 of 1)"


def test_a_child_whose_care_ended_before_the_work_began_was_kept_at_home(cli, caseload):
    """Eve was looked after in 2025 and went home; the Evans case closed and was reopened in
    2026 for Early Help. She did not come into care again: kept at home (3 of 4 becomes 4 of 5)."""
    evans = open_case(cli, "Evans family", referred="06/01/2025", source="1A", reason="Police worried", worker="Sam Okafor")
    add_person(cli, evans, "Eve Evans", "child", dob="01/03/2014")
    ok(cli, "case", "plan", evans, "cla", "--start", "07/01/2025", "--child", "Eve Evans")
    ok(cli, "case", "plan", evans, "cla", "--end", "30/06/2025", "--child", "Eve Evans")
    ok(cli, "case", "close", evans, "--date", "01/07/2025", "--reason", "RC7")
    ok(cli, "case", "reopen", evans, "--date", "02/02/2026", "--reason", "New referral", "--worker", "Sam Okafor")
    ok(cli, "case", "plan", evans, "early-help", "--start", "02/02/2026", "--child", "Eve Evans")
    assert indicators(cli)["kept-at-home"]["value"] == "80% (4 of 5)"
    ok(cli, "case", "step-up", evans, "--date", "01/10/2026")
    ok(cli, "case", "plan", evans, "cla", "--start", "01/10/2026", "--child", "Eve Evans")  # and now she did
    assert indicators(cli)["kept-at-home"]["value"] == "60% (3 of 5)"


def test_a_case_closed_before_a_period_and_reopened_after_it_was_not_in_it(cli, caseload):
    """The Clarks' case closed on 01/04/2025 and reopened on 01/02/2026: closed from May to
    December 2025 throughout, though referred before and open now."""

    def period(start: str, end: str) -> tuple[dict, dict]:
        summary = json.loads(ok(cli, "summary", "--from", start, "--to", end, "-f", "json").out)
        found = {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "--from", start, "--to", end, "-f", "json").out)}
        return summary, found

    summary, found = period("01/05/2025", "31/12/2025")
    assert summary["families"] == 0
    assert (found["open-past-12-weeks"]["denominator"], found["workers-per-family"]["denominator"]) == (0, 0)
    summary, found = period("01/03/2025", "30/04/2025")  # the closure falls in it
    assert summary["families"] == 1 and found["workers-per-family"]["denominator"] == 1
    assert found["open-past-12-weeks"]["denominator"] == 0  # closed on 01/04, before the period's last day
    summary, found = period("01/03/2025", "31/03/2025")
    assert (summary["families"], found["open-past-12-weeks"]["denominator"]) == (1, 1)


def test_the_summary_and_indicators_read_in_two_lanes_match_those_read_in_one(cli, caseload, db_path):
    from fscli.bank_holidays import england_and_wales
    from fscli.domain.timescales import Profile
    from fscli.domain.workdays import WorkingCalendar
    from fscli.reports.indicators import indicators_report
    from fscli.reports.summary import Period, summary
    from fscli.store.db import Database
    from fscli.store.location import locate

    database = Database(locate(str(db_path)))
    for period in (Period(date(2026, 1, 1), TODAY), Period(date(2025, 10, 1), date(2026, 9, 30)), Period(date(2026, 1, 1), TODAY, worker="Jo Reed")):
        with database.readers(1) as one:
            in_one_lane = indicators_report(one, period, Profile.default(), WorkingCalendar.of(england_and_wales(None)), TODAY)
        with database.readers(2) as two:
            assert len(two) == 2
            in_two_lanes = indicators_report(two, period, Profile.default(), WorkingCalendar.of(england_and_wales(None)), TODAY)
        assert in_two_lanes.rows == in_one_lane.rows and len(in_one_lane.rows) >= 14
        with database.readers(1) as one, database.readers(2) as two:
            assert summary(two, period, None) == summary(one, period, None) != summary(one, Period(date(2025, 5, 1), date(2025, 5, 1)), None)


def test_a_worker_s_indicators_count_only_their_families(cli, caseload):
    found = indicators(cli, "--worker", "Jo Reed")
    assert found["kept-at-home"]["value"] == "0% (0 of 1)"  # only the Adams were Jo's
    assert found["re-referrals"]["value"] == "0% (0 of 2)"  # the Adams' referral and their step-up


def test_the_summary_counts_children_by_plan_age_worker_source_and_area(cli, caseload):
    today = json.loads(ok(cli, "summary", "-f", "json").out)
    assert (today["families"], today["children"]) == (3, 3)  # the Browns closed in May
    assert {r["group"]: r["children"] for r in today["plan"]} == {"early-help": 2, "cin": 1}
    assert {r["group"]: r["children"] for r in today["age"]} == {"under 1": 1, "5-9": 1, "10-15": 1}
    period = json.loads(ok(cli, "summary", "--from", "01/01/2026", "--to", "23/11/2026", "-f", "json").out)
    assert (period["families"], period["children"], period["referred"]) == (4, 4, 3)
    assert {r["group"]: r["children"] for r in period["age"]} == {"under 1": 1, "5-9": 1, "10-15": 1, "16-17": 1}  # Ben turned 16 in June
    assert {r["group"]: r["children"] for r in period["plan"]} == {"early-help": 3, "cin": 2, "cla": 1}
    assert {r["group"]: r["families"] for r in period["worker"]} == {"Sam Okafor": 4, "Priya Shah": 1, "Jo Reed": 1}
    by_source = json.loads(ok(cli, "summary", "--by", "source", "-f", "json").out)
    assert {r["group"] for r in by_source} == {"2A", "1A", "5A"}
    assert cli("summary", "--by", "colour").code == 1
    assert cli("summary", "--from", "01/12/2026", "--to", "01/11/2026").code == 1


def test_the_chronology_puts_the_record_in_date_order(cli, caseload):
    ok(cli, "visit", "log", caseload["dunn"], "--type", "home-visit", "--date", "02/09/2026", "--seen", "Dani Dunn", "--note", "First visit: Dee tired but warm")
    events = json.loads(ok(cli, "chronology", caseload["dunn"], "-f", "json").out)
    assert [(e["event"], e["child"]) for e in events][:4] == [("Born", "Dani Dunn"), ("Referral", ""), ("Allocated", ""), ("Early Help plan started", "Dani Dunn")]
    visit = next(e for e in events if e["source"].startswith("V"))
    assert visit["summary"] == "seen: Dani Dunn; First visit: Dee tired but warm" and visit["on_date"] == "2026-09-02"
    assert [e["on_date"] for e in events] == sorted(e["on_date"] for e in events)


def test_the_chronology_keeps_the_whole_note_for_machines_and_has_the_diary(cli, caseload, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    long_note = "Group session at the children's centre. " * 4 + "Ava confident with the other mums, Dee stayed for the whole session and asked about the next one."
    ok(cli, "visit", "log", caseload["dunn"], "--type", "home-visit", "--date", "02/09/2026", "--note", long_note)
    ok(cli, "diary", "add", caseload["dunn"], "Rang Dee: she will come to the group on Thursday\nShe asked for the bus times", "--date", "03/09/2026 16:00")
    events = json.loads(ok(cli, "chronology", caseload["dunn"], "-f", "json").out)
    assert next(e for e in events if e["source"] == "V1")["summary"] == long_note
    diary = next(e for e in events if e["source"].startswith("D"))
    assert (diary["event"], diary["on_date"], diary["at_time"], diary["who"]) == ("Diary", "2026-09-03", "16:00", "Sam Okafor")
    as_csv = ok(cli, "chronology", caseload["dunn"], "-f", "csv")
    assert long_note in as_csv.out and "cut to the first line" in as_csv.err
    table = ok(cli, "chronology", caseload["dunn"], "-f", "table").out
    assert long_note not in table.replace("\n", "") and "csv, tsv, json and ndjson carry the whole text" in table


def test_search_finds_words_and_takes_wildcards_literally(cli, caseload):
    ok(cli, "diary", "add", caseload["dunn"], "Rang Dee: 100% better after the group")
    found = json.loads(ok(cli, "search", "dee group", "-f", "json").out)
    assert [(f["kind"], f["ref"]) for f in found] == [("diary", caseload["dunn"])]
    assert json.loads(ok(cli, "search", "100%", "-f", "json").out)[0]["kind"] == "diary"
    assert json.loads(ok(cli, "search", "1_0", "-f", "json").out) == []  # _ is not a wildcard
    assert json.loads(ok(cli, "search", "%", "-f", "json").out)[0]["snippet"].startswith("Rang Dee: 100%")
    scoped = json.loads(ok(cli, "search", "worried", "--case", caseload["brown"], "-f", "json").out)
    assert [f["ref"] for f in scoped] == [caseload["brown"]]


def test_the_audit_trail_answers_who_did_what(cli, caseload, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Helen Price")
    ok(cli, "task", "add", caseload["dunn"], "Ring Dee", "--due", "+2d")
    trail = json.loads(ok(cli, "audit", caseload["dunn"], "-f", "json").out)
    assert trail[0]["action"] == "task.add" and trail[0]["worker"] == "Helen Price" and trail[0]["ref"] == caseload["dunn"]
    assert all(e["ref"] == caseload["dunn"] for e in trail)
    mine = json.loads(ok(cli, "audit", "--worker", "helen price", "-f", "json").out)
    assert [e["action"] for e in mine] == ["task.add"]
    assert json.loads(ok(cli, "audit", "--to", "01/01/2026", "-f", "json").out) == []  # nothing was done before this year


def test_a_table_longer_than_the_screen_goes_through_the_pager(monkeypatch, tmp_path, capsys):
    import os
    import shutil

    from fscli.cli.output import paged
    from fscli.reports.spec import Column, Report

    out = tmp_path / "paged.txt"
    monkeypatch.setenv("PAGER", f"cat > {out}")
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *args, **kwargs: os.terminal_size((120, 10)))
    paged(Report("Long", [Column("n", "N", "int")], [{"n": i} for i in range(40)]), "never")
    assert out.read_text().count("\n") > 40 and capsys.readouterr().out == ""
    before = out.read_text()
    paged(Report("A short one", [Column("n", "N", "int")], [{"n": 7}]), "never")
    assert " 7 " in capsys.readouterr().out and out.read_text() == before  # fits the screen: no pager


def test_search_matches_inside_words_and_follows_every_change(cli, caseload):
    """The index (SQLite) and the scan (PostgreSQL) answer alike: a word matches inside a word, any
    case; short words too; a correction, a closure and a new person are found at once."""
    dunn = caseload["dunn"]
    ok(cli, "visit", "log", dunn, "--type", "home-visit", "--date", "yesterday", "--note", "Dee's kitchen was SPOTLESS; Jo at nursery")
    found = json.loads(ok(cli, "search", "spotless", "-f", "json").out)
    assert [f["kind"] for f in found] == ["visit note"]
    assert json.loads(ok(cli, "search", "otle jo", "-f", "json").out)[0]["source"] == found[0]["source"]  # inside a word; two letters
    ok(cli, "note", "correct", found[0]["source"], "--text", "Dee's kitchen was tidy", "--reason", "Overstated")
    kinds = [f["kind"] for f in json.loads(ok(cli, "search", "kitchen tidy", "-f", "json").out)]
    assert kinds == ["visit note"]
    ok(cli, "person", "add", dunn, "Marnie Quill", "--role", "child", "--dob", "01/02/2019")
    assert [f["kind"] for f in json.loads(ok(cli, "search", "quill", "-f", "json").out)] == ["person"]
    assert json.loads(ok(cli, "search", '"quoted"', "-f", "json").out) == []  # a quote is a character to find, not syntax


@pytest.mark.sqlite_only(reason="the FTS5 search index is SQLite's; PostgreSQL searches the tables themselves")
def test_db_check_says_when_the_search_index_has_fallen_behind(cli, caseload, db_path):
    assert "search index:" in ok(cli, "db", "check").out
    execute(db_path, "DROP TRIGGER search_diary_added")
    ok(cli, "diary", "add", caseload["dunn"], "Rang the school")
    result = cli("db", "check")
    assert result.code == 65
    assert "trigger search_diary_added is missing" in result.err and "diary entries for" in result.err


def test_search_finds_an_agency_and_a_person_by_any_word_or_part_of_the_name(cli, caseload):
    """The mother's Citizens Advice appointment: the agency is found by a word of its name, in any
    order or part; a person by part of their surname; --case keeps to the family."""
    dunn, clark = caseload["dunn"], caseload["clark"]
    ok(cli, "agency", "add", dunn, "Citizens Advice Northgate", "--kind", "citizens-advice")
    ok(cli, "agency", "add", clark, "Northgate Surgery", "--kind", "gp")
    found = json.loads(ok(cli, "search", "Citizens Advice", "-f", "json").out)
    assert [(f["kind"], f["ref"]) for f in found] == [("agency", dunn)]
    assert found[0]["snippet"].startswith("Citizens Advice Northgate (")
    assert {f["ref"] for f in json.loads(ok(cli, "search", "northg", "-f", "json").out)} == {dunn, clark}
    assert [f["ref"] for f in json.loads(ok(cli, "search", "northgate", "--case", clark, "-f", "json").out)] == [clark]
    assert json.loads(ok(cli, "search", "advice surgery", "-f", "json").out) == []  # every word, in one name
    ok(cli, "person", "add", clark, "Ruth Evans", "--role", "parent")
    people = json.loads(ok(cli, "search", "evan", "-f", "json").out)
    assert [(f["kind"], f["ref"], f["snippet"]) for f in people] == [("person", clark, "Ruth Evans")]


def test_the_plan_type_note_says_why_the_shares_pass_100_percent(cli, caseload):
    """Amy stepped up from Early Help to CIN and became looked after in the year: she counts under
    each plan, and the note under the table says so, and why."""
    period = ok(cli, "summary", "--from", "01/01/2026", "--to", "23/11/2026", "-f", "table").out
    note = " ".join(period.split("Children by plan type", 1)[1].split())
    assert "Shares add to more than 100%: a child can be on two plans at once (reunification runs alongside CLA)" in note
    assert "Shares are of the 4 children on any plan." in note
    today = " ".join(ok(cli, "summary", "-f", "table").out.split())
    assert "more than 100%" not in today and "shares are of children on any plan, rounded." in today
