"""Each child's journey: plans with their categories, and a timeline of everything that happened."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from fscli.domain import codes
from fscli.domain.journey import PLAN_NAMES
from fscli.domain.voiding import label, live_sql
from fscli.reports.spec import Column, Report
from fscli.store.db import Reader, as_date

PLAN_COLUMNS = [
    Column("id", "ID", "code"),  # P3: the id to correct its dates with, or void it if made in error
    Column("child", "Child"),
    Column("child_id", "Child ID", "code", in_table=False),
    Column("plan", "Plan", "code"),
    Column("start_on", "From", "date"),
    Column("end_on", "To", "date"),
    Column("weeks", "Weeks", "int"),
    Column("initial_category", "First category", "code"),
    Column("latest_category", "Latest category", "code"),
    Column("end_reason", "Why it ended"),
]
TIMELINE_COLUMNS = [Column("child", "Child"), Column("on_date", "Date", "date"), Column("event", "Event"), Column("detail", "Detail")]


def plans(reader: Reader, case_id: int, today: date) -> Report:
    found = reader.rows(
        "SELECT p.id, p.kind, p.start_on, p.end_on, p.end_reason, p.start_reason, pe.name AS child, pe.child_id FROM plan p JOIN person pe ON pe.id = p.person_id"
        f" WHERE p.case_id = :case_id AND {live_sql('plan', 'p')} ORDER BY pe.name, p.start_on, p.id",
        {"case_id": case_id},
    )
    categories = _categories(reader, case_id)
    out = []
    for row in found:
        start, end = as_date(row["start_on"]), as_date(row["end_on"])
        history = categories.get(row["id"], [])
        out.append({
            "id": label("plan", row["id"]), "child": row["child"], "child_id": row["child_id"], "plan": row["kind"], "start_on": start, "end_on": end,
            "weeks": ((end or today) - start).days // 7, "initial_category": history[0] if history else None,
            "latest_category": history[-1] if history else None, "end_reason": row["end_reason"],
        })  # fmt: skip
    return Report("Plans", PLAN_COLUMNS, out, empty="No plans yet: fscli case plan REF TYPE --start DATE")


def _categories(reader: Reader, case_id: int) -> dict[int, list[str]]:
    rows = reader.rows(
        f"SELECT pc.plan_id, pc.category FROM plan_category pc JOIN plan p ON p.id = pc.plan_id WHERE p.case_id = :case_id AND {live_sql('plan', 'p')} ORDER BY pc.from_on, pc.id",
        {"case_id": case_id},
    )
    out: dict[int, list[str]] = {}
    for row in rows:
        out.setdefault(row["plan_id"], []).append(row["category"])
    return out


def timeline(reader: Reader, case: dict) -> Report:
    """Every child's events in date order: referral, assessments, s47s, plans, allocations, closures."""
    cid = case["id"]
    events: list[dict] = []

    def add(child: str, day, event: str, detail: str = "") -> None:
        events.append({"child": child, "on_date": as_date(day), "event": event, "detail": detail})

    children = reader.rows("SELECT name, in_referral FROM person WHERE case_id = :case_id AND role = 'child' ORDER BY name", {"case_id": cid})
    concerned = [c["name"] for c in children if c["in_referral"]] or [c["name"] for c in children]
    need = f"; primary need {case['primary_need']}: {codes.PRIMARY_NEED.label(case['primary_need'])}" if case.get("primary_need") else ""
    nfa = "; no further action" if case.get("referral_nfa") else ""
    add("(family)", case["referred_on"], "Referral", f"{case['referral_source']}: {codes.REFERRAL_SOURCE.label(case['referral_source'])}{need}{nfa}; concerns {', '.join(concerned) or 'no children yet'}")
    for row in reader.rows("SELECT a.start_on, a.completed_on, a.factors, a.outcome, a.child_seen, p.name FROM assessment a JOIN person p ON p.id = a.person_id WHERE a.case_id = :case_id", {"case_id": cid}):
        add(row["name"], row["start_on"], "Assessment started")
        if row["completed_on"]:
            seen = {1: "; child seen", 0: "; child not seen"}.get(row["child_seen"], "")
            add(row["name"], row["completed_on"], "Assessment authorised", f"{codes.ASSESSMENT_OUTCOME.label(row['outcome'])}; factors {row['factors']}{seen}")
    for row in reader.rows("SELECT s.start_on, s.icpc_on, s.icpc_not_required, p.name FROM s47 s JOIN person p ON p.id = s.person_id WHERE s.case_id = :case_id", {"case_id": cid}):
        add(row["name"], row["start_on"], "Section 47 started", "strategy discussion")
        if row["icpc_on"]:
            add(row["name"], row["icpc_on"], "ICPC held")
        elif row["icpc_not_required"]:
            add(row["name"], row["start_on"], "Section 47 concluded", "ICPC not required")
    categories = _categories(reader, cid)
    for row in reader.rows("SELECT p.id, p.kind, p.start_on, p.end_on, p.start_reason, p.end_reason, p.returned_home_on, p.order_discharged_on, pe.name FROM plan p JOIN person pe ON pe.id = p.person_id"
                           f" WHERE p.case_id = :case_id AND {live_sql('plan', 'p')}", {"case_id": cid}):  # fmt: skip
        name = PLAN_NAMES[row["kind"]]
        history = categories.get(row["id"], [])
        detail = row["start_reason"] or ""
        if history:
            detail = f"category {history[0]}" + (f"; {detail}" if detail else "")
        add(row["name"], row["start_on"], f"{name} plan started", detail)
        if row["returned_home_on"]:
            add(row["name"], row["returned_home_on"], "Returned home")
        if row["order_discharged_on"]:
            add(row["name"], row["order_discharged_on"], "Care order discharged")
        if row["end_on"]:
            add(row["name"], row["end_on"], f"{name} plan ended", row["end_reason"] or "")
    for row in reader.rows(
        "SELECT pc.category, pc.from_on, pe.name FROM plan_category pc JOIN plan p ON p.id = pc.plan_id JOIN person pe ON pe.id = p.person_id"
        f" WHERE p.case_id = :case_id AND {live_sql('plan', 'p')} AND pc.id NOT IN (SELECT min(id) FROM plan_category GROUP BY plan_id)",
        {"case_id": cid},
    ):
        add(row["name"], row["from_on"], "CP category changed", f"latest category {row['category']}")
    for row in reader.rows(f"SELECT m.kind, m.on_date, m.chair FROM meeting m WHERE m.case_id = :case_id AND {live_sql('meeting', 'm')}", {"case_id": cid}):
        add("(family)", row["on_date"], "Meeting", codes.MEETING_TYPE.label(row["kind"]) + (f", chaired by {row['chair']}" if row["chair"] else ""))
    for row in reader.rows("SELECT w.name, a.start_on, a.reason FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.case_id = :case_id", {"case_id": cid}):
        add("(family)", row["start_on"], "Allocated", row["name"] + (f" ({row['reason']})" if row["reason"] else ""))
    for row in reader.rows("SELECT kind, on_date, reason_code, reason_text FROM case_event WHERE case_id = :case_id AND kind <> 'referred'", {"case_id": cid}):
        if row["kind"] == "closed":
            add("(family)", row["on_date"], "Case closed", f"{row['reason_code']}: {codes.CLOSURE_REASON.label(row['reason_code'])}")
        else:
            add("(family)", row["on_date"], "Case reopened", row["reason_text"] or "")
    order = {"Referral": 0, "Allocated": 1}
    events.sort(key=lambda e: (e["on_date"], order.get(e["event"], 2), e["child"]))
    return Report("Journey", TIMELINE_COLUMNS, events)


def worker_changes(reader: Reader, case_id: int, today: date) -> int:
    """Changes of worker in the last 12 months: every allocation after the case's first."""
    since = today - relativedelta(months=12)
    starts = [as_date(r["start_on"]) for r in reader.rows("SELECT start_on FROM allocation WHERE case_id = :case_id ORDER BY start_on, id", {"case_id": case_id})]
    return sum(1 for day in starts[1:] if day and day >= since)
