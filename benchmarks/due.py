"""What is due, at council scale: one worker's morning list and the whole council's, as medians.

    python benchmarks/due.py [DB] [--runs 15]

DB defaults to /tmp/fscli-council.db, made with benchmarks/generate.py (50,000 cases, 2,000,000
contacts) when absent. A postgresql+psycopg:// URL measures a server the same way. Prints, for
one worker and for everyone: the set-based queries that gather the facts, the date rules run in
Python over them, and the query plan of the heaviest query (the last visit each child was seen).
Goals (issue 8): one worker's queries under 5 ms, the whole council's under 200 ms.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 23)
SEEN_SQL = (  # the shape of the "last seen" lookup in reports/due.py, for one child
    "SELECT k.on_date FROM contact k WHERE k.case_id = 1 AND k.on_date >= '2026-01-01' AND k.kind NOT IN ('phone', 'message', 'no-access', 'video')"
    " AND EXISTS (SELECT 1 FROM contact_party cp WHERE cp.contact_id = k.id AND +cp.person_id = 2 AND cp.seen = 1)"
    " AND NOT EXISTS (SELECT 1 FROM contact x WHERE x.corrects_id = k.id) ORDER BY k.on_date DESC LIMIT 1"
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
        print(f"{'scope':28} {'queries ms':>11} {'rules ms':>9} {'items':>7}")
        results = {}
        for label, scope in ((f"one worker ({busiest['name']})", Scope(worker=busiest["name"])), ("the whole council", Scope())):
            facts = case_facts(reader, scope, TODAY)

            def gather(scope=scope):  # a new connection each time, as each fscli command opens one
                with database.reader() as fresh:
                    case_facts(fresh, scope, TODAY)

            queries = median_ms(gather, args.runs)
            rules = median_ms(lambda: due_items(facts, profile, calendar, TODAY), args.runs)
            results[label] = queries
            print(f"{label:28} {queries:11.1f} {rules:9.1f} {len(due_items(facts, profile, calendar, TODAY)):7,}")
        if database.location.is_sqlite:
            plan = reader.rows("EXPLAIN QUERY PLAN " + SEEN_SQL)
            print("\nplan of the 'last seen' query:\n" + "\n".join(f"  {r['detail']}" for r in plan))
    one, council = results.values()
    print()
    print(f"{'ok  ' if one < 5 else 'MISS'} one worker's queries under 5 ms ({one:.1f})")
    print(f"{'ok  ' if council < 200 else 'MISS'} the whole council's queries under 200 ms ({council:.1f})")
    database.dispose()


if __name__ == "__main__":
    main()
