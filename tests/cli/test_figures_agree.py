"""A team manager reads one number in two places: 'fscli closures' and 'summary --indicators' must
count the same families (today is Mon 23 Nov 2026).

- Evans: Early Help since 06/07/2026 (20 weeks): time-limited work, past its 16 weeks.
- Ford: CP plan since 06/07/2026 (20 weeks): CP work ends when a conference says so, not at 16 weeks.
- Green: Early Help since 28/08/2026 (12.4 weeks): past its 12-week target only.
"""

import json
from datetime import date, timedelta

import pytest

from tests.conftest import TODAY
from tests.factories import add_person, ok, open_case
from tests.reports.test_drilldown import sample  # noqa: F401 - the sample caseload, loaded


@pytest.fixture
def caseload(cli):
    refs = {}
    for family, child, kind, start in (("Evans family", "Eli Evans", "early-help", "06/07/2026"), ("Ford family", "Fay Ford", "cp", "06/07/2026"), ("Green family", "Gus Green", "early-help", "28/08/2026")):
        ref = refs[family] = open_case(cli, family, referred=start, worker="Sam Okafor")
        add_person(cli, ref, child, "child", dob="01/01/2018")
        cp = ["--category", "NEG", "--reason", "ICPC recorded on paper"] if kind == "cp" else []
        ok(cli, "case", "plan", ref, kind, "--start", start, "--child", child, *cp)
    return refs


def test_closures_and_the_indicators_count_the_same_cases_past_16_weeks(cli, caseload):
    flagged = [r for r in json.loads(ok(cli, "closures", "-f", "json").out) if r["status"] == "open"]
    indicators = {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "-f", "json").out)}
    past16, past12 = indicators["open-past-16-weeks"], indicators["open-past-12-weeks"]
    # Ford's CP plan is not time-limited: in neither list, nor in the denominator.
    assert [r["ref"] for r in flagged] == [caseload["Evans family"], caseload["Green family"]]
    assert (past16["numerator"], past16["denominator"]) == (1, 2) == (sum(r["flag"] == "open past 16 weeks" for r in flagged), len(flagged))
    assert (past12["numerator"], past12["denominator"]) == (2, 2) == (sum(r["flag"] in ("open past 16 weeks", "past target") for r in flagged), len(flagged))
    # Each says whom it counts.
    assert "not a case with a CP or CLA plan open" in past16["definition"] and "as 'fscli closures' flags them" in past16["definition"]
    shown = ok(cli, "closures")
    note = shown.out + shown.err
    assert "Open cases in time-limited work" in note and "summary --indicators" in note


def test_a_team_s_own_target_and_limit_are_the_figures_names_and_the_closures_flags(cli, caseload, tmp_path, monkeypatch):
    team = tmp_path / "team.toml"
    team.write_text('[timescales]\ntarget-closure = "10 weeks"\nclosure-limit = "14 weeks"\nsustained-check = "3 months"\n')
    monkeypatch.setenv("FSCLI_PROFILE", str(team))
    indicators = {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "-f", "json").out)}
    # The keys stay as released (scripts read them); what a person reads is the profile's.
    assert indicators["open-past-12-weeks"]["indicator"] == "Cases open past 10 weeks" and indicators["open-past-16-weeks"]["indicator"] == "Cases open past 14 weeks"
    assert "past the limit of the work (14 weeks)" in indicators["open-past-16-weeks"]["definition"] and "16 weeks" not in indicators["open-past-16-weeks"]["definition"]
    flagged = {r["ref"]: r["flag"] for r in json.loads(ok(cli, "closures", "-f", "json").out) if r["status"] == "open"}
    # Green's 12.4 weeks are past 10 but not 14; Evans's 20 are past both.
    assert flagged == {caseload["Evans family"]: "open past 14 weeks", caseload["Green family"]: "past target"}
    assert (indicators["open-past-16-weeks"]["numerator"], indicators["open-past-12-weeks"]["numerator"]) == (1, 2)
    # Hale closed with outcomes met on Mon 16/11: the family is asked whether the change held 3 months on.
    hale = open_case(cli, "Hale family", referred="01/09/2026", worker="Sam Okafor")
    ok(cli, "case", "close", hale, "--date", "16/11/2026", "--reason", "outcomes-met")
    assert next(r for r in json.loads(ok(cli, "closures", "-f", "json").out) if r["ref"] == hale)["check_on"] == "2027-02-16"
    monkeypatch.setenv("COLUMNS", "200")  # a header on one line
    table = ok(cli, "closures", "-f", "table").out
    assert "3-month check" in table and "6-month" not in table


def _open_time_limited_work(cli) -> dict[str, tuple[int, ...]]:
    """Each view's cases open in time-limited work today: closures' flags, and the indicators' figures with their lists."""
    open_rows = [r for r in json.loads(ok(cli, "closures", "-f", "json").out) if r["status"] == "open"]
    figures = {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "-f", "json").out)}
    every = json.loads(ok(cli, "summary", "--indicators", "--list", "open-past-16-weeks", "--denominator", "-f", "json").out)
    past12 = json.loads(ok(cli, "summary", "--indicators", "--list", "open-past-12-weeks", "-f", "json").out)
    return {
        "open": (sorted(r["ref"] for r in open_rows), sorted(r["ref"] for r in every), figures["open-past-16-weeks"]["denominator"], figures["open-past-12-weeks"]["denominator"]),
        "past limit": (sorted(r["ref"] for r in open_rows if r["flag"].startswith("open past")), sorted(r["ref"] for r in every if r["in_numerator"] == "yes"), figures["open-past-16-weeks"]["numerator"]),
        "past target": (sorted(r["ref"] for r in open_rows if r["flag"]), sorted(r["ref"] for r in past12), figures["open-past-12-weeks"]["numerator"]),
    }


def test_closures_and_the_indicators_agree_on_the_demo_every_day_as_its_work_passes_its_target_and_limit(cli, sample, monkeypatch):  # noqa: F811
    # From Mon 23 Nov 2026 to Fri 15 Jan 2027, across Christmas: the Lewis family's edge-of-care
    # work (begun 21/09) is past its 12-week target from 15/12 and its 16 weeks from 12/01; the Okoro,
    # Begum and Carter families pass their targets on 04/01 and 11/01; Ashworth is past both throughout.
    crossed = {}
    for offset in range(54):
        day = TODAY + timedelta(days=offset)
        monkeypatch.setenv("FSCLI_TODAY", day.isoformat())
        seen = _open_time_limited_work(cli)
        for what, (flagged, listed, *counts) in seen.items():
            assert flagged == listed and all(n == len(flagged) for n in counts), (day, what, seen)
        crossed[day] = seen["past target"][0], seen["past limit"][0]
    lewis = "FS-0008"
    assert [day for day in crossed if lewis in crossed[day][0]][0] == date(2026, 12, 15)  # the day after its target
    assert [day for day in crossed if lewis in crossed[day][1]][0] == date(2027, 1, 12)
    assert crossed[TODAY] == (["FS-0001"], ["FS-0001"]) and len(crossed[date(2027, 1, 15)][0]) == 5
