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
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)  # fmt: skip
    env.filters["day"] = lambda d: f"{d:%a %d %B %Y}".replace(" 0", " ") if isinstance(d, date) else ""
    env.filters["number"] = lambda v: "" if v is None else (f"{v:g}" if isinstance(v, float) else str(v))
    env.globals["charts"] = charts
    return env


def render(template: str, **facts) -> bytes:
    """The document `template` (a file in render/templates/) filled with `facts`, as UTF-8."""
    return _environment().get_template(template).render(**facts).encode("utf-8")


def plan_page(plan, *, made_by: str | None) -> bytes:
    """The family's plan on a page (reports/documents.py PlanOnAPage)."""
    lines = [(g, charts.line_chart(g.text, g.low, g.high, [("You", [(p.on, p.value) for p in g.family]), ("Your worker", [(p.on, p.value) for p in g.worker])])) for g in plan.goals]
    low = min((g.low for g in plan.goals), default=0)
    high = max((g.high for g in plan.goals), default=10)
    web = charts.star("Your star: how things are in each area", low, high, [(a.area, a.baseline, a.now) for a in plan.areas]) if plan.areas else None
    return render("plan_page.html.j2", plan=plan, lines=lines, star=web, made_by=made_by, title=f"Our plan: {plan.family}")
