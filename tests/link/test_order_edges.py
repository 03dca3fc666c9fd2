"""The edge cases of order-free linking (issue 15): a figure a copy changed is reported once
whatever the batch split, and undated copies are not ordered by arrival.  Real text: the
Express sample and what a syndication chain makes of it (a re-post, a copy that changed a
figure)."""

from __future__ import annotations

import sys
from pathlib import Path

from claimledger.clean import clean_text
from claimledger.demo import sample_text
from claimledger.link import link_documents
from claimledger.store import Ledger, links

sys.path.insert(0, str(Path(__file__).parent))
import corpus as C  # noqa: E402


def _chain():
    """The original, a re-post of it a day later (same figures), a copy with one figure changed."""
    express = clean_text(sample_text("express"), outlet="Express", published="2022-03-21")
    repost = C.clean(C.with_new_furniture(express), outlet="Reposter", published="2022-03-22")
    changed_text, old, new = C.copy_with_changed_figure(express)
    changed = C.clean(changed_text, outlet="Copycat", published="2022-03-24")
    return {"express": express, "repost": repost, "changed": changed}, (old, new)


def _changes(ledger: Ledger) -> list[tuple[str, str, str, str]]:
    """Each changed-figure conflict as (original doc, copy doc, old text, new text), sorted."""
    out = []
    for c in links.list_conflicts(ledger, kind="changed_figure"):
        for ch in c["evidence"]["changes"]:
            out.append((c["figures"][0]["doc_id"], c["figures"][1]["doc_id"], ch["src_text"], ch["dst_text"]))
    return sorted(out)


def _linked(tmp_path: Path, batches: list[list[str]], docs: dict) -> Ledger:
    ledger = Ledger(tmp_path / f"{'-'.join('+'.join(b) for b in batches)}.db")
    for batch in batches:
        for name in batch:
            ledger.add(docs[name])
        link_documents(ledger)
    return ledger


def test_a_changed_figure_is_reported_once_whatever_the_batch_split(tmp_path):
    """The copy changed a figure of the original and of its re-post: one report, against the
    earliest (the original), in one run or when the original arrives in a later run."""
    docs, (old, new) = _chain()
    one_run = _changes(_linked(tmp_path, [["express", "repost", "changed"]], docs))
    express, changed = docs["express"].document.id, docs["changed"].document.id
    assert one_run == [(express, changed, old, new)]
    for batches in ([["repost", "changed"], ["express"]], [["changed"], ["repost"], ["express"]],
                    [["express", "changed"], ["repost"]]):
        assert _changes(_linked(tmp_path, batches, docs)) == one_run, batches


def _paragraph_every_page_carries() -> str:
    """The longest paragraph of the Express sample: what a wire paragraph quoted everywhere is."""
    express = clean_text(sample_text("express"))
    return max(C.body_paragraphs(express), key=len)


def test_copies_of_a_paragraph_in_many_pages_do_not_depend_on_arrival():
    """More pages than any posting cap carry one real paragraph (FNC-1 bodies, the Express
    paragraph appended); an aggregator's excerpt of that paragraph is an excerpt of each of
    them, whether it arrives first, in the middle or last."""
    from claimledger.link.duplicates import DuplicateIndex, make_sketch
    from claimledger.link.units import paragraphs
    from tests.helpers.synth import article_bodies

    shared = _paragraph_every_page_carries()
    pages = [clean_text(body + "\n\n" + shared) for body in article_bodies(limit=80)]
    excerpt = clean_text("Russian losses mount, says Ukraine\n\n" + shared)
    found = []
    for at in (0, len(pages) // 2, len(pages)):
        order = pages[:at] + [excerpt] + pages[at:]
        index = DuplicateIndex()
        links = set()
        for seq, cleaned in enumerate(order):
            doc = cleaned.document
            sketch = make_sketch(doc.id, seq, None, paragraphs(doc, cleaned.segments))
            links |= {(l.src, l.dst, l.kind, l.basis) for l in index.add(sketch)}
        found.append(links)
    assert found[0] == found[1] == found[2]
    linked = {d for link in found[0] for d in link[:2] if excerpt.document.id in link[:2]}
    assert len(pages) > 64 and linked >= {p.document.id for p in pages}


def test_copy_links_and_their_direction_are_the_same_in_any_order(tmp_path):
    """The samples and what a syndication chain makes of them, two of them undated (the live
    blog and its entry republished as an article): every arrival order and batch split gives
    the same copy links, each with the same direction and basis."""
    docs, _ = _chain()
    telegraph = clean_text(sample_text("telegraph"), outlet="Telegraph")
    docs |= {"telegraph": telegraph, "entry": C.clean(C.entry_as_article(telegraph, 2), outlet="Wire"),
             "excerpt": C.clean(C.excerpt(docs["express"]), outlet="Aggregator", published="2022-03-22")}
    names = sorted(docs)
    found = []
    for batches in ([names], [list(reversed(names))], [names[3:], names[:3]], [[n] for n in reversed(names)]):
        ledger = _linked(tmp_path, batches, docs)
        found.append({(l["src"], l["dst"], l["kind"], l["basis"]) for l in links.doc_links(ledger)})
    assert all(f == found[0] for f in found)
    assert {basis for *_, basis in found[0]} == {"published", "order_unknown"}
