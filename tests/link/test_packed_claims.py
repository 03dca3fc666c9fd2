"""Claims held packed: the grouper's numbered columns give back the vectors they were made of, and
a run's packed memberships read back equal to the records packed."""

from __future__ import annotations

from claimledger.link.claim_groups import STORED_EVIDENCE, ClaimGrouper, ClaimItem, ClaimVector, Membership, Memberships
from claimledger.records import Claim


def _item(cid: str, doc: str, text: str, published: str | None = None) -> ClaimItem:
    return ClaimItem(claim_id=cid, doc_id=doc, index=0, claim=Claim(0, len(text), text), published=published)


def test_the_columns_give_back_each_claims_vector():
    g = ClaimGrouper()
    items = [_item("a:0", "a", "A Russian soldier drove a tank over his commanding officer", "2022-03-01"),
             _item("a:12", "a", "The ministry denied that the soldier drove a tank over the officer"),
             _item("b-odd-id", "b", "Muddy conditions around Bakhmut hamper Ukrainian resupply efforts", "2022-03-02")]
    made = [ClaimVector.of(i) for i in items]
    for v in made:
        g.add_vector(v)
    for v in made:
        back = g.claims[v.id]
        assert (back.id, back.doc_id, back.features, back.words, back.negated, back.certainty, back.published,
                back.text, back.weight) == (v.id, v.doc_id, v.features, v.words, v.negated, v.certainty,
                                            v.published, v.text, v.weight)
    assert "a:1" not in g.claims and "a:012" not in g.claims and len(g.claims) == 3
    assert sorted(g.claims) == sorted(v.id for v in made)


def test_packed_memberships_read_back_equal():
    def m(cid: str, group: int, stance: str, certainty: str, score: float, new: bool) -> Membership:
        return Membership(claim_id=cid, group=group, stance=stance, certainty=certainty, score=score, new=new,
                          evidence=STORED_EVIDENCE)

    first = [m("d1:0", 5, "supports", "asserted", 1.0, True), m("d1:1", 6, "denies", "denied", 0.73, False),
             m("odd", 7, "reports", "hedged", 0.5, True)]
    second = [m("d2:3", 8, "reports", "reported", 0.61, False), m("x:01", 9, "denies", "asserted", 0.2, True)]
    run = Memberships()
    run.extend(Memberships(second))  # packed into packed, column by column
    run.extend(first)
    assert run == second + first and list(run) == second + first
    assert run[-1] == first[-1] and run[1:3] == (second + first)[1:3] and Memberships() == []
