"""The step-down story (stories/step-down-case-study.txt), recorded day by day as it happened.

A one-year-old, Max, referred by the health visitor on what his grandmother told her; a single
assessment; a Child in Need plan for about three months; at the second CIN review the family is
stepped down to Early Help with a family support worker; the JAFF done as an Early Help
assessment; a Team Around the Family review. Each command runs on its own day (FSCLI_TODAY).
"""

import json

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case


def on(monkeypatch, day: str) -> None:
    monkeypatch.setenv("FSCLI_TODAY", day)


def due(cli, ref: str, within: str = "26w") -> dict[str, dict]:
    return {i["rule"]: i for i in json.loads(ok(cli, "due", "--case", ref, "--within", within, "-f", "json").out)}


def episodes(cli, ref: str) -> list[tuple]:
    return [(e["kind"], e["start_on"], e["end_on"], e["end_reason"]) for e in json.loads(ok(cli, "case", "journey", ref, "-f", "json").out)["episodes"]]


def test_the_step_down_story_day_by_day(cli, monkeypatch, db_path, tmp_path):
    on(monkeypatch, "2026-05-25")  # Monday: the health visitor's referral
    ref = open_case(cli, "Brooks family", referred="today", source="3B", reason="Grandmother says Max is hungry after his mum's care; domestic abuse by his father", worker="Helen Price")
    add_person(cli, ref, "Becca Brooks", "parent", dob="02/03/2009", relationship="mother")
    add_person(cli, ref, "Max Davies", "child", dob="10/05/2025", sex="M")
    ok(cli, "case", "referral", ref, "--need", "N1", "--child", "Max Davies")
    assert due(cli, ref)["referral-decision"]["due_on"] == "2026-05-26"

    on(monkeypatch, "2026-05-26")
    ok(cli, "assessment", "start", ref, "--date", "today")
    assert due(cli, ref)["assessment"]["basis"] == "45 working days after the referral (25/05/2026)"
    on(monkeypatch, "2026-07-13")
    ok(cli, "assessment", "complete", ref, "--date", "today", "--factors", "3B,2B,16A", "--outcome", "cin", "--child-seen")
    on(monkeypatch, "2026-07-20")
    ok(cli, "case", "plan", ref, "cin", "--start", "today")
    on(monkeypatch, "2026-08-17")
    ok(cli, "meeting", "log", ref, "--type", "cin-review", "--date", "today", "--decisions", "No further incidents; the plan continues")

    on(monkeypatch, "2026-10-19")  # the second CIN review agrees the step-down
    ok(cli, "meeting", "log", ref, "--type", "cin-review", "--date", "today", "--decisions", "Step down to Early Help; Becca and her partner consent")
    stepped = ok(cli, "case", "step-down", ref, "--date", "today", "--reason", "RC7")
    assert "statutory episode from 25/05/2026 ended RC7" in stepped.err and "Max Davies: CIN plan ended" in stepped.err
    ok(cli, "case", "allocate", ref, "Sam Okafor", "--date", "today", "--reason", "TSPROC")
    # The CIN episode is closed with its census reason on the step-down day; the case stays open.
    assert episodes(cli, ref) == [("statutory", "2026-05-25", "2026-10-19", "RC7"), ("early-help", "2026-10-19", None, None)]
    assert json.loads(ok(cli, "case", "show", ref, "-f", "json").out)["status"] == "open"
    # Early Help's target closure counts from the step-down day, not from the referral in May.
    today = due(cli, ref)
    assert today["target-closure"]["due_on"] == "2027-01-11" and today["target-closure"]["basis"] == "12 weeks after Early Help began (19/10/2026)"
    assert not any(i["state"].startswith("overdue") for i in today.values())

    on(monkeypatch, "2026-10-22")
    ok(cli, "visit", "log", ref, "--type", "joint-visit", "--date", "today", "--seen", "Max Davies", "--note", "Introductions: social worker, family and FSW; the work agreed")
    on(monkeypatch, "2026-10-26")  # the JAFF, as an Early Help assessment
    ok(cli, "assessment", "start", ref, "--date", "today", "--early-help")
    eha = due(cli, ref)["eh-assessment"]
    assert (eha["due_on"], eha["what"], eha["child"]) == ("2026-11-16", "Early Help assessment completed", "Max Davies")
    assert "assessment" not in due(cli, ref)  # not the 45-working-day clock
    on(monkeypatch, "2026-11-20")
    ok(cli, "assessment", "complete", ref, "--date", "today", "--outcome", "early-help")
    on(monkeypatch, "2026-11-23")
    ok(cli, "meeting", "log", ref, "--type", "taf", "--date", "today", "--decisions", "Tenancy viewing booked; Language and Play group on Thursdays")
    assert due(cli, ref)["taf-review"]["due_on"] == "2027-01-04"

    # The EHA is not in the single assessment figure: one assessment, the single one, in time.
    found = {i["key"]: i for i in json.loads(ok(cli, "summary", "--indicators", "--from", "01/04/2026", "--to", "23/11/2026", "-f", "json").out)}
    assert (found["assessments-in-time"]["numerator"], found["assessments-in-time"]["denominator"]) == (1, 1)
    assert found["stepped-down-to-early-help"]["value"] == "100% (1 of 1)"
    chronology = [(e["on_date"], e["event"]) for e in json.loads(ok(cli, "chronology", ref, "-f", "json").out)]
    assert ("2026-10-19", "Stepped down to Early Help") in chronology and ("2026-10-26", "Early Help assessment started") in chronology
    assert rows(db_path, "SELECT count(*) FROM audit WHERE action = 'case.step-down'") == [(1,)]
    # The nightly export carries the episodes.
    ok(cli, "export", "--out", str(tmp_path / "export"), "--format", "ndjson")
    exported = [json.loads(line) for line in (tmp_path / "export" / "episode.ndjson").read_text().splitlines()]
    assert [(e["kind"], e["start_on"], e["end_reason"]) for e in exported] == [("statutory", "2026-05-25", "RC7"), ("early-help", "2026-10-19", None)]


def test_a_step_up_is_a_new_referral_with_its_own_clocks(cli, monkeypatch):
    on(monkeypatch, "2026-09-01")
    ref = ok(cli, "case", "open", "Dunn family", "--referred", "today", "--source", "8", "--reason", "Mum asked the family hub for help", "--early-help").out.strip()
    add_person(cli, ref, "Dani Dunn", "child", dob="10/01/2026")
    assert "referral-decision" not in due(cli, ref)  # a request for Early Help, not a referral
    ok(cli, "case", "plan", ref, "early-help", "--start", "today")
    fails(cli, "case", "plan", ref, "cin", "--start", "today", says="fscli case step-up FS-0001 --date DATE")
    fails(cli, "assessment", "start", ref, "--date", "today", says="for an Early Help assessment add --early-help")

    on(monkeypatch, "2026-11-02")
    stepped = ok(cli, "case", "step-up", ref, "--date", "today", "--reason", "Bruising seen at nursery")
    assert "referred by 5D (LA services: early help)" in stepped.err
    assert episodes(cli, ref) == [("early-help", "2026-09-01", "2026-11-02", "STEPPED-UP"), ("statutory", "2026-11-02", None, None)]
    # The referral decision and the single assessment count from the step-up, not from September.
    assert due(cli, ref)["referral-decision"]["basis"] == "1 working day after the step-up (02/11/2026)"
    on(monkeypatch, "2026-11-03")
    ok(cli, "assessment", "start", ref, "--date", "today")
    assert due(cli, ref)["assessment"]["basis"] == "45 working days after the step-up (02/11/2026)"


def test_a_step_down_refuses_what_the_census_would_not_take(cli, monkeypatch, db_path):
    ref = open_case(cli, "Wilson family", referred="19/10/2026", source="3E")
    add_person(cli, ref, "Harper Wilson", "child", dob="02/11/2025")
    ok(cli, "s47", "start", ref, "--date", "20/10/2026", "--child", "Harper Wilson")
    ok(cli, "s47", "outcome", ref, "--child", "Harper Wilson", "--icpc", "03/11/2026")
    ok(cli, "case", "plan", ref, "cp", "--start", "03/11/2026", "--category", "NEG")
    before = table_counts(db_path)
    fails(cli, "case", "step-down", ref, "--date", "today", "--reason", "RC7", says="not direct from child protection")
    fails(cli, "case", "step-down", ref, "--date", "today", "--reason", "RC8", says="--reason 'RC8': a step-down to Early Help ends the statutory episode with RC9")
    fails(cli, "case", "step-down", ref, "--date", "today", "--reason", "RC99", says="--reason 'RC99': is not a valid closure reason code")
    fails(cli, "case", "step-down", ref, "--date", "01/10/2026", "--reason", "RC7", says="is before the statutory episode began (19/10/2026)")
    fails(cli, "case", "step-up", ref, "--date", "today", says="is in a statutory episode already")
    assert table_counts(db_path) == before
    ok(cli, "case", "plan", ref, "cin", "--start", "today")  # the review conference steps down to CIN
    fails(cli, "case", "step-down", ref, "--date", "today", "--reason", "RC9", says="no single assessment was completed in this episode")
    # Statutory work closes with its census reason; Early Help that follows it is a step-down.
    fails(cli, "case", "close", ref, "--date", "today", "--reason", "outcomes-met", says="fscli case step-down FS-0001 --date DATE --reason RC7")
    ok(cli, "case", "step-down", ref, "--date", "today", "--reason", "RC7")
    fails(cli, "case", "step-down", ref, "--date", "today", "--reason", "RC7", says="is in an Early Help episode already")
    ok(cli, "case", "close", ref, "--date", "today", "--reason", "outcomes-met")
