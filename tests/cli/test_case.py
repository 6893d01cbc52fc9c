"""A worker opens a case, adds the family, hands it on, closes and reopens it."""

import json

import pytest

from tests.conftest import rows, table_counts
from tests.factories import add_person, fails, family, ok, open_case


def test_opening_cases_numbers_them_and_echoes_the_referral(cli, db_path):
    first = cli("case", "open", "Hart family", "--referred", "03/11/2026", "--source", "3b", "--reason", "Missed feeds", "--worker", "Sam Okafor")
    assert first.code == 0, first
    assert first.out == "FS-0001\n"
    assert "Opened FS-0001 Hart family, referred by 3B (Health: health visitor) on Tue 3 Nov 2026, 3 weeks ago; worker: Sam Okafor." in first.err
    assert open_case(cli, "Brook family") == "FS-0002"
    assert rows(db_path, "SELECT ref, referred_on, referral_source, status FROM cases ORDER BY id") == [
        ("FS-0001", "2026-11-03", "3B", "open"),
        ("FS-0002", "2026-11-03", "3B", "open"),
    ]


def test_a_council_reference_is_kept_and_the_worker_comes_from_the_environment(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Priya Shah")
    assert open_case(cli, "Ng family", ref="LA-20931") == "LA-20931"
    listed = json.loads(cli("case", "list", "--mine", "-f", "json").out)
    assert [(c["ref"], c["worker"], c["workers"]) for c in listed] == [("LA-20931", "Priya Shah", 1)]


def test_every_write_leaves_exactly_one_audit_row_with_no_personal_data(cli, db_path):
    ref = open_case(cli, "Hart family")
    add_person(cli, ref, "Lily Hart", dob="14/02/2017")
    audit = rows(db_path, "SELECT action, entity, detail FROM audit ORDER BY id")
    assert [a[0] for a in audit] == ["case.open", "person.add"]
    assert not any("Hart" in a[2] or "Lily" in a[2] for a in audit)


def test_case_show_puts_the_family_on_a_page(cli):
    ref = family(cli)
    page = cli("case", "show", ref, "-f", "table")
    assert page.code == 0, page
    for expected in ("FS-0001 Hart family", "Lily Hart", "9", "Noah Hart", "2 months", "Oakfield Primary", "Health visitor", "Sam Okafor", "Referred"):
        assert expected in page.out
    data = json.loads(cli("case", "show", ref.lower(), "-f", "json").out)
    assert data["ref"] == "FS-0001" and data["referred_on"] == "2026-11-03" and data["workers"] == 1
    assert [p["name"] for p in data["people"]] == ["Lily Hart", "Noah Hart", "Kerry Hart"]


def test_allocation_history_counts_the_workers_a_family_has_had(cli, db_path):
    ref = open_case(cli, worker="Sam Okafor")
    moved = cli("case", "allocate", ref, "Priya Shah", "--date", "10/11/2026", "--reason", "leftrl")
    assert moved.code == 0, moved
    assert "Allocated FS-0001 Hart family to Priya Shah from Tue 10 Nov 2026, 2 weeks ago (from Sam Okafor)." in moved.err
    back = cli("case", "allocate", ref, "sam okafor", "--date", "yesterday", "--reason", "FCONTA")
    assert back.code == 0, back
    data = json.loads(cli("case", "show", ref, "-f", "json").out)
    assert data["worker"] == "Sam Okafor" and data["workers"] == 2
    assert [(a["worker"], a["start_on"], a["end_on"], a["reason"]) for a in data["allocations"]] == [
        ("Sam Okafor", "2026-11-03", "2026-11-10", None),
        ("Priya Shah", "2026-11-10", "2026-11-22", "LEFTRL"),
        ("Sam Okafor", "2026-11-22", None, "FCONTA"),
    ]


def test_closing_and_reopening_stay_in_the_history(cli):
    ref = open_case(cli)
    closed = cli("case", "close", ref, "--date", "yesterday", "--reason", "outcomes-met", "--summary", "-", input="Feeding well; HV happy.\n")
    assert closed.code == 0, closed
    assert "Closed FS-0001 Hart family on Sun 22 Nov 2026: Early Help: outcomes met." in closed.err
    assert json.loads(cli("case", "list", "-f", "json").out) == []
    assert [c["closure_reason"] for c in json.loads(cli("case", "list", "--closed", "-f", "json").out)] == ["OUTCOMES-MET"]
    again = cli("case", "reopen", ref, "--date", "today", "--reason", "New referral from the GP", "--worker", "Sam Okafor")
    assert again.code == 0, again
    history = json.loads(cli("case", "show", ref, "-f", "json").out)["history"]
    assert [h["event"] for h in history] == ["Referred", "Closed", "Reopened"]
    assert "Feeding well; HV happy." in history[1]["detail"]


def test_case_list_filters_by_worker_and_formats(cli):
    open_case(cli, "Hart family", worker="Sam Okafor")
    open_case(cli, "Brook family", worker="Priya Shah")
    tsv = cli("case", "list", "--worker", "priya shah")
    assert tsv.out.splitlines()[0].split("\t")[:3] == ["ref", "family", "status"]
    assert [line.split("\t")[1] for line in tsv.out.splitlines()[1:]] == ["Brook family"]
    csv_out = cli("case", "list", "-f", "csv").out
    assert csv_out.startswith("ref,family,status,referred_on,referral_source,worker,workers,children,closed_on,closure_reason\r\n")
    ndjson = [json.loads(line) for line in cli("case", "list", "-f", "ndjson").out.splitlines()]
    assert {r["family"] for r in ndjson} == {"Hart family", "Brook family"}


BAD = [
    (["case", "show", "FS-0099"], 1, "case 'FS-0099': no such case"),
    (["case", "open", "X family", "--referred", "31/02/2026", "--source", "3B", "--reason", "r"], 1, "--referred '31/02/2026': 31 February 2026 does not exist"),
    (["case", "open", "X family", "--referred", "someday", "--source", "3B", "--reason", "r"], 1, "--referred 'someday': cannot read this as a date"),
    (["case", "open", "X family", "--referred", "tomorrow", "--source", "3B", "--reason", "r"], 1, "a referral date cannot be in the future"),
    (["case", "open", "X family", "--referred", "today", "--source", "11Z", "--reason", "r"], 1, "--source '11Z': is not a valid referral source code"),
    (["case", "open", "", "--referred", "today", "--source", "3B", "--reason", "r"], 1, "FAMILY: must not be empty"),
    (["case", "open", "x" * 201, "--referred", "today", "--source", "3B", "--reason", "r"], 1, "the limit is 200"),
    (["case", "open", "Hart\u202efamily", "--referred", "today", "--source", "3B", "--reason", "r"], 1, "bidirectional control character"),
    (["case", "open", "Hart\x1b]52;c;aGk=\x07", "--referred", "today", "--source", "3B", "--reason", "r"], 1, "control character"),
    (["case", "open", "X family", "--referred", "today", "--source", "3B", "--reason", "r", "--ref", "FS-0042"], 1, "are given by fscli"),
    (["case", "close", "FS-0001", "--date", "01/11/2026", "--reason", "RC7"], 1, "is before the referral (03/11/2026)"),
    (["case", "close", "FS-0001", "--date", "today", "--reason", "RC99"], 1, "is not a valid closure reason code"),
    (["case", "reopen", "FS-0001", "--date", "today", "--reason", "again"], 1, "is open already"),
    (["case", "allocate", "FS-0001", "Priya Shah", "--date", "today"], 1, "say why the case moves from Sam Okafor"),
    (["case", "allocate", "FS-0001", "Sam Okafor", "--date", "today", "--reason", "MANAGE"], 1, "already holds this case"),
    (["person", "add", "FS-0001", "Baby Hart", "--role", "child", "--dob", "tomorrow"], 1, "a date of birth cannot be in the future"),
    (["person", "add", "FS-0001", "Baby Hart", "--role", "parent", "--due", "+8w"], 1, "only a child can be unborn"),
    (["person", "add", "FS-0001", "Baby Hart", "--role", "baby"], 1, "--role 'baby': is not a valid person role code"),
    (["person", "add", "FS-0001", "Baby Hart", "--role", "child", "--sex", "X"], 1, "--sex 'X': is not a valid sex code"),
    (["agency", "add", "FS-0001", "Oakfield", "--kind", "shop"], 1, "--kind 'shop': is not a valid agency kind code"),
    (["case", "list", "--open", "--closed"], 1, "choose one of them"),
    (["case", "list", "--mine"], 1, "fscli does not know your name"),
    (["case", "open", "X family"], 2, "Missing option '--referred'"),
    (["case", "frobnicate"], 2, "No such command 'frobnicate'; see 'fscli case --help'"),
    (["case", "list", "--format", "xml"], 2, "'xml' is not one of"),
]


@pytest.mark.parametrize("args,code,message", BAD, ids=[" ".join(a)[:50] for a, _, _ in BAD])
def test_bad_input_gets_one_clear_line_its_exit_code_and_changes_nothing(cli, db_path, args, code, message):
    open_case(cli, worker="Sam Okafor")
    before = table_counts(db_path)
    fails(cli, *args, code=code, says=message)
    assert table_counts(db_path) == before


def test_closing_a_closed_case_is_refused(cli, db_path):
    ref = open_case(cli)
    assert cli("case", "close", ref, "--date", "today", "--reason", "RC7").code == 0
    before = table_counts(db_path)
    again = cli("case", "close", ref, "--date", "today", "--reason", "RC7")
    assert again.code == 1 and "is already closed" in again.err and "fscli case reopen FS-0001" in again.err
    assert cli("person", "add", ref, "Late Person", "--role", "other").code == 1
    assert table_counts(db_path) == before


def test_a_new_worker_is_named_in_the_one_audit_row_of_the_command(cli, db_path):
    open_case(cli, worker="Sam Okafor")
    audit = rows(db_path, "SELECT action, detail FROM audit")
    assert len(audit) == 1 and audit[0][0] == "case.open" and '"also_created":["worker:1"]' in audit[0][1]


def test_colour_only_when_asked_or_on_a_terminal(cli, monkeypatch):
    open_case(cli)
    monkeypatch.delenv("NO_COLOR")
    forced = cli("case", "list", "-f", "table", "--color", "always")
    assert "\x1b[" in forced.out and "Hart family" in forced.out
    never = cli("case", "list", "-f", "table", "--color", "never")
    assert "\x1b[" not in never.out
    piped = cli("case", "list", "-f", "table")  # stdout is not a terminal here
    assert "\x1b[" not in piped.out


def test_colour_never_and_no_color_leave_a_terminal_with_no_markup_at_all(cli, monkeypatch):
    """The replay's worker asked for --color never and still got bold headings on the family's page
    (Rich's no_color keeps bold): PRODUCT.md has no markup at all with --color never or NO_COLOR."""
    ref = open_case(cli)
    assert "\x1b[" not in cli("case", "show", ref, terminal=True).out  # NO_COLOR is set in the suite
    monkeypatch.delenv("NO_COLOR")
    assert "\x1b[1m" in cli("case", "show", ref, terminal=True).out  # a terminal, by default: headings in bold
    for view in (("case", "show", ref), ("case", "list"), ("chronology", ref, "--voided")):
        shown = cli(*view, "--color", "never", terminal=True)
        assert shown.code == 0 and "\x1b[" not in shown.out, view


def test_a_reopened_case_is_unallocated_until_someone_takes_it(cli):
    ref = open_case(cli, worker="Sam Okafor")
    assert cli("case", "close", ref, "--date", "today", "--reason", "RC7").code == 0
    assert json.loads(cli("case", "list", "--closed", "-f", "json").out)[0]["worker"] == "Sam Okafor"
    assert cli("case", "reopen", ref, "--date", "today", "--reason", "New referral").code == 0
    reopened = json.loads(cli("case", "list", "-f", "json").out)[0]
    assert (reopened["worker"], reopened["workers"]) == (None, 1)


def test_a_case_is_found_by_a_word_of_its_family_name_or_its_number(cli, db_path):
    hart = open_case(cli, "Hart family")
    wilma = open_case(cli, "Wilma Grant and baby")
    ok(cli, "case", "close", wilma, "--date", "today", "--reason", "RC7")
    harts = open_case(cli, "Hart-Jones family")
    assert json.loads(ok(cli, "case", "show", "wilma", "-f", "json").out)["ref"] == wilma  # closed cases too
    assert json.loads(ok(cli, "case", "show", "2", "-f", "json").out)["ref"] == wilma
    assert json.loads(ok(cli, "goal", "list", "JONES", "-f", "json").out) == []  # every view that takes a case gains it
    fails(cli, "case", "show", "hart", says=f"REF 'hart': matches 2 cases: {hart} Hart family, {harts} Hart-Jones family; give the case reference")
    fails(cli, "case", "show", "har", says="case 'har': no such case; see 'fscli case list --all' for the references")
    fails(cli, "case", "show", "9", says="case '9': no such case")


def test_case_list_says_plainly_when_nothing_matches_and_finds_the_cases_a_worker_closed(cli, monkeypatch):
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")
    assert "\nNo cases held by Sam Okafor. Open one with" in ok(cli, "case", "list", "--all", "--mine", "-f", "table").out
    assert ok(cli, "case", "list", "--closed", "--mine", "-f", "table").out.strip().endswith("\nNo closed cases held by Sam Okafor.")
    ref = open_case(cli, worker="Sam Okafor")
    ok(cli, "case", "close", ref, "--date", "today", "--reason", "RC7")
    closed = json.loads(ok(cli, "case", "list", "--closed", "--mine", "-f", "json").out)
    assert [(c["ref"], c["worker"]) for c in closed] == [(ref, "Sam Okafor")]  # held when it closed
    assert json.loads(ok(cli, "case", "list", "--mine", "-f", "json").out) == []
