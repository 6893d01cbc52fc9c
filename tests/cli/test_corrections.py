"""Names, dates of birth, sex and the family's name put right, with the old value kept; the
expected date of a child now born kept beside the date of birth (issue 20, §5 and §1)."""

import json

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def harte(cli):
    ref = open_case(cli, "Harte family", referred="02/11/2026", worker="Sam Okafor")
    add_person(cli, ref, "Lilly Hart", "child", dob="14/02/2017", sex="F")
    add_person(cli, ref, "Baby Hart", "child", due="20/11/2026")
    return ref


def test_a_misspelt_name_and_a_wrong_date_of_birth_are_put_right_with_the_old_values_kept(cli, db_path, harte):
    done = ok(cli, "person", "set", harte, "Lilly Hart", "--name", "Lily Hart", "--dob", "15/02/2017", "--reason", "Misspelt at referral")
    assert "Updated Lily Hart in FS-0001 on Mon 23 Nov 2026: put right their name, date of birth; the old value is kept in the history; date of birth Wed 15 Feb 2017." in done.err
    people = {p["name"]: p for p in json.loads(ok(cli, "person", "list", harte, "-f", "json").out)}
    assert people["Lily Hart"]["dob"] == "2017-02-15"
    assert people["Lily Hart"]["history"] == "name corrected on 23/11/2026 from Lilly Hart to Lily Hart (Misspelt at referral); date of birth corrected on 23/11/2026 from 14/02/2017 to 15/02/2017 (Misspelt at referral)"
    kept = rows(db_path, "SELECT entity, field, old_value, new_value, reason FROM field_history ORDER BY id")
    assert kept == [("person", "name", "Lilly Hart", "Lily Hart", "Misspelt at referral"), ("person", "dob", "2017-02-14", "2017-02-15", "Misspelt at referral")]
    action, detail = rows(db_path, "SELECT action, detail FROM audit ORDER BY id DESC LIMIT 1")[0]
    assert action == "person.update" and "Lilly" not in detail and "2017" not in detail, "the audit names fields, never values"
    history = json.loads(ok(cli, "case", "show", harte, "-f", "json").out)["history"]
    assert {"on_date": "2026-11-23", "event": "Corrected", "detail": "Lily Hart: name corrected on 23/11/2026 from Lilly Hart to Lily Hart (Misspelt at referral)"} in history
    chronology = json.loads(ok(cli, "chronology", harte, "-f", "json").out)
    assert [(e["child"], e["summary"]) for e in chronology if e["event"] == "Corrected"][0] == ("Lily Hart", "name corrected on 23/11/2026 from Lilly Hart to Lily Hart (Misspelt at referral)")


def test_the_family_name_is_put_right_with_its_history(cli, db_path, harte):
    done = ok(cli, "case", "set", harte, "--family", "Hart family", "--reason", "Misspelt at referral")
    assert "FS-0001 is now Hart family (was Harte family); the old name is kept in the history." in done.err
    shown = json.loads(ok(cli, "case", "show", harte, "-f", "json").out)
    assert shown["family"] == "Hart family"
    assert shown["history"][-1]["detail"] == "the family: family name corrected on 23/11/2026 from Harte family to Hart family (Misspelt at referral)"
    assert "Hart family" in ok(cli, "search", "Hart").out
    assert rows(db_path, "SELECT detail FROM audit ORDER BY id DESC LIMIT 1") == [('{"corrected":["family"],"fields":["family"]}',)]


def test_the_referral_reason_is_put_right_with_its_history(cli, db_path, harte):
    done = ok(cli, "case", "set", harte, "--referral-reason", "Neglect: missed feeds reported by the health visitor", "--reason", "Typed from the wrong referral form")
    assert "The referral reason of FS-0001 is put right; the old reason is kept in the history." in done.err
    kept = rows(db_path, "SELECT entity, field, old_value, new_value, reason FROM field_history")
    assert kept == [("case", "reason", "Health visitor worried about missed feeds", "Neglect: missed feeds reported by the health visitor", "Typed from the wrong referral form")]
    assert rows(db_path, "SELECT reason FROM cases") == [("Neglect: missed feeds reported by the health visitor",)]
    shown = json.loads(ok(cli, "case", "show", harte, "-f", "json").out)
    assert shown["history"][-1]["detail"] == "the family: referral reason corrected on 23/11/2026 from Health visitor worried about missed feeds to Neglect: missed feeds reported by the health visitor (Typed from the wrong referral form)"
    chronology = json.loads(ok(cli, "chronology", harte, "-f", "json").out)
    assert any(e["event"] == "Corrected" and e["summary"].startswith("referral reason corrected on 23/11/2026") for e in chronology)
    assert rows(db_path, "SELECT detail FROM audit ORDER BY id DESC LIMIT 1") == [('{"corrected":["reason"],"fields":["reason"]}',)]
    both = ok(cli, "case", "set", harte, "--family", "Hart family", "--referral-reason", "Neglect", "--reason", "Both typed wrong")
    assert "FS-0001 is now Hart family (was Harte family); the referral reason of FS-0001 is put right; the old values are kept in the history." in both.err


def test_a_birth_keeps_the_expected_date(cli, db_path, harte):
    ok(cli, "person", "born", harte, "Baby Hart", "--dob", "18/11/2026", "--name", "Ellis Hart", "--sex", "M")
    people = {p["name"]: p for p in json.loads(ok(cli, "person", "list", harte, "-f", "json").out)}
    assert (people["Ellis Hart"]["dob"], people["Ellis Hart"]["due_on"]) == ("2026-11-18", None)
    assert people["Ellis Hart"]["history"].startswith("born 18/11/2026, expected 20/11/2026; name before the birth was Baby Hart")
    assert "born 18/11/2026, expected 20/11/2026" in ok(cli, "case", "show", harte, "-f", "table").out
    born = next(e for e in json.loads(ok(cli, "chronology", harte, "-f", "json").out) if e["event"] == "Born" and e["child"] == "Ellis Hart")
    assert born["summary"] == "expected 20/11/2026"
    assert rows(db_path, "SELECT field, old_value, new_value, reason FROM field_history WHERE field = 'due_on'") == [("due_on", "2026-11-20", None, "born")]


def test_an_ethnicity_and_a_disability_already_recorded_are_put_right_with_a_reason(cli, db_path, harte):
    first = ok(cli, "person", "set", harte, "Lilly Hart", "--ethnicity", "WBRI", "--disability", "NONE")
    assert "put right" not in first.err and rows(db_path, "SELECT count(*) FROM field_history") == [(0,)], "a first value is recorded, not corrected"
    fails(cli, "person", "set", harte, "Lilly Hart", "--ethnicity", "WIRI", says="--reason: Lilly Hart's ethnicity is recorded already (WBRI): putting it right takes a reason")
    done = ok(cli, "person", "set", harte, "Lilly Hart", "--ethnicity", "WIRI", "--disability", "LD", "--reason", "Mother says Irish; the LD assessment came back")
    assert "put right their ethnicity, disability; the old value is kept in the history" in done.err
    kept = rows(db_path, "SELECT entity, field, old_value, new_value, reason FROM field_history ORDER BY id")
    assert kept == [("person", "ethnicity", "WBRI", "WIRI", "Mother says Irish; the LD assessment came back"), ("person", "disabilities", "NONE", "LD", "Mother says Irish; the LD assessment came back")]
    person = {p["name"]: p for p in json.loads(ok(cli, "person", "list", harte, "-f", "json").out)}["Lilly Hart"]
    assert (person["ethnicity"], person["disabilities"]) == ("WIRI", "LD")
    assert person["history"] == "ethnicity corrected on 23/11/2026 from WBRI to WIRI (Mother says Irish; the LD assessment came back); disability corrected on 23/11/2026 from NONE to LD (Mother says Irish; the LD assessment came back)"
    action, detail = rows(db_path, "SELECT action, detail FROM audit ORDER BY id DESC LIMIT 1")[0]
    assert action == "person.update" and "WBRI" not in detail and '"corrected":["disabilities","ethnicity"]' in detail
    again = ok(cli, "person", "set", harte, "Lilly Hart", "--ethnicity", "wiri")
    assert "put right" not in again.err and rows(db_path, "SELECT count(*) FROM field_history") == [(2,)], "the same value again changes nothing"


BAD = [
    (["person", "set", "FS-0001", "Lilly Hart", "--name", "Lily Hart"], "--reason: a name, date of birth or sex is put right with a reason"),
    (["person", "set", "FS-0001", "Lilly Hart", "--name", "Lilly Hart", "--reason", "typo"], "--name 'Lilly Hart': is Lilly Hart's name already"),
    (["person", "set", "FS-0001", "Lilly Hart", "--name", "baby hart", "--reason", "typo"], "--name 'baby hart': is already a member of case FS-0001"),
    (["person", "set", "FS-0001", "Lilly Hart", "--dob", "01/01/2030", "--reason", "typo"], "--dob '01/01/2030'"),
    (["person", "set", "FS-0001", "Lilly Hart", "--sex", "X", "--reason", "typo"], "--sex 'X'"),
    (["person", "set", "FS-0001", "Baby Hart", "--dob", "18/11/2026", "--reason", "typo"], "Baby Hart is recorded as unborn (due 20/11/2026); record the birth with: fscli person born FS-0001"),
    (["person", "set", "FS-0001", "Lilly Hart", "--name", "Lily Hart", "--reason", ""], "--reason"),
    (["case", "set", "FS-0001", "--family", "Harte family", "--reason", "typo"], "--family 'Harte family': is the family's name on FS-0001 already"),
    (["case", "set", "FS-0001", "--family", "", "--reason", "typo"], "--family"),
    (["case", "set", "FS-0009", "--family", "Hart", "--reason", "typo"], "FS-0009"),
    (["case", "set", "FS-0001", "--reason", "typo"], "options: nothing to put right; give --family NAME, --referral-reason TEXT or --source CODE, with --reason"),
    (["case", "set", "FS-0001", "--referral-reason", "Health visitor worried about missed feeds", "--reason", "typo"], "is the referral reason on FS-0001 already"),
    (["case", "set", "FS-0001", "--referral-reason", "", "--reason", "typo"], "--referral-reason"),
]


def test_a_date_of_birth_or_sex_never_recorded_is_given_without_a_reason_and_keeps_no_history(cli, db_path, harte):
    """A child added at referral without a date of birth could never be given one ('not recorded as
    born'; 'person born' wants an unborn child), and the census return stayed blocked for the team."""
    ok(cli, "person", "add", harte, "Cal Hart", "--role", "child")
    given = ok(cli, "person", "set", harte, "Cal Hart", "--dob", "01/01/2015", "--sex", "M")
    assert "put right" not in given.err
    assert rows(db_path, "SELECT dob, sex FROM person WHERE name = 'Cal Hart'") == [("2015-01-01", "M")]
    assert rows(db_path, "SELECT count(*) FROM field_history") == [(0,)]
    fails(cli, "person", "set", harte, "Cal Hart", "--sex", "F", says="--reason: a name, date of birth or sex is put right with a reason")


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a[3:])[:40] for a, _ in BAD])
def test_a_bad_correction_names_the_field_and_writes_nothing(cli, db_path, harte, args, message):
    before = table_counts(db_path)
    fails(cli, *args, says=message)
    assert table_counts(db_path) == before
