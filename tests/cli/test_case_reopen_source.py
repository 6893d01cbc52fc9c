"""A case reopened on a new referral takes that referral's source (the code set of 'case open'),
so the census return says where the new referral came from instead of 10 (unknown)."""

from __future__ import annotations

import json

import pytest

from tests.conftest import rows
from tests.factories import add_person, fails, ok, open_case


def reopened(cli, *source: str) -> str:
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "case", "referral", ref, "--need", "N4", "--nfa")
    ok(cli, "case", "close", ref, "--date", "03/06/2026", "--reason", "RC8", "--summary", "-", input="No further action.\n")
    ok(cli, "case", "reopen", ref, "--date", "01/10/2026", "--reason", "School worried about attendance", *source)
    return ref


def stand_ins(cli) -> list[str]:
    return [p["problem"] for p in json.loads(ok(cli, "return", "cin", "--check", "--format", "json").out) if "a reopening" in p["problem"]]


def test_a_reopening_with_its_source_is_returned_with_it(cli, tmp_path):
    reopened(cli, "--source", "2A")
    assert stand_ins(cli) == []
    out = tmp_path / "cin.xml"
    ok(cli, "return", "cin", "--year", "2026-27", "--la", "938", "--out", str(out))
    assert [s.split(">")[1].split("<")[0] for s in out.read_text().split("<ReferralSource")[1:]] == ["3B", "2A"]


def test_a_reopening_without_a_source_is_written_unknown_and_said(cli):
    reopened(cli)
    (said,) = stand_ins(cli)
    assert "written as 10 (unknown)" in said


def test_a_reopening_s_source_learned_later_is_put_right_with_case_set(cli, tmp_path, db_path):
    """The hint said 'case reopen --source', refused on an open case: the source could never be recorded."""
    ref = reopened(cli)
    put = ok(cli, "case", "set", ref, "--source", "2A", "--reason", "The school referred the reopening")
    assert "The source of FS-0001's latest referral is put right; the old source is kept in the history" in put.err
    assert stand_ins(cli) == []
    out = tmp_path / "cin.xml"
    ok(cli, "return", "cin", "--year", "2026-27", "--la", "938", "--out", str(out))
    assert [s.split(">")[1].split("<")[0] for s in out.read_text().split("<ReferralSource")[1:]] == ["3B", "2A"], "the first referral's source is untouched"
    fails(cli, "case", "set", ref, "--source", "2A", "--reason", "again", says="is the source of")
    fails(cli, "case", "set", ref, "--source", "ZZ", "--reason", "typo", says="--source")
    assert rows(db_path, "SELECT entity, field, old_value, new_value FROM field_history") == [("episode", "referral_source", None, "2A")]


@pytest.mark.parametrize(("extra", "says"), [(["--source", "ZZ"], "--source"), (["--source", "2A", "--early-help"], "an Early Help episode records none")])
def test_a_bad_source_is_refused_in_one_line_and_the_case_stays_closed(cli, extra, says):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    ok(cli, "case", "referral", ref, "--need", "N4", "--nfa")
    ok(cli, "case", "close", ref, "--date", "03/06/2026", "--reason", "RC8", "--summary", "-", input="No further action.\n")
    fails(cli, "case", "reopen", ref, "--date", "01/10/2026", "--reason", "again", *extra, code=1, says=says)
    assert json.loads(ok(cli, "case", "show", ref, "-f", "json").out)["status"] == "closed"


@pytest.mark.parametrize("source", [("--source", "2A"), ()], ids=["with its source", "without"])
def test_a_reopening_is_one_re_referral_whether_or_not_its_source_is_recorded(cli, source):
    """A reopening's episode with a source of its own was read as a step-up from Early Help as well:
    one family referred again counted as two referrals and two re-referrals (2 of 3 for 1 of 2)."""
    ref = reopened(cli, *source)
    shown = {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "--from", "01/06/2026", "--to", "23/11/2026", "-f", "json").out)}
    assert (shown["re-referrals"]["numerator"], shown["re-referrals"]["denominator"]) == (1, 2)
    listed = json.loads(ok(cli, "summary", "--indicators", "--list", "re-referrals", "--from", "01/06/2026", "--to", "23/11/2026", "-f", "json").out)
    assert [(r["ref"], r["detail"]) for r in listed] == [(ref, "reopened; last closed 03/06/2026")]
