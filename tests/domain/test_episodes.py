"""The rules of episodes of work, with no database: what a step-down, a step-up and a plan may do."""

from datetime import date

from fscli.domain.episodes import ChildPlan, Span, check_assessment_in_episode, check_assessment_outcome, check_plan_in_episode, check_step_down, check_step_up

TODAY = date(2026, 11, 23)
STATUTORY = Span("statutory", date(2026, 5, 25))
EARLY_HELP = Span("early-help", date(2026, 10, 19))


def lines(problems) -> list[str]:
    return [p.line() for p in problems]


def test_a_step_down_after_a_cin_plan_ends_rc7_and_after_an_assessment_rc9():
    cin = [ChildPlan("Max", "cin", date(2026, 7, 20))]
    assert check_step_down("FS-0001", STATUTORY, on=date(2026, 10, 19), today=TODAY, reason="RC7", plans=cin, unfinished=[], assessed=True) == []
    assert check_step_down("FS-0001", STATUTORY, on=date(2026, 7, 13), today=TODAY, reason="RC9", plans=[], unfinished=[], assessed=True) == []
    assert "no single assessment was completed" in lines(check_step_down("FS-0001", STATUTORY, on=TODAY, today=TODAY, reason="RC9", plans=[], unfinished=[], assessed=False))[0]


def test_a_step_down_is_not_a_closure_nor_direct_from_child_protection_or_care():
    found = lines(check_step_down("FS-0001", STATUTORY, on=TODAY, today=TODAY, reason="RC8", plans=[ChildPlan("Max", "cp", date(2026, 11, 2))], unfinished=["Max's s47 from 20/10/2026"], assessed=True))
    assert found[0].startswith("--reason 'RC8': a step-down to Early Help ends the statutory episode with RC9") and "fscli case close FS-0001" in found[0]
    assert "not direct from child protection" in found[1] and "fscli case plan FS-0001 cin --start DATE" in found[1]
    assert found[2].startswith("case 'FS-0001': has statutory work to finish")
    assert "not direct from care" in lines(check_step_down("FS-0001", STATUTORY, on=TODAY, today=TODAY, reason="RC7", plans=[ChildPlan("Max", "cla", date(2026, 1, 5))], unfinished=[], assessed=True))[0]


def test_a_step_down_or_up_happens_inside_its_episode_and_not_ahead_of_today():
    assert "is in an Early Help episode already" in lines(check_step_down("FS-0001", EARLY_HELP, on=TODAY, today=TODAY, reason="RC7", plans=[], unfinished=[], assessed=True))[0]
    assert "is in a statutory episode already" in lines(check_step_up("FS-0001", STATUTORY, on=TODAY, today=TODAY, plans=[]))[0]
    found = lines(check_step_up("FS-0001", EARLY_HELP, on=date(2026, 12, 1), today=TODAY, plans=[]))
    assert found == ["--date '01/12/2026': a step-up cannot be in the future (today is 23/11/2026)"]
    assert "is before the Early Help episode began (19/10/2026)" in lines(check_step_up("FS-0001", EARLY_HELP, on=date(2026, 10, 1), today=TODAY, plans=[]))[0]


def test_a_plan_across_kinds_points_at_the_step_and_a_first_early_help_plan_makes_an_early_help_episode():
    problems, relabel = check_plan_in_episode("FS-0001", STATUTORY, "early-help", stays_statutory=False, statutory_work=True)
    assert "fscli case step-down FS-0001" in lines(problems)[0] and not relabel
    assert check_plan_in_episode("FS-0001", STATUTORY, "early-help", stays_statutory=False, statutory_work=False) == ([], True)
    assert check_plan_in_episode("FS-0001", STATUTORY, "early-help", stays_statutory=True, statutory_work=True) == ([], False)  # a sibling's support
    problems, _ = check_plan_in_episode("FS-0001", EARLY_HELP, "cp", stays_statutory=False, statutory_work=False)
    assert "fscli case step-up FS-0001" in lines(problems)[0]


def test_an_early_help_assessment_has_its_own_place_and_outcomes():
    assert check_assessment_in_episode("FS-0001", EARLY_HELP, "early-help", statutory_work=False) == ([], False)
    assert "add --early-help" in lines(check_assessment_in_episode("FS-0001", EARLY_HELP, "single", statutory_work=False)[0])[0]
    assert check_assessment_in_episode("FS-0001", STATUTORY, "early-help", statutory_work=False) == ([], True)
    assert check_assessment_outcome("early-help", "step-up") == [] and check_assessment_outcome("single", "cin") == []
    assert lines(check_assessment_outcome("early-help", "cin")) == ["--outcome 'cin': is not an outcome of an Early Help assessment (valid: early-help, nfa, step-up)"]
    assert lines(check_assessment_outcome("single", "step-up"))[0].startswith("--outcome 'step-up': is not an outcome of a single assessment")


def test_an_early_help_episode_has_its_own_clocks_and_no_referral_decision():
    from fscli.bank_holidays import england_and_wales
    from fscli.domain.due import CaseFacts, ChildOnPlan, OpenStep, due_items
    from fscli.domain.timescales import Profile
    from fscli.domain.workdays import WorkingCalendar

    calendar = WorkingCalendar.of(england_and_wales(None))
    stepped_down = CaseFacts(1, "FS-0001", "Brooks", date(2026, 10, 19), decided=False, episode="early-help",
                             plans=[ChildOnPlan(7, "Max", "early-help", date(2026, 10, 19))], assessments=[OpenStep(7, "Max", date(2026, 10, 26), "early-help")])
    items = {i.rule: (i.due_on, i.basis) for i in due_items([stepped_down], Profile.default(), calendar, TODAY)}
    assert "referral-decision" not in items and "assessment" not in items
    assert items["eh-assessment"] == (date(2026, 11, 16), "15 working days after the Early Help assessment began (26/10/2026)")
    stepped_up = CaseFacts(2, "FS-0002", "Dunn", date(2026, 11, 2), decided=False, stepped_up=True, assessments=[OpenStep(8, "Dani", date(2026, 11, 3))])
    items = {i.rule: (i.due_on, i.basis) for i in due_items([stepped_up], Profile.default(), calendar, TODAY)}
    assert items["referral-decision"] == (date(2026, 11, 3), "1 working day after the step-up (02/11/2026)")
    assert items["assessment"][1] == "45 working days after the step-up (02/11/2026)"


def test_a_step_up_within_a_year_of_the_statutory_work_ending_is_a_re_referral():
    from fscli.domain.indicators import is_re_referral

    assert is_re_referral("stepped-up", date(2026, 11, 2), date(2026, 8, 1))  # stepped down in August, up in November
    assert not is_re_referral("stepped-up", date(2026, 11, 2), None)  # never in statutory work before
    assert not is_re_referral("stepped-up", date(2026, 11, 2), date(2025, 10, 1))
