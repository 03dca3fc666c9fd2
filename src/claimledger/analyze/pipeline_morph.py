"""A cached stand-in for the model's ``attribute_ruler`` + ``lemmatizer`` (same output, less time).

In ``en_core_web_sm`` those two pipes cost about a quarter of the parse time, one Python call
per token, although their result depends only on the token's text, tag and dependency label
(the ruler's patterns are single-token but for a handful of two-token ones: "gon na",
"there is" ...).  This component keeps a per-process cache from ``(orth, tag, dep)`` — plus the neighbours'
words and labels for the few words the two-token patterns look at — to ``(pos, morph, lemma,
dep)``; tokens it has not seen are run through the real ruler and lemmatizer on a small side
document that keeps each of them between its neighbours.  ``tests/analyze/test_pipeline``
checks that the result equals the original pipes' on real text.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import DEP, LEMMA, LOWER, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.tokens import Doc

# words that occur in the ruler's two-token patterns: their analysis depends on a neighbour
CONTEXT_WORDS = frozenset({"ai", "gon", "got", "let", "na", "ta", "'s", "’s", "n't", "n’t", "nt", "is", "are",
                           "was", "were", "'re", "’re"})
MAX_CACHE = 500_000


def _index_as_sets(nlp: Language) -> None:
    """The lemmatizer's word index as sets: its rules test ``form in index`` for every
    candidate, a scan of up to 57,000 words a test while the index is a list.  Same lemmas."""
    table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index", {})
    for pos, words in list(table.items()):
        if isinstance(words, list):
            table[pos] = frozenset(words)


class CachedMorphology:
    def __init__(self, nlp: Language):
        self.nlp = nlp
        self.cache: dict[tuple, tuple[int, int, int, int]] = {}
        strings = nlp.vocab.strings
        self.context = {strings.add(w) for w in CONTEXT_WORDS}
        self.dep_lowers, self.dep_tags, self.aux_deps = self._dep_sensitive(nlp)
        self.dep_lowers = {strings.add(w) for w in self.dep_lowers}
        self.dep_tags = {strings.add(t) for t in self.dep_tags} | {strings.add("_SP")}
        self.aux_deps = {strings.add(d) for d in self.aux_deps}
        _index_as_sets(nlp)
        self.named, self.named_patterns = self._named_words(nlp)
        # (tag, label part of the key) -> (pos, morph, relabel) for words no pattern names
        self.by_tag: dict[tuple, tuple[int, int, int]] = {}

    @staticmethod
    def _dep_sensitive(nlp: Language) -> tuple[set[str], set[str], set[str]]:
        """Which tokens the ruler's DEP patterns can touch: by word, by tag, or (patterns that
        name neither) by the dependency labels they test."""
        lowers: set[str] = set()
        tags: set[str] = set()
        deps: set[str] = set()

        def values(spec) -> list[str]:
            if isinstance(spec, str):
                return [spec]
            return list(spec.get("IN", [])) if isinstance(spec, dict) else []

        for pattern in nlp.get_pipe("attribute_ruler").patterns:
            for tok in pattern["patterns"][0]:
                if "DEP" not in tok:
                    continue
                if "LOWER" in tok:
                    lowers.update(values(tok["LOWER"]))
                elif values(tok.get("TAG", {})):
                    tags.update(values(tok["TAG"]))
                else:
                    deps.update(values(tok["DEP"]))
        return lowers, tags, deps

    @staticmethod
    def _named_words(nlp: Language) -> tuple[set[str], list[re.Pattern]]:
        """The words the ruler's patterns name (by LOWER value or regex): only for those can
        the ruler's output depend on more than the tag and the label."""
        words: set[str] = set()
        patterns: list[re.Pattern] = []
        for pattern in nlp.get_pipe("attribute_ruler").patterns:
            for tok in pattern["patterns"][0]:
                spec = tok.get("LOWER")
                if isinstance(spec, str):
                    words.add(spec)
                elif isinstance(spec, dict):
                    words.update(spec.get("IN", []))
                    if "REGEX" in spec:
                        patterns.append(re.compile(spec["REGEX"]))
        return words, patterns

    def _plain(self, token) -> bool:
        """A word the ruler treats by its tag (and label) alone: no pattern names it, not a space."""
        lower = token.lower_
        return not (token.is_space or lower in self.named or lower in CONTEXT_WORDS
                    or any(rx.search(lower) for rx in self.named_patterns))

    def _lemmas_of_plain(self, doc: Doc, plain: list[tuple[int, tuple[int, int, int]]]) -> dict[int, tuple[int, int, int, int]]:
        """Plain tokens whose ruler output is known from their tag: only the lemmatizer runs."""
        side = Doc(doc.vocab, words=[doc[i].text for i, _ in plain], spaces=[False] * len(plain))
        side.from_array([POS, MORPH], numpy.array([v[:2] for _, v in plain], dtype="uint64"))
        side = self.nlp.get_pipe("lemmatizer")(side)
        return {i: (v[0], v[1], side[k].lemma, v[2]) for k, (i, v) in enumerate(plain)}

    def _side_run(self, doc: Doc, wanted: list[int], keys: list[tuple]) -> dict[int, tuple[int, int, int, int]]:
        """The real pipes' output for the wanted tokens: a word no pattern names whose tag and
        label were seen runs through the lemmatizer alone; the rest through the ruler too."""
        plain, rest = [], []
        for i in wanted:
            known = self.by_tag.get(keys[i][1:]) if len(keys[i]) == 3 and self._plain(doc[i]) else None
            if known is None:
                rest.append(i)
            else:
                plain.append((i, known))
        out = self._lemmas_of_plain(doc, plain) if plain else {}
        if rest:
            out.update(self._ruler_run(doc, rest, keys))
        return out

    def _ruler_run(self, doc: Doc, wanted: list[int], keys: list[tuple]) -> dict[int, tuple[int, int, int, int]]:
        """Run the real pipes on the wanted tokens (context words between their neighbours)."""
        picks: list[int] = []
        for i in wanted:
            around = (i - 1, i, i + 1) if doc[i].lower in self.context else (i,)
            for j in around:
                if 0 <= j < len(doc) and (not picks or picks[-1] < j):
                    picks.append(j)
        side = Doc(
            doc.vocab,
            words=[doc[j].text for j in picks],
            spaces=[False] * len(picks),
            tags=[doc[j].tag_ for j in picks],
            deps=[doc[j].dep_ or "dep" for j in picks],
            heads=list(range(len(picks))),
        )
        side = self.nlp.get_pipe("attribute_ruler")(side)
        side = self.nlp.get_pipe("lemmatizer")(side)
        where = {j: k for k, j in enumerate(picks)}
        out = {}
        for i in wanted:
            t = side[where[i]]
            relabel = t.dep if t.dep != doc[i].dep else 0  # only a label the ruler changed
            out[i] = (t.pos, t.morph.key, t.lemma, relabel)
            if len(keys[i]) == 3 and self._plain(doc[i]):
                self.by_tag.setdefault(keys[i][1:], (t.pos, t.morph.key, relabel))
        return out

    def _keys(self, rows: list[list[int]]) -> list[tuple]:
        context, dep_lowers, dep_tags, aux_deps = self.context, self.dep_lowers, self.dep_tags, self.aux_deps
        keys = []
        last = len(rows) - 1
        for i, (orth, tag, dep, lower) in enumerate(rows):
            if lower in context:  # the neighbours the two-token patterns look at
                prev = rows[i - 1] if i else (0, 0, 0, 0)
                nxt = rows[i + 1] if i < last else (0, 0, 0, 0)
                keys.append((orth, tag, dep, prev[3], prev[2], nxt[3]))
            elif lower in dep_lowers or tag in dep_tags:
                keys.append((orth, tag, dep))
            else:  # the label matters only as far as the label-only patterns test it
                keys.append((orth, tag, dep if dep in aux_deps else 0))
        return keys

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, TAG, DEP, LOWER]).tolist()
        keys = self._keys(rows)
        cache = self.cache
        wanted = [i for i, k in enumerate(keys) if k not in cache]
        if wanted:
            if len(cache) > MAX_CACHE:
                cache.clear()
            for i, value in self._side_run(doc, wanted, keys).items():
                cache[keys[i]] = value
        values = [cache[k] for k in keys]
        doc.from_array([POS, MORPH, LEMMA], numpy.array([v[:3] for v in values], dtype="uint64"))
        for i, v in enumerate(values):
            if v[3] and v[3] != rows[i][2]:  # the ruler relabels whitespace tokens
                doc[i].dep = v[3]
        return doc


@Language.factory("claimledger_morph")
def make_cached_morphology(nlp: Language, name: str) -> CachedMorphology:
    return CachedMorphology(nlp)
