"""Two breakdowns of the summary against each other: `fscli summary --by plan --by age [--families]`.

The children of the period's cases (those 'fscli summary' counts as its Children) are put in the
groups of each breakdown: plan type and age band are each child's own; worker, referral source and
goal area are the family's, so each of its children's. A child with no group in one (no plan in the
period, no worker, no goal) is shown as such, never dropped, so each row's total is the children of
that group and the grand total is the summary's. A child on two plans, or in a family with two
workers, counts in each: a row's cells can add to more than its total.

With --families each cell counts families instead: those with a child in both groups (the same
child: a family with a baby on a CP plan and a 14-year-old on Early Help is under CP and under 1,
not under CP and 10-15). The grand total is the summary's Families; a family with no child
recorded is under '(no children)' in a breakdown of the children's own groups.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import NamedTuple

from fscli.domain import processing
from fscli.domain.live_rows import live_sql
from fscli.errors import InvalidInput
from fscli.reports.spec import Column, Report
from fscli.reports.summary import BANDS, Period, _band_sql, _cases_in, held_back, with_held_back
from fscli.store.db import Reader

NAMES = {"plan": "Plan type", "age": "Age band", "worker": "Worker", "source": "Referral source", "area": "Goal area"}
NONE = {"plan": "no plan", "age": "age not recorded", "worker": "(unallocated)", "source": "(no source)", "area": "(no goals)"}
CHILDS_OWN = ("plan", "age")  # a child's own groups; the others are the family's, so each of its children's
NO_CHILDREN = "(no children)"  # a family with no child recorded, in a breakdown of the children's own groups
UNITS = {"children": ("Children", "All children"), "families": ("Families", "All families")}

# The children of the period's cases, as the summary's total counts them, with what `join` adds.
CHILDREN = "FROM person pe JOIN cases c ON c.id = pe.case_id {join} WHERE {where} AND pe.role = 'child' AND (pe.died_on IS NULL OR pe.died_on >= :p_start) AND {counted}"
IN_PERIOD = "{t}.start_on <= :p_end AND ({t}.end_on IS NULL OR {t}.end_on >= :p_start)"


def _children(where: str, join: str = "") -> str:
    return CHILDREN.format(join=join, where=where, counted=processing.counted_person_sql("pe.id"))


def _known(by: str) -> list[tuple[str, str]]:
    """The groups a breakdown always has, whether anyone is in them or not (code, label), in order."""
    if by == "plan":
        from fscli.domain.codes import PLAN_TYPE

        return [(c.code, c.label) for c in PLAN_TYPE.codes]
    return [(b, b) for b in BANDS] if by == "age" else []


def _groups(reader: Reader, period: Period, by: str) -> tuple[dict[int, set[str]], list[tuple[str, str]]]:
    """The groups in breakdown `by`, and the groups in order (code, label): for plan and age, each
    child's (child id to codes); for the rest, each family's (case id to codes)."""
    where, params = _cases_in(period)
    labels: dict[str, str] = {}
    order = _known(by)
    if by == "plan":  # the child's own plans in the period
        join = f"JOIN plan p ON p.person_id = pe.id AND {IN_PERIOD.format(t='p')} AND {live_sql('plan', 'p')}"
        rows = reader.tuples(f"SELECT pe.id, p.kind {_children(where, join)}", params)
    elif by == "age":  # on the period's last day
        band, years = _band_sql(period.end)
        rows = reader.tuples(f"SELECT pe.id, {band} {_children(where)}", {**params, **years})
    elif by == "worker":  # the family's workers in the period, in any role
        join = f"JOIN allocation a ON a.case_id = c.id AND {IN_PERIOD.format(t='a')} JOIN worker w ON w.id = a.worker_id"
        rows = reader.tuples(f"SELECT c.id, w.name FROM cases c {join} WHERE {where}", params)
    elif by == "source":  # the family's referral source
        from fscli.domain.codes import REFERRAL_SOURCE

        rows = reader.tuples(f"SELECT c.id, c.referral_source FROM cases c WHERE {where} AND c.referral_source IS NOT NULL", params)
        labels = {code: REFERRAL_SOURCE.label(code) for _, code in rows}
    else:  # area: the areas of the family's goals
        join = f"JOIN goal g ON g.case_id = c.id AND {live_sql('goal', 'g')} AND {processing.counted_person_sql('g.person_id')}"
        rows = reader.tuples(f"SELECT c.id, coalesce(g.area, '(no area)') FROM cases c {join} WHERE {where}", params)
    found: dict[int, set[str]] = defaultdict(set)
    for unit, group in rows:
        found[unit].add(group)
    seen = {g for groups in found.values() for g in groups}
    listed = [(code, label) for code, label in order if code in seen]
    listed += sorted(((g, labels.get(g, g)) for g in seen if g not in {code for code, _ in order}), key=lambda pair: pair[1].casefold())
    return found, listed


class _Universe(NamedTuple):
    children: dict[int, tuple[int, str]]  # child id: (case id, name)
    families: dict[int, tuple[str, str]]  # case id: (ref, family)


def _universe(reader: Reader, period: Period) -> _Universe:
    """The period's children and families, as the summary counts them."""
    where, params = _cases_in(period)
    children = {person_id: (case_id, name) for person_id, case_id, name in reader.tuples(f"SELECT pe.id, c.id, pe.name {_children(where)}", params)}
    families = {case_id: (ref, family) for case_id, ref, family in reader.tuples(f"SELECT c.id, c.ref, c.family FROM cases c WHERE {where}", params)}
    return _Universe(children, families)


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
    """What each cell, row and column of a cross-tab counts: its children's person ids, or with
    unit 'families' its families' case ids; so that a document (reports/team_dashboard.py) and a
    cell's list (cell_report) name the same ones the table counts."""

    counted: set[int]  # every child (or family) of the table: the grand total's
    row_groups: list[tuple[str, str]]  # (code, label), in order, 'no plan' and the like included
    col_groups: list[tuple[str, str]]
    cells: dict[tuple[str, str], set[int]]
    rows: dict[str, set[int]]
    cols: dict[str, set[int]]
    unit: str
    universe: _Universe
    # Each one counted, with its members: (the child, or None for a family with no child recorded;
    # its row groups; its column groups). A child is its own one member; a family has one a child,
    # so a cell holds the families with a child in both groups.
    members: dict[int, list[tuple[int | None, set[str], set[str]]]]


def tabulate(reader: Reader, period: Period, rows_by: str, columns_by: str, *, unit: str = "children") -> Tabulated:
    """Children (or families) of the period's cases by `rows_by` against `columns_by`, each group's."""
    universe = _universe(reader, period)
    found = {by: _groups(reader, period, by) for by in (rows_by, columns_by)}

    def groups(by: str, child: int | None, family: int) -> set[str]:
        """A child's groups in one breakdown (None: the family has no child recorded)."""
        if by in CHILDS_OWN:
            return {NO_CHILDREN} if child is None else found[by][0].get(child) or {NONE[by]}
        return found[by][0].get(family) or {NONE[by]}

    members: dict[int, list[tuple[int | None, set[str], set[str]]]] = defaultdict(list)
    for child, (family, _name) in universe.children.items():
        members[child if unit == "children" else family].append((child, groups(rows_by, child, family), groups(columns_by, child, family)))
    if unit == "families":
        for family in universe.families.keys() - members.keys():
            members[family].append((None, groups(rows_by, None, family), groups(columns_by, None, family)))
    cells: dict[tuple[str, str], set[int]] = defaultdict(set)
    row_total: dict[str, set[int]] = defaultdict(set)
    col_total: dict[str, set[int]] = defaultdict(set)
    for one, of_one in members.items():
        for r in set().union(*(rows for _child, rows, _cols in of_one)):
            row_total[r].add(one)
        for c in set().union(*(cols for _child, _rows, cols in of_one)):
            col_total[c].add(one)
        for r, c in {(r, c) for _child, rows, cols in of_one for r in rows for c in cols}:
            cells[r, c].add(one)
    present = row_total.keys() | col_total.keys()
    listed = {}
    for by in (rows_by, columns_by):
        listed[by] = list(found[by][1])
        listed[by] += [(extra, extra) for extra in (NONE[by], NO_CHILDREN) if extra in present and extra not in {code for code, _ in listed[by]}]
    return Tabulated(set(members), listed[rows_by], listed[columns_by], cells, row_total, col_total, unit, universe, members)


def crosstab(reader: Reader, period: Period, rows_by: str, columns_by: str, *, unit: str = "children") -> Report:
    """Children (or families) of the period's cases by `rows_by` (rows) against `columns_by` (columns), with totals."""
    t = tabulate(reader, period, rows_by, columns_by, unit=unit)
    cells = {key: len(ids) for key, ids in t.cells.items()}
    row_total = {key: len(ids) for key, ids in t.rows.items()}
    col_total = {key: len(ids) for key, ids in t.cols.items()}
    what, everyone = UNITS[unit]
    taken: set[str] = set()
    keys = [(_key(code, taken), code, label) for code, label in t.col_groups]
    columns = [Column("group", NAMES[rows_by]), Column("label", "Meaning", in_table=False),
               *(Column(key, label, "int") for key, _code, label in keys), Column("total", everyone, "int")]  # fmt: skip
    out = [{"group": code, "label": label, **{key: cells.get((code, c), 0) for key, c, _ in keys}, "total": row_total.get(code, 0)} for code, label in t.row_groups]
    if out:
        out.append({"group": everyone, "label": "", **{key: col_total.get(c, 0) for key, c, _ in keys}, "total": len(t.counted)})
    if unit == "children":
        note = (f"Children of the cases {period.words()}, by {NAMES[rows_by].lower()} (rows) and {NAMES[columns_by].lower()} (columns). A child in two groups"
                " (two plans in the period, two workers, two goal areas) counts in each, so cells can add to more than a total; 'All children' counts each child once."
                f" 'fscli summary --by {rows_by} --by {columns_by} --list ROW,COLUMN' lists the children in a cell.")  # fmt: skip
    else:
        note = (f"Families of the cases {period.words()}, by {NAMES[rows_by].lower()} (rows) and {NAMES[columns_by].lower()} (columns): a family counts in a cell"
                " when one of its children is in both groups (a family's worker, referral source and goal areas are each child's). A family in two groups"
                f" (two children in two age bands, two workers) counts in each, so cells can add to more than a total; 'All families' counts each family once"
                f"{'; a family with no child recorded is under ' + repr(NO_CHILDREN) if NO_CHILDREN in row_total.keys() | col_total.keys() else ''}."
                f" 'fscli summary --by {rows_by} --by {columns_by} --families --list ROW,COLUMN' lists the families in a cell.")  # fmt: skip
    title = f"{what} by {NAMES[rows_by].lower()} and {NAMES[columns_by].lower()}"
    return Report(title, columns, out, empty=f"No {what.lower()} in the period's cases.", note=with_held_back(note, held_back(reader, period)))


CELL_COLUMNS = {
    # rows, columns: the child's (or the family's children's) groups in each breakdown, headed by its name
    "children": [Column("ref", "Case", "code"), Column("family", "Family"), Column("child", "Child"), Column("rows", "Rows"), Column("columns", "Columns")],
    "families": [Column("ref", "Case", "code"), Column("family", "Family"), Column("children", "Children in the cell"), Column("rows", "Rows"), Column("columns", "Columns")],
}


def _cell(listed: dict[str, list[tuple[str, str]]], rows_by: str, columns_by: str, unit: str, cell: str) -> tuple[str | None, str | None]:
    """The cell 'ROW,COLUMN' names: each a group's code or label as the table shows it, or 'all' (or
    the total's own name) for a total; None for a total. A comma inside a group's name (a worker's)
    is read as part of it when only one split names a cell."""
    everyone = UNITS[unit][1]

    def group(text: str, by: str, total: str) -> tuple[bool, str | None]:
        wanted = text.strip().casefold()
        if wanted in ("all", everyone.casefold(), total.casefold()):
            return True, None
        for code, label in listed[by] + _known(by):  # a group no one is in lists no one
            if wanted in (code.casefold(), label.casefold()):
                return True, code
        return False, None

    found = []
    for at in [i for i, ch in enumerate(cell) if ch == ","]:
        (row_ok, row), (col_ok, col) = group(cell[:at], rows_by, everyone), group(cell[at + 1 :], columns_by, "total")
        if row_ok and col_ok:
            found.append((row, col))
    if len(found) != 1:
        some = ", ".join(code for code, _ in listed[columns_by][:3])
        raise InvalidInput("--list", cell, f"is not one cell of the table of {NAMES[rows_by].lower()} by {NAMES[columns_by].lower()}",
                           hint=f"give ROW,COLUMN as the table names them ('all' for a total), e.g. all,{some.split(', ')[0] if some else 'all'}")  # fmt: skip
    return found[0]


def cell_report(reader: Reader, period: Period, rows_by: str, columns_by: str, cell: str, *, unit: str = "children") -> Report:
    """The children (or families) in one cell of the cross-tab, one a row: the ones the cell counts."""
    t = tabulate(reader, period, rows_by, columns_by, unit=unit)
    row, column = _cell({rows_by: t.row_groups, columns_by: t.col_groups}, rows_by, columns_by, unit, cell)
    if row is not None and column is not None:
        inside = t.cells.get((row, column), set())
    else:
        inside = t.rows.get(row, set()) if row is not None else t.cols.get(column, set()) if column is not None else t.counted
    children, families = t.universe.children, t.universe.families
    out = []
    for one in inside:
        # The members that put it in the cell: the child, or those of a family's children in both groups.
        of_one = [m for m in t.members[one] if (row is None or row in m[1]) and (column is None or column in m[2])]
        ref, name = families[children[one][0] if unit == "children" else one]
        shown = {"ref": ref, "family": name, "rows": "; ".join(sorted(set().union(*(m[1] for m in of_one)))), "columns": "; ".join(sorted(set().union(*(m[2] for m in of_one))))}
        if unit == "children":
            shown["child"] = children[one][1]
        else:
            shown["children"] = ", ".join(sorted(children[m[0]][1] for m in of_one if m[0] is not None)) or NO_CHILDREN
        out.append(shown)
    out.sort(key=lambda r: (r["ref"], r.get("child") or ""))
    where = f"{'all' if row is None else row}, {'all' if column is None else column}"
    what = UNITS[unit][0]
    counted_as = ("child" if unit == "children" else "family") if len(out) == 1 else what.lower()
    note = f"{len(out)} {counted_as} in the cell ({NAMES[rows_by].lower()} {'any' if row is None else row}; {NAMES[columns_by].lower()} {'any' if column is None else column}), as the table counts them."
    columns = [replace(c, header=NAMES[rows_by] if c.key == "rows" else NAMES[columns_by] if c.key == "columns" else c.header) for c in CELL_COLUMNS[unit]]
    return Report(f"{what} in ({where}) of {NAMES[rows_by].lower()} by {NAMES[columns_by].lower()}", columns, out,
                  empty=f"No {what.lower()} in that cell {period.words()}.", note=with_held_back(note, held_back(reader, period)))  # fmt: skip
