"""An analyst's questions answered in headless Chromium, at desktop and phone width, without ids:
what is claimed about a place under another name, who repeated a claim, what a story says.

Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from tests.serve.conftest import ARTIFACTS, fits


def test_claims_about_a_place_under_its_old_name(sized, live_server):
    page, width = sized
    page.goto(live_server + "/claims")
    page.locator("input[name=place]").fill("Artemivsk")  # Bakhmut's name until 2016
    page.get_by_role("button", name="find claims").click()
    page.wait_for_url("**place=Artemivsk*")
    texts = page.locator("table.claims-list .claim-text").all_inner_texts()
    assert texts and all("Bakhmut" in t for t in texts)
    assert page.get_by_role("link", name="CSV").get_attribute("href").startswith("/api/export/claims?")
    page.screenshot(path=str(ARTIFACTS / f"claims-by-alias-{width}.png"), full_page=True)


def test_who_repeated_a_claim_in_three_clicks(sized, live_server):
    page, width = sized
    page.goto(live_server + "/")
    page.get_by_role("link", name="Groups", exact=True).click()
    page.wait_for_url("**/claim-groups")
    page.get_by_role("link", name="Tsimbalyuk has alleged").first.click()
    page.wait_for_url("**/claim-groups/*")
    rows = page.locator("table.group-members tbody tr")
    assert rows.count() == 2
    assert all("Roman Tsimbalyuk" in r for r in rows.all_inner_texts())
    assert "Aggregator Daily" in rows.first.inner_text() and "9 Mar 2023" in rows.first.inner_text()
    assert fits(page)
    page.screenshot(path=str(ARTIFACTS / f"claim-group-{width}.png"), full_page=True)


def test_story_page_leads_with_its_first_report(sized, live_server):
    page, width = sized
    page.goto(live_server + "/stories")
    page.get_by_role("link", name="Putin mutiny as soldier drives tank over commanding officer").first.click()
    page.wait_for_url("**/stories/*")
    assert "drove a tank into Colonel Yuri Medvedev" in page.locator("blockquote.lead").inner_text()
    claims = page.locator("table.story-claims tbody tr")
    assert claims.count() >= 5 and "also in Aggregator Daily" in page.locator("table.story-claims").inner_text()
    assert "7,000" in page.locator("table.story-figures").inner_text()
    assert fits(page)
    page.screenshot(path=str(ARTIFACTS / f"story-{width}.png"), full_page=True)
