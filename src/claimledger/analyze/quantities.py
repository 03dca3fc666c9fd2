"""Quantities: the figures a claim states, what they count and how sure the wording is.

``extract_quantities(doc)`` returns :class:`~claimledger.records.Quantity` records with
offsets relative to ``doc.text``.  What it reads:

* numbers in digits and words, scales ("1.5 million", "5bn"), vague plurals
  ("thousands": value None, low 2000, flag ``vague``);
* ranges ("between 5 and 7", "5-7", "5 to 7", "5 or 6"): modifier ``range``, low/high;
* modifiers before the number ("around", "over", "at least", "up to", ...; see
  ``lexicons/quantity_modifiers.tsv``) and after it ("or more", "-plus", "or so");
* the counted thing: the noun phrase headed by the counted noun with its
  coordination ("tanks and armoured fighting vehicles"), ``counted_start/end``;
  an elided noun ("498 soldiers killed and 1,500 wounded") is taken from the
  figure it is coordinated with and flagged ``counted_inferred``;
* rates ("per day", "a day", "daily") in ``rate_unit``;
* the category from the counted noun and the governing predicate, see
  ``lexicons/casualty_words.tsv``.  Choice: people "lost" count as ``casualties``
  (military losses include the wounded, captured and missing), "injured or killed"
  together is ``casualties``; equipment nouns make ``equipment`` whatever the verb;
* the ``measure`` (``records.MEASURES``) and ``population`` from the parse and
  ``lexicons/measure_words.tsv`` / ``population.tsv`` (see ``quantities_measure``); a part
  takes its whole's measure ("30 detained, including 22 police officers");
* value bounds by the incidents_dev convention, ``polarity``, time ``scope`` with ``since``
  and ``as_of``, and the ``non_casualty`` flag (see ``figure_scope``);
* the side when stated by a demonym or country in the counted phrase ("Russian");
* malformed digit groups ("1,5000"): value None, flag ``malformed``, never repaired;
  "750 out of 1,5000" marks the part (``part_of_total``, ``attrs["part_of"]``) and the
  total (``total``).

Not counts, and skipped: years, days of a month, clock times, durations ("three-week",
"four weeks": the time extractor reads them), ordinals ("155th"), list markers,
numbers inside weapon names ("T-72", "Leopard 2") and calibres ("155 mm"), and numbers in
URLs, file names, hashtags and long codes ("img_3500000000000000000.jpg").
Percentages, money and measures are kept with category ``other``, their ``unit`` set
and a flag ``percent`` / ``money`` / ``measure``.

Where: the finder's parts are ``quantities_phrases`` (ranges, modifiers, exclusions),
``quantities_counted`` (the counted thing, category, side, rate, unit) and
``quantities_relations`` (figures read together), on ``quantities_doc``.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..records import MEASURE_CATEGORY, Quantity
from .figure_facts import Facts
from .figure_scope import finish, in_code_or_url
from .quantities_counted import CURRENCY_SYMBOLS, CountedThing
from .quantities_doc import lower_lemma
from .quantities_numbers import Atom
from .quantities_phrases import NumberPhrases
from .quantities_relations import FigureRelations

ARMED_POPULATIONS = {"militants", "fighters", "troops", "police", "commanders"}


class _Finder(NumberPhrases, CountedThing, FigureRelations):
    """One pass over a Doc: number atoms -> Quantity records."""

    def run(self) -> list[Quantity]:
        found: list[tuple[Quantity, int, int, int | None]] = []  # record, first token, end token, head
        facts: list[Facts] = []
        for atom, second, start, end in self.atoms():
            if atom.malformed is False and atom.value is None and not atom.vague:
                continue
            if self.not_a_count(atom, start, end) or in_code_or_url(self.text, self.doc[start].idx,
                                                                     self.doc[end - 1].idx + len(self.doc[end - 1])):
                continue
            figure = self._figure(atom, second, start, end)
            found.append(figure[0])
            facts.append(figure[1])
        self._relations(found)
        self._inherit_measures([f[0] for f in found], facts)
        finish(self.doc, [f[0] for f in found], facts)
        for q, *_ in found:
            if q.measure != "other" or q.population:
                # the measure read from the parse decides; the old lemma class can disagree ("assault
                # two soldiers, one of whom later died" is no count of the killed)
                q.category = MEASURE_CATEGORY[q.measure]
        return [q for q, *_ in found]

    def _values(self, atom: Atom, second: Atom | None, start: int, end: int) -> tuple[Quantity, int, int, int]:
        """The figure's span, value and modifier: (record, phrase start token, end token, end after units)."""
        doc = self.doc
        mod, mstart = self.modifier_before(start)
        if mod is None and start > 0 and doc[start - 1].text in CURRENCY_SYMBOLS:
            mod, mstart = self.modifier_before(start - 1)  # "at least $125million"
            mstart = mstart if mod else start
        post, end = self.modifier_after(end)
        first = mstart if mod else start
        q = Quantity(start=doc[first].idx, end=doc[end - 1].idx + len(doc[end - 1]), text="")
        q.text = self.text[q.start:q.end]
        if atom.malformed or (second is not None and second.malformed):
            q.flags.append("malformed")
        if second is not None or atom.high_value is not None:
            q.low = atom.value
            q.high = second.value if second is not None else atom.high_value
            q.modifier = "range"
            if q.low is not None and q.high is not None and (q.low == 0 or q.high <= q.low):
                q.flags.append("score")  # "dropped to 0-13", "a 66-51 loss", "a 10-8 round": no count
        elif atom.vague:
            q.low, q.modifier = atom.low, mod or "approx"
            q.flags.append("vague")
        else:
            q.value = atom.value
            q.modifier = mod or post or ("approx" if atom.round_word else "exact")
        unit, unit_flag, after = self.unit(start, end)
        if unit_flag:
            q.unit = unit
            q.flags.append(unit_flag)
        return q, first, end, after

    def _figure(self, atom: Atom, second: Atom | None, start: int,
                end: int) -> tuple[tuple[Quantity, int, int, int | None], Facts]:
        doc = self.doc
        q, first, end, after = self._values(atom, second, start, end)
        if q.unit is not None:
            return (q, start, after, None), Facts(node=doc[atom.end - 1])
        _, sent_end = self.sent_of[atom.start]
        counted = self.counted(after, sent_end)
        head = doc[counted[2]] if counted is not None else None
        self._counted_span(q, counted, after, first)
        # the argument whose predicates decide: the noun, or the number in "thousands of X"
        node = head if head is not None and doc[after].lower_ != "of" else doc[atom.end - 1]
        preds = self.governing(node, self._next_predicate(counted[1] if counted else after, sent_end))
        q.category = self.category(head, preds)
        q.measure, evidence = self.reader.measure(head, node, preds, self.is_person(head), self.is_equipment(head))
        q.population = self.reader.population(doc[counted[0]:counted[1]] if counted else None, head, q.side)
        if counted is not None and q.population in ARMED_POPULATIONS:
            q.side = self._group_side(counted[0], counted[2]) or q.side
        if counted is None:
            evidence = self._subject_counted(q, node) or evidence
            if after < sent_end and doc[after].pos_ in ("VERB", "ADJ", "NOUN"):  # "1,500 wounded", "12 dead"
                hit = self.casualty.get(lower_lemma(doc[after])) or self.casualty.get(doc[after].lower_)
                q.category = hit[0] if hit else q.category
                entry = self.reader.entry(doc[after])
                if entry is not None:
                    q.measure, evidence = entry.measure, True
        if _model_number(doc, atom.end, head, q):
            q.flags.append("label")
        if FRACTION_AFTER.match(self.text, doc[atom.end - 1].idx + len(doc[atom.end - 1])):
            q.flags.append("percent")  # "about one-quarter of renters": a share, not one person
        facts = Facts(node=node, head=head, preds=preds, evidence=evidence, person=self.is_person(head),
                      head_measured=head is not None and self.reader.entry(head) is not None)
        return (q, start, after, counted[2] if counted else None), facts

    def _counted_span(self, q: Quantity, counted: tuple[int, int, int] | None, after: int, first: int) -> None:
        doc = self.doc
        if counted is not None:
            c_start, c_stop, head_i = counted
            q.counted_start, q.counted_end = doc[c_start].idx, doc[c_stop - 1].idx + len(doc[c_stop - 1])
            q.counted = self.text[q.counted_start:q.counted_end]
            q.side = self.side(c_start, c_stop, head_i, first)
            q.rate_unit = self.rate(c_stop, c_start, c_stop)
        else:
            q.side = self.side(after, after, None, first)
            q.rate_unit = self.rate(after, after, after)


FRACTION_AFTER = re.compile(r"\s*-?\s*(?:quarters?|thirds?|fifths?|sixths?|eighths?|tenths?|halves)\b", re.I)
# nouns whose singular form also counts many ("40 aircraft", "300 personnel")
_SAME_PLURAL = frozenset({"aircraft", "personnel", "police", "staff", "crew", "infantry", "cavalry", "artillery",
                          "militia", "livestock", "sheep", "deer", "fish", "people"})


def _model_number(doc: Doc, after: int, head: Token | None, q: Quantity) -> bool:
    """"its popular 737 Max jet": a number before a name and a singular noun designates a model,
    counts nothing ("400 737 Max jets" counts 400)."""
    if head is None or q.value is None or q.value <= 1 or after >= len(doc) or doc[after].pos_ != "PROPN":
        return False
    if after >= 2 and doc[after - 2].like_num and doc[after - 2].dep_ == "nummod":
        return True  # "400 737 Max jets": the second number is the model's
    return head.tag_ == "NN" and head.lemma_.lower() not in _SAME_PLURAL and not head.lower_.endswith("s")


def extract_quantities(doc: Doc) -> list[Quantity]:
    """All figures in a parsed Doc, in text order, offsets relative to ``doc.text``."""
    return _Finder(doc).run()
