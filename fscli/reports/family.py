"""A family's details: the current ones (case show) and their history (case detail REF)."""

from __future__ import annotations

from datetime import date

from fscli.domain.family import DETAIL_LABELS, DETAILS, shown
from fscli.reports.lookups import find_case
from fscli.reports.spec import Column, Report
from fscli.store.db import Reader, as_date

DETAIL_COLUMNS = [
    Column("detail", "Detail", "code", in_table=False), Column("label", "Detail"), Column("person", "For"), Column("value", "Value"),
    Column("from_on", "From", "date"), Column("until_on", "Until", "date"), Column("current", "Current", in_table=False), Column("recorded_by", "Recorded by"),
]  # fmt: skip
ORDER = {field: i for i, field in enumerate(DETAILS)}


def detail_rows(reader: Reader, case_id: int) -> list[dict]:
    """Every detail not voided, each with the day the next one of its field (and person) took over."""
    found = reader.rows(
        "SELECT d.field, d.value, d.from_on, d.recorded_by, d.person_id, p.name AS person FROM family_detail d LEFT JOIN person p ON p.id = d.person_id"
        " WHERE d.case_id = :case_id AND d.voided_at IS NULL ORDER BY d.from_on, d.id",
        {"case_id": case_id},
    )
    rows: list[dict] = []
    latest: dict[tuple[str, int | None], dict] = {}
    for r in found:
        row = {"detail": r["field"], "label": DETAIL_LABELS[r["field"]], "person": r["person"], "value": shown(r["field"], r["value"]), "from_on": as_date(r["from_on"]),
               "until_on": None, "current": True, "recorded_by": r["recorded_by"], "kept": r["value"]}  # fmt: skip
        before = latest.get((r["field"], r["person_id"]))
        if before is not None:
            before["until_on"], before["current"] = row["from_on"], False
        latest[(r["field"], r["person_id"])] = row
        rows.append(row)
    rows.sort(key=lambda r: (ORDER[r["detail"]], r["person"] or "", r["from_on"]))
    return rows


def current_details(reader: Reader, case_id: int, ref: str) -> Report:
    rows = [r for r in detail_rows(reader, case_id) if r["current"] and not (r["kept"] == "" and r["detail"] != "consent")]
    return Report("Family details", DETAIL_COLUMNS, rows, empty=f"No address, telephone, GP, school, language or consent recorded: fscli case detail {ref} --address TEXT --from DATE")


def detail_history(reader: Reader, ref: str) -> Report:
    case = find_case(reader, ref)
    return Report(f"Details of {case['ref']} {case['family']}, with their history", DETAIL_COLUMNS, detail_rows(reader, case["id"]),
                  empty=f"No details recorded. Add them with: fscli case detail {case['ref']} --address TEXT --from DATE")  # fmt: skip


def detail_events(reader: Reader, case_id: int) -> list[tuple[date, str, str | None, str]]:
    """Each detail as an event of the chronology: the day, the event, the person, what it became."""
    events = []
    previous: dict[tuple[str, str | None], str] = {}
    for r in sorted(detail_rows(reader, case_id), key=lambda r: r["from_on"]):
        key = (r["detail"], r["person"])
        event = "Moved address" if r["detail"] == "address" and key in previous else f"{r['label'][:1].upper()}{r['label'][1:]}"
        was = f" (before: {previous[key]})" if key in previous else ""
        events.append((r["from_on"], event, r["person"], f"{r['value']}{was}"))
        previous[key] = r["value"]
    return events
