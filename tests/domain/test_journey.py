"""The journey's rules as plain functions: no database, just dates and plans."""

from datetime import date

from fscli.domain import journey
from fscli.domain.journey import Child, OpenPlan
from fscli.domain.workdays import WorkingCalendar

CALENDAR = WorkingCalendar.of([date(2025, 12, 25), date(2025, 12, 26)])

LILY = Child("Lily Hart", date(2017, 2, 14), None)


def test_transitions_are_said_the_way_workers_say_them():
    assert journey.transition("cin", "cp") == "stepped up from CIN to CP"
    assert journey.transition("cin", "early-help") == "stepped down from CIN to Early Help"
    assert journey.transition("cp", "cla") == "stepped up from CP to CLA"
    assert journey.transition("cla", "cin") == "stepped down from CLA to CIN"


def test_a_cp_plan_needs_a_category_and_the_icpc_day_or_a_reason():
    icpc = [date(2026, 11, 17)]
    assert journey.check_plan_start("cp", date(2026, 11, 17), child=LILY, open_plans=[], category="NEG", icpc_dates=icpc, reason=None) == []
    problems = journey.check_plan_start("cp", date(2026, 11, 18), child=LILY, open_plans=[], category=None, icpc_dates=icpc, reason=None)
    assert [p.field for p in problems] == ["--category", "--start"]
    assert "the ICPC was on 17/11/2026" in problems[1].message
    assert journey.check_plan_start("cp", date(2026, 11, 18), child=LILY, open_plans=[], category="NEG", icpc_dates=icpc, reason="ICPC reconvened") == []


def test_plans_of_a_kind_do_not_overlap_and_steps_do_not_go_back_in_time():
    cin = [OpenPlan("cin", date(2026, 7, 20))]
    assert "already has an open CIN plan" in journey.check_plan_start("cin", date(2026, 8, 1), child=LILY, open_plans=cin, category=None, icpc_dates=[], reason=None)[0].message
    assert "is before Lily Hart's CIN plan began" in journey.check_plan_start("early-help", date(2026, 7, 1), child=LILY, open_plans=cin, category=None, icpc_dates=[], reason=None)[0].message
    assert journey.check_plan_start("early-help", date(2026, 10, 19), child=LILY, open_plans=cin, category=None, icpc_dates=[], reason=None) == []
    assert "only a CP plan has a category" in journey.check_plan_start("cin", date(2026, 8, 1), child=LILY, open_plans=[], category="NEG", icpc_dates=[], reason=None)[0].message


def test_reunification_goes_with_a_looked_after_episode():
    assert journey.check_plan_start("reunification", date(2026, 7, 6), child=LILY, open_plans=[OpenPlan("cla", date(2026, 6, 22))], category=None, icpc_dates=[], reason=None) == []
    assert "has no open CLA plan" in journey.check_plan_start("reunification", date(2026, 7, 6), child=LILY, open_plans=[], category=None, icpc_dates=[], reason=None)[0].message


def test_assessment_factors_follow_the_census_rules():
    assert journey.check_factors("2b, 3B 2B", outcome="cin", year=2027) == (["2B", "3B"], [])
    assert journey.check_factors("21", outcome="nfa", year=2027) == (["21"], [])
    assert "goes with an outcome that closes the case after the assessment" in journey.check_factors("21", outcome="cin", year=2027)[1][0].message
    assert "only valid until 2023-24" in journey.check_factors("18A", outcome="cin", year=2027)[1][0].message
    assert "DfE rule 8897Q" in journey.check_factors(" ", outcome="cin", year=2027)[1][0].message


def test_factor_21_goes_with_early_help_as_the_dfe_allows_it_rc9_and_never_with_other_factors():
    """8873Q: one assessment with factor 21 closes RC8 or RC9 (referred to Early Help); 8869: 21 alone."""
    assert journey.check_factors("21", outcome="early-help", year=2027) == (["21"], [])
    (cin,) = journey.check_factors("21", outcome="cin", year=2027)[1]
    assert "--outcome nfa (RC8) or early-help (RC9), not cin (DfE query 8873Q)" in cin.message
    (mixed,) = journey.check_factors("21,2B", outcome="nfa", year=2027)[1]
    assert "cannot be given with other factors (DfE rule 8869)" in mixed.message and "give 21 alone" in (mixed.hint or "")


def test_an_assessment_completed_without_factors_is_told_what_to_type():
    (missing,) = journey.check_factors(None, outcome="cin", year=2027)[1]
    assert missing.value is None and "DfE rule 8897Q" in missing.message
    assert "add --factors CODES, e.g. --factors 2B,3B, or --factors 21 when it found none" in (missing.hint or "")


def test_icpc_dates():
    start = date(2026, 11, 2)
    assert journey.check_icpc(date(2026, 11, 17), s47_start=start, today=date(2026, 11, 23), calendar=CALENDAR) == []
    assert "Sunday" in journey.check_icpc(date(2026, 11, 22), s47_start=start, today=date(2026, 11, 23), calendar=CALENDAR)[0].message
    assert "has not happened yet" in journey.check_icpc(date(2026, 11, 24), s47_start=start, today=date(2026, 11, 23), calendar=CALENDAR)[0].message
    assert "is before the strategy discussion" in journey.check_icpc(date(2026, 10, 30), s47_start=start, today=date(2026, 11, 23), calendar=CALENDAR)[0].message


def test_an_icpc_is_never_on_a_bank_holiday():
    (problem,) = journey.check_icpc(date(2025, 12, 26), s47_start=date(2025, 12, 1), today=date(2026, 11, 23), calendar=CALENDAR)
    assert problem.line().startswith("--icpc '26/12/2025': is a bank holiday")
    assert journey.check_icpc(date(2025, 12, 29), s47_start=date(2025, 12, 1), today=date(2026, 11, 23), calendar=CALENDAR) == []


def test_nothing_happens_after_a_childs_death():
    child = Child("Aisha Begum", date(2025, 5, 23), date(2026, 10, 1))
    problems = journey.within_case("--date", date(2026, 10, 2), referred=date(2026, 5, 25), today=date(2026, 11, 23), child=child, what="an assessment")
    assert problems[0].message == "an assessment cannot be after Aisha Begum's death (01/10/2026)"


def test_child_ids_are_what_the_census_accepts():
    assert journey.child_id(42) == "FSC000042"
    assert journey.check_child_id("LA77123") == []
    assert journey.check_child_id("FS-0001") and journey.check_child_id("x" * 21) and journey.check_child_id("FSC000001")
