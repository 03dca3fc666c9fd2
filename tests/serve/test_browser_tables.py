"""Every listing reads at phone width (390 px) and on a desktop: no page scrolls sideways, and
the columns an analyst reads first (what, who, how many) are on screen, not cut off.

Screenshots go to test-artifacts/.
"""

from __future__ import annotations

import pytest

from tests.serve.conftest import ARTIFACTS, fits

# page -> (table, its key columns' headers)
LISTINGS = {
    "/": ("table.documents", ["title", "source", "claims"]),
    "/claims": ("table.claims-list", ["claim", "source ← via"]),
    "/entities": ("table.list", ["name", "documents"]),
    "/entities?places=1": ("table.list", ["name", "documents"]),
    "/incidents": ("table.incidents", ["incident", "estimates (low / best / high)"]),
    "/stories": ("table.stories", ["story", "documents"]),
    "/claim-groups": ("table.groups", ["first claim", "documents"]),
    "/map": ("table.places-table", ["place", "claims"]),
}


def _on_screen(page, locator) -> bool:
    box = locator.bounding_box()
    width = page.evaluate("window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 1


@pytest.mark.parametrize("path", sorted(LISTINGS))
def test_listings_fit_the_screen_with_their_key_columns(sized, live_server, path):
    page, width = sized
    page.goto(live_server + path)
    table, keys = LISTINGS[path]
    rows = page.locator(f"{table} tbody tr")
    assert rows.count() > 0, path
    assert fits(page), f"{path} scrolls sideways at {width}"
    first = rows.first
    for key in keys:
        cell = first.locator(f"td[data-label='{key}']")
        assert cell.count() == 1, (path, key)
        assert cell.is_visible() and _on_screen(page, cell), (path, key, width)
    before = [first.locator(f"td[data-label='{key}']").evaluate("td => getComputedStyle(td, '::before').content")
              for key in keys]
    if width == "phone":  # a card per row, the header row hidden: each value says which column it is
        assert page.locator(f"{table} thead").is_hidden() and all(b not in ("none", "normal") for b in before)
    else:
        assert page.locator(f"{table} thead").is_visible() and all(b in ("none", "normal") for b in before)
    page.screenshot(path=str(ARTIFACTS / f"table{path.replace('/', '-').replace('?', '-')}-{width}.png"),
                    full_page=True)


def test_the_parquet_download_holds_the_rows_listed(sized, live_server, tmp_path):
    import pyarrow.parquet as pq

    page, width = sized
    page.goto(live_server + "/claims?min_certainty=reported")
    on_screen = [href.rsplit("/", 1)[-1] for href in
                 page.locator("table.claims-list .claim-text a").evaluate_all("as => as.map(a => a.getAttribute('href'))")]
    total = int(page.locator("p.count").inner_text().split()[0])  # every page of the listing
    assert on_screen and total >= len(on_screen)
    with page.expect_download() as download:
        page.get_by_role("link", name="Parquet").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "claimledger-claims.parquet"
    table = pq.read_table(saved)
    assert table.num_rows == total and table.column("id").to_pylist()[:len(on_screen)] == on_screen
    assert set(table.column("certainty").to_pylist()) <= {"reported", "asserted"}
