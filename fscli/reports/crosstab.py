"""Two breakdowns of the summary against each other: `fscli summary --by plan --by age`.

The children of the period's cases (those 'fscli summary' counts as its Children) are put in the
groups of each breakdown: plan type, age band, worker, referral source, goal area. A child with no
group in one (no plan in the period, no worker, no goal) is shown as such, never dropped, so each
row's total is the children of that group and the grand total is the summary's. A child on two
plans, or in a family with two workers, counts in each: a row's cells can add to more than its total.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from fscli.domain import processing
from fscli.domain.live_rows import live_sql
from fscli.reports.spec import Column, Report
from fscli.reports.summary import BANDS, Period, _band_sql, _cases_in, held_back, with_held_back
from fscli.store.db import Reader

NAMES = {"plan": "Plan type", "age": "Age band", "worker": "Worker", "source": "Referral source", "area": "Goal area"}
NONE = {"plan": "no plan", "age": "age not recorded", "worker": "(unallocated)", "source": "(no source)", "area": "(no goals)"}

# The children of the period's cases, as the summary's total counts them, with what `join` adds.
CHILDREN = "FROM person pe JOIN cases c ON c.id = pe.case_id {join} WHERE {where} AND pe.role = 'child' AND (pe.died_on IS NULL OR pe.died_on >= :p_start) AND {counted}"
IN_PERIOD = "{t}.start_on <= :p_end AND ({t}.end_on IS NULL OR {t}.end_on >= :p_start)"


def _children(where: str, join: str = "") -> str:
    return CHILDREN.format(join=join, where=where, counted=processing.counted_person_sql("pe.id"))


def _groups(reader: Reader, period: Period, by: str) -> tuple[dict[int, set[str]], list[tuple[str, str]]]:
    """Each child's groups in breakdown `by` (child id to codes), and the groups in order (code, label)."""
    where, params = _cases_in(period)
    labels: dict[str, str] = {}
    order: list[tuple[str, str]] = []
    if by == "plan":  # the child's own plans in the period
        from fscli.domain.codes import PLAN_TYPE

        join = f"JOIN plan p ON p.person_id = pe.id AND {IN_PERIOD.format(t='p')} AND {live_sql('plan', 'p')}"
        rows = reader.tuples(f"SELECT pe.id, p.kind {_children(where, join)}", params)
        order = [(c.code, c.label) for c in PLAN_TYPE.codes]
    elif by == "age":  # on the period's last day
        band, years = _band_sql(period.end)
        rows = reader.tuples(f"SELECT pe.id, {band} {_children(where)}", {**params, **years})
        order = [(b, b) for b in BANDS]
    elif by == "worker":  # the family's workers in the period, in any role
        join = f"JOIN allocation a ON a.case_id = c.id AND {IN_PERIOD.format(t='a')} JOIN worker w ON w.id = a.worker_id"
        rows = reader.tuples(f"SELECT pe.id, w.name {_children(where, join)}", params)
    elif by == "source":  # the family's referral source
        from fscli.domain.codes import REFERRAL_SOURCE

        rows = reader.tuples(f"SELECT pe.id, c.referral_source {_children(where)} AND c.referral_source IS NOT NULL", params)
        labels = {code: REFERRAL_SOURCE.label(code) for _, code in rows}
    else:  # area: the areas of the family's goals
        join = f"JOIN goal g ON g.case_id = c.id AND {live_sql('goal', 'g')} AND {processing.counted_person_sql('g.person_id')}"
        rows = reader.tuples(f"SELECT pe.id, coalesce(g.area, '(no area)') {_children(where, join)}", params)
    found: dict[int, set[str]] = defaultdict(set)
    for person_id, group in rows:
        found[person_id].add(group)
    seen = {g for groups in found.values() for g in groups}
    listed = [(code, label) for code, label in order if code in seen]
    listed += sorted(((g, labels.get(g, g)) for g in seen if g not in {code for code, _ in order}), key=lambda pair: pair[1].casefold())
    return found, listed


def _universe(reader: Reader, period: Period) -> set[int]:
    where, params = _cases_in(period)
    return {person_id for (person_id,) in reader.tuples(f"SELECT pe.id {_children(where)}", params)}


def _key(code: str, taken: set[str]) -> str:
    """A stable snake_case machine key for a group (its JSON key and CSV header)."""
    key = re.sub(r"[^a-z0-9]+", "_", code.casefold()).strip("_") or "group"
    key = f"g_{key}" if key in ("group", "label", "total") else key
    while key in taken:
        key += "_"
    taken.add(key)
    return key


@dataclass
class Tabulated:
    """The children of each cell, row and column of a cross-tab (person ids): what each number
    counts, so that a document can list the children behind it (reports/dashboard.py)."""

    children: set[int]
    row_groups: list[tuple[str, str]]  # (code, label), in order, 'no plan' and the like included
    col_groups: list[tuple[str, str]]
    cells: dict[tuple[str, str], set[int]]
    rows: dict[str, set[int]]
    cols: dict[str, set[int]]


def tabulate(reader: Reader, period: Period, rows_by: str, columns_by: str) -> Tabulated:
    """Children of the period's cases by `rows_by` against `columns_by`, each group's children."""
    children = _universe(reader, period)
    row_of, row_groups = _groups(reader, period, rows_by)
    col_of, col_groups = _groups(reader, period, columns_by)

    def groups(found: dict[int, set[str]], by: str, child: int) -> set[str]:
        return (found.get(child) or {NONE[by]}) if child in children else set()

    for by, listed, found in ((rows_by, row_groups, row_of), (columns_by, col_groups, col_of)):
        if any(not found.get(child) for child in children) and NONE[by] not in {code for code, _ in listed}:
            listed.append((NONE[by], NONE[by]))
    cells: dict[tuple[str, str], set[int]] = defaultdict(set)
    row_total: dict[str, set[int]] = defaultdict(set)
    col_total: dict[str, set[int]] = defaultdict(set)
    for child in children:
        across = groups(col_of, columns_by, child)
        for r in groups(row_of, rows_by, child):
            row_total[r].add(child)
            for c in across:
                cells[r, c].add(child)
        for c in across:
            col_total[c].add(child)
    return Tabulated(children, row_groups, col_groups, cells, row_total, col_total)


def crosstab(reader: Reader, period: Period, rows_by: str, columns_by: str) -> Report:
    """Children of the period's cases by `rows_by` (rows) against `columns_by` (columns), with totals."""
    t = tabulate(reader, period, rows_by, columns_by)
    children, row_groups, col_groups = t.children, t.row_groups, t.col_groups
    cells = {key: len(ids) for key, ids in t.cells.items()}
    row_total = {key: len(ids) for key, ids in t.rows.items()}
    col_total = {key: len(ids) for key, ids in t.cols.items()}
    taken: set[str] = set()
    keys = [(_key(code, taken), code, label) for code, label in col_groups]
    columns = [Column("group", NAMES[rows_by]), Column("label", "Meaning", in_table=False),
               *(Column(key, label, "int") for key, _code, label in keys), Column("total", "All children", "int")]  # fmt: skip
    out = [{"group": code, "label": label, **{key: cells.get((code, c), 0) for key, c, _ in keys}, "total": row_total.get(code, 0)} for code, label in row_groups]
    if out:
        out.append({"group": "All children", "label": "", **{key: col_total.get(c, 0) for key, c, _ in keys}, "total": len(children)})
    note = (f"Children of the cases {period.words()}, by {NAMES[rows_by].lower()} (rows) and {NAMES[columns_by].lower()} (columns). A child in two groups"
            " (two plans in the period, two workers, two goal areas) counts in each, so cells can add to more than a total; 'All children' counts each child once.")  # fmt: skip
    title = f"Children by {NAMES[rows_by].lower()} and {NAMES[columns_by].lower()}"
    return Report(title, columns, out, empty="No children in the period's cases.", note=with_held_back(note, held_back(reader, period)))
