"""Figures in context: every casualty-type figure of a document with what incidents need.

A *figure* is a stored Quantity that counts people or military losses (not money,
dates, percentages or counts of attacks), seen with its sentence: who states it, the
event words and places around it, the dates it names, and its interval of values by
the convention of ``incidents_dev/SOURCE.md`` (at least N → [N, ∞); up to N → [0, N];
about N → within 15 %; a negated "didn't kill 100" → [0, 100)).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta
from typing import Any

from claimledger.link.figure_events import (
    TOKEN,
    diseases,
    event_of,
    named_events,
    outbreak_page,
    page_diseases,
    page_words,
)
from claimledger.link.figure_parts import keep_parts_of_other_groups, mark_enumerated_parts, mark_summed_parts
from claimledger.link.figure_record import Figure
from claimledger.link.incident_labels import is_named_as, place_roles, unnamed_scene
from claimledger.link.stories import STOP, stem
from claimledger.records import (
    LEGACY_CATEGORY_MEASURE,
    MEASURES,
    REPORTING_KINDS,
    Analysis,
    Document,
    Quantity,
    Segment,
)

SKIP_FLAGS = frozenset({"malformed", "non_casualty", "hypothetical", "score", "percent", "money", "measure", "label"})
COUNTRY_SHARE = 0.25  # a country counts as the document's when this share of its places lie there

_SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)]))\s+(?=[\"'“‘(]?[A-Z0-9])|\n\s*\n")
CONTEXT_WEIGHT = 0.5  # the previous sentence counts half: it often names the event
# A count still going on is a lower bound of the total ("nine bodies recovered so far"; a toll
# that "has now" or "has already" reached a number, or "rose to" it, as an outbreak's did between
# undated pages). So is what a video or a witness happened to see ("a video shows eight to 10
# students being put into police trucks").  An outbreak's toll told as running ("has killed", "to date",
# "are dead") on an undated page is a ``snapshot``; one told as past ("the plague killed 120") is final.
RUNNING = re.compile(r"\b(?:(?:has|have)\s+(?:\w+\s+)?(?:killed|died|claimed|been|left|infected|seen|reported|"
                     r"confirmed|recorded)|to[\s-]date|since|as of|(?:is|are)\s+(?:\w+\s+)?(?:dead|ill|sick|infected))\b",
                     re.I)
PARTIAL = re.compile(r"\b(?:so far|thus far|as yet|until now|initial(?:ly)?|preliminary|partial|"
                     r"(?:has|have) (?:now|already)|(?:rose|risen|climbed|jumped) to|"
                     r"first (?:series|batch|group|round|wave|phase)|"
                     r"(?:video|footage|photos?|images?|pictures?|witness(?:es)?) (?:showed|shows|show|saw)|"
                     r"(?:video|footage|photos?|images?|pictures?) (?:footage )?of|"
                     r"(?:was|were|be|being) seen)\b", re.I)
# Words that set a figure apart from the story it sits in: another place or an earlier time.
ASIDE = re.compile(r"\b(?:elsewhere|separate(?:ly)?|earlier|previous(?:ly)?|"
                   r"last (?:week|month|year|spring|summer|autumn|fall|winter)|(?:days?|weeks?|months?|years?) ago|"
                   r"another (?:attack|incident|raid|bombing|clash)|in (?:19|20)\d\d|"
                   # "in September", "in December 2003": a month told without its day is another time
                   r"in (?:early |late |mid-?)?(?-i:January|February|March|April|May|June|July|August|September|"
                   r"October|November|December)(?:,? (?:19|20)\d\d)?(?![ -]\d))\b", re.I)
# An increment adds to a total told elsewhere ("another 25", "eight more", "an additional 14",
# "seven AK-47 rifles, two other rifles").
INCREMENT_BEFORE = re.compile(r"\b(?:another|an? additional|a further|additional|further)\s+$", re.I)
INCREMENT_AFTER = re.compile(r"^\s+(?:more|other)\b", re.I)
# "31 deaths reported in the last 24 hours": a day's new count, added to a toll told elsewhere
LAST_DAY = re.compile(r"\b(?:past|last|previous)\s+24\s+hours\b", re.I)
# A part of a group told elsewhere: "four of his nieces", "three students were among six",
# "including 22 police officers".
PART_BEFORE = re.compile(r"\b(?:including|among them|among whom|of whom|of them)\s+$", re.I)
PART_AFTER = re.compile(r"^\s+(?:[\w'’-]+\s+){0,3}?(?:among|of (?:his|her|their|the|those|them|whom))\b"
                        r"|^\s+of\s+(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens|"
                        r"hundreds)\s+(?!years?\b)[a-z]", re.I)  # "one of six people killed"
# "one hostage told the newspaper", "one official said": who speaks, not a count of victims
SPEAKER_AFTER = re.compile(r"\s+(?:[\w'’-]+\s+){0,2}?(?:told|said|says|tells|recalled|recalls|wrote|described)\b")
JOIN_BREAK = re.compile(r"[;.]|\b(?:while|but|whereas|today|now|this|since)\b", re.I)
LEADING_ZERO = re.compile(r"0\d")
# "three workers (one a pregnant woman)", "three workers, one a pregnant woman": a member described
APPOSED_BEFORE = re.compile(r"[^\W\d_]\s*[(,]\s*$")
APPOSED_AFTER = re.compile(r"^\s+an?\s+[^\W\d_]", re.I)


def measure_of(q: Quantity) -> str:
    """The figure's measure; ledgers analysed before measures existed map their category.

    The Y of "X out of Y" (flagged "total") counts the group, not the measure: "300 out of 400
    soldiers" killed tells how many were besieged, and is never compared with the killed."""
    if "total" in q.flags:
        return "other"
    if q.measure != "other" or q.population:
        # an analysis that read who is counted also read the measure, "other" too ("assault two
        # soldiers, one of whom later died"): only ledgers analysed before measures take the old class
        return q.measure
    legacy = LEGACY_CATEGORY_MEASURE.get(q.category, q.category)
    return legacy if legacy in MEASURES else "other"


def population_of(q: Quantity) -> str:
    """Who is counted, as a class; "people" when the text does not say."""
    if q.population:
        return q.population.casefold()
    from claimledger.link.conflicts import head_class  # the legacy head classes

    head = head_class(q.counted)
    return "people" if head in ("-", "") else head


def is_figure(q: Quantity) -> bool:
    """A count of people or losses that incidents and conflicts compare."""
    if SKIP_FLAGS.intersection(q.flags) or q.unit:
        return False
    if q.value is None and q.low is None and q.high is None:
        return False
    if LEADING_ZERO.match(q.text):
        return False  # "000" of "31, 000", a code: no count is written with a leading zero
    return measure_of(q) not in ("other",) or bool(q.population)


def sentences(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Sentence spans (offsets into ``text``) of ``text[start:end]``."""
    out, pos = [], start
    for m in _SENTENCE_END.finditer(text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if pos < end:
        out.append((pos, end))
    return out


def context_terms(text: str, weight: float = 1.0, into: Counter | None = None) -> Counter:
    """Content-word weights of a span; capitalised words inside a sentence (names) count double."""
    counts = into if into is not None else Counter()
    for i, m in enumerate(TOKEN.finditer(text)):
        word = m.group(0)
        w = stem(word.casefold())
        if w in STOP or len(w) < 3:
            continue
        counts[w] += weight * (2.0 if i > 0 and word[0].isupper() else 1.0)
    return counts


TOLL_REACH = 600  # characters within which a bare count takes a nearby toll's span
# Words of a discovery or a scene: a count beside them is about that scene, not a toll.
SCENE_WORDS = frozenset("bodies body remains corpses found discovered recovered exhumed buried carrying".split())


def inherit_toll_scope(doc: Document, figures: list[Figure]) -> None:
    """A bare count next to a toll of the same measure and population is that toll.

    "the ministry admitted that 498 soldiers had been killed in action" names no event,
    place or span; two paragraphs on, "over 7,000 troops have been killed since the
    invasion" does.  The bare count takes the toll's span (its own date stays its as-of
    date), and so do the other bare counts of its sentence ("… and 1,500 wounded")."""
    tolls = [g for g in figures if g.cumulative]
    changed: set[tuple[int, int]] = set()
    for f in figures:
        sentence = doc.text[f.sentence[0]:f.sentence[1]]
        towns = [p for p in f.places if p.get("feature") not in ("country", "region")]  # a demonym says little
        if f.cumulative or named_events(sentence) or towns or SCENE_WORDS & set(sentence.casefold().split()):
            continue
        near = [g for g in tolls if abs(g.start - f.start) <= TOLL_REACH and g.population == f.population
                and _measure_class(g.measure) == _measure_class(f.measure)]
        if near:
            _take_scope(f, min(near, key=lambda g: abs(g.start - f.start)))
            changed.add(f.sentence)
    for f in figures:
        if not f.cumulative and f.sentence in changed:
            source = next(g for g in figures if g.sentence == f.sentence and g.cumulative)
            _take_scope(f, source)


def _measure_class(measure: str) -> str:
    return "killed" if measure == "fighters_lost" else measure


def _take_scope(f: Figure, toll: Figure) -> None:
    f.scope, f.since = toll.scope, toll.since
    if f.dates and not f.as_of:
        f.as_of = f.dates[0][0]


TITLE_WEIGHT = 0.25  # the headline names the document's main event; side mentions must outweigh it


def _segment_at(segments: list[Segment], pos: int) -> Segment | None:
    return next((s for s in segments if s.start <= pos < s.end), None)


def _entry_reporting(segments: list[Segment], pos: int) -> tuple[Segment | None, list[Segment]]:
    """The segment at ``pos`` and the reporting segments of its live-blog entry (or article)."""
    seg = _segment_at(segments, pos)
    entry = seg.entry if seg is not None else None
    return seg, [s for s in segments if s.entry == entry and s.kind in REPORTING_KINDS]


PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


BEARINGS = frozenset({"western", "eastern", "northern", "southern", "central", "the west", "the east"})
_MODIFIED = re.compile(r" (?!(?:and|or|on|in|at|by|has|have|had|is|was|were|are|said|says|to|of|for|from|with)\b)[a-z]")
_LOCATIVE = re.compile(r"\b(?:in|at|near|from|across|into|inside|outside|throughout|of|to|around)\s+(?:the\s+)?$", re.I)


def _modifies(text: str, start: int, end: int) -> bool:
    """"US air strikes", "Cameroon soldiers": a country name before a common noun, no preposition before it."""
    return bool(_MODIFIED.match(text, end)) and not _LOCATIVE.search(text[max(0, start - 20):start])


def _places_in(analysis: Analysis, text: str, start: int, end: int,
               named_as: str | None = None) -> list[dict[str, Any]]:
    """Places named in a span: geocoded ones, and towns the gazetteer lacks by their name.

    A place joined by a hyphen to what follows ("US-led strikes", "Russian-backed forces")
    says whose, not where, and is left out; so is a bearing ("Western officials").  A country
    named before a common noun, with no preposition before it ("US air strikes"), says whose
    too: it is kept as a demonym.  ``named_as``: only places given as that area's name ("the
    town of Nasib")."""
    out = []
    for m in analysis.mentions:
        attrs = m.attrs or {}
        if not start <= m.start < end or text[m.end:m.end + 1] == "-" or m.text.casefold() in BEARINGS:
            continue
        if named_as and not is_named_as(text, m.start, named_as):
            continue
        if attrs.get("geonames_id") or attrs.get("lat") is not None:
            name = attrs.get("geonames_name") if attrs.get("demonym") else None  # "Russian" → Russia
            whose = bool(attrs.get("demonym")) or (attrs.get("feature") == "country" and _modifies(text, m.start, m.end))
            out.append({"id": attrs.get("geonames_id"), "name": name or m.norm or m.text, "country": attrs.get("country"),
                        "admin1": attrs.get("admin1"), "feature": attrs.get("feature"),
                        "lat": attrs.get("lat"), "lon": attrs.get("lon"), "demonym": whose, **place_roles(text, m.start, m.end)})
        elif m.label in PLACE_LABELS and m.text[:1].isupper():
            out.append({"id": None, "name": m.norm or m.text, "country": None, "admin1": None,
                        "feature": "unresolved", "lat": None, "lon": None, **place_roles(text, m.start, m.end)})
    return out


def document_countries(analysis: Analysis) -> frozenset[str]:
    """The countries most of a document's places lie in (its main theatre)."""
    counts = Counter(m.attrs.get("country") for m in analysis.mentions if (m.attrs or {}).get("country"))
    total = sum(counts.values())
    return frozenset(c for c, n in counts.items() if n >= COUNTRY_SHARE * total)


def _dates_in(analysis: Analysis, start: int, end: int) -> list[tuple[str | None, str | None]]:
    # an open span keeps its missing end: "since 2009" in an undated report is not a day in 2009
    return [(t.begin, t.until if t.until or t.precision == "interval" else t.begin) for t in analysis.times
            if start <= t.start < end and t.begin and t.kind != "duration"]


def _context(doc: Document, segments: list[Segment], q: Quantity) \
        -> tuple[tuple[int, int], Counter, tuple[int, int] | None] | None:
    """The figure's sentence, its context terms, and the sentence before it in its paragraph."""
    seg = _segment_at(segments, q.start)
    if seg is None or seg.kind not in REPORTING_KINDS:
        return None
    spans = sentences(doc.text, seg.start, seg.end)
    i = next((k for k, (s, e) in enumerate(spans) if s <= q.start < e), 0)
    sentence = spans[i] if spans else (seg.start, seg.end)
    counts = context_terms(doc.text[sentence[0]:sentence[1]])
    previous = spans[i - 1] if i > 0 else None
    if previous is not None:
        context_terms(doc.text[previous[0]:previous[1]], CONTEXT_WEIGHT, counts)
    if doc.title:
        context_terms(doc.title, TITLE_WEIGHT, counts)
    return sentence, counts, previous


HISTORY_DAYS = 366  # a time this long before the page's date is history, not the news of the day


def _figure_dates(analysis: Analysis, doc: Document, segments: list[Segment], sentence: tuple[int, int],
                  previous: tuple[int, int] | None) -> list[tuple[str | None, str | None]]:
    """The dates of a figure's sentence; with none, a historical date of the sentence before ("In
    the 14th century the Black Death spread across Europe. | More than 100 million people may
    have perished"): that toll is not the day's outbreak's."""
    own = _dates_in(analysis, *sentence)
    if own or not doc.published:
        return own
    try:
        cutoff = (date.fromisoformat(doc.published[:10]) - timedelta(days=HISTORY_DAYS)).isoformat()
    except ValueError:
        return own  # "XXXX-03-07": no year to measure history from
    if previous is None:  # the first sentence of its paragraph: the last one of the paragraph before
        seg, reporting = _entry_reporting(segments, sentence[0])
        earlier = [s for s in reporting if seg is not None and s.end <= seg.start]
        if not earlier:
            return own
        spans = sentences(doc.text, earlier[-1].start, earlier[-1].end)
        previous = spans[-1] if spans else (earlier[-1].start, earlier[-1].end)
    inherited = _dates_in(analysis, *previous)  # each has its begin (``_dates_in``)
    return inherited if inherited and all((until or begin) < cutoff for begin, until in inherited) else own


NEARBY = 400  # characters before a figure's sentence whose places set its scene


def _lead_in(segments: list[Segment], sentence: tuple[int, int]) -> tuple[int, int]:
    """The text just before a sentence, within its live-blog entry (or article): where the scene is set."""
    seg, reporting = _entry_reporting(segments, sentence[0])
    first = min((s.start for s in reporting), default=0)
    # the paragraph before at most: a place three paragraphs back is another scene ("a prisoner at
    # Camp Bucca" in 2005, then "holding more than 20 Lebanese soldiers hostage")
    before = [s.start for s in reporting if s.start < (seg.start if seg is not None else sentence[0])]
    if before:
        first = max(first, max(before))
    return max(first, sentence[0] - NEARBY), sentence[0]


NAMED_AFTER = 600  # characters after a sentence where the town it introduced unnamed may be named


def _scene_named_after(analysis: Analysis, text: str, segments: list[Segment], sentence: tuple[int, int],
                       noun: str) -> list[dict[str, Any]]:
    """Places named as the area a sentence introduced unnamed, in the text just after it (same
    entry): "airstrikes hit a rebel-held town" ... "on the town of Nasib"."""
    ends = [s.end for s in _entry_reporting(segments, sentence[0])[1] if s.start >= sentence[0]]
    end = min(max(ends, default=sentence[1]), sentence[1] + NAMED_AFTER)
    found = [p for p in _places_in(analysis, text, sentence[1], end, named_as=noun) if p["locative"]]
    if not found:  # a small town the entity model misses: "the town of Nasib", capitalised
        name = re.search(rf"\b{noun}s?\s+of\s+(?:the\s+)?(?P<name>[A-Z][\w'‘’-]+(?:\s+[A-Z][\w'‘’-]+){{0,2}})",
                         text[sentence[1]:end])
        if name:
            found = [{"id": None, "name": name.group("name"), "country": None, "admin1": None, "feature": "unresolved",
                      "lat": None, "lon": None, "demonym": False, "locative": True, "vessel": False}]
    return found


# "the three-week assault": an event told before by a definite noun; where it was is where it
# was first told ("pressing the attack on Vugledar"), perhaps paragraphs back in the entry
EVENT_ANAPHOR = re.compile(r"\b(?:the|this|that)\s+(?:[\w'‘’-]+\s+){0,2}?"
                           r"(?:assault|attack|offensive|battle|siege|raid|push|bombardment)\b", re.I)
EVENT_AT = re.compile(r"\b(?:assault|attack|offensive|battle|siege|raid|push|bombardment|fighting)\s+"
                      r"(?:on|of|for|in|at|against|near|around)\s+(?:the\s+)?(?:[\w'‘’-]+\s+){0,2}?$", re.I)
EVENT_BACK = 1500  # characters before a sentence where the event it names may have been told


def _event_place_before(analysis: Analysis, text: str, segments: list[Segment],
                        sentence: tuple[int, int]) -> list[dict[str, Any]]:
    """The place of the last event told with its place before a sentence (same entry) that
    names an event by a definite noun only: "the attack on Vugledar" ... "the three-week assault"."""
    starts = [s.start for s in _entry_reporting(segments, sentence[0])[1] if s.start <= sentence[0]]
    begin = max(min(starts, default=sentence[0]), sentence[0] - EVENT_BACK)
    told = [m for m in analysis.mentions if begin <= m.start < sentence[0]
            and EVENT_AT.search(text[max(0, m.start - 40):m.start])]
    for m in sorted(told, key=lambda m: -m.start):
        found = [p for p in _places_in(analysis, text, m.start, m.end) if not p["demonym"]]  # "the eastern Ukrainian town"
        if found:
            return [{**p, "locative": True} for p in found[:1]]
    return []


def _is_increment(text: str, q: Quantity) -> bool:
    before = text[max(0, q.start - 20):q.start]
    after = text[q.end:q.end + 8]
    return bool(INCREMENT_BEFORE.search(before) or INCREMENT_AFTER.match(after) or
                re.match(r"(?i)^(?:another|additional|further)\b", q.text))


def _is_part(text: str, q: Quantity) -> bool:
    before = text[max(0, q.start - 20):q.start]
    after = text[q.end:q.end + 40]
    apposed = bool(APPOSED_BEFORE.search(before) and APPOSED_AFTER.match(after))
    return bool(PART_BEFORE.search(before) or PART_AFTER.match(after)) or apposed


def mark_asides(text: str, figures: list[Figure]) -> None:
    """Figures whose clause points to another place or time ("and five civilians were killed in
    fighting elsewhere"): the clause runs from the figure before it in its sentence to the next one;
    a count joined by "and" to a count set aside is set aside with it."""
    by_sentence: dict[tuple[int, int], list[Figure]] = {}
    for f in figures:
        by_sentence.setdefault(f.sentence, []).append(f)
    for (start, end), group in by_sentence.items():
        group.sort(key=lambda f: f.start)
        for i, f in enumerate(group):
            begin = group[i - 1].end if i else start
            stop = group[i + 1].start if i + 1 < len(group) else end
            f.aside = bool(ASIDE.search(text, begin, stop)) or (i > 0 and group[i - 1].aside and
                                                               _joined(text[group[i - 1].end:f.start]))


def _joined(between: str) -> bool:
    """Two counts of one clause joined by "and" ("killing at least seven people and injuring 40")
    with nothing between them that sets another time."""
    return len(between) <= 40 and bool(re.search(r"\band\b", between)) and not JOIN_BREAK.search(between)


def figures_in(doc: Document, segments: list[Segment], analysis: Analysis, seq: int = 0,
               every: bool = False) -> list[Figure]:
    """The figures a document states, each in its sentence with who states it.

    ``every``: every quantity in the reporting text, not only counts of people or losses
    (for scoring extraction against a gold set)."""
    from claimledger.link.conflicts import source_of

    out = []
    countries = document_countries(analysis)
    words = page_words(doc.text)
    epidemic, page_disease = outbreak_page(doc.text, words), page_diseases(doc.text, words)
    for i, q in enumerate(analysis.quantities):
        if not every and (not is_figure(q) or (q.value == 1 and SPEAKER_AFTER.match(doc.text, q.end))):
            continue
        found = _context(doc, segments, q)
        if found is None:
            continue
        sentence, counts, previous = found
        source, kind, claim_index, via = source_of(analysis, q)
        measure = measure_of(q)
        sentence_text = doc.text[sentence[0]:sentence[1]]
        event = event_of(sentence_text, measure, doc.text[previous[0]:previous[1]] if previous else "", epidemic)
        places = _places_in(analysis, doc.text, *sentence)
        nearby = _places_in(analysis, doc.text, *_lead_in(segments, sentence))
        noun = unnamed_scene(sentence_text)
        if noun and not any(p["locative"] for p in places):  # the scene is named after, not before
            nearby = _scene_named_after(analysis, doc.text, segments, sentence, noun) or nearby
        elif not any(p["locative"] for p in places) and EVENT_ANAPHOR.search(sentence_text):
            nearby = _event_place_before(analysis, doc.text, segments, sentence) or nearby
        out.append(Figure(
            doc_id=doc.id, quantity=i, start=q.start, end=q.end, text=q.text, value=q.value, low=q.low,
            high=q.high, modifier=q.modifier or "exact", measure=measure, population=population_of(q),
            side=q.side or None, scope=q.scope or "incident", since=q.since, as_of=q.as_of,
            polarity=q.polarity or "asserted", rate_unit=q.rate_unit, counted=q.counted,
            source=source or doc.outlet or "the article", source_kind=kind if source else "outlet", via=via,
            claim_id=f"{doc.id}:{claim_index}" if claim_index is not None else None, published=doc.published,
            outlet=doc.outlet, title=doc.title, seq=seq, sentence=sentence,
            event=event,
            places=places, dates=_figure_dates(analysis, doc, segments, sentence, previous), terms=dict(counts),
            nearby_places=nearby,
            countries=countries, partial=bool(PARTIAL.search(sentence_text)),
            snapshot=not doc.published and event == "outbreak" and bool(RUNNING.search(sentence_text)),
            diseases=diseases(counts, page_disease) if event == "outbreak" else frozenset(),
            increment=_is_increment(doc.text, q) or (q.scope == "day" and bool(LAST_DAY.search(sentence_text))),
            part=_is_part(doc.text, q),
        ))

    keep_parts_of_other_groups(doc.text, out)
    mark_asides(doc.text, out)
    mark_enumerated_parts(doc.text, out)
    mark_summed_parts(out)
    inherit_toll_scope(doc, out)
    return out
