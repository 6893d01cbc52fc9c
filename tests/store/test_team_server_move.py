"""`fscli move` on a team's server (issue 24): a worker's login moves an entry between two cases it
sees, and row security stops a move to, or from, a case it does not see: in fscli and in raw SQL,
where a policy's USING is its WITH CHECK, so the moved row must be seen after the move too.

The server of tests/store/test_team_server.py: Sam (North) holds FS-0001, the Hart family; FS-0002
is restricted to Priya; FS-0003 is the South team's.
"""

import pytest

from tests.store.test_team_server import OWNER, as_login, fscli, server  # noqa: F401  (the module's server, built again for this one)

pytestmark = pytest.mark.postgresql_only(reason="logins, grants and row security are the server's; a SQLite file is one worker's")


def test_sam_moves_a_visit_between_his_cases_and_nowhere_he_cannot_see(server):  # noqa: F811
    import psycopg

    code, brook, err = fscli("case", "open", "Brook family", "--referred", "03/11/2026", "--source", "3B", "--reason", "worried", login="sam")
    assert code == 0, err
    brook = brook.strip()
    assert fscli("person", "add", brook, "Lily Hart", "--role", "child", "--dob", "01/02/2020", login="sam")[0] == 0
    code, visit, err = fscli("visit", "log", "FS-0001", "--type", "home-visit", "--date", "20/11/2026 10am", "--seen", "Lily Hart", login="sam")
    assert code == 0, err
    visit = visit.strip()

    for hidden in ("FS-0002", "FS-0003"):  # restricted to Priya; the South team's
        code, _, err = fscli("move", visit, "--to", hidden, "--reason", "wrong family", login="sam")
        assert code == 1 and "no such case" in err, err
    code, out, err = fscli("move", visit, "--to", brook, "--reason", "Filed on the wrong family", login="sam")
    assert code == 0 and out.strip() == visit, err
    assert "both chronologies say so" in err

    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        ids = dict(conn.execute("SELECT ref, id FROM cases").fetchall())
        contact = int(visit.removeprefix("V"))
        assert conn.execute("SELECT case_id FROM contact WHERE id = %s", (contact,)).fetchone() == (ids[brook],)
        assert conn.execute("SELECT p.case_id FROM contact_party cp JOIN person p ON p.id = cp.person_id WHERE cp.contact_id = %s", (contact,)).fetchone() == (ids[brook],)
        assert conn.execute("SELECT count(*) FROM field_history WHERE entity = 'contact' AND field = 'case'").fetchone() == (2,)
        assert conn.execute("SELECT os_user, action, case_id FROM audit ORDER BY id DESC LIMIT 1").fetchone()[1:] == ("move", ids[brook])

    # In raw SQL: the row a policy would no longer show him cannot be written.
    with psycopg.connect(as_login("sam").replace("+psycopg", "")) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE contact SET case_id = %s WHERE id = %s", (ids["FS-0003"], contact))
        conn.rollback()
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # only the case and who is whom: never the note
            conn.execute("UPDATE contact SET note = 'rewritten' WHERE id = %s", (contact,))
    code, out, err = fscli("db", "check", login=OWNER)
    assert code == 0 and "agree with their case" in out, out + err
