"""`fscli db check` finds records that contradict their case: after a bad merge every foreign key
still pointed at a row that existed, so the check passed while a family's visit named another
family's children as seen (issue 22 §3)."""

import os

from fscli.errors import ExitCode
from tests.conftest import execute, rows
from tests.factories import add_person, family, ok, open_case


def _two_families(cli) -> tuple[str, str]:
    hart = family(cli)
    okoro = open_case(cli, "Okoro family")
    add_person(cli, okoro, "Grace Okoro", "child", dob="03/03/2019")
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart")
    ok(cli, "goal", "add", hart, "Mum feels confident at bedtime", "--for", "Kerry Hart")
    ok(cli, "goal", "score", f"{hart}/1", "3", "--by", "Kerry Hart", "--date", "04/11/2026")
    return hart, okoro


def test_a_caseload_whose_records_agree_with_their_cases_passes(cli):
    _two_families(cli)
    checked = ok(cli, "db", "check")
    assert "records and their case: " in checked.out and "agree with their case" in checked.out


def test_a_visit_that_saw_another_familys_child_is_found(cli):
    hart, okoro = _two_families(cli)
    db = os.environ["FSCLI_DB"]
    grace = rows(db, "SELECT id FROM person WHERE name = 'Grace Okoro'")[0][0]
    execute(db, ("UPDATE contact_party SET person_id = ? WHERE person_id IS NOT NULL", grace))
    result = cli("db", "check")
    assert result.code == ExitCode.DATA, result
    assert "records and their case: 1 records contradict their case" in result.out
    assert f"contact_party 1 belongs to case {hart}, but its person_id is person {grace} of case {okoro}" in result.err


def test_a_score_by_another_familys_mother_and_a_plan_for_another_familys_child_are_found(cli):
    hart, okoro = _two_families(cli)
    db = os.environ["FSCLI_DB"]
    grace = rows(db, "SELECT id FROM person WHERE name = 'Grace Okoro'")[0][0]
    ok(cli, "case", "plan", okoro, "cin", "--start", "10/11/2026", "--child", "Grace Okoro")
    execute(db, ("UPDATE goal_score SET rater_person_id = ?", grace), ("UPDATE plan SET case_id = (SELECT id FROM cases WHERE ref = ?)", hart))
    result = cli("db", "check")
    assert result.code == ExitCode.DATA and "2 records contradict their case" in result.out, result
    assert f"goal_score 1 belongs to case {hart}, but its rater_person_id is person {grace} of case {okoro}" in result.err
    assert "plan 1 belongs to case" in result.err


def test_every_way_a_record_reaches_a_case_is_checked():
    """Derived from the models: a new table or column pointing at a person, goal, contact... is checked without a list to keep."""
    from fscli.store.cross_case import cross_references

    found = {(c.table, c.column) for c in cross_references()}
    assert {("contact_party", "person_id"), ("contact_party", "agency_id"), ("goal_score", "rater_person_id"), ("plan", "person_id"),
            ("assessment", "person_id"), ("s47", "person_id"), ("goal", "person_id"), ("family_detail", "person_id"),
            ("planned_visit", "fulfilled_by"), ("planned_visit", "held_as"), ("contact", "corrects_id"), ("meeting_case", "meeting_id")} <= found  # fmt: skip


def test_a_corrected_name_whose_history_names_another_familys_person_is_found(cli):
    hart, okoro = _two_families(cli)
    ok(cli, "person", "set", hart, "Lily Hart", "--name", "Lilly Hart", "--reason", "Spelt as on her birth certificate")
    db = os.environ["FSCLI_DB"]
    grace = rows(db, "SELECT id FROM person WHERE name = 'Grace Okoro'")[0][0]
    execute(db, ("UPDATE field_history SET entity_id = ? WHERE entity = 'person'", grace))
    result = cli("db", "check")
    assert result.code == ExitCode.DATA and f"field_history 1 belongs to case {hart}, but its entity_id is person {grace} of case {okoro}" in result.err, result
