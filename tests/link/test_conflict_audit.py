"""Figure conflicts on unseen multi-outlet news (ECB+ train topics judged by hand in
tests/fixtures/conflict_audit.json): the judged disagreements are listed, the false alarms not."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.conflict_audit import audit_topic
from benchmarks.realnews_docs import load_train
from claimledger.ingest import ingest
from claimledger.link.doc_reader import LedgerDocs
from claimledger.link.estimates import disagreement
from claimledger.link.incident_link import collect_figures
from claimledger.store import Ledger, link_rows
from tests.conftest import require_shared
from tests.link.test_incidents import figure

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "conflict_audit.json"


@pytest.fixture(scope="module")
def audit():
    docs = load_train(require_shared("news_clustering"))
    fixture = json.loads(FIXTURE.read_text(encoding="utf-8"))

    def run(topic: str) -> dict[str, int]:
        judged = [c for c in fixture["conflicts"] if c["topic"] == topic]
        stances = [c for c in fixture["stance_conflicts"] if c["topic"] == topic]
        return audit_topic(docs, fixture["topics"][topic]["docs"], judged, stances)
    return run


def test_bank_fire_reports_raise_no_population_or_part_false_alarms(audit):
    """"two women and one man died" vs "three workers (one a pregnant woman)": 15 of the 16
    judged false alarms were a man counted as a woman or one member of the dead read as a toll;
    only the police's same-day update (12 injured, then 18) is still listed."""
    row = audit("8")
    assert row["judged_false"] == 16
    assert row["false"] <= 1


def test_bank_bombing_reports_raise_no_stance_false_alarms(audit):
    """'did not know why the officers took it inside', 'police did not have any suspects' and a
    restated quote cut after its own 'without' were listed as denials: none is now, and no
    stance conflict nobody judged takes their place."""
    row = audit("8")
    assert row["stance_judged_false"] == 3 and row["stance_false"] == 0 and row["stance_unjudged"] == 0


def test_quake_reports_keep_the_true_disagreements(audit):
    row = audit("20")
    assert row["judged_true"] == 2 and row["true"] == 2  # five vs two injured; 80 vs 70 injured
    assert row["judged_false"] == 20 and row["unjudged"] == 0
    # 'no indications of serious damage' in the port city denies no report that the quake shook it
    assert row["stance_judged_false"] == 1 and row["stance_false"] == 0 and row["stance_unjudged"] == 0


def test_quake_reports_drop_recalled_quakes(audit):
    assert audit("20")["false"] <= 3  # the recalled Bam and Zarand quakes and the '000' of '31, 000' are gone


def test_a_round_toll_rounds_the_precise_count():
    assert disagreement(figure("612", 612, source="a"), figure("600", 600, source="b", doc="d2")) is None
    assert disagreement(figure("612", 612, source="a"), figure("500", 500, source="b", doc="d2")) is not None
    assert disagreement(figure("12", 12, source="a"), figure("10", 10, source="b", doc="d2")) is not None


def test_a_count_written_with_a_leading_zero_is_no_figure(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    text = ("In December 2003, the city of Bam was razed by a quake that left more than 31, 000 people dead.\n\n"
            "The quake on Sunday killed 10 people.\n")
    (tmp_path / "bam.txt").write_text(text, encoding="utf-8")
    ingest([str(tmp_path / "bam.txt")], ledger)
    doc_ids = [d for d, _, _ in link_rows.document_seqs(ledger)]
    texts = [f.text for f in collect_figures(doc_ids, LedgerDocs(ledger).load)]
    assert "10" in texts and "000" not in texts


def test_pirate_capture_reports_list_no_attacking_boats_running_totals_or_other_rifles(tmp_path):
    """ECB+ dev topic 12 (the Indian navy's pirate captures): "Five pirate boats tried to attack"
    and "five boats were seen approaching" are the attackers, not the three boats captured; the
    ship's "so far" total (923 rounds) is no count of this capture's (about 300); "seven AK-47
    rifles, two other rifles" are two sets.  None of these is set against another figure."""
    from benchmarks.realnews_docs import page_text
    from claimledger.store import links as stored_links

    data = require_shared("news_clustering")
    rows = {r["doc_id"]: r for r in map(json.loads, (data / "ecbplus_documents_dev.jsonl").open(encoding="utf-8"))}
    docs = tmp_path / "docs"
    docs.mkdir()
    for doc_id in ("12_2ecbplus", "12_5ecbplus", "12_11ecbplus", "12_12ecb"):
        (docs / f"{doc_id}.txt").write_text(page_text(rows[doc_id]), encoding="utf-8")
    ledger = Ledger(tmp_path / "ecb.db")
    ingest([str(p) for p in sorted(docs.glob("*.txt"))], ledger)
    values = set()
    for c in stored_links.list_conflicts(ledger, kind="figures", limit=None):
        figs = c["figures"]
        values |= {frozenset((figs[i]["text"].casefold(), figs[j]["text"].casefold()))
                   for i, j in c["evidence"].get("pairs", [])}
    assert frozenset(("five", "three")) not in values
    assert not any("923" in v for pair in values for v in pair)
    assert frozenset(("seven", "two")) not in values
