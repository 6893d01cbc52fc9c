"""The panel's outcome figures, from the work that ended in a period: `fscli summary --ended`.

Families whose work ended (a closure in the period): each goal's first family score against its
last, scored within that work (from its start to the closure), overall and per area (Happy,
Healthy, Safe...). Children whose plan ended in the period: not looked after within the profile's
`outcome-follow-up` of its end, by kind of work (domain/outcomes.py). Every row is a family or a
child, so each figure's list is the section under it; `ended_page` returns plain rows a document
can use as well as the terminal.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache

from fscli.domain import outcomes, processing, scoring
from fscli.domain.indicators import rate
from fscli.domain.live_rows import live_sql
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar
from fscli.reports.goals import _live, _series
from fscli.reports.indicators import OPENED, _began_by, _worker_clause
from fscli.reports.spec import Column, Page, Report
from fscli.reports.summary import Period, _cases_in, held_back, with_held_back
from fscli.store.db import Reader, as_date

FAMILY_COLUMNS = [
    Column("ref", "Case", "code"), Column("family", "Family"), Column("began_on", "Work began", "date"), Column("closed_on", "Closed", "date"),
    Column("weeks", "Weeks", "number"), Column("goals_rated", "Goals rated twice", "int"), Column("first", "First (sum)", "number"),
    Column("last", "Last (sum)", "number"), Column("change", "Change", "number"), Column("verdict", "Verdict"),
]  # fmt: skip
AREA_COLUMNS = [Column("area", "Area"), Column("families", "Families", "int"), Column("goals", "Goals", "int"), Column("first", "First (mean)", "number"),
                Column("last", "Last (mean)", "number"), Column("movement", "Movement (mean)", "number")]  # fmt: skip
KIND_COLUMNS = [Column("kind", "Work", "code"), Column("children", "Children", "int"), Column("succeeded", "Not looked after / went home", "int"), Column("value", "Share"), Column("definition", "Counted as success")]
CHILD_COLUMNS = [Column("ref", "Case", "code"), Column("family", "Family"), Column("child", "Child"), Column("kind", "Work", "code"), Column("ended_on", "Ended", "date"),
                 Column("followed_to", "Followed to", "date"), Column("success", "Success", "code"), Column("why", "Why")]  # fmt: skip


def _families(reader: Reader, period: Period) -> list[dict]:
    """The families with work closed in the period, each goal's family scores within that work."""
    params = {"p_start": period.start, "p_end": period.end}
    if period.worker:
        params["p_worker"] = period.worker.strip()
    closed = {case_id: (ref, family, as_date(began), as_date(closed_on)) for case_id, ref, family, began, closed_on in reader.tuples(
        f"SELECT c.id, c.ref, c.family, {_began_by('e.on_date')}, e.on_date FROM case_event e JOIN cases c ON c.id = e.case_id {OPENED}"
        " WHERE e.kind = 'closed' AND e.on_date BETWEEN :p_start AND :p_end" + _worker_clause(period) + " ORDER BY e.on_date",
        params,
    )}  # fmt: skip  (a case closed twice in the period: its last work)
    scores: dict[tuple[int, int], list[dict]] = defaultdict(list)
    areas: dict[int, str] = {}
    closed_in_period = "SELECT e.case_id FROM case_event e JOIN cases c ON c.id = e.case_id WHERE e.kind = 'closed' AND e.on_date BETWEEN :p_start AND :p_end" + _worker_clause(period)
    for s in reader.rows(
        "SELECT g.case_id, g.id AS goal_id, coalesce(g.area, '(no area)') AS area, s.id, s.value, s.scored_on, s.rater_kind, s.supersedes_id FROM goal_score s JOIN goal g ON g.id = s.goal_id"
        f" WHERE g.case_id IN ({closed_in_period}) AND {live_sql('goal', 'g')} AND {live_sql('goal_score', 's')} AND s.rater_kind = 'family'"
        f" AND {processing.counted_person_sql('g.person_id')} AND {processing.counted_person_sql('s.rater_person_id')} ORDER BY s.scored_on, s.id",
        params,
    ):
        case = closed.get(s["case_id"])
        s["scored_on"] = as_date(s["scored_on"])
        if case and case[2] <= s["scored_on"] <= case[3]:
            scores[s["case_id"], s["goal_id"]].append(s)
            areas[s["goal_id"]] = s["area"]
    of_case: dict[int, list[tuple[int, list[dict]]]] = defaultdict(list)  # each case's goals, not every goal's scores for every case
    for (case_id, goal_id), found in scores.items():
        of_case[case_id].append((goal_id, found))
    out = []
    for case_id, (ref, family, began, closed_on) in closed.items():
        goals = []
        for goal_id, found in of_case[case_id]:
            series = _series(_live(found), "family")
            if series:
                goals.append((goal_id, series))
        twice = [(goal_id, series[0], series[-1]) for goal_id, series in goals if len(series) >= 2]
        first, last = sum(f for _, f, _ in twice), sum(v for _, _, v in twice)
        verdict = scoring.verdict_of(len(goals), len(twice), last - first) or "no family scores"
        out.append({"ref": ref, "family": family, "began_on": began, "closed_on": closed_on, "weeks": round((closed_on - began).days / 7, 1), "goals_rated": len(twice),
                    "first": first if twice else None, "last": last if twice else None, "change": last - first if twice else None, "verdict": verdict,
                    "goals": [(areas[goal_id], f, v) for goal_id, f, v in twice]})  # fmt: skip
    return out


def _areas(families: list[dict]) -> list[dict]:
    by_area: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for f in families:
        for area, first, last in f["goals"]:
            by_area[area].append((f["ref"], first, last))
    order = {area.casefold(): i for i, area in enumerate(scoring.DEFAULT_AREAS)}
    rows = []
    for area, goals in sorted(by_area.items(), key=lambda item: (order.get(item[0].casefold(), len(order)), item[0])):
        n = len(goals)
        first, last = sum(g[1] for g in goals) / n, sum(g[2] for g in goals) / n
        rows.append({"area": area, "families": len({g[0] for g in goals}), "goals": n, "first": round(first, 1), "last": round(last, 1),
                     "movement": round(sum(outcomes.movement(g[1], g[2]) for g in goals) / n, 1)})  # fmt: skip
    return rows


def _children(reader: Reader, period: Period, profile: Profile, calendar: WorkingCalendar, today: date) -> list[dict]:
    where, params = _cases_in(period, via_work_in_period=True)
    kinds = {f"k{i}": kind for i, kind in enumerate(outcomes.KINDS)}
    day = cache(as_date)
    ended = reader.tuples(
        "SELECT p.person_id, c.ref, c.family, pe.name, p.kind, p.start_on, p.end_on,"
        " coalesce(p.returned_home_on, (SELECT max(l.end_on) FROM plan l WHERE l.person_id = p.person_id AND l.kind = 'cla' AND l.end_on BETWEEN p.start_on AND p.end_on AND "
        + live_sql("plan", "l") + "))"
        f" FROM plan p JOIN cases c ON c.id = p.case_id JOIN person pe ON pe.id = p.person_id WHERE {where} AND p.kind IN ({', '.join(':' + k for k in kinds)})"
        f" AND p.end_on BETWEEN :p_start AND :p_end AND {live_sql('plan', 'p')} AND {processing.counted_person_sql('p.person_id')} ORDER BY p.end_on, c.ref, pe.name",
        {**params, **kinds},
    )
    care: dict[int, list[tuple[date, date | None]]] = defaultdict(list)
    wanted = {row[0] for row in ended}
    if wanted:
        for person_id, start_on, end_on in reader.tuples(f"SELECT l.person_id, l.start_on, l.end_on FROM plan l WHERE l.kind = 'cla' AND {live_sql('plan', 'l')}", {}):
            if person_id in wanted:
                care[person_id].append((day(start_on), day(end_on)))
    follow_up = profile.interval(outcomes.FOLLOW_UP)
    rows = []
    for person_id, ref, family, child, kind, start_on, end_on, home_on in ended:
        work = outcomes.EndedWork(kind, day(start_on), day(end_on), tuple(care[person_id]), day(home_on))
        until = outcomes.followed_to(work.ended, today, follow_up, calendar)
        success, why = outcomes.after_the_work(work, until)
        if success is None:
            continue
        rows.append({"ref": ref, "family": family, "child": child, "kind": kind, "ended_on": work.ended, "followed_to": until, "success": "yes" if success else "no",
                     "why": why + ("" if until < today else f" (follow-up runs to {outcomes.follow_up_ends(work.ended, follow_up, calendar):%d/%m/%Y})")})  # fmt: skip
    return rows


def _by_kind(children: list[dict], follow_up: str) -> list[dict]:
    out = []
    for kind in outcomes.KINDS:
        of_kind = [c for c in children if c["kind"] == kind]
        if not of_kind:
            continue
        n, good = len(of_kind), sum(c["success"] == "yes" for c in of_kind)
        success = f"went home during the work and not looked after again within {follow_up} of its end" if kind == "reunification" else f"not looked after during the work or within {follow_up} of its end"
        out.append({"kind": kind, "children": n, "succeeded": good, "value": rate(good, n), "definition": success})
    return out


def counted_families(families: list[dict]) -> list[dict]:
    """The families the 'families improved' figure counts from: those scored twice on a goal."""
    return [f for f in families if f["verdict"] not in ("single rating", "no family scores")]


def kept_children(children: list[dict]) -> list[dict]:
    """The children the 'kept at home' figure counts from: reunification is counted apart."""
    return [c for c in children if c["kind"] != "reunification"]


def ended_page(reader: Reader, period: Period, profile: Profile, calendar: WorkingCalendar, today: date) -> Page:
    families = _families(reader, period)
    counted = counted_families(families)
    improved = sum(f["verdict"] == "improved" for f in counted)
    children = _children(reader, period, profile, calendar, today)
    follow_up = str(profile.interval(outcomes.FOLLOW_UP))
    share = rate(improved, len(counted))
    kept = kept_children(children)
    kept_value = rate(sum(c["success"] == "yes" for c in kept), len(kept))
    facts = [
        (Column("period", "Work ended"), f"from {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}" + (f", held by {period.worker}" if period.worker else "")),
        (Column("families_improved", "Families improved"), share),
        (Column("families_improved_definition", "Counted"), "Families whose work closed in the period, on their own scores within that work (its start to the closure): "
         + scoring.SHARE_DEFINITION + " No open case's midway scores are in it."),
        (Column("kept_at_home", "Children kept at home"), kept_value),
        (Column("kept_at_home_definition", "Counted"), f"Children whose Early Help, CIN or CP work ended in the period, not looked after when it began, not looked after during it or within {follow_up} of its end (to today, while that runs); reunification is counted apart, its success a child going home"),
    ]  # fmt: skip
    sections = [
        ("families", Report("Families whose work ended", FAMILY_COLUMNS, [{k: v for k, v in f.items() if k != "goals"} for f in families], empty="No work closed in the period.")),
        ("areas", Report("Average movement by area (first score against the last)", AREA_COLUMNS, _areas(families), empty="No goal of those families was scored twice by the family.")),
        ("by_kind", Report(f"Children not looked after within {follow_up} of the end of the work, by kind of work", KIND_COLUMNS, _by_kind(children, follow_up), empty="No child's work ended in the period.")),
        ("children", Report("The children behind those figures", CHILD_COLUMNS, children, empty="No child's work ended in the period.")),
    ]
    note = with_held_back(f"The profile sets the follow-up ({follow_up}: outcome-follow-up) and the default period (outcome-cohort); see 'fscli profile show'.", held_back(reader, period))
    return Page("Outcomes of the work ended in the period", facts, sections, note=note)
