"""A team's server: the owner lists its workers, their logins, teams, who manages, who is in the
oversight role and whose login can use fscli now; a login with no worker is told what the owner must
run (issue 23, the last points). The set-up is tests/store/test_team_server.py's."""

import json

import pytest

from tests.store.test_team_server import OWNER, fscli, role, server  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgresql_only(reason="logins and roles are the server's")


def test_worker_list_names_each_login_its_teams_the_manager_and_the_oversight_login(server):
    code, out, err = fscli("worker", "list", "--format", "json", login=OWNER)
    assert code == 0, err
    listed = {w["login"]: w for w in json.loads(out)}
    assert {k: listed[role("mo")][k] for k in ("worker", "teams", "manager", "oversight", "active")} == {"worker": "Mo Reid", "teams": "North (manager)", "manager": "yes", "oversight": "no", "active": "yes"}
    assert (listed[role("sam")]["teams"], listed[role("sam")]["manager"]) == ("North", "no")
    assert (listed[role("dpo")]["worker"], listed[role("dpo")]["oversight"], listed[role("dpo")]["active"]) == ("Dee Ward", "yes", "yes")
    assert listed[role("stranger")]["worker"] == "" and f"fscli worker add NAME --login {role('stranger')}" in listed[role("stranger")]["active"]
    code, out, err = fscli("worker", "list", "--format", "json", login="sam")  # every login reads the staff directory
    assert code == 0 and {w["worker"] for w in json.loads(out)} >= {"Sam Okafor", "Priya Shah", "Mo Reid", "Ola Bank", "Dee Ward"}, err


def test_a_login_the_server_refuses_is_not_active(server):
    from tests.conftest import _pg_admin

    code, _, err = fscli("worker", "add", "Kit Gone", "--login", role("gone"), login=OWNER)  # no such login yet
    assert code == 0, err
    listed = {w["worker"]: w for w in json.loads(fscli("worker", "list", "--format", "json", login=OWNER)[1])}
    assert listed["Kit Gone"]["active"] == "no: no such login on the server"
    _pg_admin(f"CREATE ROLE {role('gone')} NOLOGIN IN ROLE fscli_team")
    try:
        listed = {w["worker"]: w for w in json.loads(fscli("worker", "list", "--format", "json", login=OWNER)[1])}
        assert listed["Kit Gone"]["active"] == "no: the login may not log in"
    finally:
        _pg_admin(f"DROP ROLE {role('gone')}")


def test_a_login_with_no_worker_sees_empty_lists_and_is_told_what_the_owner_runs(server):
    code, out, err = fscli("case", "list", "--format", "tsv", login="stranger")
    assert code == 0 and "FS-" not in out
    (hint,) = [line for line in err.splitlines() if "worker add" in line]
    assert f"login {role('stranger')} is no worker of this caseload" in hint and f'fscli worker add "Your Name" --login {role("stranger")}' in hint
    code, out, err = fscli("case", "list", "--format", "tsv", login="sam")
    assert "worker add" not in err
