"""The edge-of-care panel's two figures, from the work that ended in the last 12 weeks (today is
Mon 23 Nov 2026; 'summary --ended --period 12w' is 01/09/2026 to 23/11/2026):

- Ives: Early Help 03/06 to closure 09/09 (14 weeks); the family scored Happy 3 then 7, Safe 4 then 6: improved.
  Isla kept at home.
- Jones: Early Help 20/05 to closure 16/09; Healthy 5 then 4: worse. Reopened on 01/10 when Jack came into care, two weeks after.
- Kerr: still open, scored 2 then 9 midway: not in the cohort (no open case's midway scores).
- Lamb: Lola looked after since 02/03; reunification from 01/06, home on 01/08, closed 02/10 with her care ended:
  a success of reunification work, not a failure of 'kept at home'.
"""

import json

import pytest

from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def caseload(cli):
    refs = {}
    for family, child, begun, closed, scores in (
        ("Ives family", "Isla Ives", "03/06/2026", "09/09/2026", [("Happy", 3, 7), ("Safe", 4, 6)]),
        ("Jones family", "Jack Jones", "20/05/2026", "16/09/2026", [("Healthy", 5, 4)]),
        ("Kerr family", "Kit Kerr", "01/08/2026", None, [("Happy", 2, 9)]),
    ):
        ref = refs[family] = open_case(cli, family, referred=begun, worker="Sam Okafor")
        add_person(cli, ref, child, "child", dob="01/01/2016")
        add_person(cli, ref, f"Pat {family.split()[0]}", "parent", dob="01/01/1990")
        ok(cli, "case", "plan", ref, "early-help", "--start", begun, "--child", child)
        for number, (area, first, last) in enumerate(scores, start=1):
            ok(cli, "goal", "add", ref, f"We feel {area.lower()}", "--area", area)
            ok(cli, "goal", "score", f"{ref}/{number}", str(first), "--by", f"Pat {family.split()[0]}", "--date", begun)
            ok(cli, "goal", "score", f"{ref}/{number}", str(last), "--by", f"Pat {family.split()[0]}", "--date", closed or "20/11/2026")
        if closed:
            ok(cli, "case", "close", ref, "--date", closed, "--reason", "outcomes-met")
    ok(cli, "case", "reopen", refs["Jones family"], "--date", "01/10/2026", "--reason", "Jack's father left him with a neighbour")
    ok(cli, "case", "plan", refs["Jones family"], "cla", "--start", "01/10/2026", "--child", "Jack Jones")
    lamb = refs["Lamb family"] = open_case(cli, "Lamb family", referred="02/03/2026", worker="Sam Okafor")
    add_person(cli, lamb, "Lola Lamb", "child", dob="01/01/2015")
    ok(cli, "case", "plan", lamb, "cla", "--start", "02/03/2026", "--child", "Lola Lamb")
    ok(cli, "case", "plan", lamb, "reunification", "--start", "01/06/2026", "--child", "Lola Lamb")
    ok(cli, "case", "plan", lamb, "--returned-home", "01/08/2026", "--child", "Lola Lamb")
    ok(cli, "case", "close", lamb, "--date", "02/10/2026", "--reason", "RC7", "--end-care")
    return refs


def test_the_panel_s_figures_come_from_the_work_that_ended(cli, caseload):
    page = json.loads(ok(cli, "summary", "--ended", "--period", "12w", "-f", "json").out)
    assert page["period"] == "from 01/09/2026 to 23/11/2026"
    # Ives improved, Jones worse; Kerr is open (its midway 2 to 9 left out); Lamb scored nothing.
    assert page["families_improved"] == "50% (1 of 2)"
    assert {f["ref"]: f["verdict"] for f in page["families"]} == {caseload["Ives family"]: "improved", caseload["Jones family"]: "worse", caseload["Lamb family"]: "no family scores"}
    assert {a["area"]: a["movement"] for a in page["areas"]} == {"Happy": 4, "Healthy": -1, "Safe": 2}
    # Jack came into care two weeks after the work: not kept at home. Lola went home: reunification's success.
    assert page["kept_at_home"] == "50% (1 of 2)"
    kinds = {k["kind"]: (k["succeeded"], k["children"]) for k in page["by_kind"]}
    assert kinds == {"early-help": (1, 2), "reunification": (1, 1)}
    assert {c["child"]: c["success"] for c in page["children"]} == {"Isla Ives": "yes", "Jack Jones": "no", "Lola Lamb": "yes"}


def test_the_period_comes_from_the_profile_by_default_and_says_so(cli, caseload):
    page = json.loads(ok(cli, "summary", "--ended", "-f", "json").out)
    assert page["period"] == "from 01/09/2026 to 23/11/2026"  # outcome-cohort: 12 weeks
    profile = {r["rule"]: r for r in json.loads(ok(cli, "profile", "show", "-f", "json").out)}
    assert profile["outcome-follow-up"]["interval"] == "6 months" and profile["outcome-cohort"]["interval"] == "12 weeks"
    shown = ok(cli, "summary", "--ended", "--from", "01/09/2026", "--to", "10/09/2026", "-f", "json")
    assert [f["ref"] for f in json.loads(shown.out)["families"]] == [caseload["Ives family"]]


def test_a_period_with_no_work_ended_is_an_honest_empty_page(cli, caseload):
    page = json.loads(ok(cli, "summary", "--ended", "--from", "01/01/2025", "--to", "31/01/2025", "-f", "json").out)
    assert page["families_improved"] == "none in the period" and page["families"] == [] and page["children"] == []


def test_ended_refuses_what_does_not_go_with_it(cli, caseload):
    fails(cli, "summary", "--period", "12w", says="goes with --ended")
    fails(cli, "summary", "--ended", "--indicators", says="--ended")
    fails(cli, "summary", "--ended", "--period", "12x", says="--period '12x'")
    fails(cli, "summary", "--ended", "--period", "0w", says="--period '0w': is shorter than 1 day")  # was the inverted period 24/11 to 23/11
