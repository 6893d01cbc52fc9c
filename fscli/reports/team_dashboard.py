"""What the manager's dashboard is made of (`fscli summary --dashboard`): the team's overdue items,
children by plan type and age band, workers' caseloads and continuity, the indicators and the
panel's cohorts, each number with the list of children, families or items it counts.

Every figure is taken from the report that shows it on the terminal (reports/due.py, crosstab.py,
summary.py, indicators.py, cohorts.py), and every list from the same rows: an indicator's from
`drilldown.members()`, a cross-tab cell's from the children `crosstab.tabulate()` put in it, a
caseload's from `summary.caseloads()`. A number is a `Count`, made only from its list, so the
number printed is the length of the list it links to (tests/cli/test_summary_dashboard.py reads
every one back). A document leaves fscli, so no case or person under restriction of processing is
in it: the figures leave them out already, and the overdue items of such a case or child are left
out here.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from fscli.domain import processing
from fscli.domain.codes import PLAN_TYPE
from fscli.domain.timescales import Profile
from fscli.domain.workdays import WorkingCalendar
from fscli.reports.drilldown import date_of
from fscli.reports.spec import Column
from fscli.reports.summary import Period, _band_sql, _cases_in, held_back
from fscli.store.db import Reader, as_date

# Every list is rows of these: who (the case, the family, the child), a date and why the row counts.
# A row is a tuple in this order (a council's lists hold hundreds of thousands of them).
LIST_COLUMNS = [Column("ref", "Case", "code"), Column("family", "Family"), Column("child", "Child"), Column("on_date", "Date", "date"), Column("detail", "Why it counts")]
Row = tuple  # (ref, family, child, on_date, detail)

# The most rows of one list the document prints. A team's lists are shorter, so every one is
# printed whole and is as long as its number. A council's are not: 27,000 overdue items or 49,000
# children are no page anyone reads, and a file of them all is more than a browser opens. A longer
# list prints its first LIST_ROWS rows, says it is the first so many of how many, and names the
# command that prints it whole (a spreadsheet's CSV), or the one worker's dashboard (--worker)
# whose lists are short enough to print whole (docs/architecture.md, "The manager's dashboard").
LIST_ROWS = 500


@dataclass
class Listing:
    key: str  # the anchor of its section: letters, digits and hyphens
    title: str
    length: int  # its rows, every one counted: the number that links to it
    shown: list[Row]  # the rows the document prints: every one, or the first LIST_ROWS (the rest are not kept)
    dated: str | None = None  # what the Date column is ("Due", "Closed", "Born"); None: the rows have no date
    whole: str | None = None  # the command that prints the whole list, for one longer than LIST_ROWS
    also: list[str] = field(default_factory=list)  # the other numbers behind which is the very same list


@dataclass
class Count:
    """A number in the document and the list it counts: the number is the list's length."""

    listing: Listing

    @property
    def value(self) -> int:
        return self.listing.length


@dataclass
class Average:
    """A mean or a median, with the list it is taken over (not a count of it)."""

    value: float | int | None
    words: str
    over: Count


@dataclass
class IndicatorFigure:
    key: str
    name: str
    value: str  # as 'summary --indicators' says it
    definition: str
    numerator: Count | None  # None: an average (drilldown.AVERAGES)
    denominator: Count
    average: Average | None = None


@dataclass
class Dashboard:
    title: str
    made_on: date
    period: Period
    about: str
    overdue: Count
    overdue_by_kind: list[tuple[str, Count]]
    tab_columns: list[str]
    tab_rows: list[tuple[str, list[Count], Count]]  # plan type, its cell per age band, its total
    tab_totals: tuple[list[Count], Count]
    caseloads: list[tuple[str, str, Count, Count | None]]  # worker, roles, families, children (None: unallocated)
    continuity: list[IndicatorFigure]
    indicators: list[IndicatorFigure]
    cohort_facts: list[tuple[str, str]]
    families_improved: tuple[Count, Count]  # improved, counted
    kept_at_home: tuple[Count, Count]
    by_kind: list[tuple[str, str, str, Count, Count]]  # kind (its code), its label, success in words, succeeded, children
    areas: list[tuple[str, Count, Count, float, float, float]]  # area, families, goals, first, last, movement
    ended_families: Count
    notes: list[str] = field(default_factory=list)
    listings: list[Listing] = field(default_factory=list)

    @property
    def list_rows(self) -> int:
        return LIST_ROWS

    @property
    def cut(self) -> bool:
        """Some list is longer than the document prints (a council's)."""
        return any(listing.length > len(listing.shown) for listing in self.listings)

    @property
    def is_empty(self) -> bool:
        return not (self.overdue.value or self.tab_totals[1].value or self.caseloads or self.ended_families.value)


class _Lists:
    """The document's lists, each under a unique anchor, in the order the document shows them. The
    same rows behind two numbers (the step-ups' children and the step-downs', the cases open past 12
    and past 16 weeks) are one list, printed once, that both numbers link to."""

    def __init__(self, period: Period) -> None:
        self.made: list[Listing] = []
        self.keys: set[str] = set()
        self.seen: dict[tuple, Listing] = {}
        self.period = period

    def count(self, key: str, title: str, rows: list[Row], *, dated: str | None = None, whole: str | None = None) -> Count:
        if not any(r[3] for r in rows):
            dated = None
        # The rows are not kept past what is printed: a list is known again by its length, its
        # rows' hash and its printed rows (two different lists alike in all three: never in practice).
        shown = rows[:LIST_ROWS]
        same = (dated, len(rows), hash(tuple(rows)), tuple(shown))
        if rows and (listing := self.seen.get(same)):
            listing.also.append(title)
            return Count(listing)
        slug = "list-" + (re.sub(r"[^a-z0-9]+", "-", key.casefold()).strip("-") or "x")
        unique, n = slug, 1
        while unique in self.keys:
            n += 1
            unique = f"{slug}-{n}"
        self.keys.add(unique)
        listing = Listing(unique, title, len(rows), shown, dated, whole if len(rows) > LIST_ROWS else None)
        if rows:
            self.seen[same] = listing
        self.made.append(listing)
        return Count(listing)

    def command(self, *words: str) -> str:
        """The terminal's command for a list, over the document's period, as CSV for a spreadsheet."""
        import shlex

        period = self.period
        said = [*words, "--from", f"{period.start:%d/%m/%Y}", "--to", f"{period.end:%d/%m/%Y}", *(("--worker", period.worker) if period.worker else ()), "-f", "csv"]
        return "fscli summary " + " ".join(shlex.quote(w) for w in said)


def _row(ref: str | None, family: str | None, *, child: str | None = None, on_date: date | None = None, detail: str = "") -> Row:
    return (ref, family, child, on_date, detail)


def _rows(found: list[dict]) -> list[Row]:
    """drilldown's rows (dicts, as the terminal's list has them) as the document's."""
    return [(r["ref"], r["family"], r["child"], r["on_date"], r["detail"]) for r in found]


def _overdue(reader: Reader, lists: _Lists, period: Period, profile: Profile, calendar: WorkingCalendar, today: date) -> tuple[Count, list[tuple[str, Count]]]:
    """The team's overdue items today, as 'fscli due' lists them for the whole caseload (or the
    worker's duties with --worker), leaving out a case or child under restriction of processing."""
    from fscli.domain.due import kind_of
    from fscli.reports.due import Scope, owned_items

    scope = Scope(worker=period.worker) if period.worker else Scope()
    held_cases = {case_id for (case_id,) in reader.tuples(processing.HELD_CASES_SQL, {})}
    held_people = {(case_id, name) for case_id, name in reader.tuples(f"SELECT pe.case_id, pe.name FROM person pe WHERE pe.id IN ({processing.HELD_PEOPLE_SQL})", {})}
    items = [i for i in owned_items(reader, scope, profile, calendar, today, until=today)
             if i.due_on < today and i.case_id not in held_cases and (i.case_id, i.child) not in held_people]  # fmt: skip
    kinds: dict[str, list[Row]] = defaultdict(list)
    every = []
    for i in items:
        row = _row(i.ref or None, i.family or None, child=i.child, on_date=i.due_on, detail=f"{i.what}; {i.state(today)}; {i.whose}")
        every.append(row)
        kinds[kind_of(i.rule, profile)].append(row)
    total = lists.count("overdue", f"Overdue on {today:%d/%m/%Y}: every item", every, dated="Due")
    by_kind = [(kind, lists.count(f"overdue-{kind}", f"Overdue on {today:%d/%m/%Y}: {kind}", rows, dated="Due")) for kind, rows in sorted(kinds.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
    return total, by_kind


def _children_of_period(reader: Reader, period: Period) -> dict[int, tuple[str, str, str, date | None, int]]:
    """Every child of the period's cases (person id to case, family, name, date of birth, case id)."""
    where, params = _cases_in(period)
    return {pid: (ref, family, name, as_date(dob), case_id) for pid, ref, family, name, dob, case_id in reader.tuples(
        f"SELECT pe.id, c.ref, c.family, pe.name, pe.dob, c.id FROM person pe JOIN cases c ON c.id = pe.case_id WHERE {where} AND pe.role = 'child'", params)}  # fmt: skip


def _crosstab(reader: Reader, lists: _Lists, period: Period, children: dict) -> tuple[list[str], list[tuple[str, list[Count], Count]], tuple[list[Count], Count]]:
    from fscli.reports.crosstab import tabulate

    t = tabulate(reader, period, "plan", "age")
    band, years = _band_sql(period.end)
    bands = dict(reader.tuples(f"SELECT pe.id, {band} FROM person pe JOIN cases c ON c.id = pe.case_id WHERE {_cases_in(period)[0]} AND pe.role = 'child'", {**_cases_in(period)[1], **years}))

    def rows(ids: set[int], why: str) -> list[Row]:
        out = []
        for pid in ids:
            ref, family, name, dob, _case = children[pid]
            out.append(_row(ref, family, child=name, on_date=dob, detail=f"{why}; {bands.get(pid, 'age not recorded')} on {period.end:%d/%m/%Y}" if dob else why))
        return sorted(out, key=lambda r: (r[0], r[2]))

    def cell(key: str, title: str, ids: set[int], why: str, row: str, column: str) -> Count:
        return lists.count(key, title, rows(ids, why), dated="Born", whole=lists.command("--by", "plan", "--by", "age", "--list", f"{row},{column}"))

    columns = [label for _code, label in t.col_groups]
    body = []
    for code, label in t.row_groups:
        cells = [cell(f"tab-{code}-{c}", f"Children on {label}, aged {clabel}", t.cells.get((code, c), set()), label, code, c) for c, clabel in t.col_groups]
        body.append((label, cells, cell(f"tab-{code}", f"Children on {label}", t.rows.get(code, set()), label, code, "all")))
    totals = [cell(f"tab-age-{c}", f"Children aged {clabel}", t.cols.get(c, set()), "in the period's cases", "all", c) for c, clabel in t.col_groups]
    return columns, body, (totals, cell("tab-all", "All children of the period's cases", t.counted, "in the period's cases", "all", "all"))


def _caseloads(reader: Reader, lists: _Lists, period: Period) -> list[tuple[str, str, Count, Count | None]]:
    from fscli.reports.summary import caseloads

    loads = caseloads(reader, period)
    where, params = _cases_in(period)
    families = {case_id: (ref, family) for case_id, ref, family in reader.tuples(f"SELECT c.id, c.ref, c.family FROM cases c WHERE {where}", params)}
    kids: dict[int, list[str]] = defaultdict(list)
    for case_id, name in reader.tuples(f"SELECT pe.case_id, pe.name FROM person pe JOIN cases c ON c.id = pe.case_id WHERE {where} AND pe.role = 'child' AND {processing.counted_person_sql('pe.id')} ORDER BY pe.name", params):
        kids[case_id].append(name)
    out = []
    for name, cases in sorted(loads.held.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        held = sorted(cases, key=lambda case_id: families[case_id][0])
        family_rows = [_row(*families[c], detail=f"held by {name} in the period") for c in held]
        child_rows = [_row(*families[c], child=child, detail=f"a child of a family {name} held") for c in held for child in kids[c]]
        out.append((name, loads.roles[name], lists.count(f"worker-{name}", f"Families held by {name}", family_rows), lists.count(f"worker-{name}-children", f"Children of the families {name} held", child_rows)))
    if loads.unallocated:
        rows = [_row(*families[c], detail="no worker in the period") for c in sorted(loads.unallocated, key=lambda c: families[c][0])]
        out.append(("(unallocated)", "no worker in the period", lists.count("unallocated", "Families with no worker in the period", rows), None))
    return out


def _indicators(reader: Reader, lists: _Lists, period: Period, profile: Profile, calendar: WorkingCalendar, today: date) -> list[IndicatorFigure]:
    from fscli.reports.drilldown import AVERAGES, members
    from fscli.reports.indicators import indicators_report

    out = []
    for row in indicators_report([reader], period, profile, calendar, today).rows:
        key = row["key"]
        numerator, whole = members(reader, period, profile, calendar, today, key)
        dated = date_of(key)
        denominator = lists.count(f"ind-{key}-of", f"{row['indicator']}: every one it counts from", _rows(whole), dated=dated,
                                  whole=lists.command("--indicators", "--list", key, "--denominator"))  # fmt: skip
        if key in AVERAGES:
            average = Average(row["numerator"], row["value"], denominator)
            out.append(IndicatorFigure(key, row["indicator"], row["value"], row["definition"], None, denominator, average))
        else:
            counted = lists.count(f"ind-{key}", f"{row['indicator']}: those in the figure", _rows(numerator), dated=dated, whole=lists.command("--indicators", "--list", key))
            out.append(IndicatorFigure(key, row["indicator"], row["value"], row["definition"], counted, denominator))
    return out


def _cohorts(reader: Reader, lists: _Lists, period: Period, profile: Profile, calendar: WorkingCalendar, today: date) -> dict:
    from fscli.reports import cohorts

    families = cohorts._families(reader, period)
    children = cohorts._children(reader, period, profile, calendar, today)
    follow_up = str(profile.interval("outcome-follow-up"))

    def family_row(f: dict) -> Row:
        change = "" if f["change"] is None else f"; first {f['first']:g}, last {f['last']:g} ({f['change']:+g})"
        return _row(f["ref"], f["family"], on_date=f["closed_on"], detail=f"closed after {f['weeks']:g} weeks; {f['verdict']}{change}")

    def child_row(c: dict) -> Row:
        return _row(c["ref"], c["family"], child=c["child"], on_date=c["ended_on"], detail=f"{PLAN_TYPE.label(c['kind'])}: {c['why']}")

    counted = cohorts.counted_families(families)
    kept = cohorts.kept_children(children)
    found = {
        "ended": lists.count("ended", "Families whose work ended in the period", [family_row(f) for f in families], dated="Closed"),
        "improved": (lists.count("cohort-improved", "Families whose work ended who improved", [family_row(f) for f in counted if f["verdict"] == "improved"], dated="Closed"),
                     lists.count("cohort-scored", "Families whose work ended, scored twice on a goal", [family_row(f) for f in counted], dated="Closed")),
        "kept": (lists.count("cohort-kept", "Children not looked after after the work", [child_row(c) for c in kept if c["success"] == "yes"], dated="Work ended"),
                 lists.count("cohort-children", "Children whose Early Help, CIN or CP work ended", [child_row(c) for c in kept], dated="Work ended")),
    }  # fmt: skip
    by_kind = []
    for row in cohorts._by_kind(children, follow_up):
        of_kind = [c for c in children if c["kind"] == row["kind"]]
        label = PLAN_TYPE.label(row["kind"]) or row["kind"]
        by_kind.append((row["kind"], label, row["definition"],
                        lists.count(f"kind-{row['kind']}-ok", f"{label}: children counted as a success", [child_row(c) for c in of_kind if c["success"] == "yes"], dated="Work ended"),
                        lists.count(f"kind-{row['kind']}", f"{label}: children whose work ended", [child_row(c) for c in of_kind], dated="Work ended")))  # fmt: skip
    areas = []
    for row in cohorts._areas(families):
        area = row["area"]
        goals = [(f, first, last) for f in families for a, first, last in f["goals"] if a == area]
        fams = sorted({f["ref"]: f for f, _, _ in goals}.values(), key=lambda f: f["ref"])
        areas.append((area, lists.count(f"area-{area}", f"{area}: families with a goal scored twice", [family_row(f) for f in fams], dated="Closed"),
                      lists.count(f"area-{area}-goals", f"{area}: goals scored twice by the family", [_row(f["ref"], f["family"], on_date=f["closed_on"], detail=f"{area}: first {first:g}, last {last:g}") for f, first, last in goals], dated="Closed"),
                      row["first"], row["last"], row["movement"]))  # fmt: skip
    found["by_kind"], found["areas"] = by_kind, areas
    return found


def dashboard(reader: Reader, period: Period, profile: Profile, calendar: WorkingCalendar, today: date) -> Dashboard:
    """The manager's dashboard for `period`, read on one reader (one snapshot)."""
    lists = _Lists(period)
    overdue, by_kind = _overdue(reader, lists, period, profile, calendar, today)
    children = _children_of_period(reader, period)
    columns, body, totals = _crosstab(reader, lists, period, children)
    loads = _caseloads(reader, lists, period)
    figures = _indicators(reader, lists, period, profile, calendar, today)
    continuity_keys = ("workers-per-family", "three-or-more-workers")
    cohort = _cohorts(reader, lists, period, profile, calendar, today)
    about = "the cases" if period.worker else "the whole team's cases"  # period.words() names the worker
    facts = [("Work ended", f"from {period.start:%d/%m/%Y} to {period.end:%d/%m/%Y}"), ("Follow-up", f"{profile.interval('outcome-follow-up')} after the work (outcome-follow-up)")]
    notes = [n for n in (held_back(reader, period),) if n]
    return Dashboard(
        title="Manager's dashboard", made_on=today, period=period, about=about, overdue=overdue, overdue_by_kind=by_kind,
        tab_columns=columns, tab_rows=body, tab_totals=totals, caseloads=loads,
        continuity=[f for f in figures if f.key in continuity_keys], indicators=[f for f in figures if f.key not in continuity_keys],
        cohort_facts=facts, families_improved=cohort["improved"], kept_at_home=cohort["kept"], by_kind=cohort["by_kind"], areas=cohort["areas"],
        ended_families=cohort["ended"], notes=notes, listings=lists.made,
    )  # fmt: skip

