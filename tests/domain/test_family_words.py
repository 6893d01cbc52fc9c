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
