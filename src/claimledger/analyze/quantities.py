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
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Token

from ..records import Quantity
from .entities_rules import weapon_spans
from .figure_scope import Facts, finish, in_code_or_url
from .lexicons import mapping, table, words
from .quantities_measure import combine, measure_reader
from .quantities_numbers import Atom, atom_at, may_start

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}
YEAR_PREPS = {"in", "since", "by", "until", "till", "from", "before", "after", "during", "of", "early", "late",
              "mid", "mid-", "spring", "summer", "autumn", "fall", "winter", "year", "the"}
RATE_WORDS = {"per", "a", "an", "each", "every"}
RATE_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "hourly": "hour", "nightly": "night",
                "yearly": "year", "annually": "year"}
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "₴": "UAH", "₽": "RUB"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "pounds": "GBP", "euros": "EUR", "euro": "EUR",
                  "roubles": "RUB", "rubles": "RUB", "hryvnias": "UAH", "hryvnia": "UAH"}
CLOCK_WORDS = {"am", "pm", "a.m.", "p.m.", "gmt", "bst", "utc", "cet", "o'clock", "hrs", "local"}
# Raising and reporting verbs whose complement carries the casualty verb:
# "are believed to have lost", "is said to have killed".
RAISING = {"believe", "think", "say", "report", "estimate", "fear", "understand", "expect", "seem", "appear",
           "claim", "suggest", "know", "thought", "confirm", "allege"}
# Verbs that make someone do the casualty verb: "were forced to flee".
CAUSATIVE = {"force", "compel", "oblige", "drive"}
# A number inside an entity of these types is part of a name.
NAME_ENTS = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "PERSON", "GPE", "LOC"}
# Nouns that name a tally whose figure comes later: "the death toll rose to 45".
MEASURE_NOUNS = {"toll", "number", "total", "figure", "count", "tally"}
ARMED_POPULATIONS = {"militants", "fighters", "troops", "police", "commanders"}
PART_PREPS = {"including", "among", "includes"}
NP_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "attr", "oprd", "appos"}


def _modifiers() -> list[tuple[list[str], str]]:
    rows = [(phrase.split(), mod) for phrase, mod in table("quantity_modifiers.tsv")]
    return sorted(rows, key=lambda r: -len(r[0]))


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


class _Finder:
    """One pass over a Doc: number atoms -> Quantity records."""

    def __init__(self, doc: Doc):
        self.doc = doc
        self.text = doc.text  # Doc.text joins every token on each access: read it once
        self.ents = list(doc.ents)  # so is Doc.ents
        # sentence of each token (Token.sent walks the sentence on every call)
        self.sent_of: list[tuple[int, int]] = [(0, len(doc))] * len(doc)
        if doc.has_annotation("SENT_START"):
            for sent in doc.sents:
                self.sent_of[sent.start:sent.end] = [(sent.start, sent.end)] * (sent.end - sent.start)
        self.weapons = weapon_spans(doc)
        self.units = {k: (u, kind) for k, u, kind in table("measure_units.tsv")}
        self.time_units = mapping("time_units.tsv")
        self.casualty = {row[0]: (row[1], len(row) > 2 and row[2] == "person") for row in table("casualty_words.tsv")}
        self.equipment = words("equipment_nouns.txt")
        self.persons = words("person_nouns.txt")
        self.demonyms = mapping("demonyms.tsv", lower=False)
        self.mods = _modifiers()
        self.reader = measure_reader()

    # ---- atoms, ranges, modifiers -------------------------------------------------
    def atoms(self) -> list[tuple[Atom, Atom | None, int, int]]:
        """(first atom, second atom of a range or None, phrase start token, phrase end token)."""
        doc, out, i = self.doc, [], 0
        n = len(doc)
        while i < n:
            tok = doc[i]
            atom = atom_at(doc, i, n) if may_start(tok.text, tok.lower_) else None
            if atom is None:
                i += 1
                continue
            start, end, second = atom.start, atom.end, None
            # "between 5 and 7", "from 5 to 7", "5 to 7", "5 - 7", "5 or 6"
            if end + 1 < n and doc[end].lower_ in ("and", "to", "-", "\u2013", "\u2014", "or"):
                nxt = atom_at(doc, end + 1, n)
                prev = doc[start - 1].lower_ if start > 0 else ""
                joins = doc[end].lower_
                ok = nxt is not None and not nxt.vague and not atom.vague and (
                    (joins == "and" and prev == "between") or joins in ("to", "-", "\u2013", "\u2014", "or"))
                if ok and joins == "to" and prev not in ("from", "between") and doc[end + 1].lower_ in MONTHS:
                    ok = False
                if ok:
                    second, end = nxt, nxt.end
                    if prev in ("between", "from"):
                        start -= 1
            out.append((atom, second, start, end))
            i = end
        return out

    def modifier_before(self, start: int) -> tuple[str | None, int]:
        doc = self.doc
        for phrase, mod in self.mods:
            k = len(phrase)
            if start - k < 0:
                continue
            if [t.lower_ for t in doc[start - k:start]] == phrase:
                # "some" and "about" only when they do not govern something else
                return mod, start - k
        return None, start

    def modifier_after(self, end: int) -> tuple[str | None, int]:
        doc, n = self.doc, len(self.doc)
        nxt = [t.lower_ for t in doc[end:end + 2]]
        if nxt[:2] == ["or", "more"]:
            return "at_least", end + 2
        if nxt[:2] == ["or", "so"]:
            return "approx", end + 2
        if nxt[:2] in (["-", "plus"], ["-", "odd"]) and end + 1 < n:
            return ("over" if nxt[1] == "plus" else "approx"), end + 2
        if nxt[:1] == ["plus"] and end + 1 < n and doc[end + 1].pos_ in ("NOUN", "PROPN"):
            return "over", end + 1
        return None, end

    # ---- exclusions -----------------------------------------------------------------
    def not_a_count(self, atom: Atom, start: int, end: int) -> str | None:
        """Why the number is not a figure worth a Quantity (None: keep it)."""
        doc, n = self.doc, len(self.doc)
        first, last = doc[atom.start], doc[end - 1]
        prev = doc[start - 1] if start > 0 else None
        nxt = doc[end] if end < n else None
        char_start, char_end = doc[start].idx, last.idx + len(last)
        if any(s <= char_start < e or s < char_end <= e for s, e in self.weapons):
            return "weapon"
        if first.ent_type_ in NAME_ENTS:
            return "name"  # "One World Trade Center", "Channel 4 News", "Apollo 11"
        if atom.digits and atom.value is not None and "," not in first.text:
            v = atom.value
            if v == int(v) and 1 <= v <= 31 and (
                    (prev is not None and prev.lower_.rstrip(".") in MONTHS)
                    or (nxt is not None and (nxt.lower_.rstrip(".") in MONTHS
                                             or (nxt.lower_ == "of" and end + 1 < n
                                                 and doc[end + 1].lower_ in MONTHS)))):
                return "date"
            if v == int(v) and 1800 <= v <= 2100 and len(first.text) == 4 and (
                    (prev is not None and (prev.lower_ in YEAR_PREPS or prev.lower_.rstrip(".") in MONTHS))
                    or nxt is None or nxt.pos_ not in ("NOUN", "PROPN") or first.ent_type_ == "DATE"):
                return "year"
        if nxt is not None and (":" in first.text or nxt.lower_ in CLOCK_WORDS):
            local_time = nxt.lower_ != "local" or (end + 1 < n and doc[end + 1].lower_ == "time")
            if local_time:  # "10 local time", not "22 local police officers"
                return "time"
        unit_tok = nxt
        if nxt is not None and nxt.text == "-" and end + 1 < n:
            unit_tok = doc[end + 1]
        if unit_tok is not None and unit_tok.lower_ in self.time_units:
            return "duration"
        if unit_tok is not None and self.units.get(unit_tok.lower_, ("", ""))[1] == "calibre":
            return "calibre"
        if start == 0 or self.text[:char_start].rstrip(" \t").endswith("\n"):
            if nxt is not None and nxt.text in (".", ")") and atom.value is not None and atom.value < 100:
                return "list"
        # "Article 5", "Unit 29155", "Phase 2": a number after the name it identifies.
        if prev is not None and atom.digits and prev.pos_ == "PROPN" and prev.text[:1].isupper() \
                and prev.lower_.rstrip(".") not in MONTHS and prev.ent_type_ not in ("NORP", "GPE", "ORG") \
                and (nxt is None or nxt.pos_ not in ("NOUN",)) and first.head.i == prev.i:
            return "identifier"
        if first.lower_ == "one" and prev is not None and prev.lower_ in ("no", "any", "every", "the"):
            return "pronoun"  # "no one else was injured", "the one who fled"
        if first.lower_ == "one" and atom.end - atom.start == 1 and first.dep_ != "nummod" \
                and not self._counted_one(first):
            return "pronoun"
        return None

    def _counted_one(self, one: Token) -> bool:
        """"One was shot dead", "one of the victims", "two people on the bus and one in a taxi":
        a lone "one" that counts people, not the pronoun of "one of the reasons"."""
        if one.dep_ in ("nsubj", "nsubjpass", "dobj") and self.reader.entry(one.head) is not None:
            return True
        if one.dep_ == "conj" and self.reader.entry(one.head) is not None:
            return True
        of = next((c for c in one.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return obj is not None and (_lemma(obj) in self.persons or obj.lower_ in self.persons)

    # ---- counted noun phrase ------------------------------------------------------
    def _in_weapon(self, tok: Token) -> bool:
        return any(s <= tok.idx < e for s, e in self.weapons)

    def _np_run(self, j: int, limit: int) -> tuple[int, int, int] | None:
        """Noun phrase starting at token j: (start, end, head index) or None."""
        doc = self.doc
        k = j
        while k < limit:
            tok = doc[k]
            weapon = self._in_weapon(tok)
            if weapon and k + 1 < limit and (self._in_weapon(doc[k + 1]) or doc[k + 1].pos_ == "NOUN"):
                k += 1  # "Leopard 2 tanks", "T-72 tanks": the name modifies the noun
                continue
            if tok.text in ("'s", "\u2019s", "'", "\u2019"):
                break
            nounish = tok.pos_ in ("NOUN", "PROPN") or weapon
            if nounish or tok.pos_ == "ADJ" or (tok.pos_ == "VERB" and tok.dep_ in ("amod", "compound")) \
                    or (tok.text == "-" and k > j and k + 1 < limit and doc[k + 1].pos_ in ("ADJ", "NOUN")) \
                    or (tok.pos_ == "ADV" and k + 1 < limit and doc[k + 1].pos_ == "ADJ"):
                head = tok.head
                inside = k < head.i <= k + 6 and head.pos_ in ("NOUN", "PROPN")
                if nounish and not inside:
                    return j, k + 1, k  # head: its own head lies outside the phrase
                k += 1
                continue
            break
        for h in range(k - 1, j - 1, -1):  # fall back on the last noun of the run
            if doc[h].pos_ in ("NOUN", "PROPN"):
                return j, h + 1, h
        return None

    def counted(self, end: int, limit: int) -> tuple[int, int, int] | None:
        doc = self.doc
        j = end
        if j < limit and doc[j].lower_ == "of":  # "thousands of troops", "dozens of tanks"
            j += 1
            while j < limit and doc[j].pos_ in ("DET", "PRON") and doc[j].lower_ not in ("which", "whom"):
                j += 1
        if j < limit and doc[j].lower_ in self.time_units:
            return None
        run = self._np_run(j, limit)
        if run is None:
            return None
        start, stop, head = run
        # coordination: "tanks and armoured fighting vehicles", "tanks, APCs and trucks"
        conj_of = {head}
        k = stop
        while k + 1 < limit and doc[k].lower_ in (",", "and", "or"):
            step = k + 1
            if doc[k].text == "," and step < limit and doc[step].lower_ in ("and", "or"):
                step += 1
            if step >= limit or doc[step].like_num or doc[step].pos_ in ("NUM", "DET"):
                break
            nxt = self._np_run(step, limit)
            if nxt is None or doc[nxt[2]].dep_ != "conj" or doc[nxt[2]].head.i not in conj_of:
                break
            conj_of.add(nxt[2])
            stop = nxt[1]
            k = stop
        return start, stop, head

    # ---- category, side, rate -----------------------------------------------------
    def _predicates(self, node: Token) -> list[Token]:
        """The predicates a noun phrase is an argument of, through conj, xcomp and raising."""
        while node.dep_ == "conj" and node.head is not node and node.head.pos_ in ("NOUN", "PROPN", "NUM"):
            node = node.head
        preds: list[Token] = []
        if node.dep_ in NP_DEPS or node.dep_ == "conj":
            preds.append(node.head)
        elif node.dep_ == "pobj" and node.head.lower_ in ("of", "among") and node.head.head.pos_ == "NOUN":
            preds.append(node.head.head)  # "the deaths of 300 soldiers", "the killing of 12"
        for child in node.children:  # "300 soldiers who were killed", "12 people dead"
            if child.dep_ in ("relcl", "acl", "amod"):
                preds.append(child)
        out: list[Token] = []
        seen: set[int] = set()
        # coordinated verbs share a subject ("were injured or killed"), not an object
        # ("killed 12 people and injured 30")
        shared = node.dep_ in ("nsubj", "nsubjpass")
        while preds:
            p = preds.pop(0)
            if p.i in seen:
                continue
            seen.add(p.i)
            out.append(p)
            # a coordinated verb with its own subject is another clause ("... and 1,500 wounded")
            if shared:
                preds.extend(c for c in p.conjuncts
                             if not any(ch.dep_ in ("nsubj", "nsubjpass") for ch in c.children))
            for child in p.children:
                if child.dep_ in ("acomp", "oprd") or (child.dep_ == "xcomp" and _lemma(p) in RAISING | CAUSATIVE):
                    preds.append(child)
                elif child.dep_ == "prep" and child.lower_ == "as" and p.pos_ == "VERB":
                    # "registered as having disappeared", "listed as missing"
                    preds.extend(c for c in child.children if c.dep_ in ("pcomp", "acomp", "amod", "pobj"))
        return out

    def _next_predicate(self, after: int, limit: int) -> Token | None:
        """The verb right after a phrase, past auxiliaries: "17 commanders [may have been] lost"."""
        doc, k = self.doc, after
        while k < limit and doc[k].pos_ in ("AUX", "ADV", "PART"):
            k += 1
        if k < limit and doc[k].pos_ in ("VERB", "ADJ") and \
                not any(ch.dep_ in ("nsubj", "nsubjpass") and ch.i >= after for ch in doc[k].children):
            return doc[k]
        return None

    def governing(self, node: Token, next_pred: Token | None) -> list[Token]:
        """The predicates that say what happened to the counted thing."""
        preds = self._predicates(node)
        if next_pred is not None and next_pred not in preds:
            preds.append(next_pred)
        return preds

    def is_person(self, head: Token | None) -> bool:
        return head is None or _lemma(head) in self.persons or head.lower_ in self.persons or \
            head.ent_type_ == "NORP" or head.text in self.demonyms

    def is_equipment(self, head: Token | None) -> bool:
        return head is not None and (_lemma(head) in self.equipment or head.lower_ in self.equipment or
                                     any(head.idx >= s and head.idx < e for s, e in self.weapons))

    def category(self, head: Token | None, preds: list[Token]) -> str:
        """The legacy coarse class (casualty_words.tsv); ``measure`` is the vocabulary to use."""
        if head is not None:
            if self.is_equipment(head):
                return "equipment"
            noun_cat = self.casualty.get(_lemma(head)) or self.casualty.get(head.lower_)
            if noun_cat and not noun_cat[1]:
                return noun_cat[0]
        is_person = self.is_person(head)
        cats: set[str] = set()
        for pred in preds:
            hit = self.casualty.get(_lemma(pred)) or self.casualty.get(pred.lower_)
            if hit and (is_person or not hit[1]):
                cats.add(hit[0])
        if head is not None:
            for child in head.children:  # "wounded soldiers", "dead civilians"
                hit = self.casualty.get(_lemma(child)) if child.dep_ == "amod" else None
                if hit:
                    cats.add(hit[0])
        if not cats:
            return "other"
        if len(cats) > 1:
            return "casualties"
        return cats.pop()

    def side(self, start: int, stop: int, head: int | None, phrase_start: int) -> str | None:
        doc = self.doc
        for tok in doc[start:stop]:
            if self._in_weapon(tok):
                continue
            if tok.ent_type_ in ("NORP", "GPE") or tok.text in self.demonyms:
                ent = next((e for e in self.ents if e.start <= tok.i < e.end), None)
                text = ent.text if ent is not None else tok.text
                if text.lower().startswith("the "):
                    text = text[4:]
                return _adjectival(text)
        # "Russia's 300 tanks"
        if phrase_start >= 2 and doc[phrase_start - 1].lower_ in ("'s", "\u2019s") and \
                doc[phrase_start - 2].ent_type_ in ("GPE", "NORP", "ORG"):
            return doc[phrase_start - 2].text
        return None

    def _group_side(self, start: int, head: int) -> str | None:
        """"Boko Haram militants", "Islamic State fighters": an organisation named before the head."""
        for ent in self.ents:
            if start <= ent.start and ent.end <= head and ent.label_ == "ORG":
                return ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
        return None

    def rate(self, after: int, start: int, stop: int) -> str | None:
        doc, n = self.doc, len(self.doc)
        for tok in doc[start:stop]:
            if tok.lower_ in RATE_ADVERBS:
                return RATE_ADVERBS[tok.lower_]
        if after + 1 < n and doc[after].lower_ in RATE_WORDS and doc[after + 1].lower_ in self.time_units:
            return self.time_units[doc[after + 1].lower_]
        if after < n and doc[after].lower_ in RATE_ADVERBS:
            return RATE_ADVERBS[doc[after].lower_]
        return None

    def unit(self, start: int, end: int) -> tuple[str | None, str | None, int]:
        """Percent, money or measure unit around the number: (unit, flag, new end)."""
        doc, n = self.doc, len(self.doc)
        if start > 0 and doc[start - 1].text in CURRENCY_SYMBOLS:
            return CURRENCY_SYMBOLS[doc[start - 1].text], "money", end
        if end < n:
            low = doc[end].lower_
            if low == "per" and end + 1 < n and doc[end + 1].lower_ == "cent":
                return "%", "percent", end + 2
            if low in self.units:
                unit, kind = self.units[low]
                return unit, kind, end + 1
            if low in CURRENCY_WORDS:
                return CURRENCY_WORDS[low], "money", end + 1
        return None, None, end

    # ---- the pass -----------------------------------------------------------------
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
        elif atom.vague:
            q.low, q.modifier = atom.low, mod or "approx"
            q.flags.append("vague")
        else:
            q.value = atom.value
            q.modifier = mod or post or "exact"
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
                hit = self.casualty.get(_lemma(doc[after])) or self.casualty.get(doc[after].lower_)
                q.category = hit[0] if hit else q.category
                entry = self.reader.entry(doc[after])
                if entry is not None:
                    q.measure, evidence = entry.measure, True
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

    def _subject_counted(self, q: Quantity, node: Token) -> bool:
        """"The death toll rose to 45", "bringing the number of fighters killed to 39": the
        tally noun says what the figure counts.  True when it gave the measure."""
        verb = node.head.head if node.dep_ == "pobj" else node.head if node.dep_ in ("dobj", "attr") else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            return False
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        tally = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and _lemma(c) in MEASURE_NOUNS
                      and c.i != node.i), None)
        if tally is None:  # "bringing the number of fighters killed to 39"
            tally = next((a for a in list(node.ancestors)[:6] if _lemma(a) in MEASURE_NOUNS), None)
        if tally is not None and node.dep_ == "pobj" and node.head.lower_ == "to":
            subj = tally
        if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
            return False
        toks = [t for t in subj.subtree if t.dep_ not in ("det", "poss", "punct") and t.i <= subj.i + 3]
        if not toks:
            return False
        words_ = {_lemma(t) for t in subj.subtree} | {t.lower_ for t in subj.subtree}
        cats = {self.casualty[w][0] for w in words_ if w in self.casualty}
        measures = [self.reader.entry(t) for t in subj.subtree]
        measures_ = [m.measure for m in measures if m is not None]
        if not (cats or measures_ or _lemma(subj) in MEASURE_NOUNS):
            return False
        if measures_ and q.measure == "other":
            q.measure = combine(measures_)
        q.counted_start, q.counted_end = toks[0].idx, toks[-1].idx + len(toks[-1])
        q.counted = self.text[q.counted_start:q.counted_end]
        q.flags.append("counted_subject")
        if cats and q.category == "other":
            q.category = cats.pop() if len(cats) == 1 else "casualties"
        return bool(measures_)

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
                between = [t.lower_ for t in doc[after:nxt[1]] if t.lower_ not in ("the", "a", "his", "its", "their")]
                if between in (["out", "of"], ["of"]):
                    total = nxt[0]
                    q.flags.append("part_of_total")
                    total.flags.append("total")
                    total.measure = "other"  # "300 out of 400 soldiers": the 400 were at risk, not killed
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
                elided = nxt_tok is None or nxt_tok.is_punct or _lemma(nxt_tok) in self.casualty \
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
    """The group a figure is part of, by "including", "among" or "include"."""
    if node.dep_ == "pobj" and node.head.lower_ in PART_PREPS:
        return node.head.head
    for tok in [node] + preds[:1]:
        for child in tok.children:
            if child.dep_ == "prep" and child.lower_ == "among":
                obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    return obj
    if node.dep_ in ("dobj", "obj") and _lemma(node.head) == "include":
        return next((c for c in node.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _adjectival(text: str) -> str:
    """'Russians' -> 'Russian', 'Britons' -> 'Briton' (one word per side)."""
    if text[:1].isupper() and text.endswith("s") and text[:-1] in mapping("demonyms.tsv", lower=False):
        return text[:-1]
    return text


def extract_quantities(doc: Doc) -> list[Quantity]:
    """All figures in a parsed Doc, in text order, offsets relative to ``doc.text``."""
    return _Finder(doc).run()


if not Doc.has_extension("cl_quantities"):
    Doc.set_extension("cl_quantities", default=None)


@Language.factory("claimledger_quantities")
def make_quantities(nlp: Language, name: str):
    """spaCy component: ``doc._.cl_quantities = extract_quantities(doc)``."""

    def component(doc: Doc) -> Doc:
        doc._.cl_quantities = extract_quantities(doc)
        return doc

    return component

