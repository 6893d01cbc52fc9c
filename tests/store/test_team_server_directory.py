"""A team's server, what each login reads beyond the cases: the staff directory (workers, teams,
their members) is every login's, a script's idempotency keys are its login's own; and a case a
worker opens must stay someone's (issue 23's leftovers). The set-up is tests/store/test_team_server.py's."""

import pytest

from tests.store.test_team_server import OWNER, as_login, fscli, refs, role, server  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgresql_only(reason="logins and row security are the server's")


def _psql(login: str):
    import psycopg

    return psycopg.connect(as_login(login).replace("+psycopg", ""), autocommit=True)


def test_every_login_reads_the_staff_directory_and_none_may_change_it(server):
    import psycopg

    with _psql("ola") as conn:
        assert conn.execute("SELECT count(*) FROM team").fetchone() == (2,)
        assert conn.execute("SELECT count(*) FROM team_member").fetchone() == (4,)  # North's three and South's one: to allocate, share and open in one's team
        for statement in ("UPDATE team SET name = 'Renamed'", "DELETE FROM team_member", "UPDATE team_member SET role = 'manager'"):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
    with _psql(OWNER) as conn:
        assert {row[0] for row in conn.execute("SELECT relname FROM pg_class WHERE relname IN ('team', 'team_member', 'idempotency_key', 'worker') AND relrowsecurity")} == {"team", "team_member", "idempotency_key", "worker"}


def test_a_key_priya_gave_a_write_on_her_restricted_case_is_read_by_no_other_login(server):
    code, out, err = fscli("--idempotency-key", "priya-FS-0002-goal", "goal", "add", "FS-0002", "Home is safe", login="priya")
    assert code == 0, err
    code, out, err = fscli("--idempotency-key", "sam-open-1", "case", "open", "Kay family", "--referred", "03/11/2026", "--source", "3B", "--reason", "worried", login="sam")
    assert code == 0, err
    opened = out.strip()
    with _psql("sam") as conn:
        assert conn.execute("SELECT count(*) FROM idempotency_key").fetchone() == (0,)
        assert conn.execute("SELECT label FROM fscli_idempotency_find('priya-FS-0002-goal')").fetchall() == []  # a key he knows is Priya's, not his
        assert conn.execute("SELECT label FROM fscli_idempotency_find('sam-open-1')").fetchall() == [(opened,)]
    # Retries still find their key, and say what they made where the login sees it.
    code, out, err = fscli("--idempotency-key", "sam-open-1", "case", "open", "Kay family", "--referred", "03/11/2026", "--source", "3B", "--reason", "worried", login="sam")
    assert (code, out.strip()) == (0, opened) and "already done" in err, err
    code, _, err = fscli("--idempotency-key", "priya-FS-0002-goal", "goal", "add", "FS-0002", "Home is safe", login="priya")
    assert code == 0 and "already done" in err, err
    assert "(FS-0002)" in err  # her own: what it made
    code, out, err = fscli("--idempotency-key", "priya-FS-0002-goal", "goal", "add", "FS-0001", "Home is safe", login="sam")
    assert code == 0 and "already done" not in err and "FS-0002" not in (out + err), err  # the same words, his own key: his goal is added


def test_a_worker_in_no_team_cannot_open_a_case_no_one_would_see(server):
    code, _, err = fscli("worker", "add", "Nat Free", "--login", role("stranger"), login=OWNER)
    assert code == 0, err
    before = refs(fscli("case", "list", "--all", "--format", "tsv", login="dpo")[1])
    code, _, err = fscli("case", "open", "Lone family", "--referred", "03/11/2026", "--source", "3B", "--reason", "worried", "--worker", "", login="stranger")
    assert code == 1 and err.count("\n") == 1, err
    assert "--team: you are in no team and the case would be allocated to no one" in err and "add --worker" in err, err
    assert refs(fscli("case", "list", "--all", "--format", "tsv", login="dpo")[1]) == before  # nothing written
    code, out, err = fscli("case", "open", "Lone family", "--referred", "03/11/2026", "--source", "3B", "--reason", "worried", login="stranger")
    assert code == 0, err  # held by its opener, who sees it
    assert refs(fscli("case", "list", "--format", "tsv", login="stranger")[1]) == {out.strip()}


def test_a_server_not_yet_upgraded_to_the_key_function_refuses_a_keyed_write_in_one_line(server):
    with _psql(OWNER) as conn:
        conn.execute("DROP FUNCTION fscli_idempotency_find(text)")
    code, _, err = fscli("--idempotency-key", "sam-diary-9", "diary", "add", "FS-0001", "Rang school", login="sam")
    assert code == 77 and err.count("\n") == 1 and "no function fscli_idempotency_find yet" in err and "fscli db upgrade" in err, err
    assert fscli("db", "upgrade", login=OWNER)[0] == 0
    code, _, err = fscli("--idempotency-key", "sam-diary-9", "diary", "add", "FS-0001", "Rang school", login="sam")
    assert code == 0, err
