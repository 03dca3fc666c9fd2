"""Where an attribution's content lies: character ranges trimmed of blanks and outer
punctuation, the quotation after or before a cue, the complement clauses right of a cue, and
the words before a reporting clause that follows its content ("…, the Sun reported")."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from claimledger.analyze.attribution_quotes import Quote, doc_text

COMPLEMENTS = ("ccomp", "xcomp", "parataxis", "oprd")
_STRIP = set(".,;:!?—–-") | {"(", ")"}
CLOSERS = set("”\"’'»")
OPENERS = set("“\"‘'«„")


def trim_chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
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
        if end > start and text[end - 1] in CLOSERS and not any(ch in OPENERS for ch in text[start:end - 1]):
            end -= 1
            continue
        if end > start and text[start] in OPENERS and not any(ch in CLOSERS for ch in text[start + 1:end]):
            start += 1
            continue
        return start, end


def token_chars(doc: Doc, start_tok: int, end_tok: int) -> tuple[int, int]:
    return doc[start_tok].idx, doc[end_tok - 1].idx + len(doc[end_tok - 1].text)


def quote_after(doc: Doc, pos: int, quotes: list[Quote]) -> Quote | None:
    """A double quotation opening at ``pos`` after blanks and ':' or ','."""
    text = doc_text(doc)
    while pos < len(text) and (text[pos].isspace() or text[pos] in ":,"):
        pos += 1
    for q in quotes:
        if q.start == pos and q.double:
            return q
    return None


def quote_ending_before(doc: Doc, pos: int, quotes: list[Quote]) -> Quote | None:
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


def quote_introduced(doc: Doc, verb: Token, sent: Span, quotes: list[Quote]) -> Quote | None:
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
    """"says in a statement that …": a that-clause the parser hung under an adjunct; "that" may be
    parsed as an adverb of its clause ("tweeted in the early morning hours that Machado was …")."""
    for t in verb.subtree:
        if t.i > verb.i and t.lower_ == "that" and t.head.i != verb.i and (t.dep_ == "mark" or (
                t.dep_ == "advmod" and t.head.pos_ in ("VERB", "AUX") and t.head.left_edge.i == t.i
                and any(c.dep_ in ("nsubj", "nsubjpass") for c in t.head.children))):
            node, ok = t.head.head, True
            while node.i != verb.i:  # only nouns and prepositions between: "in a statement that"
                if node.pos_ in ("VERB", "AUX") or node.head.i == node.i:
                    ok = False
                    break
                node = node.head
            if ok:
                return t.i, min(t.head.right_edge.i + 1, sent.end)
    return None


def _clause_above(verb: Token, sent: Span) -> tuple[int, int] | None:
    """"Trump has previously claimed, without evidence, that millions of illegal votes cost him …":
    an adjunct between cue and "that" makes the parser hang the cue under its own content clause;
    the clause above, from its "that", is the content."""
    head = verb.head
    if verb.dep_ not in ("ccomp", "parataxis") or not verb.i < head.i < sent.end:
        return None
    mark = next((c for c in head.children if c.dep_ == "mark" and c.lower_ == "that" and verb.right_edge.i < c.i),
                None)
    return (mark.i, min(head.right_edge.i + 1, sent.end)) if mark is not None else None


def right_content(verb: Token, sent: Span, skip: set[int], *, infinitive: bool = False,
                   repair: bool = True) -> tuple[int, int] | None:
    """Token range of the complement clauses to the right of the cue: a clause with its own
    subject or a "that", a predicative ("called it a crime"); a bare infinitive only after a
    stance cue ("claimed to have shot down", not "asked to leave").  ``repair``: also try the
    parse repair for a stranded predicate."""
    comps = [c for c in verb.children if c.i > verb.i and c.dep_ in COMPLEMENTS and c.i not in skip]
    comps = [c for c in comps if c.dep_ == "oprd" or (infinitive and c.dep_ == "xcomp") or any(
        g.dep_ in ("nsubj", "nsubjpass", "expl", "mark") for g in c.children)]
    if not comps:
        if not repair:
            return _that_clause(verb, sent)
        return _stranded_predicate(verb, sent) or _that_clause(verb, sent) or _clause_above(verb, sent)
    start = min(c.left_edge.i for c in comps)
    end = max(c.right_edge.i for c in comps) + 1
    return max(start, verb.i + 1), min(end, sent.end)


def _parenthetical(doc: Doc, verb: Token, sent: Span) -> bool:
    """The reporting clause sits inside its content: words outside the cue's phrase follow it."""
    inside = {t.i for t in verb.subtree}
    return any(not (t.is_punct or t.is_space) and t.i not in inside for t in doc[verb.i + 1:sent.end])


def left_boundary(doc: Doc, first: int, sent: Span) -> int | None:
    """For a reporting clause after its content ("…, the Sun reported"): the index of the comma
    (or closing quote) that ends the content, when only the clause follows it."""
    i = first - 1
    while i >= sent.start and doc[i].is_space:
        i -= 1
    if i > sent.start and doc[i].text in (",", "”", "\"", "’", "'", "''", "»", "—"):
        return i
    return None


def sentence_body(doc: Doc, sent: Span) -> tuple[int, int]:
    return trim_chars(doc, sent.start_char, sent.end_char)


def left_content(doc: Doc, verb: Token, first: int, sent: Span, quotes: list[Quote]) -> tuple[int, int] | None:
    """Content before a reporting clause that starts at token ``first``: the quotation that
    closed the previous sentence, the quotation or words before the clause's comma, or the
    whole sentence around a parenthetical clause."""
    boundary = left_boundary(doc, first, sent)
    earlier = quote_ending_before(doc, doc[first].idx, quotes)
    if earlier is not None and not doc_text(doc)[sent.start_char:doc[first].idx].strip(" \n,”\"'’"):
        # "“… A pathetic figure!” he wrote.": the quotation closed the previous sentence
        return earlier.start, earlier.end
    if boundary is None:
        return None
    before = quote_ending_before(doc, doc[boundary].idx + len(doc[boundary].text), quotes)
    body = sentence_body(doc, sent)
    if before is not None and (before.start < body[0] or not doc_text(doc)[body[0]:before.start].strip()):
        return before.start, before.end
    if _parenthetical(doc, verb, sent):
        return body  # "Without a change, critics argue, the war will drag on."
    return body[0], doc[boundary].idx


# clauses the cue's own verb governs beside what it reports: "urged X to attack … [and proposed a
# safe zone]", "said that he will support the nominee[, even as he has taken shots at …]"
_CUE_CLAUSES = ("conj",)


def end_before_cue_clause(doc: Doc, cue_root: Token, content: tuple[int, int]) -> tuple[int, int]:
    """The content ended before a clause coordinated with, or adverbial to, the cue's verb that it
    runs on into (the linker's contents often do); unchanged when none lies inside it."""
    start, end = content
    text = doc_text(doc)
    if cue_root.pos_ not in ("VERB", "AUX") or start < cue_root.idx or text[start] in OPENERS:
        return content
    cut = None
    for child in cue_root.children:
        if child.dep_ not in _CUE_CLAUSES or child.i < cue_root.i:
            continue
        first = child.left_edge
        if start < first.idx < end and not (first.idx <= start < child.right_edge.idx + len(child.right_edge.text)):
            cut = first.i if cut is None else min(cut, first.i)
    if cut is None:
        return content
    while cut > 0 and (doc[cut - 1].is_punct or doc[cut - 1].dep_ == "cc") and doc[cut - 1].idx > start:
        cut -= 1
    if doc[cut - 1].idx <= start:
        return content
    if any(ch in OPENERS for ch in text[start:doc[cut].idx]) and not any(ch in CLOSERS for ch in text[start:doc[cut].idx]):
        return content  # never inside a quotation
    return trim_chars(doc, start, doc[cut - 1].idx + len(doc[cut - 1].text))


# verbs whose object noun PolNeAR reads into the cue ("expressed concern that …", "expressed
# doubt"): on the fit part of train the object was in the gold cue 9 times in 10 after "express"
# (after "tell", "ask", "call", "remind" and "assure" it is a hearer or a name: 441 against 1)
_ATTITUDE_VERBS = frozenset({"express"})


def cue_with_attitude_noun(doc: Doc, cue: tuple[int, int], content: tuple[int, int],
                           source: tuple[int, int]) -> tuple[int, int]:
    """The cue (token range) grown over the object noun of an attitude verb right after it."""
    verb = doc[cue[1] - 1]
    if verb.lemma_.lower() not in _ATTITUDE_VERBS or cue[1] >= len(doc):
        return cue
    obj = next((c for c in verb.rights if c.dep_ == "dobj" and c.left_edge.i == cue[1]), None)
    if obj is None:
        return cue
    end = obj.i + 1  # the noun with its determiner and modifiers, not its complements
    a, b = token_chars(doc, cue[1], end)
    if a < content[1] and content[0] < b or cue[1] < source[1] and source[0] < end:
        return cue
    if any(t.is_punct or t.is_quote for t in doc[cue[1]:end]):
        return cue
    return cue[0], end


# "said in a statement": on the fit part of PolNeAR train the gold cue held "in a statement" 45
# times in 72 after a cue verb (an interview 30 in 94, an email 5 in 21: those stay out)
_CUE_MEDIA = frozenset({"statement"})


def cue_with_statement(doc: Doc, cue: tuple[int, int], content: tuple[int, int]) -> tuple[int, int]:
    """The cue (token range) grown over "in a statement" right after its verb."""
    if cue[1] >= len(doc) or doc[cue[1]].lower_ != "in" or doc[cue[1]].head.i != cue[1] - 1:
        return cue
    prep = doc[cue[1]]
    obj = next((c for c in prep.children if c.dep_ == "pobj" and c.lemma_.lower() in _CUE_MEDIA), None)
    if obj is None:
        return cue
    after = obj.i + 1
    while after < len(doc) and doc[after].is_punct and doc[after].idx < content[0]:
        after += 1
    if obj.right_edge.i != obj.i and not (after < len(doc) and doc[after].idx == content[0]):
        return cue  # "in a statement released by …": the phrase goes on (a that-clause parsed on it is the content)
    a, b = token_chars(doc, cue[1], obj.i + 1)
    if a < content[1] and content[0] < b:
        return cue
    return cue[0], obj.i + 1


_CUE_PREFIX_DEPS = ("aux", "auxpass", "neg", "advmod")


def cue_with_adverbs(doc: Doc, cue: tuple[int, int], source: tuple[int, int]) -> tuple[int, int]:
    """The cue (token range) grown left over the adverbs and auxiliaries of its verb right before
    it ("also said", "has repeatedly said"): on the fit part of PolNeAR train an adverb right
    before a cue verb was in the gold cue 9 times in 10 ("also" 265 against 13; "when" never)."""
    verb = next((t for t in doc[cue[0]:cue[1]] if t.tag_.startswith("VB")), None)
    if verb is None:
        return cue
    start = cue[0]
    while start > 0 and not source[0] <= start - 1 < source[1]:
        prev = doc[start - 1]
        if prev.head.i != verb.i or prev.dep_ not in _CUE_PREFIX_DEPS or prev.tag_ == "WRB":
            break
        if prev.dep_ == "advmod" and not prev.tag_.startswith("RB"):
            break
        start -= 1
    return start, cue[1]


# an indirect content that runs past its sentence into a new quotation that another attribution
# holds ("… deserved better. ''There's only one way …,'' he said."): PolNeAR ends it at the
# sentence (on train 32 of 14,442 gold indirect contents without their cue go on into a
# quotation; the combined reader's did so wrongly about 10 times on the tune part).  A quotation no
# other cue claims stays with the content: NewsClaims credits it to the speaker before it
_INTO_QUOTATION = re.compile(r"[^\"”][.?!][’']?[ \xa0]+(?:''|“|\")")


def end_before_new_quotation(doc: Doc, cue: tuple[int, int], content: tuple[int, int],
                             others: set[int]) -> tuple[int, int]:
    """The content ended at the sentence before a quotation it runs on into, when it does not
    itself open as a quotation, its cue lies outside it and another attribution's content starts
    at the quotation (``others``: the other contents' start offsets)."""
    start, end = content
    text = doc_text(doc)
    before = text[max(0, start - 3):start].rstrip()
    if text[start] in OPENERS or before.endswith(("''", "“", '"')):
        return content
    cue_at = doc[cue[0]].idx
    if start <= cue_at < end:
        return content  # "“A,” he said. “B”": the reporting clause lies inside, the quotation goes on
    found = _INTO_QUOTATION.search(text, start, end)
    if found is None:
        return content
    opens = found.end() - (2 if text[found.end() - 2:found.end()] == "''" else 1)
    if not any(opens <= other <= opens + 2 for other in others):
        return content
    return trim_chars(doc, start, found.start() + 2)
