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

from claimledger.analyze import claim_nouns
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
_NOT = r"(?:not|n[o’']t|never|cannot|\w+n[’']t)"  # "couldn't" too: the \b before it is the word's start
# "it is not known / not clear / not yet confirmed" is uncertainty, not a denial of the claim
# ("could not be independently verified", "cannot independently verify", "was unable to verify")
_NOT_UNCERTAIN = re.compile(rf"\b(?:{_NOT}|unable\s+to)\s+(?:(?:yet|immediately|independently|be|been|be\s+able\s+to)\s+){{0,3}}"
                            r"(?:known|clear|certain|confirm(?:ed)?|verif(?:y|ied)|possible\s+to\s+verify)\b")
# saying nothing is not a denial: "has not publicly commented", "declined to comment", "did not respond"
_NO_STATEMENT = re.compile(rf"\b(?:{_NOT}\s+(?:yet\s+|\w+ly\s+)*"
                           r"(?:comment(?:ed)?|respond(?:ed)?|repl(?:y|ied)|"
                           r"return(?:ed)?\s+(?:(?:a|an|the|our|his|her|their|my|its)\s+)?(?:[\w'’-]+\s+)?"
                           r"(?:calls?|requests?|messages?|e-?mails?|inquir(?:y|ies))|"
                           r"be\s+reached|been\s+reached|address(?:ed)?|available\s+(?:for|to)\s+comment|(?:talk|speak)\s+about|"
                           r"(?:give|gave|provide[ds]?|offer(?:ed)?)\s+(?:any\s+)?details|elaborate[ds]?)|"
                           r"declin\w*\s+to\s+comment|"
                           r"refus\w*\s+to\s+comment|no\s+(?:immediate\s+)?comment)\b")
# not knowing or not saying why / whether / that is saying nothing either: "did not know why", "never
# said whether", "didn't explicitly say that Boko Haram had agreed to a ceasefire"
_NOT_KNOWING = re.compile(rf"\b{_NOT}\s+(?:\w+ly\s+|yet\s+)?(?:know|knew|say|said|mention(?:ed)?|specif(?:y|ied)|"
                          r"explain(?:ed)?|disclose[ds]?|reveal(?:ed)?|indicate[ds]?|determine[ds]?|"
                          r"establish(?:ed)?|clarif(?:y|ied))\s+(?:[\w'’-]+\s+){0,3}?"
                          r"(?:why|whether|if|how|what|which|who|whom|when|where|that)\b")
# "not just the police but ...": additive, the claim affirms more
_NOT_ADDITIVE = re.compile(rf"\b{_NOT}\s+(?:just|only|merely|simply|solely)\b")
# "the defence was denied a key witness": refused something, no claim denied
_REFUSED = re.compile(r"\b(?:was|were|is|are|be|been|being)\s+denied\s+(?:a|an|the|any|access|bail|entry|"
                      r"permission|parole|his|her|their|its)\b|"
                      # "would not say why the permit was denied" (ECB+): a thing refused, no claim denied
                      r"\b(?:permit|licen[cs]e|visa|request|application|bail|parole|asylum|entry|access|permission)s?\s+"
                      r"(?:was|were|is|are|(?:had|has|have)\s+been)\s+denied\b|"
                      r"\bden(?:y|ies|ied|ying)\s+(?:him|her|them|us|me|you)\b")  # "denying him the nomination"
# "the prosecutor denied a Nichols offer to plead guilty": an offer turned down, no claim denied
_TURNED_DOWN = re.compile(r"\b(?:den(?:y|ied|ies|ying)|reject(?:ed|s|ing)?|rebuff(?:ed|s)?|dismiss(?:ed|es)?|"
                          r"refus(?:ed|es|ing)|turn(?:ed|s|ing)?\s+down)\s+(?:a|an|the|his|her|their|its|any)\s+"
                          r"(?:[\w'’-]+\s+){0,3}?(?:offer|request|bid|plea|motion|appeal|application|proposal|"
                          r"deal|petition)s?\b")
# "had been dismissed last week": fired, not a claim dismissed (that one is "dismissed as …")
_FIRED = re.compile(r"\b(?:was|were|been|be|being|is|are|got)\s+(?:\w+ly\s+)?dismissed\b(?!\s+as\b)")
# a negation inside a relative clause is about someone else: "dozens more that did not get
# caught" does not deny that some were caught.  "that" only after a group word, where it
# cannot be the complementizer of "said that … not"
# (", which is not a problem" comments on the whole clause: the speaker's own negation, kept)
_RELATIVE_NOT = re.compile(rf"\b(?:who|(?<!,\s)which|(?:more|others|those|ones|many|some|people|anyone|everyone)\s+that)"
                           rf"\s+(?:[\w'’-]+\s+){{0,2}}?{_NOT}\b")
# ", which was not sanctioned": a passive relative after the comma says what befell the noun before
# it ("extension of leave, which was not sanctioned"), not the speaker's comment on the clause
_PASSIVE_RELATIVE_NOT = re.compile(rf",\s+which\s+(?:is|was|are|were|(?:has|have|had)\s+been)\s+{_NOT}\s+"
                                   rf"(?:\w+ly\s+)?\w+(?:ed|en)\b")
# "does not believe Judge Kavanaugh's denial", "rejected his denials": doubting a denial denies
# nothing the claim says (it sides with what was denied)
_DENIAL_DOUBTED = re.compile(rf"\b(?:{_NOT}\s+(?:\w+ly\s+)?(?:believe|accept|buy|trust)|reject(?:ed|s|ing)?|"
                             rf"dismiss(?:ed|es|ing)?|doubt(?:ed|s|ing)?)\s+(?:[\w'’-]+\s+){{0,5}}?denials?\b")
# "can be transmitted to humans, but not as easily": a negated conjunct or comparison, the
# claim itself affirmed ("all are recreational horses and not thoroughbreds")
_NOT_CONTRAST = re.compile(rf"\b(?:but|and|yet)\s+(?:(?:did|does|do|was|were|is|are|has|have|had|could|would|will|can)\s+)?"
                            rf"{_NOT}\b|\b{_NOT}\s+(?:as|so)\s+[\w'’-]+\s+as\b")
# emphatic idioms that deny nothing: "none more so when …", "none other than", "no doubt", "almost nothing";
# "no less than seven" is a lower bound, "cannot deny the value" affirms it
_NOT_IDIOM = re.compile(r"\b(?:none\s+more\s+so|none\s+other\s+than|no\s+doubt|nothing\s+but|not\s+least|"
                        r"(?:almost|virtually|next\s+to)\s+nothing|"  # "almost nothing in common": very little
                        r"(?:not|\w*n't)\s+the\s+first\s+time|"
                        r"no\s+(?:less|fewer|more)\s+than|nothing\s+(?:more|less|short)\s+(?:than|of)|"
                        r"(?:cannot|can't|could\s+not|couldn't)\s+(?:\w+ly\s+)?deny|"
                        r"no[\s-]+(?:[\w'’-]+\s+){0,3}?(?:policy|zone|rule|area|list)|"  # "a strict no food or drinks policy"
                        r"(?:has|have|had)\s+not\s+been\s+seen\b[^.;]{0,30}?\bsince)\b")  # = "was last seen"
# "had their mail-in ballots rejected", "has rejected anything with a whiff of science": a thing
# turned away, no claim denied; rejecting or dismissing denies only a claim ("rejected the
# accusations", "dismissed the reports as fake", "rejects the idea", "rejected claims that …")
_CLAIM_NOUNS = "as|" + claim_nouns.pattern("said")  # lexicons/claim_nouns.tsv
_REJECTED_THING = re.compile(r"\b(?:reject(?:ed|s|ing)?|dismiss(?:ed|es|ing)?|rebuff(?:ed|s|ing)?)\b"
                             rf"(?!\s+that\b)(?!(?:\s+[\w'’-]+){{0,5}}?\s+(?:{_CLAIM_NOUNS})\b)")
# a negation in a concession ("While scientists have not yet detected liquid water directly, we've
# found …"), in a condition ("would raise tariffs if no deal is reached") or said of another time
# ("Twelve months ago there was no wireless charging case", "Efforts last year failed … because not
# enough children were vaccinated") is not what the claim asserts now
_CONCEDED_NOT = re.compile(r"^\W*(?:while|although|though|even\s+though|whereas)\b[^,;:]*")
_CONDITIONAL_NOT = re.compile(rf"\b(?:if|unless)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{_NOT}|no)\b")
_THEN_NOT = re.compile(rf"\b(?:(?:[\w-]+\s+)(?:days?|weeks?|months?|years?|decades?)\s+ago|until\s+recently|back\s+then|"
                       rf"in\s+the\s+past|last\s+(?:year|month|spring|summer|autumn|fall|winter))\b[^.;:]{{0,40}}?"
                       rf"\b(?:{_NOT}|no)\b")
# "travelling with a fake ID", "fake quotes": a thing forged, no claim denied ("fake news that …",
# "a fake Fox News Twitter account" (an impostor),
# "the video is fake", "dismissed as fake" still deny)
_FAKE_THING = re.compile(rf"\bhoax\s+(?:memorial\s+)?(?:page|site|website|account|profile|call|e-?mail|letter|bomb|"
                         rf"threat)s?\b|"  # "a Facebook hoax memorial page set up for the star": the page is the hoax
                         rf"\bfake\s+(?!(?:[\w'’-]+\s+){{0,3}}?(?:{claim_nouns.pattern('said', 'media')})\b)[\w'’-]+")
# "He asks | his parents not to accept …": a request, not a denial; "I honestly don't know": saying
# nothing; "It is not clear if … nor if …": an open question
_NOT_TO = re.compile(r"^\W*(?:(?!(?:is|was|are|were|be|been|being)\b)[\w'’-]+\s+){0,3}?not\s+to\b|"
                     r"\b(?:ask|urg|told|tell|request|warn|advis|beg|implor|order|instruct|encourag|remind)\w*\s+"
                     r"(?:[\w'’-]+\s+){0,4}?not\s+to\b")  # "asked media outlets not to speculate"
_DONT_KNOW = re.compile(rf"\b{_NOT}\s+(?:\w+ly\s+)?know(?:\W+\w+ly)?\W*$|\bnor\s+(?:if|whether)\b")
_NUMBER_SIGN = re.compile(r"\bno\.\s*(?=\d)")  # "the No. 5 seed": a number, no negation (ECB+)
# information not yet given out says nothing of the fact: "the victims have not been identified", "results of
# the test have not been released" (ECB+; "were released Wednesday" is no contradiction).  "released" only
# of information: "the hostages have not been released" denies a release
_INFO = r"(?:results?|names?|details?|identit(?:y|ies)|findings?|information|data|cause|figures?|toll|records?|autopsy|transcripts?)"
_NOT_DISCLOSED = re.compile(rf"\b{_NOT}\s+(?:yet\s+)?(?:been\s+)?(?:\w+ly\s+)?(?:announced|disclosed|made\s+public|"
                            r"revealed|identified|named)\b|"
                            rf"\b{_INFO}\b[^.;:]{{0,60}}?\b{_NOT}\s+(?:yet\s+)?(?:been\s+)?(?:\w+ly\s+)?released\b|"
                            rf"\b{_NOT}\s+(?:yet\s+)?(?:\w+ly\s+)?released\s+(?:(?:the|any|their|his|her|its)\s+)?"
                            rf"(?:[\w'’-]+\s+)?{_INFO}\b")
_PHRASES = (_NUMBER_SIGN, _NOT_DISCLOSED, _NOT_IDIOM, _REJECTED_THING, _FAKE_THING, _NOT_TO, _DONT_KNOW, _CONCEDED_NOT, _CONDITIONAL_NOT, _THEN_NOT,
            _NOT_UNCERTAIN, _NO_STATEMENT, _NOT_KNOWING, _NOT_ADDITIVE, _REFUSED, _TURNED_DOWN, _FIRED,
            _RELATIVE_NOT, _PASSIVE_RELATIVE_NOT, _DENIAL_DOUBTED, _NOT_CONTRAST)
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


def _without_non_denials(text: str) -> str:
    text = text.casefold().replace("’", "'")
    for phrase in _PHRASES:
        text = phrase.sub(" ", text)
    return text


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
                        "maintains", "told", "tells", "announced", "announces", "that", "and", "but"})
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


_THAT_CONJUNCT = re.compile(r"[,;]\s+and\s+that\s+", re.IGNORECASE)


def opposes(negated: str, negated_source: str | None, other: str) -> bool:
    """Whether a negated claim contradicts another (of another document): its negation bears on a
    word of the other, is said of something the other names, at no place the other leaves unnamed,
    and the other does not deny the same thing itself.  ``negated_source``: the named source of the
    negated claim (what "I" and "we" stand for), None for the outlet's own words."""
    other_stems, found = _stems(other), _plain_negation(negated)  # the phrase passes run once
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
