"""The record itself: a case's chronology, search across what was written, and the audit trail."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timezone

from fscli.errors import InvalidInput
from fscli.reports.contacts import first_line, joint_workers, workers_text
from fscli.reports.lookups import find_case
from fscli.reports.spec import Column, Report
from fscli.domain import bookings, caseless
from fscli.domain.casework import after_closure
from fscli.domain.field_history import MOVED
from fscli.domain.codes import AGENCY_KIND
from fscli.domain.pre_referral import SHOWN_AS, is_before_referral
from fscli.domain.live_rows import not_voided_sql
from fscli.domain.text import clip
from fscli.store.db import Reader, as_date, as_instant, like_literal

CHRONOLOGY_COLUMNS = [
    Column("on_date", "Date", "date"), Column("at_time", "Time", "code"), Column("event", "Event"), Column("child", "Child"),
    Column("who", "Who"), Column("source", "Source", "code"), Column("summary", "Summary", in_table=False), Column("shown", "Summary", in_machine=False),
    Column("recorded_after_closure", "Recorded after closure", in_table=False), Column("before_referral", "Before the referral", in_table=False), Column("late", "Flag", in_machine=False),
]  # fmt: skip
SUMMARY_SHOWN = 160  # characters of a summary's first line in the table; machine formats carry it whole


VOIDED_COLUMNS = [Column("voided", "Voided", in_table=False), Column("void_reason", "Why voided", in_table=False)]  # machine formats, with --voided; the table says it in the event


def chronology(reader: Reader, ref: str, *, voided: bool = False, words: bool = False) -> Report:
    """Significant events in date order, as a social-work chronology: the children's births, the
    journey, every contact, meeting and diary entry of the case, corrections. With `voided`, the
    entries voided as made in error too, marked and struck through (domain/voiding.py). With
    `words`, the journey's codes are said by their labels (reports/journey.py timeline)."""
    from fscli.reports.journey import timeline

    case = find_case(reader, ref)
    cid = case["id"]
    events = [{"on_date": e["on_date"], "at_time": None, "event": e["event"], "child": "" if e["child"] == "(family)" else e["child"], "who": None, "source": "journey", "summary": e["detail"], "recorded_after_closure": False, "late": ""}
              for e in timeline(reader, case, words=words).rows if e["event"] != "Meeting"]  # fmt: skip
    from fscli.domain.field_history import BORN
    from fscli.reports.cases import field_history

    kept = field_history(reader, cid)
    expected = {c["entity_id"]: c["words"] for c in kept if c["entity"] == "person" and c["field"] == "due_on" and c["reason"] == BORN}
    for p in reader.rows("SELECT id, name, dob FROM person WHERE case_id = :case_id AND role = 'child' AND dob IS NOT NULL", {"case_id": cid}):
        events.append({"on_date": as_date(p["dob"]), "at_time": None, "event": "Born", "child": p["name"], "who": None, "source": "birth", "summary": expected.get(p["id"], ""), "recorded_after_closure": False, "late": ""})
    from fscli.reports.family import detail_events

    for on, event, person, summary in detail_events(reader, cid):  # a move, a new GP, consent given or withdrawn
        events.append({"on_date": on, "at_time": None, "event": event, "child": person or "", "who": None, "source": "detail", "summary": summary, "recorded_after_closure": False, "late": ""})
    for c in kept:  # a value put right is an event of the record, on the day it was put right
        if c["reason"] != BORN:
            source = "correction"
            if c["entity"] == "planned_visit":
                source = bookings.name(c["entity_id"])
            elif c["event"] == "Moved":  # an entry filed on the wrong family (services/moving.py)
                source = "move"
            events.append({"on_date": c["on"], "at_time": None, "event": c["event"], "child": c["person"] or "", "who": c["recorded_by"], "source": source, "summary": c["words"], "recorded_after_closure": False, "late": ""})
    # A booking called off is an event of the record on the day it was called off, with who and why.
    for b in reader.rows("SELECT id, booking_of, kind, on_date, cancelled_on, cancelled_by, cancel_reason, worker FROM planned_visit WHERE case_id = :case_id AND cancelled_on IS NOT NULL AND " + not_voided_sql("planned_visit"), {"case_id": cid}):
        summary = bookings.cancelled_words(b["booking_of"], b["kind"], as_date(b["on_date"]), b["cancelled_by"], b["cancel_reason"])
        events.append({"on_date": as_date(b["cancelled_on"]), "at_time": None, "event": "Cancelled", "child": "", "who": b["worker"], "source": bookings.name(b["id"]), "summary": summary, "recorded_after_closure": False, "late": ""})
    # Who was there, as well as who was seen: a contemporaneous record names the persons present (domain.md §6, Re M and N).
    parties: dict[int, list[str]] = {}
    present: dict[int, list[str]] = {}
    for p in reader.rows("SELECT cp.contact_id, coalesce(pe.name, ag.name) AS name, cp.seen, cp.seen_alone FROM contact_party cp JOIN contact k ON k.id = cp.contact_id"
                         " LEFT JOIN person pe ON pe.id = cp.person_id LEFT JOIN agency ag ON ag.id = cp.agency_id WHERE k.case_id = :case_id ORDER BY cp.id", {"case_id": cid}):  # fmt: skip
        if p["seen"]:
            parties.setdefault(p["contact_id"], []).append(p["name"] + (" (alone)" if p["seen_alone"] else ""))
        else:
            present.setdefault(p["contact_id"], []).append(p["name"])
    closures = [(as_date(e["on_date"]), as_instant(e["recorded_at"])) for e in reader.rows("SELECT on_date, recorded_at FROM case_event WHERE case_id = :case_id AND kind = 'closed'", {"case_id": cid})]

    def late(on: date, created_at) -> dict:
        """An entry recorded after the closure it falls before (late recording is normal; it is flagged)."""
        closed = after_closure(on, closures, as_instant(created_at))
        return {"recorded_after_closure": closed is not None, "late": "recorded after closure" if closed else ""}

    joint, at_meeting = joint_workers(reader, cid), joint_workers(reader, cid, "meeting")
    kept = "" if voided else f" AND {not_voided_sql('r')}"

    def void(row: dict, event: str) -> dict:
        """The event as the table says it, and the flag and reason the machine formats carry."""
        if not row["voided_at"]:
            return {"event": event, "voided": False, "void_reason": None}
        return {"event": event, "event_shown": f"VOIDED ({row['void_reason']}): {event}", "voided": True, "void_reason": row["void_reason"]}

    for k in reader.rows(f"SELECT id, kind, on_date, at_time, location, note, worker, corrects_id, correction_reason, created_at, voided_at, void_reason FROM contact r WHERE case_id = :case_id{kept}", {"case_id": cid}):
        seen, with_ = parties.get(k["id"]), present.get(k["id"])
        event = ("Correction of V" + str(k["corrects_id"])) if k["corrects_id"] else k["kind"].replace("-", " ").capitalize()
        summary = (f"seen: {', '.join(seen)}; " if seen else "") + (f"also present: {', '.join(with_)}; " if with_ else "") + (f"at {k['location']}; " if k["location"] else "") + _corrected(k) + (k["note"] or "")
        events.append({"on_date": as_date(k["on_date"]), "at_time": k["at_time"], "child": "", "who": workers_text(k["worker"], joint.get(k["id"], [])) or None, "source": f"V{k['id']}", "summary": summary, **void(k, event), **late(as_date(k["on_date"]), k["created_at"])})
    from fscli.domain.codes import MEETING_TYPE

    for m in reader.rows(f"SELECT id, kind, on_date, at_time, decisions, chair, attendees, location, worker, corrects_id, created_at, voided_at, void_reason FROM meeting r WHERE case_id = :case_id{kept}", {"case_id": cid}):
        event = f"Correction of M{m['corrects_id']}" if m["corrects_id"] else MEETING_TYPE.label(m["kind"])
        workers = workers_text(m["worker"], at_meeting.get(m["id"], []))
        parts = [f"workers: {workers}" if workers else "", f"present: {m['attendees']}" if m["attendees"] else "", f"at {m['location']}" if m["location"] else ""]
        said = "; ".join(p for p in parts if p)
        events.append({"on_date": as_date(m["on_date"]), "at_time": m["at_time"], "child": "", "who": m["chair"], "source": f"M{m['id']}", "summary": said + ("; " if said and m["decisions"] else "") + (m["decisions"] or ""),
                       **void(m, event), **late(as_date(m["on_date"]), m["created_at"])})  # fmt: skip
    for m in discussed_meetings(reader, cid, kept):  # supervision, a team meeting: no one family's, this one discussed
        event = f"Correction of M{m['corrects_id']}" if m["corrects_id"] else MEETING_TYPE.label(m["kind"])
        summary = caseless.chronology_summary(others=m["others"], chair=m["chair"], decisions=m["decisions"])
        events.append({"on_date": as_date(m["on_date"]), "at_time": m["at_time"], "child": "", "who": workers_text(m["worker"], m["joint"]) or None, "source": f"M{m['id']}", "summary": _corrected(m) + summary,
                       **void(m, event), **late(as_date(m["on_date"]), m["created_at"])})  # fmt: skip
    for d in reader.rows(f"SELECT id, on_date, at_time, text, worker, corrects_id, correction_reason, created_at, voided_at, void_reason FROM diary r WHERE case_id = :case_id{kept}", {"case_id": cid}):
        event = f"Correction of D{d['corrects_id']}" if d["corrects_id"] else "Diary"
        events.append({"on_date": as_date(d["on_date"]), "at_time": d["at_time"], "child": "", "who": d["worker"], "source": f"D{d['id']}", "summary": _corrected(d) + d["text"], **void(d, event), **late(as_date(d["on_date"]), d["created_at"])})
    events.sort(key=lambda e: (e["on_date"], e["at_time"] or "", e["source"] != "journey"))
    referred = as_date(case["referred_on"])
    for e in events:  # history recorded from before the referral (domain/pre_referral.py) is flagged as such
        e["before_referral"] = e["event"] != "Born" and is_before_referral(e["on_date"], referred)
        if e["before_referral"] and not e["late"]:
            e["late"] = SHOWN_AS
    cut = 0
    for e in events:
        e["shown"] = first_line(e["summary"], SUMMARY_SHOWN)
        cut += e["shown"] != e["summary"].strip()
    note = f"{cut} summar{'ies' if cut != 1 else 'y'} cut to the first line, {SUMMARY_SHOWN} characters, in the table (…); csv, tsv, json and ndjson carry the whole text." if cut else None
    if not voided:
        return Report(f"Chronology of {case['ref']} {case['family']}", CHRONOLOGY_COLUMNS, events, empty="Nothing recorded yet.", note=note)
    for e in events:
        e.setdefault("event_shown", e["event"])
        e.setdefault("voided", False)
        e.setdefault("void_reason", None)
    # The table marks a voided entry in its event as well as striking it through (a strike is
    # lost on a printout or without colour); the machine formats keep the event as it was, and
    # carry the flag and the reason in columns of their own.
    columns = [c for column in CHRONOLOGY_COLUMNS for c in ((replace(column, in_table=False), Column("event_shown", "Event", in_machine=False)) if column.key == "event" else (column,))]
    struck = sum(bool(e["voided"]) for e in events)
    said = f"{struck} voided entr{'ies' if struck != 1 else 'y'} shown struck through, marked VOIDED (reason)." if struck else "No voided entries."
    return Report(f"Chronology of {case['ref']} {case['family']}, voided entries included", columns + VOIDED_COLUMNS, events, empty="Nothing recorded yet.",
                  note=f"{note} {said}" if note else said, struck="voided")  # fmt: skip


def discussed_meetings(reader: Reader, case_id: int, kept: str = "") -> list[dict]:
    """The meetings of no one family that discussed this case (meeting_case), each with how many
    other cases it discussed and the other workers there. `kept` is the chronology's condition on
    the meeting `r` (not voided), or nothing to show voided ones too."""
    rows = reader.rows(
        "SELECT r.id, r.kind, r.on_date, r.at_time, r.decisions, r.chair, r.worker, r.corrects_id, r.correction_reason, r.created_at, r.voided_at, r.void_reason,"
        " (SELECT count(*) FROM meeting_case o WHERE o.meeting_id = r.id AND o.case_id <> mc.case_id) AS others"
        f" FROM meeting_case mc JOIN meeting r ON r.id = mc.meeting_id WHERE mc.case_id = :case_id AND r.case_id IS NULL{kept}",
        {"case_id": case_id},
    )
    joint: dict[int, list[str]] = {}
    for meeting_id, name in reader.tuples(
        "SELECT j.meeting_id, w.name FROM meeting_worker j JOIN meeting_case mc ON mc.meeting_id = j.meeting_id JOIN worker w ON w.id = j.worker_id WHERE mc.case_id = :case_id ORDER BY j.id",
        {"case_id": case_id},
    ):  # fmt: skip
        joint.setdefault(meeting_id, []).append(name)
    for r in rows:
        r["joint"] = joint.get(r["id"], [])
    return rows


def _corrected(row: dict) -> str:
    return f"reason: {row['correction_reason']}; " if row["corrects_id"] else ""


SEARCH_COLUMNS = [Column("kind", "Found in"), Column("ref", "Case", "code"), Column("source", "Record", "code"), Column("on_date", "Date", "date"), Column("snippet", "Text")]

# Where words are looked for: what was written about a family. (kind, SQL giving case id, ref, record id, date and text)
_PLACES = (
    ("case", "SELECT c.id AS case_id, c.ref, c.ref AS source, c.referred_on AS on_date, c.family || ': ' || c.reason AS text FROM cases c"),
    ("person", "SELECT c.id AS case_id, c.ref, 'P' || pe.id AS source, NULL AS on_date, pe.name || coalesce(' (' || pe.relationship || ')', '') AS text FROM person pe JOIN cases c ON c.id = pe.case_id"),
    ("visit note", "SELECT c.id AS case_id, c.ref, 'V' || k.id AS source, k.on_date, k.note AS text FROM contact k JOIN cases c ON c.id = k.case_id"),
    ("diary", "SELECT c.id AS case_id, c.ref, 'D' || d.id AS source, d.on_date, d.text FROM diary d LEFT JOIN cases c ON c.id = d.case_id"),
    ("meeting", "SELECT c.id AS case_id, c.ref, 'M' || m.id AS source, m.on_date, m.decisions AS text FROM meeting m LEFT JOIN cases c ON c.id = m.case_id"),
    ("task", "SELECT c.id AS case_id, c.ref, 'T' || t.id AS source, t.due_on AS on_date, t.text FROM task t JOIN cases c ON c.id = t.case_id"),
    ("goal", "SELECT c.id AS case_id, c.ref, 'G' || g.id AS source, NULL AS on_date, g.text FROM goal g JOIN cases c ON c.id = g.case_id"),
    ("closure", "SELECT c.id AS case_id, c.ref, c.ref AS source, e.on_date, coalesce(e.summary, '') || ' ' || coalesce(e.sustain, '') AS text FROM case_event e JOIN cases c ON c.id = e.case_id WHERE e.kind = 'closed'"),
)
# Agencies are found by their name. SQLite's index (migration 0007) does not hold them, so both
# backends look through the table, a few rows a family.
_AGENCIES = ("agency", "SELECT c.id AS case_id, c.ref, c.ref AS source, NULL AS on_date, a.name AS text, a.kind AS agency_kind FROM agency a JOIN cases c ON c.id = a.case_id")


def _like(word: str) -> str:
    """A LIKE pattern matching `word` inside any text, in any case."""
    return "%" + like_literal(word.lower()) + "%"


def _snippet(text: str, word: str, width: int = 90) -> str:
    flat = " ".join(text.split())
    at = flat.lower().find(word.lower())
    start = 0
    if at + len(word) > width:  # the word is beyond the first line's worth: start a few words before it
        start = flat.find(" ", max(0, at - width // 3)) + 1
    return ("…" if start else "") + clip(flat[start:], width)


def search(reader: Reader, text: str, *, ref: str | None, limit: int, me: str | None = None) -> Report:
    """Every word must appear somewhere in the text, as typed (case aside); %, _ and \\ are literal.

    SQLite answers from its FTS5 trigram index (migration 0007), which matches inside words as
    LIKE does; words shorter than three letters, which a trigram index cannot look up, are
    checked with LIKE among the rows it found. PostgreSQL runs the portable LIKE over each table.
    """
    words = text.split()
    if not words:
        raise InvalidInput("TEXT", text, "is empty", hint="give one or more words to look for")
    case_id = find_case(reader, ref)["id"] if ref else None
    found = mentioning(reader, words, case_id)
    found += _scanned(reader, words, case_id, (_AGENCIES,))
    gone = _voided_sources(reader) | _others_caseless(reader, me)
    found = [(kind, r) for kind, r in found if r["source"] not in gone]
    rows = [{"kind": kind, "ref": r["ref"], "source": r["source"], "on_date": as_date(r["on_date"]), "snippet": _snippet(_found_text(r), words[0])} for kind, r in found]
    rows.sort(key=lambda r: (r["on_date"] or date.min), reverse=True)
    note = f"{len(rows)} found; showing {limit}." if len(rows) > limit else None
    return Report(f"Search: {text}", SEARCH_COLUMNS, rows[:limit], empty=f"Nothing found for {text!r}.", note=note)


def mentioning(reader: Reader, words: list[str], case_id: int | None = None) -> list[tuple[str, dict]]:
    """(kind, row) of every record whose text holds every word, voided ones too (search leaves those
    out after): the search index on SQLite, LIKE over each table on PostgreSQL. A row holds the
    case's ref (None for a diary entry or meeting of no case), its source ('V12'), date and text."""
    return _indexed(reader, words, case_id) if reader.kind == "sqlite" else _scanned(reader, words, case_id, _PLACES)


# The records search finds by their source ('V12', 'G3'), and whose voided entries leave it.
_VOIDABLE_SOURCES = (("V", "contact"), ("D", "diary"), ("M", "meeting"), ("T", "task"), ("G", "goal"))


def _voided_sources(reader: Reader) -> set[str]:
    """The entries voided as made in error (few): search leaves them out, as every view does."""
    sql = " UNION ALL ".join(f"SELECT '{prefix}' || r.id AS source FROM {table} r WHERE NOT ({not_voided_sql('r')})" for prefix, table in _VOIDABLE_SOURCES)  # noqa: S608 - fixed SQL
    return {r["source"] for r in reader.rows(sql)}


def _others_caseless(reader: Reader, me: str | None) -> set[str]:
    """The meetings of no one family (supervision, training) that are not mine: each is seen by its
    own worker only (issue 23 will let a team server widen that)."""
    rows = reader.rows("SELECT 'M' || m.id AS source FROM meeting m WHERE m.case_id IS NULL AND (m.worker IS NULL OR lower(m.worker) <> lower(:me))", {"me": me or ""})
    return {r["source"] for r in rows}


def _indexed(reader: Reader, words: list[str], case_id: int | None) -> list[tuple[str, dict]]:
    long_words = [w for w in words if len(w) >= 3]
    params: dict = {f"w{i}": _like(w) for i, w in enumerate(words) if len(w) < 3}
    clauses = [f"lower(s.text) LIKE :{name} ESCAPE '\\'" for name in params]
    if long_words:
        params["query"] = " AND ".join('"' + w.replace('"', '""') + '"' for w in long_words)  # each word a literal phrase
        clauses.append("search_index MATCH :query")
    if case_id is not None:
        params["case_id"] = case_id
        clauses.append("s.case_id = :case_id")
    sql = ("SELECT s.kind, c.ref, coalesce(s.source, c.ref) AS source, s.on_date, s.text FROM search_index s LEFT JOIN cases c ON c.id = s.case_id"
           " WHERE " + " AND ".join(clauses))  # fmt: skip
    return [(r["kind"], r) for r in reader.rows(sql, params)]


def _found_text(row: dict) -> str:
    """What was found, as shown: an agency says what kind it is."""
    if row.get("agency_kind"):
        return f"{row['text']} ({AGENCY_KIND.label(row['agency_kind'])})"
    return row["text"]


def _scanned(reader: Reader, words: list[str], case_id: int | None, places) -> list[tuple[str, dict]]:
    params: dict = {f"w{i}": _like(w) for i, w in enumerate(words)}
    match = " AND ".join(f"lower(text) LIKE :w{i} ESCAPE '\\'" for i in range(len(words)))
    scope = ""
    if case_id is not None:
        params["case_id"] = case_id
        scope = " AND case_id = :case_id"
    found = []
    for kind, sql in places:
        for r in reader.rows(f"SELECT * FROM ({sql}) found WHERE {match}{scope}", params):  # noqa: S608 - fixed SQL; the words are bound
            found.append((kind, r))
    return found


AUDIT_COLUMNS = [
    Column("id", "#", "int", in_table=False), Column("at", "When (UTC)", "datetime"), Column("worker", "Worker"), Column("os_user", "Login"),
    Column("action", "Action", "code"), Column("entity", "Record"), Column("entity_id", "Id", "int"), Column("ref", "Case", "code"), Column("detail", "Detail"),
]  # fmt: skip


def audit_trail(reader: Reader, *, ref: str | None, start: date | None, end: date | None, worker: str | None, limit: int) -> Report:
    return _trail(
        reader, Report("Audit trail", AUDIT_COLUMNS, [], empty="No audit entries match."),
        "SELECT a.id, a.at, a.worker, a.os_user, a.action, a.entity, a.entity_id, c.ref, a.detail FROM audit a LEFT JOIN cases c ON c.id = a.case_id",
        # A case's rows, and the moves of an entry off it (`fscli move`: the audit row is the case
        # it went to; the case it left keeps the move in its field history, which that row sealed).
        "(a.case_id = :case_id OR a.id IN (SELECT ar.audit_id FROM field_history fh JOIN audit_row ar ON ar.tbl = 'field_history' AND ar.row_id = fh.id"
        " WHERE fh.case_id = :case_id AND fh.field = :moved))", ref=ref, start=start, end=end, worker=worker, limit=limit, of_case_params={"moved": MOVED},
    )  # fmt: skip


VIEWS_COLUMNS = [
    Column("id", "#", "int", in_table=False), Column("at", "When (UTC)", "datetime"), Column("worker", "Worker"), Column("os_user", "Login"),
    Column("view", "View", "code"), Column("cases", "Cases", "int"), Column("detail", "Asked"),
]  # fmt: skip


def views_trail(reader: Reader, *, ref: str | None, start: date | None, end: date | None, worker: str | None, limit: int) -> Report:
    """Who looked at a case's records (or at any case's), when, with which view: the access log
    (store/access.py). `cases` is how many cases that one view showed."""
    return _trail(
        reader, Report("Views", VIEWS_COLUMNS, [], empty="No views of the records match."),
        "SELECT a.id, a.at, a.worker, a.os_user, a.view, (SELECT count(*) FROM access_case ac WHERE ac.access_id = a.id) AS cases, a.detail FROM access_log a",
        "a.id IN (SELECT access_id FROM access_case WHERE case_id = :case_id)", ref=ref, start=start, end=end, worker=worker, limit=limit,
    )  # fmt: skip


def _trail(reader: Reader, shape: Report, select: str, of_case: str, *, ref: str | None, start: date | None, end: date | None, worker: str | None, limit: int, of_case_params: dict[str, object] | None = None) -> Report:
    """An audit or access trail (`select`, table alias a), newest first: of a case (`of_case`),
    between days, of a worker; the newest `limit` rows, saying how many more there are."""
    clauses, params = ["1 = 1"], {}
    title = shape.title
    if ref:
        case = find_case(reader, ref)
        clauses.append(of_case)
        params["case_id"] = case["id"]
        params.update(of_case_params or {})
        title += f" of {case['ref']} {case['family']}"
    if start:
        clauses.append("a.at >= :since")
        params["since"] = _instant(reader, datetime.combine(start, time.min, tzinfo=timezone.utc))
    if end:
        clauses.append("a.at < :until")
        params["until"] = _instant(reader, datetime.combine(end, time.max, tzinfo=timezone.utc))
    if worker:
        clauses.append("lower(a.worker) = lower(:worker)")
        params["worker"] = worker.strip()
    rows = reader.rows(select + " WHERE " + " AND ".join(clauses) + " ORDER BY a.id DESC", params)
    shown = rows[:limit]
    for r in shown:
        r["at"] = as_instant(r["at"])
    note = f"{len(rows)} entries; showing the newest {limit} (-n for more)." if len(rows) > limit else None
    return replace(shape, title=title, rows=shown, note=note)


def _instant(reader: Reader, value: datetime):
    return value.isoformat(timespec="microseconds") if reader.kind == "sqlite" else value
