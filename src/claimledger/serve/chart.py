"""An inline SVG chart of figures by source over time, drawn on the server (no JS, no network).

The x axis is categorical: the distinct dates, sorted (partial dates such as ``XXXX-03-07``
keep their place as written; undated figures go last as ``?``), so an unknown year is
never invented.  The y axis is linear from zero, or logarithmic when the figures span
more than two orders of magnitude (498 vs 15,000 must both stay readable).  One colour
per source; a range ("between 5 and 7") is a bar from low to high.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from markupsafe import Markup, escape

# Okabe–Ito: distinguishable for colour-blind readers
PALETTE = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
W, H = 760, 340
LEFT, RIGHT, TOP, BOTTOM = 70, 210, 24, 56


@dataclass
class Point:
    series: str  # the source
    x: str | None  # ISO date (partial allowed) or None when undated
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


def _short(text: str, n: int = 26) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def figures_chart(points: list[Point], *, title: str = "figures by source over time", lines: bool = False) -> Markup:
    """The chart as an ``<svg>`` element (empty string when there is nothing to plot).

    ``lines`` joins each source's figures over time — only for one measure, and only for a
    source with one figure per date (a line through different measures would mislead).
    """
    points = [p for p in points if p.top and p.top > 0]
    if not points:
        return Markup("")
    dates = sorted({p.x for p in points if p.x}) + (["?"] if any(not p.x for p in points) else [])
    series = sorted({p.series for p in points}, key=lambda s: (s == "(unattributed)", s.lower()))
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}
    lo = min(p.bottom for p in points if p.bottom > 0)
    hi = max(p.top for p in points)
    log = hi / lo > 100
    plot_w, plot_h = W - LEFT - RIGHT, H - TOP - BOTTOM
    if log:
        y0, y1 = math.floor(math.log10(lo)), math.ceil(math.log10(hi))
        y1 = y1 if y1 > y0 else y0 + 1
        ticks = [10.0 ** e for e in range(y0, y1 + 1)]

        def ypos(v: float) -> float:
            return TOP + plot_h * (1 - (math.log10(max(v, 10.0 ** y0)) - y0) / (y1 - y0))
    else:
        top = _nice_max(hi)
        ticks = [top * i / 4 for i in range(5)]

        def ypos(v: float) -> float:
            return TOP + plot_h * (1 - v / top)

    band = plot_w / len(dates)

    def xpos(p: Point) -> float:
        centre = LEFT + band * (dates.index(p.x or "?") + 0.5)
        spread = min(14.0, band / (len(series) + 1))
        return centre + (series.index(p.series) - (len(series) - 1) / 2) * spread

    parts = [f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {W} {H}" role="img" '
             f'aria-label="{escape(title)}"><title>{escape(title)}</title>',
             f'<rect x="{LEFT}" y="{TOP}" width="{plot_w}" height="{plot_h}" class="plot"/>']
    for t in ticks:
        y = ypos(t)
        parts.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{y:.1f}" y2="{y:.1f}" class="grid"/>'
                     f'<text x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end" class="tick">{_fmt(t)}</text>')
    for i, d in enumerate(dates):
        x = LEFT + band * (i + 0.5)
        parts.append(f'<text x="{x:.1f}" y="{TOP + plot_h + 18}" text-anchor="middle" class="tick">{escape(d)}</text>')
    parts.append(f'<text x="{LEFT + plot_w / 2:.1f}" y="{H - 10}" text-anchor="middle" class="axis">date of the figure '
                 f'(claim time, else publication){" — log scale" if log else ""}</text>')
    for s in series if lines else ():  # a line through each source's figures over time
        own = sorted((p for p in points if p.series == s), key=lambda p: dates.index(p.x or "?"))
        if len({p.x for p in own}) == len(own) > 1:
            path = " ".join(f"{xpos(p):.1f},{ypos(p.top):.1f}" for p in own)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour[s]}" class="trend"/>')
    for p in points:
        x, c = xpos(p), colour[p.series]
        tip = escape(f"{p.series}: {p.label}" if p.label else p.series)
        if p.y is None and p.low is not None and p.high is not None:
            parts.append(f'<line x1="{x:.1f}" x2="{x:.1f}" y1="{ypos(p.low):.1f}" y2="{ypos(p.high):.1f}" '
                         f'stroke="{c}" class="range"><title>{tip}</title></line>')
        y = ypos(p.top)
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{c}" class="point"><title>{tip}</title></circle>'
                     f'<text x="{x + 8:.1f}" y="{y - 6:.1f}" class="value">{_fmt(p.top)}</text>')
    for i, s in enumerate(series):
        y = TOP + 8 + i * 18
        if y > H - BOTTOM:
            parts.append(f'<text x="{W - RIGHT + 16}" y="{y}" class="legend">… {len(series) - i} more</text>')
            break
        parts.append(f'<circle cx="{W - RIGHT + 22}" cy="{y - 4}" r="5" fill="{colour[s]}"/>'
                     f'<text x="{W - RIGHT + 32}" y="{y}" class="legend"><title>{escape(s)}</title>'
                     f'{escape(_short(s))}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
