"""A team lead merges a worker's export into the team's caseload (issue 22 §3): records are matched
by what they are, never by a bare id, so no family's records ever reach another family."""

import json
import os

import pytest

from tests.conftest import BACKEND, rows
from tests.factories import family, fails, ok


def _team(cli, database: str, families: int = 4) -> dict[str, int]:
    """The team's own caseload: families under the council's references, a mother in each; their ids
    are the worker's ids too (1, 2, ...), as two caseloads' ids always are."""
    ok(cli, "init", "--db", database)
    cases = {}
    for number, name in enumerate(("Adams", "Baker", "Clark", "Davis", "Evans")[:families], start=1):
        ok(cli, "case", "open", f"{name} family", "--ref", f"TL-{number}", "--referred", "01/10/2026", "--source", "3B", "--reason", "School worried", "--db", database)
        ok(cli, "person", "add", f"TL-{number}", f"Mum {name}", "--role", "parent", "--db", database)
        ok(cli, "person", "add", f"TL-{number}", f"Dad {name}", "--role", "parent", "--db", database)
        cases[f"TL-{number}"] = number
    return cases


def _added(result) -> str:
    """What an import says it added: 'Imported 4 rows (contact 1, ...)', without what it skipped."""
    return result.err.split(";")[0]


def _worker_visits(cli, ref: str) -> None:
    ok(cli, "visit", "log", ref, "--type", "home-visit", "--date", "yesterday", "--seen", "Lily Hart", "--seen", "Noah Hart", "--note", "Lily said she feels safe at home now")
    ok(cli, "goal", "add", ref, "Mum feels confident at bedtime", "--for", "Kerry Hart")
    ok(cli, "goal", "score", f"{ref}/1", "3", "--by", "Kerry Hart", "--date", "04/11/2026")


def _whose(database: str) -> dict[str, set]:
    """Every record's family, as a worker would read them: whose visits, whose people seen, whose scores."""
    return {
        "visits": set(rows(database, "SELECT c.ref, k.on_date, k.note FROM contact k JOIN cases c ON c.id = k.case_id")),
        "seen": set(rows(database, "SELECT c.ref, p.name FROM contact_party x JOIN contact k ON k.id = x.contact_id JOIN cases c ON c.id = k.case_id JOIN person p ON p.id = x.person_id")),
        "people": set(rows(database, "SELECT c.ref, p.name FROM person p JOIN cases c ON c.id = p.case_id")),
        "scores": set(rows(database, "SELECT c.ref, g.text, s.value FROM goal_score s JOIN goal g ON g.id = s.goal_id JOIN cases c ON c.id = g.case_id")),
    }


@pytest.fixture
def worker_export(cli, tmp_path):
    """The worker's caseload: the Hart family (FS-0001), a visit that saw the children, a goal scored."""
    ref = family(cli)
    _worker_visits(cli, ref)
    out = tmp_path / "worker-export"
    ok(cli, "export", "--out", str(out))
    return out


def test_a_workers_visits_stay_with_the_workers_family_when_merged_into_the_teams_caseload(cli, worker_export, empty_database):
    _team(cli, empty_database)
    before = _whose(empty_database)
    merged = ok(cli, "import", str(worker_export), "--db", empty_database, "--skip-existing")
    assert "cases 1" in _added(merged) and "person 3" in _added(merged)  # the Hart family is new to the team
    after = _whose(empty_database)
    assert ("FS-0001", "Lily Hart") in after["seen"] and ("FS-0001", "Noah Hart") in after["seen"]
    assert {ref for ref, *_ in after["visits"]} == {"FS-0001"}  # no visit of the Harts on the Adams' case
    assert {(ref, name) for ref, name in after["seen"]} <= after["people"]  # only a family's own people seen
    assert after["people"] - before["people"] == {("FS-0001", n) for n in ("Kerry Hart", "Lily Hart", "Noah Hart")}
    assert before["people"] <= after["people"]
    assert after["scores"] == {("FS-0001", "Mum feels confident at bedtime", 3)}
    ok(cli, "db", "check", "--db", empty_database)


def test_importing_the_same_export_again_adds_nothing(cli, worker_export, empty_database):
    _team(cli, empty_database)
    ok(cli, "import", str(worker_export), "--db", empty_database, "--skip-existing")
    once = _whose(empty_database)
    again = ok(cli, "import", str(worker_export), "--db", empty_database, "--skip-existing")
    assert _added(again) == "Imported 2 rows (counter 2)" and "skipped (already there): worker 1, cases 1" in again.err  # the counters are kept at the higher value
    assert _whose(empty_database) == once
    ok(cli, "db", "check", "--db", empty_database)


def test_a_later_export_adds_only_the_new_visit_to_the_family_already_merged(cli, worker_export, empty_database, tmp_path):
    """The Harts are case 5 in the team's caseload and case 1 in the worker's: the new visit finds them by what they are."""
    _team(cli, empty_database)
    ok(cli, "import", str(worker_export), "--db", empty_database, "--skip-existing")
    ok(cli, "visit", "log", "FS-0001", "--type", "home-visit", "--date", "today", "--seen", "Lily Hart", "--note", "Second visit")
    later = tmp_path / "later"
    ok(cli, "export", "--out", str(later))
    merged = ok(cli, "import", str(later), "--db", empty_database, "--skip-existing")
    # and, where views are logged (a server), the first export's access row, written just after its snapshot
    logged = ", access_log 1, access_case 1" if BACKEND == "postgresql" else ""
    assert _added(merged) == f"Imported {6 if logged else 4} rows (contact 1, contact_party 1, counter 2{logged})"
    visits = _whose(empty_database)["visits"]
    assert {(ref, note) for ref, _, note in visits} == {("FS-0001", "Lily said she feels safe at home now"), ("FS-0001", "Second visit")}
    assert rows(empty_database, "SELECT count(*) FROM person p JOIN cases c ON c.id = p.case_id WHERE c.ref = 'FS-0001'") == [(3,)]
    ok(cli, "db", "check", "--db", empty_database)


def test_the_same_reference_for_another_family_refuses_the_whole_merge(cli, worker_export, empty_database):
    ok(cli, "init", "--db", empty_database)
    ok(cli, "case", "open", "Jones family", "--referred", "01/10/2026", "--source", "3B", "--reason", "School worried", "--db", empty_database)  # FS-0001 here too
    before = _whose(empty_database), rows(empty_database, "SELECT count(*) FROM audit")
    refused = cli("import", str(worker_export), "--db", empty_database, "--skip-existing")
    assert refused.code == 65, refused
    assert "cases.csv" in refused.out and "FS-0001" in refused.out and "Jones family" in refused.out
    assert (_whose(empty_database), rows(empty_database, "SELECT count(*) FROM audit")) == before  # nothing written


def test_a_child_id_that_names_another_child_here_refuses_the_merge(cli, worker_export, empty_database):
    _team(cli, empty_database, families=1)
    ok(cli, "person", "add", "TL-1", "Amy Adams", "--role", "child", "--dob", "01/01/2020", "--db", empty_database)  # FSC000001 here
    refused = cli("import", str(worker_export), "--db", empty_database, "--skip-existing")
    assert refused.code == 65 and "child_id" in refused.out and "FSC000001" in refused.out, refused
    assert rows(empty_database, "SELECT count(*) FROM cases") == [(1,)]


def test_a_partial_export_cannot_be_merged_for_its_records_would_have_no_family(cli, worker_export, empty_database, tmp_path):
    _team(cli, empty_database)
    partial = tmp_path / "partial"
    ok(cli, "export", "--out", str(partial), "--tables", "contact,contact_party")
    refused = cli("import", str(partial), "--db", empty_database, "--skip-existing")
    assert refused.code == 65 and "not in the export" in refused.out, refused
    assert rows(empty_database, "SELECT count(*) FROM contact") == [(0,)]


def test_the_teams_audit_trail_stays_whole_and_the_merge_names_the_workers_trail(cli, worker_export, empty_database):
    _team(cli, empty_database)
    ok(cli, "import", str(worker_export), "--db", empty_database, "--skip-existing")
    manifest = json.loads((worker_export / "manifest.json").read_text())
    (detail,) = rows(empty_database, "SELECT detail FROM audit WHERE action = 'import'")[0:1]
    recorded = json.loads(detail[0])
    assert recorded["export_audit"] == manifest["audit_head"]
    checked = ok(cli, "db", "check", "--db", empty_database)
    assert "audit chain" in checked.out


def test_a_spreadsheet_of_people_merges_into_this_caseloads_families_by_name(cli, tmp_path):
    """A sheet kept before fscli names this caseload's cases by id: a person already there (by family and name) is left as they are."""
    ref = family(cli)
    case_id = rows(os.environ["FSCLI_DB"], "SELECT id FROM cases WHERE ref = ?", ref)[0][0]
    sheet = tmp_path / "people.csv"
    sheet.write_text(f'case_id,name,role,dob\r\n{case_id},"Lily Hart","child",2017-02-14\r\n{case_id},"Ivy Hart","child",2024-05-01\r\n', encoding="utf-8")
    merged = ok(cli, "import", str(sheet), "--skip-existing")
    assert _added(merged) == "Imported 1 rows (person 1)" and "skipped (already there): person 1" in merged.err
    assert ("FS-0001", "Ivy Hart") in _whose(os.environ["FSCLI_DB"])["people"]


def test_a_dry_run_of_a_merge_says_what_it_would_add_and_writes_nothing(cli, worker_export, empty_database):
    _team(cli, empty_database)
    before = _whose(empty_database), rows(empty_database, "SELECT count(*) FROM audit")
    dry = ok(cli, "import", str(worker_export), "--db", empty_database, "--skip-existing", "--dry-run")
    assert "would be added" in dry.err and "cases 1" in dry.err
    assert (_whose(empty_database), rows(empty_database, "SELECT count(*) FROM audit")) == before


def test_a_caseloads_own_export_merged_back_into_it_adds_nothing_and_says_so(cli, worker_export):
    # Its audit rows are all here already, so only their seals stay in the export: the message
    # once asked for the audit rows' count and failed (exit 70) after the import had committed.
    again = ok(cli, "import", str(worker_export), "--skip-existing")
    assert "stays with the export" in again.err and "audit_row" in again.err
    ok(cli, "db", "check")
