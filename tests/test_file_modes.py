"""S1: every file fscli creates is the user's alone (0600) and every folder 0700, whatever the umask.

A worker's shell may have umask 022 (the usual default) or 002 (shared-group set-ups); neither may
leave a child's record readable by others. Each command runs as a real process with that umask,
and then every file and folder that appeared is stat'ed: the database with its -wal and -shm, the
backups, the restore's safety copy, exports in every format, the bank-holiday cache, the demo, the
editor's draft, and the incident log.
"""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.sqlite_only(reason="the files are SQLite's and fscli's own; a server's files are its administrator's")

CRASH = "import fscli.reports.cases as r\nr.case_list = lambda *a, **k: 1/0\nimport sys\nsys.argv=['fscli','case','list']\nfrom fscli.cli.app import main\nmain()"


def _run(argv: list[str], env: dict, umask: int, *, terminal: bool = False) -> subprocess.CompletedProcess:
    def with_umask() -> None:
        os.umask(umask)

    if not terminal:
        return subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, preexec_fn=with_umask)
    import pty

    leader, follower = pty.openpty()
    try:
        done = subprocess.run(argv, env=env, stdin=follower, stdout=follower, stderr=subprocess.PIPE, text=True, timeout=120, preexec_fn=with_umask)
    finally:
        os.close(follower)
        os.close(leader)
    return done


@pytest.mark.parametrize("umask", [0o022, 0o002], ids=["umask-022", "umask-002"])
def test_every_file_fscli_creates_is_private_under_a_permissive_umask(tmp_path, umask):
    home, outside = tmp_path / "home", tmp_path / "outside"
    home.mkdir()
    outside.mkdir()
    editor = outside / "editor.sh"
    editor.write_text(f'#!/bin/sh\nstat -c "%a %n" "$1" "$(dirname "$1")" >> {outside}/draft-modes\necho "Saw Lily alone in her room" > "$1"\n')
    editor.chmod(0o700)
    env = {**os.environ, "FSCLI_DB": str(home / "caseload" / "fscli.db"), "EDITOR": str(editor), "FSCLI_TODAY": "2026-11-23"}
    for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        env[name] = str(home / name.lower())
    env.pop("VISUAL", None)
    fscli = [sys.executable, "-m", "fscli"]
    steps = [
        fscli + ["init"],
        fscli + ["case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3B", "--reason", "Missed feeds"],
        fscli + ["person", "add", "FS-0001", "Lily Hart", "--role", "child", "--dob", "14/02/2017"],
        fscli + ["due"],
        fscli + ["db", "backup"],
        fscli + ["db", "backup", str(home / "friday" / "caseload.db")],
        fscli + ["export", "--out", str(home / "nightly-csv")],
        fscli + ["export", "--out", str(home / "nightly-xlsx"), "--format", "xlsx"],
        fscli + ["db", "restore", str(home / "friday" / "caseload.db"), "--yes"],
        fscli + ["demo"],
    ]
    for argv in steps:
        done = _run(argv, env, umask)
        assert done.returncode == 0, (argv, done.stderr)
    drafted = _run(fscli + ["visit", "log", "FS-0001", "--type", "home-visit", "--date", "today", "--seen", "Lily Hart"], env, umask, terminal=True)
    assert drafted.returncode == 0, drafted.stderr
    crashed = _run([sys.executable, "-c", CRASH], env, umask)
    assert crashed.returncode == 70, crashed.stderr

    # SQLite gives -wal and -shm the database file's own mode, whatever the umask of the process
    # that opens it: a reader left open keeps them on disk to be checked.
    import sqlite3

    previous = os.umask(0)
    try:
        reader = sqlite3.connect(home / "caseload" / "fscli.db")
        reader.execute("SELECT count(*) FROM cases").fetchone()
    finally:
        os.umask(previous)
    drafts = (outside / "draft-modes").read_text().split()
    assert drafts[0::2] == ["600", "700"], drafts  # the draft while the editor had it, and its folder
    seen = {p.relative_to(home).parts[0] for p in home.rglob("*")}
    assert {"caseload", "friday", "nightly-csv", "nightly-xlsx", "xdg_data_home", "xdg_state_home", "xdg_cache_home"} <= seen
    loose = []
    for path in home.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        wanted = 0o700 if path.is_dir() else 0o600
        if mode != wanted:
            loose.append(f"{oct(mode)} {path.relative_to(home)}")
    names = {p.name for p in home.rglob("*")}
    reader.close()
    assert {"fscli.db", "fscli.db-wal", "fscli.db-shm", "demo.db", "incidents.log", "bank-holidays.json", "fscli-export.xlsx", "manifest.json", "cases.csv"} <= names, names
    assert loose == [], "\n".join(loose)
