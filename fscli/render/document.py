"""The one writer of documents people read (`fscli case page`): one self-contained HTML file from
a report's facts, through Jinja2 templates kept in the package (render/templates/).

Autoescape is on for every template and `StrictUndefined` turns a misspelt field into an error in
the tests rather than a blank in a family's plan. The page has its CSS and SVG inline and names no
URL at all, so it opens anywhere, offline, and prints on A4.
"""

from __future__ import annotations

from datetime import date
from functools import cache

from fscli.render import charts


@cache
def _environment():
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(loader=PackageLoader("fscli.render", "templates"), autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      finalize=_shown)  # fmt: skip
    env.filters["day"] = lambda d: f"{d:%a %d %B %Y}".replace(" 0", " ") if isinstance(d, date) else ""
    env.filters["number"] = lambda v: "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
    env.globals.update(charts=charts, cell=cell, columns_of=columns_of)
    return env


def _shown(value):
    """Every value a template prints, as a reader may see it: autoescape stops markup, and this
    spells out what escaping leaves (controls, zero-width and bidi characters, fscli/visible.py), so
    a right-to-left override pasted into a name cannot reverse the words a court or a family reads.
    Line breaks stay (a tab is four spaces); Markup the templates build themselves passes as it is."""
    from markupsafe import Markup

    from fscli.visible import visible

    if isinstance(value, str) and not isinstance(value, Markup):
        return visible(value)
    return value


def cell(value, kind: str = "text") -> str:
    """A value as a document prints it: as the table does (British dates, yes/no, nothing for None)."""
    from fscli.render.emit import human_value
    from fscli.reports.spec import Column

    return human_value(Column("", "", kind or "text"), value)


def columns_of(report, keys: tuple[str, ...] = ()) -> list:
    """The columns a document prints of a Report: those `keys` names, in that order, else the
    table's own (those for people: in the table, not the machine-only ones, nor the terminal's pictures)."""
    if keys:
        by_key = {c.key: c for c in report.columns}
        return [by_key[k] for k in keys if k in by_key]
    return [c for c in report.columns if c.in_table and c.in_machine]


def render(template: str, **facts) -> bytes:
    """The document `template` (a file in render/templates/) filled with `facts`, as UTF-8."""
    return _environment().get_template(template).render(**facts).encode("utf-8")


def _charts(goals, areas, raters: tuple[str, str], star_title: str, *, scales=None):
    """A line chart for each goal, and the star of its areas (None: no area scored); `scales`: the
    goals whose scales the star spans, when not `goals`."""
    lines = [(g, charts.line_chart(g.text, g.low, g.high, [(raters[0], [(p.on, p.value) for p in g.family]), (raters[1], [(p.on, p.value) for p in g.worker])])) for g in goals]
    scales = goals if scales is None else scales
    low, high = min((g.low for g in scales), default=0), max((g.high for g in scales), default=10)
    return lines, (charts.star(star_title, low, high, [(a.area, a.baseline, a.now) for a in areas]) if areas else None)


def plan_page(plan, *, made_by: str | None) -> bytes:
    """The family's plan on a page (reports/documents.py PlanOnAPage): each goal's chart has a line
    for each of the family who scored it, by name, and one for their worker; never a mean of the
    family's scores as if one of them gave it."""
    _, web = _charts([], plan.areas, ("", ""), "Your star: how things are in each area", scales=plan.goals)
    lines, palette = [], [charts.FAMILY, *charts.MORE_FAMILY]
    for g in plan.goals:
        family = list(g.family_by) or ([("You", g.family)] if g.family else [])
        styles = [palette[i % len(palette)] for i in range(len(family))]
        series = [(name, [(p.on, p.value) for p in points]) for name, points in family] + [("Your worker", [(p.on, p.value) for p in g.worker])]
        chart = charts.line_chart(g.text, g.low, g.high, series, styles=styles + [charts.WORKER])
        lines.append((g, chart, ["s-family"] * len(family) + ["s-worker"], family))
    return render("plan_page.html.j2", plan=plan, lines=lines, star=web, made_by=made_by, title=f"Our plan: {plan.family}")


def summary_page(summary, *, made_by: str | None) -> bytes:
    """The case summary, or the handover pack (reports/documents.py CaseSummary)."""
    lines, web = _charts(summary.goals, summary.areas, ("The family", "The worker"), "The family's scores by area, at the start and now")
    return render("summary.html.j2", summary=summary, lines=lines, star=web, made_by=made_by, title=summary.title)


def dashboard_page(board, *, made_by: str | None) -> bytes:
    """The manager's dashboard (reports/team_dashboard.py Dashboard): every count links to its list."""
    overdue = charts.bar_chart("Overdue items by kind", "items", [(kind, n.value) for kind, n in board.overdue_by_kind])
    plans = charts.bar_chart("Children by plan type", "children", [(label, total.value) for label, _cells, total in board.tab_rows])
    ages = charts.bar_chart("Children by age band", "children", list(zip(board.tab_columns, (n.value for n in board.tab_totals[0]))))
    loads = charts.bar_chart("Families per worker", "families", [(worker, families.value) for worker, _roles, families, _children in board.caseloads])
    shares = {f.key: charts.share_bar(f.name, f.numerator.value, f.denominator.value) for f in (*board.indicators, *board.continuity) if f.numerator is not None}
    cohort = {
        "improved": charts.share_bar("Families improved", board.families_improved[0].value, board.families_improved[1].value),
        "kept": charts.share_bar("Children not looked after", board.kept_at_home[0].value, board.kept_at_home[1].value),
        **{kind: charts.share_bar(f"{kind}: success", ok.value, of.value) for kind, _words, ok, of in board.by_kind},
    }
    return render("dashboard.html.j2", board=board, made_by=made_by, title=board.title, overdue_chart=overdue, plan_chart=plans, age_chart=ages,
                  load_chart=loads, shares=shares, cohort_charts=cohort)  # fmt: skip
