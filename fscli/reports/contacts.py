"""The record of work read back: visits, the diary, tasks, and the week as it was."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from fscli.domain import bookings, codes
from fscli.domain.contacts import face_to_face_sql, minutes_text, monday_of
from fscli.domain.text import clip
from fscli.domain.live_rows import label, live_sql, not_voided_sql
from fscli.reports.lookups import find_case
from fscli.reports.spec import Column, Report
from fscli.store.db import Reader, as_date

VISIT_COLUMNS = [
    Column("id", "ID", "code"),
    Column("on_date", "Date", "date"),
    Column("at_time", "Time", "code", in_table=False),
    Column("kind", "Type", "code"),
    Column("present", "With"),
    Column("workers", "Workers"),
    Column("seen", "Seen"),
    Column("seen_alone", "Alone"),
    Column("bedroom_seen", "Bedroom seen", in_table=False),
    Column("duration", "Length", "code", in_table=False),
    Column("unannounced", "Unannounced", in_table=False),
    Column("location", "Where", in_table=False),
    Column("note", "Note"),
    Column("status", "Status"),
]


def _status(prefix: str, row: dict, corrected_by: dict[int, int]) -> str:
    if row["id"] in corrected_by:
        return f"corrected by {prefix}{corrected_by[row['id']]}"
    if row["corrects_id"]:
        return f"corrects {prefix}{row['corrects_id']}: {row['correction_reason']}"
    return ""


def joint_workers(reader: Reader, case_id: int, parent: str = "contact") -> dict[int, list[str]]:
    """The other workers at each visit (parent contact) or meeting of a case, by its id."""
    link = {"contact": "contact_worker", "meeting": "meeting_worker"}[parent]
    out: dict[int, list[str]] = defaultdict(list)
    for parent_id, name in reader.tuples(
        f"SELECT j.{parent}_id, w.name FROM {link} j JOIN {parent} p ON p.id = j.{parent}_id JOIN worker w ON w.id = j.worker_id WHERE p.case_id = :case_id ORDER BY j.id",  # noqa: S608 - fscli's own tables
        {"case_id": case_id},
    ):  # fmt: skip
        out[parent_id].append(name)
    return out


def workers_text(logged_by: str | None, others: list[str]) -> str:
    """'Sam Okafor with Dee Mensah': who logged it, and who was there besides."""
    if not others:
        return logged_by or ""
    return f"{logged_by} with {', '.join(others)}" if logged_by else f"with {', '.join(others)}"


def visits(reader: Reader, case_id: int, *, limit: int | None = None) -> list[dict]:
    rows = reader.rows(
        "SELECT k.id, k.on_date, k.at_time, k.kind, k.duration_min, k.unannounced, k.location, k.note, k.worker, k.corrects_id, k.correction_reason FROM contact k"
        f" WHERE k.case_id = :case_id AND {not_voided_sql('k')} ORDER BY k.on_date DESC, k.at_time DESC, k.id DESC",
        {"case_id": case_id},
    )
    if limit:
        rows = rows[:limit]
    parties: dict[int, list[dict]] = defaultdict(list)
    for p in reader.rows(
        "SELECT cp.contact_id, cp.seen, cp.seen_alone, cp.bedroom_seen, pe.name AS person, ag.name AS agency FROM contact_party cp"
        " JOIN contact c ON c.id = cp.contact_id LEFT JOIN person pe ON pe.id = cp.person_id LEFT JOIN agency ag ON ag.id = cp.agency_id"
        f" WHERE c.case_id = :case_id AND {not_voided_sql('c')} ORDER BY cp.id",
        {"case_id": case_id},
    ):
        parties[p["contact_id"]].append(p)
    corrected_by = {r["corrects_id"]: r["id"] for r in rows if r["corrects_id"]}
    joint = joint_workers(reader, case_id)
    out = []
    for r in rows:
        ps = parties[r["id"]]
        out.append({
            "id": f"V{r['id']}", "on_date": as_date(r["on_date"]), "at_time": r["at_time"], "kind": r["kind"],
            "present": ", ".join(p["person"] or p["agency"] for p in ps), "workers": workers_text(r["worker"], joint.get(r["id"], [])), "seen": ", ".join(p["person"] for p in ps if p["seen"]),
            "seen_alone": ", ".join(p["person"] for p in ps if p["seen_alone"]), "bedroom_seen": ", ".join(p["person"] for p in ps if p["bedroom_seen"]),
            "duration": minutes_text(r["duration_min"]), "unannounced": bool(r["unannounced"]), "location": r["location"], "note": r["note"],
            "status": _status("V", r, corrected_by),
        })  # fmt: skip
    return out


def visit_list(reader: Reader, ref: str) -> Report:
    case = find_case(reader, ref)
    return Report(f"Visits and contacts with {case['ref']} {case['family']}", VISIT_COLUMNS, visits(reader, case["id"]), empty=f"No contacts yet: fscli visit log {case['ref']} --type home-visit")


LAST_SEEN_COLUMNS = [Column("child", "Child"), Column("last_seen", "Last seen", "date"), Column("days_since_seen", "Days since", "int"), Column("last_seen_alone", "Last seen alone", "date")]


def last_seen(reader: Reader, case_id: int, ref: str, today: date) -> Report:
    """When each child was last seen face to face, and last seen alone (the figure a CP plan is
    judged by: a call, even a video call, does not see the child for statutory purposes).

    Once any child has been seen, every child has a row (a blank date is a child never seen, set
    beside those who were). Until then there is nothing to show but names: the report is empty
    and says so, with how to record a visit, rather than a table of names under empty columns."""
    children = reader.rows("SELECT id, name FROM person WHERE case_id = :case_id AND role = 'child' ORDER BY dob, name", {"case_id": case_id})
    seen = reader.rows(
        "SELECT cp.person_id, max(c.on_date) AS seen, max(CASE WHEN cp.seen_alone = 1 THEN c.on_date END) AS alone FROM contact_party cp JOIN contact c ON c.id = cp.contact_id"
        f" WHERE c.case_id = :case_id AND cp.seen = 1 AND {face_to_face_sql('c.kind')}"
        f" AND {live_sql('contact', 'c')} GROUP BY cp.person_id",
        {"case_id": case_id},
    )
    by_child = {r["person_id"]: r for r in seen}
    if not children:
        return Report("Children last seen", LAST_SEEN_COLUMNS, [], empty=f"No children recorded: fscli person add {ref} NAME --role child")
    rows = []
    for child in children:
        found = by_child.get(child["id"], {})
        last = as_date(found.get("seen"))
        rows.append({"child": child["name"], "last_seen": last, "days_since_seen": (today - last).days if last else None, "last_seen_alone": as_date(found.get("alone"))})
    if not any(r["last_seen"] for r in rows):
        rows = []
    return Report("Children last seen", LAST_SEEN_COLUMNS, rows, empty=f"No child seen face to face yet: fscli visit log {ref} --type home-visit --seen NAME")


DIARY_COLUMNS = [Column("id", "ID", "code"), Column("on_date", "Date", "date"), Column("at_time", "Time", "code"), Column("ref", "Case", "code"), Column("text", "Entry"), Column("tags", "Tags"), Column("status", "Status")]


def diary_list(reader: Reader, *, ref: str | None, since: date | None, until: date | None, tag: str | None, limit: int | None) -> Report:
    clauses, params = [not_voided_sql("d")], {}
    title = "Diary"
    if ref:
        case = find_case(reader, ref)
        clauses.append("d.case_id = :case_id")
        params["case_id"] = case["id"]
        title += f" for {case['ref']} {case['family']}"
    if since:
        clauses.append("d.on_date >= :since")
        params["since"] = since
    if until:
        clauses.append("d.on_date <= :until")
        params["until"] = until
    if tag:
        clauses.append("d.tags LIKE :tag")
        params["tag"] = f"% {tag.strip().lstrip('#').lower()} %"
    rows = reader.rows(
        "SELECT d.id, d.on_date, d.at_time, d.text, d.tags, d.corrects_id, d.correction_reason, c.ref FROM diary d LEFT JOIN cases c ON c.id = d.case_id"
        " WHERE " + " AND ".join(clauses) + " ORDER BY d.on_date DESC, d.at_time DESC, d.id DESC",
        params,
    )
    corrected_by = {r["corrects_id"]: r["id"] for r in reader.rows("SELECT id, corrects_id FROM diary WHERE corrects_id IS NOT NULL")}
    if limit:
        rows = rows[:limit]
    out = [{"id": f"D{r['id']}", "on_date": as_date(r["on_date"]), "at_time": r["at_time"], "ref": r["ref"], "text": r["text"],
            "tags": " ".join(f"#{t}" for t in r["tags"].split()), "status": _status("D", r, corrected_by)} for r in rows]  # fmt: skip
    return Report(title, DIARY_COLUMNS, out, empty="No diary entries. Add one with: fscli diary add [REF] TEXT")


TASK_COLUMNS = [Column("id", "ID", "code"), Column("due_on", "Due", "date"), Column("ref", "Case", "code"), Column("family", "Family"), Column("text", "Task"), Column("state", "State"), Column("done_on", "Done", "date", in_table=False), Column("worker", "Worker", in_table=False)]


def task_list(reader: Reader, today: date, *, worker: str | None, overdue: bool, done: bool) -> Report:
    clauses, params = [not_voided_sql("t")], {}
    if not done:
        clauses.append("t.done_on IS NULL")
    if overdue:
        clauses.append("t.done_on IS NULL AND t.due_on < :today")
        params["today"] = today
    if worker:
        clauses.append("lower(t.worker) = lower(:worker)")
        params["worker"] = worker
    rows = reader.rows(
        "SELECT t.id, t.due_on, t.text, t.done_on, t.worker, c.ref, c.family FROM task t JOIN cases c ON c.id = t.case_id WHERE " + " AND ".join(clauses) + " ORDER BY t.due_on, t.id",
        params,
    )
    out = []
    for r in rows:
        due, finished = as_date(r["due_on"]), as_date(r["done_on"])
        state = "done" if finished else "overdue" if due < today else "due today" if due == today else "to do"
        out.append({"id": f"T{r['id']}", "due_on": due, "ref": r["ref"], "family": r["family"], "text": r["text"], "state": state, "done_on": finished, "worker": r["worker"]})
    title = "Overdue tasks" if overdue else "Tasks" + (" (done included)" if done else "")
    return Report(title + (f" of {worker}" if worker else ""), TASK_COLUMNS, out, empty="No tasks. Add one with: fscli task add REF TEXT --due WHEN")


WEEK_COLUMNS = [
    Column("day", "Day", "code", in_machine=False), Column("on_date", "Date", "date", in_table=False), Column("at_time", "Time", "code"), Column("what", "What"),
    Column("ref", "Case", "code", in_table=False), Column("family", "Family", in_table=False), Column("case", "Case", in_machine=False),
    Column("worker", "Worker", in_table=False), Column("who", "Who", in_machine=False), Column("detail", "Detail"),
]  # fmt: skip


def week(reader: Reader, day: date, today: date, *, me: str | None = None, mine: bool = False) -> Report:
    """Monday to Sunday: visits done, bookings (planned, booked, cancelled, missed), meetings (a
    family's, and the worker's own that are no one family's, with the cases they discussed), tasks
    on the day they were done or are due, the diary. Every worker's, the worker shown when it is
    not `me`; with `mine`, only what `me` recorded or was at (a joint visit, a meeting with others)."""
    from fscli.domain import week as rules
    from fscli.domain.caseless import discussed_text

    monday = monday_of(day)
    sunday = monday + timedelta(days=6)
    span = {"monday": monday, "sunday": sunday, "me": me or ""}
    events: list[dict] = []
    # A meeting of no one family is its own worker's alone; with --mine, only my entries (or those I was at).
    own = "lower({a}.worker) = lower(:me)"
    at_too = " OR EXISTS (SELECT 1 FROM {link} j JOIN worker w ON w.id = j.worker_id WHERE j.{parent}_id = {a}.id AND lower(w.name) = lower(:me))"

    def whose(alias: str, parent: str | None = None) -> str:
        if not mine:
            return ""
        return " AND (" + own.format(a=alias) + (at_too.format(link=f"{parent}_worker", parent=parent, a=alias) if parent else "") + ")"

    def add(on, at, what, ref, family, detail, worker=None):
        shown = worker if worker and (not me or worker.casefold() != me.strip().casefold()) else ""
        events.append({"on_date": as_date(on), "at_time": at, "what": what, "ref": ref, "family": family, "case": f"{ref} {family}" if ref else "", "worker": worker, "who": shown, "detail": detail})

    for r in reader.rows(f"SELECT c.on_date, c.at_time, c.kind, c.note, c.worker, k.ref, k.family FROM contact c JOIN cases k ON k.id = c.case_id WHERE c.on_date BETWEEN :monday AND :sunday AND {live_sql('contact', 'c')}{whose('c', 'contact')}", span):
        add(r["on_date"], r["at_time"], _short(r["kind"]), r["ref"], r["family"], first_line(r["note"]), r["worker"])
    for r in reader.rows(
        "SELECT p.id, p.on_date, p.at_time, p.kind, p.booking_of, p.location, p.note, p.worker, p.cancelled_by, p.cancel_reason, p.cancelled_on, k.ref, k.family FROM planned_visit p LEFT JOIN cases k ON k.id = p.case_id"
        f" WHERE p.on_date BETWEEN :monday AND :sunday AND {bookings.not_held_sql('p')} AND (p.case_id IS NOT NULL OR {own.format(a='p')}) AND {not_voided_sql('p')}{whose('p')}", span):  # fmt: skip
        on, booking = as_date(r["on_date"]), label("planned_visit", r["id"])  # the id to void, cancel or move it
        said = _short(r["kind"]).lower() if r["booking_of"] == "visit" else codes.MEETING_TYPE.label(r["kind"])
        what = rules.booking_what(booking_of=r["booking_of"], said=said, place=r["location"], on=on, today=today, cancelled=r["cancelled_on"] is not None)
        if r["cancelled_on"] is not None:
            detail = f"{booking}: {bookings.cancelled_text(r['cancelled_by'], r['cancel_reason'])}"
        elif on < today and r["booking_of"] == "visit":
            detail = f"{booking}: no visit logged within 3 days"
        else:
            detail = "; ".join([booking] + [first_line(r["note"])] * bool(r["note"]))
        add(on, r["at_time"], what, r["ref"], r["family"], detail, r["worker"])
    discussed: dict[int, list[str]] = defaultdict(list)
    for r in reader.rows("SELECT mc.meeting_id, k.ref, k.family FROM meeting_case mc JOIN meeting m ON m.id = mc.meeting_id JOIN cases k ON k.id = mc.case_id WHERE m.on_date BETWEEN :monday AND :sunday ORDER BY mc.id", span):
        discussed[r["meeting_id"]].append(f"{r['ref']} {r['family']}")
    for r in reader.rows(
        "SELECT m.id, m.on_date, m.at_time, m.kind, m.chair, m.location, m.worker, k.ref, k.family FROM meeting m LEFT JOIN cases k ON k.id = m.case_id"
        f" WHERE m.on_date BETWEEN :monday AND :sunday AND (m.case_id IS NOT NULL OR {own.format(a='m')}) AND {live_sql('meeting', 'm')}{whose('m', 'meeting')}", span):  # fmt: skip
        parts = [f"chaired by {r['chair']}" if r["chair"] else "", f"at {r['location']}" if r["location"] else "", discussed_text(discussed.get(r["id"], []))]
        add(r["on_date"], r["at_time"], codes.MEETING_TYPE.label(r["kind"]), r["ref"], r["family"], "; ".join(p for p in parts if p), r["worker"])
    # Tasks done this week, due this week, or still open past their date on an open case (shown
    # today, as `due` shows them): the rule says which day.
    for r in reader.rows(
        "SELECT t.due_on, t.due_time, t.text, t.done_on, t.worker, k.ref, k.family FROM task t JOIN cases k ON k.id = t.case_id"
        " WHERE (t.done_on BETWEEN :monday AND :sunday OR (t.done_on IS NULL AND t.due_on BETWEEN :monday AND :sunday)"
        f" OR (t.done_on IS NULL AND t.due_on < :monday AND k.status = 'open')) AND {not_voided_sql('t')}{whose('t')}", span):  # fmt: skip
        due, done = as_date(r["due_on"]), as_date(r["done_on"])
        shown = rules.task_entry(due, done, today, monday, sunday)
        if shown is not None:
            add(shown[0], r["due_time"] if shown[0] == due and done is None else None, shown[1], r["ref"], r["family"], r["text"], r["worker"])
    for r in reader.rows(f"SELECT d.on_date, d.at_time, d.text, d.worker, k.ref, k.family FROM diary d LEFT JOIN cases k ON k.id = d.case_id WHERE d.on_date BETWEEN :monday AND :sunday AND {live_sql('diary', 'd')}{whose('d')}", span):
        add(r["on_date"], r["at_time"], "Diary", r["ref"], r["family"], first_line(r["text"]), r["worker"])
    events.sort(key=lambda e: (e["on_date"], e["at_time"] or "99:99"))
    previous = None
    for e in events:
        e["day"] = f"{e['on_date']:%a %d/%m}" if e["on_date"] != previous else ""
        previous = e["on_date"]
    title = f"Week of Monday {monday:%d/%m/%Y}" + (f": {me}" if mine else "")
    return Report(title, WEEK_COLUMNS, events, empty=f"Nothing recorded or planned for the week of {monday:%d/%m/%Y}.")


def _short(kind: str) -> str:
    """'statutory-visit' -> 'Statutory visit': the type's own name, short enough for the week."""
    return kind.replace("-", " ").capitalize()


def first_line(text: str | None, width: int = 80) -> str:
    """A note's first line, cut at a space within `width`, with an ellipsis: enough to recognise it in a list."""
    lines = (text or "").strip().splitlines()  # empty once stripped: a name of separators alone, say
    if not lines:
        return ""
    return clip(lines[0], width)
