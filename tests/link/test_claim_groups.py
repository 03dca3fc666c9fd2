"""Claim groups from hand-built records: same proposition, stance, certainty."""

from __future__ import annotations

from claimledger.link.claim_groups import ClaimGrouper, ClaimItem, polarity
from claimledger.records import Attribution, Claim, Quantity, SourceRef


def item(cid, text, certainty="asserted", attributed=False, quantities=()):
    doc, _, idx = cid.partition(":")
    att = Attribution(source=SourceRef("the ministry", kind="organisation"), cue="said", cue_start=0, cue_end=4,
                      content_start=0, content_end=len(text)) if attributed else None
    return ClaimItem(claim_id=cid, doc_id=doc, index=int(idx), claim=Claim(0, len(text), text, certainty=certainty),
                     attribution=att, quantities=list(quantities))


def test_same_proposition_across_documents_with_stances():
    g = ClaimGrouper()
    first = g.add(item("a:0", "A Russian soldier drove a tank over his commanding officer Colonel Yuri Medvedev"))
    copy = g.add(item("b:3", "A Russian soldier allegedly drove a tank over his commanding officer, Colonel Yuri "
                             "Medvedev", certainty="hedged"))
    denial = g.add(item("c:1", "The ministry denied that a Russian soldier drove a tank over his commanding officer "
                               "Colonel Yuri Medvedev", certainty="denied", attributed=True))
    other = g.add(item("d:0", "Muddy conditions around Bakhmut are hampering Ukrainian resupply efforts"))
    g.finalize()  # groups are components: named once every claim is in
    assert first.new and first.stance == "supports"
    assert copy.group == first.group and copy.stance == "reports" and copy.certainty == "hedged"
    assert denial.group == first.group and denial.stance == "denies"
    assert other.new and other.group != first.group
    assert copy.evidence["similarity"] >= 0.5 and "tank" in copy.evidence["shared"]


def test_a_changed_figure_keeps_one_proposition():
    g = ClaimGrouper()
    q1 = Quantity(0, 6, "15,000", value=15000, counted="Russian troops", category="casualties", side="Russian")
    q2 = Quantity(0, 6, "25,000", value=25000, counted="Russian troops", category="casualties", side="Russian")
    a = g.add(item("a:0", "over 15,000 Russian troops have been lost in less than four weeks of fighting",
                   quantities=[q1]))
    b = g.add(item("b:0", "over 25,000 Russian troops have been lost in less than four weeks of fighting",
                   quantities=[q2]))
    g.finalize()
    assert b.group == a.group and b.stance == "supports"


def test_uncertainty_is_not_a_denial():
    assert not polarity(item("a:0", "It is not known what happened to the soldier who allegedly hit the colonel"))
    assert polarity(item("a:0", "Moscow has not confirmed and rejected the report as fake"))
    assert polarity(item("a:0", "The soldier did not drive a tank over the colonel"))
    assert not polarity(item("a:0", "Putin's soldiers have reportedly been sold a lie"))


def test_saying_nothing_is_not_a_denial():
    assert not polarity(item("a:0", "The Russian defence ministry has not publicly commented on the report"))
    assert not polarity(item("a:0", "The ministry declined to comment on the claims of heavy losses"))
    assert not polarity(item("a:0", "A spokesman did not immediately respond to a request for comment"))
    assert polarity(item("a:0", "The ministry did not comment but denied that troops had been lost"))
