"""Each child's statutory journey, told the way it happened in the seed stories."""

import json
import os
import re

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def begum(cli):
    """The step-down story: a one-year-old referred by the health visitor (Monday 23 Nov 2026 is today)."""
    ref = open_case(cli, "Begum family", referred="25/05/2026", source="3B", reason="Grandmother worried", worker="Helen Price")
    add_person(cli, ref, "Nazia Begum", "parent", dob="01/01/2004")
    add_person(cli, ref, "Aisha Begum", "child", dob="23/05/2025", sex="F")
    return ref


def test_the_step_down_story(cli, begum):
    ok(cli, "case", "referral", begum, "--need", "n1", "--child", "Aisha Begum")
    ok(cli, "assessment", "start", begum, "--date", "01/06/2026", "--child", "Aisha Begum")
    done = ok(cli, "assessment", "complete", begum, "--date", "13/07/2026", "--factors", "3b, 2B,16A", "--outcome", "cin", "--child-seen")
    assert "authorised on Mon 13 Jul 2026, 4 months ago: Child in Need plan; factors 3B, 2B, 16A" in done.err
    ok(cli, "case", "plan", begum, "cin", "--start", "20/07/2026", "--child", "Aisha Begum")
    # Moving the family to Early Help ends the statutory episode: a step-down with its census reason.
    fails(cli, "case", "plan", begum, "early-help", "--start", "19/10/2026", "--child", "Aisha Begum", says="fscli case step-down FS-0001 --date DATE --reason RC7")
    stepped = ok(cli, "case", "step-down", begum, "--date", "19/10/2026", "--reason", "RC7")
    assert "statutory episode from 25/05/2026 ended RC7" in stepped.err and "Aisha Begum: Early Help plan started" in stepped.err
    journey = json.loads(ok(cli, "case", "journey", begum, "-f", "json").out)
    assert [(p["plan"], p["start_on"], p["end_on"], p["weeks"], p["end_reason"]) for p in journey["plans"]] == [
        ("cin", "2026-07-20", "2026-10-19", 13, "stepped down from CIN to Early Help"),
        ("early-help", "2026-10-19", None, 5, None),
    ]
    events = [(e["on_date"], e["event"]) for e in journey["journey"]]
    assert events[:4] == [("2026-05-25", "Referral"), ("2026-05-25", "Allocated"), ("2026-06-01", "Assessment started"), ("2026-07-13", "Assessment authorised")]
    assert ("2026-10-19", "Early Help plan started") in events
    shown = json.loads(ok(cli, "case", "show", begum, "-f", "json").out)
    assert shown["primary_need"] == "N1" and len(shown["plans"]) == 2 and shown["journey"] == journey["journey"]


def test_a_newborn_on_a_child_protection_plan(cli):
    ref = open_case(cli, "Wilson family", referred="19/10/2026", source="3E")
    add_person(cli, ref, "Harper Wilson", "child", dob="02/11/2026")
    ok(cli, "s47", "start", ref, "--date", "02/11/2026", "--child", "Harper Wilson")
    refused = cli("case", "plan", ref, "cp", "--start", "17/11/2026", "--category", "NEG")
    assert refused.code == 1 and "a CP plan starts on the day of the ICPC, and no ICPC is recorded" in refused.err
    ok(cli, "s47", "outcome", ref, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    again = cli("s47", "outcome", ref, "--child", "Harper Wilson", "--icpc-not-required")
    assert again.code == 1 and "has its ICPC recorded, held on 17/11/2026: it did not conclude without one" in again.err
    ok(cli, "case", "plan", ref, "cp", "--start", "17/11/2026", "--category", "NEG")
    changed = ok(cli, "case", "plan", ref, "cp", "--start", "20/11/2026", "--category", "EMO")
    assert "latest category of abuse changed from NEG to EMO" in changed.err
    plan = json.loads(ok(cli, "case", "journey", ref, "-f", "json").out)["plans"]
    assert [(p["plan"], p["initial_category"], p["latest_category"]) for p in plan] == [("cp", "NEG", "EMO")]
    # A CIN plan can never run beside a CP plan: starting one steps the other down.
    down = ok(cli, "case", "plan", ref, "cin", "--start", "today")
    assert "stepped down from CP to CIN" in down.err
    assert rows(os.environ["FSCLI_DB"], "SELECT kind, end_on FROM plan ORDER BY id") == [("cp", "2026-11-23"), ("cin", None)]


def test_the_reunification_story(cli):
    ref = open_case(cli, "Ashworth family", referred="22/06/2026", source="5A")
    add_person(cli, ref, "Tyler Ashworth", "child", dob="01/04/2015")
    add_person(cli, ref, "Mia Ashworth", "child", dob="01/04/2018")
    refused = cli("case", "plan", ref, "reunification", "--start", "06/07/2026")
    assert refused.code == 1 and "has no open CLA plan" in refused.err
    ok(cli, "case", "plan", ref, "cla", "--start", "22/06/2026", "--reason", "Care order")
    ok(cli, "case", "plan", ref, "reunification", "--start", "06/07/2026")
    ok(cli, "case", "plan", ref, "--returned-home", "03/08/2026")
    discharged = ok(cli, "case", "plan", ref, "--order-discharged", "16/11/2026", "--child", "Mia Ashworth")
    assert "Mia Ashworth: CLA plan ended (no longer looked after)" in discharged.err
    plans = {(p["child"], p["plan"]): p for p in json.loads(ok(cli, "case", "journey", ref, "-f", "json").out)["plans"]}
    assert plans[("Mia Ashworth", "cla")]["end_on"] == "2026-11-16" and plans[("Mia Ashworth", "cla")]["end_reason"] == "care order discharged"
    assert plans[("Tyler Ashworth", "cla")]["end_on"] is None
    events = [(e["child"], e["event"]) for e in json.loads(ok(cli, "case", "journey", ref, "-f", "json").out)["journey"]]
    assert ("Tyler Ashworth", "Returned home") in events and ("Mia Ashworth", "Care order discharged") in events


def test_closing_ends_plans_but_waits_for_unfinished_statutory_work(cli, begum):
    ok(cli, "assessment", "start", begum, "--date", "01/06/2026")
    ok(cli, "s47", "start", begum, "--date", "02/06/2026", "--child", "Aisha Begum")
    refused = cli("case", "close", begum, "--date", "today", "--reason", "RC7")
    assert refused.code == 1
    assert "must be finished before closing: Aisha Begum's assessment from 01/06/2026; Aisha Begum's s47 from 02/06/2026" in refused.err
    ok(cli, "assessment", "complete", begum, "--date", "01/07/2026", "--factors", "3B", "--outcome", "cin")
    ok(cli, "s47", "outcome", begum, "--child", "Aisha Begum", "--icpc-not-required")
    ok(cli, "case", "plan", begum, "cin", "--start", "01/07/2026")
    closed = ok(cli, "case", "close", begum, "--date", "today", "--reason", "RC7")
    assert "Aisha Begum: CIN plan ended" in closed.err
    assert rows(os.environ["FSCLI_DB"], "SELECT end_on, end_reason FROM plan") == [("2026-11-23", "case closed")]


def test_a_referral_with_no_further_action_closes_rc8_without_an_assessment(cli, begum):
    assert "needs a completed assessment" in cli("case", "close", begum, "--date", "today", "--reason", "RC8").err
    ok(cli, "case", "referral", begum, "--nfa")
    ok(cli, "case", "close", begum, "--date", "today", "--reason", "RC8")


def test_children_get_local_ids_that_a_return_can_use(cli, begum, monkeypatch):
    people = {p["name"]: p for p in json.loads(ok(cli, "person", "list", begum, "-f", "json").out)}
    assert people["Aisha Begum"]["child_id"] == "FSC000001" and people["Nazia Begum"]["child_id"] is None
    add_person(cli, begum, "Zara Begum", "child", child_id="LA77123")
    taken = cli("person", "add", begum, "Ali Begum", "--role", "child", "--child-id", "la77123")
    assert taken.code == 1 and "belongs to another child already" in taken.err
    ok(cli, "person", "set", begum, "aisha begum", "--ethnicity", "apkn", "--disability", "comm, ld", "--upn-unknown", "UN1")
    aisha = {p["name"]: p for p in json.loads(ok(cli, "person", "list", begum, "-f", "json").out)}["Aisha Begum"]
    assert (aisha["ethnicity"], aisha["disabilities"], aisha["upn_unknown"]) == ("APKN", "COMM,LD", "UN1")
    assert rows(os.environ["FSCLI_DB"], "SELECT action, detail FROM audit WHERE action = 'person.update'") == [("person.update", '{"fields":["disabilities","ethnicity","upn_unknown"]}')]


def test_nothing_is_recorded_after_a_childs_death(cli, begum):
    ok(cli, "person", "set", begum, "Aisha Begum", "--died", "01/10/2026")
    refused = cli("assessment", "start", begum, "--date", "02/10/2026", "--child", "Aisha Begum")
    assert refused.code == 1 and "cannot be after Aisha Begum's death (01/10/2026)" in refused.err
    assert "died 01/10/2026" in ok(cli, "person", "list", begum, "-f", "table").out


def test_worker_changes_in_the_last_twelve_months_are_on_the_case(cli, begum):
    ok(cli, "case", "allocate", begum, "Sam Okafor", "--date", "19/10/2026", "--reason", "TSPROC")
    shown = json.loads(ok(cli, "case", "show", begum, "-f", "json").out)
    assert (shown["workers"], shown["worker_changes_12m"]) == (2, 1)


BAD = [
    (["case", "plan", "FS-0001", "cp", "--start", "today", "--category", "XYZ"], "--category 'XYZ': is not a valid category of abuse code"),
    (["case", "plan", "FS-0001", "cp", "--start", "today"], "a CP plan needs a category of abuse"),
    (["case", "plan", "FS-0001", "cin", "--start", "01/05/2026"], "a plan cannot be before the referral (25/05/2026)"),
    (["case", "plan", "FS-0001", "cin", "--start", "tomorrow"], "cannot be in the future"),
    (["case", "plan", "FS-0001", "--end", "today"], "has no open plan to end"),
    (["case", "plan", "FS-0001", "cin", "--end", "today", "--child", "Aisha Begum"], "has no open CIN plan to end"),
    (["case", "plan", "FS-0001", "foster", "--start", "today"], "TYPE 'foster': is not a valid plan type code"),
    (["case", "plan", "FS-0001", "cin", "--start", "today", "--child", "Bilal Begum"], "is not a child on case FS-0001 (children: Aisha Begum)"),
    (["case", "plan", "FS-0001", "cin"], "give --start to begin a plan"),
    (["assessment", "complete", "FS-0001", "--date", "today", "--factors", "99Z", "--outcome", "cin"], "--factors '99Z': is not a valid assessment factor code"),
    (["assessment", "complete", "FS-0001", "--date", "today", "--factors", "2B", "--outcome", "maybe"], "--outcome 'maybe': is not a valid assessment outcome code"),
    (["assessment", "complete", "FS-0001", "--date", "today", "--factors", "2B", "--outcome", "cin"], "has no open assessment"),
    (["s47", "outcome", "FS-0001", "--child", "Aisha Begum", "--icpc", "21/11/2026"], "has no section 47 enquiry"),
    (["s47", "start", "FS-0001", "--date", "01/01/2026", "--child", "Aisha Begum"], "a strategy discussion cannot be before the referral"),
    (["case", "referral", "FS-0001", "--need", "N11"], "--need 'N11': is not a valid primary need code"),
    (["person", "set", "FS-0001", "Aisha Begum", "--child-id", "FS-0001"], "must be 1-20 letters and digits only"),
    (["person", "set", "FS-0001", "Aisha Begum", "--disability", "NONE,LD"], "NONE cannot be recorded with other disabilities"),
    (["person", "set", "FS-0001", "Aisha Begum", "--upn", "123"], "a UPN is a letter, 11 digits"),
    (["person", "set", "FS-0001", "Nazia Begum", "--ethnicity", "WBRI"], "recorded for children"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a)[:60] for a, _ in BAD])
def test_bad_journey_input_is_refused_with_one_line_and_nothing_changes(cli, begum, db_path, args, message):
    before = table_counts(db_path)
    fails(cli, *args, says=message)
    assert table_counts(db_path) == before  # no row, and no audit row either


def test_an_icpc_is_never_at_a_weekend(cli, begum, db_path):
    ok(cli, "s47", "start", begum, "--date", "02/11/2026", "--child", "Aisha Begum")
    before = table_counts(db_path)
    saturday = cli("s47", "outcome", begum, "--child", "Aisha Begum", "--icpc", "21/11/2026")
    assert saturday.code == 1 and "is a Saturday: an initial child protection conference is never at a weekend" in saturday.err
    assert table_counts(db_path) == before


def test_one_open_assessment_and_one_open_s47_per_child(cli, begum):
    ok(cli, "assessment", "start", begum, "--date", "01/06/2026")
    assert "already has an open assessment (started 01/06/2026)" in cli("assessment", "start", begum, "--date", "02/06/2026").err
    ok(cli, "s47", "start", begum, "--date", "02/06/2026", "--child", "Aisha Begum")
    assert "already has an open section 47 enquiry" in cli("s47", "start", begum, "--date", "03/06/2026", "--child", "Aisha Begum").err
    assert "21 (no factors identified) cannot be given with other factors (DfE rule 8869)" in cli("assessment", "complete", begum, "--date", "today", "--factors", "21,2B", "--outcome", "nfa").err


def test_each_step_of_the_journey_is_confirmed_with_its_date(cli, begum):
    """A worker reads back what was recorded for which day: a step whose confirmation named no date
    could be on the wrong one unseen (issue 21)."""
    referral = ok(cli, "case", "referral", begum, "--further-action")
    assert "referral decided on Mon 23 Nov 2026: further action" in referral.err
    started = ok(cli, "assessment", "start", begum, "--date", "thu", "--child", "Aisha Begum")
    assert "assessment of Aisha Begum started on Thu 19 Nov 2026" in started.err
    ok(cli, "assessment", "complete", begum, "--date", "fri", "--factors", "3B", "--outcome", "cin")
    plan = ok(cli, "case", "plan", begum, "cin", "--start", "today", "--child", "Aisha Begum")
    assert "Aisha Begum: CIN plan started on Mon 23 Nov 2026." in plan.err
    ended = ok(cli, "case", "plan", begum, "cin", "--end", "today", "--child", "Aisha Begum", "--reason", "moved away")
    assert "CIN plan ended on Mon 23 Nov 2026" in ended.err
    updated = ok(cli, "person", "set", begum, "Aisha Begum", "--ethnicity", "ABAN")
    assert updated.err.startswith("Updated Aisha Begum in FS-0001 on Mon 23 Nov 2026")


def test_a_worker_reads_the_census_codes_of_case_show_and_the_chronology_in_words(cli, begum, monkeypatch):
    """The new-user replay met bare codes (N1, 3B, RC7, TSPROC, NEG) on the family's page and in the
    chronology: the terminal says each with its label (a census reference first, as workers quote
    it), and the machine formats keep the codes a script reads."""
    monkeypatch.setenv("COLUMNS", "250")  # one line a row, so each cell is read whole
    ok(cli, "case", "referral", begum, "--need", "N1", "--child", "Aisha Begum")
    ok(cli, "assessment", "start", begum, "--date", "01/06/2026", "--child", "Aisha Begum")
    ok(cli, "assessment", "complete", begum, "--date", "13/07/2026", "--factors", "3B,2B", "--outcome", "cin", "--child-seen")
    ok(cli, "case", "plan", begum, "cin", "--start", "20/07/2026", "--child", "Aisha Begum")
    ok(cli, "case", "allocate", begum, "Sam Okafor", "--date", "19/10/2026", "--reason", "TSPROC")
    ok(cli, "case", "step-down", begum, "--date", "19/10/2026", "--reason", "RC7")
    ok(cli, "agency", "add", begum, "Jo Reed", "--kind", "hv")
    page = ok(cli, "case", "show", begum, "-f", "table").out
    assert re.search(r"Jo Reed +Health visitor", page) and "health-visitor" not in page  # the agency's kind in words only
    assert "Referral source              3B: Health: health visitor" in page
    assert "Primary need                 N1: Abuse, neglect and exploitation" in page
    assert "RC7: Services ceased for any other reason, incl. child no longer in need" in page  # the episode's end
    assert "Transfer between teams as part of the process (step up, step down); Sam Okafor took over" in page
    assert "Sam Okafor, taking over from Helen Price: transfer between teams as part of the process" in page  # the journey
    assert "factors: 3B: Domestic violence: parent or carer subject; 2B: Drug misuse: parent or carer" in page
    assert re.search(r"Early Help plan started +stepped down from CIN to Early Help", page)
    assert re.search(r"Aisha Begum +CIN +20/07/2026", page) and re.search(r"Aisha Begum +Early Help +19/10/2026", page)  # the plans, as the journey names them
    assert "TSPROC" not in page and "(RC7)" not in page and " 3B,2B" not in page
    chronology = ok(cli, "chronology", begum, "-f", "table").out
    assert "factors: 3B: Domestic violence: parent or carer subject" in chronology and "TSPROC" not in chronology
    shown = json.loads(ok(cli, "case", "show", begum, "-f", "json").out)
    assert (shown["referral_source"], shown["referral_source_label"], shown["primary_need"]) == ("3B", "Health: health visitor", "N1")
    assert [p["plan"] for p in shown["plans"]] == ["cin", "early-help"]
    assert [e["end_reason"] for e in shown["episodes"]] == ["RC7", None] and shown["allocations"][-1]["reason"] == "TSPROC"
    assert (shown["agencies"][0]["kind"], shown["agencies"][0]["kind_label"]) == ("health-visitor", "Health visitor")
    assert not [key for key in json.dumps(shown).split('"') if key.endswith("_said")]  # the table's words are not a machine key


def test_a_cp_category_is_said_in_words_on_the_terminal_and_as_its_code_to_machines(cli, monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")
    ref = open_case(cli, "Wilson family", referred="19/10/2026", source="3E")
    add_person(cli, ref, "Harper Wilson", "child", dob="02/11/2026")
    ok(cli, "s47", "start", ref, "--date", "02/11/2026", "--child", "Harper Wilson")
    ok(cli, "s47", "outcome", ref, "--child", "Harper Wilson", "--icpc", "17/11/2026")
    ok(cli, "case", "plan", ref, "cp", "--start", "17/11/2026", "--category", "NEG")
    ok(cli, "case", "plan", ref, "cp", "--start", "20/11/2026", "--category", "EMO")
    plans = ok(cli, "case", "journey", ref, "-f", "table").out
    assert "Neglect          Emotional abuse" in plans and "category neglect" in plans and "latest category emotional abuse" in plans
    assert " NEG" not in plans and " EMO" not in plans
    assert "category neglect" in ok(cli, "chronology", ref, "-f", "table").out
    machine = json.loads(ok(cli, "case", "journey", ref, "-f", "json").out)["plans"]
    assert [(p["initial_category"], p["latest_category"]) for p in machine] == [("NEG", "EMO")]
