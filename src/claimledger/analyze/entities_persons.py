"""What stands around a person's name: a rank or an honorific before it ("Colonel", "Mr"), a
role ("foreign minister") before or after it, and the affiliation of that role ("China's")."""

from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Token

from .entities_norm import clean_name
from .lexicons import table, words


@lru_cache(maxsize=1)
def titles() -> tuple[dict[tuple[str, ...], str], set[tuple[str, ...]]]:
    ranks = {tuple(raw.split()): canon for raw, canon in table("ranks.tsv")}
    honorifics = {tuple(h.split()) for h in words("honorifics.txt", lower=False)}
    return ranks, honorifics


class Phrases:
    """Token-text phrases indexed by their first and last token, for quick matching."""

    def __init__(self, phrases):
        self.by_first: dict[str, list[tuple[str, ...]]] = {}
        self.by_last: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted(set(phrases), key=len, reverse=True):
            self.by_first.setdefault(phrase[0], []).append(phrase)
            self.by_last.setdefault(phrase[-1], []).append(phrase)

    def before(self, doc: Doc, pos: int) -> tuple[int, tuple[str, ...]] | None:
        """Longest phrase that ends right before token ``pos``."""
        if pos <= 0:
            return None
        for phrase in self.by_last.get(doc[pos - 1].text, ()):
            k = len(phrase)
            if pos - k >= 0 and tuple(t.text for t in doc[pos - k:pos]) == phrase:
                return pos - k, phrase
        return None

    def at(self, doc: Doc, pos: int, end: int) -> tuple[int, tuple[str, ...]] | None:
        """Longest phrase that starts at token ``pos`` (and ends before ``end``)."""
        for phrase in self.by_first.get(doc[pos].text, ()):
            k = len(phrase)
            if pos + k <= end and tuple(t.text for t in doc[pos:pos + k]) == phrase:
                return pos + k, phrase
        return None


@lru_cache(maxsize=1)
def title_phrases() -> tuple[Phrases, Phrases, Phrases]:
    ranks, honorifics = titles()
    return Phrases(ranks), Phrases(honorifics), Phrases(list(ranks) + list(honorifics))


class PersonAttributes:
    """Rank, honorific, role and affiliation of a person mention.  Mixed into the extractor of
    ``entities``, which sets the attributes below."""

    doc: Doc
    text: str
    ranks: dict[tuple[str, ...], str]
    rank_phrases: Phrases
    honorific_phrases: Phrases
    roles: frozenset[str]
    role_modifiers: frozenset[str]

    def person_attrs(self, start: int, end: int, mentions_by_token: dict[int, tuple]) -> dict:
        doc = self.doc
        attrs: dict = {}
        pos = start
        hit = self.rank_phrases.before(doc, pos)
        if hit is not None:
            s, phrase = hit
            attrs.update(rank=self.ranks[phrase], rank_start=doc[s].idx,
                         rank_end=doc[pos - 1].idx + len(doc[pos - 1]))
            pos = s
        else:
            hon = self.honorific_phrases.before(doc, pos)
            if hon is not None and " ".join(hon[1]).lower() not in self.roles:
                attrs["honorific"] = " ".join(hon[1])
                pos = hon[0]
        role = self._role_left(pos, mentions_by_token)
        if role is None:
            role = self._role_right(end, mentions_by_token)
        if role is not None:
            attrs.update(role)
        return attrs

    def _role_left(self, pos: int, by_tok: dict[int, tuple]) -> dict | None:
        doc = self.doc
        k = pos - 1
        if k < 0 or not self._is_role_word(doc[k]):
            return None
        left = k
        while left - 1 >= 0 and pos - left < 4:
            tok = doc[left - 1]
            if tok.lower_ in self.role_modifiers and tok.i not in by_tok:
                left -= 1
                continue
            if tok.i in by_tok or tok.pos_ not in ("NOUN", "PROPN", "ADJ") or tok.ent_type_ in ("PERSON",):
                break
            left -= 1
        out = {"role": self.text[doc[left].idx:doc[k].idx + len(doc[k])], "role_start": doc[left].idx,
               "role_end": doc[k].idx + len(doc[k]), "role_plural": _plural(doc[k])}
        aff = self._affiliation_before(left, by_tok)
        if aff:
            out.update(aff)
        return out

    def _affiliation_before(self, left: int, by_tok: dict[int, tuple]) -> dict | None:
        doc = self.doc
        j = left - 1
        if j >= 0 and doc[j].text in ("'s", "\u2019s", "'", "\u2019"):
            j -= 1
        if j >= 0 and j in by_tok:
            cs, ce, label = by_tok[j][:3]
            if label in ("GPE", "ORG", "NORP", "UNIT", "LOC"):
                return {"affiliation": clean_name(self.text[cs:ce]), "affiliation_start": cs, "affiliation_end": ce}
        return None

    def _role_right(self, end: int, by_tok: dict[int, tuple]) -> dict | None:
        """", China's foreign minister," after the name."""
        doc = self.doc
        if end >= len(doc) or doc[end].text != ",":
            return None
        k = end + 1
        aff = None
        if k < len(doc) and doc[k].lower_ == "the":
            k += 1
        if k in by_tok and by_tok[k][2] in ("GPE", "ORG", "NORP", "UNIT"):
            cs, ce = by_tok[k][:2]
            aff = {"affiliation": clean_name(self.text[cs:ce]), "affiliation_start": cs, "affiliation_end": ce}
            while k < len(doc) and k in by_tok and by_tok[k][0] == cs:
                k += 1
            if k < len(doc) and doc[k].text in ("'s", "\u2019s"):
                k += 1
        start = k
        while k < len(doc) and k - start < 4 and doc[k].pos_ in ("NOUN", "PROPN", "ADJ") and k not in by_tok:
            k += 1
        if k == start or not self._is_role_word(doc[k - 1]):
            return None
        if k < len(doc) and not (doc[k].is_punct or doc[k].lower_ in ("of", "for", "at", "said", "says", "and")):
            return None
        out = {"role": self.text[doc[start].idx:doc[k - 1].idx + len(doc[k - 1])], "role_start": doc[start].idx,
               "role_end": doc[k - 1].idx + len(doc[k - 1]), "role_plural": _plural(doc[k - 1])}
        if aff is None and k + 1 < len(doc) and doc[k].lower_ in ("of", "for", "at"):
            j = k + 1 + (doc[k + 1].lower_ == "the")
            if j in by_tok:
                cs, ce = by_tok[j][:2]
                aff = {"affiliation": clean_name(self.text[cs:ce]), "affiliation_start": cs, "affiliation_end": ce}
        if aff:
            out.update(aff)
        return out

    def _is_role_word(self, tok: Token) -> bool:
        low = tok.lower_
        return low in self.roles or (tok.lemma_ or "").lower() in self.roles or low.rstrip("s") in self.roles


def _plural(tok: Token) -> bool:
    roles = words("roles.txt")
    return tok.tag_ in ("NNS", "NNPS") or (tok.lower_ not in roles and tok.lower_[:-1] in roles)
