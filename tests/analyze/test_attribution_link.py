"""The per-cue linker's clause features (commas and clause relations between a token and its cue)
and where the content it tags ends, on news sentences outside PolNeAR."""

from __future__ import annotations

import pytest

from claimledger.analyze.attribution import extract_attributions
from claimledger.analyze.attribution_features import TokenTable
from claimledger.analyze.attribution_link import _clause_path, _commas_between, cue_head
from claimledger.analyze.attribution_model import model_available


def _index(doc, word: str) -> int:
    return next(t.i for t in doc if t.text == word)


def test_linker_sees_commas_and_a_trailing_relative_clause(nlp):
    doc = nlp("Cruz predicted a win in Texas, which votes on March 1, and Rubio agreed.")
    tt = TokenTable(doc)
    said = _index(doc, "predicted")
    cue = (said, said + 1)
    commas = _commas_between(tt, 0, len(doc), cue)
    assert commas[_index(doc, "votes")] == 1 and commas[_index(doc, "agreed")] == 2 and commas[said + 1] == 0
    assert commas[_index(doc, "Cruz")] == 0
    head = cue_head(tt.head, cue)
    # "which votes …" hangs from "Texas" as a relative clause inside the object
    assert _clause_path(tt, _index(doc, "votes"), head)[1] == "relcl"
    assert _clause_path(tt, _index(doc, "win"), head) == ("", "")


@pytest.mark.skipif(not model_available(), reason="the attribution CRF artifact is not installed")
@pytest.mark.parametrize(("text", "content"), [
    ("Ukrainian commanders predicted a slow advance in Zaporizhzhia, which Russia has fortified for months.",
     "a slow advance in Zaporizhzhia"),
    ("The governor says the town is “effectively cut off” from the south, in a blow that officials said was expected.",
     "the town is “effectively cut off” from the south"),
])
def test_content_ends_before_a_trailing_clause(nlp, text, content):
    first = extract_attributions(nlp(text))[0]
    assert text[first.content_start:first.content_end] == content


@pytest.mark.skipif(not model_available(), reason="the attribution CRF artifact is not installed")
def test_a_person_shown_is_not_something_said_but_a_person_described_is(nlp):
    # the linker now carries the content past the pronoun ("her after she had been wounded …"):
    # the combination still refuses it, as the ledger refused "the footage showed him"
    shown = "The video showed her after she had been wounded in the shelling near Bakhmut."
    assert [a.cue for a in extract_attributions(nlp(shown), method="model")] == ["showed"]
    assert extract_attributions(nlp(shown)) == []
    described = "Local officials described him as a deserter who had fled the front."
    (att,) = extract_attributions(nlp(described))
    assert att.source.text == "Local officials" and att.cue == "described"
    assert described[att.content_start:att.content_end] == "him as a deserter who had fled the front"


@pytest.mark.skipif(not model_available(), reason="the attribution CRF artifact is not installed")
def test_you_misparsed_as_a_speaker_is_no_source_and_a_chain_never_passes_its_speaker_twice(nlp):
    # FNC-1 train body 14: the tagger read "thank you notes to" as a cue with "you" as its source,
    # which then chained "Islamic State loyalists ← you ← Islamic State loyalists"
    text = ("On Tuesday, though, Islamic State loyalists on social media posted sarcastic thank you notes "
            'to the United States, including one image that said "Team USA."')
    atts = extract_attributions(nlp(text))
    assert [a.source.text for a in atts] == ["Islamic State loyalists on social media", "one image"]
    for att in atts:
        chain = [att.source.start] + [v.start for v in att.via]
        assert len(chain) == len(set(chain))
    quoted = '"Thank you for nothing," you said to the minister, according to the transcript.'
    assert any(a.source.text == "you" for a in extract_attributions(nlp(quoted)))


def test_error_analysis_names_the_kind_of_a_source_miss():
    from benchmarks.attribution_errors import source_kind

    text = ("Their claims would appear to correspond with those of the Britain-based Syrian Observatory for "
            "Human Rights, which said the militants had seized at least one cache.")
    sentence = (0, len(text))
    gold = (text.index("the Britain"), text.index(", which"))
    assert source_kind(text, gold, gold, sentence) == "exact"
    assert source_kind(text, gold, (text.index("those of"), gold[1]), sentence) == "those of"
    assert source_kind(text, gold, (gold[0], text.index(" the militants")), sentence) == "longer: relative clause"
    assert source_kind(text, gold, (0, text.index(" would")), sentence) == "other candidate"
    assert source_kind(text, gold, None, sentence) == "predicted none"
    assert source_kind(text, gold, (0, 5), (gold[1] + 2, len(text))) == "out of sentence"


def test_token_table_reads_what_spacy_tokens_say(express_doc):
    """The CRFs' token table is read from one array of the parse: every word, lemma, tag,
    relation, head and dependent matches spaCy's own tokens, also when only some sentences are
    filled (the rest stay empty)."""
    doc = express_doc
    sents = list(doc.sents)
    kept = sents[1::2]
    tt = TokenTable(doc, kept)
    filled = {t.i for s in kept for t in s}
    for t in doc:
        i = t.i
        if i not in filled:
            assert tt.lower[i] == "" and tt.head[i] == i and not tt.child_deps[i]
            continue
        assert (tt.lower[i], tt.lemma[i], tt.pos[i], tt.tag[i]) == (t.lower_, t.lemma_.lower(), t.pos_, t.tag_)
        assert (tt.dep[i], tt.shape[i], tt.ent[i], tt.head[i]) == (t.dep_, t.shape_[:4], t.ent_type_, t.head.i)
        assert tt.child_deps[i] == {c.dep_ for c in t.children}
        assert tt.sent_start[i] == bool(t.is_sent_start)
    assert any(tt.ent[i] for i in filled) and any(tt.sent_start[i] for i in filled)
