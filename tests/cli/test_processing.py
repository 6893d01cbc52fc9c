"""Restriction of processing (UK GDPR Art. 18): the Hart family's father contests the accuracy of
what is recorded about him; the data protection officer restricts processing of him, then of the
whole case, and lifts both. Read as before; never changed, exported or counted meanwhile."""

import json

from fscli.errors import ExitCode
from tests.cli.test_summary import caseload, indicators  # noqa: F401  (the hand-counted caseload, a fixture)
from tests.conftest import rows
from tests.factories import add_person, fails, family, ok, open_case

SINCE = "23/11/2026"  # the pinned day (tests/conftest.py)


def _export(cli, out) -> dict:
    ok(cli, "export", "--out", str(out))
    return json.loads((out / "manifest.json").read_text())


def _summary(cli) -> dict:
    return json.loads(ok(cli, "summary", "--format", "json").out)


def _hart_and_brook(cli) -> str:
    hart = family(cli)
    add_person(cli, hart, "Dean Hart", "parent", dob="03/03/1990", sex="M", relationship="father")
    brook = open_case(cli, "Brook family", worker="Sam Okafor")
    add_person(cli, brook, "Lily Brook", "child", dob="01/01/2018")
    return hart


def test_the_father_contests_accuracy_and_nothing_about_him_changes_until_it_is_lifted(cli, tmp_path):
    hart = _hart_and_brook(cli)
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "yesterday", "--with", "Dean Hart", "--note", "Dad at home")
    restricted = ok(cli, "processing", "restrict", hart, "--person", "dean hart", "--reason", "contests the accuracy of the assessment")
    assert f"Processing of Dean Hart of {hart} is restricted" in restricted.err + restricted.out
    # The restriction's row is exported: the officer is told to keep names and facts out of its reason.
    assert "Its reason goes out with every export: it should hold no names nor the facts in dispute" in restricted.err
    assert "keep names and the disputed facts out of it" in " ".join(ok(cli, "processing", "restrict", "--help").out.split())

    refusal = f"Dean Hart of {hart} is under restriction of processing since {SINCE} (contests the accuracy of the assessment); nothing of it changes until whoever restricted it (the data protection officer) lifts it: fscli processing lift {hart} --person \"Dean Hart\" --reason TEXT"
    fails(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today", "--with", "Dean Hart", "--note", "Dad again", "--again", says=refusal)
    fails(cli, "person", "set", hart, "Dean Hart", "--died", "20/11/2026", says=refusal)
    fails(cli, "goal", "add", hart, "Dad keeps to the contact plan", "--for", "Dean Hart", says=refusal)
    fails(cli, "void", f"{hart}/V1", "--reason", "typed on the wrong day", says=refusal)  # the visit he was at: a change too
    # A note that names him is about him too, as his subject access pack would count it (DPO replay).
    # The refusal says it is the note that names him, and that the visit can be recorded without him.
    named = f"the note names Dean Hart of {hart}, who is under restriction of processing since {SINCE} (contests the accuracy of the assessment); record it without naming Dean Hart, or ask whoever restricted it (the data protection officer) to lift it: fscli processing lift {hart} --person \"Dean Hart\" --reason TEXT"
    fails(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today", "--seen", "Lily Hart", "--note", "Lily at home; Dean was in the kitchen", "--again", says=named)
    fails(cli, "task", "add", hart, "Ask Dean Hart about the school run", "--due", "+2d", says=f"the text names Dean Hart of {hart}, who is under restriction")
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today", "--seen", "Lily Hart", "--note", "Mum and Lily", "--again")  # without him
    ok(cli, "task", "add", hart, "Ring the school", "--due", "+2d")

    listed = ok(cli, "person", "list", hart, "--format", "table").out
    assert f"Dean Hart: processing restricted since {SINCE} (contests the accuracy of the assessment)" in listed
    shown = json.loads(ok(cli, "case", "show", hart, "--format", "json").out)
    assert shown["processing_people"] == f"Dean Hart: processing restricted since {SINCE} (contests the accuracy of the assessment)"
    current = json.loads(ok(cli, "processing", "list", "--format", "json").out)
    assert [(r["ref"], r["person"], r["from_on"], r["lifted_on"]) for r in current] == [(hart, "Dean Hart", "2026-11-23", None)]

    manifest = _export(cli, tmp_path / "held")
    assert manifest["held_back"]["rows"] == {"person": 1, "contact_party": 1}
    # The restriction itself is exported: the warehouse learns to stop processing what it loaded before.
    assert "contests the accuracy" in (tmp_path / "held" / "processing_restriction.csv").read_text()
    assert "Dean Hart" not in (tmp_path / "held" / "person.csv").read_text()
    assert "Kerry Hart" in (tmp_path / "held" / "person.csv").read_text()
    assert _summary(cli)["not_counted"] == "1 restricted person not counted (restriction of processing)"

    ok(cli, "processing", "lift", hart, "--person", "Dean Hart", "--reason", "assessment checked with him and put right")
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today", "--with", "Dean Hart", "--note", "Dad again", "--again")
    assert _export(cli, tmp_path / "whole")["held_back"] == {"rows": {}, "named_rows": {}}
    lifted = json.loads(ok(cli, "processing", "list", "--all", "--format", "json").out)
    assert [(r["person"], r["lifted_on"], r["lifted_reason"]) for r in lifted] == [("Dean Hart", "2026-11-23", "assessment checked with him and put right")]
    assert json.loads(ok(cli, "processing", "list", "--format", "json").out) == []


def test_a_whole_case_restriction_refuses_every_write_leaves_the_export_and_the_figures_until_lifted(cli, tmp_path, empty_database, monkeypatch, db_path):
    monkeypatch.setenv("FSCLI_ACCESS_LOG", "true")  # the export's access row names the cases it showed
    hart = _hart_and_brook(cli)
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart", "--note", "Lily at home")
    before = _summary(cli)
    ok(cli, "processing", "restrict", hart, "--reason", "the family contests the assessment", "--from", "20/11/2026")

    refusal = f"{hart} is under restriction of processing since 20/11/2026 (the family contests the assessment); nothing of it changes until whoever restricted it (the data protection officer) lifts it: fscli processing lift {hart} --reason TEXT"
    fails(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today", "--seen", "Lily Hart", "--note", "n", "--again", says=refusal)
    fails(cli, "task", "add", hart, "Ring the school", "--due", "+2d", says=refusal)
    fails(cli, "person", "add", hart, "Ava Hart", "--role", "child", "--dob", "01/01/2020", says=refusal)
    fails(cli, "case", "allocate", hart, "Priya Shah", "--reason", "MANAGE", says=refusal)
    fails(cli, "void", f"{hart}/V1", "--reason", "typed twice", says=refusal)
    fails(cli, "case", "close", hart, "--date", "today", "--reason", "RC1", says=refusal)
    fails(cli, "processing", "restrict", hart, "--reason", "again", says=f"{hart} is under restriction of processing already, since 20/11/2026")
    ok(cli, "task", "add", "FS-0002", "Ring the GP", "--due", "+2d")  # another family's work goes on
    shown = json.loads(ok(cli, "case", "show", hart, "--format", "json").out)  # read by those allowed
    assert shown["processing"] == "processing restricted since 20/11/2026 (the family contests the assessment)"
    ok(cli, "chronology", hart)

    manifest = _export(cli, tmp_path / "nightly")
    assert manifest["tables"]["cases"]["rows"] == 1 and manifest["held_back"]["rows"]["cases"] == 1
    assert manifest["held_back"]["cases_restricted"] == 1 and "restriction of processing" in manifest["held_back"]["why"]
    assert hart not in (tmp_path / "nightly" / "cases.csv").read_text()
    shown = rows(db_path, "SELECT c.ref FROM access_case x JOIN cases c ON c.id = x.case_id WHERE x.access_id = (SELECT max(id) FROM access_log WHERE view = 'export')")
    assert shown == [("FS-0002",)]  # the Harts were not shown
    assert "Hart" not in (tmp_path / "nightly" / "person.csv").read_text()
    ok(cli, "init", "--db", empty_database)
    refused = fails(cli, "import", str(tmp_path / "nightly"), "--db", empty_database, code=ExitCode.DATA, says="held back")
    assert "fscli db backup" in refused.err

    during = _summary(cli)
    assert (during["families"], during["children"]) == (before["families"] - 1, before["children"] - 2)
    assert during["not_counted"] == "1 restricted case not counted (restriction of processing)"
    indicators = ok(cli, "summary", "--indicators", "--format", "json")
    assert json.loads(indicators.out) and "1 restricted case not counted" in indicators.err
    assert "1 restricted case not counted" in ok(cli, "summary", "--by", "age", "--format", "table").out

    ok(cli, "processing", "lift", hart, "--reason", "records checked with the family")
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today", "--seen", "Lily Hart", "--note", "n", "--again")
    after = _summary(cli)
    assert (after["families"], after["children"]) == (before["families"], before["children"]) and "not_counted" not in after
    assert _export(cli, tmp_path / "after")["tables"]["cases"]["rows"] == 2


def _files(folder) -> bytes:
    return b"".join(path.read_bytes() for path in sorted(folder.iterdir()))


def test_a_sibling_s_visit_written_before_the_mother_s_restriction_that_names_her_is_held_back_until_it_is_lifted(cli, tmp_path):
    """Kerry Hart contests the accuracy of what is recorded about her drinking. Lily's visit of last
    week, written before the restriction and about Lily, says what Kerry had been doing: it is
    about Kerry too, so the warehouse does not get it while processing of her is restricted."""
    hart = _hart_and_brook(cli)
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "last mon", "--seen", "Lily Hart", "--note", "Kerry had been drinking; Lily quiet")
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "last tue", "--seen", "Lily Hart", "--note", "Lily read to me")
    ok(cli, "diary", "add", hart, "Bought Kerrygold for the food bank parcel")  # a word that only begins with her name
    ok(cli, "diary", "add", "Supervision: Kerry Hart's drinking, what to ask next")  # of no case: her whole name
    ok(cli, "diary", "add", "Kerry from the office rang")  # of no case: anyone's Kerry
    ok(cli, "visit", "log", "FS-0002", "--type", "home-visit", "--date", "last tue", "--seen", "Lily Brook", "--note", "Lily Brook with her aunt Kerry")  # another family's Kerry
    ok(cli, "processing", "restrict", hart, "--person", "Kerry Hart", "--reason", "contests the accuracy of the record of her drinking")

    manifest = _export(cli, tmp_path / "held")
    held = manifest["held_back"]
    assert held["rows"] == {"person": 1}
    assert held["named_rows"] == {"contact": 1, "contact_party": 1, "diary": 1}, "the visit, Lily's presence at it, the supervision note"
    assert held["named_why"].startswith("names a person under restriction of processing")
    assert manifest["tables"]["contact"]["rows"] == 2 and manifest["tables"]["diary"]["rows"] == 2
    exported = _files(tmp_path / "held")
    assert b"had been drinking" not in exported and b"Kerry Hart's drinking" not in exported
    for kept in (b"Lily read to me", b"Kerrygold", b"Kerry from the office rang", b"her aunt Kerry"):
        assert kept in exported, kept
    ok(cli, "export", "--out", str(tmp_path / "lines"), "--format", "ndjson")  # PostgreSQL builds these lines itself
    assert b"had been drinking" not in _files(tmp_path / "lines") and b"Lily read to me" in _files(tmp_path / "lines")

    # An export that held only what the text named is no whole caseload either.
    ok(cli, "export", "--out", str(tmp_path / "visits"), "--tables", "contact")
    visits = json.loads((tmp_path / "visits" / "manifest.json").read_text())["held_back"]
    assert (visits["rows"], visits["named_rows"]) == ({}, {"contact": 1})
    fails(cli, "import", str(tmp_path / "visits"), code=ExitCode.DATA, says="the export held back 1 rows under restriction of processing")

    ok(cli, "processing", "lift", hart, "--person", "Kerry Hart", "--reason", "the record was checked with her and stands")
    assert _export(cli, tmp_path / "after")["held_back"] == {"rows": {}, "named_rows": {}}
    assert b"Kerry had been drinking; Lily quiet" in _files(tmp_path / "after")


def test_a_visit_voided_with_a_reason_that_names_the_restricted_mother_is_held_back_too(cli, tmp_path, db_path):
    """The reason a mistake was voided with is the worker's words as much as the note: "wrong
    family, this was Kerry's drinking" went to the warehouse while Kerry's processing was restricted."""
    hart = _hart_and_brook(cli)
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "last mon", "--seen", "Lily Hart", "--note", "Lily quiet")
    visit = rows(db_path, "SELECT id FROM contact")[0][0]
    ok(cli, "void", f"V{visit}", "--reason", "recorded twice; the other says Kerry had been drinking")
    ok(cli, "processing", "restrict", hart, "--person", "Kerry Hart", "--reason", "contests the accuracy of the record of her drinking")

    held = _export(cli, tmp_path / "held")["held_back"]
    assert held["named_rows"].get("contact") == 1
    assert b"had been drinking" not in _files(tmp_path / "held")


def test_a_score_s_note_naming_the_restricted_mother_by_first_name_is_refused_as_on_her_case(cli):
    """A score is on its goal's case: 'Kerry' there is the Kerry under restriction, as the export reads it."""
    hart = family(cli)
    ok(cli, "goal", "add", hart, "Lily gets to school on time", "--for", "Lily Hart")
    ok(cli, "processing", "restrict", hart, "--person", "Kerry Hart", "--reason", "contests the accuracy of the record")
    fails(cli, "goal", "score", f"{hart}/1", "6", "--by", "Lily Hart", "--note", "Kerry walked her in", says="Kerry Hart of")
    ok(cli, "goal", "score", f"{hart}/1", "6", "--by", "Lily Hart", "--note", "On time four days of five")


def test_a_merge_that_brings_a_note_naming_a_restricted_mother_is_refused_whole(cli, tmp_path, empty_database):
    """The worker's own caseload still holds a visit naming Kerry, written before the team's
    officer restricted processing of her in the team's caseload: merging it would process her."""
    hart = family(cli)
    first, later = tmp_path / "first", tmp_path / "later"
    ok(cli, "export", "--out", str(first))
    ok(cli, "init", "--db", empty_database)
    ok(cli, "import", str(first), "--db", empty_database, "--skip-existing")
    ok(cli, "processing", "restrict", hart, "--person", "Kerry Hart", "--reason", "contests the accuracy of the record", "--db", empty_database)
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today", "--seen", "Lily Hart", "--note", "Kerry had been drinking")
    ok(cli, "export", "--out", str(later))
    fails(cli, "import", str(later), "--db", empty_database, "--skip-existing", says="the import adds rows to records under restriction of processing (contact 1, contact_party 1): nothing was changed")
    ok(cli, "processing", "lift", hart, "--person", "Kerry Hart", "--reason", "checked with her", "--db", empty_database)
    assert "contact 1" in ok(cli, "import", str(later), "--db", empty_database, "--skip-existing").err


def test_what_a_restriction_cannot_be_is_refused_in_one_line(cli):
    hart = _hart_and_brook(cli)
    fails(cli, "processing", "restrict", hart, "--reason", " ", says="--reason: must not be empty")
    fails(cli, "processing", "restrict", hart, "--reason", "contested", "--from", "+3d", says="is in the future")
    fails(cli, "processing", "restrict", hart, "--person", "Dan Hart", "--reason", "contested", says=f"NAME 'Dan Hart': is not in case {hart}")
    fails(cli, "processing", "restrict", "FS-0099", "--reason", "contested", says="no such case")
    fails(cli, "processing", "lift", hart, "--reason", "done", says=f"{hart} is not under restriction of processing")
    ok(cli, "processing", "restrict", hart, "--person", "Dean Hart", "--reason", "contested")
    fails(cli, "processing", "lift", hart, "--reason", "done", says=f"{hart} is not under restriction of processing")  # the case as a whole is not


def test_a_merge_that_would_add_to_a_restricted_family_is_refused_whole(cli, tmp_path, empty_database):
    """The team lead merged the worker's Harts; the officer then restricted processing of them in the
    team's caseload. A later export from the worker, with a new visit, cannot slip it in."""
    hart = family(cli)
    first, later = tmp_path / "first", tmp_path / "later"
    ok(cli, "export", "--out", str(first))
    ok(cli, "init", "--db", empty_database)
    ok(cli, "import", str(first), "--db", empty_database, "--skip-existing")
    ok(cli, "processing", "restrict", hart, "--reason", "the family contests the assessment", "--db", empty_database)
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "today", "--seen", "Lily Hart", "--note", "Second visit")
    ok(cli, "export", "--out", str(later))
    fails(cli, "import", str(later), "--db", empty_database, "--skip-existing", says="the import adds rows to records under restriction of processing (contact 1, contact_party 1): nothing was changed")
    ok(cli, "processing", "lift", hart, "--reason", "records checked with the family", "--db", empty_database)
    assert "contact 1" in ok(cli, "import", str(later), "--db", empty_database, "--skip-existing").err


def test_the_indicators_leave_out_a_restricted_child_and_a_restricted_case_and_say_so(cli, caseload):
    """The team manager's hand-counted caseload (tests/cli/test_summary.py): with Amy Adams's
    processing restricted, and the Clarks' whole case, the figures are those of the rest."""
    families = caseload
    ok(cli, "processing", "restrict", families["adams"], "--person", "Amy Adams", "--reason", "contests the care records")
    ok(cli, "processing", "restrict", families["clark"], "--reason", "the family contests the assessment")
    found = indicators(cli)
    # Amy (came into care) and Cal are left out: Ben and Dani, both kept at home, are the children on a plan.
    assert (found["kept-at-home"]["numerator"], found["kept-at-home"]["denominator"]) == (2, 2)
    assert (found["step-ups"]["numerator"], found["step-downs"]["numerator"], found["step-ups"]["denominator"]) == (0, 0, 2)
    # The Clarks' reopening is no referral of the figures; open on 23/11: Adams and Dunn.
    assert (found["re-referrals"]["numerator"], found["re-referrals"]["denominator"]) == (0, 4)
    assert (found["open-past-12-weeks"]["numerator"], found["open-past-12-weeks"]["denominator"]) == (1, 2)
    said = ok(cli, "summary", "--indicators", "--from", "01/01/2026", "--to", "23/11/2026").err
    assert "1 restricted case and 1 restricted person not counted (restriction of processing)." in said


def test_a_note_naming_the_restricted_mother_cannot_be_moved_to_another_family_nor_corrected(cli, tmp_path):
    """The DPO's replay: a visit note that names Kerry, moved to the Brooks' case while she is
    restricted, would reach the export there as another family's Kerry; a correction of a note that
    names her changes what is recorded about her as much as voiding it would."""
    hart = _hart_and_brook(cli)
    add_person(cli, "FS-0002", "Lily Hart", "child", dob="01/01/2018")  # the Brooks' foster child, say: the entry's party is there too
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart", "--note", "Called HV: Kerry not in")
    ok(cli, "processing", "restrict", hart, "--person", "Kerry Hart", "--reason", "contests the accuracy of the record")
    refusal = f"Kerry Hart of {hart} is under restriction of processing"
    fails(cli, "void", f"{hart}/V1", "--reason", "typed on the wrong case", says=refusal)
    fails(cli, "move", f"{hart}/V1", "--to", "FS-0002", "--reason", "typed on the wrong case", says=refusal)
    fails(cli, "note", "correct", f"{hart}/V1", "--reason", "checking", "--text", "Called HV", says=refusal)
    _export(cli, tmp_path / "held")
    assert b"Kerry not in" not in _files(tmp_path / "held")
    ok(cli, "processing", "lift", hart, "--person", "Kerry Hart", "--reason", "checked with her")
    ok(cli, "note", "correct", f"{hart}/V1", "--reason", "checking", "--text", "Called HV")


def test_a_score_given_by_the_restricted_mother_is_not_counted_in_the_summary_nor_the_indicators(cli):
    """The DPO's replay: Kerry rated Lily's healthy-eating goal; with her processing restricted the
    summary said "Rated by the family 1" under Healthy beside "1 restricted person not counted"."""
    hart = family(cli)
    ok(cli, "goal", "add", hart, "Lily eats breakfast", "--for", "Lily Hart", "--area", "healthy")
    ok(cli, "goal", "score", f"{hart}/1", "4", "--by", "Kerry Hart", "--date", "last mon")
    ok(cli, "goal", "score", f"{hart}/1", "7", "--by", "Kerry Hart")

    def rated() -> dict:
        return {r["group"]: r["rated"] for r in json.loads(ok(cli, "summary", "--by", "area", "--format", "json").out)}

    def improved() -> tuple[int, int]:
        found = indicators(cli)["families-improved"]
        return found["numerator"], found["denominator"]

    assert rated() == {"Healthy": 1} and improved() == (1, 1)
    ok(cli, "processing", "restrict", hart, "--person", "Kerry Hart", "--reason", "contests the accuracy of the record")
    assert rated() == {"Healthy": 0} and improved() == (0, 0)
    ok(cli, "processing", "lift", hart, "--person", "Kerry Hart", "--reason", "checked with her")
    assert rated() == {"Healthy": 1} and improved() == (1, 1)
