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
(``_take_model_spans``); the tagger's attributions on cues no rule read are added unless negated
or, outside the cue lexicon, unconfident; the rules' alone add "according to", headline colons,
quotations and reporting verbs neither nested in another content nor inside a quotation.  Each
choice was measured on the tune part of PolNeAR train (``training/train_attribution_crf.py``),
never on PolNeAR dev.

Where: the rules in ``attribution_rules`` (cues, sources) and ``attribution_content``
(content spans); kinds, continuations, chains and resolution in ``attribution_chains``; the
learned tagger in ``attribution_model``; this module combines them into records.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from claimledger.analyze.attribution_chains import continuations, expand_to_quotes, nest_chains, resolve_sources
from claimledger.analyze.attribution_content import (
    CLOSERS,
    OPENERS,
    cue_with_attitude_noun,
    end_before_cue_clause,
    token_chars,
    trim_chars,
)
from claimledger.analyze.attribution_lexicon import HEARER_VERBS, INTENT, cue_classes, cue_mode
from claimledger.analyze.attribution_model import ModelAttribution, tag_attributions
from claimledger.analyze.attribution_polls import POLL_CUE, poll_candidates
from claimledger.analyze.attribution_quotes import Quote, doc_text, find_quotes, quote_at
from claimledger.analyze.attribution_rules import Candidate, cue_lemma, rule_candidates, subject_of
from claimledger.analyze.attribution_signature import SIGNATURE_CUE, signature_candidates
from claimledger.analyze.attribution_sources import np_span, source_kind
from claimledger.records import Attribution, SourceRef

__all__ = ["extract_attributions", "cue_class", "attribution_cue_class"]


def attribution_cue_class(lemma: str) -> str | None:
    """neutral | distancing | tentative | denial | dispute, or None for a non-cue."""
    if lemma in ("according to", ":", SIGNATURE_CUE, POLL_CUE):
        return "neutral"
    return cue_classes().get(lemma)


cue_class = attribution_cue_class


DASHES = frozenset({"—", "–", "-", "--"})


def without_dateline(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """The source without a dateline that opens its sentence ("MAIDUGURI, Nigeria — The leader of
    Boko Haram said …": the source is the leader, not the town the story was filed from)."""
    first = doc[start]
    if start != first.sent.start or not (first.text.isupper() and len(first.text) > 2):
        return start, end
    for i in range(start + 1, min(len(doc), start + 8)):
        tok = doc[i]
        if tok.text in DASHES:
            if i + 1 < end:
                return i + 1, end
            if i + 1 >= len(doc):
                return start, end
            head = doc[i + 1]  # the noun phrase after the dash: climb from its first word to its head
            while head.dep_ in ("det", "amod", "compound", "poss", "nummod", "case") and head.head.i > head.i:
                head = head.head
            return np_span(head)
        if not (tok.is_punct or tok.text[:1].isupper()):
            break
    return start, end


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


def _opening_token(doc: Doc, at: int) -> Token | None:
    span = doc.char_span(at, at + 1, alignment_mode="expand")
    return span[0] if span else None


def _span_root(doc: Doc, start: int, end: int) -> Token:
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok
    return doc[start]


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
    source = _source_tokens(doc, m.source) if m.source is not None else None
    if source is not None and source[1] - source[0] == 1 and _third_person_you(doc[source[0]]):
        return None
    if source is None:
        verb = _span_root(doc, *m.cue)
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
    head = doc[name[1] - 1] if name else _span_root(doc, *source)
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


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


# a model attribution no rule read whose cue is outside the lexicon ("promoted", "pushed",
# "asked"): kept from this tagger confidence up (tune part of PolNeAR train: below 0.5 about 4
# in 10 are right even by overlap, from 0.7 up 7 in 10)
MODEL_ONLY_CONFIDENCE = 0.5
_CONTENT_POS = ("NOUN", "PROPN", "VERB", "NUM", "ADJ")


def _model_only_kept(doc: Doc, att: Candidate) -> bool:
    """Not negated ("did not say whether …": the speaker is not credited with the content), a
    content that is not a topic or request ("about …", "for …"), and a lexicon cue — or a
    confident one whose content is not "to …" (PolNeAR marks "showed him", "refused to
    continue"; the ledger takes neither as something said).  Short contents stay when they name
    something ("denounced her record"; dropping all under three words cost 1.0 all-spans exact on
    the tune part), not a bare pronoun ("the footage showed him")."""
    head = _span_root(doc, *att.cue)
    span = doc.char_span(*att.content, alignment_mode="expand")
    if span is None or any(c.dep_ == "neg" for c in head.children):
        return False
    if span[0].pos_ == "ADP" or span[0].lower_ == "for" or not any(t.pos_ in _CONTENT_POS for t in span):
        return False
    if _pronoun_and_adjuncts(span, head):
        return False
    if att.cue_lemma == "according to" or att.cue_lemma in cue_classes():
        return True
    if span[0].lower_ == "to" and span[0].pos_ == "PART" and att.cue_lemma not in INTENT:
        return False
    return att.confidence >= MODEL_ONLY_CONFIDENCE


_ADVERBIALS = frozenset({"advcl", "advmod", "npadvmod", "punct"})


def _pronoun_and_adjuncts(span, head: Token) -> bool:
    """A content that is the cue's object pronoun and a clause of time or manner, nothing said
    about it: "the footage showed him after he had been injured …" (not "described him as …",
    "shows her with a net positive …", "called him a liar")."""
    first = span[0]
    if first.tag_ != "PRP" or first.dep_ not in ("dobj", "dative") or first.head.i != head.i:
        return False
    rest = [t for t in span[1:] if t.head.i == head.i]
    return bool(rest) and all(t.dep_ in _ADVERBIALS for t in rest) and any(t.dep_ == "advcl" for t in rest)


def _closes(doc: Doc, start: int, i: int) -> bool:
    """Token ``i`` closes a bracket opened in the span from ``start`` ("(HFMA)")."""
    return doc[i].text == ")" and any(t.text == "(" for t in doc[start:i])


def _source_tokens(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
    """A tagged source without the punctuation the tagger sometimes ends it with ("Smith,"),
    and without a label or heading before a colon or line break ("Truth: The WHO says …")."""
    start, end = span
    while end > start + 1 and ((doc[end - 1].is_punct and not _closes(doc, start, end - 1)) or doc[end - 1].is_space):
        end -= 1
    depth, breaks = 0, []
    for t in doc[start:end - 1]:
        depth += (t.text == "(") - (t.text == ")")
        if (t.text == ":" and depth == 0) or "\n" in t.text:
            breaks.append(t.i)
    if breaks:
        start = breaks[-1] + 1
        while start < end - 1 and doc[start].is_space:
            start += 1
    return start, _with_parenthesis(doc, end)


_PAREN_TOKENS = 6  # "(R-Pa.)", "(D-N.Y.)": a party and state, not an aside


def _with_parenthesis(doc: Doc, end: int) -> int:
    """The source's end past a short parenthesis right after it ("Sen. Pat Toomey (R-Pa.)"), as
    PolNeAR marks it."""
    if end >= len(doc) or doc[end].text != "(":
        return end
    for i in range(end + 1, min(end + _PAREN_TOKENS, len(doc))):
        if doc[i].text == ")":
            return i + 1
        if doc[i].is_sent_start or "\n" in doc[i].text:
            break
    return end


def _take_model_spans(doc: Doc, rule: Candidate, model: Candidate) -> None:
    """The model's spans for a cue both read (on the tune part of PolNeAR train they beat the
    rules' where the two differ), within limits.  Source: when the rules' speaker heads it, with
    its apposition or clause as PolNeAR marks it ("Mr X, who made headlines as …"; the rules'
    name phrase stays the ``core``) — taken whatever it held, it named the content's subject in
    "…, reported the Times".  Cue:
    grown only by adverbs and auxiliaries ("has repeatedly said", not "said in its latest
    assessment").  Content: not for a quotation (the rules end it at its reporting clause and
    continue it after), not one holding the reporting clause, not one running past the cue's
    sentence (the tagger's run-on made a list of myths the WHO's words)."""
    if rule.cue_lemma == "according to" and rule.cue[0] == doc[rule.cue[0]].sent.start and any(
            t.text == "," for t in doc[rule.source[1]:model.source[1]]):
        return  # "According to X, at least 66 journalists ...": the parse hung the content's subject on X
    start, end = _source_tokens(doc, model.source)
    # the rules' speaker heads the model's span ("Kremlin troops, with reports" is not a source)
    if (_span_root(doc, start, end) == rule.head or _relative_for(doc, start, end, rule.head)) and (start, end) != rule.source:
        rule.core, rule.source = rule.source, (start, end)
    c0, c1 = model.cue
    if c0 <= rule.cue[0] and rule.cue[1] <= c1 and all(
            t.pos_ in ("AUX", "PART", "ADV", "VERB") for t in doc[c0:c1] if not rule.cue[0] <= t.i < rule.cue[1]):
        rule.cue = model.cue  # with its adverbs and auxiliaries ("has repeatedly said")
    spoken = (token_chars(doc, *rule.source), token_chars(doc, *rule.cue))
    sentence = doc[rule.cue[0]].sent
    if SPLIT_CONTENT:
        rule.other_part = _other_part(doc, model.content, rule.content, spoken)
    quoted = doc_text(doc)[rule.content[0]] in OPENERS
    if ((not quoted or (QUOTE_LEAD_IN and _leads_into(doc, model.content, rule)))
            and not any(_overlaps(model.content, s) for s in spoken)
            and model.content[1] <= sentence.end_char and not _opens_with_adjunct(doc, model.content, rule)
            and not (KEEP_GOVERNED and _cuts_its_governor(doc, model.content, rule.content))):
        rule.content = model.content


# a model content that stops where the rules' goes on keeps the rules' when the words it leaves
# out govern words it kept ("that as his path … continues to narrow[, Sanders will tone down …]",
# "Cruz[, who notched …, could help …]"): the model cut the clause off its own verb
KEEP_GOVERNED = True


def _cuts_its_governor(doc: Doc, model: tuple[int, int], content: tuple[int, int]) -> bool:
    """The model's content is the rules' with its end cut off, and the words cut off govern
    words kept (the same for a cut start, or a subject cut off, lost 0.1 on the tune part)."""
    if not (model[0] == content[0] and model[1] < content[1]):
        return False
    kept = doc.char_span(*model, alignment_mode="expand")
    left = doc.char_span(model[1], content[1], alignment_mode="expand")
    if kept is None or left is None:
        return False
    return any(left.start <= t.head.i < left.end and not t.is_punct for t in kept)


# the model's content for a rule quotation when it only adds the words leading into it ("said
# that, “my principle was …”", "called it "the pearl" on …"): PolNeAR's content starts there
QUOTE_LEAD_IN = True


def _leads_into(doc: Doc, model: tuple[int, int], rule: Candidate) -> bool:
    """The model's content starts before the rules' quotation and ends where it ends, and what it
    adds is not whom the words were told to ("told SiriusXM host Matt Boyle, “…”")."""
    text = doc_text(doc)
    end = lambda b: len(text[:b].rstrip(_EDGE))  # noqa: E731
    if not (model[0] < rule.content[0] and end(model[1]) == end(rule.content[1])):
        return False
    lead = doc.char_span(model[0], rule.content[0], alignment_mode="expand")
    return lead is not None and not (rule.cue_lemma in HEARER_VERBS and any(
        rule.cue[0] <= t.head.i < rule.cue[1] and t.dep_ in ("dobj", "dative") for t in lead))


# the model's content around the reporting clause ("X, she said, Y"; "“A,” he said. “B.”"): its
# part on the other side of the clause from the rules' content is said too, kept as a second
# record with the same source and cue (the ledger's content never holds the clause)
SPLIT_CONTENT = True


def _other_part(doc: Doc, model: tuple[int, int], content: tuple[int, int],
                spoken: tuple[tuple[int, int], ...]) -> tuple[int, int] | None:
    """The part of the model's content across the source and cue from the rules' content, when
    the model's content runs over them and shares the rules' far end, and the clause is an aside
    set off by punctuation ("…, Trump said the deadlock has …" is no aside)."""
    text = doc_text(doc)
    first, last = min(s[0] for s in spoken), max(s[1] for s in spoken)
    end = lambda b: len(text[:b].rstrip(_EDGE))  # noqa: E731
    start = lambda a: a + len(text[a:]) - len(text[a:].lstrip(_EDGE))  # noqa: E731
    if model[0] < first and last <= content[0] and end(model[1]) == end(content[1]):
        part, gap = trim_chars(doc, model[0], first), text[last:content[0]]
    elif SPLIT_TAIL and content[1] <= first and last < model[1] and start(model[0]) == start(content[0]):
        part, gap = trim_chars(doc, last, model[1]), text[content[1]:first]
        if "\n" in text[last:part[1]]:
            return None  # the quotation goes on only in the paragraph
        if part[0] >= doc[_first_token(doc, first)].sent.end_char and text[part[0]] not in OPENERS:
            return None  # "…, according to the WHO. The antibiotic does not …": the next sentence is the writer's
    else:
        return None
    if part[1] <= part[0] or not set(gap) & (set(",:") | OPENERS | CLOSERS):
        return None
    return part


SPLIT_TAIL = True


def _first_token(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else 0


_EDGE = " \t\n.,;:!?\"“”‘’'"


def _relative_for(doc: Doc, start: int, end: int, speaker: Token) -> bool:
    """A lone relative pronoun standing for the rules' speaker ("Jeb Bush, who announced …",
    "lawmakers who thought …"): PolNeAR marks the pronoun as the source; the name stays the core,
    which the record's speaker resolves to."""
    tok = doc[start]
    return (end - start == 1 and tok.tag_ in ("WP", "WDT") and tok.head.dep_ == "relcl"
            and tok.head.head.i == speaker.i)


def _opens_with_adjunct(doc: Doc, content: tuple[int, int], rule: Candidate) -> bool:
    """The model's content starts with the cue's own adjunct before the rules' that-clause
    ("reported [at the time] that …"): when and where it was said is not what was said."""
    first = doc.char_span(content[0], content[1], alignment_mode="expand")
    return (first is not None and content[0] < rule.content[0] < content[1] and first[0].dep_ == "prep"
            and rule.cue[0] <= first[0].head.i < rule.cue[1] and doc_text(doc)[rule.content[0]:].startswith("that "))


# rule attributions on cues the model did not read, on the tune part of PolNeAR train: "according
# to" right 5 times of 5, quotations 8 of 17, reporting verbs outside another's content about 1
# in 2 — but not inside a quotation: of 35 "think", "believe" and "wonder" added there 1 was
# right (a speaker's hedge in their own words), and keeping the others ("he said …" quoted by
# someone) cost 0.7 all-spans exact; tentative verbs
# ("suggest") 4 of 103 (kept for a speaker: a person, group or organisation)
_RULE_ALWAYS = ("according to", ":", SIGNATURE_CUE, POLL_CUE)


def _rule_adds(doc: Doc, att: Candidate, others: list[Candidate], quotes: list[Quote]) -> bool:
    """A rule attribution on a cue the model did not read that the combination keeps."""
    at, sent = doc[att.cue[0]].idx, doc[att.cue[0]].sent.start
    if att.cue_lemma in _RULE_ALWAYS:
        return True
    if doc_text(doc)[att.content[0]] in OPENERS:
        return not (QUOTED_NOT_NESTED and _reported_clause(doc, att, others, at))
    if any(q.double and q.start < at < q.end for q in quotes):
        return False
    kind = source_kind(doc, *att.source, att.head, att.cue_lemma)
    if cue_classes().get(att.cue_lemma) == "tentative" and kind == "unknown":
        return False  # "US military intelligence estimated", not "the numbers suggest"
    return not _nested(doc, att, others, at, sent)


# a quotation whose cue is the clause another attribution reports ("Westmacott also said that
# Obama shows “great charm” …": Obama does not speak) is not added alone; one in a relative clause
# inside another's content ("posted notes, including one image that said “Team USA.”") is
QUOTED_NOT_NESTED = True


def _reported_clause(doc: Doc, att: Candidate, others: list[Candidate], at: int) -> bool:
    verb = _span_root(doc, *att.cue)
    return verb.dep_ == "ccomp" and any(
        o is not att and o.cue[0] <= verb.head.i < o.cue[1] and o.content[0] <= at < o.content[1] for o in others)


def _nested(doc: Doc, att: Candidate, others: list[Candidate], at: int, sent: int) -> bool:
    """Nested in another's content of the same sentence (a content run on from an earlier
    sentence does not count: "The US has said … . US military intelligence estimated …")."""
    return any(o is not att and o.content[0] <= at < o.content[1] and doc[o.cue[0]].sent.start == sent
               for o in others)


def _combine(rules: list[Candidate], model: list[Candidate], doc: Doc, quotes: list[Quote]) -> list[Candidate]:
    """The rule attributions the model also read (they keep hearers as intermediaries and
    quotations) with the model's spans; the model's on cues no rule read (``_model_only_kept``);
    the rules' alone where they measurably add (``_rule_adds``)."""
    shared, alone = [], []
    for r in rules:
        twin = next((m for m in model if _overlaps(r.cue, m.cue)), None)
        if twin is not None:
            _take_model_spans(doc, r, twin)
        (shared if twin is not None else alone).append(r)
    out = shared + [m for m in model if not any(_overlaps(m.cue, r.cue) for r in rules) and _model_only_kept(doc, m)]
    return out + [r for r in alone if _rule_adds(doc, r, out + alone, quotes)]


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
        atts = _combine(atts, model, doc, quotes) if method == "combined" else model
    atts = [a for a in atts if not _third_person_you(_opening_token(doc, a.content[0]))]
    for att in atts:
        att.content = end_before_cue_clause(doc, _span_root(doc, *att.cue), att.content)
        expand_to_quotes(doc, att, quotes)
        att.cue = cue_with_attitude_noun(doc, att.cue, att.content, att.source)
    atts = [a for a in atts if not _reader_addressed(doc, a, quotes)]  # its kind is known once quotes are read
    atts = sorted(_dedupe(atts), key=lambda a: (a.cue[0], a.content[0]))
    atts = nest_chains(doc, atts)
    atts += [_other_record(doc, a, quotes) for a in atts if a.other_part is not None]
    atts = sorted(atts + continuations(doc, atts, quotes), key=lambda a: (min(a.content[0], doc[a.cue[0]].idx), a.cue[0]))
    for att in atts:
        att.source = without_dateline(doc, *att.source)
    records = [_to_record(doc, a) for a in atts]
    resolve_sources(doc, atts, records)
    return records


def _other_record(doc: Doc, att: Candidate, quotes: list[Quote]) -> Candidate:
    """The other part of a content split by its reporting clause, as its own record."""
    assert att.other_part is not None
    part = Candidate(att.source, att.head, att.cue, att.cue_lemma, att.other_part, list(att.via), core=att.core)
    expand_to_quotes(doc, part, quotes)
    return part


def _dedupe(atts: list[Candidate]) -> list[Candidate]:
    """One attribution per cue token and per (source, content)."""
    seen: set = set()
    out = []
    for a in atts:
        key = (a.cue, a.content)
        if key in seen or any(b.cue == a.cue for b in out):
            continue
        seen.add(key)
        out.append(a)
    return out
