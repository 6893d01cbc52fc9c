"""Who and what a year's CIN census return holds (domain/census.py): hand-built children, no
database. The year is 2025-26: 1 April 2025 to the reference date, 31 March 2026."""

from __future__ import annotations

from datetime import date

import pytest

from fscli.domain.census import Assessment, ChildFacts, Enquiry, Episode, Plan, census_return, census_year_of, check_la, parse_year

YEAR = census_year_of(date(2025, 11, 1))


def episode(start: date, end: date | None = None, reason: str | None = None, *, source: str | None = "2A", need: str | None = "N1", nfa: bool = False) -> Episode:
    return Episode("FS-0001", start, end, reason, source, need, nfa)


def child(*episodes: Episode, dob: date | None = date(2015, 5, 1), due: date | None = None, sex: str | None = "F", **records) -> ChildFacts:
    return ChildFacts("Lily Hart", "FS-0001", "FSC000001", None, None, dob, due, sex, None, "WBRI", (), tuple(episodes), **records)


def children() -> list[ChildFacts]:
    """Every child of the scope table below, for the test that writes them out and has the DfE's
    validator check them (tests/cli/test_return_cin.py)."""
    return [c[1] for c in CASES] + [build() for build in STORIES]


def the_return(*children: ChildFacts):
    return census_return(list(children), YEAR)


def test_the_year_is_named_as_the_dfe_names_it():
    assert (YEAR.name, YEAR.start, YEAR.reference, YEAR.collection_year) == ("2025-26", date(2025, 4, 1), date(2026, 3, 31), 2026)
    assert census_year_of(date(2026, 3, 31)) == YEAR and census_year_of(date(2026, 4, 1)).name == "2026-27"
    assert parse_year("2025-26") == (YEAR, [])
    assert parse_year("2025-27")[1][0].message.startswith("is not two consecutive years")
    assert parse_year("25-26")[1][0].field == "--year"
    assert check_la("938") == [] and check_la("93")[0].field == "--la" and check_la("9380") and check_la("93a")
    assert check_la("٩٣٨"), "Arabic-Indic digits match \\d but are no DfE LA code (a replay wrote <LEA>٩٣٨</LEA>)"


# The scope rules, one hand-built child each: (story, child, children in the return, what is checked)
CASES = [
    ("an episode closed before the year is not in the return",
     child(episode(date(2024, 6, 3), date(2025, 3, 20), "RC7")), 0, None),
    ("an episode closed on the year's first day is",
     child(episode(date(2024, 6, 3), date(2025, 4, 1), "RC7")), 1, None),
    ("a referral after the reference date is not in the return",
     child(episode(date(2026, 4, 2))), 0, None),
]


@pytest.mark.parametrize(("story", "facts", "count", "_"), CASES, ids=[c[0] for c in CASES])
def test_a_child_is_in_the_return_when_an_episode_was_open_in_the_year(story, facts, count, _):
    assert len(the_return(facts).children) == count


def plan_ending_after_the_reference_date() -> ChildFacts:
    return child(episode(date(2025, 9, 1)), plans=(Plan("cin", date(2025, 10, 6), date(2026, 5, 11)),), assessments=(Assessment(date(2025, 9, 1), date(2026, 4, 20), ("3B",)),))


def test_a_plan_ending_after_the_reference_date_is_open_on_the_return():
    facts = plan_ending_after_the_reference_date()
    details = the_return(facts).children[0].episodes[0]
    assert [(p.start, p.end) for p in details.cin_plans] == [(date(2025, 10, 6), None)]
    # an assessment authorised after the reference date: no authorisation date, and no factors yet
    assert [(a.start_on, a.completed_on, a.factors) for a in details.assessments] == [(date(2025, 9, 1), None, ())]


def test_an_episode_closed_after_the_reference_date_is_open_on_the_return():
    details = the_return(child(episode(date(2025, 9, 1), date(2026, 4, 14), "RC8"))).children[0].episodes[0]
    assert (details.closure_date, details.closure_reason) == (None, None)


def icpc_in_the_year_before() -> ChildFacts:
    return child(episode(date(2024, 11, 4)),
                  enquiries=(Enquiry(date(2025, 2, 3), date(2025, 2, 24), False),),
                  plans=(Plan("cp", date(2025, 2, 24), None, ((date(2025, 2, 24), "NEG"), (date(2025, 9, 8), "EMO"))),),
                  cp_reviews=(date(2025, 3, 10), date(2025, 5, 19), date(2026, 4, 13)))  # fmt: skip


def test_an_icpc_in_the_year_before_is_dropped_with_its_enquiry_and_the_plan_it_began_stays():
    details = the_return(icpc_in_the_year_before()).children[0].episodes[0]
    assert details.enquiries == ()  # completed before the year (its conference held in February)
    (plan,) = details.cp_plans
    assert (plan.start, plan.end, plan.initial_category, plan.latest_category, plan.previous_plans) == (date(2025, 2, 24), None, "NEG", "EMO", 0)
    assert plan.reviews == (date(2025, 5, 19),)  # the review before the year and the one after the reference date are left out


def step_down_inside_the_year() -> ChildFacts:
    return child(episode(date(2025, 5, 12), date(2025, 10, 20), "RC7"), assessments=(Assessment(date(2025, 5, 12), date(2025, 6, 2), ("3B",)),),
                 plans=(Plan("cin", date(2025, 6, 9), date(2025, 10, 20)),))  # fmt: skip


def test_a_step_down_inside_the_year_closes_the_statutory_episode_and_early_help_is_not_returned():
    # The statutory episode ends RC7 on the step-down day; the Early Help episode that follows is
    # not a CIN episode at all (store/census_facts.py reads only statutory episodes).
    details = the_return(step_down_inside_the_year()).children[0].episodes[0]
    assert (details.closure_date, details.closure_reason) == (date(2025, 10, 20), "RC7")
    assert [(p.start, p.end) for p in details.cin_plans] == [(date(2025, 6, 9), date(2025, 10, 20))]


def born_in_the_year_after_a_pre_birth_plan() -> ChildFacts:
    return child(episode(date(2025, 6, 2)), dob=date(2025, 9, 14), sex="M", assessments=(Assessment(date(2025, 6, 2), date(2025, 7, 10), ("3B",)),),
                 enquiries=(Enquiry(date(2025, 6, 9), date(2025, 7, 1), False),),
                 plans=(Plan("cp", date(2025, 7, 1), None, ((date(2025, 7, 1), "NEG"),)),))  # fmt: skip


def test_a_child_born_in_the_year_after_a_pre_birth_plan_has_a_birth_date_and_the_plan():
    written = the_return(born_in_the_year_after_a_pre_birth_plan()).children[0]
    assert (written.birth_date, written.expected_birth_date, written.sex) == (date(2025, 9, 14), None, "M")
    assert [p.start for p in written.episodes[0].cp_plans] == [date(2025, 7, 1)]
    assert [(s.start, s.icpc, s.icpc_not_required) for s in written.episodes[0].enquiries] == [(date(2025, 6, 9), date(2025, 7, 1), False)]


def born_after_the_reference_date() -> ChildFacts:
    return child(episode(date(2026, 1, 12)), dob=None, due=date(2026, 5, 2), sex=None)


def test_a_child_born_after_the_reference_date_is_returned_unborn():
    written = the_return(born_after_the_reference_date()).children[0]
    assert (written.birth_date, written.expected_birth_date, written.sex) == (None, date(2026, 5, 2), "U")


def two_episodes() -> ChildFacts:
    return child(episode(date(2025, 2, 10), date(2025, 5, 26), "RC7", need="N5"),
                  episode(date(2025, 10, 20), source=None, need="N5"),
                  assessments=(Assessment(date(2025, 2, 10), date(2025, 3, 10), ("14A",)), Assessment(date(2025, 10, 20), date(2025, 11, 3), ("14A", "4A"))))  # fmt: skip


def test_a_child_with_two_episodes_is_one_child_with_both():
    result = the_return(two_episodes())
    (written,) = result.children
    first, second = written.episodes
    assert (first.referral_date, first.closure_reason, second.referral_date, second.closure_date) == (date(2025, 2, 10), "RC7", date(2025, 10, 20), None)
    assert first.assessments == ()  # authorised in March, before the year
    assert [a.factors for a in second.assessments] == [("14A", "4A")]
    assert second.referral_source == "10" and any("no source recorded" in f.message for f in result.findings)


def a_second_cp_plan() -> ChildFacts:
    return child(episode(date(2023, 1, 9)), enquiries=(Enquiry(date(2025, 5, 12), date(2025, 6, 2), False),),
                  plans=(Plan("cp", date(2023, 2, 6), date(2024, 1, 8), ((date(2023, 2, 6), "PHY"),)),
                         Plan("cp", date(2025, 6, 2), None, ((date(2025, 6, 2), "NEG"),))))  # fmt: skip


def test_a_cp_plan_counts_the_childs_earlier_plans():
    (plan,) = the_return(a_second_cp_plan()).children[0].episodes[0].cp_plans
    assert (plan.start, plan.previous_plans) == (date(2025, 6, 2), 1)


def test_a_fact_the_return_cannot_say_truly_stops_it():
    result = the_return(child(episode(date(2025, 9, 1)), sex=None))
    assert result.children == [] and [f.message for f in result.blocking] == ["has no sex recorded (M, F or U)"]
    result = the_return(child(episode(date(2025, 9, 1)), plans=(Plan("cp", date(2025, 9, 22), None),)))
    assert "has no category of abuse" in result.blocking[0].message


def test_ethnicity_not_recorded_is_written_as_not_yet_obtained_and_said():
    facts = child(episode(date(2025, 9, 1)))
    facts = ChildFacts(**{**facts.__dict__, "ethnicity": None})
    result = the_return(facts)
    assert result.children[0].ethnicity == "NOBT" and "not yet obtained" in result.findings[0].message and not result.blocking


STORIES = [plan_ending_after_the_reference_date, icpc_in_the_year_before, step_down_inside_the_year, born_in_the_year_after_a_pre_birth_plan,
           born_after_the_reference_date, two_episodes, a_second_cp_plan]  # fmt: skip


def test_a_referral_not_yet_decided_is_written_as_leading_to_further_action_and_said():
    undecided = child(Episode("FS-0001", date(2026, 3, 30), None, None, "1B", "N1", False, decided=False))
    result = the_return(undecided)
    assert result.children[0].episodes[0].referral_nfa is False
    assert "not decided yet" in result.findings[0].message and not result.blocking
    assessed = child(Episode("FS-0001", date(2026, 3, 2), None, None, "1B", "N1", False, decided=False), assessments=(Assessment(date(2026, 3, 3), None, ()),))
    assert the_return(assessed).findings == []  # work began on it: it led to further action


@pytest.mark.parametrize(("field", "value", "says"), [
    ("ethnicity", "WBRI\x1b]52;c;x\x07", "the ethnicity"), ("sex", "X", "the sex"), ("child_id", "FSC-0001", "local child identifier"),
    ("upn", "A1234", "the UPN"), ("upn_unknown", "UN9", "the reason the UPN is unknown"), ("disabilities", ("NONE", "WINGS"), "a disability"),
])  # fmt: skip
def test_a_value_that_is_not_a_census_code_stops_the_return_and_is_never_written(field, value, says):
    """An import from another system can hold anything in a code's column: the return never writes
    what it does not know (a control character would make the XML unreadable)."""
    facts = child(episode(date(2025, 9, 1)))
    result = the_return(ChildFacts(**{**facts.__dict__, field: value}))
    assert result.children == [] and says in result.blocking[0].message


def test_an_episodes_codes_are_census_codes_too():
    for bad in (episode(date(2025, 9, 1), source="2Z"), episode(date(2025, 9, 1), need="N1 [bold]")):
        assert the_return(child(bad)).blocking
    assert the_return(child(episode(date(2025, 9, 1)), assessments=(Assessment(date(2025, 9, 1), date(2025, 9, 29), ("3B", "99X")),))).blocking
