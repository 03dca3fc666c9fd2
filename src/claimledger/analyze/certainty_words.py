"""Surface forms of the certainty lexicon, for readers that have no parse.

``assess.overstatement`` checks headlines and plain sentences with regular expressions.  The
words it looks for are the inflected forms of the lemmas ``certainty`` reads in the parse
(``certainty_lexicon``) and of the attribution cue verbs (``attribution_lexicon``), so the
two stages read one lexicon.  Multi-word phrases join their words with "_".
"""

from __future__ import annotations

from functools import lru_cache

from claimledger.analyze import certainty_lexicon as lex
from claimledger.analyze.attribution_lexicon import CORE_CUES, INTENT, cue_mode

_VOWELS = "aeiou"


def inflect(lemma: str) -> set[str]:
    """The lemma, its third person, past and -ing forms (regular English spelling)."""
    if lemma.endswith("y") and lemma[-2:-1] not in _VOWELS:
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x")):
        return {lemma, lemma + "es", lemma + "ed", lemma + "ing"}
    return {lemma, lemma + "s", lemma + "ed", lemma + "ing"}


_IRREGULAR = {"say": {"say", "says", "said", "saying"}, "tell": {"tell", "tells", "told", "telling"},
              "think": {"think", "thinks", "thought", "thinking"}, "write": {"write", "writes", "wrote", "written"},
              "understand": {"understand", "understands", "understood", "understanding"},
              "admit": {"admit", "admits", "admitted", "admitting"}}
# neutral cues that report what a thing shows or what someone asks or hopes, not what they said
_NOT_SPEECH = frozenset("show find signal hint indicate ask wonder agree answer hope".split())


def _forms(lemma: str) -> set[str]:
    return _IRREGULAR.get(lemma, inflect(lemma))


def _of_kind(table: dict[str, str], *kinds: str) -> set[str]:
    return {word for word, kind in table.items() if kind in kinds}


def _verbs(table: dict[str, str], *kinds: str) -> set[str]:
    return {form for lemma in _of_kind(table, *kinds) for form in _forms(lemma)}


def _passive_to(table: dict[str, str], *kinds: str) -> set[str]:
    """"believed to", "thought to": the raising passive, past participle plus "to"."""
    return {f"{p}_to" for lemma in _of_kind(table, *kinds) for p in _forms(lemma)
            if p.endswith(("ed", "ght", "ood"))}


@lru_cache(maxsize=1)
def surface_words() -> dict[str, frozenset[str]]:
    """kind → surface words: ``distancing`` (allegedly, claims), ``hedge`` (may, believed to,
    not known), ``report`` (said, according to), ``denial`` (denied, false), ``contest``."""
    frames = _of_kind(lex.FRAME_NOUNS, "allegation", "report")
    distancing = (_of_kind(lex.ADVERBS, "allegation", "report") | _of_kind(lex.ADJECTIVES, "allegation")
                  | _verbs(lex.PASSIVE_HEDGES, "allegation") | _verbs(CORE_CUES, "distancing")
                  | {f"there_are_{n}s" for n in frames} | {f"{n}s" for n in frames if n != "report"})
    negatable = {w for w in lex.NEGATED_KNOWING if not w.endswith(("ow", "rm", "fy"))}
    hedge = (_of_kind(lex.ADVERBS, "hedge") | set(lex.MODALS) | _verbs(lex.RAISING, "hedge")
             | _passive_to(lex.PASSIVE_HEDGES, "hedge") | (_verbs(CORE_CUES, "tentative") - _forms("hope"))
             | _of_kind(lex.ADJECTIVES, "unknown") | set(lex.UNKNOWN_WORDS) | {f"not_{w}" for w in negatable})
    speech = {lemma for lemma, kind in CORE_CUES.items()
              if kind == "neutral" and cue_mode(lemma) in ("speech", "writing") and lemma not in INTENT | _NOT_SPEECH}
    report = {form for lemma in speech for form in _forms(lemma)} | {"according_to"}
    # the lexicon's verbs are the attribution cues of the same class; its other words are adjectives and nouns
    denial = _verbs(CORE_CUES, "denial") | (_of_kind(lex.DENIAL_WORDS, "denial") - set(CORE_CUES))
    contest = _verbs(CORE_CUES, "dispute") | (_of_kind(lex.CONTEST_WORDS, "contest") - set(CORE_CUES))
    return {"distancing": frozenset(distancing), "hedge": frozenset(hedge), "report": frozenset(report),
            "denial": frozenset(denial), "contest": frozenset(contest)}
