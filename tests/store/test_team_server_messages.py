"""A team's server, in fscli's words: `db backup` prints the pg_dump command a nightly job runs
(exit 0), and a write row security refuses is named by what was tried, not by PostgreSQL's policy
wording (issue 23, the last points). The set-up is tests/store/test_team_server.py's."""

import shutil
import subprocess

import pytest

from tests.store.test_team_server import DATABASE, OWNER, fscli, role, server  # noqa: F401 - the fixture

pytestmark = pytest.mark.postgresql_only(reason="pg_dump and row security are the server's")


def test_db_backup_prints_the_pg_dump_command_a_nightly_job_runs(server, tmp_path):
    target = tmp_path / "nightly dump.dump"
    code, out, err = fscli("db", "backup", str(target), login=OWNER)
    assert code == 0, err
    (command,) = out.splitlines()
    assert command.startswith("pg_dump --format=custom --file=")
    for part in ("--host=/", "--port=", f"--username={role(OWNER)}", f"--dbname={DATABASE}", "'" + str(target) + "'"):
        assert part in command, (part, command)
    assert "password" not in command.lower() and "pg_dump" in err and err.count("\n") == 1
    if shutil.which("pg_dump"):  # the line runs as printed
        ran = subprocess.run(["sh", "-c", command], capture_output=True, text=True, check=False)
        assert ran.returncode == 0 and target.stat().st_size > 0, ran.stderr
    code, out, err = fscli("db", "backup", login="sam")  # a worker's login is told the owner's
    assert code == 0 and f"--username={role(OWNER)}" in out and "--file=fscli-$(date +%F).dump" in out, err


def test_a_restriction_row_security_refuses_is_named_in_fsclis_words(server):
    code, _, err = fscli("case", "restrict", "FS-0001", "--to", "Sam Okafor", "--reason", "his own family", login="sam")
    assert code == 77 and err.count("\n") == 1, err
    assert "violates row-level security" not in err and "policy" not in err
    assert "does not let this login make that change: restrict this case or lift its restriction (table restriction)" in err
    assert "a manager of the case's team restricts it" in err
