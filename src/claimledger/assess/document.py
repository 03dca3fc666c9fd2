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

from collections.abc import Sequence

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


def _overstatement(pairs: Sequence[tuple[Cleaned, Analysis]]) -> None:
    """The headline checks of every document (its headline, and each live-blog entry's), the
    stance model called once for them all."""
    from claimledger.assess.overstatement import headline_overstatements

    checks: list[tuple[Analysis, str | None, str, list[dict]]] = []  # (analysis, entry or None, headline, body)
    for cleaned, analysis in pairs:
        text = cleaned.document.text
        segments = cleaned.segments
        headline = next((s for s in segments if s.kind == "headline"), None)
        liveblog = cleaned.document.kind == "liveblog"
        if headline is not None:
            # a live blog's headline speaks for its first entry; an article's for the whole body
            body = _claims_under(analysis, segments, 0 if liveblog else None)
            if body:
                checks.append((analysis, None, text[headline.start:headline.end], body))
        for seg in segments:
            if seg.kind == "entry_headline":
                body = _claims_under(analysis, segments, seg.entry)
                if body:
                    checks.append((analysis, str(seg.entry), text[seg.start:seg.end], body))
    results = headline_overstatements([(headline, body) for _, _, headline, body in checks])
    for (analysis, entry, _, _), result in zip(checks, results):
        if entry is None:
            analysis.assessments["overstatement"] = result
        else:
            analysis.assessments.setdefault("entry_overstatement", {})[entry] = result


def assess_document(cleaned: Cleaned, analysis: Analysis) -> Analysis:
    """Apply the trained models to one document's analysis (in place; also returned)."""
    return assess_documents([(cleaned, analysis)])[0]


def assess_documents(pairs: Sequence[tuple[Cleaned, Analysis]]) -> list[Analysis]:
    """``assess_document`` over many documents, each model called once for all of them
    (its per-call cost paid once; every text is still scored on its own)."""
    from claimledger.assess.checkworthy import checkworthiness
    from claimledger.assess.propaganda import loaded_language_many
    from claimledger.assess.toxicity import toxicity

    claims = [c for _, analysis in pairs for c in analysis.claims]
    for claim, score in zip(claims, checkworthiness([c.text for c in claims])):
        claim.checkworthiness = score

    comments = [(a, cleaned.document.text, s) for cleaned, a in pairs for s in cleaned.segments if s.kind == "comment"]
    for (analysis, _, seg), score in zip(comments, toxicity([text[s.start:s.end] for _, text, s in comments])):
        analysis.assessments.setdefault("comments", {})[str(seg.order)] = dict(
            score, start=seg.start + score["start"], end=seg.start + score["end"])

    body = [(a, cleaned.document.text, s) for cleaned, a in pairs for s in cleaned.segments if s.kind in BODY_KINDS]
    for _, analysis in pairs:
        analysis.assessments["loaded_language"] = []
    for (analysis, text, seg), spans in zip(body, loaded_language_many([text[s.start:s.end] for _, text, s in body])):
        analysis.assessments["loaded_language"] += [
            dict(span, start=seg.start + span["start"], end=seg.start + span["end"],
                 text=text[seg.start + span["start"]:seg.start + span["end"]]) for span in spans]

    _overstatement(pairs)
    return [analysis for _, analysis in pairs]
