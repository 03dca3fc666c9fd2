"""Average linkage over key-sharing pairs (large incident units) against the dense form, on the
figure groups of the incidents_dev bodies (31 real reports)."""

from __future__ import annotations

import pytest

from claimledger.ingest import ingest
from claimledger.link import incident_units
from claimledger.link.doc_reader import LedgerDocs
from claimledger.link.incident_groups import group_documents
from claimledger.link.incident_link import collect_figures
from claimledger.link.incident_similarity import compatible, figure_vectors, group_similarity
from claimledger.link.incident_units import THRESHOLD, index_keys, linkage_keys, regrouped, unit_idf
from claimledger.link.sparse_linkage import sparse_average_linkage
from claimledger.link.weights import term_idf
from claimledger.store import Ledger, link_rows
from tests.conftest import require_shared


@pytest.fixture(scope="module")
def dev_groups(tmp_path_factory):
    gold = require_shared("incidents_dev")
    ledger = Ledger(tmp_path_factory.mktemp("sparse") / "dev.db")
    ingest([str(p) for p in sorted((gold / "docs").glob("*.txt"))], ledger, link=False)
    figures = collect_figures([d for d, _, _ in link_rows.document_seqs(ledger)], LedgerDocs(ledger).load)
    figures = sorted(figures, key=lambda f: (f.doc_id, f.start))
    groups = group_documents(figures, figure_vectors(figures, term_idf), compatible)
    return regrouped(groups, unit_idf(groups))


def keys_of(clusters) -> list[list[str]]:
    return sorted(sorted(f.key for g in c for f in g.figures) for c in clusters)


def test_with_every_pair_compared_it_is_average_linkage(dev_groups, monkeypatch):
    assert len(dev_groups) > 20
    monkeypatch.setattr(incident_units, "DENSE_GROUPS", 10**6)
    dense = incident_units._average_linkage(dev_groups, THRESHOLD)
    sparse = sparse_average_linkage(dev_groups, THRESHOLD, lambda g: {"every pair"}, group_similarity)
    assert keys_of(sparse) == keys_of(dense)
    assert 1 < len(dense) < len(dev_groups)  # it merged some groups and kept others apart


def test_key_sharing_pairs_give_nearly_the_same_incidents(dev_groups, monkeypatch):
    monkeypatch.setattr(incident_units, "DENSE_GROUPS", 10**6)
    dense = keys_of(incident_units._average_linkage(dev_groups, THRESHOLD))
    monkeypatch.setattr(incident_units, "DENSE_GROUPS", 0)
    sparse = keys_of(incident_units._average_linkage(dev_groups, THRESHOLD))
    same = {tuple(c) for c in sparse} & {tuple(c) for c in dense}
    assert len(same) >= 0.9 * len(dense) and len(sparse) == len(dense)
    # the pairs without a shared key are left out: fewer similarities than pairs
    pairs = {(i, j) for i, a in enumerate(dev_groups) for j, b in enumerate(dev_groups)
             if i < j and linkage_keys(a) & linkage_keys(b)}
    assert len(pairs) < 0.5 * len(dev_groups) * (len(dev_groups) - 1) / 2


def test_every_group_is_in_one_cluster(dev_groups):
    clusters = sparse_average_linkage(dev_groups, THRESHOLD, index_keys, group_similarity)
    assert sorted(id(g) for c in clusters for g in c) == sorted(id(g) for g in dev_groups)
