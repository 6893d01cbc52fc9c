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

from fscli.domain import processing
from fscli.domain.live_rows import live_sql
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


def _groups(reader: Reader, period: Period, by: str) -> tuple[dict[int, set[str]], list[tuple[str, str]]]:
    """The groups in breakdown `by`, and the groups in order (code, label): for plan and age, each
    child's (child id to codes); for the rest, each family's (case id to codes)."""
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


def _universe(reader: Reader, period: Period) -> tuple[dict[int, int], set[int]]:
    """The period's children (child id to case id), and its families (case ids), as the summary counts them."""
    where, params = _cases_in(period)
    children = dict(reader.tuples(f"SELECT pe.id, c.id {_children(where)}", params))
    families = {case_id for (case_id,) in reader.tuples(f"SELECT c.id FROM cases c WHERE {where}", params)}
    return children, families


def _key(code: str, taken: set[str]) -> str:
    """A stable snake_case machine key for a group (its JSON key and CSV header)."""
    key = re.sub(r"[^a-z0-9]+", "_", code.casefold()).strip("_") or "group"
    key = f"g_{key}" if key in ("group", "label", "total") else key
    while key in taken:
        key += "_"
    taken.add(key)
    return key


def crosstab(reader: Reader, period: Period, rows_by: str, columns_by: str, *, unit: str = "children") -> Report:
    """Children (or families) of the period's cases by `rows_by` (rows) against `columns_by` (columns), with totals."""
    children, families = _universe(reader, period)
    found = {by: _groups(reader, period, by) for by in (rows_by, columns_by)}

    def groups(by: str, child: int | None, family: int) -> set[str]:
        """A child's groups in one breakdown (None: the family has no child recorded)."""
        if by in CHILDS_OWN:
            return {NO_CHILDREN} if child is None else found[by][0].get(child) or {NONE[by]}
        return found[by][0].get(family) or {NONE[by]}

    # Each thing counted (a child, or a family), with its members' (row groups, column groups): a
    # child's own; a family's, one pair a child, so a cell holds the families with a child in both.
    members: dict[int, list[tuple[set[str], set[str]]]] = defaultdict(list)
    if unit == "children":
        for child, family in children.items():
            members[child].append((groups(rows_by, child, family), groups(columns_by, child, family)))
    else:
        for child, family in children.items():
            members[family].append((groups(rows_by, child, family), groups(columns_by, child, family)))
        for family in families - set(members):
            members[family].append((groups(rows_by, None, family), groups(columns_by, None, family)))
    cells: dict[tuple[str, str], int] = defaultdict(int)
    row_total: dict[str, int] = defaultdict(int)
    col_total: dict[str, int] = defaultdict(int)
    for of_one in members.values():
        for r in set().union(*(rows for rows, _ in of_one)):
            row_total[r] += 1
        for c in set().union(*(cols for _, cols in of_one)):
            col_total[c] += 1
        for r, c in {(r, c) for rows, cols in of_one for r in rows for c in cols}:
            cells[r, c] += 1
    listed = {}
    for by in (rows_by, columns_by):
        listed[by] = list(found[by][1])
        listed[by] += [(extra, extra) for extra in (NONE[by], NO_CHILDREN) if extra in row_total.keys() | col_total.keys() and extra not in {code for code, _ in listed[by]}]
    what, everyone = UNITS[unit]
    taken: set[str] = set()
    keys = [(_key(code, taken), code, label) for code, label in listed[columns_by]]
    columns = [Column("group", NAMES[rows_by]), Column("label", "Meaning", in_table=False),
               *(Column(key, label, "int") for key, _code, label in keys), Column("total", everyone, "int")]  # fmt: skip
    out = [{"group": code, "label": label, **{key: cells[code, c] for key, c, _ in keys}, "total": row_total[code]} for code, label in listed[rows_by]]
    if out:
        out.append({"group": everyone, "label": "", **{key: col_total[c] for key, c, _ in keys}, "total": len(members)})
    if unit == "children":
        note = (f"Children of the cases {period.words()}, by {NAMES[rows_by].lower()} (rows) and {NAMES[columns_by].lower()} (columns). A child in two groups"
                " (two plans in the period, two workers, two goal areas) counts in each, so cells can add to more than a total; 'All children' counts each child once.")  # fmt: skip
    else:
        note = (f"Families of the cases {period.words()}, by {NAMES[rows_by].lower()} (rows) and {NAMES[columns_by].lower()} (columns): a family counts in a cell"
                " when one of its children is in both groups (a family's worker, referral source and goal areas are each child's). A family in two groups"
                f" (two children in two age bands, two workers) counts in each, so cells can add to more than a total; 'All families' counts each family once"
                f"{'; a family with no child recorded is under ' + repr(NO_CHILDREN) if NO_CHILDREN in row_total.keys() | col_total.keys() else ''}.")  # fmt: skip
    title = f"{what} by {NAMES[rows_by].lower()} and {NAMES[columns_by].lower()}"
    return Report(title, columns, out, empty=f"No {what.lower()} in the period's cases.", note=with_held_back(note, held_back(reader, period)))
