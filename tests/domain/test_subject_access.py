"""Whose records a subject access request is about, which text names them or others, and when the answer is due."""

from datetime import date

from fscli.domain import subject_access as sar
from fscli.domain.subject_access import Appearance, OpenRequest
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar

DAN = Appearance(1, 10, "FS-0001", "Dan Hart", date(1990, 3, 2))
CALENDAR = WorkingCalendar.of(set())


def test_the_same_name_and_date_of_birth_in_another_case_is_the_same_person():
    elsewhere = Appearance(7, 20, "FS-0002", "  dan   HART ", date(1990, 3, 2))
    found = sar.match(DAN, [DAN, elsewhere])
    assert [a.ref for a in found.included] == ["FS-0001", "FS-0002"]
    assert found.possible == ()


def test_the_same_name_with_another_date_of_birth_is_someone_else():
    son = Appearance(8, 30, "FS-0003", "Dan Hart", date(2012, 6, 1))
    assert sar.match(DAN, [DAN, son]).included == (DAN,)
    assert sar.match(DAN, [DAN, son]).possible == ()


def test_a_same_name_row_with_no_date_of_birth_is_only_possibly_them_until_the_officer_names_its_case():
    undated = Appearance(9, 40, "FS-0004", "Dan Hart")
    found = sar.match(DAN, [DAN, undated])
    assert found.included == (DAN,) and found.possible == (undated,)
    named = sar.match(DAN, [DAN, undated], frozenset({"fs-0004"}))
    assert named.included == (DAN, undated) and named.possible == ()


def test_the_same_child_id_is_the_same_child_whatever_the_name():
    child = Appearance(2, 10, "FS-0001", "Lily Hart", date(2017, 2, 14), "LC000002")
    renamed = Appearance(2, 10, "FS-0001", "Lily Moss", None, "lc000002")
    assert sar.match(child, [renamed]).included == (renamed,)


def test_an_also_that_names_no_possible_match_is_an_officers_slip():
    found = sar.match(DAN, [DAN])
    assert sar.unknown_also(frozenset({"FS-0009"}), found) == ["FS-0009"]
    assert sar.unknown_also(frozenset({"fs-0001"}), found) == []


def test_a_text_names_someone_by_their_whole_name_or_their_first_name_as_a_name():
    assert sar.names("Spoke to DAN HART at school", "Dan Hart")
    assert sar.names("Dan came by", "Dan Hart")
    assert not sar.names("Danger at the flat", "Dan Hart")
    assert not sar.names("dan came by", "Dan Hart"), "a first name is a name when written as one"
    assert not sar.names("Dan from housing rang", "Dan Hart", given_name=False)
    assert sar.names("May said no", "May Ross") and not sar.names("Kerry may call", "May Ross")


def test_the_others_a_text_names_are_listed_never_the_subject():
    texts = ["Dan and Kerry argued; Lily quiet", "Oakfield Primary rang"]
    assert sar.others_named(texts, ["Kerry Hart", "Lily Hart", "Dan Hart", "Oakfield Primary", "Amy Moss"], "Dan Hart") == ["Kerry Hart", "Lily Hart", "Oakfield Primary"]


def test_someone_sharing_the_subjects_first_name_is_named_only_in_full():
    assert sar.others_named(["Dan came"], ["Dan Moss"], "Dan Hart") == []
    assert sar.others_named(["Dan Moss came"], ["Dan Moss"], "Dan Hart") == ["Dan Moss"]
    # Someone of the pack's other case: named whole, never by a first name alone (anyone's Amy).
    assert sar.others_named(["stays at Amy's"], ["Amy Moss"], "Dan Hart", whole=frozenset({"Amy Moss"})) == []
    assert sar.others_named(["stays at Amy Moss's"], ["Amy Moss"], "Dan Hart", whole=frozenset({"Amy Moss"})) == ["Amy Moss"]


def test_a_meetings_attendees_are_read_as_names():
    assert sar.listed_names("Kerry Hart, Jo Reed (health visitor); Oakfield Primary and Dan Hart") == ["Kerry Hart", "Jo Reed", "Oakfield Primary", "Dan Hart"]


def test_the_answer_is_due_after_the_profiles_period_and_an_extension_adds_the_profiles_extension():
    profile = Profile.default()
    assert sar.due_on(date(2026, 12, 1), profile, CALENDAR) == date(2027, 1, 1)
    assert sar.extended_to(date(2027, 1, 1), profile, CALENDAR) == date(2027, 3, 1)


def test_a_deadline_on_a_weekend_moves_to_the_next_working_day_as_the_ico_says():
    """The ICO: the same date next month; when that is not a working day, the next working day
    (fscli's other calendar rules bring such a deadline forward to the working day before)."""
    profile = Profile.default()
    assert sar.due_on(date(2026, 10, 28), profile, CALENDAR) == date(2026, 11, 30)  # 28/11 is a Saturday
    assert sar.extended_to(date(2026, 11, 30), profile, CALENDAR) == date(2027, 2, 1)  # 30/01/2027 is a Saturday
    assert Profile.default().interval("cp-review-first").after(date(2026, 11, 14), CALENDAR) == date(2027, 2, 12)  # Sunday 14/02: back to the Friday
    assert profile["subject-access"].on_non_working_day().startswith("next working day (ICO right of access guidance")
    assert profile["cp-review-first"].on_non_working_day() == "working day before" and profile["cp-visit"].on_non_working_day() == ""


def test_a_team_that_overrides_the_period_moves_the_due_date():
    profile, problems = Profile.default().overridden({"subject-access": "20 working days"}, "team profile")
    assert not problems
    assert sar.due_on(date(2026, 12, 1), profile, CALENDAR) == date(2026, 12, 29)


def test_an_open_request_is_its_recorders_duty_and_says_whose_records():
    profile = Profile.default()
    item = sar.due_item(OpenRequest(3, date(2026, 12, 1), date(2027, 1, 1), None, "Pat Doyle", 10, "FS-0003", "Hart family", "Dan Hart"), profile)
    assert (item.what, item.due_on, item.worker, item.role, item.rule) == ("Subject access request answered — Dan Hart (FS-0003)", date(2027, 1, 1), "Pat Doyle", "recorder", "subject-access")
    extended = sar.due_item(OpenRequest(3, date(2026, 12, 1), date(2027, 1, 1), date(2027, 3, 1), "Pat Doyle", 10, "FS-0003", "Hart family", "Dan Hart"), profile)
    assert extended.due_on == date(2027, 3, 1) and extended.rule == "subject-access-extension"


def test_a_request_whose_case_was_erased_keeps_its_dates_alone():
    item = sar.due_item(OpenRequest(4, date(2026, 12, 1), date(2027, 1, 1), None, "Pat Doyle"), Profile.default())
    assert item.what == "Subject access request answered — SAR4, its case erased"
    assert item.ref == "" and item.due_on == date(2027, 1, 1)


def test_a_request_is_named_as_due_lists_it():
    assert [sar.request_number(n) for n in ("SAR4", "sar4", " 4 ", "SAR", "B4", "SAR-4")] == [4, 4, 4, None, None, None]
    assert sar.request_name(4) == "SAR4"


def test_an_agency_is_named_only_in_full_as_its_first_word_is_often_a_place():
    assert sar.others_named(["22 Larch Avenue, Birchwood"], ["Birchwood Primary"], "Kerry Ashworth", frozenset({"Birchwood Primary"})) == []
    assert sar.others_named(["Birchwood Primary rang"], ["Birchwood Primary"], "Kerry Ashworth", frozenset({"Birchwood Primary"})) == ["Birchwood Primary"]


def test_the_request_is_its_recorders_and_a_team_cannot_give_it_to_a_role_on_the_case():
    assert Profile.default()["subject-access"].owner == "recorder"
    _, problems = Profile.default().owned({"subject-access": "social-worker"}, "team.toml")
    assert [p.value for p in problems] == ["subject-access"]
