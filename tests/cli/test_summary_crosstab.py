"""A team manager asks two questions at once: children by plan type and by age band, in one table
with totals; and how far the families of a period moved (the caseload of tests/cli/test_summary.py,
worked out by hand; today is Mon 23 Nov 2026).

In the period 01/01/2026 to 23/11/2026: Amy Adams (14: 10-15) on Early Help, CIN and looked after;
Ben Brown (16: 16-17) on Early Help; Cal Clark (6: 5-9) on CIN; Dani Dunn (10 months: under 1) on Early Help.
"""

import csv
import io
import json

import pytest

from tests.cli.test_summary import caseload  # noqa: F401 - the hand-counted caseload
from tests.factories import fails, ok

PERIOD = ("--from", "01/01/2026", "--to", "23/11/2026")


def test_by_plan_and_by_age_gives_the_table_of_both_with_totals(cli, caseload):  # noqa: F811
    rows = {r["group"]: r for r in json.loads(ok(cli, "summary", "--by", "plan", "--by", "age", *PERIOD, "-f", "json").out)}
    assert list(rows) == ["early-help", "cin", "cla", "All children"]
    assert {k: v for k, v in rows["early-help"].items() if k not in ("group", "label")} == {"under_1": 1, "5_9": 0, "10_15": 1, "16_17": 1, "total": 3}
    assert (rows["cin"]["5_9"], rows["cin"]["10_15"], rows["cin"]["total"]) == (1, 1, 2)
    assert (rows["cla"]["10_15"], rows["cla"]["total"]) == (1, 1)
    # Amy counts under each of her plans, but once in the totals: four children, as the summary says.
    assert rows["All children"] == {"group": "All children", "label": "", "under_1": 1, "5_9": 1, "10_15": 1, "16_17": 1, "total": 4}
    summary = json.loads(ok(cli, "summary", *PERIOD, "-f", "json").out)
    assert summary["children"] == 4


@pytest.mark.parametrize("fmt", ["table", "csv", "json", "tsv"])
def test_the_cross_tab_comes_in_every_format(cli, caseload, fmt):  # noqa: F811
    out = ok(cli, "summary", "--by", "age", "--by", "plan", *PERIOD, "-f", fmt).out
    if fmt == "csv":
        table = list(csv.DictReader(io.StringIO(out)))
        assert [r["group"] for r in table] == ["under 1", "5-9", "10-15", "16-17", "All children"]
        assert table[2]["early_help"] == "1" and table[2]["cla"] == "1" and table[-1]["total"] == "4"
    elif fmt == "table":
        assert "Children by age band and plan type" in out and "All children" in out
    else:
        assert "10-15" in out and "All children" in out


def test_a_child_with_no_group_in_one_breakdown_is_shown_not_dropped(cli, caseload):  # noqa: F811
    # Adams and Brown have no goals: their children are under '(no goals)', not left out of the totals.
    rows = {r["group"]: r for r in json.loads(ok(cli, "summary", "--by", "worker", "--by", "area", *PERIOD, "-f", "json").out)}
    assert rows["All children"]["total"] == 4
    assert rows["All children"]["no_goals"] == 2 and rows["All children"]["no_area"] == 2


def test_a_breakdown_twice_or_three_are_refused_in_one_line(cli, caseload):  # noqa: F811
    fails(cli, "summary", "--by", "plan", "--by", "plan", says="two different ones for a cross-tab")
    fails(cli, "summary", "--by", "plan", "--by", "age", "--by", "worker", says="--by")
    fails(cli, "summary", "--by", "plan", "--by", "ages", says="--by 'ages': is not a breakdown")
    fails(cli, "summary", "--indicators", "--by", "plan", says="does not go with --indicators")


def test_goal_progress_for_a_period_counts_the_families_the_indicator_counts(cli, caseload):  # noqa: F811
    # By 01/09/2026 the Dunns had not scored (02/09 and 20/11): only the Clarks, with a single rating.
    early = ok(cli, "goal", "progress", "--all", "--from", "01/01/2026", "--to", "01/09/2026", "-f", "json")
    assert [r["ref"] for r in json.loads(early.out)] == [caseload["clark"]]
    whole = json.loads(ok(cli, "goal", "progress", "--all", *PERIOD, "-f", "json").out)
    improved = sum(r["verdict"] == "improved" for r in whole)
    counted = sum(r["verdict"] != "single rating" for r in whole)
    indicator = {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", *PERIOD, "-f", "json").out)}["families-improved"]
    assert (improved, counted) == (indicator["numerator"], indicator["denominator"]) == (1, 1)
    fails(cli, "goal", "progress", caseload["dunn"], "--to", "01/09/2026", says="goes with --all")
