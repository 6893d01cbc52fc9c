"""Two workers on one family, each in a role: the diary week's joint visit to Jane and Scott with
their social worker, and the step-down story's joint visit of social worker, family and FSW.

Whose each duty is comes from the practice profile: the statutory clocks are the allocated social
worker's, the Early Help clocks the lead practitioner's, a task its recorder's."""

import json
import os

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case

THURSDAY = "2026-11-26"  # the diary week's Thursday (the suite's today is Monday 23/11/2026)


@pytest.fixture
def lane(cli):
    """Jane and Scott, expecting a baby in November: their social worker is assessing them, an
    enquiry began on Friday 13/11 (the ICPC is due within 15 working days: next week), and the
    family support worker joined the case to help with debts and the pregnancy group."""
    ref = open_case(cli, "Lane family", referred="02/11/2026", source="3D", reason="Midwife worried: both parents' older children are not in their care")
    add_person(cli, ref, "Jane Lane", "parent", sex="F", relationship="mother")
    add_person(cli, ref, "Scott Lane", "parent", sex="M", relationship="father")
    add_person(cli, ref, "Baby Lane", "child", due="30/11/2026")
    ok(cli, "case", "allocate", ref, "Dee Campbell", "--role", "social-worker", "--date", "02/11/2026")
    shared = ok(cli, "case", "share", ref, "Sam Okafor", "--role", "family-support", "--date", "16/11/2026")
    assert "with Sam Okafor as family support worker from Mon 16 Nov 2026" in shared.err
    ok(cli, "assessment", "start", ref, "--date", "02/11/2026", "--child", "Baby Lane")
    ok(cli, "s47", "start", ref, "--date", "13/11/2026", "--child", "Baby Lane")
    return ref


def test_the_family_support_worker_records_thursdays_joint_visit_and_sees_only_her_own_duties(cli, lane, monkeypatch):
    monkeypatch.setenv("FSCLI_TODAY", THURSDAY)
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    visit = ok(cli, "visit", "log", lane, "--type", "joint-visit", "--date", "today 11am", "--with", "Jane Lane, Scott Lane, Dee Campbell",
               "--note", "Dee went over her report for next week's ICPC with Jane and Scott. Jane keen to keep going to the pregnancy group.")  # fmt: skip
    assert "with Dee Campbell" in visit.err
    ok(cli, "task", "add", lane, "Meet Jane at Citizens Advice about the historic debts", "--due", "monday")
    ok(cli, "task", "add", lane, "Transport to the pregnancy support group", "--due", "next wednesday")
    assert rows(os.environ["FSCLI_DB"], "SELECT w.name FROM contact_worker j JOIN worker w ON w.id = j.worker_id") == [("Dee Campbell",)]

    mine = json.loads(ok(cli, "due", "--mine", "-f", "json").out)
    assert [(i["what"], i["worker"]) for i in mine] == [("Task: Meet Jane at Citizens Advice about the historic debts", "Sam Okafor"),
                                                        ("Task: Transport to the pregnancy support group", "Sam Okafor")]  # fmt: skip
    everyone = json.loads(ok(cli, "due", "--case", lane, "--within", "8w", "-f", "json").out)
    whose = {i["rule"]: (i["worker"], i["role"]) for i in everyone}
    assert whose["icpc"] == ("Dee Campbell", "social-worker") and whose["assessment"] == ("Dee Campbell", "social-worker")
    assert whose["task"] == ("Sam Okafor", "recorder")
    table = ok(cli, "due", "--case", lane, "-f", "table").out
    assert "Whose" in table and "Dee Campbell" in table and "Sam Okafor" in table

    # The social worker's own list has her statutory clocks, and not the FSW's tasks.
    monkeypatch.setenv("FSCLI_WORKER", "Dee Campbell")
    hers = json.loads(ok(cli, "due", "--mine", "--within", "8w", "-f", "json").out)
    assert {i["rule"] for i in hers} == {"icpc", "assessment"}

    listed = json.loads(ok(cli, "visit", "list", lane, "-f", "json").out)
    assert listed[0]["workers"] == "Sam Okafor with Dee Campbell" and listed[0]["present"] == "Jane Lane, Scott Lane"
    chronology = json.loads(ok(cli, "chronology", lane, "-f", "json").out)
    assert any(e["who"] == "Sam Okafor with Dee Campbell" and e["source"] == listed[0]["id"] for e in chronology)
    shown = json.loads(ok(cli, "case", "show", lane, "-f", "json").out)
    assert shown["worker"] == "Dee Campbell"
    assert shown["workers_now"] == "Dee Campbell (allocated social worker), Sam Okafor (family support worker)"
    assert shown["recent_contacts"][0]["workers"] == "Sam Okafor with Dee Campbell"
    assert shown["worker_changes_12m"] == 0  # a family support worker joining is not a change of social worker
    assert shown["workers"] == 1 and json.loads(ok(cli, "case", "list", "-f", "json").out)[0]["workers"] == 1


def test_a_name_that_is_no_one_in_the_family_and_no_worker_is_still_refused(cli, lane):
    before = table_counts(os.environ["FSCLI_DB"])
    fails(cli, "visit", "log", lane, "--type", "home-visit", "--date", "today", "--with", "Dee Campbel", says="--with 'Dee Campbel': is not on case")
    assert table_counts(os.environ["FSCLI_DB"]) == before


def test_a_role_changes_hands_only_with_a_reason_and_is_shared_only_when_free(cli, lane):
    before = table_counts(os.environ["FSCLI_DB"])
    fails(cli, "case", "share", lane, "Priya Shah", "--role", "social-worker", says="Dee Campbell is the allocated social worker on")
    fails(cli, "case", "allocate", lane, "Priya Shah", "--role", "social-worker", says="--reason: say why the allocated social worker changes from Dee Campbell")
    fails(cli, "case", "share", lane, "Priya Shah", "--role", "manager", says="--role 'manager': is not a role on a case")
    fails(cli, "case", "share", lane, "Sam Okafor", "--role", "family-support", says="already holds this case as family support worker")
    fails(cli, "case", "unshare", lane, "Priya Shah", says="WORKER 'Priya Shah': holds no role on")
    fails(cli, "case", "unshare", lane, "Sam Okafor", "--date", "01/11/2026", says="is before Sam Okafor took the role (16/11/2026)")
    assert table_counts(os.environ["FSCLI_DB"]) == before
    moved = ok(cli, "case", "allocate", lane, "Priya Shah", "--role", "social-worker", "--reason", "LEFTRL")
    assert "to Priya Shah as allocated social worker" in moved.err and "(from Dee Campbell)" in moved.err
    actions = [a for (a,) in rows(os.environ["FSCLI_DB"], "SELECT action FROM audit ORDER BY id") if a.startswith("case.")]
    assert actions[-3:] == ["case.allocate", "case.share", "case.allocate"]  # one audit row a command, none for a refusal


def test_the_step_down_storys_joint_visit_hands_the_family_to_the_family_support_worker(cli):
    """MD's social worker, the family and the new FSW meet together; then the CIN plan steps down
    to Early Help, the social worker's role ends and the FSW leads: the Early Help clocks are hers."""
    ref = open_case(cli, "Begum family", referred="25/05/2026", source="3B", reason="Grandmother worried: domestic abuse, missed meals")
    add_person(cli, ref, "Nazia Begum", "parent", dob="01/01/2008", relationship="mother")
    add_person(cli, ref, "Aisha Begum", "child", dob="23/05/2025", sex="F")
    ok(cli, "case", "allocate", ref, "Helen Price", "--role", "social-worker", "--date", "25/05/2026")
    ok(cli, "case", "referral", ref, "--need", "N1", "--child", "Aisha Begum")
    ok(cli, "assessment", "start", ref, "--date", "01/06/2026", "--child", "Aisha Begum")
    ok(cli, "assessment", "complete", ref, "--date", "13/07/2026", "--factors", "3B", "--outcome", "cin", "--child-seen")
    ok(cli, "case", "plan", ref, "cin", "--start", "20/07/2026", "--child", "Aisha Begum")
    ok(cli, "case", "share", ref, "Sam Okafor", "--role", "family-support", "--date", "12/10/2026")
    joint = cli("visit", "log", ref, "--type", "joint-visit", "--date", "14/10/2026", "--with", "Nazia Begum, Aisha Begum, Sam Okafor", "--seen", "Aisha Begum",
                "--note", "Introductions; agreed the Early Help work: the tenancy, the language-and-play group")  # fmt: skip
    assert joint.code == 0, joint
    ok(cli, "case", "step-down", ref, "--date", "19/10/2026", "--reason", "RC7")
    ok(cli, "case", "allocate", ref, "Sam Okafor", "--role", "lead-practitioner", "--date", "19/10/2026")
    ended = ok(cli, "case", "unshare", ref, "Helen Price", "--date", "19/10/2026")
    assert "Ended Helen Price as allocated social worker on" in ended.err

    due = json.loads(ok(cli, "due", "--case", ref, "--within", "12w", "-f", "json").out)
    assert {(i["rule"], i["worker"]) for i in due if i["rule"] in ("taf-review", "target-closure")} == {("taf-review", "Sam Okafor"), ("target-closure", "Sam Okafor")}
    assert json.loads(ok(cli, "due", "--worker", "Helen Price", "-f", "json").out) == []
    assert {i["rule"] for i in json.loads(ok(cli, "reviews", "--worker", "Sam Okafor", "-f", "json").out)} == {"taf-review"}
    journey = [(e["event"], e["detail"]) for e in json.loads(ok(cli, "case", "journey", ref, "-f", "json").out)["journey"]]
    assert ("Allocated", "Sam Okafor as family support worker") in journey and ("Role ended", "Helen Price as allocated social worker") in journey
    visit = json.loads(ok(cli, "visit", "list", ref, "-f", "json").out)[0]
    assert visit["workers"] == "with Sam Okafor" and visit["seen"] == "Aisha Begum"


def test_a_worker_at_a_meeting_is_kept_as_a_worker_present(cli, lane, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Dee Campbell")
    ok(cli, "meeting", "log", lane, "--type", "strategy", "--date", "13/11/2026", "--with", "Sam Okafor, DS Amy Pike", "--decisions", "Section 47 enquiry to start")
    assert rows(os.environ["FSCLI_DB"], "SELECT w.name FROM meeting_worker j JOIN worker w ON w.id = j.worker_id") == [("Sam Okafor",)]
    meeting = next(e for e in json.loads(ok(cli, "chronology", lane, "-f", "json").out) if e["source"].startswith("M"))
    assert meeting["summary"] == "workers: Dee Campbell with Sam Okafor; present: Sam Okafor, DS Amy Pike; Section 47 enquiry to start"


def test_a_worker_in_two_roles_says_which_one_ends(cli, lane):
    ok(cli, "case", "allocate", lane, "Sam Okafor", "--role", "lead-practitioner", "--date", "20/11/2026")
    before = table_counts(os.environ["FSCLI_DB"])
    fails(cli, "case", "unshare", lane, "Sam Okafor", says="--role: Sam Okafor holds several roles on")
    assert table_counts(os.environ["FSCLI_DB"]) == before
    ok(cli, "case", "unshare", lane, "Sam Okafor", "--role", "lead-practitioner")
    shown = json.loads(ok(cli, "case", "show", lane, "-f", "json").out)
    assert shown["workers_now"] == "Dee Campbell (allocated social worker), Sam Okafor (family support worker)"


def test_the_family_support_workers_own_visit_does_not_do_the_social_workers_statutory_visit(cli, monkeypatch):
    """Ella is on a CP plan; her social worker must see her every 10 working days. The family
    support worker sees her at her own visit: the statutory clock keeps running. A joint visit with
    the social worker, or the social worker's own visit, does the statutory visit."""
    ref = open_case(cli, "Fox family", referred="05/10/2026", source="3B", reason="Neglect concerns raised by school")
    add_person(cli, ref, "Ella Fox", "child", dob="03/03/2019", sex="F")
    ok(cli, "case", "allocate", ref, "Dee Campbell", "--role", "social-worker", "--date", "05/10/2026")
    ok(cli, "case", "share", ref, "Sam Okafor", "--role", "family-support", "--date", "05/10/2026")
    ok(cli, "case", "plan", ref, "cp", "--start", "02/11/2026", "--child", "Ella Fox", "--category", "NEG", "--reason", "ICPC held by the neighbouring authority")

    def cp_visit_due():
        return next(i["due_on"] for i in json.loads(ok(cli, "due", "--case", ref, "--within", "8w", "-f", "json").out) if i["rule"] == "cp-visit")

    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "16/11/2026 10am", "--seen", "Ella Fox", "--note", "Bedtime routine work with mum")
    assert cp_visit_due() == "2026-11-16", "10 working days after the plan began: the FSW's visit is not the statutory one"
    ok(cli, "visit", "log", ref, "--type", "joint-visit", "--date", "18/11/2026 10am", "--with", "Dee Campbell", "--seen", "Ella Fox", "--alone", "Ella Fox")
    assert cp_visit_due() == "2026-12-02", "the joint visit with the social worker is: 10 working days after 18/11"
    monkeypatch.setenv("FSCLI_WORKER", "Dee Campbell")
    ok(cli, "visit", "log", ref, "--type", "statutory-visit", "--date", "20/11/2026 10am", "--seen", "Ella Fox")
    assert cp_visit_due() == "2026-12-04"
