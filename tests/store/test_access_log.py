"""Every view of a case's records is logged (issue 23 §3): who looked, when, with which view, at
which cases; `fscli audit REF --views` shows them. On both backends."""

import json
import sqlite3

import pytest

from fscli.errors import ExitCode
from tests.conftest import BACKEND, _pg_admin, pg_url, rows
from tests.factories import add_person, fails, ok, open_case


def _views(db) -> list[tuple]:
    """Each access row, oldest first: (view, detail, the cases it names)."""
    found = rows(db, "SELECT a.id, a.view, a.detail FROM access_log a ORDER BY a.id")
    return [(view, json.loads(detail), sorted(c for (c,) in rows(db, "SELECT case_id FROM access_case WHERE access_id = ?", ident))) for ident, view, detail in found]


def _case_id(db, ref: str) -> int:
    return rows(db, "SELECT id FROM cases WHERE ref = ?", ref)[0][0]


@pytest.fixture
def two_families(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    monkeypatch.setenv("FSCLI_ACCESS_LOG", "true")  # a worker's own file logs views when asked to; a server always
    hart = open_case(cli, "Hart family")
    add_person(cli, hart, "Lily Hart", dob="02/02/2020")
    ok(cli, "goal", "add", hart, "Lily gets to school on time", "--for", "Lily Hart")
    ok(cli, "diary", "add", hart, "Rang the school about Lily's mornings")
    ok(cli, "visit", "log", hart, "--type", "home-visit", "--date", "yesterday", "--note", "Saw Lily at home")
    ok(cli, "agency", "add", hart, "Oakby Primary", "--kind", "school")
    grant = open_case(cli, "Grant family", reason="School worried about attendance at Oakby")
    return hart, grant


VIEWS_OF_ONE_CASE = [
    ("case.show", ["case", "show"]),
    ("case.journey", ["case", "journey"]),
    ("case.detail", ["case", "detail"]),
    ("chronology", ["chronology"]),
    ("person.list", ["person", "list"]),
    ("agency.list", ["agency", "list"]),
    ("goal.list", ["goal", "list"]),
    ("goal.progress", ["goal", "progress"]),
    ("visit.list", ["visit", "list"]),
    ("meeting.list", ["meeting", "list"]),
    ("diary.list", ["diary", "list"]),
]


@pytest.mark.parametrize(("view", "words"), VIEWS_OF_ONE_CASE, ids=[v for v, _ in VIEWS_OF_ONE_CASE])
def test_each_view_of_a_case_writes_one_access_row_naming_that_case(cli, db_path, two_families, view, words):
    hart, _grant = two_families
    ok(cli, *words, hart)
    assert _views(db_path) == [(view, _views(db_path)[0][1], [_case_id(db_path, hart)])]


def test_a_goal_shown_is_a_view_of_its_case(cli, db_path, two_families):
    hart, _grant = two_families
    ok(cli, "goal", "show", f"{hart}/1")
    assert [(v, cases) for v, _, cases in _views(db_path)] == [("goal.show", [_case_id(db_path, hart)])]


def test_a_search_logs_every_case_in_its_results_and_never_the_words(cli, db_path, two_families):
    hart, grant = two_families
    ok(cli, "search", "school")
    [(view, detail, cases)] = _views(db_path)
    assert view == "search" and cases == sorted([_case_id(db_path, hart), _case_id(db_path, grant)])
    assert detail["results"] >= 2 and "school" not in json.dumps(detail)


def test_a_search_that_finds_nothing_is_logged_with_no_case(cli, db_path, two_families):
    ok(cli, "search", "zzzqqq")
    assert _views(db_path) == [("search", {"case": False, "limit": 50, "results": 0}, [])]


def test_a_diary_read_across_the_caseload_names_the_cases_of_the_entries_shown(cli, db_path, two_families):
    hart, _grant = two_families
    ok(cli, "diary", "add", "Team meeting, no family")
    ok(cli, "diary", "list")
    assert [(v, cases) for v, _, cases in _views(db_path)] == [("diary.list", [_case_id(db_path, hart)])]


def test_the_week_and_the_task_list_name_the_cases_whose_entries_they_show(cli, db_path, two_families):
    hart, grant = two_families
    ok(cli, "task", "add", grant, "Ring the school about attendance", "--due", "tomorrow")
    ok(cli, "week")
    ok(cli, "task", "list")
    both = sorted([_case_id(db_path, hart), _case_id(db_path, grant)])  # the Harts' visit, the Grants' task due this week
    assert [(v, cases) for v, _, cases in _views(db_path)] == [("week", both), ("task.list", [_case_id(db_path, grant)])]


def test_what_is_due_on_one_case_is_a_view_of_it_and_the_working_list_is_not(cli, db_path, two_families):
    hart, _grant = two_families
    ok(cli, "due", "--case", hart)
    ok(cli, "due")
    ok(cli, "case", "list")
    assert [(v, cases) for v, _, cases in _views(db_path)] == [("due", [_case_id(db_path, hart)])]


def test_a_view_refused_writes_no_access_row(cli, db_path, two_families):
    for words in (["case", "show"], ["chronology"], ["person", "list"], ["goal", "list"]):
        fails(cli, *words, "FS-0099", says="no such case")
    assert _views(db_path) == []


def test_an_export_is_a_view_of_every_case_it_holds(cli, db_path, two_families, tmp_path):
    hart, grant = two_families
    ok(cli, "export", "--out", str(tmp_path / "nightly"), "--format", "csv")
    [(view, detail, cases)] = _views(db_path)
    assert view == "export" and cases == sorted([_case_id(db_path, hart), _case_id(db_path, grant)])
    assert detail == {"destination": "folder", "encrypted": False, "format": "csv", "since": False, "tables": detail["tables"]}
    assert str(tmp_path) not in json.dumps(detail)


@pytest.mark.sqlite_only(reason="fscli db backup copies a SQLite file; a team's server is backed up with pg_dump")
def test_a_backup_is_a_view_of_every_case_it_copies(cli, db_path, two_families, tmp_path):
    hart, grant = two_families
    ok(cli, "db", "backup", str(tmp_path / "friday.db"))
    assert _views(db_path) == [("db.backup", {"destination": "file"}, sorted([_case_id(db_path, hart), _case_id(db_path, grant)]))]


def test_audit_views_says_who_looked_at_the_case_when_and_with_which_view(cli, db_path, two_families):
    hart, grant = two_families
    ok(cli, "case", "show", hart)
    ok(cli, "chronology", grant)
    ok(cli, "search", "school")
    shown = json.loads(ok(cli, "audit", hart, "--views", "--format", "json").out)
    assert [r["view"] for r in shown] == ["search", "case.show"]  # newest first; the Grants' chronology is not the Harts'
    assert {r["cases"] for r in shown} == {2, 1}
    if BACKEND == "sqlite":  # on a team's server the worker is the login's (test below)
        assert {r["worker"] for r in shown} == {"Sam Okafor"}
    assert all(r["os_user"] and r["at"] for r in shown)
    # Reading the log is not itself a view of the records: it holds no value of them.
    assert len(_views(db_path)) == 3


@pytest.mark.parametrize("fmt", ["table", "tsv", "csv", "json", "ndjson"])
def test_audit_views_takes_every_format(cli, two_families, fmt):
    hart, _grant = two_families
    ok(cli, "case", "show", hart)
    assert "case.show" in ok(cli, "audit", hart, "--views", "--format", fmt).out


def test_audit_views_of_no_such_case_is_refused_in_one_line(cli, two_families):
    fails(cli, "audit", "FS-0099", "--views", says="no such case")


@pytest.mark.sqlite_only(reason="the setting is for a single worker's file; PostgreSQL always logs (next test)")
def test_a_single_workers_file_logs_views_only_when_the_setting_says_so(cli, db_path, two_families, monkeypatch):
    hart, _grant = two_families
    monkeypatch.delenv("FSCLI_ACCESS_LOG")
    ok(cli, "case", "show", hart)
    monkeypatch.setenv("FSCLI_ACCESS_LOG", "false")
    ok(cli, "case", "show", hart)
    assert _views(db_path) == []
    assert "not being logged" in ok(cli, "audit", hart, "--views").err  # an empty list says why
    monkeypatch.setenv("FSCLI_ACCESS_LOG", "maybe")
    fails(cli, "case", "show", hart, says="access_log")


@pytest.mark.postgresql_only(reason="the team's server logs every view whatever a worker's settings say")
def test_a_team_server_logs_views_even_with_the_setting_off(cli, db_path, two_families, monkeypatch):
    hart, _grant = two_families
    monkeypatch.setenv("FSCLI_ACCESS_LOG", "false")
    ok(cli, "case", "show", hart)
    monkeypatch.delenv("FSCLI_ACCESS_LOG")
    ok(cli, "chronology", hart)
    assert [v for v, _, _ in _views(db_path)] == ["case.show", "chronology"]


@pytest.mark.sqlite_only(reason="a file this user may only read, and SQLite's write lock")
def test_a_file_that_may_only_be_read_refuses_the_view_rather_than_show_it_unlogged(cli, db_path, two_families, monkeypatch):
    hart, _grant = two_families
    from fscli.store import db as store_db

    connect = store_db.Database._sqlite_connect
    monkeypatch.setattr(store_db.Database, "_sqlite_connect", lambda self, mode="rw", foreign_keys=True: connect(self, mode="ro", foreign_keys=foreign_keys))
    refused = fails(cli, "case", "show", hart, code=ExitCode.PERMISSION, says="each view of a case's records is logged")
    assert refused.out == ""
    ok(cli, "case", "list")  # the caseload list is not a view of any case's records


@pytest.mark.sqlite_only(reason="SQLite's write lock")
def test_a_view_while_another_command_holds_the_file_waits_then_stops_with_exit_75(cli, db_path, two_families, monkeypatch):
    hart, _grant = two_families
    monkeypatch.setenv("FSCLI_BUSY_TIMEOUT_MS", "100")
    holder = sqlite3.connect(db_path, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        refused = fails(cli, "case", "show", hart, code=ExitCode.TEMPORARY)
        assert refused.out == ""
    finally:
        holder.rollback()
        holder.close()
    ok(cli, "case", "show", hart)
    assert [v for v, _, _ in _views(db_path)] == ["case.show"]


@pytest.mark.postgresql_only(reason="who looked is the server's word: the login, never FSCLI_WORKER")
def test_on_a_team_server_the_row_is_the_servers_with_the_login_and_its_worker(cli, monkeypatch):
    import psycopg

    database = "fscli_access_team"
    roles = ("acc_sam", "acc_team", "acc_migrator")
    teardown = [f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", *(f"DROP ROLE IF EXISTS {r}" for r in roles)]
    for statement in teardown:
        _pg_admin(statement)
    for statement in ("CREATE ROLE acc_migrator LOGIN", "CREATE ROLE acc_team NOLOGIN", "CREATE ROLE acc_sam LOGIN IN ROLE acc_team", f"CREATE DATABASE {database} OWNER acc_migrator"):
        _pg_admin(statement)
    try:
        migrator = pg_url(database).replace("://fscli@", "://acc_migrator@")
        sam = pg_url(database).replace("://fscli@", "://acc_sam@")
        monkeypatch.setenv("FSCLI_TEAM_ROLE", "acc_team")  # init grants to the team's role (store/server_rules.py)
        ok(cli, "init", "--db", migrator)
        monkeypatch.setenv("FSCLI_DB", migrator)
        ok(cli, "worker", "add", "Sam Okafor", "--login", "acc_sam")
        hart = open_case(cli, "Hart family", worker="Sam Okafor")
        monkeypatch.setenv("FSCLI_DB", sam)
        monkeypatch.setenv("FSCLI_WORKER", "Priya Shah")  # a colleague's name: not believed
        ok(cli, "case", "show", hart)
        [(os_user, worker, view)] = rows(migrator, "SELECT os_user, worker, view FROM access_log")
        assert (os_user, worker, view) == ("acc_sam", "Sam Okafor", "case.show")
        with psycopg.connect(sam.replace("+psycopg", ""), autocommit=True) as conn:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("INSERT INTO access_log (at, os_user, worker, view, detail) VALUES (now(), 'x', 'Priya Shah', 'case.show', '{}')")
        # An everyday role cannot put its own function in the migration role's place.
        fails(cli, "init", "--db", sam, code=ExitCode.PERMISSION)
        assert rows(migrator, "SELECT pg_get_userbyid(proowner) FROM pg_proc WHERE proname = 'fscli_log_access'") == [("acc_migrator",)]
    finally:
        for statement in teardown:
            _pg_admin(statement)


@pytest.mark.postgresql_only(reason="the server's own function")
def test_a_server_without_the_log_function_refuses_the_view_in_one_line(cli, db_path, two_families):
    hart, _grant = two_families
    from tests.conftest import execute

    execute(db_path, "DROP FUNCTION fscli_log_access(text, text, bigint[])")
    refused = fails(cli, "case", "show", hart, code=ExitCode.PERMISSION, says="fscli_log_access")
    assert refused.out == ""
