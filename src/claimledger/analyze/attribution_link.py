"""Second stage of the learned attribution reader: given one cue, a CRF (python-crfsuite) tags
its source and content in the cue's sentence (BIO over SRC / CON), trained on PolNeAR train by
``training/train_attribution_crf.py`` (artifact ``models/attribution_link.crfsuite``).

Tagging once per cue, with features relative to that cue — which side of it a token lies on,
how far, the dependency branch under the cue's head that holds it, or whether the token governs
the cue — lets nested and neighbouring attributions each find their own spans, which a single
tag layer per sentence cannot.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from claimledger.paths import MODELS_DIR

LINK_PATH = MODELS_DIR / "attribution_link.crfsuite"
_DEPTH = 8


def _bucket(d: int) -> str:
    return "1" if d <= 1 else "2" if d == 2 else "3-5" if d <= 5 else "6-10" if d <= 10 else "far"


def cue_head(doc: Doc, cue: tuple[int, int]) -> Token:
    for tok in doc[cue[0]:cue[1]]:
        if not cue[0] <= tok.head.i < cue[1] or tok.head.i == tok.i:
            return tok
    return doc[cue[0]]


def _branch(tok: Token, head: Token) -> str:
    """The dependency under ``head`` on the path from ``tok`` up to it; 'GOV' when ``tok``
    governs the cue; '' when neither."""
    node = tok
    for _ in range(_DEPTH):
        if node.head.i == head.i and node.i != head.i:
            return node.dep_
        if node.head.i == node.i:
            break
        node = node.head
    anc = head
    for _ in range(_DEPTH):
        if anc.head.i == anc.i:
            break
        anc = anc.head
        if anc.i == tok.i:
            return "GOV"
    return ""


def link_features(doc: Doc, sent: Span, cue: tuple[int, int], flags: list[str]) -> list[list[str]]:
    """CRF attributes of each token of ``sent`` with respect to the cue ``cue`` (token range)."""
    head = cue_head(doc, cue)
    lemma = head.lemma_.lower()
    rows = []
    branches = [_branch(t, head) if not cue[0] <= t.i < cue[1] else "CUE" for t in sent]
    for k, tok in enumerate(sent):
        if cue[0] <= tok.i < cue[1]:
            side, dist = "C", 0
        elif tok.i < cue[0]:
            side, dist = "L", cue[0] - tok.i
        else:
            side, dist = "R", tok.i - cue[1] + 1
        br = branches[k]
        row = ["w=" + tok.lower_, "p=" + tok.pos_, "d=" + tok.dep_, "ent=" + tok.ent_type_,
               "q=" + flags[tok.i], "side=" + side, "dist=" + side + _bucket(dist), "br=" + br + side,
               "cl=" + lemma, "clbr=" + lemma + "|" + br, "hd=" + head.dep_ + "|" + br,
               "sh=" + tok.shape_[:4]]
        for off in (-1, 1):
            j = k + off
            if 0 <= j < len(sent):
                row += [f"br{off}={branches[j]}", f"w{off}={sent[j].lower_}", f"p{off}={sent[j].pos_}"]
        if tok.is_sent_start:
            row.append("BOS")
        rows.append(row)
    return rows


@lru_cache(maxsize=1)
def _linker():
    import pycrfsuite

    if not LINK_PATH.exists():
        return None
    tagger = pycrfsuite.Tagger()
    tagger.open(str(LINK_PATH))
    return tagger


def link_available() -> bool:
    return _linker() is not None


def link_spans(doc: Doc, sent: Span, cue: tuple[int, int], flags: list[str]) -> list[tuple[str, int, int]]:
    """(role, start, end) token spans of the cue's source (SRC) and content (CON) in ``sent``."""
    tags = _linker().tag(link_features(doc, sent, cue, flags))
    out: list[tuple[str, int, int]] = []
    for k, tag in enumerate(tags):
        if tag == "O":
            continue
        bio, role = tag.split("-", 1)
        i = sent.start + k
        if bio == "B" or not out or out[-1][0] != role or out[-1][2] != i:
            out.append((role, i, i + 1))
        else:
            out[-1] = (role, out[-1][1], i + 1)
    return out
