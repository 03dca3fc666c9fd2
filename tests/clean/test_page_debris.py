"""Debris of real pages (article-extraction benchmark, dev part) kept out of the claims:
related-link headings, comment notices, tag lists, rows of titles joined by pipes, "How to
listen" prompts, and the page's own title when it reads as two sentences."""

from __future__ import annotations

from claimledger.analyze.pipeline import analyze_document
from claimledger.clean.furniture import furniture_reason
from tests.clean.conftest import kinds_of


def test_a_related_links_heading_is_furniture(pages):
    assert kinds_of(pages("35b15891"), "You may also like") == {"furniture"}


def test_a_note_on_comment_moderation_is_furniture(pages):
    assert kinds_of(pages("c00962aa"), "moderating all comments") == {"furniture"}


def test_a_list_of_tags_is_furniture_and_its_schedule_stays_body(pages):
    cleaned = pages("cc03ddb5")
    assert kinds_of(cleaned, "calendario stock car 2018, stock car brasil") == {"furniture"}
    assert kinds_of(cleaned, "1a etapa: 10 de março") == {"body"}


def test_the_page_title_is_the_headline_even_as_two_sentences(pages):
    cleaned = pages("f8ff621a")
    first = cleaned.segments[0]
    assert first.kind == "headline"
    assert cleaned.document.text[first.start:first.end].startswith("Home Depot Stock Is Falling")


def test_titles_joined_by_pipes_and_podcast_prompts_give_no_claim(pages):
    hover = analyze_document(pages("6ebac05f"))
    assert hover.claims and not any(" | " in c.text for c in hover.claims)
    assert any("pleaded guilty" in c.text or "pleading guilty" in c.text for c in hover.claims)
    podcast = analyze_document(pages("88c328b6"))
    assert not any("listen to The Tennis Podcast" in c.text for c in podcast.claims)


def test_reporting_with_commas_and_comments_is_not_taken_for_debris():
    assert furniture_reason("Troops from Russia, Belarus, Armenia, Kazakhstan and Kyrgyzstan joined the drills.") is None
    assert furniture_reason("The ministry said it had seen the comments and would respond.") is None
    assert furniture_reason("More stories of looting emerged from the city on Tuesday.") is None


def test_a_time_stamp_before_a_pipe_keeps_the_report():
    from claimledger.clean.lines import is_link_row

    assert not is_link_row("14:05 | Russian forces shelled Kharkiv overnight, the regional governor said.")
    assert is_link_row("Our BI Research Shows - A Mix of Native Ad Units Generate the Highest Engagement | my6sense")
