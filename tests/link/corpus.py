"""A small syndication chain built from real text by deterministic transformations.

From the two sample pages (and any real article) the functions here make what a real
chain of re-publication produces: an aggregator's excerpt, a re-post with new page
furniture, a copy that changed one figure, and a paraphrase (sentence order, wording
and one figure changed).  Nothing random: the same input gives the same variants.
"""

from __future__ import annotations

import re

from claimledger.clean import clean_text
from claimledger.link.units import reporting_segments
from claimledger.records import Cleaned

NEW_FURNITURE = [
    "Sign up to our free daily newsletter for the latest news",
    "Read more: the latest updates from the front line [LIVE]",
    "Advertisement",
]

# wording a sub-editor changes when rewriting agency copy
SWAPS = [
    (r"\bsoldiers\b", "servicemen"), (r"\btroops\b", "soldiers"), (r"\bestimated\b", "believes"),
    (r"\bhave been killed\b", "have died"), (r"\bhave been lost\b", "have died"), (r"\bclaim\b", "say"),
    (r"\bsuggesting\b", "saying"), (r"\bover\b", "more than"), (r"\bless than\b", "under"),
    (r"\bhas said\b", "says"), (r"\binvasion\b", "assault"), (r"\bfighting\b", "combat"),
]

_BIG = re.compile(r"\b\d{1,3}(?:,\d{3})+\b")


def body_paragraphs(cleaned: Cleaned) -> list[str]:
    doc = cleaned.document
    return [doc.text[s.start:s.end] for s in reporting_segments(cleaned.segments) if s.kind != "entry_headline"]


def headline(cleaned: Cleaned) -> str:
    doc = cleaned.document
    return next(doc.text[s.start:s.end] for s in cleaned.segments if s.kind == "headline")


def largest_figure(text: str) -> str:
    """The largest comma-grouped number of the text (well-formed groups only)."""
    return max(_BIG.findall(text), key=lambda n: int(n.replace(",", "")))


def changed(figure: str, factor: float = 5 / 3) -> str:
    value = int(round(int(figure.replace(",", "")) * factor, -3))
    return f"{value:,}"


def excerpt(cleaned: Cleaned, n: int = 4) -> str:
    """An aggregator's excerpt: the headline, the first ``n`` paragraphs, a read-more line."""
    return "\n\n".join([headline(cleaned), *body_paragraphs(cleaned)[:n], "Source: Read Full Article"])


def with_new_furniture(cleaned: Cleaned) -> str:
    """A re-post: a new headline prefix, new teasers between paragraphs, the same reporting."""
    paras = body_paragraphs(cleaned)
    mid = len(paras) // 2
    parts = ["WATCH: " + headline(cleaned), NEW_FURNITURE[0], *paras[:mid], NEW_FURNITURE[1], *paras[mid:],
             NEW_FURNITURE[2]]
    return "\n\n".join(parts)


def copy_with_changed_figure(cleaned: Cleaned) -> tuple[str, str, str]:
    """A copy whose largest figure was changed; (text, old figure, new figure)."""
    text = "\n\n".join([headline(cleaned), *body_paragraphs(cleaned)])
    old = largest_figure(text)
    new = changed(old)
    return text.replace(old, new), old, new


def paraphrase(cleaned: Cleaned) -> tuple[str, str, str]:
    """Reworded, paragraphs of each pair swapped, the largest figure changed; (text, old, new)."""
    paras = body_paragraphs(cleaned)
    swapped = []
    for i in range(0, len(paras) - 1, 2):
        swapped += [paras[i + 1], paras[i]]
    if len(paras) % 2:
        swapped.append(paras[-1])
    text = "\n\n".join(swapped)
    for pattern, repl in SWAPS:
        text = re.sub(pattern, repl, text)
    old = largest_figure(text)
    new = changed(old, 4 / 3)
    title = re.sub(r"\bsoldier\b", "serviceman", headline(cleaned))
    return title + "\n\n" + text.replace(old, new), old, new


def entry_as_article(cleaned: Cleaned, entry: int) -> str:
    """One live-blog entry republished as a stand-alone article."""
    doc = cleaned.document
    segs = [s for s in cleaned.segments if s.entry == entry and s.kind in ("entry_headline", "body", "quote")]
    return "\n\n".join(doc.text[s.start:s.end] for s in segs)


def clean(text: str, **fields) -> Cleaned:
    return clean_text(text, **fields)
