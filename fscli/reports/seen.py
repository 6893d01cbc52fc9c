"""Which cases a view showed, for its access row (store/access.py; `fscli audit REF --views`).

A logged view (AppContext.view) is built first; then one of these names the cases it showed, on
the same reader, in the same transaction. They name cases by id, never a value of the record."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fscli.reports.lookups import find_case, find_goal
from fscli.store.db import Reader

Cases = Callable[[Reader, Any], list[int]]
CHUNK = 500  # references looked up at once: well under either backend's limit on bound values


def the_case(ref: str) -> Cases:
    """The one case named on the command line (already found by the view, so it is there)."""
    return lambda reader, _view: [find_case(reader, ref)["id"]]


def the_goals_case(goal: str, me: str | None) -> Cases:
    """The case of the goal named (FS-0001/2, or a bare number on one of my open cases)."""
    return lambda reader, _view: [find_case(reader, find_goal(reader, goal, me=me)["ref"])["id"]]


def listed(reader: Reader, report: Any) -> list[int]:
    """Every case a listing shows a row of (its `ref` column): a search's results, a diary."""
    return named(reader, {row["ref"] for row in report.rows if row.get("ref")})


def in_lists(reader: Reader, board: Any) -> list[int]:
    """Every case a document's lists show a row of (the manager's dashboard: reports/team_dashboard.py;
    a row each of (ref, family, child, date, why), and only the rows it prints of a longer list)."""
    return named(reader, {row[0] for listing in board.listings for row in listing.shown if row[0]})


def named(reader: Reader, found: set[str]) -> list[int]:
    """The ids of the cases whose references are `found`."""
    refs = sorted(found)
    ids: list[int] = []
    for start in range(0, len(refs), CHUNK):
        chunk = refs[start : start + CHUNK]
        names = {f"r{i}": ref for i, ref in enumerate(chunk)}
        ids += [row[0] for row in reader.tuples(f"SELECT id FROM cases WHERE ref IN ({', '.join(':' + n for n in names)})", names)]
    return ids

