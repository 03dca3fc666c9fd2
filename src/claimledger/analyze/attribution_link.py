"""Second stage of the learned attribution reader: given one cue, a CRF (python-crfsuite) tags
its source and content in the cue's sentence (BIO over SRC / CON), trained on PolNeAR train by
``training/train_attribution_crf.py`` (artifact ``models/attribution_link.crfsuite``).

Tagging once per cue, with features relative to that cue — which side of it a token lies on,
how far, the dependency branch under the cue's head that holds it, or whether the token governs
the cue — lets nested and neighbouring attributions each find their own spans, which a single
tag layer per sentence cannot.
"""

from __future__ import annotations

from claimledger.analyze.attribution_features import TokenTable, open_tagger
from claimledger.paths import MODELS_DIR

LINK_PATH = MODELS_DIR / "attribution_link.crfsuite"
_DEPTH = 8


def _bucket(d: int) -> str:
    return "1" if d <= 1 else "2" if d == 2 else "3-5" if d <= 5 else "6-10" if d <= 10 else "far"


def cue_head(heads: list[int], cue: tuple[int, int]) -> int:
    """The cue token whose head lies outside the cue."""
    for i in range(*cue):
        if not cue[0] <= heads[i] < cue[1] or heads[i] == i:
            return i
    return cue[0]


def _ancestors(heads: list[int], i: int) -> list[int]:
    out = []
    for _ in range(_DEPTH):
        if heads[i] == i:
            break
        i = heads[i]
        out.append(i)
    return out


def _branch(tt: TokenTable, i: int, head: int, governors: set[int]) -> str:
    """The dependency under the cue head on the path from token ``i`` up to it; 'GOV' when
    the token governs the cue; '' when neither."""
    node = i
    for _ in range(_DEPTH):
        parent = tt.head[node]
        if parent == head and node != head:
            return tt.dep[node]
        if parent == node:
            break
        node = parent
    return "GOV" if i in governors else ""


# clause-level relations: a token under one of them, below the cue's argument, may lie in a
# trailing clause the content stops before (", which votes on March 1", "and proposed …")
_CLAUSES = frozenset({"relcl", "advcl", "conj", "acl", "appos", "parataxis", "prep", "cc", "npadvmod", "ccomp", "xcomp"})


def _clause_path(tt: TokenTable, i: int, head: int) -> tuple[str, str]:
    """(the highest, the lowest) clause-level relation on the path from token ``i`` up to the
    cue head's child it hangs from; empties when none or not under the cue head."""
    found: list[str] = []
    node = i
    for _ in range(_DEPTH):
        parent = tt.head[node]
        if parent == head:
            return (found[-1], found[0]) if found else ("", "")
        if parent == node:
            break
        if tt.dep[node] in _CLAUSES:
            found.append(tt.dep[node])
        node = parent
    return "", ""


def _commas_between(tt: TokenTable, start: int, end: int, cue: tuple[int, int]) -> list[int]:
    """Per token of the sentence: the commas between it and the cue (a content seldom runs on
    past a second one)."""
    out = [0] * (end - start)
    seen = 0
    for i in range(cue[0] - 1, start - 1, -1):
        out[i - start] = seen
        seen += tt.lower[i] == ","
    seen = 0
    for i in range(cue[1], end):
        out[i - start] = seen
        seen += tt.lower[i] == ","
    return out


def _token_parts(tt: TokenTable, start: int, end: int) -> list[tuple[list[str], list[str], str]]:
    """The features of each token of the sentence that no cue changes (its words, relations,
    quotation and dependents), built once per sentence however many cues it holds."""
    key = (start, end)
    parts = tt.cache.get(key)
    if parts is None:
        lower, pos, dep, head = tt.lower, tt.pos, tt.dep, tt.head
        parts = [(["w=" + lower[i], "p=" + pos[i], "d=" + dep[i], "ent=" + tt.ent[i], "q=" + tt.flags[i]],
                  ["sh=" + tt.shape[i], "l=" + tt.lemma[i], "t=" + tt.tag[i]],
                  "hdi=" + dep[head[i]] + "|" + dep[i]) for i in range(start, end)]
        tt.cache[key] = parts
    return parts


def link_features(tt: TokenTable, start: int, end: int, cue: tuple[int, int]) -> list[list[str]]:
    """CRF attributes of each token of the sentence ``[start, end)`` with respect to the cue
    ``cue`` (token range)."""
    head = cue_head(tt.head, cue)
    lemma = tt.lemma[head]
    governors = set(_ancestors(tt.head, head))
    branches = ["CUE" if cue[0] <= i < cue[1] else _branch(tt, i, head, governors) for i in range(start, end)]
    commas = _commas_between(tt, start, end, cue)
    parts = _token_parts(tt, start, end)
    head_dep, head_flag = tt.dep[head], "|" + tt.flags[head]
    n = end - start
    rows = []
    for k, i in enumerate(range(start, end)):
        if cue[0] <= i < cue[1]:
            side, dist = "C", 0
        elif i < cue[0]:
            side, dist = "L", cue[0] - i
        else:
            side, dist = "R", i - cue[1] + 1
        br = branches[k]
        own, more, hdi = parts[k]
        # where a content ends: the token's words and relations, the cue's quotation, the
        # commas and clause relations between it and the cue
        row = [*own, "side=" + side, "dist=" + side + _bucket(dist), "br=" + br + side,
               "cl=" + lemma, "clbr=" + lemma + "|" + br, "hd=" + head_dep + "|" + br, *more,
               "hl=" + tt.lemma[tt.head[i]] + "|" + br, "qc=" + tt.flags[i] + head_flag, *tt.child_feats[i],
               "cm=" + side + str(min(commas[k], 2)) + "|" + br, hdi]
        top, low = _clause_path(tt, i, head)
        if top:
            row += ["pct=" + br + "|" + top, "pcl=" + low, "pctl=" + top + "|" + low]
        if k >= 1:
            row += ["br-1=" + branches[k - 1], "w-1=" + tt.lower[i - 1], "p-1=" + tt.pos[i - 1]]
        if k + 1 < n:
            row += ["br1=" + branches[k + 1], "w1=" + tt.lower[i + 1], "p1=" + tt.pos[i + 1]]
        if tt.sent_start[i]:
            row.append("BOS")
        rows.append(row)
    return rows


def link_available() -> bool:
    return open_tagger(LINK_PATH) is not None


def link_spans(tt: TokenTable, start: int, end: int, cue: tuple[int, int]) -> list[tuple[str, int, int]]:
    """(role, start, end) token spans of the cue's source (SRC) and content (CON) in the
    sentence ``[start, end)``."""
    tags = open_tagger(LINK_PATH).tag(link_features(tt, start, end, cue))
    out: list[tuple[str, int, int]] = []
    for k, tag in enumerate(tags):
        if tag == "O":
            continue
        bio, role = tag.split("-", 1)
        i = start + k
        if bio == "B" or not out or out[-1][0] != role or out[-1][2] != i:
            out.append((role, i, i + 1))
        else:
            out[-1] = (role, out[-1][1], i + 1)
    return out
