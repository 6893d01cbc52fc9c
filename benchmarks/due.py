"""What is due, at council scale: one worker's morning list and the whole council's, as medians.

    python benchmarks/due.py [DB] [--runs 15] [--against CHECKOUT]

DB defaults to /tmp/fscli-council.db, made with benchmarks/generate.py (50,000 cases, 2,000,000
contacts) when absent. A postgresql+psycopg:// URL measures a server the same way. Prints, for
one worker and for everyone, as medians:
- queries: the database answering the set-based statements that gather the facts (each call of
  the reader timed, from execute to the last row fetched), on a new connection each time;
- facts: the whole gathering, connection and Python objects included (what `fscli due` waits for);
- rules: the date rules run in Python over the facts;
and the query plans of the derived "last seen" fact and of the open plans read each morning.
Goals (issue 8): one worker's queries under 5 ms, the whole council's under 200 ms. Then the
whole council's `fscli due` as a worker runs it, start-up included, its list written to a pipe:
the wall time and the processor time (user + system) as medians, with the machine's load, against
the goal of issue 27: under 1 s. With --against, another checkout's fscli (say main's, for a
before-and-after) is run the same way, each run of it beside one of this one's, and both printed.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)
SEEN_SQL = (  # the shape of the "last seen" fact in store/derived.py, for one child
    "SELECT k.on_date FROM contact k WHERE k.case_id = 1 AND k.on_date >= '2026-01-01' AND k.kind NOT IN ('phone', 'message', 'no-access', 'video')"
    " AND EXISTS (SELECT 1 FROM contact_party cp WHERE cp.contact_id = k.id AND +cp.person_id = 2 AND cp.seen = 1)"
    " AND k.voided_at IS NULL AND NOT EXISTS (SELECT 1 FROM contact k_later WHERE k_later.corrects_id = k.id) ORDER BY k.on_date DESC LIMIT 1"  # live_sql('contact', 'k')
)


class StatementClock:
    """Times every statement a Reader runs, execute to last row, without changing what it returns."""

    def __init__(self) -> None:
        self.seconds = 0.0

    def __enter__(self):
        from fscli.store.db import Reader

        self.originals = {name: getattr(Reader, name) for name in ("rows", "tuples", "scalar")}
        for name, original in self.originals.items():
            setattr(Reader, name, self._timed(original))
        return self

    def _timed(self, original):
        def timed(reader, *args, **kwargs):
            start = time.perf_counter()
            try:
                return original(reader, *args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - start

        return timed

    def __exit__(self, *_exc) -> None:
        from fscli.store.db import Reader

        for name, original in self.originals.items():
            setattr(Reader, name, original)
OPEN_PLANS_SQL = (  # reports/due.py for one worker's cases
    "SELECT p.case_id, p.person_id, pe.name, p.kind, p.start_on, s.seen_on FROM plan p JOIN person pe ON pe.id = p.person_id"
    " LEFT JOIN plan_seen s ON s.plan_id = p.id WHERE p.end_on IS NULL AND p.case_id IN (1, 2, 3)"
)


def median_ms(work, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", nargs="?", default="/tmp/fscli-council.db")
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--against", metavar="CHECKOUT", help="another checkout whose `fscli due` is timed beside this one's, interleaved")
    args = parser.parse_args()
    if "://" not in args.db:
        from generate import ensure_council

        ensure_council(Path(args.db))

    from fscli.bank_holidays import england_and_wales
    from fscli.domain.due import due_items
    from fscli.domain.timescales import Profile
    from fscli.domain.workdays import WorkingCalendar
    from fscli.reports.due import Scope, case_facts
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.schema import ROW_COUNTS_SQL

    database = Database(locate(args.db))
    profile, calendar = Profile.default(), WorkingCalendar.of(england_and_wales(None))
    with database.reader() as reader:
        every = {r["name"]: r["n"] for r in reader.rows(ROW_COUNTS_SQL)}
        counts = {t: every[t] for t in ("cases", "contact", "plan", "worker")}
        busiest = reader.one("SELECT w.name, count(*) AS n FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.end_on IS NULL GROUP BY w.name ORDER BY n DESC LIMIT 1")
        print(", ".join(f"{n:,} {t}" for t, n in counts.items()) + f"; the busiest worker holds {busiest['n']} open cases")
        print(f"{'scope':28} {'queries ms':>11} {'facts ms':>9} {'rules ms':>9} {'items':>7}")
        results = {}
        for label, scope in ((f"one worker ({busiest['name']})", Scope(worker=busiest["name"])), ("the whole council", Scope())):
            facts = case_facts(reader, scope, TODAY, [])  # with the worker's own diary, as `fscli due` reads it

            def gather(scope=scope):  # a new connection each time, as each fscli command opens one
                with database.reader() as fresh:
                    case_facts(fresh, scope, TODAY, [])

            statements = []

            def timed_gather(gather=gather):
                with StatementClock() as clock:
                    gather()
                statements.append(clock.seconds * 1000)

            gathered = median_ms(timed_gather, args.runs)
            queries = statistics.median(statements)
            rules = median_ms(lambda: due_items(facts, profile, calendar, TODAY), args.runs)
            results[label] = queries
            print(f"{label:28} {queries:11.1f} {gathered:9.1f} {rules:9.1f} {len(due_items(facts, profile, calendar, TODAY)):7,}")
        if database.location.is_sqlite:
            for title, sql in (("the 'last seen' fact, worked out when a case's records change", SEEN_SQL), ("the open plans, read each morning", OPEN_PLANS_SQL)):
                plan = reader.rows("EXPLAIN QUERY PLAN " + sql)
                print(f"\nplan of {title}:\n" + "\n".join(f"  {r['detail']}" for r in plan))
    one, council = results.values()
    database.dispose()
    here = str(Path(__file__).resolve().parent.parent)
    timed = command_ms(args.db, max(3, args.runs // 3), [here] + ([str(Path(args.against).resolve())] if args.against else []))
    wall, cpu = timed[here]
    print(f"\nthe whole council's `fscli due` to a pipe, start-up included: {wall:.0f} ms wall, {cpu:.0f} ms processor (medians; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    for checkout, (other_wall, other_cpu) in timed.items():
        if checkout != here:
            print(f"  the same by {checkout}: {other_wall:.0f} ms wall, {other_cpu:.0f} ms processor (run in turn with this checkout's)")
    print()
    print(f"{'ok  ' if one < 5 else 'MISS'} one worker's queries under 5 ms ({one:.1f})")
    print(f"{'ok  ' if council < 200 else 'MISS'} the whole council's queries under 200 ms ({council:.1f})")
    print(f"{'ok  ' if wall < 1000 else 'MISS'} the whole council's `fscli due` under 1 s wall ({wall:.0f} ms; processor {cpu:.0f} ms)")


def command_ms(db: str, runs: int, checkouts: list[str]) -> dict[str, tuple[float, float]]:
    """Medians of `fscli due --db DB` as a process, for each checkout's fscli (first on the module
    path), runs of each in turn: wall, and processor time (user + system, which a loaded machine's
    other work does not add to). In private folders, on the benchmark's day.

    With its bytecode cached, as an installed fscli runs (pip compiles it on installing; an editable
    checkout caches it on the first run): in a private folder, after one run not counted. A shell
    with PYTHONDONTWRITEBYTECODE set (as these sessions have) otherwise compiled fscli's modules
    afresh on every run, some 50 ms of processor no worker's command spends."""
    with tempfile.TemporaryDirectory() as home:
        env = {k: v for k, v in os.environ.items() if k not in ("FSCLI_DB", "FSCLI_WORKER", "FSCLI_CONFIG", "FSCLI_PROFILE", "PYTHONDONTWRITEBYTECODE", "PYTHONPATH")}
        env.update({name: f"{home}/{name.lower()}" for name in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME")})
        env["FSCLI_TODAY"] = TODAY.isoformat()
        envs = {checkout: {**env, "PYTHONPATH": checkout, "PYTHONPYCACHEPREFIX": f"{home}/bytecode{n}"} for n, checkout in enumerate(checkouts)}
        command = [sys.executable, "-m", "fscli", "due", "--db", db]
        for checkout in checkouts:
            subprocess.run(command, env=envs[checkout], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        walls: dict[str, list[float]] = {checkout: [] for checkout in checkouts}
        cpus: dict[str, list[float]] = {checkout: [] for checkout in checkouts}
        for _ in range(runs):
            for checkout in checkouts:
                before = resource.getrusage(resource.RUSAGE_CHILDREN)
                start = time.perf_counter()
                subprocess.run(command, env=envs[checkout], cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
                walls[checkout].append((time.perf_counter() - start) * 1000)
                after = resource.getrusage(resource.RUSAGE_CHILDREN)
                cpus[checkout].append((after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000)
    return {checkout: (statistics.median(walls[checkout]), statistics.median(cpus[checkout])) for checkout in checkouts}


if __name__ == "__main__":
    main()
