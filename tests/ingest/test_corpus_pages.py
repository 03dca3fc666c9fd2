"""The shared corpora as pages ``claimledger ingest`` reads (benchmarks/corpus_pages.py)."""

from __future__ import annotations

import json

from benchmarks.corpus_pages import detokenized, main
from tests.conftest import require_shared


def test_ecb_sentences_become_plain_text(tmp_path):
    data = require_shared("news_clustering")
    out = tmp_path / "ecb.jsonl"
    assert main(["ecb", str(data / "ecbplus_documents_dev.jsonl"), str(out)]) == 0
    pages = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(pages) == 197 and all(p["url"].startswith("ecb://") and p["title"] for p in pages)
    assert detokenized(["Perennial party girl Tara Reid checked herself into Promises Treatment Center , her rep "
                        "told People .", "`` We appreciate your respect to her and her family 's privacy , '' "
                        "the actress 's rep said ."]) == (
        "Perennial party girl Tara Reid checked herself into Promises Treatment Center, her rep told People. "
        "\"We appreciate your respect to her and her family's privacy,\" the actress's rep said.")


def test_geovirus_articles_keep_their_address(tmp_path):
    data = require_shared("geoparsing")
    out = tmp_path / "geovirus.jsonl"
    assert main(["geo", str(data / "GeoVirus.xml"), str(out)]) == 0
    pages = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(pages) == 229 and pages[0]["url"].startswith("https://en.wikinews.org/")
    assert "Reston ebolavirus" in pages[0]["text"]
