"""The web UI in headless Chromium (Debian's, driven by Playwright): navigate, search, read.

Screenshots go to test-artifacts/ (one per page visited).
"""

from __future__ import annotations

import httpx
import pytest

from claimledger.demo import sample_text
from claimledger.paths import REPO_DIR

ARTIFACTS = REPO_DIR / "test-artifacts"


def shot(page, name: str) -> None:
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_home_to_live_blog(page, live_server):
    page.goto(live_server + "/")
    titles = page.locator("table.documents tbody tr td:first-child a")
    assert titles.count() >= 2
    page.get_by_role("link", name="Ukraine live: Russian officers mutiny after devastating tank battle").click()
    page.wait_for_url("**/documents/*")
    assert "Russian officers mutiny" in page.locator("h1").inner_text()
    assert page.locator("dd.byline").inner_text() == "Arthur Scott-Geddes"
    assert page.locator("h3.entry-headline").count() == 3  # the live blog's later entries
    figure = page.locator(".article .hl.figure", has_text="130")
    assert figure.count() == 1 and "equipment" in figure.first.get_attribute("title")
    assert page.locator(".article .hl.hedge").count() >= 3
    furniture = page.locator("aside .furniture")
    assert "Enter comments here:" in furniture.inner_text()
    assert "Enter comments here:" not in page.locator(".article").inner_text()  # set apart, not in the article
    comments = page.locator(".comments .comment")
    assert comments.count() == 3 and page.locator(".comments .depth-1").count() == 1  # the "Liked" reply
    assert "putinazis" not in page.locator(".article").inner_text()
    shot(page, "document-liveblog")


def test_document_with_figures_and_claims(page, live_server, doc_ids):
    page.goto(f"{live_server}/documents/{doc_ids['express']}")
    page.screenshot(path=str(ARTIFACTS / "document-article-top.png"))  # the README's picture
    malformed = page.locator(".article .hl.malformed")
    assert malformed.count() == 1 and malformed.inner_text() == "1,5000"
    assert "Source: Read Full Article" in page.locator("aside .furniture").inner_text()
    assert page.locator(".article .hl.source", has_text="Roman Tsimbalyuk").count() == 1
    rows = page.locator("section.claims tbody tr")
    assert rows.count() > 10
    page.locator("section.claims a.jump").first.click()
    assert page.evaluate("location.hash").startswith("#claim-")
    shot(page, "document-article")


def test_search_from_the_header(page, live_server):
    page.goto(live_server + "/")
    box = page.get_by_role("searchbox", name="search the ledger")
    box.fill("cluster munitions")
    box.press("Enter")
    page.wait_for_url("**/search?q=cluster+munitions")
    hits = page.locator("ol.hits li")
    assert hits.count() >= 3
    assert page.locator("ol.hits mark").first.inner_text().lower().startswith("cluster")
    assert page.locator("ol.hits .kind-comment").count() >= 1  # comments are found but labelled as such
    shot(page, "search")
    hits.first.locator("a").first.click()
    page.wait_for_url("**/documents/*")


def test_claims_search_and_provenance(page, live_server):
    page.goto(live_server + "/claims")
    page.get_by_label("claim words").fill("tank")
    page.locator("select[name=certainty]").select_option("hedged")
    page.get_by_role("button", name="find claims").click()
    page.wait_for_url("**/claims?*")
    rows = page.locator("table.claims-list tbody tr")
    assert rows.count() >= 1
    for i in range(rows.count()):
        row = rows.nth(i)
        assert row.locator(".badge").inner_text() == "hedged"
        assert "tank" in row.locator(".claim-text").inner_text().lower()
    shot(page, "claims")
    page.goto(live_server + "/claims?source=Tsimbalyuk")
    page.locator("table.claims-list .claim-text a").first.click()
    page.wait_for_url("**/claims/*:*")
    assert page.locator("h1").inner_text() == "Provenance of a claim"
    steps = page.locator("ol.chain-steps li")
    assert "Roman Tsimbalyuk" in steps.first.inner_text() and "published by" in steps.last.inner_text()
    assert page.locator("blockquote.claim-quote mark").inner_text()
    shot(page, "provenance")


def test_conflicts_chart_and_empty_links(page, live_server):
    page.goto(live_server + "/conflicts")
    chart = page.locator("section.figures figure.chart-box svg.chart")  # one per incident
    assert chart.count() >= 2
    assert chart.locator("circle.point").count() >= 4
    values = chart.locator("text.value").all_text_contents()
    assert "498" in values and "7,000" in values
    changed = page.locator("section.conflict-list .conflict")
    assert changed.count() >= 1 and "copies differ" in changed.first.locator("h3").inner_text()  # undated sample: no original
    assert changed.first.locator("svg.chart circle.point").count() == 2  # the original's figure and the copy's
    page.locator("select[name=category]").select_option("killed")
    page.get_by_role("button", name="draw").click()
    page.wait_for_url("**category=killed*")
    assert all(c == "killed" or c.startswith("killed:") for c in
               page.locator("table.figures-table tbody td:nth-child(4)").all_inner_texts())
    assert "No conflicts about killed figures." in page.locator("section.conflict-list").inner_text()
    shot(page, "conflicts")
    page.get_by_role("link", name="Stories", exact=True).click()
    page.wait_for_url("**/stories")
    page.locator("table.stories tbody tr a").first.click()
    page.wait_for_url("**/stories/*")
    assert page.locator("ol.story-docs li").count() >= 1
    shot(page, "story")


def test_hostile_comment_is_shown_as_text(page, live_server, auth):
    hostile = '<script>document.title="pwned"</script><b>bold</b> <img src=x onerror="document.title=\'img\'">'
    text = sample_text("telegraph").replace("The putinazis use", hostile + " The putinazis use")
    with httpx.Client(base_url=live_server) as http:
        response = http.post("/api/documents", json={"text": text, "analyze": False}, headers=auth)
    assert response.status_code == 201, response.text
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    visit = page.goto(f"{live_server}/documents/{response.json()['id']}")
    assert "script-src 'none'" in visit.headers["content-security-policy"]
    first = page.locator(".comments .comment-body").first
    assert first.inner_text().startswith(hostile)  # the markup is there, as characters
    assert page.locator(".comments script, .comments b, .comments img").count() == 0
    assert page.title() not in ("pwned", "img") and not dialogs
    page.locator("details.original summary").click()
    assert hostile in page.locator("details.original pre").inner_text()
    shot(page, "xss-comment")


@pytest.mark.parametrize("path", ["/entities", "/entities?places=1", "/docs", "/no/such/page"])
def test_other_pages_render(page, live_server, path):
    response = page.goto(live_server + path)
    assert response.status == (404 if "no/such" in path else 200)
    assert page.locator("h1").count() == 1
