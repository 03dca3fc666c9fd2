"""What event a figure counts the dead of: the event words of its sentence (ACLED/PLOVER-like types),
else those of the sentence before it or the page's epidemic, else what its measure implies."""

from __future__ import annotations

import re
from collections import Counter

from claimledger.link.stories import stem

TOKEN = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")

# What an outbreak's dead died of: two outbreaks of different diseases are two incidents, however near
DISEASES: dict[str, str] = {
    **{w: w for w in "cholera ebola marburg plague measles malaria dengue meningitis typhoid polio anthrax sars mers "
                     "listeria hepatitis tuberculosis zika rabies diphtheria norovirus chikungunya nipah".split()},
    "salmonella": "salmonella", "salmonellosis": "salmonella", "coli": "e. coli", "h1n1": "h1n1", "swine": "h1n1",
    "h5n1": "h5n1", "avian": "h5n1", "bird": "h5n1", "listeriosis": "listeria", "legionella": "legionnaires",
    "legionnaires": "legionnaires", "mpox": "mpox", "monkeypox": "mpox", "bse": "bse", "cjd": "bse", "vcjd": "bse",
}


# Event words → event type (ACLED/PLOVER-like); the most specific type in a sentence wins.
EVENT_WORDS: dict[str, str] = {
    **dict.fromkeys("chlorine gas chemical poison toxic".split(), "chemical_attack"),
    **dict.fromkeys("grave graves exhume exhumed exhumation pit pits".split(), "mass_grave"),
    **dict.fromkeys("behead beheaded beheading execute executed execution executions".split(), "execution"),
    **dict.fromkeys("massacre massacred slaughter slaughtered".split(), "massacre"),
    **dict.fromkeys("airstrike airstrikes air-strike raid drone bombers".split(), "airstrike"),
    **dict.fromkeys("bomb bombs bombing bombings blast blasts explosion explosive suicide".split(), "bombing"),
    **dict.fromkeys("shelling shelled artillery rocket rockets missile missiles mortar".split(), "shelling"),
    **dict.fromkeys("kidnap kidnapped kidnapping abduct abducted abduction abductions".split(), "abduction"),
    **dict.fromkeys("disappear disappeared disappearance vanish vanished missing".split(), "disappearance"),
    **dict.fromkeys("arrest arrested arrests detain detained detention custody".split(), "arrest"),
    **dict.fromkeys("release released freed free".split(), "release"),
    **dict.fromkeys("battle clash clashes clashed fighting fought offensive siege besieged".split(), "battle"),
    **dict.fromkeys("attack attacks attacked ambush ambushed gunmen stormed storm shooting shot".split(), "attack"),
    # deaths no violence caused: named only when no word of violence is in the sentence
    **dict.fromkeys("outbreak epidemic pandemic flu influenza virus disease infection infections".split(), "outbreak"),
    **dict.fromkeys(sorted(set(DISEASES) - {"bird", "swine", "avian"}), "outbreak"),  # "salmonella was found": an outbreak
    **dict.fromkeys("earthquake quake tsunami flood floods flooding landslide landslides mudslide hurricane cyclone "
                    "typhoon tornado eruption avalanche".split(), "disaster"),
}
# Bodies found: a discovery scene, named only when no attack word says what killed them.
DISCOVERY_WORDS = frozenset("bodies body remains corpses exhumed exhume dug unearthed".split())
EVENT_PRIORITY = ["chemical_attack", "mass_grave", "execution", "massacre", "airstrike", "bombing", "shelling",
                  "abduction", "battle", "attack", "disappearance", "arrest", "release", "outbreak", "disaster"]
MEASURE_EVENT = {"abducted": "abduction", "hostages": "abduction", "arrested": "arrest", "missing": "disappearance",
                 "killed": "attack", "wounded": "attack", "displaced": "other"}


def _words(text: str) -> set[str]:
    return {t.casefold() for t in TOKEN.findall(text)}


def named_events(text: str, words: set[str] | None = None) -> set[str]:
    """Event types a sentence names with its own words (as written or stemmed)."""
    words = _words(text) if words is None else words
    return {EVENT_WORDS[w] for w in words | {stem(w) for w in words} if w in EVENT_WORDS}


TAKING_MEASURES = frozenset({"abducted", "hostages", "missing", "arrested"})
FOUND_VERBS = frozenset("found discovered unearthed exhumed recovered dug buried".split())
BODY_WORDS = frozenset("bodies body remains corpses".split())


def event_of(text: str, measure: str, before: str = "", outbreak_page: bool = False) -> str:
    """The most specific event type named in a sentence, else an outbreak the sentence ``before`` it
    names ("… its worst ever outbreak." | "the official number of deaths is now more than 1,200")
    or the page is about (``outbreak_page``), else the one the measure implies.

    Bodies found are a discovery, whatever attack the sentence names as their cause
    ("28 bodies ... unearthed a week after the 26 September attack")."""
    # "graves near where 43 students were abducted": the 43 are the abduction's; "after the graves were
    # found, eight more were arrested": the arrests are the case's, not the discovery's
    if measure in TAKING_MEASURES:
        return MEASURE_EVENT[measure]
    words = _words(text)
    if words & BODY_WORDS and words & FOUND_VERBS:
        return "mass_grave"
    found = named_events(text, words)
    for kind in EVENT_PRIORITY:
        if kind in found:
            return kind
    if DISCOVERY_WORDS & words:
        return "mass_grave"
    if outbreak_page or (before and "outbreak" in named_events(before)):
        return "outbreak"
    if before and "disaster" in named_events(before) and not named_events(before) & VIOLENCE:
        return "disaster"  # "The 5.9-magnitude quake struck Qeshm island …" | "… and three people killed"
    return MEASURE_EVENT.get(measure, "other")


VIOLENCE = frozenset(EVENT_PRIORITY) - {"outbreak", "disaster", "release", "arrest", "disappearance"}


def page_words(text: str) -> list[str]:
    """A page's words, folded: what ``outbreak_page`` and ``page_diseases`` count (read once a page)."""
    return [w.casefold() for w in TOKEN.findall(text)]


def outbreak_page(text: str, words: list[str] | None = None) -> bool:
    """Whether a page is about an epidemic: its words name an outbreak at least twice, and more often
    than any violence ("Marburg virus is still spreading in Angola" … "Two deaths had been confirmed
    in Luanda": deaths of no attack).  "An outbreak of fighting" among a war's words is not one."""
    kinds = Counter(EVENT_WORDS[w] for w in (page_words(text) if words is None else words) if w in EVENT_WORDS)
    return kinds["outbreak"] >= 2 and kinds["outbreak"] > sum(kinds[k] for k in VIOLENCE)


def diseases(terms: dict[str, float], page: frozenset[str] = frozenset()) -> frozenset[str]:
    """The diseases a figure's context names (its ``terms``: its sentence, the one before, the
    title), else those its page names most (``page_diseases``)."""
    return frozenset(DISEASES[w] for w in terms if w in DISEASES) or page


def page_diseases(text: str, words: list[str] | None = None) -> frozenset[str]:
    """The disease, or diseases, a page names most often ("An E. coli outbreak linked to fresh
    bagged spinach … has killed 1 person": E. coli)."""
    counts = Counter(DISEASES[w] for w in (page_words(text) if words is None else words) if w in DISEASES)
    top = max(counts.values(), default=0)
    return frozenset(d for d, n in counts.items() if n == top) if top else frozenset()


def different_diseases(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two outbreaks' diseases that share none (either unknown: nothing said)."""
    return bool(a and b and not a & b)

