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
    env.filters["explained"] = explained
    env.globals.update(charts=charts, cell=cell, cell_html=cell_html, columns_of=columns_of)
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


def explained(text):
    """Text with each short word or code a reader elsewhere may not know (domain/glossary.py: s17,
    CLA, RC7) marked with its explanation, which a screen shows on pointing at it and a screen
    reader reads; the document's list of words and codes says the same on paper."""
    from markupsafe import Markup, escape

    from fscli.domain import glossary
    from fscli.visible import visible

    if text is None:
        return ""
    if isinstance(text, Markup):
        return text
    return Markup("").join(escape(visible(words)) if meaning is None else Markup('<abbr title="%s">%s</abbr>') % (meaning, words) for words, meaning in glossary.split(str(text)))


LONG_TOKEN = 24  # characters without a space after which a token may break anywhere (a URL, an email address)


NAME_WHOLE = 20  # a name up to this long stays on one line (as the terminal's table keeps it: Column.breaking)


def cell_html(value, kind: str = "text", breaking: str = "words"):
    """A table cell's text for the HTML, escaped: words are never broken (a column is as wide as
    its longest word), and only a token too long for any column (LONG_TOKEN characters without a
    space) is marked to break anywhere, so one long address cannot push the table off the page.
    A name (`breaking` "name") stays whole on paper while it is short (on a screen it may wrap, so
    the table fits a narrow window). Line breaks and blank
    lines are kept by the page's CSS (white-space: pre-line)."""
    from markupsafe import Markup, escape

    text = cell(value, kind)
    if breaking == "name":  # each name of a list ('Sam Okafor, Dee Mensah') whole on paper, the list wrapping after its commas
        return Markup(", ").join(Markup('<span class="whole">') + escape(name) + Markup("</span>") if len(name) <= NAME_WHOLE else _tokens(name) for name in text.split(", "))
    return _tokens(text)


def _tokens(text: str):
    import re

    from markupsafe import Markup, escape

    parts = re.split(rf"(\S{{{LONG_TOKEN},}})", text)
    return Markup("").join(Markup('<span class="long">') + escape(p) + Markup("</span>") if i % 2 else escape(p) for i, p in enumerate(parts))


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


STAR_AREAS = 3  # the fewest areas a star (radar) draws as a shape a reader can compare


def summary_page(summary, *, made_by: str | None) -> bytes:
    """The case summary, or the handover pack (reports/documents.py CaseSummary)."""
    lines, web = _charts(summary.goals, summary.areas, ("The family", "The worker"), "The family's scores by area, at the start and now")
    if len(summary.areas) < STAR_AREAS:  # one area is a bare spoke with two dots, two a line: the table says it
        web = None
    return render("summary.html.j2", summary=summary, lines=lines, star=web, made_by=made_by, title=summary.title)


CHART_WORKERS = 30  # the most workers the dashboard's caseload chart draws (those with the most families)


def dashboard_page(board, *, made_by: str | None) -> bytes:
    """The manager's dashboard (reports/team_dashboard.py Dashboard): every count links to its list."""
    overdue = charts.bar_chart("Overdue items by kind", "items", [(kind, n.value) for kind, n in board.overdue_by_kind])
    plans = charts.bar_chart("Children by plan type", "children", [(label, total.value) for label, _cells, total in board.tab_rows])
    ages = charts.bar_chart("Children by age band", "children", list(zip(board.tab_columns, (n.value for n in board.tab_totals[0]))))
    # A council's 500 workers would draw a chart 13,000 pixels tall: it shows the most loaded, the table every one.
    loads = charts.bar_chart("Families per worker", "families", [(worker, families.value) for worker, _roles, families, _children in board.caseloads[:CHART_WORKERS]])
    shares = {f.key: charts.share_bar(f.name, f.numerator.value, f.denominator.value) for f in (*board.indicators, *board.continuity) if f.numerator is not None}
    cohort = {
        "improved": charts.share_bar("Families improved", board.families_improved[0].value, board.families_improved[1].value),
        "kept": charts.share_bar("Children not looked after", board.kept_at_home[0].value, board.kept_at_home[1].value),
        **{kind: charts.share_bar(f"{label}: success", ok.value, of.value) for kind, label, _words, ok, of in board.by_kind},
    }
    facts = dict(board=board, made_by=made_by, title=board.title, overdue_chart=overdue, plan_chart=plans, age_chart=ages, load_chart=loads, chart_workers=CHART_WORKERS, shares=shares,
                 cohort_charts=cohort, list_rows={listing.key: list_rows(listing) for listing in board.listings})  # fmt: skip
    # The words and codes to explain are those the page holds, in its text (not its markup): the
    # page is made once to find them, and again with their list (the lists' rows are made once).
    from fscli.domain import glossary

    first = _environment().get_template("dashboard.html.j2").render(**facts, words=[])
    return render("dashboard.html.j2", **facts, words=sorted(glossary.used_in(_text_of(first)), key=lambda said: said[0].casefold()))


def _text_of(page: str) -> str:
    """The words of an HTML page: its markup, style and titles (explanations) left out."""
    import html
    import re

    page = re.sub(r"<(style|title)\b.*?</\1>", " ", page, flags=re.S)
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def list_rows(listing) -> "Markup":  # noqa: F821 - markupsafe, imported when used
    """The rows a dashboard's list prints (reports/team_dashboard.py Listing.shown), as its table's
    body: made here, not cell by cell in the template, since a council's lists print a hundred
    thousand rows. Each value escaped and its hidden characters spelled out, as every cell is."""
    from markupsafe import Markup, escape

    from fscli.visible import visible

    def text(value) -> str:
        return "" if value is None else str(escape(visible(str(value))))

    dated = listing.dated is not None
    out = []
    for ref, family, child, on_date, detail in listing.shown:
        day = (f"<td>{on_date:%d/%m/%Y}" if on_date else "<td>") if dated else ""
        out.append(f"<tr><td>{text(ref)}<td>{text(family)}<td>{text(child)}{day}<td>{text(detail)}</tr>")
    return Markup("\n".join(out))
