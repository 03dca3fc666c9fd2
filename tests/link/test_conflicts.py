"""Conflicts from hand-built figures: same measure, disagreeing figures, changed figures."""

from __future__ import annotations

from claimledger.clean import clean_text
from claimledger.link.conflicts import Figure, changed_figures, disagree, figure_conflicts, head_class
from claimledger.link.units import paragraphs


def fig(value, source, counted="Russian troops", category="killed", modifier="exact", side="Russian", doc="d1",
        rate=None, start=0, places=()):
    return Figure(doc_id=doc, quantity=0, start=start, end=start + 3, text=str(value), value=value, low=None,
                  high=None, modifier=modifier, category=category,
                  family={"killed": "losses", "casualties": "losses", "wounded": "wounded"}[category],
                  head=head_class(counted), rate_unit=rate, side=side, source=source, counted=counted,
                  places=list(places))


def test_head_classes():
    assert head_class("Russian soldiers") == head_class("troops") == head_class("servicemen") == "troops"
    assert head_class("top Russian commanders") == head_class("generals") == "commanders"
    assert head_class("tanks and armoured fighting vehicles") == "tank"


def test_three_sources_one_conflict_side_inferred():
    figures = [fig(498, "the Russian defence ministry", "Russian soldiers", start=10),
               fig(1500, "the Russian defence ministry", "Russian soldiers", category="wounded", start=20),
               fig(7000, "US military intelligence", "troops", modifier="over", side=None, start=30),
               fig(15000, "Ukrainian government figures", "Russian troops", category="casualties", modifier="over",
                   start=40)]
    [c] = figure_conflicts(1, figures)
    assert c.n_sources == 3 and c.n_figures == 3 and c.measure["side"] == "Russian"
    assert [f["text"] for f in c.figures] == ["498", "7000", "15000"]
    assert c.figures[1]["side_inferred"] and c.measure["family"] == "losses"
    assert c.evidence["disagreeing_pairs"]


def test_consistent_bounds_rates_and_places_are_no_conflict():
    assert disagree(fig(5, "a", "generals", modifier="at_least"), fig(17, "b", "commanders", modifier="up_to")) is None
    assert disagree(fig(7000, "a", modifier="over"), fig(15000, "b", modifier="over"))
    assert disagree(fig(498, "a"), fig(7000, "b", modifier="over")) == "disjoint"
    assert disagree(fig(100, "a", places=["geo:1"]), fig(900, "b", places=["geo:2"])) is None
    # a rate is another measure than a total
    assert figure_conflicts(1, [fig(300, "a", "casualties", "casualties", rate="day"), fig(15000, "b")]) == []
    # one source, one document: two figures of its own are not a conflict
    assert figure_conflicts(1, [fig(498, "a"), fig(700, "a")]) == []
    # the same figure from two sources agrees
    assert figure_conflicts(1, [fig(498, "a"), fig(498, "b", doc="d2")]) == []


def test_changed_figure_in_a_copy(express):
    doc = express.document
    changed = clean_text(doc.text.replace("15,000", "25,000"))
    c = changed_figures(doc, express.segments, changed.document, changed.segments)
    assert c is not None and c.kind == "changed_figure"
    [change] = c.evidence["changes"]
    assert (change["src_text"], change["dst_text"]) == ("15,000", "25,000")
    assert changed.document.text[change["dst_start"]:change["dst_end"]] == "25,000"
    assert doc.text[change["src_start"]:change["src_end"]] == "15,000"
    same = clean_text(doc.text + "\n\nAdvertisement")
    assert changed_figures(doc, express.segments, same.document, same.segments) is None
    assert paragraphs(doc, express.segments)
