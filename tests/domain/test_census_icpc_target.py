"""The return's InitialCPCtarget: 15 working days after the strategy discussion that began the
section 47 enquiry (the "icpc" timescale's statutory default), bank holidays not counted."""

from __future__ import annotations

from datetime import date

from fscli.domain.census import Enquiry, census_return
from fscli.domain.workdays import WorkingCalendar
from tests.domain.test_census import YEAR, child, episode

CHRISTMAS = WorkingCalendar.of([date(2025, 12, 25), date(2025, 12, 26), date(2026, 1, 1)])


def test_an_enquirys_icpc_target_is_15_working_days_on_past_the_bank_holidays():
    facts = child(episode(date(2025, 12, 10)), enquiries=(Enquiry(date(2025, 12, 15), None, False),))
    (written,) = census_return([facts], YEAR, CHRISTMAS).children
    (enquiry,) = written.episodes[0].enquiries
    assert enquiry.icpc_target == date(2026, 1, 8)  # 16-19, 22-24, 29-31 Dec, 2 Jan, 5-8 Jan
    assert enquiry.icpc_target.weekday() < 5  # never a weekend (query 8870Q)
