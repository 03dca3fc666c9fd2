"""Document text as escaped HTML with highlighted spans.

Spans may overlap (a figure inside a claim inside a quote), so the text is cut at every
span boundary and each run is wrapped once with the classes of all spans covering it:
the markup is always well nested, and every character of document text goes through
``escape`` — the text is hostile input (reader comments above all).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup, escape

from claimledger.records import Analysis


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    cls: str  # source | cue | hedge | figure | malformed | claim | entity | place | time
    title: str | None = None  # tooltip
    anchor: str | None = None  # element id put on the span's first run


def analysis_spans(analysis: Analysis, *, claim_anchor: str = "claim-") -> list[Span]:
    """The spans the document page highlights: sources, cues, hedges, figures, places, claims."""
    spans: list[Span] = []
    for i, claim in enumerate(analysis.claims):
        spans.append(Span(claim.start, claim.end, f"claim c-{claim.certainty}", f"claim {i}: {claim.certainty}",
                          f"{claim_anchor}{i}"))
        for cue in claim.cues:
            if cue.start is not None and cue.end is not None:
                kind = cue.kind or claim.certainty
                spans.append(Span(cue.start, cue.end, "hedge", f"{kind} cue ({claim.certainty})"))
    for a in analysis.attributions:
        if a.source.start is not None and a.source.end is not None:
            spans.append(Span(a.source.start, a.source.end, "source", f"source ({a.source.kind})"))
        for via in a.via:
            if via.start is not None and via.end is not None:
                spans.append(Span(via.start, via.end, "source via", f"intermediary ({via.kind})"))
        spans.append(Span(a.cue_start, a.cue_end, "cue", f"attribution cue ({a.kind} quote)"))
    for q in analysis.quantities:
        what = " ".join(str(x) for x in (q.modifier if q.modifier != "exact" else "", _number(q), q.counted or "",
                                         f"per {q.rate_unit}" if q.rate_unit else "") if x)
        flags = f" — {', '.join(q.flags)}" if q.flags else ""
        cls = "figure malformed" if "malformed" in q.flags else "figure"
        spans.append(Span(q.start, q.end, cls, f"figure: {what} [{q.category}]{flags}"))
    for m in analysis.mentions:
        attrs = m.attrs or {}
        if attrs.get("geonames_id") or attrs.get("lat") is not None:
            where = ", ".join(str(x) for x in (m.norm, attrs.get("country")) if x)
            spans.append(Span(m.start, m.end, "place", f"place: {where} (GeoNames {attrs.get('geonames_id')})"))
    for t in analysis.times:
        spans.append(Span(t.start, t.end, "time", f"time: {t.begin or '?'} – {t.until or '?'} ({t.precision})"))
    return spans


def _number(q) -> str:
    if q.value is not None:
        return f"{q.value:g}"
    if q.low is not None and q.high is not None:
        return f"{q.low:g}–{q.high:g}"
    return q.text


def render_spans(text: str, start: int, end: int, spans: list[Span]) -> Markup:
    """``text[start:end]`` as escaped HTML, each run wrapped in the classes of the spans over it."""
    inside = [s for s in spans if s.start < end and s.end > start and s.end > s.start]
    cuts = sorted({start, end} | {min(max(s.start, start), end) for s in inside}
                  | {min(max(s.end, start), end) for s in inside})
    out: list[str] = []
    placed: set[str] = set()
    for left, right in zip(cuts, cuts[1:]):
        piece = escape(text[left:right])
        over = [s for s in inside if s.start <= left and s.end >= right]
        if not over:
            out.append(piece)
            continue
        classes = " ".join(dict.fromkeys(c for s in over for c in s.cls.split()))
        titles = " · ".join(dict.fromkeys(s.title for s in over if s.title))
        anchors = [s.anchor for s in over if s.anchor and s.anchor not in placed]
        placed.update(anchors)
        attrs = f' class="hl {escape(classes)}"'
        if titles:
            attrs += f' title="{escape(titles)}"'
        if anchors:
            attrs += f' id="{escape(anchors[0])}"'
        out.append(f"<span{attrs}>{piece}</span>")
    return Markup("".join(out))


def mark_words(text: str, query: str, *, width: int = 240) -> Markup:
    """A window of ``text`` around the first query word, every query word in ``<mark>``, escaped."""
    words = [w for w in re.findall(r"\w+", query) if w]
    if not words:
        return escape(text[:width])
    pattern = re.compile(r"\b(" + "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True)) + r")\w*",
                         re.IGNORECASE)
    first = pattern.search(text)
    left = max(0, (first.start() if first else 0) - width // 3)
    window = text[left:left + width]
    out: list[str] = ["…" if left else ""]
    pos = 0
    for match in pattern.finditer(window):
        out.append(escape(window[pos:match.start()]))
        out.append(f"<mark>{escape(match.group(0))}</mark>")
        pos = match.end()
    out.append(escape(window[pos:]))
    if left + width < len(text):
        out.append("…")
    return Markup("".join(str(x) for x in out))
