"""The caseload in numbers, for a team manager: by plan type, worker, age band, referral source, goal area.

Every figure is a SQL aggregate on the fast read path (no Python loop over rows), so a council's
50,000 cases answer in well under a second (benchmarks/summary.py). "In the period" means open at
any time from --from to --to; without a period, open today. Ages are on the period's last day.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from dateutil.relativedelta import relativedelta

from fscli.reports.lanes import in_lanes
from fscli.reports.spec import Column, Page, Report
from fscli.store.db import Reader
from fscli.domain import processing
from fscli.domain.live_rows import live_sql

BANDS = ("unborn", "under 1", "1-4", "5-9", "10-15", "16-17", "18+", "age not recorded")
BY = ("plan", "worker", "age", "source", "area")


@dataclass(frozen=True)
class Period:
    start: date
    end: date
    worker: str | None = None

    @property
    def is_today(self) -> bool:
        return self.start == self.end

    def words(self) -> str:
        span = f"open on {self.end:%d/%m/%Y}" if self.is_today else f"open at any time from {self.start:%d/%m/%Y} to {self.end:%d/%m/%Y}"
        return span + (f", held by {self.worker}" if self.worker else "")


def _cases_in(period: Period, *, via_work_in_period: bool = False, counting: bool = True) -> tuple[str, dict]:
    """A condition on `c` (cases) for the period, and its parameters: open at some time in it.

    A referral by the period's end and a latest closure (if any) since its start are not enough
    for a case reopened after the period: closed before it began and reopened after it ended, the
    case was closed throughout. So a case reopened since the period's end also needs a closure
    since its start ending work begun by its end. A query that reaches cases through their plans
    or assessments dated in the period (`via_work_in_period`) leaves that check out of its
    per-row condition: that work, recorded in the period, puts the case in it.

    A case under restriction of processing is never counted (domain/processing.py); `counting`
    False keeps it, to say how many were left out (held_back).
    """
    params: dict = {"p_start": period.start, "p_end": period.end}
    where = "c.referred_on <= :p_end AND (c.status = 'open' OR c.closed_on >= :p_start)"
    if not via_work_in_period:
        where += f" AND (c.id NOT IN (SELECT g.case_id FROM case_due g WHERE {reopened_after_end('g')}) OR {work_closed_since(':p_start')})"
    if period.worker:
        where += (" AND c.id IN (SELECT a.case_id FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE lower(w.name) = lower(:p_worker)"
                  " AND a.start_on <= :p_end AND (a.end_on IS NULL OR a.end_on >= :p_start))")  # fmt: skip
        params["p_worker"] = period.worker.strip()
    if counting:
        where += f" AND {processing.counted_case_sql('c.id')}"
    return where, params


def held_back(reader: Reader, period: Period) -> str | None:
    """The line a figure adds for the period's cases and people under restriction of processing, left out."""
    where, params = _cases_in(period, counting=False)
    found = reader.one(
        f"SELECT (SELECT count(*) FROM cases c WHERE {where} AND NOT {processing.counted_case_sql('c.id')}) AS cases,"
        f" (SELECT count(*) FROM person pe JOIN cases c ON c.id = pe.case_id WHERE {where} AND {processing.counted_case_sql('c.id')} AND NOT {processing.counted_person_sql('pe.id')}) AS people",
        params,
    )  # fmt: skip
    return processing.not_counted(found["cases"], found["people"]) if found else None


def with_held_back(note: str | None, held: str | None) -> str | None:
    return " ".join(part for part in (note, f"{held}." if held else None) if part) or None


def reopened_after_end(due: str) -> str:
    """SQL: the case of derived facts `due` was reopened after the period's end. Its latest work
    began after the end (few cases: read first), and began with a reopening, not with a step down
    or up inside work that ran on through the period (domain/episodes.py)."""
    return (f"{due}.opened_on > :p_end AND EXISTS (SELECT 1 FROM case_event r WHERE r.case_id = {due}.case_id AND r.kind = 'reopened' AND r.on_date > :p_end)")


def work_closed_since(day: str) -> str:
    """SQL: case `c` has a closure on or after `day` that ended work begun by the period's end
    (no reopening between the period's end and that closure)."""
    return (f"EXISTS (SELECT 1 FROM case_event x WHERE x.case_id = c.id AND x.kind = 'closed' AND x.on_date >= {day}"
            " AND NOT EXISTS (SELECT 1 FROM case_event r WHERE r.case_id = c.id AND r.kind = 'reopened' AND r.on_date > :p_end AND r.on_date <= x.on_date))")  # fmt: skip


def _band_sql(end: date) -> tuple[str, dict]:
    """Age bands as a CASE over dates: comparisons both databases make the same way."""
    years = {f"y{n}": end - relativedelta(years=n) for n in (1, 5, 10, 16, 18)}
    sql = ("CASE WHEN pe.due_on IS NOT NULL THEN 'unborn' WHEN pe.dob IS NULL THEN 'age not recorded'"
           " WHEN pe.dob > :y1 THEN 'under 1' WHEN pe.dob > :y5 THEN '1-4' WHEN pe.dob > :y10 THEN '5-9'"
           " WHEN pe.dob > :y16 THEN '10-15' WHEN pe.dob > :y18 THEN '16-17' ELSE '18+' END")  # fmt: skip
    return sql, years


COUNT_COLUMNS = [Column("group", "Group"), Column("label", "Meaning"), Column("families", "Families", "int"), Column("children", "Children", "int"), Column("share", "Share of children")]


def _share(rows: list[dict], total: int | None = None) -> list[dict]:
    whole = total if total is not None else sum(r["children"] or 0 for r in rows)
    for r in rows:
        r["share"] = f"{round(100 * r['children'] / whole)}%" if whole and r["children"] is not None else ""
    return rows


def by_plan(reader: Reader, period: Period) -> Report:
    from fscli.domain.codes import PLAN_TYPE

    where, params = _cases_in(period, via_work_in_period=True)
    # The plans in the period, counted here: one pass over the rows, where two count(DISTINCT)
    # queries took twice as long at council scale (benchmarks/summary.py).
    families: dict[str, set[int]] = defaultdict(set)
    children: dict[str, set[int]] = defaultdict(set)
    for kind, case_id, person_id in reader.tuples(
        "SELECT p.kind, p.case_id, p.person_id FROM plan p JOIN cases c ON c.id = p.case_id"
        f" WHERE {where} AND p.start_on <= :p_end AND (p.end_on IS NULL OR p.end_on >= :p_start) AND {live_sql('plan', 'p')} AND {processing.counted_person_sql('p.person_id')}", params,
    ):  # fmt: skip
        families[kind].add(case_id)
        children[kind].add(person_id)
    rows = [{"group": c.code, "label": c.label, "families": len(families[c.code]), "children": len(children[c.code])} for c in PLAN_TYPE.codes if c.code in families]
    total = len(set().union(*children.values())) if children else 0
    # A child is on two plans at once when reunification runs alongside their CLA plan, and on two
    # in turn when stepped up or down in the period: counted under each, so shares can pass 100%.
    why = "a child can be on two plans at once (reunification runs alongside CLA), and a child stepped up or down in the period counts under each plan"
    more = sum(len(ids) for ids in children.values()) > total
    note = f"Shares add to more than 100%: {why}. Shares are of the {total} children on any plan." if more else f"{why[0].upper()}{why[1:]}; shares are of children on any plan, rounded."
    return Report("Children by plan type", COUNT_COLUMNS, _share(rows, total), empty="No child was on a plan in the period.", note=note if rows else None)


def by_age(reader: Reader, period: Period) -> Report:
    where, params = _cases_in(period)
    band, years = _band_sql(period.end)
    found = {r["band"]: r for r in reader.rows(
        f"SELECT {band} AS band, count(DISTINCT pe.case_id) AS families, count(*) AS children FROM person pe JOIN cases c ON c.id = pe.case_id"
        f" WHERE {where} AND pe.role = 'child' AND (pe.died_on IS NULL OR pe.died_on >= :p_start) AND {processing.counted_person_sql('pe.id')} GROUP BY {band}", {**params, **years},
    )}  # fmt: skip
    rows = [{"group": b, "label": f"aged {b} on {period.end:%d/%m/%Y}" if b[0].isdigit() or b == "under 1" else b, "families": found[b]["families"], "children": found[b]["children"]} for b in BANDS if b in found]
    return Report("Children by age band", COUNT_COLUMNS, _share(rows), empty="No children in the period's cases.")


@dataclass
class Caseloads:
    """Each worker's families in the period (case id to its number of children), the roles they
    held, and the families with no worker: what 'summary --by worker' counts, so that a document
    can list the families and children behind each number (reports/dashboard.py)."""

    held: dict[str, dict[int, int]]  # worker's name -> {case id: children}
    roles: dict[str, str]
    unallocated: list[int]


def caseloads(reader: Reader, period: Period) -> Caseloads:
    where, params = _cases_in(period)
    # Each allocation in the period with its family's number of children; a worker who held a
    # family twice in the period counts it once. Grouped here: the same in SQL took four times as long.
    held: dict[int, dict[int, int]] = defaultdict(dict)
    roles: dict[int, set[str]] = defaultdict(set)  # a family co-worked counts for each of its workers, each in their role
    for worker_id, case_id, kids, role in reader.tuples(
        f"SELECT a.worker_id, a.case_id, (SELECT count(*) FROM person pe WHERE pe.case_id = a.case_id AND pe.role = 'child' AND {processing.counted_person_sql('pe.id')}), a.role"
        f" FROM cases c JOIN allocation a ON a.case_id = c.id WHERE {where} AND a.start_on <= :p_end AND (a.end_on IS NULL OR a.end_on >= :p_start)",
        params,
    ):
        held[worker_id][case_id] = kids
        roles[worker_id].add(role)
    names = {r["id"]: r["name"] for r in reader.rows("SELECT id, name FROM worker")}
    unallocated = [case_id for (case_id,) in reader.tuples(
        f"SELECT c.id FROM cases c WHERE {where} AND NOT EXISTS (SELECT 1 FROM allocation a WHERE a.case_id = c.id AND a.start_on <= :p_end AND (a.end_on IS NULL OR a.end_on >= :p_start)) ORDER BY c.id", params)]  # fmt: skip
    return Caseloads({names[w]: cases for w, cases in held.items()}, {names[w]: _roles_held(roles[w]) for w in held}, unallocated)


def by_worker(reader: Reader, period: Period) -> Report:
    loads = caseloads(reader, period)
    counted = sorted(((name, len(cases), sum(cases.values()), loads.roles[name]) for name, cases in loads.held.items()), key=lambda r: (-r[1], r[0]))
    out = [{"group": name, "label": label, "families": families, "children": children} for name, families, children, label in counted]
    if loads.unallocated:
        out.append({"group": "(unallocated)", "label": "no worker in the period", "families": len(loads.unallocated), "children": None})
    note = "A family handed from one worker to another in the period counts for both." if not period.is_today else None
    return Report("The caseload per worker", COUNT_COLUMNS, _share(out, None), empty="No cases in the period.", note=note)


def _roles_held(roles: set[str]) -> str:
    """'worker' for a key worker (every worker before roles), else the roles they held, in ROLES order."""
    from fscli.domain.allocation import KEY_WORKER, ROLE_LABELS, ROLES

    if roles == {KEY_WORKER}:
        return "worker"
    return ", ".join(ROLE_LABELS[r] for r in ROLES if r in roles)


def by_source(reader: Reader, period: Period) -> Report:
    from fscli.domain.codes import REFERRAL_SOURCE

    where, params = _cases_in(period)
    rows = reader.rows(
        "SELECT c.referral_source AS grp, count(DISTINCT c.id) AS families, count(pe.id) AS children FROM cases c"
        f" LEFT JOIN person pe ON pe.case_id = c.id AND pe.role = 'child' AND {processing.counted_person_sql('pe.id')}"
        f" WHERE {where} GROUP BY c.referral_source ORDER BY families DESC, c.referral_source",
        params,
    )
    out = [{"group": r["grp"], "label": REFERRAL_SOURCE.label(r["grp"]), "families": r["families"], "children": r["children"]} for r in rows]
    return Report("Cases by referral source", COUNT_COLUMNS, _share(out), empty="No cases in the period.")


AREA_COLUMNS = [Column("group", "Area"), Column("families", "Families", "int"), Column("goals", "Goals", "int"), Column("rated", "Rated by the family", "int")]


def by_area(reader: Reader, period: Period) -> Report:
    where, params = _cases_in(period)
    rows = reader.rows(
        "SELECT coalesce(g.area, '(no area)') AS grp, count(DISTINCT g.case_id) AS families, count(*) AS goals,"
        f" count(CASE WHEN EXISTS (SELECT 1 FROM goal_score s WHERE s.goal_id = g.id AND s.rater_kind = 'family' AND {live_sql('goal_score', 's')} AND {processing.counted_person_sql('s.rater_person_id')}) THEN 1 END) AS rated"
        f" FROM goal g JOIN cases c ON c.id = g.case_id WHERE {where} AND {live_sql('goal', 'g')} AND {processing.counted_person_sql('g.person_id')} GROUP BY coalesce(g.area, '(no area)') ORDER BY goals DESC, families DESC, grp",
        params,
    )
    return Report("Family goals by area", AREA_COLUMNS, [{"group": r["grp"], "families": r["families"], "goals": r["goals"], "rated": r["rated"]} for r in rows], empty="No goals in the period's cases.")


BUILDERS = {"plan": by_plan, "worker": by_worker, "age": by_age, "source": by_source, "area": by_area}


def summary(readers: Sequence[Reader], period: Period, by: str | None) -> Report | Page:
    """One breakdown on the first reader, or the whole page in two lanes when two readers share
    the snapshot (reports/lanes.py): the plans and the workers beside the rest."""
    if by:
        report = BUILDERS[by](readers[0], period)
        report.note = with_held_back(report.note, held_back(readers[0], period))
        return report

    def plans_and_workers(reader: Reader) -> dict:
        return {name: BUILDERS[name](reader, period) for name in ("plan", "worker")}

    def the_rest(reader: Reader) -> dict:
        where, params = _cases_in(period)
        found = {name: BUILDERS[name](reader, period) for name in BY if name not in ("plan", "worker")}
        found["totals"] = reader.one(
            f"SELECT count(*) AS families, (SELECT count(*) FROM person pe JOIN cases c ON c.id = pe.case_id WHERE {where} AND pe.role = 'child' AND {processing.counted_person_sql('pe.id')}) AS children,"
            f" (SELECT count(*) FROM cases c WHERE {where} AND c.referred_on >= :p_start) AS referred FROM cases c WHERE {where}",
            params,
        )
        found["held back"] = held_back(reader, period)
        return found

    first, second = in_lanes(readers, [plans_and_workers, the_rest])
    found = {**first, **second}
    totals = found["totals"]
    facts = [
        (Column("period", "Cases"), period.words()),
        (Column("families", "Families", "int"), totals["families"]),
        (Column("children", "Children", "int"), totals["children"]),
    ]
    if not period.is_today:
        facts.append((Column("referred", "Referred in the period", "int"), totals["referred"]))
    if found["held back"]:
        facts.append((Column("not_counted", "Not counted"), found["held back"]))
    sections = [(name, found[name]) for name in BY]
    note = with_held_back("Figures are counts of what is recorded; 'fscli summary --indicators' gives outcomes, each with its definition.", found["held back"])
    return Page("Caseload summary", facts, sections, note=note)
