"""The indicators' SQL agrees with the rules it stands for (domain/indicators.py)."""

import json

import pytest

from fscli.domain.indicators import PLAN_LEVEL, step
from fscli.reports.indicators import _level_sql
from fscli.store.db import Database
from fscli.store.location import locate
from tests.factories import add_person, ok, open_case


def test_steps_counted_in_sql_agree_with_the_domain_for_every_pair_of_plan_types(db_path):
    kinds = [*PLAN_LEVEL, "s47-not-a-plan"]
    level_from, level_to = _level_sql("m.from_kind"), _level_sql("m.to_kind")
    with Database(locate(str(db_path))).reader() as reader:
        for before in kinds:
            for after in kinds:
                counted = reader.scalar(
                    f"SELECT CASE WHEN {level_to} > {level_from} THEN 'up' WHEN {level_to} < {level_from} THEN 'down' END"
                    " FROM (SELECT CAST(:before AS TEXT) AS from_kind, CAST(:after AS TEXT) AS to_kind) m",
                    {"before": before, "after": after},
                )
                assert counted == step(before, after), (before, after)


# "Kept at home" has one definition of its follow-up: the practice profile's outcome-follow-up
# (default 6 months; some councils follow children up for 12). Today is Mon 23 Nov 2026.
# - Owen: Early Help 06/01 to its closure on Fri 30/01/2026; Oli looked after from 01/09/2026,
#   seven months on: kept at home on a 6-month follow-up (it ended Thu 30/07), not on a 12-month one.
# - Pike: the same work, never looked after: kept at home on either.
@pytest.fixture
def followed_up(cli):
    refs = {}
    for family, child in (("Owen family", "Oli Owen"), ("Pike family", "Pia Pike")):
        ref = refs[family] = open_case(cli, family, referred="05/01/2026", worker="Sam Okafor")
        add_person(cli, ref, child, "child", dob="01/01/2016")
        ok(cli, "case", "plan", ref, "early-help", "--start", "06/01/2026", "--child", child)
        ok(cli, "case", "close", ref, "--date", "30/01/2026", "--reason", "outcomes-met")
    ok(cli, "case", "reopen", refs["Owen family"], "--date", "01/09/2026", "--reason", "Oli's mother was admitted to hospital")
    ok(cli, "case", "plan", refs["Owen family"], "cla", "--start", "01/09/2026", "--child", "Oli Owen")
    return refs


def _every_view_of_kept_at_home(cli) -> dict:
    """The indicator, its list and the cohort of summary --ended: whom each counts kept, and what each says."""
    year = ("--from", "01/01/2026", "--to", "23/11/2026")
    figure = next(i for i in json.loads(ok(cli, "summary", "--indicators", *year, "-f", "json").out) if i["key"] == "kept-at-home")
    listed = json.loads(ok(cli, "summary", "--indicators", *year, "--list", "kept-at-home", "--denominator", "-f", "json").out)
    cohort = json.loads(ok(cli, "summary", "--ended", "--from", "01/01/2026", "--to", "31/01/2026", "-f", "json").out)
    return {
        "figure": (figure["numerator"], figure["denominator"]),
        "listed": {r["child"]: r["in_numerator"] for r in listed},
        "cohort": {c["child"]: c["success"] for c in cohort["children"]},
        "says": [figure["definition"], *(r["detail"] for r in listed if r["in_numerator"] == "yes"), cohort["kept_at_home_definition"], *(k["definition"] for k in cohort["by_kind"])],
    }


def test_kept_at_home_follows_children_up_for_the_profile_s_six_months_by_default(cli, followed_up):
    seen = _every_view_of_kept_at_home(cli)
    assert seen["figure"] == (2, 2)
    assert seen["listed"] == seen["cohort"] == {"Oli Owen": "yes", "Pia Pike": "yes"}
    assert all("within 6 months" in said and "12 months" not in said for said in seen["says"]), seen["says"]


def test_a_council_that_follows_up_for_twelve_months_sees_twelve_in_every_view(cli, followed_up, tmp_path, monkeypatch):
    team = tmp_path / "team.toml"
    team.write_text('[timescales]\noutcome-follow-up = "12 months"\n')
    monkeypatch.setenv("FSCLI_PROFILE", str(team))
    seen = _every_view_of_kept_at_home(cli)
    assert seen["figure"] == (1, 2)  # Oli came into care seven months after the work: within 12
    assert seen["listed"] == seen["cohort"] == {"Oli Owen": "no", "Pia Pike": "yes"}
    assert all("within 12 months" in said and "6 months" not in said for said in seen["says"]), seen["says"]
