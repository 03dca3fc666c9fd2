"""Source noun phrases: their span, their kind, and which earlier source a pronoun or a short
name refers to.

Pronoun rule (simple and documented): a pronoun source ("He said", "they said", "it has
claimed") refers to the nearest preceding source in the same analysis unit whose kind and
number agree (he/she: a person; it: a singular organisation, outlet or group; they: a group,
a plural or coordinated source, or an organisation).  A short form ("Mr Tsimbalyuk", "the
ministry", "Qin") refers to the nearest preceding longer source that contains its head word.
When nothing agrees, the pronoun stays unresolved; nothing is guessed.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimledger.analyze.attribution_lexicon import (
    ORG_HEADS,
    OUTLET_HEADS,
    PERSON_HEADS,
    PRONOUNS,
    WIRE_SERVICES,
)

_CUT = {",", "(", ")", "—", "–", ";", ":", "\"", "“", "”", "[", "]"}
_TITLES = {"mr", "mrs", "ms", "miss", "dr", "sir", "dame", "lord", "lady", "prof", "professor"}


def np_span(head: Token) -> tuple[int, int]:
    """Token range [start, end) of the noun phrase headed by ``head``, without what follows a
    comma or a dash and without relative clauses ("Mr Tsimbalyuk, who made headlines ...",
    "one soldier who was seen ...")."""
    doc = head.doc
    sub = list(head.subtree)
    lo, hi = sub[0].i, sub[-1].i
    for c in head.children:
        if c.i > head.i and c.dep_ in ("relcl", "acl", "appos"):
            hi = min(hi, c.left_edge.i - 1)
    start = head.i
    while start > lo and doc[start - 1].text not in _CUT and not doc[start - 1].is_space:
        start -= 1
    end = head.i
    while end < hi and doc[end + 1].text not in _CUT and not doc[end + 1].is_space:
        end += 1
    while end > start and doc[end].is_punct:
        end -= 1
    for c in head.children:  # "Carter’s press secretary, Peter Cook"; "Smith, the group's president,"
        if c.dep_ == "appos" and c.i > end and c.left_edge.i == end + 2 and doc[end + 1].text == ",":
            if _closed_apposition(c):
                end = c.right_edge.i
                while end > start and doc[end].is_punct:
                    end -= 1
    # a name the relative-clause cut went through: "the Committee [to Protect Journalists]"
    name = _entity_across(doc, start, end)
    if name is not None and name[1] in ("ORG", "PERSON", "NORP", "GPE", "FAC"):
        end = name[0] - 1
    return start, end + 1


def _entity_across(doc: Doc, start: int, end: int) -> tuple[int, str] | None:
    """(end, label) of the first entity that starts in ``[start, end]`` and runs on past
    ``end + 1``: read from the tokens' IOB marks there, not from ``doc.ents`` (which builds a
    Span for every entity of the unit on each call)."""
    for i in range(start, end + 1):
        tok = doc[i]
        if tok.ent_iob_ != "B" or not tok.ent_type:
            continue
        stop = i + 1
        while stop < len(doc) and doc[stop].ent_iob_ == "I":
            stop += 1
        if end < stop - 1:
            return stop, tok.ent_type_
    return None


def _closed_apposition(appos: Token) -> bool:
    """A short name or role in apposition that the sentence closes (a comma after it, or the
    sentence's verb, or its end): no verb inside, at most eight words."""
    sub = list(appos.subtree)
    if len(sub) > 8 or any(t.pos_ in ("VERB", "AUX") for t in sub):
        return False
    if len(sub) < 5 and all(t.pos_ in ("PROPN", "PUNCT") for t in sub):
        return True
    doc = appos.doc
    after = appos.right_edge.i + 1
    return after >= len(doc) or doc[after].text in (",", "—", ".", ")") or doc[after].pos_ in ("VERB", "AUX")


def is_plural(doc: Doc, start: int, end: int, head: Token) -> bool:
    if head.tag_ in ("NNS", "NNPS") or head.lower_ in ("they", "we", "them"):
        return True
    return any(t.dep_ == "conj" and t.head.i == head.i for t in doc[start:end])


def source_kind(doc: Doc, start: int, end: int, head: Token, cue_lemma: str = "") -> str:
    """person | group | organisation | outlet | unknown, from the head word, NER and the cue."""
    low = head.lower_
    if low in PRONOUNS:
        return PRONOUNS[low]
    words = [t.lower_ for t in doc[start:end]]
    if any(w in WIRE_SERVICES for w in words) or (low in OUTLET_HEADS and head.pos_ == "PROPN"):
        return "outlet"
    if head.ent_type_ == "PERSON" or (words and words[0].rstrip(".") in _TITLES):
        return "group" if is_plural(doc, start, end, head) else "person"
    if low in OUTLET_HEADS and cue_lemma in ("report", "write", "publish"):
        return "outlet"
    if head.ent_type_ in ("ORG", "GPE", "NORP", "FAC") and head.tag_ not in ("NNS",):
        return "organisation"
    if head.tag_ in ("NNS", "NNPS"):
        return "group"
    if low in ORG_HEADS or head.lemma_.lower() in ORG_HEADS:
        return "organisation"
    if low in PERSON_HEADS:
        return "person"
    if head.pos_ == "PROPN":
        return "organisation" if head.ent_type_ else "unknown"
    return "unknown"



def compatible(pronoun: str, kind: str, plural: bool) -> bool:
    if pronoun in ("he", "she"):
        return kind == "person" and not plural
    if pronoun == "it":
        return kind in ("organisation", "outlet", "unknown") and not plural
    if pronoun == "they":
        return plural or kind in ("group", "organisation")
    return False


def antecedent(pronoun: str, history: list[dict]) -> dict | None:
    """Nearest preceding compatible source for a pronoun (history: earliest first)."""
    for prev in reversed(history):
        if compatible(pronoun, prev["kind"], prev["plural"]):
            return prev
    return None


def fuller_form(text: str, head: str, kind: str, history: list[dict]) -> dict | None:
    """Nearest preceding longer source naming the same thing: for people, one that contains the
    name ("Mr Tsimbalyuk" -> "Ukrainian journalist Roman Tsimbalyuk"); otherwise one with the
    same head word ("the ministry" -> "the Ministry of Defence", not "military officials")."""
    head = head.lower()
    for prev in reversed(history):
        if len(prev["text"]) <= len(text) or prev["text"].lower() == text.lower():
            continue
        if kind == "person" and prev["kind"] == "person":
            words = [w.strip(".,’'").lower() for w in prev["text"].split()]
            if head in words:
                return prev
        elif kind != "person" and prev["head"] == head:
            return prev
    return None
