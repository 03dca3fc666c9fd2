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


def _dated(cid, text, published, certainty="asserted"):
    it = item(cid, text, certainty=certainty)
    it.published = published
    return it


def test_a_stored_member_keeps_its_stance_until_the_reference_changes():
    """A member's stance is to its group's reference (the earliest claim stating the proposition,
    not a denial of it): a later claim joining leaves the stored members' stances and reads none
    of their texts; an earlier one becomes the reference, and every member's stance is taken to
    it again."""
    said = {"x:0": "The ministry denied that a Russian soldier drove a tank over his commanding officer Colonel Yuri Medvedev",
            "y:0": "A Russian soldier drove a tank over his commanding officer Colonel Yuri Medvedev in Ukraine",
            "w:0": "A Russian soldier drove a tank over his commanding officer Colonel Yuri Medvedev, a report says",
            "z:0": "A Russian soldier drove a tank over his commanding officer Colonel Yuri Medvedev last week"}
    asked: list[str] = []

    def load_texts(ids):
        asked.extend(ids)
        return {i: (said[i], "") for i in ids}

    g = ClaimGrouper(load_texts=load_texts)
    x = g.add(_dated("x:0", said["x:0"], "2022-03-01", certainty="denied"))
    y = g.add(_dated("y:0", said["y:0"], "2022-03-02"))
    rows, _, _ = g.finalize()
    g.release_texts(["x:0", "y:0"])  # stored: their texts are read again when needed
    assert x.group == y.group and (x.stance, y.stance) == ("denies", "supports")  # the earlier denial denies
    assert rows[0].first == "y:0"

    w = g.add(_dated("w:0", said["w:0"], "2022-03-05"))
    rows, changed, _ = g.finalize()
    assert w.group == x.group and w.stance == "supports" and changed == []
    assert asked == ["y:0"]  # the reference's text, not the stored member's
    g.release_texts(["w:0"])

    z = g.add(_dated("z:0", said["z:0"], "2022-02-28"))
    rows, changed, _ = g.finalize()
    assert rows[0].first == "z:0" and z.stance == "supports"
    # each stance to the new reference is the one stored; their evidence now names the new reference
    assert sorted((c, stance, patch["reference"]) for c, _, stance, patch in changed) == [
        ("w:0", "supports", "z:0"), ("x:0", "denies", "z:0"), ("y:0", "supports", "z:0")]
    assert sorted(set(asked)) == ["w:0", "x:0", "y:0"]  # every stored member read again for its stance


def test_a_member_restanced_against_a_new_reference_says_why_it_stands(tmp_path):
    """FNC-1 bodies on Tiger Woods: the denial is linked first and leads its group alone; when the
    claim it denies arrives, the reference becomes that claim and the denial's stance is computed
    again.  Its stored evidence kept "asserted by the outlet" and itself as the reference, so the
    group page gave a denial the reason of a support."""
    from claimledger.ingest import ingest_document
    from claimledger.link import link_documents
    from claimledger.store import Ledger

    ledger = Ledger(tmp_path / "woods.db")
    ingest_document(ledger, "Tiger Woods is not serving a suspension from the PGA Tour for failing a drug test, "
                            "his agent and a Tour official emphatically stated Monday.",
                    fields={"url": "https://example.org/denial"})
    link_documents(ledger)
    ingest_document(ledger, "A PGA Tour golfer says Tiger Woods is serving a suspension from the PGA Tour for "
                            "failing a drug test.", fields={"url": "https://example.org/rumour"})
    link_documents(ledger)
    groups = [ledger.claim_group(g.id).to_dict() for g in ledger.claim_groups(min_docs=2)]
    members = [m for g in groups for m in g["members"]]
    denial = next(m for m in members if "is not serving" in m["text"])
    rumour = next(m for m in members if "is not serving" not in m["text"])
    assert denial["stance"] == "denies"
    assert denial["evidence"]["reference"] == rumour["claim_id"]
    assert denial["evidence"]["stance_by"].startswith("polarity differs")
    assert denial["evidence"]["linked_to"] is None  # the link that joined it is kept: it came first
