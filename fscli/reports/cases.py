"""The caseload views: case list, case show, person list, agency list.

Read on the fast path: plain SQL through store's DB-API reader, the same on SQLite and
PostgreSQL, with ages and dates worked out in Python from `today`.
"""

from __future__ import annotations

from datetime import date

from fscli.domain.allocation import KEY_WORKER, ROLE_LABELS, ROLES, changes_in_words, holds_sql, lead, lead_order_sql
from fscli.reports.lookups import find_case
from fscli.reports.spec import Column, Page, Report, coded_fact
from fscli.store.db import Reader, as_date, as_instant

CASE_COLUMNS = [
    Column("ref", "Ref"),
    Column("family", "Family"),
    Column("status", "Status"),
    Column("referred_on", "Referred", "date"),
    Column("referral_source", "Source", "code"),
    Column("worker", "Worker"),
    Column("workers", "Workers", "int"),
    Column("children", "Children", "int"),
    Column("closed_on", "Closed", "date", in_table=False),
    Column("closure_reason", "Closure", "code", in_table=False),
]

_CASES_SQL = f"""
SELECT c.id, c.ref, c.family, c.status, c.referred_on, c.referral_source, c.closed_on, c.closure_reason,
       (SELECT w.name FROM allocation a JOIN worker w ON w.id = a.worker_id
         WHERE a.case_id = c.id AND {holds_sql('a', 'c')}
         ORDER BY {lead_order_sql('a')} LIMIT 1) AS worker,
       (SELECT coalesce(max(r.n), 0) FROM (SELECT count(DISTINCT a.worker_id) AS n FROM allocation a WHERE a.case_id = c.id GROUP BY a.role) r) AS workers,
       (SELECT count(*) FROM person p WHERE p.case_id = c.id AND p.role = 'child') AS children
FROM cases c
"""


def _case_row(row: dict) -> dict:
    return {
        "ref": row["ref"], "family": row["family"], "status": row["status"],
        "referred_on": as_date(row["referred_on"]), "referral_source": row["referral_source"],
        "worker": row["worker"], "workers": row["workers"], "children": row["children"],
        "closed_on": as_date(row["closed_on"]), "closure_reason": row["closure_reason"],
    }  # fmt: skip


def case_list(reader: Reader, *, status: str = "open", worker: str | None = None) -> Report:
    """Cases, newest referral first; `status` is open, closed or all; `worker` is the current holder."""
    clauses, params = [], {}
    if status != "all":
        clauses.append("c.status = :status")
        params["status"] = status
    if worker:  # the cases the worker holds now, or held when they closed
        clauses.append(
            "EXISTS (SELECT 1 FROM allocation a JOIN worker w ON w.id = a.worker_id"
            f" WHERE a.case_id = c.id AND {holds_sql('a', 'c')} AND lower(w.name) = lower(:worker))"
        )
        params["worker"] = worker
    where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
    rows = reader.rows(_CASES_SQL + where + " ORDER BY c.referred_on DESC, c.ref", params)
    kind = {"open": "open ", "closed": "closed ", "all": ""}[status]
    held = f" held by {worker}" if worker else ""
    hint = "" if status == "closed" else " Open one with: fscli case open \"Family name\" --referred DATE --source CODE --reason TEXT"
    return Report(f"{kind.capitalize() or 'All '}cases{held}", CASE_COLUMNS, [_case_row(r) for r in rows], empty=f"No {kind}cases{held}.{hint}")

PEOPLE_COLUMNS = [
    Column("name", "Name"),
    Column("role", "Role"),
    Column("child_id", "Child ID", "code", in_table=False),
    Column("age", "Age"),
    Column("dob", "Born", "date"),
    Column("due_on", "Due", "date"),
    Column("sex", "Sex", "code"),
    Column("relationship", "Relationship"),
    Column("ethnicity", "Ethnicity", "code", in_table=False),
    Column("disabilities", "Disability", "code", in_table=False),
    Column("upn", "UPN", "code", in_table=False),
    Column("upn_unknown", "UPN unknown", "code", in_table=False),
    Column("died_on", "Died", "date", in_table=False),
    Column("history", "History"),
]


def field_history(reader: Reader, case_id: int) -> list[dict]:
    """The case's kept values (services/history.py), oldest first, each told in words with the
    person it belongs to (None: the family) and the local day it was recorded."""
    from fscli.domain import bookings
    from fscli.domain.field_history import MOVED, describe, moved_words
    from fscli.domain.live_rows import label

    rows = reader.rows(
        "SELECT h.entity, h.entity_id, h.field, h.old_value, h.new_value, h.reason, h.recorded_by, h.recorded_at, p.name AS person, b.booking_of, b.kind AS booked, c.ref AS here, g.text AS goal FROM field_history h"
        " LEFT JOIN person p ON h.entity = 'person' AND p.id = h.entity_id LEFT JOIN planned_visit b ON h.entity = 'planned_visit' AND b.id = h.entity_id"
        " LEFT JOIN goal g ON h.entity = 'goal' AND g.id = h.entity_id JOIN cases c ON c.id = h.case_id WHERE h.case_id = :case_id ORDER BY h.recorded_at, h.id",
        {"case_id": case_id},
    )
    out = []
    for i, r in enumerate(rows):
        on = as_instant(r["recorded_at"]).astimezone().date()
        if r["field"] == MOVED and r["entity"] != "case":  # an entry filed on the wrong family, moved (services/moving.py)
            entry = f"the goal \"{r['goal']}\"" if r["entity"] == "goal" else label(r["entity"], r["entity_id"])
            out.append({**r, "on": on, "words": moved_words(entry, r["old_value"], r["new_value"], r["here"], r["reason"], on), "event": "Moved"})
            continue
        if r["entity"] == "planned_visit":  # a booking moved: its day and time, kept together, told as one move
            if r["field"] != "on_date":
                continue
            after = rows[i + 1] if i + 1 < len(rows) else {}  # services/bookings.py writes the time right after the day
            at = after if after.get("entity") == "planned_visit" and after.get("entity_id") == r["entity_id"] and after.get("field") == "at_time" else {}
            words = f"{bookings.kind_label(r['booking_of'], r['booked'])} " + bookings.moved_words(r["old_value"], r["new_value"], r["reason"], old_time=at.get("old_value"), new_time=at.get("new_value"))
            out.append({**r, "on": on, "words": words, "event": "Moved"})
            continue
        out.append({**r, "on": on, "words": describe(r["field"], r["old_value"], r["new_value"], r["reason"], on), "event": "Corrected"})
    return out


def _people(reader: Reader, case_id: int, today: date) -> list[dict]:
    from fscli.domain import casework
    from fscli.domain.field_history import BORN, birth_line

    kept: dict[int, list[dict]] = {}
    for change in field_history(reader, case_id):
        if change["entity"] == "person":
            kept.setdefault(change["entity_id"], []).append(change)
    rows = reader.rows(
        "SELECT id, name, role, dob, due_on, sex, relationship, child_id, ethnicity, disabilities, upn, upn_unknown, died_on FROM person WHERE case_id = :case_id"
        " ORDER BY CASE role WHEN 'child' THEN 0 WHEN 'parent' THEN 1 WHEN 'carer' THEN 2 ELSE 3 END, dob, name",
        {"case_id": case_id},
    )
    out = []
    for r in rows:
        dob, due = as_date(r["dob"]), as_date(r["due_on"])
        died = as_date(r["died_on"])
        age = f"died {died:%d/%m/%Y}" if died else casework.describe_age(dob, due, today)
        changes = kept.get(r["id"], [])
        expected = next((c["old_value"] for c in changes if c["field"] == "due_on" and c["reason"] == BORN), None)
        history = [birth_line(dob, expected)] + [c["words"] for c in changes if not (c["field"] == "due_on" and c["reason"] == BORN)]
        out.append({
            "history": "; ".join(h for h in history if h) or None, "name": r["name"], "role": r["role"], "child_id": r["child_id"], "age": age, "dob": dob, "due_on": due, "sex": r["sex"],
            "relationship": r["relationship"], "ethnicity": r["ethnicity"], "disabilities": r["disabilities"], "upn": r["upn"],
            "upn_unknown": r["upn_unknown"], "died_on": died,
        })  # fmt: skip
    return out


def person_list(reader: Reader, ref: str, today: date) -> Report:
    from fscli.reports import processing

    case = find_case(reader, ref)
    return Report(f"People in {case['ref']} {case['family']}", PEOPLE_COLUMNS, _people(reader, case["id"], today), empty=f"No one recorded yet. Add someone with: fscli person add {case['ref']} NAME --role child",
                  note=processing.people_note(reader, case["id"]))  # fmt: skip


AGENCY_COLUMNS = [Column("name", "Name"), Column("kind", "Kind", "code", in_table=False), Column("kind_label", "Agency"), Column("contact", "Contact")]  # the table says the kind in words only


def _agencies(reader: Reader, case_id: int) -> list[dict]:
    from fscli.domain import codes

    rows = reader.rows("SELECT name, kind, contact FROM agency WHERE case_id = :case_id ORDER BY kind, name", {"case_id": case_id})
    return [{"name": r["name"], "kind": r["kind"], "kind_label": codes.AGENCY_KIND.label(r["kind"]), "contact": r["contact"]} for r in rows]


def agency_list(reader: Reader, ref: str) -> Report:
    case = find_case(reader, ref)
    return Report(f"Agencies around {case['ref']} {case['family']}", AGENCY_COLUMNS, _agencies(reader, case["id"]), empty=f"No agencies recorded. Add one with: fscli agency add {case['ref']} NAME --kind KIND")


ALLOCATION_COLUMNS = [Column("worker", "Worker"), Column("role", "Role"), Column("role_code", "Role", "code", in_table=False), Column("start_on", "From", "date"), Column("end_on", "To", "date"), Column("reason", "Why it changed", "code", in_table=False),
                      Column("change", "How it changed", in_machine=False)]  # the reason in words, on the row it reads true of (domain/allocation.py)
HISTORY_COLUMNS = [Column("on_date", "Date", "date"), Column("event", "Event"), Column("detail", "Detail")]


def history_rows(reader: Reader, case_id: int, *, words: bool = False) -> list[dict]:
    """Referrals, closures, reopenings and values put right; `words`: codes said by their labels alone (a document)."""
    from fscli.domain import bookings, codes

    rows = reader.rows("SELECT kind, on_date, reason_code, reason_text, summary, sustain FROM case_event WHERE case_id = :case_id ORDER BY on_date, id", {"case_id": case_id})
    out = []
    for r in rows:
        if r["kind"] == "referred":
            event, detail = "Referred", codes.REFERRAL_SOURCE.said(r["reason_code"], words=words)
        elif r["kind"] == "closed":
            event = "Closed"
            detail = codes.CLOSURE_REASON.said(r["reason_code"], words=words)
            if r["summary"]:
                detail += f". Summary: {r['summary']}"
            if r["sustain"]:
                detail += f". What will sustain progress: {r['sustain']}"
        else:
            event, detail = "Reopened", r["reason_text"] or ""
        out.append({"on_date": as_date(r["on_date"]), "event": event, "detail": detail})
    from fscli.domain.field_history import BORN, MOVED

    for change in field_history(reader, case_id):  # values put right, with what they were (a birth is in People)
        if change["reason"] != BORN:
            whose = change["person"] if change["entity"] == "person" else bookings.name(change["entity_id"]) if change["entity"] == "planned_visit" else "the family"
            said = change["words"] if change["field"] == MOVED and change["entity"] != "case" else f"{whose}: {change['words']}"  # a move names its entry
            out.append({"on_date": change["on"], "event": change["event"], "detail": said + (f"; by {change['recorded_by']}" if change["recorded_by"] else "")})
    out.sort(key=lambda e: e["on_date"])
    return out


FAMILY_DUE_WITHIN = 28


def _oversight(reader: Reader, case_id: int) -> list[tuple[Column, object]]:
    """Management oversight: the last supervision that discussed the case (named in meeting_case,
    or a supervision logged on the case itself). The table says it in words, the machine formats
    carry the date."""
    from fscli.domain import caseless
    from fscli.domain.booking_kinds import OVERSIGHT_MEETING
    from fscli.domain.live_rows import live_sql

    last = as_date(reader.scalar(
        f"SELECT max(m.on_date) FROM meeting m WHERE m.kind = '{OVERSIGHT_MEETING}' AND {live_sql('meeting', 'm')}"
        " AND (m.case_id = :case_id OR m.id IN (SELECT mc.meeting_id FROM meeting_case mc WHERE mc.case_id = :case_id))",
        {"case_id": case_id},
    ))  # fmt: skip
    return [(Column("oversight_on", "Last supervision", "date", in_table=False), last), (Column("oversight", "Management oversight", in_machine=False), caseless.oversight_text(last))]


def _census_problems(reader: Reader, case_id: int, today: date) -> list[tuple[str, Report]]:
    """The family's problems in the running year's CIN return, a section only when there are some.
    A case that never had a statutory episode is in no return: its 'case show' does not load the
    census rules at all (about 10 ms of start-up, benchmarks/startup.py)."""
    if not reader.rows("SELECT 1 FROM episode e WHERE e.case_id = :case_id AND e.kind = 'statutory' LIMIT 1", {"case_id": case_id}):
        return []
    from fscli.bank_holidays import england_calendar  # the DfE counts its working days by England's bank holidays
    from fscli.reports import census

    found = census.family_problems(reader, case_id, today, england_calendar())
    return [("census", found)] if found is not None else []


def case_show(reader: Reader, ref: str, today: date, practice=None) -> Page:
    """The family on a page; with the practice profile in force, what is due for them too."""
    # Imported here: 'case list', the most-run command, needs none of them (benchmarks/startup.py).
    from fscli.domain import codes
    from fscli.reports import contacts, due, family, goals, journey, processing, teams

    case = find_case(reader, ref)
    cid = case["id"]
    allocations = reader.rows(
        "SELECT w.name AS worker, a.role, a.start_on, a.end_on, a.reason FROM allocation a JOIN worker w ON w.id = a.worker_id WHERE a.case_id = :case_id ORDER BY a.start_on, a.id",
        {"case_id": cid},
    )
    allocation_rows = [{"worker": a["worker"], "role": ROLE_LABELS[a["role"]], "role_code": a["role"], "start_on": as_date(a["start_on"]), "end_on": as_date(a["end_on"]), "reason": a["reason"]} for a in allocations]
    for row, change in zip(allocation_rows, changes_in_words(allocation_rows)):
        row["change"] = change
    now = {a["role_code"]: a["worker"] for a in allocation_rows if a["end_on"] is None}
    current = lead(now)
    # Each worker now with their role: 'Dee Mensah (allocated social worker), Sam Okafor (family support worker)'.
    with_roles = ", ".join(f"{now[r]} ({ROLE_LABELS[r]})" for r in ROLES if r in now) if set(now) - {KEY_WORKER} else None
    # Continuity is counted per role: a family support worker joining is not a change of social worker.
    workers = max((len({a["worker"] for a in allocation_rows if a["role_code"] == role}) for role in {a["role_code"] for a in allocation_rows}), default=0)
    referred = as_date(case["referred_on"])
    closed = as_date(case["closed_on"])
    weeks_open = ((closed or today) - referred).days // 7
    facts = [
        (Column("ref", "Reference"), case["ref"]),
        (Column("family", "Family"), case["family"]),
        (Column("status", "Status"), case["status"]),
        (Column("referred_on", "Referred", "date"), referred),
        # The table says a code with its label ('2A: Schools'); the machine formats keep the code and the label apart.
        *coded_fact(Column("referral_source", "Referral source", "code"), case["referral_source"], codes.REFERRAL_SOURCE.said(case["referral_source"])),
        (Column("referral_source_label", "Source", in_table=False), codes.REFERRAL_SOURCE.label(case["referral_source"])),
        (Column("reason", "Presenting reason"), case["reason"]),
        (Column("worker", "Worker"), current or ("unallocated" if case["status"] == "open" else "")),
        *([(Column("workers_now", "Workers now"), with_roles)] if with_roles else []),
        (Column("workers", "Workers so far", "int"), workers),
        (Column("worker_changes_12m", "Worker changes in 12 months", "int"), journey.worker_changes(reader, cid, today)),
        *coded_fact(Column("primary_need", "Primary need", "code"), case["primary_need"], codes.PRIMARY_NEED.said(case["primary_need"])),  # none: no row (Early Help records none)
        (Column("referral_nfa", "Referral: no further action"), bool(case["referral_nfa"])),
        (Column("weeks_open", "Weeks open", "int"), weeks_open),
        (Column("episode", "Episode"), journey.current_episode(reader, cid)),
        *_oversight(reader, cid),
        *teams.case_facts(reader, cid),
        *processing.case_facts(reader, cid),
    ]
    if case["status"] == "closed":
        facts += [(Column("closed_on", "Closed", "date"), closed), *coded_fact(Column("closure_reason", "Closure reason", "code"), case["closure_reason"], codes.CLOSURE_REASON.said(case["closure_reason"])),
                  (Column("closure_reason_label", "Closure", in_table=False), codes.CLOSURE_REASON.label(case["closure_reason"]))]
    sections = []
    if practice is not None:
        upcoming = due.due_report(reader, due.Scope(ref=case["ref"]), practice.profile, practice.calendar, today, within=FAMILY_DUE_WITHIN)
        upcoming = upcoming.hiding("ref", "family")
        upcoming.title, upcoming.note = f"What is due (overdue, and the next {FAMILY_DUE_WITHIN} days)", None
        upcoming.empty = f"Nothing due in the next {FAMILY_DUE_WITHIN} days."
        sections.append(("due", upcoming))
    sections += [
        ("people", Report("People", PEOPLE_COLUMNS, _people(reader, cid, today), empty=f"No one recorded yet: fscli person add {case['ref']} NAME --role child")),
        ("agencies", Report("Agencies", AGENCY_COLUMNS, _agencies(reader, cid), empty=f"No agencies recorded: fscli agency add {case['ref']} NAME --kind KIND")),
        ("details", family.current_details(reader, cid, case["ref"])),
        ("last_seen", contacts.last_seen(reader, cid, case["ref"], today)),
        ("recent_contacts", Report("Recent contacts", contacts.VISIT_COLUMNS, contacts.visits(reader, cid, limit=5), empty=f"No contacts yet: fscli visit log {case['ref']} --type home-visit")),
        ("goals", goals.goals_report(reader, cid, case["ref"])),
        *_census_problems(reader, cid, today),
        ("plans", journey.plans(reader, cid, today)),
        ("episodes", journey.episodes(reader, cid, today)),
        ("journey", journey.timeline(reader, case)),
        ("allocations", Report("Workers over time", ALLOCATION_COLUMNS, allocation_rows, empty=f"Never allocated: fscli case allocate {case['ref']} WORKER")),
        ("history", Report("History", HISTORY_COLUMNS, history_rows(reader, cid))),
    ]
    return Page(f"{case['ref']} {case['family']}", facts, sections)


def case_journey(reader: Reader, ref: str, today: date) -> Page:
    """The journey on its own: each child's plans, and the timeline of what happened."""
    from fscli.reports import journey

    case = find_case(reader, ref)
    facts = [(Column("ref", "Reference"), case["ref"]), (Column("family", "Family"), case["family"]), (Column("status", "Status"), case["status"])]
    sections = [("plans", journey.plans(reader, case["id"], today)), ("episodes", journey.episodes(reader, case["id"], today)), ("journey", journey.timeline(reader, case))]
    return Page(f"Journey of {case['ref']} {case['family']}", facts, sections)
