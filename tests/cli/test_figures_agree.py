"""A team manager reads one number in two places: 'fscli closures' and 'summary --indicators' must
count the same families (today is Mon 23 Nov 2026).

- Evans: Early Help since 06/07/2026 (20 weeks): time-limited work, past its 16 weeks.
- Ford: CP plan since 06/07/2026 (20 weeks): CP work ends when a conference says so, not at 16 weeks.
- Green: Early Help since 28/08/2026 (12.4 weeks): past its 12-week target only.
"""

import json

import pytest

from tests.factories import add_person, ok, open_case


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
