"""Rich renderings of ledger content for the terminal (``claimledger show``, ``list``, ...).

Kept apart from the CLI so the CLI stays a thin shell and other front ends can reuse it.
This is the terminal's one output layer: every piece of data (a file name, a title, a
claim, a reader comment) reaches Rich as ``Text`` made by ``data`` or ``document_text``,
never as a string Rich would read as markup, and with escape sequences and control
characters taken out, so a hostile page or file name cannot style or drive the terminal.
"""

from __future__ import annotations

import re
from typing import Any, Iterable

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

from claimledger.records import CREDIT_KINDS, OUTSIDE_ARTICLE_KINDS, Analysis, Document, Segment
from claimledger.store import (
    ClaimView,
    DocumentBundle,
    DocumentSummary,
    SearchHit,
    document_name,
    source_name,
)

# a whole escape sequence (CSI, OSC up to its terminator, or a two-character escape)
_ESCAPE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])|\x9b[0-?]*[ -/]*[@-~]")
# C0 and C1 controls (but newline and tab), and the bidirectional overrides that reorder what is shown
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: object) -> str:
    """``value`` as text that cannot drive a terminal: escape sequences and control characters removed."""
    return _CONTROL.sub("", _ESCAPE.sub("", "" if value is None else str(value)))


def data(value: object, style: str = "") -> Text:
    """A piece of data (file name, title, claim, source) as Rich ``Text``: shown as written, never markup."""
    return Text(terminal_safe(value), style=style)


def document_text(text: str, style: str = "") -> Text:
    """Document text as ``Text`` with each control character replaced one for one (offsets still hold)."""
    return Text(_CONTROL.sub("\ufffd", text), style=style)


def error(message: object) -> Text:
    """An error line: "error" in red, then the message (which may quote user input) as data."""
    return Text("error ", style="red") + data(message)


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
            if cue.start is not None and cue.end is not None and claim.certainty in ("hedged", "denied", "contested"):
                spans.append((cue.start, cue.end, STYLES["hedge"]))
    return spans


def _segment_text(doc: Document, seg: Segment, spans: list[tuple[int, int, str]], style: str = "") -> Text:
    text = document_text(doc.text[seg.start:seg.end], style=style)
    for start, end, span_style in spans:
        if start >= seg.start and end <= seg.end:
            text.stylize(span_style, start - seg.start, end - seg.start)
    return text


def document_view(doc: Document, segments: list[Segment], analysis: Analysis | None = None) -> RenderableType:
    """The document laid out by segment kind; furniture and comments set apart."""
    analysis = analysis or Analysis()
    spans = _highlights(doc, analysis)
    head = Table.grid(padding=(0, 2))
    head.add_row("id", data(doc.id))
    for label, value in (("byline", doc.byline), ("published", doc.published), ("kind", doc.kind),
                         ("outlet", doc.outlet), ("url", doc.url), ("source", doc.source)):
        if value:
            head.add_row(label, data(value))
    parts: list[RenderableType] = [head]
    over = analysis.assessments.get("overstatement") if analysis.assessments else None
    if over and over.get("flag"):
        parts.append(overstatement_view(over))

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
        elif seg.kind in CREDIT_KINDS:
            continue
        elif seg.kind == "furniture":
            furniture.append(data(f"[{seg.meta.get('reason', 'furniture')}] ", style="dim")
                             + document_text(doc.text[seg.start:seg.end], style="dim strike"))
        elif seg.kind == "comment":
            continue
        elif seg.kind == "quote":
            body.append(Text("  ") + _segment_text(doc, seg, spans, "italic"))
        elif seg.kind in ("standfirst", "subheading"):
            body.append(_segment_text(doc, seg, spans, "bold"))
        else:
            body.append(_segment_text(doc, seg, spans))
        if seg.kind not in OUTSIDE_ARTICLE_KINDS | CREDIT_KINDS:
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
        lines.append(data("    " * depth[seg.order] + label + tox, style="bold " + style))
        pad = "    " * depth[seg.order]
        body = "\n".join(pad + line.strip() for line in doc.text[seg.start:seg.end].splitlines())
        lines.append(data(body, style="dim"))
    return Panel(Group(*lines), title=f"reader comments ({len(comments)}) — not reporting", border_style="yellow")


def bundle_view(bundle: DocumentBundle) -> RenderableType:
    """``document_view`` of a stored document."""
    return document_view(bundle.document, bundle.segments, bundle.analysis)


def document_rule(title: object) -> Rule:
    """The rule above a shown document, its title as data."""
    return Rule(data(title, style="bold"))


def score_text(value: float | None) -> str:
    return f"{value:.2f}" if value is not None else "–"


def claims_table(doc: Document, analysis: Analysis, limit: int = 40) -> Table:
    """Claims ordered by check-worthiness (then position)."""
    table = Table(title="claims, most check-worthy first", show_lines=False, expand=True)
    table.add_column("check", justify="right", width=5)
    table.add_column("certainty", width=9)
    table.add_column("source ← via", ratio=1)
    table.add_column("claim", ratio=3)
    views = DocumentBundle(doc, [], analysis).claim_views()
    for view in sorted(views, key=lambda v: (-(v.claim.checkworthiness or 0.0), v.claim.start))[:limit]:
        table.add_row(score_text(view.claim.checkworthiness), data(view.claim.certainty), data(" ← ".join(view.chain)),
                      data(view.claim.text))
    return table


NARROW = 100  # below this many columns, tables drop or fold their lower-value columns


def narrow_width(width: int | None) -> bool:
    return width is not None and width < NARROW


def _source_of(d: DocumentSummary) -> str:
    return source_name(d.outlet, d.url, d.source)


def documents_table(rows: Iterable[DocumentSummary | dict[str, Any]], names: dict[str, str] | None = None,
                    width: int | None = None) -> Table:
    """Documents (``claimledger list``): id, title (``names`` for the untitled), source, kind, date, counts;
    below ``NARROW`` columns the segment counts are dropped and kind folds under the source."""
    docs = [r if isinstance(r, DocumentSummary) else DocumentSummary(**r) for r in rows]
    names = names or {}
    narrow = narrow_width(width)
    table = Table(title=f"{len(docs)} documents", expand=True)
    table.add_column("id", no_wrap=True)
    table.add_column("title", ratio=4 if narrow else 3, min_width=20)
    table.add_column("source", ratio=2 if narrow else 1, overflow="ellipsis")
    if not narrow:
        table.add_column("kind", no_wrap=True)
    table.add_column("date", no_wrap=True)
    counts = ("claims",) if narrow else ("segs", "cmts", "furn", "claims")
    for col in counts:
        table.add_column(col, justify="right", no_wrap=True)
    for d in docs:
        title = d.title or names.get(d.id) or document_name(None, None, d.source)
        cells: list[str | Text] = [data(d.id[:8 if narrow else 10]), data(title)]
        cells += [data(f"{_source_of(d)}\n{d.kind}")] if narrow else [data(_source_of(d)), data(d.kind)]
        cells.append(data(d.published or "?"))
        values = {"segs": d.segments, "cmts": d.comments, "furn": d.furniture, "claims": d.claims}
        table.add_row(*cells, *(str(values[c]) for c in counts))
    return table


def claim_hits_table(views: Iterable[ClaimView], width: int | None = None) -> Table:
    """Claims found across the ledger (``claimledger claims``); below ``NARROW`` columns the
    check-worthiness and the certainty cues are dropped."""
    views = list(views)
    narrow = narrow_width(width)
    table = Table(title=f"{len(views)} claims", expand=True)
    table.add_column("claim id", no_wrap=True)
    if not narrow:
        table.add_column("check", justify="right")
    table.add_column("certainty", no_wrap=narrow)
    table.add_column("source ← via", ratio=1, min_width=14)
    table.add_column("claim", ratio=3)
    for view in views:
        cues = ", ".join(c.text for c in view.claim.cues)
        certainty = view.claim.certainty + (f" ({cues})" if cues and not narrow else "")
        cells = [data(f"{view.doc_id[:8 if narrow else 10]}:{view.index}")]
        cells += [] if narrow else [score_text(view.claim.checkworthiness)]
        table.add_row(*cells, data(certainty), data(" ← ".join(view.chain)), data(view.claim.text))
    return table


RULE_WORDS = {"spelling": "spelling", "surname": "surname", "in document": "short form"}


def entities_table(rows: Iterable[dict[str, Any]], width: int | None = None) -> Table:
    """Entities (``claimledger entities``), most documents first; a person's other names (within
    and across documents) under "also written", each with why it was merged; below ``NARROW``
    columns the mentions count is dropped."""
    rows = list(rows)
    narrow = narrow_width(width)
    table = Table(title=f"{len(rows)} entities", expand=True)
    table.add_column("name", ratio=2, min_width=12)
    table.add_column("label", no_wrap=True)
    table.add_column("docs", justify="right", no_wrap=True)
    if not narrow:
        table.add_column("mentions", justify="right", no_wrap=True)
    table.add_column("also written (why)", ratio=3)
    for e in rows:
        also = "; ".join(f"{v['name']} ({RULE_WORDS.get(v.get('rule', ''), 'spelling')}, {v['documents']} doc"
                         f"{'s' if v['documents'] != 1 else ''})" for v in e.get("variants", []))
        cells = [data(e["name"]), data(e["label"]), str(e["documents"])]
        cells += [] if narrow else [str(e["mentions"])]
        table.add_row(*cells, data(also))
    return table


def search_table(hits: Iterable[SearchHit], query: str) -> Table:
    """Search hits (``claimledger search``): document, segment, kind, snippet with the words in [brackets]."""
    hits = list(hits)
    table = Table(title=data(f"{len(hits)} hits for {query!r}"))
    for col in ("doc", "segment", "kind", "snippet"):
        table.add_column(col)
    for hit in hits:
        table.add_row(data(hit.doc_id[:12]), str(hit.order), data(hit.kind), data(hit.snippet))
    return table


def overstatement_view(over: dict, limit: int = 3) -> RenderableType:
    """The headline-overstatement flag with the body sentences that only hedge or dispute it."""
    lines: list[RenderableType] = [
        Text(f"⚠ headline overstates its body (score {over.get('score', 0):.2f}): the headline asserts, "
             "the body only hedges, attributes or disputes it", style="bold red")]
    for reason in over.get("reasons", [])[:limit]:
        cues = ", ".join(f"“{e['text']}”" for e in reason.get("evidence", []) if e.get("kind") != "claim")
        line = data(f"  {reason.get('kind', '?')}: ", style="red")
        line.append_text(data(reason.get("text", ""), style="italic"))
        if cues:
            line.append_text(data(f"  [{cues}]", style="dim"))
        lines.append(line)
    return Group(*lines)
