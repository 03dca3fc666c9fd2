"""The two real sample pages, segmented: every line of them is a requirement."""

from __future__ import annotations

import re

from claimledger.clean import clean_text
from claimledger.records import (
    ARTICLE_KINDS,
    CREDIT_KINDS,
    HEADLINE_KINDS,
    OUTSIDE_ARTICLE_KINDS,
    REPORTING_KINDS,
    SEGMENT_KINDS,
)
from tests.clean.test_segmenter_general import OTHER_PAGE


def seg_texts(cleaned, kind):
    text = cleaned.document.text
    return [text[s.start:s.end] for s in cleaned.segments if s.kind == kind]


def test_telegraph_metadata(telegraph):
    doc = telegraph.document
    assert doc.title == "Ukraine live: Russian officers mutiny after devastating tank battle"
    assert doc.byline == "Arthur Scott-Geddes"
    assert doc.published == "XXXX-03-07"  # month 3, day 7, year unknown — never invented
    assert doc.kind == "liveblog"


def test_telegraph_four_entries_with_subheadlines(telegraph):
    heads = seg_texts(telegraph, "entry_headline")
    assert heads == [
        "Ukraine wants US to send cluster bombs so it can take them apart to drop from drones",
        "Mud hampers Ukraine’s Bakhmut resupply efforts",
        "China claims Ukraine crisis driven by ‘invisible hand’",
    ]
    entries = {s.entry for s in telegraph.segments if s.kind in ("body", "quote")}
    assert entries == {0, 1, 2, 3}
    text = telegraph.document.text
    first_of = {}
    for s in telegraph.segments:
        if s.kind == "body" and s.entry not in first_of:
            first_of[s.entry] = text[s.start:s.end]
    assert first_of[0].startswith("Senior Russian officers have reportedly refused")
    assert first_of[1].startswith("Ukraine has broadened a request")
    assert first_of[2].startswith("Muddy conditions around Bakhmut")
    assert first_of[3].startswith("The Ukraine crisis seems to be driven")


def test_telegraph_comments_threaded(telegraph):
    comments = [s for s in telegraph.segments if s.kind == "comment"]
    text = telegraph.document.text
    assert len(comments) == 3
    first, reply, second = comments
    assert text[first.start:first.end].startswith("The putinazis use cluster munitions")
    assert "Send for Gen. Ben Hodges." in text[first.start:first.end]
    assert first.meta["number"] == 1 and second.meta["number"] == 2
    assert reply.parent == first.order and reply.meta["header"] == "Liked"
    assert text[reply.start:reply.end].startswith("Neither the U.S. nor Ukraine")
    assert text[reply.start:reply.end].rstrip().endswith("would be priceless.")
    assert second.parent is None
    assert seg_texts(telegraph, "furniture") == ["Enter comments here:"]


def test_no_furniture_or_comments_inside_reporting(telegraph, express):
    for cleaned in (telegraph, express):
        text = cleaned.document.text
        apart = [text[s.start:s.end] for s in cleaned.segments if s.kind in OUTSIDE_ARTICLE_KINDS]
        for seg in cleaned.segments:
            if seg.kind in ARTICLE_KINDS:
                inside = text[seg.start:seg.end]
                for other in apart:
                    assert other not in inside, (seg.kind, inside[:60])
                assert not re.search(r"\[(INSIGHT|BREAKING|LATEST)\]|Read Full Article|Enter comments", inside)


def test_express_furniture(express):
    furniture = seg_texts(express, "furniture")
    assert any(f.startswith("We use your sign-up to provide content") for f in furniture)
    assert sum(f.rstrip().endswith(("[INSIGHT]", "[BREAKING]", "[LATEST]")) for f in furniture) == 3
    assert "Source: Read Full Article" in furniture
    assert express.document.kind == "article"
    assert express.document.title.startswith("Putin mutiny as soldier drives tank")
    assert express.document.published is None


def test_offsets_point_into_the_original(telegraph, express):
    for cleaned in (telegraph, express):
        text = cleaned.document.text
        orders = [s.order for s in cleaned.segments]
        assert orders == list(range(len(orders)))
        for seg in cleaned.segments:
            assert 0 <= seg.start < seg.end <= len(text)
            assert text[seg.start:seg.end] == text[seg.start:seg.end].strip()


def test_quotes_are_their_own_segments(telegraph, express):
    assert any(q.startswith("“The leaders of the brigade") for q in seg_texts(telegraph, "quote"))
    assert any(q.startswith("“After choosing a convenient moment") for q in seg_texts(express, "quote"))


def test_every_segment_kind_is_in_the_vocabulary_and_its_groups(telegraph, express):
    """The kinds the cleaner gives real pages are the declared ones, and each lies in the group it is read by."""
    seen = {s.kind for cleaned in (telegraph, express, clean_text(OTHER_PAGE)) for s in cleaned.segments}
    assert {"headline", "entry_headline", "standfirst", "body", "quote", "furniture", "comment"} <= seen
    assert seen <= set(SEGMENT_KINDS)
    groups = (ARTICLE_KINDS, CREDIT_KINDS, OUTSIDE_ARTICLE_KINDS)
    assert sum(len(g) for g in groups) == len(set().union(*groups))  # the three never overlap
    assert HEADLINE_KINDS < REPORTING_KINDS < ARTICLE_KINDS and set().union(*groups) <= set(SEGMENT_KINDS)
