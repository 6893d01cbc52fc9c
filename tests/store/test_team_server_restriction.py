"""A team's server, after a restriction is lifted: the case is back in its team's lists, but why it
was hidden ("Mother is Sam Okafor's cousin") stays with those it named, the managers of its team,
the oversight role and the owner (issue 23, the last points). The set-up is
tests/store/test_team_server.py's."""

import pytest

from tests.store.test_team_server import OWNER, as_login, fscli, refs, server  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgresql_only(reason="logins and row security are the server's")

WHY = "Mother is Sam Okafor's cousin"


def _psql(login: str):
    import psycopg

    return psycopg.connect(as_login(login).replace("+psycopg", ""), autocommit=True)


@pytest.fixture(scope="module")
def lifted(server):
    """Mo hid Sam's case from him while it was looked into; the data protection officer lifted it."""
    code, _, err = fscli("case", "restrict", "FS-0001", "--to", "Priya Shah", "--reason", WHY, "--hide-from-holders", login="mo")
    assert code == 0, err
    assert refs(fscli("case", "list", "--format", "tsv", login="sam")[1]) == set()
    code, _, err = fscli("case", "unrestrict", "FS-0001", "--reason", "no conflict after all", login="dpo")  # Mo no longer sees it
    assert code == 0, err
    return err


def test_unrestrict_says_whose_lists_the_case_returns_to(lifted):
    warning = [line for line in lifted.splitlines() if "Sam Okafor" in line]
    assert len(warning) == 1, lifted
    assert "FS-0001 is back in the lists of Sam Okafor" in warning[0] and "not allowed" in warning[0]


def test_sam_sees_his_case_again_but_not_why_it_was_hidden_from_him(lifted):
    assert refs(fscli("case", "list", "--format", "tsv", login="sam")[1]) == {"FS-0001"}
    with _psql("sam") as conn:
        assert conn.execute("SELECT count(*) FROM restriction").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM restriction_worker").fetchone() == (0,)
    for view in (("case", "show", "FS-0001"), ("audit", "FS-0001")):
        code, out, err = fscli(*view, login="sam")
        assert code == 0 and WHY not in out + err, (view, err)


def test_sams_export_simply_holds_fewer_restriction_rows(lifted, tmp_path):
    code, _, err = fscli("export", "--out", str(tmp_path / "sam"), "--format", "csv", login="sam")
    assert code == 0, err
    exported = tmp_path / "sam" / "restriction.csv"
    assert not exported.exists() or "cousin" not in exported.read_text()
    code, _, err = fscli("export", "--out", str(tmp_path / "mo"), "--format", "csv", login="mo")
    assert code == 0, err
    assert "cousin" in (tmp_path / "mo" / "restriction.csv").read_text()


def test_the_reason_is_read_by_those_it_named_the_teams_manager_oversight_and_the_owner(lifted):
    for login, seen in (("priya", True), ("mo", True), ("dpo", True), (OWNER, True), ("ola", False), ("sam", False)):
        with _psql(login) as conn:
            reasons = [r for (r,) in conn.execute("SELECT reason FROM restriction")]
            assert (WHY in reasons) is seen, (login, reasons)
    with _psql("priya") as conn:  # named, so she reads whom it named
        assert conn.execute("SELECT count(*) FROM restriction_worker rw JOIN restriction r ON r.id = rw.restriction_id WHERE r.reason = %s", (WHY,)).fetchone() == (1,)
