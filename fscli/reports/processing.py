"""Restrictions of processing (domain/processing.py) as views: `fscli processing list`, and the
lines `case show` and `person list` give a case or a person under one."""

from __future__ import annotations

from fscli.domain import processing
from fscli.reports.spec import Column, Report
from fscli.store.db import Reader, as_date

LIST_COLUMNS = [
    Column("ref", "Case"), Column("family", "Family", breaks="name"), Column("person", "Person", breaks="name"), Column("from_on", "Since", "date"),
    Column("reason", "Reason"), Column("made_by", "Made by", breaks="name"), Column("lifted_on", "Lifted", "date"), Column("lifted_reason", "Lifted because"),
    Column("lifted_by", "Lifted by", breaks="name", in_table=False),
]  # fmt: skip

_ROWS = (
    "SELECT pr.case_id, pr.person_id, c.ref, c.family, p.name AS person, pr.from_on, pr.reason, pr.made_by, pr.lifted_on, pr.lifted_reason, pr.lifted_by"
    " FROM processing_restriction pr JOIN cases c ON c.id = pr.case_id LEFT JOIN person p ON p.id = pr.person_id"
)


def processing_list(reader: Reader, *, lifted_too: bool) -> Report:
    where = "" if lifted_too else f" WHERE pr.{processing.CURRENT_SQL}"
    rows = [
        {**{k: r[k] for k in ("ref", "family", "person", "reason", "made_by", "lifted_reason", "lifted_by")}, "from_on": as_date(r["from_on"]), "lifted_on": as_date(r["lifted_on"])}
        for r in reader.rows(_ROWS + where + " ORDER BY c.ref, pr.person_id IS NOT NULL, p.name, pr.from_on, pr.id")  # noqa: S608 - fscli's own SQL
    ]
    title = "Restrictions of processing" + (", lifted ones too" if lifted_too else " in force")
    return Report(title, LIST_COLUMNS, rows, empty="No case or person is under restriction of processing." if not lifted_too else "No restriction of processing was ever made.")


def current(reader: Reader, case_id: int) -> list[processing.Held]:
    rows = reader.rows(_ROWS + f" WHERE pr.{processing.CURRENT_SQL} AND pr.case_id = :case_id ORDER BY pr.person_id IS NOT NULL, p.name", {"case_id": case_id})  # noqa: S608 - fscli's own SQL
    return [processing.Held(case_id=r["case_id"], ref=r["ref"], reason=r["reason"], since=as_date(r["from_on"]), person_id=r["person_id"], person=r["person"]) for r in rows]  # type: ignore[arg-type]


def case_facts(reader: Reader, case_id: int) -> list[tuple[Column, object]]:
    """`case show`'s lines for the case, and for each person of it, under restriction of processing (none when there is none)."""
    held = current(reader, case_id)
    facts: list[tuple[Column, object]] = [(Column("processing", "Processing"), h.line()) for h in held if h.person_id is None]
    people = [f"{h.person}: {h.line()}" for h in held if h.person_id is not None]
    if people:
        facts.append((Column("processing_people", "Processing of people"), "; ".join(people)))
    return facts


def people_note(reader: Reader, case_id: int) -> str | None:
    """`person list`'s note: who of the family (or the whole case) is under restriction of processing."""
    lines = [f"{h.person or 'The whole case'}: {h.line()}" for h in current(reader, case_id)]
    return "\n".join(lines) or None


def not_counted(reader: Reader) -> str | None:
    """The line a caseload-wide figure (the dashboard, goal movement) adds for what it left out:
    the cases restricted whole, and the people restricted in the other cases."""
    found = reader.one(
        f"SELECT (SELECT count(*) FROM cases c WHERE NOT {processing.counted_case_sql('c.id')}) AS cases,"
        f" (SELECT count(*) FROM person pe WHERE {processing.counted_case_sql('pe.case_id')} AND NOT {processing.counted_person_sql('pe.id')}) AS people"
    )  # fmt: skip
    return processing.not_counted(found["cases"], found["people"]) if found else None
