"""A team manager asks two questions at once: children by plan type and by age band, in one table
with totals; and how far the families of a period moved (the caseload of tests/cli/test_summary.py,
worked out by hand; today is Mon 23 Nov 2026).

In the period 01/01/2026 to 23/11/2026: Amy Adams (14: 10-15) on Early Help, CIN and looked after;
Ben Brown (16: 16-17) on Early Help; Cal Clark (6: 5-9) on CIN; Dani Dunn (10 months: under 1) on Early Help.
"""

import csv
import io
import itertools
import json

import pytest

from tests.cli.test_summary import caseload  # noqa: F401 - the hand-counted caseload
from tests.factories import add_person, fails, ok, open_case
from tests.reports.test_drilldown import sample  # noqa: F401 - the sample caseload, loaded

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


@pytest.fixture
def two_families_more(cli, caseload):  # noqa: F811
    """The Eades: a baby, Eve (under 1), on a CP plan and Eli (14: 10-15) on Early Help. The Finns:
    referred, no child recorded yet."""
    eade = open_case(cli, "Eade family", referred="01/10/2026", worker="Sam Okafor")
    add_person(cli, eade, "Eve Eade", "child", dob="01/03/2026")
    add_person(cli, eade, "Eli Eade", "child", dob="01/01/2012")
    ok(cli, "case", "plan", eade, "cp", "--start", "02/10/2026", "--child", "Eve Eade", "--category", "NEG", "--reason", "ICPC recorded on paper")
    ok(cli, "case", "plan", eade, "early-help", "--start", "02/10/2026", "--child", "Eli Eade")
    finn = open_case(cli, "Finn family", referred="20/11/2026", worker="Jo Reed")
    return {**caseload, "eade": eade, "finn": finn}


def test_by_plan_and_by_age_for_families_counts_a_family_where_one_child_is_in_both(cli, two_families_more):
    rows = {r["group"]: r for r in json.loads(ok(cli, "summary", "--by", "plan", "--by", "age", "--families", *PERIOD, "-f", "json").out)}
    groups = lambda row: {k: v for k, v in row.items() if k not in ("group", "label") and v}  # noqa: E731
    # Early Help: Dani Dunn (under 1), Amy Adams and Eli Eade (10-15), Ben Brown (16-17).
    assert groups(rows["early-help"]) == {"under_1": 1, "10_15": 2, "16_17": 1, "total": 4}
    # The Eades' baby is on the CP plan, not Eli: under 1 only, never 10-15.
    assert groups(rows["cp"]) == {"under_1": 1, "total": 1}
    assert groups(rows["cin"]) == {"5_9": 1, "10_15": 1, "total": 2} and groups(rows["cla"]) == {"10_15": 1, "total": 1}
    # The Finns have no child recorded: shown, not dropped, so the total is the summary's families.
    assert groups(rows["(no children)"]) == {"no_children": 1, "total": 1}
    assert groups(rows["All families"]) == {"under_1": 2, "5_9": 1, "10_15": 2, "16_17": 1, "no_children": 1, "total": 6}
    summary = json.loads(ok(cli, "summary", *PERIOD, "-f", "json").out)
    assert (summary["families"], summary["children"]) == (6, 6)
    children = {r["group"]: r for r in json.loads(ok(cli, "summary", "--by", "plan", "--by", "age", *PERIOD, "-f", "json").out)}
    assert (children["All children"]["under_1"], children["All children"]["total"]) == (2, 6) and "(no children)" not in children
    table = ok(cli, "summary", "--by", "plan", "--by", "age", "--families", *PERIOD, "-f", "table").out
    assert "Families by plan type and age band" in table and "All families" in table and "(no children)" in table


def test_a_family_s_own_groups_are_each_of_its_children_s(cli, two_families_more):
    rows = {r["group"]: r for r in json.loads(ok(cli, "summary", "--by", "worker", "--by", "plan", "--families", *PERIOD, "-f", "json").out)}
    # Jo Reed holds the Adams (since 01/09) and the Finns, who have no child to be on a plan.
    assert (rows["Jo Reed"]["early_help"], rows["Jo Reed"]["cla"], rows["Jo Reed"]["no_children"], rows["Jo Reed"]["total"]) == (1, 1, 1, 2)
    assert (rows["Sam Okafor"]["cp"], rows["Sam Okafor"]["early_help"], rows["Sam Okafor"]["total"]) == (1, 4, 5)
    assert rows["All families"]["total"] == 6


def test_families_goes_with_a_cross_tab_only(cli, caseload):  # noqa: F811
    fails(cli, "summary", "--by", "plan", "--families", says="--families: goes with two --by")
    fails(cli, "summary", "--families", says="--families: goes with two --by")
    fails(cli, "summary", "--indicators", "--families", says="--families: goes with two --by")


@pytest.mark.parametrize("unit", ["children", "families"])
def test_every_cross_tab_of_the_demo_totals_as_the_summary_and_its_breakdowns_do(cli, sample, unit):  # noqa: F811
    from fscli.reports.summary import BY

    summary = json.loads(ok(cli, "summary", "-f", "json").out)
    single = {by: {r["group"]: r for r in json.loads(ok(cli, "summary", "--by", by, "-f", "json").out)} for by in BY}
    everyone = "All children" if unit == "children" else "All families"
    for rows_by, columns_by in itertools.permutations(BY, 2):
        rows = {r["group"]: r for r in json.loads(ok(cli, "summary", "--by", rows_by, "--by", columns_by, *(["--families"] if unit == "families" else []), "-f", "json").out)}
        assert rows.pop(everyone)["total"] == summary[unit], (rows_by, columns_by)
        for group, row in rows.items():
            if group in single[rows_by] and unit in single[rows_by][group] and single[rows_by][group][unit] is not None:
                assert row["total"] == single[rows_by][group][unit], (rows_by, columns_by, group)
            assert all(row[key] <= row["total"] for key in row if key not in ("group", "label", "total")), (rows_by, columns_by, row)



def _every_cell_lists_as_many_as_it_counts(cli, rows_by: str, columns_by: str, *families: str) -> int:
    crosstab = ("summary", "--by", rows_by, "--by", columns_by, *families)
    table = json.loads(ok(cli, *crosstab, "-f", "json").out)
    # The columns' groups, in the table's order, from the same table turned round; then the total.
    across = [r["group"] for r in json.loads(ok(cli, "summary", "--by", columns_by, "--by", rows_by, *families, "-f", "json").out)][:-1] + ["all"]
    checked = 0
    for row in table:
        counts = [v for k, v in row.items() if k not in ("group", "label")]
        assert len(counts) == len(across), (row, across)
        for column, count in zip(across, counts):
            listed = json.loads(ok(cli, *crosstab, "--list", f"{row['group']},{column}", "-f", "json").out)
            assert len(listed) == count, (rows_by, columns_by, families, row["group"], column, listed)
            checked += 1
    return checked


@pytest.mark.parametrize("families", [(), ("--families",)], ids=["children", "families"])
def test_every_cell_of_the_demo_s_plan_by_age_lists_as_many_as_it_counts(cli, sample, families):  # noqa: F811
    assert _every_cell_lists_as_many_as_it_counts(cli, "plan", "age", *families) == 7 * 7  # six plan rows and All, six bands and the total


def test_a_cell_of_a_family_s_own_groups_lists_as_many_as_it_counts(cli, two_families_more):
    assert _every_cell_lists_as_many_as_it_counts(cli, "worker", "plan", "--families") > 0
    assert _every_cell_lists_as_many_as_it_counts(cli, "area", "age") > 0


def test_a_cell_lists_the_children_behind_it_and_a_family_once_with_its_children_in_it(cli, two_families_more):
    cell = json.loads(ok(cli, "summary", "--by", "plan", "--by", "age", *PERIOD, "--list", "early-help,10-15", "-f", "json").out)
    assert [(r["family"], r["child"]) for r in cell] == [("Adams family", "Amy Adams"), ("Eade family", "Eli Eade")]
    families = json.loads(ok(cli, "summary", "--by", "plan", "--by", "age", "--families", *PERIOD, "--list", "all,under 1", "-f", "json").out)
    assert [(r["family"], r["children"]) for r in families] == [("Dunn family", "Dani Dunn"), ("Eade family", "Eve Eade")]
    nobody = json.loads(ok(cli, "summary", "--by", "plan", "--by", "age", "--families", *PERIOD, "--list", "(no children),all", "-f", "json").out)
    assert [(r["family"], r["children"]) for r in nobody] == [("Finn family", "(no children)")]
    # No child is unborn in the period: a band the table leaves out lists no one, honestly.
    assert json.loads(ok(cli, "summary", "--by", "plan", "--by", "age", *PERIOD, "--list", "cla,unborn", "-f", "json").out) == []
    fails(cli, "summary", "--by", "plan", "--by", "age", "--list", "cp,teenager", says="--list 'cp,teenager': is not one cell of the table of plan type by age band")
    fails(cli, "summary", "--by", "plan", "--by", "age", "--list", "cp", says="give ROW,COLUMN")
    fails(cli, "summary", "--by", "plan", "--by", "age", "--list", "cp,all", "--denominator", says="--denominator: goes with --indicators --list NAME")
