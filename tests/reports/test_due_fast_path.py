"""The council's morning list made fast (issue 27) lists exactly what the rules listed before.

The fast path (the profile's answers worked out once a list, the items past the window left out
before sorting, dates read once, TSV rows written whole) is held to the rules as they were
(tests/domain/due_reference.py), on the sample caseload and on a small generated council, on
several mornings, for the whole caseload and for one worker.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest

from fscli.bank_holidays import england_and_wales
from fscli.domain import subject_access
from fscli.domain.due import due_items
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar
from fscli.reports.due import Scope, case_facts, owned_items
from fscli.store.db import Database
from fscli.store.location import locate
from tests.conftest import BACKEND, ROOT_DIR
from tests.domain.due_reference import reference_due_items

PROFILE = Profile.default()
CALENDAR = WorkingCalendar.of(england_and_wales(None))
MORNINGS = (date(2026, 11, 23), date(2026, 12, 24), date(2027, 3, 1), date(2026, 6, 1))


def same_items(location: str, today: date, scope: Scope) -> int:
    """The fast path's items, whole and within a fortnight, against the reference rules on the same facts."""
    database = Database(locate(location))
    try:
        with database.reader() as reader:
            facts = case_facts(reader, scope, today, [])
            expected = reference_due_items(facts, PROFILE, CALENDAR, today)
            assert due_items(facts, PROFILE, CALENDAR, today) == expected
            horizon = today + timedelta(days=14)
            assert due_items(facts, PROFILE, CALENDAR, today, until=horizon) == [i for i in expected if i.due_on <= horizon]
            listed = owned_items(reader, scope, PROFILE, CALENDAR, today, until=horizon)
            assert [i for i in listed if i.case_id and i.rule not in subject_access.RULES] == [i for i in expected if i.due_on <= horizon and (not scope.worker or scope.worker in (i.worker, i.booked_by))]
    finally:
        database.dispose()
    return len(expected)


@pytest.mark.parametrize("today", MORNINGS)
def test_the_sample_caseloads_list_is_the_one_the_rules_made(cli, tmp_path, today):
    assert cli("demo").code == 0
    demo = str(next((tmp_path / "xdg_data_home").rglob("demo.db")))
    assert same_items(demo, today, Scope()) > 10
    same_items(demo, today, Scope(worker="Sam Okafor"))


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    if BACKEND == "postgresql":
        pytest.skip("the generated council is made on SQLite here; benchmarks/due.py measures a server")
    path = tmp_path_factory.mktemp("council") / "council.db"
    subprocess.run([sys.executable, str(ROOT_DIR / "benchmarks" / "generate.py"), str(path), "--cases", "400", "--contacts-per-case", "8"], check=True, stdout=subprocess.DEVNULL)
    return str(path)


@pytest.mark.parametrize("today", MORNINGS)
def test_a_generated_councils_list_is_the_one_the_rules_made(council, today):
    assert same_items(council, today, Scope()) > 100
    same_items(council, today, Scope(worker="Worker 001"))


def test_the_councils_bookings_ahead_are_read_from_their_index_alone(council, monkeypatch):
    """The statement reading the bookings ahead is answered by ix_planned_visit_ahead (0015) without
    the table: a column the list comes to read must be added to that index too."""
    from fscli.store.db import Reader

    statements = []
    tuples = Reader.tuples

    def kept(reader, sql, params=None):
        statements.append((sql, params))
        return tuples(reader, sql, params)

    monkeypatch.setattr(Reader, "tuples", kept)
    database = Database(locate(council))
    try:
        with database.reader() as reader:
            owned_items(reader, Scope(), PROFILE, CALENDAR, MORNINGS[0], until=MORNINGS[0] + timedelta(days=14))
            [(sql, params)] = [(s, p) for s, p in statements if "FROM planned_visit v WHERE v.on_date >= :today" in s]
            plan = [r["detail"] for r in reader.rows("EXPLAIN QUERY PLAN " + sql, params)]
    finally:
        database.dispose()
    assert plan == ["SEARCH v USING COVERING INDEX ix_planned_visit_ahead (on_date>?)"]
