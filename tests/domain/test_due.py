"""What is due, from a case's facts: the clock starts, recording the event resets it, closing stops it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from fscli.bank_holidays import england_and_wales
from fscli.domain.booked_deadlines import Booking
from fscli.domain.due import CaseFacts, ChildOnPlan, OpenStep, booking_items, cancelled_items, due_items
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar

D = date.fromisoformat
TODAY = D("2026-11-23")  # a Monday
PROFILE = Profile.default()


@pytest.fixture(scope="module")
def calendar():
    return WorkingCalendar.of(england_and_wales(None))


def case(**facts) -> CaseFacts:
    return CaseFacts(**{"case_id": 1, "ref": "FS-0001", "family": "Wilson", "opened_on": D("2026-10-01"), **facts})


def due(calendar, *cases, today=TODAY):
    return [(i.rule, i.child, i.due_on, i.state(today)) for i in due_items(list(cases), PROFILE, calendar, today)]


def test_a_new_cp_plan_starts_its_core_group_review_and_visit_clocks(calendar):
    harper = ChildOnPlan(7, "Harper", "cp", D("2026-11-17"))
    assert due(calendar, case(plans=[harper])) == [
        ("core-group-first", None, D("2026-12-01"), "later"),  # 10 wd after Tue 17 Nov
        ("cp-visit", "Harper", D("2026-12-01"), "later"),
        ("cp-review-first", None, D("2027-02-17"), "later"),  # 3 months, a Wednesday
    ]


def test_a_visit_with_the_child_seen_resets_the_visit_clock(calendar):
    before = ChildOnPlan(7, "Harper", "cp", D("2026-10-05"))
    seen = ChildOnPlan(7, "Harper", "cp", D("2026-10-05"), last_seen=D("2026-11-20"))
    assert ("cp-visit", "Harper", D("2026-10-19"), "overdue by 35 days") in due(calendar, case(plans=[before]))
    assert ("cp-visit", "Harper", D("2026-12-04"), "later") in due(calendar, case(plans=[seen]))  # 10 wd after Fri 20 Nov


def test_a_pre_birth_plan_has_its_first_review_soon_after_the_birth_when_that_is_sooner(calendar):
    """domain.md §2: within 3 months of the ICPC, or within 10-20 working days of the birth (local), whichever sooner."""
    unborn = ChildOnPlan(7, "Baby Grant", "cp", D("2026-09-15"))
    born = ChildOnPlan(7, "Ellis Grant", "cp", D("2026-09-15"), born_on=D("2026-11-16"))
    assert ("cp-review-first", None, D("2026-12-15"), "later") in due(calendar, case(plans=[unborn]))
    found = [i for i in due_items([case(plans=[born])], PROFILE, calendar, TODAY) if i.rule.startswith("cp-review")]
    assert [(i.rule, i.due_on) for i in found] == [("cp-review-after-birth", D("2026-11-30"))]  # 10 wd after Mon 16 Nov
    assert found[0].what == "First review child protection conference"
    assert found[0].basis == "10 working days after Ellis Grant's birth (16/11/2026), sooner than 3 months after the plan's start (15/09/2026)"
    late_birth = ChildOnPlan(7, "Ellis Grant", "cp", D("2026-09-15"), born_on=D("2026-12-07"))
    assert ("cp-review-first", None, D("2026-12-15"), "later") in due(calendar, case(plans=[late_birth]))  # 3 months comes first
    born_before_plan = ChildOnPlan(7, "Harper", "cp", D("2026-11-17"), born_on=D("2026-11-02"))
    assert ("cp-review-first", None, D("2027-02-17"), "later") in due(calendar, case(plans=[born_before_plan]))
    reviewed = due(calendar, case(plans=[born], meetings={"rcpc": (1, D("2026-11-27"))}))
    assert ("cp-review", None, D("2027-05-27"), "later") in reviewed  # then every 6 months, as for any plan


def test_an_unborn_child_has_no_visit_due_and_once_born_the_first_is_counted_from_the_birth(calendar):
    """An unborn child cannot be seen: a pre-birth CP plan's visit clock starts at the birth, not at the
    ICPC months before (a new user saw 'CP statutory visit overdue by 46 days' for a baby born that Monday)."""
    unborn = ChildOnPlan(7, "Baby Grant", "cp", D("2026-09-15"), unborn=True)
    assert not [i for i in due(calendar, case(plans=[unborn])) if i[0] == "cp-visit"]
    born = ChildOnPlan(7, "Noah Grant", "cp", D("2026-09-15"), born_on=D("2026-11-16"))
    found = [i for i in due_items([case(plans=[born])], PROFILE, calendar, TODAY) if i.rule == "cp-visit"]
    assert [(i.due_on, i.basis) for i in found] == [(D("2026-11-30"), "10 working days after Noah Grant's birth (16/11/2026)")]


def test_meetings_move_core_groups_and_reviews_to_the_next_interval(calendar):
    plan = ChildOnPlan(7, "Harper", "cp", D("2026-08-03"))
    held = {"core-group": (2, D("2026-10-30")), "rcpc": (1, D("2026-11-02"))}
    found = due(calendar, case(plans=[plan], meetings=held))
    assert ("core-group", None, D("2026-11-27"), "this week") in found  # 4 weeks after Fri 30 Oct
    assert ("cp-review", None, D("2027-04-30"), "later") in found  # 6 months after the first RCPC: Sun 2 May, brought forward


def test_lac_reviews_go_20_working_days_then_3_months_then_6_months(calendar):
    plan = ChildOnPlan(7, "Alfie", "cla", D("2026-05-01"))
    assert ("lac-review-first", None, D("2026-06-02"), "overdue by 174 days") in due(calendar, case(plans=[plan]))
    assert ("lac-review-second", None, D("2026-09-02"), "overdue by 82 days") in due(calendar, case(plans=[plan], meetings={"lac-review": (1, D("2026-06-02"))}))
    assert ("lac-review", None, D("2027-03-02"), "later") in due(calendar, case(plans=[plan], meetings={"lac-review": (2, D("2026-09-02"))}))


def test_an_open_assessment_and_s47_have_their_deadlines(calendar):
    facts = case(opened_on=D("2026-11-02"), assessments=[OpenStep(7, "Aisha", D("2026-11-03"))], enquiries=[OpenStep(7, "Aisha", D("2026-11-23"))])
    assert due(calendar, facts) == [("icpc", "Aisha", D("2026-12-14"), "later"), ("assessment", "Aisha", D("2027-01-07"), "later")]


def test_a_referral_with_no_decision_is_due_the_next_working_day(calendar):
    assert due(calendar, case(opened_on=D("2026-11-20"), decided=False)) == [("referral-decision", None, D("2026-11-23"), "due today")]


def test_family_support_work_has_a_target_closure_and_a_midway_rescaling_once_scored(calendar):
    plan = ChildOnPlan(7, "Mia", "early-help", D("2026-10-01"))
    found = due(calendar, case(plans=[plan], baseline_on=D("2026-10-05")))
    assert ("target-closure", None, D("2026-12-24"), "later") in found  # 12 weeks is Thu 24 Dec
    assert ("midway-rescaling", None, D("2026-11-16"), "overdue by 7 days") in found  # 6 weeks after the baseline, as a midway score counts
    assert ("taf-review", None, D("2026-11-12"), "overdue by 11 days") in found
    rescaled = due(calendar, case(plans=[plan], baseline_on=D("2026-10-05"), midway_on=D("2026-11-13")))
    assert not any(rule == "midway-rescaling" for rule, *_ in rescaled)


def test_cp_work_has_no_target_closure(calendar):
    found = due(calendar, case(plans=[ChildOnPlan(7, "Harper", "cp", D("2026-10-01"))], baseline_on=D("2026-10-05")))
    assert not any(rule in ("target-closure", "midway-rescaling") for rule, *_ in found)


def test_a_closed_case_has_only_its_sustained_outcome_check(calendar):
    closed = case(closed_on=D("2026-11-02"), closure_reason="OUTCOMES-MET", plans=[ChildOnPlan(7, "Mia", "early-help", D("2026-06-01"))], tasks=[(3, "Ring school", D("2026-11-25"))])
    assert due(calendar, closed) == [("sustained-check", None, D("2027-04-30"), "later")]  # 2 May 2027 is a Sunday
    assert due(calendar, case(closed_on=D("2026-11-02"), closure_reason="OUTCOMES-MET", outcome_checked=True)) == []
    assert due(calendar, case(closed_on=D("2026-11-02"), closure_reason="RC2")) == []  # a child died: no check


def test_an_unrecorded_check_leaves_the_list_a_year_after_closure(calendar):
    old = case(closed_on=D("2025-11-20"), closure_reason="RC7")
    assert due(calendar, old) == []
    recent = case(closed_on=D("2025-11-24"), closure_reason="RC7")
    assert due(calendar, recent) == [("sustained-check", None, D("2026-05-22"), "overdue by 185 days")]


def test_tasks_and_booked_visits_join_the_list_and_everything_is_most_urgent_first(calendar):
    visits = [Booking(3, "visit", "home-visit", D("2026-11-24"), "10:00"), Booking(2, "visit", "home-visit", D("2026-11-16"), "10:00")]
    facts = case(tasks=[(3, "Help with the GP forms", D("2026-11-26")), (4, "Nursery form", D("2026-11-20"))], bookings=visits)
    found = [(rule, day, state) for rule, _, day, state in due(calendar, facts)]
    assert found[:3] == [("task", D("2026-11-20"), "overdue by 3 days"), ("booked", D("2026-11-24"), "this week"), ("task", D("2026-11-26"), "this week")]
    assert ("booked", D("2026-11-16"), "overdue by 7 days") not in found  # a passed appointment is the week's "missed", not a due item


def test_state_words(calendar):
    items = due_items([case(tasks=[(1, "a", D("2026-11-22")), (2, "b", D("2026-11-23")), (3, "c", D("2026-11-29")), (4, "d", D("2026-11-30"))])], PROFILE, calendar, TODAY)
    assert [i.state(TODAY) for i in items if i.rule == "task"] == ["overdue by 1 day", "due today", "this week", "later"]


def test_a_booked_review_is_the_same_duty_as_its_timescale_not_a_second_item(calendar):
    harper = ChildOnPlan(7, "Harper", "cp", D("2026-11-17"), last_seen=D("2026-11-19"))
    held = {"core-group": (1, D("2026-11-20"))}
    early = [i for i in due_items([case(plans=[harper], meetings=held, booked={"core-group": D("2026-12-15")})], PROFILE, calendar, TODAY) if "ore group" in i.what]
    assert [(i.rule, i.what, i.due_on, i.basis) for i in early] == [
        ("core-group", "Core group (booked)", D("2026-12-15"), "booked for 15/12, due by 18/12; 4 weeks after the last one (20/11/2026)")
    ]
    late = [i for i in due_items([case(plans=[harper], meetings=held, booked={"core-group": D("2026-12-22")})], PROFILE, calendar, TODAY) if "ore group" in i.what]
    assert [(i.what, i.due_on, i.basis) for i in late] == [("Core group (booked)", D("2026-12-18"), "booked for 22/12, 2 working days after it is due; 4 weeks after the last one (20/11/2026)")]


def test_a_booked_meeting_no_timescale_covers_is_listed_as_booked(calendar):
    found = due_items([case(booked={"fgc": D("2026-11-26")})], PROFILE, calendar, TODAY)
    assert [(i.rule, i.what, i.due_on) for i in found if i.rule == "booked"] == [("booked", "Next family group conference / family network meeting (booked)", D("2026-11-26"))]


def core_group(id: int, on: str, **more) -> Booking:
    return Booking(id, "meeting", "core-group", D(on), **more)


def test_a_booked_core_group_is_its_duty_with_its_booking_and_time_and_the_clock_still_runs(calendar):
    """Sam booked the next core group (B9) for Tue 15 Dec at 10:00: due by Fri 18 Dec. It is the
    same duty, on the booked day; and it stays on the list until the meeting is held."""
    harper = ChildOnPlan(7, "Harper", "cp", D("2026-11-17"), last_seen=D("2026-11-19"))
    held = {"core-group": (1, D("2026-11-20"))}
    found = [i for i in due_items([case(plans=[harper], meetings=held, bookings=[core_group(9, "2026-12-15", at_time="10:00", worker="Sam")])], PROFILE, calendar, TODAY) if "ore group" in i.what]
    assert [(i.rule, i.what, i.due_on, i.at_time, i.booking, i.basis) for i in found] == [
        ("core-group", "Core group (booked: B9, 10:00)", D("2026-12-15"), "10:00", "B9", "booked for 15/12, due by 18/12; 4 weeks after the last one (20/11/2026)")
    ]


def test_of_two_core_groups_booked_the_earliest_counts_and_the_other_is_an_appointment(calendar):
    harper = ChildOnPlan(7, "Harper", "cp", D("2026-11-17"), last_seen=D("2026-11-19"))
    bookings = [core_group(12, "2027-01-12"), core_group(9, "2026-12-15")]
    found = [(i.rule, i.what, i.due_on) for i in due_items([case(plans=[harper], meetings={"core-group": (1, D("2026-11-20"))}, bookings=bookings)], PROFILE, calendar, TODAY) if "ore group" in i.what]
    assert found == [("core-group", "Core group (booked: B9)", D("2026-12-15")), ("booked", "Core group (booked: B12)", D("2027-01-12"))]


def test_a_cancelled_or_passed_booking_does_not_count(calendar):
    harper = ChildOnPlan(7, "Harper", "cp", D("2026-11-17"), last_seen=D("2026-11-19"))
    off = core_group(9, "2026-12-15", cancelled_on=D("2026-11-21"))
    gone = core_group(8, "2026-11-20")
    found = [(i.rule, i.what, i.due_on, i.basis) for i in due_items([case(plans=[harper], meetings={"core-group": (1, D("2026-11-20"))}, bookings=[off, gone])], PROFILE, calendar, TODAY) if "ore group" in i.what]
    assert found == [("core-group", "Core group", D("2026-12-18"), "4 weeks after the last one (20/11/2026)")]


def test_an_icpc_booked_late_stays_on_its_deadline_and_says_by_how_much(calendar):
    """The strategy discussion was on Mon 2 Nov: the ICPC is due within 15 working days, Mon 23 Nov.
    The only room free was Wed 25 Nov: still due today, booked 2 working days after."""
    facts = case(opened_on=D("2026-11-02"), enquiries=[OpenStep(7, "Aisha", D("2026-11-02")), OpenStep(8, "Omar", D("2026-11-02"))],
                 bookings=[Booking(4, "meeting", "icpc", D("2026-11-25"), "10:00")])  # fmt: skip
    found = [(i.child, i.what, i.due_on, i.booking, i.basis) for i in due_items([facts], PROFILE, calendar, TODAY) if i.rule in ("icpc", "booked")]
    assert found == [
        ("Aisha", "Initial child protection conference (booked: B4, 10:00)", D("2026-11-23"), "B4", "booked for 25/11, 2 working days after it is due; 15 working days after the strategy discussion (02/11/2026)"),
        ("Omar", "Initial child protection conference (booked: B4, 10:00)", D("2026-11-23"), "B4", "booked for 25/11, 2 working days after it is due; 15 working days after the strategy discussion (02/11/2026)"),
    ]


def test_a_booked_review_of_a_cin_plan_or_taf_counts_for_its_clock(calendar):
    mia = ChildOnPlan(7, "Mia", "early-help", D("2026-10-01"))
    found = [(i.rule, i.due_on, i.basis) for i in due_items([case(plans=[mia], bookings=[Booking(3, "meeting", "eh-review", D("2026-11-26"))])], PROFILE, calendar, TODAY) if i.rule == "taf-review"]
    assert found == [("taf-review", D("2026-11-12"), "booked for 26/11, 10 working days after it is due; 6 weeks after the plan's start (01/10/2026)")]


def test_a_booked_meeting_with_no_clock_is_an_appointment_with_its_label_time_and_booking(calendar):
    appointment = Booking(14, "meeting", "agency-appointment", D("2026-11-30"), "09:30", "Sam Okafor")
    found = [i for i in due_items([case(bookings=[appointment])], PROFILE, calendar, TODAY) if i.rule == "booked"]
    assert [(i.what, i.due_on, i.at_time, i.booking) for i in found] == [("Appointment with a parent at another agency (booked: B14, 09:30)", D("2026-11-30"), "09:30", "B14")]


def test_a_supervision_of_no_case_is_its_workers_and_a_cancelled_one_is_only_for_the_feed(calendar):
    supervision = Booking(20, "meeting", "supervision", D("2026-11-25"), "14:00", "Sam Okafor")
    off = Booking(21, "meeting", "training", D("2026-11-26"), None, "Sam Okafor", cancelled_on=D("2026-11-20"))
    assert [(i.ref, i.worker, i.what, i.state(TODAY)) for i in booking_items([supervision, off], TODAY)] == [("", "Sam Okafor", "Supervision (booked: B20, 14:00)", "this week")]
    assert [(i.booking, i.state(TODAY)) for i in booking_items([supervision, off], TODAY, cancelled=True)] == [("B21", "cancelled")]
    visit = Booking(5, "visit", "home-visit", D("2026-11-27"), None, "Sam Okafor", cancelled_on=D("2026-11-22"))
    called_off = cancelled_items([case(bookings=[visit], worker="Sam Okafor")], PROFILE, TODAY)
    assert [(i.ref, i.worker, i.what, i.state(TODAY)) for i in called_off] == [("FS-0001", "Sam Okafor", "Planned home visit (B5)", "cancelled")]
    assert not any(i.rule == "booked" for i in due_items([case(bookings=[visit])], PROFILE, calendar, TODAY))


def test_the_next_date_set_at_the_last_core_group_and_a_booking_the_sooner_counts(calendar):
    """At the last core group the next was set for 15 Dec; Sam also booked one (B9) for 8 Dec."""
    harper = ChildOnPlan(7, "Harper", "cp", D("2026-11-17"), last_seen=D("2026-11-19"))
    facts = dict(plans=[harper], meetings={"core-group": (1, D("2026-11-20"))}, booked={"core-group": D("2026-12-15")})
    sooner = [(i.rule, i.booking, i.due_on) for i in due_items([case(**facts, bookings=[core_group(9, "2026-12-08")])], PROFILE, calendar, TODAY) if "ore group" in i.what]
    assert sooner == [("core-group", "B9", D("2026-12-08"))]  # the date set at the meeting is the same meeting, moved: not listed again
    later = [(i.rule, i.booking, i.due_on) for i in due_items([case(**facts, bookings=[core_group(9, "2027-01-12")])], PROFILE, calendar, TODAY) if "ore group" in i.what]
    assert later == [("core-group", None, D("2026-12-15")), ("booked", "B9", D("2027-01-12"))]


def test_an_overdue_item_is_counted_under_its_kind_as_a_manager_says_it():
    from fscli.domain.due import kind_of

    profile = Profile.default()
    assert kind_of("cp-visit", profile) == profile.rules["cp-visit"].what
    assert kind_of("task", profile) == "Tasks agreed with the family"
    assert kind_of("booked", profile) == "Visits and meetings booked"
    assert kind_of("something-new", profile) == "something-new"  # never dropped: counted under its own name


@pytest.mark.parametrize(
    ("until", "first_closure_past_it"),
    [
        # 6 months after Sun 7 June is Mon 7 December: the last closure whose check is due by then.
        (D("2026-12-07"), D("2026-06-08")),
        # By Sunday 6 December: a closure on Sat 6 June has its check brought forward to Fri 4
        # December, so it is due by then; one on 7 June falls due on Monday 7th, past it.
        (D("2026-12-06"), D("2026-06-07")),
    ],
)
def test_a_fortnights_list_reads_no_closure_whose_check_falls_due_after_it(calendar, until, first_closure_past_it):
    from fscli.domain.due import checks_closed_before

    assert checks_closed_before(until, PROFILE, calendar) == first_closure_past_it
    last_in = case(closed_on=first_closure_past_it - timedelta(days=1), closure_reason="RC7")
    first_out = case(case_id=2, ref="FS-0002", closed_on=first_closure_past_it, closure_reason="RC7")
    listed = due_items([last_in, first_out], PROFILE, calendar, D("2026-11-23"), until=until)
    assert [(i.ref, i.rule) for i in listed] == [("FS-0001", "sustained-check")]
