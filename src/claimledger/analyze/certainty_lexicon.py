"""Certainty cue words, by the kind of doubt they express.

kinds: ``conditional`` (if, unless: the claim holds on a condition), ``hedge`` (speculation: likely, may, is believed to, seems), ``report`` (hearsay with no
named source: reportedly, there are reports that), ``allegation`` (allegedly, has been accused
of), ``unknown`` (it is not known, unclear, unconfirmed), ``denial`` (denied, false, no
evidence), ``contest`` (disputed, treated with scepticism).
"""

from __future__ import annotations

from claimledger.analyze.claim_nouns import frame_kinds, with_role
from claimledger.records import CERTAINTY_ORDER

ADVERBS = {
    "reportedly": "report", "allegedly": "allegation", "purportedly": "allegation", "supposedly": "allegation",
    "apparently": "hedge", "seemingly": "hedge", "possibly": "hedge", "probably": "hedge", "likely": "hedge",
    "unlikely": "hedge", "perhaps": "hedge", "maybe": "hedge", "presumably": "hedge", "ostensibly": "hedge",
    "conceivably": "hedge", "plausibly": "hedge", "arguably": "hedge", "evidently": "hedge",
}
# adjectives that doubt the noun they modify ("the alleged attack", "unconfirmed reports")
ADJECTIVES = {
    "alleged": "allegation", "purported": "allegation", "suspected": "allegation", "so-called": "allegation",
    "unconfirmed": "unknown", "unverified": "unknown", "uncorroborated": "unknown", "unsubstantiated": "unknown",
    "disputed": "contest", "contested": "contest",
}
MODALS = {"may": "hedge", "might": "hedge", "could": "hedge"}
# verbs that hedge when passive or raising: "is believed to", "it is thought that", "seems to"
PASSIVE_HEDGES = {
    "believe": "hedge", "think": "hedge", "understand": "hedge", "suspect": "hedge", "estimate": "hedge",
    "expect": "hedge", "fear": "hedge", "presume": "hedge", "assume": "hedge", "rumour": "report",
    "rumor": "report", "say": "report", "report": "report", "allege": "allegation", "claim": "allegation",
    "accuse": "allegation", "purport": "allegation",
}
RAISING = {"seem": "hedge", "appear": "hedge"}
# a passive report verb that files a status is no hearsay: "were reported missing" (a missing-person report)
STATUS_COMPLEMENTS = frozenset({"missing"})
# subordinators that make the main clause hold only on a condition: "If so, he would have escaped"
CONDITIONALS = {"if": "conditional", "unless": "conditional"}
# nouns that frame content as hearsay: "there are claims that", "amid reports that"
FRAME_NOUNS = frame_kinds()
# words that say a thing is not known once negated ("it is not known", "not clear")
NEGATED_KNOWING = {"know": "unknown", "known": "unknown", "clear": "unknown", "certain": "unknown",
                   "confirm": "unknown", "confirmed": "unknown", "verify": "unknown", "verified": "unknown",
                   "sure": "unknown"}
UNKNOWN_WORDS = {"unknown": "unknown", "unclear": "unknown", "uncertain": "unknown"}
DENIAL_WORDS = {
    "deny": "denial", "refute": "denial", "dismiss": "denial", "reject": "denial", "debunk": "denial",
    "false": "denial", "untrue": "denial", "fake": "denial", "baseless": "denial", "fabricated": "denial",
    "groundless": "denial", "unfounded": "denial", "hoax": "denial",
}
CONTEST_WORDS = {
    "dispute": "contest", "contest": "contest", "contradict": "contest", "question": "contest",
    "challenge": "contest", "doubt": "contest", "scepticism": "contest", "skepticism": "contest",
    "sceptical": "contest", "skeptical": "contest", "conflicting": "contest",
}
# a contest cue that points back at a figure or claim ("this number", "these figures")
BACK_REFERENCE_HEADS = with_role("back", forms=True)
# what a denying adjective must modify to deny a claim ("false claims", "a fake video"); on any
# other noun it marks a thing forged ("fake quotes", "a false passport")
DENIABLE_HEADS = with_role("said") | with_role("media") | with_role("back") | frozenset(FRAME_NOUNS)
DEMONSTRATIVES = frozenset("this that these those such the".split())

# how strong each level is: a claim takes the strongest level any cue in scope gives it
LEVELS = CERTAINTY_ORDER  # one ordering for every stage (records.py)
RANK = {level: i for i, level in enumerate(LEVELS)}
KIND_LEVEL = {"conditional": "hedged", "hedge": "hedged", "report": "hedged", "allegation": "hedged", "unknown": "hedged",
              "denial": "denied", "contest": "contested", "model": "hedged"}
ATTRIBUTION_LEVEL = {"neutral": "reported", "distancing": "hedged", "tentative": "hedged",
                     "denial": "denied", "dispute": "contested"}
