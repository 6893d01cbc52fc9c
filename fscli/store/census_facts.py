"""What the CIN census return reads of each child (domain/census.py): the child's identifiers and
characteristics, the statutory episodes of their case, and their single assessments, section 47
enquiries, live CIN and CP plans (with categories of abuse) and their case's review conferences.
Plain SQL both backends understand, on a Reader: on a team's server, row security gives it only
the cases the login may see."""

from __future__ import annotations

from fscli.domain.census import Assessment, CensusReturn, CensusYear, ChildFacts, Enquiry, Episode, Plan, census_return
from fscli.domain.live_rows import live_sql
from fscli.store.db import as_date


def _of_case(alias: str, case_id: int | None) -> str:
    """The SQL that keeps one case's rows (its id bound as :case), or nothing for every case."""
    return "" if case_id is None else f" AND {alias}.case_id = :case"


def read(reader, until, case_id: int | None = None) -> tuple[list[ChildFacts], dict[str, int]]:
    """Every child of a case with a statutory episode begun by `until` (the reference date), and
    each case's id by its reference (for the access log). Children not in the referral are left out.
    With `case_id`, one case's alone ('case show': a handful of rows read by the case's indexes)."""
    params = {"until": until, "case": case_id}
    cases = {row["id"]: row for row in reader.rows(
        "SELECT c.id, c.ref, c.referred_on, c.primary_need, c.referral_nfa, c.referral_decided_on FROM cases c"
        f" WHERE EXISTS (SELECT 1 FROM episode e WHERE e.case_id = c.id AND e.kind = 'statutory' AND e.start_on <= :until){' AND c.id = :case' if case_id is not None else ''}", params)}  # fmt: skip
    if not cases:
        return [], {}
    episodes: dict[int, list[Episode]] = {}
    for row in reader.rows(f"SELECT e.case_id, e.start_on, e.end_on, e.end_reason, e.referral_source FROM episode e WHERE e.kind = 'statutory'{_of_case('e', case_id)} ORDER BY e.start_on, e.id", params):
        case = cases.get(row["case_id"])
        if case is None:
            continue
        start = as_date(row["start_on"])
        first = start == as_date(case["referred_on"])
        episodes.setdefault(row["case_id"], []).append(Episode(
            case["ref"], start, as_date(row["end_on"]), row["end_reason"], row["referral_source"], case["primary_need"], bool(case["referral_nfa"]) and first,
            decided=not first or case["referral_decided_on"] is not None))  # fmt: skip
    assessments: dict[int, list[Assessment]] = {}
    for row in reader.rows(f"SELECT a.person_id, a.start_on, a.completed_on, a.factors FROM assessment a WHERE a.kind = 'single'{_of_case('a', case_id)}", params):
        factors = tuple(f for f in (row["factors"] or "").split(",") if f)
        assessments.setdefault(row["person_id"], []).append(Assessment(as_date(row["start_on"]), as_date(row["completed_on"]), factors))
    enquiries: dict[int, list[Enquiry]] = {}
    for row in reader.rows(f"SELECT s.person_id, s.start_on, s.icpc_on, s.icpc_not_required FROM s47 s WHERE 1 = 1{_of_case('s', case_id)}", params):
        enquiries.setdefault(row["person_id"], []).append(Enquiry(as_date(row["start_on"]), as_date(row["icpc_on"]), bool(row["icpc_not_required"])))
    categories: dict[int, list[tuple]] = {}
    for row in reader.rows("SELECT k.plan_id, k.from_on, k.category FROM plan_category k"
                           f"{'' if case_id is None else ' WHERE k.plan_id IN (SELECT p.id FROM plan p WHERE p.case_id = :case)'} ORDER BY k.from_on, k.id", params):
        categories.setdefault(row["plan_id"], []).append((as_date(row["from_on"]), row["category"]))
    plans: dict[int, list[Plan]] = {}
    for row in reader.rows(f"SELECT p.id, p.person_id, p.kind, p.start_on, p.end_on FROM plan p WHERE p.kind IN ('cin', 'cp') AND {live_sql('plan', 'p')}{_of_case('p', case_id)}", params):
        plans.setdefault(row["person_id"], []).append(Plan(row["kind"], as_date(row["start_on"]), as_date(row["end_on"]), tuple(categories.get(row["id"], ())), row["id"]))
    reviews: dict[int, list] = {}
    for row in reader.rows(f"SELECT m.case_id, m.on_date FROM meeting m WHERE m.kind = 'rcpc' AND m.case_id IS NOT NULL AND {live_sql('meeting', 'm')}{_of_case('m', case_id)}", params):
        reviews.setdefault(row["case_id"], []).append(as_date(row["on_date"]))
    children = []
    for row in reader.rows(
        "SELECT p.id, p.case_id, p.name, p.child_id, p.upn, p.upn_unknown, p.dob, p.due_on, p.sex, p.died_on, p.ethnicity, p.disabilities"
        f" FROM person p WHERE p.role = 'child' AND p.in_referral = 1{_of_case('p', case_id)} ORDER BY p.id", params):  # fmt: skip
        case = cases.get(row["case_id"])
        if case is None:
            continue
        children.append(ChildFacts(
            row["name"], case["ref"], row["child_id"], row["upn"], row["upn_unknown"], as_date(row["dob"]), as_date(row["due_on"]), row["sex"], as_date(row["died_on"]),
            row["ethnicity"], tuple(d for d in (row["disabilities"] or "").split(",") if d), tuple(episodes.get(row["case_id"], ())),
            tuple(assessments.get(row["id"], ())), tuple(enquiries.get(row["id"], ())), tuple(plans.get(row["id"], ())), tuple(reviews.get(row["case_id"], ()))))  # fmt: skip
    return children, {case["ref"]: case_id for case_id, case in cases.items()}


def census_return_of(reader, year: CensusYear, case_id: int | None = None, calendar=None) -> tuple[CensusReturn, dict[str, int]]:
    """The year's return as it would be written (domain/census.py), and each case's id by reference;
    with `case_id`, that case's part of it alone; with the working calendar, the ICPC targets."""
    children, case_ids = read(reader, year.reference, case_id)
    return census_return(children, year, calendar), case_ids
