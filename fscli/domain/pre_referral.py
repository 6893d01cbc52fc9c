"""History from before the referral: care, plans and meetings that predate the case.

A family is often known for years before this service is asked in (a child in care since before
the referral, LAC reviews already held). The worker records them as history by saying so
(`--pre-referral`); they then drive the clocks from their true dates. Without it, a date before
the referral is a typing mistake until the worker says otherwise.
"""

from __future__ import annotations

from datetime import date

from fscli.domain.dates import british
from fscli.domain.problems import Problem

OPTION = "--pre-referral"
SHOWN_AS = "before the referral"


def not_before_referral(field: str, day: date, *, referred: date, what: str) -> list[Problem]:
    """For what cannot be history (an assessment, a section 47 enquiry): nothing before the referral."""
    if day < referred:
        return [Problem(field, british(day), f"{what} cannot be before the referral ({british(referred)})")]
    return []


def check_referral_date(field: str, day: date, *, referred: date, pre_referral: bool, what: str) -> list[Problem]:
    """For commands that offer --pre-referral (and only those: its hint names it, and
    tests/cli/test_hints.py holds every command that can show it to having it): a date before the
    referral needs --pre-referral; --pre-referral needs a date before it."""
    if day < referred and not pre_referral:
        return [Problem(field, british(day), f"{what} cannot be before the referral ({british(referred)})", f"if it happened before the referral, record it as history with {OPTION}")]
    if day >= referred and pre_referral:
        return [Problem(OPTION, british(day), f"is not before the referral ({british(referred)})", f"leave out {OPTION}")]
    return []


def is_before_referral(day: date | None, referred: date | None) -> bool:
    return day is not None and referred is not None and day < referred
