"""The data protection officer's year, end to end (issue 24, "Done when"): a father in two
families asks for his records; his name was misspelt in one and a visit was filed on the wrong
family, so the record is put right first; the pack then holds everything about him from both
cases, flags the lines that name other people, and nothing else; years later the family's case
is past retention, and erasing it leaves none of its text in the file or its WAL.

Sam Okafor works with the Harts (Kerry, Dan, Lily) and the Quennells (Jo and her son Finnegan,
whose mother's new partner is Dan). Dee Ward is the council's data protection officer.
"""

import json
from pathlib import Path

import pytest

from tests.conftest import BACKEND, rows
from tests.factories import add_person, fails, ok, open_case

DAN_BORN = "12/03/1988"
# Words found only in the Quennell family's records: none may be left in the file after erasure.
QUENNELL_WORDS = ("Quennell", "Finnegan", "Zephyrine", "Tamborlane")


@pytest.fixture
def two_families(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    harts = open_case(cli, "Hart family", referred="02/11/2026", worker="Sam Okafor")
    add_person(cli, harts, "Kerry Hart", "parent", dob="12/05/1992", relationship="mother")
    add_person(cli, harts, "Dan Hart", "parent", dob=DAN_BORN, relationship="father")
    add_person(cli, harts, "Lily Hart", "child", dob="14/02/2017")
    quennells = open_case(cli, "Quennell family", referred="04/11/2026", reason="School worried: Finnegan tired and hungry", worker="Sam Okafor")
    add_person(cli, quennells, "Jo Quennell", "parent", dob="01/07/1990", relationship="mother")
    add_person(cli, quennells, "Finnegan Quennell", "child", dob="01/06/2015")
    add_person(cli, quennells, "Dan Heart", "parent", dob=DAN_BORN, relationship="mother's partner")  # misspelt at referral
    ok(cli, "visit", "log", harts, "--type", "home-visit", "--date", "10/11/2026", "--with", "Dan Hart,Kerry Hart", "--seen", "Lily Hart", "--note", "Dan and Kerry calm; Lily read to me")
    # Filed on the Harts by mistake: it was the Quennells' home, Dan there as Jo's partner.
    ok(cli, "visit", "log", harts, "--type", "home-visit", "--date", "12/11/2026", "--with", "Dan Hart", "--note", "Dan and Jo argued about Zephyrine the dog; Finnegan hid upstairs")
    ok(cli, "diary", "add", quennells, "Finnegan's school rang: Tamborlane trip paid")
    ok(cli, "diary", "add", harts, "Kerry asked about nursery hours")
    ok(cli, "meeting", "plan", harts, "--type", "cin-review", "--date", "next wed 10am", "--where", "Civic Centre", "--with", "Kerry Hart, Dan Hart")
    ok(cli, "meeting", "plan", harts, "--type", "core-group", "--date", "next thu 10am", "--with", "Kerry Hart")
    return harts, quennells


def test_a_father_in_two_families_gets_a_true_pack_and_the_case_past_retention_leaves_no_trace(cli, two_families, tmp_path, db_path, monkeypatch):
    harts, quennells = two_families

    # The visit cannot move while the Quennells' Dan is misspelt: the move names him, never guesses.
    fails(cli, "move", f"{harts}/V2", "--to", quennells, "--reason", "Filed on the wrong family", says="Dan Hart")
    ok(cli, "person", "set", quennells, "Dan Heart", "--name", "Dan Hart", "--reason", "Misspelt at referral")
    ok(cli, "move", f"{harts}/V2", "--to", quennells, "--reason", "Filed on the wrong family")
    monkeypatch.setenv("COLUMNS", "300")
    assert "moved to" in ok(cli, "chronology", harts, "--format", "tsv").out
    assert "moved here from" in ok(cli, "chronology", quennells, "--format", "tsv").out
    assert "name corrected" in ok(cli, "chronology", quennells, "--format", "tsv").out

    # The officer records Dan's request, sees it due, writes the pack and answers it.
    monkeypatch.setenv("FSCLI_WORKER", "Dee Ward")
    ok(cli, "person", "sar", harts, "Dan Hart", "--received", "20/11/2026")
    due = json.loads(ok(cli, "due", "--mine", "-f", "json").out)  # a month away, past the 14 days a list looks ahead: listed still
    assert [i["due_on"] for i in due if "Subject access" in i["what"]] == ["2026-12-21"]
    feed = ok(cli, "due", "--mine", "--format", "ics").out
    assert "Subject access request answered" in feed and "Dan" not in feed, "a calendar feed names no one"
    out = tmp_path / "dan-hart"
    monkeypatch.setenv("FSCLI_TODAY", "2026-12-24")  # written late
    assert "SAR1 is open: due 21/12/2026, 3 days overdue." in ok(cli, "person", "sar", harts, "Dan Hart", "--out", str(out)).err
    pack = json.loads((out / "items.json").read_text())
    assert [a["ref"] for a in pack["appearances"]] == [harts, quennells]
    texts = {i["text"] for i in pack["items"]}
    assert "Dan and Kerry calm; Lily read to me" in texts and "Dan and Jo argued about Zephyrine the dog; Finnegan hid upstairs" in texts
    booked = [i for i in pack["items"] if i["section"] == "bookings"]
    assert [i["text"] for i in booked] == ["invited: Kerry Hart, Dan Hart; at Civic Centre"], "the review he is invited to, not the one he is not"
    assert "Kerry asked about nursery hours" not in texts and "Finnegan's school rang: Tamborlane trip paid" not in texts
    flagged = {name for row in pack["third_parties"] for name in row["names"]}
    assert {"Kerry Hart", "Lily Hart"} <= flagged, "the people named beside him, for redaction review"
    # Erasing a case with a request still open would destroy what was asked for: refused.
    ok(cli, "case", "close", quennells, "--date", "today", "--reason", "RC7")
    fails(cli, "retention", "erase", quennells, "--yes", "--decision", "test", says="subject access")
    ok(cli, "person", "sar", harts, "Dan Hart", "--answered")
    assert not [i for i in json.loads(ok(cli, "due", "--mine", "--within", "8w", "-f", "json").out) if "Subject access" in i["what"]]

    # Years on, Finnegan is 18 plus three years: the Quennells' record is due for erasure.
    monkeypatch.setenv("FSCLI_TODAY", "2036-06-02")
    listed = ok(cli, "retention", "--format", "tsv").out
    assert quennells in listed and harts not in listed
    ok(cli, "retention", "erase", quennells, "--yes")
    ok(cli, "db", "check")
    assert "Dan and Kerry calm" in ok(cli, "chronology", harts, "--format", "tsv").out  # the other family is whole
    assert rows(db_path, "SELECT case_id, person_id, answered_on IS NOT NULL FROM sar_request") == [(rows(db_path, "SELECT id FROM cases")[0][0], rows(db_path, "SELECT id FROM person WHERE name = 'Dan Hart'")[0][0], 1)]
    if BACKEND == "sqlite":
        wal = Path(f"{db_path}-wal")
        data = Path(db_path).read_bytes() + (wal.read_bytes() if wal.exists() else b"")
        assert [w for w in QUENNELL_WORDS if w.encode() in data] == []
