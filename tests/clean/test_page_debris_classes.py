"""Classes of page debris found by reading the debris claims of the benchmark's *test* pages
(so that split is no longer unseen): a comment section under a "Top Rated Comments" heading,
slideshow captions printed twice and their counters, newsletter boxes, upper-case teaser
headlines, credits in parentheses, contact and link lines, date stamps.  Each rule is a general
shape of news pages; the lines below are real lines of those pages."""

from __future__ import annotations

import pytest

from claimledger.analyze.pipeline import analyze_document
from claimledger.clean import clean_text
from claimledger.clean.furniture import furniture_reason, is_comment_heading
from claimledger.clean.lines import is_time_stamp
from claimledger.clean.prompts import reader_prompt
from tests.clean.conftest import kinds_of


@pytest.mark.parametrize("line", ["Top Rated Comments", "Comments", "12 Comments", "Reader comments (4)",
                                  "Most popular comments"])
def test_comment_section_headings(line):
    assert is_comment_heading(line)


@pytest.mark.parametrize("line", ["Comments from the minister angered Kyiv", "No comment"])
def test_sentences_about_comments_are_no_heading(line):
    assert not is_comment_heading(line)


def test_reader_comments_under_a_top_rated_heading_are_comments(pages):
    cleaned = pages("232a43fb")
    assert kinds_of(cleaned, "Thanks for letting me ramble") == {"comment"}
    assert kinds_of(cleaned, "Wistron and Global Lighting") == {"body"}


def test_a_caption_printed_twice_and_the_slideshow_counter_are_furniture(pages):
    cleaned = pages("db6b0816")
    assert kinds_of(cleaned, "shake hands in Hanoi, Vietnam Wednesday") == {"furniture"}
    assert kinds_of(cleaned, "Image 1 of 8") == {"furniture"}
    assert kinds_of(cleaned, "sweeping territorial claims in the South China Sea") == {"body"}


@pytest.mark.parametrize("line,reason", [
    ("Let our news meet your inbox. The news and stories that matters, delivered weekday mornings.",
     "newsletter promotion"),
    ("Keep an eye on your inbox for the latest sports news.", "newsletter promotion"),
    ("There was an error processing your subscription.", "newsletter promotion"),
    ("CO-FOUNDER 'PROUD' OF HOME DEPOT EMPLOYEES LIVING OUT THEIR AMERICAN DREAM", "upper-case teaser"),
    ("Image 1 of 8", "gallery counter"),
    ("1 / 8", "gallery counter"),
])
def test_furniture_lines(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize("line", [
    "(Reporting by Greg Roumeliotis, Joshua Franklin, Koh Gui Qing, with reporting by Herb Lash and Megan "
    "Davies, editing by Martin Howell.)",
    "Reach the reporters on Twitter at http://twitter.com/MegKinnardAP and http://twitter.com/emarvelous",
    "More AP NBA: https://apnews.com/NBA and https://twitter.com/AP_Sports",
])
def test_credits_and_link_lines_speak_for_the_page(line):
    assert reader_prompt(line)


@pytest.mark.parametrize("line", [
    "Three soldiers were killed when their patrol came under fire, officials said.",
    "NATO ALLIES MEET IN BRUSSELS.",  # a sentence in capitals, not a teaser
    "Russia lost 130 tanks in 2022, the ministry said.",
])
def test_reporting_is_no_furniture(line):
    assert furniture_reason(line) is None


def test_date_stamps_give_no_claim():
    assert is_time_stamp("기사입력 :[ 2018-08-25 15:24")
    assert is_time_stamp("sexta-feira, 22 de outubro de 2010 às 20:13")
    text = ("Troops enter the town\n\nsexta-feira, 22 de outubro de 2010 às 20:13\n\n"
            "Troops entered the town at 05:00 on 24 February 2022, officials said.\n")
    claims = analyze_document(clean_text(text)).claims
    assert not any("outubro" in c.text for c in claims)
    assert any("entered the town" in c.text for c in claims)


@pytest.mark.parametrize("line,reason", [
    ("- Published 18 November 2019", "dateline"),
    ("Most read in world news", "related links"),
    ("Also on rt.com Journalists & politicians from Morales’ party threatened with sedition arrests as Bolivia "
     "purges socialist elements", "teaser link"),
])
def test_more_furniture_lines(line, reason):
    assert furniture_reason(line) == reason


@pytest.mark.parametrize("line", ["Share it with a friend!",  # the sentence after "Like this story?"
                                  "You can view our June 2018 open thread here."])
def test_prompts_to_share_or_view(line):
    assert reader_prompt(line) == "call to action"


@pytest.mark.parametrize("line", [
    "You can get there from here, and it isn't expensive to do so.",
    "If you choose to gift your honey pear jam to friends and family, there are so many ways you can present it.",
])
def test_reporting_to_the_reader_is_no_call_to_action(line):
    assert reader_prompt(line) is None


def test_a_press_release_about_paragraph_without_its_heading_is_furniture(pages):
    cleaned = pages("5ae11e58")
    assert kinds_of(cleaned, "is a global solutions provider") == {"furniture"}
    assert kinds_of(cleaned, "registered shares (ASCN) are listed") == {"furniture"}
    assert kinds_of(cleaned, "In traditional ICUs, each patient is wired") == {"body"}


def test_bulleted_teasers_after_a_bulleted_link_list_are_links(pages):
    cleaned = pages("9a440270")
    assert kinds_of(cleaned, "Maradona out as coach of Gimnasia") == {"furniture"}
    assert kinds_of(cleaned, "Euro 2020 qualifying is over") == {"body"}


def test_a_news_story_ending_on_a_company_is_kept():
    text = ("Drone maker hit by strike\n\nA missile hit the plant on Tuesday, officials said.\n\n"
            "Motor Sich is a company that makes engines for helicopters and drones.\n")
    kinds = {s.kind for s in clean_text(text).segments}
    assert "furniture" not in kinds


def test_a_newsletter_box_and_the_teasers_closing_the_page_are_furniture(pages):
    cleaned = pages("08f79376")
    assert kinds_of(cleaned, "Pick Six Newsletter") == {"furniture"}
    assert kinds_of(cleaned, "fun stuff you love like mock drafts") == {"furniture"}
    assert kinds_of(cleaned, "Jones tells Belichick story") == {"furniture"}
    assert kinds_of(cleaned, "decided to weigh in on Thursday's fight") == {"body"}


def test_an_article_ending_on_its_own_bullet_points_keeps_them():
    text = ("Ceasefire talks resume\n\nNegotiators met in Geneva on Monday, the UN said.\n\n"
            "The talks cover four points:\n\n- a ceasefire along the front line\n- the exchange of prisoners\n"
            "- humanitarian corridors for civilians\n- the return of displaced families\n")
    cleaned = clean_text(text)
    assert not any(s.kind == "furniture" for s in cleaned.segments)


@pytest.mark.parametrize("line,reason", [
    ("Jaraguá do Sul - SC - CNPJ: 83.102.459/0001-23 - Rua Walter Marquardt, 1111 - Barra do Rio Molha - "
     "89259-565 - Caixa Postal 421 - Fone: (047) 2106-8000", "legal footer"),
    ("Ecoflow River 370 Review: Charge up to 9 devices with this power station [Video]", "teaser link"),
    ("Leggi anche su: I Cavalieri dello Zodiaco: ecco gli attori che interpreteranno Pegasus e co –FOTO",
     "teaser link"),
])
def test_footers_tagged_teasers_and_read_also_in_other_languages(line, reason):
    assert furniture_reason(line) == reason


def test_the_title_printed_again_and_an_author_bio_are_furniture(pages):
    cannabis = pages("7f93c194")
    assert kinds_of(cannabis, "Cannabis Use Disorder is Rising in U.S. States") == {"furniture"}
    assert kinds_of(cannabis, "Rates of cannabis use disorder have risen") == {"body"}
    deals = pages("287e4d9f")
    assert kinds_of(deals, "is IGN's deal curator") == {"furniture"}


def test_a_last_paragraph_about_a_reporter_in_the_news_is_kept():
    text = ("Reporter freed\n\nThe reporter was released on Friday after 400 days in detention, his paper said.\n\n"
            "Evan Gershkovich is a reporter who was arrested in Yekaterinburg and accused of espionage.\n")
    assert not any(s.kind == "furniture" for s in clean_text(text).segments)
