"""A UPN's check letter, as the DfE's validator (rule 1510) computes it: its own test's UPNs."""

from __future__ import annotations

import pytest

from fscli.domain.upn import check_letter, wrong_check_letter


@pytest.mark.parametrize("upn", ["A950000178301", "H243278544154", "X845212818005"])
def test_a_upn_with_its_check_letter_is_right(upn):
    assert check_letter(upn) == upn[0] and not wrong_check_letter(upn)


@pytest.mark.parametrize("upn", ["R247962919251", "X428558133462", "a950000178301"])
def test_a_upn_with_another_first_letter_is_wrong(upn):
    assert wrong_check_letter(upn)


@pytest.mark.parametrize("upn", ["ASFFAGSVSV123", "R325", "A95000017830A"])
def test_a_upn_not_of_twelve_digits_is_left_to_the_schema(upn):
    assert check_letter(upn) is None and not wrong_check_letter(upn)


@pytest.mark.parametrize(
    ("upn", "rules"),
    [
        ("V938123456789", []),  # LA 938, digits, its check letter
        ("X93812345678A", []),  # a temporary UPN: a final letter, no check letter to compute
        ("C999000178301", ["1530"]),  # 999 is no LA's code
        ("A00512345678A", []),  # 005: one of the DfE's pseudo-LA codes
        ("X942123456789", []),  # 942: added to the list in 2023-24
        ("X93812345678I", ["1550"]),  # I, O and S are never a UPN's letters
        ("X938ABC45678A", ["1540"]),  # characters 5-12 are digits
    ],
)
def test_the_dfe_validators_upn_rules_1530_to_1550(upn, rules):
    """Rules 1530-1550 as the DfE's validator has them (its rule files, cin2023_24/rule_1530.py for
    the LA codes, which the 2025-26 ruleset keeps)."""
    from fscli.domain.upn import upn_problems

    assert [rule for rule, _ in upn_problems(upn)] == rules
