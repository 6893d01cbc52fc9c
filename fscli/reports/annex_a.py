"""Ofsted's Annex A lists 1-7 as Reports, one a sheet: the facts gathered here, the lists made by
domain/annex_a.py.

Only what the reader may see is read (on a team server, row security gives the login its own
cases), and a case or person under restriction of processing is left out, as from an export.
A case closed before the 12 months up to the return's day can have no row in any list.

The lists are made a range of children at a time, in the order of their Child Unique IDs (the
order of the lists: domain/annex_a.py `order`): the children are read on one server-side
cursor, and for each range of `CHILDREN_PER_BATCH` the facts of their cases (each case whole,
for its counts and its referral) are gathered and made into those children's rows. Memory holds
one range's facts and rows, whatever the size of the caseload; the rows go to the workbook as
each range is made (services/spreadsheet.py `write_batches`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date

from fscli.domain import annex_a, processing
from fscli.domain.allocation import STATUTORY_VISIT_PARAMS, statutory_visit_sql
from fscli.domain.contacts import face_to_face_sql
from fscli.domain.live_rows import live_sql
from fscli.reports.spec import Column, Report
from fscli.store.db import IN_BYTE_ORDER, Reader, as_date

CASES = f"SELECT c.id FROM cases c WHERE {processing.counted_case_sql('c.id')} AND (c.closed_on IS NULL OR c.closed_on >= :since)"
# How many children's rows are made at a time: a few thousand cases' facts at most in memory.
CHILDREN_PER_BATCH = 2_000


@dataclass
class AnnexA:
    reports: list[Report]  # one a list, in order: its sheet's title and columns (the rows come from `batches`)
    held_back: int  # cases and children left out under restriction of processing
    reader: Reader
    on: date
    months: int
    cases: list[int] = field(default_factory=list)  # the cases with a row in any list (the access log's), once `batches` is read
    rows: int = 0  # the rows written, once `batches` is read

    def batches(self) -> Iterator[list[list[list]]]:
        """Each range of children's rows: a list of rows for each list, in order."""
        since = annex_a.period_start(self.on, max(self.months, 12))
        shown: dict[int, None] = {}
        for only, case_ids in children_in_ranges(self.reader, since, CHILDREN_PER_BATCH):
            made = annex_a.list_rows(list(gather(self.reader, case_ids).values()), self.on, self.months, only)
            shown.update(dict.fromkeys(made.cases))
            batch = [made.rows[annex.number] for annex in annex_a.LISTS]
            self.rows += sum(map(len, batch))
            yield batch
        self.cases = list(shown)


def columns(annex: annex_a.AnnexList) -> list[Column]:
    return [Column(f"c{i}", header, kind) for i, (header, kind) in enumerate(annex.columns)]


def build(reader: Reader, on: date, months: int) -> AnnexA:
    """The lists' sheets and what was held back; their rows are read as `batches` is."""
    since = {"since": annex_a.period_start(on, max(months, 12))}  # a case closed before it has no row, nor a count
    held = (reader.scalar(f"SELECT count(*) FROM cases c WHERE c.id IN ({processing.HELD_CASES_SQL}) AND (c.closed_on IS NULL OR c.closed_on >= :since)", since) or 0) + (
        reader.scalar(f"SELECT count(*) FROM person pe WHERE pe.role = 'child' AND pe.id IN ({processing.HELD_PEOPLE_SQL}) AND pe.case_id IN ({CASES})", since) or 0)  # fmt: skip
    return AnnexA([Report(annex.sheet, columns(annex), []) for annex in annex_a.LISTS], held, reader, on, months)


def children_in_ranges(reader: Reader, since: date, size: int) -> Iterator[tuple[set[int], list[int]]]:
    """The children who may have a row, in the lists' order, `size` at a time (never splitting
    children of one key: those with no Child Unique ID come together, first): each range's
    person ids, and the cases they belong to."""
    sql = (
        f"SELECT pe.id, pe.child_id, pe.case_id FROM person pe WHERE pe.role = 'child' AND pe.case_id IN ({CASES}) AND {processing.counted_person_sql('pe.id')}"
        f" ORDER BY pe.child_id IS NOT NULL, pe.child_id{IN_BYTE_ORDER[reader.kind]}, pe.id"
    )
    people: set[int] = set()
    cases: dict[int, None] = {}
    last = None
    for batch in reader.stream(sql, {"since": since}, size=size):
        for person_id, child_id, case_id in batch:
            key = annex_a.child_key(child_id)
            if len(people) >= size and key != last:
                yield people, list(cases)
                people, cases = set(), {}
            people.add(person_id)
            cases[case_id] = None
            last = key
    if people:
        yield people, list(cases)


def gather(reader: Reader, case_ids: list[int]) -> dict[int, annex_a.CaseFacts]:
    """Every fact the lists read of these cases, in one query a table."""
    p = {"cases": json.dumps(sorted(case_ids))}
    these = reader.json_ids("cases")
    cases: dict[int, annex_a.CaseFacts] = {}
    for r in reader.rows(
        "SELECT c.id, c.referred_on, c.referral_source, c.referral_nfa, c.referral_decided_on, c.primary_need, c.closed_on, t.name AS team"
        f" FROM cases c LEFT JOIN case_team ct ON ct.case_id = c.id LEFT JOIN team t ON t.id = ct.team_id WHERE c.id IN ({these}) ORDER BY c.id", p,
    ):  # fmt: skip
        cases[r["id"]] = annex_a.CaseFacts(as_date(r["referred_on"]), r["referral_source"], bool(r["referral_nfa"]), as_date(r["referral_decided_on"]),
                                           r["primary_need"], as_date(r["closed_on"]), r["team"], case_id=r["id"])  # fmt: skip
    for r in reader.rows(
        "SELECT id, case_id, child_id, sex, ethnicity, dob, disabilities, in_referral FROM person"
        f" WHERE role = 'child' AND case_id IN ({these}) AND {processing.counted_person_sql('id')} ORDER BY id", p,
    ):  # fmt: skip
        cases[r["case_id"]].children.append(annex_a.Child(r["id"], r["child_id"], r["sex"], r["ethnicity"], as_date(r["dob"]), r["disabilities"], bool(r["in_referral"])))
    for r in reader.rows(f"SELECT case_id, kind, start_on, end_on, end_reason, referral_source FROM episode WHERE case_id IN ({these}) ORDER BY start_on, id", p):
        cases[r["case_id"]].episodes.append(annex_a.Episode(r["kind"], as_date(r["start_on"]), as_date(r["end_on"]), r["end_reason"], r["referral_source"]))
    for r in reader.rows(f"SELECT a.case_id, w.name, a.role, a.start_on, a.end_on FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.case_id IN ({these}) ORDER BY a.id", p):
        cases[r["case_id"]].holdings.append(annex_a.Holding(r["name"], r["role"], as_date(r["start_on"]), as_date(r["end_on"])))
    for r in reader.rows(f"SELECT case_id, person_id, kind, start_on, completed_on, child_seen, outcome FROM assessment WHERE case_id IN ({these}) ORDER BY start_on, id", p):
        seen = None if r["child_seen"] is None else bool(r["child_seen"])
        cases[r["case_id"]].assessments.append(annex_a.Assessment(r["person_id"], r["kind"], as_date(r["start_on"]), as_date(r["completed_on"]), seen, r["outcome"]))
    for r in reader.rows(f"SELECT case_id, person_id, start_on, icpc_on, icpc_not_required FROM s47 WHERE case_id IN ({these}) ORDER BY start_on, id", p):
        cases[r["case_id"]].enquiries.append(annex_a.Enquiry(r["person_id"], as_date(r["start_on"]), as_date(r["icpc_on"]), bool(r["icpc_not_required"])))
    categories: dict[int, list[tuple[date, str]]] = {}
    for r in reader.rows(
        f"SELECT pc.plan_id, pc.from_on, pc.category FROM plan_category pc JOIN plan p ON p.id = pc.plan_id WHERE p.case_id IN ({these}) AND {live_sql('plan', 'p')} ORDER BY pc.from_on, pc.id", p,
    ):  # fmt: skip
        categories.setdefault(r["plan_id"], []).append((as_date(r["from_on"]), r["category"]))
    for r in reader.rows(f"SELECT p.id, p.case_id, p.person_id, p.kind, p.start_on, p.end_on FROM plan p WHERE p.case_id IN ({these}) AND {live_sql('plan', 'p')} ORDER BY p.start_on, p.id", p):
        cases[r["case_id"]].plans.append(annex_a.Plan(r["person_id"], r["kind"], as_date(r["start_on"]), as_date(r["end_on"]), tuple(categories.get(r["id"], ()))))
    for case_id, person_id, on_date, alone, statutory in reader.tuples(  # the most rows by far: tuples, not dicts
        f"SELECT k.case_id, cp.person_id, k.on_date, cp.seen_alone, CASE WHEN {statutory_visit_sql('k')} THEN 1 ELSE 0 END AS statutory"
        " FROM contact k JOIN contact_party cp ON cp.contact_id = k.id"
        f" WHERE k.case_id IN ({these}) AND cp.person_id IS NOT NULL AND cp.seen = 1 AND {face_to_face_sql('k.kind')} AND {live_sql('contact', 'k')}",
        {**p, **STATUTORY_VISIT_PARAMS},
    ):  # fmt: skip
        cases[case_id].seen.append(annex_a.Seen(person_id, as_date(on_date), bool(alone), bool(statutory)))
    for r in reader.rows(f"SELECT m.case_id, m.on_date FROM meeting m WHERE m.kind = 'rcpc' AND m.case_id IN ({these}) AND {live_sql('meeting', 'm')}", p):
        cases[r["case_id"]].reviews.append(as_date(r["on_date"]))
    return cases
