"""The family's plan names what happens next in their words: no booking references, a visit as a visit."""

from fscli.domain.family_words import next_step


def test_a_booked_visit_is_a_visit_from_the_worker_with_no_reference():
    assert next_step("Planned statutory visit (B11)", "B11") == "A visit from your worker"
    assert next_step("Planned home visit (B3, 10:00)", "B3") == "A visit from your worker"
    assert next_step("Planned school visit (B4)", "B4") == "A visit from your worker (school)"


def test_a_booked_meeting_keeps_its_name_and_loses_its_reference():
    assert next_step("Core group (booked: B9, 14:30)", "B9") == "Core group"
    assert next_step("Team Around the Family review", None) == "Team Around the Family review"
    assert next_step("Core group (booked: B19)", "B1") == "Core group (booked: B19)"  # another booking's reference is not this one's


def test_the_professionals_labels_have_family_words_in_one_home():
    from fscli.domain import family_words as words

    assert words.agency("school", "School or nursery (designated safeguarding lead)") == "School or nursery"
    assert words.agency("youth-justice", "Youth justice / YOT") == "Youth justice service"
    assert words.agency("voluntary", "Other voluntary sector") == "Community or charity service"
    assert words.agency("gp", "GP") == "GP"  # a label a family already uses is kept
    assert words.review("cin-review", "CIN review") == "Review meeting of your child in need plan"
    assert words.review("lac-review-second", "Second LAC review") == "Second review of your child's care plan"
    assert words.review("cp-review-first", "First review child protection conference") == "First review meeting of your child protection plan"
    assert words.meeting("agency-appointment", "Appointment with a parent at another agency") == "An appointment at another service, with your worker"


def test_a_worker_with_two_roles_is_one_person_with_both_in_family_words():
    from fscli.domain.family_words import roles

    assert roles(["key-worker", "lead-practitioner"]) == "Your key worker; leads the help for your family (Early Help)"
    assert roles(["social-worker"]) == "Your social worker"


def test_a_visit_with_no_place_is_at_home_and_a_meeting_with_none_says_nothing():
    from fscli.domain.family_words import where

    assert where(None, visit=True) == "at your home"
    assert where(None, visit=False) is None
    assert where("Citizens Advice Northgate", visit=False) == "Citizens Advice Northgate"


def test_the_family_are_called_by_their_first_names_unless_two_share_one():
    from fscli.domain.family_words import first_names

    assert first_names(["Michelle Brook", "Jayden Brook"]) == {"Michelle Brook": "Michelle", "Jayden Brook": "Jayden"}
    assert first_names(["Mark Lewis", "Mark Lewis Jr", "Tia Lewis"]) == {"Mark Lewis": "Mark Lewis", "Mark Lewis Jr": "Mark Lewis Jr", "Tia Lewis": "Tia"}
