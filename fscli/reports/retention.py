"""`fscli retention`: the closed cases whose retention review date has come, with the rule, its
source and the date (domain/retention.py), and every case again present after its erasure (a
backup or an old export brought it back). Nothing is ever deleted by a view."""

from __future__ import annotations

from datetime import date

from fscli.domain.retention import Review, Rules, review
from fscli.reports.spec import Column, Report
from fscli.store import retention_facts
from fscli.store.db import Reader

CATEGORY_LABELS = {"cla": "looked after", "cp": "child protection", "cin": "child in need", "early-help": "Early Help"}

COLUMNS = [
    Column("ref", "Ref"),
    Column("family", "Family"),
    Column("category", "Record"),
    Column("rule", "Rule", "code"),
    Column("review_on", "Review date", "date"),
    Column("state", "State"),
    Column("source", "Source"),
    Column("period", "Period", in_table=False),
    Column("set_by", "Period set by", in_table=False),
]


def state(found: Review, today: date, erased_on: date | None) -> str:
    if erased_on is not None:
        return f"erased on {erased_on:%d/%m/%Y} but present again (a restore or an import brought it back): erase it again"
    if found.review_on is None:
        return found.why_not or ""
    return "due for review" if found.due(today) else "kept until then"


def retention_report(reader: Reader, rules: Rules, today: date, *, every: bool = False) -> Report:
    erased = retention_facts.erased_refs(reader.rows)
    rows, undated = [], 0
    for case in retention_facts.read(reader.rows):
        found = review(case.facts, rules)
        erased_on = erased.get(case.ref.upper())
        closed_undated = case.facts.closed_on is not None and found.review_on is None
        undated += closed_undated
        if not (every or found.due(today) or erased_on is not None):
            continue
        rule = found.rule
        rows.append({
            "ref": case.ref, "family": case.family, "category": CATEGORY_LABELS[found.category],
            "rule": rule.key if rule else None, "review_on": found.review_on, "state": state(found, today, erased_on),  # type: ignore[arg-type]
            "source": rule.source if rule else None, "period": str(rule.period) if rule else None, "set_by": rule.set_by if rule else None,
        })  # fmt: skip
    rows.sort(key=lambda r: (r["review_on"] is None, r["review_on"] or date.max, r["ref"]))
    note = "Nothing is deleted on its own: a person decides, then 'fscli retention erase REF --yes'."
    if undated and not every:
        note += f" {undated} closed case(s) have no review date the rules can work out: see 'fscli retention --all'."
    title = "Every case's retention" if every else "Closed cases due for retention review"
    return Report(title, COLUMNS, rows, empty="No closed case has reached its retention review date.", note=note)


RULE_COLUMNS = [
    Column("rule", "Rule", "code"),
    Column("record", "Record"),
    Column("period", "Kept"),
    Column("counts_from", "Counted from"),
    Column("basis", "Basis"),
    Column("source", "Source"),
    Column("default", "Default", in_table=False),
    Column("set_by", "Set by"),
]


def rules_report(rules: Rules) -> Report:
    """The retention rules in force, each with its default, its source and the file that set it."""
    rows = [{"rule": r.key, "record": r.label, "period": str(r.period), "counts_from": r.counts_from, "basis": "statutory" if r.statutory else "local",
             "source": r.source, "default": str(r.default), "set_by": r.set_by} for r in rules.rules.values()]  # fmt: skip
    note = "A case's record is the most serious plan any child had (looked after, child protection, child in need, Early Help); its date is the latest of its children's. Set a period in the profile: [retention] cp = \"25 years\"."
    return Report("Retention rules in force", RULE_COLUMNS, rows, note=note)


ERASED_COLUMNS = [
    Column("ref", "Ref", "code"),
    Column("erased_at", "Erased (UTC)", "datetime"),
    Column("erased_by", "By"),
    Column("basis", "Basis"),
    Column("rows_removed", "Rows removed", "int"),
    Column("state", "State"),
]


def erased_report(reader: Reader) -> Report:
    """Every erasure's tombstone (the erasure table: a reference, when, by whom, on what basis, how
    many rows; no names), and whether that reference is present again (a restore brought it back)."""
    present = {r["ref"].upper() for r in reader.rows("SELECT ref FROM cases")}
    rows = [{**r, "state": "present again: erase it again" if r["ref"].upper() in present else "erased"}
            for r in reader.rows("SELECT ref, erased_at, erased_by, basis, rows_removed FROM erasure ORDER BY erased_at, id")]  # fmt: skip
    return Report("Erased cases", ERASED_COLUMNS, rows, empty="No case has been erased from this caseload.",
                  note="Backups and exports made before an erasure still hold the case: docs/retention.md.")
