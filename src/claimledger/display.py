"""Rich renderings of ledger content for the terminal (``claimledger show``, ``list``, ...).

Kept apart from the CLI so the CLI stays a thin shell and other front ends can reuse it.
"""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from claimledger.records import Analysis, Document, Segment

STYLES = {
    "source": "bold cyan",
    "cue": "magenta",
    "hedge": "italic red",
    "figure": "bold yellow",
    "malformed": "bold white on red",
}
LEGEND = "  ".join(f"[{style}]{name}[/]" for name, style in STYLES.items())


def _highlights(doc: Document, analysis: Analysis) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for q in analysis.quantities:
        spans.append((q.start, q.end, STYLES["malformed" if "malformed" in q.flags else "figure"]))
    for a in analysis.attributions:
        if a.source.start is not None and a.source.end is not None:
            spans.append((a.source.start, a.source.end, STYLES["source"]))
        spans.append((a.cue_start, a.cue_end, STYLES["cue"]))
    for claim in analysis.claims:
        for cue in claim.cues:
            if cue.get("start") is not None and claim.certainty in ("hedged", "denied", "contested"):
                spans.append((cue["start"], cue["end"], STYLES["hedge"]))
    return spans


def _segment_text(doc: Document, seg: Segment, spans: list[tuple[int, int, str]], style: str = "") -> Text:
    text = Text(doc.text[seg.start:seg.end], style=style)
    for start, end, span_style in spans:
        if start >= seg.start and end <= seg.end:
            text.stylize(span_style, start - seg.start, end - seg.start)
    return text


def document_view(doc: Document, segments: list[Segment], analysis: Analysis | None = None) -> RenderableType:
    """The document laid out by segment kind; furniture and comments set apart."""
    analysis = analysis or Analysis()
    spans = _highlights(doc, analysis)
    head = Table.grid(padding=(0, 2))
    head.add_row("id", doc.id)
    for label, value in (("byline", doc.byline), ("published", doc.published), ("kind", doc.kind),
                         ("outlet", doc.outlet), ("url", doc.url), ("source", doc.source)):
        if value:
            head.add_row(label, str(value))
    parts: list[RenderableType] = [head]
    over = analysis.assessments.get("overstatement") if analysis.assessments else None
    if over and over.get("flag"):
        reasons = "; ".join(str(r.get("reason", r)) if isinstance(r, dict) else str(r) for r in over.get("reasons", []))
        parts.append(Text(f"⚠ headline overstates its body (score {over.get('score', 0):.2f}): {reasons}",
                          style="bold red"))

    toxicity = (analysis.assessments or {}).get("comments", {})
    comments = [s for s in segments if s.kind == "comment"]
    if comments:
        parts.append(_comments_panel(doc, comments, toxicity))

    body: list[RenderableType] = []
    furniture: list[RenderableType] = []
    for seg in segments:
        if seg.kind == "headline":
            body.append(_segment_text(doc, seg, spans, "bold underline"))
        elif seg.kind == "entry_headline":
            body.append(Rule(Text(f"entry {seg.entry}: ", style="dim") + _segment_text(doc, seg, spans, "bold"),
                             align="left"))
        elif seg.kind in ("byline", "dateline"):
            continue
        elif seg.kind == "furniture":
            furniture.append(Text(f"[{seg.meta.get('reason', 'furniture')}] ", style="dim")
                             + Text(doc.text[seg.start:seg.end], style="dim strike"))
        elif seg.kind == "comment":
            continue
        elif seg.kind == "quote":
            body.append(Text("  ") + _segment_text(doc, seg, spans, "italic"))
        elif seg.kind in ("standfirst", "subheading"):
            body.append(_segment_text(doc, seg, spans, "bold"))
        else:
            body.append(_segment_text(doc, seg, spans))
        if seg.kind not in ("comment", "furniture", "byline", "dateline"):
            body.append(Text(""))
    if analysis.claims or analysis.quantities:
        parts.append(Text.from_markup("highlights: " + LEGEND))
    parts.append(Panel(Group(*body), title="article", border_style="green"))
    if furniture:
        parts.append(Panel(Group(*furniture), title="page furniture (not reporting)", border_style="grey50"))
    if analysis.claims:
        parts.append(claims_table(doc, analysis))
    return Group(*parts)


def _comments_panel(doc: Document, comments: list[Segment], toxicity: dict) -> RenderableType:
    depth: dict[int, int] = {}
    lines: list[RenderableType] = []
    for seg in comments:
        depth[seg.order] = depth.get(seg.parent, -1) + 1 if seg.parent is not None else 0
        label = f"#{seg.meta['number']}" if "number" in seg.meta else "↳ reply" if seg.parent is not None else "comment"
        if seg.meta.get("header"):
            label += f" ({seg.meta['header']})"
        score = toxicity.get(str(seg.order)) or toxicity.get(seg.order)
        tox = ""
        style = ""
        if score:
            tox = f"  toxic {score.get('p_toxic', 0):.2f} ({score.get('label', '')})"
            style = "red" if score.get("p_toxic", 0) >= 0.5 else ""
        lines.append(Text("    " * depth[seg.order] + label + tox, style="bold " + style))
        pad = "    " * depth[seg.order]
        body = "\n".join(pad + line.strip() for line in doc.text[seg.start:seg.end].splitlines())
        lines.append(Text(body, style="dim"))
    return Panel(Group(*lines), title=f"reader comments ({len(comments)}) — not reporting", border_style="yellow")


def claims_table(doc: Document, analysis: Analysis, limit: int = 40) -> Table:
    """Claims ordered by check-worthiness (then position)."""
    table = Table(title="claims, most check-worthy first", show_lines=False, expand=True)
    table.add_column("check", justify="right", width=5)
    table.add_column("certainty", width=9)
    table.add_column("source ← via", ratio=1)
    table.add_column("claim", ratio=3)
    order = sorted(analysis.claims, key=lambda c: (-(c.checkworthiness or 0.0), c.start))
    for claim in order[:limit]:
        chain = ""
        if claim.attribution is not None and claim.attribution < len(analysis.attributions):
            att = analysis.attributions[claim.attribution]
            chain = " ← ".join([att.source.text] + [v.text for v in att.via])
        score = f"{claim.checkworthiness:.2f}" if claim.checkworthiness is not None else "–"
        table.add_row(score, claim.certainty, chain, claim.text)
    return table


def documents_table(rows: list[dict]) -> Table:
    table = Table(title=f"{len(rows)} documents", expand=True)
    with_outlet = any(r["outlet"] for r in rows)
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=1, min_width=20)
    table.add_column("kind", no_wrap=True)
    table.add_column("date", no_wrap=True)
    if with_outlet:
        table.add_column("outlet", max_width=16)
    for col in ("segs", "cmts", "furn", "claims"):
        table.add_column(col, justify="right", no_wrap=True)
    for r in rows:
        cells = [r["id"][:10], r["title"] or "", r["kind"], r["published"] or "?"]
        if with_outlet:
            cells.append(r["outlet"] or "")
        cells += [str(r["segments"]), str(r["comments"]), str(r["furniture"]), str(r["claims"])]
        table.add_row(*cells)
    return table


def claim_hits_table(hits) -> Table:
    """Claims found across the ledger (``claimledger claims``)."""
    table = Table(title=f"{len(hits)} claims", expand=True)
    table.add_column("claim id", no_wrap=True)
    table.add_column("check", justify="right")
    table.add_column("certainty")
    table.add_column("source ← via", ratio=1)
    table.add_column("claim", ratio=3)
    for hit in hits:
        score = f"{hit.claim.checkworthiness:.2f}" if hit.claim.checkworthiness is not None else "–"
        cues = ", ".join(c.get("text", "") for c in hit.claim.cues)
        certainty = hit.claim.certainty + (f" ({cues})" if cues else "")
        table.add_row(f"{hit.doc_id[:10]}:{hit.index}", score, certainty, " ← ".join(hit.chain()), hit.claim.text)
    return table
