"""``store.versions.ledger_version`` moves on with every write a reader shows: a document added,
an analysis written, and each link write (``write_links``, ``replace_incidents``), even one that
stores nothing new, and stays put while nothing is written."""

from __future__ import annotations

from claimledger.clean import clean_text
from claimledger.demo import sample_text
from claimledger.records import Analysis
from claimledger.store import Ledger
from claimledger.store.incidents import replace_incidents
from claimledger.store.link_rows import write_links
from claimledger.store.versions import ledger_version


def test_each_write_moves_the_version_on(tmp_path):
    ledger = Ledger(tmp_path / "ledger.db")
    seen = [ledger_version(ledger)]
    cleaned = clean_text(sample_text("telegraph"))
    assert ledger.add(cleaned) == "added"
    seen.append(ledger_version(ledger))
    ledger.set_analysis(cleaned.document.id, Analysis())
    seen.append(ledger_version(ledger))
    write_links(ledger, sketches=[], doc_links=[], units=[], claims=[], stories=[], members=[], moved=[],
                dropped_stories=[], groups=[], group_members=[], changed=[], dropped_groups=[], conflicts=[],
                drop_conflicts={}, state={})
    seen.append(ledger_version(ledger))
    replace_incidents(ledger, drop=[], incidents=[], figures=[], conflicts=[])
    seen.append(ledger_version(ledger))
    assert len(set(seen)) == len(seen)
    assert ledger_version(ledger) == seen[-1]  # reading does not move it
    assert seen[-1][3] == "2" and seen[-3][3] is None  # two link writes counted


def test_a_listings_kept_total_follows_the_documents_added(tmp_path):
    from claimledger.store import DocumentFilter

    ledger = Ledger(tmp_path / "ledger.db")
    assert ledger.add(clean_text(sample_text("telegraph"))) == "added"  # a live blog

    def total(kind: str | None, offset: int = 0) -> int | None:
        return ledger.document_summaries(DocumentFilter(kind=kind, limit=1, offset=offset)).total

    assert (total("article"), total("liveblog"), total(None)) == (0, 1, 1)
    assert total("liveblog", offset=1) == 1  # the kept count, on the next page
    assert ledger.add(clean_text(sample_text("express"))) == "added"  # an article
    assert (total("article"), total("liveblog", offset=1), total(None, offset=1)) == (1, 1, 2)
