"""What an analyst sees without ids: claim groups (command and pages), documents named by
their words, place search by another name, tables that fit 80 columns.

The ledger is the serve fixture's: the two samples and a syndicated copy of the article
("Aggregator Daily"), rough analysis (GeoNames cities of 50,000 or more), linked.
"""

from __future__ import annotations

import re

from typer.testing import CliRunner

from claimledger.cli import app as cli_app

runner = CliRunner()


def cli(ledger, *args: str, columns: int = 200) -> str:
    result = runner.invoke(cli_app, [*args, "--db", ledger.url], env={"COLUMNS": str(columns)},
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def visible(html: str) -> str:
    """The page's text as a reader sees it (tags dropped, spaces folded)."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index("<main>"):]))


def test_claim_groups_command_and_pages_show_who_repeated_a_claim(client, ledger, doc_ids):
    groups = client.get("/api/claim-groups").json()["items"]
    tsimbalyuk = next(g for g in groups if "Tsimbalyuk has alleged" in g["label"])
    listing = cli(ledger, "groups")
    assert f"{len(groups)} claim groups" in listing and "Tsimbalyuk has alleged" in listing
    shown = cli(ledger, "group", str(tsimbalyuk["id"]))
    assert "Aggregator Daily" in shown and "express-tank-colonel.txt" in shown  # the outlet, else the file
    assert "reports" in shown and "reported" in shown  # each member's stance and certainty
    assert "no claim group" in runner.invoke(cli_app, ["group", "99999", "--db", ledger.url]).output
    assert "no claim groups" in cli(ledger, "groups", "--min-docs", "5")

    page = visible(client.get("/claim-groups").text)
    assert "Tsimbalyuk has alleged" in page and "Claim groups" in page
    one = client.get(f"/claim-groups/{tsimbalyuk['id']}")
    text = visible(one.text)
    assert "Roman Tsimbalyuk" in text and "Aggregator Daily" in text and "reported" in text
    assert f'href="/documents/{doc_ids["copy"]}#claim-' in one.text  # each member links to its document
    assert text.index("9 Mar 2023") < text.index("undated")  # the dated report first, its date as a reader writes it
    assert client.get("/claim-groups/abc").status_code == 400
    assert client.get("/claim-groups/99999").status_code == 404
    assert "No claim group spans 9" in visible(client.get("/claim-groups?min_docs=9").text)


def test_an_untitled_document_is_named_by_its_opening_words(client, ledger, auth):
    body = ("Russian forces shelled the town of Bakhmut overnight, killing three civilians, regional officials "
            "said on Tuesday in a statement that could not be verified.\n\nThe governor said 12 people were hurt.\n")
    added = client.post("/api/documents", json={"text": body, "analyze": False, "link": False}, headers=auth).json()
    assert client.get(f"/api/documents/{added['id']}").json()["title"] is None  # the record stays as it was
    name = "Russian forces shelled the town of Bakhmut overnight, killing three civilians, regional…"
    assert ledger.document_names([added["id"]]) == {added["id"]: name}
    home = visible(client.get("/").text)
    assert name in home and "express-tank-colonel.txt" in home  # no outlet: the source is the file
    page = client.get(f"/documents/{added['id']}").text
    assert f"<h1>{name}</h1>" in page and "(untitled)" not in page
    assert name in cli(ledger, "list", "--limit", "500")
    assert name in cli(ledger, "show", added["id"][:10], columns=200).splitlines()[0]


def test_place_filter_finds_a_city_under_its_old_name(client, doc_ids):
    """Bakhmut was Artemivsk until 2016 (a GeoNames alternate name): either name finds its claims."""
    bakhmut = client.get("/api/claims", params={"place": "Bakhmut", "limit": 100}).json()["items"]
    artemivsk = client.get("/api/claims", params={"place": "Artemivsk", "limit": 100}).json()["items"]
    assert bakhmut and artemivsk == bakhmut
    assert bakhmut[0]["text"][:30] in visible(client.get("/claims", params={"place": "Artemivsk"}).text)


def _widest_line(output: str) -> int:
    return max(len(line) for line in output.splitlines())


def test_tables_fit_80_columns_and_keep_their_words(ledger):
    listing = cli(ledger, "list", columns=80)
    assert _widest_line(listing) <= 80
    assert "source" in listing and "Aggregator" in listing and "telegraph-l…" in listing
    assert "segs" not in listing and "segs" in cli(ledger, "list", "--wide", columns=80)
    claims = cli(ledger, "claims", "--limit", "10", columns=80)
    assert _widest_line(claims) <= 80 and "certainty" in claims and "check" not in claims
    stories = cli(ledger, "stories", columns=80)
    assert _widest_line(stories) <= 80 and "first headline" in stories and "top terms" not in stories
    conflicts = cli(ledger, "conflicts", columns=80)
    assert _widest_line(conflicts) <= 80 and "Aggregator" in conflicts
    groups = cli(ledger, "groups", columns=80)
    assert _widest_line(groups) <= 80
    for output in (listing, claims, stories, conflicts, groups):  # words wrap whole: no word is cut in two
        cells = [c.strip() for line in output.splitlines() for c in line.split("│")[1:-1]]
        assert not any(re.search(r"\w-$|^-\w", c) for c in cells)


def test_story_page_reads_as_its_lead_claims_figures_and_conflicts(client, doc_ids):
    story = next(s for s in client.get("/api/stories").json()["items"] if s["documents"] == 2)
    page = client.get(f"/stories/{story['id']}")
    text = visible(page.text)
    assert text.startswith(" Putin mutiny as soldier drives tank over commanding officer")
    lead = text.index("The soldier allegedly drove a tank into Colonel Yuri Medvedev")
    claims, figures = text.index("Key claims"), text.index("Figures")
    assert lead < claims < figures < text.index("Conflicts") < text.index("Documents and entries")
    assert "498 Russian soldiers had been killed" in text[claims:figures]
    assert "also in Aggregator Daily" in text[claims:figures]  # the copy's repeat, not a second row
    assert text[claims:figures].count("498 Russian soldiers had been killed") == 1
    assert "7,000" in text[figures:] and "US military intelligence" not in text[:lead]
    assert "similarity" not in text and "cos " not in text
    assert f'href="/claims/{doc_ids["express"]}:' in page.text  # claims open their provenance page


def test_listing_pages_download_what_they_show(client):
    import csv
    import html
    import io

    page = client.get("/claims", params={"place": "Artemivsk", "min_certainty": "hedged", "offset": "0"}).text
    links = [html.unescape(u) for u in re.findall(r'href="(/api/export/[^"]+)"', page)]
    assert links == ["/api/export/claims?place=Artemivsk&min_certainty=hedged&format=csv",
                     "/api/export/claims?place=Artemivsk&min_certainty=hedged&format=json",
                     "/api/export/claims?place=Artemivsk&min_certainty=hedged&format=parquet"]
    shown = client.get("/api/claims", params={"place": "Artemivsk", "min_certainty": "hedged",
                                              "sort": "checkworthiness", "limit": 500}).json()["items"]
    csv_file = client.get(links[0])
    assert csv_file.headers["content-disposition"] == 'attachment; filename="claimledger-claims.csv"'
    rows = list(csv.DictReader(io.StringIO(csv_file.text)))
    assert shown and [r["id"] for r in rows] == [c["id"] for c in shown]
    assert [c["id"] for c in client.get(links[1]).json()] == [c["id"] for c in shown]
    import pyarrow.parquet as pq

    parquet = client.get(links[2])
    assert parquet.headers["content-disposition"] == 'attachment; filename="claimledger-claims.parquet"'
    table = pq.read_table(io.BytesIO(parquet.content))
    assert table.column("id").to_pylist() == [c["id"] for c in shown]
    assert table.column("checkworthiness").type == "double" and table.num_rows == len(shown)
    for path, what, column in (("/", "documents", "id"), ("/conflicts", "conflicts", "label"),
                               ("/incidents", "incidents", "label")):
        link = html.unescape(re.search(r'href="(/api/export/[^"]+format=csv)"', client.get(path).text).group(1))
        assert link == f"/api/export/{what}?format=csv"
        rows = list(csv.DictReader(io.StringIO(client.get(link).text)))
        assert rows and all(r[column] for r in rows), what
    assert client.get("/api/export/claims", params={"format": "xml"}).status_code == 422


def test_csv_downloads_cannot_run_as_spreadsheet_formulas():
    import csv
    import io

    from claimledger.export import write_listing

    out = io.StringIO()
    write_listing([{"title": "=HYPERLINK(\"http://x\")", "value": "-5", "note": "- a list"}], out, "csv")
    assert next(csv.DictReader(io.StringIO(out.getvalue()))) == {
        "title": "'=HYPERLINK(\"http://x\")", "value": "-5", "note": "'- a list"}


def test_story_command_leads_with_the_first_report(client, ledger):
    story = next(s for s in client.get("/api/stories").json()["items"] if s["documents"] == 2)
    shown = cli(ledger, "story", str(story["id"]), columns=80)
    assert _widest_line(shown) <= 80
    assert shown.index("“The soldier allegedly drove a tank") < shown.index("key claims") < shown.index(
        "figures and who gives them") < shown.index("copies differ: ") < shown.index("documents and live-blog")
    assert "850 vs 750 (order unknown)" in shown  # the sample page is undated: no original is known
    assert "Aggregator" in shown and "express-tank-" in shown and "cos " not in shown
