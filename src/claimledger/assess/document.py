"""The assess stage over one analysed document: every trained model applied in place.

``assess_document(cleaned, analysis)`` fills, on the ``Analysis`` it is given:

- ``Claim.checkworthiness`` for every claim (check-worthiness model);
- ``assessments["comments"]``: toxicity per reader-comment segment (keyed by segment order);
- ``assessments["loaded_language"]``: propaganda spans over reporting segments, offsets into
  ``Document.text``;
- ``assessments["overstatement"]``: whether the headline asserts what the body only hedges,
  attributes or disputes (and ``assessments["entry_overstatement"]`` per live-blog entry).

Sentence hedging is not here: the hedge model feeds the analysis stage's certainty levels
directly (``hedge_scorer`` of ``analyze_documents``), so it changes them rather than sitting
beside them.
"""

from __future__ import annotations

from claimledger.records import BODY_KINDS, Analysis, Cleaned, Segment


def speculation_scores(sentences: list[str]) -> list[float]:
    """The hedge model's speculation sense (BioScope-trained) for the certainty stage.

    Its Wikipedia "weasel" sense fires on plain news wording ("some soldiers", "particularly",
    "than expected") and wrongly hedged 8 of 11 sentences it raised on the two samples;
    the speculation sense fires on "may", "appears to", "suggest", "probably" and not on those.
    """
    from claimledger.assess.hedge import predict_uncertain_proba

    return predict_uncertain_proba(sentences, domain="bio")


def _claims_under(analysis: Analysis, segments: list[Segment], entry: int | None) -> list[dict]:
    """Claims of the body (or of one live-blog entry) as the overstatement check reads them."""
    allowed = {s.order for s in segments if s.kind in BODY_KINDS and (entry is None or s.entry == entry)}
    return [
        {"text": c.text, "start": c.start, "end": c.end, "certainty": c.certainty,
         "cues": [cue.to_dict() for cue in c.cues]}
        for c in analysis.claims
        if c.segment in allowed
    ]


def _overstatement(cleaned: Cleaned, analysis: Analysis) -> None:
    from claimledger.assess.overstatement import headline_overstatement

    text = cleaned.document.text
    segments = cleaned.segments
    headline = next((s for s in segments if s.kind == "headline"), None)
    liveblog = cleaned.document.kind == "liveblog"
    if headline is not None:
        # a live blog's headline speaks for its first entry; an article's for the whole body
        body = _claims_under(analysis, segments, 0 if liveblog else None)
        if body:
            analysis.assessments["overstatement"] = headline_overstatement(text[headline.start:headline.end], body)
    entries = {}
    for seg in segments:
        if seg.kind == "entry_headline":
            body = _claims_under(analysis, segments, seg.entry)
            if body:
                entries[str(seg.entry)] = headline_overstatement(text[seg.start:seg.end], body)
    if entries:
        analysis.assessments["entry_overstatement"] = entries


def assess_document(cleaned: Cleaned, analysis: Analysis) -> Analysis:
    """Apply the trained models to one document's analysis (in place; also returned)."""
    from claimledger.assess.checkworthy import checkworthiness
    from claimledger.assess.propaganda import loaded_language
    from claimledger.assess.toxicity import toxicity

    text = cleaned.document.text
    if analysis.claims:
        for claim, score in zip(analysis.claims, checkworthiness([c.text for c in analysis.claims])):
            claim.checkworthiness = score

    comments = [s for s in cleaned.segments if s.kind == "comment"]
    if comments:
        scores = toxicity([text[s.start:s.end] for s in comments])
        analysis.assessments["comments"] = {
            str(seg.order): dict(score, start=seg.start + score["start"], end=seg.start + score["end"])
            for seg, score in zip(comments, scores)
        }

    loaded = []
    for seg in cleaned.segments:
        if seg.kind in BODY_KINDS:
            for span in loaded_language(text[seg.start:seg.end]):
                loaded.append(dict(span, start=seg.start + span["start"], end=seg.start + span["end"],
                                   text=text[seg.start + span["start"]:seg.start + span["end"]]))
    analysis.assessments["loaded_language"] = loaded

    _overstatement(cleaned, analysis)
    return analysis
