"""A council-sized caseload for benchmarks: reproducible, through the real schema and migrations.

    python benchmarks/generate.py OUT.db [--cases 50000] [--seed 1] [--today 2026-11-23]
    python benchmarks/generate.py postgresql+psycopg://... [--cases 50000]

By default: 50,000 cases, 150,000 people, 2,000,000 contacts, 300,000 goal scores, 200,000 plan
episodes, about 80,000 bookings and 500 workers, with the real code sets and plausible distributions (plan mix, ages,
visit intervals; episodes of work with their steps down and up). The database is made by the migrations, then filled in one transaction (bulk inserts;
COPY on a server), with the planner's statistics gathered before the derived facts are worked
out; the time of each table and the rate are printed. Every name is invented ("Family 123"). No audit rows are
written: this is a benchmark fixture, not a record of anyone's work.
"""

from __future__ import annotations

import argparse
import random
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, time as clock_time, timedelta, timezone
from pathlib import Path

BATCH = 20_000

PLAN_MIX = [("early-help", 45), ("cin", 30), ("cp", 12), ("cla", 8), ("reunification", 5)]
CONTACT_MIX = [("home-visit", 40), ("statutory-visit", 15), ("phone", 15), ("message", 10), ("school", 6), ("office", 4), ("direct-work", 5), ("no-access", 3), ("video", 2)]
MEETINGS_FOR = {"early-help": ["taf", "eh-review"], "cin": ["cin-review", "cin-planning"], "cp": ["core-group", "rcpc"], "cla": ["lac-review", "placement-planning"], "reunification": ["fgc", "taf"]}
CLOSURES = [("RC7", 40), ("OUTCOMES-MET", 25), ("RC8", 12), ("DISENGAGED", 8), ("MOVED-AWAY", 5), ("RC5", 4), ("RC4", 3), ("RC3", 3)]
SOURCES = ["1A", "1B", "2A", "2B", "3A", "3B", "3E", "4", "5A", "5B", "5D", "6", "7", "8", "9"]
NEEDS = ["N1", "N1", "N1", "N2", "N3", "N4", "N5", "N6", "N7", "N8", "N9"]


def pick(rng: random.Random, mix: list[tuple[str, int]]) -> str:
    return rng.choices([k for k, _ in mix], weights=[w for _, w in mix])[0]


class Generator:
    def __init__(self, cases: int, seed: int, today: date) -> None:
        self.n = cases
        self.rng = random.Random(seed)
        self.today = today
        self.stamp = datetime.combine(today, clock_time(9), tzinfo=timezone.utc)
        self.workers = max(5, cases // 100)
        self.ids: dict[str, int] = {}
        self.cases: list[tuple[int, date, date | None]] = []  # id, referred, closed
        self.children: dict[int, list[int]] = {}
        self.parents: dict[int, int] = {}
        self.case_plans: dict[int, tuple[str, str, date]] = {}  # first kind, second kind, when the second began
        self.holders: dict[int, int] = {}  # case -> the worker allocated last

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def worker_rows(self) -> Iterator[dict]:
        for i in range(1, self.workers + 1):
            yield {"id": i, "name": f"Worker {i:03d}", "created_at": self.stamp}

    def case_rows(self) -> Iterator[dict]:
        rng = self.rng
        for i in range(1, self.n + 1):
            age = int(rng.triangular(0, 3 * 365, 60))
            referred = self.today - timedelta(days=age)
            still_open = (age < 300 and rng.random() < 0.8) or rng.random() < 0.05
            closed = None if still_open else min(self.today, referred + timedelta(days=rng.randint(20, max(21, min(age, 420)))))
            self.cases.append((i, referred, closed))
            yield {
                "id": i, "ref": f"FS-{i:05d}", "family": f"Family {i}", "referred_on": referred, "referral_source": rng.choice(SOURCES),
                "reason": "Generated for benchmarks", "status": "closed" if closed else "open", "closed_on": closed,
                "closure_reason": pick(rng, CLOSURES) if closed else None, "created_at": self.stamp, "primary_need": rng.choice(NEEDS), "referral_nfa": 0,
            }  # fmt: skip

    def event_rows(self) -> Iterator[dict]:
        for case_id, referred, closed in self.cases:
            yield {"id": self.next_id("case_event"), "case_id": case_id, "kind": "referred", "on_date": referred, "recorded_at": self.stamp}
            if closed:
                yield {"id": self.next_id("case_event"), "case_id": case_id, "kind": "closed", "on_date": closed, "reason_code": "RC7", "recorded_at": self.stamp}

    def person_rows(self) -> Iterator[dict]:
        rng = self.rng
        for case_id, referred, _ in self.cases:
            pid = self.next_id("person")
            self.parents[case_id] = pid
            yield {"id": pid, "case_id": case_id, "name": f"Parent {case_id}", "role": "parent", "dob": referred - timedelta(days=rng.randint(18 * 365, 50 * 365)), "sex": rng.choice("MF"), "created_at": self.stamp}
            kids = []
            for k in range(2):
                pid = self.next_id("person")
                kids.append(pid)
                yield {"id": pid, "case_id": case_id, "name": f"Child {case_id}-{k + 1}", "role": "child", "dob": referred - timedelta(days=rng.randint(30, 17 * 365)), "sex": rng.choice("MFMF" + "U"), "child_id": f"FSC{pid:07d}", "created_at": self.stamp}
            self.children[case_id] = kids

    def allocation_rows(self) -> Iterator[dict]:
        rng = self.rng
        for case_id, referred, closed in self.cases:
            first = rng.randint(1, self.workers)
            end = closed or self.today
            if rng.random() < 0.3 and (end - referred).days > 30:
                change = referred + timedelta(days=rng.randint(10, (end - referred).days - 1))
                yield {"id": self.next_id("allocation"), "case_id": case_id, "worker_id": first, "start_on": referred, "end_on": change, "reason": "LEFTRL", "created_at": self.stamp}
                self.holders[case_id] = rng.randint(1, self.workers)
                yield {"id": self.next_id("allocation"), "case_id": case_id, "worker_id": self.holders[case_id], "start_on": change, "end_on": closed, "created_at": self.stamp}
            else:
                self.holders[case_id] = first
                yield {"id": self.next_id("allocation"), "case_id": case_id, "worker_id": first, "start_on": referred, "end_on": closed, "created_at": self.stamp}

    def plan_rows(self) -> Iterator[dict]:
        """Two episodes per child: the first from the referral, a step up or down half-way; the second open while the case is."""
        rng = self.rng
        for case_id, referred, closed in self.cases:
            end = closed or self.today
            middle = referred + (end - referred) / 2
            first_kind = pick(rng, PLAN_MIX)
            second_kind = pick(rng, [(k, w) for k, w in PLAN_MIX if k != first_kind])
            self.case_plans[case_id] = (first_kind, second_kind, middle)
            for child in self.children[case_id]:
                yield {"id": self.next_id("plan"), "case_id": case_id, "person_id": child, "kind": first_kind, "start_on": referred, "end_on": middle, "created_at": self.stamp}
                yield {"id": self.next_id("plan"), "case_id": case_id, "person_id": child, "kind": second_kind, "start_on": middle, "end_on": closed, "created_at": self.stamp}

    def episode_rows(self) -> Iterator[dict]:
        """The case's episodes of work (fscli/domain/episodes.py): Early Help while its plans are, else
        statutory; where the plans change between the two half-way, a step down (RC7) or up there."""
        for case_id, referred, closed in self.cases:
            first, second, middle = self.case_plans[case_id]
            kinds = ["early-help" if kind == "early-help" else "statutory" for kind in (first, second)]
            ended = "RC7" if closed else None
            spans = [(kinds[0], referred, closed, ended)]
            if kinds[0] != kinds[1]:
                spans = [(kinds[0], referred, middle, "RC7" if kinds[0] == "statutory" else "STEPPED-UP"), (kinds[1], middle, closed, ended)]
            for kind, start, end, why in spans:
                yield {"id": self.next_id("episode"), "case_id": case_id, "kind": kind, "start_on": start, "end_on": end, "end_reason": why,
                       "referral_source": "5D" if kind == "statutory" and start != referred else None, "created_at": self.stamp}  # fmt: skip

    def category_rows(self) -> Iterator[dict]:
        plan_id = 0
        for case_id, referred, _ in self.cases:
            for _child in self.children[case_id]:
                first, second, middle = self.case_plans[case_id]
                for kind, start in ((first, referred), (second, middle)):
                    plan_id += 1
                    if kind == "cp":
                        yield {"id": self.next_id("plan_category"), "plan_id": plan_id, "category": self.rng.choice(["NEG", "EMO", "PHY", "SAB", "MUL"]), "from_on": start, "created_at": self.stamp}

    def assessment_rows(self) -> Iterator[dict]:
        for case_id, referred, closed in self.cases:
            done = min(referred + timedelta(days=self.rng.randint(10, 60)), closed or self.today)
            yield {"id": self.next_id("assessment"), "case_id": case_id, "person_id": self.children[case_id][0], "start_on": referred, "completed_on": done, "factors": "3B,16A", "child_seen": 1, "outcome": "cin", "created_at": self.stamp}

    def goal_rows(self) -> Iterator[dict]:
        for case_id, _, closed in self.cases:
            for g in range(2):
                yield {"id": self.next_id("goal"), "case_id": case_id, "person_id": self.parents[case_id], "text": f"Goal {g + 1} in the family's words", "area": ["Happy", "Healthy", "Safe"][g],
                       "scale_min": 0, "scale_max": 10, "status": "achieved" if closed else "open", "closed_on": closed, "created_at": self.stamp}  # fmt: skip

    def score_rows(self) -> Iterator[dict]:
        rng = self.rng
        goal_id = 0
        for case_id, referred, closed in self.cases:
            end = closed or self.today
            span = (end - referred).days
            for _ in range(2):
                goal_id += 1
                value = rng.randint(1, 5)
                for k, phase in enumerate(("baseline", "midway", "end" if closed else "review")):
                    yield {"id": self.next_id("goal_score"), "goal_id": goal_id, "value": value, "scored_on": referred + timedelta(days=span * k // 2), "rater_kind": "family",
                           "rater_name": f"Parent {case_id}", "rater_person_id": self.parents[case_id], "phase": phase, "created_at": self.stamp}  # fmt: skip
                    value = max(0, min(10, value + rng.randint(-1, 3)))

    def contact_rows(self, per_case: int) -> Iterator[tuple[dict, list[dict]]]:
        rng = self.rng
        for case_id, referred, closed in self.cases:
            end = closed or self.today
            span = max(1, (end - referred).days)
            days = sorted(rng.randint(0, span) for _ in range(per_case))
            for offset in days:
                kind = pick(rng, CONTACT_MIX)
                cid = self.next_id("contact")
                contact = {"id": cid, "case_id": case_id, "kind": kind, "on_date": referred + timedelta(days=offset), "at_time": f"{rng.randint(9, 16):02d}:00", "duration_min": rng.choice([30, 45, 60, 90]),
                           "unannounced": 0, "pre_referral": 0, "note": "Generated visit note", "created_at": self.stamp}  # fmt: skip
                parties = []
                if kind not in ("phone", "message", "no-access"):
                    child = rng.choice(self.children[case_id])
                    alone = rng.random() < 0.3
                    parties.append({"id": self.next_id("contact_party"), "contact_id": cid, "person_id": child, "seen": 1, "seen_alone": int(alone), "bedroom_seen": int(alone and rng.random() < 0.5)})
                yield contact, parties

    def meeting_rows(self) -> Iterator[dict]:
        rng = self.rng
        for case_id, referred, closed in self.cases:
            _, kind, start = self.case_plans[case_id]
            end = closed or self.today
            span = max(1, (end - start).days)
            for _ in range(5):
                yield {"id": self.next_id("meeting"), "case_id": case_id, "kind": rng.choice(MEETINGS_FOR[kind]), "on_date": start + timedelta(days=rng.randint(0, span)), "created_at": self.stamp}

    def task_rows(self) -> Iterator[dict]:
        for case_id, _, closed in self.cases:
            due = self.today + timedelta(days=self.rng.randint(-20, 30))
            yield {"id": self.next_id("task"), "case_id": case_id, "text": "Follow up with the school", "due_on": due, "done_on": closed, "created_at": self.stamp}

    def booking_rows(self) -> Iterator[dict]:
        """The diary (issue 21): each open case's visits planned and a meeting booked, from two
        months back to six weeks ahead, one in ten called off; each worker's monthly supervision,
        of no case. Drawn last, so the other tables are as they were before bookings were."""
        rng = self.rng
        for case_id, _, closed in self.cases:
            if closed is not None:
                continue
            _, kind, _ = self.case_plans[case_id]
            worker = f"Worker {self.holders[case_id]:03d}"
            for _ in range(4):
                meeting = rng.random() < 0.3
                row = {"id": self.next_id("planned_visit"), "case_id": case_id, "booking_of": "meeting" if meeting else "visit", "kind": rng.choice(MEETINGS_FOR[kind]) if meeting else "home-visit",
                       "on_date": self.today + timedelta(days=rng.randint(-60, 42)), "at_time": f"{rng.randint(9, 16):02d}:00", "worker": worker, "created_at": self.stamp}  # fmt: skip
                if rng.random() < 0.1:
                    row.update(cancelled_on=self.today - timedelta(days=rng.randint(0, 20)), cancelled_by="family", cancel_reason="Not at home that day")
                yield row
        for worker in range(1, self.workers + 1):
            for month in range(-6, 2):
                on = self.today + timedelta(days=28 * month + worker % 20)
                yield {"id": self.next_id("planned_visit"), "case_id": None, "booking_of": "meeting", "kind": "supervision", "on_date": on, "at_time": "14:00", "worker": f"Worker {worker:03d}", "created_at": self.stamp}


def ensure_council(path: Path, cases: int = 50_000) -> Path:
    """A generated council at `path`: made when absent, else brought to the newest schema (no backup:
    it is a benchmark fixture), so a copy kept from an older fscli still measures."""
    if not path.exists():
        subprocess.run([sys.executable, str(Path(__file__)), str(path), "--cases", str(cases)], check=True, stdout=subprocess.DEVNULL)
        return path
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.upgrade import upgrade

    database = Database(locate(str(path)))
    upgrade(database, None)
    database.dispose()
    return path


def fscli_on_council(path: Path) -> tuple[str, dict[str, str]]:
    """The installed fscli, and an environment pointing it at the council at `path` (made or brought
    to the newest schema first) on the day the council was generated for, with its bytecode cached
    as an installed fscli has it: what the benchmarks of whole fscli processes share."""
    import os
    import shutil

    fscli = shutil.which("fscli")
    if not fscli:
        sys.exit("fscli is not installed in this environment: pip install -e . first")
    ensure_council(path)
    env = {**os.environ, "FSCLI_DB": str(path), "FSCLI_TODAY": "2026-11-23"}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return fscli, env


def batches(rows: Iterator[dict]) -> Iterator[list[dict]]:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="a new SQLite file, or a postgresql+psycopg:// URL of an empty database")
    parser.add_argument("--cases", type=int, default=50_000)
    parser.add_argument("--contacts-per-case", type=int, default=40)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--today", type=date.fromisoformat, default=date(2026, 11, 23))
    args = parser.parse_args()

    from sqlalchemy import insert, text

    from fscli.store import derived, models
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.upgrade import upgrade

    if "://" not in args.target and Path(args.target).exists():
        sys.exit(f"{args.target} exists: generate into a new file")
    database = Database(locate(args.target))
    from fscli.errors import FscliError

    try:
        upgrade(database, None)
    except FscliError as refused:  # a server without the roles fscli's grants name, say: its own words and what to do
        sys.exit(f"generate.py: {refused.line()}")
    gen = Generator(args.cases, args.seed, args.today)
    counts: dict[str, int] = {}
    spent: dict[str, float] = {}  # seconds a table, its rows drawn and inserted
    started = time.perf_counter()
    engine = database.engine(write=True)
    with engine.begin() as conn:
        if not database.location.is_sqlite and conn.execute(text("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")).scalar():
            # As pg_restore --disable-triggers loads a dump: fscli's guards on a server (an audit row
            # with every change, restriction of processing: store/server_rules.py) and the foreign
            # keys' checks are triggers fired for each row, and queued until COMMIT for the guards.
            # The fixture writes no audit rows and is consistent by construction.
            conn.execute(text("SET LOCAL session_replication_role = replica"))

        copying = None if database.location.is_sqlite else conn.connection.driver_connection

        def load(model, rows: Iterator[dict]) -> None:
            began = time.perf_counter()
            for batch in batches(rows):
                keys = sorted({k for row in batch for k in row})  # one statement for the batch: the same keys in every row
                if copying:  # COPY: several times the rate of inserts on a server
                    quote = conn.dialect.identifier_preparer.quote
                    with copying.cursor() as cursor, cursor.copy(f"COPY {quote(model.__tablename__)} ({', '.join(map(quote, keys))}) FROM STDIN") as copy:
                        for row in batch:
                            copy.write_row([row.get(k) for k in keys])
                else:
                    conn.execute(insert(model.__table__), [{k: row.get(k) for k in keys} for row in batch])
                counts[model.__tablename__] = counts.get(model.__tablename__, 0) + len(batch)
            spent[model.__tablename__] = spent.get(model.__tablename__, 0.0) + time.perf_counter() - began

        load(models.Worker, gen.worker_rows())
        load(models.Case, gen.case_rows())
        load(models.CaseEvent, gen.event_rows())
        load(models.Person, gen.person_rows())
        load(models.Allocation, gen.allocation_rows())
        load(models.Plan, gen.plan_rows())
        load(models.Episode, gen.episode_rows())
        load(models.PlanCategory, gen.category_rows())
        load(models.Assessment, gen.assessment_rows())
        load(models.Goal, gen.goal_rows())
        load(models.GoalScore, gen.score_rows())
        load(models.Meeting, gen.meeting_rows())
        load(models.Task, gen.task_rows())
        contacts, parties = [], []
        for contact, party in gen.contact_rows(args.contacts_per_case):
            contacts.append(contact)
            parties += party
            if len(contacts) >= BATCH:
                load(models.Contact, iter(contacts))
                load(models.ContactParty, iter(parties))
                contacts, parties = [], []
        load(models.Contact, iter(contacts))
        load(models.ContactParty, iter(parties))
        load(models.PlannedVisit, gen.booking_rows())
        conn.execute(text("UPDATE counter SET value = :n WHERE name = 'case_ref'"), {"n": args.cases})
        loaded = time.perf_counter()
        # The planner's statistics before the derived facts are worked out from the rows, in this
        # transaction so that they commit with them. Without them PostgreSQL read every contact
        # party once for each child on a plan (the 'last seen' fact: 13 s for 3,000 cases, stuck
        # past 20 minutes for a council); and an ANALYZE on a connection of its own after the
        # load, as this was, was rolled back when the connection closed, so a SQLite council had
        # no statistics at all.
        conn.execute(text("ANALYZE"))
        analysed = time.perf_counter()
        derived.refresh(conn, None)  # rows loaded behind fscli's services: their derived facts, as an import works them out
        conn.execute(text("ANALYZE"))  # and of the derived tables
    seconds = time.perf_counter() - started
    print(f"loaded in {loaded - started:.1f} s, statistics in {analysed - loaded:.1f} s, derived facts and commit in {seconds - (analysed - started):.1f} s")
    total = sum(counts.values())
    for table, n in counts.items():
        print(f"{table:15} {n:>10,} {spent[table]:7.1f} s")
    print(f"{'total':15} {total:>10,} rows in {seconds:.1f} s: {total / seconds:,.0f} rows/s (one transaction, seed {args.seed}, today {args.today})")
    database.dispose()


if __name__ == "__main__":
    main()
