"""Shared fixtures: the bundled sample pages, cleaned once per session."""

from __future__ import annotations

import pytest

from claimledger.clean import clean_text
from claimledger.demo import sample_path, sample_text
from claimledger.paths import shared_data


@pytest.fixture(scope="session")
def telegraph():
    return clean_text(sample_text("telegraph"), source=str(sample_path("telegraph")))


@pytest.fixture(scope="session")
def express():
    return clean_text(sample_text("express"), source=str(sample_path("express")))


def require_shared(name: str):
    """The path of a shared dataset, or skip the test when ../shared/data is absent."""
    path = shared_data(name)
    if not path.exists():
        pytest.skip(f"shared dataset {name!r} not found at {path} (set CLAIMLEDGER_SHARED)")
    return path
