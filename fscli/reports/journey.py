"""Each child's journey: plans with their categories, and a timeline of everything that happened."""

from __future__ import annotations

from datetime import date

from dateutil.relativedelta import relativedelta

from fscli.domain import codes
from fscli.domain.allocation import KEY_WORKER, ROLE_LABELS
from fscli.domain.pre_referral import SHOWN_AS, is_before_referral
from fscli.domain.journey import PLAN_NAMES, category_words
from fscli.domain.live_rows import label, live_sql
from fscli.reports.spec import Column, Report, coded
from fscli.store.db import Reader, as_date

PLAN_COLUMNS = [
    Column("id", "ID", "code"),  # P3: the id to correct its dates with, or void it if made in error
    Column("child", "Child"),
    Column("child_id", "Child ID", "code", in_table=False),
    *coded(Column("plan", "Plan", "code")),  # 'Early Help', 'CIN' as the journey says them; 'early-help' for machines
    Column("start_on", "From", "date"),
    Column("end_on", "To", "date"),
    Column("weeks", "Weeks", "int"),
    # A CP category in words in the table ('Neglect'); the machine formats keep the census code (NEG).
    *coded(Column("initial_category", "First category", "code")),
    *coded(Column("latest_category", "Latest category", "code")),
    Column("end_reason", "Why it ended"),
]
EPISODE_COLUMNS = [
    Column("episode", "Episode"),
    Column("kind", "Kind", "code", in_table=False),
    Column("start_on", "From", "date"),
    Column("end_on", "To", "date"),
    Column("weeks", "Weeks", "int"),
    *coded(Column("referral_source", "Referral source", "code")),
    Column("end_reason", "Ended", "code", in_table=False),
    Column("end_reason_label", "Why it ended", in_table=False),
    Column("end_reason_said", "Why it ended", in_machine=False),  # 'RC7: Services ceased ...': the code and its label in one cell
]
TIMELINE_COLUMNS = [Column("child", "Child"), Column("on_date", "Date", "date"), Column("event", "Event"), Column("detail", "Detail")]


def plans(reader: Reader, case_id: int, today: date) -> Report:
    found = reader.rows(
        "SELECT p.id, p.kind, p.start_on, p.end_on, p.end_reason, p.start_reason, pe.name AS child, pe.child_id FROM plan p JOIN person pe ON pe.id = p.person_id"
        f" WHERE p.case_id = :case_id AND {live_sql('plan', 'p')} ORDER BY pe.name, p.start_on, p.id",
        {"case_id": case_id},
    )
    categories = _categories(reader, case_id)
    referred = as_date(reader.scalar("SELECT referred_on FROM cases WHERE id = :case_id", {"case_id": case_id}))
    out = []
    for row in found:
        start, end = as_date(row["start_on"]), as_date(row["end_on"])
        history = categories.get(row["id"], [])
        out.append({
            "id": label("plan", row["id"]), "child": row["child"], "child_id": row["child_id"], "plan": row["kind"], "plan_said": PLAN_NAMES[row["kind"]], "start_on": start, "end_on": end,
            "weeks": ((end or today) - start).days // 7, "initial_category": history[0] if history else None,
            "latest_category": history[-1] if history else None, "end_reason": row["end_reason"],
            "initial_category_said": codes.CATEGORY_OF_ABUSE.label(history[0]) if history else None,
            "latest_category_said": codes.CATEGORY_OF_ABUSE.label(history[-1]) if history else None,
        })  # fmt: skip
    history = [f"{r['child']}'s {PLAN_NAMES[r['plan']]} plan from {r['start_on']:%d/%m/%Y}" for r in out if is_before_referral(r["start_on"], referred)]
    note = f"Recorded as history, {SHOWN_AS} ({referred:%d/%m/%Y}): {'; '.join(history)}. Their clocks run from these dates." if history else None
    return Report("Plans", PLAN_COLUMNS, out, empty="No plans yet: fscli case plan REF TYPE --start DATE", note=note)


def _episode_rows(reader: Reader, case_id: int) -> list[dict]:
    return reader.rows("SELECT kind, start_on, end_on, end_reason, referral_source FROM episode WHERE case_id = :case_id ORDER BY start_on, id", {"case_id": case_id})


def episodes(reader: Reader, case_id: int, today: date) -> Report:
    """The case's episodes of work, as the census counts them: statutory (referral to closure) and Early Help."""
    from fscli.domain.episodes import EPISODE_LABELS

    out = []
    for row in _episode_rows(reader, case_id):
        start, end = as_date(row["start_on"]), as_date(row["end_on"])
        out.append({
            "episode": EPISODE_LABELS[row["kind"]], "kind": row["kind"], "start_on": start, "end_on": end, "weeks": ((end or today) - start).days // 7,
            "referral_source": row["referral_source"], "referral_source_said": codes.REFERRAL_SOURCE.said(row["referral_source"]) or None,
            "end_reason": row["end_reason"], "end_reason_label": codes.CLOSURE_REASON.label(row["end_reason"]) or None, "end_reason_said": codes.CLOSURE_REASON.said(row["end_reason"]) or None,
        })  # fmt: skip
    return Report("Episodes of work", EPISODE_COLUMNS, out, empty="No episodes recorded.")


def current_episode(reader: Reader, case_id: int) -> str:
    """'Early Help since 19/10/2026': the kind of work in hand, for the family's page."""
    from fscli.domain.episodes import EPISODE_LABELS

    found = reader.rows("SELECT kind, start_on, end_on FROM episode WHERE case_id = :case_id ORDER BY start_on DESC, id DESC LIMIT 1", {"case_id": case_id})
    if not found:
        return ""
    latest = found[0]
    label = EPISODE_LABELS[latest["kind"]]
    label = label[:1].upper() + label[1:]
    if latest["end_on"] is not None:
        return f"{label}, {as_date(latest['start_on']):%d/%m/%Y} to {as_date(latest['end_on']):%d/%m/%Y}"
    return f"{label} since {as_date(latest['start_on']):%d/%m/%Y}"


def _steps(reader: Reader, case_id: int, words: bool = False) -> list[tuple[object, str, str]]:
    """Each step down to Early Help and up to statutory work: an episode ended by a step and the
    next begun on the same day (domain/episodes.py). `words`: codes said by their labels alone."""
    from fscli.domain.episodes import STEP_DOWN_REASONS, STEP_UP_REASON

    found = []
    rows = _episode_rows(reader, case_id)
    for before, after in zip(rows, rows[1:]):
        if before["end_on"] != after["start_on"]:
            continue
        if before["kind"] == "statutory" and after["kind"] == "early-help" and before["end_reason"] in STEP_DOWN_REASONS:
            found.append((after["start_on"], "Stepped down to Early Help", f"statutory episode ended {codes.CLOSURE_REASON.said(before['end_reason'], words=words)}; Early Help episode began"))
        elif before["kind"] == "early-help" and after["kind"] == "statutory" and before["end_reason"] == STEP_UP_REASON:
            source = after["referral_source"]
            found.append((after["start_on"], "Stepped up to children's social care", f"Early Help episode ended; new referral {codes.REFERRAL_SOURCE.said(source, words=words)}"))
    return found


def _categories(reader: Reader, case_id: int) -> dict[int, list[str]]:
    rows = reader.rows(
        f"SELECT pc.plan_id, pc.category FROM plan_category pc JOIN plan p ON p.id = pc.plan_id WHERE p.case_id = :case_id AND {live_sql('plan', 'p')} ORDER BY pc.from_on, pc.id",
        {"case_id": case_id},
    )
    out: dict[int, list[str]] = {}
    for row in rows:
        out.setdefault(row["plan_id"], []).append(row["category"])
    return out


def timeline(reader: Reader, case: dict, *, words: bool = False) -> Report:
    """Every child's events in date order: referral, assessments, s47s, plans, allocations, closures.
    Census codes are said with their labels ('2A: Schools'), a CP category and why a worker
    changed in words, and a change of worker names who took over from whom. With `words`, for a
    reader who knows no codes (a document: reports/documents.py), each code is said by its label alone."""
    cid = case["id"]
    events: list[dict] = []

    def add(child: str, day, event: str, detail: str = "") -> None:
        events.append({"child": child, "on_date": as_date(day), "event": event, "detail": detail})

    children = reader.rows("SELECT name, in_referral FROM person WHERE case_id = :case_id AND role = 'child' ORDER BY name", {"case_id": cid})
    concerned = [c["name"] for c in children if c["in_referral"]] or [c["name"] for c in children]
    need = f"; primary need {codes.PRIMARY_NEED.said(case['primary_need'], words=words)}" if case.get("primary_need") else ""
    nfa = "; no further action" if case.get("referral_nfa") else ""
    add("(family)", case["referred_on"], "Referral", f"{codes.REFERRAL_SOURCE.said(case['referral_source'], words=words)}{need}{nfa}; concerns {', '.join(concerned) or 'no children yet'}")
    for row in reader.rows("SELECT a.start_on, a.completed_on, a.factors, a.outcome, a.child_seen, a.kind, p.name FROM assessment a JOIN person p ON p.id = a.person_id WHERE a.case_id = :case_id", {"case_id": cid}):
        what = "Early Help assessment" if row["kind"] == "early-help" else "Assessment"
        add(row["name"], row["start_on"], f"{what} started")
        if row["completed_on"]:
            seen = {1: "; child seen", 0: "; child not seen"}.get(row["child_seen"], "")
            factors = f"; factors: {codes.ASSESSMENT_FACTOR.said_all(row['factors'], words=words)}" if row["factors"] else ""
            add(row["name"], row["completed_on"], f"{what} authorised", f"{codes.ASSESSMENT_OUTCOME.label(row['outcome'])}{factors}{seen}")
    for row in reader.rows("SELECT s.start_on, s.icpc_on, s.icpc_not_required, p.name FROM s47 s JOIN person p ON p.id = s.person_id WHERE s.case_id = :case_id", {"case_id": cid}):
        add(row["name"], row["start_on"], "Section 47 started", "strategy discussion")
        if row["icpc_on"]:
            add(row["name"], row["icpc_on"], "ICPC held")
        elif row["icpc_not_required"]:
            add(row["name"], row["start_on"], "Section 47 concluded", "ICPC not required")
    categories = _categories(reader, cid)
    for row in reader.rows("SELECT p.id, p.kind, p.start_on, p.end_on, p.start_reason, p.end_reason, p.returned_home_on, p.discharge_applied_on, p.order_discharged_on, pe.name FROM plan p JOIN person pe ON pe.id = p.person_id"
                           f" WHERE p.case_id = :case_id AND {live_sql('plan', 'p')} ORDER BY p.id", {"case_id": cid}):  # fmt: skip  (same-day events keep one order on both backends)
        name = PLAN_NAMES[row["kind"]]
        history = categories.get(row["id"], [])
        detail = row["start_reason"] or ""
        if history:
            detail = f"category {category_words(history[0])}" + (f"; {detail}" if detail else "")
        add(row["name"], row["start_on"], f"{name} plan started", detail)
        if row["returned_home_on"]:
            add(row["name"], row["returned_home_on"], "Returned home")
        if row["discharge_applied_on"]:
            add(row["name"], row["discharge_applied_on"], "Application to discharge the care order")
        if row["order_discharged_on"]:
            add(row["name"], row["order_discharged_on"], "Care order discharged")
        if row["end_on"]:
            add(row["name"], row["end_on"], f"{name} plan ended", row["end_reason"] or "")
    for row in reader.rows(
        "SELECT pc.category, pc.from_on, pe.name FROM plan_category pc JOIN plan p ON p.id = pc.plan_id JOIN person pe ON pe.id = p.person_id"
        f" WHERE p.case_id = :case_id AND {live_sql('plan', 'p')} AND pc.id NOT IN (SELECT min(id) FROM plan_category GROUP BY plan_id)",
        {"case_id": cid},
    ):
        add(row["name"], row["from_on"], "CP category changed", f"latest category {category_words(row['category'])}")
    for row in reader.rows(f"SELECT m.kind, m.on_date, m.chair FROM meeting m WHERE m.case_id = :case_id AND {live_sql('meeting', 'm')}", {"case_id": cid}):
        add("(family)", row["on_date"], "Meeting", codes.MEETING_TYPE.label(row["kind"]) + (f", chaired by {row['chair']}" if row["chair"] else ""))
    for on, event, detail in _steps(reader, cid, words):
        add("(family)", on, event, detail)
    allocations = reader.rows("SELECT w.name, a.role, a.start_on, a.end_on, a.reason FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.case_id = :case_id", {"case_id": cid})
    closed_on = {r["on_date"] for r in reader.rows("SELECT on_date FROM case_event WHERE case_id = :case_id AND kind = 'closed'", {"case_id": cid})}
    for row in allocations:
        as_role = "" if row["role"] == KEY_WORKER else f" as {ROLE_LABELS[row['role']]}"
        if row["reason"]:  # the reason is why the one before left the role: say who took over from whom
            before = next((o["name"] for o in allocations if o["role"] == row["role"] and o["end_on"] == row["start_on"] and o["name"] != row["name"]), None)
            why = codes.WORKER_CHANGE.label(row["reason"]) or row["reason"]
            add("(family)", row["start_on"], "Allocated", row["name"] + as_role + (f", taking over from {before}: {why[:1].lower() + why[1:]}" if before else f" ({why[:1].lower() + why[1:]})"))
        else:
            add("(family)", row["start_on"], "Allocated", row["name"] + as_role)
        # A role that ended with no one taking it over, and not at a closure: the worker left the case.
        taken_over = any(o["role"] == row["role"] and o["start_on"] == row["end_on"] for o in allocations)
        if row["role"] != KEY_WORKER and row["end_on"] is not None and row["end_on"] not in closed_on and not taken_over:
            add("(family)", row["end_on"], "Role ended", row["name"] + as_role)
    for row in reader.rows("SELECT kind, on_date, reason_code, reason_text FROM case_event WHERE case_id = :case_id AND kind <> 'referred'", {"case_id": cid}):
        if row["kind"] == "closed":
            add("(family)", row["on_date"], "Case closed", codes.CLOSURE_REASON.said(row["reason_code"], words=words))
        else:
            add("(family)", row["on_date"], "Case reopened", row["reason_text"] or "")
    order = {"Referral": 0, "Allocated": 1}
    events.sort(key=lambda e: (e["on_date"], order.get(e["event"], 2), e["child"]))
    referred = as_date(case["referred_on"])
    for e in events:  # history recorded from before the referral says so (domain/pre_referral.py)
        if is_before_referral(e["on_date"], referred):
            e["detail"] = f"{e['detail']}; {SHOWN_AS}" if e["detail"] else SHOWN_AS
    return Report("Journey", TIMELINE_COLUMNS, events)


def worker_changes(reader: Reader, case_id: int, today: date) -> int:
    """Changes of worker in the last 12 months: every allocation after the first in its role (a
    family support worker joining is not a change of social worker)."""
    since = today - relativedelta(months=12)
    starts: dict[str, list] = {}
    for r in reader.rows("SELECT role, start_on FROM allocation WHERE case_id = :case_id ORDER BY start_on, id", {"case_id": case_id}):
        starts.setdefault(r["role"], []).append(as_date(r["start_on"]))
    return sum(1 for days in starts.values() for day in days[1:] if day and day >= since)
