"""A team's server dates every audit row by its own clock, the owner's too: a laptop whose clock is
wrong (or a pinned FSCLI_TODAY) neither dates the trail nor makes `db check` warn that the clock
was set back (issue 23, the last points). The set-up is tests/store/test_team_server.py's, whose
clients all say it is 23/11/2026."""

import pytest

from tests.store.test_team_server import OWNER, as_login, fscli, role, server  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgresql_only(reason="the server's clock is a server's")


def test_the_owners_audit_rows_are_dated_by_the_server_not_the_owners_laptop(server):
    import psycopg

    code, _, err = fscli("diary", "add", "FS-0001", "Rang the school", login="sam")
    assert code == 0, err
    code, _, err = fscli("worker", "add", "Ann Lowe", "--login", role("ann"), "--team", "North", login=OWNER)  # after Sam's row
    assert code == 0, err
    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        late = conn.execute("SELECT count(*) FROM audit WHERE abs(extract(epoch FROM now() - at)) > 3600").fetchone()[0]
        assert late == 0  # every row, the owner's init and directory rows too, within the hour of the server's clock
        assert conn.execute("SELECT action FROM audit ORDER BY id DESC LIMIT 1").fetchone() == ("worker.add",)
    code, out, err = fscli("db", "check", login=OWNER)
    assert code == 0 and "audit times: in order" in out, out + err
    assert "clock set back" not in err
    code, out, err = fscli("diary", "add", "FS-0001", "Rang again", login="sam", env={"FSCLI_TODAY": "2027-03-01"})
    assert code == 0, err  # the note is the worker's date; its audit row is still the server's
    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        assert conn.execute("SELECT on_date::text, (SELECT abs(extract(epoch FROM now() - at)) < 3600 FROM audit ORDER BY id DESC LIMIT 1) FROM diary ORDER BY id DESC LIMIT 1").fetchone() == ("2027-03-01", True)
