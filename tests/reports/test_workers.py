"""`fscli worker list`: every worker with their login, teams and whether they manage one, in every
format (a team's server adds the oversight role and whether each login can use fscli now:
tests/store/test_team_server_workers.py)."""

import csv
import io
import json

import pytest

from tests.factories import ok

from fscli.formats import VIEW, FORMATS

VIEW_FORMATS = [f.name for f in FORMATS if f.use == VIEW]


def _north(cli) -> None:
    ok(cli, "team", "add", "North locality")
    ok(cli, "team", "add", "South")
    ok(cli, "worker", "add", "Sam Okafor", "--login", "sam", "--team", "North locality")
    ok(cli, "worker", "add", "Mo Reid", "--team", "North locality", "--manager")
    ok(cli, "worker", "add", "Mo Reid", "--team", "South")
    ok(cli, "worker", "add", "Ann Lowe")


def test_a_team_lead_lists_the_workers_with_their_logins_teams_and_who_manages(cli):
    _north(cli)
    listed = json.loads(ok(cli, "worker", "list", "--format", "json").out)
    assert [(w["worker"], w["login"], w["teams"], w["manager"]) for w in listed if w["worker"]] == [
        ("Ann Lowe", "", "", "no"),
        ("Mo Reid", "", "North locality (manager), South", "yes"),
        ("Sam Okafor", "sam", "North locality", "no"),
    ]
    table = ok(cli, "worker", "list").out
    assert "Sam Okafor" in table and "North locality (manager), South" in table


@pytest.mark.parametrize("fmt", VIEW_FORMATS)
def test_worker_list_writes_every_format(cli, fmt):
    _north(cli)
    out = ok(cli, "worker", "list", "--format", fmt).out
    assert "Sam Okafor" in out
    if fmt == "csv":
        assert next(csv.reader(io.StringIO(out)))[:4] == ["worker", "login", "teams", "manager"]


@pytest.mark.sqlite_only(reason="a server lists the logins of its team role that no worker has yet")
def test_a_caseload_with_no_workers_says_how_to_add_one(cli):
    result = ok(cli, "worker", "list", "--format", "table")
    assert "No workers yet: fscli worker add NAME" in result.out + result.err
