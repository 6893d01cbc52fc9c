"""A family's address, telephone, GP, school, language, interpreter need and consent to share,
each from a date with its history (issue 20, §7): the diary-week family moved house on the Tuesday."""

import json

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, ok, open_case


@pytest.fixture
def grant(cli):
    """Angie and James: the diary week's family, moving from the house with a hole in the ceiling (today is Mon 23/11/2026)."""
    ref = open_case(cli, "Grant family", referred="05/10/2026", source="4", reason="Housing disrepair; support with the move", worker="Sam Okafor")
    add_person(cli, ref, "Angie Grant", "parent", dob="03/03/1995", sex="F")
    add_person(cli, ref, "Ellie Grant", "child", dob="10/06/2023", sex="F")
    ok(cli, "case", "detail", ref, "--address", "9 Station Road, Oakby", "--phone", "07700 900123", "--from", "01/04/2021")
    return ref


def test_the_family_moves_house_on_the_tuesday_and_registers_with_a_gp_on_the_thursday(cli, db_path, grant):
    moved = ok(cli, "case", "detail", grant, "--address", "4 Mill Lane, Oakby", "--from", "17/11/2026")
    assert "FS-0001 Grant family: the family's address from 17/11/2026: 4 Mill Lane, Oakby (before: 9 Station Road, Oakby)." in moved.err
    ok(cli, "case", "detail", grant, "--gp", "Oakby Surgery", "--from", "19/11/2026")
    ok(cli, "case", "detail", grant, "--school", "Oakby Village Nursery", "--for", "Ellie Grant", "--from", "19/11/2026")
    ok(cli, "case", "detail", grant, "--language", "English", "--interpreter", "no", "--consent", "school, GP and health visitor", "--from", "05/10/2026")

    shown = json.loads(ok(cli, "case", "show", grant, "-f", "json").out)
    current = {(d["detail"], d["person"]): (d["value"], d["from_on"]) for d in shown["details"]}
    assert current == {
        ("address", None): ("4 Mill Lane, Oakby", "2026-11-17"), ("phone", None): ("07700 900123", "2021-04-01"), ("gp", None): ("Oakby Surgery", "2026-11-19"),
        ("school", "Ellie Grant"): ("Oakby Village Nursery", "2026-11-19"), ("language", None): ("English", "2026-10-05"), ("interpreter", None): ("no", "2026-10-05"),
        ("consent", None): ("school, GP and health visitor", "2026-10-05"),
    }  # fmt: skip
    history = json.loads(ok(cli, "case", "detail", grant, "-f", "json").out)
    addresses = [(d["value"], d["from_on"], d["until_on"], d["current"]) for d in history if d["detail"] == "address"]
    assert addresses == [("9 Station Road, Oakby", "2021-04-01", "2026-11-17", False), ("4 Mill Lane, Oakby", "2026-11-17", None, True)]
    chronology = json.loads(ok(cli, "chronology", grant, "-f", "json").out)
    move = next(e for e in chronology if e["event"] == "Moved address")
    assert (move["on_date"], move["summary"], move["before_referral"]) == ("2026-11-17", "4 Mill Lane, Oakby (before: 9 Station Road, Oakby)", False)
    first = next(e for e in chronology if e["event"] == "Address")
    assert (first["on_date"], first["before_referral"]) == ("2021-04-01", True)


def test_consent_is_given_and_withdrawn(cli, grant):
    ok(cli, "case", "detail", grant, "--consent", "school and GP", "--from", "05/10/2026")
    withdrawn = ok(cli, "case", "detail", grant, "--withdraw-consent", "--from", "20/11/2026")
    assert "consent to share from 20/11/2026: withdrawn (before: school and GP)" in withdrawn.err
    details = json.loads(ok(cli, "case", "show", grant, "-f", "json").out)["details"]
    assert [(d["value"], d["from_on"]) for d in details if d["detail"] == "consent"] == [("withdrawn", "2026-11-20")]


def test_details_are_personal_data_kept_out_of_the_audit_and_the_calendar(cli, db_path, grant):
    ok(cli, "case", "detail", grant, "--address", "4 Mill Lane, Oakby", "--gp", "Oakby Surgery", "--from", "17/11/2026")
    details = [d for (d,) in rows(db_path, "SELECT detail FROM audit WHERE action = 'family.detail'")]
    assert details and all("Mill" not in d and "Oakby" not in d and "0770" not in d for d in details)
    assert '"fields":["address","gp"]' in details[-1]
    ok(cli, "task", "add", grant, "Help Angie register with the GP", "--due", "thursday")
    feed = ok(cli, "due", "--format", "ics").out
    assert "BEGIN:VEVENT" in feed and "Mill" not in feed and "Station" not in feed and "Oakby" not in feed


BAD = [
    (["--address", "x", "--for", "Ellie Grant"], "--address 'x': the address is the household's, not Ellie Grant's; leave out --for"),
    (["--phone", "call me"], "--phone 'call me': is not a telephone number"),
    (["--interpreter", "maybe"], "--interpreter 'maybe': is not yes or no"),
    (["--address", "9 Station Road, Oakby"], "--address '9 Station Road, Oakby': is the family's address already (from 01/04/2021)"),
    (["--address", "New flat", "--from", "01/04/2021"], "--address '01/04/2021': the family's address is recorded from 01/04/2021 already"),
    (["--address", "New flat", "--from", "tomorrow"], "--from"),
    (["--school", "Oakby Nursery", "--for", "Nobody"], "--for 'Nobody': is not in case FS-0001"),
    (["--school", "Oakby Nursery", "--for", "Ellie Grant", "--from", "01/01/2020"], "is before Ellie Grant was born (10/06/2023)"),
    (["--withdraw-consent"], "no consent to share is recorded for case FS-0001"),
    (["--consent", "GP", "--withdraw-consent"], "give --consent SCOPE or --withdraw-consent, not both"),
    (["--for", "Ellie Grant"], "--for 'Ellie Grant': say which detail is theirs"),
    (["--address", ""], "--address: must not be empty"),
]


@pytest.mark.parametrize("args,message", BAD, ids=[" ".join(a)[:40] for a, _ in BAD])
def test_a_bad_detail_names_the_field_and_writes_nothing(cli, db_path, grant, args, message):
    before = table_counts(db_path)
    fails(cli, "case", "detail", grant, *args, says=message)
    assert table_counts(db_path) == before
