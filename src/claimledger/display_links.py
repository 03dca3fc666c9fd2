"""Rich renderings of the link layer for the terminal: stories, conflicts, claim groups,
provenance trees, incidents and the ledger's status (``claimledger stories``, ``conflicts``, ...).

The same output layer as ``display``: every piece of data reaches Rich through
``display.data`` (escaped, control characters taken out).
"""

from __future__ import annotations

from typing import Any, Iterable

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from claimledger.display import data, error, narrow_width
from claimledger.store import (
    ClaimGroupSummary,
    ClaimGroupView,
    ConflictView,
    StorySummary,
    StoryView,
    document_name,
    source_name,
)


def _fmt_value(f: dict) -> str:
    return f.get("text") or (f"{f.get('low')}–{f.get('high')}" if f.get("low") is not None else str(f.get("value")))


def stories_table(stories: Iterable[StorySummary | dict[str, Any]], width: int | None = None) -> Table:
    """Stories (``claimledger stories``): size, documents, first headline, top terms, outlets, dates;
    below ``NARROW`` columns the unit count and the top terms are dropped."""
    rows = [s if isinstance(s, StorySummary) else StorySummary(**s) for s in stories]
    narrow = narrow_width(width)
    table = Table(title=f"{len(rows)} stories", expand=True)
    columns: list[tuple[str, dict[str, Any]]] = [
        ("id", {"justify": "right"}), ("units", {"justify": "right"}), ("docs", {"justify": "right"}),
        ("first headline", {"ratio": 3}), ("top terms", {"ratio": 2}), ("outlets", {"ratio": 1}), ("dates", {})]
    shown = [c for c in columns if not (narrow and c[0] in ("units", "top terms"))]
    for col, kw in shown:
        table.add_column(col, **kw)
    for r in rows:
        dates = " → ".join(dict.fromkeys(d for d in (r.first_published, r.last_published) if d))
        cells = {"id": str(r.id), "units": str(r.size), "docs": str(r.documents), "first headline": data(r.title),
                 "top terms": data(r.label), "outlets": data(", ".join(r.outlets)), "dates": data(dates or "–")}
        table.add_row(*(cells[c] for c, _ in shown))
    return table


def _members_table(story: StoryView, width: int | None = None) -> Table:
    members = Table(title="documents and live-blog entries, in ingest order", expand=True, title_justify="left")
    columns = [("document", 3), ("entry", None), ("source", 1), ("published", None)]
    for col, ratio in columns:
        members.add_column(col, ratio=ratio, overflow="ellipsis" if col == "source" else "fold")
    for m in story.members:
        entry = "" if m.get("entry") is None else str(m["entry"] + 1)
        name = m.get("title") or document_name(None, None, m.get("source")) or m["doc_id"][:10]
        members.add_row(data(name), entry, data(source_name(m.get("outlet"), None, m.get("source"))),
                        data(m.get("published") or "undated"))
    return members


def _where(item: dict[str, Any]) -> str:
    """Which document carries a story's claim: its outlet or file, and the copies that repeat it."""
    where = source_name(item.get("outlet"), None, item.get("source")) or item["doc_id"][:10]
    also = [source_name(a.get("outlet"), None, a.get("source")) or a["doc_id"][:8] for a in item.get("also") or []]
    return where + (f" (also {', '.join(also)})" if also else "")


def _key_claims_table(claims: list[dict[str, Any]], width: int | None = None) -> Table:
    table = Table(title="key claims, most check-worthy first", expand=True, title_justify="left")
    for col, ratio in (("claim", 4), ("source ← via", 2), ("certainty", None), ("document", 2)):
        table.add_column(col, ratio=ratio)
    for c in claims:
        table.add_row(data(c["claim"].text), data(" ← ".join(c["chain"]) or "the outlet itself"),
                      data(c["claim"].certainty), data(_where(c)))
    return table


def _story_figures_table(figures: list[dict[str, Any]]) -> Table:
    table = Table(title="figures and who gives them", expand=True, title_justify="left")
    for col, ratio in (("figure", 1), ("what", 2), ("source ← via", 2), ("document", 2)):
        table.add_column(col, ratio=ratio)
    for f in figures:
        c, q = f["claim"], f["figure"]
        table.add_row(data(q.text), data(q.counted or q.category), data(" ← ".join(c["chain"]) or "the outlet itself"),
                      data(_where(dict(c, also=f.get("also")))))
    return table


def story_view(story: StoryView, reading: dict[str, Any] | None = None, width: int | None = None) -> RenderableType:
    """One story (``claimledger story ID``): its lead sentence, key claims, figures, conflicts,
    then its members and the copies among them (``reading``: ``Ledger.story_reading``)."""
    reading = reading or {}
    head = Text.assemble((f"story {story.id}: ", "bold"), data(story.title, "bold"))
    lead = reading.get("lead")
    if lead:
        head.append_text(data(f"\n\n“{lead['claim'].text}”", "italic"))
        head.append_text(data(f"\n  — {' ← '.join(lead['chain']) or 'the outlet itself'}, "
                              f"{_where(dict(lead, also=[]))}", "dim"))
    parts: list[RenderableType] = [head]
    if reading.get("key_claims"):
        parts.append(_key_claims_table(reading["key_claims"], width))
    if reading.get("figures"):
        parts.append(_story_figures_table(reading["figures"]))
    if story.conflicts:
        parts.append(conflicts_view(story.conflicts, width))
    parts.append(_members_table(story, width))
    if story.links:
        copies = Table(title="copies (earlier → later where both are dated)", expand=True, title_justify="left")
        for col in ("from", "to", "kind", "overlap", "order"):
            copies.add_column(col)
        for l in story.links:
            copies.add_row(data(l.src[:10]), data(l.dst[:10]), data(l.kind), f"{l.score:.0%}", _order_words(l.basis))
        parts.append(copies)
    parts.append(data(f"story terms: {story.label}", "dim"))
    return Group(*parts)


def _order_words(basis: str | None) -> str:
    """A copy link's order as a reader says it: by publication date, or unknown (a date missing)."""
    return "by publication date" if basis == "published" else "unknown (a date is missing)"


def _conflict_title(c: ConflictView) -> Text:
    kind = "" if c.kind == "figures" else c.kind.replace("_", " ") + ": "
    counted = "claims" if c.kind == "stance" else "figures"  # a stance conflict's members are claims
    title = f"{kind}{c.label} — {c.n_sources} sources, {c.n_figures} {counted}"
    return data(title + (f" (story {c.story_id})" if c.story_id is not None else ""))


def _stance_rows(table: Table, c: ConflictView) -> None:
    for col, ratio in (("stance", None), ("source", 1), ("outlet", 1), ("published", None), ("claim", 4)):
        table.add_column(col, ratio=ratio)
    for f in c.figures:
        table.add_row(*(data(f.get(k)) for k in ("stance", "source", "outlet", "published", "text")))


def _changed_rows(table: Table, c: ConflictView) -> None:
    for col in ("role", "figure", "outlet", "published", "document", "context"):
        table.add_column(col, ratio=3 if col == "context" else None)
    context = (c.measure or {}).get("context", "")
    for f in c.figures:
        table.add_row(data(f.get("role")), data(f.get("text")), data(f.get("source")), data(f.get("published")),
                      data(f["doc_id"][:10]), data(context))


def _figure_rows(table: Table, c: ConflictView, narrow: bool = False) -> None:
    """Figures by source; below ``NARROW`` columns outlet and date fold into one cell and the
    document ids are dropped."""
    columns = [("source", 2), ("figure", 1), ("counted", 2)]
    columns += [("outlet, published", 2)] if narrow else [("outlet", 1), ("published", 1), ("documents", 1)]
    for col, ratio in columns:
        table.add_column(col, ratio=ratio)
    by_source: dict[str, dict[str, list[dict]]] = {}
    for f in c.figures:
        by_source.setdefault(f.get("source") or "?", {}).setdefault(_fmt_value(f), []).append(f)
    for source, values in by_source.items():
        for value, fs in values.items():
            outlets = ", ".join(dict.fromkeys(f.get("outlet") or "?" for f in fs))
            dates = ", ".join(dict.fromkeys(f.get("published") or "?" for f in fs))
            counted = fs[0].get("counted") or ""
            if fs[0].get("side_inferred"):
                counted += f" (side {fs[0].get('side')} inferred)"
            where = [data(f"{outlets}, {dates}")] if narrow else [
                data(outlets), data(dates), data(", ".join(f["doc_id"][:8] for f in fs))]
            table.add_row(data(source), data(value), data(counted), *where)


def conflicts_view(conflicts: Iterable[ConflictView | dict[str, Any]], width: int | None = None) -> RenderableType:
    """Conflicts (``claimledger conflicts``): per conflict, the figures by source with dates."""
    parts: list[RenderableType] = []
    for c in (c if isinstance(c, ConflictView) else ConflictView(**c) for c in conflicts):
        table = Table(title=_conflict_title(c), expand=True, title_justify="left")
        if c.kind == "stance":
            _stance_rows(table, c)
        elif c.kind == "changed_figure":
            _changed_rows(table, c)
        else:
            _figure_rows(table, c, narrow_width(width))
        parts.append(table)
    return Group(*parts) if parts else Text("no conflicts", style="dim")


def claim_groups_table(groups: Iterable[ClaimGroupSummary], width: int | None = None) -> RenderableType:
    """Claim groups (``claimledger groups``): the same proposition across documents, the widest first."""
    groups = list(groups)
    if not groups:
        return Text("no claim groups (none spans enough documents, or the ledger is not linked)", style="dim")
    narrow = narrow_width(width)
    table = Table(title=f"{len(groups)} claim groups", expand=True)
    table.add_column("group", justify="right", no_wrap=True)
    table.add_column("docs", justify="right", no_wrap=True)
    if not narrow:
        table.add_column("claims", justify="right", no_wrap=True)
    table.add_column("first claim", ratio=1)
    for g in groups:
        sizes = [str(g.n_docs)] + ([] if narrow else [str(g.size)])
        table.add_row(str(g.id), *sizes, data(g.label))
    return table


def claim_group_view(group: ClaimGroupView, width: int | None = None) -> RenderableType:
    """One claim group (``claimledger group ID``): each member's source, stance, certainty and document."""
    narrow = narrow_width(width)
    head = Text.assemble((f"claim group {group.id}: ", "bold"), data(group.label, "bold"),
                         f"\n{group.size} claims in {group.n_docs} documents")
    table = Table(expand=True)
    columns = [("source ← via", 2), ("stance", None), ("certainty", None), ("claim", 4), ("document", 2)]
    if not narrow:
        columns.append(("published", None))
    for col, ratio in columns:
        table.add_column(col, ratio=ratio)
    for m in group.members:
        document = source_name(m.get("doc_outlet"), None, m.get("doc_source")) or m["doc_id"][:8]
        cells = [data(" ← ".join(m.get("chain") or []) or "(the outlet)"), data(m.get("stance") or ""),
                 data(m.get("certainty") or ""), data(m.get("text")), data(document)]
        if not narrow:
            cells.append(data(m.get("doc_published") or "?"))
        table.add_row(*cells)
    return Group(head, table)


_TRACE_STYLES = {"group": "bold", "source": "bold cyan", "intermediary": "cyan", "document": "green", "copy": "yellow"}


def _trace_label(node: Any) -> Text:
    text = data(node.label, style=_TRACE_STYLES.get(node.kind, ""))
    if node.kind == "copy":
        copy = node.detail.get("copy", {})
        order = _order_words(copy.get("basis"))
        text.append_text(data(f"  [{copy.get('link')} {copy.get('score', 0):.2f}, order {order}]", style="dim"))
    if node.detail.get("earliest"):
        text.append("  ← earliest", style="bold magenta")
    return text


def trace_tree(trace: Any) -> RenderableType:
    """A claim's provenance (``claimledger trace``) as a Rich tree."""
    from rich.tree import Tree

    def grow(tree: Tree, node: Any) -> None:
        for child in node.children:
            grow(tree.add(_trace_label(child)), child)

    tree = Tree(_trace_label(trace.root))
    grow(tree, trace.root)
    return tree


def _estimate_text(e: dict) -> str:
    def num(v: float | None) -> str:
        return "open" if v is None else f"{v:,.0f}"
    return f"{num(e.get('low'))} / {num(e.get('best'))} / {num(e.get('high'))}"


def incidents_table(rows: list[dict[str, Any]], width: int | None = None) -> RenderableType:
    """Incidents (``claimledger incidents``): the most reported first, with their estimates;
    below ``NARROW`` columns the kind folds under the label and the documents count is dropped."""
    if not rows:
        return Text("no incidents", style="dim")
    narrow = narrow_width(width)
    table = Table(title=f"{len(rows)} incidents", expand=True)
    columns: list[tuple[str, dict[str, Any]]] = [
        ("id", {}), ("kind", {}), ("what", {"ratio": 3}), ("when", {}), ("docs", {"justify": "right"}),
        ("low / best / high", {"ratio": 3})]
    shown = [c for c in columns if not (narrow and c[0] in ("kind", "docs"))]
    for col, kw in shown:
        table.add_column(col, **kw)
    for r in rows:
        ests = "\n".join(f"{e['measure'].replace('_', ' ')} ({e['population']}): {_estimate_text(e)}"
                         for e in r.get("estimates", [])[:4])
        when = (r.get("begin") or "?") + (f" – {r['until']}" if r.get("until") and r["until"] != r.get("begin") else "")
        what = data(r["label"])
        if narrow:
            docs = f"{r['n_docs']} document{'s' if r['n_docs'] != 1 else ''}"
            what.append_text(data(f"\n{r['kind'].replace('_', ' ')}, {docs}", style="dim"))
        cells = {"id": r["id"][4:12], "kind": r["kind"].replace("_", " "), "what": what,
                 "when": "undated" if when == "?" else when, "docs": str(r["n_docs"]), "low / best / high": data(ests)}
        table.add_row(*(cells[c] for c, _ in shown))
    return table


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


def incident_view(inc: dict) -> RenderableType:
    """One incident (``claimledger incident ID``): estimates by source, reports in time order, conflicts."""
    head = Text(f"{inc['label']}\n", style="bold")
    places = ", ".join(p.get("name") or "?" for p in inc.get("places", [])) or "no place found"
    head.append(f"{inc['id']} · {inc['kind'].replace('_', ' ')} · {inc['event_type'].replace('_', ' ')} · "
                f"{places} · {inc.get('begin') or 'undated'}"
                + (f" – {inc['until']}" if inc.get("until") and inc.get("until") != inc.get("begin") else "")
                + f" · {_count(inc['n_docs'], 'document')}, {_count(inc['n_figures'], 'figure')}")
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
    if inc.get("reports"):
        parts.append(_reports_table(inc))
    for c in inc.get("conflicts", []):
        parts.append(Text(f"conflict: {c['label']}", style="bold red"))
        for why in (c.get("evidence") or {}).get("reasons", []):
            parts.append(Text(f"  {why}"))
    return Group(*parts)


def _reports_table(inc: dict) -> Table:
    """Every document reporting the incident in time order, those that tell of it without a figure too."""
    table = Table(title="documents reporting it in time order (undated last)", expand=True, title_justify="left")
    for col, ratio in (("published", 1), ("document", 1), ("outlet", 1), ("title", 3), ("figures", 1)):
        table.add_column(col, ratio=ratio)
    for r in inc["reports"]:
        figures = str(r["figures"]) if r["found_by"] == "figures" else "none (by text)"
        table.add_row(r.get("published") or "undated", r["doc_id"][:10], Text(r.get("outlet") or ""),
                      Text(r.get("title") or ""), figures)
    if not inc.get("reports_complete", True):
        table.caption = "its stories are too large to search for reports without a figure"
    return table


def status_view(found: dict[str, Any]) -> RenderableType:
    """``claimledger status``: counts, then the last ingest runs and their failed inputs."""
    singular = {"documents": "document", "stories": "story", "incidents": "incident", "claim_groups": "claim group",
                "conflicts": "conflict"}
    def shown(k: str) -> str:
        text = f"{found[k]:,} {singular.get(k, k) if found[k] == 1 else k.replace('_', ' ')}"
        if k == "incidents" and "incidents_with_estimate" in found:  # `incidents` lists only these by default
            text += f" ({found['incidents_with_estimate']:,} with an estimate)"
        return text
    counts = Text(", ".join(shown(k) for k in ("documents", "unlinked", "stories", "incidents", "claim_groups",
                                              "conflicts")))
    if found["unlinked"]:
        counts.append("  (run `claimledger link` to link the rest)", style="yellow")
    runs = Table(title="last ingest runs", expand=True, title_justify="left")
    for col in ("run", "started", "status", "added", "duplicates", "failed"):
        runs.add_column(col, justify="right" if col in ("run", "added", "duplicates", "failed") else "left")
    failures: list[RenderableType] = []
    for r in found["runs"]:
        runs.add_row(str(r["id"]), data(r.get("started") or ""), data(r["status"]), str(r.get("added") or 0),
                     str(r.get("duplicates") or 0), str(r.get("failed") or 0))
        for f in (r.get("failures") or [])[:5]:
            failures.append(error(f"run {r['id']}: {f.get('source')}: {f.get('reason')}"))
    return Group(counts, runs, *failures)
