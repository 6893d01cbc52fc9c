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
