"""Charts for documents, made from data: the geometry of a line chart of scores over time and of a
star (radar) of areas at baseline and now. The SVG itself is written by the templates
(templates/charts.html.j2), escaped by Jinja2; each mark carries its value (`data-value`) and a
label, each series its own line style and marker, so colour never carries the meaning alone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

WIDTH, HEIGHT = 480, 190
LEFT, RIGHT, TOP, BOTTOM = 36, 40, 12, 40  # room for the scale on the left, a day's label at either end


@dataclass
class Mark:
    x: float
    y: float
    value: float | int
    label: str  # the day, or the area: what a screen reader and a test read back


@dataclass
class Series:
    name: str  # 'The family', 'The worker': written in the legend and on each mark's title
    style: str  # 'solid' | 'dashed' | 'dotted' | 'dotdash' | 'thick': the line's pattern, so print in black and white still tells them apart
    marker: str  # 'circle' | 'square' | 'ring' | 'cross' | 'triangle' | 'diamond'
    marks: list[Mark] = field(default_factory=list)

    @property
    def path(self) -> str:
        return " ".join(f"{'M' if i == 0 else 'L'}{m.x:.1f},{m.y:.1f}" for i, m in enumerate(self.marks))


@dataclass
class LineChart:
    title: str
    desc: str
    low: int
    high: int
    series: list[Series]
    ticks: list[tuple[float, int]]  # (y, value) of the scale's gridlines
    days: list[tuple[float, str]]  # (x, dd/mm/yy) under the axis
    width: int = WIDTH
    height: int = HEIGHT
    legend: list[tuple[float, float, Series]] = field(default_factory=list)  # (x, y, series): a sample of each series' line and marker, and its name


def _y(value: float, low: int, high: int) -> float:
    span = (high - low) or 1
    return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (value - low) / span)


# Each series' marking: the family's first rater (or the family as one) and the worker, then each
# further member of the family; a star's two outlines have markings of their own (STAR_STYLES),
# never one a goal chart uses, so the same pattern never means two things on one page.
FAMILY, WORKER = ("solid", "circle"), ("dashed", "square")
MORE_FAMILY = [("dotted", "ring"), ("dotdash", "cross")]
STAR_STYLES = [("dotted", "triangle"), ("thick", "diamond")]  # at the start, now
LEGEND_ROW = 16


def _legend(series: list[Series], width: int, top: float) -> tuple[list[tuple[float, float, Series]], float]:
    """Where each series' sample and name go, in rows under the chart; and the height they take."""
    placed, x, y = [], 8.0, top
    for s in series:
        wide = 40 + 6.5 * len(s.name) + 18
        if x > 8 and x + wide > width:
            x, y = 8.0, y + LEGEND_ROW
        placed.append((x, y, s))
        x += wide
    return placed, (y - top + LEGEND_ROW) if series else 0


def line_chart(title: str, low: int, high: int, series: list[tuple[str, list[tuple[date, float | int]]]], *, styles: list[tuple[str, str]] | None = None) -> LineChart:
    """Scores over time: one line per rater, the scale from `low` to `high` up the side; `styles`
    gives each series its (pattern, marker), else the family's and then the worker's."""
    days = sorted({d for _, points in series for d, _ in points})
    first, last = (days[0], days[-1]) if days else (None, None)
    span = ((last - first).days if first and last else 0) or 1
    inner = WIDTH - LEFT - RIGHT

    def x(day: date) -> float:
        return LEFT + (inner / 2 if first == last else inner * (day - first).days / span)  # type: ignore[operator]

    styles = styles or [FAMILY, WORKER]
    drawn = []
    for i, (name, points) in enumerate(series):
        style, marker = styles[i % len(styles)]
        drawn.append(Series(name, style, marker, [Mark(x(d), _y(v, low, high), v, f"{d:%d/%m/%Y}") for d, v in points]))
    step = max(1, (high - low) // 5)
    ticks = [(_y(v, low, high), v) for v in range(low, high + 1, step)]
    said = "; ".join(f"{s.name}: " + (", ".join(f"{m.value} on {m.label}" for m in s.marks) or "not scored yet") for s in drawn)
    legend, extra = _legend(drawn, WIDTH, HEIGHT - 6)
    return LineChart(title, f"Scores from {low} to {high}. {said}.", low, high, drawn, ticks, [(x(d), f"{d:%d/%m/%y}") for d in days],
                     height=int(HEIGHT + extra - LEGEND_ROW), legend=legend)  # fmt: skip


STAR_SIZE, STAR_RADIUS = 320, 110


@dataclass
class Spoke:
    area: str
    x: float  # the spoke's end, at the top of the scale
    y: float
    label_x: float
    label_y: float
    anchor: str  # text-anchor of its label


@dataclass
class Star:
    title: str
    desc: str
    low: int
    high: int
    spokes: list[Spoke]
    rings: list[tuple[str, int]]  # (polygon points, value) of each ring of the scale
    series: list[Series]
    size: int = STAR_SIZE
    legend: list[tuple[float, float, Series]] = field(default_factory=list)
    height: int = STAR_SIZE

    def polygon(self, series: Series) -> str:
        return " ".join(f"{m.x:.1f},{m.y:.1f}" for m in series.marks)


def star(title: str, low: int, high: int, areas: list[tuple[str, float | int, float | int]]) -> Star:
    """The Web Star: a spoke per area, the baseline and now as two outlines (STAR_STYLES: dotted
    with triangles, thick with diamonds, neither a marking of the goal charts).
    Fewer than three areas draw a spoke each still; the table beside it says the same in numbers."""
    centre = STAR_SIZE / 2
    n = max(len(areas), 1)

    def at(i: int, value: float) -> tuple[float, float]:
        angle = -math.pi / 2 + 2 * math.pi * i / n
        r = STAR_RADIUS * max(0.0, (value - low)) / ((high - low) or 1)
        return centre + r * math.cos(angle), centre + r * math.sin(angle)

    spokes = []
    for i, (area, _, _) in enumerate(areas):
        x, y = at(i, high)
        lx, ly = at(i, high + (high - low) * 0.18)
        anchor = "middle" if abs(lx - centre) < 8 else ("start" if lx > centre else "end")
        spokes.append(Spoke(area, x, y, lx, ly + 4, anchor))
    step = max(1, (high - low) // 5)
    rings = [(" ".join(f"{px:.1f},{py:.1f}" for px, py in (at(i, v) for i in range(n))), v) for v in range(low + step, high + 1, step)]
    (start_style, start_marker), (now_style, now_marker) = STAR_STYLES
    drawn = [
        Series("At the start", start_style, start_marker, [Mark(*at(i, base), base, area) for i, (area, base, _) in enumerate(areas)]),
        Series("Now", now_style, now_marker, [Mark(*at(i, now), now, area) for i, (area, _, now) in enumerate(areas)]),
    ]
    said = "; ".join(f"{area}: {base} at the start, {now} now" for area, base, now in areas) or "no scores yet"
    legend, extra = _legend(drawn, STAR_SIZE, STAR_SIZE + 4)
    return Star(title, f"Scores from {low} to {high}. {said}.", low, high, spokes, rings, drawn, legend=legend, height=int(STAR_SIZE + extra + 4))


BAR_WIDTH, BAR_LEFT, BAR_RIGHT, BAR_HEIGHT, BAR_GAP = 480, 170, 60, 18, 8
LABEL_CHARACTERS, LABEL_LINE = 26, 13  # a bar's label is wrapped at about what fits left of the bars (11px text), a line this far below the last


@dataclass
class Bar:
    label: str  # the group ('CIN', 'Sam Okafor'): written beside the bar, not only in a legend
    value: int
    x: float  # the bar's left edge, its length and its top
    width: float
    y: float
    lines: list[str] = field(default_factory=list)  # the label, wrapped: every word of it shown, none cut off


@dataclass
class BarChart:
    title: str
    desc: str
    unit: str  # what each bar counts ('children', 'items'), written with its number
    bars: list[Bar]
    width: int = BAR_WIDTH
    height: int = 0
    bar_height: int = BAR_HEIGHT


def bar_chart(title: str, unit: str, bars: list[tuple[str, int]]) -> BarChart:
    """A count per group as horizontal bars, each with its label on the left and its number at its
    end: the length shows the count, the words say it, and no colour is needed to read it."""
    import textwrap

    top = max((v for _, v in bars), default=0) or 1
    inner = BAR_WIDTH - BAR_LEFT - BAR_RIGHT
    drawn, y = [], 4.0
    for label, value in bars:
        lines = textwrap.wrap(label, LABEL_CHARACTERS, break_on_hyphens=False) or [label]
        drawn.append(Bar(label, value, BAR_LEFT, inner * value / top, y, lines))
        y += max(BAR_HEIGHT, BAR_HEIGHT + (len(lines) - 1) * LABEL_LINE) + BAR_GAP
    said = "; ".join(f"{label}: {value}" for label, value in bars) or "none"
    return BarChart(title, f"{title}, in {unit}: {said}.", unit, drawn, height=int(y + 4))


SHARE_WIDTH, SHARE_HEIGHT = 200, 22


@dataclass
class ShareBar:
    """A part of a whole: the denominator as an outlined bar, the numerator filled inside it; the
    page writes the words ("70% (7 of 10)", domain/indicators.py rate) beside it, and with no denominator there is no bar."""

    title: str
    desc: str
    numerator: int
    denominator: int
    filled: float  # the filled part's width
    whole: float
    width: int = SHARE_WIDTH
    height: int = SHARE_HEIGHT

    @property
    def words(self) -> str:
        from fscli.domain.indicators import rate

        return rate(self.numerator, self.denominator)


def share_bar(title: str, numerator: int, denominator: int) -> ShareBar:
    whole = SHARE_WIDTH - 2
    filled = whole * numerator / denominator if denominator else 0.0
    bar = ShareBar(title, "", numerator, denominator, min(filled, whole), whole)
    bar.desc = f"{title}: {bar.words}."
    return bar
