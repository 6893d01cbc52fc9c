"""Two installs of fscli, before and after a change, on the read views: ratios from one interleaved run.

    python benchmarks/compare_reads.py BEFORE/bin/fscli AFTER/bin/fscli [--runs 21]

Make each install non-editable in its own venv (`python3 -m venv V && V/bin/pip install -q .`
at each commit): an editable install under PYTHONDONTWRITEBYTECODE compiles changed modules on
every run and flatters the older code. Each install gets its own home (its demo database, built
by its own `fscli demo` on the same pinned day, and its own bank-holiday cache: one shared cache
is rebuilt on every alternation, ~170 ms). Runs alternate before/after so the machine's drift
falls on both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

VIEWS = [["due"], ["reviews"], ["closures"], ["case", "show", "FS-0001"], ["case", "list"], ["week"]]
DAY = "2026-11-23"


def _home(fscli: str, folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("FSCLI_", "XDG_"))}
    env.update({"HOME": str(folder), "XDG_DATA_HOME": str(folder / "data"), "XDG_CONFIG_HOME": str(folder / "config"),
                "XDG_STATE_HOME": str(folder / "state"), "XDG_CACHE_HOME": str(folder / "cache"), "FSCLI_TODAY": DAY, "NO_COLOR": "1"})  # fmt: skip
    subprocess.run([fscli, "demo"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
    env["FSCLI_DB"] = str(folder / "data" / "fscli" / "demo.db")
    return env


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("before")
    parser.add_argument("after")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        installs = {name: (path, _home(path, Path(tmp) / name)) for name, path in (("before", args.before), ("after", args.after))}
        times: dict[tuple[str, str], list[float]] = {}
        for _ in range(2):  # warm the caches and the page cache
            for path, env in installs.values():
                for view in VIEWS:
                    subprocess.run([path, *view], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        for _ in range(args.runs):
            for view in VIEWS:
                for name, (path, env) in installs.items():
                    start = time.perf_counter()
                    subprocess.run([path, *view], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
                    times.setdefault((" ".join(view), name), []).append((time.perf_counter() - start) * 1000)
    print(f"{'view':20s} {'before ms':>10s} {'after ms':>10s} {'ratio':>6s}")
    for view in VIEWS:
        key = " ".join(view)
        before, after = statistics.median(times[(key, "before")]), statistics.median(times[(key, "after")])
        print(f"{key:20s} {before:10.1f} {after:10.1f} {after / before:6.3f}")


if __name__ == "__main__":
    main()
