"""The phrases that carry a negation or denial word without denying anything the claim says:
uncertainty ("it is not known"), saying nothing ("has not publicly commented"), the additive "not
just", a refusal ("was denied bail"), a thing turned away or forged ("had their ballots rejected",
"a fake ID"), a negation in a relative clause, a concession, a condition or another time, idioms
("no doubt", "none other than").  ``negation`` reads a claim with them taken out
(``without_non_denials``)."""

from __future__ import annotations

import re

from claimledger.analyze import claim_nouns

NOT = r"(?:not|n[o’']t|never|cannot|\w+n[’']t)"  # "couldn't" too: the \b before it is the word's start
# "it is not known / not clear / not yet confirmed" is uncertainty, not a denial of the claim
# ("could not be independently verified", "cannot independently verify", "was unable to verify")
_NOT_UNCERTAIN = re.compile(rf"\b(?:{NOT}|unable\s+to)\s+(?:(?:yet|immediately|independently|be|been|be\s+able\s+to)\s+){{0,3}}"
                            r"(?:known|clear|certain|confirm(?:ed)?|verif(?:y|ied)|possible\s+to\s+verify)\b")
# saying nothing is not a denial: "has not publicly commented", "declined to comment", "did not respond"
_NO_STATEMENT = re.compile(rf"\b(?:{NOT}\s+(?:yet\s+|\w+ly\s+)*"
                           r"(?:comment(?:ed)?|respond(?:ed)?|repl(?:y|ied)|"
                           r"return(?:ed)?\s+(?:(?:a|an|the|our|his|her|their|my|its)\s+)?(?:[\w'’-]+\s+)?"
                           r"(?:calls?|requests?|messages?|e-?mails?|inquir(?:y|ies))|"
                           r"be\s+reached|been\s+reached|address(?:ed)?|available\s+(?:for|to)\s+comment|(?:talk|speak)\s+about|"
                           r"(?:give|gave|provide[ds]?|offer(?:ed)?)\s+(?:any\s+)?details|elaborate[ds]?)|"
                           r"declin\w*\s+to\s+comment|"
                           r"refus\w*\s+to\s+comment|no\s+(?:immediate\s+)?comment)\b")
# not knowing or not saying why / whether / that is saying nothing either: "did not know why", "never
# said whether", "didn't explicitly say that Boko Haram had agreed to a ceasefire"
_NOT_KNOWING = re.compile(rf"\b{NOT}\s+(?:\w+ly\s+|yet\s+)?(?:know|knew|say|said|mention(?:ed)?|specif(?:y|ied)|"
                          r"explain(?:ed)?|disclose[ds]?|reveal(?:ed)?|indicate[ds]?|determine[ds]?|"
                          r"establish(?:ed)?|clarif(?:y|ied))\s+(?:[\w'’-]+\s+){0,3}?"
                          r"(?:why|whether|if|how|what|which|who|whom|when|where|that)\b")
# "not just the police but ...": additive, the claim affirms more
_NOT_ADDITIVE = re.compile(rf"\b{NOT}\s+(?:just|only|merely|simply|solely)\b")
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
                           rf"\s+(?:[\w'’-]+\s+){{0,2}}?{NOT}\b")
# ", which was not sanctioned": a passive relative after the comma says what befell the noun before
# it ("extension of leave, which was not sanctioned"), not the speaker's comment on the clause
_PASSIVE_RELATIVE_NOT = re.compile(rf",\s+which\s+(?:is|was|are|were|(?:has|have|had)\s+been)\s+{NOT}\s+"
                                   rf"(?:\w+ly\s+)?\w+(?:ed|en)\b")
# "does not believe Judge Kavanaugh's denial", "rejected his denials": doubting a denial denies
# nothing the claim says (it sides with what was denied)
_DENIAL_DOUBTED = re.compile(rf"\b(?:{NOT}\s+(?:\w+ly\s+)?(?:believe|accept|buy|trust)|reject(?:ed|s|ing)?|"
                             rf"dismiss(?:ed|es|ing)?|doubt(?:ed|s|ing)?)\s+(?:[\w'’-]+\s+){{0,5}}?denials?\b")
# "can be transmitted to humans, but not as easily": a negated conjunct or comparison, the
# claim itself affirmed ("all are recreational horses and not thoroughbreds")
_NOT_CONTRAST = re.compile(rf"\b(?:but|and|yet)\s+(?:(?:did|does|do|was|were|is|are|has|have|had|could|would|will|can)\s+)?"
                            rf"{NOT}\b|\b{NOT}\s+(?:as|so)\s+[\w'’-]+\s+as\b")
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
_CONDITIONAL_NOT = re.compile(rf"\b(?:if|unless)\s+(?:[\w'’-]+\s+){{0,3}}?(?:{NOT}|no)\b")
_THEN_NOT = re.compile(rf"\b(?:(?:[\w-]+\s+)(?:days?|weeks?|months?|years?|decades?)\s+ago|until\s+recently|back\s+then|"
                       rf"in\s+the\s+past|last\s+(?:year|month|spring|summer|autumn|fall|winter))\b[^.;:]{{0,40}}?"
                       rf"\b(?:{NOT}|no)\b")
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
_DONT_KNOW = re.compile(rf"\b{NOT}\s+(?:\w+ly\s+)?know(?:\W+\w+ly)?\W*$|\bnor\s+(?:if|whether)\b")
_NUMBER_SIGN = re.compile(r"\bno\.\s*(?=\d)")  # "the No. 5 seed": a number, no negation (ECB+)
# information not yet given out says nothing of the fact: "the victims have not been identified", "results of
# the test have not been released" (ECB+; "were released Wednesday" is no contradiction).  "released" only
# of information: "the hostages have not been released" denies a release
_INFO = r"(?:results?|names?|details?|identit(?:y|ies)|findings?|information|data|cause|figures?|toll|records?|autopsy|transcripts?)"
_NOT_DISCLOSED = re.compile(rf"\b{NOT}\s+(?:yet\s+)?(?:been\s+)?(?:\w+ly\s+)?(?:announced|disclosed|made\s+public|"
                            r"revealed|identified|named)\b|"
                            rf"\b{_INFO}\b[^.;:]{{0,60}}?\b{NOT}\s+(?:yet\s+)?(?:been\s+)?(?:\w+ly\s+)?released\b|"
                            rf"\b{NOT}\s+(?:yet\s+)?(?:\w+ly\s+)?released\s+(?:(?:the|any|their|his|her|its)\s+)?"
                            rf"(?:[\w'’-]+\s+)?{_INFO}\b")
PHRASES = (_NUMBER_SIGN, _NOT_DISCLOSED, _NOT_IDIOM, _REJECTED_THING, _FAKE_THING, _NOT_TO, _DONT_KNOW, _CONCEDED_NOT, _CONDITIONAL_NOT, _THEN_NOT,
            _NOT_UNCERTAIN, _NO_STATEMENT, _NOT_KNOWING, _NOT_ADDITIVE, _REFUSED, _TURNED_DOWN, _FIRED,
            _RELATIVE_NOT, _PASSIVE_RELATIVE_NOT, _DENIAL_DOUBTED, _NOT_CONTRAST)


def without_non_denials(text: str) -> str:
    """The claim's text, folded, with every phrase that denies nothing blanked out."""
    text = text.casefold().replace("’", "'")
    for phrase in PHRASES:
        text = phrase.sub(" ", text)
    return text
