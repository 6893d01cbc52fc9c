"""The census rules a single command can break, told when the worker records the fact: a UPN with
the wrong check letter is refused; a school-age child with no UPN, and a referral decided for
further action with no primary need, are warned of (the same rules as 'return cin --check')."""

from __future__ import annotations

import json

from tests.factories import add_person, fails, ok, open_case


def test_a_upn_with_the_wrong_check_letter_is_refused_in_one_line(cli):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2015", sex="F")
    refused = fails(cli, "person", "set", ref, "Sky Ward", "--upn", "R938123456789", code=1, says="wrong check letter")
    assert "begins with V" in refused.err and len(refused.err.strip().splitlines()) <= 2
    ok(cli, "person", "set", ref, "Sky Ward", "--upn", "V938123456789")


def test_a_school_age_child_of_a_statutory_case_with_no_upn_is_warned_of_until_one_is_recorded(cli):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    added = ok(cli, "person", "add", ref, "Sky Ward", "--role", "child", "--dob", "01/02/2015", "--sex", "F")
    assert "no UPN (DfE query 8770Q)" in added.err and f"fscli person set {ref} 'Sky Ward' --upn UPN" in added.err
    assert "8770Q" not in ok(cli, "person", "add", ref, "Ada Ward", "--role", "child", "--dob", "01/02/2024").err  # not of school age
    assert "8770Q" not in ok(cli, "person", "set", ref, "Sky Ward", "--upn-unknown", "UN3").err


def test_an_early_help_familys_child_is_not_asked_for_a_upn(cli):
    ref = ok(cli, "case", "open", "Ward family", "--referred", "02/06/2026", "--source", "2A", "--reason", "Attendance", "--early-help").out.strip()
    assert "8770Q" not in ok(cli, "person", "add", ref, "Sky Ward", "--role", "child", "--dob", "01/02/2015").err


def test_a_referral_decided_for_further_action_without_a_need_is_told_the_census_needs_one(cli):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    decided = ok(cli, "case", "referral", ref, "--further-action")
    assert "no primary need yet" in decided.err + decided.out and "8610" in decided.err + decided.out
    needed = ok(cli, "case", "referral", ref, "--need", "N4")
    assert "no primary need" not in needed.err + needed.out
    assert json.loads(ok(cli, "case", "show", ref, "-f", "json").out)["primary_need"] == "N4"


def test_a_referral_decided_for_further_action_without_a_need_is_warned_in_a_warning_line(cli):
    """8610 is told as the other census rules at entry are: a 'fscli: warning:' line on stderr,
    not one more clause of the confirmation."""
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    decided = ok(cli, "case", "referral", ref, "--further-action")
    confirmation, warning = decided.err.strip().splitlines()
    assert "no primary need" not in confirmation
    assert warning.startswith("fscli: warning: no primary need yet") and "(DfE rule 8610)" in warning and f"fscli case referral {ref} --need N1..N9" in warning


def test_work_begun_on_a_referral_decided_no_further_action_is_warned_of_at_entry(cli):
    """8831: the CIN return refuses an assessment, enquiry or plan on a referral marked no further
    action. The worker learns it as they record the work, not months later from --check."""
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "case", "referral", ref, "--nfa")
    started = ok(cli, "assessment", "start", ref, "--date", "16/11/2026")
    warning = started.err.strip().splitlines()[-1]
    assert warning.startswith("fscli: warning: the referral of 02/06/2026 was decided no further action, and an assessment on it breaks DfE rule 8831")
    assert warning.endswith(f"fscli case referral {ref} --further-action")
    s47 = ok(cli, "s47", "start", ref, "--date", "17/11/2026", "--child", "Sky Ward")
    assert "a section 47 enquiry on it breaks DfE rule 8831" in s47.err
    ok(cli, "case", "referral", ref, "--further-action", "--need", "N1")
    other = open_case(cli, "Hart family", referred="02/06/2026")
    add_person(cli, other, "Lily Hart", dob="01/02/2024", sex="F", ethnicity="WBRI")
    assert "warning" not in ok(cli, "assessment", "start", other, "--date", "16/11/2026").err  # not decided: no warning


def test_factor_21_with_the_early_help_outcome_is_recorded_as_the_dfe_allows_it(cli):
    """8873Q allows factor 21 when the case closes RC8 or RC9 (referred to Early Help)."""
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "case", "referral", ref, "--further-action", "--need", "N4")
    ok(cli, "assessment", "start", ref, "--date", "16/11/2026")
    fails(cli, "assessment", "complete", ref, "--date", "20/11/2026", "--factors", "21", "--outcome", "cin", says="--outcome nfa (RC8) or early-help (RC9), not cin (DfE query 8873Q)")
    done = ok(cli, "assessment", "complete", ref, "--date", "20/11/2026", "--factors", "21", "--outcome", "early-help")
    assert "factors 21" in done.err


def test_an_assessment_completed_without_factors_is_told_what_to_type(cli):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "assessment", "start", ref, "--date", "16/11/2026")
    refused = fails(cli, "assessment", "complete", ref, "--date", "20/11/2026", "--outcome", "cin", says="--factors: are needed to complete a single assessment")
    assert "(DfE rule 8897Q)" in refused.err and "add --factors CODES, e.g. --factors 2B,3B, or --factors 21 when it found none" in refused.err


def test_an_icpc_at_a_weekend_and_a_cp_plan_off_its_icpc_name_the_dfe_rule_and_what_to_record(cli):
    """8875 and 2885 refused at entry say which DfE rule, and what to record; a correction that would
    move a CP plan off its ICPC's day names the plan and the ICPC's date."""
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "s47", "start", ref, "--date", "02/11/2026", "--child", "Sky Ward")
    weekend = fails(cli, "s47", "outcome", ref, "--child", "Sky Ward", "--icpc", "21/11/2026", says="is a Saturday")
    assert "(DfE rule 8875); give the date it was really held, a working day" in weekend.err
    ok(cli, "s47", "outcome", ref, "--child", "Sky Ward", "--icpc", "20/11/2026")
    off = fails(cli, "case", "plan", ref, "cp", "--start", "23/11/2026", "--category", "NEG", says="and the ICPC was on 20/11/2026 (DfE rule 2885)")
    assert "give --start 20/11/2026" in off.err and f"fscli correct icpc {ref}" in off.err
    ok(cli, "case", "plan", ref, "cp", "--start", "20/11/2026", "--category", "NEG")
    (plan,) = json.loads(ok(cli, "case", "journey", ref, "-f", "json").out)["plans"]
    named = plan["id"]
    moved = fails(cli, "correct", "plan", named, "--start", "19/11/2026", "--reason", "typed the wrong day", says=f"CP plan {named} began at the ICPC of 20/11/2026")
    assert "(DfE rule 2885)" in moved.err and f"fscli correct icpc {ref} --date DATE --reason TEXT" in moved.err


def test_an_s47_outcome_recorded_twice_says_what_is_recorded_and_the_one_way_to_change_it(cli):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "s47", "start", ref, "--date", "02/11/2026", "--child", "Sky Ward")
    ok(cli, "s47", "outcome", ref, "--child", "Sky Ward", "--icpc", "20/11/2026")
    same = fails(cli, "s47", "outcome", ref, "--child", "Sky Ward", "--icpc", "20/11/2026")
    assert "is recorded already, held on 20/11/2026: nothing to record" in same.err and "correct" not in same.err
    other = fails(cli, "s47", "outcome", ref, "--child", "Sky Ward", "--icpc", "19/11/2026")
    assert f"if it was held on 19/11/2026, correct the date: fscli correct icpc {ref} --child 'Sky Ward' --date 19/11/2026" in other.err
    none = fails(cli, "s47", "outcome", ref, "--child", "Sky Ward", "--icpc-not-required")
    assert "held on 20/11/2026: it did not conclude without one" in none.err


def test_closing_with_an_assessment_open_names_only_the_step_that_finishes_it(cli):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "case", "referral", ref, "--further-action", "--need", "N4")
    ok(cli, "assessment", "start", ref, "--date", "16/11/2026")
    refused = fails(cli, "case", "close", ref, "--date", "20/11/2026", "--reason", "RC8", says="Sky Ward's assessment from 16/11/2026")
    assert f"fscli assessment complete {ref} --date DATE --outcome OUTCOME --factors CODES" in refused.err and "s47" not in refused.err


def test_a_upn_whose_la_part_is_no_la_code_is_refused_at_entry(cli):
    """1530: characters 2-4 are the LA that gave the number (the DfE validator's list)."""
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2015", sex="F")
    fails(cli, "person", "set", ref, "Sky Ward", "--upn", "C999000178301", says="characters 2-4 (999) are not an LA code the DfE knows")
    ok(cli, "person", "set", ref, "Sky Ward", "--upn", "D938000178301")


def test_the_upn_unknown_reasons_are_said_in_the_dfes_words(cli):
    listed = {row["code"]: row["label"] for row in json.loads(ok(cli, "codes", "upn-unknown", "--format", "json").out)}
    assert listed["UN2"] == "Child has never attended a maintained school in England and has not been assigned a UPN"
    assert listed["UN6"] == "Child is not looked after, and the authority is unable to obtain the UPN"
    assert not any("See the CIN census specification" in label for label in listed.values())
