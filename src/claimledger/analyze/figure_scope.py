"""What a figure's numbers mean: time scope and whether it counts people (bounds and polarity:
``figure_bounds``).

Run by ``quantities.extract_quantities`` on every figure once measures are known.

**Scope** (``records.TIME_SCOPES``), read from the clause that governs the figure:
``since`` for "since 2009" / "since 24 February" (``since`` = that date, ISO partial, the
year never invented); ``war_to_date`` for "since the war began", "to date", "in less than
four weeks of fighting", or a war, insurgency or conflict as the subject that kills;
``year_to_date`` for "this year", "in 2014" and "annually"; ``period`` for "in the first half of 2014",
"in the first seven months", "in the last eight years", "during the five operations" (but "in
recent years", with no count, is war to date); ``day`` for "overnight", "in the past 24 hours"; ``incident`` otherwise.
``as_of`` is the date of "as of X" / "by X" when given.

**non_casualty**: money, percentages and measures; counts of things that are not people
(attacks, graves, buses, villages); people counted as a force, crowd or audience
("deployed 500 troops", "2,000 protesters", "two gunmen killed five people"); and bare numbers nothing marks as a count of
people (ages, town populations).  These stay extracted, flagged so the incident layer can
ignore them.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from ..records import Quantity, TimeExpr
from .figure_bounds import apply_bounds, is_negated
from .figure_facts import Facts
from .lexicons import words
from .quantities_measure import agent_of

WAR_NOUNS = {"war", "conflict", "invasion", "insurgency", "fighting", "uprising", "offensive", "campaign",
             "epidemic", "pandemic", "outbreak",  # "killed by a cholera epidemic": a toll to date
             "violence", "rebellion", "crisis", "occupation", "hostility"}
# Conflicts as a whole (a toll "in the insurgency" is cumulative wherever the word sits);
# the weaker words count only as the subject or agent that kills ("the violence has killed").
WAR_NOUNS_STRONG = {"war", "conflict", "insurgency", "uprising", "rebellion", "occupation"}
STATE_MEASURES = {"hostages", "missing"}
START_WORDS = {"begin", "start", "launch", "outbreak", "erupt", "beginning", "break", "onset", "invade"}
SINGLE_EVENTS = {"earthquake", "quake", "tremor", "bombing", "blast", "explosion", "attack", "shooting", "massacre",
                 "raid", "ambush", "airstrike", "crash", "fire", "stampede", "tsunami", "storm", "flood"}
PERIOD_WORDS = {"first", "last", "past", "recent", "half", "quarter", "previous"}
PERIOD_UNITS = {"year", "month", "week", "half", "quarter", "decade"}
# "in recent years", "over the past few years": no count and no start, running up to now — the
# conflict's toll so far, not a period that can be placed ("in the last eight years" is one)
OPEN_YEARS = re.compile(r"\b(?:in|over|during) (?:the )?(?:recent|past|last) (?:few |several )?years\b"
                        r"|\b(?:over|across) the (?:years|decades|centuries)\b|\bthroughout history\b"
                        r"|\bthrough the (?:ages|centuries)\b")
YEARLY = re.compile(r"\b(?:annually|yearly|per year|each year|every year)\b")
# Events a count can be summed over ("during the five operations", "in three raids")
EVENT_PLURALS = {"operation", "attack", "raid", "strike", "airstrike", "mission", "assault", "ambush", "bombing",
                 "incident", "clash", "battle"}
DAY_PHRASES = ("overnight", "past 24 hours", "last 24 hours", "single day", "one day")
AS_OF_PREPS = {"as of", "by", "as at"}
# Verbs that state a figure: their own date is the figure's as-of date.
REPORTING = {"say", "admit", "report", "estimate", "announce", "claim", "confirm", "tell", "state", "acknowledge",
             "reveal", "put", "record", "count", "suggest"}
# A bare word with digits glued to letters, slashes or dots: a file name, URL, code or handle.
CODE_CHUNK = re.compile(r"(?:https?:|www\.|[/\\_#@=]|\.(?:jpe?g|png|gif|webp|html?|php|aspx?|pdf|mp4)\b)", re.IGNORECASE)
LONG_DIGITS = re.compile(r"\d{13,}")


def in_code_or_url(text: str, start: int, end: int) -> bool:
    """Is the number inside a URL, a file name, a hashtag or a long code?"""
    left = text.rfind(" ", 0, start) + 1
    left = max(left, text.rfind("\n", 0, start) + 1)
    right_candidates = [i for i in (text.find(" ", end), text.find("\n", end)) if i >= 0]
    right = min(right_candidates) if right_candidates else len(text)
    chunk = text[left:right]
    return bool(CODE_CHUNK.search(chunk) or LONG_DIGITS.search(chunk))


def _estimated(facts: Facts) -> bool:
    """Is the figure's clause what someone estimates?"""
    root = clause_root(facts)
    return root.dep_ in ("ccomp", "xcomp") and root.head.lemma_.lower() == "estimate"


# ---- scope ------------------------------------------------------------------------------
def clause_root(facts: Facts) -> Token:
    """The verb of the clause that says what happened to the counted people."""
    verb = next((p for p in facts.preds if p.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        verb = next((a for a in facts.node.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb if verb is not None else facts.node


def _owner(tok: Token) -> Token:
    """The verb a word belongs to ("since" of "since the war began" belongs to the verb above)."""
    t = tok.head.head if tok.dep_ == "mark" else tok.head
    while t.pos_ not in ("VERB", "AUX") and t.head.i != t.i:
        t = t.head
    return t


def clause_tokens(facts: Facts) -> list[Token]:
    """The words of the governing clause (and of the figure's own phrase), without the clauses
    nested in it: "girls kidnapped *this year*" does not make "will be freed" a yearly toll."""
    root = clause_root(facts)
    owners = {root.i} | {c.i for c in root.conjuncts}
    if root.dep_ in ("advcl", "conj", "xcomp") and root.head.pos_ in ("VERB", "AUX"):
        owners.add(root.head.i)  # "..., killing thousands": the main clause's "in recent years"
    toks = {t.i: t for t in root.subtree if t.i == root.i or _owner(t).i in owners}
    if root.i in owners and root.head.i in owners:
        toks.update({t.i: t for t in root.head.children
                     if t.dep_ in ("prep", "npadvmod", "advmod") for t in t.subtree})
    else:
        participle = root.head if root.dep_ == "prep" and root.head.pos_ == "VERB" else root  # "including"
        if participle.dep_ == "acl" and participle.head.dep_ in ("attr", "nsubj", "dobj") \
                and participle.head.head.pos_ in ("VERB", "AUX"):
            # "From 2010 to 2015 there were 3248 cases reported worldwide, including 584 deaths": the
            # main clause's adjuncts frame the cases the participle describes
            toks.update({t.i: t for t in participle.head.head.children
                         if t.dep_ in ("prep", "npadvmod", "advmod") for t in t.subtree})
    doc = root.doc
    for owner in sorted(owners):
        verb = doc[owner]
        if verb.dep_ == "conj" and verb.head.pos_ in ("VERB", "AUX"):
            # "In recent weeks, the military has taken back towns and is thought to have killed
            # hundreds": a fronted adjunct of the first conjunct frames the second too
            toks.update({t.i: t for c in verb.head.children if c.dep_ in ("prep", "npadvmod", "advmod")
                         and c.i < verb.head.i for t in c.subtree})
    toks.update({t.i: t for t in facts.node.subtree})
    return [toks[i] for i in sorted(toks)]


def _iso(t: TimeExpr) -> str | None:
    if not t.begin:
        return None
    cut = {"year": 4, "month": 7}.get(t.precision)
    if t.precision == "interval" and t.begin.endswith("-01-01") and re.search(r"\b\d{4}\b$", t.text):
        cut = 4  # "since 2009": the year, not 1 January
    return t.begin[:cut] if cut else t.begin


def _causal_since(tok: Token) -> bool:
    """"since many are staging protests": a reason, not a start; a clause that tells a start is
    past or perfect ("since the war began", "since it has spread")."""
    if tok.dep_ != "mark":
        return False
    verb = tok.head
    return verb.tag_ in ("VBP", "VBZ") or (verb.tag_ == "VBG" and any(
        c.dep_ == "aux" and c.tag_ in ("VBP", "VBZ") and c.lower_ not in ("has", "have") for c in verb.children))


def _since_phrase(tok: Token) -> list[Token]:
    """The words "since" introduces: its object ("since 2009") or its clause ("since the war began")."""
    if tok.dep_ == "mark":
        return list(tok.head.subtree)
    return list(tok.subtree)


def _times_in(toks: list[Token], times: list[TimeExpr]) -> list[TimeExpr]:
    if not toks:
        return []
    start, end = toks[0].idx, toks[-1].idx + len(toks[-1])
    return [t for t in times if start <= t.start < end]


def scope_of(q: Quantity, facts: Facts, times: list[TimeExpr]) -> None:
    """Fill q.scope, q.since and q.as_of from the governing clause.  People held or missing
    "since April" are one incident's victims, not a toll: states keep the incident scope
    unless a war or a period frames them."""
    toks = clause_tokens(facts)
    lowers = [t.lower_ for t in toks]
    text = " ".join(lowers)
    state = q.measure in STATE_MEASURES
    for t in toks:
        if t.lower_ == "since" and not state and not _causal_since(t):
            phrase = _since_phrase(t)
            lemmas = {w.lemma_.lower() for w in phrase}
            dated = [x for x in _times_in(phrase, times) if x.kind == "date" and x.begin]
            war = bool(lemmas & WAR_NOUNS) or any(x.anchor for x in _times_in(phrase, times))
            q.scope = "war_to_date" if war and (lemmas & START_WORDS or not dated) else "since"
            explicit = [x for x in dated if not x.anchor]
            anchored = [x for x in _times_in(phrase, times) if x.anchor and x.begin]
            chosen = explicit[-1] if explicit else (anchored[0] if anchored else None)
            q.since = _iso(chosen) if chosen is not None else None
            break
    else:
        span = _closed_years(_times_in(toks, times))
        if span is not None and not state:  # "584 deaths between 2010 and 2015": a toll over those years
            q.scope, q.since, q.as_of = "period", (span.begin or "")[:4], span.until
            return
        q.scope = _scope_without_since(toks, text, facts)
        if q.scope == "incident" and not state and _running_toll(q, facts, toks):
            q.scope = "war_to_date"
        if state and q.scope == "year_to_date":
            q.scope = "incident"
    q.as_of = _as_of(toks, times, facts)


YEAR_SPAN = re.compile(r"\d{4}\D+\d{2,4}|century", re.I)


def _closed_years(times: list[TimeExpr]) -> TimeExpr | None:
    """A span of years the clause names ("between 2010 and 2015", "from late 2008 to mid-2009",
    "2014-2016", "in the 14th century"), not one open to the day of writing ("from 2010")."""
    return next((t for t in times if t.kind == "date" and t.precision == "interval" and t.begin and t.until
                 and t.until[:4] > t.begin[:4] and YEAR_SPAN.search(t.text)), None)


def _scope_without_since(toks: list[Token], text: str, facts: Facts) -> str:
    if "to date" in text or re.search(r"\b(?:weeks?|months?|years?|days?) of (?:fighting|war|conflict)", text):
        return "war_to_date"
    if any(s in text for s in DAY_PHRASES):
        return "day"
    if OPEN_YEARS.search(text) or _tally_so_far(facts, toks, text):
        return "war_to_date"
    if any(_several_events(t) for t in toks):
        return "period"  # "seized 14 rifles during the five operations": a sum over events, not one
    for i, t in enumerate(toks):
        unit_next = i + 1 < len(toks) and toks[i + 1].lemma_.lower() in PERIOD_UNITS
        if t.lower_ in PERIOD_WORDS and any(w.lemma_.lower() in PERIOD_UNITS for w in toks[i + 1:i + 4]) \
                and not (t.lower_ == "last" and unit_next):  # "last month" is a date, not a period
            return "period"  # "first half", "first seven months", "last eight years", "recent years"
    if YEARLY.search(text):
        return "year_to_date"  # "more than 5,000 annually": a year's toll, not one event's
    if "this year" in text or re.search(r"\b(?:in|during|for) (?:19|20)\d\d\b", text):
        # "an earthquake killed 31,000 in 2003": one event dated by its year, not the year's toll
        return "incident" if any(_single_event(t) for t in toks) else "year_to_date"
    if _war_cause(facts, toks):
        return "war_to_date"
    return "incident"


RUNNING_TOLL_MIN = 1000  # "has killed thousands": a count this large in the perfect is a toll to date


def _running_toll(q: Quantity, facts: Facts, toks: list[Token]) -> bool:
    """A large count in the present perfect with no event, place or date of its own ("Boko Haram
    has killed thousands of people", "the group, which has killed more than 5,000"): the
    count so far, not one incident's."""
    root = clause_root(facts)
    perfect = root.tag_ == "VBN" and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in root.children) \
        and not any(c.dep_ == "aux" and c.tag_ == "MD" for c in root.children)  # "may have perished": the past
    large = (q.low or q.value or 0) >= RUNNING_TOLL_MIN
    scene = any(t.ent_type_ in ("GPE", "LOC", "FAC", "DATE", "TIME") or _single_event(t) for t in toks)
    return perfect and large and not scene


def _tally_so_far(facts: Facts, toks: list[Token], text: str) -> bool:
    """An actor's own running tally: "So far, the Navy has confiscated 14 rifles", "the ship has,
    thus far, seized ...".  The passive ("at least 15 bodies have so far been dug out") counts
    one event's victims as they are found, and stays that event's."""
    if not re.search(r"\b(?:so|thus) far\b", text):
        return False
    root = clause_root(facts)
    root = root.head if root.dep_ == "aux" else root
    perfect = root.tag_ in ("VBN", "VBD") and any(c.dep_ == "aux" and c.lower_ in ("has", "have") for c in root.children)
    heads = [root] + [c for c in root.children if c.dep_ == "aux"]  # "The ship has, thus far, ...": "has" takes it
    active = any(c.dep_ == "nsubj" for h in heads for c in h.children) and \
        not any(c.dep_ == "auxpass" for c in root.children)
    return perfect and active and not any(_single_event(t) for t in toks)


def _several_events(tok: Token) -> bool:
    """"during the five operations", "in several raids": a counted plural of events after a preposition."""
    if tok.dep_ != "pobj" or tok.tag_ != "NNS" or tok.lemma_.lower() not in EVENT_PLURALS:
        return False
    if tok.head.lower_ not in ("in", "during", "over", "across", "throughout"):
        return False
    for child in tok.children:
        if child.lower_ in ("several", "multiple", "numerous"):
            return True
        if child.dep_ == "nummod" and child.like_num and child.lower_ not in ("one", "1"):
            return True
    return False


def _single_event(tok: Token) -> bool:
    """A singular noun naming one violent event: "an earthquake", "the bombing" (not "attacks",
    not "a bombing campaign")."""
    return tok.lemma_.lower() in SINGLE_EVENTS and tok.tag_ == "NN" and tok.dep_ != "compound"


def _war_cause(facts: Facts, toks: list[Token]) -> bool:
    """A war is what kills: "the insurgency has killed thousands", "the campaign, which has
    killed thousands", "killed as a result of the uprising", "displaced by the violence"."""
    root = clause_root(facts)
    if any(t.lemma_.lower() in WAR_NOUNS_STRONG and t.pos_ == "NOUN" and _adjunct_of(t, root) for t in toks) \
            or _killed_in_war_activity(root):
        return True
    for pred in (p for p in facts.preds if p.pos_ in ("VERB", "AUX")):
        if pred.dep_ == "relcl" and pred.head.lemma_.lower() in WAR_NOUNS:
            return True
        for child in pred.children:
            if child.dep_ in ("nsubj", "agent") and any(w.lemma_.lower() in WAR_NOUNS for w in child.subtree):
                return True
    return False


def _killed_in_war_activity(root: Token) -> bool:
    """The war as what the victims were doing when killed: "killed covering the Syrian war",
    "died fighting in the insurgency" (a participle of the clause, the war its object)."""
    for verb in root.children:
        if verb.tag_ != "VBG" or verb.dep_ not in ("advcl", "xcomp"):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += [o for p in verb.children if p.dep_ == "prep" for o in p.children if o.dep_ == "pobj"]
        if any(o.lemma_.lower() in WAR_NOUNS_STRONG for o in objects):
            return True
    return False


def _adjunct_of(tok: Token, root: Token) -> bool:
    """Is the noun in a prepositional phrase of the clause ("killed *in the insurgency*", "as a
    result of the uprising"), not inside another noun's description ("a tactic in its insurgency")?"""
    t = tok
    for _ in range(6):
        if t.dep_ not in ("pobj", "prep", "pcomp", "agent"):
            return False
        t = t.head
        if t.i == root.i:
            return True
        if t.dep_ == "pobj" and t.head.dep_ == "prep" and t.head.head.i == root.i:
            t = t.head  # "as a result of": the chain runs through "result"
    return False


def _as_of(toks: list[Token], times: list[TimeExpr], facts: Facts) -> str | None:
    """"As of 5 October, 30 had been detained"; "In early March, the ministry admitted that 498
    soldiers had been killed": the date the figure is stated for."""
    for t in _times_in(toks, times):
        before = " ".join(x.lower_ for x in toks if x.idx < t.start)
        if t.kind == "date" and t.begin and any(before.endswith(prep) for prep in AS_OF_PREPS):
            return _iso(t)
    root = clause_root(facts)
    while root.dep_ == "conj" and root.head.i != root.i:  # "... had been killed and 1,500 wounded"
        root = root.head
    teller = root.head if root.dep_ in ("ccomp", "xcomp") else None
    if teller is None or teller.lemma_.lower() not in REPORTING:
        return None
    for child in teller.children:
        if child.dep_ in ("prep", "npadvmod") and child.i != root.i:
            dated = [t for t in _times_in(list(child.subtree), times) if t.kind == "date" and t.begin]
            if dated:
                return _iso(dated[0])
    return None


# ---- people or not ------------------------------------------------------------------------
PARENT_NOUNS = frozenset({"father", "mother", "parent", "grandfather", "grandmother", "dad", "mum", "mom"})


def non_casualty(q: Quantity, facts: Facts) -> bool:
    """True when the figure does not count people or military losses (see module docstring)."""
    if q.unit is not None:
        return True
    if any(a.lemma_.lower() == "age" or a.lower_ == "aged" for a in list(facts.node.ancestors)[:3]):
        return True  # "women and girls aged from infancy to 65", "a child aged two has died"
    node = facts.node
    if node.dep_ == "pobj" and node.head.lower_ == "for" and node.head.head.lemma_.lower() in CAPACITY_VERBS:
        return True  # "a cell meant for 35 held 155 adult males": a room's size, nobody counted
    if facts.head is None and node.dep_ == "pobj" and node.head.lower_ == "of" \
            and node.head.head.lemma_.lower() in PARENT_NOUNS:
        return True  # "the father of two, who ... was taken hostage": his children, not hostages
    if facts.head is not None and not facts.person and q.measure not in ("equipment",) \
            and not facts.head_measured:
        return True  # "at least six attacks", "two taxis": not people
    if q.measure != "other":
        return False
    crowd = words("non_casualty_words.txt")
    if facts.head is not None and (facts.head.lemma_.lower() in crowd or facts.head.lower_ in crowd):
        return True
    if any(p.lemma_.lower() in crowd for p in facts.preds[:2]):
        return True
    if any(agent_of(facts.node, p) or (facts.head is not None and agent_of(facts.head, p)) for p in facts.preds):
        return True  # the attackers: "two gunmen killed five people"
    if "counted_inferred" in q.flags or q.population is not None:
        return False
    if facts.head is not None:
        return not facts.person
    return not facts.evidence


CAPACITY_VERBS = frozenset({"mean", "build", "design", "intend", "make", "equip"})
MODAL_UNREAL = frozenset({"could", "would", "might"})
RISK_NOUNS = frozenset({"potential", "risk", "danger", "threat", "possibility", "scenario"})
PROJECTION_VERBS = frozenset({"project", "forecast", "predict"})  # "320,000 deaths is projected"


def hypothetical(facts: Facts) -> bool:
    """A count of what could happen, not what did: "a strike could kill thousands", "the
    potential of causing … tens of millions of deaths", "the prudent worst case of 320,000 deaths
    is projected to …" ("may have died" is a hedged count of the dead, and stays)."""
    for pred in facts.preds[:2]:
        if pred.pos_ in ("VERB", "AUX") and any(c.dep_ == "aux" and c.lower_ in MODAL_UNREAL for c in pred.children):
            return True
    ancestors = list(facts.node.ancestors)[:8]
    if any(a.lemma_.lower() in PROJECTION_VERBS and a.pos_ == "VERB" for a in ancestors):
        return True
    return any(a.pos_ == "NOUN" and (a.lemma_.lower() in RISK_NOUNS or (a.lower_ == "case" and any(
        c.lower_ in ("worst", "best") for c in a.children))) for a in ancestors)


def finish(doc: Doc, quantities: list[Quantity], facts: list[Facts]) -> None:
    """Polarity, bounds, scope and the non_casualty flag of each figure of a Doc."""
    times: list[TimeExpr] | None = None
    for q, f in zip(quantities, facts):
        if q.unit is None and is_negated(f):
            q.polarity = "negated"
        if q.modifier == "exact" and q.unit is None and _estimated(f):
            q.modifier = "approx"  # "Amnesty estimated that 4,000 people were killed"
        apply_bounds(q)
        if non_casualty(q, f):
            q.flags.append("non_casualty")
            continue
        if hypothetical(f):
            q.flags.append("hypothetical")
        if times is None:
            from .times import (
                extract_times,  # the time extractor imports this package's numbers
            )

            times = extract_times(doc, None)
        scope_of(q, f, times)
