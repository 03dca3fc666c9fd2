"""Near-duplicates: copies, excerpts, re-posts with furniture; direction; nothing from furniture."""

from __future__ import annotations

import csv

import numpy as np

from claimledger.clean import clean_text
from claimledger.link.duplicates import DuplicateIndex, make_sketch, minhash_from_bytes, paragraph_shingles
from claimledger.link.units import paragraphs
from tests.conftest import require_shared

import corpus as C


def sketch(cleaned, seq, published=None, doc_id=None):
    doc = cleaned.document
    return make_sketch(doc_id or doc.id, seq, published if published is not None else doc.published,
                       paragraphs(doc, cleaned.segments))


def test_shingles_are_deterministic_and_paragraph_bound(express):
    paras = paragraphs(express.document, express.segments)
    a, anchors = paragraph_shingles(paras)
    b, anchors2 = paragraph_shingles(list(paras))
    assert np.array_equal(a, b) and anchors == anchors2
    assert len(a) > 300 and len(anchors) >= 2 * 15
    # reordering paragraphs changes no shingle
    c, _ = paragraph_shingles(list(reversed(paras)))
    assert np.array_equal(a, c)


def test_signature_round_trip(express):
    s = sketch(express, 1)
    assert minhash_from_bytes(s.signature()).jaccard(s.minhash) == 1.0


def test_excerpt_copy_and_furniture_linked_with_direction(express):
    index = DuplicateIndex()
    excerpt = clean_text(C.excerpt(express), published="2022-03-22")
    repost = clean_text(C.with_new_furniture(express), published="2022-03-23")
    assert index.add(sketch(excerpt, 1)) == []
    links = index.add(sketch(express, 2, published="2022-03-21"))
    assert len(links) == 1
    link = links[0]
    # ingested second, published first: the original points to the excerpt
    assert (link.src, link.dst, link.kind, link.basis) == (express.document.id, excerpt.document.id, "excerpt", "published")
    assert link.containment == 1.0 and link.jaccard < 0.5
    assert link.evidence["contained"] == "dst" and "anchors" in link.evidence["candidate_by"]
    links = {l.src: l for l in index.add(sketch(repost, 3))}
    assert links[express.document.id].kind == "duplicate"  # new furniture is not reporting text
    assert links[express.document.id].dst == repost.document.id


def test_undated_copies_have_no_order_and_the_same_link_in_either_arrival(telegraph):
    """Issue 12: undated reports are never ordered by ingest time.  The blog and its entry
    republished as an article, both undated: the link says the order is unknown, and is the
    same whichever came first (the fuller text, which holds the other, is named first)."""
    entry = clean_text(C.entry_as_article(telegraph, 2))
    found = []
    for first, second in ((telegraph, entry), (entry, telegraph)):
        index = DuplicateIndex()
        index.add(sketch(first, 1))
        [link] = index.add(sketch(second, 2))
        found.append(link)
    assert found[0].to_dict() | {"evidence": None} == found[1].to_dict() | {"evidence": None}
    link = found[0]
    assert (link.src, link.dst, link.basis, link.kind) == (telegraph.document.id, entry.document.id, "order_unknown",
                                                           "excerpt")
    assert "order unknown" in link.evidence["order"]


def test_a_dated_and_an_undated_copy_are_not_ordered(express):
    """A date on one side only orders nothing: the other may be older or newer."""
    repost = clean_text(C.with_new_furniture(express))
    index = DuplicateIndex()
    index.add(sketch(repost, 1))
    [link] = index.add(sketch(express, 2, published="2022-03-21"))
    assert link.basis == "order_unknown"


def test_the_two_samples_are_not_copies(express, telegraph):
    index = DuplicateIndex()
    index.add(sketch(express, 1))
    assert index.add(sketch(telegraph, 2)) == []


def test_comments_and_furniture_never_make_a_copy(telegraph):
    # the same furniture and comments under an unrelated article: no link
    comments = [telegraph.document.text[s.start:s.end] for s in telegraph.segments if s.kind == "comment"]
    other = "Unrelated headline about a football match\n\n" + \
        "The home side won two goals to one after a late penalty in the second half of the game.\n\n" + \
        "\n\n".join(comments) + "\n\nEnter comments here:"
    index = DuplicateIndex()
    index.add(sketch(telegraph, 1))
    assert index.add(sketch(clean_text(other), 2)) == []


def test_real_bodies_copies_found_and_distinct_bodies_apart():
    path = require_shared("fnc1") / "train_bodies.csv"
    csv.field_size_limit(10**9)
    with path.open(encoding="utf-8") as f:
        rows = [r for _, r in zip(range(40), csv.DictReader(f))]
    index = DuplicateIndex()
    originals = {}
    for i, r in enumerate(rows):
        cleaned = clean_text(r["articleBody"])
        originals[cleaned.document.id] = cleaned
        index.add(sketch(cleaned, i + 1))
    # a trimmed copy of each of the first ten bodies links back to its original
    found = 0
    for j, cleaned in enumerate(list(originals.values())[:10]):
        paras = paragraphs(cleaned.document, cleaned.segments)
        copy = clean_text("\n\n".join(paras[: max(1, len(paras) - 1)]) + "\n\nRead more on our website")
        links = index.add(sketch(copy, 100 + j))
        found += any(cleaned.document.id in (l.src, l.dst) for l in links)
    assert found >= 9
