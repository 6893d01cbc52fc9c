"""Facts derived from a case's records, kept beside them so the morning's `fscli due` reads one row
per case instead of working them out again over every contact, meeting and score.

Each is a SELECT over the records, never typed in: when each case's work began and who holds it,
whether a decision was made, the goals' baseline and midway scores (`case_due`); when each child
on a statutory plan was last seen (`plan_seen`); the reviews held since each open plan began
(`case_review`); each goal's first and latest family rating (`goal_family`); each plan that followed another of
the child's on the day it ended (`plan_step`). The write that changes a case's records refreshes that case's facts in the same
transaction (store/uow.py); an import and every migration rebuild them all; `fscli db check`
recomputes them and compares. They never leave the database: exports and imports skip them.

A change to any SELECT here comes with a migration, so that `fscli db upgrade` rebuilds the
facts an older fscli stored (store/migrating.py rebuilds them after every migration).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from fscli.domain import processing
from fscli.domain.allocation import STATUTORY_VISIT_PARAMS, holds_sql, lead_order_sql, statutory_visit_sql
from fscli.domain.contacts import face_to_face_sql
from fscli.domain.frozen import frozen
from fscli.domain.live_rows import live_sql


@frozen
class Derived:
    table: str
    columns: str
    select: str  # the facts as they should be, for the cases in {cases}
    owned: str  # the rows a refresh of the cases in {cases} replaces


# Only live rows count (domain/voiding.py): an entry voided or superseded by a correction is no fact.
# A database made before voiding has no voided rows, so the facts it stored are unchanged.
LIVE_SCORE = f"{live_sql('goal', 'g')} AND {live_sql('goal_score', 's')}"

CASE_DUE = Derived(
    "case_due",
    "case_id, opened_on, worker_id, outcome_checked, decided, baseline_on, midway_on",
    # Work begins at the start of the case's latest episode (a referral, a reopening, a step-down to
    # Early Help or a step-up to statutory work; domain/episodes.py), or, for a case with no
    # episodes, at the referral or latest reopening; the holder is as domain/allocation.py says
    # (of several workers in roles, the one the case is listed under: its key worker, else its social worker, ...);
    # a decision is the referral's, recorded since the work began (or an NFA recorded before
    # decisions were dated), or any plan, assessment or enquiry begun since the work began.
    "SELECT o.id AS case_id, o.opened_on AS opened_on,"
    f" (SELECT a.worker_id FROM allocation a WHERE a.case_id = o.id AND {holds_sql('a', 'o')} ORDER BY {lead_order_sql('a')} LIMIT 1) AS worker_id,"
    " CASE WHEN EXISTS (SELECT 1 FROM outcome_check k WHERE k.case_id = o.id AND k.on_date >= o.closed_on) THEN 1 ELSE 0 END AS outcome_checked,"
    f" CASE WHEN o.referral_decided_on >= o.opened_on OR (o.referral_decided_on IS NULL AND o.referral_nfa = 1) OR EXISTS (SELECT 1 FROM plan p WHERE p.case_id = o.id AND p.start_on >= o.opened_on AND {live_sql('plan', 'p')})"
    "   OR EXISTS (SELECT 1 FROM assessment s WHERE s.case_id = o.id AND s.start_on >= o.opened_on AND s.kind = 'single')"
    "   OR EXISTS (SELECT 1 FROM s47 s WHERE s.case_id = o.id AND s.start_on >= o.opened_on) THEN 1 ELSE 0 END AS decided,"
    f" (SELECT min(s.scored_on) FROM goal g JOIN goal_score s ON s.goal_id = g.id WHERE g.case_id = o.id AND g.status = 'open' AND s.phase = 'baseline' AND {LIVE_SCORE}) AS baseline_on,"
    f" (SELECT max(s.scored_on) FROM goal g JOIN goal_score s ON s.goal_id = g.id WHERE g.case_id = o.id AND g.status = 'open' AND s.phase = 'midway' AND {LIVE_SCORE}) AS midway_on"
    " FROM (SELECT c.id, c.closed_on, c.referral_nfa, c.referral_decided_on,"
    "   coalesce((SELECT max(e.start_on) FROM episode e WHERE e.case_id = c.id), CASE WHEN r.reopened_on > c.referred_on THEN r.reopened_on ELSE c.referred_on END) AS opened_on"
    "   FROM cases c LEFT JOIN (SELECT e.case_id, max(e.on_date) AS reopened_on FROM case_event e WHERE e.kind = 'reopened' AND e.case_id IN {cases} GROUP BY e.case_id) r"
    "   ON r.case_id = c.id WHERE c.id IN {cases}) o",
    "SELECT case_id FROM case_due WHERE case_id IN {cases}",
)

PLAN_SEEN = Derived(
    "plan_seen",
    "plan_id, seen_on",
    # When each child on an open CP, CIN or CLA plan was last seen face to face since it began:
    # the family's contacts newest first (index on contact (case, date)), stopping at the first
    # one the child was seen at by a worker who makes statutory visits (domain/allocation.py).
    # The unary + keeps SQLite on the party's contact index.
    "SELECT p.id AS plan_id, (SELECT k.on_date FROM contact k"
    f"   WHERE k.case_id = p.case_id AND k.on_date >= p.start_on AND {face_to_face_sql('k.kind')}"
    "   AND EXISTS (SELECT 1 FROM contact_party cp WHERE cp.contact_id = k.id AND +cp.person_id = p.person_id AND cp.seen = 1)"
    f"   AND {live_sql('contact', 'k')} AND {statutory_visit_sql('k')} ORDER BY k.on_date DESC LIMIT 1) AS seen_on"
    f" FROM plan p WHERE p.end_on IS NULL AND p.kind IN ('cp', 'cin', 'cla') AND {live_sql('plan', 'p')} AND p.case_id IN {{cases}}",
    "SELECT s.plan_id FROM plan_seen s JOIN plan p ON p.id = s.plan_id WHERE p.case_id IN {cases}",
)

CASE_REVIEW = Derived(
    "case_review",
    "case_id, kind, held, last_on",
    # Reviews held since the open plan they review began: core groups and RCPCs for CP, CIN
    # reviews for CIN, LAC reviews for CLA, TAF and Early Help reviews for Early Help.
    "SELECT m.case_id AS case_id, m.kind AS kind, count(*) AS held, max(m.on_date) AS last_on FROM meeting m"
    f" JOIN (SELECT q.case_id, q.kind, min(q.start_on) AS since FROM plan q WHERE q.end_on IS NULL AND {live_sql('plan', 'q')} AND q.case_id IN {{cases}} GROUP BY q.case_id, q.kind) o"
    "   ON o.case_id = m.case_id AND m.on_date >= o.since"
    "   AND o.kind = CASE m.kind WHEN 'core-group' THEN 'cp' WHEN 'rcpc' THEN 'cp' WHEN 'cin-review' THEN 'cin' WHEN 'lac-review' THEN 'cla' ELSE 'early-help' END"
    " WHERE m.kind IN ('core-group', 'rcpc', 'cin-review', 'lac-review', 'taf', 'eh-review')"
    f" AND {live_sql('meeting', 'm')} GROUP BY m.case_id, m.kind",
    "SELECT case_id FROM case_review WHERE case_id IN {cases}",
)

GOAL_FAMILY = Derived(
    "goal_family",
    "goal_id, case_id, ratings, first_value, latest_value, latest_on",
    # Each goal's ratings by the family, superseded ones left out: how many, the first and the
    # latest (by date, then by entry), for the indicator of families whose scores improved. Those
    # by or of a person under restriction of processing are not counted (making or lifting one
    # works the case's facts out again).
    "SELECT g.id AS goal_id, g.case_id AS case_id, count(*) AS ratings,"
    " (SELECT f.value FROM goal_score f WHERE f.goal_id = g.id AND f.rater_kind = 'family'"
    f"   AND {live_sql('goal_score', 'f')} AND {processing.counted_person_sql('f.rater_person_id')} ORDER BY f.scored_on, f.id LIMIT 1) AS first_value,"
    " (SELECT f.value FROM goal_score f WHERE f.goal_id = g.id AND f.rater_kind = 'family'"
    f"   AND {live_sql('goal_score', 'f')} AND {processing.counted_person_sql('f.rater_person_id')} ORDER BY f.scored_on DESC, f.id DESC LIMIT 1) AS latest_value,"
    " max(s.scored_on) AS latest_on"
    " FROM goal g JOIN goal_score s ON s.goal_id = g.id"
    f" WHERE g.case_id IN {{cases}} AND s.rater_kind = 'family' AND {LIVE_SCORE} AND {processing.counted_person_sql('s.rater_person_id')} AND {processing.counted_person_sql('g.person_id')}"
    " GROUP BY g.id, g.case_id",
    "SELECT goal_id FROM goal_family WHERE case_id IN {cases}",
)

PLAN_STEP = Derived(
    "plan_step",
    "plan_id, from_plan_id, case_id, on_date, from_kind, to_kind",
    # Each plan that began on the day another of the same child's plans ended: a step up, down or
    # across, for the indicator of step-ups and step-downs (a child's plans are all in one case).
    "SELECT b.id AS plan_id, a.id AS from_plan_id, b.case_id AS case_id, b.start_on AS on_date, a.kind AS from_kind, b.kind AS to_kind"
    " FROM plan b JOIN plan a ON a.person_id = b.person_id AND a.id <> b.id AND a.end_on = b.start_on"
    f" WHERE b.case_id IN {{cases}} AND {live_sql('plan', 'a')} AND {live_sql('plan', 'b')}",
    "SELECT plan_id FROM plan_step WHERE case_id IN {cases}",
)

FACTS = (CASE_DUE, PLAN_SEEN, CASE_REVIEW, GOAL_FAMILY, PLAN_STEP)
# Values the facts' SQL binds rather than writes in (reliability.md I6): every run of it passes them.
FACT_PARAMS: dict[str, Any] = {**STATUTORY_VISIT_PARAMS}
DERIVED_TABLES = tuple(f.table for f in FACTS)
EVERY_CASE = "(SELECT id FROM cases)"
# Beyond this many cases a refresh names them by condition (SQLite binds at most 32,766 values).
ID_LIST_LIMIT = 5_000


def id_list(ids: Iterable[int], params: dict[str, Any]) -> str:
    """'(:case0, :case1, ...)' with the ids bound as parameters."""
    ids = list(ids)
    params.update({f"case{i}": case_id for i, case_id in enumerate(ids)})
    return "(" + ", ".join(f":case{i}" for i in range(len(ids))) + ")"


def _key(facts: Derived) -> str:
    return facts.columns.split(",")[0]


def refresh(conn, case_ids: Iterable[int] | None) -> None:
    """Work out again the facts of these cases (None: every case), on a SQLAlchemy connection."""
    from sqlalchemy import text

    params: dict[str, Any] = dict(FACT_PARAMS)
    ids = None if case_ids is None else sorted(set(case_ids))
    if ids == []:
        return
    cases = EVERY_CASE if ids is None or len(ids) > ID_LIST_LIMIT else id_list(ids, params)
    for facts in FACTS:
        if ids is None or cases == EVERY_CASE:
            conn.execute(text(f"DELETE FROM {facts.table}"))  # noqa: S608 - fscli's own table names
        else:
            owned = facts.owned.format(cases=cases)
            conn.execute(text(f"DELETE FROM {facts.table} WHERE {_key(facts)} IN ({owned})"), params)  # noqa: S608 - constant SQL
        conn.execute(text(f"INSERT INTO {facts.table} ({facts.columns}) {facts.select.format(cases=cases)}"), params)  # noqa: S608 - constant SQL


def differing_sql(facts: Derived) -> str:
    """How many keys (cases or plans) have stored facts that differ from what the records say."""
    stored = f"SELECT {facts.columns} FROM {facts.table}"  # noqa: S608 - fscli's own table and columns
    should = facts.select.format(cases=EVERY_CASE)
    key = _key(facts)
    return f"SELECT count(*) FROM (SELECT {key} FROM ({stored} EXCEPT {should}) a UNION SELECT {key} FROM ({should} EXCEPT {stored}) b) k"  # noqa: S608


def out_of_step(reader) -> tuple[str, list[str]]:
    """A one-line result for `fscli db check`, and each table whose stored facts differ from the records."""
    found, cases = [], reader.scalar("SELECT count(*) FROM cases") or 0
    for facts in FACTS:
        differ = reader.scalar(differing_sql(facts), dict(FACT_PARAMS))
        if differ:
            noun = _key(facts).removesuffix("_id")
            found.append(f"derived facts: {facts.table} differs from the records for {differ} {noun}{'s' if differ != 1 else ''}")
    return (f"in step with the records for {cases} case{'s' if cases != 1 else ''}" if not found else f"{len(found)} of {len(FACTS)} tables out of step"), found


# Records that belong to a case through a parent rather than a case_id of their own.
THROUGH_PARENT = {"contact_party": ("contact", "contact_id"), "goal_score": ("goal", "goal_id"), "plan_category": ("plan", "plan_id")}


def cases_of(conn, records: Iterable[Any]) -> set[int]:
    """The cases whose records these are (records the unit of work added, changed or removed)."""
    from sqlalchemy import text

    cases: set[int] = set()
    parents: dict[str, set[int]] = {}
    for record in records:
        table = getattr(record, "__tablename__", None)
        if table == "cases":
            cases.add(record.id)
        elif table in THROUGH_PARENT:
            parent, key = THROUGH_PARENT[table]
            parents.setdefault(parent, set()).add(getattr(record, key))
        elif getattr(record, "case_id", None) is not None:
            cases.add(record.case_id)
    for parent, ids in parents.items():
        params: dict[str, Any] = {}
        found = conn.execute(text(f"SELECT DISTINCT case_id FROM {parent} WHERE id IN {id_list(ids, params)}"), params)  # noqa: S608 - fscli's own table names
        cases.update(found.scalars())
    cases.discard(None)  # type: ignore[arg-type]
    return cases
