"""A team's server as the README sets it up: who you are comes from your login, who sees what is
enforced by PostgreSQL itself, and the everyday role cannot write the audit (issue 23 §1, §2, §5).

Two teams (North: Sam, Priya, and Mo who manages it; South: Ola), a data protection officer in
the oversight role, and Priya's case restricted to her. Each worker connects as their own login
over the Unix socket, as the suite's own superuser never could show (row security does not
apply to a superuser).
"""

import io
import json
import os
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest

from tests.conftest import BACKEND, _pg_admin, ensure_pg_roles, pg_url

pytestmark = pytest.mark.postgresql_only(reason="logins, grants and row security are the server's; a SQLite file is one worker's")

# Roles belong to the whole cluster, which the suite's workers share: each worker has its own.
SUFFIX = "_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
DATABASE = "fscli_team_server" + SUFFIX
LOGINS = ("sam", "priya", "mo", "ola", "dpo", "stranger", "outsider")
OWNER = "team_owner"


def role(name: str) -> str:
    return name + SUFFIX


def as_login(login: str) -> str:
    return pg_url(DATABASE).replace("://fscli@", f"://{role(login)}@")


def fscli(*args: str, login: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """fscli run in-process as `login`, through main() as the entry point does."""
    from fscli.cli.app import main
    from fscli.cli.context import LOGIN_REFUSED, ROOT_OPTIONS

    saved = {k: os.environ.get(k) for k in (env or {})}
    os.environ.update(env or {})
    out, err = io.StringIO(), io.StringIO()
    code = 0
    try:
        with redirect_stdout(out), redirect_stderr(err):
            main([*args, "--db", as_login(login)])
    except SystemExit as exit_:
        code = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        ROOT_OPTIONS.clear()
        LOGIN_REFUSED.clear()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
    return code, out.getvalue(), err.getvalue()


def _drop() -> None:
    _pg_admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    for name in (*LOGINS, OWNER):
        _pg_admin(f"DROP ROLE IF EXISTS {role(name)}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The README's set-up, from nothing: roles, init as the owner, teams, workers with logins."""
    if BACKEND != "postgresql":
        pytest.skip("PostgreSQL only")
    home = tmp_path_factory.mktemp("team_server")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            patch.setenv(name, str(home / name.lower()))
        patch.setenv("FSCLI_TODAY", "2026-11-23")
        patch.delenv("FSCLI_WORKER", raising=False)
        patch.setattr(sys, "stdin", io.StringIO(""))
        _drop()
        ensure_pg_roles("fscli_team", "fscli_oversight")
        _pg_admin(f"CREATE ROLE {role(OWNER)} LOGIN")
        for login in ("sam", "priya", "mo", "ola", "stranger"):
            _pg_admin(f"CREATE ROLE {role(login)} LOGIN IN ROLE fscli_team")
        _pg_admin(f"CREATE ROLE {role('dpo')} LOGIN IN ROLE fscli_team, fscli_oversight")
        _pg_admin(f"CREATE DATABASE {DATABASE} OWNER {role(OWNER)}")
        steps = [
            ("init",), ("team", "add", "North"), ("team", "add", "South"),
            ("worker", "add", "Sam Okafor", "--login", role("sam"), "--team", "North"),
            ("worker", "add", "Priya Shah", "--login", role("priya"), "--team", "North"),
            ("worker", "add", "Mo Reid", "--login", role("mo"), "--team", "North", "--manager"),
            ("worker", "add", "Ola Bank", "--login", role("ola"), "--team", "South"),
            ("worker", "add", "Dee Ward", "--login", role("dpo")),
        ]  # fmt: skip
        for step in steps:
            code, _, err = fscli(*step, login=OWNER)
            assert code == 0, (step, err)
        opened = [("sam", "Hart family"), ("priya", "Ives family"), ("ola", "Jukes family")]
        for login, family in opened:
            code, _, err = fscli("case", "open", family, "--referred", "03/11/2026", "--source", "3B", "--reason", "worried", login=login)
            assert code == 0, (login, err)
        for login, ref, child in (("sam", "FS-0001", "Lily Hart"), ("priya", "FS-0002", "Zqxv Canarywood"), ("ola", "FS-0003", "Kai Jukes")):
            assert fscli("person", "add", ref, child, "--role", "child", "--dob", "01/02/2020", login=login)[0] == 0
        code, _, err = fscli("case", "restrict", "FS-0002", "--to", "Priya Shah", "--reason", "allegation against a council employee", login="mo")
        assert code == 0, err
        yield patch
    _drop()


def refs(out: str) -> set[str]:
    return {word for word in out.replace("\t", " ").replace("\n", " ").split(" ") if word.startswith("FS-")}


def test_each_view_shows_sam_his_teams_cases_and_never_a_case_restricted_to_someone_else(server, tmp_path):
    assert refs(fscli("case", "list", "--all", "--format", "tsv", login="sam")[1]) == {"FS-0001"}
    code, _, err = fscli("case", "show", "FS-0002", login="sam")
    assert code != 0 and "no such case" in err
    assert fscli("case", "show", "FS-0003", login="sam")[0] != 0
    assert fscli("search", "Canarywood", "--format", "tsv", login="sam")[1].count("Canarywood") == 0
    assert refs(fscli("due", "--format", "tsv", login="sam")[1]) <= {"FS-0001"}
    summary = json.loads(fscli("summary", "--format", "json", login="sam")[1])
    assert (summary["families"], summary["children"], [w["group"] for w in summary["worker"]]) == (1, 1, ["Sam Okafor"])
    code, out, err = fscli("summary", "--indicators", "--format", "json", login="sam")
    assert code == 0 and "Ives" not in out and "Priya" not in out, err
    assert summary == json.loads(fscli("summary", "--format", "json", login="mo")[1])  # the restricted case is in no figure of its team's manager
    code, _, err = fscli("export", "--out", str(tmp_path / "sam"), "--format", "ndjson", login="sam")
    assert code == 0, err
    exported = (tmp_path / "sam" / "cases.ndjson").read_text()
    assert "Hart family" in exported and "Ives family" not in exported and "Jukes family" not in exported

    from fscli.reports.completion import case_refs
    from fscli.store.db import Database
    from fscli.store.location import locate

    with Database(locate(as_login("sam"))).reader() as reader:
        assert [ref for ref, _ in case_refs(reader, "FS-")] == ["FS-0001"]


def test_the_restricted_case_is_seen_by_the_worker_named_and_the_oversight_role_only(server):
    assert refs(fscli("case", "list", "--format", "tsv", login="priya")[1]) == {"FS-0001", "FS-0002"}
    shown = fscli("case", "show", "FS-0002", "--format", "json", login="priya")[1]
    assert "allegation against a council employee" in shown and "Priya Shah" in shown
    assert refs(fscli("case", "list", "--format", "tsv", login="mo")[1]) == {"FS-0001"}  # the manager who restricted it, not named
    assert refs(fscli("case", "list", "--format", "tsv", login="dpo")[1]) == {"FS-0001", "FS-0002", "FS-0003"}
    assert refs(fscli("case", "list", "--format", "tsv", login="ola")[1]) == {"FS-0003"}


def test_as_the_everyday_role_in_raw_sql_sam_cannot_see_count_change_or_write_the_audit(server):
    import psycopg

    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        restricted = conn.execute("SELECT id FROM cases WHERE ref = 'FS-0002'").fetchone()[0]
    with psycopg.connect(as_login("sam").replace("+psycopg", ""), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM cases").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM person").fetchone() == (1,)
        assert conn.execute("SELECT count(*) FROM audit WHERE case_id IS NOT NULL AND case_id <> (SELECT id FROM cases)").fetchone() == (0,)
        hidden = conn.execute("SELECT count(*) FROM case_team").fetchone()
        assert hidden == (1,)
        assert conn.execute("UPDATE cases SET family = 'Renamed family', reason = 'no concerns' WHERE ref <> 'FS-0001'").rowcount == 0
        assert conn.execute("UPDATE case_team SET team_id = (SELECT id FROM team WHERE name = 'South')").rowcount == 0  # a manager's move
        with pytest.raises(psycopg.errors.InsufficientPrivilege):  # row security: not a case he sees
            conn.execute("INSERT INTO diary (case_id, on_date, text, tags, worker, created_at) VALUES (%s, '2026-11-23', 'x', '', 'Sam Okafor', now())", (restricted,))
        for statement in (
            "UPDATE audit SET worker = 'Priya Shah'",
            "INSERT INTO audit (at, os_user, worker, action, entity, detail, prev_hash, hash) VALUES (now(), 'priya', 'Priya Shah', 'x', 'x', '{}', 'x', 'x')",
            "INSERT INTO audit_row (audit_id, tbl, row_id) VALUES (1, 'cases', 1)",
            "UPDATE worker SET login = 'sam' WHERE name = 'Priya Shah'",
            f"INSERT INTO worker (name, created_at, login) VALUES ('Eve Imposter', now(), '{role('stranger')}')",
            "INSERT INTO team_member (team_id, worker_id, role, created_at) VALUES (2, 1, 'manager', now())",
            "DELETE FROM cases",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        # The audit function records whoever calls it, whatever they claim.
        made = conn.execute("SELECT fscli_audit_append(now(), 'forged', 'case', NULL, NULL, '{}', ARRAY[]::text[], 'Priya Shah')").fetchone()[0]
        assert conn.execute("SELECT os_user, worker FROM audit WHERE id = %s", (made,)).fetchone() == (role("sam"), "Sam Okafor")
    code, out, _ = fscli("db", "check", login=OWNER)
    assert code == 0 and "rows verified" in out


def test_in_raw_sql_sam_changes_no_record_unaudited_and_signs_nothing_he_could_not_write(server):
    """The replay's forgeries: a record changed in psql with no audit row, an audit row put on a
    case sam cannot see, an audit row dated by the client."""
    import psycopg

    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        restricted = conn.execute("SELECT id FROM cases WHERE ref = 'FS-0002'").fetchone()[0]
        own = conn.execute("SELECT id FROM cases WHERE ref = 'FS-0001'").fetchone()[0]
    with psycopg.connect(as_login("sam").replace("+psycopg", ""), autocommit=True) as conn:
        for statement, values in (
            ("UPDATE cases SET family = 'Renamed by sam' WHERE id = %s", (own,)),
            ("INSERT INTO diary (case_id, on_date, text, tags, worker, created_at) VALUES (%s, '2026-11-23', 'forged', '', 'Priya Shah', now())", (own,)),
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="no audit row"):
                conn.execute(statement, values)
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="is not one login"):
            conn.execute("SELECT fscli_audit_append(now(), 'case.close', 'case', %s, %s, '{}', ARRAY['cases:1:'], NULL)", (restricted, restricted))
        with pytest.raises(psycopg.errors.InsufficientPrivilege, match="does not seal"):
            conn.execute("SELECT fscli_audit_append(now(), 'x', 'case', %s, %s, '{}', ARRAY['alembic_version:1:'], NULL)", (own, own))
        made = conn.execute("SELECT fscli_audit_append('2020-01-01 09:00+00', 'probe', 'case', %s, %s, '{}', ARRAY[]::text[], NULL)", (own, own)).fetchone()[0]
        assert conn.execute("SELECT extract(year FROM at) FROM audit WHERE id = %s", (made,)).fetchone()[0] >= 2026  # the server's clock
        assert conn.execute("SELECT family FROM cases WHERE id = %s", (own,)).fetchone() == ("Hart family",)
        assert conn.execute("SELECT count(*) FROM counter").fetchone() == (0,)  # its values count the cases he cannot see
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE counter SET value = 0")
    code, out, err = fscli("db", "check", login="sam")
    assert "not walked" in out and "owner runs 'fscli db check'" in err


def test_fscli_worker_naming_a_colleague_changes_nothing_recorded(server):
    code, out, err = fscli("diary", "add", "FS-0001", "Called the school", login="sam", env={"FSCLI_WORKER": "Priya Shah", "USER": "priya"})
    assert code == 0, err
    assert err.count("FSCLI_WORKER") == 1 and f"FSCLI_WORKER names Priya Shah, but on this server you are Sam Okafor (login {role('sam')})" in err
    import psycopg

    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        assert conn.execute("SELECT os_user, worker, action FROM audit ORDER BY id DESC LIMIT 1").fetchone() == (role("sam"), "Sam Okafor", "diary.add")
        assert conn.execute("SELECT worker FROM diary ORDER BY id DESC LIMIT 1").fetchone() == ("Sam Okafor",)
    code, out, _ = fscli("db", "check", login=OWNER)
    assert code == 0 and "rows verified" in out  # the server's rows are in the chain store/audit.py verifies


def test_a_login_that_is_no_worker_may_not_write_or_ask_for_its_own_work(server):
    code, _, err = fscli("diary", "add", "Office day", login="stranger", env={"FSCLI_WORKER": "Sam Okafor"})
    assert code == 77 and err.count("\n") == 1 and f"login {role('stranger')} is no worker of this caseload" in err and "fscli worker add" in err
    code, _, err = fscli("case", "list", "--mine", login="stranger")
    assert code != 0 and f"login {role('stranger')} is no worker" in err
    assert refs(fscli("case", "list", "--format", "tsv", login="stranger")[1]) == set()  # no team, no case: sees none


def test_only_a_manager_of_the_cases_team_restricts_it_and_a_worker_cannot_move_it(server):
    code, _, err = fscli("case", "restrict", "FS-0001", "--to", "Sam Okafor", "--reason", "his own family", login="sam")
    assert code == 77 and "does not let this login make that change" in err
    code, _, err = fscli("case", "team", "FS-0001", "South", login="sam")
    assert code == 77 and "may not move it" in err, err
    code, _, err = fscli("case", "unrestrict", "FS-0002", "--reason", "done", login="priya")  # named, not a manager
    assert code == 77 and "may not lift its restriction" in err, err
    code, _, err = fscli("team", "add", "East", login="sam")
    assert code == 77, err
    code, _, err = fscli("worker", "add", "Sam Okafor", "--login", role("priya"), login="sam")
    assert code != 0


def test_the_grants_and_policies_are_back_after_db_upgrade(server):
    import psycopg

    with psycopg.connect(as_login(OWNER).replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("GRANT INSERT, UPDATE ON audit TO fscli_team")
        conn.execute("DROP POLICY fscli_seen ON cases")
        conn.execute("ALTER TABLE person DISABLE ROW LEVEL SECURITY")
    code, _, err = fscli("db", "upgrade", login=OWNER)
    assert code == 0, err
    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        assert conn.execute("SELECT has_table_privilege('fscli_team', 'audit', 'INSERT'), has_table_privilege('fscli_team', 'audit', 'UPDATE')").fetchone() == (False, False)
        assert conn.execute("SELECT count(*) FROM pg_policies WHERE tablename = 'cases' AND policyname = 'fscli_seen'").fetchone() == (1,)
        assert conn.execute("SELECT relrowsecurity FROM pg_class WHERE relname = 'person'").fetchone() == (True,)
    assert refs(fscli("case", "list", "--format", "tsv", login="sam")[1]) == {"FS-0001"}
    code, _, err = fscli("db", "upgrade", login="sam")
    assert code == 77 and "refused this role" in err


def test_init_names_the_role_to_create_when_the_server_lacks_it(server):
    code, _, err = fscli("db", "upgrade", login=OWNER, env={"FSCLI_OVERSIGHT_ROLE": "council_dpo"})
    assert code == 77 and err.count("\n") == 1
    assert "no role 'council_dpo'" in err and 'CREATE ROLE "council_dpo" NOLOGIN' in err


def test_a_login_the_server_lacks_is_recorded_and_the_dba_told_what_to_run(server):
    code, _, err = fscli("worker", "add", "Ann Lowe", "--login", role("ann"), login=OWNER)
    assert code == 0, err
    assert "no such login on this server yet" in err and f'CREATE ROLE "{role("ann")}" LOGIN IN ROLE "fscli_team"' in err
    code, _, err = fscli("worker", "add", "Sam Okafor", "--login", role("sam"), login=OWNER)
    assert code == 0 and "no such login" not in err


def test_an_idempotency_key_is_its_logins_own_so_sam_neither_sees_nor_is_stopped_by_priyas(server):
    """The new DBA's finding: Priya's key made Sam's write with the same key 'already done', and
    Sam's psql read Priya's write back through fscli_idempotency_find."""
    import psycopg

    opening = ("case", "open", "--referred", "03/11/2026", "--source", "3B", "--reason", "worried")
    code, out, err = fscli("--idempotency-key", "nightly-1", *opening[:2], "Kemp family", *opening[2:], login="priya")
    assert code == 0, err
    with psycopg.connect(as_login("sam").replace("+psycopg", ""), autocommit=True) as conn:
        assert conn.execute("SELECT * FROM fscli_idempotency_find('nightly-1')").fetchall() == []
    code, out, err = fscli("--idempotency-key", "nightly-1", *opening[:2], "Lowe family", *opening[2:], login="sam")
    assert code == 0 and "already done" not in (out + err), err
    assert "Lowe family" in fscli("case", "list", "--format", "tsv", login="sam")[1]
    code, out, err = fscli("--idempotency-key", "nightly-1", *opening[:2], "Lowe family", *opening[2:], login="sam")
    assert code == 0 and "already done" in (out + err)  # his own retry still stops
    assert fscli("case", "list", "--format", "tsv", login="sam")[1].count("Lowe family") == 1


def test_sam_cannot_log_a_view_of_a_case_he_does_not_see_nor_a_sentence_as_its_detail(server):
    import psycopg

    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        hidden = conn.execute("SELECT id FROM cases WHERE ref = 'FS-0003'").fetchone()[0]
        own = conn.execute("SELECT id FROM cases WHERE ref = 'FS-0001'").fetchone()[0]
    with psycopg.connect(as_login("sam").replace("+psycopg", ""), autocommit=True) as conn:
        for detail, cases in (("{}", [hidden]), ("{}", [99999]), ('{"note":"Tomas disclosed"}', [own]), ("not json", [own]), ('["a"]', [own])):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT fscli_log_access('case.show', %s, %s::bigint[])", (detail, cases))
        assert conn.execute("SELECT fscli_log_access('case.list', '{\"all\":true,\"format\":\"tsv\",\"rows\":2}', %s::bigint[])", ([own],)).fetchone()[0] > 0
    code, out, err = fscli("audit", "FS-0003", "--views", "--format", "tsv", login="dpo")
    assert code == 0 and "Sam Okafor" not in out, err


def test_a_login_the_dba_left_out_of_the_team_role_is_told_the_grant_to_run_not_to_init(server):
    _pg_admin(f"CREATE ROLE {role('outsider')} LOGIN")
    for step in (("case", "list"), ("init",)):
        code, _, err = fscli(*step, login="outsider")
        assert code == 77 and err.count("\n") == 1, (step, err)
        assert f"login {role('outsider')} is not a member of fscli_team" in err and f"GRANT fscli_team TO {role('outsider')};" in err, err
        assert "fscli init" not in err


def test_db_check_names_a_case_sam_changed_in_psql_and_signed_as_changed_by_his_audit_row(server):
    import psycopg

    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:
        own = conn.execute("SELECT id FROM cases WHERE ref = 'FS-0001'").fetchone()[0]
    with psycopg.connect(as_login("sam").replace("+psycopg", "")) as conn:  # one transaction
        conn.execute("UPDATE cases SET family = 'Renamed by hand' WHERE id = %s", (own,))
        signed = conn.execute("SELECT fscli_audit_append(now(), 'case.edit', 'case', %s, %s, '{}', ARRAY[%s]::text[], NULL)", (own, own, f"cases:{own}:")).fetchone()[0]
    code, out, err = fscli("db", "check", login=OWNER)
    assert code != 0
    assert f"case {own} of FS-0001 was changed outside fscli (last written by audit row {signed}, 'case.edit'" in out + err and "Sam Okafor" in out + err
    assert "was inserted outside fscli" not in out + err
    with psycopg.connect(as_login(OWNER).replace("+psycopg", "")) as conn:  # put back for what follows
        conn.execute("UPDATE cases SET family = 'Hart family' WHERE id = %s", (own,))
