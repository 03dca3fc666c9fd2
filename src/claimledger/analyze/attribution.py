"""Attribution: who says what — source, cue, content — with chains of intermediaries.

``extract_attributions(doc)`` reads one parsed spaCy ``Doc`` (an analysis unit) and returns
``Attribution`` records with character offsets relative to ``doc_text(doc)``.

How (rules over the dependency parse, a cue lexicon and quotation spans):

* cues: verbs whose lemma is a speech or cognition cue (``attribution_lexicon``), not
  negated, not a participle used as an adjective ("the alleged attack"); and "according to".
* source: the verb's subject (its noun phrase up to a comma), the passive agent ("by X"), the
  subject of the governing verb for participles and conjuncts ("figures claim ..., suggesting
  that"), the noun a participle modifies ("reports suggesting that"), the antecedent of "who".
* content, in this order: a quotation opening right after the cue ("said: “…”"); the verb's
  complement clauses (``ccomp``/``xcomp``, "that" included); a reporting clause after the
  content ("…, the Sun reported", "“…,” said X") takes everything before its comma, or the
  quotation that ends there; for "according to X" the rest of the sentence.
* kind: ``direct`` when the content is one quotation, ``mixed`` when it holds quoted words,
  ``indirect`` otherwise.  A quotation left without a cue that follows a direct attribution in
  the same or the next paragraph continues it (same source and cue).
* chains: an attribution nested in another's content ("X has alleged that …, the Sun
  reported") takes the outer source as an intermediary (``via``) and the outer one is dropped
  when it only carries the inner one; the hearer of "told the Kyiv Post that" is an
  intermediary when it is a named organisation; a later attribution to the same source in the
  unit inherits the chain.
* pronouns and short forms: see ``attribution_sources`` (nearest compatible earlier source).

Combined (the default; ``METHODS`` lists the ablation): the learned tagger (``attribution_model``)
and the rules both read the unit.  Where both read a cue, the rule attribution is kept (hearers,
quotations, chains) with the tagger's source, cue and content spans within limits
(``attribution_combine``; a content the tagger reads across an aside reporting clause, "X, she
said, Y", becomes two records of one speaker and cue); the tagger's attributions on cues no rule read are added unless negated
or, outside the cue lexicon, unconfident; the rules' alone add "according to", headline colons,
quotations and reporting verbs neither nested in another content nor inside a quotation.  Each
choice was measured on the tune part of PolNeAR train (``training/train_attribution_crf.py``),
never on PolNeAR dev.

Where: the rules in ``attribution_rules`` (cues, sources) and ``attribution_content``
(content spans); kinds, continuations, chains and resolution in ``attribution_chains``; the
learned tagger in ``attribution_model``; how the two are joined in ``attribution_combine``; this
module turns them into records.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimledger.analyze.attribution_chains import continuations, expand_to_quotes, nest_chains, resolve_sources
from claimledger.analyze.attribution_combine import combine_candidates, other_part_record, source_tokens, span_root
from claimledger.analyze.attribution_content import (
    cue_with_adverbs,
    cue_with_attitude_noun,
    cue_with_statement,
    end_before_cue_clause,
    end_before_new_quotation,
    token_chars,
    trim_chars,
)
from claimledger.analyze.attribution_lexicon import cue_classes, cue_mode
from claimledger.analyze.attribution_model import ModelAttribution, tag_attributions
from claimledger.analyze.attribution_polls import POLL_CUE, poll_candidates
from claimledger.analyze.attribution_quotes import Quote, doc_text, find_quotes, quote_at
from claimledger.analyze.attribution_rules import Candidate, cue_lemma, rule_candidates, subject_of
from claimledger.analyze.attribution_signature import SIGNATURE_CUE, signature_candidates
from claimledger.analyze.attribution_sources import np_span, source_kind
from claimledger.analyze.certainty_lexicon import BACK_REFERENCE_HEADS, FRAME_NOUNS
from claimledger.analyze.claim_nouns import with_role
from claimledger.analyze.lexicons import words
from claimledger.records import Attribution, SourceRef

__all__ = ["extract_attributions", "cue_class", "attribution_cue_class"]


def attribution_cue_class(lemma: str) -> str | None:
    """neutral | distancing | tentative | denial | dispute, or None for a non-cue."""
    if lemma in ("according to", ":", SIGNATURE_CUE, POLL_CUE):
        return "neutral"
    return cue_classes().get(lemma)


cue_class = attribution_cue_class


CUE_ADVERBS = True
DASHES = frozenset({"—", "–", "-", "--"})


def _dateline_dash(doc: Doc, start: int, *, dated: bool = False) -> int | None:
    """The dash that ends a dateline opening the sentence at ``start`` ("MAIDUGURI, Nigeria —",
    with ``dated`` also "LOS ANGELES, Feb. 2 (UPI) —"), or None."""
    first = doc[start]
    if start != first.sent.start or not (first.text.isupper() and len(first.text) > 2):
        return None
    for i in range(start + 1, min(len(doc), start + (12 if dated else 8))):
        tok = doc[i]
        if tok.text in DASHES:
            return i
        if not (tok.is_punct or tok.text[:1].isupper() or (dated and tok.like_num)):
            break
    return None


def without_dateline(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The source without a dateline that opens its sentence ("MAIDUGURI, Nigeria — The leader of
    Boko Haram said …": the source is the leader, not the town the story was filed from)."""
    i = _dateline_dash(doc, start)
    if i is None:
        return start, end
    if i + 1 < end:
        return i + 1, end
    if i + 1 >= len(doc):
        return start, end
    head = doc[i + 1]  # the noun phrase after the dash: climb from its first word to its head
    while head.dep_ in ("det", "amod", "compound", "poss", "nummod", "case") and head.head.i > head.i:
        head = head.head
    return np_span(head)


def content_without_dateline(doc: Doc, content: tuple[int, int]) -> tuple[int, int]:
    """A content that opens its sentence starts after the sentence's dateline ("LOS ANGELES, Feb. 2
    (UPI) — The next Red Hot Chili Peppers record is almost complete, … Kiedis recently revealed")."""
    first = _opening_token(doc, content[0])
    i = _dateline_dash(doc, first.i, dated=True) if first is not None else None
    if i is None or i + 1 >= len(doc) or doc[i + 1].idx >= content[1]:
        return content
    return doc[i + 1].idx, content[1]


def _to_record(doc: Doc, att: Candidate) -> Attribution:
    a, b = token_chars(doc, *att.source)
    kind = source_kind(doc, *att.source, att.head, att.cue_lemma)
    c0, c1 = token_chars(doc, *att.cue)
    return Attribution(
        source=SourceRef(text=doc_text(doc)[a:b], start=a, end=b, kind=kind),
        cue=doc_text(doc)[c0:c1], cue_start=c0, cue_end=c1,
        content_start=att.content[0], content_end=att.content[1],
        kind=att.kind, via=att.via, mode=cue_mode(att.cue_lemma),
    )


def _third_person_you(tok: Token | None) -> bool:
    """"you" as the subject of a verb in the third person singular ("posted sarcastic thank you
    notes to ...", parsed as 'you' + 'notes'): no such sentence exists, so the parse made it, and
    neither a source "you" nor a content opening with it is an attribution."""
    return tok is not None and tok.lower_ == "you" and tok.dep_ == "nsubj" and tok.head.tag_ == "VBZ"


def _reader_addressed(doc: Doc, att: Candidate, quotes: list[Quote]) -> bool:
    """"You may have seen …", "you know there are going to be dozens more": outside a quotation
    a source "you" of an indirect content is the reader (or anyone), never who made the claim;
    a quotation "you said" to someone is still yours."""
    a, b = att.source
    if b - a != 1 or doc[a].lower_ != "you" or att.kind != "indirect":
        return False
    return quote_at(quotes, doc[a].idx, doc[a].idx + len(doc[a].text)) is None


TURNING_AWAY = frozenset({"dismiss", "reject", "rebuff"})
CLAIM_HEADS = with_role("idea")


def _thing_turned_away(doc: Doc, att: Candidate) -> bool:
    """"has dismissed | 849 misdemeanor marijuana cases": rejecting or dismissing a thing, not a
    statement; no one is reported.  A claim, a report, an idea … turned away stays ("rejected the
    accusations", "dismissed the reports as fake")."""
    if att.cue_lemma not in TURNING_AWAY:
        return False
    span = doc.char_span(*att.content, alignment_mode="expand")
    if span is None or span.root.pos_ not in ("NOUN", "PROPN", "NUM"):
        return False  # a clause: what was rejected is said
    head = span.root.lemma_.lower()
    return head not in FRAME_NOUNS and head not in BACK_REFERENCE_HEADS and head not in CLAIM_HEADS


LETTING_IN = frozenset({"admit"})
PEOPLE = words("person_nouns.txt")


def _people_let_in(doc: Doc, att: Candidate) -> bool:
    """"The country had admitted | more than 1.4 million Syrian refugees", "the hospital admitted
    40 wounded soldiers": people let in, nothing said ("admitted that …", "admitted the mistake"
    stay)."""
    if att.cue_lemma not in LETTING_IN:
        return False
    span = doc.char_span(*att.content, alignment_mode="expand")
    if span is None or span.root.pos_ not in ("NOUN", "PROPN"):
        return False
    return span.root.lemma_.lower() in PEOPLE or span.root.ent_type_ == "NORP"


ASKING = frozenset({"ask", "request", "urge", "beg", "implore"})


def _request(doc: Doc, att: Candidate) -> bool:
    """"A US official, who asked | not to be identified": a wish, no statement ("asked whether …",
    "asked what happened" stay: a question reported)."""
    if att.cue_lemma not in ASKING:
        return False
    span = doc.char_span(*att.content, alignment_mode="expand")
    opening = [t.lower_ for t in span[:2]] if span is not None else []  # not ``words``: the lexicon reader
    return bool(opening) and (opening[0] == "to" or opening == ["not", "to"])


def _opening_token(doc: Doc, at: int) -> Token | None:
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    return span[0] if span else None


def _model_cue_lemma(doc: Doc, cue: tuple[int, int]) -> str:
    toks = doc[cue[0]:cue[1]]
    if toks[0].lower_ == "according":
        return "according to"
    verbs = [t for t in toks if t.pos_ in ("VERB", "AUX") or t.tag_.startswith("VB")]
    known = [t for t in verbs if cue_lemma(t)]
    if known:
        return cue_lemma(known[-1]) or known[-1].lemma_.lower()
    return (verbs or list(toks))[-1].lemma_.lower()


def _from_model(doc: Doc, m: ModelAttribution) -> Candidate | None:
    """A tagged attribution as an ``Candidate``; a missing source falls back to the cue's subject."""
    # a lone relative pronoun the tagger took along ("a weapon that it wants to …") would stretch
    # the content over the source and cue (dropping every piece without a content word cost 0.5
    # all-spans exact on the tune part)
    m.content = [(a, b) for a, b in m.content if b - a > 1 or doc[a].tag_ not in ("WDT", "WP")]
    if not m.content:
        return None
    source = source_tokens(doc, m.source) if m.source is not None else None
    if source is not None and source[1] - source[0] == 1 and _third_person_you(doc[source[0]]):
        return None
    if source is None:
        verb = span_root(doc, *m.cue)
        subj = (subject_of(verb) or _participle_speaker(verb)) if verb.pos_ in ("VERB", "AUX") else None
        if subj is None or any(a <= subj.i < b for a, b in m.content) or m.cue[0] <= subj.i < m.cue[1]:
            # no speaker: "The crisis seems to be driven by …" (the subject is content); "Their
            # claims would appear to …" (the tagger took the noun "claims" into the cue)
            return None
        source = np_span(subj)
    c0, c1 = m.content_range()
    content = trim_chars(doc, *token_chars(doc, c0, c1))
    if content[1] <= content[0]:
        return None
    # PolNeAR marks the relative pronoun as the source; the name before it is who speaks
    name = _relative_antecedent_name(doc, source[0])
    head = doc[name[1] - 1] if name else span_root(doc, *source)
    cue = _without_edge_punct(doc, m.cue)
    return Candidate(source, head, cue, _model_cue_lemma(doc, cue), content, confidence=m.confidence, core=name)


def _participle_speaker(verb: Token) -> Token | None:
    """The speaker of a cue in "-ing" hung on another clause: the subject of the verb it
    modifies ("it attacked Trump, saying …", "After saying …, she was", "Dean … began by saying
    …"), through a preposition and a coordination."""
    if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "pcomp"):
        return None
    node = verb.head if verb.dep_ == "pcomp" and verb.head.pos_ == "ADP" else verb
    governor = node.head
    for _ in range(2):
        if governor.pos_ not in ("VERB", "AUX") or governor.i == node.i:
            return None
        subj = next((c for c in governor.children if c.dep_ == "nsubj"), None)
        if subj is not None:
            expletive = subj.lower_ in ("it", "there") and governor.lemma_ == "be"
            return None if expletive or subj.tag_ in ("WDT", "WP") else subj
        if governor.dep_ != "conj":
            return None
        node, governor = governor, governor.head
    return None


def _without_edge_punct(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    """A tagged cue without the colon or comma the tagger sometimes takes with it ("said:")."""
    start, end = span
    while end > start + 1 and (doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    while start < end - 1 and (doc[start].is_punct or doc[start].is_space):
        start += 1
    return start, end


def _relative_antecedent_name(doc: Doc, start: int) -> tuple[int, int] | None:
    """The name before the comma of a tagged source that starts at a relative pronoun ("Holford"
    of "Holford, who in 1984 established …"): the speaker the source stands for."""
    if doc[start].lower_ not in ("who", "which") or doc[start].text.isupper() or start < 2 or doc[start - 1].text != ",":
        return None
    end = first = start - 1
    while first > 0 and doc[first - 1].pos_ == "PROPN" and doc[first - 1].text.rstrip(".").isalpha():
        first -= 1
    return (first, end) if first < end else None


METHODS = ("rules", "model", "combined")
DEFAULT_METHOD = "combined"


def use_method(method: str) -> None:
    """Set the method ``extract_attributions`` uses by default in this process (benchmarks)."""
    global DEFAULT_METHOD
    if method not in METHODS:
        raise ValueError(f"unknown attribution method {method!r}")
    DEFAULT_METHOD = method


def extract_attributions(doc: Doc, *, method: str | None = None) -> list[Attribution]:
    """Attributions of one parsed unit, in text order (offsets relative to ``doc_text(doc)``).

    ``method``: ``rules`` (parse rules and the cue lexicon), ``model`` (the CRF tagger) or
    ``combined`` (the default: the rules, plus the model's statements on cues they miss)."""
    method = method or DEFAULT_METHOD
    quotes = find_quotes(doc_text(doc))
    atts = rule_candidates(doc, quotes) + signature_candidates(doc) + poll_candidates(doc) if method != "model" else []
    if method != "rules":
        tagged = tag_attributions(doc, quotes=quotes)
        model = [a for a in (_from_model(doc, m) for m in tagged) if a is not None]
        atts = combine_candidates(atts, model, doc, quotes) if method == "combined" else model
    atts = [a for a in atts if not _third_person_you(_opening_token(doc, a.content[0])) and not _thing_turned_away(doc, a)
            and not _people_let_in(doc, a) and not _request(doc, a)]
    starts = {a.content[0] for a in atts}
    for att in atts:
        att.content = end_before_cue_clause(doc, span_root(doc, *att.cue), att.content)
        att.content = end_before_new_quotation(doc, att.cue, att.content, starts - {att.content[0]})
        expand_to_quotes(doc, att, quotes)
        att.cue = cue_with_attitude_noun(doc, att.cue, att.content, att.source)
        att.cue = cue_with_statement(doc, att.cue, att.content)
        if CUE_ADVERBS:
            att.cue = cue_with_adverbs(doc, att.cue, att.source)
    atts = [a for a in atts if not _reader_addressed(doc, a, quotes)]  # its kind is known once quotes are read
    atts = sorted(_dedupe(atts), key=lambda a: (a.cue[0], a.content[0]))
    atts = nest_chains(doc, atts)
    atts += [other_part_record(doc, a, quotes) for a in atts if a.other_part is not None]
    atts = sorted(atts + continuations(doc, atts, quotes), key=lambda a: (min(a.content[0], doc[a.cue[0]].idx), a.cue[0]))
    for att in atts:
        att.source = without_dateline(doc, *att.source)
        att.content = content_without_dateline(doc, att.content)
    records = [_to_record(doc, a) for a in atts]
    resolve_sources(doc, atts, records)
    return records


def _dedupe(atts: list[Candidate]) -> list[Candidate]:
    """One attribution per cue token and per (source, content)."""
    seen: set[tuple[tuple[int, int], tuple[int, int]]] = set()
    out: list[Candidate] = []
    for a in atts:
        key = (a.cue, a.content)
        if key in seen or any(b.cue == a.cue for b in out):
            continue
        seen.add(key)
        out.append(a)
    return out
