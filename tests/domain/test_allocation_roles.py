"""Whose a duty is on a case with several workers: the rules, with no database."""

from datetime import date

from fscli.domain.allocation import DUTY_OWNERS, ROLES, duty_owner, nobody, role_code
from fscli.domain.due import CaseFacts, ChildOnPlan, due_items
from fscli.domain.timescales import DEFAULT_RULES, Profile
from fscli.domain.workdays import WorkingCalendar

TODAY = date(2026, 11, 26)
SHARED = {"social-worker": "Dee Campbell", "family-support": "Sam Okafor"}


def test_a_duty_is_its_roles_holder_else_the_key_workers_else_no_ones():
    assert duty_owner("social-worker", SHARED) == "Dee Campbell"
    assert duty_owner("lead-practitioner", SHARED) is None
    assert duty_owner("lead-practitioner", {**SHARED, "key-worker": "Priya Shah"}) == "Priya Shah"
    assert nobody("social-worker") == "no social worker allocated"
    assert nobody("lead-practitioner") == "no lead practitioner allocated"


def test_a_task_is_its_recorders_while_they_hold_a_role_then_the_cases_lead():
    assert duty_owner("recorder", SHARED, "sam okafor") == "Sam Okafor"
    assert duty_owner("recorder", SHARED, "Jo Leaver") == "Dee Campbell"  # gone from the case
    assert duty_owner("recorder", {}, "Sam Okafor") is None


def test_every_rule_named_an_owner_is_a_rule_and_every_owner_a_role():
    keys = {r.key for r in DEFAULT_RULES}
    assert set(DUTY_OWNERS) <= keys and set(DUTY_OWNERS.values()) <= set(ROLES)
    profile = Profile.default()
    assert profile["cp-visit"].owner == "social-worker" and profile["taf-review"].owner == "lead-practitioner"
    assert profile.owner("task") == "recorder"


def test_a_team_can_give_a_clock_to_another_role_and_bad_entries_are_all_reported():
    changed, problems = Profile.default().owned({"cin-visit": "Family-Support"}, "profile file team.toml")
    assert problems == [] and changed["cin-visit"].owner == "family-support" and changed["cin-visit"].owner_set_by == "profile file team.toml"
    _, problems = Profile.default().owned({"cin-vist": "family-support", "cp-visit": "manager"}, "f")
    assert [p.value for p in problems] == ["cin-vist", "manager"]


def test_a_role_is_one_of_the_code_set():
    assert role_code(" Social-Worker ") == ("social-worker", [])
    code, problems = role_code("fsw")
    assert code is None and problems[0].line().startswith("--role 'fsw': is not a role on a case")


def test_on_a_cp_case_the_visits_and_conferences_are_the_social_workers_and_tasks_their_recorders():
    case = CaseFacts(1, "FS-0001", "Lane family", date(2026, 11, 2), worker="Dee Campbell", holders=SHARED)
    case.plans.append(ChildOnPlan(3, "Baby Lane", "cp", date(2026, 11, 20)))
    case.tasks.append((7, "Citizens Advice with Jane", date(2026, 11, 30), "Sam Okafor"))
    items = due_items([case], Profile.default(), WorkingCalendar.of(set()), TODAY)
    whose = {i.rule: (i.worker, i.role) for i in items}
    assert whose["cp-visit"] == ("Dee Campbell", "social-worker") and whose["core-group-first"] == ("Dee Campbell", "social-worker")
    assert whose["task"] == ("Sam Okafor", "recorder")


def test_a_case_with_one_worker_and_no_roles_reads_as_before():
    case = CaseFacts(1, "FS-0001", "Hart family", date(2026, 11, 2), worker="Sam Okafor")
    case.plans.append(ChildOnPlan(3, "Lily Hart", "early-help", date(2026, 11, 2)))
    items = due_items([case], Profile.default(), WorkingCalendar.of(set()), TODAY)
    assert items and all(i.worker == "Sam Okafor" for i in items)
