"""SQLite and PostgreSQL side by side, in one run, on the same seeded council (start-up excluded).

    python benchmarks/backends.py [--cases 50000] [--runs 5] [--pg postgresql+psycopg://...] [--row-security]

Without --pg, starts a throwaway cluster with scripts/pg-cluster (Unix socket only; the test
cluster's settings, fsync off) and generates the council into it, which takes a few minutes; the
SQLite copy is /tmp/fscli-council.db, made when absent. Figures: the due queries of the busiest
worker and of the whole council, the caseload summary page, the indicators, and exporting the
contact table as ndjson. Medians; each run opens its own connection, as each fscli command does.

With --row-security, the PostgreSQL figures again as everyday logins, whom row security
(store/server_rules.py) shows only what they may see: the oversight role (every case, through the
policies: their cost alone) and the busiest worker in one of ten teams (their team's cases). The
council is put in ten teams, and the logins made, on first use (the --pg URL must be a superuser's).
"""

from __future__ import annotations

import argparse
import atexit
import os
import shlex
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

from due import median_ms  # the same timing as benchmarks/due.py (run from this folder)

HERE = Path(__file__).parent
TODAY = date(2026, 11, 23)


def start_cluster() -> str:
    out = subprocess.run([str(HERE.parent / "scripts" / "pg-cluster"), "start"], capture_output=True, text=True, check=True).stdout
    values = dict(line.removeprefix("export ").split("=", 1) for line in out.splitlines() if line.startswith("export "))
    folder, admin = values["FSCLI_PG_DIR"], shlex.split(values["FSCLI_TEST_PG"])[0]
    atexit.register(lambda: subprocess.run([str(HERE.parent / "scripts" / "pg-cluster"), "stop", folder], check=False))
    import psycopg

    with psycopg.connect(admin.replace("+psycopg", ""), autocommit=True) as conn:
        conn.execute("CREATE DATABASE council")
        for role in ("fscli_team", "fscli_oversight"):  # the roles init grants to
            conn.execute(f"CREATE ROLE {role} NOLOGIN")
    url = admin.replace("/postgres?", "/council?")
    print("generating the council on PostgreSQL...", file=sys.stderr)
    subprocess.run([sys.executable, str(HERE / "generate.py"), url], check=True, stdout=subprocess.DEVNULL)
    return url


def figures(target: str, runs: int) -> dict[str, float]:
    from fscli.bank_holidays import england_and_wales
    from fscli.domain.timescales import Profile
    from fscli.domain.workdays import WorkingCalendar
    from fscli.reports.due import Scope, case_facts
    from fscli.reports.indicators import indicators_report
    from fscli.reports.summary import Period, summary
    from fscli.services.export import export
    from fscli.store.db import Database
    from fscli.store.location import locate

    database = Database(locate(target))
    profile, calendar = Profile.default(), WorkingCalendar.of(england_and_wales(None))
    with database.reader() as reader:
        busiest = reader.one("SELECT w.name FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.end_on IS NULL GROUP BY w.name ORDER BY count(*) DESC, w.name LIMIT 1")["name"]

    def read(build):
        def run():
            with database.reader() as reader:
                build(reader)

        return run

    def read_in_lanes(build):
        def run():
            with database.readers(2) as readers:
                build(readers)

        return run

    out = {
        f"due: one worker's queries": median_ms(read(lambda r: case_facts(r, Scope(worker=busiest), TODAY)), runs),
        "due: the council's queries": median_ms(read(lambda r: case_facts(r, Scope(), TODAY)), max(1, runs // 2)),
        "summary (today)": median_ms(read_in_lanes(lambda r: summary(r, Period(TODAY, TODAY), None)), runs),
        "summary --indicators (12 months)": median_ms(read_in_lanes(lambda r: indicators_report(r, Period(TODAY - timedelta(days=364), TODAY), profile, calendar, TODAY)), max(1, runs // 2)),
    }
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        counter = iter(range(1000))
        out["export contact table (ndjson)"] = median_ms(lambda: export(database, Path(tmp) / f"e{next(counter)}", fmt="ndjson", since=None, tables=["contact"], replace=False, now=datetime.now().astimezone()), max(1, runs // 2))
    database.dispose()
    return out


TEAMS = 10
LOGINS = {"bench_oversight": "fscli_team, fscli_oversight", "bench_worker": "fscli_team"}


def row_security_logins(url: str) -> dict[str, str]:
    """The council in ten teams (each case its key worker's team), and two logins: the oversight
    role's, and the busiest worker's; their URLs by name."""
    import psycopg

    with psycopg.connect(url.replace("+psycopg", ""), autocommit=True) as conn:
        for login, roles in LOGINS.items():
            if not conn.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (login,)).fetchone():
                conn.execute(f"CREATE ROLE {login} LOGIN IN ROLE {roles}")
        if not conn.execute("SELECT 1 FROM team").fetchone():
            with conn.transaction():
                conn.execute("INSERT INTO team (name, created_at) SELECT 'Team ' || g, now() FROM generate_series(1, %s) g", (TEAMS,))
                conn.execute("INSERT INTO team_member (team_id, worker_id, role, created_at) SELECT (SELECT min(id) FROM team) + w.id %% %s, w.id, 'member', now() FROM worker w", (TEAMS,))
                conn.execute(
                    "INSERT INTO case_team (case_id, team_id) SELECT c.id, coalesce((SELECT tm.team_id FROM allocation a JOIN team_member tm ON tm.worker_id = a.worker_id"
                    " WHERE a.case_id = c.id ORDER BY a.end_on IS NULL DESC, a.start_on DESC LIMIT 1), (SELECT min(id) FROM team)) FROM cases c"
                )
                busiest = conn.execute("SELECT a.worker_id FROM allocation a WHERE a.end_on IS NULL GROUP BY a.worker_id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
                conn.execute("UPDATE worker SET login = 'bench_worker' WHERE id = %s", (busiest,))
                conn.execute("ANALYZE")
    return {login: url.replace("://fscli@", f"://{login}@", 1) for login in LOGINS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pg", help="an existing PostgreSQL database holding the generated council")
    parser.add_argument("--sqlite", type=Path, default=Path("/tmp/fscli-council.db"))
    parser.add_argument("--row-security", action="store_true", help="PostgreSQL again as everyday logins under row security")
    args = parser.parse_args()
    from generate import ensure_council

    ensure_council(args.sqlite)
    pg = args.pg or start_cluster()
    sqlite = figures(str(args.sqlite), args.runs)
    postgres = figures(pg, args.runs)
    print(f"{'median ms, start-up excluded':34} {'SQLite':>9} {'PostgreSQL':>11} {'PG/SQLite':>10}")
    for name in sqlite:
        print(f"{name:34} {sqlite[name]:9.0f} {postgres[name]:11.0f} {postgres[name] / sqlite[name]:10.1f}")
    if args.row_security:
        logins = row_security_logins(pg)
        seen = {login: figures(url, args.runs) for login, url in logins.items()}
        print(f"\n{'PostgreSQL, median ms':34} {'owner':>9} {'oversight':>11} {'/owner':>7} {'a worker':>9} {'/owner':>7}")
        for name in postgres:
            over, worker = seen["bench_oversight"][name], seen["bench_worker"][name]
            print(f"{name:34} {postgres[name]:9.0f} {over:11.0f} {over / postgres[name]:7.2f} {worker:9.0f} {worker / postgres[name]:7.2f}")


if __name__ == "__main__":
    os.environ.setdefault("FSCLI_TODAY", TODAY.isoformat())
    main()
