"""The attribution CRFs' sentence filter (a learned cue lexicon) and the linker's clause features,
on real news sentences and the samples."""

from __future__ import annotations

import pytest

from claimledger.analyze import attribution_model
from claimledger.analyze.attribution import extract_attributions
from claimledger.analyze.attribution_cue_share import cue_shares, may_attribute
from claimledger.analyze.attribution_features import TokenTable
from claimledger.analyze.attribution_link import _clause_path, _commas_between, cue_head
from claimledger.analyze.attribution_model import model_available

needs_lexicon = pytest.mark.skipif(not cue_shares(), reason="the learned cue lexicon is not installed")


def _keep(nlp, text: str) -> list[bool]:
    doc = nlp(text)
    sents = list(doc.sents)
    return may_attribute(doc, sents, cue_shares())


@needs_lexicon
def test_learned_lexicon_ranks_speech_verbs_over_light_verbs():
    shares = cue_shares()
    assert shares["say"] > 0.5 and shares["accord"] > 0.5  # "said", "according to"
    assert shares.get("be", 0.0) < 0.05 and shares.get("have", 0.0) < 0.05


@needs_lexicon
def test_filter_keeps_reporting_quoted_and_colon_sentences_and_skips_narration(nlp):
    text = ("The bridge over the Dnipro was built in 1952. The governor said 12 people were killed. "
            "“We will rebuild,” he wrote. Casualties: 12 dead and 30 wounded. The trains run twice a day.")
    assert _keep(nlp, text) == [False, True, True, True, False]


@needs_lexicon
@pytest.mark.skipif(not model_available(), reason="the attribution CRF artifact is not installed")
@pytest.mark.parametrize("sample_doc", ["telegraph_doc", "express_doc"])
def test_filter_changes_no_attribution_of_the_samples(sample_doc, request, monkeypatch):
    doc = request.getfixturevalue(sample_doc)

    def records():
        return [(a.source.text, a.cue, a.content_start, a.content_end) for a in extract_attributions(doc)]

    filtered = records()
    monkeypatch.setattr(attribution_model, "SENTENCE_FILTER", False)
    assert filtered == records() and filtered


def test_linker_sees_commas_and_a_trailing_relative_clause(nlp):
    doc = nlp("Cruz predicted a win in Texas, which votes on March 1, and Rubio agreed.")
    tt = TokenTable(doc)
    said = next(t.i for t in doc if t.text == "predicted")
    cue = (said, said + 1)
    commas = _commas_between(tt, 0, len(doc), cue)
    votes = next(t.i for t in doc if t.text == "votes")
    agreed = next(t.i for t in doc if t.text == "agreed")
    assert commas[votes] == 1 and commas[agreed] == 2 and commas[said + 1] == 0
    head = cue_head(tt.head, cue)
    # "which votes …" hangs from "Texas" as a relative clause inside the object
    assert _clause_path(tt, votes, head)[1] == "relcl"
    assert _clause_path(tt, next(t.i for t in doc if t.text == "win"), head) == ("", "")
