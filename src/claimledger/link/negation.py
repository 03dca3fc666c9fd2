"""Whether a claim negates, and what: the negation cues a claim group's stances rest on.

A claim is negated when a negation or denial cue is left once the phrases that carry such
a word without denying anything are taken out: uncertainty ("it is not known"), saying
nothing ("has not publicly commented", "did not know why", "did not establish the order
in which"), the additive "not just / not only", a refusal ("was denied bail", "denied a
Nichols offer to plead guilty") and a thing turned away ("had their ballots rejected":
rejecting or dismissing denies only a claim, a report, an idea …).  A claim cut right after
its own "not" ("it's not | his DNA to stay in jail") carries that word as
its ``lead``.  Two claims of one group hold opposite
stances only when the negation bears on what they share.  They are in conflict only when,
besides, the negation is said of something the other claim names (``opposes``): "We don't
want to be like the rest of the world" or "it was Cruz, not Trump, who swept the delegates"
contradict no one's "he wants America to be like the rest of the world" or "Cruz's candidates
won the delegates".  A denial ("denied", "hoax",
"false", "not true", an opening "No,") sets the whole claim against the other; otherwise
the first negation cue must negate a word the other claim says — the first content word
after it, adverbs and auxiliaries skipped: "Macaulay Culkin is not *dead*" denies that he
is dead, "no *injuries* to police" does not deny that police dispersed a crowd, nor "he
pleaded not *guilty* to two counts of murder" that he was charged with them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from claimledger.link.negation_phrases import NOT as _NOT
from claimledger.link.negation_phrases import without_non_denials as _without_non_denials
from claimledger.link.stories import STOP, stem

WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
OPEN_LEADS = frozenset({"whether", "if"})  # the words that open a question or a condition
CONCESSIVE_LEADS = frozenset({"although", "though", "while", "whereas"})  # "although | it may not yet be …"
# "without" is left out: "the world will remain three days without sunlight" says the sunlight is
# blocked; "unable" is in: "doctors were initially unable to re-attach" = "doctors couldn't re-attach"
NEGATION = frozenset({"not", "no", "never", "n't", "nothing", "none", "neither", "nor", "cannot", "unable"})
DENIAL = frozenset({"deny", "denied", "denies", "denying", "denial", "false", "fake", "hoax", "untrue",
                    "debunk", "debunked", "refute", "refuted", "refutes", "reject", "rejected", "rejects",
                    "dismiss", "dismissed", "dismisses", "baseless", "unfounded", "fabricated",
                    "disinformation", "misinformation", "rebuff", "rebuffed"})
# a condition or an open question asserts nothing to deny or be denied: "if the horses test
# positive …", "to discover if the case is isolated or related"
# "what point the man began recording" (cut from "It is not known at what point …"): a question
_OPEN = re.compile(r"^\W*(?:if|whether|unless|(?:at\s+)?what\s+(?:point|time|stage|moment|extent))\b|"
                   r"\b(?:discover|determine|see|find\s+out|establish|learn|check|"
                   r"ask(?:ed|ing)?|wonder(?:ed|ing)?)\s+(?:if|whether)\b", re.I)
# "not true", "isn't real": a denial of the whole claim, like "false"
_NOT_TRUE = re.compile(rf"\b{_NOT}\s+(?:\w+ly\s+)?(?:true|real|accurate|correct|the\s+case|happening)\b")
# a claim that opens with "No," answers the other claim: it denies all of it
_NO_ANSWER = re.compile(r"^\W*no\s*[,!.:;]")
_NO_SUBJECT = re.compile(r"^(?:\s+(?:of\s+)?[\w'’-]+){1,5}?\s+(?=(?:were|was|is|are|has|have|had|will|would|could|can|got|get|gets|did|does|do)\b)")
_GET_PASSIVE = re.compile(r"^\s*(?:got|gets?|getting)\s+(?=[\w'’-]+(?:ed|en)\b)")
_CLAUSE_END = re.compile(r"[,;:()\u2013\u2014]|\s(?:and|but|while|whereas)\s")
# words between a cue and what it negates: "did not *even* ...", "has *yet* to"
_BETWEEN = frozenset({"yet", "ever", "even", "immediately", "really", "actually", "officially", "publicly",
                      "any", "been", "being", "have", "had", "has", "was", "were", "did", "does", "that", "going"})


def _is_cue(word: str) -> bool:
    return word in NEGATION or word in DENIAL or word.endswith("n't")


def lead_cue(before: str) -> str:
    """The negation word, or the "whether" / "if" of an open question, right before a claim's
    span in its sentence ("" when there is none): the claim was cut after its own negation.
    ``before``: the text that precedes the span."""
    sentence = re.split(r"[.!?\n]", before[-40:])[-1]
    words = WORD.findall(sentence.casefold().replace("’", "'"))
    last = words[-1] if words else ""
    # "declined to say whether | the church had received threats": an open question, asserted by no one
    return last if last in NEGATION or last in OPEN_LEADS or last in CONCESSIVE_LEADS or last.endswith("n't") else ""


_NEGATIVE_SOURCE = re.compile(r"^\W*(?:no\s+one|nobody|none|neither|no\s+[^\W\d])", re.I)  # not "No. 10", "No 10"


def claim_lead(before: str, source: str | None) -> str:
    """``lead_cue``, or "no" when the claim is what a negative source says: "No one can say | they
    knew me as a man" states no one's claim that they did."""
    return lead_cue(before) or ("no" if source and _NEGATIVE_SOURCE.match(source) else "")


def asserts_nothing(text: str) -> bool:
    """A condition or an open question ("if they test positive …", "to see whether …")."""
    return bool(_OPEN.search(text[:80]))


_LETTERS = re.compile(r"[^\W\d_]+")
_LETTER_CUES = frozenset(w for w in NEGATION | DENIAL if w.isalpha())


def _may_negate(text: str) -> bool:
    """Whether a cue could be left in ``text`` once phrases are out (cheap, and never False where one
    is): every phrase starts and ends at a word boundary, so a cue left is one of the text's own
    runs of letters, or carries its "n't"."""
    folded = text.casefold().replace("’", "'")
    return "n't" in folded or any(run in _LETTER_CUES for run in _LETTERS.findall(folded))


def has_negation(text: str) -> bool:
    """True when a negation or denial cue is left once the phrases that deny nothing are out."""
    # most claims name no cue at all: the seventeen phrase passes are skipped for them
    return _may_negate(text) and any(_is_cue(w) for w in WORD.findall(_without_non_denials(text)))


def _content(words: list[str]) -> list[str]:
    return [stem(w) for w in words if w not in STOP and w not in _BETWEEN and len(w) > 2 and not _is_cue(w)
            and not w.endswith("ly")]  # adverbs: "not *accidentally* cut"


def _plain_negation(negated_text: str) -> tuple[str, re.Match[str] | None] | None:
    """The claim's text without the phrases that deny nothing, and its first negation cue (None:
    none left); None when the claim is denied whole (a denial word, "not true", an opening "No,")."""
    text = _without_non_denials(negated_text)
    if _NOT_TRUE.search(text) or _NO_ANSWER.match(text) or any(w in DENIAL for w in WORD.findall(text)):
        return None
    return text, next((m for m in WORD.finditer(text) if _is_cue(m.group())), None)


def bears_on(negated_text: str, other_features: frozenset[str]) -> bool:
    """Whether the negation of ``negated_text`` bears on what it shares with the other claim
    (whose word stems are ``other_features``): a denial word anywhere, or a first negation
    cue that negates one of the other's words."""
    return _bears(_plain_negation(negated_text), other_features)


def _bears(found: tuple[str, re.Match[str] | None] | None, other_features: frozenset[str]) -> bool:
    """``bears_on`` of a claim read by ``_plain_negation``."""
    if found is None or found[1] is None:
        return True  # a denial, or negated by its certainty ("denied" outside the claim's own words): the whole claim
    text, cue = found
    # what it negates lies in its own clause: "It still wasn't enough, | and now we are hoping to
    # raise cash" does not deny the hoping
    clause = _CLAUSE_END.split(text[cue.end():], maxsplit=1)[0]
    if cue.group() in ("no", "none") and (subject := _NO_SUBJECT.match(clause)):
        # "No Islamic State militants | were killed in the airstrikes": a "no" that opens the subject
        # negates the predicate, not the nouns it counts
        clause = _GET_PASSIVE.sub(" ", clause[subject.end():])  # "got aired": the airing is negated
    after = _content(WORD.findall(clause))
    if len(after) > 1 and after[0] in _LIGHT_VERBS:
        after = after[1:]  # "has not yet set a firm release date": the date is denied, not "set to launch"
    return bool(after) and (after[0] in other_features or bool(_roots(after[0]) & _verb_roots(other_features)))


# verbs told by their object: "hadn't paid any taxes" denies no one's "paid the price" (PolNeAR)
_LIGHT_VERBS = frozenset({"set", "make", "made", "give", "gave", "take", "took", "get", "got", "put", "pay", "paid"})


def _roots(word: str) -> frozenset[str]:
    """A verb's forms without "-ed" / "-ing": "did not *attack*" negates "attacked", "*fire*" "fired"."""
    out = {word}
    for ending in ("ing", "ed", "d"):
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            out.add(word[:-len(ending)])
            if ending == "ing":
                out.add(word[:-3] + "e")  # "using" -> "use"
    return frozenset(out)


@lru_cache(maxsize=4096)  # one claim's features against many negated claims of its group
def _verb_roots(features: frozenset[str]) -> frozenset[str]:
    return frozenset(r for f in features if f.endswith(("ed", "ing")) for r in _roots(f))


# a pronoun subject: "I" and "we" (and "he", "she" in what a source says of himself or herself) name the
# speaker, whose words are the source's; "you", "they", "it", "this" name nothing a reader can match
_SPEAKER = frozenset({"i", "we", "he", "she"})
_SUBJECT_CUES = frozenset({"no", "none", "neither", "nor", "nothing"})  # "No militants were killed"
_EXISTENTIAL = re.compile(r"\bthere\s+(?:is|was|are|were|will\s+be|has\s+been|have\s+been|had\s+been)\s+$")
# "it was Cruz, not Trump, who swept": a name set against another, the predicate affirmed
# "the issue is not that he lacked experience", "It's not so much that …", "no path other than …"
_FRAMED = re.compile(r"(?:not|n't)\s+(?:so\s+much\s+)?that\b|no\s+(?:[\w'’-]+\s+){1,6}?other\s+than\b")
_PRONOUNS = _SPEAKER | {"it", "this", "that", "they", "you", "there"}
# a pronoun after these stands for the one who speaks: "Russia said it did not …", "police insist they have not"
_REPORTING = frozenset({"said", "says", "say", "saying", "claimed", "claims", "claiming", "insisted", "insists",
                        "insisting", "stated", "states", "added", "adds", "argued", "argues", "maintained",
                        "maintains", "told", "tells", "announced", "announces", "that"})
_HEDGED_NOT = re.compile(r"\b(?:might|may)\s+$")  # "Trump might not win": uncertain, not denied
# "that not paying taxes made him smart": the "not" of a gerund, not of the claim's verb
_GERUND = re.compile(r"^\s+[\w'’-]+ing\b")
_BE_BEFORE = re.compile(r"\b(?:is|are|was|were|be|been|am|'s|'re|'m)\s+$")
_NAME_CONTRAST = re.compile(r"^\s*(?:[\w'’.-]+\s+){0,3}?[\w'’.-]+\s*(?:[,;.)]|$|\s(?:who|that|which|but)\b)")


def _stems(text: str) -> frozenset[str]:
    return frozenset(_content(WORD.findall(text.casefold().replace("’", "'"))))


def negated_subject(text: str, source: str | None) -> frozenset[str] | None:
    """What a claim's plain negation is said of, as word stems (the speaker's, the source's, for "I"
    and "we"); None when the claim is denied whole (a denial word, "not true", an opening "No,"):
    whatever it opposes is what it denies."""
    return _subject(_plain_negation(text), source)


def _subject(found: tuple[str, re.Match[str] | None] | None, source: str | None) -> frozenset[str] | None:
    """``negated_subject`` of a claim read by ``_plain_negation``."""
    if found is None or found[1] is None:
        return None
    text, cue = found
    before = _CLAUSE_END.split(text[:cue.start()])[-1]
    if (text[:cue.start()].rstrip().endswith(",") and _NAME_CONTRAST.match(text[cue.end():])) \
            or _FRAMED.match(text[cue.start():]) or _HEDGED_NOT.search(before) \
            or (_GERUND.match(text[cue.end():]) and not _BE_BEFORE.search(before)):
        return frozenset()  # a contrast, a framing, a hedge or a gerund's own "not": no fact denied
    said = WORD.findall(before)
    if _EXISTENTIAL.search(before) or (cue.group() in _SUBJECT_CUES and not _content(said)):
        # "No Islamic State militants | were killed", "there was no | panel": the subject follows the cue
        clause = _CLAUSE_END.split(text[cue.end():], maxsplit=1)[0]
        subject = _NO_SUBJECT.match(clause)
        return frozenset(_content(WORD.findall(subject.group() if subject else clause)[:5]))
    if (last := next((k for k in range(len(said) - 1, -1, -1) if said[k] in _PRONOUNS), None)) \
            and said[last - 1] not in _REPORTING:
        # "Microsoft rushes urgent fix for Internet Explorer | It's not Patch Tuesday" (a headline run into
        # its first line): the pronoun opens the denied clause, the words before it are another's;
        # "Russia said it did not" keeps its speaker
        said = said[last:]
    stems = set(_content(said))
    if source and any(w in _SPEAKER for w in said):
        stems |= _stems(source.split(",")[0])  # the name, not its apposition ("Kirk, …, to break with Mr. Trump")
    return frozenset(stems)


# "No cases have been reported *in the country*": a denial said of a country the reader of another
# page cannot tell (the page named it before; round-ups of an epidemic or a war name many), so it
# contradicts nobody's count.  A province, a town, a region stay: "chlorine gas had not been used
# on the soldiers in the province" denies an attack told elsewhere "in the region of Saqlawiyah"
_UNNAMED_PLACE = re.compile(r"\b(?:in|across|inside|within|throughout)\s+(?:the|this|that)\s+(?:same\s+)?"
                            r"(?:country|countries|nation)\b|\bhere\b", re.IGNORECASE)
# "No cases have been reported *in Kenya*": a denial said of a named place
_NAMED_PLACE = re.compile(r"\b(?:in|at|inside|within|throughout)\s+(?:the\s+)?((?:[A-Z][\w'’.-]*\s?){1,3})")
_NOT_WORDS = re.compile(r"\b(?:not|never|no|none)\b\s+((?:[\w'’-]+\s*){1,4})", re.IGNORECASE)


def _denied_clause(found: tuple[str, re.Match[str] | None]) -> str:
    """The clause a plain negation lies in: the words before its cue back to the clause's start,
    and after it to the clause's end."""
    text, cue = found
    assert cue is not None
    before = _CLAUSE_END.split(text[:cue.start()])[-1]
    return before + text[cue.start():cue.end()] + _CLAUSE_END.split(text[cue.end():], maxsplit=1)[0]


def _place_differs(found: tuple[str, re.Match[str] | None] | None, other: str) -> bool:
    """Whether the negation is said of a place the other claim does not name: an unnamed one ("in
    the country") or a named one ("in Kenya") missing from the other's words."""
    if found is None or found[1] is None:
        return False
    clause = _denied_clause(found)
    if _UNNAMED_PLACE.search(clause):
        return True
    named = [m.group(1).strip() for m in _NAMED_PLACE.finditer(clause)]
    folded = other.casefold()
    return bool(named) and not any(name.casefold() in folded for name in named)


def _same_denial(found: tuple[str, re.Match[str] | None] | None, other: str) -> bool:
    """Whether the other claim denies the same thing in its own words: "… horses used for
    recreational purposes *and not thoroughbred race horses*" agrees with "none of those confirmed
    infected have been thoroughbred race horses"."""
    if found is None or found[1] is None:
        return False
    text, cue = found
    denied = set(_content(WORD.findall(_CLAUSE_END.split(text[cue.end():], maxsplit=1)[0].casefold())))
    if any(set(_content(WORD.findall(m.group(1).casefold()))) & denied for m in _NOT_WORDS.finditer(other)):
        return True
    # "does not come with furnishing" and "comes unfurnished"
    roots = frozenset().union(*(_roots(w) for w in denied))
    return any(_roots(w[2:]) & roots for w in WORD.findall(other.casefold()) if w.startswith("un") and len(w) > 5)


# a claim that only reports a charge or an arrest is not contradicted by the accused's denial: "A man has
# denied arson" and "A man has been charged with arson" both stand (ECB+).  "accused of" stays: a side
# accused of an attack and denying it is the conflict a reader of war news looks for
_CHARGED = re.compile(r"\b(?:charged|indicted|arrested|detained|remanded|held|booked|prosecuted|sued)\s+"
                      r"(?:\w+ly\s+)?(?:with|for|over|on|in\s+connection\s+with)\b|\bon\s+suspicion\s+of\b",
                      re.IGNORECASE)

# what an accused denies of himself ("A man has denied | arson", "denied | charges of assault"): a denial
# of his own guilt, not that the crime took place
_OFFENCE = re.compile(r"^\W*(?:(?:the|all|any)\s+)?(?:charges?|allegations?|accusations?|wrongdoing|misconduct|arson|"
                      r"murder|manslaughter|assault|rape|fraud|theft|robbery|burglary|bribery|corruption|"
                      r"harassment|kidnapping|attempted\s+murder|causing\s+death|drink[\s-]driving)\b", re.IGNORECASE)


# a denial of what "that" / "this" / "it" stood for before the claim, not of the claim's own words; "it is not
# true that …" denies its that-clause and stays
_ANAPHORIC_DENIAL = re.compile(r"^\W*(?:that|this|it|which)(?:\s*(?:['’]s|is|was)\s+(?:(?:simply|just|completely|totally|"
                               r"absolutely|certainly)\s+)?(?:(?:not|never)\s+(?:true|the\s+case|correct|accurate)|false|"
                               r"untrue|fake|a\s+hoax)|\s+(?:isn|wasn)['’]t\s+(?:true|the\s+case|correct|accurate))\b"
                               r"(?!\s+that\b)", re.IGNORECASE)
_THAT_CONJUNCT = re.compile(r"[,;]\s+and\s+that\s+", re.IGNORECASE)


def opposes(negated: str, negated_source: str | None, other: str) -> bool:
    """Whether a negated claim contradicts another (of another document): its negation bears on a
    word of the other, is said of something the other names, at no place the other leaves unnamed,
    and the other does not deny the same thing itself.  ``negated_source``: the named source of the
    negated claim (what "I" and "we" stand for), None for the outlet's own words."""
    other_stems, found = _stems(other), _plain_negation(negated)  # the phrase passes run once
    if found is None and _ANAPHORIC_DENIAL.match(negated):
        return False  # "that's not the case, as certain iCloud documents also vanished": what "that" was is
        # said before the claim, and the claim's own words give the reason, asserted
    if found is None and (parts := _THAT_CONJUNCT.split(negated, maxsplit=1))[1:] \
            and _plain_negation(parts[1]) is not None and not _stems(parts[0]) & other_stems:
        return False  # "… claims of a ceasefire are false, and that the schoolgirls had converted": the
        # denial is of the first clause, which the other claim does not speak of
    if found is None or found[1] is None:
        if _CHARGED.search(other):
            return False  # a denial against a charge: both stand
        if _OFFENCE.match(negated) and not (negated_source and _stems(negated_source) & other_stems):
            return False  # "A man denied | arson": his own guilt, which only a claim naming him asserts
    if not _bears(found, other_stems) or _place_differs(found, other) or _same_denial(found, other):
        return False
    subject = _subject(found, negated_source)
    return subject is None or bool(subject & other_stems)
