"""The CIN return's problems before a file is written (domain/census_checks.py): each DfE rule
--check names, with a child who breaks it and the same child once what it asks is recorded.
The year is 2025-26; no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from fscli.domain.census import Assessment, Enquiry, Plan, census_return
from fscli.domain.census_checks import census_problems
from tests.domain import test_census
from tests.domain.test_census import YEAR, episode


def child(*episodes, **facts):
    """A school-age child whose UPN is unknown for a reason (UN3), so that 8770Q is not what each row finds."""
    return replace(test_census.child(*episodes, **facts), upn_unknown="UN3")

ASSESSED = Assessment(date(2025, 9, 1), date(2025, 10, 6), ("3B",))
AFTER = date(2026, 5, 6)  # checked after the year ended, as the return is written


def rules(facts) -> list[str]:
    """The rules the child's own return breaks (a whole return's query, 2887Q, is tested below)."""
    return [p.rule for p in census_problems(census_return([facts], YEAR), AFTER) if p.case_ref]


# (rule, the fault, the same child with it put right). Each fault was written out and given to the
# DfE's validator, which found the rule and nothing once it was put right; except 8869 (factor 21
# with others), which its XML reader never finds (it holds an assessment's factors as a list, and
# the rule compares the list with "21"): --check finds it, as the DfE's specification has it.
FAULTS = [
    ("8610", child(episode(date(2025, 9, 1), need=None), assessments=(ASSESSED,)),
     child(episode(date(2025, 9, 1), need="N4"), assessments=(ASSESSED,))),
    ("8831", child(episode(date(2025, 9, 1), nfa=True), assessments=(ASSESSED,)),
     child(episode(date(2025, 9, 1), nfa=False), assessments=(ASSESSED,))),
    ("8736", child(episode(date(2024, 12, 2)), assessments=(Assessment(date(2025, 2, 10), None, ()),)),
     child(episode(date(2024, 12, 2)), assessments=(Assessment(date(2025, 2, 10), date(2025, 4, 14), ("3B",)),))),
    ("8897Q", child(episode(date(2025, 9, 1)), assessments=(replace(ASSESSED, factors=()),)),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,))),
    ("8869", child(episode(date(2025, 9, 1)), assessments=(replace(ASSESSED, factors=("21", "3B")),)),
     child(episode(date(2025, 9, 1), date(2025, 12, 1), "RC8"), assessments=(replace(ASSESSED, factors=("21",)),))),
    ("8867", child(episode(date(2025, 9, 1), date(2025, 12, 1), "RC7"), assessments=(Assessment(date(2025, 9, 1), None, ()),)),
     child(episode(date(2025, 9, 1), date(2025, 12, 1), "RC7"), assessments=(ASSESSED,))),
    ("8740", child(episode(date(2024, 12, 2)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 3, 10), None, False),)),
     child(episode(date(2024, 12, 2)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 3, 10), None, True),))),
    ("8868", child(episode(date(2025, 9, 1), date(2025, 12, 1), "RC7"), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), None, False),)),
     child(episode(date(2025, 9, 1), date(2025, 12, 1), "RC7"), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), None, True),))),
    ("8875", child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 27), False),),
                   plans=(Plan("cp", date(2025, 9, 27), None, ((date(2025, 9, 27), "NEG"),)),)),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
           plans=(Plan("cp", date(2025, 9, 26), None, ((date(2025, 9, 26), "NEG"),)),))),
    ("2885", child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
                   plans=(Plan("cp", date(2025, 9, 29), None, ((date(2025, 9, 29), "NEG"),)),)),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
           plans=(Plan("cp", date(2025, 9, 26), None, ((date(2025, 9, 26), "NEG"),)),))),
    ("4001", child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
                   plans=(Plan("cin", date(2025, 9, 10), None), Plan("cp", date(2025, 9, 26), None, ((date(2025, 9, 26), "NEG"),)))),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
           plans=(Plan("cin", date(2025, 9, 10), date(2025, 9, 26)), Plan("cp", date(2025, 9, 26), None, ((date(2025, 9, 26), "NEG"),))))),
    ("8770Q", test_census.child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), dob=date(2015, 5, 1)),
     replace(test_census.child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), dob=date(2015, 5, 1)), upn_unknown="UN3")),
    ("1510", replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,)), upn="R938123456789"),
     replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,)), upn="V938123456789")),
    ("8530Q", child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), dob=None, due=date(2027, 2, 1)),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), dob=None, due=date(2026, 5, 1))),
    ("2991Q", child(episode(date(2025, 9, 1)), enquiries=(Enquiry(date(2025, 9, 8), None, True),)),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), None, True),))),
    ("8873Q", child(episode(date(2025, 9, 1), date(2025, 12, 1), "RC7"), assessments=(replace(ASSESSED, factors=("21",)),)),
     child(episode(date(2025, 9, 1), date(2025, 12, 1), "RC8"), assessments=(replace(ASSESSED, factors=("21",)),))),
    ("4008", replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), plans=(Plan("cin", date(2025, 10, 7), None),)), died_on=date(2025, 10, 6)),
     replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), plans=(Plan("cin", date(2025, 10, 6), None),)), died_on=date(2025, 10, 6))),
    ("8915", replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
                           plans=(Plan("cp", date(2025, 9, 26), None, ((date(2025, 9, 26), "NEG"),)),)), died_on=date(2025, 9, 25)),
     replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
                   plans=(Plan("cp", date(2025, 9, 26), None, ((date(2025, 9, 26), "NEG"),)),)), died_on=date(2025, 9, 26))),
    ("8920", replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
                           plans=(Plan("cp", date(2025, 9, 26), date(2025, 11, 3), ((date(2025, 9, 26), "NEG"),)),)), died_on=date(2025, 11, 1)),
     replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),),
                   plans=(Plan("cp", date(2025, 9, 26), date(2025, 11, 1), ((date(2025, 9, 26), "NEG"),)),)), died_on=date(2025, 11, 1))),
    ("8670Q", child(episode(date(2026, 1, 5)), assessments=(Assessment(date(2026, 1, 5), None, ()),)),
     child(episode(date(2026, 1, 5)), assessments=(Assessment(date(2026, 1, 5), date(2026, 3, 2), ("3B",)),))),
    ("8675Q", child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2026, 3, 2), None, False),)),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2026, 3, 2), date(2026, 3, 20), False),))),
    ("1530", replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,)), upn="C999000178301"),
     replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,)), upn="D938000178301")),
    ("1550", replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,)), upn="X93812345678I"),
     replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,)), upn="X93812345678A")),
    ("4180", child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), sex=None),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), sex="M")),
    ("8905", child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),), plans=(Plan("cp", date(2025, 9, 26), None),)),
     child(episode(date(2025, 9, 1)), assessments=(ASSESSED,), enquiries=(Enquiry(date(2025, 9, 8), date(2025, 9, 26), False),), plans=(Plan("cp", date(2025, 9, 26), None, ((date(2025, 9, 26), "PHY"),)),))),
]  # fmt: skip


@pytest.mark.parametrize(("rule", "fault", "fixed"), FAULTS, ids=[f[0] for f in FAULTS])
def test_check_names_the_dfe_rule_and_is_clean_once_it_is_put_right(rule, fault, fixed):
    assert rule in rules(fault)
    assert rules(fixed) == []


def test_each_problem_says_whose_it_is_which_episode_and_what_to_record():
    (problem,) = [p for p in census_problems(census_return([FAULTS[0][1]], YEAR), AFTER) if p.case_ref]
    assert (problem.case_ref, problem.child, problem.episode, problem.query) == ("FS-0001", "Lily Hart", date(2025, 9, 1), False)
    assert "no primary need" in problem.problem and problem.fix.startswith("fscli case referral FS-0001 --need")


def test_a_fact_written_in_its_place_is_a_note_to_check_not_a_dfe_query():
    """NOBT is a census code the DfE accepts: what fscli wrote in a fact's place is said, to check,
    and counted as neither an error nor one of the DfE's queries."""
    facts = replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,)), ethnicity=None)
    (problem,) = [p for p in census_problems(census_return([facts], YEAR), AFTER) if p.case_ref]
    assert problem.note and not problem.query and not problem.error and "NOBT" in problem.problem


def test_a_child_held_back_by_a_missing_date_of_birth_has_every_other_problem_listed_the_blocking_first():
    """With no date of birth the child cannot be written; the worker still learns at once of the
    referral with no primary need and the assessment with no factors, not one problem a time."""
    facts = child(episode(date(2025, 9, 1), need=None), assessments=(replace(ASSESSED, factors=()),), dob=None)
    found = [p for p in census_problems(census_return([facts], YEAR), AFTER) if p.case_ref]
    assert (found[0].rule, found[0].error) == ("8525Q", True) and "neither a date of birth nor an expected date of birth" in found[0].problem
    assert [p.rule for p in found[1:]] == ["8610", "8897Q"]
    assert not census_return([facts], YEAR).children  # still not written


def test_a_child_with_neither_a_date_of_birth_nor_a_sex_has_both_listed_at_once():
    """Only an unborn child (an expected date) is written with sex U: a child with no date at all
    still needs their sex, and the worker learns of both in one check."""
    found = [p.rule for p in census_problems(census_return([replace(child(episode(date(2025, 9, 1))), dob=None, sex=None)], YEAR), AFTER) if p.case_ref]
    assert found[:2] == ["8525Q", "4180"]


@pytest.mark.parametrize(("rule", "today", "asked"), [("8670Q", date(2025, 12, 1), False), ("8670Q", date(2026, 3, 10), True), ("8675Q", date(2026, 3, 9), False), ("8675Q", date(2026, 3, 24), True)])
def test_open_work_past_its_working_days_is_asked_about_while_the_year_runs_once_it_is_late(rule, today, asked):
    """While the year runs, 8670Q (45 working days) and 8675Q (15) are counted to today: work
    begun recently is not yet late, and is not asked about; after 31 March, to the reference date."""
    fault = next(f for r, f, _ in FAULTS if r == rule)
    found = [p for p in census_problems(census_return([fault], YEAR), today) if p.rule == rule]
    assert bool(found) == asked and all(p.query and "if it" in p.problem for p in found)


@pytest.mark.parametrize("rule", ["8736", "8740"])
def test_work_begun_before_a_running_year_and_still_open_is_to_finish_by_31_march_not_yet_an_error(rule):
    """On 1 April an assessment or enquiry begun in March is weeks old: the return is written after
    31 March, so --check asks for it to be finished by then (a query), and errors once the year is over."""
    fault = next(f for r, f, _ in FAULTS if r == rule)
    (early,) = [p for p in census_problems(census_return([fault], YEAR), date(2025, 4, 1)) if p.rule == rule]
    assert early.query and "finish it by 31/03/2026, or the return will fail" in early.problem
    (late,) = [p for p in census_problems(census_return([fault], YEAR), date(2026, 3, 31)) if p.rule == rule]
    assert not late.query


def test_a_referral_not_yet_decided_is_not_further_action_without_a_need():
    """A referral made yesterday, waiting for its decision: no primary need yet is not 8610; the
    return's note asks for the decision. Decided for further action, the need is wanted."""
    waiting = child(replace(episode(date(2025, 9, 1), need=None), decided=False))
    assert rules(waiting) == [""]  # the note: not decided yet, written as ReferralNFA 0
    decided = child(episode(date(2025, 9, 1), need=None))
    assert "8610" in rules(decided)


def test_a_council_size_return_using_fewer_than_8_disability_codes_is_asked_about_once():
    """2887Q: asked of a return of 100 children or more (a council's); a team's small part is not asked."""
    codes = ["MOB", "HAND", "NONE"]
    few = [replace(child(episode(date(2025, 9, 1)), assessments=(ASSESSED,)), child_id=f"C{n}", case_ref=f"FS-{n:04d}", disabilities=(codes[n % 3],)) for n in range(100)]
    (asked,) = [p for p in census_problems(census_return(few, YEAR), AFTER) if p.rule == "2887Q"]
    assert asked.query and asked.case_ref == "" and "uses 2 disability codes" in asked.problem
    assert "2887Q" not in [p.rule for p in census_problems(census_return(few[:99], YEAR), AFTER)]
    more = ["PC", "INC", "COMM", "LD", "HEAR", "VIS"]
    many = [replace(c, disabilities=(more[n % 6],)) if n < 6 else c for n, c in enumerate(few)]
    assert "2887Q" not in [p.rule for p in census_problems(census_return(many, YEAR), AFTER)]


def test_a_cp_plan_off_its_icpcs_day_is_named_with_the_icpcs_date_and_the_correction_to_type():
    fault = next(f for r, f, _ in FAULTS if r == "2885")
    numbered = replace(fault, plans=tuple(replace(p, ident=12) for p in fault.plans))
    (problem,) = [p for p in census_problems(census_return([numbered], YEAR), AFTER) if p.rule == "2885"]
    assert problem.problem == "the CP plan P12 from 29/09/2025 does not start on the day of its ICPC: the ICPC was on 26/09/2025"
    assert problem.fix.startswith("a CP plan starts on its ICPC's day: fscli correct plan P12 --start 26/09/2025 --reason TEXT")
