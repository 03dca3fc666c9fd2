"""Page debris kept out of the reporting, publication stamps read from the text, one options
object for both cleaners: general page shapes, and real pages from ../shared/data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.realnews_docs import load_train, page_text, sample_ids
from claimledger.clean import CleanOptions, clean_html, clean_text
from claimledger.clean.dates import parse_dateline, stamp_in_text
from claimledger.clean.furniture import furniture_reason
from claimledger.paths import shared_data
from claimledger.records import PartialDate

LABELS = Path(__file__).resolve().parents[1] / "fixtures" / "realnews_labels.json"

PAGE = """Troops push into the outskirts of the city

DEVELOPING: Ukrainian troops entered the eastern outskirts of the city on Tuesday, the general staff said.

Scroll down for video

HORROR: Soldier filmed running over his commander

Three soldiers killed in border clash

Three soldiers were killed when their patrol came under fire near the border, officials said.

Follow our live coverage on Twitter @LiveDesk

Jane Doe may be reached at jane.doe@example.com

Reuters contributed reporting.

Related coverage

Kyiv says counter-offensive is going to plan

Moscow denies losing second warship
"""


def _kinds(cleaned):
    text = cleaned.document.text
    return [(s.kind, text[s.start:s.end], (s.meta or {}).get("reason")) for s in cleaned.segments]


def test_prompts_credits_and_link_lists_are_furniture():
    furniture = {t: r for k, t, r in _kinds(clean_text(PAGE)) if k == "furniture"}
    assert furniture["Scroll down for video"] == "call to action"
    assert furniture["Follow our live coverage on Twitter @LiveDesk"] == "call to action"
    assert furniture["Jane Doe may be reached at jane.doe@example.com"] == "contact line"
    assert furniture["Reuters contributed reporting."] == "contributor credit"
    assert furniture["HORROR: Soldier filmed running over his commander"] == "kicker teaser"
    for line in ("Related coverage", "Kyiv says counter-offensive is going to plan", "Moscow denies losing second warship"):
        assert furniture[line] == "related links"


def test_kicker_label_is_split_off_and_the_report_stays():
    kinds = _kinds(clean_text(PAGE))
    assert ("furniture", "DEVELOPING:", "kicker label") in kinds
    assert any(k == "body" and t.startswith("Ukrainian troops entered") for k, t, _ in kinds)
    # a sub-heading followed by its paragraph stays a sub-heading (and is analysed)
    assert ("subheading", "Three soldiers killed in border clash", None) in kinds


def test_the_page_speaking_of_itself_is_furniture():
    assert furniture_reason("Tell us what YOU think") == "call to action"
    assert furniture_reason("This article has been sent") == "page notice"
    assert furniture_reason("An error has occurred, please try again later") == "page prompt"


def test_file_names_are_furniture():
    assert furniture_reason("PAY-Russian-tank-destroyed-near-Vuhledar-3500000000000000000.jpg") == "file name"
    assert furniture_reason("Image: Getty") is not None


def test_reporting_is_not_taken_for_furniture():
    for line in ("Support for the ceasefire is growing in our region, the mayor said.",
                 "If the figures are right, 300 soldiers were killed in the assault.",
                 "Watch groups counted 40 strikes on the city overnight.",
                 "UPDATE: The ministry now puts the toll at 12."):
        assert furniture_reason(line) is None, line


def test_publication_stamps_in_the_text():
    assert parse_dateline("7:15 a.m. Dec. 7, 2009") == PartialDate(2009, 12, 7)
    assert parse_dateline("Published: Dec. 19, 2005 at 9:44 PM") == PartialDate(2005, 12, 19)
    text = "Blast hits market\n\nPosted December 5, 2014 by Staff | Updated December 6, 2014\n\nA blast hit the market."
    assert stamp_in_text(text) == PartialDate(2014, 12, 5)  # posted, not updated
    cleaned = clean_text(text)
    assert cleaned.document.published == "2014-12-05"
    assert ("furniture", "Posted December 5, 2014 by Staff | Updated December 6, 2014", "dateline") in _kinds(cleaned)


def test_one_options_object_for_both_cleaners():
    opts = CleanOptions(url="https://example.org/a", outlet="Example", published="2023-03-07")
    a = clean_text("Tanks lost near the town\n\nRussia lost 130 tanks, officials said.", opts)
    b = clean_text("Tanks lost near the town\n\nRussia lost 130 tanks, officials said.", url="https://example.org/a",
                   outlet="Example", published="2023-03-07")
    assert a.document == b.document
    html = "<html><body><article><h1>Tanks lost</h1><p>" + "Russia lost 130 tanks near the town, officials said. " * 5 \
        + "</p></article></body></html>"
    assert clean_html(html, opts).document.outlet == "Example"
    assert clean_html(html, opts, outlet="Other").document.outlet == "Other"  # keywords over the object


@pytest.mark.skipif(not (shared_data("news_clustering") / "ecbplus_documents_train.jsonl").exists(),
                    reason="ECB+ not available")
def test_date_stamps_of_real_pages_are_set_aside():
    """The hand-labelled debris lines that are date stamps ("Posted: June 12, 2013", "WEDNESDAY,
    APRIL 24, 2013, 10:34 AM") are datelines, never reporting."""
    docs = load_train(shared_data("news_clustering"))
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    debris = [(lab["doc_id"], line) for lab in labels for line in lab["debris"]
              if parse_dateline(line) or stamp_in_text(line)]
    assert len(debris) >= 8
    for doc_id, line in debris:
        cleaned = clean_text(page_text(docs[doc_id]))
        text = cleaned.document.text
        at = text.index(line)
        holder = [s for s in cleaned.segments if s.start <= at < s.end]
        assert holder and holder[0].kind in ("dateline", "furniture"), (doc_id, line, holder)
    stamped = clean_text(page_text(docs["32_9ecbplus"]))
    assert stamped.document.published == "2013-06-12" and stamped.document.title is None


@pytest.mark.skipif(not (shared_data("news_clustering") / "ecbplus_documents_train.jsonl").exists(),
                    reason="ECB+ not available")
def test_hand_labels_cover_the_hash_chosen_documents_and_point_into_their_text():
    docs = load_train(shared_data("news_clustering"))
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["documents"]
    assert [lab["doc_id"] for lab in labels] == sample_ids(docs)
    for lab in labels:
        text = page_text(docs[lab["doc_id"]])
        assert all(f["context"] in text and f["number"] in f["context"] for f in lab["figures"])
        assert all(line in text for line in lab["debris"])
        assert all(-90 <= p["lat"] <= 90 and -180 <= p["lon"] <= 180 for p in lab["places"])
