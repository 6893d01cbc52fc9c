"""The facts `fscli due` and the indicators read (store/derived.py) follow every write, are checked, and are never exported.

Today is Monday 23 Nov 2026. The facts are a copy of what the records say; a copy that went stale
would move a child's visit clock without a word, so each kind of write is followed here.
"""

import json

from tests.conftest import execute, rows
from tests.factories import add_person, ok, open_case


def facts_in_step(cli) -> bool:
    checked = cli("db", "check")
    return checked.code == 0 and "derived facts: in step with the records" in checked.out


def case_due(db, ref):
    found = rows(db, "SELECT d.opened_on, w.name, d.outcome_checked, d.decided, d.baseline_on, d.midway_on FROM case_due d JOIN cases c ON c.id = d.case_id LEFT JOIN worker w ON w.id = d.worker_id WHERE c.ref = ?", ref)
    return found[0] if found else None


def test_a_families_story_keeps_its_facts_in_step_write_by_write(cli, db_path):
    ref = open_case(cli, "Wilson family", referred="02/11/2026", source="3E", reason="Concerns at the birth", worker="Helen Price")
    assert case_due(db_path, ref) == ("2026-11-02", "Helen Price", 0, 0, None, None)  # not decided yet
    add_person(cli, ref, "Harper Wilson", "child", dob="01/11/2026", sex="F")
    add_person(cli, ref, "Chloe Wilson", "parent", dob="01/01/2002")
    ok(cli, "s47", "start", ref, "--date", "03/11/2026", "--child", "Harper Wilson")
    assert case_due(db_path, ref)[3] == 1  # an enquiry is a decision
    ok(cli, "s47", "outcome", ref, "--child", "Harper Wilson", "--icpc", "09/11/2026")
    ok(cli, "case", "plan", ref, "cp", "--start", "09/11/2026", "--child", "Harper Wilson", "--category", "NEG")
    assert rows(db_path, "SELECT seen_on FROM plan_seen") == [(None,)]

    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "12/11/2026", "--seen", "Harper Wilson", "--note", "Harper feeding well")
    ok(cli, "visit", "log", ref, "--type", "phone", "--date", "13/11/2026", "--note", "Rang mum")  # a call is not a sighting
    assert rows(db_path, "SELECT seen_on FROM plan_seen") == [("2026-11-12",)]
    ok(cli, "meeting", "log", ref, "--type", "core-group", "--date", "16/11/2026", "--with", "Mum, health visitor")
    assert rows(db_path, "SELECT kind, held, last_on FROM case_review") == [("core-group", 1, "2026-11-16")]

    ok(cli, "goal", "add", ref, "Harper is fed on time", "--for", "Chloe Wilson")
    ok(cli, "goal", "score", f"{ref}/1", "3", "--by", "Chloe Wilson", "--date", "10/11/2026")  # a score belongs to its case through its goal
    assert case_due(db_path, ref)[4] == "2026-11-10"
    ok(cli, "goal", "score", f"{ref}/1", "6", "--by", "Chloe Wilson", "--date", "20/11/2026")
    ok(cli, "goal", "score", f"{ref}/1", "2", "--by", "worker", "--date", "21/11/2026")  # the worker's rating is not the family's
    assert rows(db_path, "SELECT ratings, first_value, latest_value, latest_on FROM goal_family") == [(2, 3, 6, "2026-11-20")]
    ok(cli, "goal", "score", f"{ref}/1", "5", "--by", "Chloe Wilson", "--date", "20/11/2026", "--corrects", "2")  # the 6 was a 5
    assert rows(db_path, "SELECT ratings, first_value, latest_value, latest_on FROM goal_family") == [(2, 3, 5, "2026-11-20")]
    ok(cli, "case", "allocate", ref, "Priya Shah", "--date", "20/11/2026", "--reason", "LEFTRL")
    assert case_due(db_path, ref)[1] == "Priya Shah"
    assert facts_in_step(cli)

    due = json.loads(ok(cli, "due", "-f", "json", "--case", ref, "--within", "30d").out)
    visit = next(i for i in due if i["rule"] == "cp-visit")
    assert visit["due_on"] == "2026-11-26" and visit["worker"] == "Priya Shah"  # 10 working days after Thu 12 Nov

    ok(cli, "case", "plan", ref, "cin", "--start", "20/11/2026", "--child", "Harper Wilson")  # stepped down: the CP plan ends that day
    assert rows(db_path, "SELECT on_date, from_kind, to_kind FROM plan_step") == [("2026-11-20", "cp", "cin")]
    ok(cli, "case", "plan", ref, "--end", "20/11/2026", "--reason", "Plan no longer needed")
    assert rows(db_path, "SELECT count(*) FROM plan_seen") == [(0,)] and rows(db_path, "SELECT count(*) FROM case_review") == [(0,)]
    ok(cli, "case", "close", ref, "--date", "23/11/2026", "--reason", "RC3", "--summary", "Settled")
    ok(cli, "case", "reopen", ref, "--date", "23/11/2026", "--reason", "New worries from school")
    assert case_due(db_path, ref)[0] == "2026-11-23"  # the work begins again
    assert facts_in_step(cli)


def test_db_check_finds_facts_out_of_step_and_db_upgrade_works_them_out_again(cli, db_path):
    ref = open_case(cli, "Hart family", referred="02/11/2026")
    add_person(cli, ref, "Lily Hart", "child", dob="01/01/2020")
    ok(cli, "case", "plan", ref, "cin", "--start", "09/11/2026", "--child", "Lily Hart")
    execute(db_path, "UPDATE case_due SET decided = 0", "DELETE FROM plan_seen")  # as a tool writing behind fscli's back might

    checked = cli("db", "check")
    assert checked.code == 65
    assert "derived facts: case_due differs from the records for 1 case" in checked.err
    assert "derived facts: plan_seen differs from the records for 1 plan" in checked.err
    assert "run 'fscli db upgrade': it works the derived facts out again" in checked.err

    upgraded = ok(cli, "db", "upgrade")
    assert "derived facts were out of step with the records and were worked out again" in upgraded.err + upgraded.out
    assert facts_in_step(cli)
    assert "nothing changed" in (lambda r: r.err + r.out)(ok(cli, "db", "upgrade"))


def test_the_facts_are_never_exported_and_an_import_works_them_out(cli, db_path, tmp_path, empty_database):
    ref = open_case(cli, "Hart family", referred="02/11/2026")
    add_person(cli, ref, "Lily Hart", "child", dob="01/01/2020")
    ok(cli, "case", "plan", ref, "cin", "--start", "09/11/2026", "--child", "Lily Hart")
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "12/11/2026", "--seen", "Lily Hart", "--note", "Lily showed me her room")
    out = tmp_path / "nightly"
    ok(cli, "export", "--out", str(out))
    tables = json.loads((out / "manifest.json").read_text())["tables"]
    from fscli.store.derived import DERIVED_TABLES

    assert DERIVED_TABLES == ("case_due", "plan_seen", "case_review", "goal_family", "plan_step") and not set(DERIVED_TABLES) & set(tables)

    ok(cli, "--db", empty_database, "init")
    ok(cli, "--db", empty_database, "import", str(out))
    assert rows(empty_database, "SELECT seen_on FROM plan_seen") == [("2026-11-12",)]
    assert cli("--db", empty_database, "db", "check").code == 0


def test_a_table_gone_from_the_database_is_named_not_taken_for_a_foreign_file(cli, db_path):
    ref = open_case(cli, "Hart family", referred="02/11/2026")
    add_person(cli, ref, "Lily Hart", "child", dob="01/01/2020")
    execute(db_path, "DROP TABLE plan_step")  # as a tool working behind fscli's back might

    shown = cli("summary", "--indicators")
    assert shown.code == 65 and "a table or column its schema promises is missing" in shown.err and "plan_step" in shown.err
    assert "run 'fscli db check'" in shown.err and "Traceback" not in shown.err
    checked = cli("db", "check")
    assert checked.code == 65
    from fscli.store.schema import HEAD

    assert f"tables: plan_step is missing, though the schema is {HEAD}" in checked.err
