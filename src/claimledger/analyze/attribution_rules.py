"""The rule reader of attributions: cue verbs, "according to" and headline colons over the
dependency parse and the cue lexicon, each with its source (the speaker) and its content (see
``attribution_content``), as ``Candidate`` spans that ``attribution`` turns into records."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.attrs import LEMMA, LOWER, ORTH, TAG
from spacy.tokens import Doc, Span, Token

from claimledger.analyze.attribution_content import (
    CLOSERS,
    COMPLEMENTS,
    OPENERS,
    left_boundary,
    left_content,
    quote_after,
    quote_ending_before,
    quote_introduced,
    right_content,
    sentence_body,
    token_chars,
    trim_chars,
)
from claimledger.analyze.attribution_lexicon import (
    CORE_CUES,
    HEARER_VERBS,
    ORG_HEADS,
    OUTLET_HEADS,
    PARTICLE_CUES,
    PERSON_HEADS,
    cue_classes,
)
from claimledger.analyze.attribution_quotes import Quote, doc_text
from claimledger.analyze.attribution_sources import np_span, source_kind
from claimledger.analyze.claim_nouns import with_role
from claimledger.records import SourceRef

_INHERIT_DEPS = ("conj", "xcomp", "advcl")
_EXPLETIVES = {"it", "there", "this", "that", "which", "what"}


@dataclass
class Candidate:
    """An attribution found in the parse (by the rules or the model), before it is a record."""

    source: tuple[int, int]  # token range
    head: Token
    cue: tuple[int, int]  # token range
    cue_lemma: str
    content: tuple[int, int]  # character range
    via: list[SourceRef] = field(default_factory=list)
    kind: str = "indirect"
    # the speaker's name phrase when ``source`` is longer ("Joe Bateman" of "Joe Bateman, who
    # traveled from Illinois"): what pronouns and short forms resolve against
    core: tuple[int, int] | None = None
    confidence: float = 1.0  # the model's, for an attribution it read
    # the words said on the other side of a reporting clause inside the content ("No name
    # change, he said, ''hides what it really is''"): a second record with the same source and cue
    other_part: tuple[int, int] | None = None


# --- cues -----------------------------------------------------------------------------------
def cue_lemma(tok: Token) -> str | None:
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
def _relative_pronoun(tok: Token) -> bool:
    """"who", "which", "that" — not the WHO (the World Health Organization)."""
    return tok.lower_ in ("who", "which", "that") and not tok.text.isupper()


def _relative_antecedent(tok: Token) -> Token:
    """The noun a relative pronoun stands for ("one soldier who ... and telling them")."""
    if not _relative_pronoun(tok):
        return tok
    node = tok.head
    while node.dep_ != "relcl" and node.head.i != node.i:
        node = node.head
    return _topic_owner(_past_those_of(node.head)) if node.dep_ == "relcl" else tok


# what writes or says: "a white paper on religion that said …" (the paper says it, not religion)
SPEAKING_DOCUMENTS = with_role("said") | with_role("writes")


def _topic_owner(noun: Token) -> Token:
    """The document a relative clause's noun is the topic of: "a white paper on religion that
    said …" speaks through the paper; "a report about the attack that …" through the report."""
    prep = noun.head
    if noun.dep_ != "pobj" or prep.lower_ not in ("on", "about", "of", "into") or \
            noun.lemma_.lower() in SPEAKING_DOCUMENTS:
        return noun
    # the parser often hangs the "on" on the verb: "released a white paper | on religion"
    owner = prep.head if prep.head.pos_ in ("NOUN", "PROPN") else next(
        (c for c in prep.head.children if c.dep_ == "dobj" and c.right_edge.i == prep.i - 1), None)
    return owner if owner is not None and owner.lemma_.lower() in SPEAKING_DOCUMENTS else noun


def _past_those_of(noun: Token) -> Token:
    """The noun after "those of" / "that of" ("correspond with those of the Syrian Observatory,
    which said …": the Observatory speaks, not "those")."""
    if noun.lower_ not in ("those", "that") or noun.pos_ not in ("PRON", "DET"):
        return noun
    for prep in noun.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            return next((c for c in prep.children if c.dep_ == "pobj"), noun)
    return noun


def subject_of(verb: Token, depth: int = 0) -> Token | None:
    subj = _subject_token(verb, depth)
    return _relative_antecedent(subj) if subj is not None else None


def _subject_token(verb: Token, depth: int = 0) -> Token | None:
    # two subjects are a misparse ("Truth: The WHO says …" makes the label one): the nearer speaks
    subjects = [c for c in verb.children if c.dep_ == "nsubj" and c.lower_ not in _EXPLETIVES]
    if len(subjects) > 1:
        return min(subjects, key=lambda c: abs(verb.i - c.i))
    for c in verb.children:
        if c.dep_ == "nsubj" and c.lower_ not in _EXPLETIVES:
            return c
        if c.dep_ == "nsubj" and _relative_pronoun(c) and verb.dep_ == "relcl":
            return _relative_antecedent(c)
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


# --- the extractor --------------------------------------------------------------------------
def _tail_is_adjunct(doc: Doc, verb: Token, sent: Span) -> bool:
    """True when nothing but adjuncts (on Monday, in a statement, calling for …) follows the cue."""
    for t in doc[verb.i + 1:sent.end]:
        if t.is_space or t.is_punct:
            continue
        if t.head.i == verb.i and t.dep_ in COMPLEMENTS:
            return False
        if t.head.i == verb.i and t.dep_ == "dobj" and verb.lemma_ not in HEARER_VERBS:
            return False
    return True


def _inverted_subject(doc: Doc, verb: Token, lemma: str, sent: Span) -> Token | None:
    """"…, reported the Times", "…,” said the general": a core cue after the content's comma
    or closing quote whose speaker follows it and ends the sentence (the parser often makes
    that speaker an object)."""
    if lemma not in CORE_CUES or left_boundary(doc, _cue_range(verb)[0], sent) is None:
        return None
    if any(c.dep_ in ("nsubj", "nsubjpass") and c.i < verb.i and c.text not in OPENERS | CLOSERS | {"«", "»"}
           for c in verb.children):
        return None  # (a closing guillemet parsed as the subject does not count)
    for c in verb.children:
        if c.i > verb.i and c.dep_ in ("dobj", "nsubj", "attr", "npadvmod") and c.pos_ in ("PROPN", "NOUN"):
            rest = [t for t in doc[np_span(c)[1]:sent.end] if not (t.is_punct or t.is_space)]
            if all(t.head.i in (verb.i, c.i) or t.dep_ in ("pobj", "det", "amod", "compound", "poss")
                   for t in rest) and not any(t.pos_ in ("VERB", "AUX") for t in rest):
                return c
    return None


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
                a, b = token_chars(doc, h_start, h_end)
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


def _from_verb(doc: Doc, verb: Token, lemma: str, sent: Span, quotes: list[Quote]) -> Candidate | None:
    quoted = _quoted_as(verb)
    subj = _inverted_subject(doc, verb, lemma, sent)
    inverted = subj is not None
    if quoted is not None:
        subj, verb = quoted[0], quoted[1]
        if verb.lemma_.lower() not in CORE_CUES:
            return None
    elif subj is None:
        subj = subject_of(verb)
    if subj is None:
        return None
    s_start, s_end = np_span(subj)
    cue = _cue_range(verb) if quoted is None else (_cue_range(subj.head)[0], verb.i + 1)
    skip: set[int] = set()
    via = _hearer_refs(doc, verb, lemma, skip)
    subject_left = s_end <= cue[0]
    after_cue = max(cue[1], s_end) if not subject_left else cue[1]
    quote = quote_after(doc, doc[after_cue - 1].idx + len(doc[after_cue - 1].text), quotes)
    if quote is None and subject_left:
        quote = quote_introduced(doc, verb, sent, quotes)
    content: tuple[int, int] | None = None
    if quote is not None:
        content = (quote.start, quote.end)
        first = min(s_start, cue[0])
        split = quote_ending_before(doc, doc[first].idx, quotes)
        if split is not None and split.start >= sent.start_char - 1 and quote.start > doc[first].idx:
            content = (split.start, quote.end)  # "“A,” he said, “B.”": one quotation around its clause
    elif inverted:
        content = left_content(doc, verb, cue[0], sent, quotes)
    else:
        # the content must be a statement: "asked him to form a government" is a request, and
        # learnt cues (PolNeAR also marks plans and wishes) get no parse repairs
        stance = cue_classes().get(lemma) in ("distancing", "tentative")
        right = right_content(verb, sent, skip, infinitive=stance, repair=lemma in CORE_CUES)
        if right is not None and right[1] > right[0]:
            content = token_chars(doc, *right)
        elif (lemma in CORE_CUES and _tail_is_adjunct(doc, verb, sent)
              and (subj.head.i == verb.i or subj.i == verb.head.i)):
            content = left_content(doc, verb, min(s_start, cue[0]), sent, quotes)
    if content is None:
        return None
    content = trim_chars(doc, *content)
    if len(doc_text(doc)[content[0]:content[1]].split()) < 2:
        return None
    return Candidate((s_start, s_end), subj, cue, lemma, content, via)


def _before_content_comma(doc: Doc, start: int, end: int) -> int:
    """Where a sentence-initial "According to X," source ends: at its first comma, unless an
    apposition follows ("According to Smith, the army's spokesman, ..."); the parser may hang
    the content's subject on the source ("the Committee to Protect Journalists, at least 66
    journalists ... have been killed")."""
    for i in range(start + 1, end):
        if doc[i].text == ",":
            return end if i + 1 < end and doc[i + 1].lower_ in ("a", "an", "the") else i
    return end


def _according_to(doc: Doc, tok: Token, sent: Span) -> Candidate | None:
    nxt = doc[tok.i + 1] if tok.i + 1 < sent.end else None
    if nxt is None or nxt.lower_ != "to":
        return None
    objs = [c for c in nxt.children if c.dep_ == "pobj"]
    if not objs:
        return None
    s_start, s_end = np_span(objs[0])
    body = sentence_body(doc, sent)
    if tok.idx - body[0] < 3:
        s_end = _before_content_comma(doc, s_start, s_end)
    left = trim_chars(doc, body[0], tok.idx)
    right = trim_chars(doc, doc[s_end - 1].idx + len(doc[s_end - 1].text), body[1])
    if left[1] - left[0] >= right[1] - right[0]:
        content = left if right[1] - right[0] < 3 else (body[0], body[1])
    else:
        content = right if left[1] - left[0] < 3 else (body[0], body[1])
    if len(doc_text(doc)[content[0]:content[1]].split()) < 2:
        return None
    return Candidate((s_start, s_end), objs[0], (tok.i, tok.i + 2), "according to", content)


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


def _headline_colon(doc: Doc, colon: Token, sent: Span) -> Candidate | None:
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
    content = trim_chars(doc, after.start_char, after.end_char)
    return Candidate(_trim_tokens(doc, sent.start, colon.i), head, (colon.i, colon.i + 1), ":", content)


def _trim_tokens(doc: Doc, start: int, end: int) -> tuple[int, int]:
    while start < end and doc[start].is_space:
        start += 1
    return start, end


def _rule_tokens(doc: Doc) -> list[int]:
    """Indexes of the tokens a rule may start from: "according", a colon, or a verb tag whose
    lemma is a cue (``cue_lemma``'s words); read from the Doc's arrays, so no ``Token`` is
    built for the rest (most tokens), and checked in full by ``rule_candidates``."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    verbs = set(cue_classes()) | {verb for verb, _ in PARTICLE_CUES}
    table = doc.to_array([LOWER, ORTH, TAG, LEMMA]).view("uint64")
    according, colon = strings["according"], strings[":"]  # their hashes (nothing added)
    tags = {key: strings[key].startswith("VB") for key in set(table[:, 2].tolist())}
    lemmas = {key: strings[key].lower() in verbs for key in set(table[:, 3].tolist())}
    return [i for i, (lower, orth, tag, lemma) in enumerate(table.tolist())
            if lower == according or orth == colon or (tags[tag] and lemmas[lemma])]


def rule_at(doc: Doc, tok: Token, sent: Span, quotes: list[Quote]) -> Candidate | None:
    """The attribution a rule reads from ``tok`` ("according to", a headline colon, a cue verb), if any."""
    if tok.lower_ == "according":
        return _according_to(doc, tok, sent)
    if tok.text == ":":
        return _headline_colon(doc, tok, sent)
    if _is_cue_verb(tok) and (lemma := cue_lemma(tok)):
        return _from_verb(doc, tok, lemma, sent, quotes)
    return None


def rule_candidates(doc: Doc, quotes: list[Quote]) -> list[Candidate]:
    """``rule_at`` over the tokens a rule can start from (``_rule_tokens``), in text order."""
    found: list[Candidate] = []
    starts = _rule_tokens(doc)
    at = 0
    for sent in doc.sents:
        while at < len(starts) and starts[at] < sent.end:
            att = rule_at(doc, doc[starts[at]], sent, quotes)
            at += 1
            if att is not None:
                found.append(att)
    return found
