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
