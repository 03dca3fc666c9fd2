"""Word lists for attribution: speech and cognition cue verbs (with the stance each one lends
the reported content), source head nouns, news-outlet name heads, pronouns.

The core verbs are written by hand; ``models/attribution_cues.json`` (built by
``training/train_attribution_cues.py`` from PolNeAR train) adds the verbs that annotators
marked as cues often enough.  A cue's class says how far the reporter stands behind the
content: ``neutral`` (said, told) gives *reported*, ``distancing`` (alleged, claimed) and
``tentative`` (suggested, estimated, believed) give *hedged*, ``denial`` gives *denied*,
``dispute`` gives *contested*.
"""

from __future__ import annotations

import json
from functools import lru_cache

from claimledger.paths import MODELS_DIR

CUE_ARTIFACT = MODELS_DIR / "attribution_cues.json"

NEUTRAL = (
    "say tell report state announce add write tweet post note explain declare reply respond answer "
    "comment confirm admit acknowledge concede reveal disclose inform brief testify stress emphasise "
    "emphasize warn caution insist assert maintain argue contend observe recall recount mention "
    "conclude indicate predict vow pledge promise threaten complain boast ask wonder agree quote "
    "reiterate repeat underline specify elaborate clarify assure remind tout announce proclaim "
    "signal hint find show"
)
DISTANCING = "claim allege purport accuse"
TENTATIVE = "suggest estimate believe think speculate suspect fear reckon guess assume expect imply hope doubt"
DENIAL = "deny refute dismiss reject debunk"
DISPUTE = "dispute contest contradict question challenge"


def _classes() -> dict[str, str]:
    table: dict[str, str] = {}
    for cls, words in (("neutral", NEUTRAL), ("distancing", DISTANCING), ("tentative", TENTATIVE),
                       ("denial", DENIAL), ("dispute", DISPUTE)):
        for w in words.split():
            table[w] = cls
    return table


CORE_CUES = _classes()

# what a cue reports (PolNeAR annotates all four): anything else is speech
WRITING = frozenset("write tweet post publish blog report print pen document cite quote headline".split())
COGNITION = frozenset(
    "believe think suspect fear reckon guess assume expect doubt know estimate conclude feel consider "
    "suppose understand realise realize worry wonder see find view regard judge calculate".split()
)
INTENT = frozenset("plan intend want hope vow pledge promise threaten seek aim wish mean expect_to".split())


def cue_mode(lemma: str) -> str:
    """speech | writing | cognition | intent for a cue lemma ("according to" and a headline
    colon are speech)."""
    verb = lemma.split()[0] if lemma else ""
    if verb in WRITING:
        return "writing"
    if verb in COGNITION:
        return "cognition"
    if verb in INTENT:
        return "intent"
    return "speech"

# verbs whose first object is the hearer ("told the Kyiv Post that"): an intermediary
HEARER_VERBS = frozenset("tell inform brief assure remind warn".split())
# phrasal cues: verb + particle
PARTICLE_CUES = {("point", "out"): "neutral", ("make", "clear"): "neutral", ("play", "down"): "denial"}

# heads of news-outlet names ("the Sun", "the Kyiv Post", "Sky News") and wire services
OUTLET_HEADS = frozenset(
    "post times sun mail telegraph guardian independent express mirror star herald tribune journal "
    "gazette news observer chronicle standard economist monitor review record courier inquirer "
    "examiner register dispatch bulletin daily weekly magazine newspaper tabloid broadsheet agency "
    "broadcaster channel radio television tv wire newswire outlet website blog podcast pravda izvestia "
    "kommersant vedomosti".split()
)
WIRE_SERVICES = frozenset(
    "reuters ap afp bbc cnn nbc cbs abc msnbc fox npr pbs dpa efe ansa tass ria interfax ukrinform "
    "unian xinhua kyodo yonhap bloomberg politico axios vice bellingcat nyt wsj sky itv rt sputnik "
    "al-jazeera aljazeera".split()
)
# singular heads that name an organisation rather than a person
ORG_HEADS = frozenset(
    "ministry government military army navy force forces command headquarters intelligence kremlin "
    "pentagon police office department agency service committee council administration cabinet "
    "parliament court commission embassy mission staff authority authorities unit brigade battalion "
    "regiment company group organisation organization party campaign team union bank fund institute "
    "university council presidency white house state country nation alliance coalition operator "
    "spokesperson-office watchdog monitor observatory federation directorate".split()
)
# singular heads naming one person by role
PERSON_HEADS = frozenset(
    "minister president spokesman spokeswoman spokesperson official journalist reporter correspondent "
    "commander general colonel officer soldier analyst expert adviser advisor aide secretary chief "
    "head director leader governor mayor senator representative ambassador diplomat witness resident "
    "source man woman doctor lawyer prosecutor judge envoy negotiator lawmaker politician premier "
    "chancellor king queen prince pope blogger author researcher professor scientist".split()
)
PRONOUNS = {
    "he": "person", "she": "person", "him": "person", "her": "person",
    "it": "organisation", "they": "group", "them": "group", "we": "group", "i": "person",
}
RESOLVABLE_PRONOUNS = frozenset("he she it they".split())


@lru_cache(maxsize=1)
def learned_cues() -> dict[str, str]:
    """Cue verbs learnt from PolNeAR train (lemma -> class), empty when the artifact is absent."""
    if not CUE_ARTIFACT.exists():
        return {}
    data = json.loads(CUE_ARTIFACT.read_text(encoding="utf-8"))
    return {lemma: "neutral" for lemma in data.get("added", [])}


_OVERRIDE: dict[str, str] | None = None


def use_cue_lexicon(table: dict[str, str] | None) -> None:
    """Replace the cue lexicon for this process (tuning); ``None`` restores the shipped one."""
    global _OVERRIDE
    _OVERRIDE = dict(table) if table is not None else None
    cue_classes.cache_clear()


@lru_cache(maxsize=1)
def cue_classes() -> dict[str, str]:
    """Every cue verb lemma with its class; the hand-written classes win over learnt ones."""
    if _OVERRIDE is not None:
        return _OVERRIDE
    table = dict(learned_cues())
    table.update(CORE_CUES)
    if CUE_ARTIFACT.exists():
        for lemma in json.loads(CUE_ARTIFACT.read_text(encoding="utf-8")).get("removed", []):
            table.pop(lemma, None)
    return table
