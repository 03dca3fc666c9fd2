"""Claim-level certainty: asserted | reported | hedged | contested | denied, with the cue spans
that set it.

Cues come from a lexicon (``certainty_lexicon``) checked against the parse, so that a word
counts only in the role that makes it a cue: an adverb ("reportedly"), an epistemic modal
("may", "could have"), a passive or raising verb ("is believed to", "seems to"), a frame noun
with a "that" clause ("there are claims that"), a negated knowing word ("it is not known"), a
denial or contest word; a condition ("If so, he would have escaped") makes the clause it bears on
hedged, with a ``conditional`` cue.

Scope (syntax, not a bag of words): a cue counts for a claim whose head clause is ``h`` when
walking up the dependency tree from the cue reaches ``h`` without crossing into a modifier
clause (relative clause, adverbial clause, clausal adjunct, prepositional object, apposition,
coordinated clause) — so "the 155th Brigade, which is believed to have suffered …" hedges the
relative clause, not the sentence around it; or when the cue governs ``h`` through complement
edges ("Numerous reports have suggested that …", "There are claims that …").

An attributed claim starts from the level its attribution cue lends (said: reported; alleged,
claimed, suggested, estimated: hedged; denied: denied; disputed: contested); the strongest of
that and every cue in scope wins.  A sentence-level hedge probability (``hedge_score``, e.g. from
``claimledger.assess.hedge.predict_uncertain_proba``) raises an asserted or reported claim to
hedged when no lexical cue fired and the score reaches ``threshold``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy
from spacy.attrs import HEAD, IS_SPACE, POS
from spacy.tokens import Doc, Token

from claimledger.analyze.attribution_quotes import doc_text
from claimledger.analyze.certainty_lexicon import (
    ADJECTIVES,
    ADVERBS,
    ATTRIBUTION_LEVEL,
    BACK_REFERENCE_HEADS,
    CONDITIONALS,
    CONTEST_WORDS,
    DEMONSTRATIVES,
    DENIABLE_HEADS,
    DENIAL_WORDS,
    FRAME_NOUNS,
    KIND_LEVEL,
    LEVELS,
    MODALS,
    NEGATED_KNOWING,
    PASSIVE_HEDGES,
    RAISING,
    RANK,
    STATUS_COMPLEMENTS,
    UNKNOWN_WORDS,
)
from claimledger.analyze.lexicons import words
from claimledger.records import Cue

__all__ = ["CueHit", "find_cues", "assess_certainty", "span_head", "HEDGE_THRESHOLD", "LEVELS", "stronger",
           "back_reference"]

HEDGE_THRESHOLD = 0.6  # the hedge model card's best news threshold
_BLOCK = frozenset("relcl acl advcl appos pcomp pobj parataxis csubj".split())
_GOVERN = frozenset("ccomp xcomp acl attr oprd dobj".split())


@dataclass(frozen=True)
class CueHit:
    start: int  # token range of the cue words
    end: int
    kind: str  # hedge | report | allegation | unknown | denial | contest
    anchor: int  # token where scope walking starts

    def cue(self, doc: Doc) -> Cue:
        """The cue as a claim records it: its words and their character offsets in ``doc``."""
        a, b = doc[self.start].idx, doc[self.end - 1].idx + len(doc[self.end - 1].text)
        return Cue(text=doc_text(doc)[a:b], start=a, end=b, kind=self.kind)


def stronger(a: str, b: str) -> str:
    return a if RANK[a] >= RANK[b] else b


def _has(tok: Token, dep: str) -> bool:
    return any(c.dep_ == dep for c in tok.children)


def _negator(tok: Token) -> int | None:
    """Token index of the negation of ``tok`` ("not known", "by no means certain")."""
    for c in tok.children:
        if c.dep_ == "neg":
            return c.i
    window = tok.doc[max(tok.sent.start, tok.i - 4):tok.i]
    words = [t.lower_ for t in window]
    for k in range(len(words) - 2):
        if words[k:k + 3] == ["by", "no", "means"]:
            return window[k].i
    return None


def _cue_at(tok: Token) -> CueHit | None:
    low, lemma, i = tok.lower_, tok.lemma_.lower(), tok.i
    if low in ADVERBS and tok.pos_ in ("ADV", "ADJ"):
        return CueHit(i, i + 1, ADVERBS[low], i)
    if low in ADJECTIVES and tok.dep_ in ("amod", "acomp"):
        anchor = tok.head.i if tok.dep_ == "amod" else i
        return CueHit(i, i + 1, ADJECTIVES[low], anchor)
    if low in MODALS and tok.tag_ == "MD":
        nxt = tok.doc[i + 1] if i + 1 < len(tok.doc) else None
        if low != "could" or (nxt is not None and nxt.lower_ in ("have", "be", "well")):
            return CueHit(i, i + 1, MODALS[low], i)
    if low in CONDITIONALS and tok.dep_ == "mark" and tok.head.dep_ == "advcl":
        return CueHit(i, i + 1, CONDITIONALS[low], tok.head.head.i)  # scope: the clause the condition bears on
    if tok.tag_ == "VBN" and lemma in PASSIVE_HEDGES and _has(tok, "auxpass") and not _has(tok, "agent") \
            and not _files_status(tok):
        start = min([c.i for c in tok.children if c.dep_ == "auxpass"] + [i])
        return CueHit(start, i + 1, PASSIVE_HEDGES[lemma], i)
    if lemma in RAISING and tok.pos_ in ("VERB", "AUX") and (_has(tok, "xcomp") or _has(tok, "ccomp")):
        return CueHit(i, i + 1, RAISING[lemma], i)
    if lemma in FRAME_NOUNS and tok.pos_ == "NOUN":
        nxt = tok.doc[i + 1] if i + 1 < len(tok.doc) else None
        if nxt is not None and nxt.lower_ == "that" and nxt.dep_ == "mark":
            return CueHit(i, i + 1, FRAME_NOUNS[lemma], i)
    if lemma in NEGATED_KNOWING or low in NEGATED_KNOWING:
        neg = _negator(tok)
        if neg is not None:
            return CueHit(min(neg, i), i + 1, "unknown", i)
    if low in UNKNOWN_WORDS:
        return CueHit(i, i + 1, UNKNOWN_WORDS[low], i)
    if (lemma in DENIAL_WORDS or low in DENIAL_WORDS) and tok.pos_ in ("VERB", "ADJ") and _negator(tok) is None \
            and not (tok.dep_ in _PREDICATIVE and _negator(tok.head) is not None):
        if (tok.pos_ == "ADJ" and _denies_its_noun(tok)) or (tok.pos_ == "VERB" and _targets_a_claim(tok)):
            return CueHit(i, i + 1, "denial", i)
    if (lemma in CONTEST_WORDS or low in CONTEST_WORDS) and tok.pos_ in ("VERB", "NOUN", "ADJ"):
        if (tok.pos_ == "ADJ" or (tok.pos_ == "NOUN" and lemma in ("doubt", "scepticism", "skepticism"))
                or (tok.pos_ == "VERB" and _targets_a_claim(tok))):
            return CueHit(i, i + 1, "contest", i)
    return None


def _files_status(verb: Token) -> bool:
    """"were reported missing": the report verb files a status rather than passing on hearsay."""
    return any(c.dep_ in ("oprd", "acomp", "xcomp") and c.lower_ in STATUS_COMPLEMENTS for c in verb.children)


PERSONAL = frozenset({"he", "she", "they", "i", "we", "you", "who"})
PERSON_NOUNS = words("person_nouns.txt")


_PREDICATIVE = frozenset({"acomp", "attr", "oprd"})
_ADJECTIVE_SLOTS = _PREDICATIVE | {"conj", "ROOT", "xcomp", "ccomp", "appos"}
_TRUTH_WORDS = frozenset({"true", "correct", "accurate", "right"})
_FORGING = frozenset({"fake", "fabricate", "forge", "stage"})


def _denies_its_noun(adjective: Token) -> bool:
    """"the video is fake", "false claims": a denial; "fake quotes", "a false passport": a thing
    forged, no claim denied; "has fake killed" (an adverb's slot) and "true or false" (a
    question left open) deny nothing."""
    if adjective.dep_ == "amod":
        return adjective.head.lemma_.lower() in DENIABLE_HEADS or adjective.head.lower_ in DENIABLE_HEADS
    if adjective.dep_ == "conj" and adjective.head.lower_ in _TRUTH_WORDS:
        return False
    return adjective.dep_ in _ADJECTIVE_SLOTS


def _is_a_person(tok: Token) -> bool:
    return tok.ent_type_ == "PERSON" or tok.lower_ in PERSONAL or tok.lemma_.lower() in PERSON_NOUNS


def _passive_subject(verb: Token) -> Token | None:
    """The passive verb's subject; a relative pronoun stands for the noun its clause follows
    ("rights that had been denied"), a clausal subject for itself."""
    for c in verb.children:
        if c.dep_ in ("nsubjpass", "csubjpass"):
            if c.tag_ == "WDT" or c.lower_ in ("that", "which", "who"):
                return verb.head if verb.dep_ == "relcl" else c
            return c
    if verb.dep_ == "xcomp":  # "Müller was soon to be dismissed": the subject of the verb above
        return next((c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def _targets_a_claim(verb: Token) -> bool:
    """A denial or contest verb aimed at a statement ("denied that …", "disputed the figures",
    "the toll is contested"), not at a thing ("rejected the offer", "challenge the government"),
    a person ("LaCalamita had been dismissed", "seminarians are rejected") or a thing withheld
    ("Iran will be denied access": a passive that keeps its object); a passive's subject must
    name a thing said ("the accusations were rejected", not "the proposal was rejected by 64
    percent", "ballots were rejected") unless the verb forges ("the killing was faked")."""
    if _has(verb, "auxpass"):
        subject = _passive_subject(verb)
        if (subject is not None and _is_a_person(subject)) or _has(verb, "dobj") or _has(verb, "dative"):
            return False
        if subject is None or verb.lemma_.lower() in _FORGING or subject.pos_ in ("PRON", "DET"):
            return True  # "the killing was faked", "this was rejected": the thing or the claim it names
        return subject.lemma_.lower() in DENIABLE_HEADS or subject.lower_ in DENIABLE_HEADS
    if _has(verb, "ccomp"):
        return True
    for c in verb.children:
        if c.dep_ in ("dobj", "nsubjpass") and (c.lemma_.lower() in BACK_REFERENCE_HEADS or c.lemma_.lower() in FRAME_NOUNS):
            return True
    return False


def find_cues(doc: Doc) -> list[CueHit]:
    """Every certainty cue of a parsed unit, in text order."""
    hits = []
    for tok in doc:
        if tok.is_space or tok.is_punct:
            continue
        hit = _cue_at(tok)
        if hit is not None:
            hits.append(hit)
    return hits


def _tree(doc: Doc) -> tuple[list[int], list[bool], list[bool]]:
    """Per-token head index, is-space and is-verb lists, built once per Doc (plain ints are much
    cheaper to scan than Token objects)."""
    tree = doc.user_data.get("claimledger_tree")
    if tree is None:
        rows = doc.to_array([HEAD, IS_SPACE, POS])
        verbs = [doc.vocab.strings["VERB"], doc.vocab.strings["AUX"]]
        # HEAD is a relative offset stored as uint64: viewed as int64 it is the signed offset
        # (one array operation, not a numpy scalar built per token)
        heads = rows[:, 0].view(numpy.int64) + numpy.arange(len(rows), dtype=numpy.int64)
        tree = (heads.tolist(), rows[:, 1].astype(bool).tolist(), numpy.isin(rows[:, 2], verbs).tolist())
        doc.user_data["claimledger_tree"] = tree
    return tree


def span_head(doc: Doc, start: int, end: int) -> Token:
    """The head of a token range: its first token whose head lies outside it (verbs first)."""
    heads, space, verb = _tree(doc)
    tops = [i for i in range(start, min(end, len(doc)))
            if not space[i] and not (start <= heads[i] < end and heads[i] != i)]
    if not tops:
        return doc[min(start, len(doc) - 1)]
    verbs = [i for i in tops if verb[i]]
    return doc[(verbs or tops)[0]]


def _walk_up(doc: Doc, node: Token, target: Token, start: int, end: int) -> bool:
    """Does the cue at ``node`` reach ``target`` without entering through a modifier clause?"""
    while True:
        if node.i == target.i:
            return True
        if node.dep_ in _BLOCK or (node.dep_ == "conj" and node.pos_ in ("VERB", "AUX")):
            return False
        if node.head.i == node.i:
            return False
        if not start <= node.head.i < end:
            return True  # attached outside the claim but written inside it: keep (parse noise)
        node = node.head


def _governs(doc: Doc, anchor: Token, head: Token) -> bool:
    """Does the cue clause govern the claim head through complement edges?"""
    node = head
    for _ in range(6):
        if node.head.i == node.i or node.dep_ not in _GOVERN:
            return False
        node = node.head
        if node.i == anchor.i:
            return True
    return False


def in_scope(doc: Doc, hit: CueHit, head: Token, start: int, end: int) -> bool:
    anchor = doc[hit.anchor]
    if start <= hit.start and hit.end <= end:
        return _walk_up(doc, anchor, head, start, end)
    return _governs(doc, anchor, head)


def assess_certainty(
    doc: Doc,
    start: int,
    end: int,
    *,
    head: Token | None = None,
    attribution_class: str | None = None,
    cues: list[CueHit] | None = None,
    skip: tuple[tuple[int, int], ...] = (),
    hedge_score: float | None = None,
    threshold: float = HEDGE_THRESHOLD,
) -> tuple[str, list[Cue]]:
    """Level and cues of the claim on tokens [start, end).

    ``skip``: token ranges whose cues belong elsewhere (the attribution's own source and cue).
    """
    head = head if head is not None else span_head(doc, start, end)
    cues = find_cues(doc) if cues is None else cues
    level = ATTRIBUTION_LEVEL.get(attribution_class or "", "asserted")
    found: list[Cue] = []
    for hit in cues:
        if any(a <= hit.start < b for a, b in skip):
            continue
        if in_scope(doc, hit, head, start, end):
            found.append(hit.cue(doc))
            level = stronger(KIND_LEVEL[hit.kind], level)
    if hedge_score is not None and not found and RANK[level] < RANK["hedged"] and hedge_score >= threshold:
        level = "hedged"
        found.append(Cue(text="", start=None, end=None, kind="model", score=round(hedge_score, 3)))
    return level, found


def back_reference(doc: Doc, hit: CueHit) -> bool:
    """A contest cue that points back at an earlier figure or claim ("this number should be
    treated with scepticism", "these figures are disputed")."""
    if hit.kind not in ("contest", "denial"):
        return False
    sent = doc[hit.start].sent
    for tok in sent:
        if tok.lemma_.lower() in BACK_REFERENCE_HEADS or tok.lower_ in BACK_REFERENCE_HEADS:
            if any(c.dep_ == "det" and c.lower_ in DEMONSTRATIVES - {"the"} for c in tok.children):
                return True
    return False
