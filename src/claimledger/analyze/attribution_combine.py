"""How the combined method joins the learned tagger's attributions and the rules': the tagger's
spans where both read a cue (``_take_model_spans``: its source, cue and content within limits,
the words leading into a quotation, a content split by an aside reporting clause, the rules'
content where the tagger cut a clause off its own verb), what the tagger may add alone
(``_model_only_kept``) and what the rules may add alone (``_rule_adds``).  Each choice was
measured on the tune part of PolNeAR train with CRFs fitted on the rest (the figures are in
``models/attribution_crf.card.md``)."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from claimledger.analyze.attribution_chains import expand_to_quotes
from claimledger.analyze.attribution_content import CLOSERS, OPENERS, token_chars, trim_chars
from claimledger.analyze.attribution_lexicon import (
    DENIAL,
    DISPUTE,
    DISTANCING,
    HEARER_VERBS,
    INTENT,
    NEUTRAL,
    TENTATIVE,
    cue_classes,
)
from claimledger.analyze.attribution_polls import POLL_CUE
from claimledger.analyze.attribution_quotes import Quote, doc_text
from claimledger.analyze.attribution_rules import Candidate
from claimledger.analyze.attribution_signature import SIGNATURE_CUE
from claimledger.analyze.attribution_sources import source_kind


def span_root(doc: Doc, start: int, end: int) -> Token:
    for tok in doc[start:end]:
        if not start <= tok.head.i < end or tok.head.i == tok.i:
            return tok
    return doc[start]


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
    head = span_root(doc, *att.cue)
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


def _pronoun_and_adjuncts(span: Span, head: Token) -> bool:
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


def source_tokens(doc: Doc, span: tuple[int, int]) -> tuple[int, int]:
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
    start, end = source_tokens(doc, model.source)
    # the rules' speaker heads the model's span ("Kremlin troops, with reports" is not a source)
    if (span_root(doc, start, end) == rule.head or _relative_for(doc, start, end, rule.head)) and (start, end) != rule.source:
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
    if any(_reports(t) for t in left):
        return False  # the words cut off report another claim ("…, saying …", "- but according to the Met, …")
    if any(left.start <= t.head.i < left.end and not t.is_punct for t in kept):
        return True
    return KEEP_COORDINATED and any(_goes_on(t) for t in left if kept.start <= t.head.i < kept.end)


KEEP_COORDINATED = True


# the hand lexicon's cue verbs (not the learned lexicon's "choose")
_REPORTING = frozenset(" ".join((NEUTRAL, DISTANCING, TENTATIVE, DENIAL, DISPUTE)).split())


def _reports(tok: Token) -> bool:
    """A verb that reports a claim, or "according"."""
    return tok.lower_ == "according" or (tok.pos_ in ("VERB", "AUX") and tok.lemma_.lower() in _REPORTING)


def _goes_on(tok: Token) -> bool:
    """A word cut off that carries on the kept clause: a coordinated clause or predicate ("…, or
    even have him speak to them", "…, but not the man himself") or a participle without a subject
    of its own ("…, pushing her to victory", "…, too focused on …"); not a relative clause, a
    clause with its own conjunction ("while …") or a phrase of time or place."""
    if tok.dep_ == "conj":
        return True
    return (tok.dep_ in ("advcl", "xcomp") and tok.tag_ in ("VBG", "VBN")
            and not any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in tok.children))


# the model's content for a rule quotation when it only adds the words leading into it ("said
# that, “my principle was …”", "called it "the pearl" on …"): PolNeAR's content starts there
QUOTE_LEAD_IN = True
QUOTE_TRAIL = True


def _leads_into(doc: Doc, model: tuple[int, int], rule: Candidate) -> bool:
    """The model's content starts before the rules' quotation and ends where it ends, and what it
    adds is not whom the words were told to ("told SiriusXM host Matt Boyle, “…”")."""
    text = doc_text(doc)
    same_start = _word_start(text, model[0]) == _word_start(text, rule.content[0])
    if QUOTE_TRAIL and same_start and _word_end(text, model[1]) > _word_end(text, rule.content[1]):
        # the words after the closing mark in the sentence ("it’s a two-man race” between Cruz and Trump")
        trail = doc.char_span(rule.content[1], model[1], alignment_mode="expand")
        return (model[1] <= doc[rule.cue[0]].sent.end_char and trail is not None
                and not any(ch in OPENERS for ch in text[rule.content[1]:model[1]])
                and not any(t.pos_ in ("VERB", "AUX") for t in trail))  # '"…," the Daily Mirror reports'
    if not (model[0] < rule.content[0] and _word_end(text, model[1]) == _word_end(text, rule.content[1])):
        return False
    lead = doc.char_span(model[0], rule.content[0], alignment_mode="expand")
    if lead is None or any(t.pos_ in ("VERB", "AUX") for t in lead):
        return False  # 'One local said: "…," the Daily Mirror reports': the lead is another speaker's
    return not (rule.cue_lemma in HEARER_VERBS and any(
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
    if model[0] < first and last <= content[0] and _word_end(text, model[1]) == _word_end(text, content[1]):
        part, gap = trim_chars(doc, model[0], first), text[last:content[0]]
    elif SPLIT_TAIL and content[1] <= first and last < model[1] and _word_start(text, model[0]) == _word_start(text, content[0]):
        part, gap = trim_chars(doc, last, model[1]), text[content[1]:first]
        if "\n" in text[last:part[1]]:
            return None  # the quotation goes on only in the paragraph
        sent_end = doc[_first_token(doc, first)].sent.end_char
        if part[0] >= sent_end and not any(ch in OPENERS for ch in text[sent_end:part[0] + 1]):
            return None  # "…, according to the WHO. The antibiotic does not …": the next sentence is the writer's
    else:
        return None
    if part[1] <= part[0] or not set(gap) & (set(",:") | OPENERS | CLOSERS):
        return None
    return part if _quoted_or_finite(doc, text, part) else None  # "This, she said, “is how …”": no claim alone


SPLIT_TAIL = True


def _quoted_or_finite(doc: Doc, text: str, part: tuple[int, int]) -> bool:
    span = doc.char_span(*part, alignment_mode="expand")
    if span is None:
        return False
    return any(ch in OPENERS for ch in text[max(0, part[0] - 1):part[1]]) or any(
        t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in span)


def _first_token(doc: Doc, char: int) -> int:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span.start if span is not None else 0


_EDGE = " \t\n.,;:!?\"“”‘’'"


def _word_end(text: str, end: int) -> int:
    """Where a span ending at ``end`` ends without blanks, punctuation and quote marks."""
    return len(text[:end].rstrip(_EDGE))


def _word_start(text: str, start: int) -> int:
    return start + len(text[start:]) - len(text[start:].lstrip(_EDGE))


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
    verb = span_root(doc, *att.cue)
    return verb.dep_ == "ccomp" and any(
        o is not att and o.cue[0] <= verb.head.i < o.cue[1] and o.content[0] <= at < o.content[1] for o in others)


def _nested(doc: Doc, att: Candidate, others: list[Candidate], at: int, sent: int) -> bool:
    """Nested in another's content of the same sentence (a content run on from an earlier
    sentence does not count: "The US has said … . US military intelligence estimated …")."""
    return any(o is not att and o.content[0] <= at < o.content[1] and doc[o.cue[0]].sent.start == sent
               for o in others)


def combine_candidates(rules: list[Candidate], model: list[Candidate], doc: Doc, quotes: list[Quote]) -> list[Candidate]:
    """The rule attributions the model also read (they keep hearers as intermediaries and
    quotations) with the model's spans; the model's on cues no rule read (``_model_only_kept``);
    the rules' alone where they measurably add (``_rule_adds``)."""
    shared: list[Candidate] = []
    alone: list[Candidate] = []
    for r in rules:
        twin = next((m for m in model if _overlaps(r.cue, m.cue)), None)
        if twin is not None:
            _take_model_spans(doc, r, twin)
        (shared if twin is not None else alone).append(r)
    out = shared + [m for m in model if not any(_overlaps(m.cue, r.cue) for r in rules) and _model_only_kept(doc, m)]
    return out + [r for r in alone if _rule_adds(doc, r, out + alone, quotes)]


def other_part_record(doc: Doc, att: Candidate, quotes: list[Quote]) -> Candidate:
    """The other part of a content split by its reporting clause, as its own record."""
    assert att.other_part is not None
    part = Candidate(att.source, att.head, att.cue, att.cue_lemma, att.other_part, list(att.via), core=att.core)
    expand_to_quotes(doc, part, quotes)
    return part
