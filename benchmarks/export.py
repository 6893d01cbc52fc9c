"""The nightly export against the physical anchor, `sqlite3 -csv`, on the same database, in one run.

    python benchmarks/export.py [--db /tmp/fscli-council.db]

Times exporting the contact table (2,000,000 rows in the default generated council) as csv and as
ndjson with `fscli export`, and the same table with `sqlite3 -csv`, each to a file; then the peak
memory of `fscli export` over councils of 100,000 and 1,000,000 contacts, which should be flat.
Databases are made with benchmarks/generate.py when absent. Goal (issue 9): at least half the rows
per second of `sqlite3 -csv` for csv and ndjson, and memory that does not grow with the table.
The same exports sealed with --encrypt-to (issue 22) are timed beside them, with their memory: the
cost of age on the writing thread, and memory as flat as the plain export's.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
WAREHOUSE = "age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"  # a public key: nothing here can open the files


def ensure(db: Path, cases: int) -> Path:
    from generate import ensure_council

    if not db.exists():
        print(f"generating {db} ({cases:,} cases)...", file=sys.stderr)
    return ensure_council(db, cases)


def run(argv: list[str], env: dict, stdout=subprocess.DEVNULL) -> tuple[float, int]:
    """Seconds and peak resident memory (MiB) of one process."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, env=env, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"failed: {' '.join(argv)}")
    return seconds, usage.ru_maxrss // 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/fscli-council.db"))
    args = parser.parse_args()
    fscli, sqlite3 = shutil.which("fscli"), shutil.which("sqlite3")
    if not fscli or not sqlite3:
        sys.exit("needs fscli (pip install -e .) and the sqlite3 command on PATH")
    db = ensure(args.db, 50_000)
    env = {**os.environ, "FSCLI_DB": str(db), "NO_COLOR": "1"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        folder = Path(tmp)
        rows = int(subprocess.run([sqlite3, str(db), "SELECT count(*) FROM contact"], capture_output=True, text=True, check=True).stdout)
        with (folder / "anchor.csv").open("wb") as out:
            anchor, _ = run([sqlite3, "-csv", "-header", str(db), "SELECT * FROM contact ORDER BY id"], env, stdout=out)
        results = [("sqlite3 -csv", anchor)]
        sealed = ["--encrypt-to", WAREHOUSE]
        for fmt in ("csv", "ndjson"):
            seconds, _ = run([fscli, "export", "--out", str(folder / fmt), "--tables", "contact", "--format", fmt], env)
            results.append((f"fscli export --format {fmt}", seconds))
            seconds, _ = run([fscli, "export", "--out", str(folder / f"{fmt}-sealed"), "--tables", "contact", "--format", fmt, *sealed], env)
            results.append((f"fscli export --format {fmt} --encrypt-to", seconds))
        print(f"contact table: {rows:,} rows")
        print(f"{'':42} {'seconds':>8} {'rows/s':>11} {'x anchor':>9}")
        for name, seconds in results:
            print(f"{name:42} {seconds:8.2f} {rows / seconds:11,.0f} {anchor / seconds:9.2f}")
        memory = []
        sealed_memory = []
        for contacts, cases in ((100_000, 2_500), (1_000_000, 25_000)):
            small = ensure(Path(f"/tmp/fscli-council-{cases}.db"), cases)
            _, peak = run([fscli, "export", "--out", str(folder / f"m{cases}"), "--tables", "contact", "--format", "csv"], {**env, "FSCLI_DB": str(small)})
            memory.append(peak)
            _, peak_sealed = run([fscli, "export", "--out", str(folder / f"s{cases}"), "--tables", "contact", "--format", "csv", *sealed], {**env, "FSCLI_DB": str(small)})
            sealed_memory.append(peak_sealed)
            print(f"peak memory exporting {contacts:>9,} contacts: {peak} MiB; sealed {peak_sealed} MiB")
    print()
    for name, seconds in results[1:]:
        ratio = anchor / seconds
        print(f"{'ok  ' if ratio >= 0.5 else 'MISS'} {name}: {ratio:.2f}x the rows per second of sqlite3 -csv (goal 0.5x)")
    flat = memory[1] <= memory[0] * 1.25
    print(f"{'ok  ' if flat else 'MISS'} memory flat as the table grows ({memory[0]} MiB -> {memory[1]} MiB)")
    flat = sealed_memory[1] <= sealed_memory[0] * 1.25
    print(f"{'ok  ' if flat else 'MISS'} sealed: memory flat as the table grows ({sealed_memory[0]} MiB -> {sealed_memory[1]} MiB)")


if __name__ == "__main__":
    main()
