"""Teams, logins and restricted cases are records on either backend: recorded, shown by `case
show` and carried by export and import (a server also enforces them: tests/store/test_team_server.py)."""

import json

from fscli.errors import ExitCode
from tests.factories import fails, ok, open_case


def _north(cli) -> None:
    ok(cli, "team", "add", "North locality")
    ok(cli, "worker", "add", "Sam Okafor", "--login", "sam", "--team", "North locality")
    ok(cli, "worker", "add", "Priya Shah", "--login", "priya", "--team", "North locality")
    ok(cli, "worker", "add", "Mo Reid", "--team", "North locality", "--manager")


def _facts(cli, ref: str) -> dict:
    return json.loads(ok(cli, "case", "show", ref, "--format", "json").out)


def test_a_team_lead_sets_up_a_team_and_a_case_opened_by_a_member_is_the_teams(cli, monkeypatch):
    _north(cli)
    listed = json.loads(ok(cli, "team", "list", "--format", "json").out)
    assert listed == [{"team": "North locality", "managers": "Mo Reid", "members": "Priya Shah, Sam Okafor", "logins": "Priya Shah=priya, Sam Okafor=sam"}]
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    ref = open_case(cli)
    assert _facts(cli, ref)["team"] == "North locality"
    ok(cli, "team", "add", "South")
    moved = ok(cli, "case", "team", ref, "South")
    assert f"{ref} is a case of South." in moved.out + moved.err
    assert _facts(cli, ref)["team"] == "South"


def test_what_a_team_or_a_login_cannot_be_is_refused_in_one_line(cli, monkeypatch):
    _north(cli)
    fails(cli, "team", "add", "north LOCALITY", says="a team of this name exists already")
    fails(cli, "worker", "add", "Dee Ward", "--login", "Dee Ward", says="--login 'Dee Ward': is not a database login")
    fails(cli, "worker", "add", "Dee Ward", "--login", "sam", says="is Sam Okafor's login already")
    fails(cli, "worker", "add", "Dee Ward", "--team", "East", code=ExitCode.FAILED, says="no such team")
    fails(cli, "worker", "add", "Dee Ward", "--manager", says="--manager: goes with --team")
    ok(cli, "team", "add", "South")
    ok(cli, "worker", "add", "Sam Okafor", "--team", "South")
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    fails(cli, "case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "r", says="you are in 2 teams (North locality, South)")
    assert _facts(cli, open_case(cli, team="South"))["team"] == "South"


def test_a_restricted_case_says_who_alone_may_see_it_until_it_is_lifted(cli, monkeypatch):
    _north(cli)
    monkeypatch.setenv("FSCLI_WORKER", "Priya Shah")
    ref = open_case(cli)
    fails(cli, "case", "restrict", ref, "--to", "Priya Sha", "--reason", "allegation", code=ExitCode.FAILED, says="--to 'Priya Sha': no such worker")
    fails(cli, "case", "restrict", ref, "--to", "Priya Shah", "--reason", "", says="--reason: must not be empty")
    fails(cli, "case", "unrestrict", ref, "--reason", "done", says=f"case {ref} is not restricted")
    ok(cli, "case", "restrict", ref, "--to", "Priya Shah", "--reason", "allegation against a council employee")
    facts = _facts(cli, ref)
    assert (facts["restricted_to"], facts["restriction_reason"]) == ("Priya Shah", "allegation against a council employee")
    fails(cli, "case", "restrict", ref, "--to", "Sam Okafor", "--reason", "x", says="is restricted already")
    ok(cli, "case", "unrestrict", ref, "--reason", "investigation closed")
    assert "restricted_to" not in _facts(cli, ref)
    actions = [line.split("\t")[4] for line in ok(cli, "audit", "--format", "tsv").out.splitlines()[1:]]
    assert {"team.add", "worker.add", "case.restrict", "case.unrestrict"} <= set(actions)


def test_an_export_carries_the_teams_and_restrictions_to_another_database(cli, monkeypatch, tmp_path, empty_database):
    _north(cli)
    monkeypatch.setenv("FSCLI_WORKER", "Priya Shah")
    ref = open_case(cli)
    ok(cli, "case", "restrict", ref, "--to", "Priya Shah", "--reason", "allegation")
    ok(cli, "export", "--out", str(tmp_path / "out"), "--format", "ndjson")
    ok(cli, "init", "--db", empty_database)
    ok(cli, "import", str(tmp_path / "out"), "--db", empty_database)
    facts = json.loads(ok(cli, "case", "show", ref, "--format", "json", "--db", empty_database).out)
    assert (facts["team"], facts["restricted_to"]) == ("North locality", "Priya Shah")
    assert "sam" in ok(cli, "team", "list", "--format", "json", "--db", empty_database).out


def test_worker_add_run_again_as_it_was_writes_nothing_and_says_so(cli):
    _north(cli)
    audited = len(ok(cli, "audit", "--format", "tsv").out.splitlines())
    again = ok(cli, "worker", "add", "Sam Okafor", "--login", "sam", "--team", "North locality")
    assert again.err == "fscli: worker Sam Okafor has the login sam and is a member of North locality already; nothing was written\n", again
    ok(cli, "worker", "add", "Mo Reid", "--team", "North locality", "--manager")
    assert len(ok(cli, "audit", "--format", "tsv").out.splitlines()) == audited
    ok(cli, "worker", "add", "Mo Reid", "--team", "North locality")  # a change of role is written
    assert len(ok(cli, "audit", "--format", "tsv").out.splitlines()) == audited + 1


def test_a_restriction_that_leaves_out_the_cases_holder_is_refused_unless_meant(cli, monkeypatch):
    """Sam holds the case: restricted to Priya alone it would leave his lists, unasked."""
    _north(cli)
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    ref = open_case(cli)
    fails(cli, "case", "restrict", ref, "--to", "Priya Shah", "--reason", "allegation", says=f"--to: leaves out Sam Okafor, who holds {ref} now: the case would leave their lists; add them to --to, or give --hide-from-holders")
    assert "restricted_to" not in _facts(cli, ref)
    ok(cli, "case", "restrict", ref, "--to", "Priya Shah,sam okafor", "--reason", "allegation")
    ok(cli, "case", "unrestrict", ref, "--reason", "named wrongly")
    meant = ok(cli, "case", "restrict", ref, "--to", "Priya Shah", "--reason", "allegation about its worker", "--hide-from-holders")
    assert f"Hidden from Sam Okafor, who still holds it: reallocate it (fscli case allocate {ref} WORKER)." in meant.out + meant.err
    assert _facts(cli, ref)["restricted_to"] == "Priya Shah"
