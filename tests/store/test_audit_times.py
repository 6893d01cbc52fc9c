"""`db check` warns of an audit row dated before the row before it: a clock set back, or a row
written at that moment by something other than fscli (store/audit_times.py)."""

from datetime import datetime, timedelta, timezone

import pytest

from fscli.store.audit_times import TOLERANCE, went_back
from tests.factories import family, ok


def _rows(*minutes: float) -> list[dict]:
    start = datetime(2026, 11, 23, 9, 0, tzinfo=timezone.utc)
    return [{"id": n, "at": (start + timedelta(minutes=m)).isoformat()} for n, m in enumerate(minutes, start=1)]


def test_a_row_dated_well_before_the_row_before_it_is_named_and_a_small_step_back_is_not():
    assert went_back(_rows(0, 1, 0.5, 2)) == ("in order", [])  # NTP put the clock right by half a minute
    summary, found = went_back(_rows(0, 60, 30, 90))
    assert summary == "1 row(s) dated before the row before them"
    assert found == ["audit row 3 is dated 23/11/2026 09:30:00 UTC, 30 minutes before row 2 (23/11/2026 10:00:00 UTC): was the clock set back?"]
    assert went_back(_rows(0, TOLERANCE.total_seconds() / 60, 0))[1] == []  # exactly the tolerance back: still in order


def test_many_rows_back_in_time_are_counted_past_the_first_twenty():
    _, found = went_back(_rows(*[(-30 * n) for n in range(30)]))
    assert len(found) == 21 and found[-1] == "... and 9 more audit rows dated before the row before them"


@pytest.mark.sqlite_only(reason="a team's server dates every audit row by its own clock (tests/store/test_team_server_audit_clock.py)")
def test_db_check_warns_of_a_visit_logged_after_the_laptops_clock_was_set_back_a_day(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-24")
    ref = family(cli)
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-23")  # the clock set back a day
    ok(cli, "diary", "add", ref, "Called school")
    result = ok(cli, "db", "check")
    assert "audit times: 1 row(s) dated before the row before them" in result.out
    (warning,) = [line for line in result.err.splitlines() if line.startswith("fscli: warning: audit row ")]
    assert ", 24 hours before row " in warning and warning.endswith("was the clock set back?"), warning
    assert "passed every check, with 1 warning(s) above" in result.err
