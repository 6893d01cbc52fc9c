"""What logging a view costs (issue 23 §3): case show and chronology with the access log on and off,
in one process, taking turns run by run, so start-up and the machine's drift fall outside it.

    python benchmarks/access_log.py [--runs 61]

Runs against a throwaway demo database in a temporary folder. The log's cost is the view's
transaction becoming a write: BEGIN IMMEDIATE, two INSERTs and a commit that waits for the disk
(synchronous=FULL), so its tail follows the disk's fsync, not fscli. A whole command pays once
more as it ends: the last connection to close folds the -wal into the file (a checkpoint, with
its own fsyncs), which it skips when nothing was written. `benchmarks/startup.py` times the same
views as whole commands against Taskwarrior, log on and off.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=61)
    runs = parser.parse_args().runs
    fscli = shutil.which("fscli")
    if not fscli:
        sys.exit("fscli is not installed in this environment: pip install -e . first")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
            os.environ[name] = str(folder / name.lower())
        os.environ.pop("FSCLI_DB", None)
        subprocess.run([fscli, "demo"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        os.environ["FSCLI_DB"] = str(next((folder / "xdg_data_home").rglob("demo.db")))
        os.environ["FSCLI_ACCESS_LOG"] = "true"  # ctx.view logs; ctx.read is the same view unlogged

        from fscli.cli.context import AppContext
        from fscli.reports.cases import case_show
        from fscli.reports.records import chronology
        from fscli.reports.seen import the_case

        ctx = AppContext()
        practice = ctx.practice
        views = {
            "case show FS-0001": lambda reader: case_show(reader, "FS-0001", ctx.today, practice),
            "chronology FS-0001": lambda reader: chronology(reader, "FS-0001", voided=False),
        }
        times: dict[tuple[str, bool], list[float]] = {}
        for _ in range(runs):
            for name, build in views.items():
                for logged in (False, True):
                    start = time.perf_counter()
                    if logged:
                        ctx.view(name, build, the_case("FS-0001"))
                    else:
                        ctx.read(build)
                    times.setdefault((name, logged), []).append((time.perf_counter() - start) * 1000)
    print(f"{'view':20} {'log':4} {'median ms':>10} {'p10':>7} {'p90':>7}")
    for (name, logged), found in times.items():
        found.sort()
        print(f"{name:20} {'on' if logged else 'off':4} {statistics.median(found):10.2f} {found[len(found) // 10]:7.2f} {found[len(found) * 9 // 10]:7.2f}")


if __name__ == "__main__":
    main()
