"""The CIN census rules a single command can break, in one home for the worker's entry (a warning
as the fact is recorded) and the return's --check (domain/census_checks.py): plain functions, cheap
to import (a write loads none of the return's types)."""

from __future__ import annotations

from datetime import date

SCHOOL_AGE = 6  # rule 8770Q: a child of six or more on the reference date is of school age
NOT_OF_SCHOOL_AGE = "UN1"  # the UPN-unknown reason for a child not of school age
FACTORS_NONE = "21"  # "No factors identified": only alone (rule 8869)
# The assessment outcomes that close the case after it, and the census closure each is (RC8 no
# further action, RC9 referred to Early Help): the only ones factor 21 goes with (query 8873Q).
CLOSED_AFTER_ASSESSMENT = {"nfa": "RC8", "early-help": "RC9"}


def school_age(born: date | None, on: date) -> bool:
    """Six or older on `on` (rule 8770Q's test, on the reference date)."""
    return born is not None and born <= date(on.year - SCHOOL_AGE, on.month, on.day if (on.month, on.day) != (2, 29) else 28)


def upn_wanted(born: date | None, upn: str | None, upn_unknown: str | None, on: date) -> bool:
    """A school-age child with no UPN, nor a reason it is unknown other than 'not of school age' (8770Q)."""
    return school_age(born, on) and upn is None and upn_unknown in (None, NOT_OF_SCHOOL_AGE)


def primary_need_missing(*, nfa: bool, decided: bool, need: str | None) -> bool:
    """A referral decided for further action with no primary need (rule 8610). An undecided one is
    not yet further action."""
    return decided and not nfa and need is None


def primary_need_warning(ref: str) -> str:
    """The worker's line when a referral is decided for further action with no primary need (8610)."""
    return (f"fscli: warning: no primary need yet: the CIN census needs one for a referral that led to further action (DfE rule 8610);"
            f" record it: fscli case referral {ref} --need N1..N9 (see 'fscli codes primary-need')")


def nfa_work_warning(*, ref: str, referred: date, what: str) -> str:
    """The worker's line when work is recorded on a referral decided no further action: the CIN
    return refuses it (rule 8831) until the decision says further action."""
    return (f"fscli: warning: the referral of {referred:%d/%m/%Y} was decided no further action, and {what} on it breaks DfE rule 8831 in the CIN census;"
            f" if it led to further action, record that: fscli case referral {ref} --further-action")


def upn_warnings(*, ref: str, name: str, born: date | None, upn: str | None, upn_unknown: str | None, reference: date) -> list[str]:
    """The worker's line when a child of a statutory case is of school age on the census's reference
    date and has no UPN, nor a reason it is unknown (8770Q): the return will ask."""
    if not upn_wanted(born, upn, upn_unknown, reference):
        return []
    return [f"fscli: warning: {name} is of school age for the CIN census (6 or older on {reference:%d/%m/%Y}) and has no UPN (DfE query 8770Q);"
            f" record it: fscli person set {ref} {name!r} --upn UPN, or why it is unknown: --upn-unknown UN2..UN6 (see 'fscli codes upn-unknown')"]
