"""A baby is born: the diary week's newborn, on a CP plan from the pre-birth conference (issue 20 §1).

Wilma Grant's baby was due on Mon 30 Nov 2026; a pre-birth ICPC on Tue 15 Sep put the unborn baby on
a CP plan. He was born on the Monday evening of the diary week (16 Nov), the hospital discharge
meeting was on the Thursday, and the worker saw him at home on the next Monday (23 Nov).
"""

import json

import pytest

from tests.conftest import rows
from tests.factories import add_person, fails, ok, open_case


def as_json(cli, *args):
    return json.loads(ok(cli, *args, "-f", "json").out)


def due(cli, ref, *args):
    return {(i["rule"], i["child"]): i for i in as_json(cli, "due", "--case", ref, *args)}


@pytest.fixture
def grant(cli, monkeypatch):
    """The Grant family from the referral to the pre-birth ICPC: an unborn baby on a CP plan."""
    monkeypatch.setenv("FSCLI_TODAY", "2026-08-03")
    ref = open_case(cli, "Grant family", referred="03/08/2026", source="3D", reason="Midwife: older children not in mother's care", worker="Sam Okafor")
    add_person(cli, ref, "Wilma Grant", "parent", dob="02/03/1998", sex="F", relationship="mother")
    add_person(cli, ref, "Baby Grant", "child", due="30/11/2026")
    monkeypatch.setenv("FSCLI_TODAY", "2026-09-01")
    ok(cli, "s47", "start", ref, "--date", "01/09/2026", "--child", "Baby Grant")
    monkeypatch.setenv("FSCLI_TODAY", "2026-09-15")
    ok(cli, "s47", "outcome", ref, "--child", "Baby Grant", "--icpc", "15/09/2026")
    ok(cli, "case", "plan", ref, "cp", "--start", "15/09/2026", "--child", "Baby Grant", "--category", "NEG")
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-23")  # the Monday after the birth, unless the story says otherwise
    return ref


def test_the_baby_born_in_the_diary_week_keeps_the_plan_from_the_icpc_and_is_counted_once(cli, grant, monkeypatch, isolated):
    # Thursday: the discharge meeting at the hospital, and the birth of Monday evening recorded.
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-19")
    assert ("cp-visit", "Baby Grant") not in due(cli, grant)  # an unborn child cannot be seen: no visit is overdue
    ok(cli, "meeting", "log", grant, "--type", "discharge-planning", "--date", "today 10am", "--with", "Wilma Grant, midwife, health visitor")
    said = ok(cli, "person", "born", grant, "Baby Grant", "--dob", "monday", "--name", "Ellis Grant", "--sex", "M").err
    assert "FS-0001: Baby Grant was born on Mon 16 Nov 2026, 2 weeks before the expected date (30/11/2026), now Ellis Grant; sex M; age newborn." in said
    assert "Ellis Grant's CP plan from 15/09/2026 carries on." in said
    assert due(cli, grant)[("cp-visit", "Ellis Grant")]["basis"] == "10 working days after Ellis Grant's birth (16/11/2026)"
    # The same record: one child, born, on the plan that began at the ICPC; the audit says what changed.
    people = rows(isolated, "SELECT name, dob, due_on, sex FROM person WHERE role = 'child'")
    assert people == [("Ellis Grant", "2026-11-16", None, "M")]
    assert rows(isolated, "SELECT p.kind, p.start_on, pe.name FROM plan p JOIN person pe ON pe.id = p.person_id") == [("cp", "2026-09-15", "Ellis Grant")]
    assert json.loads(rows(isolated, "SELECT detail FROM audit WHERE action = 'person.born'")[0][0])["fields"] == ["dob", "due_on", "name", "sex"]

    # The first review conference now falls 10 working days after the birth, sooner than 3 months after the ICPC.
    review = due(cli, grant, "--within", "90d")[("cp-review-after-birth", "Ellis Grant")]  # the child whose birth set the date
    assert review["due_on"] == "2026-11-30" and review["what"] == "First review child protection conference"
    assert ("cp-review-first", None) not in due(cli, grant, "--within", "90d")

    # Monday: seen at home. The statutory visit is no longer overdue, and it is Ellis's, not Baby Grant's.
    monkeypatch.setenv("FSCLI_TODAY", "2026-11-23")
    ok(cli, "visit", "log", grant, "--type", "home-visit", "--date", "today 10am", "--with", "Wilma Grant", "--seen", "Ellis Grant", "--note", "Ellis feeding well, settled in his cot")
    visits = [i for i in as_json(cli, "due", "--within", "90d") if i["rule"] == "cp-visit"]
    assert [(i["child"], i["due_on"], i["state"]) for i in visits] == [("Ellis Grant", "2026-12-07", "later")]

    # Counted once, as a baby under 1, in the summary and the indicators.
    summary = as_json(cli, "summary")
    assert summary["children"] == 1
    assert [(a["group"], a["children"]) for a in summary["age"]] == [("under 1", 1)]
    seen = {i["key"]: i for i in as_json(cli, "summary", "--indicators")}["cp-visits-in-time"]
    assert (seen["numerator"], seen["denominator"]) == (1, 1)

    # The family on a page: his age and date of birth; the journey follows him from the s47.
    show = as_json(cli, "case", "show", grant)
    assert [(p["name"], p["age"], p["dob"], p["due_on"]) for p in show["people"] if p["role"] == "child"] == [("Ellis Grant", "1 week", "2026-11-16", None)]
    assert {(j["child"], j["event"]) for j in show["journey"]} >= {("Ellis Grant", "Section 47 started"), ("Ellis Grant", "ICPC held"), ("Ellis Grant", "CP plan started")}

    # The chronology is his from the start; a birth it lists is on the day he was born.
    events = as_json(cli, "chronology", grant)
    assert {e["child"] for e in events if e["event"] == "CP plan started"} == {"Ellis Grant"}
    assert all(e["on_date"] == "2026-11-16" for e in events if "birth" in e["event"].lower() or "born" in e["event"].lower())


@pytest.mark.parametrize("args,says", [
    (["Wilma Grant", "--dob", "16/11/2026"], "NAME 'Wilma Grant': is recorded as a parent: only an unborn child can be born"),
    (["Baby Grant", "--dob", "25/11/2026"], "--dob '25/11/2026': a date of birth cannot be in the future (today is 23/11/2026)"),
    (["Baby Grant", "--dob", "16/11/2025"], "--dob '16/11/2025': is 54 weeks 1 day before Baby Grant's expected date (30/11/2026)"),
    (["Baby Grant", "--dob", "16/11/2026", "--name", "wilma grant"], "--name 'wilma grant': is already a member of case FS-0001"),
    (["Baby Grant", "--dob", "16/11/2026", "--sex", "X"], "--sex 'X': is not a valid sex code"),
    (["Baby Grunt", "--dob", "16/11/2026"], "NAME 'Baby Grunt': is not in case FS-0001 (people: "),
])
def test_a_birth_that_cannot_be_true_is_refused_and_nothing_is_written(cli, grant, isolated, args, says):
    before = rows(isolated, "SELECT count(*) FROM audit")
    fails(cli, "person", "born", grant, *args, says=says)
    assert rows(isolated, "SELECT count(*) FROM audit") == before
    assert rows(isolated, "SELECT name, dob, due_on FROM person WHERE role = 'child'") == [("Baby Grant", None, "2026-11-30")]


def test_a_child_already_born_or_with_no_expected_date_is_not_born_again(cli, grant):
    ok(cli, "person", "born", grant, "Baby Grant", "--dob", "16/11/2026")
    fails(cli, "person", "born", grant, "baby grant", "--dob", "16/11/2026", says="NAME 'Baby Grant': was born on 16/11/2026 already")
    add_person(cli, grant, "Kai Grant", "child")
    fails(cli, "person", "born", grant, "Kai Grant", "--dob", "16/11/2026", says="is not recorded as unborn (no expected date of birth)")


def test_the_first_review_keeps_its_3_months_when_the_birth_comes_later(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_TODAY", "2026-10-01")
    ref = open_case(cli, "Lane family", referred="01/10/2026", source="3D", reason="Pre-birth concerns")
    add_person(cli, ref, "Baby Lane", "child", due="15/03/2027")
    ok(cli, "s47", "start", ref, "--date", "01/10/2026", "--child", "Baby Lane")
    monkeypatch.setenv("FSCLI_TODAY", "2026-10-15")
    ok(cli, "s47", "outcome", ref, "--child", "Baby Lane", "--icpc", "15/10/2026")
    ok(cli, "case", "plan", ref, "cp", "--start", "15/10/2026", "--child", "Baby Lane", "--category", "EMO")
    monkeypatch.setenv("FSCLI_TODAY", "2027-01-13")
    ok(cli, "person", "born", ref, "Baby Lane", "--dob", "yesterday", "--name", "Rosa Lane", "--sex", "F")
    found = due(cli, ref, "--within", "90d")
    assert found[("cp-review-first", None)]["due_on"] == "2027-01-15"  # 3 months after the ICPC comes before 10 working days after the birth
    assert not [rule for rule, _ in found if rule == "cp-review-after-birth"]


def test_the_review_after_the_birth_counts_in_the_indicator_of_first_reviews_in_time(cli, grant, monkeypatch):
    ok(cli, "person", "born", grant, "Baby Grant", "--dob", "16/11/2026", "--name", "Ellis Grant")
    monkeypatch.setenv("FSCLI_TODAY", "2026-12-04")

    def first_reviews():
        found = {i["key"]: i for i in as_json(cli, "summary", "--indicators", "--from", "01/11/2026", "--to", "04/12/2026")}["cp-reviews-in-time"]
        return found["numerator"], found["denominator"]

    assert first_reviews() == (0, 1)  # due on Mon 30 Nov, 10 working days after the birth; not held
    ok(cli, "meeting", "log", grant, "--type", "rcpc", "--date", "27/11/2026")
    assert first_reviews() == (1, 1)


def test_an_unborn_baby_cannot_be_seen_at_a_visit(cli, grant, isolated):
    """A visit before the birth must not stop the baby's CP visit clock: 'seen' is refused, and the
    worker is told to record the birth first if the baby has come."""
    before = rows(isolated, "SELECT count(*) FROM contact")
    refused = fails(cli, "visit", "log", grant, "--type", "statutory-visit", "--date", "yesterday", "--seen", "Baby Grant", says="--seen 'Baby Grant': was not born on")
    assert "fscli person born FS-0001 'Baby Grant' --dob DATE" in refused.err
    assert rows(isolated, "SELECT count(*) FROM contact") == before
