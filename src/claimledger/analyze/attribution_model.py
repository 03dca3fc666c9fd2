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

import bisect
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimledger.analyze.attribution_lexicon import cue_classes
from claimledger.analyze.attribution_quotes import doc_text, find_quotes
from claimledger.paths import MODELS_DIR

MODEL_PATH = MODELS_DIR / "attribution_crf.crfsuite"
ROLE_TAGS = ("SRC", "CUE", "CON")
_ANCESTOR_DEPTH = 6
CUE_THRESHOLD = 0.3  # chosen on the tune part of PolNeAR train


@dataclass
class ModelAttribution:
    cue: tuple[int, int]  # token ranges
    source: tuple[int, int] | None
    content: list[tuple[int, int]] = field(default_factory=list)

    def content_range(self) -> tuple[int, int]:
        return min(s for s, _ in self.content), max(e for _, e in self.content)


# --- features -------------------------------------------------------------------------------
def quote_flags(doc: Doc) -> list[str]:
    """Per token: 'D' inside a double quotation, 'S' inside a single one, '' outside."""
    flags = [""] * len(doc)
    starts = [t.idx for t in doc]
    for q in find_quotes(doc_text(doc)):
        lo = bisect.bisect_left(starts, q.start)
        hi = bisect.bisect_left(starts, q.end)
        mark = "D" if q.double else "S"
        for i in range(lo, hi):
            if not flags[i]:
                flags[i] = mark
    return flags


def _cue_ancestor(tok: Token, cues: dict[str, str]) -> tuple[str, str, str]:
    """The nearest ancestor that is a cue verb or "according": (its lemma, the dependency of
    the branch the token hangs on, the side), or empties."""
    child = tok
    node = tok.head
    for _ in range(_ANCESTOR_DEPTH):
        if node.i == child.i:
            break
        lemma = node.lemma_.lower()
        if lemma in cues or node.lower_ == "according":
            return lemma, child.dep_, "L" if tok.i < node.i else "R"
        child, node = node, node.head
    return "", "", ""


def _token_base(tok: Token, cues: dict[str, str]) -> list[str]:
    lemma = tok.lemma_.lower()
    head = tok.head
    feats = [
        "w=" + tok.lower_, "l=" + lemma, "p=" + tok.pos_, "t=" + tok.tag_, "d=" + tok.dep_,
        "sh=" + tok.shape_[:4], "ent=" + tok.ent_type_, "hl=" + head.lemma_.lower(), "hp=" + head.pos_,
        "hd=" + head.dep_, "dhl=" + tok.dep_ + "|" + head.lemma_.lower(),
        "dir=" + ("L" if tok.i < head.i else "R" if tok.i > head.i else "0"),
    ]
    if lemma in cues:
        feats.append("cue=" + cues[lemma])
    if head.lemma_.lower() in cues:
        feats.append("hcue=" + tok.dep_)
    anc, branch, side = _cue_ancestor(tok, cues)
    if anc:
        feats += ["acue=" + branch, "acues=" + branch + side, "acuel=" + anc + "|" + branch]
    if tok.is_sent_start:
        feats.append("BOS")
    return feats


def sentence_features(doc: Doc, sent: Span, flags: list[str], cues: dict[str, str]) -> list[list[str]]:
    """CRF attributes of every token of ``sent``."""
    base = [_token_base(t, cues) for t in sent]
    words = [t.lower_ for t in sent]
    pos = [t.pos_ for t in sent]
    deps = [t.dep_ for t in sent]
    n = len(base)
    has_cue = any(f.startswith("cue=") for fs in base for f in fs)
    out = []
    for k, feats in enumerate(base):
        row = list(feats)
        row.append("q=" + flags[sent.start + k])
        for off in (-2, -1, 1, 2):
            j = k + off
            if 0 <= j < n:
                row += [f"w{off}={words[j]}", f"p{off}={pos[j]}", f"d{off}={deps[j]}"]
            else:
                row.append(f"pad{off}")
        row.append("scue=" + str(has_cue))
        if k == n - 1:
            row.append("EOS")
        out.append(row)
    return out


def doc_features(doc: Doc) -> list[tuple[Span, list[list[str]]]]:
    cues = _feature_cues()
    flags = quote_flags(doc)
    return [(s, sentence_features(doc, s, flags, cues)) for s in doc.sents]


@lru_cache(maxsize=1)
def _feature_cues() -> dict[str, str]:
    return dict(cue_classes())


# --- tagging and decoding -------------------------------------------------------------------
@lru_cache(maxsize=1)
def _tagger():
    import pycrfsuite

    if not MODEL_PATH.exists():
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(MODEL_PATH))
    return tagger


def model_available() -> bool:
    return _tagger() is not None


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
    elif found and found[-1].content and "\n" not in doc[found[-1].content_range()[1]:orphans[0][0]].text:
        found[-1].content.extend(orphans)  # the same paragraph: the quotation goes on


def _extra_cues(tagger, tags: list[str], offset: int, threshold: float) -> list[tuple[int, int]]:
    """Tokens the tagger left outside a cue but gives a cue start probability of at least
    ``threshold`` (nested attributions, rarer cue words): recall the single layer lacks."""
    out = []
    for k, tag in enumerate(tags):
        if not tag.endswith("CUE") and tagger.marginal("B-CUE", k) >= threshold:
            out.append((offset + k, offset + k + 1))
    return out


def _linked(doc: Doc, sent: Span, cues: list[tuple[int, int]], flags: list[str]) -> list[ModelAttribution]:
    """Each cue's source and content from the per-cue linker."""
    from claimledger.analyze.attribution_link import link_spans

    atts = []
    for cue in cues:
        att = ModelAttribution(cue, None)
        for role, a, b in link_spans(doc, sent, cue, flags):
            if role == "SRC" and (att.source is None or b - a > att.source[1] - att.source[0]):
                att.source = (a, b)
            elif role == "CON":
                att.content.append((a, b))
        atts.append(att)
    return atts


def tag_attributions(doc: Doc, *, cue_threshold: float | None = None) -> list[ModelAttribution]:
    """Attributions the model reads in ``doc`` (token ranges), in text order; ones without
    content are dropped."""
    from claimledger.analyze.attribution_link import link_available

    tagger = _tagger()
    if tagger is None:
        return []
    threshold = CUE_THRESHOLD if cue_threshold is None else cue_threshold
    linking = link_available()
    flags = quote_flags(doc)
    cues_lexicon = _feature_cues()
    found: list[ModelAttribution] = []
    pending: list[tuple[int, int]] = []  # content of the previous sentence, which had no cue
    for sent in doc.sents:
        feats = sentence_features(doc, sent, flags, cues_lexicon)
        if not feats:
            continue
        tags = tagger.tag(feats)
        spans = _spans(tags, sent.start)
        atts, orphans = _decode_sentence(doc, spans)
        if linking:
            cues = [a.cue for a in atts] + [_with_auxiliaries(doc, c) for c in _extra_cues(tagger, tags, sent.start, threshold)]
            atts = _linked(doc, sent, sorted(set(cues)), flags)
            orphans = orphans if not atts else []
        _place_orphans(doc, found, pending, atts)
        found += atts
        pending = orphans
    _place_orphans(doc, found, pending, [])
    return [a for a in found if a.content]
