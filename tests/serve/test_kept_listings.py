"""The link listings (stories, incidents, conflicts, claim groups: pages and API) are kept per
ledger version (``serve.kept``): served again while nothing is written, built again after a
document is added or a link run writes, and then the same bytes a freshly started server gives."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from claimledger.clean import clean_text
from claimledger.demo import sample_paths
from claimledger.ingest import ingest
from claimledger.link import link_documents
from claimledger.serve import create_app
from claimledger.store import Ledger
from claimledger.store.versions import ledger_version
from tests.serve.conftest import rough_analysis, syndicated_copy

LISTINGS = ["/conflicts", "/conflicts?category=killed", "/stories", "/incidents", "/claim-groups",
            "/api/conflicts?limit=20", "/api/stories?limit=20", "/api/incidents?limit=20", "/api/claim-groups?min_docs=1"]


def _bodies(client: TestClient) -> dict[str, bytes]:
    out = {}
    for url in LISTINGS:
        response = client.get(url)
        assert response.status_code == 200, url
        out[url] = response.content
    return out


def _fresh(ledger: Ledger) -> dict[str, bytes]:
    """What a server started now answers (nothing kept)."""
    with TestClient(create_app(Ledger(ledger.url))) as client:
        return _bodies(client)


@pytest.fixture()
def two_samples(tmp_path, places):
    """The two samples with the rough analysis, linked; and the syndicated copy of the second, not stored yet."""
    ledger = Ledger(tmp_path / "ledger.db")
    report = ingest([str(p) for p in sample_paths()], ledger, analyze=False)
    for doc_id in report.added:
        ledger.set_analysis(doc_id, rough_analysis(ledger.cleaned(doc_id), places))
    link_documents(ledger)
    copy = clean_text(syndicated_copy(ledger.document(report.added[1]).text), outlet="Aggregator Daily",
                      published="2023-03-09", source="test:copy")
    return ledger, copy


def test_listings_are_kept_until_a_link_run_writes(two_samples, places):
    ledger, copy = two_samples
    app = create_app(ledger)
    with TestClient(app) as client:
        first = _bodies(client)
        builds = app.state.kept.builds
        assert builds == len(LISTINGS)
        assert _bodies(client) == first and app.state.kept.builds == builds  # served as kept

        assert ledger.add(copy) == "added"  # a document (not linked yet): every listing is built again
        ledger.set_analysis(copy.document.id, rough_analysis(copy, places))
        added = _bodies(client)
        assert app.state.kept.builds == builds + len(LISTINGS)
        assert added == _fresh(ledger)

        before = ledger_version(ledger)
        report = link_documents(ledger)  # links only: no document, no analysis written
        assert report.documents == [copy.document.id]
        after = ledger_version(ledger)
        assert after[:3] == before[:3] and after[3] != before[3]
        linked = _bodies(client)
        assert linked == _fresh(ledger)
        # the copy's changed figure is a new conflict, and its story now holds it
        assert b"changed_figure" in linked["/api/conflicts?limit=20"]
        assert b"changed_figure" not in added["/api/conflicts?limit=20"]
        assert linked["/api/stories?limit=20"] != added["/api/stories?limit=20"]


def test_an_error_is_not_kept(two_samples):
    ledger, _ = two_samples
    app = create_app(ledger)
    with TestClient(app) as client:
        for _ in range(2):
            assert client.get("/stories?offset=x").status_code == 400
        assert app.state.kept.builds == 0
