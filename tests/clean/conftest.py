"""Pages of the article-extraction benchmark, cleaned, for the page-debris tests."""

from __future__ import annotations

import json

import pytest

from claimledger.clean import clean_html
from tests.conftest import require_shared


@pytest.fixture(scope="module")
def pages():
    """A page by the prefix of its benchmark key, through ``clean_html``."""
    root = require_shared("article_extraction_benchmark")
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))

    def page(prefix: str):
        key = next(k for k in sorted(truth) if k.startswith(prefix))
        html = (root / "html" / f"{key}.html").read_bytes().decode("utf-8", errors="replace")
        return clean_html(html, url=truth[key].get("url"), source=key)
    return page


def kinds_of(cleaned, needle: str) -> set[str]:
    """The kinds of the segments that hold ``needle``."""
    text = cleaned.document.text
    return {s.kind for s in cleaned.segments if needle in text[s.start:s.end]}
