"""Token features of the attribution CRFs (tagger and cue linker) and the opener of their artifacts:
the token's words and morphology, its neighbours, its dependency relation and head, the nearest
cue-like ancestor with the branch it hangs on, and whether it lies in a quotation."""

from __future__ import annotations

import bisect
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import numpy as np
from spacy.attrs import DEP, ENT_TYPE, HEAD, IDX, LEMMA, LOWER, POS, SENT_START, SHAPE, TAG
from spacy.tokens import Doc, Span

from claimledger.analyze.attribution_crf import FastCRF
from claimledger.analyze.attribution_lexicon import cue_classes
from claimledger.analyze.attribution_quotes import Quote, doc_text, find_quotes

_ANCESTOR_DEPTH = 6
_ATTRS = [LOWER, LEMMA, POS, TAG, DEP, SHAPE, ENT_TYPE, HEAD, SENT_START]
_MASK = (1 << 64) - 1  # string keys are unsigned; the int64 view of the array signs them
# spaCy string key -> string, remembered across documents (a StringStore look-up decodes each time)
_TEXTS: dict[int, str] = {}
_TEXTS_SIZE = 500_000
# the argument slots whose presence together marks a reporting construction
_ARGS = (("S", "nsubj"), ("P", "nsubjpass"), ("C", "ccomp"), ("X", "xcomp"), ("O", "dobj"), ("A", "agent"))


# --- features -------------------------------------------------------------------------------
def quote_flags(doc: Doc, quotes: list[Quote] | None = None) -> list[str]:
    """Per token: 'D' inside a double quotation, 'S' inside a single one, '' outside."""
    flags = [""] * len(doc)
    starts = doc.to_array(IDX).tolist()
    for q in find_quotes(doc_text(doc)) if quotes is None else quotes:
        lo = bisect.bisect_left(starts, q.start)
        hi = bisect.bisect_left(starts, q.end)
        mark = "D" if q.double else "S"
        for i in range(lo, hi):
            if not flags[i]:
                flags[i] = mark
    return flags


class TokenTable:
    """The token attributes the features read, fetched once per document (spaCy builds a
    ``Token`` object on every access)."""

    def __init__(self, doc: Doc, sentences: list[Span] | None = None, quotes: list[Quote] | None = None) -> None:
        """``sentences``: fill only these (heads and neighbours stay inside a sentence)."""
        n = len(doc)
        spans = [(s.start, s.end) for s in sentences] if sentences is not None else [(0, n)]
        rows = [i for start, end in spans for i in range(start, end)]
        whole = len(rows) == n
        self.child_deps: list[set[str]] = [set() for _ in range(n)]
        self.cache: dict = {}  # per-sentence features a feature builder keeps (the linker's, by cue)
        self.flags = quote_flags(doc, quotes)
        # one array read instead of a spaCy Token object per attribute access (a third of the
        # tagger's Python time went to building Tokens); each column's strings looked up once
        # per distinct value
        array = doc.to_array(_ATTRS).view("int64") if n else None
        if array is not None and not whole:
            array = array[rows]
        strings = doc.vocab.strings

        # per column, its distinct strings and each filled token's index into them (in the
        # order of ``rows``): the tagger's scores are looked up once per distinct string
        self.rows = rows
        self.codes: dict[str, tuple[list[str], np.ndarray]] = {}
        self.keys: dict[str, list[int]] = {}  # the spaCy string keys of a column's strings

        def column(c: int, name: str, fix: Callable[[str], str] | None = None) -> list[str]:
            if array is None or not rows:
                self.codes[name] = ([""], np.zeros(len(rows), dtype=np.intp))
                self.keys[name] = [0]
                return [""] * n
            found, where = np.unique(array[:, c], return_inverse=True)
            keys = [k & _MASK for k in found.tolist()]
            if len(_TEXTS) > _TEXTS_SIZE:
                _TEXTS.clear()
            texts = [_TEXTS.get(k) or _TEXTS.setdefault(k, strings[k]) for k in keys]
            if fix is not None:
                texts = [fix(t) for t in texts]
            self.codes[name] = (texts, where.ravel())
            self.keys[name] = keys
            values = [texts[j] for j in where.ravel().tolist()]
            if whole:
                return values
            out = [""] * n
            for i, v in zip(rows, values):
                out[i] = v
            return out

        self.lower, self.lemma, self.pos, self.tag = column(0, "lower"), column(1, "lemma", str.lower), column(2, "pos"), column(3, "tag")
        self.dep, self.shape, self.ent = column(4, "dep"), column(5, "shape", lambda t: t[:4]), column(6, "ent")
        self.head = list(range(n))
        self.sent_start = [False] * n
        if array is not None and rows:
            for i, rel, first in zip(rows, array[:, 7].tolist(), array[:, 8].tolist()):
                self.head[i] = i + rel
                self.sent_start[i] = first == 1 or i == 0
        for i in rows:
            if self.head[i] != i:
                self.child_deps[self.head[i]].add(self.dep[i])
        # the dependents' features of each token, built once: both taggers read them, the linker
        # once per cue of the sentence (sorted: a set's order moves with the hash seed)
        # (each distinct set of dependents' relations built once: ``child_kind`` of a token is
        # its set's index in ``child_kinds``, 0 for none)
        kinds: dict[frozenset[str], int] = {}
        self.child_kinds: list[tuple[list[str], str]] = [([], "chs=")]
        self.child_kind: list[int] = [0] * n
        for i, deps in enumerate(self.child_deps):
            if deps:
                key = frozenset(deps)
                kind = kinds.get(key)
                if kind is None:
                    kind = kinds[key] = len(self.child_kinds)
                    self.child_kinds.append((["ch=" + d for d in sorted(deps)], "chs=" + "".join(k for k, d in _ARGS if d in deps)))
                self.child_kind[i] = kind
        self.child_feats: list[list[str]] = [self.child_kinds[k][0] for k in self.child_kind]
        self.arg_feat: list[str] = [self.child_kinds[k][1] for k in self.child_kind]


def _cue_ancestor(tt: TokenTable, i: int, cues: dict[str, str]) -> tuple[str, str, str]:
    """The nearest ancestor that is a cue verb or "according": (its lemma, the dependency of
    the branch the token hangs on, the side), or empties."""
    child, node = i, tt.head[i]
    for _ in range(_ANCESTOR_DEPTH):
        if node == child:
            break
        if tt.lemma[node] in cues or tt.lower[node] == "according":
            return tt.lemma[node], tt.dep[child], "L" if i < node else "R"
        child, node = node, tt.head[node]
    return "", "", ""


def _token_base(tt: TokenTable, i: int, cues: dict[str, str]) -> list[str]:
    lemma, h, dep = tt.lemma[i], tt.head[i], tt.dep[i]
    head_lemma = tt.lemma[h]
    feats = [
        "w=" + tt.lower[i], "l=" + lemma, "p=" + tt.pos[i], "t=" + tt.tag[i], "d=" + dep,
        "sh=" + tt.shape[i], "ent=" + tt.ent[i], "hl=" + head_lemma, "hp=" + tt.pos[h],
        "hd=" + tt.dep[h], "dhl=" + dep + "|" + head_lemma,
        "dir=" + ("L" if i < h else "R" if i > h else "0"),
    ]
    if lemma in cues:
        feats.append("cue=" + cues[lemma])
    if head_lemma in cues:
        feats.append("hcue=" + dep)
    anc, branch, side = _cue_ancestor(tt, i, cues)
    if anc:
        feats += ["acue=" + branch, "acues=" + branch + side, "acuel=" + anc + "|" + branch]
    # a cue governs its speaker and what is said: the dependents a token has tell a reporting
    # verb or noun ("said" with nsubj + ccomp, "warnings" with prep) from its neighbours
    feats += tt.child_feats[i]
    feats.append(tt.arg_feat[i])
    if tt.sent_start[i]:
        feats.append("BOS")
    return feats


def sentence_features(tt: TokenTable, start: int, end: int, cues: dict[str, str]) -> list[list[str]]:
    """CRF attributes of every token of the sentence ``[start, end)``."""
    n = end - start
    words, pos, deps, flags = tt.lower[start:end], tt.pos[start:end], tt.dep[start:end], tt.flags[start:end]
    has_cue = "scue=" + str(any(tt.lemma[i] in cues for i in range(start, end)))
    # the neighbours two before, one before, one after and two after: word, tag, relation,
    # quotation each (constant prefixes, not formatted per token)
    out = []
    for k in range(n):
        feats = _token_base(tt, start + k, cues)
        feats.append("q=" + flags[k])
        if k >= 2:
            j = k - 2
            feats += ["w-2=" + words[j], "p-2=" + pos[j], "d-2=" + deps[j], "q-2=" + flags[j]]
        else:
            feats.append("pad-2")
        if k >= 1:
            j = k - 1
            feats += ["w-1=" + words[j], "p-1=" + pos[j], "d-1=" + deps[j], "q-1=" + flags[j]]
        else:
            feats.append("pad-1")
        if k + 1 < n:
            j = k + 1
            feats += ["w1=" + words[j], "p1=" + pos[j], "d1=" + deps[j], "q1=" + flags[j]]
        else:
            feats.append("pad1")
        if k + 2 < n:
            j = k + 2
            feats += ["w2=" + words[j], "p2=" + pos[j], "d2=" + deps[j], "q2=" + flags[j]]
        else:
            feats.append("pad2")
        feats.append(has_cue)
        out.append(feats)
    if out:
        out[-1].append("EOS")
    return out


def child_slots(crf: FastCRF, tt: TokenTable) -> tuple[np.ndarray, np.ndarray]:
    """Per token ``tt`` holds (in ``tt.rows``' order): the rows of its dependents' relations
    (``ch=``, slot x token, zero-padded to the most any token has) and of their argument
    pattern (``chs=``), looked up once per distinct set of relations."""
    get = crf.index.get
    kinds = tt.child_kinds
    width = max((len(feats) for feats, _ in kinds), default=0)
    table = np.zeros((len(kinds), width + 1), dtype=np.intp)
    for k, (feats, arg) in enumerate(kinds):
        table[k, :len(feats)] = [get(f, 0) for f in feats]
        table[k, width] = get(arg, 0)
    kind = np.asarray(tt.child_kind, dtype=np.intp)[np.asarray(tt.rows, dtype=np.intp)]
    sizes = np.array([len(feats) for feats, _ in kinds], dtype=np.intp)
    used = int(sizes[kind].max()) if len(kind) else 0
    rows = table[kind].T
    return rows[:used], rows[width]


# the tagger's features of one column's string, by column (``sentence_scores``)
_TAGGER_TEMPLATES = (("lower", ("w=", "w-2=", "w-1=", "w1=", "w2=")), ("lemma", ("l=", "hl=")),
                     ("pos", ("p=", "hp=", "p-2=", "p-1=", "p1=", "p2=")), ("tag", ("t=",)),
                     ("dep", ("d=", "hd=", "hcue=", "d-2=", "d-1=", "d1=", "d2=")), ("shape", ("sh=",)), ("ent", ("ent=",)))


def sentence_scores(crf: FastCRF, tt: TokenTable, spans: list[tuple[int, int]], cues: dict[str, str]) -> np.ndarray:
    """The tagger's state scores (token x label) of the sentences ``spans`` (token ranges, in
    order, the ones ``tt`` was filled for), token after token:
    ``crf.state_scores(sentence_features(tt, start, end, cues))`` of each, to the last bit,
    without building a string per feature.  Each feature of ``sentence_features`` is a slot
    here, in the same order, holding per token the row of that feature's attribute (0 where the
    token lacks the feature or the model the attribute); the rows are summed slot by slot, the
    order crfsuite adds them in, and adding a zero row changes no sum."""
    index, weights = crf.index, crf.weights
    get = index.get
    rows = np.asarray(tt.rows, dtype=np.intp)
    m = len(rows)
    lengths = np.array([end - start for start, end in spans], dtype=np.intp)
    if lengths.sum() != m:
        raise ValueError("the spans are not the sentences the token table holds")
    if not m:
        return np.zeros((0, weights.shape[1]))
    at = np.full(len(tt.head), -1, dtype=np.intp)
    at[rows] = np.arange(m)
    head = np.asarray(tt.head, dtype=np.intp)[rows]
    up = at[head]  # each token's head, as a position in ``rows``
    # the sentences: each position's index in its sentence and its sentence's length
    lengths = lengths[lengths > 0]
    starts = np.cumsum(lengths) - lengths
    k = np.arange(m) - np.repeat(starts, lengths)
    n = np.repeat(lengths, lengths)

    # per column, the rows of its templates for each distinct string, then for each token
    table = {name: crf.text_ids(name, prefixes, tt.keys[name], tt.codes[name][0]) for name, prefixes in _TAGGER_TEMPLATES}
    template = {(prefix, name): j for name, prefixes in _TAGGER_TEMPLATES for j, prefix in enumerate(prefixes)}

    def per_text(prefix: str, name: str) -> np.ndarray:
        if name == "flag":
            return np.array([get(prefix + t, 0) for t in tt.codes[name][0]], dtype=np.intp)
        return table[name][:, template[prefix, name]]

    def slot(prefix: str, name: str) -> np.ndarray:
        return per_text(prefix, name)[tt.codes[name][1]]

    lemma_texts, lemma_code = tt.codes["lemma"]
    dep_texts, dep_code = tt.codes["dep"]
    flags = [tt.flags[i] for i in tt.rows]
    flag_texts = sorted(set(flags))
    flag_code = np.array([flag_texts.index(f) for f in flags], dtype=np.intp) if len(flag_texts) > 1 else np.zeros(m, dtype=np.intp)
    tt.codes["flag"] = (flag_texts, flag_code)
    head_lemma = lemma_code[up]
    # the pair relation | head lemma, looked up once per distinct pair
    pairs, pair_code = np.unique(dep_code * len(lemma_texts) + head_lemma, return_inverse=True)
    dhl = np.array([get("dhl=" + dep_texts[c // len(lemma_texts)] + "|" + lemma_texts[c % len(lemma_texts)], 0)
                    for c in pairs.tolist()], dtype=np.intp)[pair_code.ravel()]
    direction = np.where(rows < head, get("dir=L", 0), np.where(rows > head, get("dir=R", 0), get("dir=0", 0)))
    is_cue = np.array([t in cues for t in lemma_texts], dtype=bool)
    cue = np.array([get("cue=" + cues[t], 0) if t in cues else 0 for t in lemma_texts], dtype=np.intp)[lemma_code]
    hcue = np.where(is_cue[head_lemma], slot("hcue=", "dep"), 0)
    # the nearest cue-like ancestor: a walk up the tree per token
    anc = np.zeros((3, m), dtype=np.intp)
    seen: dict[tuple[str, str, str], tuple[int, int, int]] = {}
    for p, i in enumerate(tt.rows):
        found = _cue_ancestor(tt, i, cues)
        if found[0]:
            got = seen.get(found)
            if got is None:
                a, branch, side = found
                got = seen[found] = (get("acue=" + branch, 0), get("acues=" + branch + side, 0), get("acuel=" + a + "|" + branch, 0))
            anc[:, p] = got
    child, args = child_slots(crf, tt)
    bos = np.where(np.asarray(tt.sent_start, dtype=bool)[rows], get("BOS", 0), 0)
    slots = [slot("w=", "lower"), slot("l=", "lemma"), slot("p=", "pos"), slot("t=", "tag"), slot("d=", "dep"),
             slot("sh=", "shape"), slot("ent=", "ent"), per_text("hl=", "lemma")[head_lemma],
             per_text("hp=", "pos")[tt.codes["pos"][1][up]], per_text("hd=", "dep")[dep_code[up]], dhl, direction,
             cue, hcue, *anc, *child, args, bos, slot("q=", "flag")]
    # the neighbours: four slots each, or the pad feature in the first of them
    for off, tag in ((-2, "-2"), (-1, "-1"), (1, "1"), (2, "2")):
        inside = (k + off >= 0) & (k + off < n)
        near = np.clip(np.arange(m) + off, 0, m - 1)
        group = [slot(f"{name}{tag}=", col)[near] for name, col in (("w", "lower"), ("p", "pos"), ("d", "dep"), ("q", "flag"))]
        slots.append(np.where(inside, group[0], get(f"pad{tag}", 0)))
        slots += [np.where(inside, g, 0) for g in group[1:]]
    sent_cue = np.add.reduceat(is_cue[lemma_code].astype(np.intp), starts) > 0
    slots.append(np.repeat(np.where(sent_cue, get("scue=True", 0), get("scue=False", 0)), lengths))
    slots.append(np.where(k == n - 1, get("EOS", 0), 0))
    scores = weights[slots[0]]
    for s in slots[1:]:
        scores += weights[s]
    return scores


def doc_features(doc: Doc) -> list[tuple[Span, list[list[str]]]]:
    cues = feature_cues()
    tt = TokenTable(doc)
    return [(s, sentence_features(tt, s.start, s.end, cues)) for s in doc.sents]


@lru_cache(maxsize=1)
def feature_cues() -> dict[str, str]:
    return dict(cue_classes())


@lru_cache(maxsize=None)
def open_tagger(path: Path) -> FastCRF | None:
    """The CRF tagger of the artifact at ``path``, opened once; None when it is not installed.
    Its tags and marginals are those of ``pycrfsuite.Tagger`` on the artifact, at about a third
    of the CPU (``attribution_crf``)."""
    if not path.exists():
        return None
    return FastCRF(path)
