"""Fixtures for the link tests: a syndication chain built from the samples, stored and linked once."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from claimledger.clean import clean_text
from claimledger.demo import sample_text
from claimledger.store import Ledger

sys.path.insert(0, str(Path(__file__).parent))
import corpus as C  # noqa: E402


@dataclass
class Chain:
    ledger: Ledger
    ids: dict[str, str]  # variant name -> document id
    figures: dict[str, tuple[str, str]]  # variant name -> (old figure, new figure)
    report: object

    def name(self, doc_id: str) -> str:
        return {v: k for k, v in self.ids.items()}[doc_id]


def build_chain(tmp: Path, analyze: bool) -> Chain:
    """The samples plus what a syndication chain makes of them, ingested out of date order."""
    express = clean_text(sample_text("express"), outlet="Express", published="2022-03-21")
    telegraph = clean_text(sample_text("telegraph"), outlet="Telegraph")
    changed_text, old, new = C.copy_with_changed_figure(express)
    para_text, p_old, p_new = C.paraphrase(express)
    docs = {
        # the aggregator's excerpt is ingested first but published a day later
        "excerpt": C.clean(C.excerpt(express), outlet="Aggregator", published="2022-03-22"),
        "express": express,
        "telegraph": telegraph,
        "furniture": C.clean(C.with_new_furniture(express), outlet="Reposter", published="2022-03-23"),
        "changed": C.clean(changed_text, outlet="Copycat", published="2022-03-24"),
        "paraphrase": C.clean(para_text, outlet="Rewriter", published="2022-03-25"),
        # no dates: which came first is unknown (the link names the fuller text, the blog, first)
        "entry": C.clean(C.entry_as_article(telegraph, 2), outlet="Wire"),
    }
    ledger = Ledger(tmp / "chain.db")
    analyses = {}
    if analyze:
        from claimledger.analyze.pipeline import analyze_documents

        analyses = {c.document.id: a for c, a in analyze_documents(list(docs.values()))}
    for cleaned in docs.values():
        ledger.add(cleaned, analyses.get(cleaned.document.id))
    from claimledger.link import link_documents

    report = link_documents(ledger)
    return Chain(ledger=ledger, ids={k: c.document.id for k, c in docs.items()},
                 figures={"changed": (old, new), "paraphrase": (p_old, p_new)}, report=report)


@pytest.fixture(scope="session")
def chain(tmp_path_factory) -> Chain:
    """The chain with the analysis stage (claims, figures, sources)."""
    pytest.importorskip("claimledger.analyze.pipeline")
    return build_chain(tmp_path_factory.mktemp("chain"), analyze=True)


@pytest.fixture(scope="session")
def plain_chain(tmp_path_factory) -> Chain:
    """The chain without analysis: copies and stories only."""
    return build_chain(tmp_path_factory.mktemp("plain"), analyze=False)
