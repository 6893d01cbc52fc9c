"""A subject access pack on the team server holds what the login may see (issue 24 §Subject access).

Lily Hart is a child in Sam's case (North) and in Ola's (South). Sam's pack holds her records in
his team's case alone and says so; the data protection officer, in the oversight role, gets both.
"""

import json

import pytest

from tests.store.test_team_server import fscli, server  # noqa: F401 - the server as the README sets it up

pytestmark = pytest.mark.postgresql_only(reason="row security is the server's")


def test_a_workers_pack_holds_only_their_teams_cases_and_the_officers_holds_every_case(server, tmp_path):  # noqa: F811
    code, _, err = fscli("person", "add", "FS-0003", "Lily Hart", "--role", "child", "--dob", "01/02/2020", login="ola")
    assert code == 0, err
    code, _, err = fscli("person", "sar", "FS-0001", "Lily Hart", "--out", str(tmp_path / "sam"), login="sam")
    assert code == 0, err
    pack = json.loads((tmp_path / "sam" / "items.json").read_text())
    assert [a["ref"] for a in pack["appearances"]] == ["FS-0001"]
    assert "may see" in pack["scope"] and "oversight role sees every case" in pack["scope"]
    assert "Jukes" not in (tmp_path / "sam" / "index.html").read_text()

    code, _, err = fscli("person", "sar", "FS-0001", "Lily Hart", "--out", str(tmp_path / "dpo"), "--answered", login="dpo")
    assert code == 0, err
    pack = json.loads((tmp_path / "dpo" / "items.json").read_text())
    assert [a["ref"] for a in pack["appearances"]] == ["FS-0001", "FS-0003"]
    code, out, err = fscli("audit", "FS-0001", "--views", "--format", "tsv", login="dpo")
    assert code == 0 and "sar" in out, err
