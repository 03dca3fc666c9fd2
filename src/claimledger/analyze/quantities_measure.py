"""What a figure counts: its measure (``records.MEASURES``) and population, from the parse.

The measure comes from the words that govern the counted people, read from
``lexicons/measure_words.tsv``:

* the counted noun when it decides by itself ("28 *bodies*", "27 *hostages*");
* the predicates the figure (or its noun) is an argument of, through coordination,
  raising verbs and complements ("were *killed*", "*gunned down* 25", "went *missing*",
  "*left* 25 *injured*", "captured ... and *burned* alive"), a noun the figure is "of"
  ("the *deaths* of 300", "the *release* of 200 schoolgirls");
* adjectives on the counted noun ("*missing* students", "*kidnapped* girls");
* where the predicate sends them: "rushed *to hospital*" is wounded, "remain *in custody*"
  hostages, "flee *from their captors*" an escape (other).

People kidnapped and named by what was done to them ("girls *kidnapped* in April",
"schoolgirls *who were abducted*", "*kidnapped* girls") are the people held: ``hostages``;
the act as the clause's own predicate ("276 girls *were kidnapped*", "*abducting* 200") is
``abducted``.  A side that reports losing its own people ("*we lost* four of our members")
gives ``fighters_lost``; anyone else's "lost" troops are ``killed``.

The population is a class of the counted noun (``lexicons/population.tsv``), refined by a
modifier inside the counted phrase ("*police* officers" is police).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.tokens import Span, Token

from .lexicons import mapping, table

ATTRIBUTIVE = ("amod", "acl", "relcl")
# A sentence that counts equipment as a loss says so: destroyed, lost, shot down, captured ...
LOSS_WORDS = re.compile(r"\b(?:los[st]|losses|losing|destroy(?!ers?\b)\w*|downed|downing|(?:brought|taken|shot|gunned)\s+down|shot|shoot\w*|damag\w*|captur\w*|"
                        r"seiz\w*|confiscat\w*|recover\w*|sunk|sank|sink\w*|hit|struck|strik\w*|eliminat\w*|wreck(?!age)\w*|burn\w*|abandon\w*|"
                        r"disabled|knock\w* out|crash\w*|missing|stolen|blown up|tally|tallies|toll)\b", re.I)
PLACE_PREPS = ("in", "into", "to")
# an account's balance, not a toll: "a net loss of 1,000 people" moved away
BALANCE_WORDS = frozenset({"net"})
# Where a predicate sends or keeps people: the measure it implies.
PLACE_MEASURES = {"hospital": "wounded", "clinic": "wounded", "infirmary": "wounded", "custody": "hostages",
                  "captivity": "hostages"}
# the law holds them, not captors: "consequent to investigations two persons are in custody"
LAW_WORDS = re.compile(r"\b(?:police|investigat\w*|arrest\w*|charg\w*|court|suspects?|warrant|prosecut\w*|"
                       r"jail\w*|custody of (?:the )?(?:police|authorities))\b", re.I)
CAPTOR_NOUNS = {"captor", "captivity", "kidnapper", "abductor", "militant"}
# Verbs whose active subject does the harm: "two gunmen killed five people".
AGENT_VERBS = {"kill", "murder", "execute", "behead", "slaughter", "massacre", "shoot", "wound", "injure",
               "abduct", "kidnap", "seize", "capture", "arrest", "detain", "hold", "attack", "storm", "gun"}
# Verbs that move, want, hold or see equipment: what they count is no loss (a loss is destroyed,
# lost, shot down, damaged, captured or seized); using, flying or launching them is no loss either
NOT_LOST = frozenset({"ask", "request", "seek", "want", "need", "send", "supply", "deliver", "provide", "give",
                      "pledge", "promise", "donate", "approve", "buy", "purchase", "order", "sell", "export",
                      "import", "transfer", "ship", "receive", "deploy", "station", "mass", "field", "train",
                      "manufacture", "produce", "build", "own", "possess", "have", "repair", "upgrade",
                      "detect", "spot", "sight", "notice", "observe", "track", "approach", "escort", "guard", "see",
                      "use", "employ", "operate", "fly", "launch", "fire"})
# verbs that end captivity: who is freed is counted apart from who is held ("other")
RELEASING = frozenset({"free", "release", "liberate"})
# asking or agreeing for a release that has not happened ("demanded that the government free 30";
# wanting, planning or promising one is ``UNREALISED``)
DEMANDING = frozenset({"demand", "call", "urge", "ask", "insist", "agree"})
# a country letting refugees in: how many it admits is a policy, not how many were uprooted
ADMITTING = frozenset({"admit", "accept", "resettle", "take", "welcome", "bring", "let", "allow", "settle"})
FIRST_PERSON = {"we", "us", "our", "i", "my"}
POPULATION_MODIFIERS = {"police": "police", "army": "troops", "military": "troops", "air": "troops",
                        "naval": "troops", "civilian": "civilians"}


@dataclass(frozen=True)
class Entry:
    measure: str
    person: bool = False
    act: bool = False
    head: bool = False
    weak: bool = False
    pos: str | None = None


def _load() -> dict[str, list[Entry]]:
    out: dict[str, list[Entry]] = {}
    for row in table("measure_words.tsv"):
        word, measure = row[0].lower(), row[1]
        opts = set(row[2].split(",")) if len(row) > 2 else set()
        pos = None
        if "/" in word:
            word, pos = word.split("/", 1)
            pos = pos.upper()
        out.setdefault(word, []).append(Entry(measure, "person" in opts, "act" in opts, "head" in opts,
                                              "weak" in opts, pos))
    return out


def _lemma(tok: Token) -> str:
    return (tok.lemma_ or tok.text).lower()


@lru_cache(maxsize=1)
def measure_reader() -> MeasureReader:
    """The reader, built once per process."""
    return MeasureReader()


class MeasureReader:
    """Measure and population of one figure, given its counted noun and governing words."""

    def __init__(self) -> None:
        self.lexicon = _load()
        self.populations = mapping("population.tsv")

    # ---- lexicon lookups ------------------------------------------------------------
    def entry(self, tok: Token) -> Entry | None:
        """The lexicon entry of a token (phrasal verbs first, then lemma, then form)."""
        if any(c.dep_ == "amod" and c.lower_ in BALANCE_WORDS for c in tok.children):
            return None  # "suffered a net loss of more than 1,000 people": a balance of movers, no deaths
        for child in tok.children:
            after = child.i > tok.i
            if child.dep_ in ("prt", "advmod", "oprd", "acomp", "advcl", "prep") and (after or child.dep_ == "advmod"):
                hit = self._lookup(f"{_lemma(tok)} {child.lower_}", tok)  # "gun down", "fatally wound"
                if child.dep_ == "prep" and hit is None:  # "shot to death"
                    obj = next((c for c in child.children if c.dep_ == "pobj"), None)
                    hit = self._lookup(f"{_lemma(tok)} {child.lower_} {obj.lower_}", tok) if obj is not None else None
                if hit:
                    return hit
        return self._lookup(_lemma(tok), tok) or self._lookup(tok.lower_, tok)

    def _lookup(self, word: str, tok: Token) -> Entry | None:
        for e in self.lexicon.get(word, ()):
            if e.pos is None or (e.pos == "NOUN") == (tok.pos_ in ("NOUN", "PROPN")):
                return e
        return None

    # ---- the measure ----------------------------------------------------------------
    def measure(self, head: Token | None, node: Token, preds: list[Token], is_person: bool,
                equipment: bool) -> tuple[str, bool]:
        """The measure of a figure whose counted noun is ``head`` (None: unsaid), and whether
        any word said it (False: ``other`` by default)."""
        if equipment:
            if any(_lemma(p) in NOT_LOST for p in preds):
                return "other", True  # "asked for 50 Leopard tanks", "sent 31 Abrams": no loss
            if _attacking(node):
                return "other", True  # "Five pirate boats tried to attack these vessels": a force, no loss
            if not _loss_said(node, preds):
                return "other", True  # "three drones are routinely flown": a fleet, no loss
            return "equipment", True
        head_entry = self.entry(head) if head is not None else None
        if head_entry is not None and head_entry.head:
            said = [m for p in preds if not agent_of(node, p) and not _partitive_clause(p, node) and not _unrealised(p)
                    for m in self._from_predicate(p, True, False)]
            if head_entry.measure != "killed" and "killed" in said:
                return "killed", True  # "beheaded four hostages", "the beheadings of dozens of hostages"
            if head_entry.measure in ("captured", "hostages", "arrested") and any(
                    _released(p) and not agent_of(node, p) for p in preds):
                return "other", True  # "freed three Taliban prisoners": released, no longer held
            if head_entry.measure == "displaced":
                if "arrested" in said:
                    return "arrested", True  # "eight Syrian refugees were detained"
                if any(_lemma(p) in ADMITTING for p in preds):
                    return "other", True  # "wanted to take in 250,000 Syrian refugees": a quota, not the uprooted
            return head_entry.measure, True
        main: list[str] = []
        described: list[str] = []  # what the counted people are described by: "missing", "kidnapped"
        framing: list[str] = []  # a noun they are "of": "the remains of", "the release of"
        for pred in preds:
            if agent_of(node, pred):
                continue  # "two gunmen killed five people": the two did it, they were not killed
            if _partitive_clause(pred, node):
                continue  # "two soldiers, one of whom later died": the one died, not the two
            if _unrealised(pred):
                continue  # "threatened to kill two soldiers": no one was killed
            hits = self._from_predicate(pred, is_person, bool(main) or len(preds) > 1)
            if _describes(pred, node):
                described += hits
            elif pred.pos_ in ("NOUN", "PROPN"):
                framing += hits
            else:
                main += hits
        if head_entry is not None and not head_entry.weak and not head_entry.person:
            main.append(head_entry.measure)  # "deaths", "casualties"; not "an 88-72 loss"
        if head is not None:
            described += self._adjectives(head, is_person)
        found = main + described + framing
        if not found and head_entry is not None and head_entry.weak:
            return head_entry.measure, True
        measure = choose(main, described)  # the clause, then descriptions, then a framing noun
        if measure == "other" and framing and "escaped" not in main:
            measure = combine(framing)
        return measure, bool(found)

    def _adjectives(self, head: Token, is_person: bool) -> list[str]:
        """"wounded soldiers", "missing students", "kidnapped girls" (a word said only of people, only of
        them: "13 fully loaded magazines" were taken, no one was)."""
        out = []
        for child in head.children:
            if child.dep_ in ("amod", "compound") and child.i < head.i:
                hit = self.entry(child)
                if hit is not None and not hit.head and (is_person or not hit.person):
                    out.append(_as_state(hit))
        return out

    def _from_predicate(self, pred: Token, is_person: bool, held: bool) -> list[str]:
        """Measures a governing word gives; ``held``: an attributive "kidnapped" names the people
        held (the figure has a clause of its own), not the act."""
        out: list[str] = []
        hit = self.entry(pred)
        noun_of = pred.pos_ in ("NOUN", "PROPN")  # "the remains of nine people"
        if hit is not None and (is_person or not hit.person) and (noun_of or not hit.head):
            attributive = pred.dep_ in ATTRIBUTIVE
            measure = _as_state(hit) if attributive and held else hit.measure
            if measure == "killed" and _lemma(pred) in ("lose", "loss") and _first_person(pred):
                measure = "fighters_lost"
            out.append(measure)
        out += self._destinations(pred, hit)
        return out

    def _destinations(self, pred: Token, hit: Entry | None) -> list[str]:
        """"rushed to hospital", "remain in custody", "flee from their captors"."""
        out = []
        for prep in pred.children:
            if prep.dep_ != "prep":
                continue
            for obj in prep.children:
                if obj.dep_ != "pobj":
                    continue
                places = [_lemma(obj)] + [_lemma(c) for c in obj.children if c.dep_ == "compound"]
                lemma = _lemma(obj)
                place = next((p for p in places if p in PLACE_MEASURES), None)
                if prep.lower_ in PLACE_PREPS and place is not None:  # "into the hospital emergency room"
                    # "219 remain in custody" of their captors; "two persons are in custody" of the police
                    out.append("arrested" if place == "custody" and LAW_WORDS.search(pred.sent.text)
                               else PLACE_MEASURES[place])
                elif prep.lower_ == "from" and lemma in CAPTOR_NOUNS and hit is not None \
                        and hit.measure == "displaced":
                    out.append("escaped")
        return out

    # ---- the population -------------------------------------------------------------
    def population(self, counted: Span | None, head: Token | None, side: str | None) -> str | None:
        """Class of the counted people, or None when the counted noun is not a known class."""
        if head is None:
            return None
        if counted is not None:
            for tok in counted:
                if tok.i != head.i and tok.i < head.i and _lemma(tok) in POPULATION_MODIFIERS:
                    return POPULATION_MODIFIERS[_lemma(tok)]
        for word in (_lemma(head), head.lower_):
            if word in self.populations:
                return self.populations[word]
        if head.ent_type_ == "NORP" or side is not None and head.text.rstrip("s") == side:
            return "people"  # "two Germans", "5,000 Nigerians"
        return None


def agent_of(node: Token, pred: Token) -> bool:
    """Is the counted noun the active subject of a verb that has an object of its own?"""
    subject = node
    while subject.dep_ == "conj" and subject.head.i != subject.i and subject.head.pos_ in ("NOUN", "PROPN", "NUM"):
        subject = subject.head
    if subject.dep_ != "nsubj" or subject.head.i != pred.i or pred.pos_ != "VERB":
        return False
    if pred.tag_ == "VBN" and not any(c.dep_ == "aux" for c in pred.children):
        return False  # "saw some 40 women abducted": a participle, the women were taken
    if _lemma(pred) not in AGENT_VERBS:
        return False  # "1.2 million Iraqis ... to flee their homes"
    return any(c.dep_ in ("dobj", "obj") for c in pred.children)


def _loss_said(node: Token, preds: list[Token]) -> bool:
    """A loss word on the way from the counted noun up to its clause's verb, or among its predicates
    ("seized seven AK-47 rifles", "the loss of 130 tanks", "130 tanks destroyed"); the whole sentence
    only where no verb governs it.  ECB+: "had sunk a mother ship … and had also rescued two merchant
    vessels" loses no vessel."""
    path, tok = [node], node
    while tok.head.i != tok.i and tok.pos_ not in ("VERB", "AUX"):
        tok = tok.head
        path.append(tok)
    if tok.pos_ not in ("VERB", "AUX"):
        return bool(LOSS_WORDS.search(node.sent.text))
    words = path + list(preds) + [c for t in path[:3] for c in t.children if c.dep_ in ("amod", "acl", "relcl")]
    # a phrasal verb with its particle: "brought down", "knocked out", "blown up"
    return any(LOSS_WORDS.fullmatch(" ".join([t.text] + [c.text for c in t.children if c.dep_ == "prt"])
                                    if t.pos_ == "VERB" else t.text) or LOSS_WORDS.fullmatch(t.text) for t in words)


def _attacking(node: Token) -> bool:
    """Is the counted noun the active subject of a harming verb, or of one that tries or sets out
    to do it ("five boats tried to attack the vessels")?"""
    if node.dep_ != "nsubj" or node.head.pos_ != "VERB":
        return False
    verb = node.head
    verbs = [verb] + [c for c in verb.children if c.dep_ == "xcomp" and c.pos_ == "VERB"]
    return any(_lemma(v) in AGENT_VERBS and any(c.dep_ in ("dobj", "obj") for c in v.children) for v in verbs)


def _describes(pred: Token, node: Token) -> bool:
    """Is the predicate (or the clause it completes) a description of the counted noun?"""
    tok = pred
    for _ in range(4):
        if tok.dep_ in ATTRIBUTIVE and tok.head.i == node.i:
            return True
        if tok.head.i == tok.i or tok.head.i == node.i:
            return False
        tok = tok.head
    return False


# Verbs whose complement did not happen (yet): "threatened to kill two soldiers", "plans to free 20"
UNREALISED = frozenset({"threaten", "vow", "plan", "try", "attempt", "want", "seek", "intend", "aim", "plot",
                        "pledge", "promise", "hope", "prepare"})
NOT_YET = DEMANDING | UNREALISED  # "agreed to release", "demanded that … free", "plans to free"


def _released(pred: Token) -> bool:
    """A release that happened: not one agreed to, demanded or to come ("agreed to release the
    219 schoolgirls", "demanded that the government free 30 prisoners", "will be freed")."""
    if _lemma(pred) not in RELEASING or pred.pos_ != "VERB":
        return False
    if any(c.dep_ == "aux" and c.tag_ == "MD" for c in pred.children):
        return False
    return not (pred.dep_ in ("ccomp", "xcomp") and pred.head.lemma_.lower() in NOT_YET)


def _unrealised(pred: Token) -> bool:
    return pred.dep_ == "xcomp" and pred.head.lemma_.lower() in UNREALISED


def _partitive_clause(pred: Token, node: Token) -> bool:
    """A relative clause about some of the counted people ("one of whom died", "two of which"),
    read for the whole count (``node`` not in that part)."""
    if pred.dep_ != "relcl":
        return False
    for subj in (c for c in pred.children if c.dep_ in ("nsubj", "nsubjpass")):
        words = list(subj.subtree)
        if node not in words and any(t.lower_ in ("whom", "which") and t.head.lower_ == "of" for t in words):
            return True
    return False


def _as_state(hit: Entry) -> str:
    """The kidnapped, named by it, are the people held (not so for "rounded up")."""
    return "hostages" if hit.measure == "abducted" and not hit.act else hit.measure


def _first_person(pred: Token) -> bool:
    """"We lost four of our members": the subject or the counted noun's owner is first person."""
    for child in pred.children:
        if child.dep_ in ("nsubj", "nsubjpass") and child.lower_ in FIRST_PERSON:
            return True
        if child.dep_ in ("dobj", "obj") and any(t.lower_ in FIRST_PERSON and t.dep_ == "poss"
                                                 for t in child.subtree):
            return True
    return False


def choose(main: list[str], described: list[str]) -> str:
    """What happened to them (the clause) wins over how they are described, except where the
    clause only releases or frees them: "the release of 200 *kidnapped* girls" counts hostages."""
    first = combine(main)
    if first != "other" or not described or "escaped" in main:
        return first
    return combine(described)


def combine(found: list[str]) -> str:
    """One measure from several governing words (see the module docstring)."""
    kinds = set(found)
    if not kinds or "escaped" in kinds:  # fleeing one's captors is an escape: other
        return "other"
    if len(kinds) == 1:
        return kinds.pop()
    if "killed" in kinds and "missing" in kinds:
        return "other"  # "killed or gone missing"
    if "killed" in kinds and "wounded" in kinds or "killed_or_wounded" in kinds:
        return "killed_or_wounded"
    for strong in ("killed", "fighters_lost", "wounded", "arrested", "abducted", "hostages", "missing",
                   "displaced", "captured"):
        if strong in kinds:
            return strong
    return min(kinds)
