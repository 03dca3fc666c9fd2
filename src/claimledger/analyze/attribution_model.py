"""Learned attribution tagger: a linear-chain CRF (python-crfsuite) that labels every token of a
sentence as source, cue or content (BIO), trained on PolNeAR train by
``training/train_attribution_crf.py`` (artifact ``models/attribution_crf.crfsuite``).

PolNeAR gives each token at most one role, so an attribution layer is a tag sequence.  The
features are the token's words and morphology, its neighbours, its dependency relation and head,
the nearest cue-like ancestor with the branch it hangs on (subject, complement, object …) and
whether it lies in a quotation.  ``tag_attributions(doc)`` turns the tags into
``ModelAttribution`` spans: each source and content span joins the nearest cue of its sentence;
a sentence holding only content continues the previous sentence's attribution.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from claimledger.analyze.attribution_crf import FastCRF
from claimledger.analyze.attribution_features import TokenTable, feature_cues, open_tagger, sentence_scores
from claimledger.analyze.attribution_link import link_available, link_many
from claimledger.analyze.attribution_quotes import Quote
from claimledger.paths import MODELS_DIR

MODEL_PATH = MODELS_DIR / "attribution_crf.crfsuite"
ROLE_TAGS = ("SRC", "CUE", "CON")
# extra cues from the tagger's marginals: off (above 1); on the tune part of PolNeAR train
# thresholds 0.2 and 0.3 added recall but lost more precision
CUE_THRESHOLD = 1.1
# a cue the linker gives no content ("…, the poll found.", "As the Times noted, …") keeps the
# content (and, without a linked one, the source) the tagger gave it: on the tune part of PolNeAR
# train (fit-part CRFs) model 49.0 / 71.3 -> 49.2 / 71.7 all-spans exact / overlap, combined
# 48.6 / 70.5 -> 48.7 / 70.8; the tagger's source also for linked contents: 49.0 (not taken)
TAGGER_FALLBACK = True


@dataclass
class ModelAttribution:
    cue: tuple[int, int]  # token ranges
    source: tuple[int, int] | None
    content: list[tuple[int, int]] = field(default_factory=list)
    confidence: float = 1.0  # the tagger's marginal probability of its cue tags (lowest token)

    def content_range(self) -> tuple[int, int]:
        return min(s for s, _ in self.content), max(e for _, e in self.content)


# --- tagging and decoding -------------------------------------------------------------------
def model_available() -> bool:
    return open_tagger(MODEL_PATH) is not None


def _spans(tags: list[str], offset: int) -> list[tuple[str, int, int]]:
    """(role, start, end) token spans from BIO tags."""
    out: list[tuple[str, int, int]] = []
    for k, tag in enumerate(tags):
        if tag == "O":
            continue
        bio, role = tag.split("-", 1)
        if bio == "B" or not out or out[-1][0] != role or out[-1][2] != offset + k:
            out.append((role, offset + k, offset + k + 1))
        else:
            out[-1] = (role, out[-1][1], offset + k + 1)
    return out


def _nearest(cues: list[ModelAttribution], start: int, end: int) -> ModelAttribution:
    def distance(att: ModelAttribution) -> int:
        a, b = att.cue
        return a - end if end <= a else start - b if start >= b else 0
    return min(cues, key=distance)


def _with_auxiliaries(doc: Doc, cue: tuple[int, int]) -> tuple[int, int]:
    """PolNeAR cues hold the verb's auxiliaries and negation ("has not said"): grow the span
    left to them when only a few words lie between."""
    start = cue[0]
    for tok in doc[cue[0]:cue[1]]:
        if tok.pos_ not in ("VERB", "AUX"):
            continue
        for child in tok.children:
            if child.dep_ in ("aux", "auxpass", "neg") and cue[0] - 4 <= child.i < start:
                start = child.i
        break
    return start, cue[1]


def _decode_sentence(doc: Doc, spans: list[tuple[str, int, int]]) -> tuple[list[ModelAttribution], list[tuple[int, int]]]:
    """The sentence's attributions, and its content spans when it has no cue (orphans)."""
    atts = [ModelAttribution(_with_auxiliaries(doc, (a, b)), None) for role, a, b in spans if role == "CUE"]
    orphans: list[tuple[int, int]] = []
    for role, a, b in spans:
        if role == "CUE":
            continue
        if not atts:
            if role == "CON":
                orphans.append((a, b))
            continue
        att = _nearest(atts, a, b)
        if role == "SRC":
            if att.source is None or b - a > att.source[1] - att.source[0]:
                att.source = (a, b)
        else:
            att.content.append((a, b))
    return atts, orphans


def _place_orphans(doc: Doc, found: list[ModelAttribution], orphans: list[tuple[int, int]],
                   following: list[ModelAttribution]) -> None:
    """Content of a sentence without a cue: the quotation before "…,” he said." when the next
    sentence's cue has no content, else the continuation of the previous attribution."""
    if not orphans:
        return
    bare = [a for a in following if not a.content]
    if bare:
        bare[0].content.extend(orphans)
    elif found and found[-1].content and _next_sentence(doc, found[-1].content_range()[1], orphans[0][0]):
        found[-1].content.extend(orphans)  # the quotation goes on


def _next_sentence(doc: Doc, end: int, start: int) -> bool:
    """Whether token ``start`` lies in the paragraph and the sentence right after (or in the sentence of)
    the content ending before token ``end``: a content many sentences back does not go on (ECB+'s pages
    run as one paragraph: "Kennedy denied charges of …" had taken in the game report two sentences on)."""
    if "\n" in doc[end:start].text:
        return False
    return doc[start].sent.start <= doc[end - 1].sent.end


def _extra_cues(tagger: FastCRF, tags: list[str], offset: int, threshold: float) -> list[tuple[int, int]]:
    """Tokens the tagger left outside a cue but gives a cue start probability of at least
    ``threshold`` (nested attributions, rarer cue words): recall the single layer lacks."""
    out = []
    for k, tag in enumerate(tags):
        if not tag.endswith("CUE") and tagger.marginal("B-CUE", k) >= threshold:
            out.append((offset + k, offset + k + 1))
    return out


def _marginals(tagger: FastCRF, tags: list[str]) -> dict[int, float]:
    """The marginal probability of each cue tag the tagger gave (on its current sequence)."""
    return {k: tagger.marginal(tag, k) for k, tag in enumerate(tags) if tag.endswith("CUE")}


def _set_confidence(marginals: dict[int, float], tags: list[str], offset: int, atts: list[ModelAttribution]) -> None:
    """Each cue's confidence: the lowest marginal probability of the cue tags on its tokens."""
    for att in atts:
        probs = [marginals[i - offset] for i in range(*att.cue)
                 if 0 <= i - offset < len(tags) and tags[i - offset].endswith("CUE")]
        att.confidence = min(probs) if probs else 0.0


def _linked(cues: list[tuple[int, int]], links: list[list[tuple[str, int, int]]]) -> list[ModelAttribution]:
    """Each cue's source and content from the per-cue linker's spans."""
    atts = []
    for cue, spans in zip(cues, links):
        att = ModelAttribution(cue, None)
        for role, a, b in spans:
            if role == "SRC" and (att.source is None or b - a > att.source[1] - att.source[0]):
                att.source = (a, b)
            elif role == "CON":
                att.content.append((a, b))
        atts.append(att)
    return atts


@dataclass
class _Tagged:
    """One sentence after the tagger: its tags, attributions, orphan contents, the cues to
    link and the marginals of its cue tags."""
    sent: Span
    tags: list[str]
    atts: list[ModelAttribution]
    orphans: list[tuple[int, int]]
    cues: list[tuple[int, int]]
    marginals: dict[int, float]


def tag_attributions(doc: Doc, *, cue_threshold: float | None = None, only: set[int] | None = None,
                     quotes: list[Quote] | None = None) -> list[ModelAttribution]:
    """Attributions the model reads in ``doc`` (token ranges), in text order; ones without
    content are dropped.  ``only``: tag just the sentences starting at these token indexes;
    ``quotes``: the document's quotations when already found."""
    tagger = open_tagger(MODEL_PATH)
    if tagger is None:
        return []
    threshold = CUE_THRESHOLD if cue_threshold is None else cue_threshold
    linking = link_available()
    sents = [s for s in doc.sents if (only is None or s.start in only) and s.end > s.start]
    tt = TokenTable(doc, sents, quotes)
    # every sentence tagged at once (state scores, then Viterbi), the features looked up per
    # distinct string; the marginals only where a cue tag needs them
    scores = sentence_scores(tagger, tt, [(s.start, s.end) for s in sents], feature_cues())
    lengths = [s.end - s.start for s in sents]
    tagged: dict[int, _Tagged] = {}
    at = 0
    for sent, tags in zip(sents, tagger.viterbi(scores, lengths) if sents else []):
        atts, orphans = _decode_sentence(doc, _spans(tags, sent.start))
        marginals: dict[int, float] = {}
        extra: list[tuple[int, int]] = []
        if any(t.endswith("CUE") for t in tags) or (linking and threshold <= 1):
            tagger.set_scores(scores[at:at + len(tags)])
            marginals = _marginals(tagger, tags)
            if linking and threshold <= 1:
                extra = [_with_auxiliaries(doc, c) for c in _extra_cues(tagger, tags, sent.start, threshold)]
        at += len(tags)
        tagged[sent.start] = _Tagged(sent, tags, atts, orphans, sorted(set([a.cue for a in atts] + extra)), marginals)
    # every cue of the document linked at once
    calls = [(t.sent.start, t.sent.end, cue) for t in tagged.values() for cue in t.cues] if linking else []
    links = iter(link_many(tt, calls))
    found: list[ModelAttribution] = []
    pending: list[tuple[int, int]] = []  # content of the previous sentence, which had no cue
    for sent in doc.sents:
        if only is not None and sent.start not in only:
            pending = []
            continue
        t = tagged.get(sent.start)
        if t is None:
            continue
        atts, orphans = t.atts, t.orphans
        if linking:
            own = {a.cue: a for a in atts}
            atts = _linked(t.cues, [next(links) for _ in t.cues])
            if TAGGER_FALLBACK:
                for att in atts:  # a cue the linker gives no content: the tagger's own spans
                    mine = own.get(att.cue)
                    if not att.content and mine is not None and mine.content:
                        att.content = list(mine.content)
                        att.source = att.source or mine.source
            orphans = orphans if not atts else []
        _set_confidence(t.marginals, t.tags, sent.start, atts)
        _place_orphans(doc, found, pending, atts)
        found += atts
        pending = orphans
    _place_orphans(doc, found, pending, [])
    return [a for a in found if a.content]
