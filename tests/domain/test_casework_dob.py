"""A date of birth allowed but unlikely is told, not refused (fscli/domain/casework.py dob_warnings)."""

from datetime import date

from fscli.domain.casework import dob_warnings

TODAY = date(2026, 11, 23)


def warned(role: str, dob: date) -> list[str]:
    return dob_warnings(ref="FS-0001", name="Kit Vale", role=role, dob=dob, today=TODAY)


def test_older_than_anyone_living_is_told_whatever_the_role():
    assert "older than anyone living" in warned("parent", date(1900, 11, 1))[0]  # 126 years ago: 1990 mistyped as 1900
    assert warned("parent", date(1906, 11, 23)) == []  # 120 today: the bound itself is allowed quietly


def test_a_child_past_a_care_leavers_age_is_told():
    assert "recorded as a child" in warned("child", date(2000, 1, 1))[0]  # 26
    assert warned("child", date(2001, 11, 23)) == [] and warned("other", date(1960, 1, 1)) == []


def test_the_warning_is_one_line_with_the_command_that_puts_it_right():
    (line,) = warned("child", date(1990, 1, 1))
    assert "\n" not in line and "fscli person set FS-0001 'Kit Vale' --dob DATE --reason TEXT" in line
