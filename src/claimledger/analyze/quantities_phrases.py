"""The phrase around a number: a range ("between 5 and 7"), the modifiers before and after
it ("at least", "or more"), and whether it counts anything at all (not a year, a date, a
clock time, a duration, a calibre, a list marker, a name or identifier, the pronoun "one")."""

from __future__ import annotations

import re

from spacy.tokens import Token

from .quantities_doc import ParsedDoc, lower_lemma
from .quantities_numbers import Atom, atom_at, start_candidates

MONTHS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec",
}
YEAR_PREPS = {"in", "since", "by", "until", "till", "from", "before", "after", "during", "of", "early", "late",
              "mid", "mid-", "spring", "summer", "autumn", "fall", "winter", "year", "the"}
CLOCK_WORDS = {"am", "pm", "a.m.", "p.m.", "gmt", "bst", "utc", "cet", "o'clock", "hrs", "local"}
# A number inside an entity of these types is part of a name.
NAME_ENTS = {"ORG", "FAC", "PRODUCT", "WORK_OF_ART", "EVENT", "LAW", "PERSON", "GPE", "LOC"}


def _verb_particle(tok: Token) -> bool:
    """A word of a phrasal verb or the verb's own preposition, not a modifier of the number."""
    return tok.dep_ == "prt" or (tok.dep_ == "prep" and tok.head.pos_ in ("VERB", "AUX"))


# a parenthesis that holds only numbers ("(10, 11)", "[3-5]"): references to the studies cited
CITATION_BEFORE = re.compile(r"[(\[](?:\s*\d+\s*[,;\-\u2013]\s*)*$")
CITATION_AFTER = re.compile(r"(?:\s*[,;\-\u2013]\s*\d+)*\s*[)\]]")

class NumberPhrases(ParsedDoc):
    """Ranges, modifiers and exclusions around the number atoms of a Doc."""

    # ---- atoms, ranges, modifiers -------------------------------------------------
    def atoms(self) -> list[tuple[Atom, Atom | None, int, int]]:
        """(first atom, second atom of a range or None, phrase start token, phrase end token)."""
        doc, out, i = self.doc, [], 0
        n = len(doc)
        for at in start_candidates(doc, self.text):
            if at < i:
                continue  # inside the last phrase
            i = at
            atom = atom_at(doc, i, n)
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
        longest = len(self.mods[0][0]) if self.mods else 0  # the table is sorted longest first
        before = [t.lower_ for t in doc[max(0, start - longest):start]]  # read once, not per phrase
        for phrase, mod in self.mods:
            k = len(phrase)
            if start - k < 0:
                continue
            if before[len(before) - k:] == phrase:
                if k == 1 and _verb_particle(doc[start - 1]):
                    continue  # "ran over two soldiers", "handed over two prisoners": the verb's, not "more than"
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
        if atom.digits and prev is not None and prev.like_num and prev.text[:1].isdigit() and \
                nxt is not None and nxt.pos_ == "PROPN":
            return "name"  # "roughly 400 737 Max jets": the second number names the model
        if CITATION_BEFORE.search(self.text, max(0, char_start - 20), char_start) and \
                CITATION_AFTER.match(self.text, char_end):
            return "citation"  # "can boost metabolism and weight loss (10, 11)": the studies cited
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
        if nxt is not None and nxt.text in ("-", "of") and end + 1 < n:
            unit_tok = doc[end + 1]  # "three-week", "hundreds of thousands of years"
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
        """"One was shot dead", "one of the victims", "two people on the bus and one in a taxi",
        "four people - one with broken bones":
        a lone "one" that counts people, not the pronoun of "one of the reasons"."""
        if one.dep_ in ("nsubj", "nsubjpass", "dobj") and self.reader.entry(one.head) is not None:
            return True
        if one.dep_ == "conj" and self.reader.entry(one.head) is not None:
            return True
        if one.dep_ == "appos" and any(c.dep_ == "nummod" for c in one.head.children):
            return True  # "Four people - one with broken bones": a part of a counted group
        of = next((c for c in one.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        obj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        return obj is not None and (lower_lemma(obj) in self.persons or obj.lower_ in self.persons)
