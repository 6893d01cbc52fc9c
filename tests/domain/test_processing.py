"""What a restriction of processing (Art. 18) forbids, and how a refusal reads."""

from datetime import date

from fscli.domain.processing import Held, lift_problems, named_in_text, named_records, not_counted, refusal, refusal_line, restrict_problems

WHOLE = Held(case_id=3, ref="FS-0003", reason="the family contests the assessment", since=date(2026, 12, 1))
FATHER = Held(case_id=5, ref="FS-0005", reason="he contests its accuracy", since=date(2026, 11, 20), person_id=12, person="Dean Hart")


def test_a_whole_case_restriction_refuses_any_change_to_the_case_and_no_other():
    assert refusal([WHOLE], cases={3}, persons=set()) == WHOLE
    assert refusal([WHOLE], cases={4}, persons={12}) is None


def test_a_persons_restriction_refuses_a_change_about_them_but_not_the_rest_of_the_case():
    assert refusal([FATHER], cases={5}, persons={12}) == FATHER
    assert refusal([FATHER], cases={5}, persons={13}) is None  # a visit without him
    assert refusal([FATHER], cases={5}, persons=set()) is None  # the case's own record (an allocation)


def test_the_refusal_says_since_when_why_and_how_to_lift_it_in_one_line():
    message, hint = refusal_line(WHOLE)
    assert f"{message}; {hint}" == "FS-0003 is under restriction of processing since 01/12/2026 (the family contests the assessment); nothing of it changes until whoever restricted it (the data protection officer) lifts it: fscli processing lift FS-0003 --reason TEXT"
    message, hint = refusal_line(FATHER)
    assert message.startswith("Dean Hart of FS-0005 is under restriction of processing since 20/11/2026")
    assert hint == 'nothing of it changes until whoever restricted it (the data protection officer) lifts it: fscli processing lift FS-0005 --person "Dean Hart" --reason TEXT'
    assert FATHER.line() == "processing restricted since 20/11/2026 (he contests its accuracy)"


def test_a_refusal_for_what_a_note_says_names_the_field_and_how_to_record_it_without_him():
    message, hint = refusal_line(FATHER, "next_step")
    assert message == "the next step names Dean Hart of FS-0005, who is under restriction of processing since 20/11/2026 (he contests its accuracy)"
    assert hint.startswith("record it without naming Dean Hart, or ask whoever restricted it (the data protection officer) to lift it: fscli processing lift FS-0005")


def test_a_restriction_needs_a_reason_and_runs_from_today_or_earlier():
    today = date(2026, 11, 23)
    assert restrict_problems(" contests accuracy ", date(2026, 11, 1), today) == ("contests accuracy", [])
    _, problems = restrict_problems("", date(2026, 11, 30), today)
    assert [p.field for p in problems] == ["--reason", "--from"]
    assert "is in the future" in problems[1].message
    assert [p.field for p in lift_problems(" ")[1]] == ["--reason"]


def test_a_figure_says_how_many_restricted_cases_it_left_out():
    assert not_counted(0) is None
    assert not_counted(1) == "1 restricted case not counted (restriction of processing)"
    assert not_counted(2) == "2 restricted cases not counted (restriction of processing)"
    assert not_counted(0, 1) == "1 restricted person not counted (restriction of processing)"
    assert not_counted(1, 2) == "1 restricted case and 2 restricted people not counted (restriction of processing)"


def test_a_note_naming_the_restricted_person_is_about_them_on_their_case_by_first_name_elsewhere_in_full():
    assert named_in_text("contact", 5, {"note": "Dean was in the kitchen"}, [FATHER]) == {12}
    assert named_in_text("contact", 5, {"note": "the dean of the college rang"}, [FATHER]) == set()  # not a name as written
    assert named_in_text("diary", None, {"text": "Dean rang"}, [FATHER]) == set()  # of no case: anyone's Dean
    assert named_in_text("diary", None, {"text": "Dean Hart rang"}, [FATHER]) == {12}
    assert named_in_text("contact", 6, {"note": "Dean Hart came"}, [FATHER]) == set()  # another family's record: their own Dean
    assert named_in_text("allocation", 5, {}, [FATHER, WHOLE]) == set()


ZOE = Held(case_id=5, ref="FS-0005", reason="she contests its accuracy", since=date(2026, 11, 20), person_id=14, person="Zoe\u0301 O'Neill")  # typed decomposed


def test_an_export_s_scan_finds_exactly_the_notes_the_rule_finds_whatever_their_spelling():
    """The quick look before the rule (subject_access.may_name) never drops a note the rule names."""
    notes = [
        (1, 5, "Dean was in the kitchen"), (2, 5, "DEAN HART shouted"), (3, 5, "Dean\nHart at the door"), (4, 5, "the dean rang"),
        (5, 5, "Deanna from school"), (6, 6, "Dean Hart came"), (7, None, "dean  hart, supervision"), (8, None, "Dean rang"),
        (9, 5, "Zo\u00e9 was out"), (10, None, "zo\u00e9 o'neill's letter"), (11, 5, "Lily read to me"), (12, 5, None),
    ]  # fmt: skip
    held = [FATHER, ZOE, WHOLE]
    found = named_records("contact", [(row_id, case_id, {"note": note}) for row_id, case_id, note in notes], held)
    assert found == [row_id for row_id, case_id, note in notes if named_in_text("contact", case_id, {"note": note}, held)]
    assert found == [1, 2, 3, 7, 9, 10]
    assert named_records("contact", [(1, 5, {"note": "Dean came"})], [WHOLE]) == []  # no one restricted by name
