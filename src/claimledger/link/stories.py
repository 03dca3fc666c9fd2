"""Stories: incremental single-pass clustering of units (articles and live-blog entries).

Each unit is a TF-IDF vector (sublinear term counts of the headline and reporting text,
headline counted twice, light plural/possessive stemming, idf from the document
frequencies seen so far) plus its entities and places.  A new unit is compared with
the centroids of the stories that share one of its top terms or entities (an inverted
index), and joins the best one whose score

    cosine(unit, centroid) + ENTITY_WEIGHT * shared-entity overlap

reaches ``threshold`` and whose dates are within ``window_days`` of the unit's;
otherwise it opens a new story.  A document that copies an earlier one joins that
one's story directly.  Nothing is ever reclustered: existing assignments stand.

Cost per unit: O(terms) to vectorise, O(top terms x capped posting) for candidates and
O(candidates x terms) to score, so n units cost O(n) amortised (no pairwise pass).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from claimledger.link.units import Unit, full_date

THRESHOLD = 0.3
MIN_COSINE = 0.25  # shared names alone never make one story
ENTITY_WEIGHT = 0.2
WINDOW_DAYS = 10
UNIT_TERMS = 50  # terms kept per unit vector
CENTROID_TERMS = 400  # terms kept per story centroid
INDEX_TERMS = 25  # a story is found through its top terms ...
QUERY_TERMS = 15  # ... by a unit's top terms
YEAR_PENALTY = 0.1
POSTING_CAP = 400
ENTITY_PREFIX = "\x00e:"  # entity keys share the document-frequency table with terms
ENTITIES_COMPARED = 5  # a term or entity shared by more stories than this finds none
MAX_CANDIDATES = 12

STOP = frozenset(ENGLISH_STOP_WORDS) | frozenset(
    """said says say told according reported reports report reportedly just like also year years
    week weeks day days time new old people mr ms mrs including would could told one two three
    monday tuesday wednesday thursday friday saturday sunday""".split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
_STEM_CACHE: dict[str, str] = {}


def stem(word: str) -> str:
    """Plural and possessive endings off ("troops" -> "troop", "Russia's" -> "russia")."""
    out = _STEM_CACHE.get(word)
    if out is not None:
        return out
    w = word
    if w.endswith(("'s", "’s")):
        w = w[:-2]
    if len(w) > 4 and w.endswith("ies"):
        w = w[:-3] + "y"
    elif len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(_STEM_CACHE) < 1_000_000:
        _STEM_CACHE[word] = w
    return w


def terms(text: str, title: str | None = None) -> Counter:
    """Term counts of a unit: content words, stemmed; the headline counts twice."""
    raw = Counter(_WORD.findall(text.casefold()))
    if title:
        raw.update(_WORD.findall(title.casefold()))
    counts: Counter = Counter()
    for w, c in raw.items():
        w = _STEM_CACHE.get(w) or stem(w)
        if w not in STOP and len(w) > 1:
            counts[w] += c
    return counts


@dataclass
class Story:
    id: int
    centroid: dict[str, float] = field(default_factory=dict)
    size: int = 0
    entities: Counter = field(default_factory=Counter)
    places: Counter = field(default_factory=Counter)
    years: Counter = field(default_factory=Counter)
    first: str | None = None  # earliest known full date (ISO)
    last: str | None = None
    first_seq: int = 0
    last_seq: int = 0
    title: str | None = None
    indexed: frozenset[str] = frozenset()
    norm: float = 0.0
    dirty: bool = True  # changed in this run (to be written)

    def top_terms(self, n: int) -> list[str]:
        return [t for t, _ in heapq.nlargest(n, self.centroid.items(), key=lambda kv: (kv[1], kv[0]))]

    def label(self) -> str:
        return " ".join(self.top_terms(5))

    def to_state(self) -> dict[str, Any]:
        # sorted: the stored state (and any tie it breaks later) must not depend on set order
        return {"centroid": {t: round(w, 5) for t, w in self.centroid.items()},
                "entities": dict(sorted(self.entities.items())), "places": dict(sorted(self.places.items())),
                "years": dict(sorted(self.years.items()))}


@dataclass
class Assignment:
    unit_id: str
    doc_id: str
    entry: int | None
    story: int
    score: float
    new: bool
    evidence: dict[str, Any] = field(default_factory=dict)


def _date(value: str | None) -> date | None:
    return full_date(value)


_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")


def _years(unit: Unit) -> set[str]:
    """Years the unit is about: its publication year, else the years its text names."""
    if unit.published and unit.published[:4].isdigit():
        return {unit.published[:4]}
    return set(_YEAR.findall(unit.text))


class StoryIndex:
    """The story clusterer's state: document frequencies, story centroids, inverted indexes."""

    def __init__(self, threshold: float = THRESHOLD, entity_weight: float = ENTITY_WEIGHT,
                 window_days: int = WINDOW_DAYS):
        self.threshold = threshold
        self.entity_weight = entity_weight
        self.window_days = window_days
        self.min_cosine = MIN_COSINE
        self.df: Counter = Counter()
        self.n_units = 0
        self.stories: dict[int, Story] = {}
        self.term_index: dict[str, set[int]] = {}
        self.entity_index: dict[str, set[int]] = {}
        self.unit_story: dict[str, int] = {}
        self.next_id = 1

    # --- vectors ----------------------------------------------------------------------------
    def idf(self, term: str) -> float:
        return math.log((self.n_units + 1) / (self.df.get(term, 0) + 1)) + 1.0

    def vector(self, counts: Counter) -> dict[str, float]:
        weights = {t: (1.0 + math.log(c)) * self.idf(t) for t, c in counts.items()}
        if len(weights) > UNIT_TERMS:
            weights = dict(heapq.nlargest(UNIT_TERMS, weights.items(), key=lambda kv: (kv[1], kv[0])))
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        return {t: w / norm for t, w in weights.items()}

    # --- candidates and scores ---------------------------------------------------------------
    def _candidates(self, vec: dict[str, float], unit: Unit) -> list[int]:
        hits: Counter = Counter()
        top = heapq.nlargest(QUERY_TERMS, vec.items(), key=lambda kv: (kv[1], kv[0]))
        for t, _ in top:
            posting = self.term_index.get(t)
            if posting and len(posting) <= POSTING_CAP:
                hits.update(posting)
        for e in unit.entities | unit.places:
            posting = self.entity_index.get(e)
            if posting and len(posting) <= POSTING_CAP:
                hits.update(posting)
        return [sid for sid, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]]

    def _in_window(self, story: Story, day: date | None) -> bool:
        if day is None or story.first is None:
            return True
        first, last = date.fromisoformat(story.first), date.fromisoformat(story.last or story.first)
        return (first - day).days <= self.window_days and (day - last).days <= self.window_days

    def _unit_context(self, unit: Unit) -> tuple[set[str], dict[str, float], float, set[str]]:
        """What scoring needs of a unit, computed once: its names, their idf weights, their sum, its years."""
        mine = unit.entities | unit.places
        # idf-weighted: "Ukraine" in every war story says little, "Vuhledar" a lot
        weights = {e: self.idf(ENTITY_PREFIX + e) for e in mine}
        return mine, weights, sum(weights.values()), _years(unit)

    def score(self, vec: dict[str, float], unit: Unit, story: Story,
              context: tuple | None = None) -> tuple[float, dict[str, Any]]:
        mine, weights, total_weight, years = context or self._unit_context(unit)
        centroid = story.centroid
        get = centroid.get
        dot = 0.0
        for t, w in vec.items():
            c = get(t)
            if c is not None:
                dot += w * c
        cosine = dot / story.norm if story.norm else 0.0
        shared = [e for e in mine if e in story.entities or e in story.places]
        overlap = sum(weights[e] for e in shared) / total_weight if total_weight else 0.0
        total = cosine + self.entity_weight * overlap
        ev = {"cosine": round(cosine, 4), "entity_overlap": round(overlap, 4), "shared_entities": sorted(shared)[:8]}
        if years and story.years and not (years & set(story.years)):
            total -= YEAR_PENALTY  # same kind of event, another year: another story
            ev["years_disjoint"] = sorted(years)
        return total, ev

    # --- adding -------------------------------------------------------------------------------
    def add(self, unit: Unit, hint: int | None = None, hint_reason: dict | None = None) -> Assignment:
        """Put one unit in a story (joining the best one above the threshold, or a new one)."""
        counts = terms(unit.text, unit.title)
        self.n_units += 1
        self.df.update(counts.keys())
        self.df.update(ENTITY_PREFIX + e for e in unit.entities | unit.places)
        vec = self.vector(counts)
        day = _date(unit.published)
        best, best_score, best_ev = None, 0.0, {}
        if hint is not None and hint in self.stories:
            best = self.stories[hint]
            best_score, best_ev = self.score(vec, unit, best)
            best_ev = {**best_ev, **(hint_reason or {})}
            best_score = max(best_score, 1.0)
        else:
            context = self._unit_context(unit)
            for sid in self._candidates(vec, unit):
                story = self.stories[sid]
                if not self._in_window(story, day):
                    continue
                s, ev = self.score(vec, unit, story, context)
                if s > best_score and ev["cosine"] >= self.min_cosine:
                    best, best_score, best_ev = story, s, ev
            if best is not None and best_score < self.threshold:
                best_ev = {}
                best = None
        new = best is None
        if new:
            best = Story(id=self.next_id, first_seq=unit.seq, title=unit.title)
            self.stories[best.id] = best
            self.next_id += 1
            best_score = 1.0
        shared_terms = sorted((t for t in vec if t in best.centroid), key=lambda t: -vec[t] * best.centroid[t])[:8]
        if not new:
            best_ev["shared_terms"] = shared_terms
        best_ev["threshold"] = self.threshold
        self._update(best, vec, unit, day)
        self.unit_story[unit.id] = best.id
        return Assignment(unit_id=unit.id, doc_id=unit.doc_id, entry=unit.entry, story=best.id,
                          score=round(best_score, 4), new=new, evidence=best_ev)

    def _update(self, story: Story, vec: dict[str, float], unit: Unit, day: date | None) -> None:
        centroid = story.centroid
        for t, w in vec.items():
            centroid[t] = centroid.get(t, 0.0) + w
        if len(centroid) > CENTROID_TERMS * 1.5:
            story.centroid = centroid = dict(heapq.nlargest(CENTROID_TERMS, centroid.items(),
                                                            key=lambda kv: (kv[1], kv[0])))
        story.norm = math.sqrt(sum(w * w for w in centroid.values()))
        story.size += 1
        story.entities.update(unit.entities)
        story.places.update(unit.places)
        story.years.update(_years(unit))
        for e in unit.entities | unit.places:
            self.entity_index.setdefault(e, set()).add(story.id)
        if day is not None:
            iso = day.isoformat()
            story.first = min(story.first or iso, iso)
            story.last = max(story.last or iso, iso)
        story.last_seq = max(story.last_seq, unit.seq)
        story.first_seq = min(story.first_seq or unit.seq, unit.seq)
        if story.size <= 4 or story.size % 4 == 0:  # a big story's top terms move slowly
            self._reindex(story)
        story.dirty = True

    def _reindex(self, story: Story) -> None:
        top = frozenset(story.top_terms(INDEX_TERMS))
        for t in story.indexed - top:
            self.term_index.get(t, set()).discard(story.id)
        for t in top - story.indexed:
            self.term_index.setdefault(t, set()).add(story.id)
        story.indexed = top

    # --- persistence ---------------------------------------------------------------------------
    def load_story(self, sid: int, state: dict[str, Any], size: int, first: str | None, last: str | None,
                   first_seq: int, last_seq: int, title: str | None) -> None:
        story = Story(id=sid, centroid=dict(state.get("centroid", {})), size=size,
                      entities=Counter(state.get("entities", {})), places=Counter(state.get("places", {})),
                      years=Counter(state.get("years", {})),
                      first=first, last=last, first_seq=first_seq, last_seq=last_seq, title=title, dirty=False)
        story.norm = math.sqrt(sum(w * w for w in story.centroid.values()))
        self.stories[sid] = story
        for e in list(story.entities) + list(story.places):
            self.entity_index.setdefault(e, set()).add(sid)
        self._reindex(story)
        self.next_id = max(self.next_id, sid + 1)
