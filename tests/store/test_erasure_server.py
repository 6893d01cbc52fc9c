"""On a team's server a case is erased by the database's owner alone: a worker's login is refused
in one line that says who may (the everyday role has no DELETE), the owner's erasure removes the
case through the server, VACUUMs the tables, and leaves `db check` clean and the access log whole.
The server is the README's, as tests/store/test_team_server.py sets it up (its own copy here)."""

import pytest

from tests.conftest import pg_url, rows
from tests.store.test_team_server import DATABASE, OWNER, fscli, server  # noqa: F401  (server: the fixture)

pytestmark = pytest.mark.postgresql_only(reason="logins, grants and the owner's role are the server's; a SQLite file is one worker's")


@pytest.fixture(scope="module")
def closed_in_2020(server):  # noqa: F811
    """Sam's family of 2020, closed that year: Ottoline turned 18 in 2019, so its date came in 2023."""
    for step in (
        ("case", "open", "Quillfeather family", "--referred", "01/02/2020", "--source", "3B", "--reason", "Marrowbone school worried"),
        ("person", "add", "FS-0004", "Ottoline Quillfeather", "--role", "child", "--dob", "03/03/2001"),
        ("visit", "log", "FS-0004", "--type", "home-visit", "--date", "05/03/2020", "--seen", "Ottoline Quillfeather", "--note", "Xyloquent drawings"),
        ("case", "close", "FS-0004", "--date", "01/04/2020", "--reason", "RC7"),
        ("case", "show", "FS-0004"),
    ):  # fmt: skip
        code, _, err = fscli(*step, login="sam")
        assert code == 0, (step, err)
    return "FS-0004"


def test_a_workers_login_is_told_in_one_line_who_may_erase(closed_in_2020):
    code, _, err = fscli("retention", "erase", closed_in_2020, "--yes", login="sam")
    assert code == 77 and err.count("\n") == 1 and "only the database's owner (the migration role)" in err, err
    assert closed_in_2020 in fscli("retention", "--format", "tsv", login="sam")[1]  # still there, still listed


def test_the_owner_erases_the_case_through_the_server_and_the_access_log_keeps_its_number(closed_in_2020):
    code, _, err = fscli("retention", "erase", closed_in_2020, "--yes", login=OWNER)
    assert code == 0, err
    url = pg_url(DATABASE)
    assert rows(url, "SELECT count(*) FROM cases WHERE ref = ?", closed_in_2020) == [(0,)]
    assert rows(url, "SELECT count(*) FROM contact WHERE strpos(note, ?) > 0", "Xyloquent") == [(0,)]
    assert rows(url, "SELECT basis FROM erasure") == [("cin",)]
    (case_id,), = rows(url, "SELECT entity_id FROM audit WHERE action = 'erase'")
    assert rows(url, "SELECT count(*) FROM access_case WHERE case_id = ?", case_id) >= [(1,)]  # Sam's view of it: a number, no name
    code, _, err = fscli("db", "check", login=OWNER)
    assert code == 0, err
