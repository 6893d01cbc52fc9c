"""Every figure lists whom it counts: for each indicator, `summary --indicators --list KEY` is as
long as its numerator, and with --denominator as long as its denominator, on the sample caseload and
on the hand-counted one of tests/cli/test_summary.py (today is Mon 23 Nov 2026)."""

import csv
import io
import json
import os

import pytest

from tests.cli.test_summary import caseload  # noqa: F401 - the hand-counted caseload
from tests.conftest import TODAY, execute
from tests.factories import fails, ok

PERIODS = [(), ("--from", "01/01/2026", "--to", "23/11/2026"), ("--from", "01/10/2026", "--to", "31/10/2026")]


@pytest.fixture
def sample(cli):
    """The demo's families, loaded into the test's database (as 'fscli demo' loads its own)."""
    from fscli.clock import FixedClock
    from fscli.services.sample import load, read_sample
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.uow import run

    name, data = read_sample()
    database = Database(locate(os.environ["FSCLI_DB"]))
    run(database, FixedClock.on(TODAY), "demo", lambda uow: load(uow, name, data))
    database.dispose()


def _every_list_matches_its_figure(cli, period) -> int:
    figures = json.loads(ok(cli, "summary", "--indicators", *period, "-f", "json").out)
    for figure in figures:
        listed = json.loads(ok(cli, "summary", "--indicators", *period, "--list", figure["key"], "-f", "json").out)
        whole = json.loads(ok(cli, "summary", "--indicators", *period, "--list", figure["key"], "--denominator", "-f", "json").out)
        assert len(whole) == figure["denominator"], (figure, whole)
        if figure["key"] == "workers-per-family":  # a mean: each family with its own number, which average to it
            assert listed == whole and (round(sum(int(r["detail"].split()[0]) for r in whole) / len(whole), 1) if whole else None) == figure["numerator"]
        elif figure["key"] == "median-weeks-open":  # a median over the closures: every closure is in it
            assert len(listed) == len(whole)
        else:
            assert len(listed) == figure["numerator"], (figure, listed)
            assert all(r["in_numerator"] == "yes" for r in listed)
    return len(figures)


@pytest.mark.parametrize("period", PERIODS, ids=["today", "the year", "october"])
def test_every_figure_of_the_sample_lists_as_many_as_it_counts(cli, sample, period):
    assert _every_list_matches_its_figure(cli, period) >= 16  # closed-REASON figures come and go with the closures


@pytest.mark.parametrize("period", PERIODS, ids=["today", "the year", "october"])
def test_every_figure_of_the_hand_counted_caseload_lists_as_many_as_it_counts(cli, caseload, period):  # noqa: F811
    assert _every_list_matches_its_figure(cli, period) >= 16  # closed-REASON figures come and go with the closures


def test_the_list_names_the_children_behind_kept_at_home(cli, caseload):  # noqa: F811
    period = ("--from", "01/01/2026", "--to", "23/11/2026")
    whole = json.loads(ok(cli, "summary", "--indicators", *period, "--list", "kept-at-home", "--denominator", "-f", "json").out)
    # Amy came into care during the work: counted, not kept at home.
    assert {r["child"]: r["in_numerator"] for r in whole} == {"Amy Adams": "no", "Ben Brown": "yes", "Cal Clark": "yes", "Dani Dunn": "yes"}
    # Each row says how far it is known: work still open, a follow-up still running, or one that ran its course.
    said = {r["child"]: r["detail"] for r in whole}
    assert said["Ben Brown"] == "work began; not looked after during the work or within 6 months of its end"
    assert said["Cal Clark"] == "work began; not looked after so far (the work is still open)"


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv", "json"])
def test_a_list_comes_in_every_format(cli, caseload, fmt):  # noqa: F811
    out = ok(cli, "summary", "--indicators", "--from", "01/01/2026", "--to", "23/11/2026", "--list", "families-improved", "-f", fmt).out
    assert "Dunn family" in out
    if fmt == "csv":
        assert [r["ref"] for r in csv.DictReader(io.StringIO(out))] == [caseload["dunn"]]


def test_an_unknown_figure_is_refused_with_the_names_that_are(cli, caseload):  # noqa: F811
    fails(cli, "summary", "--indicators", "--list", "happy-families", says="--list 'happy-families': is not a figure fscli lists (kept-at-home, families-improved")
    fails(cli, "summary", "--indicators", "--list", "closed-nope", says="closed-REASON")
    fails(cli, "summary", "--list", "kept-at-home", says="add --indicators")
    fails(cli, "summary", "--indicators", "--denominator", says="goes with --list")


def test_a_closure_reason_the_code_set_does_not_know_is_listed_as_it_is_counted(cli, caseload, db_path):  # noqa: F811
    """A closure an older system's import brought with its own reason: the indicators count it
    under that reason, so its list is there too (the manager's dashboard lists every figure)."""
    execute(db_path, "UPDATE case_event SET reason_code = 'OLD-System 7' WHERE kind = 'closed'")
    keys = [f["key"] for f in json.loads(ok(cli, "summary", "--indicators", *PERIODS[1], "-f", "json").out)]
    assert "closed-old-system 7" in keys
    _every_list_matches_its_figure(cli, PERIODS[1])
