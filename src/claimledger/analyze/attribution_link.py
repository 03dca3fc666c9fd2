"""Second stage of the learned attribution reader: given one cue, a CRF (python-crfsuite) tags
its source and content in the cue's sentence (BIO over SRC / CON), trained on PolNeAR train by
``training/train_attribution_crf.py`` (artifact ``models/attribution_link.crfsuite``).

Tagging once per cue, with features relative to that cue — which side of it a token lies on,
how far, the dependency branch under the cue's head that holds it, or whether the token governs
the cue — lets nested and neighbouring attributions each find their own spans, which a single
tag layer per sentence cannot.
"""

from __future__ import annotations

import numpy as np

from claimledger.analyze.attribution_crf import FastCRF
from claimledger.analyze.attribution_features import TokenTable, child_slots, open_tagger
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
    return link_many(tt, [(start, end, cue)])[0]


def link_many(tt: TokenTable, calls: list[tuple[int, int, tuple[int, int]]]) -> list[list[tuple[str, int, int]]]:
    """``link_spans`` of each (sentence start, sentence end, cue), tagged together."""
    if not calls:
        return []
    crf = open_tagger(LINK_PATH)
    scores = link_scores_many(crf, tt, calls)
    spans = []
    for (start, _, _), tags in zip(calls, crf.viterbi(scores, [end - start for start, end, _ in calls])):
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
        spans.append(out)
    return spans


# the linker's cue-free features of one column's string, by column (``_fixed_slots``)
_LINK_TEMPLATES = (("lower", ("w=", "w-1=", "w1=")), ("pos", ("p=", "p-1=", "p1=")), ("dep", ("d=",)), ("ent", ("ent=",)),
                   ("shape", ("sh=",)), ("lemma", ("l=",)), ("tag", ("t=",)))
_LINK_TEMPLATES_AT = {(prefix, name): j for name, prefixes in _LINK_TEMPLATES for j, prefix in enumerate(prefixes)}


def _fixed_slots(crf: FastCRF, tt: TokenTable) -> dict[str, np.ndarray]:
    """The linker's attributes of each token ``tt`` holds that no cue changes, as rows of
    ``crf`` (per position in ``tt.rows``; 0: none), looked up once per distinct string."""
    slots = tt.cache.get("link slots")
    if slots is not None:
        return slots
    get = crf.index.get
    rows = np.asarray(tt.rows, dtype=np.intp)
    m = len(rows)
    at = np.full(len(tt.head), -1, dtype=np.intp)
    at[rows] = np.arange(m)
    up = at[np.asarray(tt.head, dtype=np.intp)[rows]]

    table = {name: crf.text_ids(name, prefixes, tt.keys[name], tt.codes[name][0]) for name, prefixes in _LINK_TEMPLATES}

    def slot(prefix: str, name: str) -> np.ndarray:
        return table[name][:, _LINK_TEMPLATES_AT[prefix, name]][tt.codes[name][1]]

    flags = [tt.flags[i] for i in tt.rows]
    dep_texts, dep_code = tt.codes["dep"]
    pairs, pair_code = np.unique(dep_code[up] * len(dep_texts) + dep_code, return_inverse=True)
    hdi = np.array([get("hdi=" + dep_texts[c // len(dep_texts)] + "|" + dep_texts[c % len(dep_texts)], 0)
                    for c in pairs.tolist()], dtype=np.intp)[pair_code.ravel()]
    child, _ = child_slots(crf, tt)
    width = len(child)
    slots = {"w": slot("w=", "lower"), "p": slot("p=", "pos"), "d": slot("d=", "dep"), "ent": slot("ent=", "ent"),
             "q": np.array([get("q=" + f, 0) for f in flags], dtype=np.intp), "sh": slot("sh=", "shape"),
             "l": slot("l=", "lemma"), "t": slot("t=", "tag"), "hdi": hdi, "w-1": slot("w-1=", "lower"),
             "p-1": slot("p-1=", "pos"), "w1": slot("w1=", "lower"), "p1": slot("p1=", "pos"),
             "bos": np.where(np.asarray(tt.sent_start, dtype=bool)[rows], get("BOS", 0), 0), "at": at}
    slots.update({f"ch{c}": child[c] for c in range(width)})
    slots["width"] = np.array(width)
    tt.cache["link slots"] = slots
    return slots


def _cue_rows(crf: FastCRF, tt: TokenTable, start: int, end: int, cue: tuple[int, int]) -> tuple[np.ndarray, int]:
    """The cue-dependent attributes of each token of the sentence (rows of ``crf``, 13 x
    tokens, in the order ``link_scores_many`` places them) and the cue lemma's."""
    get = crf.index.get
    n = end - start
    head = cue_head(tt.head, cue)
    lemma = tt.lemma[head]
    governors = set(_ancestors(tt.head, head))
    branches = ["CUE" if cue[0] <= i < cue[1] else _branch(tt, i, head, governors) for i in range(start, end)]
    commas = _commas_between(tt, start, end, cue)
    head_dep, head_flag = tt.dep[head], "|" + tt.flags[head]
    # the features of a branch, once per distinct branch: clbr, hd, br-1 and br1 (the
    # neighbours'), br with each side
    by_branch = {br: (get("clbr=" + lemma + "|" + br, 0), get("hd=" + head_dep + "|" + br, 0), get("br-1=" + br, 0),
                      get("br1=" + br, 0), get("br=" + br + "C", 0), get("br=" + br + "L", 0), get("br=" + br + "R", 0))
                 for br in set(branches)}
    sides = {side: get("side=" + side, 0) for side in "CLR"}
    quoted: dict[str, int] = {}
    rows = []
    for k, i in enumerate(range(start, end)):
        if cue[0] <= i < cue[1]:
            side, dist, at = "C", 0, 4
        elif i < cue[0]:
            side, dist, at = "L", cue[0] - i, 5
        else:
            side, dist, at = "R", i - cue[1] + 1, 6
        br = branches[k]
        mine = by_branch[br]
        flag = tt.flags[i]
        qc = quoted.get(flag)
        if qc is None:
            qc = quoted[flag] = get("qc=" + flag + head_flag, 0)
        top, low = _clause_path(tt, i, head)
        rows.append((sides[side], get("dist=" + side + _bucket(dist), 0), mine[at], mine[0], mine[1],
                     get("hl=" + tt.lemma[tt.head[i]] + "|" + br, 0), qc,
                     get("cm=" + side + str(min(commas[k], 2)) + "|" + br, 0),
                     get("pct=" + br + "|" + top, 0) if top else 0, get("pcl=" + low, 0) if top else 0,
                     get("pctl=" + top + "|" + low, 0) if top else 0,
                     by_branch[branches[k - 1]][2] if k >= 1 else 0, by_branch[branches[k + 1]][3] if k + 1 < n else 0))
    return np.array(rows, dtype=np.intp).reshape(n, 13).T, get("cl=" + lemma, 0)


def link_scores(crf: FastCRF, tt: TokenTable, start: int, end: int, cue: tuple[int, int]) -> np.ndarray:
    """The linker's state scores (token x label) of the sentence ``[start, end)`` for ``cue``:
    ``crf.state_scores(link_features(tt, start, end, cue))`` to the last bit."""
    return link_scores_many(crf, tt, [(start, end, cue)])


def link_scores_many(crf: FastCRF, tt: TokenTable, calls: list[tuple[int, int, tuple[int, int]]]) -> np.ndarray:
    """``link_scores`` of each (sentence start, sentence end, cue), one after another: the
    cue-free features looked up once per document (``_fixed_slots``), the others per token and
    cue, and each feature a slot summed in ``link_features``' order (a zero row where a token
    lacks it)."""
    fixed = _fixed_slots(crf, tt)
    parts = [_cue_rows(crf, tt, start, end, cue) for start, end, cue in calls]
    var = np.concatenate([v for v, _ in parts], axis=1)
    sizes = np.array([end - start for start, end, _ in calls], dtype=np.intp)
    cl = np.repeat(np.array([c for _, c in parts], dtype=np.intp), sizes)
    k = np.arange(int(sizes.sum())) - np.repeat(np.cumsum(sizes) - sizes, sizes)  # index in the sentence
    pos = fixed["at"][np.repeat(np.array([start for start, _, _ in calls], dtype=np.intp), sizes)] + k
    first, last = k >= 1, k + 1 < np.repeat(sizes, sizes)
    before, after = np.maximum(pos - 1, 0), np.minimum(pos + 1, len(fixed["w1"]) - 1)
    slots = [fixed["w"][pos], fixed["p"][pos], fixed["d"][pos], fixed["ent"][pos], fixed["q"][pos],
             var[0], var[1], var[2], cl, var[3], var[4], fixed["sh"][pos], fixed["l"][pos], fixed["t"][pos],
             var[5], var[6], *(fixed[f"ch{c}"][pos] for c in range(int(fixed["width"]))), var[7], fixed["hdi"][pos],
             var[8], var[9], var[10],
             var[11], np.where(first, fixed["w-1"][before], 0), np.where(first, fixed["p-1"][before], 0),
             var[12], np.where(last, fixed["w1"][after], 0), np.where(last, fixed["p1"][after], 0),
             fixed["bos"][pos]]
    weights = crf.weights
    scores = weights[slots[0]]
    for slot in slots[1:]:
        scores += weights[slot]
    return scores
