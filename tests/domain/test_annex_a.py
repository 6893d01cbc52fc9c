"""Ofsted's Annex A lists from hand-built facts: which records each list holds in the six months
up to the return's day, how each fact is written in Ofsted's columns, and the 12-month counts.

The return is made on Monday 23 November 2026: six months are 24/05/2026 to 23/11/2026, the
twelve months of the counts 24/11/2025 to 23/11/2026.
"""

from datetime import date

import pytest

from fscli.domain import annex_a
from fscli.domain.annex_a import (
    Assessment,
    CaseFacts,
    Child,
    Enquiry,
    Episode,
    Holding,
    Plan,
    Seen,
    list_rows,
)

ON = date(2026, 11, 23)
LILY = Child(1, "FSC000001", "F", "WBRI", date(2017, 2, 14), "NONE")
NOAH = Child(2, "FSC000002", "M", None, date(2026, 9, 1), None)
BUMP = Child(3, "FSC000003", "U", None, None, None)  # unborn


def columns(number: int) -> list[str]:
    return next(a for a in annex_a.LISTS if a.number == number).headers


def rows(number: int, *cases: CaseFacts, months: int = 6) -> list[dict]:
    """The list's rows as {header: value}, to read like the sheet."""
    return [dict(zip(columns(number), row)) for row in list_rows(list(cases), ON, months).rows[number]]


def case(**facts) -> CaseFacts:
    facts.setdefault("children", [LILY, NOAH])
    facts.setdefault("holdings", [Holding("Sam Okafor", "key-worker", date(2026, 1, 5))])
    facts.setdefault("team", "North Family Help")
    return CaseFacts(referred_on=facts.pop("referred_on", date(2026, 6, 1)), referral_source=facts.pop("referral_source", "3B"), **facts)


def test_the_period_is_the_months_up_to_and_including_the_day_of_the_return():
    assert annex_a.period_start(ON, 6) == date(2026, 5, 24)
    assert annex_a.period_start(ON, 12) == date(2025, 11, 24)
    assert annex_a.period_start(date(2026, 8, 31), 6) == date(2026, 3, 1)  # 28 February + 1: no 31 February


@pytest.mark.parametrize(("text", "months"), [("6", 6), ("1", 1), ("24", 24), (" 12 ", 12)])
def test_months_from_one_to_twenty_four_are_taken(text, months):
    assert annex_a.read_months(text) == (months, [])


@pytest.mark.parametrize("text", ["0", "25", "-3", "six", "6.5", "", "²"])
def test_other_months_are_refused_naming_the_option(text):
    found, problems = annex_a.read_months(text)
    assert found is None and problems[0].field == "--months" and "from 1 to 24" in problems[0].message


def test_a_return_for_a_day_after_today_is_refused():
    assert annex_a.check_day(ON, ON) == []
    assert annex_a.check_day(date(2026, 11, 24), ON)[0].field == "--on"


def test_every_child_list_starts_with_ofsteds_five_child_columns():
    for annex in annex_a.LISTS:
        assert annex.headers[:5] == ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]
        assert len(annex.sheet) <= 31
    assert [a.number for a in annex_a.LISTS] == [1, 2, 3, 4, 5, 6, 7]


def test_gender_ethnicity_disability_and_age_in_ofsteds_options():
    assert [annex_a.gender(s) for s in ("M", "F", "U", None)] == ["a) Male", "b) Female", "c) Not stated/recorded", "c) Not stated/recorded"]
    assert [annex_a.disability(d) for d in ("NONE", "AUT,LD", None, "")] == ["b) No", "a) Yes", "c) Unknown", "c) Unknown"]
    assert [annex_a.yes_no(v) for v in (True, False, None)] == ["a) Yes", "b) No", "c) Unknown"]
    assert annex_a.age(date(2017, 2, 14), ON) == 9 and annex_a.age(date(2017, 11, 23), ON) == 9 and annex_a.age(date(2017, 11, 24), ON) == 8
    assert annex_a.age(None, ON) is None
    row = rows(1, case(episodes=[Episode("statutory", date(2026, 6, 1), source="3B")], children=[LILY, BUMP]))
    assert [(r["Child Unique ID"], r["Gender"], r["Ethnicity"], r["Date of Birth"], r["Age of Child (Years)"]) for r in row] == [
        ("FSC000001", "b) Female", "a) WBRI", date(2017, 2, 14), 9), ("FSC000003", "c) Not stated/recorded", None, None, None)]


def test_list_1_holds_each_request_for_help_in_the_period_but_not_a_step_down():
    """The referral (its source), a step-down to Early Help (the same family moving on: no
    contact), a step-up (5D, its own), and a reopening (no source recorded)."""
    family = case(referred_on=date(2026, 3, 2), referral_source="2A", children=[LILY], episodes=[
        Episode("statutory", date(2026, 3, 2), date(2026, 6, 15), "RC9", source="2A"),
        Episode("early-help", date(2026, 6, 15), date(2026, 8, 3), "STEPPED-UP"),
        Episode("statutory", date(2026, 8, 3), date(2026, 9, 30), "RC7", source="5D"),
        Episode("statutory", date(2026, 10, 20), source=None),
    ])  # fmt: skip
    assert [(r["Date of Contact"], r["Contact Source"]) for r in rows(1, family)] == [(date(2026, 8, 3), "5D: LA services"), (date(2026, 10, 20), None)]
    assert [r["Date of Contact"] for r in rows(1, family, months=12)] == [date(2026, 3, 2), date(2026, 8, 3), date(2026, 10, 20)]
    assert rows(1, family, months=12)[0]["Contact Source"] == "e) 2A: Schools"


def test_an_early_help_request_is_a_contact_and_not_a_referral():
    asked = case(episodes=[Episode("early-help", date(2026, 9, 7))], referral_source="1A")
    assert [r["Contact Source"] for r in rows(1, asked)] == ["a) 1A: Individual", "a) 1A: Individual"]  # Lily and Noah
    assert rows(3, asked) == []


def test_list_1_names_the_children_the_referral_concerns_and_any_with_work_begun():
    sibling = Child(4, "FSC000004", "M", None, date(2010, 1, 1), None, in_referral=False)
    family = case(children=[LILY, sibling], episodes=[Episode("statutory", date(2026, 6, 1), source="3B")])
    assert [r["Child Unique ID"] for r in rows(1, family)] == ["FSC000001"]
    family.assessments.append(Assessment(4, "single", date(2026, 6, 3)))
    assert [r["Child Unique ID"] for r in rows(1, family)] == ["FSC000001", "FSC000004"]


def test_list_2_holds_early_help_assessments_open_in_the_period():
    family = case(children=[LILY], assessments=[
        Assessment(1, "early-help", date(2026, 1, 5), date(2026, 3, 1)),  # done before the period: out
        Assessment(1, "early-help", date(2026, 5, 1), date(2026, 6, 1)),  # completed in it: in
        Assessment(1, "early-help", date(2026, 11, 2)),  # open: in, no completion date
        Assessment(1, "single", date(2026, 7, 1)),  # a single assessment: list 4
    ])  # fmt: skip
    got = rows(2, family)
    assert [(r["Assessment start date"], r["Assessment completion date"]) for r in got] == [(date(2026, 5, 1), date(2026, 6, 1)), (date(2026, 11, 2), None)]
    assert {r["Organisation completing assessment"] for r in got} == {None}  # fscli holds no such fact


def test_list_3_holds_referrals_in_the_period_with_nfa_and_the_count_of_twelve_months():
    family = case(referred_on=date(2026, 1, 12), children=[LILY], referral_nfa=True, referral_decided_on=date(2026, 1, 13), episodes=[
        Episode("statutory", date(2026, 1, 12), date(2026, 1, 13), "RC8", source="3B"),  # in the 12 months, before the 6
        Episode("statutory", date(2026, 7, 6), date(2026, 8, 1), "RC8"),  # reopened: in both
        Episode("statutory", date(2026, 10, 5), source="5D"),  # a step-up: in both
    ], holdings=[Holding("Sam Okafor", "key-worker", date(2026, 1, 12), date(2026, 9, 30)), Holding("Priya Shah", "social-worker", date(2026, 10, 1))])  # fmt: skip
    got = rows(3, family)
    assert [(r["Date of referral"], r["Referral Source"], r["Referral NFA?"]) for r in got] == [(date(2026, 7, 6), None, "b) No"), (date(2026, 10, 5), "5D: LA services", "b) No")]
    assert {r["Number of Referrals in Last 12 Months"] for r in got} == {3}
    assert {(r["Allocated Team"], r["Allocated Worker"]) for r in got} == {("North Family Help", "Priya Shah")}  # who holds the case on the day of the return
    older = rows(3, family, months=12)[0]
    assert (older["Date of referral"], older["Referral Source"], older["Referral NFA?"]) == (date(2026, 1, 12), "h) 3B: Health services", "a) Yes")


def test_a_referral_not_yet_decided_is_blank_and_one_with_statutory_work_is_not_nfa():
    waiting = case(children=[LILY], episodes=[Episode("statutory", date(2026, 11, 20), source="3B")], referred_on=date(2026, 11, 20))
    assert rows(3, waiting)[0]["Referral NFA?"] is None
    waiting.assessments.append(Assessment(1, "single", date(2026, 11, 21)))
    assert rows(3, waiting)[0]["Referral NFA?"] == "b) No"


def test_a_referral_older_than_twelve_months_is_not_counted():
    family = case(referred_on=date(2025, 11, 23), children=[LILY], episodes=[
        Episode("statutory", date(2025, 11, 23), date(2025, 12, 1), "RC8", source="3B"),  # a day too old
        Episode("statutory", date(2025, 11, 24), date(2025, 12, 2), "RC8"),  # the first day of the twelve months
        Episode("statutory", date(2026, 9, 1)),
    ])  # fmt: skip
    assert [r["Number of Referrals in Last 12 Months"] for r in rows(3, family)] == [2]


def test_list_4_holds_single_assessments_open_in_the_period_with_seen_and_outcome():
    family = case(children=[LILY, NOAH], assessments=[
        Assessment(1, "single", date(2026, 4, 1), date(2026, 5, 23), True, "cin"),  # completed the day before the period: out
        Assessment(1, "single", date(2026, 5, 11), date(2026, 6, 30), True, "cin"),
        Assessment(2, "single", date(2026, 9, 14), date(2026, 10, 1), False, "nfa"),
        Assessment(2, "single", date(2026, 11, 9)),  # open: child seen not recorded
    ])  # fmt: skip
    got = [(r["Child Unique ID"], r["Continuous Assessment Start Date"], r["Child Seen During Continuous Assessment"], r["Continuous Assessment Date of Authorisation"],
            r["Was the child assessed as requiring LA children's social care support?"], r["Does the Child have a Disability"]) for r in rows(4, family)]  # fmt: skip
    assert got == [
        ("FSC000001", date(2026, 5, 11), "a) Yes", date(2026, 6, 30), "a) Yes", "b) No"),
        ("FSC000002", date(2026, 9, 14), "b) No", date(2026, 10, 1), "b) No", "c) Unknown"),
        ("FSC000002", date(2026, 11, 9), "c) Unknown", None, None, "c) Unknown"),
    ]


def test_list_4_leaves_out_an_assessment_begun_after_the_day_of_the_return():
    family = case(children=[LILY], assessments=[Assessment(1, "single", date(2026, 11, 24))])
    assert rows(4, family) == []


def test_list_5_holds_enquiries_with_their_conference_and_the_counts_of_twelve_months():
    family = case(children=[LILY, NOAH], enquiries=[
        Enquiry(1, date(2025, 12, 1), date(2025, 12, 18)),  # in the 12 months only: counted, not listed
        Enquiry(1, date(2026, 6, 8), icpc_not_required=True),
        Enquiry(1, date(2026, 9, 7), date(2026, 9, 25)),
        Enquiry(2, date(2026, 4, 20), date(2026, 6, 2)),  # begun before the period, conference in it
        Enquiry(2, date(2026, 11, 16)),  # open
    ], plans=[Plan(1, "cp", date(2026, 9, 25), categories=((date(2026, 9, 25), "NEG"),))])  # fmt: skip
    got = [(r["Child Unique ID"], r["Strategy discussion initiating Section 47 Enquiry Start Date"], r["Was an Initial Child Protection Conference deemed unnecessary?"],
            r["Date of Initial Child Protection Conference"], r["Did the Initial Child Protection Conference Result in a Child Protection Plan"],
            r["Number of Section 47 Enquiries in the last 12 months"], r["Number of ICPCs in the last 12 months"]) for r in rows(5, family)]  # fmt: skip
    assert got == [
        ("FSC000001", date(2026, 6, 8), "a) Yes", None, None, 3, 2),
        ("FSC000001", date(2026, 9, 7), "b) No", date(2026, 9, 25), "a) Yes", 3, 2),
        ("FSC000002", date(2026, 4, 20), "b) No", date(2026, 6, 2), "b) No", 2, 1),
        ("FSC000002", date(2026, 11, 16), None, None, None, 2, 1),
    ]


def test_list_5_leaves_out_an_enquiry_decided_before_the_period():
    family = case(children=[LILY], enquiries=[Enquiry(1, date(2026, 3, 2), date(2026, 3, 20)), Enquiry(1, date(2026, 1, 5), icpc_not_required=True)])
    assert rows(5, family) == []


def test_list_6_holds_statutory_episodes_open_in_the_period_with_last_seen_closure_and_status():
    family = case(children=[LILY, NOAH], primary_need="N1", episodes=[
        Episode("statutory", date(2026, 2, 2), date(2026, 5, 20), "RC8"),  # closed before the period: out
        Episode("statutory", date(2026, 6, 1), date(2026, 9, 14), "RC9"),
        Episode("early-help", date(2026, 9, 14)),  # not a CIN episode
    ], seen=[Seen(1, date(2026, 8, 20)), Seen(1, date(2026, 10, 1)), Seen(2, date(2026, 6, 3), alone=True)])  # fmt: skip
    got = [(r["Child Unique ID"], r["CIN Start Date"], r["Primary Need Code"], r["Date Child Was Last Seen"], r["CIN Closure Date"], r["Reason for Closure"], r["Case Status"])
           for r in rows(6, family)]  # fmt: skip
    assert got == [
        ("FSC000001", date(2026, 6, 1), "a) Abuse or neglect", date(2026, 8, 20), date(2026, 9, 14), "RC9: Case closed after assessment, referred to early help", "e) Closed episode"),
        ("FSC000002", date(2026, 6, 1), "a) Abuse or neglect", date(2026, 6, 3), date(2026, 9, 14), "RC9: Case closed after assessment, referred to early help", "e) Closed episode"),
    ]


@pytest.mark.parametrize(("plans", "assessments", "status"), [
    ([Plan(1, "cin", date(2026, 7, 1))], [], "c) Child in need plan"),
    ([Plan(1, "cin", date(2026, 7, 1), date(2026, 9, 1)), Plan(1, "cp", date(2026, 9, 1))], [], "b) Child Protection plan"),
    ([Plan(1, "cp", date(2026, 7, 1), date(2026, 10, 1)), Plan(1, "cla", date(2026, 10, 1))], [], "a) Looked after child"),
    ([], [Assessment(1, "single", date(2026, 11, 2))], "d) Open assessment"),
    ([], [Assessment(1, "single", date(2026, 6, 2), date(2026, 7, 1), True, "early-help")], None),
])  # fmt: skip
def test_list_6_case_status_of_an_open_episode_on_the_day_of_the_return(plans, assessments, status):
    family = case(children=[LILY], episodes=[Episode("statutory", date(2026, 6, 1))], plans=plans, assessments=assessments)
    assert [r["Case Status"] for r in rows(6, family)] == [status]


def test_list_7_holds_cp_plans_open_in_the_period_with_categories_visits_and_reviews():
    family = case(children=[LILY], plans=[
        Plan(1, "cp", date(2025, 9, 1), date(2026, 3, 2), ((date(2025, 9, 1), "PHY"),)),  # ended before the period: out, but previous
        Plan(1, "cp", date(2026, 6, 10), None, ((date(2026, 6, 10), "NEG"), (date(2026, 10, 1), "EMO"), (date(2026, 12, 1), "MUL"))),
        Plan(1, "cin", date(2026, 3, 2), date(2026, 6, 10)),
    ], seen=[
        Seen(1, date(2026, 11, 3), alone=True),
        Seen(1, date(2026, 11, 17), alone=False, statutory=False),  # the family support worker's visit: not statutory
        Seen(1, date(2026, 6, 1), alone=True),  # before the plan
    ], reviews=[date(2026, 9, 2), date(2026, 11, 30)])  # fmt: skip
    [row] = rows(7, family)
    assert (row["Child Protection Plan Start Date"], row["Initial Category of Abuse"], row["Latest Category of Abuse"]) == (date(2026, 6, 10), "a) Neglect", "d) Emotional abuse")
    assert (row["Date of the Last Statutory Visit"], row["Was the Child Seen Alone?"], row["Date of latest review conference"]) == (date(2026, 11, 3), "a) Yes", date(2026, 9, 2))
    assert row["Child Protection Plan End Date"] is None and row["Number of Previous Child Protection Plans"] == 1
    assert row["Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"] is None  # no such fact in fscli
    assert (row["Allocated Team"], row["Allocated Worker"]) == ("North Family Help", "Sam Okafor")


def test_list_7_a_plan_ended_in_the_period_shows_its_end_and_the_worker_at_closure():
    family = case(children=[LILY], closed_on=date(2026, 8, 31), plans=[Plan(1, "cp", date(2026, 2, 2), date(2026, 8, 31), ((date(2026, 2, 2), "SAB"),))],
                  holdings=[Holding("Sam Okafor", "social-worker", date(2026, 1, 5), date(2026, 8, 31)), Holding("Ann Lee", "key-worker", date(2026, 1, 5), date(2026, 6, 30))])  # fmt: skip
    [row] = rows(7, family)
    assert row["Child Protection Plan End Date"] == date(2026, 8, 31) and row["Latest Category of Abuse"] == "c) Sexual abuse"
    assert row["Date of the Last Statutory Visit"] is None and row["Was the Child Seen Alone?"] is None
    assert row["Allocated Worker"] == "Sam Okafor"


def test_the_holder_is_the_key_worker_else_the_first_role_in_lead_order():
    holdings = [Holding("Fay", "family-support", date(2026, 1, 1)), Holding("Sam", "social-worker", date(2026, 1, 1)), Holding("Kit", "key-worker", date(2026, 1, 1), date(2026, 5, 1))]
    assert annex_a.holder(holdings, date(2026, 4, 1)) == "Kit"
    assert annex_a.holder(holdings, date(2026, 6, 1)) == "Sam"
    assert annex_a.holder(holdings, date(2025, 6, 1)) is None


def test_the_cases_with_a_row_are_named_for_the_access_log():
    shown = case(episodes=[Episode("statutory", date(2026, 6, 1))], case_id=7)
    old = case(episodes=[Episode("statutory", date(2025, 1, 1), date(2025, 3, 1), "RC8")], case_id=8)
    assert list_rows([shown, old], ON, 6).cases == [7]


def test_a_child_born_on_29_february_is_a_year_older_on_1_march_as_everywhere_in_fscli():
    leap = date(2016, 2, 29)
    assert [annex_a.age(leap, d) for d in (date(2027, 2, 28), date(2027, 3, 1), date(2028, 2, 29))] == [10, 11, 12]


def test_the_lists_made_a_range_of_children_at_a_time_are_the_lists_made_at_once():
    """The return reads a range of children at a time (reports/annex_a.py): each range's rows,
    one after the other, are the whole lists' rows, counts and referral read from the whole case."""
    sibling = Child(4, "ZED000001", "M", "WBRI", date(2019, 5, 5), None)  # sorts after the FSC children
    hart = case(case_id=1, children=[LILY, sibling], primary_need="N4", episodes=[
        Episode("statutory", date(2026, 1, 5), date(2026, 3, 2), "RC8"), Episode("statutory", date(2026, 6, 1))],
        assessments=[Assessment(4, "single", date(2026, 6, 2))], plans=[Plan(1, "cp", date(2026, 7, 1), None, ((date(2026, 7, 1), "NEG"),))],
        seen=[Seen(1, date(2026, 10, 1)), Seen(4, date(2026, 10, 2))])  # fmt: skip
    brook = case(case_id=2, children=[NOAH, BUMP], episodes=[Episode("statutory", date(2026, 9, 1))])
    whole = list_rows([hart, brook], ON, 6)
    parts = [list_rows([c for c in (hart, brook) if any(k.id in only for k in c.children)], ON, 6, only) for only in ({1, 2}, {3}, {4})]
    assert {n: [r for part in parts for r in part.rows[n]] for n in whole.rows} == whole.rows
    assert [part.cases for part in parts] == [[1, 2], [2], [1]]
    assert [r[0] for r in whole.rows[6]] == ["FSC000001", "FSC000002", "FSC000003", "ZED000001"]
    count = columns(3).index("Number of Referrals in Last 12 Months")
    assert [r[count] for r in parts[2].rows[3]] == [2]  # the sibling's referrals in 12 months: both, from the whole case
