"""Which cases are time-limited work, and which of those are past their target or limit.

One rule for every view that counts them: the closures list (reports/due.py, on each case's facts
by domain/due.py's is_family_support) and the indicators' "open past 12 / 16 weeks"
(reports/indicators.py, in the same rule's SQL rendered here). Work
is time-limited (Early Help, CIN, edge of care, reunification) unless the case has a CP or CLA plan
open, an s47 enquiry awaiting its conference, or a referral still awaiting its decision:
CP and CLA work ends when a conference or a court says so, not at a target date.
"""

from __future__ import annotations

from datetime import date

from fscli.domain.due import OPEN_ENDED_PLANS
from fscli.domain.live_rows import live_sql
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar

TARGET, LIMIT = "target-closure", "closure-limit"  # the profile's rules (domain/timescales.py)
WHOM = ("time-limited work (Early Help, CIN, edge of care, reunification): not a case with a CP or CLA plan open,"
        " an s47 enquiry awaiting its conference, or a referral awaiting its decision")  # fmt: skip


def time_limited_sql(case: str, due: str, day: str) -> str:
    """SQL: case `case` (with its derived facts `due`, store/derived.py) was in time-limited work on
    `day`, as due.is_family_support says of an open case today: no CP or CLA plan open that day, no s47
    enquiry begun by then awaiting its conference, and its work's referral decided (as recorded
    now: a case decided since `day` counts as decided then, work begun after `day` as earlier work)."""
    kinds = ", ".join(f"'{kind}'" for kind in OPEN_ENDED_PLANS)
    return (f"NOT EXISTS (SELECT 1 FROM plan tp WHERE tp.case_id = {case}.id AND tp.kind IN ({kinds}) AND tp.start_on <= {day}"
            f" AND (tp.end_on IS NULL OR tp.end_on > {day}) AND {live_sql('plan', 'tp')})"
            f" AND NOT EXISTS (SELECT 1 FROM s47 ts WHERE ts.case_id = {case}.id AND ts.start_on <= {day} AND ts.icpc_not_required = 0"
            f" AND (ts.icpc_on IS NULL OR ts.icpc_on > {day}))"
            f" AND (coalesce({due}.decided, 1) = 1 OR {due}.opened_on > {day})")  # fmt: skip


def past(rule: str, began: date, day: date, profile: Profile, calendar: WorkingCalendar) -> bool:
    """Work begun on `began` is past the profile's `rule` (target-closure, closure-limit) on `day`."""
    return day > profile.interval(rule).after(began, calendar)


def began_before(rule: str, day: date, profile: Profile, calendar: WorkingCalendar) -> date:
    """The bound for SQL: work begun before the returned date is past `rule` on `day` (as past() says)."""
    return profile.interval(rule).first_start_due_from(day, calendar)
