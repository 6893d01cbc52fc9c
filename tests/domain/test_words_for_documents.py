"""Codes and changes of worker as a reader who knows no codes reads them (a court, a family):
the label alone, and a worker-change reason on the row of the worker who left."""

from datetime import date

from fscli.domain.allocation import changes_in_words
from fscli.domain.codes import ASSESSMENT_FACTOR, CLOSURE_REASON, REFERRAL_SOURCE
from fscli.domain.journey import plan_words


def test_a_code_is_said_with_its_label_in_a_view_and_by_its_label_alone_in_words():
    assert REFERRAL_SOURCE.said("5A") == "5A: LA services: social care (e.g. adult social care)"
    assert CLOSURE_REASON.said("OUTCOMES-MET", words=True) == "Early Help: outcomes met"
    assert CLOSURE_REASON.said("XX9", words=True) == "XX9"  # not in the set: as it was stored
    assert ASSESSMENT_FACTOR.labels("3A,2B") == ["Domestic violence: child subject", "Drug misuse: parent or carer"]


def test_a_view_puts_a_census_reference_before_its_label_and_says_a_word_code_by_its_label():
    """Workers quote census references (N1, RC7, 16A); fscli's own word codes say what the label says."""
    assert CLOSURE_REASON.said("RC7") == "RC7: Services ceased for any other reason, incl. child no longer in need"
    assert CLOSURE_REASON.said("OUTCOMES-MET") == "Early Help: outcomes met"
    assert CLOSURE_REASON.said("MOVED-AWAY") == "Early Help: moved out of the area"
    assert ASSESSMENT_FACTOR.said_all("3A, 16A") == "3A: Domestic violence: child subject; 16A: Abuse or neglect: neglect"
    assert ASSESSMENT_FACTOR.said_all("3A,XX", words=True) == "Domestic violence: child subject; XX"
    assert ASSESSMENT_FACTOR.said_all(None) == ""


def test_a_plan_is_named_with_its_category_in_words():
    assert plan_words("cp", ["NEG", "NEG"]) == "Child protection plan (neglect)"
    assert plan_words("cp", ["PHY", "NEG"]) == "Child protection plan (physical abuse, then neglect)"
    assert plan_words("cin") == "Child in Need plan (s17)"


def test_the_reason_for_a_change_of_worker_is_said_on_the_leaving_workers_row():
    rows = [
        {"worker": "Dee Mensah", "role_code": "social-worker", "start_on": date(2026, 9, 1), "end_on": date(2026, 12, 1), "reason": None},
        {"worker": "Sam Okafor", "role_code": "family-support", "start_on": date(2026, 9, 1), "end_on": None, "reason": None},
        {"worker": "Priya Shah", "role_code": "social-worker", "start_on": date(2026, 12, 1), "end_on": None, "reason": "LEFTRL"},
    ]
    assert changes_in_words(rows) == ["Worker left the role; Priya Shah took over", "", "Took over from Dee Mensah"]
    first = [{"worker": "Ann Cole", "role_code": "key-worker", "start_on": date(2026, 9, 1), "end_on": None, "reason": "MANAGE"}]
    assert changes_in_words(first) == ["Management decision"]  # no one before: the reason stays on its row
