"""On a team's server a case is erased by the database's owner alone: a worker's login is refused
in one line that says who may (the everyday role has no DELETE), the owner's erasure removes the
case through the server, VACUUMs the tables, and leaves `db check` clean and the access log whole."""

import io
import os
import sys
from contextlib import redirect_stderr, redirect_stdout

import pytest

from tests.conftest import BACKEND, _pg_admin, ensure_pg_roles, pg_url, rows

pytestmark = pytest.mark.postgresql_only(reason="logins, grants and the owner's role are the server's; a SQLite file is one worker's")

SUFFIX = "_" + os.environ.get("PYTEST_XDIST_WORKER", "main")
DATABASE = "fscli_erasure_server" + SUFFIX
OWNER, SAM = "erasure_owner" + SUFFIX, "erasure_sam" + SUFFIX


def as_login(login: str) -> str:
    return pg_url(DATABASE).replace("://fscli@", f"://{login}@")


def fscli(*args: str, login: str) -> tuple[int, str, str]:
    from fscli.cli.app import main
    from fscli.cli.context import LOGIN_REFUSED, ROOT_OPTIONS

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
    return code, out.getvalue(), err.getvalue()


def _drop() -> None:
    _pg_admin(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    for name in (SAM, OWNER):
        _pg_admin(f"DROP ROLE IF EXISTS {name}")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """The owner inits the server; Sam, in the everyday role, records a family closed in 2020."""
    if BACKEND != "postgresql":
        pytest.skip("PostgreSQL only")
    home = tmp_path_factory.mktemp("erasure_server")
    with pytest.MonkeyPatch.context() as patch:
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            patch.setenv(name, str(home / name.lower()))
        patch.setenv("FSCLI_TODAY", "2026-11-23")
        patch.delenv("FSCLI_WORKER", raising=False)
        patch.setattr(sys, "stdin", io.StringIO(""))
        _drop()
        ensure_pg_roles("fscli_team", "fscli_oversight")
        _pg_admin(f"CREATE ROLE {OWNER} LOGIN")
        _pg_admin(f"CREATE ROLE {SAM} LOGIN IN ROLE fscli_team")
        _pg_admin(f"CREATE DATABASE {DATABASE} OWNER {OWNER}")
        for step in (("init",), ("team", "add", "North"), ("worker", "add", "Sam Okafor", "--login", SAM, "--team", "North")):
            code, _, err = fscli(*step, login=OWNER)
            assert code == 0, (step, err)
        for step in (
            ("case", "open", "Quillfeather family", "--referred", "01/02/2020", "--source", "3B", "--reason", "Marrowbone school worried"),
            ("person", "add", "FS-0001", "Ottoline Quillfeather", "--role", "child", "--dob", "03/03/2001"),
            ("visit", "log", "FS-0001", "--type", "home-visit", "--date", "05/03/2020", "--seen", "Ottoline Quillfeather", "--note", "Xyloquent drawings"),
            ("case", "close", "FS-0001", "--date", "01/04/2020", "--reason", "RC7"),
            ("case", "show", "FS-0001"),
        ):  # fmt: skip
            code, _, err = fscli(*step, login=SAM)
            assert code == 0, (step, err)
        yield patch
    _drop()


def test_a_workers_login_is_told_in_one_line_who_may_erase(server):
    code, out, err = fscli("retention", "erase", "FS-0001", "--yes", login=SAM)
    assert code == 77 and err.count("\n") == 1 and "only the database's owner (the migration role)" in err, err
    assert "FS-0001" in fscli("retention", "--format", "tsv", login=SAM)[1]  # still there, still listed


def test_the_owner_erases_the_case_through_the_server_and_the_access_log_keeps_its_number(server):
    code, out, err = fscli("retention", "erase", "FS-0001", "--yes", login=OWNER)
    assert code == 0, err
    url = pg_url(DATABASE)
    assert rows(url, "SELECT count(*) FROM cases") == [(0,)]
    assert rows(url, "SELECT count(*) FROM contact WHERE strpos(note, ?) > 0", "Xyloquent") == [(0,)]
    assert rows(url, "SELECT basis FROM erasure") == [("cin",)]
    assert rows(url, "SELECT count(*) FROM access_case") >= [(1,)]  # Sam's view of it: a number, no name
    code, _, err = fscli("db", "check", login=OWNER)
    assert code == 0, err
