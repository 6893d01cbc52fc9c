"""A worker's weeks as random sequences of commands, with the rules checked after every step (I2).

Hypothesis drives fscli through main() with sequences of opening cases, adding people and goals,
scoring, logging, correcting and voiding visits, closing, reopening, sharing a case in a role,
stepping down and up, booking meetings (a family's or no one's), calling them off, moving and
holding them, and exporting, some valid and some not, and keeps its own model of which
cases are open. After every step:
- a write that succeeded left exactly one audit row, and a refusal left none;
- the references run FS-0001, FS-0002, ... with no gap and none twice;
- every case's status, closure date and reason agree with each other and with the model;
- nothing was added to a closed case, and no score is dated before its referral or after today;
- a correction points at a visit of the same case, and each visit is corrected at most once;
- an export's manifest counts equal the database's own at that moment;
- an open case has exactly one open episode (through step-downs and step-ups) and a closed one
  none; each role on a case has at most one current holder;
- a booking called off was never held, one held was held by a meeting of its kind and case, and
  every move kept the old date in field_history;
- a worker's export merged in (import --skip-existing, at any step, again and again) never moves an
  existing record to another case, and no record reaches one case through its own case and
  another through a person, goal, contact or meeting it points at (issue 22 §3).

FSCLI_STATEFUL_RUNS sets the number of sequences (the long run: 200 of up to 50 steps).
"""

import itertools
import json
import os
import re
from datetime import timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, precondition, rule

from tests.conftest import BACKEND, TODAY, _copy_template, fresh_pg_database, rows

pytestmark = pytest.mark.harness  # a reliability harness (stateful): skip with -m "not harness" for a quick run

SEQUENCES = itertools.count(1)
RUNS = int(os.environ.get("FSCLI_STATEFUL_RUNS", "25" if BACKEND == "sqlite" else "6"))
STEPS = 50 if "FSCLI_STATEFUL_RUNS" in os.environ else 25
CONTRACT = {0, 1, 2, 65, 73, 75, 77}

names = st.one_of(st.sampled_from(["Lily Hart", "Zoë Ó'Brien", "Kit", "=SUM(A1)", "\u202eevil", "[bold]x", "O'Neil-Łukasz"]), st.text(min_size=0, max_size=20))
days_ago = st.integers(min_value=-3, max_value=90)  # a few in the future, which are refused
family_names = st.sampled_from(["Hart family", "Vale family", "Quinn family", "Okoro family", "=Formula family", "Smith\u202e family"])


def british(offset: int) -> str:
    return (TODAY - timedelta(days=offset)).strftime("%d/%m/%Y")


class Caseload(RuleBasedStateMachine):
    """A fresh database for each sequence, so a sequence replayed while shrinking meets the same
    state; `cli`, `template_db` and `tmp_path` are set by the test below."""

    cases = Bundle("cases")
    visits = Bundle("visits")
    goals = Bundle("goals")
    bookings = Bundle("bookings")

    def __init__(self) -> None:
        super().__init__()
        number = next(SEQUENCES)
        if BACKEND == "postgresql":
            self.db_path = fresh_pg_database(f"fscli_stateful_{os.getpid()}_{number}")
        else:
            self.db_path = self.tmp_path / f"sequence-{number}" / "fscli.db"
            _copy_template(self.template_db, self.db_path)
        os.environ["FSCLI_DB"] = str(self.db_path)
        self.number = number
        self.open: dict[str, bool] = {}  # ref -> open?
        self.writes = 0
        self.exports = 0
        self.moves = 0
        self.merges = 0
        self.base_audit = rows(self.db_path, "SELECT count(*) FROM audit")[0][0]
        self.base_cases = rows(self.db_path, "SELECT count(*) FROM cases")[0][0]

    def run(self, *args: str, writes: bool = True):
        audit_before = rows(self.db_path, "SELECT count(*) FROM audit")[0][0]
        result = self.cli(*args)
        assert result.code in CONTRACT, (args, result)
        assert "Traceback" not in result.err, (args, result)
        audit_after = rows(self.db_path, "SELECT count(*) FROM audit")[0][0]
        if writes and result.code == 0:
            self.writes += 1
            assert audit_after == audit_before + 1, (args, result)
        else:
            assert audit_after == audit_before, (args, result)
        return result

    # -- the worker's commands ---------------------------------------------------------------
    @rule(target=cases, family=family_names, referred=days_ago)
    def open_case(self, family, referred):
        result = self.run("case", "open", family, "--referred", british(referred), "--source", "3B", "--reason", "Worried about the children")
        if referred < 0 or "\u202e" in family:
            assert result.code != 0  # a referral in the future, or a name that could hide its true text
            return "FS-9999"  # a reference that does not exist: later steps must be refused cleanly
        assert result.code == 0, result
        ref = f"FS-{self.base_cases + len([r for r in self.open if r != 'FS-9999']) + 1:04d}"
        assert result.out.strip() == ref, (result.out, ref)
        self.open[ref] = True
        return ref

    @rule(ref=cases, name=names, role=st.sampled_from(["child", "parent", "carer", "uncle"]), born=st.integers(0, 6000))
    def add_person(self, ref, name, role, born):
        result = self.run("person", "add", ref, name, "--role", role, "--dob", british(born))
        if not self.open.get(ref, False):
            assert result.code != 0, ("added to a closed or missing case", ref)

    @rule(target=goals, ref=cases, text=names)
    def add_goal(self, ref, text):
        result = self.run("goal", "add", ref, text or "Calmer mornings")
        if not self.open.get(ref, False):
            assert result.code != 0
        if result.code != 0:
            return "0"
        return result.out.strip()  # the goal's name, FS-0001/2

    @rule(goal=goals, value=st.integers(-1, 11), on=days_ago, by_family=st.booleans())
    def score(self, goal, value, on, by_family):
        ref = goal.rpartition("/")[0]
        member = rows(self.db_path, "SELECT pe.name FROM person pe JOIN cases c ON c.id = pe.case_id WHERE c.ref = ? ORDER BY pe.id LIMIT 1", ref) if by_family and ref else []
        result = self.run("goal", "score", goal, str(value), "--by", member[0][0] if member else "worker", "--date", british(on))
        if not 0 <= value <= 10 or goal == "0" or on < 0:
            assert result.code != 0, (goal, value, on)

    @rule(target=visits, ref=cases, on=days_ago, seen=st.booleans())
    def log_visit(self, ref, on, seen):
        extra = ["--seen", "all"] if seen else []
        result = self.run("visit", "log", ref, "--type", "home-visit", "--date", british(on), "--note", "Kitchen tidy, baby asleep", "--again", *extra)
        if result.code != 0:
            return "V0"
        return f"V{rows(self.db_path, 'SELECT max(id) FROM contact')[0][0]}"

    @rule(visit=consumes(visits), text=names)
    def correct(self, visit, text):
        result = self.run("note", "correct", visit, "--text", text or "Kitchen tidy", "--reason", "Wrong room")
        if visit == "V0":
            assert result.code != 0

    @rule(ref=cases, on=days_ago, reason=st.sampled_from(["RC3", "RC1", "outcomes-met", "RC99"]))
    def close(self, ref, on, reason):
        result = self.run("case", "close", ref, "--date", british(on), "--reason", reason, "--summary", "Settled")
        if not self.open.get(ref, False) or reason == "RC99":
            assert result.code != 0, (ref, reason)
        if result.code == 0:
            self.open[ref] = False

    @rule(ref=cases, on=days_ago)
    def reopen(self, ref, on):
        result = self.run("case", "reopen", ref, "--date", british(on), "--reason", "New worries from school")
        if self.open.get(ref, True):
            assert result.code != 0, ("reopened an open or missing case", ref)
        if result.code == 0:
            self.open[ref] = True

    @rule(ref=cases, kind=st.sampled_from(["cin", "cp", "early-help"]), on=days_ago, end=st.booleans())
    def plan(self, ref, kind, on, end):
        extra = ["--category", "NEG"] if kind == "cp" else []
        args = ["--end", british(on)] if end else ["--start", british(on), *extra]
        result = self.run("case", "plan", ref, *([] if end else [kind]), *args)
        if not self.open.get(ref, False):
            assert result.code != 0, ("a plan on a closed or missing case", ref)

    @rule(ref=cases, kind=st.sampled_from(["core-group", "rcpc", "cin-review", "taf"]), on=days_ago, ahead=st.integers(1, 60))
    def meeting(self, ref, kind, on, ahead):
        result = self.run("meeting", "log", ref, "--type", kind, "--date", british(on), "--next", british(-ahead), "--with", "Mum, school", "--again")
        if ref not in self.open:
            assert result.code != 0, ("a meeting on a missing case", ref)

    @rule(ref=cases, worker=st.sampled_from(["Priya Shah", "Sam Okafor"]), on=st.integers(0, 30))
    def allocate(self, ref, worker, on):
        self.run("case", "allocate", ref, worker, "--date", british(on), "--reason", "MANAGE")

    @rule(ref=cases, worker=st.sampled_from(["Dee Campbell", "Sam Okafor"]), role=st.sampled_from(["social-worker", "family-support", "lead-practitioner"]), on=st.integers(0, 30))
    def share(self, ref, worker, role, on):
        result = self.run("case", "share", ref, worker, "--role", role, "--date", british(on))
        if not self.open.get(ref, False):
            assert result.code != 0, ("shared a closed or missing case", ref)

    @rule(ref=cases, on=days_ago, reason=st.sampled_from(["RC7", "RC9", "RC1"]))
    def step_down(self, ref, on, reason):
        result = self.run("case", "step-down", ref, "--date", british(on), "--reason", reason)
        if not self.open.get(ref, False) or reason == "RC1" or on < 0:
            assert result.code != 0, ("stepped down a closed or missing case, or with a reason that is no step-down's", ref, reason)

    @rule(ref=cases, on=days_ago)
    def step_up(self, ref, on):
        result = self.run("case", "step-up", ref, "--date", british(on), "--reason", "Disclosure at the TAF review")
        if not self.open.get(ref, False) or on < 0:
            assert result.code != 0, ("stepped up a closed or missing case", ref)

    @rule(visit=consumes(visits))
    def void(self, visit):
        result = self.run("void", visit, "--reason", "Logged on the wrong family")
        if visit == "V0":
            assert result.code != 0

    @rule(target=bookings, ref=cases, kind=st.sampled_from(["core-group", "icpc", "court-hearing", "supervision"]), ahead=st.integers(-2, 40), caseless=st.booleans())
    def book_meeting(self, ref, kind, ahead, caseless):
        where = [] if caseless else [ref]
        result = self.run("meeting", "plan", *where, "--type", kind, "--date", british(-ahead), "--where", "Civic Centre")
        if ahead < 0 or (caseless and kind != "supervision") or (not caseless and not self.open.get(ref, False)):
            assert result.code != 0, ("booked in the past, without the case it needs, or on a closed or missing case", ref, kind, ahead)
        return result.out.strip() if result.code == 0 else "B0"

    @rule(booking=bookings, by=st.sampled_from(["family", "agency", "nobody"]))
    def cancel(self, booking, by):
        result = self.run("meeting", "cancel", booking, "--by", by, "--reason", "Chair off sick")
        if booking == "B0" or by == "nobody":
            assert result.code != 0

    @rule(booking=bookings, ahead=st.integers(-2, 40))
    def move(self, booking, ahead):
        result = self.run("meeting", "move", booking, "--date", british(-ahead), "--reason", "Room not free")
        if booking == "B0" or ahead < 0:
            assert result.code != 0
        if result.code == 0:
            self.moves += 1

    @rule(ref=cases, kind=st.sampled_from(["core-group", "court-hearing"]), on=st.integers(-40, 3))
    def hold_meeting(self, ref, kind, on):
        self.run("meeting", "log", ref, "--type", kind, "--date", british(on), "--again")

    @precondition(lambda self: self.exports < 2)
    @rule()
    def export(self):
        self.exports += 1
        out = self.tmp_path / f"export-{self.number}-{self.exports}"
        result = self.run("export", "--out", str(out), "--format", "ndjson", writes=False)
        assert result.code == 0, result
        manifest = json.loads((out / "manifest.json").read_text())
        for table, entry in manifest["tables"].items():
            if table in ("access_log", "access_case"):
                continue  # the export logs itself after its snapshot (on a server, always): one more row than it holds
            assert entry["rows"] == rows(self.db_path, f"SELECT count(*) FROM {table}")[0][0], table  # noqa: S608 - fscli's own names

    @precondition(lambda self: self.base_audit + self.writes > 0 and self.merges < 3)  # a caseload with its own audit trail; the first merge adds, later ones find it all there
    @rule()
    def merge_a_workers_caseload(self):
        self.merges += 1
        before = self._cases_of_records()
        result = self.run("import", str(self.worker_export), "--skip-existing")
        assert result.code == 0, result  # the worker's families (W-1, W-2) are theirs alone: nothing conflicts
        Caseload.totals["merges"] += 1
        after = self._cases_of_records()
        for table, placed in before.items():
            assert placed <= after[table], table  # every record here is still on its own case
        merged = {(table, ref) for table, placed in after.items() for _, ref in placed - before[table]}
        assert {ref for _, ref in merged} <= {"W-1", "W-2"}, merged
        seen = rows(self.db_path, "SELECT c.ref, p.name FROM contact_party x JOIN contact k ON k.id = x.contact_id JOIN cases c ON c.id = k.case_id JOIN person p ON p.id = x.person_id WHERE c.ref = 'W-1'")
        assert seen == [("W-1", "Ada Wren")], seen

    def _cases_of_records(self) -> dict[str, set]:
        """Each record's case, by reference: (id, ref) of every row with a case, and a visit's people by their own case."""
        from fscli.store import models
        from fscli.store.schema import TABLES

        found = {}
        for table in TABLES:
            if table != "cases" and "case_id" in models.table(table).c:
                found[table] = set(rows(self.db_path, f"SELECT t.id, c.ref FROM {table} t JOIN cases c ON c.id = t.case_id"))  # noqa: S608 - fscli's own names
        found["contact_party"] = set(rows(self.db_path, "SELECT x.id, c.ref FROM contact_party x JOIN person p ON p.id = x.person_id JOIN cases c ON c.id = p.case_id"))
        return found

    # -- what must always hold ----------------------------------------------------------------
    @invariant()
    def one_audit_row_per_write(self):
        assert rows(self.db_path, "SELECT count(*) FROM audit")[0][0] == self.base_audit + self.writes

    @invariant()
    def references_run_without_gaps(self):
        refs = [r for (r,) in rows(self.db_path, "SELECT ref FROM cases WHERE ref LIKE ? ORDER BY id", "FS-%")]  # the merged families keep their council's references
        assert refs == [f"FS-{n:04d}" for n in range(1, len(refs) + 1)]

    @invariant()
    def status_closure_and_model_agree(self):
        for ref, status, closed_on, reason in rows(self.db_path, "SELECT ref, status, closed_on, closure_reason FROM cases"):
            assert (status == "open") == (closed_on is None) == (reason is None), ref
            if ref in self.open:
                assert (status == "open") == self.open[ref], ref

    @invariant()
    def scores_fall_within_the_work(self):
        early = rows(self.db_path, "SELECT count(*) FROM goal_score s JOIN goal g ON g.id = s.goal_id JOIN cases c ON c.id = g.case_id WHERE s.scored_on < c.referred_on OR s.scored_on > ?", TODAY.isoformat())
        assert early == [(0,)]

    @invariant()
    def corrections_stay_in_their_case(self):
        crossed = rows(self.db_path, "SELECT count(*) FROM contact k JOIN contact o ON o.id = k.corrects_id WHERE o.case_id <> k.case_id")
        assert crossed == [(0,)]

    @invariant()
    def records_agree_with_their_case(self):
        from fscli.store.cross_case import cross_references

        for cross in cross_references():
            # Its named parameters as the test's plain `rows` takes them: "?", in the order they stand.
            sql = cross.count_sql()
            named = re.findall(r":(\w+)", sql)
            assert rows(self.db_path, re.sub(r":\w+", "?", sql), *(cross.params[n] for n in named)) == [(0,)], (cross.table, cross.column, cross.target)

    @invariant()
    def derived_facts_follow_every_write(self):
        import re

        from fscli.store.derived import FACT_PARAMS, FACTS, differing_sql

        for facts in FACTS:
            values: list = []  # the facts' bound values (FACT_PARAMS), as rows() binds them: in order
            sql = re.sub(r"(?<!:):([a-z_]\w*)", lambda m: values.append(FACT_PARAMS[m.group(1)]) or "?", differing_sql(facts))
            assert rows(self.db_path, sql, *values) == [(0,)], facts.table

    @invariant()
    def an_open_case_has_one_open_episode_and_a_closed_one_none(self):
        for ref, status, open_episodes in rows(self.db_path, "SELECT c.ref, c.status, (SELECT count(*) FROM episode e WHERE e.case_id = c.id AND e.end_on IS NULL) FROM cases c"):
            assert open_episodes == (1 if status == "open" else 0), (ref, status, open_episodes)

    @invariant()
    def a_role_has_one_current_holder(self):
        assert rows(self.db_path, "SELECT count(*) FROM (SELECT case_id, role FROM allocation WHERE end_on IS NULL GROUP BY case_id, role HAVING count(*) > 1) x") == [(0,)]

    @invariant()
    def a_booking_called_off_was_never_held_and_one_held_was_held_by_its_kind(self):
        assert rows(self.db_path, "SELECT count(*) FROM planned_visit WHERE cancelled_on IS NOT NULL AND (fulfilled_by IS NOT NULL OR held_as IS NOT NULL)") == [(0,)]
        mismatched = "SELECT count(*) FROM planned_visit b JOIN meeting m ON m.id = b.held_as WHERE m.kind <> b.kind OR coalesce(m.case_id, 0) <> coalesce(b.case_id, 0)"
        assert rows(self.db_path, mismatched) == [(0,)]

    @invariant()
    def every_move_kept_the_old_date(self):
        kept = rows(self.db_path, "SELECT field, old_value FROM field_history WHERE entity = 'planned_visit'")
        assert len(kept) >= self.moves and (self.moves == 0) == (kept == [])  # a move of day and time keeps both
        assert all(field in ("on_date", "at_time") for field, _ in kept)

    def teardown(self):
        assert self.cli("db", "check").code == 0
        if BACKEND == "sqlite":
            assert rows(self.db_path, "PRAGMA foreign_key_check") == []
        Caseload.totals["cases"] += rows(self.db_path, "SELECT count(*) FROM cases")[0][0]
        Caseload.totals["writes"] += self.writes
        if BACKEND == "postgresql":
            from tests.conftest import _pg_admin

            _pg_admin(f'DROP DATABASE IF EXISTS "fscli_stateful_{os.getpid()}_{self.number}" WITH (FORCE)')


def test_random_weeks_of_casework_keep_every_rule(cli, template_db, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("FSCLI_DB", os.environ["FSCLI_DB"])  # each sequence points it at its own database; restored after
    monkeypatch.setenv("FSCLI_WORKER", "Sam Okafor")  # whose diary a meeting of no one family is in
    Caseload.cli, Caseload.template_db, Caseload.tmp_path, Caseload.totals = staticmethod(cli), template_db, tmp_path, {"cases": 0, "writes": 0, "merges": 0}
    Caseload.worker_export = _a_workers_export(cli, tmp_path)
    runs = settings(max_examples=RUNS, stateful_step_count=STEPS, deadline=None, database=None, suppress_health_check=list(HealthCheck))
    Caseload.TestCase.settings = runs
    Caseload.TestCase().runTest()
    with capsys.disabled():
        print(f"\n[stateful] {RUNS} sequences of up to {STEPS} steps: {Caseload.totals['cases']} cases opened, {Caseload.totals['writes']} writes ({Caseload.totals['merges']} merges of a worker's export), every invariant held after every step")


def _a_workers_export(cli, tmp_path):
    """Another worker's caseload, exported: two families under the council's references (W-1, W-2),
    a child with her statutory child id, a visit that saw her, a goal scored by her mother, a plan."""
    if BACKEND == "postgresql":
        from tests.conftest import _pg_admin

        name = f"fscli_stateful_worker_{os.getpid()}"
        database = fresh_pg_database(name)
    else:
        database = str(tmp_path / "worker" / "fscli.db")
        _copy_template(Caseload.template_db, tmp_path / "worker" / "fscli.db")
    steps = [
        ("case", "open", "Wren family", "--ref", "W-1", "--referred", british(60), "--source", "3B", "--reason", "School worried", "--worker", "Priya Shah"),
        ("person", "add", "W-1", "Ada Wren", "--role", "child", "--dob", british(2500)),
        ("person", "set", "W-1", "Ada Wren", "--child-id", "W000001"),
        ("person", "add", "W-1", "Jo Wren", "--role", "parent"),
        ("visit", "log", "W-1", "--type", "home-visit", "--date", british(10), "--seen", "Ada Wren", "--note", "Ada showed me her room"),
        ("goal", "add", "W-1", "Calmer mornings", "--for", "Jo Wren"),
        ("goal", "score", "W-1/1", "4", "--by", "Jo Wren", "--date", british(9)),
        ("case", "plan", "W-1", "cin", "--start", british(20), "--child", "Ada Wren"),
        ("case", "open", "Finch family", "--ref", "W-2", "--referred", british(30), "--source", "5A", "--reason", "Police notification", "--worker", "Priya Shah"),
        ("person", "add", "W-2", "Sam Finch", "--role", "parent"),
    ]
    for step in steps:
        done = cli(*step, "--db", database)
        assert done.code == 0, (step, done)
    out = tmp_path / "worker-export"
    assert cli("export", "--out", str(out), "--db", database).code == 0
    if BACKEND == "postgresql":
        _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')  # the export is all the sequences need
    return out

