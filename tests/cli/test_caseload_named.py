"""A refusal about the caseload names it where the worker gave it: --db, FSCLI_DB or the config
file, so they know which to put right."""

from fscli.errors import ExitCode
from tests.factories import fails


def test_a_caseload_set_in_fscli_db_is_named_fscli_db_in_each_refusal(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_DB", "postgresql://sam:secret@localhost/caseload")
    fails(cli, "case", "list", says="FSCLI_DB 'postgresql://sam:***@localhost/caseload': has a password in it")
    monkeypatch.setenv("FSCLI_DB", "postgresql+psycopg://sam@/caseload?host=/nonexistent-socket-dir")
    fails(cli, "case", "list", code=ExitCode.PERMISSION, says="FSCLI_DB postgresql+psycopg://sam@/caseload?host=/nonexistent-socket-dir: cannot connect")
    monkeypatch.setenv("FSCLI_DB", "/dev/null")
    fails(cli, "case", "list", says="FSCLI_DB '/dev/null': is not a regular file")


def test_the_option_and_the_config_file_are_named_as_given(cli, monkeypatch, tmp_path):
    fails(cli, "case", "list", "--db", "/dev/null", says="--db '/dev/null': is not a regular file")
    monkeypatch.delenv("FSCLI_DB")
    config = tmp_path / "config.toml"
    config.write_text('db = "/dev/null"\n')
    monkeypatch.setenv("FSCLI_CONFIG", str(config))
    fails(cli, "case", "list", says="db (config file) '/dev/null': is not a regular file")
