"""Work that belongs to no one family (domain/caseless.py): which meetings need no case, what a
discussed case's record says of it, and who sees it."""

from datetime import date

import pytest

from fscli.domain.caseless import chronology_summary, discussed_problems, kind_problems, oversight_text, someone_elses


@pytest.mark.parametrize("kind", ["supervision", "team-meeting", "training", "professionals", "other"])
def test_supervision_training_and_calls_with_professionals_need_no_case(kind):
    assert kind_problems(kind) == []


def test_a_family_meeting_without_its_case_is_refused_naming_ref():
    [problem] = kind_problems("icpc")
    assert problem.field == "REF" and "about one family" in problem.line() and "supervision" in problem.line()


def test_a_case_cannot_be_discussed_before_it_was_referred():
    assert discussed_problems("FS-0004", on=date(2026, 11, 24), referred=date(2026, 9, 15)) == []
    [problem] = discussed_problems("FS-0009", on=date(2026, 11, 24), referred=date(2026, 11, 25))
    assert problem.line() == "--cases 'FS-0009': was referred on 25/11/2026, after this meeting (24/11/2026)"


def test_a_chronology_carries_the_notes_only_when_its_case_was_the_one_discussed():
    assert chronology_summary(others=0, chair="Ruth Evans", decisions="Close by Christmas") == "this case discussed; chaired by Ruth Evans; Close by Christmas"
    shared = chronology_summary(others=2, chair=None, decisions="Okoro: move went well; Lane: ICPC next week")
    assert "Okoro" not in shared and shared.startswith("this case discussed, with 2 others")


def test_management_oversight_is_said_in_words():
    assert oversight_text(date(2026, 11, 24)) == "supervision on Tue 24/11/2026"
    assert oversight_text(None) == "none recorded"


def test_a_meeting_of_no_one_family_is_its_own_workers_alone():
    assert not someone_elses(None, "Sam Okafor", "sam okafor ")
    assert someone_elses(None, "Sam Okafor", "Dee Campbell") and someone_elses(None, "Sam Okafor", None)
    assert not someone_elses(4, "Sam Okafor", "Dee Campbell")  # a family's meeting is the family's record
