"""The installed `fscli` as a real process: exit codes, stdout for data, stderr for messages."""

import json
import os
import shutil
import subprocess
import sys

import pytest

from fscli.store.schema import HEAD

from tests.conftest import BACKEND, TODAY


def fscli(*args, input=None):
    exe = shutil.which("fscli") or sys.executable
    argv = [exe, *args] if exe != sys.executable else [exe, "-m", "fscli", *args]
    return subprocess.run(argv, capture_output=True, text=True, input=input, env=os.environ.copy(), timeout=60)


def test_a_write_then_a_read_through_the_real_entry_point(db_path):
    opened = fscli("case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "-", input="Missed feeds\n")
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout == "FS-0001\n" and "Opened FS-0001" in opened.stderr
    listed = fscli("case", "list")
    assert listed.returncode == 0
    assert listed.stdout.splitlines()[1].split("\t")[:4] == ["FS-0001", "Hart family", "open", "2026-11-03"]
    assert "\x1b[" not in listed.stdout  # piped: no colour, and tsv by default


def test_the_process_ends_without_teardown_yet_flushed_closed_and_with_its_code(db_path):
    """The console script ends the process at once when the command is done (cli/entry.py): its
    output all written, what was registered at exit run, and the database closed as a copy of the
    file alone needs it (no -wal left behind, reliability.md F5)."""
    probe = ("import atexit, sys\natexit.register(lambda: sys.stderr.write('AT EXIT\\n'))\n"
             "sys.argv = ['fscli', 'case', 'open', 'Hart family', '--referred', 'today', '--source', '3B', '--reason', 'x']\n"
             "from fscli.cli.entry import main\nmain()\nprint('after main')\n")
    opened = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert (opened.returncode, opened.stdout) == (0, "FS-0001\n")
    assert opened.stderr.endswith("AT EXIT\n")
    if BACKEND == "sqlite":
        assert not os.path.exists(f"{db_path}-wal")
    refused = fscli("case", "open", "Hart family", "--referred", "today", "--source", "9Z", "--reason", "x")
    assert (refused.returncode, refused.stdout) == (1, "") and "'9Z'" in refused.stderr


def test_errors_go_to_stderr_with_their_exit_codes(db_path):
    missing = fscli("case", "show", "FS-0404")
    assert (missing.returncode, missing.stdout) == (1, "")
    assert missing.stderr == "fscli: error: case 'FS-0404': no such case; see 'fscli case list --all' for the references\n"
    usage = fscli("case", "open")
    assert usage.returncode == 2 and usage.stderr.startswith("fscli: usage:")


def test_an_internal_error_shows_no_traceback_and_logs_it_privately(db_path, tmp_path):
    env_today = os.environ["FSCLI_TODAY"]
    os.environ["FSCLI_TODAY"] = "not-a-date"
    try:
        bad_clock = fscli("case", "list")
    finally:
        os.environ["FSCLI_TODAY"] = env_today
    assert bad_clock.returncode == 1 and "FSCLI_TODAY 'not-a-date'" in bad_clock.stderr
    probe = "import fscli.reports.cases as r\nr.case_list = lambda *a, **k: 1/0\nimport sys\nsys.argv=['fscli','case','list']\nfrom fscli.cli.app import main\nmain()"
    crashed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert crashed.returncode == 70
    assert "internal error: nothing was changed" in crashed.stderr and "Traceback" not in crashed.stderr
    log = next((tmp_path / "xdg_state_home").rglob("incidents.log"))
    assert oct(log.stat().st_mode)[-3:] == "600" and "ZeroDivisionError" in log.read_text()


def test_an_internal_error_after_the_write_committed_says_the_change_was_saved(db_path):
    """A bug while printing a write's result came after its commit: saying "nothing was changed"
    would send the worker to record the visit twice."""
    probe = ("import fscli.store.uow as u\nsaved = u.run\n"
             "def run(*a, **k):\n    saved(*a, **k)\n    raise ZeroDivisionError('a printing bug')\n"
             "u.run = run\nimport sys\n"
             "sys.argv=['fscli','case','open','Hart family','--referred','today','--source','3B','--reason','x']\n"
             "from fscli.cli.app import main\nmain()")
    crashed = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=os.environ.copy(), timeout=60)
    assert crashed.returncode == 70
    assert "internal error: the change was saved" in crashed.stderr and "nothing was changed" not in crashed.stderr
    assert len(json.loads(fscli("case", "list", "--format", "json").stdout)) == 1


def test_no_arguments_says_what_to_do_first():
    result = fscli()
    assert result.returncode == 0 and "fscli demo" in result.stdout and "fscli init" in result.stdout


@pytest.mark.parametrize("flag", ["--version"])
def test_version(flag):
    result = fscli(flag)
    assert result.returncode == 0 and result.stdout.startswith(f"fscli 0.1.0 (schema {HEAD})")


def test_a_real_process_works_on_the_pinned_day_whatever_the_wall_clock_says(db_path):
    """The suite runs on TODAY in any year (CI runs it again under faketime): a child process reads
    its day from FSCLI_TODAY, and the instants it stamps fall on that day too."""
    opened = fscli("case", "open", "Hart family", "--referred", "today", "--source", "3B", "--reason", "x")
    assert opened.returncode == 0, opened.stderr
    [case] = json.loads(fscli("case", "list", "--format", "json").stdout)
    assert case["referred_on"] == TODAY.isoformat()
    [audit] = json.loads(fscli("audit", "--format", "json").stdout)
    if BACKEND == "sqlite":  # a team's server dates its audit rows by its own clock (tests/store/test_team_server_audit_clock.py)
        assert audit["at"].startswith(TODAY.isoformat())


def complete(words: str, monkeypatch) -> list[str]:
    """What bash would offer after TAB, through Typer's own completion protocol."""
    parts = words.split(" ")
    monkeypatch.setenv("_FSCLI_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", words)
    monkeypatch.setenv("COMP_CWORD", str(len(parts) - 1))
    done = fscli()
    assert done.returncode == 0 and done.stderr == "", done
    return done.stdout.split()


def test_tab_completes_case_references_and_codes(db_path, monkeypatch):
    for family in ("Hart family", "Hall family"):
        assert fscli("case", "open", family, "--referred", "03/11/2026", "--source", "3B", "--reason", "x").returncode == 0
    assert complete("fscli case show FS-", monkeypatch) == ["FS-0001", "FS-0002"]
    assert complete("fscli visit log fs-0002", monkeypatch) == ["fs-0002"]  # any case, as lookups are
    assert complete("fscli case close FS-0001 --reason rc", monkeypatch)[:2] == ["rc1", "rc2"]
    assert complete("fscli visit log FS-0001 --type ho", monkeypatch) == ["home-visit", "hospital"]


def test_tab_completion_with_no_database_offers_nothing_and_prints_no_error(tmp_path, monkeypatch):
    monkeypatch.setenv("FSCLI_DB", str(tmp_path / "none" / "fscli.db"))
    assert complete("fscli case show FS-", monkeypatch) == []


def test_fscli_alone_says_what_to_do_first(tmp_path, monkeypatch):
    monkeypatch.setenv("FSCLI_DB", str(tmp_path / "none" / "fscli.db"))
    fresh = fscli()
    assert fresh.returncode == 0 and "You have no caseload yet" in fresh.stdout and "fscli demo" in fresh.stdout and "fscli init" in fresh.stdout


def test_fscli_alone_with_a_caseload_points_at_todays_work(db_path):
    shown = fscli()
    assert shown.returncode == 0 and "Your caseload:" in shown.stdout and "fscli due --mine" in shown.stdout


def test_a_write_retried_with_its_idempotency_key_is_not_repeated(db_path):
    args = ("--idempotency-key", "nightly-2026-11-23-hart", "case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "x")
    first, again = fscli(*args), fscli(*args)
    assert first.returncode == 0 and first.stdout == "FS-0001\n"
    assert again.returncode == 0 and again.stdout == "FS-0001\n" and "already done" in again.stderr and "nothing was changed" in again.stderr
    listed = fscli("case", "list")
    assert len(listed.stdout.splitlines()) == 2  # the header and one case
    other = fscli("--idempotency-key", "nightly-2026-11-23-hart", "diary", "add", "Office day")
    assert other.returncode == 1 and "was used for 'case open', not 'diary add'" in other.stderr


def test_a_reader_that_goes_away_is_not_an_error(db_path):
    """`fscli case list | head -1`: when head has read enough and closed the pipe, fscli stops
    quietly with exit 0 (Typer on its own turns the closed pipe into exit 1)."""
    subprocess.run([sys.executable, "-m", "fscli", "case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "x"], env=os.environ.copy(), capture_output=True, timeout=60, check=True)
    reader, writer = os.pipe()
    os.close(reader)  # the reader has gone before fscli writes a line
    done = subprocess.run([sys.executable, "-m", "fscli", "case", "list"], env=os.environ.copy(), stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60)
    os.close(writer)
    assert done.returncode == 0 and done.stderr == "", done.stderr


def test_a_table_whose_reader_goes_away_ends_as_every_other_format_does(db_path):
    """`fscli case show FS-0001 --format table | head -1`: Rich ends a table whose pipe closed with
    exit 1; fscli's runner takes it, as for tsv and json: no more output, exit 0."""
    fscli("case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "x")
    for view in (["case", "show", "FS-0001"], ["case", "list"], ["summary"]):
        reader, writer = os.pipe()
        os.close(reader)
        done = subprocess.run([sys.executable, "-m", "fscli", *view, "--format", "table"], env=os.environ.copy(), stdout=writer, stderr=subprocess.PIPE, text=True, timeout=60)
        os.close(writer)
        assert (done.returncode, done.stderr) == (0, ""), (view, done.stderr)


def test_a_command_started_with_its_output_closed_is_refused_and_changes_nothing(db_path):
    """`fscli task add ... >&-`: its report could go nowhere, so nothing is done (exit 73, as for
    an output that cannot be written), in one line, never a traceback. Python starts with
    sys.stdout None when descriptor 1 is closed; the probe sets that itself, since a preloaded
    library (libfaketime, under scripts/faked-clock) may open a file of its own as descriptor 1."""
    probe = ("import sys\nsys.stdout = None\nsys.argv = ['fscli', 'case', 'open', 'Hart family', '--referred', 'today', '--source', '3B', '--reason', 'x']\n"
             "from fscli.cli.entry import main\nmain()\n")
    done = subprocess.run([sys.executable, "-c", probe], env=os.environ.copy(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, timeout=60)
    assert done.returncode == 73
    assert done.stderr == "fscli: error: standard output is closed: nothing was changed; send it to a file, or to /dev/null\n"
    assert fscli("case", "list", "--all").stdout.count("Hart family") == 0
