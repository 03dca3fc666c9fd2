"""The pictures an analyst reads, in headless Chromium at desktop and phone width: figures
over time per incident, the map of places (a click on a place finds its claims), and a
claim's source chain.  Screenshots go to test-artifacts/.
"""

from __future__ import annotations

from tests.serve.conftest import ARTIFACTS, WIDTHS, fits


def test_tolls_over_time_per_incident(sized, live_server):
    page, width = sized
    page.goto(live_server + "/conflicts")
    captions = page.locator("section.figures figure.incident-chart figcaption").all_inner_texts()
    assert any(c.startswith("attack (9 Mar 2023)") for c in captions)
    ticks = page.locator("section.figures svg.chart text.tick").all_text_contents()
    assert "9 Mar 2023" in ticks and "7 Mar" in ticks and "undated" in ticks
    assert not [t for t in ticks if "XXXX" in t or t == "?"]
    page.locator("section.figures figure.incident-chart figcaption a").first.click()
    page.wait_for_url("**/incidents/*")
    assert page.locator("section.incident-charts svg.chart circle.point").count() >= 1
    assert page.get_by_role("heading", name="Estimates by source").is_visible()
    box = page.locator("section.incident-charts svg.chart").first.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS[width]["width"]  # the chart fits the screen
    page.screenshot(path=str(ARTIFACTS / f"incident-timeline-{width}.png"), full_page=True)


def test_the_map_leads_to_a_places_claims(sized, live_server):
    page, width = sized
    page.goto(live_server + "/entities?places=1")
    page.get_by_role("link", name="map", exact=True).click()
    page.wait_for_url("**/map")
    bakhmut = page.locator("svg.map a[href='/claims?place=Bakhmut'] circle.place")
    assert bakhmut.is_visible()
    assert bakhmut.locator("title").text_content().startswith("Bakhmut: 4 claims")
    assert fits(page)
    page.screenshot(path=str(ARTIFACTS / f"map-{width}.png"), full_page=True)
    bakhmut.click(position={"x": bakhmut.bounding_box()["width"] * 0.65,  # its north-east: Mariupol lies
                            "y": bakhmut.bounding_box()["height"] * 0.25})  # just south-west, drawn on top
    page.wait_for_url("**/claims?place=Bakhmut")
    texts = page.locator("table.claims-list .claim-text").all_inner_texts()
    assert len(texts) == 4 and all("Bakhmut" in t for t in texts)


def test_the_source_chain_picture(sized, live_server):
    page, width = sized
    page.goto(live_server + "/claims?entity=Tsimbalyuk")
    page.locator("table.claims-list a[href^='/claims/']").first.click()
    page.wait_for_url("**/claims/*:*")
    boxes = page.locator("svg.chain-picture g.link")
    assert boxes.first.locator("text.role").text_content() == "said by"
    assert "Tsimbalyuk" in boxes.first.locator("text.name").text_content()
    assert boxes.last.locator("text.role").text_content() == "published by"
    assert boxes.first.bounding_box()["width"] > 40  # drawn at a readable size, phone width too
    picture = page.locator("svg.chain-picture").bounding_box()
    assert picture["x"] + picture["width"] <= WIDTHS[width]["width"]
    page.screenshot(path=str(ARTIFACTS / f"source-chain-{width}.png"), full_page=True)
