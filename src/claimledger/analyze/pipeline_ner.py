"""A vectorised stand-in for the model's NER decoding: the same entities, in less time.

spaCy's NER is a greedy transition system: its network turns the batch's tokens into feature
rows once, then a C loop steps every document one token at a time, scoring each state's
actions and taking the best valid one.  On ``en_core_web_sm`` that loop costs about two thirds
of the component (it re-checks every one of the 74 actions' validity through function pointers
for each state at each step).  This component runs the same model and the same decisions with
numpy over all of a batch's documents at once: each step gathers the three feature rows of
every open state (next token, first token of the open entity, token before), adds them, applies
the maxout and the output layer (through BLIS, as spaCy's loop does, so the scores are the same
floats), masks the actions spaCy's ``BiluoPushDown`` would refuse and takes the first best one.

Documents that carry preset entity annotations (a token's ``ent_iob`` already set) go through
the model's own component, whose rules for presets this decoder does not repeat.
``tests/analyze/test_pipeline`` checks that the entities equal the model's own on real text.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import numpy
from blis.py import gemm
from spacy.attrs import ENT_IOB, IS_SPACE, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import minibatch

BEGIN, IN, LAST, UNIT, OUT = 1, 2, 3, 4, 5
_MOVES = {"B": BEGIN, "I": IN, "L": LAST, "U": UNIT}


class VectorisedNER:
    """Greedy decoding of the pipeline's ``ner`` component, many documents per numpy step."""

    def __init__(self, nlp: Language, source: str = "ner"):
        self.ner = nlp.get_pipe(source)
        moves = self.ner.moves
        n = moves.n_moves
        self.kind = numpy.zeros(n, numpy.int64)  # 0: never valid here (spaCy's "missing" move)
        self.label = numpy.zeros(n, numpy.uint64)
        for i in range(n):
            name = moves.get_class_name(i)
            if name == "O":
                self.kind[i] = OUT
            elif name[:1] in _MOVES and name[1:2] == "-":
                self.kind[i] = _MOVES[name[0]]
                self.label[i] = nlp.vocab.strings.add(name[2:])
        self.tok2vec, self.lower, self.upper = self.ner.model.layers
        unseen = self.ner.model.attrs.get("unseen_classes") or set()
        self.unseen = numpy.array(sorted(unseen), dtype=numpy.int64)
        labelled = self.label != 0
        self.begin = (self.kind == BEGIN) & labelled
        self.inside = (self.kind == IN) & labelled
        self.last = (self.kind == LAST) & labelled
        self.unit = (self.kind == UNIT) & labelled
        self.out = self.kind == OUT

    def __call__(self, doc: Doc) -> Doc:
        self._annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], *, batch_size: int = 256) -> Iterator[Doc]:
        for batch in minibatch(docs, size=batch_size):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: list[Doc]) -> None:
        if any(doc.to_array(ENT_IOB).any() for doc in docs):  # preset entities: the model's way
            self.ner.set_annotations(docs, self.ner.predict(docs))
            return
        for doc, ents in zip(docs, self.decode(docs)):
            doc.set_ents([Span(doc, start, end, label=label) for start, end, label in ents], default="outside")

    def decode(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        """Each document's entities as (start token, end token, label id), in text order."""
        lengths = numpy.array([len(doc) for doc in docs], dtype=numpy.int64)
        ents: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        if not lengths.any():
            return ents
        offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
        rows = self.lower.predict(self.tok2vec.predict(docs))  # (tokens + 1, features, hidden, pieces); row 0 pads
        n_rows, n_feats, hidden, pieces = rows.shape
        rows = rows.reshape(n_rows, n_feats, hidden * pieces)
        pad = rows[0]
        bias = self.lower.get_param("b").reshape(-1)
        weights, out_bias = self.upper.get_param("W"), self.upper.get_param("b")
        arrays = [doc.to_array([SENT_START, IS_SPACE]) for doc in docs if len(doc)]
        both = numpy.concatenate(arrays).reshape(-1, 2)
        sent_start = numpy.append(both[:, 0].astype(numpy.int64), 0)  # index: global token
        space = numpy.append(both[:, 1].astype(bool), False)

        at = numpy.zeros(len(docs), numpy.int64)  # each document's next token
        is_open = numpy.zeros(len(docs), bool)
        ent_start = numpy.zeros(len(docs), numpy.int64)
        ent_label = numpy.zeros(len(docs), numpy.uint64)
        active = numpy.nonzero(lengths > 0)[0]
        while active.size:
            local = at[active]
            token = offsets[active] + local
            opened = is_open[active]
            # the state's three features: the next token; while an entity is open, its first
            # token and the token before the next (padding rows otherwise)
            units = rows[token + 1, 0]
            units += numpy.where(opened[:, None], rows[offsets[active] + ent_start[active] + 1, 1], pad[1])
            units += numpy.where(opened[:, None], rows[token, 2], pad[2])
            units += bias
            hiddens = numpy.ascontiguousarray(units.reshape(-1, hidden, pieces).max(axis=2))
            scores = gemm(hiddens, weights, trans2=True)
            scores += out_bias
            if self.unseen.size:
                scores[:, self.unseen] = scores.min()
            scores[~self._valid(local, token, lengths[active], opened, ent_label[active], sent_start, space)] = -numpy.inf
            guess = scores.argmax(axis=1)  # the first of equal scores, as spaCy's loop
            kinds = self.kind[guess]
            for j in numpy.nonzero(kinds != OUT)[0].tolist():
                doc_i, kind = int(active[j]), kinds[j]
                if kind == BEGIN:
                    is_open[doc_i], ent_start[doc_i], ent_label[doc_i] = True, local[j], self.label[guess[j]]
                elif kind == LAST:
                    ents[doc_i].append((int(ent_start[doc_i]), int(local[j]) + 1, int(ent_label[doc_i])))
                    is_open[doc_i] = False
                elif kind == UNIT:
                    ents[doc_i].append((int(local[j]), int(local[j]) + 1, int(self.label[guess[j]])))
            at[active] += 1
            active = active[at[active] < lengths[active]]
        return ents

    def _valid(self, local, token, lengths, opened, label, sent_start, space) -> numpy.ndarray:
        """Which actions ``BiluoPushDown`` allows each state (no preset entities): an entity
        neither starts on whitespace nor runs across a sentence start, and closes by the end."""
        two_left = (lengths - local) >= 2
        next_starts = two_left & (sent_start[numpy.minimum(token + 1, len(sent_start) - 1)] == 1)
        closed = ~opened
        on_space = space[token]
        same_label = label[:, None] == self.label[None, :]
        return (
            (closed & two_left & ~next_starts & ~on_space)[:, None] & self.begin[None, :]
            | (opened & two_left & ~next_starts)[:, None] & self.inside[None, :] & same_label
            | opened[:, None] & self.last[None, :] & same_label
            | (closed & ~on_space)[:, None] & self.unit[None, :]
            | closed[:, None] & self.out[None, :]
        )


@Language.factory("claimledger_ner")
def make_vectorised_ner(nlp: Language, name: str) -> VectorisedNER:
    return VectorisedNER(nlp)
