"""What a figure counts: the counted noun phrase with its coordination, the predicates over
it, its category, the side named in it, a rate, a unit, or a tally noun in the subject ("the
death toll rose to 45")."""

from __future__ import annotations

from spacy.tokens import Token

from ..records import Quantity
from .lexicons import mapping
from .quantities_doc import ParsedDoc, lower_lemma
from .quantities_measure import combine

RATE_WORDS = {"per", "a", "an", "each", "every"}
RATE_ADVERBS = {"daily": "day", "weekly": "week", "monthly": "month", "hourly": "hour", "nightly": "night",
                "yearly": "year", "annually": "year"}
CURRENCY_SYMBOLS = {"$": "USD", "£": "GBP", "€": "EUR", "₴": "UAH", "₽": "RUB"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "pounds": "GBP", "euros": "EUR", "euro": "EUR",
                  "roubles": "RUB", "rubles": "RUB", "hryvnias": "UAH", "hryvnia": "UAH"}
# Raising and reporting verbs whose complement carries the casualty verb:
# "are believed to have lost", "is said to have killed".
RAISING = {"believe", "think", "say", "report", "estimate", "fear", "understand", "expect", "seem", "appear",
           "claim", "suggest", "know", "thought", "confirm", "allege"}
# Verbs that make someone do the casualty verb: "were forced to flee".
CAUSATIVE = {"force", "compel", "oblige", "drive"}
# Nouns that name a tally whose figure comes later: "the death toll rose to 45".
MEASURE_NOUNS = {"toll", "number", "total", "figure", "count", "tally"}
NP_DEPS = {"nsubj", "nsubjpass", "dobj", "obj", "attr", "oprd", "appos"}


class CountedThing(ParsedDoc):
    """The counted noun phrase of a figure and what the parse says about it."""

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
                    or (tok.pos_ == "ADV" and k + 1 < limit and (doc[k + 1].pos_ == "ADJ" or (
                        doc[k + 1].pos_ == "VERB" and doc[k + 1].dep_ in ("amod", "compound")))):  # "fully loaded"
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
        if node.dep_ == "pobj" and node.head.lower_ == "of" and node.head.head.lemma_.lower() in TOTAL_NOUNS:
            node = node.head.head  # "killed a total of 346 people": the total is the verb's object
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
                if child.dep_ in ("acomp", "oprd") or (child.dep_ == "xcomp" and lower_lemma(p) in RAISING | CAUSATIVE):
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
        return head is None or lower_lemma(head) in self.persons or head.lower_ in self.persons or \
            head.ent_type_ == "NORP" or head.text in self.demonyms

    def is_equipment(self, head: Token | None) -> bool:
        if head is not None and lower_lemma(head) in AMMUNITION_ONLY and not self._says_ammunition(head):
            return False  # "six-plus rounds" of a fight, "a 10-8 round": not ammunition
        if head is not None and lower_lemma(head) == "tank" and any(
                c.dep_ in ("amod", "compound") and c.lower_ in CONTAINER_WORDS for c in head.children):
            return False  # "five propane tanks" in a burning van, "a think tank"
        return head is not None and (lower_lemma(head) in self.equipment or head.lower_ in self.equipment or
                                     any(head.idx >= s and head.idx < e for s, e in self.weapons))

    def _says_ammunition(self, head: Token) -> bool:
        """A modifier names a weapon of the equipment lexicon ("artillery rounds", "tank rounds") or
        ammunition itself ("rounds of ammunition", "7.62mm rounds")."""
        near = [c for c in head.children if c.dep_ in ("amod", "compound", "nmod")]
        near += [o for p in head.children if p.dep_ == "prep" and p.lower_ == "of" for o in p.children]
        return any(lower_lemma(t) in self.equipment or lower_lemma(t) in AMMUNITION_WORDS or t.lower_.endswith("mm")
                   for t in near)

    def category(self, head: Token | None, preds: list[Token]) -> str:
        """The legacy coarse class (casualty_words.tsv); ``measure`` is the vocabulary to use."""
        if head is not None:
            if self.is_equipment(head):
                return "equipment"
            noun_cat = self.casualty.get(lower_lemma(head)) or self.casualty.get(head.lower_)
            if noun_cat and not noun_cat[1]:
                return noun_cat[0]
        is_person = self.is_person(head)
        cats: set[str] = set()
        for pred in preds:
            hit = self.casualty.get(lower_lemma(pred)) or self.casualty.get(pred.lower_)
            if hit and (is_person or not hit[1]):
                cats.add(hit[0])
        if head is not None:
            for child in head.children:  # "wounded soldiers", "dead civilians"
                hit = self.casualty.get(lower_lemma(child)) if child.dep_ == "amod" else None
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

    def _subject_counted(self, q: Quantity, node: Token) -> bool:
        """"The death toll rose to 45", "bringing the number of fighters killed to 39": the
        tally noun says what the figure counts.  True when it gave the measure."""
        verb = node.head.head if node.dep_ == "pobj" else node.head if node.dep_ in ("dobj", "attr") else None
        if verb is None or verb.pos_ not in ("VERB", "AUX"):
            return False
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        tally = next((c for c in verb.children if c.dep_ in ("dobj", "obj") and lower_lemma(c) in MEASURE_NOUNS
                      and c.i != node.i), None)
        if tally is None:  # "bringing the number of fighters killed to 39"
            tally = next((a for a in list(node.ancestors)[:6] if lower_lemma(a) in MEASURE_NOUNS), None)
        if tally is not None and node.dep_ == "pobj" and node.head.lower_ == "to":
            subj = tally
        if subj is None or subj.pos_ not in ("NOUN", "PROPN"):
            return False
        toks = [t for t in subj.subtree if t.dep_ not in ("det", "poss", "punct") and t.i <= subj.i + 3]
        if not toks:
            return False
        words_ = {lower_lemma(t) for t in subj.subtree} | {t.lower_ for t in subj.subtree}
        cats = {self.casualty[w][0] for w in words_ if w in self.casualty}
        measures = [self.reader.entry(t) for t in subj.subtree]
        measures_ = [m.measure for m in measures if m is not None]
        if not (cats or measures_ or lower_lemma(subj) in MEASURE_NOUNS):
            return False
        if measures_ and q.measure == "other":
            q.measure = combine(measures_)
        q.counted_start, q.counted_end = toks[0].idx, toks[-1].idx + len(toks[-1])
        q.counted = self.text[q.counted_start:q.counted_end]
        q.flags.append("counted_subject")
        if cats and q.category == "other":
            q.category = cats.pop() if len(cats) == 1 else "casualties"
        return bool(measures_)


def _adjectival(text: str) -> str:
    """'Russians' -> 'Russian', 'Britons' -> 'Briton' (one word per side)."""
    if text[:1].isupper() and text.endswith("s") and text[:-1] in mapping("demonyms.tsv", lower=False):
        return text[:-1]
    return text


# nouns that only frame the count after them ("a total of 346 people")
TOTAL_NOUNS = frozenset({"total", "tally", "maximum", "minimum"})
# Heads that count equipment only when the phrase says it is ammunition ("rounds of ammunition",
# "artillery rounds"); otherwise a round is a boxing round or a round of talks.
AMMUNITION_ONLY = frozenset({"round"})
# what a tank holds when it is no armoured vehicle
CONTAINER_WORDS = frozenset({"propane", "gas", "fuel", "petrol", "gasoline", "diesel", "oil", "water", "septic",
                             "storage", "oxygen", "scuba", "fish", "think", "holding", "chemical"})
# ammunition words beside the weapons of the equipment lexicon
AMMUNITION_WORDS = frozenset({"ammunition", "ammo", "bullet", "machine", "sniper", "mm", "calibre", "caliber", "live"})
