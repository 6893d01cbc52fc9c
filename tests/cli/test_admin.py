"""init, demo, codes, config: the tool looking after itself."""

import json
from pathlib import Path

from fscli.services.sample import load, read_sample
from tests.conftest import TODAY as TODAY_FOR_SAMPLE, rows
from tests.factories import ok


def test_demo_builds_its_own_database_from_the_sample_and_shows_it(cli, db_path, tmp_path):
    result = cli("demo")
    assert result.code == 0, result
    assert "Loaded the sample caseload: 20 families" in result.err
    assert "The demo uses its own database" in result.err  # FSCLI_DB is set in tests and ignored
    demo_db = next((tmp_path / "xdg_data_home").rglob("demo.db"))
    assert rows(demo_db, "SELECT count(*) FROM cases") == [(20,)]
    assert rows(db_path, "SELECT count(*) FROM cases") == [(0,)]  # the worker's own database untouched
    page = json.loads(cli("demo", "-f", "json").out)  # the dashboard: due, plans, goal movement, families
    assert len(page["cases"]) == 20 and page["open_cases"] == 11
    assert {p["plan"] for p in page["plans"]} >= {"early-help", "cin", "cp", "cla"}
    assert page["due"] and page["goals"]
    checked = cli("db", "check", "--db", str(demo_db))
    assert checked.code == 0 and "warning" not in checked.err, checked  # its audit rows in order: no clock set back
    again = cli("demo")
    assert again.code == 0 and "Loaded" not in again.err
    assert "Loaded the sample caseload" in cli("demo", "--reset").err


def test_after_the_demo_a_new_user_is_told_how_to_run_any_command_on_it(cli, tmp_path, monkeypatch):
    """The replay's family worker ran 'fscli case show FS-0001' after 'fscli demo' and met 'no
    database': the demo ends with the line to type, and that refusal says it again."""
    from fscli.config import pointing_at

    monkeypatch.delenv("FSCLI_DB")  # a new user: nothing names a caseload
    shown = cli("demo")
    demo_db = next((tmp_path / "xdg_data_home").rglob("demo.db"))
    assert shown.code == 0 and f"  export FSCLI_DB={demo_db}\n" in shown.err and "give --db PATH to one command" in shown.err
    refused = cli("case", "show", "FS-0001")
    assert refused.code == 1 and refused.err.count("\n") == 1
    assert f"no database at {demo_db.with_name('fscli.db')}; run 'fscli init' to start your own caseload; or to explore the demo: export FSCLI_DB={demo_db}" in refused.err
    monkeypatch.setenv("FSCLI_DB", str(demo_db))
    assert "Ashworth family" in ok(cli, "case", "show", "FS-0001").out
    assert ok(cli, "due", "--db", str(demo_db), "-f", "tsv").out.startswith("due_on")
    assert pointing_at(Path("/Users/sam/Library/Application Support/fscli/demo.db")) == "export FSCLI_DB='/Users/sam/Library/Application Support/fscli/demo.db'"
    monkeypatch.delenv("FSCLI_DB")
    elsewhere = cli("case", "list", "--db", str(tmp_path / "mine.db"))  # a caseload named on purpose: not the demo's business
    assert elsewhere.code == 1 and "explore the demo" not in elsewhere.err and "fscli init" in elsewhere.err


def test_the_sample_loads_cleanly_on_awkward_days(cli, monkeypatch):
    from fscli.clock import FixedClock
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.uow import run
    from datetime import date
    import os

    name, data = read_sample()
    for day in (date(2026, 11, 23), date(2026, 11, 27), date(2026, 12, 24), date(2028, 2, 29), date(2027, 3, 31), date(2026, 11, 28)):  # a Monday, a Friday, Christmas Eve, a leap day, Easter week, a Saturday
        database = Database(locate(os.environ["FSCLI_DB"]))
        loaded = run(database, FixedClock.on(day), "demo", lambda uow: load(uow, name, data))
        assert loaded.cases == 20
        database.dispose()


def test_no_one_in_the_sample_has_a_birthday_or_turns_a_year_older_around_the_day_the_demo_is_loaded():
    """A new user saw every parent in the demo born on that very day ('33 years ago'): it looked like
    a bug. On any day, no birthday is within a week either side, so each age reads the same all week."""
    from datetime import date, timedelta

    from fscli.domain.casework import describe_age
    from fscli.domain.dates import Look
    from fscli.services.sample import sample_date

    name, data = read_sample()
    people = [(p["name"], p["dob"]) for case in data["case"] for p in case.get("people", []) if "dob" in p]
    assert len(people) == 50
    for today in (date(2027, 11, 1) + timedelta(days=n) for n in range(430)):  # every day of a year and more, 29 February 2028 too
        for person, dob in people:
            born = sample_date(dob, today, field="dob", look=Look.BACK)
            ages = {describe_age(born, None, today + timedelta(days=d)) for d in range(-7, 8)}
            assert len(ages) == 1, (today, person, born, ages)


def test_the_demo_shows_a_live_caseload_on_any_day(cli, tmp_path, monkeypatch):
    """Overdue items, something due today and this week, a CP review coming, a case past 16
    weeks, and a recent closure with its six-month check, whatever day the demo is loaded."""
    for day in ("2026-11-23", "2026-11-27", "2027-03-31", "2026-11-28"):
        monkeypatch.setenv("FSCLI_TODAY", day)
        assert cli("demo", "--reset").code == 0
        monkeypatch.setenv("FSCLI_DB", str(next((tmp_path / "xdg_data_home").rglob("demo.db"))))
        items = json.loads(cli("due", "-f", "json").out)
        states = {i["state"].split(" by ")[0] for i in items}
        assert {"overdue", "due today"} <= states, (day, states)
        assert any(0 < i["days_left"] <= 7 for i in items), day
        if day[-2:] in ("23", "31"):  # a Monday, a Wednesday: the rest of the week has work in it
            assert "this week" in states, (day, states)
        reviews = json.loads(cli("reviews", "--within", "14d", "-f", "json").out)
        assert any(r["rule"].startswith("cp-review") for r in reviews), day
        closures = json.loads(cli("closures", "-f", "json").out)
        assert any(c["flag"] == "open past 16 weeks" for c in closures), day
        assert any(c["status"] == "closed" and c["check_on"] for c in closures), day


def test_the_demo_waits_for_a_command_using_it_then_says_it_is_busy(cli, tmp_path, monkeypatch):
    import sqlite3

    assert cli("demo").code == 0
    demo_db = next((tmp_path / "xdg_data_home").rglob("demo.db"))
    holder = sqlite3.connect(demo_db)
    holder.execute("BEGIN IMMEDIATE")  # another terminal in the middle of a write
    monkeypatch.setenv("FSCLI_BUSY_TIMEOUT_MS", "200")
    try:
        busy = cli("demo", "--reset")
    finally:
        holder.rollback()
        holder.close()
    assert busy.code == 75 and busy.err.count("fscli: error: the database is busy") == 1
    assert demo_db.exists() and rows(demo_db, "SELECT count(*) FROM cases") == [(20,)]


def test_a_sample_file_edited_wrong_is_named_with_its_line(tmp_path):
    import os
    from importlib import resources

    import pytest

    from fscli.clock import FixedClock
    from fscli.errors import DataProblem
    from fscli.store.db import Database
    from fscli.store.location import locate
    from fscli.store.uow import run

    original = resources.files("fscli.sample_data").joinpath("caseload.toml").read_text()
    edited = tmp_path / "caseload.toml"
    edited.write_text(original.replace('referred = "15 weeks ago"', 'referred = "15 weeks ag"', 1))
    name, data = read_sample(edited)
    lines = original.splitlines()
    pearce = lines.index("[[case]]", lines.index('family = "Ashworth family"')) + 1  # the second case's header
    with pytest.raises(DataProblem) as refused:
        run(Database(locate(os.environ["FSCLI_DB"])), FixedClock.on(TODAY_FOR_SAMPLE), "demo", lambda uow: load(uow, name, data))
    assert f"caseload.toml line {pearce}: case 2 (Pearce family)" in refused.value.line() and "15 weeks ag" in refused.value.line()


def test_codes_list_the_sets_and_one_set(cli):
    sets = [line.split("\t")[0] for line in cli("codes").out.splitlines()[1:]]
    assert {"referral-source", "closure-reason", "agency-kind", "worker-change", "category-of-abuse"} <= set(sets)
    sources = json.loads(cli("codes", "referral-source", "-f", "json").out)
    assert {"set": "referral-source", "code": "5D", "label": "LA services: early help", "valid": "from 2022-23"} in sources
    assert cli("codes", "colours").code == 1


def test_config_show_says_where_each_setting_comes_from(cli, tmp_path, monkeypatch):
    config = tmp_path / "cfg.toml"
    config.write_text('worker = "Sam Okafor"\nbusy_timeout_ms = 8000\n')
    monkeypatch.setenv("FSCLI_CONFIG", str(config))
    shown = {r["setting"]: r for r in json.loads(cli("config", "show", "-f", "json").out)}
    assert shown["worker"]["value"] == "Sam Okafor" and shown["worker"]["source"] == f"config file {config}"
    assert shown["db"]["source"] == "environment FSCLI_DB"
    assert shown["busy_timeout_ms"]["value"] == "8000"
    monkeypatch.setenv("FSCLI_WORKER", "Priya Shah")
    assert {r["setting"]: r for r in json.loads(cli("config", "show", "-f", "json").out)}["worker"]["value"] == "Priya Shah"
    config.write_text("colour = 'red'\n")
    bad = cli("config", "show")
    assert bad.code == 1 and "unknown setting 'colour'" in bad.err
