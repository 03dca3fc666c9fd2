"""Claims: one per checkable statement, with attribution, figures and segment order."""

from __future__ import annotations

from functools import lru_cache

from claimledger.analyze.attribution import extract_attributions
from claimledger.analyze.claims import build_claims
from claimledger.analyze.pipeline import analyze_document, load_nlp
from claimledger.clean import clean_text
from claimledger.demo import sample_text


@lru_cache(maxsize=None)
def sample(name: str):
    cleaned = clean_text(sample_text(name), source=name)
    return cleaned, analyze_document(cleaned)


def claim_with(analysis, words: str):
    hits = [c for c in analysis.claims if words in c.text]
    assert hits, f"no claim with {words!r}"
    return min(hits, key=lambda c: c.end - c.start)


def source_of(analysis, claim):
    assert claim.attribution is not None, f"claim not attributed: {claim.text!r}"
    att = analysis.attributions[claim.attribution]
    return att.source.text, att.cue


def test_conflicting_casualty_figures_each_with_its_source():
    _, analysis = sample("express")
    assert source_of(analysis, claim_with(analysis, "498 Russian soldiers")) == ("the Russian defence ministry", "admitted")
    assert source_of(analysis, claim_with(analysis, "over 7,000 troops")) == ("US military intelligence", "estimated")
    assert source_of(analysis, claim_with(analysis, "over 15,000 Russian troops")) == (
        "Ukrainian government figures", "suggesting")
    higher = claim_with(analysis, "the total to be much higher")
    assert source_of(analysis, higher) == ("Ukrainian government figures", "claim")
    assert higher.certainty == "hedged"


def test_sentence_with_two_attributions_gives_two_claims():
    cleaned, analysis = sample("express")
    text = cleaned.document.text
    start = text.index("Ukrainian government figures claim")
    end = text.index("\n", start)
    inside = [c for c in analysis.claims if start <= c.start and c.end <= end]
    assert len(inside) == 2 and len({c.attribution for c in inside}) == 2


def test_claim_figures_point_at_quantities_when_extracted():
    _, analysis = sample("express")
    claim = claim_with(analysis, "498 Russian soldiers")
    if analysis.quantities:  # the quantity extractor is present
        texts = [analysis.quantities[i].text for i in claim.quantities]
        assert any("498" in t for t in texts) and any("1,500" in t for t in texts)
    assert claim.segment is not None


def test_main_clause_and_hedged_report_are_separate_claims():
    _, analysis = sample("express")
    main = claim_with(analysis, "At least five Russian generals have also been killed")
    assert main.certainty == "asserted" and main.attribution is None
    assert "commanders may have been lost" not in main.text
    reports = claim_with(analysis, "17 top Russian commanders may have been lost")
    assert reports.certainty == "hedged" and source_of(analysis, reports)[0] == "reports"


def test_questions_furniture_and_comments_make_no_claims():
    for name in ("express", "telegraph"):
        cleaned, analysis = sample(name)
        kinds = {s.order: s.kind for s in cleaned.segments}
        for claim in analysis.claims:
            assert kinds[claim.segment] in ("headline", "entry_headline", "body", "quote"), claim.text
            assert not claim.text.rstrip("”\"").endswith("?")
        assert not [c for c in analysis.claims if "How are you" in c.text]
    _, tele = sample("telegraph")
    assert not [c for c in tele.claims if "cluster munitions ban" in c.text]  # a reader comment


def test_headlines_are_claims_and_order_follows_the_text():
    cleaned, analysis = sample("telegraph")
    assert analysis.claims[0].text == "Ukraine live: Russian officers mutiny after devastating tank battle"
    starts = [c.start for c in analysis.claims]
    assert starts == sorted(starts)


def test_coordinated_clause_with_own_subject_is_split():
    doc = load_nlp()("Kyiv has asked for more air defence systems but it is unclear whether Berlin will send them.")
    claims = build_claims(doc, extract_attributions(doc))
    assert [c.certainty for c in claims] == ["asserted", "hedged"]
    assert claims[0].text == "Kyiv has asked for more air defence systems"


def test_short_and_verbless_pieces_are_skipped():
    doc = load_nlp()("Breaking news.\n\nRussia has launched 40 drones at Odesa overnight, officials said.\n\nWhy now?")
    claims = build_claims(doc, extract_attributions(doc))
    assert [c.text for c in claims] == ["Russia has launched 40 drones at Odesa overnight"]
    assert claims[0].certainty == "reported"


def test_a_question_reported_is_no_claim():
    """FNC-1 (a fatwa on snowmen): "one of the members had asked whether it was OK for fathers to
    build snowmen" made the member claim that it was OK; an open question claims nothing."""
    analysis = analyze_document(clean_text(
        "The leader confirmed his viewpoint on a website where one of the members had asked whether it was OK "
        "for fathers to build snowmen for their children. Officials said the fatwa was issued last week."))
    assert not [c for c in analysis.claims if c.text.startswith("it was OK")]
    assert [c for c in analysis.claims if c.text == "the fatwa was issued last week"]


def test_claim_places_are_geocoded_mentions():
    _, analysis = sample("telegraph")
    claim = claim_with(analysis, "refused to continue pressing the attack on Vugledar")
    if not any(m.attrs.get("lat") is not None for m in analysis.mentions):
        return  # no gazetteer in this checkout
    names = [analysis.mentions[i].text for i in claim.places]
    assert "Vugledar" in names
    assert set(claim.places) <= set(claim.mentions)
