"""'case show' lists the family's problems in the running year's CIN return, as --check says them,
in a short section only when there are some; another family's problems are not theirs."""

from __future__ import annotations

import json

from tests.factories import add_person, ok, open_case


def census_section(cli, ref):
    shown = json.loads(ok(cli, "case", "show", ref, "--format", "json").out)
    return shown.get("census")


def test_case_show_lists_the_familys_return_problems_until_the_worker_records_what_they_ask(cli):
    ref = open_case(cli, "Ward family", referred="02/06/2026")
    add_person(cli, ref, "Sky Ward", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "assessment", "start", ref, "--date", "16/11/2026")  # a week ago: not yet late (8670Q)
    other = open_case(cli, "Hart family", referred="02/06/2026")
    add_person(cli, other, "Lily Hart", dob="01/02/2024", sex="F", ethnicity="WBRI")
    ok(cli, "case", "referral", other, "--need", "N4", "--further-action")

    (problem,) = census_section(cli, ref)
    assert (problem["rule"], problem["child"], problem["query"]) == ("8610", "Sky Ward", 0)
    assert "no primary need" in problem["problem"] and problem["fix"].startswith(f"fscli case referral {ref} --need")
    table = ok(cli, "case", "show", ref, "--format", "table").out
    assert "CIN return 2026-27: 1 error to put right, 0 to check" in table

    assert census_section(cli, other) is None  # a clean family shows no section at all
    ok(cli, "case", "referral", ref, "--need", "N4")
    assert census_section(cli, ref) is None
    assert "CIN return" not in ok(cli, "case", "show", ref, "--format", "table").out
