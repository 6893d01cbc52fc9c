"""A note written in the editor is never lost and never forgotten (issue 22).

Karen is writing up her visit to the Harts in vim when the VPN drops and her terminal hangs up.
The note is kept as a draft with the command it was for; the next command reminds her of it;
'fscli drafts recover' records it once, through the visit command and its audit row, and removes
it; a draft she does not want is overwritten and removed. On an encrypted caseload the draft is
never on disk.
"""

from __future__ import annotations

import os
import pty
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fscli.errors import ExitCode
from tests.conftest import BACKEND, rows, table_counts
from tests.factories import add_person, fails, ok, open_case

NOTE = "Lily said her stepdad shouts at night. Seen alone in her room."


def _editor(tmp_path: Path, *, then: str = "sleep 30", code: int = 0) -> tuple[str, Path]:
    """A fake editor: appends the note to the draft, says it has (a file the test waits for), then `then`."""
    started = tmp_path / "editor-started"
    script = tmp_path / "editor.sh"
    script.write_text(f'#!/bin/sh\nprintf "%s\\n" "$NOTE_TEXT" >> "$1"\necho "$1" > {started}\n{then}\nexit {code}\n')
    script.chmod(0o700)
    return str(script), started


def _on_terminal(args: list[str], *, editor: str, started: Path | None = None, send: int | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """fscli on a terminal (a pty); with `send`, that signal once the editor has written the note."""
    environ = {**os.environ, **(env or {}), "EDITOR": editor, "NOTE_TEXT": NOTE}
    environ.pop("VISUAL", None)
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen([sys.executable, "-m", "fscli", *args], env=environ, stdin=follower, stdout=follower, stderr=subprocess.PIPE, text=True)
        if send is not None:
            assert started is not None
            deadline = time.monotonic() + 60
            while not started.exists():
                assert process.poll() is None and time.monotonic() < deadline, process.stderr.read() if process.stderr else ""
                time.sleep(0.05)
            process.send_signal(send)
        err = process.communicate(timeout=60)[1]
    finally:
        os.close(follower)
        os.close(leader)
    return subprocess.CompletedProcess(args, process.returncode, "", err)


def _drafts_folder() -> Path:
    from fscli.config import state_dir

    return state_dir() / "drafts"


@pytest.fixture
def hart(cli):
    ref = open_case(cli, "Hart family")
    add_person(cli, ref, "Lily Hart", "child", dob="14/02/2017")
    return ref


@pytest.mark.parametrize(("signum", "code", "says"), [(signal.SIGHUP, 129, "the terminal hung up"), (signal.SIGTERM, 143, "fscli was told to stop")], ids=["SIGHUP", "SIGTERM"])
def test_a_hang_up_while_the_note_is_open_keeps_it_and_recover_records_it_once(cli, db_path, hart, tmp_path, signum, code, says):
    editor, started = _editor(tmp_path)
    before = table_counts(db_path)
    hung = _on_terminal(["visit", "log", hart, "--type", "home-visit", "--date", "today", "--seen", "Lily Hart", "--db", str(db_path)], editor=editor, started=started, send=signum)
    assert hung.returncode == code, hung.stderr
    assert hung.stderr.count("\n") == 1 and hung.stderr.startswith(f"fscli: error: {says} while the note was open in the editor: nothing was recorded")
    assert "'fscli drafts recover 1'" in hung.stderr and "Traceback" not in hung.stderr
    assert table_counts(db_path) == before  # nothing recorded

    text, meta = _drafts_folder() / "note-1.txt", _drafts_folder() / "note-1.json"
    assert text.read_text() == NOTE + "\n"  # what the editor last saved
    assert stat.S_IMODE(text.stat().st_mode) == 0o600 and stat.S_IMODE(meta.stat().st_mode) == 0o600
    listed = ok(cli, "drafts").out
    assert "Draft 1, saved" in listed and f"for: fscli visit log {hart} --type home-visit --date today --seen 'Lily Hart'" in listed
    assert "--db" not in listed and "Lily said" not in listed  # the caseload is shown apart; the note's words never are

    recovered = ok(cli, "drafts", "recover", "1")
    assert recovered.out.strip() == "V1" and "Home visit" in recovered.err
    assert rows(db_path, "SELECT note FROM contact") == [(NOTE,)]
    assert rows(db_path, "SELECT count(*) FROM audit WHERE action = 'visit.log'") == [(1,)]
    # On a pinned day the recovery's audit row is that day's too: the real date put it out of order, and db check warned of a clock set back.
    if BACKEND == "sqlite":  # a server dates every audit row by its own clock, which no client pins
        assert rows(db_path, "SELECT substr(at, 1, 10) FROM audit WHERE action = 'visit.log'") == [("2026-11-23",)]
    assert not text.exists() and not meta.exists()
    fails(cli, "drafts", "recover", "1", says="draft '1': no such draft")
    assert rows(db_path, "SELECT count(*) FROM contact") == [(1,)]


def test_a_draft_left_by_a_run_killed_after_its_commit_is_never_recorded_twice(cli, db_path, hart, tmp_path):
    """The draft is removed just after the commit; a kill in between leaves it. Its key says it was recorded."""
    editor, started = _editor(tmp_path)
    _on_terminal(["visit", "log", hart, "--type", "home-visit", "--date", "today"], editor=editor, started=started, send=signal.SIGHUP)
    kept = {path.name: path.read_bytes() for path in _drafts_folder().iterdir()}
    ok(cli, "drafts", "recover", "1")
    for name, content in kept.items():  # as if the recovery had been killed before removing it
        (_drafts_folder() / name).write_bytes(content)
    again = ok(cli, "drafts", "recover", "1")
    assert "already done" in again.err and "V1" in again.err
    assert rows(db_path, "SELECT count(*) FROM contact") == [(1,)]
    assert list(_drafts_folder().iterdir()) == []


def test_an_editor_that_fails_keeps_the_note_and_says_how_to_recover_it(cli, db_path, hart, tmp_path):
    editor, _ = _editor(tmp_path, then="true", code=3)
    failed = _on_terminal(["diary", "add", hart], editor=editor)
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1
    assert "the editor exited with status 3: nothing was recorded; your note is kept as draft 1: 'fscli drafts recover 1' records it" in failed.stderr
    assert "for: fscli diary add" in ok(cli, "drafts").out
    ok(cli, "drafts", "recover", "1", "--as-is")
    assert rows(db_path, "SELECT text FROM diary") == [(NOTE,)]


def test_a_note_refused_with_its_command_is_kept_not_lost(cli, db_path, hart, tmp_path):
    editor, _ = _editor(tmp_path, then="true")
    refused = _on_terminal(["visit", "log", hart, "--type", "home-visit", "--date", "today", "--seen", "Lilly Hart"], editor=editor)
    assert refused.returncode == 1 and "your note is kept as draft 1" in refused.stderr
    assert (_drafts_folder() / "note-1.txt").read_text() == NOTE + "\n"
    assert rows(db_path, "SELECT count(*) FROM contact") == [(0,)]


def test_a_note_recorded_from_the_editor_leaves_no_draft(cli, db_path, hart, tmp_path):
    editor, _ = _editor(tmp_path, then="true")
    done = _on_terminal(["visit", "log", hart, "--type", "home-visit", "--date", "today"], editor=editor)
    assert done.returncode == 0, done.stderr
    assert rows(db_path, "SELECT note FROM contact") == [(NOTE,)]
    assert list(_drafts_folder().iterdir()) == []


def test_ctrl_c_in_the_editor_belongs_to_the_editor(cli, db_path, hart, tmp_path):
    """vim and nano take Ctrl-C as a key; the terminal still sends SIGINT to fscli, which must not
    die (or kill the editor) while the note is being written."""
    editor, started = _editor(tmp_path, then="sleep 1")
    done = _on_terminal(["visit", "log", hart, "--type", "home-visit", "--date", "today"], editor=editor, started=started, send=signal.SIGINT)
    assert done.returncode == 0, done.stderr
    assert rows(db_path, "SELECT note FROM contact") == [(NOTE,)]


def test_discard_overwrites_and_removes_the_draft_and_what_the_editor_left_beside_it(cli, hart, tmp_path):
    editor, started = _editor(tmp_path)
    _on_terminal(["visit", "log", hart, "--type", "home-visit", "--date", "today"], editor=editor, started=started, send=signal.SIGHUP)
    swap = _drafts_folder() / ".note-1.txt.swp"
    swap.write_text(NOTE)
    ours = _drafts_folder() / "note-10.txt"  # another draft's file is not this one's leftover
    ours.write_text("x")
    gone = ok(cli, "drafts", "discard", "1")
    assert "Draft 1 discarded" in gone.err
    assert sorted(path.name for path in _drafts_folder().iterdir()) == ["note-10.txt"]
    assert "No note drafts are kept." in ok(cli, "drafts").out


def test_the_drafts_command_refuses_what_it_cannot_do_in_one_line(cli):
    fails(cli, "drafts", "recover", says="ID: give the draft to recover")
    fails(cli, "drafts", "discard", "one", says="ID 'one': is not a draft number")
    fails(cli, "drafts", "discard", "4", says="draft '4': no such draft")
    fails(cli, "drafts", "discard", "4", "--as-is", says="--as-is: goes with recover only")
    fails(cli, "drafts", "--as-is", says="--as-is: goes with recover only")


def test_the_next_command_on_a_terminal_reminds_of_kept_drafts_in_one_line(cli, hart, tmp_path, monkeypatch):
    from fscli.cli import app
    from fscli.cli.note_drafts import reminder

    assert reminder() is None
    editor, started = _editor(tmp_path)
    _on_terminal(["visit", "log", hart, "--type", "home-visit", "--date", "today"], editor=editor, started=started, send=signal.SIGHUP)
    line = reminder()
    assert line is not None and line.startswith("fscli: 1 unsaved note draft from ") and line.endswith(": 'fscli drafts' to recover or discard it")
    started.unlink()
    _on_terminal(["diary", "add", hart], editor=editor, started=started, send=signal.SIGHUP)
    assert reminder().startswith("fscli: 2 unsaved note drafts, the oldest from ")

    shown: list[str] = []
    monkeypatch.setattr(sys, "stderr", type("Terminal", (), {"isatty": lambda self: True, "write": lambda self, text: shown.append(text)})())
    for words, reminded in ((["due"], True), (["drafts"], False)):
        shown.clear()
        app.INVOKED[:] = words
        app._remind_of_drafts()
        assert bool(shown) is reminded and all(text.count("\n") == 1 for text in shown)
    assert "unsaved note draft" not in ok(cli, "due").err  # not a terminal (a pipe, cron's mail): nothing


def test_the_command_line_a_draft_re_runs_keeps_neither_the_caseload_nor_a_key():
    from fscli.cli.context import without_root_values

    typed = ["--db", "a.db", "visit", "log", "FS-0001", "--idempotency-key=k1", "--type", "home", "--db=b.db", "--where", "Nan's flat"]
    assert without_root_values(typed) == ["visit", "log", "FS-0001", "--type", "home", "--where", "Nan's flat"]


@pytest.fixture
def memory(monkeypatch):
    """A private folder on /dev/shm (tmpfs) as $XDG_RUNTIME_DIR, as systemd gives each login."""
    import shutil
    import tempfile

    if not Path("/dev/shm").is_dir():
        pytest.skip("no /dev/shm on this machine")
    folder = Path(tempfile.mkdtemp(prefix="fscli-test-runtime-", dir="/dev/shm"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(folder))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _encrypted_caseload(tmp_path: Path) -> Path:
    """A file as SQLCipher writes one: random bytes where SQLite's header would be."""
    path = tmp_path / "encrypted.db"
    path.write_bytes(os.urandom(4096))
    from fscli.store.sqlite import is_encrypted

    assert is_encrypted(path)
    return path


@pytest.mark.sqlite_only(reason="encryption at rest is SQLCipher's, of a SQLite file")
def test_an_encrypted_caseloads_draft_is_kept_in_memory_never_on_disk(cli, tmp_path, memory):
    caseload = _encrypted_caseload(tmp_path)
    editor, started = _editor(tmp_path)
    hung = _on_terminal(["visit", "log", "FS-0001", "--type", "home-visit", "--db", str(caseload)], editor=editor, started=started, send=signal.SIGHUP)
    assert hung.returncode == 129 and "kept in memory only, as the caseload is encrypted: it is lost if the computer restarts" in hung.stderr
    assert (memory / "fscli" / "drafts" / "note-1.txt").read_text() == NOTE + "\n"
    assert not _drafts_folder().exists() or list(_drafts_folder().iterdir()) == []
    assert "in memory only (lost at restart)" in ok(cli, "drafts").out
    ok(cli, "drafts", "discard", "1")
    assert list((memory / "fscli" / "drafts").iterdir()) == []


@pytest.mark.sqlite_only(reason="encryption at rest is SQLCipher's, of a SQLite file")
def test_without_a_memory_folder_the_editor_is_refused_for_an_encrypted_caseload(tmp_path, monkeypatch):
    from fscli.cli.context import AppContext
    from fscli.cli.editor import write_in_editor
    from fscli.errors import InvalidInput
    from fscli.store import location

    mounts = tmp_path / "mounts"
    mounts.write_text("/dev/sda1 / ext4 rw 0 0\n")  # no tmpfs anywhere
    monkeypatch.setattr(location, "MOUNTS", mounts)
    monkeypatch.setenv("EDITOR", "true")
    ctx = AppContext(str(_encrypted_caseload(tmp_path)))
    with pytest.raises(InvalidInput) as refused:
        write_in_editor(ctx, "--note")
    assert refused.value.line().startswith("--note: the caseload is encrypted and no memory-backed folder")
    assert refused.value.line().endswith("read the note from stdin instead: give '-' (e.g. --note -), type or paste it, end with Ctrl-D")
    assert not _drafts_folder().exists()


def test_a_memory_folder_another_user_could_enter_is_never_trusted(tmp_path, monkeypatch, memory):
    from fscli.cli import note_drafts

    planted = memory / "fscli" / "drafts"
    planted.mkdir(parents=True, mode=0o755)
    planted.chmod(0o755)
    (planted / "note-1.json").write_text('{"command": ["case", "close", "FS-0001"]}')
    assert note_drafts.all_drafts() == [] and note_drafts.reminder() is None
    monkeypatch.setattr(note_drafts, "_memory_candidates", lambda: [planted])
    assert note_drafts.memory_folder() is None


def test_a_draft_whose_command_cannot_be_read_is_refused_in_one_line_and_can_be_discarded(cli, hart, tmp_path):
    editor, started = _editor(tmp_path)
    _on_terminal(["visit", "log", hart, "--type", "home-visit"], editor=editor, started=started, send=signal.SIGHUP)
    (_drafts_folder() / "note-1.json").write_text("{not json")
    fails(cli, "drafts", "recover", "1", code=ExitCode.DATA, says="draft 1: what it was written for cannot be read")
    assert "unreadable" in ok(cli, "drafts").out
    ok(cli, "drafts", "discard", "1")
    assert list(_drafts_folder().iterdir()) == []


def test_a_draft_recovered_the_next_day_keeps_the_day_it_was_written(cli, db_path, hart, tmp_path, monkeypatch):
    """Karen's terminal hung up on Monday evening; she recovers the note on Tuesday: the visit
    logged '--date today' is Monday's, and the confirmation says so."""
    editor, started = _editor(tmp_path)
    _on_terminal(["visit", "log", hart, "--type", "home-visit", "--date", "today"], editor=editor, started=started, send=signal.SIGHUP, env={"FSCLI_TODAY": "2026-11-23"})
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-24")
    recovered = ok(cli, "drafts", "recover", "1")
    assert "Mon 23 Nov 2026" in recovered.err
    assert rows(db_path, "SELECT on_date FROM contact") == [("2026-11-23",)]
    assert ok(cli, "diary", "add", hart, "Rang school").err.count("Tue 24 Nov 2026") == 1  # the next command is today's again


def test_a_hang_up_whose_terminal_is_gone_still_ends_with_exit_129(monkeypatch):
    """After a real hang-up the terminal is gone: writing the line to it fails (EIO). fscli still
    ends with 129, not with a traceback to nowhere and exit 1."""
    from fscli.cli import app, editor
    from fscli.errors import StoppedWriting

    class Gone:
        def write(self, text):
            raise OSError(5, "Input/output error")

        def isatty(self):
            return False

        def flush(self):
            pass

    def hung_up(*args, **kwargs):
        raise StoppedWriting(ExitCode.HANGUP, "the terminal hung up while the note was open in the editor: nothing was recorded")

    monkeypatch.setattr(editor, "note_text", hung_up)
    monkeypatch.setattr(sys, "stderr", Gone())
    with pytest.raises(SystemExit) as ended:
        app.main(["visit", "log", "FS-0001", "--type", "home-visit"])
    assert ended.value.code == 129


def test_an_editor_killed_by_a_signal_is_said_so_not_status_minus_one(cli, db_path, hart, tmp_path):
    """The replay killed the editor itself with SIGHUP: "the editor exited with status -1" meant nothing to the worker."""
    editor, _ = _editor(tmp_path, then="kill -HUP $$")
    failed = _on_terminal(["diary", "add", hart], editor=editor)
    assert failed.returncode == 1 and failed.stderr.count("\n") == 1
    assert "the editor was stopped by SIGHUP: nothing was recorded; your note is kept as draft 1" in failed.stderr
