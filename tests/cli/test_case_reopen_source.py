"""A case reopened on a new referral takes that referral's source (the code set of 'case open'),
so the census return says where the new referral came from instead of 10 (unknown)."""

from __future__ import annotations

import json

import pytest

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


@pytest.mark.parametrize(("extra", "says"), [(["--source", "ZZ"], "--source"), (["--source", "2A", "--early-help"], "an Early Help episode records none")])
def test_a_bad_source_is_refused_in_one_line_and_the_case_stays_closed(cli, extra, says):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    ok(cli, "case", "referral", ref, "--need", "N4", "--nfa")
    ok(cli, "case", "close", ref, "--date", "03/06/2026", "--reason", "RC8", "--summary", "-", input="No further action.\n")
    fails(cli, "case", "reopen", ref, "--date", "01/10/2026", "--reason", "again", *extra, code=1, says=says)
    assert json.loads(ok(cli, "case", "show", ref, "-f", "json").out)["status"] == "closed"
