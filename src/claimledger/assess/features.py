"""Shared text features for the assess models: tokens, light stems, cue lexicons, numbers.

Pure Python and deterministic: the stance models (headline/body and claim/article) and the
overstatement check all tokenise the same way, so a cue counted at training time is the
cue found at run time.
"""

from __future__ import annotations

import re
from functools import lru_cache

TOKEN_RE = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
NUMBER_RE = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*(?![\w])")
# Sentence ends: . ! ? (optionally followed by a closing quote) before a capital/quote/digit, or a newline.
SENT_RE = re.compile(r"(?<=[.!?])[\"'\u201d\u2019]?\s+(?=[\"'\u201c\u2018A-Z0-9])|\n+")

STOPWORDS = frozenset(
    """a an the and or but if of to in on at by for with from as into onto about over under
    is are was were be been being am do does did have has had this that these those it its
    he she they we you i his her their our your my me him them us who whom which what when
    where why how than then there here so such very can will would shall should may might
    must could just also more most some any each all both few other own same not no nor
    only too s t up out off again further once while during before after above below
    between through until against own""".split()
)

# Words that deny or debunk (FNC-1 baseline list, extended with their inflections).
REFUTING = frozenset(
    """fake fraud hoax false deny denies denied denying denial not despite nope doubt doubts
    doubted bogus debunk debunks debunked debunking pranks prank retract retracts retracted
    retraction untrue myth rumour rumours rumor rumors incorrect wrong misleading fabricated
    refute refutes refuted dismiss dismissed dismisses baseless unfounded satire satirical
    parody never""".split()
)
# Words that weaken the writer's commitment.
HEDGING = frozenset(
    """allegedly alleged alleges allege reportedly reported reports report apparently
    supposedly purportedly purported claim claims claimed claiming rumoured rumored
    believed believe believes suspected suspect unconfirmed unverified possibly possible
    perhaps maybe may might could likely unlikely appears appear appeared seems seem seemed
    suggest suggests suggested suggesting speculation speculate speculated according
    unclear uncertain estimated estimate probably potentially""".split()
)
# Verbs and nouns that attribute content to a source.
REPORTING = frozenset(
    """say says said told tell tells according report reports reported reporting claim
    claims claimed announce announced announces confirm confirmed confirms statement
    spokesman spokeswoman spokesperson source sources officials official insist insisted
    insists state stated states added explain explained""".split()
)
# Reporting cues that distance the writer from the content (unlike neutral "said").
DISTANCING = frozenset(
    """allege alleged alleges alleging allegedly claim claims claimed claiming purported
    purportedly supposedly rumoured rumored reportedly""".split()
)
NEGATION = frozenset(
    """not no never none nothing neither nor n't cannot without deny denies denied
    isn't wasn't aren't weren't don't doesn't didn't won't can't couldn't shouldn't""".split()
)
CONFIRMING = frozenset(
    """confirm confirms confirmed confirmation true verified verify proof proves proved
    prove evidence official officially indeed""".split()
)

LEXICONS = {
    "refute": REFUTING,
    "hedge": HEDGING,
    "report": REPORTING,
    "negation": NEGATION,
    "confirm": CONFIRMING,
}


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (apostrophe suffixes kept: "didn't", "russia's")."""
    return TOKEN_RE.findall(text.lower().replace("\u2019", "'"))


@lru_cache(maxsize=200_000)
def stem(token: str) -> str:
    """A light suffix stripper (plural, past, gerund, adverb) good enough for overlap features."""
    t = token
    if t.endswith("'s"):
        t = t[:-2]
    if len(t) <= 3:
        return t
    for suffix, repl, min_len in (
        ("ies", "y", 4),
        ("sses", "ss", 4),
        ("ness", "", 5),
        ("ingly", "", 6),
        ("edly", "", 6),
        ("ing", "", 5),
        ("ed", "", 4),
        ("ly", "", 5),
        ("es", "", 5),
        ("s", "", 4),
    ):
        if t.endswith(suffix) and len(t) - len(suffix) + len(repl) >= min_len - 1:
            if suffix == "s" and t.endswith(("ss", "us", "is")):
                return t
            t = t[: len(t) - len(suffix)] + repl
            break
    # "drove"/"drives" -> "driv"; collapse a trailing e so "drive"/"driving" meet.
    if len(t) > 4 and t.endswith("e"):
        t = t[:-1]
    return t


def stems(text: str, drop_stopwords: bool = True) -> list[str]:
    """Stemmed content tokens of a text."""
    return [stem(t) for t in tokenize(text) if not (drop_stopwords and t in STOPWORDS)]


def analyzer(text: str) -> list[str]:
    """Vectoriser analyser: stemmed unigrams plus bigrams of content tokens."""
    toks = stems(text)
    return toks + [a + " " + b for a, b in zip(toks, toks[1:])]


def unigram_analyzer(text: str) -> list[str]:
    return stems(text)


def split_sentences(text: str) -> list[str]:
    """Rough sentence split; empty pieces dropped."""
    return [s.strip() for s in SENT_RE.split(text) if s and s.strip()]


def numbers(text: str) -> set[str]:
    """Numbers written in the text, normalised (commas dropped)."""
    return {n.replace(",", "") for n in NUMBER_RE.findall(text)}


def cue_counts(tokens: list[str]) -> dict[str, int]:
    """How many tokens of each cue lexicon a token list holds."""
    return {name: sum(1 for t in tokens if t in lex) for name, lex in LEXICONS.items()}
