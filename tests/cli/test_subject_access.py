"""A data protection officer answers a subject access request (issue 24 §Subject access).

Dan Hart is a father in two families: the Harts (FS-0001), where he lives with Kerry and their
daughter Lily, and the Mosses (FS-0002), where his son lives with Amy. He asks for his records.
A third case holds a Dan Hart with no date of birth: possibly him, for the officer to decide.
"""

import hashlib
import json
import stat

import pytest

from fscli.errors import ExitCode
from tests.conftest import execute, rows
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def dan(cli, monkeypatch):
    """Dan Hart in two cases, what was written about him and about others, as workers wrote it."""
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    harts = open_case(cli, "Hart family", referred="02/11/2026", worker="Sam Okafor")
    add_person(cli, harts, "Dan Hart", "parent", dob="02/03/1990", sex="M", relationship="father")
    add_person(cli, harts, "Kerry Hart", "parent", dob="12/05/1992", sex="F", relationship="mother")
    add_person(cli, harts, "Lily Hart", "child", dob="14/02/2017", sex="F")
    ok(cli, "agency", "add", harts, "Oakfield Primary", "--kind", "school")
    mosses = open_case(cli, "Moss family", referred="05/11/2026", reason="Police notification of an argument", worker="Sam Okafor")
    add_person(cli, mosses, "Dan Hart", "parent", dob="02/03/1990", sex="M", relationship="father")
    add_person(cli, mosses, "Amy Moss", "parent", dob="01/01/1995", sex="F")
    add_person(cli, mosses, "Leo Moss", "child", dob="03/03/2020", sex="M")
    other = open_case(cli, "Hart-Smith family", referred="06/11/2026", worker="Sam Okafor")
    add_person(cli, other, "Dan Hart", "parent")
    ok(cli, "visit", "log", harts, "--type", "home-visit", "--date", "10/11/2026", "--with", "Dan Hart,Kerry Hart", "--seen", "Lily Hart", "--note", "Dan and Kerry argued; Lily <b>quiet</b>")
    ok(cli, "diary", "add", harts, "Kerry rang alone: asked for help with housing")
    ok(cli, "diary", "add", mosses, "Dan rang about Leo's nursery place")
    ok(cli, "diary", "add", "Dan Hart left a message at the office for Amy Moss")
    ok(cli, "diary", "add", "Dan from the housing team rang about a tenancy")
    ok(cli, "task", "add", harts, "Help Dan fill in the GP forms", "--due", "thursday")
    ok(cli, "goal", "add", harts, "Keep the evenings calm at home")
    ok(cli, "goal", "add", harts, "Kerry gets to her college course", "--for", "Kerry Hart")
    ok(cli, "diary", "add", mosses, "Dan seen drunk outside the school")
    ok(cli, "case", "close", other, "--date", "today", "--reason", "RC7", "--summary", "Dan Hart moved away; Mr Smith stays")
    return harts, mosses, other


def pack_of(folder):
    return json.loads((folder / "items.json").read_text())


def test_the_officer_records_the_request_sees_it_due_writes_the_pack_and_answers_it(cli, dan, tmp_path, db_path, monkeypatch):
    harts, mosses, other = dan
    monkeypatch.setenv("FSCLI_WORKER", "Dee Officer")
    said = ok(cli, "person", "sar", harts, "Dan Hart", "--received", "20/11/2026")
    assert "Recorded SAR1 for Dan Hart (FS-0001), received 20/11/2026; due 21/12/2026." in said.err
    assert f"Possible match, not included: Dan Hart in {other}" in said.err

    due = json.loads(ok(cli, "due", "--mine", "--within", "4w", "-f", "json").out)
    assert [(i["what"], i["due_on"], i["worker"]) for i in due] == [("Subject access request answered — Dan Hart (FS-0001)", "2026-12-21", "Dee Officer")]
    assert not [i for i in json.loads(ok(cli, "due", "--worker", "Sam Okafor", "--within", "8w", "-f", "json").out) if "Subject access" in i["what"]]

    out = tmp_path / "dan-hart"
    said = ok(cli, "person", "sar", harts, "Dan Hart", "--out", str(out))
    assert "SAR1 is open: due 21/12/2026." in said.err
    pack = pack_of(out)
    assert [a["ref"] for a in pack["appearances"]] == [harts, mosses]
    assert [a["ref"] for a in pack["possible_matches"]] == [other]
    texts = {i["text"] for i in pack["items"]}
    assert "Dan and Kerry argued; Lily <b>quiet</b>" in texts, "a visit he was at"
    assert "Dan rang about Leo's nursery place" in texts, "a diary entry of his other case naming him"
    assert "Dan Hart left a message at the office for Amy Moss" in texts, "a diary entry of no case naming him in full"
    assert "Keep the evenings calm at home" in texts, "his family's goal"
    assert not any("moved away" in t for t in texts), "the closure of a case that is only possibly his"
    assert "Kerry gets to her college course" not in texts, "Kerry's own goal"
    assert "Help Dan fill in the GP forms" in texts
    assert not any("Kerry rang alone" in t for t in texts), "a diary entry that does not name him is someone else's"
    assert not any("housing team" in t for t in texts), "another Dan, named by first name only, with no case of his"
    assert not any("Hart-Smith" in i["what"] for i in pack["items"])

    third = {row["record"]: row["names"] for row in pack["third_parties"]}
    visit = next(i for i in pack["items"] if i["section"] == "contacts")
    assert set(third[visit["record"]]) == {"Kerry Hart", "Lily Hart"}
    nursery = next(i for i in pack["items"] if i["text"].startswith("Dan rang about Leo"))
    assert third[nursery["record"]] == ["Leo Moss"]
    message = next(i for i in pack["items"] if i["text"].startswith("Dan Hart left a message"))
    assert third[message["record"]] == ["Amy Moss"]
    assert "Leo Moss" in (out / "third_parties.csv").read_text()

    html = (out / "index.html").read_text()
    assert "Lily &lt;b&gt;quiet&lt;/b&gt;" in html and "<b>quiet" not in html
    assert stat.S_IMODE(out.stat().st_mode) == 0o700
    manifest = json.loads((out / "manifest.json").read_text())
    for name, digest in manifest["files"].items():
        assert stat.S_IMODE((out / name).stat().st_mode) == 0o600
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest

    said = ok(cli, "person", "sar", harts, "Dan Hart", "--answered")
    assert "Answered SAR1 for Dan Hart (FS-0001), received 20/11/2026, on 23/11/2026." in said.err
    assert not [i for i in json.loads(ok(cli, "due", "--mine", "--within", "8w", "-f", "json").out) if "Subject access" in i["what"]]
    assert rows(db_path, "SELECT received_on, due_on, answered_on, recorded_by FROM sar_request") == [("2026-11-20", "2026-12-21", "2026-11-23", "Dee Officer")]
    # Answered apart from writing the pack: the request names the latest pack written for it.
    assert rows(db_path, "SELECT pack_sha256 FROM sar_request") == [(hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest(),)]


def test_a_pack_written_and_answered_at_once_records_the_manifests_sha256(cli, dan, tmp_path, db_path):
    harts, mosses, other = dan
    out = tmp_path / "pack"
    said = ok(cli, "person", "sar", harts, "Dan Hart", "--out", str(out), "--answered", "--also", other)
    assert "Recorded SAR1" in said.err and "Answered SAR1" in said.err
    pack = pack_of(out)
    assert [a["ref"] for a in pack["appearances"]] == [harts, mosses, other]
    assert any("Dan Hart moved away" in i["text"] for i in pack["items"]), "the closure of the case named with --also"
    digest = hashlib.sha256((out / "manifest.json").read_bytes()).hexdigest()
    assert rows(db_path, "SELECT received_on, answered_on, pack_sha256 FROM sar_request") == [("2026-11-23", "2026-11-23", digest)]


def test_voided_entries_are_in_the_pack_marked_voided(cli, dan, tmp_path):
    harts, mosses, _ = dan
    entry = json.loads(ok(cli, "diary", "list", mosses, "-f", "json").out)
    drunk = next(e for e in entry if "drunk" in e["text"])
    ok(cli, "void", drunk["id"], "--reason", "Written on the wrong family")
    out = tmp_path / "pack"
    ok(cli, "person", "sar", harts, "Dan Hart", "--out", str(out))
    item = next(i for i in pack_of(out)["items"] if "drunk" in i["text"])
    assert item["status"] == "voided as made in error: Written on the wrong family"


def test_the_extension_moves_the_due_date_by_the_profiles_extension_once(cli, dan):
    harts, _, _ = dan
    ok(cli, "person", "sar", harts, "Dan Hart", "--received", "20/11/2026")
    said = ok(cli, "person", "sar", harts, "Dan Hart", "--extend", "--reason", "Records in three cases")
    assert "Extended SAR1: due 22/02/2027." in said.err
    fails(cli, "person", "sar", harts, "Dan Hart", "--extend", "--reason", "Again", says="was extended already, to 22/02/2027")


def test_what_the_officer_gets_wrong_is_refused_in_one_line_and_nothing_is_written(cli, dan, tmp_path, db_path):
    harts, _, _ = dan
    fails(cli, "person", "sar", harts, "Dan Hart", says="says nothing to do")
    fails(cli, "person", "sar", harts, "Dan Hart", "--answered", says="no subject access request is open")
    fails(cli, "person", "sar", harts, "Dan Hart", "--extend", says="--extend: needs --reason")
    fails(cli, "person", "sar", harts, "Dan Hartley", "--received", "today", says="is not in case")
    fails(cli, "person", "sar", "--child-id", "NOPE1", "--received", "today", says="--child-id 'NOPE1'")
    fails(cli, "person", "sar", harts, "Dan Hart", "--received", "today", "--also", "FS-0099", says="--also 'FS-0099'")
    full = tmp_path / "full"
    full.mkdir()
    (full / "old.txt").write_text("an earlier pack")
    fails(cli, "person", "sar", harts, "Dan Hart", "--out", str(full), code=ExitCode.CANT_CREATE, says="is a folder that is not empty")
    assert rows(db_path, "SELECT count(*) FROM sar_request") == [(0,)]
    ok(cli, "person", "sar", harts, "Dan Hart", "--received", "20/11/2026")
    fails(cli, "person", "sar", harts, "Dan Hart", "--received", "21/11/2026", says="SAR1 received 20/11/2026 is still open")


def test_a_child_is_found_by_their_child_id_and_an_empty_folder_takes_the_pack(cli, dan, tmp_path):
    harts, _, _ = dan
    lily = next(p for p in json.loads(ok(cli, "person", "list", harts, "-f", "json").out) if p["name"] == "Lily Hart")
    out = tmp_path / "empty"
    out.mkdir()
    ok(cli, "person", "sar", "--child-id", lily["child_id"], "--out", str(out))
    pack = pack_of(out)
    assert pack["subject"] == "Lily Hart"
    assert any(i["section"] == "contacts" for i in pack["items"]), "the visit she was seen at"


def test_the_pack_is_a_view_of_the_cases_in_the_access_log(cli, dan, tmp_path, db_path, monkeypatch):
    harts, mosses, _ = dan
    monkeypatch.setenv("FSCLI_ACCESS_LOG", "1")
    ok(cli, "person", "sar", harts, "Dan Hart", "--out", str(tmp_path / "pack"))
    logged = rows(db_path, "SELECT c.ref FROM access_log a JOIN access_case ac ON ac.access_id = a.id JOIN cases c ON c.id = ac.case_id WHERE a.view = 'sar' ORDER BY c.ref")
    assert logged == [(harts,), (mosses,)]


def test_a_request_whose_case_was_erased_is_still_due_and_answered_by_its_name(cli, dan, db_path):
    harts, _, _ = dan
    ok(cli, "person", "sar", harts, "Dan Hart", "--received", "20/11/2026")
    execute(db_path, "UPDATE sar_request SET person_id = NULL, case_id = NULL")  # as an erasure leaves it: the dates alone
    due = json.loads(ok(cli, "due", "--within", "4w", "-f", "json").out)
    assert [(i["what"], i["due_on"]) for i in due if i["rule"] == "subject-access"] == [("Subject access request answered — SAR1, its case erased", "2026-12-21")]
    fails(cli, "person", "sar", "--request", "SAR9", "--answered", says="--request 'SAR9': is no subject access request")
    fails(cli, "person", "sar", "--request", "SAR1", "--out", "somewhere", says="cannot take --received or --out")
    said = ok(cli, "person", "sar", "--request", "sar1", "--extend", "--reason", "Records held on paper too")
    assert "Extended SAR1: due 22/02/2027." in said.err
    ok(cli, "person", "sar", "--request", "SAR1", "--answered")
    assert rows(db_path, "SELECT answered_on FROM sar_request") == [("2026-11-23",)]
    fails(cli, "person", "sar", "--request", "SAR1", "--answered", says="was answered on 23/11/2026")


def test_a_request_recorded_in_error_is_voided_and_leaves_the_officers_due_list(cli, dan, db_path, monkeypatch):
    harts, _, _ = dan
    monkeypatch.setenv("FSCLI_WORKER", "Dee Officer")
    ok(cli, "person", "sar", harts, "Lily Hart", "--received", "20/11/2026")  # meant to look, not to record
    voided = ok(cli, "void", "SAR1", "--reason", "Recorded by mistake: no request was made")
    assert "Subject access request SAR1" in voided.err
    assert not [i for i in json.loads(ok(cli, "due", "--mine", "-f", "json").out) if "Subject access" in i["what"]]
    fails(cli, "person", "sar", "--request", "SAR1", "--answered", says="was voided as recorded in error")
    fails(cli, "void", "SAR1", "--reason", "again", says="voided already")
    assert rows(db_path, "SELECT void_reason FROM sar_request") == [("Recorded by mistake: no request was made",)]
    ok(cli, "db", "check")


def test_a_note_on_one_of_his_cases_naming_someone_of_his_other_case_is_listed_for_review(cli, dan, tmp_path):
    """The officer's replay: a Hart visit said Lily "stays at Amy Moss's" (Amy is on the Mosses' case,
    his other one): the pack listed only Kerry and Lily for review. A name from the pack's other
    cases counts written whole; a first name alone there could be anyone's."""
    harts, _mosses, _other = dan
    ok(cli, "diary", "add", harts, "Dan says Lily stays at Amy Moss's on Fridays; Leo was not mentioned")
    out = tmp_path / "pack"
    ok(cli, "person", "sar", harts, "Dan Hart", "--received", "20/11/2026", "--out", str(out))
    pack = pack_of(out)
    third = {row["record"]: row["names"] for row in pack["third_parties"]}
    fridays = next(i for i in pack["items"] if "on Fridays" in i["text"])
    assert third[fridays["record"]] == ["Lily Hart", "Amy Moss"]


def test_the_pack_says_when_a_task_was_done_and_its_time_once_in_utc(cli, dan, tmp_path):
    harts, _mosses, _other = dan
    task = next(r for r in json.loads(ok(cli, "task", "list", "-f", "json").out) if "GP forms" in r["text"])
    ok(cli, "task", "done", f"{harts}/{task['id']}")
    out = tmp_path / "pack"
    ok(cli, "person", "sar", harts, "Dan Hart", "--received", "20/11/2026", "--out", str(out))
    forms = next(i for i in pack_of(out)["items"] if i["text"] == "Help Dan fill in the GP forms")
    assert forms["what"].endswith("(done 2026-11-23)")
    html = (out / "index.html").read_text()
    assert "+00:00 UTC" not in html and "T00:00:00 UTC" not in html and " UTC. " in html
