"""Which contacts see the child, and which do a planned visit: one rule, read without a database."""

import pytest

from fscli.domain.codes import CONTACT_TYPE
from fscli.domain.contacts import NOT_FACE_TO_FACE, face_to_face_sql, fulfils, is_face_to_face

IN_PERSON = ("home-visit", "statutory-visit", "joint-visit", "supervised-contact", "office", "school", "hospital", "direct-work")


def test_every_contact_type_is_either_face_to_face_or_not():
    assert set(NOT_FACE_TO_FACE) | set(IN_PERSON) == {c.code for c in CONTACT_TYPE.codes}
    assert all(is_face_to_face(kind) for kind in IN_PERSON)
    assert not any(is_face_to_face(kind) for kind in NOT_FACE_TO_FACE)


def test_a_video_call_does_not_see_the_child():
    assert not is_face_to_face("video")


@pytest.mark.parametrize("planned", ["home-visit", "statutory-visit", "joint-visit", "supervised-contact", "direct-work"])
def test_a_video_call_does_not_do_a_planned_face_to_face_visit(planned):
    assert not fulfils("video", planned)


def test_a_video_or_phone_call_does_a_planned_call_of_its_own_kind_only():
    assert fulfils("video", "video") and fulfils("phone", "phone")
    assert not fulfils("video", "phone") and not fulfils("phone", "video")


@pytest.mark.parametrize("planned", ["home-visit", "statutory-visit", "video", "phone"])
def test_a_face_to_face_visit_does_any_planned_visit_or_call_near_it(planned):
    assert fulfils("home-visit", planned) and fulfils("statutory-visit", planned)


@pytest.mark.parametrize("contact", ["phone", "message", "no-access"])
@pytest.mark.parametrize("planned", ["home-visit", "statutory-visit", "video"])
def test_a_phone_call_a_message_or_no_access_does_no_planned_visit(contact, planned):
    assert not fulfils(contact, planned)


@pytest.mark.parametrize("contact", ["message", "no-access"])
def test_a_message_or_no_access_does_not_even_a_plan_of_its_own_kind(contact):
    assert not fulfils(contact, contact)


def test_the_sql_condition_names_exactly_the_kinds_that_are_not_face_to_face():
    sql = face_to_face_sql("k.kind")
    assert sql.startswith("k.kind NOT IN (")
    assert {c.code for c in CONTACT_TYPE.codes if f"'{c.code}'" in sql} == set(NOT_FACE_TO_FACE)


def test_only_codes_of_the_set_are_written_into_sql():
    assert CONTACT_TYPE.sql_list(("phone", "video")) == "('phone', 'video')"
    for bad in (("phone", "x') OR 1=1 --"), ("teleport",), ()):
        with pytest.raises(ValueError, match="not contact-type codes"):
            CONTACT_TYPE.sql_list(bad)
