"""A vectorised stand-in for the model's NER decoding: the same entities, in less time.

spaCy's NER is a greedy transition system: its network turns the batch's tokens into feature
rows once, then a C loop steps every document one token at a time, scoring each state's
actions and taking the best valid one.  On ``en_core_web_sm`` that loop costs about two thirds
of the component (it re-checks every one of the 74 actions' validity through function pointers
for each state at each step).  This component takes the same decisions from the same model with
numpy.  A state's features are its next token, and while an entity is open, the entity's first
token and the token before the next one; so outside entities the decision depends on the token
alone and is taken for every token at once, and each document jumps from one entity start to
the next, stepping token by token only inside entities.  Feature rows are summed in spaCy's
order and the output layer multiplies through BLIS, as spaCy's loop does, so the scores are
the same floats; the actions spaCy's ``BiluoPushDown`` would refuse are masked and the first
best one is taken.

Documents that carry preset entity annotations (a token's ``ent_iob`` already set) go through
the model's own component, whose rules for presets this decoder does not repeat, and so does
everything when the model marks classes unseen (their scores depend on the whole batch).
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
        # scores for unseen classes depend on the whole batch; an output layer of another width
        # than the moves is a model this decoder does not know: both are left to the model
        self.own_way = bool(unseen) or self.upper.get_param("W").shape[0] != n
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
        if self.own_way or any(doc.to_array(ENT_IOB).any() for doc in docs):  # preset entities too
            self.ner.set_annotations(docs, self.ner.predict(docs))
            return
        for doc, ents in zip(docs, self.decode(docs)):
            doc.set_ents([Span(doc, start, end, label=label) for start, end, label in ents], default="outside")

    def decode(self, docs: list[Doc]) -> list[list[tuple[int, int, int]]]:
        """Each document's entities as (start token, end token, label id), in text order.

        Outside an entity a state's features depend on its next token only, so the decision
        there is taken for every token at once; the loop then jumps each document from one
        entity start to the next and steps token by token only inside entities."""
        lengths = numpy.array([len(doc) for doc in docs], dtype=numpy.int64)
        ents: list[list[tuple[int, int, int]]] = [[] for _ in docs]
        if not lengths.any():
            return ents
        offsets = numpy.concatenate([[0], numpy.cumsum(lengths)[:-1]])
        ends = offsets + lengths
        rows = self.lower.predict(self.tok2vec.predict(docs))  # (tokens + 1, features, hidden, pieces); row 0 pads
        rows = rows.reshape(rows.shape[0], rows.shape[1], -1)
        both = numpy.concatenate([doc.to_array([SENT_START, IS_SPACE]) for doc in docs if len(doc)]).reshape(-1, 2)
        n = len(both)
        doc_end = numpy.repeat(ends, lengths)  # global end of each token's document
        token = numpy.arange(n)
        two_left = doc_end - token >= 2
        next_starts = two_left & (numpy.append(both[1:, 0], 0) == 1)
        on_space = both[:, 1].astype(bool)

        # every token's decision when no entity is open: padding for the entity's two features
        scores = self._scores(rows[1:, 0], rows[0, 1], rows[0, 2])
        valid = ((two_left & ~next_starts & ~on_space)[:, None] & self.begin[None, :]
                 | (~on_space)[:, None] & self.unit[None, :] | self.out[None, :])
        scores[~valid] = -numpy.inf
        closed_move = scores.argmax(axis=1)
        # the next token at or after each one where a closed state starts an entity
        starts = self.kind[closed_move] != OUT
        marks = numpy.where(starts, token, n)
        next_start = numpy.minimum.accumulate(marks[::-1])[::-1]

        at = offsets.copy()  # each document's next token (global)
        is_open = numpy.zeros(len(docs), bool)
        ent_start = numpy.zeros(len(docs), numpy.int64)
        ent_label = numpy.zeros(len(docs), numpy.uint64)
        active = numpy.nonzero(lengths > 0)[0]
        while active.size:
            opened = active[is_open[active]]
            closed = active[~is_open[active]]
            if closed.size:  # jump to the next entity start and take its move (B or U)
                jump = next_start[at[closed]]
                found = jump < ends[closed]
                at[closed[~found]] = ends[closed[~found]]
                for doc_i, g in zip(closed[found].tolist(), jump[found].tolist()):
                    move = closed_move[g]
                    local = g - offsets[doc_i]
                    if self.kind[move] == BEGIN:
                        is_open[doc_i], ent_start[doc_i], ent_label[doc_i] = True, local, self.label[move]
                    else:
                        ents[doc_i].append((local, local + 1, int(self.label[move])))
                    at[doc_i] = g + 1
            if opened.size:  # inside an entity: go on (I) or close it (L)
                g = at[opened]
                scores = self._scores(rows[g + 1, 0], rows[offsets[opened] + ent_start[opened] + 1, 1], rows[g, 2])
                same_label = ent_label[opened][:, None] == self.label[None, :]
                valid = ((two_left[g] & ~next_starts[g])[:, None] & self.inside[None, :] | self.last[None, :]) & same_label
                scores[~valid] = -numpy.inf
                moves = scores.argmax(axis=1)
                for doc_i, gi, move in zip(opened.tolist(), g.tolist(), moves.tolist()):
                    if self.kind[move] == LAST:
                        ents[doc_i].append((int(ent_start[doc_i]), gi - int(offsets[doc_i]) + 1, int(ent_label[doc_i])))
                        is_open[doc_i] = False
                at[opened] = g + 1
            active = active[at[active] < ends[active]]
        return ents

    def _scores(self, next_token: numpy.ndarray, entity_first: numpy.ndarray, token_before: numpy.ndarray) -> numpy.ndarray:
        """Action scores of states with these feature rows (the next token; the open entity's
        first token and the token before the next, or their padding): the rows summed in spaCy's
        order, then its bias, the maxout and the output layer through BLIS, as spaCy's loop —
        the same floats."""
        units = next_token + entity_first
        units += token_before
        units += self.lower.get_param("b").reshape(-1)
        hidden, pieces = self.lower.get_dim("nO"), self.lower.get_dim("nP")
        hiddens = numpy.ascontiguousarray(units.reshape(-1, hidden, pieces).max(axis=2))
        scores = gemm(hiddens, self.upper.get_param("W"), trans2=True)
        scores += self.upper.get_param("b")
        return scores


@Language.factory("claimledger_ner")
def make_vectorised_ner(nlp: Language, name: str) -> VectorisedNER:
    return VectorisedNER(nlp)
