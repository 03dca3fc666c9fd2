"""Parquet (one typed table per record kind) and ClaimReview JSON-LD exports, and their CLI."""

from __future__ import annotations

import json

import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from claimledger.cli import app
from claimledger.export.claimreview import claim_reviews, write_claimreview
from claimledger.export.parquet import LINK_TABLES, RECORDS, write_parquet
from claimledger.records import Analysis, Attribution, Claim, Cue, Quantity, SourceRef
from claimledger.store import Ledger


@pytest.fixture()
def ledger(tmp_path, telegraph, express):
    """The two samples; the article carries a small hand-made analysis pointing into its text."""
    ledger = Ledger(tmp_path / "l.db")
    ledger.add(telegraph)
    text = express.document.text
    sentence_start = text.index("However,")
    sentence_end = text.index(".", sentence_start) + 1
    source = text.index("Roman Tsimbalyuk")
    cue = text.index("alleged", source)
    bad = text.index("1,5000")
    analysis = Analysis(
        quantities=[Quantity(bad, bad + 6, "1,5000", value=15000.0, category="other", flags=["malformed"])],
        attributions=[Attribution(SourceRef("Roman Tsimbalyuk", source, source + 16), "alleged", cue, cue + 7,
                                  cue + 8, sentence_end, via=[SourceRef("the Sun", kind="organisation")])],
        claims=[Claim(sentence_start, sentence_end, text[sentence_start:sentence_end], certainty="hedged",
                      cues=[Cue("alleged", cue, cue + 7, "allegation")], attribution=0, checkworthiness=0.7),
                Claim(bad - 40, bad + 6, text[bad - 40:bad + 6], quantities=[0])],
    )
    ledger.add(express, analysis)
    return ledger


def test_parquet_one_typed_table_per_kind(ledger, tmp_path, telegraph, express):
    counts = write_parquet(ledger, tmp_path / "out", batch_rows=7)  # several row groups
    assert set(counts) == set(RECORDS) | set(LINK_TABLES)
    assert counts["stories"] == 0 and pq.read_table(tmp_path / "out" / "conflicts.parquet").num_rows == 0
    assert counts["documents"] == 2 and counts["claims"] == 2 and counts["times"] == 0
    assert counts["segments"] == len(telegraph.segments) + len(express.segments)
    docs = pq.read_table(tmp_path / "out" / "documents.parquet").to_pylist()
    assert docs[0]["id"] == telegraph.document.id and docs[0]["text"] == telegraph.document.text
    claims = pq.read_table(tmp_path / "out" / "claims.parquet")
    assert claims.schema.field("checkworthiness").type == "double"
    assert claims.schema.field("index").type == "int64"
    row = claims.to_pylist()[0]
    assert docs[1]["text"][row["start"]:row["end"]] == row["text"]
    assert json.loads(row["cues"])[0]["text"] == "alleged"
    atts = pq.read_table(tmp_path / "out" / "attributions.parquet").to_pylist()
    assert json.loads(atts[0]["source"])["text"] == "Roman Tsimbalyuk"
    q = pq.read_table(tmp_path / "out" / "quantities.parquet").to_pylist()[0]
    assert q["value"] == 15000.0 and json.loads(q["flags"]) == ["malformed"]
    empty = pq.read_table(tmp_path / "out" / "times.parquet")
    assert empty.num_rows == 0 and "begin" in empty.schema.names  # columns even when empty
    segs = pq.read_table(tmp_path / "out" / "segments.parquet").to_pylist()
    assert {s["kind"] for s in segs} >= {"headline", "body", "comment", "furniture"}


def test_claimreview_per_claim_without_groups(ledger, tmp_path, express):
    reviews = list(claim_reviews(ledger))
    assert len(reviews) == 2
    hedged = reviews[0]
    assert hedged["@type"] == "ClaimReview" and hedged["claimReviewed"].startswith("However,")
    assert hedged["itemReviewed"]["author"] == {"@type": "Person", "name": "Roman Tsimbalyuk"}
    assert "the Sun" in hedged["reviewBody"] and "hedged" in hedged["reviewBody"]
    assert hedged["reviewRating"]["alternateName"].startswith("Hedged")
    assert "ratingValue" not in hedged["reviewRating"]  # no verdict: the ledger does not rule on truth
    appearance = hedged["itemReviewed"]["firstAppearance"]
    assert appearance["identifier"] == express.document.id and "datePublished" not in appearance  # no year known
    assert reviews[1]["itemReviewed"]["author"]["@type"] == "Organization"  # unattributed: the publisher's own
    out = tmp_path / "reviews.jsonld"
    with out.open("w") as fh:
        assert write_claimreview(ledger, fh) == 2
    doc = json.loads(out.read_text())
    assert doc["@context"] == "https://schema.org" and len(doc["@graph"]) == 2


def test_cli_export_formats(ledger, tmp_path):
    runner = CliRunner()
    db = str(tmp_path / "l.db")
    result = runner.invoke(app, ["export", "--format", "parquet", "--db", db, "-o", str(tmp_path / "pq")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "pq" / "claims.parquet").exists()
    result = runner.invoke(app, ["export", "--format", "parquet", "--db", db])
    assert result.exit_code == 2 and "--output" in result.output
    result = runner.invoke(app, ["export", "--format", "claimreview", "--db", db])
    assert result.exit_code == 0 and json.loads(result.stdout)["@graph"][0]["@type"] == "ClaimReview"


def test_linked_ledger_reviews_per_group_and_link_tables(ledger, tmp_path, express):
    from claimledger.clean import clean_text
    from claimledger.link import link_documents

    copy = clean_text(express.document.text.replace("\n\n", "\n\nREAD MORE: latest updates\n\n", 1),
                      outlet="Aggregator Daily", published="2023-03-09")
    analysis = ledger.analysis(express.document.id)
    shift = len("READ MORE: latest updates\n\n")
    first_break = express.document.text.index("\n\n")
    for claim in analysis.claims:  # the same claims, moved by the inserted teaser
        claim.start, claim.end = claim.start + shift, claim.end + shift
        claim.cues = [c.shifted(shift) for c in claim.cues]
    for q in analysis.quantities:
        q.start, q.end = q.start + shift, q.end + shift
    for a in analysis.attributions:
        a.source.start, a.source.end = a.source.start + shift, a.source.end + shift
        a.cue_start, a.cue_end = a.cue_start + shift, a.cue_end + shift
        a.content_start, a.content_end = a.content_start + shift, a.content_end + shift
    assert all(c.start > first_break for c in analysis.claims)
    ledger.add(copy, analysis)
    link_documents(ledger)
    reviews = list(claim_reviews(ledger))
    shared = [r for r in reviews if len(r["itemReviewed"]["appearance"]) == 2]
    assert shared and shared[0]["@id"].startswith("urn:claimledger:claim-group:")
    outlets = [a.get("publisher", {}).get("name") for a in shared[0]["itemReviewed"]["appearance"]]
    assert "Aggregator Daily" in outlets and "stances across sources" in shared[0]["reviewBody"]
    counts = write_parquet(ledger, tmp_path / "linked")
    assert counts["doc_links"] == 1 and counts["claim_group_members"] == 4 and counts["stories"] >= 1
    link = pq.read_table(tmp_path / "linked" / "doc_links.parquet").to_pylist()[0]
    # the sample page is undated: order unknown, the fuller text (the copy, with its teaser) named first
    assert (link["src"], link["dst"], link["basis"]) == (copy.document.id, express.document.id, "order_unknown")
    assert json.loads(link["evidence"])["shingle"] >= 1
