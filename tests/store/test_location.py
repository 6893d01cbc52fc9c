"""Where the database is, and what a PostgreSQL URL may carry: no password anywhere in it, and no
plain TCP to a server on another machine (issue 22, the laptop)."""

from pathlib import Path

import pytest

from fscli.errors import InvalidInput
from fscli.store.location import locate, masked

SECRET = "hunter2"


@pytest.fixture(autouse=True)
def _no_libpq_environment(monkeypatch):
    """libpq's own variables name a host and a mode too: none from the machine running the tests."""
    for name in ("PGHOST", "PGHOSTADDR", "PGSSLMODE", "PGSERVICE"):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize("url", [f"postgresql+psycopg://sam@db.council.example/caseload?sslmode=verify-full&password={SECRET}", f"postgresql://sam:{SECRET}@db.council.example/caseload?sslmode=require",
                                 f"postgresql+psycopg://sam@/caseload?host=/run/postgresql&PASSWORD={SECRET}"])  # fmt: skip
def test_a_password_in_the_url_is_refused_in_one_line_that_never_shows_it(cli, url):
    result = cli("case", "list", "--db", url)
    assert result.code == 1 and "has a password in it" in result.err and ".pgpass" in result.err
    assert SECRET not in result.err and SECRET not in result.out and len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("url", [f"postgresql+psycopg://sam@db.council.example/caseload?password={SECRET}&sslmode=require", f"postgresql://sam:{SECRET}@db.council.example/caseload"])
def test_config_show_never_prints_the_password_a_url_was_given(cli, monkeypatch, url):
    monkeypatch.setenv("FSCLI_DB", url)
    for fmt in ("table", "tsv", "json"):
        result = cli("config", "show", "--format", fmt)
        assert result.code == 0 and SECRET not in result.out and "***" in result.out, (fmt, result)


def test_a_masked_url_keeps_everything_but_the_secret():
    assert masked(f"postgresql://sam:{SECRET}@h/db?sslmode=require&password={SECRET}&sslpassword={SECRET}") == "postgresql://sam:***@h/db?sslmode=require&password=***&sslpassword=***"


@pytest.mark.parametrize("url", ["postgresql+psycopg://sam@db.council.example/caseload", "postgresql+psycopg://sam@db.council.example/caseload?sslmode=prefer",
                                 "postgresql+psycopg://sam@db.council.example/caseload?sslmode=disable", "postgresql+psycopg://sam@10.2.0.7:5432/caseload?sslmode=allow",
                                 "postgresql+psycopg://sam@/caseload?host=db.council.example", "postgresql+psycopg://sam@localhost,db.council.example/caseload"])  # fmt: skip
def test_a_server_on_another_machine_without_tls_is_refused_with_the_way_to_fix_it(cli, url):
    result = cli("case", "list", "--db", url)
    assert result.code == 1 and "without TLS" in result.err and "sslmode=verify-full" in result.err, result
    assert len(result.err.strip().splitlines()) == 1


@pytest.mark.parametrize("url", ["postgresql+psycopg://sam@db.council.example/caseload?sslmode=verify-full", "postgresql+psycopg://sam@db.council.example:5433/caseload?sslmode=require",
                                 "postgresql+psycopg://sam@10.2.0.7/caseload?sslmode=verify-ca", "postgresql+psycopg://sam@localhost/caseload", "postgresql+psycopg://sam@127.0.0.1:5432/caseload",
                                 "postgresql+psycopg://sam@[::1]:5432/caseload", "postgresql+psycopg://sam@/caseload", "postgresql+psycopg://sam@/caseload?host=/run/postgresql",
                                 "postgresql+psycopg://sam@/caseload?service=team"])  # fmt: skip
def test_tls_a_local_server_or_a_service_file_is_accepted(url):
    assert locate(url).kind == "postgresql"


def test_the_environment_libpq_reads_counts_as_the_url_does(monkeypatch):
    monkeypatch.setenv("PGHOST", "db.council.example")
    with pytest.raises(InvalidInput, match="without TLS"):
        locate("postgresql+psycopg://sam@/caseload")
    monkeypatch.setenv("PGSSLMODE", "verify-full")
    assert locate("postgresql+psycopg://sam@/caseload").kind == "postgresql"


@pytest.fixture
def on_tmpfs(db_path, tmp_path, monkeypatch):
    """The test's database folder mounted as tmpfs, as /dev/shm is (and /tmp on many systems)."""
    from fscli.store import location

    mounts = tmp_path / "mounts"
    mounts.write_text(f"/dev/vda / ext4 rw 0 0\ntmpfs {db_path.parent} tmpfs rw,nosuid 0 0\n")
    monkeypatch.setattr(location, "MOUNTS", mounts)
    return db_path


@pytest.mark.sqlite_only(reason="a SQLite file's filesystem")
def test_a_caseload_on_tmpfs_is_warned_of_at_init_and_by_db_info_and_check_but_not_by_every_view(cli, on_tmpfs):
    for argv in (["init"], ["db", "info"], ["db", "check"]):
        result = cli(*argv)
        warned = [line for line in result.err.splitlines() if line.startswith("fscli: warning:")]
        assert result.code == 0 and len(warned) == 1 and "tmpfs" in warned[0] and "lost at the next restart" in warned[0], (argv, result)
    for argv in (["case", "list"], ["due"], ["week"]):
        assert "warning" not in cli(*argv).err, argv


@pytest.mark.sqlite_only(reason="a SQLite file's filesystem")
def test_a_caseload_on_a_disk_is_not_warned_of(cli, db_path, tmp_path, monkeypatch):
    from fscli.store import location

    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/vda / ext4 rw 0 0\ntmpfs /dev/shm tmpfs rw 0 0\n")
    monkeypatch.setattr(location, "MOUNTS", mounts)
    assert location.lost_at_restart(db_path) is None and location.lost_at_restart(Path("/dev/shm/fscli.db"))
    assert "warning" not in cli("db", "info").err
