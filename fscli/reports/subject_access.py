"""Everything held about one person, for a subject access pack (`fscli person sar --out DIR`).

Read on the request's own transaction (a reader on the unit of work's connection), so on a team
server row security gives the pack exactly what this login may see. Every item is kept, voided
or corrected ones marked as such (they are still held); each item that names someone else is
listed for the officer's redaction review (domain/subject_access.py says what names someone).
"""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from fscli.domain import subject_access as rules
from fscli.domain.subject_access import Appearance, Matched
from fscli.reports.records import mentioning
from fscli.store.db import Reader, as_date, as_instant

# The kinds of record `fscli search` finds (reports/records.py) that a pack looks through, by table.
_SEARCHED = {"visit note": "contact", "diary": "diary", "meeting": "meeting", "task": "task", "goal": "goal"}


def _bind(prefix: str, ids: list[int] | set[int], params: dict) -> str:
    ids = sorted(ids) or [0]  # no id: a list that matches nothing (ids start at 1)
    params.update({f"{prefix}{i}": v for i, v in enumerate(ids)})
    return "(" + ", ".join(f":{prefix}{i}" for i in range(len(ids))) + ")"


def _day(value: Any) -> str | None:
    """The day of a date or of an instant (a correction's recorded_at), from either driver."""
    found = as_instant(value).date() if isinstance(value, str) and len(value) > 10 else as_date(value)
    return found.isoformat() if found else None


def _status(row: dict, superseded: set[int]) -> str:
    if row.get("voided_at"):
        return f"voided as made in error: {row.get('void_reason') or ''}".rstrip(": ")
    if row.get("id") in superseded:
        return "superseded by a correction"
    if row.get("corrects_id"):
        return f"a correction: {row.get('correction_reason') or ''}".rstrip(": ")
    return ""


def _superseded(reader: Reader, table: str, ids: set[int]) -> set[int]:
    params: dict = {}
    return {r[0] for r in reader.tuples(f"SELECT corrects_id FROM {table} WHERE corrects_id IN {_bind('s', ids, params)}", params)}  # noqa: S608 - fixed table


def gather(reader: Reader, subject: Appearance, matched: Matched, *, written_at: datetime, login: str | None) -> dict:
    """The pack's content: the subject, where they appear, every item, who viewed and changed them."""
    people = {a.person_id for a in matched.included}
    cases = {a.case_id for a in matched.included}
    refs = {a.case_id: a.ref for a in matched.included}
    others, agencies = _others(reader, cases, people)
    wider: dict[int | None, frozenset[str]] = {}
    items: list[dict] = []

    records: set[tuple[str, int]] = set()

    def add(section: str, case_id: int | None, table: str, row_id: int, on: Any, what: str, text: str | None, status: str = "", extra_names: tuple[str, ...] = ()) -> None:
        # The text and the people recorded with the item: not its heading, which names the worker who wrote it.
        own = others.get(case_id, [])
        if case_id not in wider:  # the pack's other cases' people, named only whole
            wider[case_id] = frozenset(n for n in others[None] if n not in own)
        named = rules.others_named([text, *extra_names], own + [n for n in extra_names if n] + sorted(wider[case_id]), subject.name, agencies, whole=wider[case_id])
        records.add(("case" if table == "cases" else table, row_id))  # the audit names a case "case"
        record = refs.get(row_id, "") if table == "cases" else f"{_PREFIX[table]}{row_id}"
        items.append({"section": section, "ref": refs.get(case_id) if case_id else None, "record": record, "on_date": _day(on) if on is not None else None,
                      "what": what, "text": text or "", "status": status, "third_parties": named})  # fmt: skip

    params: dict = {}
    in_people, in_cases = _bind("p", people, params), _bind("c", cases, params)
    for r in reader.rows(f"SELECT pe.*, c.ref FROM person pe JOIN cases c ON c.id = pe.case_id WHERE pe.id IN {in_people} ORDER BY c.ref", params):  # noqa: S608
        details = "; ".join(f"{label}: {_day(r[k]) if k in ('dob', 'due_on', 'died_on') else r[k]}" for k, label in _PERSON_FIELDS if r.get(k) not in (None, ""))
        add("details", r["case_id"], "person", r["id"], None, f"{r['name']} in {r['ref']}", details)
    for r in reader.rows(f"SELECT * FROM family_detail WHERE person_id IN {in_people} OR (person_id IS NULL AND case_id IN {in_cases}) ORDER BY from_on, id", params):  # noqa: S608
        whose = "Family detail" if r["person_id"] is None else "Detail"
        add("details", r["case_id"], "family_detail", r["id"], r["from_on"], f"{whose}: {r['field']}", r["value"], _status(r, set()))
    for r in reader.rows(f"SELECT * FROM field_history WHERE (entity = 'person' AND entity_id IN {in_people}) OR (entity = 'case' AND entity_id IN {in_cases}) ORDER BY recorded_at, id", params):  # noqa: S608
        add("history of changes", r["case_id"], "field_history", r["id"], r["recorded_at"], f"{r['field']} put right by {r['recorded_by'] or 'unknown'}", f"was {r['old_value']!s}; now {r['new_value']!s}; reason: {r['reason']}")
    for r in reader.rows(f"SELECT * FROM cases WHERE id IN {in_cases} ORDER BY ref", params):  # noqa: S608
        closed = f"; closed {_day(r['closed_on'])} ({r['closure_reason']})" if r["closed_on"] else ""
        add("cases", r["id"], "cases", r["id"], r["referred_on"], f"Case {r['ref']}: {r['family']}", f"referred {_day(r['referred_on'])} by {r['referral_source']}: {r['reason']}; {r['status']}{closed}")
    for r in reader.rows(f"SELECT * FROM case_event WHERE case_id IN {in_cases} ORDER BY on_date, id", params):  # noqa: S608
        said = "; ".join(str(r[k]) for k in ("reason_code", "reason_text", "summary", "sustain") if r[k])
        add("cases", r["case_id"], "case_event", r["id"], r["on_date"], f"Case {r['kind'].replace('-', ' ')}" + (f" recorded by {r['recorded_by']}" if r["recorded_by"] else ""), said)
    for r in reader.rows(f"SELECT * FROM episode WHERE case_id IN {in_cases} ORDER BY start_on, id", params):  # noqa: S608
        add("cases", r["case_id"], "episode", r["id"], r["start_on"], f"Episode of {r['kind']} work", f"from {_day(r['start_on'])}" + (f" to {_day(r['end_on'])} ({r['end_reason']})" if r["end_on"] else ", open"))
    for r in reader.rows(f"SELECT * FROM plan WHERE person_id IN {in_people} ORDER BY start_on, id", params):  # noqa: S608
        add("plans", r["case_id"], "plan", r["id"], r["start_on"], f"{r['kind']} plan", f"from {_day(r['start_on'])}" + (f" to {_day(r['end_on'])}" if r["end_on"] else "") + (f"; {r['start_reason']}" if r["start_reason"] else ""), _status(r, set()))
    for table, label in (("assessment", "Assessment"), ("s47", "Section 47 enquiry")):
        for r in reader.rows(f"SELECT * FROM {table} WHERE person_id IN {in_people} ORDER BY start_on, id", params):  # noqa: S608
            done = r.get("completed_on") or r.get("icpc_on")
            add("assessments", r["case_id"], table, r["id"], r["start_on"], label, f"began {_day(r['start_on'])}" + (f"; concluded {_day(done)}" if done else "") + (f"; outcome {r['outcome']}" if r.get("outcome") else "") + (f"; factors {r['factors']}" if r.get("factors") else ""))

    found = _mentions(reader, subject, {ref.upper() for ref in refs.values()})
    _contacts(reader, add, people, cases, found.get("contact", set()), params)
    _meetings(reader, add, subject, cases, found.get("meeting", set()))
    _goals(reader, add, people, cases, found.get("goal", set()))
    _bookings(reader, add, subject, cases)
    for table, section in (("task", "tasks"), ("diary", "diary")):
        ids = found.get(table, set())
        local: dict = {}
        rows = reader.rows(f"SELECT * FROM {table} WHERE id IN {_bind('i', ids, local)} ORDER BY id", local)  # noqa: S608 - fixed table
        superseded = _superseded(reader, table, ids) if table == "diary" else set()
        for r in rows:
            on = r.get("on_date") or r.get("due_on")
            what = f"Task for {_day(r['due_on'])}" + (f" (done {_day(r['done_on'])})" if r.get("done_on") else "") if table == "task" else "Diary entry" + (f" by {r['worker']}" if r.get("worker") else "")
            add(section, r["case_id"], table, r["id"], on, what, r["text"], _status(r, superseded))

    scope = _scope(reader, login)
    third = [{"section": i["section"], "ref": i["ref"], "record": i["record"], "on_date": i["on_date"], "what": i["what"], "names": i["third_parties"]} for i in items if i["third_parties"]]
    return {
        "subject": subject.name, "written_at": written_at.isoformat(timespec="seconds"), "scope": scope,
        "appearances": [{"ref": a.ref, "record": f"P{a.person_id}", "name": a.name, "dob": _day(a.dob)} for a in matched.included],
        "possible_matches": [{"ref": a.ref, "record": f"P{a.person_id}", "name": a.name, "dob": _day(a.dob), "why": "the same name; a date of birth is not recorded on both: include it with --also " + a.ref} for a in matched.possible],
        "items": items, "third_parties": third,
        "access": _access(reader, cases), "changes": _changes(reader, records, cases),
    }  # fmt: skip


_PERSON_FIELDS = (("name", "name"), ("role", "role"), ("relationship", "relationship"), ("dob", "date of birth"), ("due_on", "expected"), ("sex", "sex"), ("child_id", "child id"),
                  ("ethnicity", "ethnicity"), ("disabilities", "disability"), ("upn", "UPN"), ("upn_unknown", "UPN unknown"), ("died_on", "died"))  # fmt: skip
# How an item names its record: as `fscli search` and the commands name them where they do (V12,
# D3, M4, T5, G6), and a letter of its own for the rest.
_PREFIX = {"case_event": "CE", "person": "P", "family_detail": "F", "field_history": "H", "episode": "E", "plan": "PL", "assessment": "A", "s47": "S", "contact": "V", "meeting": "M",
           "goal": "G", "goal_score": "GS", "task": "T", "diary": "D", "planned_visit": "B"}  # fmt: skip


def _others(reader: Reader, cases: set[int], people: set[int]) -> tuple[dict[int | None, list[str]], frozenset[str]]:
    """Per case, the names of everyone else it records: the family's other members and its
    agencies; and which of the names are agencies'."""
    params: dict = {}
    in_cases, in_people = _bind("c", cases, params), _bind("p", people, params)
    found: dict[int | None, list[str]] = {}
    agencies: set[str] = set()
    for case_id, name, agency in reader.tuples(f"SELECT case_id, name, 0 FROM person WHERE case_id IN {in_cases} AND id NOT IN {in_people} UNION ALL SELECT case_id, name, 1 FROM agency WHERE case_id IN {in_cases}", params):  # noqa: S608
        found.setdefault(case_id, []).append(name)
        if agency:
            agencies.add(name)
    found[None] = sorted({name for names in found.values() for name in names})  # an entry of no case (a diary's): anyone of theirs
    return found, frozenset(agencies)


def _mentions(reader: Reader, subject: Appearance, refs: set[str]) -> dict[str, set[int]]:
    """The records whose text names the subject, found through the search index as `fscli search`
    finds them: in the subject's cases by their name or first name; a diary entry of no case only
    by their whole name (a first name alone could be anyone's)."""
    words = rules.normal_name(subject.name).split()[:1]
    found: dict[str, set[int]] = {}
    for kind, row in mentioning(reader, words):
        table, source = _SEARCHED.get(kind), str(row["source"])
        if table is None or not source[1:].isdigit():
            continue
        if row["ref"] is not None and str(row["ref"]).upper() not in refs:
            continue
        if rules.names(row["text"], subject.name, given_name=row["ref"] is not None):
            found.setdefault(table, set()).add(int(source[1:]))
    return found


def _contacts(reader: Reader, add, people: set[int], cases: set[int], named: set[int], params: dict) -> None:
    """Visits and other contacts the subject was at (or seen at), or whose note names them."""
    local: dict = {}
    sql = (f"SELECT k.* FROM contact k WHERE k.id IN (SELECT cp.contact_id FROM contact_party cp WHERE cp.person_id IN {_bind('p', people, local)})"
           f" OR k.id IN {_bind('n', named, local)} ORDER BY k.on_date, k.id")  # fmt: skip
    rows = reader.rows(sql, local)
    ids = {r["id"] for r in rows}
    superseded = _superseded(reader, "contact", ids)
    parties: dict[int, list[str]] = {}
    seen: dict[int, str] = {}
    for contact_id, person_id, person, agency, was_seen, alone in reader.tuples(
        f"SELECT cp.contact_id, cp.person_id, pe.name, a.name, cp.seen, cp.seen_alone FROM contact_party cp LEFT JOIN person pe ON pe.id = cp.person_id LEFT JOIN agency a ON a.id = cp.agency_id WHERE cp.contact_id IN {_bind('k', ids, local)}", local
    ):  # fmt: skip
        if person_id in people:
            seen[contact_id] = "present" + (", seen" if was_seen else "") + (" alone" if alone else "")
        else:
            parties.setdefault(contact_id, []).append(person or agency)
    for r in rows:
        there = seen.get(r["id"], "named in the note")
        add("contacts", r["case_id"], "contact", r["id"], r["on_date"], f"{r['kind']} ({there})" + (f" by {r['worker']}" if r["worker"] else ""), r["note"], _status(r, superseded), tuple(parties.get(r["id"], [])))


def _meetings(reader: Reader, add, subject: Appearance, cases: set[int], named: set[int]) -> None:
    """Meetings of the subject's cases they attended (named among the attendees), or whose decisions name them."""
    local: dict = {}
    rows = reader.rows(f"SELECT m.* FROM meeting m WHERE m.case_id IN {_bind('c', cases, local)} OR m.id IN {_bind('n', named, local)} ORDER BY m.on_date, m.id", local)  # noqa: S608
    rows = [r for r in rows if r["id"] in named or rules.names(r["attendees"], subject.name)]
    superseded = _superseded(reader, "meeting", {r["id"] for r in rows})
    for r in rows:
        attendees = tuple(rules.listed_names(r["attendees"]))
        add("meetings", r["case_id"], "meeting", r["id"], r["on_date"], f"{r['kind']} meeting" + (f", chaired by {r['chair']}" if r["chair"] else ""),
            "; ".join(t for t in (f"present: {r['attendees']}" if r["attendees"] else "", r["decisions"] or "") if t), _status(r, superseded), attendees)  # fmt: skip


def _bookings(reader: Reader, add, subject: Appearance, cases: set[int]) -> None:
    """Visits and meetings booked ahead on the subject's cases that invite them or whose note names them."""
    local: dict = {}
    rows = reader.rows(f"SELECT * FROM planned_visit WHERE case_id IN {_bind('c', cases, local)} ORDER BY on_date, id", local)  # noqa: S608
    for r in rows:
        if not (rules.names(r["invited"], subject.name) or rules.names(r["note"], subject.name)):
            continue
        state = f"cancelled {_day(r['cancelled_on'])} ({r['cancel_reason'] or ''})" if r["cancelled_on"] else "held" if r["fulfilled_by"] or r["held_as"] else "booked"
        text = "; ".join(t for t in (f"invited: {r['invited']}" if r["invited"] else "", f"at {r['location']}" if r["location"] else "", r["note"] or "") if t)
        add("bookings", r["case_id"], "planned_visit", r["id"], r["on_date"], f"{r['kind']} {r['booking_of']} booked ({state})" + (f" by {r['worker']}" if r["worker"] else ""),
            text, _status(r, set()), tuple(rules.listed_names(r["invited"])))  # fmt: skip


def _goals(reader: Reader, add, people: set[int], cases: set[int], named: set[int]) -> None:
    """Goals for the subject, for their whole family, or naming them, with every score; elsewhere, the scores the subject gave."""
    local: dict = {}
    in_people = _bind("p", people, local)
    goals = reader.rows(f"SELECT g.* FROM goal g WHERE g.person_id IN {in_people} OR (g.person_id IS NULL AND g.case_id IN {_bind('c', cases, local)}) OR g.id IN {_bind('n', named, local)} ORDER BY g.id", local)  # noqa: S608
    theirs = {g["id"] for g in goals}
    for g in goals:
        whose = "the family's goal" if g["person_id"] is None else "goal"
        add("goals and scores", g["case_id"], "goal", g["id"], None, f"{whose.capitalize()} ({g['status']})", g["text"], _status(g, set()))
    for s in reader.rows(f"SELECT s.*, g.case_id, g.text AS goal_text FROM goal_score s JOIN goal g ON g.id = s.goal_id WHERE s.goal_id IN {_bind('g', theirs, local)} OR s.rater_person_id IN {in_people} ORDER BY s.scored_on, s.id", local):  # noqa: S608
        rater = tuple([s["rater_name"]] if s["rater_person_id"] not in people and s["rater_kind"] != "worker" else [])  # staff in their role are not third parties
        text = f"goal: {s['goal_text']}; " + "; ".join(t for t in (s["note"], s["next_step"]) if t)
        add("goals and scores", s["case_id"], "goal_score", s["id"], s["scored_on"], f"Score {s['value']} ({s['phase']}) by {s['rater_name']} ({s['rater_kind']})", text, _status(s, set()), rater)


def _access(reader: Reader, cases: set[int]) -> list[dict]:
    """Who looked at the subject's cases, when, with which view (the access log)."""
    params: dict = {}
    rows = reader.rows(f"SELECT DISTINCT a.id, a.at, a.worker, a.os_user, a.view, ac.case_id, c.ref FROM access_log a JOIN access_case ac ON ac.access_id = a.id LEFT JOIN cases c ON c.id = ac.case_id"
                       f" WHERE ac.case_id IN {_bind('c', cases, params)} ORDER BY a.id", params)  # fmt: skip
    return [{"at": _instant(r["at"]), "worker": r["worker"], "login": r["os_user"], "view": r["view"], "ref": r["ref"]} for r in rows]


def _changes(reader: Reader, records: set[tuple[str | None, int]], cases: set[int]) -> list[dict]:
    """The audit rows of the subject's records: who, when, which action and fields, never values."""
    params: dict = {}
    caseless = {row_id for table, row_id in records if table == "diary"}  # a diary entry of no case: its audit rows name no case
    rows = reader.rows(f"SELECT a.id, a.at, a.worker, a.os_user, a.action, a.entity, a.entity_id, a.detail, c.ref FROM audit a LEFT JOIN cases c ON c.id = a.case_id"
                       f" WHERE a.case_id IN {_bind('c', cases, params)} OR (a.case_id IS NULL AND a.entity = 'diary' AND a.entity_id IN {_bind('d', caseless, params)}) ORDER BY a.id", params)  # fmt: skip
    out = []
    for r in rows:
        if (r["entity"], r["entity_id"]) not in records:
            continue
        try:
            fields = json.loads(r["detail"]).get("fields", [])
        except (ValueError, AttributeError):
            fields = []
        out.append({"at": _instant(r["at"]), "worker": r["worker"], "login": r["os_user"], "action": r["action"], "record": f"{r['entity']} {r['entity_id']}", "ref": r["ref"], "fields": fields})
    return out


def _instant(value: Any) -> str:
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    return str(value)


def _scope(reader: Reader, login: str | None) -> str:
    if reader.kind == "postgresql":
        return (f"What the login of {login or 'this worker'} may see on the team server: each login sees only the cases of its teams (row security); "
                "the oversight role sees every case. Ask the oversight role for a pack of every case.")  # fmt: skip
    return "Everything this caseload file holds."

