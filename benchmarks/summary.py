"""The manager's views at council scale: `fscli summary` and `fscli summary --indicators`, start-up included.

    python benchmarks/summary.py [--db /tmp/fscli-council.db] [--runs 5]

The database is made with benchmarks/generate.py when absent (50,000 cases, 2,000,000 contacts).
Prints medians of whole fscli processes (wall, and the processor time they used: on a shared
machine the wall waits for the other processes, the processor time much less), and the time of
each indicator's queries in-process (wall and this thread's processor time), so the slow ones are
plain, and `fscli search` from its index against a scan of every table.
Goal (issue 10): under 0.5 s each, start-up included.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import time
from datetime import date
from pathlib import Path


def median_s(argv: list[str], env: dict, runs: int) -> tuple[float, float]:
    """Median wall and median processor time (user + system) of the whole process."""
    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/fscli-council.db"))
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    from generate import fscli_on_council

    fscli, env = fscli_on_council(args.db)
    results = [(" ".join(cmd), median_s([fscli, *cmd], env, args.runs)) for cmd in (["summary"], ["summary", "--indicators"])]
    for name, (seconds, cpu) in results:
        print(f"{'ok  ' if seconds < 0.5 else 'MISS'} fscli {name:24} {seconds:6.2f} s (goal 0.5 s)  processor {cpu:5.2f} s")

    from fscli.bank_holidays import england_and_wales
    from fscli.domain.timescales import Profile
    from fscli.domain.workdays import WorkingCalendar
    from fscli.reports import indicators as parts
    from fscli.reports.summary import Period, _cases_in, held_back
    from fscli.store.db import Database
    from fscli.store.location import locate

    period = Period(date(2025, 11, 24), date(2026, 11, 23))
    profile, calendar = Profile.default(), WorkingCalendar.of(england_and_wales(None))
    with Database(locate(str(args.db))).reader() as reader:
        where, params = _cases_in(period)
        by_work, _ = _cases_in(period, via_work_in_period=True)
        children: list = []
        pieces = {
            "children on plans": lambda: children.append(parts._children_on_plans(reader, by_work, params)),
            "kept at home": lambda: parts._kept_at_home(parts._looked_after_work(reader, by_work, params), children[-1][1], profile, calendar, period.end),
            "families improved": lambda: parts._improved(reader, period, where, params),
            "open past 12/16 weeks": lambda: parts._open_past(reader, period, params, profile, calendar),
            "closures": lambda: parts._closures(reader, period, params),
            "step-ups and downs": lambda: parts._steps(parts._moves(reader, by_work, params), children[-1][0]),
            "episode steps": lambda: parts._episode_steps(reader, where, params),
            "re-referrals": lambda: parts._re_referrals(reader, period, params),
            "continuity": lambda: parts._continuity(reader, where, params),
            "assessments in time": lambda: parts._assessments(reader, period, by_work, params, profile, calendar),
            "CP reviews in time": lambda: parts._cp_reviews(reader, period, by_work, params, profile, calendar),
            "visits in time": lambda: parts._visits(reader, period, by_work, params, profile, calendar),
            "held back": lambda: held_back(reader, period),
        }
        from due import StatementClock

        print("\nindicators, in-process, one run each: the whole piece, and its statements (execute to last row); wall, then processor")
        for name, work in pieces.items():
            with StatementClock() as statements:
                start, cpu = time.perf_counter(), time.thread_time()
                work()
                whole, cpu = time.perf_counter() - start, time.thread_time() - cpu
            print(f"  {name:24} {1000 * whole:7.0f} ms  queries {1000 * statements.seconds:5.0f} ms   processor {1000 * cpu:5.0f} ms")

        from fscli.reports import records

        print("\nsearch, in-process, one run each: the FTS5 index against reading every table")
        for words in (["zzqqxx"], ["school", "worried"]):
            for name, look in (("index", records._indexed), ("scan", lambda reader, words, case_id: records._scanned(reader, words, case_id, records._PLACES))):
                start = time.perf_counter()
                found = len(look(reader, words, None))
                print(f"  {' '.join(words):18} {name:6} {1000 * (time.perf_counter() - start):7.1f} ms  {found:,} found")


if __name__ == "__main__":
    main()
