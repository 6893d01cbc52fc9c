"""Names, code sets and the case's own rules, with no database."""

from datetime import date

import pytest

from fscli.domain import casework, codes
from fscli.domain.text import clean

TODAY = date(2026, 11, 23)


def test_names_are_nfc_normalised_and_trimmed():
    text, problems = clean("  Zoe\u0301  Hart ", "NAME")
    assert problems == []
    assert text.startswith("Zo\u00e9")


@pytest.mark.parametrize("bad,why", [
    ("Lily\u202eHart", "bidirectional"),
    ("Lily\x1b[2JHart", "control character"),
    ("Lily\x00", "control character"),
    ("Li\u200bly", "invisible"),
    ("Lily\nHart", "control character"),
])  # fmt: skip
def test_names_with_invisible_or_terminal_steering_characters_are_refused(bad, why):
    _, problems = clean(bad, "NAME")
    assert problems and why in problems[0].message


def test_empty_and_overlong_names_are_refused():
    assert clean("   ", "NAME")[1][0].message == "must not be empty"
    assert "limit is 200" in clean("x" * 201, "NAME")[1][0].message
    assert clean("x" * 200, "NAME")[1] == []


def test_notes_keep_their_line_breaks():
    text, problems = clean("Saw Lily.\nBedroom seen.\tTidy.", "--note", multiline=True, max_len=20000)
    assert problems == [] and "\n" in text and "\t" in text


def test_codes_are_found_whatever_the_case_and_refused_with_the_valid_ones():
    assert codes.REFERRAL_SOURCE.check("3b", "--source")[0] == "3B"
    assert codes.CLOSURE_REASON.check("outcomes_met", "--reason")[0] == "OUTCOMES-MET"
    _, problems = codes.REFERRAL_SOURCE.check("11", "--source")
    assert "valid: 1A, 1B" in problems[0].message and "fscli codes referral-source" in problems[0].hint


def test_codes_know_the_years_they_are_valid():
    assert codes.census_year(date(2022, 3, 31)) == 2022
    assert codes.census_year(date(2022, 4, 1)) == 2023
    _, problems = codes.REFERRAL_SOURCE.check("5D", "--source", year=2022)
    assert "only valid from 2022-23" in problems[0].message
    assert codes.REFERRAL_SOURCE.check("5D", "--source", year=2023)[1] == []
    assert codes.ASSESSMENT_FACTOR.check("18A", "--factors", year=2026)[1]


def test_every_code_set_has_unique_codes_and_labels():
    for code_set in codes.CODE_SETS.values():
        names = [c.code.upper() for c in code_set.codes]
        assert len(names) == len(set(names)), code_set.name
        assert all(c.label for c in code_set.codes)


def test_ages_read_the_way_workers_say_them():
    assert casework.describe_age(date(2017, 2, 14), None, TODAY) == "9"
    assert casework.describe_age(date(2025, 3, 23), None, TODAY) == "20 months"
    assert casework.describe_age(date(2026, 11, 2), None, TODAY) == "3 weeks"
    assert casework.describe_age(date(2026, 11, 22), None, TODAY) == "newborn"
    assert casework.describe_age(None, date(2027, 1, 12), TODAY) == "unborn (due 12/01/2027)"


def test_birthdays_on_29_february_count_on_1_march_in_other_years():
    assert casework.age_in_years(date(2016, 2, 29), date(2026, 2, 28)) == 9
    assert casework.age_in_years(date(2016, 2, 29), date(2026, 3, 1)) == 10


def test_a_case_cannot_close_before_its_referral_or_twice():
    problems = casework.check_close(is_open=False, ref="FS-0001", referred=date(2026, 11, 3), last_reopened=None, closed_on=date(2026, 11, 1), today=TODAY)
    messages = " | ".join(p.line() for p in problems)
    assert "already closed" in messages and "before the referral (03/11/2026)" in messages


def test_unborn_and_born_dates_are_checked():
    assert casework.check_person_dates(role="child", dob=date(2027, 1, 1), due=None, today=TODAY)[0].message.startswith("a date of birth cannot be in the future")
    assert "only a child" in casework.check_person_dates(role="parent", dob=None, due=date(2027, 1, 1), today=TODAY)[0].message
    assert "44 weeks" in casework.check_person_dates(role="child", dob=None, due=date(2028, 1, 1), today=TODAY)[0].message
    assert casework.check_person_dates(role="child", dob=None, due=date(2027, 1, 1), today=TODAY) == []


def test_only_an_unborn_child_is_born_on_a_date_near_the_one_expected():
    def born(on, *, role="child", dob=None, due=date(2026, 11, 30), died=None):
        return [(p.field, p.message) for p in casework.check_birth(name="Baby Grant", role=role, dob=dob, due=due, died=died, born=on, today=TODAY)]

    assert born(date(2026, 11, 16)) == []  # two weeks early: Monday evening of the diary week
    assert born(date(2026, 7, 27)) == []  # 18 weeks early: the earliest fscli takes as true
    assert born(date(2026, 11, 16), due=date(2026, 10, 5)) == []  # 6 weeks late
    assert born(date(2026, 11, 16), role="parent") == [("NAME", "is recorded as a parent: only an unborn child can be born")]
    assert born(date(2026, 11, 16), dob=date(2026, 11, 2), due=None)[0][1].startswith("was born on 02/11/2026 already")
    assert born(date(2026, 11, 16), due=None)[0][1].startswith("is not recorded as unborn")
    assert born(date(2026, 11, 24))[0][1].startswith("a date of birth cannot be in the future")
    too_early = born(date(2026, 7, 26))
    assert too_early == [("--dob", "is 18 weeks 1 day before Baby Grant's expected date (30/11/2026): a birth more than 18 weeks early or 6 weeks late is taken for a mistyped date")]
    assert born(date(2026, 11, 16), due=date(2026, 10, 4))[0][1].startswith("is 6 weeks 1 day after")
    assert born(date(2026, 11, 16), died=date(2026, 11, 10))[0][1] == "is after Baby Grant's recorded death (10/11/2026)"
    assert casework.describe_gap(date(2026, 11, 30), date(2026, 11, 30)) == "on"
    assert casework.describe_gap(date(2026, 11, 16), date(2026, 11, 30)) == "2 weeks before"
    assert casework.describe_gap(date(2026, 12, 1), date(2026, 11, 30)) == "1 day after"


def test_councils_own_references_are_checked():
    assert casework.check_ref("LA-12345/7") == []
    assert casework.check_ref("FS-0042")[0].hint.startswith("leave out --ref")
    assert casework.check_ref("bad ref!")


def test_notes_are_kept_as_typed_but_nul_is_refused():
    text, problems = clean("Pasted \x1b]52;c;aGk=\x07 and \u202e", "--note", multiline=True, max_len=20000)
    assert problems == [] and "\x1b]52" in text
    assert "NUL" in clean("a\x00b", "--note", multiline=True, max_len=20000)[1][0].message


@pytest.mark.parametrize(("code", "reads"), [
    ("cin-review", "Next CIN review"), ("lac-review", "Next LAC review (IRO-chaired)"), ("eh-review", "Next Early Help review"),
    ("core-group", "Next core group"), ("taf", "Next team around the family / child review"), ("marac", "Next MARAC"),
])  # fmt: skip
def test_a_label_after_other_words_keeps_its_acronyms_and_names(code, reads):
    assert f"Next {codes.MEETING_TYPE.in_sentence(code)}" == reads


def test_a_note_cut_short_is_cut_at_a_space_never_inside_a_word_or_a_name():
    from fscli.domain.text import clip

    assert clip("Jade led the baby massage and Alfie settled on her chest", 40) == "Jade led the baby massage and Alfie…"
    assert clip("Short enough", 40) == "Short enough"
    assert clip("Seen: Ruth Evans, Tyler Finch; school run planned", 28) == "Seen: Ruth Evans, Tyler…"
    assert clip("Seen: Ruth Evans, Tyler Finch; school run planned", 18) == "Seen: Ruth Evans…"  # a comma at the cut goes
    assert clip("Supercalifragilistic", 10) == "Supercali…"  # one word longer than the room is the one thing cut


def test_every_source_a_worker_reads_names_a_real_source_not_a_file_fscli_does_not_ship():
    """`fscli codes` and `profile show` cited "domain.md §6", the developers' notes, which no worker has."""
    from fscli.domain.timescales import DEFAULT_RULES

    for code_set in codes.CODE_SETS.values():
        assert "domain.md" not in code_set.source, code_set.name
    for rule in DEFAULT_RULES:
        assert "domain.md" not in rule.source, rule.key
