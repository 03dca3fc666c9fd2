"""Figures read together: part and total ("750 out of 1,5000"), an elided counted noun taken
from the figure before ("498 soldiers killed and 1,500 wounded"), a part's measure taken from
its whole ("30 detained, including 22 police officers"), and a bare count answering its
sentence's question ("how many girls ... — some say 215")."""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Quantity
from .figure_facts import Facts
from .quantities_doc import ParsedDoc, lower_lemma

PART_PREPS = {"including", "among", "includes"}


# Words between a part and its total: "two of *our* four helicopters", "300 out of *the* 400"
DETERMINERS = frozenset({"the", "a", "his", "its", "their", "our", "my", "your", "her", "these", "those"})


class FigureRelations(ParsedDoc):
    """What the figures of a Doc say about each other."""

    def _inherit_measures(self, quantities: list[Quantity], facts: list[Facts]) -> None:
        """A part takes its whole's measure: "30 detained, including 22 police officers", "three
        students were among six people killed", "the detainees include 22 officers"."""
        by_token: dict[int, Quantity] = {}
        for q, f in zip(quantities, facts):
            by_token[f.node.i] = q
            if f.head is not None:
                by_token.setdefault(f.head.i, q)
        for q, f in zip(quantities, facts):
            if q.measure != "other" or q.unit is not None:
                continue
            whole = _whole_of(f.node, f.preds)
            if whole is None:
                continue
            source = by_token.get(whole.i)
            if source is not None and source is not q and source.measure != "other":
                q.measure, f.evidence = source.measure, True
            elif source is None and (entry := self.reader.entry(whole)) is not None:
                q.measure, f.evidence = entry.measure, True

    def _relations(self, found: list[tuple[Quantity, int, int, int | None]]) -> None:
        """Part/total ("750 out of 1,5000 soldiers") and elided nouns ("... and 1,500 wounded")."""
        doc = self.doc
        for idx, (q, start, after, head) in enumerate(found):
            nxt = found[idx + 1] if idx + 1 < len(found) else None
            if nxt is not None and nxt[0].unit is None and q.unit is None:
                between = [t.lower_ for t in doc[after:nxt[1]] if t.lower_ not in DETERMINERS]
                if between in (["out", "of"], ["of"]):
                    total = nxt[0]
                    q.flags.append("part_of_total")
                    total.flags.append("total")
                    # "300 out of 400 soldiers": the 400 were at risk, not killed; but "one of six
                    # people killed" names a group whose own words say what happened to all six
                    total.measure = self._group_measure(nxt[3]) or "other"
                    q.attrs["part_of"] = {"text": total.text, "start": total.start, "end": total.end,
                                          "value": total.value}
                    if q.counted is None and total.counted is not None:
                        q.counted, q.counted_start, q.counted_end = total.counted, total.counted_start, total.counted_end
                        q.side = q.side or total.side
                        q.population = q.population or total.population
                        if q.category == "other":
                            q.category = total.category
                        if q.measure == "other":
                            q.measure = total.measure
                        q.flags.append("counted_inferred")
            if q.counted is None and q.unit is None and idx > 0:
                prev = found[idx - 1][0]
                gap = self.text[prev.end:q.start]
                same_sentence = self.sent_of[start] == self.sent_of[found[idx - 1][1]]
                nxt_tok = doc[after] if after < len(doc) else None
                elided = nxt_tok is None or nxt_tok.is_punct or lower_lemma(nxt_tok) in self.casualty \
                    or nxt_tok.lower_ in self.casualty or nxt_tok.dep_ == "prep"  # "... and one in a taxi"
                people = {"killed", "wounded", "casualties", "captured", "missing"}
                compatible = not (prev.category == "equipment" and q.category in people)
                if prev.counted is not None and same_sentence and elided and compatible and len(gap) <= 60 \
                        and (" and " in gap or " while " in gap) and prev.unit is None \
                        and "part_of_total" not in q.flags:
                    q.counted, q.counted_start, q.counted_end = prev.counted, prev.counted_start, prev.counted_end
                    q.side = q.side or prev.side
                    q.population = q.population or prev.population
                    if q.measure == "other":  # "destroyed 12 tanks and 3 in the forest"
                        q.measure = prev.measure
                    q.flags.append("counted_inferred")
            if q.counted is None and q.unit is None and q.measure == "other":
                self._framed(q, start)

    def _group_measure(self, head: int | None) -> str | None:
        """The measure of a total's own noun ("two hostages"), or said of it by a participle or relative clause right after it:
        "six people *killed* when", "four journalists *kidnapped* by", "three journalists *who were
        held captive*"; None when only the clause's predicate says it ("ISIS killed 300 of 400 soldiers")."""
        if head is None or head + 1 >= len(self.doc):
            return None
        doc = self.doc
        own = self.reader.entry(doc[head])
        if own is not None and own.head:
            return own.measure  # "one of two hostages", "three of the 28 bodies": the noun says it
        nxt = doc[head + 1]
        # only the first clause on the noun: in "three jihadists guarding Westerners abducted by ..."
        # the parser hangs "abducted" on the jihadists too
        words = [c for c in doc[head].children if c.dep_ in ("acl", "relcl") and c.i > head][:1]
        if nxt.tag_ == "VBN" and nxt not in words:
            words.insert(0, nxt)  # the parser often hangs "people killed" on the part ("one ... killed")
        for word in words:
            entry = self.reader.entry(word)
            if entry is not None and entry.measure != "other":
                return entry.measure
        return None

    def _framed(self, q: Quantity, start: int) -> None:
        """A bare count answering the sentence's own question takes its noun and measure:
        "how many girls are still in captivity — some say 215, some say 219"; "the number of
        people detained ...: 30"."""
        doc = self.doc
        for tok in doc[start].sent:
            if tok.i >= start:
                return
            if tok.lower_ == "many" and tok.i > 0 and doc[tok.i - 1].lower_ == "how":
                noun = tok.head
            elif tok.lower_ == "number" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "of":
                noun = next((c for c in doc[tok.i + 1].children if c.dep_ == "pobj"), None)
            else:
                continue
            if noun is None or noun.pos_ not in ("NOUN", "PROPN") or noun.i >= start:
                continue
            entry = next((e for t in doc[noun.i + 1:start] if (e := self.reader.entry(t)) is not None), None)
            q.counted, q.counted_start, q.counted_end = noun.text, noun.idx, noun.idx + len(noun.text)
            q.population = q.population or self.reader.population(None, noun, q.side)
            if entry is not None:
                q.measure = entry.measure
            q.flags.append("counted_inferred")
            return


def _whole_of(node: Token, preds: list[Token]) -> Token | None:
    """The group a figure is part of, by "including", "among", "include", or a bare number in
    apposition to it ("Four people - one with broken bones, 3 with burns - are treated")."""
    if node.dep_ == "pobj" and node.head.lower_ in PART_PREPS:
        return node.head.head
    if node.dep_ == "appos" and node.pos_ == "NUM" and node.head.pos_ in ("NOUN", "PROPN"):
        return node.head
    for tok in [node] + preds[:1]:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "among":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    if node.dep_ in ("dobj", "obj") and lower_lemma(node.head) == "include":
        return next((c for c in node.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None
