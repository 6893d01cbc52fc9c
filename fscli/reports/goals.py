"""Goals and their movement: per goal, per family, across the caseload."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache
from typing import TYPE_CHECKING

from fscli.domain import codes, naming, scoring
from fscli.domain.live_rows import label, not_voided_sql
from fscli.reports.lookups import find_case, find_goal
from fscli.reports.spec import Column, Page, Report
from fscli.store.db import Reader, as_date

if TYPE_CHECKING:
    from fscli.reports.summary import Period

GOAL_COLUMNS = [
    Column("name", "Goal #", "code"),
    Column("goal", "#", "int", in_table=False),
    Column("text", "Goal"),
    Column("for_person", "For"),
    Column("area", "Area"),
    Column("outcome", "Outcome", "code", in_table=False),
    Column("scale", "Scale", "code", in_table=False),
    Column("status", "Status"),
    Column("family_first", "Family first", "number", in_table=False),
    Column("family_latest", "Family latest", "number", in_table=False),
    Column("family_change", "Family change", "number", in_table=False),
    Column("family_trend", "Family"),
    Column("family_chart", "", in_machine=False),
    Column("worker_first", "Worker first", "number", in_table=False),
    Column("worker_latest", "Worker latest", "number", in_table=False),
    Column("worker_change", "Worker change", "number", in_table=False),
    Column("worker_trend", "Worker"),
    Column("ratings", "Ratings", "int", in_table=False),
]


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 1)


def _series(scores: list[dict], kind: str) -> list[float | int]:
    """One value per date for a kind of rater (the mean when several rated on the same day)."""
    return [value for _, value in dated(scores, kind)]


def dated(scores: list[dict], kind: str) -> list[tuple[date, float | int]]:
    """_series with each value's day (what a document's chart draws: reports/documents.py)."""
    by_day: dict[date, list[int]] = defaultdict(list)
    for s in scores:
        if s["rater_kind"] == kind:
            by_day[s["scored_on"]].append(s["value"])
    return [(day, _number(sum(v) / len(v))) for day, v in sorted(by_day.items())]


def dated_by_rater(scores: list[dict], kind: str) -> list[tuple[str, list[tuple[date, float | int]]]]:
    """Each rater's own dated scores, in the order they first scored: what the family's plan shows
    by name ('Michelle 7, Jayden 5'), where `dated` gives the mean of a day's scores."""
    raters: dict[str, list[dict]] = {}
    for s in scores:
        if s["rater_kind"] == kind:
            raters.setdefault(s["rater_name"] or kind, []).append(s)
    return [(name, dated(own, kind)) for name, own in raters.items()]


def _live(scores: list[dict]) -> list[dict]:
    superseded = {s["supersedes_id"] for s in scores if s["supersedes_id"]}
    return [s for s in scores if s["id"] not in superseded]


def _goals(reader: Reader, where: str, params: dict, *, scored_by: date | None = None) -> list[dict]:
    """The goals `where` says, each with its series; with `scored_by`, only the scores made by that day."""
    goals = reader.rows(
        "SELECT g.id, g.case_id, (SELECT count(*) FROM goal o WHERE o.case_id = g.case_id AND o.id <= g.id) AS number, g.text, g.area, g.outcome, g.scale_min, g.scale_max, g.status, g.closed_on, c.ref, c.family, p.name AS for_person, g.person_id"
        f" FROM goal g JOIN cases c ON c.id = g.case_id LEFT JOIN person p ON p.id = g.person_id WHERE {not_voided_sql('g')} AND " + where + " ORDER BY g.id",
        params,
    )
    if not goals:
        return []
    scores = reader.rows(
        "SELECT s.id, s.goal_id, s.value, s.scored_on, s.rater_kind, s.rater_name, s.phase, s.supersedes_id FROM goal_score s JOIN goal g ON g.id = s.goal_id JOIN cases c ON c.id = g.case_id"
        f" WHERE {not_voided_sql('g')} AND {not_voided_sql('s')} AND " + where + " ORDER BY s.scored_on, s.id",
        params,
    )
    by_goal: dict[int, list[dict]] = defaultdict(list)
    for s in scores:
        s["scored_on"] = as_date(s["scored_on"])
        if scored_by is None or s["scored_on"] <= scored_by:
            by_goal[s["goal_id"]].append(s)
    out = []
    for g in goals:
        live = _live(by_goal[g["id"]])
        family, worker = _series(live, "family"), _series(live, "worker")
        out.append({
            "name": naming.goal_name(g["ref"], g["number"]), "goal": g["id"], "case_id": g["case_id"], "ref": g["ref"], "family_name": g["family"], "text": g["text"],
            "for_person": g["for_person"], "area": g["area"], "outcome": g["outcome"], "scale": f"{g['scale_min']}-{g['scale_max']}",
            "status": g["status"], "family_first": family[0] if family else None, "family_latest": family[-1] if family else None,
            "family_change": scoring.change(family), "family_trend": scoring.trend(family), "family_chart": scoring.bars(family),
            "worker_first": worker[0] if worker else None, "worker_latest": worker[-1] if worker else None,
            "worker_change": scoring.change(worker), "worker_trend": scoring.trend(worker), "ratings": len(live), "family_series": family,
            "person_id": g["person_id"], "scale_min": g["scale_min"], "scale_max": g["scale_max"], "family_points": dated(live, "family"), "worker_points": dated(live, "worker"),
            "family_by": dated_by_rater(live, "family"),
        })  # fmt: skip
    return out


def _family_series(reader: Reader, where: str, params: dict, *, scored_by: date | None) -> dict[str, tuple[str, list[list[float | int]]]]:
    """Each case's family name and its goals' family series (by case reference, the goals in the
    order _goals gives them): all the caseload's movement needs of _goals, without the rest of each
    goal, which on a council's caseload is seconds and hundreds of megabytes."""
    goals = reader.tuples(f"SELECT g.id, c.ref, c.family FROM goal g JOIN cases c ON c.id = g.case_id WHERE {not_voided_sql('g')} AND " + where + " ORDER BY g.id", params)
    if not goals:
        return {}
    by_goal: dict[int, list[dict]] = defaultdict(list)
    superseded: set[int] = set()
    day_of = cache(as_date)
    for score_id, goal_id, value, scored_on, kind, supersedes in (row for batch in reader.stream(
        "SELECT s.id, s.goal_id, s.value, s.scored_on, s.rater_kind, s.supersedes_id FROM goal_score s JOIN goal g ON g.id = s.goal_id JOIN cases c ON c.id = g.case_id"
        f" WHERE {not_voided_sql('g')} AND {not_voided_sql('s')} AND " + where + " ORDER BY s.scored_on, s.id",
        params,
    ) for row in batch):  # fmt: skip  (in batches: a council's scores are never all in memory at once)
        day = day_of(scored_on)
        if scored_by is not None and day > scored_by:
            continue  # as _goals: a score made after the day, a correction too, is not yet there
        if supersedes:
            superseded.add(supersedes)
        if kind == "family":
            by_goal[goal_id].append({"id": score_id, "value": value, "scored_on": day, "rater_kind": kind})
    out: dict[str, tuple[str, list[list[float | int]]]] = {}
    for goal_id, ref, family in goals:
        live = [s for s in by_goal.get(goal_id, ()) if s["id"] not in superseded]
        out.setdefault(ref, (family, []))[1].append(_series(live, "family"))
    return out


def goals_report(reader: Reader, case_id: int, ref: str) -> Report:
    return Report("Goals", GOAL_COLUMNS, _goals(reader, "g.case_id = :case_id", {"case_id": case_id}), empty=f"No goals yet: fscli goal add {ref} \"the goal in the family's words\"")


def goal_list(reader: Reader, ref: str) -> Report:
    case = find_case(reader, ref)
    report = goals_report(reader, case["id"], case["ref"])
    report.title = f"Goals of {case['ref']} {case['family']}"
    return report


AREA_COLUMNS = [
    Column("area", "Area"),
    Column("goals", "Goals", "int"),
    Column("baseline", "Baseline", "number"),
    Column("latest", "Latest", "number"),
    Column("change", "Change", "number"),
    Column("chart", "", in_machine=False),
]


def _areas(goals: list[dict]) -> list[dict]:
    """The family's own scores by area: the mean first score against the mean latest."""
    grouped: dict[str, list[dict]] = defaultdict(list)
    for g in goals:
        if g["family_series"]:
            grouped[g["area"] or "(no area)"].append(g)
    rows = []
    for area, items in sorted(grouped.items()):
        first = _number(sum(g["family_first"] for g in items) / len(items))
        latest = _number(sum(g["family_latest"] for g in items) / len(items))
        rows.append({"area": area, "goals": len(items), "baseline": first, "latest": latest, "change": _number(latest - first), "chart": f"{scoring.bars([first])} → {scoring.bars([latest])}"})
    return rows


def goal_progress(reader: Reader, ref: str) -> Page:
    case = find_case(reader, ref)
    goals = _goals(reader, "g.case_id = :case_id", {"case_id": case["id"]})
    movement = scoring.family_movement(case["ref"], [g["family_series"] for g in goals])
    facts = [
        (Column("ref", "Reference"), case["ref"]),
        (Column("family", "Family"), case["family"]),
        (Column("goals", "Goals", "int"), len(goals)),
        (Column("family_verdict", "The family's own ratings"), movement.verdict if movement else "not rated yet"),
        (Column("family_total_change", "Total change (family)", "number"), movement.total_change if movement else None),
    ]
    return Page(
        f"Goal progress of {case['ref']} {case['family']}",
        facts,
        [("goals", Report("Goals", GOAL_COLUMNS, goals, empty=f"No goals yet: fscli goal add {case['ref']} TEXT")), ("areas", Report("Areas, the family's scores", AREA_COLUMNS, _areas(goals), empty="No family ratings yet."))],
    )


SHARE_COLUMNS = [
    Column("ref", "Ref"),
    Column("family", "Family"),
    Column("goals_rated", "Goals rated", "int"),
    Column("total_change", "Change", "number"),
    Column("verdict", "Family's ratings"),
]


def caseload_progress(reader: Reader, period: Period | None = None) -> Report:
    """Goal movement across the caseload: a figure, so never a case or a person's goal under restriction of processing.
    With a period, the families of the cases open at any time in it, on their scores up to its last
    day: the families 'summary --indicators' counts for the same period."""
    from fscli.domain.processing import counted_case_sql, counted_person_sql
    from fscli.reports.processing import not_counted
    from fscli.reports.summary import _cases_in

    where, params = _cases_in(period) if period else ("1 = 1", {})
    by_case = _family_series(reader, f"{counted_case_sql('g.case_id')} AND {counted_person_sql('g.person_id')} AND {where}", params, scored_by=period.end if period else None)
    rows = []
    for ref, (family, series) in sorted(by_case.items()):
        movement = scoring.family_movement(ref, series)
        if movement:
            rows.append({"ref": ref, "family": family, "goals_rated": movement.goals_rated, "total_change": movement.total_change, "verdict": movement.verdict})
    counted = [r for r in rows if r["verdict"] != "single rating"]
    improved = sum(r["verdict"] == "improved" for r in counted)
    single = len(rows) - len(counted)
    share = f"{round(100 * improved / len(counted))}%" if counted else "no family has two ratings yet"
    note = (
        f"Improved: {improved} of {len(counted)} families rated at least twice ({share}); "
        f"no change: {sum(r['verdict'] == 'no change' for r in counted)}; worse: {sum(r['verdict'] == 'worse' for r in counted)}; "
        f"single rating, counted apart: {single}.\nDefinition: {scoring.SHARE_DEFINITION}"
    )
    if held := not_counted(reader):
        note += f"\n{held}."
    if period:
        note += f"\nFamilies of the cases {period.words()}, on their scores up to {period.end:%d/%m/%Y}."
    title = "Goal movement across the caseload" + (f", cases {period.words()}" if period else "")
    return Report(title, SHARE_COLUMNS, rows, empty="No family has rated a goal yet." if not period else "No family of the period's cases had rated a goal by its end.", note=note)


HISTORY_COLUMNS = [
    Column("id", "Score", "code"),  # S12: the id to void a score made in error
    Column("score", "Score #", "int", in_table=False),
    Column("scored_on", "Date", "date"),
    Column("value", "Value", "int"),
    Column("rater", "By"),
    Column("rater_kind", "As"),
    Column("phase", "Phase"),
    Column("note", "Note"),
    Column("next_step", "Next step"),
    Column("status", "Status"),
]


def _each(by_rater: list[tuple[str, list[tuple[date, float | int]]]]) -> str | None:
    """Each of the family's own scores when more than one of them scored the goal: the 'Family'
    trend is then the mean of a day's scores, which none of them gave, and this says so."""
    if len(by_rater) < 2:
        return None
    each = "; ".join(f"{name}: {scoring.trend([v for _, v in points])}" for name, points in by_rater)
    return f"{each}. 'Family' is the mean of the scores given on the same day."


def goal_show(reader: Reader, goal_text: str, *, me: str | None) -> Page:
    goal = _goals(reader, "g.id = :goal", {"goal": find_goal(reader, goal_text, me=me)["id"]})[0]
    scores = reader.rows(f"SELECT s.id, s.scored_on, s.value, s.rater_name, s.rater_kind, s.phase, s.note, s.next_step, s.supersedes_id FROM goal_score s WHERE s.goal_id = :goal AND {not_voided_sql('s')} ORDER BY s.scored_on, s.id", {"goal": goal["goal"]})
    superseded_by = {s["supersedes_id"]: s["id"] for s in scores if s["supersedes_id"]}
    rows = []
    for s in scores:
        status = f"corrected by score {superseded_by[s['id']]}" if s["id"] in superseded_by else (f"corrects score {s['supersedes_id']}" if s["supersedes_id"] else "current")
        rows.append({"id": label("goal_score", s["id"]), "score": s["id"], "scored_on": as_date(s["scored_on"]), "value": s["value"], "rater": s["rater_name"], "rater_kind": s["rater_kind"], "phase": s["phase"], "note": s["note"], "next_step": s["next_step"], "status": status})
    facts = [(Column("name", "Goal", "code"), goal["name"]), (Column("goal", "Goal id", "int", in_table=False), goal["goal"]), (Column("ref", "Case"), goal["ref"]), (Column("family", "Family"), goal["family_name"]), (Column("text", "In the family's words"), goal["text"]),
             (Column("for_person", "For"), goal["for_person"]), (Column("area", "Area"), goal["area"]),
             (Column("outcome", "Outcome"), f"{goal['outcome']}: {codes.SF_OUTCOME.label(goal['outcome'])}" if goal["outcome"] else None),
             (Column("scale", "Scale"), goal["scale"]), (Column("status", "Status"), goal["status"]),
             (Column("family_trend", "Family"), goal["family_trend"]), (Column("family_each", "Family, each"), _each(goal["family_by"])),
             (Column("worker_trend", "Worker"), goal["worker_trend"])]  # fmt: skip
    return Page(f"Goal {goal['name']} of {goal['ref']} {goal['family_name']}", facts, [("scores", Report("Scores", HISTORY_COLUMNS, rows, empty=f"Not scored yet: fscli goal score {goal['name']} VALUE --by NAME"))])
