"""When a closed case's record comes up for review: the category from its plans, the date from its
children, its closure and its last contact (domain.md §6), with no database."""

from datetime import date

from fscli.domain.retention import CaseFacts, Child, Rules, anniversary, category, review

RULES = Rules.default()
LILY = Child("Lily Hart", date(2010, 2, 14))


def facts(*plans: str, closed: date | None = date(2027, 3, 1), children=(LILY,), last: date | None = None, episodes=("statutory",)) -> CaseFacts:
    return CaseFacts(closed, frozenset(plans), frozenset(episodes), tuple(children), last)


def test_the_most_serious_plan_any_child_ever_had_is_the_cases_category():
    assert category(facts("early-help", "cin", "cp")) == "cp"
    assert category(facts("cin", "reunification")) == "cla"  # a care order at home is still care
    assert category(facts("early-help")) == "early-help"
    assert category(facts()) == "cin"  # a referral with no plan is a child in need record
    assert category(facts(episodes=("early-help",))) == "early-help"


def test_a_looked_after_childs_record_is_kept_to_the_75th_anniversary_of_birth():
    found = review(facts("cla"), RULES)
    assert (found.rule.key, found.review_on) == ("cla", date(2085, 2, 14))
    assert "reg 50" in found.rule.source and found.rule.statutory


def test_a_looked_after_child_who_died_before_18_is_kept_15_years_from_the_death():
    died = Child("Lily Hart", date(2010, 2, 14), died_on=date(2020, 6, 1))
    found = review(facts("cla", children=(died,)), RULES)
    assert (found.rule.key, found.review_on) == ("cla-died", date(2035, 6, 1))
    sibling = Child("Noah Hart", date(2012, 1, 5))
    assert review(facts("cla", children=(died, sibling)), RULES).review_on == date(2087, 1, 5)  # the sibling's record decides


def test_a_child_protection_record_is_kept_35_years_after_the_last_contact():
    assert review(facts("cp", last=date(2027, 5, 2)), RULES).review_on == date(2062, 5, 2)
    assert review(facts("cp", last=date(2026, 1, 2)), RULES).review_on == date(2062, 3, 1)  # the closure came later
    assert not review(facts("cp"), RULES).rule.statutory  # Blackpool's: local


def test_a_child_in_need_record_is_kept_to_the_18th_birthday_and_3_years_of_inactivity():
    assert review(facts("cin"), RULES).review_on == date(2031, 2, 14)  # 18 on 14/02/2028, + 3 years
    teenager = Child("Sky Hart", date(2000, 5, 1))  # 18 long ago: 3 years from the last contact
    assert review(facts("cin", children=(teenager,), last=date(2027, 4, 1)), RULES).review_on == date(2030, 4, 1)


def test_early_help_says_plainly_that_its_period_is_the_councils_not_a_statute():
    found = review(facts("early-help"), RULES)
    assert found.rule.key == "early-help" and not found.rule.statutory
    assert found.rule.source.startswith("local: set by the council")


def test_each_rule_cites_a_source_a_council_can_read_not_fscli_s_own_notes():
    """retention --rules' source column cited "domain.md §6", a file fscli does not ship."""
    for rule in RULES.rules.values():
        assert "domain.md" not in rule.source, rule.key
    assert "blackpool.gov.uk" in RULES.rules["cp"].source and "devon.gov.uk" in RULES.rules["cin"].source


def test_an_open_case_is_never_due():
    found = review(facts("cin", closed=None), RULES)
    assert found.review_on is None and not found.due(date(2099, 1, 1)) and "open" in found.why_not


def test_an_unborn_or_undated_child_is_said_and_the_case_is_not_due():
    unborn = Child("Baby Hart", None, due_on=date(2027, 1, 9))
    found = review(facts("cin", children=(LILY, unborn)), RULES)
    assert found.review_on is None and not found.due(date(2099, 1, 1))
    assert found.why_not.startswith("Baby Hart was unborn when last recorded")
    assert "has no date of birth" in review(facts("cla", children=(Child("Ann", None),)), RULES).why_not
    assert "no child is recorded" in review(facts("cin", children=()), RULES).why_not


def test_a_29_february_anniversary_falls_on_1_march_never_a_day_early():
    assert anniversary(date(2008, 2, 29), 18) == date(2026, 3, 1)


def test_a_council_sets_its_own_periods_and_every_bad_entry_is_named_at_once():
    rules, problems = RULES.overridden({"cp": "25 years", "early-help": "18 months"}, "profile file p.toml")
    assert (str(rules["cp"].period), rules["cp"].set_by) == ("25 years", "profile file p.toml")
    assert review(facts("cp", last=date(2027, 5, 2)), rules).review_on == date(2052, 5, 2)
    _, problems = RULES.overridden({"adoption": "100 years", "cin": "soon", "cp": "0 years"}, "f")
    assert [p.field for p in problems] == ["f: [retention]", "f: [retention] cin", "f: [retention] cp"]
