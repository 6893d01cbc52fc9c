"""Eight writers and a nightly export at once, then four real shells, as a team would.

Each `case open` reads the next FS- number and writes it, each goal its next number: the
read-then-write race that loses 17.9% of writes under SQLite's default transactions
(reliability.md F1). Goals C1 (and C6 on PostgreSQL): 0 lost, 0 errors surfaced, 0 duplicate
references, audit = writes, chain intact; C3: every export taken meanwhile is whole; C4: real
processes from four shells all succeed.
"""

import os
from datetime import date

import pytest

from fscli.clock import FixedClock
from tests.conftest import BACKEND, TODAY, rows
from tests.processes import SPAWN, receive, watchdog

pytestmark = pytest.mark.harness  # a reliability harness (concurrency): skip with -m "not harness" for a quick run

WRITERS = 8
WRITES_EACH = int(os.environ.get("FSCLI_WRITES_EACH", "200" if BACKEND == "sqlite" else "100"))  # a server round trip per statement: half on PostgreSQL in CI


def _writer(url: str, number: int, results, ready) -> None:
    """WRITES_EACH commands, each its own transaction, in a cycle of five: open a case (reading the
    next FS- number), add the child, add a goal, score it, log a visit with the child seen."""
    from fscli.domain.dates import When
    from fscli.errors import FscliError
    from fscli.services.cases import open_case
    from fscli.services.contacts import log_visit
    from fscli.services.goals import add_goal, score_goal
    from fscli.services.people import add_person
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.uow import run

    watchdog()
    database = Database(locate(url), busy_timeout_ms=30_000)
    clock = FixedClock.on(TODAY)
    done = failed = 0
    ref = goal = None
    ready.wait(timeout=120)  # all eight imported and set up: they start writing together

    for i in range(WRITES_EACH):
        step = i % 5
        try:
            if step == 0:
                ref = run(database, clock, f"Worker {number}", lambda uow: open_case(uow, family=f"Family {number}-{i}", referred_on=date(2026, 11, 2), source="1A", reason="load", worker=f"Worker {number}")).ref
            elif step == 1:
                run(database, clock, f"Worker {number}", lambda uow: add_person(uow, ref, "Robin", role="child", dob=date(2018, 5, 1), due=None, sex=None, relationship=None))
            elif step == 2:
                goal = run(database, clock, f"Worker {number}", lambda uow: add_goal(uow, ref, "Calmer mornings", person=None, area=None, outcome=None, scale="0-10", areas=[])).name
            elif step == 3:
                run(database, clock, f"Worker {number}", lambda uow: score_goal(uow, goal, "4", by="worker", on=date(2026, 11, 20), note=None, next_step=None, phase=None, corrects=None))
            else:
                run(database, clock, f"Worker {number}", lambda uow: log_visit(uow, ref, kind="home-visit", when=When(date(2026, 11, 21)), duration=None, with_=[], seen=["Robin"], alone=[], bedroom=[],
                                                                                unannounced=False, where=None, note="seen at home", pre_referral=False, again=True))  # fmt: skip
            done += 1
        except FscliError:
            failed += 1
    results.put((done, failed))


def _exporter(url: str, folder: str, stop, results) -> None:
    """The nightly export, run again and again while the writers work (C3): each export must be one
    snapshot, with no row pointing at a row it lacks and every command whole (its rows and its
    audit row both, or neither)."""
    import json
    import shutil
    from datetime import datetime, timezone
    from pathlib import Path

    from fscli.services.export import export
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.schema import TABLES

    watchdog()
    database = Database(locate(url))
    exports = dangling = torn = 0
    while not stop.is_set():
        out = Path(folder) / f"export-{exports}"
        export(database, out, fmt="ndjson", since=None, tables=list(TABLES), replace=False, now=datetime.now(timezone.utc))
        table = {name: [json.loads(line) for line in (out / f"{name}.ndjson").read_text().splitlines()] for name in ("cases", "person", "goal", "goal_score", "contact", "contact_party", "audit")}
        ids = {name: {r["id"] for r in found} for name, found in table.items()}
        dangling += sum(r["case_id"] not in ids["cases"] for name in ("person", "goal", "contact") for r in table[name])
        dangling += sum(r["goal_id"] not in ids["goal"] for r in table["goal_score"]) + sum(r["contact_id"] not in ids["contact"] for r in table["contact_party"])
        actions = [r["action"] for r in table["audit"]]
        whole = {"case.open": "cases", "person.add": "person", "goal.add": "goal", "goal.score": "goal_score", "visit.log": "contact"}
        torn += sum(actions.count(action) != len(table[name]) for action, name in whole.items())
        exports += 1
        shutil.rmtree(out)
        stop.wait(0.05)  # a nightly job, not a busy loop: leave the cores to the writers
    results.put((exports, dangling, torn))


def test_eight_writers_lose_nothing_and_every_export_meanwhile_is_whole(cli, db_path, tmp_path):
    """C1 and C3: eight writers of read-then-write commands and a continuous exporter."""
    url = str(db_path)
    results, exported, stop = SPAWN.Queue(), SPAWN.Queue(), SPAWN.Event()
    exporter = SPAWN.Process(target=_exporter, args=(url, str(tmp_path), stop, exported))
    exporter.start()
    ready = SPAWN.Barrier(WRITERS)
    writers = [SPAWN.Process(target=_writer, args=(url, n, results, ready)) for n in range(WRITERS)]
    for process in writers:
        process.start()
    outcomes = [receive(results, writers, timeout=300) for _ in writers]
    for process in writers:
        process.join(timeout=60)
    stop.set()
    exports, dangling, torn = receive(exported, [exporter], timeout=120)
    exporter.join(timeout=60)

    total = WRITERS * WRITES_EACH
    cases = total // 5
    assert [failed for _, failed in outcomes] == [0] * WRITERS
    assert sum(done for done, _ in outcomes) == total
    refs = [r[0] for r in rows(db_path, "SELECT ref FROM cases ORDER BY ref")]
    assert refs == [f"FS-{n:04d}" for n in range(1, cases + 1)]  # none lost, none twice, no gaps
    goals = [r[0] for r in rows(db_path, "SELECT id FROM goal ORDER BY id")]
    assert len(goals) == len(set(goals)) == cases
    for table in ("person", "goal_score", "contact"):
        assert rows(db_path, f"SELECT count(*) FROM {table}") == [(cases,)], table  # noqa: S608 - fscli's own names
    assert rows(db_path, "SELECT count(*) FROM audit") == [(total,)]
    print(f"\n[concurrency] {WRITERS} writers x {WRITES_EACH} commands: {total} acknowledged, 0 lost, 0 busy; {exports} exports meanwhile: {dangling} dangling references, {torn} torn commands")
    assert exports > 0 and dangling == 0 and torn == 0
    check = cli("db", "check")
    assert check.code == 0 and f"audit chain: {total} rows verified" in check.out
    assert os.environ["FSCLI_DB"] == url


def _deferred_writer(url: str, number: int, writes: int, results, ready) -> None:
    """The same writer on SQLite's default (deferred) transactions: the bug the harness must see."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.pool import NullPool

    from fscli.errors import FscliError
    from fscli.services.cases import open_case
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.uow import run

    class Deferred(Database):
        def engine(self, *, write: bool, foreign_keys: bool = True):
            engine = create_engine("sqlite://", creator=lambda: self._sqlite_connect(mode="rw", foreign_keys=foreign_keys), poolclass=NullPool)
            event.listen(engine, "begin", lambda conn: conn.exec_driver_sql("BEGIN"))
            return engine

    watchdog()
    database = Deferred(locate(url), busy_timeout_ms=30_000)
    clock = FixedClock.on(TODAY)
    done = failed = 0
    ready.wait(timeout=120)
    for i in range(writes):
        try:
            run(database, clock, f"Worker {number}", lambda uow: open_case(uow, family=f"Family {number}-{i}", referred_on=date(2026, 11, 2), source="1A", reason="load"))
            done += 1
        except FscliError:
            failed += 1
    results.put((done, failed))


@pytest.mark.sqlite_only(reason="the negative control takes away SQLite's BEGIN IMMEDIATE; PostgreSQL writers queue on an advisory lock instead")
def test_the_harness_sees_the_bug_when_writes_begin_deferred(db_path):
    """Negative control (C1): without BEGIN IMMEDIATE the same eight writers fail or lose writes,
    so the passing test above is evidence, not luck."""
    results = SPAWN.Queue()
    ready = SPAWN.Barrier(WRITERS)
    writers = [SPAWN.Process(target=_deferred_writer, args=(str(db_path), n, 50, results, ready)) for n in range(WRITERS)]
    for process in writers:
        process.start()
    outcomes = [receive(results, writers, timeout=300) for _ in writers]
    for process in writers:
        process.join(timeout=60)
    failed = sum(f for _, f in outcomes)
    stored = rows(db_path, "SELECT count(*) FROM cases")[0][0]
    print(f"\n[negative control] {WRITERS} deferred writers x 50: {failed} commands failed busy, {WRITERS * 50 - failed - stored} acknowledged writes lost")
    assert failed > 0 or stored < WRITERS * 50 - failed


SHELL_WRITES = int(os.environ.get("FSCLI_SHELL_WRITES", "10" if BACKEND == "sqlite" else "5"))  # the long run: 25 each (C4); a write process costs ~0.6 s of CPU


def test_four_shells_writing_at_once_through_the_real_command(cli, db_path):
    """C4: four terminals, each running `fscli case open` as fast as it can."""
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    def shell(number: int) -> list[int]:
        codes = []
        for i in range(SHELL_WRITES):
            done = subprocess.run([sys.executable, "-m", "fscli", "case", "open", f"Shell {number} family {i}", "--referred", "02/11/2026", "--source", "1A", "--reason", "load"],
                                  capture_output=True, text=True, timeout=120, env=os.environ.copy())  # fmt: skip
            assert "Traceback" not in done.stderr, done.stderr
            codes.append(done.returncode)
        return codes

    with ThreadPoolExecutor(4) as pool:
        codes = [code for run in pool.map(shell, range(4)) for code in run]
    total = 4 * SHELL_WRITES
    assert codes == [0] * total
    assert [r[0] for r in rows(db_path, "SELECT ref FROM cases ORDER BY ref")] == [f"FS-{n:04d}" for n in range(1, total + 1)]
    assert rows(db_path, "SELECT count(*) FROM audit WHERE action = 'case.open'") == [(total,)]
    print(f"\n[shells] 4 shells x {SHELL_WRITES} 'fscli case open': {codes.count(0)} of {total} exit 0, {total} cases, {total} audit rows")
