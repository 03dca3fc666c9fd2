"""Stories: units (articles and live-blog entries) joined by an order-free similarity graph.

Each unit is a TF-IDF vector (sublinear term counts of the headline and reporting text,
headline counted twice, light plural/possessive stemming, idf from a fixed table —
``claimledger.link.weights`` — never from the ledger) plus its entities and places.  Two
units are linked when

    cosine(a, b) + ENTITY_WEIGHT * shared-name overlap  (- YEAR_PENALTY for disjoint years)

reaches ``threshold`` with a cosine of at least ``MIN_COSINE`` and their dates are
within ``window_days`` of each other (or a copy link joins them); a story is a connected
component of those links.  Each score is a pure function of the two units, so the
stories are the same whatever order the units arrive in, in one run or many.

Candidates come from an inverted index over each unit's top ``KEY_TERMS`` terms (terms
common in the fixed corpus never key), split by date into ``window_days`` buckets, so a
pair is compared only when their key terms meet and their dates may be within the window
— again a function of the pair alone — and never when they already share a story.
Cost per unit: O(terms) to vectorise plus the postings of its key terms near its date.
"""

from __future__ import annotations

import heapq
import importlib.util
import math
import re
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from claimledger.link.postings import PackedPostings
from claimledger.link.units import Unit, full_date
from claimledger.link.weights import UnionFind, common_share, name_idf, term_idf

THRESHOLD = 0.4  # pairwise, single-link: stricter than a centroid rule (chaining), tuned on Emergent even half + ECB+ train
MIN_COSINE = 0.35  # shared names alone never make one story
ENTITY_WEIGHT = 0.2
WINDOW_DAYS = 10
UNIT_TERMS = 50  # terms kept per unit vector
CENTROID_TERMS = 150  # terms kept of a story's summed vector (its label and stored state)
KEY_TERMS = 15  # a unit is indexed under, and finds others by, its top terms ...
COMMON_SHARE = 0.1  # ... except terms in more than this share of the fixed corpus's documents
YEAR_PENALTY = 0.1
NO_DAY = 0xFFFFFFFF  # the bucket of undated units in the index's keys: after every dated one
PRECISION = 6  # vectors are rounded once, so a stored unit scores exactly like a fresh one


def _english_stop_words() -> frozenset[str]:
    """scikit-learn's English stop words, read from the one module that defines them: importing
    ``sklearn.feature_extraction`` for a word list costs 35 MB in the linker and in each of its
    workers (scipy and the rest of the package come with it)."""
    loaded = sys.modules.get("sklearn.feature_extraction._stop_words")
    if loaded is None:
        found = importlib.util.find_spec("sklearn")  # locates the package without importing it
        if found is None or found.origin is None:
            raise ImportError("scikit-learn (its English stop words) is required")
        path = Path(found.origin).parent / "feature_extraction" / "_stop_words.py"
        spec = importlib.util.spec_from_file_location("claimledger_sklearn_stop_words", path)
        if spec is None or spec.loader is None:
            raise ImportError(f"scikit-learn's stop words not found at {path}")
        loaded = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(loaded)
    return frozenset(loaded.ENGLISH_STOP_WORDS)


STOP = _english_stop_words() | frozenset(
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


_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")


def vectorise(counts: Counter) -> dict[str, float]:
    """Unit-length TF-IDF vector of the top ``UNIT_TERMS`` terms (fixed idf, rounded)."""
    weights = {t: (1.0 + math.log(c)) * term_idf(t) for t, c in counts.items()}
    if len(weights) > UNIT_TERMS:
        weights = dict(heapq.nlargest(UNIT_TERMS, weights.items(), key=lambda kv: (kv[1], kv[0])))
    norm = math.sqrt(sum(w * w for _, w in sorted(weights.items()))) or 1.0
    return {t: round(w / norm, PRECISION) for t, w in sorted(weights.items())}


@dataclass(slots=True)  # one per unit of the ledger: no per-instance dict
class UnitVector:
    """What linking keeps of a unit: its vector, names, years and date (stored as ``to_data``).

    The vector is held packed — its terms sorted in a tuple, their weights in an array of doubles
    (the same floats) — not as a dict: a dict of fifty terms and their float objects took 3.5 kB a
    unit, the packed pair 0.9 kB.  ``vec`` gives it back as a dict where one is needed.  Its names
    and years are sorted tuples, not frozensets (a frozenset of ten names takes 730 bytes, the tuple
    140), and its key terms are dropped once it is indexed (only a unit being added looks them up)."""

    id: str
    doc_id: str
    entry: int | None
    terms: tuple[str, ...]  # sorted
    weights: array[float]  # of the terms, in their order
    entities: tuple[str, ...]  # sorted, each once
    places: tuple[str, ...]
    years: tuple[str, ...]
    day: date | None
    title: str | None
    published: str | None
    seq: int
    name_total: float = 0.0
    keys: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self.intern()
        # idf-weighted: "Ukraine" in every war story says little, "Vuhledar" a lot
        self.name_total = sum(name_idf(n) for n in sorted(self.names))
        ranked = sorted(zip(self.terms, self.weights), key=lambda kv: (-kv[1], kv[0]))
        self.keys = tuple(t for t, _ in ranked if common_share(t) <= COMMON_SHARE)[:KEY_TERMS]

    @classmethod
    def packed(cls, vec: dict[str, float], **fields: Any) -> UnitVector:
        """A unit vector from its vector as a dict (term -> weight) and its other fields."""
        terms = tuple(sorted(vec))
        return cls(terms=terms, weights=array("d", (vec[t] for t in terms)), **fields)

    @property
    def vec(self) -> dict[str, float]:
        """The vector as a dict, in term order."""
        return dict(zip(self.terms, self.weights))

    @property
    def names(self) -> frozenset[str]:
        """Its entities and places (weighted by ``name_idf`` when compared)."""
        return frozenset(self.entities).union(self.places)

    def intern(self) -> None:
        """One string object per distinct term or name across the ledger's units, not one per unit
        (a vector made in another process is interned again here)."""
        self.terms = tuple(map(sys.intern, self.terms))
        self.entities, self.places = tuple(sorted(set(map(sys.intern, self.entities)))), \
            tuple(sorted(set(map(sys.intern, self.places))))
        self.years = tuple(sorted(set(map(sys.intern, self.years))))
        self.keys = tuple(map(sys.intern, self.keys))
        self.published = sys.intern(self.published) if self.published is not None else None

    @classmethod
    def of(cls, unit: Unit) -> UnitVector:
        return cls.packed(vectorise(terms(unit.text, unit.title)), id=unit.id, doc_id=unit.doc_id, entry=unit.entry,
                          entities=tuple(unit.entities), places=tuple(unit.places),
                          years=tuple(_years(unit)), day=full_date(unit.published), title=unit.title,
                          published=unit.published, seq=unit.seq)

    def to_data(self) -> dict[str, Any]:
        return {"vec": self.vec, "entities": sorted(self.entities), "places": sorted(self.places),
                "years": sorted(self.years), "title": self.title, "published": self.published, "seq": self.seq}

    @classmethod
    def from_data(cls, unit_id: str, doc_id: str, entry: int | None, data: dict[str, Any]) -> UnitVector:
        return cls.packed(dict(data["vec"]), id=unit_id, doc_id=doc_id, entry=entry,
                          entities=tuple(data["entities"]), places=tuple(data["places"]),
                          years=tuple(data["years"]), day=full_date(data.get("published")),
                          title=data.get("title"), published=data.get("published"), seq=int(data.get("seq") or 0))


def _years(unit: Unit) -> set[str]:
    """Years the unit is about: its publication year, else the years its text names."""
    if unit.published and unit.published[:4].isdigit():
        return {unit.published[:4]}
    return set(_YEAR.findall(unit.text))


def similarity(a: UnitVector, b: UnitVector, entity_weight: float = ENTITY_WEIGHT) -> tuple[float, dict[str, Any]]:
    """The score of a pair and its evidence: symmetric, and a function of the two units alone."""
    parts = _Pair(a, a.vec, b, entity_weight)
    return parts.total, parts.evidence()


class _Pair:
    """What ``similarity`` computes of a pair, the evidence only when asked: a new unit is scored
    against each candidate (its vector as a dict made once), and evidence kept for its best link."""

    __slots__ = ("av", "b", "cosine", "names", "overlap", "total", "years")

    def __init__(self, a: UnitVector, av: dict[str, float], b: UnitVector, entity_weight: float):
        self.av, self.b = av, b
        self.cosine = sum(av[t] * w for t, w in zip(b.terms, b.weights) if t in av)  # in term order: the same float both ways
        self.names = sorted(a.names & b.names)
        scale = math.sqrt(a.name_total * b.name_total)
        self.overlap = sum(name_idf(n) for n in self.names) / scale if scale else 0.0
        self.total = self.cosine + entity_weight * self.overlap
        self.years: frozenset[str] | None = None  # both units' years, when disjoint
        if a.years and b.years and not set(a.years).intersection(b.years):
            self.total -= YEAR_PENALTY  # same kind of event, another year: another story
            self.years = frozenset(a.years).union(b.years)

    def evidence(self) -> dict[str, Any]:
        av, bv = self.av, self.b.vec
        shared = [t for t in self.b.terms if t in av]  # here, not per candidate: evidence is the best link's
        ev: dict[str, Any] = {"cosine": round(self.cosine, 4), "entity_overlap": round(self.overlap, 4),
                              "shared_entities": self.names[:8],
                              "shared_terms": sorted(shared, key=lambda t: (-av[t] * bv[t], t))[:8]}
        if self.years is not None:
            ev["years_disjoint"] = sorted(self.years)
        return ev


@dataclass(slots=True)  # one per unit a run links: the report keeps them all
class Assignment:
    unit_id: str
    doc_id: str
    entry: int | None
    story: int
    score: float
    new: bool
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class StoryRow:
    """A story as stored: its members' summary, recomputed whole whenever it changes."""

    id: int
    members: list[str]
    label: str
    title: str | None
    first: str | None
    last: str | None
    first_seq: int
    last_seq: int
    state: dict[str, Any]


def summarise(sid: int, units: list[UnitVector]) -> StoryRow:
    """A story's label, title, dates and state from its units (the same whatever their order)."""
    units = sorted(units, key=lambda u: u.id)
    centroid: dict[str, float] = {}
    entities: Counter = Counter()
    places: Counter = Counter()
    years: Counter = Counter()
    for u in units:
        for t, w in u.vec.items():
            centroid[t] = centroid.get(t, 0.0) + w
        entities.update(u.entities)
        places.update(u.places)
        years.update(u.years)
    top = heapq.nlargest(CENTROID_TERMS, centroid.items(), key=lambda kv: (kv[1], kv[0]))
    days = sorted(u.day.isoformat() for u in units if u.day is not None)
    # the title of the earliest dated unit (undated ones last), ties by unit id
    first_unit = min(units, key=lambda u: (u.day is None, u.day or date.min, u.id))
    state = {"centroid": {t: round(w, 5) for t, w in top}, "entities": dict(sorted(entities.items())),
             "places": dict(sorted(places.items())), "years": dict(sorted(years.items()))}
    return StoryRow(id=sid, members=[u.id for u in units], label=" ".join(t for t, _ in top[:5]),
                    title=first_unit.title, first=days[0] if days else None, last=days[-1] if days else None,
                    first_seq=min(u.seq for u in units), last_seq=max(u.seq for u in units), state=state)


class StoryIndex:
    """Units, their key-term index and the union-find whose components are the stories."""

    def __init__(self, threshold: float = THRESHOLD, entity_weight: float = ENTITY_WEIGHT,
                 window_days: int = WINDOW_DAYS):
        self.threshold = threshold
        self.entity_weight = entity_weight
        self.window_days = window_days
        self.min_cosine = MIN_COSINE
        self.units: dict[str, UnitVector] = {}
        # term -> date bucket (``window_days`` wide; None: undated) -> unit ids: a dated unit
        # looks only in its bucket, the two beside it and the undated one, where every unit
        # within the window is (news on a term is spread over time, so postings stay short)
        # packed (``PackedPostings``), each key a term's number and a bucket, exact: (term << 32) | bucket,
        # ``NO_DAY`` for undated (a dict of dicts took about 90 bytes a posting, fifteen a unit)
        self.index = PackedPostings(np.uint64)
        self._term_ids: dict[str, int] = {}
        # term number -> the buckets of its postings still in the recent dict (an undated unit looks
        # in every bucket of its terms): emptied when the index flushes them into a run
        self._recent_buckets: dict[int, set[int]] = {}
        self.sets = UnionFind()
        # component root -> unit ids, for components of two or more (``members_of``)
        self.members: dict[str, list[str]] = {}
        self.stored: dict[str, int] = {}  # unit id -> the story id it is stored under
        self.anchor: dict[int, str] = {}  # stored story id -> one of its units
        self.pending: list[Assignment] = []  # this run's assignments, their stories known at ``finalize``
        self.next_id = 1

    # --- the graph ----------------------------------------------------------------------------
    def _insert(self, u: UnitVector) -> None:
        self.units[u.id] = u
        self.sets.add(u.id)
        bucket = self._bucket(u)
        day = NO_DAY if bucket is None else bucket
        terms = [self._term_ids.setdefault(t, len(self._term_ids)) for t in u.keys]
        self.index.add(u.id, [(t << 32) | day for t in terms])
        if not self.index.recent_count:  # flushed into a run, this unit's postings too
            self._recent_buckets = {}
        else:
            for t in terms:
                self._recent_buckets.setdefault(t, set()).add(day)

    def _bucket(self, u: UnitVector) -> int | None:
        return u.day.toordinal() // max(1, self.window_days) if u.day is not None else None

    def _candidates(self, u: UnitVector) -> list[str]:
        """Units sharing a key term with ``u`` that the date window does not rule out, each once, in
        the order the terms and their buckets first give them (``PackedPostings.distinct``)."""
        bucket = self._bucket(u)
        keys: list[int] = []
        for t in map(self._term_ids.__getitem__, u.keys):
            if bucket is None:  # every bucket of the term, in date order, the undated last
                days = {k & NO_DAY for k in self.index.stored_keys_between(t << 32, (t + 1) << 32)}
                keys += [(t << 32) | d for d in sorted(days | self._recent_buckets.get(t, set()))]
            else:
                keys += [(t << 32) | b for b in (bucket - 1, bucket, bucket + 1, NO_DAY) if b >= 0]
        return self.index.distinct(tuple(keys))

    def _join(self, a: str, b: str) -> None:
        ra, rb = self.sets.find(a), self.sets.find(b)
        if ra != rb:
            root = self.sets.union(ra, rb)
            other = rb if root == ra else ra
            self.members.setdefault(root, [root]).extend(self.members.pop(other, [other]))

    def _near(self, a: UnitVector, b: UnitVector) -> bool:
        """Dates within the window (or unknown): boilerplate shared by pages years apart makes no story."""
        return a.day is None or b.day is None or abs((a.day - b.day).days) <= self.window_days

    def linked(self, a: UnitVector, b: UnitVector) -> tuple[bool, float, dict[str, Any]]:
        """Whether two units belong to one story: the edge rule, symmetric and order-free."""
        if not self._near(a, b):
            return False, 0.0, {}
        pair = _Pair(a, a.vec, b, self.entity_weight)
        return self._edge(pair), pair.total, pair.evidence()

    def _edge(self, pair: _Pair) -> bool:
        return pair.total >= self.threshold and round(pair.cosine, 4) >= self.min_cosine

    def add(self, unit: Unit, copies: list[str] = (), copy_reason: dict | None = None) -> Assignment:
        """Add a unit: link it to every indexed unit it is similar to (or copies, ``copies``)."""
        return self.add_vector(UnitVector.of(unit), copies, copy_reason)

    def add_vector(self, u: UnitVector, copies: list[str] = (), copy_reason: dict | None = None) -> Assignment:
        """``add`` for a unit already made a vector."""
        self._insert(u)
        best, best_score, best_ev = None, 0.0, {}
        for other in copies:  # a copy joins its original's story, inside the date window too
            if other in self.units and other != u.id and self._near(u, self.units[other]):
                self._join(u.id, other)
                best, best_score, best_ev = other, 1.0, dict(copy_reason or {}, copy_of=self.units[other].doc_id)
        seen: set[str] = {u.id}
        av = u.vec
        for cid in self._candidates(u):
            if cid in seen:
                continue
            seen.add(cid)
            if self.sets.find(cid) == self.sets.find(u.id):
                continue  # already one story: the edge would change nothing
            other = self.units[cid]
            if not self._near(u, other):
                continue
            pair = _Pair(u, av, other, self.entity_weight)  # ``linked``, its evidence kept for the best link only
            if self._edge(pair):
                self._join(u.id, cid)
                if best is None or pair.total > best_score:
                    best, best_score, best_ev = cid, pair.total, pair.evidence()
        u.keys = ()  # indexed: only a unit being added looks its key terms up
        evidence = {**best_ev, "threshold": self.threshold}
        if best is not None:
            evidence["linked_to"] = best
        a = Assignment(unit_id=u.id, doc_id=u.doc_id, entry=u.entry, story=0, new=False,
                       score=round(best_score, 4) if best is not None else 1.0, evidence=evidence)
        self.pending.append(a)
        return a

    # --- stories --------------------------------------------------------------------------------
    def finalize(self) -> tuple[list[StoryRow], dict[str, int], list[int]]:
        """Story ids for the components this run touched: (rows to store, unit -> story for the
        units whose story is new or changed, stored stories merged into another).

        A component keeps the smallest stored id among its units; components of new units
        only get fresh ids in the order of their smallest unit id."""
        roots = sorted({self.sets.find(a.unit_id) for a in self.pending})
        ids: dict[str, int] = {}
        dropped: list[int] = []
        for root in roots:
            old = sorted({self.stored[m] for m in self.members_of(root) if m in self.stored})
            if old:
                ids[root] = old[0]
                dropped += old[1:]
        fresh = set()
        for root in roots:
            if root not in ids:
                ids[root] = self.next_id
                fresh.add(self.next_id)
                self.next_id += 1
        moved: dict[str, int] = {}
        rows = []
        for root in roots:
            sid = ids[root]
            for m in self.members_of(root):
                if self.stored.get(m) != sid:
                    moved[m] = sid
                self.stored[m] = sid
            self.anchor[sid] = root
            rows.append(summarise(sid, [self.units[m] for m in self.members_of(root)]))
        for a in self.pending:
            a.story = ids[self.sets.find(a.unit_id)]
        for a in sorted(self.pending, key=lambda a: a.unit_id):
            if a.story in fresh:
                a.new, fresh = True, fresh - {a.story}  # one unit opens each new story
        for sid in dropped:
            self.anchor.pop(sid, None)
        self.pending = []
        return rows, moved, sorted(dropped)

    def story_of(self, unit_id: str) -> int | None:
        return self.stored.get(unit_id)

    def story_docs(self, unit_id: str) -> set[str]:
        """The documents of the story a unit is in."""
        return {self.units[m].doc_id for m in self.members_of(self.sets.find(unit_id))}

    def members_of(self, root: str) -> list[str]:
        """The units of the component ``root`` heads."""
        return self.members.get(root) or [root]

    # --- persistence ---------------------------------------------------------------------------
    def load_unit(self, u: UnitVector, story_id: int) -> None:
        """A unit linked in an earlier run, in its stored story (no similarity is recomputed)."""
        self._insert(u)
        u.keys = ()  # indexed: only a unit being added looks its key terms up
        self.stored[u.id] = story_id
        anchor = self.anchor.setdefault(story_id, u.id)
        if anchor != u.id:
            self._join(anchor, u.id)
        self.next_id = max(self.next_id, story_id + 1)
