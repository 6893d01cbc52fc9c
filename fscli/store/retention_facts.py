"""The facts of each case that its retention review date is worked out from (domain/retention.py):
its closure, the kinds of every live plan its children had, its episodes, its children's dates of
birth, due dates and deaths, and its last visit or meeting. Plain SQL both backends understand,
read by `fscli retention` (a Reader) and by the erasure (the command's own connection)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from fscli.domain.live_rows import live_sql, not_voided_sql
from fscli.domain.retention import CaseFacts, Child
from fscli.store.db import as_date, as_instant

Query = Callable[[str, dict], list[dict]]  # SQL with :name parameters -> rows as dicts


@dataclass(frozen=True)
class Case:
    id: int
    ref: str
    family: str
    facts: CaseFacts


def _where(case_id: int | None, column: str) -> str:
    return f" AND {column} = :case_id" if case_id is not None else ""


def read(query: Query, case_id: int | None = None) -> list[Case]:
    """Every case (or the one), in order of reference, with its facts."""
    params = {"case_id": case_id} if case_id is not None else {}
    cases = query("SELECT id, ref, family, closed_on FROM cases WHERE 1 = 1" + _where(case_id, "id") + " ORDER BY ref", params)
    plans = query(f"SELECT DISTINCT p.case_id, p.kind FROM plan p WHERE {live_sql('plan', 'p')}" + _where(case_id, "p.case_id"), params)
    episodes = query("SELECT DISTINCT e.case_id, e.kind FROM episode e WHERE 1 = 1" + _where(case_id, "e.case_id"), params)
    children = query("SELECT p.case_id, p.name, p.dob, p.due_on, p.died_on FROM person p WHERE p.role = 'child'" + _where(case_id, "p.case_id") + " ORDER BY p.name", params)
    last = query(
        f"SELECT k.case_id, max(k.on_date) AS on_date FROM contact k WHERE {not_voided_sql('k')}{_where(case_id, 'k.case_id')} GROUP BY k.case_id"
        f" UNION ALL SELECT m.case_id, max(m.on_date) FROM meeting m WHERE m.case_id IS NOT NULL AND {not_voided_sql('m')}{_where(case_id, 'm.case_id')} GROUP BY m.case_id",
        params,
    )
    kinds: dict[int, set[str]] = {}
    for row in plans:
        kinds.setdefault(row["case_id"], set()).add(row["kind"])
    works: dict[int, set[str]] = {}
    for row in episodes:
        works.setdefault(row["case_id"], set()).add(row["kind"])
    kids: dict[int, list[Child]] = {}
    for row in children:
        kids.setdefault(row["case_id"], []).append(Child(row["name"], as_date(row["dob"]), as_date(row["due_on"]), as_date(row["died_on"])))
    latest: dict[int, object] = {}
    for row in last:
        day = as_date(row["on_date"])
        if day is not None and (row["case_id"] not in latest or day > latest[row["case_id"]]):  # type: ignore[operator]
            latest[row["case_id"]] = day
    return [
        Case(row["id"], row["ref"], row["family"],
             CaseFacts(as_date(row["closed_on"]), frozenset(kinds.get(row["id"], ())), frozenset(works.get(row["id"], ())), tuple(kids.get(row["id"], ())), latest.get(row["id"])))  # type: ignore[arg-type]
        for row in cases
    ]  # fmt: skip


def erased_refs(query: Query) -> dict[str, object]:
    """Each reference an erasure names, upper-cased, with the day of its latest erasure."""
    found: dict[str, object] = {}
    for row in query("SELECT ref, erased_at FROM erasure ORDER BY id", {}):
        found[row["ref"].upper()] = as_instant(row["erased_at"]).date()  # type: ignore[union-attr]
    return found
