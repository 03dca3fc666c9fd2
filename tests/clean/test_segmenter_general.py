"""Segmentation of page layouts other than the two samples: general patterns, not strings."""

from __future__ import annotations

from claimledger.clean import clean_html, clean_text
from claimledger.clean.dates import parse_dateline
from claimledger.clean.furniture import furniture_reason
from claimledger.records import PartialDate

OTHER_PAGE = """Kherson counter-offensive gathers pace as bridges are hit

Strikes on the Antonivskyi bridge leave Russian units west of the Dnipro cut off

By Maria Kovalenko and John Smith

Updated 14 August 2022, 10:05am

Ukrainian forces struck the Antonivskyi bridge again overnight, the southern command said on Sunday.

READ MORE: Zelensky vows to retake Crimea

Share this article

Russian troops on the west bank of the Dnipro are now supplied only by pontoon ferries, according to British intelligence.

“The bridge is no longer usable for heavy vehicles,” a spokeswoman for the command told reporters.

Sign up to our free Ukraine briefing newsletter and get the latest in your inbox. You can unsubscribe at any time. Read our privacy notice.

The claims could not be independently verified.

12 comments

  1. Finally some good news from the south.

  2. Let's hope the bridge stays down.
    • Reply
      It won't, they will rebuild it in a week.
"""


def test_other_outlet_layout():
    cleaned = clean_text(OTHER_PAGE)
    doc, text = cleaned.document, cleaned.document.text
    kinds = [(s.kind, text[s.start:s.end][:30]) for s in cleaned.segments]
    assert doc.title.startswith("Kherson counter-offensive")
    assert doc.byline == "Maria Kovalenko and John Smith"
    assert doc.published == "2022-08-14"
    assert doc.kind == "article"
    assert ("standfirst", "Strikes on the Antonivskyi bri") in kinds
    furniture = [text[s.start:s.end] for s in cleaned.segments if s.kind == "furniture"]
    assert "READ MORE: Zelensky vows to retake Crimea" in furniture
    assert "Share this article" in furniture
    assert any(f.startswith("Sign up to our free Ukraine briefing") for f in furniture)
    comments = [s for s in cleaned.segments if s.kind == "comment"]
    assert [text[c.start:c.end] for c in comments] == [
        "Finally some good news from the south.",
        "Let's hope the bridge stays down.",
        "It won't, they will rebuild it in a week.",
    ]
    assert comments[2].parent == comments[1].order
    body = [text[s.start:s.end] for s in cleaned.segments if s.kind in ("body", "quote")]
    assert len(body) == 4 and body[-1] == "The claims could not be independently verified."


def test_year_hint_and_year_from_page():
    page = "Russia claims capture of village\n\nMar 7\n\nRussia said on Tuesday it had taken the village.\n"
    assert clean_text(page).document.published == "XXXX-03-07"
    assert clean_text(page, year=2023).document.published == "2023-03-07"
    page_with_full_date = page + "\nFirst published on March 7, 2023 in print.\n"
    assert clean_text(page_with_full_date).document.published == "2023-03-07"


def test_datelines():
    assert parse_dateline("Mar 7") == PartialDate(None, 3, 7)
    assert parse_dateline("Tuesday 7 March 2023 10:05 GMT") == PartialDate(2023, 3, 7)
    assert parse_dateline("Published: 2023-03-07") == PartialDate(2023, 3, 7)
    assert parse_dateline("March is a month of mud in Donbas.") is None


def test_furniture_rules_do_not_fire_on_reporting():
    assert furniture_reason("Could Putin be assassinated? Internal plot for a coup uncovered [BREAKING]")
    assert furniture_reason("Source: Read Full Article")
    assert furniture_reason("Enter comments here:")
    reporting = [
        "The ministry said it would not comment on the sources of the report.",
        "Russia has been accused of severely downplaying its losses in Ukraine.",
        "Soldiers signed up for six-month contracts, their families told reporters.",
    ]
    assert not any(furniture_reason(line) for line in reporting)


def test_liveblog_detected_from_subheadlines_without_live_in_title():
    page = (
        "Ukraine war: what we know on day 400\n\n"
        "Russian forces shelled Kharkiv overnight, the regional governor said.\n\n"
        "Grain deal extended\n\n"
        "The Black Sea grain initiative was extended for 60 days, Turkey announced.\n\n"
        "Wagner says it controls eastern Bakhmut\n\n"
        "The Wagner Group claimed on Wednesday it had captured the eastern part of Bakhmut.\n\n"
        "Kremlin denies drone report\n\n"
        "The Kremlin denied that a drone had been shot down over Moscow, Tass reported.\n"
    )
    cleaned = clean_text(page)
    assert cleaned.document.kind == "liveblog"
    assert [s.entry for s in cleaned.segments if s.kind == "entry_headline"] == [1, 2, 3]
    # two cross-heads alone make an ordinary article with sub-headings
    article = clean_text(page.rsplit("\n\nKremlin denies", 1)[0] + "\n")
    assert article.document.kind == "article"
    assert sum(s.kind == "subheading" for s in article.segments) == 2


def test_html_page_through_trafilatura():
    html = """<html><head><title>Drone strike hits Odesa port</title>
    <meta name="author" content="Olena Petrenko"><meta property="article:published_time" content="2023-07-20"></head>
    <body><nav>Home | World | Europe</nav><article><h1>Drone strike hits Odesa port</h1>
    <p>Russian drones struck grain terminals in Odesa overnight, damaging 60,000 tonnes of grain, the agriculture ministry said.</p>
    <p>The attack came two days after Moscow pulled out of the Black Sea grain deal, officials said in a statement.</p>
    </article><footer>© 2023 Example News. All rights reserved.</footer></body></html>"""
    cleaned = clean_html(html, url="https://news.example.com/odesa")
    doc, text = cleaned.document, cleaned.document.text
    assert doc.title == "Drone strike hits Odesa port"
    assert doc.published == "2023-07-20"
    assert doc.content_type == "html"
    body = [text[s.start:s.end] for s in cleaned.segments if s.kind == "body"]
    assert body[0].startswith("Russian drones struck grain terminals")
    assert "Home | World" not in text and "All rights reserved" not in text
