"""An export that is stopped leaves no records behind: Ctrl-C, SIGTERM (systemd stopping the
nightly job) and SIGHUP (the terminal closed) remove the staging folder; SIGKILL cannot be caught,
so the next export sweeps what a killed one left, and never a live export's folder."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.factories import family, ok

# fscli's own main(), with the export held at the person table until the test signals it: the
# cases file is written by then, so the staging folder holds records when the signal comes.
HELD_EXPORT = """
import os, sys, time
from pathlib import Path
from fscli.store import exporting
real = exporting.blocks
def held(reader, spec, *args, **kwargs):
    if spec.name == "person":
        Path(os.environ["HELD_AT"]).touch()
        time.sleep(120)
    return real(reader, spec, *args, **kwargs)
exporting.blocks = held
from fscli.cli.app import main
main(sys.argv[1:])
"""


def _held_export(tmp_path: Path, out: Path, *extra: str) -> subprocess.Popen:
    held_at = tmp_path / "held"
    held_at.unlink(missing_ok=True)
    process = subprocess.Popen([sys.executable, "-c", HELD_EXPORT, "export", "--out", str(out), *extra], env={**os.environ, "HELD_AT": str(held_at)},
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    deadline = time.monotonic() + 120
    while not held_at.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the export never reached the person table"
        time.sleep(0.05)
    return process


def _staging(parent: Path) -> list[Path]:
    return [p for p in parent.iterdir() if ".partial-" in p.name or ".old-" in p.name]


@pytest.mark.parametrize("signum, code, name", [(signal.SIGTERM, 143, "SIGTERM"), (signal.SIGHUP, 129, "SIGHUP"), (signal.SIGINT, 130, "interrupted")])
def test_an_export_stopped_by_a_signal_leaves_nothing_and_says_so(cli, tmp_path, signum, code, name):
    family(cli)
    exports = tmp_path / "exports"
    exports.mkdir()
    process = _held_export(tmp_path, exports / "nightly")
    [staging] = _staging(exports)
    assert (staging / "cases.csv").exists()  # records were on the disk when the signal came
    process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert err.count("\n") == 1 and name in err and "Traceback" not in err
    assert list(exports.iterdir()) == []  # neither the staging folder nor a half-written export


def test_a_sealed_export_stopped_by_systemd_leaves_nothing(cli, tmp_path):
    from pyrage import x25519

    family(cli)
    exports = tmp_path / "exports"
    exports.mkdir()
    process = _held_export(tmp_path, exports / "nightly", "--encrypt-to", str(x25519.Identity.generate().to_public()))
    [staging] = _staging(exports)
    assert (staging / "cases.csv.age").exists()
    process.send_signal(signal.SIGTERM)
    _, err = process.communicate(timeout=60)
    assert process.returncode == 143 and list(exports.iterdir()) == [], err


def test_sigterm_while_replacing_keeps_the_previous_export(cli, tmp_path):
    family(cli)
    exports = tmp_path / "exports"
    exports.mkdir()
    ok(cli, "export", "--out", str(exports / "nightly"))
    before = {p.name: p.read_bytes() for p in (exports / "nightly").iterdir()}
    process = _held_export(tmp_path, exports / "nightly", "--replace")
    process.send_signal(signal.SIGTERM)
    process.communicate(timeout=60)
    assert process.returncode == 143
    assert [p.name for p in exports.iterdir()] == ["nightly"]
    assert {p.name: p.read_bytes() for p in (exports / "nightly").iterdir()} == before


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_next_export_sweeps_what_a_killed_export_left(cli, tmp_path):
    family(cli)
    exports = tmp_path / "exports"
    exports.mkdir()
    process = _held_export(tmp_path, exports / "monday")
    process.kill()
    process.communicate(timeout=60)
    [left] = _staging(exports)
    assert (left / "cases.csv").exists()  # SIGKILL cannot be handled: the records stay, for now
    done = ok(cli, "export", "--out", str(exports / "tuesday"))
    assert f"Removed 1 unfinished export folder left by an export that was killed: {left.name}" in done.err
    assert sorted(p.name for p in exports.iterdir()) == ["tuesday"]


def test_the_sweep_touches_only_fscli_folders_of_dead_processes_beside_the_export(cli, tmp_path):
    family(cli)
    exports = tmp_path / "exports"
    exports.mkdir()
    dead = _dead_pid()
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        for name in (f".monday.partial-{dead}", f".sunday.old-{dead}", f".friday.old-{dead}", f".running.partial-{live.pid}", "saturday", f"monday.partial-{dead}"):
            (exports / name).mkdir()
            (exports / name / "cases.csv").write_text("records")
        (exports / "sunday").mkdir()  # the replacement arrived: the old one is garbage
        (exports / f".link.partial-{dead}").symlink_to(exports / "saturday")
        (exports / f".file.partial-{dead}").write_text("not a folder")
        elsewhere = tmp_path / "elsewhere"
        elsewhere.mkdir()
        (elsewhere / f".monday.partial-{dead}").mkdir()
        done = ok(cli, "export", "--out", str(exports / "tuesday"))
        assert "Removed 2 unfinished export folders" in done.err
        assert sorted(p.name for p in exports.iterdir()) == sorted(
            [f".friday.old-{dead}", f".running.partial-{live.pid}", "saturday", f"monday.partial-{dead}", "sunday", f".link.partial-{dead}", f".file.partial-{dead}", "tuesday"]
        )
        assert (exports / "saturday" / "cases.csv").exists()  # not followed through the link
        assert (elsewhere / f".monday.partial-{dead}").exists()  # only the export's own folder is swept
    finally:
        live.kill()
        live.wait()


def test_a_plain_workbook_keeps_its_temporary_rows_inside_the_staging_folder(cli, tmp_path, monkeypatch):
    """xlsxwriter spools each sheet's rows to temporary files: in the system's temporary folder a
    killed export would leave them, with the families' names, where no sweep looks."""
    from fscli.store import exporting

    family(cli)
    spool = tmp_path / "system-tmp"
    spool.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(spool))
    seen: list[str] = []
    real = exporting.rows

    def watched(reader, spec, *args, **kwargs):
        yield from real(reader, spec, *args, **kwargs)
        seen.extend(p.name for p in spool.iterdir())

    monkeypatch.setattr(exporting, "rows", watched)
    ok(cli, "export", "--out", str(tmp_path / "book"), "--format", "xlsx")
    assert seen == []
