"""Claim groups: claims that state the same proposition, across documents.

A claim is a bag of content stems (numbers left out, so "15,000 troops lost" and a
copy's "25,000 troops lost" stay one proposition whose figures then conflict) plus
keys for its figures (category + counted head + side) and its entities.  Two claims are
linked when their idf-weighted overlap (fixed idf, ``claimledger.link.weights``)

    sim = sum(idf of shared features) / sqrt(sum(idf of a's) * sum(idf of b's))

reaches ``threshold`` and they share at least ``MIN_SHARED_WORDS`` content words besides
the names they mention (names alone chained whole election campaigns into one group); a
claim group is a connected component of those links, so the
groups do not depend on the order claims arrive in.  Candidates come from an inverted
index over the pairs of each claim's ``KEY_FEATURES`` rarest features.  Each member gets its stance
to the group's reference claim (the earliest published that is not negated, else the earliest;
ties by claim id — a function of the members, not of their arrival):

* ``denies``  — the polarity differs: a denial or negation cue on one side only
  ("denied", "false", "no evidence", "not") that bears on what the two share
  (``claimledger.link.negation``), or certainty ``denied`` against a
  non-denied reference; a trained stance model in ``claimledger.assess`` (when its
  artifact is present) may also call it a disagreement;
* ``reports`` — attributed, reported, hedged or contested, without own commitment;
* ``supports`` — asserted by the outlet itself.

Cost per claim: O(features) plus the postings of its key features.
"""

from __future__ import annotations

import math
import sys
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any, Callable, Iterable

from claimledger.link.negation import DENIAL, NEGATION, WORD, asserts_nothing, bears_on, has_negation
from claimledger.link.postings import PackedPostings
from claimledger.link.stories import STOP, stem
from claimledger.link.weights import UnionFind, common_share, name_idf, term_idf
from claimledger.records import Attribution, Claim, Mention, Quantity

THRESHOLD = 0.5
MIN_SHARED_WORDS = 3  # content words two claims share, names left out: "Clinton ... Trump" is no proposition
KEY_FEATURES = 5  # a claim is indexed under, and finds others by, pairs of its rarest features ...
COMMON_SHARE = 0.1  # ... except words in more than this share of the fixed corpus's documents

_WORD = WORD
REPORTED = frozenset({"reported", "hedged", "contested"})
# a stored member a run changed: (claim id, group, stance, its evidence's new stance_by and reference, or None)
Restanced = tuple[str, int, str, dict[str, str] | None]


@dataclass
class ClaimItem:
    """A claim with what grouping needs from its document's analysis."""

    claim_id: str  # "<doc id>:<index>"
    doc_id: str
    index: int
    claim: Claim
    published: str | None = None
    seq: int = 0
    attribution: Attribution | None = None
    quantities: list[Quantity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    lead: str = ""  # a negation right before the claim's span ("it's not | his DNA ..."): part of its polarity

    @property
    def text(self) -> str:
        return self.claim.text


@dataclass(slots=True)  # one per claim a run links: the report keeps them all
class Membership:
    claim_id: str
    group: int
    stance: str  # supports | denies | reports
    certainty: str
    score: float
    new: bool  # the claim's group is new in this run
    evidence: dict[str, Any] = field(default_factory=dict)


def measure_head(counted: str | None) -> str | None:
    """The counted noun's head, stemmed: "Russian soldiers" -> "soldier"."""
    if not counted:
        return None
    words = [w for w in _WORD.findall(counted.casefold()) if w not in STOP]
    return stem(words[-1]) if words else None


def features(item: ClaimItem) -> frozenset[str]:
    words = [stem(w) for w in _WORD.findall(item.text.casefold())]
    feats = {w for w in words if w not in STOP and len(w) > 2 and w not in NEGATION and w not in DENIAL}
    for q in item.quantities:
        if q.category != "other":
            feats.add(f"q:{q.category}:{measure_head(q.counted) or '-'}")
    for m in item.mentions:
        feats.add(f"e:{(m.norm or m.text).casefold()}")
    return frozenset(feats)


def polarity(item: ClaimItem) -> bool:
    """True when the claim is negated ("did not kill") or analysis found it denied ("the
    reports were false", "officials denied that …")."""
    return has_negation(f"{item.lead} {item.text}") or item.claim.certainty == "denied"


def _model_says_disagree() -> Callable[[str, str], bool] | None:
    """A trained stance model from ``claimledger.assess`` when its artifact is present, else None.

    The Emergent claim-stance model (claim vs a sentence: for / against / observing) is
    preferred; the FNC-1 headline/body model is the fallback."""
    try:
        from claimledger.assess import claim_stance as module

        module.load_model()

        def disagree(reference: str, text: str) -> bool:
            out = module.claim_stance(reference, text)
            return out.get("label") == "against" and out.get("probs", {}).get("against", 0.0) >= 0.6

        return disagree
    except Exception:  # no artifact or no module: try the next model
        pass
    try:
        from claimledger.assess import stance as module2

        module2.load_model()
    except Exception:  # none: the cue rule alone decides
        return None

    def disagree2(reference: str, text: str) -> bool:
        out = module2.headline_body_stance(reference, text)
        return out.get("label") == "disagree" and out.get("probs", {}).get("disagree", 0.0) >= 0.6

    return disagree2


@lru_cache(maxsize=500_000)  # a pure function of the feature: each claim asks it several times per feature
def feature_idf(f: str) -> float:
    """The fixed weight of a claim feature: a word's idf, a name's, or a figure's counted head's."""
    if f.startswith("e:"):
        return name_idf(f[2:])
    if f.startswith("q:"):
        category, _, head = f[2:].partition(":")
        return term_idf(head if head != "-" else category)
    return term_idf(f)


@dataclass(slots=True)  # one per claim of the ledger: no per-instance dict
class ClaimVector:
    """What grouping keeps of a claim (stored as ``to_data``): features, polarity, stance inputs.

    Features and words are sorted tuples, not sets: the ledger's claims are held together, and a
    set of twenty strings takes five times the memory (the set operations build a set of one side)."""

    id: str
    doc_id: str
    features: tuple[str, ...]
    negated: bool
    certainty: str
    attributed: bool
    published: str | None
    text: str
    lead: str = ""  # ClaimItem.lead
    weight: float = 0.0
    words: tuple[str, ...] = ()  # content words that are not part of a name the claim mentions

    def __post_init__(self) -> None:
        self.features = tuple(sorted(set(self.features)))
        self.intern()
        named = {stem(w) for f in self.features if f.startswith("e:") for w in f[2:].split()}
        self.words = tuple(f for f in self.features if ":" not in f and f not in named)
        self.weight = sum(feature_idf(f) for f in self.features)

    def intern(self) -> None:
        """One string object per distinct feature (document, date, certainty) across the ledger's
        claims, not one per claim (a vector made in another process is interned again here)."""
        self.features, self.words = tuple(map(sys.intern, self.features)), tuple(map(sys.intern, self.words))
        self.doc_id, self.certainty = sys.intern(self.doc_id), sys.intern(self.certainty)
        self.published = sys.intern(self.published) if self.published is not None else None

    @property
    def keys(self) -> tuple[int, ...]:
        """What the claim is indexed under: pairs of its ``KEY_FEATURES`` rarest features, each as a
        32-bit checksum (a collision only adds a candidate, and is the same in every run)."""
        words = set(self.words)
        ranked = sorted(self.features, key=lambda f: (-feature_idf(f), f))
        rare = sorted(tuple(f for f in ranked if common_share(f) <= COMMON_SHARE)[:KEY_FEATURES])
        # pairs of rare features with a content word (not a name's own word) in each: a link needs
        # shared content words, and a name with its own word ("e:hillary clinton" + "clinton") or
        # with another name keys half an election campaign
        pairs = [f"{a}\x00{b}" for a, b in combinations(rare, 2) if a in words or b in words] if len(rare) > 1 else rare
        return tuple(zlib.crc32(p.encode("utf-8")) for p in pairs)

    @classmethod
    def of(cls, item: ClaimItem) -> ClaimVector:
        return cls(id=item.claim_id, doc_id=item.doc_id, features=tuple(features(item)), negated=polarity(item),
                   certainty=item.claim.certainty, attributed=item.attribution is not None,
                   published=item.published, text=item.text, lead=item.lead)

    def to_data(self) -> dict[str, Any]:
        return {"features": sorted(self.features), "negated": self.negated, "certainty": self.certainty,
                "attributed": self.attributed, "published": self.published, "text": self.text, "lead": self.lead}

    @classmethod
    def from_data(cls, claim_id: str, doc_id: str, data: dict[str, Any]) -> ClaimVector:
        return cls(id=claim_id, doc_id=doc_id, features=tuple(data["features"]), negated=bool(data["negated"]),
                   certainty=data["certainty"], attributed=bool(data["attributed"]),
                   published=data.get("published"), text=data.get("text") or "", lead=data.get("lead") or "")

    @property
    def order(self) -> tuple[bool, str, str]:
        """Reference order: the earliest published first (undated last), ties by claim id."""
        return (self.published is None, self.published or "", self.id)


def claim_keys(c: ClaimVector) -> tuple[int, ...]:
    """The keys a claim is indexed under: none when it has too few content words to be linked."""
    return c.keys if len(c.words) >= MIN_SHARED_WORDS else ()


def similarity(a: ClaimVector, b: ClaimVector) -> tuple[float, list[str]]:
    """Idf-weighted overlap of two claims: symmetric, a function of the pair alone."""
    shared = sorted(set(a.features).intersection(b.features))
    if len(set(a.words).intersection(b.words)) < MIN_SHARED_WORDS:
        return 0.0, shared[:12]
    return _score(a, b, shared), _strongest(shared)


def _score(a: ClaimVector, b: ClaimVector, shared: list[str]) -> float:
    """``similarity`` of two claims sharing enough words, ``shared`` their features (sorted)."""
    score = sum(map(feature_idf, shared)) / (math.sqrt(a.weight * b.weight) or 1.0)
    # two one-word claims sharing their word are not one proposition
    if len(shared) < 3:
        score *= len(shared) / 3
    return score


def _strongest(shared: list[str]) -> list[str]:
    """The evidence of a link: its twelve heaviest shared features."""
    return sorted(shared, key=lambda f: (-feature_idf(f), f))[:12]


@dataclass(slots=True)  # one per group a pass touched: tens of thousands at once
class GroupRow:
    """A claim group as stored, recomputed whole whenever it changes."""

    id: int
    first: str
    label: str
    size: int
    docs: list[str]
    first_text: str
    members: list[str] = field(default_factory=list)

    def to_state(self) -> dict[str, Any]:
        return {"docs": self.docs, "first_text": self.first_text}


class ClaimGrouper:
    """Claims, their key-feature index and the union-find whose components are the claim groups."""

    def __init__(self, threshold: float = THRESHOLD, use_model: bool = False,
                 load_texts: Callable[[list[str]], dict[str, tuple[str, str]]] | None = None):
        self.threshold = threshold
        # claim ids -> their (text, lead) as stored: when given, a stored claim's text is not held
        # (a fifth of a claim's memory) but read when a group it is in changes (``finalize``)
        self.load_texts = load_texts
        self.claims: dict[str, ClaimVector] = {}
        self.index = PackedPostings()  # key -> its claims
        self.sets = UnionFind()
        # component root -> claim ids, for components of two or more (most claims stand alone)
        self.members: dict[str, list[str]] = {}
        # claim id -> its group id and stance as stored, one int (``_code``): a tuple took 56 bytes more a claim
        self.stored: dict[str, int] = {}
        self.anchor: dict[int, str] = {}  # stored group id -> one of its claims
        # stored group id -> its reference claim, for groups of two or more (a lone claim is its
        # own): a stored member keeps its stance while its group's reference stays the same
        self.reference: dict[int, str] = {}
        self.pending: dict[str, Membership] = {}  # this run's claims, groups known at ``finalize``
        self.next_id = 1
        self._disagree = _model_says_disagree() if use_model else None

    def _insert(self, c: ClaimVector, keys: tuple[int, ...] | None = None, merge: bool = True) -> tuple[int, ...]:
        """Index the claim under ``keys`` (default ``claim_keys``); returns them."""
        self.claims[c.id] = c
        self.sets.add(c.id)
        keys = claim_keys(c) if keys is None else keys
        self.index.add(c.id, keys, merge)
        return keys

    def _join(self, a: str, b: str) -> None:
        ra, rb = self.sets.find(a), self.sets.find(b)
        if ra != rb:
            root = self.sets.union(ra, rb)
            other = rb if root == ra else ra
            self.members.setdefault(root, [root]).extend(self.members.pop(other, [other]))

    def add(self, item: ClaimItem) -> Membership:
        """Add a claim: link it to every indexed claim stating the same proposition."""
        return self.add_vector(ClaimVector.of(item))

    def add_vector(self, c: ClaimVector, keys: tuple[int, ...] | None = None) -> Membership:
        """``add`` for a claim already made a vector (``keys``: its ``claim_keys``, when known)."""
        keys = self._insert(c, keys)
        return self._link(c, self.index.distinct(keys))

    def add_vectors(self, vectors: list[tuple[ClaimVector, tuple[int, ...]]]) -> list[Membership]:
        """``add_vector`` for each of a document's claims in turn, the same links: their stored
        candidates are looked up together (``PackedPostings.stored_distinct``), and each claim
        adds those indexed since (the document's earlier claims among them)."""
        self.index.merge_due()
        stored = self.index.stored_distinct([keys for _, keys in vectors])
        out = []
        for (c, keys), found in zip(vectors, stored):
            self._insert(c, keys, merge=False)
            out.append(self._link(c, self.index.with_recent(found, keys)))
        return out

    def _link(self, c: ClaimVector, candidates: list[str]) -> Membership:
        """Link an indexed claim to its candidates that state the same proposition."""
        best, best_score, shared = None, 0.0, []
        words, feats = set(c.words), set(c.features)
        claims, find = self.claims, self.sets.find
        for other in candidates:
            if other == c.id:
                continue
            o = claims[other]
            if len(words.intersection(o.words)) < MIN_SHARED_WORDS:
                continue  # similarity would be 0: the cheap test first, most candidates stop here
            if find(other) == find(c.id):
                continue  # already one group: the edge would change nothing
            both = sorted(feats.intersection(o.features))
            s = _score(c, o, both)  # ``similarity(c, o)``, its evidence made for the best link only
            if s >= self.threshold:
                self._join(c.id, other)
                if s > best_score:
                    best, best_score, shared = other, s, _strongest(both)
        m = Membership(claim_id=c.id, group=0, stance="", certainty=c.certainty, new=False,
                       score=round(best_score, 4) if best else 1.0,
                       evidence={"similarity": round(best_score, 4) if best else 1.0, "shared": shared,
                                 "linked_to": best, "threshold": self.threshold})
        self.pending[c.id] = m
        return m

    def stance(self, c: ClaimVector, reference: ClaimVector) -> tuple[str, str]:
        if c.id != reference.id and not (asserts_nothing(f"{c.lead} {c.text}")
                                         or asserts_nothing(f"{reference.lead} {reference.text}")):
            negated, other = (c, reference) if c.negated else (reference, c)
            if c.negated != reference.negated and bears_on(f"{negated.lead} {negated.text}", frozenset(other.features)):
                return "denies", "polarity differs from the reference claim (a negation of what both say)"
            if self._disagree is not None and self._disagree(reference.text, c.text):
                return "denies", "stance model: disagree"
        if c.certainty in REPORTED or c.attributed or c.certainty == "denied":
            return "reports", f"certainty {c.certainty}" + (", attributed" if c.attributed else "")
        return "supports", "asserted by the outlet"

    def finalize(self) -> tuple[list[GroupRow], list[Restanced], list[int]]:
        """Group ids and stances for the components this run touched: (rows to store, stored
        claims whose group or stance changed, or whose stance was computed again against a new
        reference, as (claim id, group, stance, the evidence's new stance_by and reference or None), stored groups merged
        into another).  A component keeps its smallest stored id; new ones are numbered in the
        order of their smallest claim id.  The pending memberships get their group and stance."""
        roots = sorted({self.sets.find(cid) for cid in self.pending})
        ids: dict[str, int] = {}
        dropped: list[int] = []
        fresh: set[int] = set()
        for root in roots:
            old = sorted({self.stored[m] // len(STANCES) for m in self.members_of(root) if m in self.stored})
            if old:
                ids[root], dropped = old[0], dropped + old[1:]
        for root in roots:
            if root not in ids:
                ids[root] = self.next_id
                fresh.add(self.next_id)
                self.next_id += 1
        members = {root: sorted(self.members_of(root)) for root in roots}
        # a group's reference is its earliest claim that states the proposition, not one that denies
        # it: a denial's opposite is what the others say ("rejects the bishops' idea" / "opened up to the idea")
        references = {root: min((self.claims[m] for m in members[root]), key=lambda c: (c.negated, c.order))
                      for root in roots}
        # texts are read for the claims whose stance is computed again, and for the references
        read = self._read_texts([m for root in roots for m in members[root]
                                 if m == references[root].id or self._restance(m, references[root].id)])
        rows, changed = [], []
        for root in roots:
            rows.append(self._settle(ids[root], ids[root] in fresh, members[root], references[root], changed))
        for gid in dropped:
            self.anchor.pop(gid, None)
            self.reference.pop(gid, None)
        self.pending = {}
        self.release_texts(read)
        return rows, changed, sorted(dropped)

    def _read_texts(self, claim_ids: list[str]) -> list[str]:
        """Give the claims whose text is not held theirs back (``load_texts``); returns their ids."""
        missing = sorted({m for m in claim_ids if not self.claims[m].text})
        if self.load_texts is None or not missing:
            return []
        for m, (text, lead) in self.load_texts(missing).items():
            self.claims[m].text, self.claims[m].lead = text, lead
        return missing

    def release_texts(self, claim_ids: Iterable[str]) -> None:
        """Stop holding the texts of these stored claims (when ``load_texts`` can read them again)."""
        if self.load_texts is None:
            return
        for m in claim_ids:
            c = self.claims[m]
            c.text = c.lead = ""

    def _restance(self, claim_id: str, reference: str) -> bool:
        """Whether a member's stance is computed (again): a new claim's, or a stored one's whose
        group had another reference (its stance is a function of the claim and the reference)."""
        code = self.stored.get(claim_id)
        if code is None or claim_id in self.pending:
            return True
        return self.reference.get(code // len(STANCES), claim_id) != reference

    def _settle(self, gid: int, fresh: bool, members: list[str], reference: ClaimVector,
                changed: list[Restanced]) -> GroupRow:
        """One touched group: its members' stances to the reference, and the group's row."""
        for m in members:
            restanced = self._restance(m, reference.id)
            if restanced:
                stance, reason = self.stance(self.claims[m], reference)
            else:
                stance = self.stored_stance(m)
            if m in self.pending:
                p = self.pending[m]
                p.group, p.stance, p.new = gid, stance, fresh
                p.evidence.update(stance_by=reason, reference=reference.id)
            elif restanced:  # its stored evidence names the old reference: say why it stands as it does now
                changed.append((m, gid, stance, {"stance_by": reason, "reference": reference.id}))
            elif self.stored[m] != _code(gid, stance):
                changed.append((m, gid, stance, None))
            self.stored[m] = _code(gid, stance)
        self.anchor[gid] = members[0]
        if len(members) > 1:
            self.reference[gid] = reference.id
        else:
            self.reference.pop(gid, None)
        docs = sorted({self.claims[m].doc_id for m in members})
        return GroupRow(id=gid, first=reference.id, label=reference.text[:200], size=len(members), docs=docs,
                        first_text=reference.text, members=members)

    def members_of(self, root: str) -> list[str]:
        """The claims of the component ``root`` heads."""
        return self.members.get(root, [root])

    def load_references(self, references: Iterable[tuple[int, str]]) -> None:
        """The stored groups' reference claims (of those of two or more members)."""
        for gid, claim_id in references:
            self.reference[gid] = self.claims[claim_id].id  # the held id string, not another copy

    def load_claim(self, c: ClaimVector, group_id: int, stance: str) -> None:
        """A claim grouped in an earlier run, in its stored group (no similarity is recomputed)."""
        self._insert(c)
        self.release_texts([c.id])
        self.stored[c.id] = _code(group_id, stance)
        anchor = self.anchor.setdefault(group_id, c.id)
        if anchor != c.id:
            self._join(anchor, c.id)
        self.next_id = max(self.next_id, group_id + 1)

    def group_of(self, claim_id: str) -> int | None:
        found = self.stored.get(claim_id)
        return found // len(STANCES) if found is not None else None

    def stored_stance(self, claim_id: str) -> str:
        """A grouped claim's stance to its group's reference, as stored."""
        return STANCES[self.stored[claim_id] % len(STANCES)]


STANCES = ("supports", "denies", "reports")


def _code(group_id: int, stance: str) -> int:
    """A stored group id and stance as one int."""
    return group_id * len(STANCES) + STANCES.index(stance)
