"""The manager's dashboard of the whole council: `fscli summary --dashboard`, start-up included.

    python benchmarks/dashboard.py [--db /tmp/fscli-council.db] [--runs 3]

The database is made with benchmarks/generate.py when absent (50,000 cases, 500 workers). Each
run writes the dashboard of the profile's outcome-cohort (12 weeks to 23/11/2026) to a scratch
file, as one whole fscli process, and prints the median wall time, the CPU time, the largest
resident set and the file's size, each with its goal and ok/MISS (docs/architecture.md, "The
manager's dashboard"). The resident set includes SQLite's memory map of the database (up to
256 MB of file pages, store/sqlite.py READ_MMAP). Before this was measured (issue 27): 3 min 51 s,
1.8 GB and a 273 MB file.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

GOALS = {"wall": 30.0, "rss": 500.0, "file": 20.0}  # seconds, MB, MB: a file a browser opens


def one_run(fscli: str, env: dict, out: Path) -> tuple[float, float, float, float]:
    """(wall s, CPU s, max RSS MB, file MB) of one dashboard, in a process of its own."""
    # ru_maxrss of RUSAGE_CHILDREN is the largest of any child so far: each run is measured in a
    # child of its own (a Python that runs fscli and reports its own usage), so one is never another's.
    probe = (
        "import resource, subprocess, sys, time; t = time.perf_counter(); "
        "subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL); "
        "u = resource.getrusage(resource.RUSAGE_CHILDREN); "
        "print(time.perf_counter() - t, u.ru_utime + u.ru_stime, u.ru_maxrss)"
    )
    done = subprocess.run([sys.executable, "-c", probe, fscli, "summary", "--dashboard", "--out", str(out), "--replace"], env=env, capture_output=True, text=True, check=True)
    wall, cpu, rss_kb = (float(v) for v in done.stdout.split())
    size = out.stat().st_size / 1e6
    return wall, cpu, rss_kb / 1024, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/fscli-council.db"))
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from generate import fscli_on_council

    fscli, env = fscli_on_council(args.db)
    with tempfile.TemporaryDirectory() as scratch:
        runs = [one_run(fscli, env, Path(scratch) / "dashboard.html") for _ in range(args.runs)]
    wall, cpu, rss, size = (statistics.median(r[i] for r in runs) for i in range(4))
    print(f"fscli summary --dashboard on {args.db} ({args.runs} runs, medians; load {os.getloadavg()[0]:.1f})")
    for name, value, unit, goal in (("wall", wall, "s", GOALS["wall"]), ("max RSS", rss, "MB", GOALS["rss"]), ("file", size, "MB", GOALS["file"])):
        print(f"{'ok  ' if value < goal else 'MISS'} {name:8} {value:8.1f} {unit} (goal {goal:g} {unit})")
    print(f"     CPU      {cpu:8.1f} s")


if __name__ == "__main__":
    main()
