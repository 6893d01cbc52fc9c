"""The demo's dashboard: what is due this week, the caseload by plan type, goal movement, the families."""

from __future__ import annotations

from datetime import date

from fscli.reports.spec import Column, Page, Report
from fscli.store.db import Reader
from fscli.domain.live_rows import live_sql
from fscli.domain.processing import counted_case_sql, counted_person_sql
from fscli.reports.processing import not_counted

PLAN_COLUMNS = [Column("plan", "Plan", "code"), Column("label", "Plan type"), Column("children", "Children", "int"), Column("families", "Families", "int")]


def caseload_by_plan(reader: Reader) -> Report:
    """Children and families on each open plan; open families with no plan last."""
    from fscli.domain.codes import PLAN_TYPE

    found = {r["kind"]: r for r in reader.rows(
        "SELECT p.kind, count(DISTINCT p.person_id) AS children, count(DISTINCT p.case_id) AS families FROM plan p JOIN cases c ON c.id = p.case_id"
        f" WHERE p.end_on IS NULL AND c.status = 'open' AND {live_sql('plan', 'p')} AND {counted_case_sql('c.id')} AND {counted_person_sql('p.person_id')} GROUP BY p.kind"
    )}  # fmt: skip
    rows = [{"plan": code.code, "label": code.label, "children": found[code.code]["children"], "families": found[code.code]["families"]} for code in PLAN_TYPE.codes if code.code in found]
    none = reader.scalar(f"SELECT count(*) FROM cases c WHERE c.status = 'open' AND {counted_case_sql('c.id')} AND NOT EXISTS (SELECT 1 FROM plan p WHERE p.case_id = c.id AND p.end_on IS NULL AND {live_sql('plan', 'p')})")
    if none:
        rows.append({"plan": "none", "label": "No plan yet (referral or assessment)", "children": None, "families": none})
    return Report("The caseload by plan type", PLAN_COLUMNS, rows, empty="No open cases.", note=not_counted(reader))


def dashboard(reader: Reader, practice, today: date, where: str) -> Page:
    from fscli.reports.cases import case_list
    from fscli.reports.due import Scope, due_report
    from fscli.reports.goals import caseload_progress

    week_left = 6 - today.weekday()
    due = due_report(reader, Scope(), practice.profile, practice.calendar, today, within=max(week_left, 7))
    due = due.hiding("basis")
    due.title = "Due and overdue, this week and the next few days"
    counts = reader.one(
        f"SELECT count(*) AS open_cases, (SELECT count(*) FROM person pe JOIN cases k ON k.id = pe.case_id WHERE k.status = 'open' AND pe.role = 'child' AND {counted_case_sql('k.id')} AND {counted_person_sql('pe.id')}) AS children"
        f" FROM cases c WHERE c.status = 'open' AND {counted_case_sql('c.id')}"
    )  # fmt: skip
    overdue = sum(1 for r in due.rows if r["days_left"] < 0)
    facts = [
        (Column("database", "Demo database"), where),
        (Column("open_cases", "Open cases", "int"), counts["open_cases"]),
        (Column("children", "Children in open cases", "int"), counts["children"]),
        (Column("overdue", "Items overdue", "int"), overdue),
        (Column("today", "Dated from", "date"), today),
    ]
    sections = [("due", due), ("plans", caseload_by_plan(reader)), ("goals", caseload_progress(reader)), ("cases", case_list(reader, status="all"))]
    return Page("fscli demo: a sample caseload (every name invented)", facts, sections)
