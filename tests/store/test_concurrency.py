"""Eight writers at once, as a team (or one worker in several terminals plus a nightly job) would.

Each `case open` reads the next FS- number and writes it: the read-then-write race that loses
17.9% of writes under SQLite's default transactions (reliability.md F1). Goal C1 (and C6 on
PostgreSQL): 0 lost, 0 errors surfaced, 0 duplicate references, audit = writes, chain intact.
"""

import multiprocessing
import os
from datetime import date

import pytest

from fscli.clock import FixedClock
from tests.conftest import TODAY, rows

WRITERS = 8
WRITES_EACH = 200


def _writer(url: str, number: int, results) -> None:
    from fscli.errors import FscliError
    from fscli.services.cases import open_case
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.uow import run

    database = Database(locate(url), busy_timeout_ms=30_000)
    clock = FixedClock.on(TODAY)
    done = failed = 0
    for i in range(WRITES_EACH):
        try:
            run(database, clock, f"Worker {number}", lambda uow: open_case(uow, family=f"Family {number}-{i}", referred_on=date(2026, 11, 2), source="1A", reason="load", worker=f"Worker {number}"))
            done += 1
        except FscliError:
            failed += 1
    results.put((done, failed))


def _reader(url: str, stop, results) -> None:
    from fscli.reports.cases import case_list
    from fscli.store.db import Database
    from fscli.store.location import locate

    database = Database(locate(url))
    snapshots = inconsistent = 0
    while not stop.is_set():
        with database.reader() as reader:
            listed = len(case_list(reader, status="all").rows)
            audited = reader.scalar("SELECT count(*) FROM audit WHERE action = 'case.open'")
        snapshots += 1
        inconsistent += listed != audited  # a snapshot sees a command whole, or not at all
    results.put((snapshots, inconsistent))


def test_eight_writers_lose_nothing_and_a_reader_always_sees_whole_commands(cli, db_path):
    url = str(db_path)
    context = multiprocessing.get_context("fork")
    results, reads, stop = context.Queue(), context.Queue(), context.Event()
    reader = context.Process(target=_reader, args=(url, stop, reads))
    reader.start()
    writers = [context.Process(target=_writer, args=(url, n, results)) for n in range(WRITERS)]
    for process in writers:
        process.start()
    outcomes = [results.get(timeout=300) for _ in writers]
    for process in writers:
        process.join(timeout=60)
    stop.set()
    snapshots, inconsistent = reads.get(timeout=60)
    reader.join(timeout=60)

    total = WRITERS * WRITES_EACH
    assert [failed for _, failed in outcomes] == [0] * WRITERS
    assert sum(done for done, _ in outcomes) == total
    refs = [r[0] for r in rows(db_path, "SELECT ref FROM cases ORDER BY ref")]
    assert refs == [f"FS-{n:04d}" for n in range(1, total + 1)]  # none lost, none twice, no gaps
    assert rows(db_path, "SELECT count(*) FROM audit WHERE action = 'case.open'") == [(total,)]
    assert snapshots > 0 and inconsistent == 0
    check = cli("db", "check")
    assert check.code == 0 and f"audit chain: {total} rows verified" in check.out
    assert os.environ["FSCLI_DB"] == url


def _deferred_writer(url: str, number: int, writes: int, results) -> None:
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

    database = Deferred(locate(url), busy_timeout_ms=30_000)
    clock = FixedClock.on(TODAY)
    done = failed = 0
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
    context = multiprocessing.get_context("fork")
    results = context.Queue()
    writers = [context.Process(target=_deferred_writer, args=(str(db_path), n, 50, results)) for n in range(WRITERS)]
    for process in writers:
        process.start()
    outcomes = [results.get(timeout=300) for _ in writers]
    for process in writers:
        process.join(timeout=60)
    failed = sum(f for _, f in outcomes)
    stored = rows(db_path, "SELECT count(*) FROM cases")[0][0]
    print(f"\n[negative control] {WRITERS} deferred writers x 50: {failed} commands failed busy, {WRITERS * 50 - failed - stored} acknowledged writes lost")
    assert failed > 0 or stored < WRITERS * 50 - failed
