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
            chain = " ← ".join([att.source.name] + [v.name for v in att.via])
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


# --- cross-source links (stories, conflicts, provenance) ------------------------------------------

def _fmt_value(f: dict) -> str:
    return f.get("text") or (f"{f.get('low')}–{f.get('high')}" if f.get("low") is not None else str(f.get("value")))


def stories_table(rows: list[dict]) -> Table:
    """Stories (``claimledger stories``): size, documents, outlets, dates, top terms."""
    table = Table(title=f"{len(rows)} stories", expand=True)
    for col, kw in (("id", {"justify": "right"}), ("units", {"justify": "right"}), ("docs", {"justify": "right"}),
                    ("first headline", {"ratio": 3}), ("top terms", {"ratio": 2}), ("outlets", {"ratio": 1}),
                    ("dates", {})):
        table.add_column(col, **kw)
    for r in rows:
        dates = " → ".join(dict.fromkeys(d for d in (r.get("first_published"), r.get("last_published")) if d))
        table.add_row(str(r["id"]), str(r["size"]), str(r["documents"]), r.get("title") or "", r.get("label") or "",
                      ", ".join(r.get("outlets") or []), dates or "–")
    return table


def story_view(story: dict) -> RenderableType:
    """One story (``claimledger story ID``): members, copies among them, conflicts."""
    head = Text.assemble((f"story {story['id']}: ", "bold"), (story.get("title") or "", "bold"),
                         f"\ntop terms: {story.get('label') or ''}")
    ents = sorted((story.get("entities") or {}).items(), key=lambda kv: (-kv[1], kv[0]))[:12]
    if ents:
        head.append("\nentities: " + ", ".join(e for e, _ in ents), style="dim")
    members = Table(title="members (articles and live-blog entries)", expand=True)
    for col in ("doc", "entry", "outlet", "published", "title", "score", "joined by"):
        members.add_column(col, ratio=3 if col == "title" else None)
    for m in story["members"]:
        ev = m.get("evidence") or {}
        if ev.get("copy_of"):
            how = f"copy ({ev.get('copy_kind')}) of {ev['copy_of'][:10]}"
        elif "cosine" in ev:
            how = f"cos {ev['cosine']:.2f}, names {ev.get('entity_overlap', 0):.2f}: " + ", ".join(ev.get("shared_terms", [])[:4])
        else:
            how = "opened the story"
        members.add_row(m["doc_id"][:10], "" if m.get("entry") is None else str(m["entry"]), m.get("outlet") or "",
                        m.get("published") or "", m.get("title") or "", f"{m['score']:.2f}", how)
    parts: list[RenderableType] = [head, members]
    if story.get("links"):
        copies = Table(title="copies (earlier → later)", expand=True)
        for col in ("from", "to", "kind", "score", "jaccard", "containment", "direction by"):
            copies.add_column(col)
        for l in story["links"]:
            copies.add_row(l["src"][:10], l["dst"][:10], l["kind"], f"{l['score']:.2f}", f"{l['jaccard']:.2f}",
                           f"{l['containment']:.2f}", l["basis"])
        parts.append(copies)
    if story.get("conflicts"):
        parts.append(conflicts_view(story["conflicts"]))
    return Group(*parts)


def conflicts_view(conflicts: list[dict]) -> RenderableType:
    """Conflicts (``claimledger conflicts``): per conflict, the figures by source with dates."""
    if not conflicts:
        return Text("no conflicts", style="dim")
    parts: list[RenderableType] = []
    for c in conflicts:
        title = f"[{c['kind']}] {c['label']} — {c['n_sources']} sources, {c['n_figures']} figures"
        if c.get("story_id") is not None:
            title += f" (story {c['story_id']})"
        table = Table(title=title, expand=True, title_justify="left")
        if c["kind"] == "stance":
            for col, ratio in (("stance", None), ("source", 1), ("outlet", 1), ("published", None), ("claim", 4)):
                table.add_column(col, ratio=ratio)
            for f in c["figures"]:
                table.add_row(f.get("stance", ""), f.get("source") or "", f.get("outlet") or "",
                              f.get("published") or "", f.get("text") or "")
        elif c["kind"] == "changed_figure":
            for col in ("role", "figure", "outlet", "published", "document", "context"):
                table.add_column(col, ratio=3 if col == "context" else None)
            context = (c.get("measure") or {}).get("context", "")
            for f in c["figures"]:
                table.add_row(f.get("role", ""), f.get("text", ""), f.get("source") or "", f.get("published") or "",
                              f["doc_id"][:10], context)
        else:
            by_source: dict[str, list[dict]] = {}
            for f in c["figures"]:
                by_source.setdefault(f.get("source") or "?", []).append(f)
            for col, ratio in (("source", 2), ("figure", 1), ("counted", 2), ("outlet", 1), ("published", 1),
                               ("documents", 1)):
                table.add_column(col, ratio=ratio)
            for source, figs in by_source.items():
                values: dict[str, list[dict]] = {}
                for f in figs:
                    values.setdefault(_fmt_value(f), []).append(f)
                for value, fs in values.items():
                    outlets = ", ".join(dict.fromkeys(f.get("outlet") or "?" for f in fs))
                    dates = ", ".join(dict.fromkeys(f.get("published") or "?" for f in fs))
                    counted = fs[0].get("counted") or ""
                    if fs[0].get("side_inferred"):
                        counted += f" (side {fs[0].get('side')} inferred)"
                    table.add_row(source, value, counted, outlets, dates, ", ".join(f["doc_id"][:8] for f in fs))
        parts.append(table)
    return Group(*parts)


def trace_tree(trace) -> RenderableType:
    """A claim's provenance (``claimledger trace``) as a Rich tree."""
    from rich.tree import Tree

    styles = {"group": "bold", "source": "bold cyan", "intermediary": "cyan", "document": "green", "copy": "yellow"}

    def label(node) -> Text:
        text = Text(node.label, style=styles.get(node.kind, ""))
        if node.kind == "copy":
            copy = node.detail.get("copy", {})
            text.append(f"  [{copy.get('link')} {copy.get('score', 0):.2f}, by {copy.get('basis')}]", style="dim")
        if node.detail.get("earliest"):
            text.append("  ← earliest", style="bold magenta")
        return text

    def grow(tree, node) -> None:
        for child in node.children:
            grow(tree.add(label(child)), child)

    tree = Tree(label(trace.root))
    grow(tree, trace.root)
    return tree


def overstatement_view(over: dict, limit: int = 3) -> RenderableType:
    """The headline-overstatement flag with the body sentences that only hedge or dispute it."""
    lines: list[RenderableType] = [
        Text(f"⚠ headline overstates its body (score {over.get('score', 0):.2f}): the headline asserts, "
             "the body only hedges, attributes or disputes it", style="bold red")]
    for reason in over.get("reasons", [])[:limit]:
        cues = ", ".join(f"“{e['text']}”" for e in reason.get("evidence", []) if e.get("kind") != "claim")
        line = Text(f"  {reason.get('kind', '?')}: ", style="red")
        line.append(reason.get("text", ""), style="italic")
        if cues:
            line.append(f"  [{cues}]", style="dim")
        lines.append(line)
    return Group(*lines)


def _estimate_text(e: dict) -> str:
    def num(v: float | None) -> str:
        return "open" if v is None else f"{v:,.0f}"
    return f"{num(e.get('low'))} / {num(e.get('best'))} / {num(e.get('high'))}"


def incidents_table(rows: list[dict]) -> RenderableType:
    """Incidents (``claimledger incidents``): the most reported first, with their estimates."""
    if not rows:
        return Text("no incidents", style="dim")
    table = Table(title=f"{len(rows)} incidents", expand=True)
    for col, ratio in (("id", None), ("kind", None), ("what", 3), ("when", None), ("docs", None),
                       ("estimates (low / best / high)", 3)):
        table.add_column(col, ratio=ratio, justify="right" if col == "docs" else "left")
    for r in rows:
        ests = "\n".join(f"{e['measure'].replace('_', ' ')} ({e['population']}): {_estimate_text(e)}"
                         for e in r.get("estimates", [])[:4])
        when = r.get("begin") or "undated"
        table.add_row(r["id"][4:12], r["kind"].replace("_", " "), Text(r["label"]), when, str(r["n_docs"]),
                      Text(ests))
    return table


def incident_view(inc: dict) -> RenderableType:
    """One incident (``claimledger incident ID``): estimates by source, reports in time order, conflicts."""
    head = Text(f"{inc['label']}\n", style="bold")
    places = ", ".join(p.get("name") or "?" for p in inc.get("places", [])) or "no place found"
    head.append(f"{inc['id']} · {inc['kind'].replace('_', ' ')} · {inc['event_type'].replace('_', ' ')} · "
                f"{places} · {inc.get('begin') or 'undated'}"
                + (f" – {inc['until']}" if inc.get("until") and inc.get("until") != inc.get("begin") else "")
                + f" · {inc['n_docs']} documents, {inc['n_figures']} figures")
    estimates = Table(title="estimates by measure (UCDP-style low / best / high) and the sources behind them",
                      expand=True, title_justify="left")
    for col, ratio in (("measure", 1), ("counted", 1), ("low / best / high", 1), ("source", 2), ("figure", 1),
                       ("as of / published", 1)):
        estimates.add_column(col, ratio=ratio)
    for e in inc.get("estimates", []):
        for i, s in enumerate(e.get("sources", [])):
            estimates.add_row(e["measure"].replace("_", " ") if i == 0 else "", e["population"] if i == 0 else "",
                              _estimate_text(e) if i == 0 else "", Text(s.get("source") or "?"),
                              Text(s.get("text") or ""), s.get("as_of") or s.get("published") or "undated")
    reports = Table(title="reports in time order (undated last)", expand=True, title_justify="left")
    for col, ratio in (("published", 1), ("document", 1), ("source", 2), ("figure", 1), ("measure", 1),
                       ("counted", 1), ("span", 1)):
        reports.add_column(col, ratio=ratio)
    for f in inc.get("figures", []):
        span = f.get("scope", "incident").replace("_", " ") + (f" since {f['since']}" if f.get("since") else "")
        reports.add_row(f.get("published") or "undated", f["doc_id"][:10], Text(f.get("source") or "?"),
                        Text(f.get("text") or ""), (f.get("measure") or "").replace("_", " "),
                        f.get("population") or "", span)
    parts: list[RenderableType] = [head, estimates, reports]
    for c in inc.get("conflicts", []):
        parts.append(Text(f"conflict: {c['label']}", style="bold red"))
        for why in (c.get("evidence") or {}).get("reasons", []):
            parts.append(Text(f"  {why}"))
    return Group(*parts)
