"""An inline SVG chart of figures by source over time, drawn on the server (no JS, no network).

The x axis is categorical: the distinct *report* dates (when a figure was published, never
the "since" date inside its sentence), sorted, labelled as a reader writes them ("7 Mar
2023"; a year-less ``XXXX-03-07`` reads "7 Mar", so an unknown year is never invented);
undated figures go in a separate band, "undated", after a dashed rule.  The y axis is linear from zero, or logarithmic when the figures span
more than two orders of magnitude (498 vs 15,000 must both stay readable).  One colour
per source; a range ("between 5 and 7") is a bar from low to high.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from claimledger.records import UNDATED, readable_date

# Okabe–Ito: distinguishable for colour-blind readers
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
W, H = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 70, 210, 24, 56


@dataclass
class Point:
    series: str  # the source
    x: str | None  # the report date: ISO (partial allowed), or None when undated
    y: float | None = None
    low: float | None = None
    high: float | None = None
    label: str = ""  # tooltip: the figure as written, the claim, the document

    @property
    def top(self) -> float:
        return self.y if self.y is not None else (self.high if self.high is not None else self.low or 0.0)

    @property
    def bottom(self) -> float:
        return self.y if self.y is not None else (self.low if self.low is not None else self.top)


def _nice_max(value: float) -> float:
    if value <= 0:
        return 1.0
    exp = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 2.5, 5, 10):
        if value <= step * exp:
            return step * exp
    return 10 * exp


def _fmt(value: float) -> str:
    if value >= 1e6:
        return f"{value / 1e6:g}M"
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:g}"


def date_label(value: str | None) -> str:
    """An ISO date, whole or partial, as a reader writes it (``records.readable_date``)."""
    return readable_date(value)


DATE_IN_TEXT = re.compile(r"\b(?:\d{4}|XXXX)-\d{2}(?:-\d{2})?\b")


def readable_dates(text: str) -> str:
    """Every ISO date in a label as a reader writes it ("killed since XXXX-02-24" -> "since 24 Feb")."""
    return DATE_IN_TEXT.sub(lambda m: date_label(m.group(0)), text)


def _date_key(value: str) -> tuple[str, str]:
    """Dated first in time order; a year-less date sorts by month and day after the dated ones."""
    return (value[:4] if value[:4] != "XXXX" else "~", value[4:])


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


@dataclass
class _Frame:
    """Where things go: the dates (x bands), the sources (colours) and the y scale."""

    points: list[Point]
    dates: list[str]
    series: list[str]
    log: bool
    y0: float  # the axis bottom: a power of ten on a log scale, else 0
    y1: float  # the axis top: a power of ten on a log scale, else a nice maximum

    @classmethod
    def of(cls, points: list[Point]) -> "_Frame":
        dates = sorted({p.x for p in points if p.x}, key=_date_key) + ([UNDATED] if any(not p.x for p in points) else [])
        series = sorted({p.series for p in points}, key=lambda s: (s == "(unattributed)", s.lower()))
        lo = min(p.bottom for p in points if p.bottom > 0)
        hi = max(p.top for p in points)
        if hi / lo <= 100:
            return cls(points, dates, series, False, 0.0, _nice_max(hi))
        y0, y1 = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        return cls(points, dates, series, True, y0, y1 if y1 > y0 else y0 + 1)

    @property
    def plot_w(self) -> float:
        return W - LEFT - RIGHT

    @property
    def plot_h(self) -> float:
        return H - TOP - BOTTOM

    @property
    def band(self) -> float:
        return self.plot_w / len(self.dates)

    def colour(self, series: str) -> str:
        return PALETTE[self.series.index(series) % len(PALETTE)]

    def ticks(self) -> list[float]:
        if self.log:
            return [10.0 ** e for e in range(int(self.y0), int(self.y1) + 1)]
        return [self.y1 * i / 4 for i in range(5)]

    def ypos(self, v: float) -> float:
        if self.log:
            return TOP + self.plot_h * (1 - (math.log10(max(v, 10.0 ** self.y0)) - self.y0) / (self.y1 - self.y0))
        return TOP + self.plot_h * (1 - v / self.y1)

    def xpos(self, p: Point) -> float:
        centre = LEFT + self.band * (self.dates.index(p.x or UNDATED) + 0.5)
        spread = min(14.0, self.band / (len(self.series) + 1))
        return centre + (self.series.index(p.series) - (len(self.series) - 1) / 2) * spread


def _axes(f: _Frame) -> list[str]:
    parts = [f'<rect x="{LEFT}" y="{TOP}" width="{f.plot_w}" height="{f.plot_h}" class="plot"/>']
    for t in f.ticks():
        y = f.ypos(t)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + f.plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_fmt(t)}</text>')
    for i, d in enumerate(f.dates):
        x = LEFT + f.band * (i + 0.5)
        if d == UNDATED and i:  # the undated band stands apart from the timeline
            rule = LEFT + f.band * i
            parts.append(f'<line x1="{rule:.1f}" x2="{rule:.1f}" y1="{TOP}" y2="{TOP + f.plot_h}" class="undated-rule" '
                         f'stroke="#999" stroke-dasharray="4 3"/>')
        parts.append(f'<text x="{x:.1f}" y="{TOP + f.plot_h + 18}" text-anchor="middle" class="tick">'
                     f'{escape(date_label(d) if d != UNDATED else d)}</text>')
    parts.append(f'<text x="{LEFT + f.plot_w / 2:.1f}" y="{H - 10}" text-anchor="middle" class="axis">report date '
                 f'(when the figure was published){" — log scale" if f.log else ""}</text>')
    return parts


def _trend_lines(f: _Frame) -> list[str]:
    """A line through each source's dated figures over time, for a source with one figure per date."""
    parts = []
    for s in f.series:
        own = sorted((p for p in f.points if p.series == s and p.x), key=lambda p: f.dates.index(p.x or UNDATED))
        if len({p.x for p in own}) == len(own) > 1:
            path = " ".join(f"{f.xpos(p):.1f},{f.ypos(p.top):.1f}" for p in own)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{f.colour(s)}" class="trend"/>')
    return parts


def _marks(f: _Frame) -> list[str]:
    parts = []
    for p in f.points:
        x, c = f.xpos(p), f.colour(p.series)
        tip = escape(f"{p.series}: {p.label}" if p.label else p.series)
        if p.y is None and p.low is not None and p.high is not None:
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{f.ypos(p.low):.1f}" y2="{f.ypos(p.high):.1f}" '
                         f'stroke="{c}" class="range"><title>{tip}</title></line>')
        y = f.ypos(p.top)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{c}" class="point"><title>{tip}</title></circle>'
                     f'<text x="{x + 8:.1f}" y="{y - 6:.1f}" class="value">{_fmt(p.top)}</text>')
    return parts


def _legend(f: _Frame) -> list[str]:
    parts = []
    for i, s in enumerate(f.series):
        y = TOP + 8 + i * 18
        if y > H - BOTTOM:
            parts.append(f'<text x="{W - RIGHT + 16}" y="{y}" class="legend">… {len(f.series) - i} more</text>')
            break
        parts.append(f'<circle cx="{W - RIGHT + 22}" cy="{y - 4}" r="5" fill="{f.colour(s)}"/>'
                     f'<text x="{W - RIGHT + 32}" y="{y}" class="legend"><title>{escape(s)}</title>'
                     f'{escape(_short(s))}</text>')
    return parts


def figures_chart(points: list[Point], *, title: str = "figures by source over time", lines: bool = False) -> Markup:
    """The chart as an ``<svg>`` element (empty string when there is nothing to plot).

    ``lines`` joins each source's figures over time — only for one measure, and only for a
    source with one figure per date (a line through different measures would mislead).
    """
    points = [p for p in points if p.top and p.top > 0]
    if not points:
        return Markup("")
    f = _Frame.of(points)
    head = (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
            f'aria-label="{escape(title)}"><title>{escape(title)}</title>')
    parts = [head, *_axes(f), *(_trend_lines(f) if lines else []), *_marks(f), *_legend(f), "</svg>"]
    return Markup("".join(parts))
