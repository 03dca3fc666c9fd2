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
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from claimledger.analyze.attribution_lexicon import (
    CORE_CUES,
    HEARER_VERBS,
    ORG_HEADS,
    OUTLET_HEADS,
    PARTICLE_CUES,
    PERSON_HEADS,
    PRONOUNS,
    RESOLVABLE_PRONOUNS,
    cue_classes,
    cue_mode,
)
from claimledger.analyze.attribution_model import ModelAttribution, tag_attributions
from claimledger.analyze.attribution_quotes import Quote, doc_text, find_quotes, quote_at
from claimledger.analyze.attribution_sources import (
    antecedent,
    compatible,
    fuller_form,
    is_plural,
    np_span,
    source_kind,
)
from claimledger.records import Attribution, SourceRef

__all__ = ["extract_attributions", "cue_class", "attribution_cue_class"]

_COMPLEMENTS = ("ccomp", "xcomp", "parataxis", "oprd")
_INHERIT_DEPS = ("conj", "xcomp", "advcl")
_EXPLETIVES = {"it", "there", "this", "that", "which", "what"}
_STRIP = set(".,;:!?—–-") | {"(", ")"}
_CLOSERS = set("”\"’'»")
_OPENERS = set("“\"‘'«„")


@dataclass
class _Att:
    source: tuple[int, int]  # token range
    head: Token
    cue: tuple[int, int]  # token range
    cue_lemma: str
    content: tuple[int, int]  # character range
    via: list[SourceRef] = field(default_factory=list)
    kind: str = "indirect"


def attribution_cue_class(lemma: str) -> str | None:
    """neutral | distancing | tentative | denial | dispute, or None for a non-cue."""
    if lemma in ("according to", ":"):
        return "neutral"
    return cue_classes().get(lemma)


cue_class = attribution_cue_class


# --- cues -----------------------------------------------------------------------------------
def _cue_lemma(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    for (verb, part), _cls in PARTICLE_CUES.items():
        if lemma == verb and any(c.lower_ == part for c in tok.children):
            return f"{verb} {part}"
    if lemma in cue_classes():
        return lemma
    return None


def _is_cue_verb(tok: Token) -> bool:
    if not tok.tag_.startswith("VB") or tok.dep_ in ("amod", "compound", "aux", "auxpass"):
        return False
    if any(c.dep_ == "neg" for c in tok.children):
        return False
    return True


def _cue_range(tok: Token) -> tuple[int, int]:
    """The verb with its auxiliaries right before it ("has alleged"), as PolNeAR marks cues."""
    start = tok.i
    while start > 0 and tok.doc[start - 1].dep_ in ("aux", "auxpass") and tok.doc[start - 1].head.i == tok.i:
        start -= 1
    end = tok.i + 1
    for c in tok.children:  # particle cues: "point out"
        if c.dep_ == "prt" and c.i == end:
            end += 1
    return start, end


# --- sources --------------------------------------------------------------------------------
def _relative_antecedent(tok: Token) -> Token:
    """The noun a relative pronoun stands for ("one soldier who ... and telling them")."""
    if tok.lower_ not in ("who", "which", "that"):
        return tok
    node = tok.head
    while node.dep_ != "relcl" and node.head.i != node.i:
        node = node.head
    return node.head if node.dep_ == "relcl" else tok


def _subject(verb: Token, depth: int = 0) -> Token | None:
    subj = _subject_token(verb, depth)
    return _relative_antecedent(subj) if subj is not None else None


def _subject_token(verb: Token, depth: int = 0) -> Token | None:
    for c in verb.children:
        if c.dep_ == "nsubj" and c.lower_ not in _EXPLETIVES:
            return c
        if c.dep_ == "nsubj" and c.lower_ in ("who", "that", "which") and verb.dep_ == "relcl":
            return verb.head
        if c.dep_ == "agent":
            for p in c.children:
                if p.dep_ == "pobj":
                    return p
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
        return None  # an expletive or passive subject: no speaker named here
    if depth < 2 and verb.dep_ in _INHERIT_DEPS and verb.head.i != verb.i and verb.head.pos_ in ("VERB", "AUX"):
        if verb.dep_ == "advcl" and verb.tag_ != "VBG":
            return None
        for anc in list(verb.ancestors)[:3]:  # "He said X and said Y": the speech verb above speaks
            if anc.tag_.startswith("VB") and anc.lemma_.lower() in cue_classes():
                for c in anc.children:
                    if c.dep_ == "nsubj" and c.lower_ not in _EXPLETIVES:
                        return c
        head = verb.head
        for c in head.children:
            if c.dep_ in ("nsubj", "nsubjpass") and c.lower_ not in _EXPLETIVES:
                return c
        return _subject_token(head, depth + 1)
    # "reports suggesting that"; a past participle only with a clause of its own ("intelligence
    # estimated last week that …", misparsed), not "a group called the Dawn of Libya"
    if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN") and (
            verb.tag_ == "VBG" or any(c.dep_ == "ccomp" for c in verb.children)):
        return verb.head
    return None


# --- content --------------------------------------------------------------------------------
def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Trim blanks and outer punctuation off a character range, keeping balanced quote marks."""
    text = doc_text(doc)
    while True:
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start and text[end - 1] in _STRIP:
            end -= 1
            continue
        if end > start and text[start] in _STRIP:
            start += 1
            continue
        if end > start and text[end - 1] in _CLOSERS and not any(ch in _OPENERS for ch in text[start:end - 1]):
            end -= 1
            continue
        if end > start and text[start] in _OPENERS and not any(ch in _CLOSERS for ch in text[start + 1:end]):
            start += 1
            continue
        return start, end


def _chars(doc: Doc, start_tok: int, end_tok: int) -> tuple[int, int]:
    return doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)


def _quote_after(doc: Doc, pos: int, quotes: list[Quote]) -> Quote | None:
    """A double quotation opening at ``pos`` after blanks and ':' or ','."""
    text = doc_text(doc)
    while pos < len(text) and (text[pos].isspace() or text[pos] in ":,"):
        pos += 1
    for q in quotes:
        if q.start == pos and q.double:
            return q
    return None


def _quote_ending_before(doc: Doc, pos: int, quotes: list[Quote]) -> Quote | None:
    """A quotation that ends right before ``pos`` (blanks and one comma between): double marks,
    or single ones around three words or more ('…,' the official said)."""
    text = doc_text(doc)
    while pos > 0 and (text[pos - 1].isspace() or text[pos - 1] in ",;"):
        pos -= 1
    for q in quotes:
        if (q.double or q.words(text) >= 3) and q.end == pos:
            return q
    return None


def _stranded_predicate(verb: Token, sent: Span) -> tuple[int, int] | None:
    """Parse repair for "reports suggesting [up to 17 commanders] [may have been lost]": the
    object of the cue is the subject of a predicate the parser attached elsewhere."""
    objs = [c for c in verb.children if c.dep_ == "dobj" and c.i > verb.i]
    if not objs:
        return None
    obj = objs[0]
    nxt = obj.right_edge.i + 1
    if nxt >= sent.end:
        return None
    pred = verb.doc[nxt]
    if pred.dep_ in ("aux", "auxpass"):
        pred = pred.head
    if pred.pos_ not in ("VERB", "AUX") or pred.i < nxt or verb.i in [a.i for a in pred.ancestors]:
        return None
    return obj.left_edge.i, min(pred.right_edge.i + 1, sent.end)


def _quote_introduced(doc: Doc, verb: Token, sent: Span, quotes: list[Quote]) -> Quote | None:
    """"He tells the crowd: “…”", "asks at a school, “…”": a quotation after the cue's object or
    adjuncts, introduced by a colon or comma, with no other verb in between."""
    end_char = verb.idx + len(verb.text)
    for q in quotes:
        if not q.double or q.start < end_char or q.start > sent.end_char + 2:
            continue
        between = doc_text(doc)[end_char:q.start].rstrip()
        if not between.endswith((":", ",")) or any(ch in between for ch in ".;!?"):
            return None
        span = doc.char_span(end_char, q.start, alignment_mode="contract")
        if span is not None and any(t.pos_ in ("VERB", "AUX") for t in span):
            return None
        return q
    return None


def _that_clause(verb: Token, sent: Span) -> tuple[int, int] | None:
    """"says in a statement that …": a that-clause the parser hung under an adjunct."""
    for t in verb.subtree:
        if t.i > verb.i and t.lower_ == "that" and t.dep_ == "mark" and t.head.i != verb.i:
            node, ok = t.head.head, True
            while node.i != verb.i:  # only nouns and prepositions between: "in a statement that"
                if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
                    ok = False
                    break
                node = node.head
            if ok:
                return t.i, min(t.head.right_edge.i + 1, sent.end)
    return None


def _right_content(verb: Token, sent: Span, skip: set[int], *, infinitive: bool = False,
                   repair: bool = True) -> tuple[int, int] | None:
    """Token range of the complement clauses to the right of the cue: a clause with its own
    subject or a "that", a predicative ("called it a crime"); a bare infinitive only after a
    stance cue ("claimed to have shot down", not "asked to leave").  ``repair``: also try the
    parse repair for a stranded predicate."""
    comps = [c for c in verb.children if c.i > verb.i and c.dep_ in _COMPLEMENTS and c.i not in skip]
    comps = [c for c in comps if c.dep_ == "oprd" or (infinitive and c.dep_ == "xcomp") or any(
        g.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for g in c.children)]
    if not comps:
        if not repair:
            return _that_clause(verb, sent)
        return _stranded_predicate(verb, sent) or _that_clause(verb, sent)
    start = min(c.left_edge.i for c in comps)
    end = max(c.right_edge.i for c in comps) + 1
    return max(start, verb.i + 1), min(end, sent.end)


def _parenthetical(doc: Doc, verb: Token, sent: Span) -> bool:
    """The reporting clause sits inside its content: words outside the cue's phrase follow it."""
    inside = {t.i for t in verb.subtree}
    return any(not (t.is_punct or t.is_space) and t.i not in inside for t in doc[verb.i + 1:sent.end])


def _left_boundary(doc: Doc, first: int, sent: Span) -> int | None:
    """For a reporting clause after its content ("…, the Sun reported"): the index of the comma
    (or closing quote) that ends the content, when only the clause follows it."""
    i = first - 1
    while i >= sent.start and doc[i].is_space:
        i -= 1
    if i > sent.start and doc[i].text in (",", "”", "\"", "’", "'", "''", "»", "—"):
        return i
    return None


def _sentence_body(doc: Doc, sent: Span) -> tuple[int, int]:
    return _trim(doc, sent.start_char, sent.end_char)


# --- the extractor --------------------------------------------------------------------------
def _tail_is_adjunct(doc: Doc, verb: Token, sent: Span) -> bool:
    """True when nothing but adjuncts (on Monday, in a statement, calling for …) follows the cue."""
    for t in doc[verb.i + 1:sent.end]:
        if t.is_space or t.is_punct:
            continue
        if t.head.i == verb.i and t.dep_ in _COMPLEMENTS:
            return False
        if t.head.i == verb.i and t.dep_ == "dobj" and verb.lemma_ not in HEARER_VERBS:
            return False
    return True


def _inverted_subject(doc: Doc, verb: Token, lemma: str, sent: Span) -> Token | None:
    """"…, reported the Times", "…,” said the general": a core cue after the content's comma
    or closing quote whose speaker follows it and ends the sentence (the parser often makes
    that speaker an object)."""
    if lemma not in CORE_CUES or _left_boundary(doc, _cue_range(verb)[0], sent) is None:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i for c in verb.children):
        return None
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "nsubj", "attr", "npadvmod") and c.pos_ in ("PROPN", "NOUN"):
            rest = [t for t in doc[np_span(c)[1]:sent.end] if not (t.is_punct or t.is_space)]
            if all(t.head.i in (verb.i, c.i) or t.dep_ in ("pobj", "det", "amod", "compound", "poss")
                   for t in rest) and not any(t.pos_ in ("VERB", "AUX") for t in rest):
                return c
    return None


def _left_content(doc: Doc, verb: Token, first: int, sent: Span, quotes: list[Quote]) -> tuple[int, int] | None:
    """Content before a reporting clause that starts at token ``first``: the quotation that
    closed the previous sentence, the quotation or words before the clause's comma, or the
    whole sentence around a parenthetical clause."""
    boundary = _left_boundary(doc, first, sent)
    earlier = _quote_ending_before(doc, doc[first].idx, quotes)
    if earlier is not None and not doc_text(doc)[sent.start_char:doc[first].idx].strip(" \n,”\"'’"):
        # "“… A pathetic figure!” he wrote.": the quotation closed the previous sentence
        return earlier.start, earlier.end
    if boundary is None:
        return None
    before = _quote_ending_before(doc, doc[boundary].idx + len(doc[boundary].text), quotes)
    body = _sentence_body(doc, sent)
    if before is not None and (before.start < body[0] or not doc_text(doc)[body[0]:before.start].strip()):
        return before.start, before.end
    if _parenthetical(doc, verb, sent):
        return body  # "Without a change, critics argue, the war will drag on."
    return body[0], doc[boundary].idx


def _hearer_refs(doc: Doc, verb: Token, lemma: str, skip: set[int]) -> list[SourceRef]:
    """The hearer of "told the Kyiv Post that": not content; an intermediary when it is named."""
    via: list[SourceRef] = []
    if lemma not in HEARER_VERBS:
        return via
    for c in verb.children:
        if c.dep_ in ("dobj", "dative") and c.i > verb.i:
            skip.add(c.i)
            h_start, h_end = np_span(c)
            if c.pos_ == "PROPN" or c.ent_type_ in ("ORG", "PERSON"):
                kind = source_kind(doc, h_start, h_end, c, "report")
                a, b = _chars(doc, h_start, h_end)
                via.append(SourceRef(text=doc_text(doc)[a:b], start=a, end=b, kind=kind))
    return via


def _quoted_as(verb: Token) -> tuple[Token, Token] | None:
    """"He was quoted as saying that …": (the quoted person, the "saying" verb)."""
    if verb.lemma_.lower() != "quote":
        return None
    subj = [c for c in verb.children if c.dep_ == "nsubjpass"]
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "as" and subj:
            for say in prep.children:
                if say.dep_ == "pcomp" and say.lemma_.lower() in cue_classes():
                    return subj[0], say
    return None


def _from_verb(doc: Doc, verb: Token, lemma: str, sent: Span, quotes: list[Quote]) -> _Att | None:
    quoted = _quoted_as(verb)
    subj = _inverted_subject(doc, verb, lemma, sent)
    inverted = subj is not None
    if quoted is not None:
        subj, verb = quoted[0], quoted[1]
        if verb.lemma_.lower() not in CORE_CUES:
            return None
    elif subj is None:
        subj = _subject(verb)
    if subj is None:
        return None
    s_start, s_end = np_span(subj)
    cue = _cue_range(verb) if quoted is None else (_cue_range(subj.head)[0], verb.i + 1)
    skip: set[int] = set()
    via = _hearer_refs(doc, verb, lemma, skip)
    subject_left = s_end <= cue[0]
    after_cue = max(cue[1], s_end) if not subject_left else cue[1]
    quote = _quote_after(doc, doc[after_cue - 1].idx + len(doc[after_cue - 1].text), quotes)
    if quote is None and subject_left:
        quote = _quote_introduced(doc, verb, sent, quotes)
    content: tuple[int, int] | None = None
    if quote is not None:
        content = (quote.start, quote.end)
        first = min(s_start, cue[0])
        split = _quote_ending_before(doc, doc[first].idx, quotes)
        if split is not None and split.start >= sent.start_char - 1 and quote.start > doc[first].idx:
            content = (split.start, quote.end)  # "“A,” he said, “B.”": one quotation around its clause
    elif inverted:
        content = _left_content(doc, verb, cue[0], sent, quotes)
    else:
        # the content must be a statement: "asked him to form a government" is a request, and
        # learnt cues (PolNeAR also marks plans and wishes) get no parse repairs
        stance = cue_classes().get(lemma) in ("distancing", "tentative")
        right = _right_content(verb, sent, skip, infinitive=stance, repair=lemma in CORE_CUES)
        if right is not None and right[1] > right[0]:
            content = _chars(doc, *right)
        elif (lemma in CORE_CUES and _tail_is_adjunct(doc, verb, sent)
              and (subj.head.i == verb.i or subj.i == verb.head.i)):
            content = _left_content(doc, verb, min(s_start, cue[0]), sent, quotes)
    if content is None:
        return None
    content = _trim(doc, *content)
    if len(doc_text(doc)[content[0]:content[1]].split()) < 2:
        return None
    return _Att((s_start, s_end), subj, cue, lemma, content, via)


def _according_to(doc: Doc, tok: Token, sent: Span) -> _Att | None:
    nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
    if nxt is None or nxt.lower_ != "to":
        return None
    objs = [c for c in nxt.children if c.dep_ == "pobj"]
    if not objs:
        return None
    s_start, s_end = np_span(objs[0])
    body = _sentence_body(doc, sent)
    left = _trim(doc, body[0], tok.idx)
    right = _trim(doc, doc[s_end - 1].idx + len(doc[s_end - 1].text), body[1])
    if left[1] - left[0] >= right[1] - right[0]:
        content = left if right[1] - right[0] < 3 else (body[0], body[1])
    else:
        content = right if left[1] - left[0] < 3 else (body[0], body[1])
    if len(doc_text(doc)[content[0]:content[1]].split()) < 2:
        return None
    return _Att((s_start, s_end), objs[0], (tok.i, tok.i + 2), "according to", content)


def _speaker_phrase(doc: Doc, start: int, end: int) -> Token | None:
    """The head of a short name or role phrase ("Ukraine's defence ministry", "Zelensky") that
    can speak; a place alone (a dateline, "Kyiv:") or a topic ("Ukraine war:") cannot."""
    words = [t for t in doc[start:end] if not t.is_space]
    if not 1 <= len(words) <= 6 or any(t.pos_ in ("VERB", "AUX") or t.is_punct and t.text != "'" for t in words):
        return None
    heads = [t for t in words if not start <= t.head.i < end or t.head.i == t.i]
    if len(heads) != 1:
        return None
    head = heads[0]
    low = head.lemma_.lower()
    if head.ent_type_ in ("PERSON", "ORG", "NORP") or low in ORG_HEADS or low in PERSON_HEADS or low in OUTLET_HEADS:
        return head
    return None


def _headline_colon(doc: Doc, colon: Token, sent: Span) -> _Att | None:
    """"Ukraine's defence ministry: Russian forces lost 200 tanks": in a headline or kicker (a
    paragraph of one line without a final full stop), a speaker phrase, a colon, a statement."""
    text = doc_text(doc)
    line_start = text.rfind("\n", 0, colon.idx) + 1
    line_end = text.find("\n", colon.idx)
    line_end = len(text) if line_end < 0 else line_end
    line = text[line_start:line_end].rstrip()
    if line.endswith(".") or line_start < sent.start_char or colon.i - sent.start > 8:
        return None
    head = _speaker_phrase(doc, sent.start, colon.i)
    after = doc.char_span(colon.idx + 1, min(line_end, sent.end_char), alignment_mode="contract")
    if head is None or after is None or len([t for t in after if t.is_alpha]) < 3:
        return None
    if not any(t.pos_ in ("VERB", "AUX") for t in after):
        return None
    content = _trim(doc, after.start_char, after.end_char)
    return _Att(_trim_tokens(doc, sent.start, colon.i), head, (colon.i, colon.i + 1), ":", content)


def _trim_tokens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].is_space:
        start += 1
    return start, end


def _candidates(doc: Doc, quotes: list[Quote]) -> list[_Att]:
    found: list[_Att] = []
    for sent in doc.sents:
        for tok in sent:
            if tok.lower_ == "according":
                att = _according_to(doc, tok, sent)
            elif tok.text == ":":
                att = _headline_colon(doc, tok, sent)
            elif _is_cue_verb(tok) and (lemma := _cue_lemma(tok)):
                att = _from_verb(doc, tok, lemma, sent, quotes)
            else:
                continue
            if att is not None:
                found.append(att)
    return found


def _quotes_around_clause(doc: Doc, att: _Att, quotes: list[Quote]) -> bool:
    """"“A,” he said, “B.”": the content is quoted words and its own reporting clause only."""
    start, end = att.content
    inside = [q for q in quotes if q.double and start <= q.start and q.end <= end]
    if len(inside) < 2:
        return False
    covered = [(q.start, q.end) for q in inside] + [_chars(doc, *att.source), _chars(doc, *att.cue)]
    text = doc_text(doc)
    return all(ch.isspace() or ch in ",;:—–-" or any(a <= k < b for a, b in covered)
               for k, ch in enumerate(text[start:end], start))


def _expand_to_quotes(doc: Doc, att: _Att, quotes: list[Quote]) -> None:
    """Content cut inside a quotation grows to the whole quotation; set the kind."""
    start, end = att.content
    cue_at = doc[att.cue[0]].idx
    for q in quotes:
        if not q.double or q.start <= cue_at < q.end:  # a cue inside the quotation is the speaker's
            continue
        if q.start < start < q.end <= end + 2 or start <= q.start < end < q.end:
            if q.words(doc_text(doc)) >= 3:
                start, end = min(start, q.start), max(end, q.end)
    att.content = (start, end)
    whole = quote_at(quotes, start, end)
    long_single = whole is not None and whole.words(doc_text(doc)) >= 3
    if whole is not None and (whole.double or long_single) and whole.start >= start - 1 and whole.end <= end + 1:
        att.kind = "direct"
    elif _quotes_around_clause(doc, att, quotes):
        att.kind = "direct"
    elif any(q.double and start <= q.start and q.end <= end and q.words(doc_text(doc)) >= 3 for q in quotes):
        att.kind = "mixed"
    elif any(start <= q.start and q.end <= end for q in quotes):
        att.kind = "mixed"


def _continuations(doc: Doc, atts: list[_Att], quotes: list[Quote]) -> list[_Att]:
    """Quotations without a cue that follow a direct attribution: the same speaker goes on."""
    extra: list[_Att] = []
    covered = [a.content for a in atts]
    for q in quotes:
        if not q.double or q.words(doc_text(doc)) < 4:
            continue
        if any(s <= q.start < e or q.start <= s < q.end for s, e in covered):
            continue
        prev = [a for a in atts + extra if a.kind == "direct" and a.content[1] <= q.start]
        if not prev:
            continue
        last = max(prev, key=lambda a: a.content[1])
        gap = doc_text(doc)[last.content[1]:q.start]
        cue_end = doc[last.cue[1] - 1].idx + len(doc[last.cue[1] - 1].text)
        if gap.count("\n\n") > 1 or gap.count("\n") > 2 or len(gap) > 400:
            continue
        if max(cue_end, last.content[1]) > q.start:
            continue
        between = [a for a in atts if last.content[1] <= a.content[0] < q.start]
        if between:
            continue
        extra.append(_Att(last.source, last.head, last.cue, last.cue_lemma, _trim(doc, q.start, q.end),
                          list(last.via), "direct"))
    return extra


def _self_reference(doc: Doc, inner: _Att, outer: _Att) -> bool:
    """"He says he believes …", "“I think …,” she said": the inner speaker is the outer one."""
    low = doc[inner.source[0]:inner.source[1]].text.lower()
    if low in ("i", "we", "me", "us"):
        return True
    if low not in RESOLVABLE_PRONOUNS:
        return False
    kind = source_kind(doc, *outer.source, outer.head, outer.cue_lemma)
    plural = is_plural(doc, *outer.source, outer.head)
    if low in ("he", "she"):  # NER often misses a bare surname: only a group rules it out
        return not plural and kind != "group"
    return compatible(low, kind, plural)


def _content_head(doc: Doc, att: _Att) -> int | None:
    """Index of the token heading the content: the one whose head lies outside it."""
    span = doc.char_span(att.content[0], att.content[1], alignment_mode="expand")
    if span is None:
        return None
    tops = [t for t in span if not t.is_punct and not t.is_space and not (span.start <= t.head.i < span.end)]
    verbs = [t for t in tops if t.pos_ in ("VERB", "AUX")]
    return (verbs or tops)[0].i if tops else None


def _nest(doc: Doc, atts: list[_Att]) -> list[_Att]:
    """Chains: an attribution inside another's content takes the outer source as intermediary;
    one where the speaker only goes on about their own view is folded into the outer one."""
    drop: set[int] = set()
    for i, outer in enumerate(atts):
        for j, inner in enumerate(atts):
            if i == j or i in drop or j in drop:
                continue
            cue_at = doc[inner.cue[0]].idx
            src_at = doc[inner.source[0]].idx
            if not (outer.content[0] <= cue_at < outer.content[1] and outer.content[0] <= src_at < outer.content[1]):
                continue
            if _self_reference(doc, inner, outer):
                drop.add(j)
                continue
            a, b = _chars(doc, *outer.source)
            inner.via = inner.via + [SourceRef(text=doc_text(doc)[a:b], start=a, end=b,
                                               kind=source_kind(doc, *outer.source, outer.head, outer.cue_lemma))]
            inner.via += outer.via
            # the outer one only carries the inner one when the inner cue heads its content
            if outer.kind != "direct" and _content_head(doc, outer) == inner.cue[1] - 1:
                drop.add(i)
    return [a for k, a in enumerate(atts) if k not in drop]


def _to_record(doc: Doc, att: _Att) -> Attribution:
    a, b = _chars(doc, *att.source)
    kind = source_kind(doc, *att.source, att.head, att.cue_lemma)
    c0, c1 = _chars(doc, *att.cue)
    return Attribution(
        source=SourceRef(text=doc_text(doc)[a:b], start=a, end=b, kind=kind),
        cue=doc_text(doc)[c0:c1], cue_start=c0, cue_end=c1,
        content_start=att.content[0], content_end=att.content[1],
        kind=att.kind, via=att.via, mode=cue_mode(att.cue_lemma),
    )


def _resolve(doc: Doc, atts: list[_Att], records: list[Attribution]) -> None:
    """Pronouns and short forms to the nearest compatible earlier source; chains carried over."""
    history: list[dict] = []
    for att, rec in zip(atts, records):
        src = rec.source
        head = att.head
        plural = is_plural(doc, *att.source, head)
        low = src.text.lower()
        target = None
        if low in RESOLVABLE_PRONOUNS:
            target = antecedent(low, history)
            if low in ("he", "she"):
                target = _nearer_person(doc, src.start or 0, target, history)
        elif src.kind != "outlet":
            target = fuller_form(src.text, head.text, src.kind, history)
        if target is not None:
            src.resolved, src.resolved_start, src.resolved_end = target["text"], target["start"], target["end"]
            if target["kind"] != "unknown":
                src.kind = target["kind"]
            if not rec.via and target["via"]:
                rec.via = [SourceRef(**v.to_dict()) for v in target["via"]]
            plural = plural or target["plural"]
        if low not in PRONOUNS:
            history.append({"text": src.resolved or src.text, "start": src.resolved_start if src.resolved else src.start,
                            "end": src.resolved_end if src.resolved else src.end, "kind": src.kind,
                            "plural": plural, "via": rec.via, "head": (target or {}).get("head", head.lower_),
                            "at": src.start})
        elif target is not None:
            history.append({**target, "via": rec.via or target["via"], "at": src.start})


_PERSON_WINDOW = 600  # characters back from a pronoun in which a named person can be its antecedent


def _nearer_person(doc: Doc, at: int, target: dict | None, history: list[dict]) -> dict | None:
    """"Timothy Sheahan, a virologist, studies … “…,” he said": a person named as the subject of
    a clause after the nearest earlier source (or with none) is the nearer antecedent of he/she;
    a short form of a source already seen resolves to that source's fuller name."""
    since = target.get("at", target["start"]) if target is not None else -1
    best = None
    for ent in doc.ents:
        if ent.label_ != "PERSON" or not (max(since, at - _PERSON_WINDOW) < ent.start_char < at):
            continue
        root = ent.root
        if root.dep_ not in ("nsubj", "nsubjpass") or is_plural(doc, ent.start, ent.end, root):
            continue
        verb = root.head  # the subject of a main clause, not of "before Putin launched …"
        if not (verb.dep_ == "ROOT" or verb.dep_ == "conj" and verb.head.dep_ == "ROOT"):
            continue
        best = root
    if best is None:
        return target
    a, b = np_span(best)
    c0, c1 = _chars(doc, a, b)
    found = {"text": doc_text(doc)[c0:c1], "start": c0, "end": c1, "kind": "person", "plural": False,
             "via": [], "head": best.lower_, "at": c0}
    return fuller_form(found["text"], best.text, "person", history) or found


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
    known = [t for t in verbs if _cue_lemma(t)]
    if known:
        return _cue_lemma(known[-1]) or known[-1].lemma_.lower()
    return (verbs or list(toks))[-1].lemma_.lower()


def _from_model(doc: Doc, m: ModelAttribution) -> _Att | None:
    """A tagged attribution as an ``_Att``; a missing source falls back to the cue's subject."""
    source = m.source
    if source is None:
        verb = _span_root(doc, *m.cue)
        subj = _subject(verb) if verb.pos_ in ("VERB", "AUX") else None
        if subj is None:
            return None
        source = np_span(subj)
    c0, c1 = m.content_range()
    content = _trim(doc, *_chars(doc, c0, c1))
    if content[1] <= content[0]:
        return None
    return _Att(source, _span_root(doc, *source), m.cue, _model_cue_lemma(doc, m.cue), content)


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _statement_like(doc: Doc, att: _Att) -> bool:
    """A model attribution the ledger can take: its cue a speech or cognition verb of the
    lexicon (or "according to"), not negated ("did not say whether"), its content a clause or
    a quotation, not a bare object ("has asked for more air defence")."""
    head = _span_root(doc, *att.cue)
    if att.cue_lemma != "according to":
        if head.pos_ not in ("VERB", "AUX") or any(c.dep_ == "neg" for c in head.children):
            return False
        if att.cue_lemma not in cue_classes():
            return False  # PolNeAR's wider scope (plans, wishes, stances) is not a reported statement
    span = doc.char_span(att.content[0], att.content[1], alignment_mode="expand")
    if span is None or len([t for t in span if t.is_alpha]) < 3:
        return False
    quoted = doc_text(doc)[att.content[0]] in _OPENERS
    stance = cue_classes().get(att.cue_lemma) in ("distancing", "tentative")
    if span[0].lower_ == "to" and span[0].pos_ == "PART" and not stance:
        return False  # an intention or a refusal ("refused to continue"), not a statement
    if span[0].pos_ == "ADP":
        return False  # "calling for dialogue to begin": a request
    if att.head.dep_ == "pobj" and att.head.head.lower_ not in ("by", "to"):
        return False  # a speaker is a subject or an agent, not "at a meeting in Beijing"
    return quoted or any(t.pos_ in ("VERB", "AUX") and t.dep_ not in ("amod", "compound") for t in span)


def _unread_cue_sentences(doc: Doc, rules: list[_Att]) -> set[int]:
    """Starts of the sentences holding a lexicon cue verb the rules made nothing of: the only
    places where the combined method can take a model attribution (see ``_statement_like``),
    so the model runs on those alone."""
    used = {i for r in rules for i in range(*r.cue)}
    cues = cue_classes()
    out = set()
    for sent in doc.sents:
        if any(t.i not in used and t.pos_ in ("VERB", "AUX") and t.lemma_.lower() in cues for t in sent):
            out.add(sent.start)
    return out


def _combine(rules: list[_Att], model: list[_Att], doc: Doc) -> list[_Att]:
    """The rules' attributions (precise, with chains), plus the model's whose cue no rule found
    and that state something."""
    return rules + [m for m in model if not any(_overlaps(m.cue, r.cue) for r in rules) and _statement_like(doc, m)]


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
    atts = _candidates(doc, quotes) if method != "model" else []
    if method != "rules":
        only = _unread_cue_sentences(doc, atts) if method == "combined" else None
        tagged = tag_attributions(doc, only=only, quotes=quotes) if only is None or only else []
        model = [a for a in (_from_model(doc, m) for m in tagged) if a is not None]
        atts = _combine(atts, model, doc) if method == "combined" else model
    for att in atts:
        _expand_to_quotes(doc, att, quotes)
    atts = sorted(_dedupe(atts), key=lambda a: (a.cue[0], a.content[0]))
    atts = _nest(doc, atts)
    atts = sorted(atts + _continuations(doc, atts, quotes), key=lambda a: (min(a.content[0], doc[a.cue[0]].idx), a.cue[0]))
    records = [_to_record(doc, a) for a in atts]
    _resolve(doc, atts, records)
    return records


def _dedupe(atts: list[_Att]) -> list[_Att]:
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
