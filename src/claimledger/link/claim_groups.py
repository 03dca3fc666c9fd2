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
from array import array
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import combinations
from typing import Any, Callable, Iterable, Iterator, Mapping, Sequence, overload

from claimledger.link.negation import DENIAL, NEGATION, WORD, asserts_nothing, bears_on, has_negation
from claimledger.link.postings import PackedPostings
from claimledger.link.stories import STOP, stem
from claimledger.link.weights import common_share, name_idf, term_idf
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


def _code_in(table: dict[str, int], values: list[str], value: str) -> int:
    """``value``'s number in ``values`` (appended when new; ``table`` maps each to its number)."""
    code = table.get(value)
    if code is None:
        code = table[value] = len(values)
        values.append(value)
    return code


STORED_EVIDENCE: dict[str, Any] = {}  # one shared empty dict, never written: the evidence of a stored member


class Memberships(Sequence[Membership]):
    """The memberships a run stored, packed in columns (document, index, group, stance,
    certainty, score, new), without their evidence (it is in the ledger): a run over a whole
    ledger reports one per claim, and a ``Membership`` with its id string took about 200
    bytes.  Reading one gives an equal ``Membership`` whose evidence is ``STORED_EVIDENCE``."""

    def __init__(self, items: Iterable[Membership] = ()) -> None:
        self._doc_number: dict[str, int] = {}
        self._docs: list[str] = []
        self._doc = array("i")
        self._idx = array("i")  # -1: an id of another form, kept in ``_odd``
        self._odd: dict[int, str] = {}
        self._group = array("q")
        self._score = array("d")
        self._codes = bytearray()  # stance * 2 + new
        self._cert = array("H")
        self._certs: list[str] = []
        self._cert_code: dict[str, int] = {}
        self._stances: list[str] = []
        self._stance_code: dict[str, int] = {}
        self.extend(items)

    def append(self, m: Membership) -> None:
        doc, _, idx = m.claim_id.rpartition(":")
        n = len(self._doc)
        d = self._doc_number.get(doc)
        if d is None:
            d = self._doc_number[doc] = len(self._docs)
            self._docs.append(doc)
        if _canonical(idx):
            self._idx.append(int(idx))
        else:
            self._idx.append(-1)
            self._odd[n] = m.claim_id
        self._doc.append(d)
        self._group.append(m.group)
        self._score.append(m.score)
        self._codes.append(_code_in(self._stance_code, self._stances, m.stance) * 2 + (1 if m.new else 0))
        self._cert.append(_code_in(self._cert_code, self._certs, m.certainty))

    def extend(self, items: Iterable[Membership]) -> None:
        if isinstance(items, Memberships):  # a run's into a session's: column by column
            self._extend_packed(items)
            return
        for m in items:
            self.append(m)

    def _extend_packed(self, other: Memberships) -> None:
        docs = []
        for doc in other._docs:
            d = self._doc_number.get(doc)
            if d is None:
                d = self._doc_number[doc] = len(self._docs)
                self._docs.append(doc)
            docs.append(d)
        stances = [_code_in(self._stance_code, self._stances, st) for st in other._stances]
        certs = [_code_in(self._cert_code, self._certs, c) for c in other._certs]
        base = len(self._doc)
        self._odd.update((base + n, claim_id) for n, claim_id in other._odd.items())
        self._doc.extend(docs[d] for d in other._doc)
        self._idx.extend(other._idx)
        self._group.extend(other._group)
        self._score.extend(other._score)
        self._codes.extend(stances[c // 2] * 2 + c % 2 for c in other._codes)
        self._cert.extend(certs[c] for c in other._cert)

    def _item(self, n: int) -> Membership:
        idx = self._idx[n]
        claim_id = f"{self._docs[self._doc[n]]}:{idx}" if idx >= 0 else self._odd[n]
        code = self._codes[n]
        return Membership(claim_id=claim_id, group=self._group[n], stance=self._stances[code // 2],
                          certainty=self._certs[self._cert[n]], score=self._score[n], new=bool(code % 2),
                          evidence=STORED_EVIDENCE)

    @overload
    def __getitem__(self, i: int) -> Membership: ...

    @overload
    def __getitem__(self, i: slice) -> list[Membership]: ...

    def __getitem__(self, i: int | slice) -> Membership | list[Membership]:
        if isinstance(i, slice):
            return [self._item(n) for n in range(len(self))[i]]
        if i < 0:
            i += len(self)
        if not 0 <= i < len(self):
            raise IndexError(i)
        return self._item(i)

    def __len__(self) -> int:
        return len(self._doc)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, (list, tuple, Memberships)):
            return len(self) == len(other) and all(a == b for a, b in zip(self, other))
        return NotImplemented

    def __repr__(self) -> str:
        return f"Memberships({list(self)!r})"


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
    return _weighed(a.weight, b.weight, shared)


def _weighed(a_weight: float, b_weight: float, shared: list[str]) -> float:
    """``_score`` of two claims of these weights."""
    score = sum(map(feature_idf, shared)) / (math.sqrt(a_weight * b_weight) or 1.0)
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


class _ClaimView(Mapping[str, ClaimVector]):
    """``ClaimGrouper.claims``: claim id -> its vector, made from the packed columns when asked
    (the grouper holds no vector object per claim)."""

    def __init__(self, grouper: ClaimGrouper):
        self._grouper = grouper

    def __getitem__(self, claim_id: str) -> ClaimVector:
        n = self._grouper.number(claim_id)
        if n is None:
            raise KeyError(claim_id)
        return self._grouper.vector(n)

    def __contains__(self, claim_id: object) -> bool:
        return isinstance(claim_id, str) and self._grouper.number(claim_id) is not None

    def __len__(self) -> int:
        return len(self._grouper._doc)

    def __iter__(self) -> Iterator[str]:
        return map(self._grouper.claim_id, range(len(self._grouper._doc)))


class ClaimGrouper:
    """Claims, their key-feature index and the union-find whose components are the claim groups.

    The claims are held packed, by number (the order they were added), in columns: their
    features and content words as ids into one vocabulary of feature strings, in two flat
    arrays with offsets; weight, polarity, certainty and date in arrays; the union-find's
    parents, the stored group and stance in arrays too.  A claim id ("<doc id>:<index>") is
    made from its document and index when needed, not held (a Python object per claim — the
    vector, its tuples, its id and a dict entry in each table — took about a kilobyte a claim).
    ``claims`` gives a claim's ``ClaimVector`` back, made from the columns."""

    def __init__(self, threshold: float = THRESHOLD, use_model: bool = False,
                 load_texts: Callable[[list[str]], dict[str, tuple[str, str]]] | None = None):
        self.threshold = threshold
        # claim ids -> their (text, lead) as stored: when given, a stored claim's text is not held
        # (a fifth of a claim's memory) but read when a group it is in changes (``finalize``)
        self.load_texts = load_texts
        self.claims = _ClaimView(self)
        # the feature vocabulary: feature string <-> id
        self._fid: dict[str, int] = {}
        self._fname: list[str] = []
        # documents: doc id <-> number, and each one's claim numbers by claim index (-1: none)
        self._doc_number: dict[str, int] = {}
        self._doc_names: list[str] = []
        self._doc_claims: list[array[int]] = []
        # claims whose id is not "<doc id>:<index>" (hand-made ones): id <-> number
        self._odd_number: dict[str, int] = {}
        self._odd_id: dict[int, str] = {}
        # the columns, one entry per claim number
        self._doc = array("i")
        self._idx = array("i")
        self._fstart, self._feat = array("q", [0]), array("I")  # features (sorted as strings)
        self._wstart, self._word = array("q", [0]), array("I")  # content words (``ClaimVector.words``)
        self._weight = array("d")
        self._flags = bytearray()  # 1: negated, 2: attributed
        self._cert = array("H")  # into ``_certs``
        self._certs: list[str] = []
        self._cert_code: dict[str, int] = {}
        self._pub = array("i")  # into ``_pubs``, -1: undated
        self._pubs: list[str] = []
        self._pub_code: dict[str, int] = {}
        self._texts: dict[int, tuple[str, str]] = {}  # held (text, lead) of claims
        self._parent = array("i")  # union-find; a set's root is its smallest claim id
        self._stored = array("q")  # stored group and stance (``_code``), -1: none
        self.index = PackedPostings(numbered=True)  # key -> its claims' numbers
        # component root -> claim numbers, for components of two or more (most claims stand alone)
        self.members: dict[int, array[int]] = {}
        # stored group id -> one of its claims, and its reference claim for groups of two or
        # more (a lone claim is its own): a stored member keeps its stance while its group's
        # reference stays the same; -1 where none
        self._anchor = array("i")
        self._reference = array("i")
        self.pending: dict[int, Membership] = {}  # this run's claims, groups known at ``finalize``
        self.next_id = 1
        self._disagree = _model_says_disagree() if use_model else None

    # --- claim ids and columns ----------------------------------------------------------------
    def claim_id(self, n: int) -> str:
        odd = self._odd_id.get(n) if self._odd_id else None
        return odd if odd is not None else f"{self._doc_names[self._doc[n]]}:{self._idx[n]}"

    def number(self, claim_id: str) -> int | None:
        """A claim's number, None for a claim not added."""
        if self._odd_number:
            found = self._odd_number.get(claim_id)
            if found is not None:
                return found
        doc, _, idx = claim_id.rpartition(":")
        d = self._doc_number.get(doc)
        if d is None or not _canonical(idx):
            return None
        numbers, i = self._doc_claims[d], int(idx)
        return numbers[i] if i < len(numbers) and numbers[i] >= 0 else None

    def doc_id(self, n: int) -> str:
        return self._doc_names[self._doc[n]]

    def _feature_ids(self, feats: Iterable[str]) -> list[int]:
        fid, names = self._fid, self._fname
        out = []
        for f in feats:
            i = fid.get(f)
            if i is None:
                i = fid[f] = len(names)
                names.append(sys.intern(f))
            out.append(i)
        return out

    def _features(self, n: int) -> list[int]:
        return self._feat[self._fstart[n]:self._fstart[n + 1]].tolist()

    def _words(self, n: int) -> array[int]:
        return self._word[self._wstart[n]:self._wstart[n + 1]]

    def _negated(self, n: int) -> bool:
        return bool(self._flags[n] & 1)

    def _published(self, n: int) -> str | None:
        p = self._pub[n]
        return self._pubs[p] if p >= 0 else None

    def _order(self, n: int) -> tuple[bool, bool, str, str]:
        """A group's reference order: stating claims first, then ``ClaimVector.order``."""
        published = self._published(n)
        return (self._negated(n), published is None, published or "", self.claim_id(n))

    def _code_of(self, table: dict[str, int], values: list[str], value: str) -> int:
        code = table.get(value)
        if code is None:
            code = table[value] = len(values)
            values.append(sys.intern(value))
        return code

    def vector(self, n: int) -> ClaimVector:
        """Claim ``n`` as a ``ClaimVector`` (its text and lead where held, else empty)."""
        v = ClaimVector.__new__(ClaimVector)
        names = self._fname
        v.id, v.doc_id = self.claim_id(n), self.doc_id(n)
        v.features = tuple(names[i] for i in self._features(n))
        v.words = tuple(names[i] for i in self._words(n))
        v.negated, v.attributed = self._negated(n), bool(self._flags[n] & 2)
        v.certainty, v.published = self._certs[self._cert[n]], self._published(n)
        v.text, v.lead = self._texts.get(n, ("", ""))
        v.weight = self._weight[n]
        return v

    def _add_claim(self, c: ClaimVector) -> tuple[int, list[int], list[int]]:
        """Append a claim's columns; its number, feature ids and word ids."""
        n = len(self._doc)
        doc_id = c.doc_id
        d = self._doc_number.get(doc_id)
        if d is None:
            d = self._doc_number[doc_id] = len(self._doc_names)
            self._doc_names.append(sys.intern(doc_id))
            self._doc_claims.append(array("i"))
        doc, _, idx = c.id.rpartition(":")
        numbers = self._doc_claims[d]
        i = int(idx) if doc == doc_id and _canonical(idx) else -1
        if i >= 0 and (i >= len(numbers) or numbers[i] < 0):
            if i >= len(numbers):
                numbers.extend([-1] * (i + 1 - len(numbers)))
            numbers[i] = n
            self._idx.append(i)
        else:  # an id of another form (or one added again): kept as it is
            self._odd_number[c.id], self._odd_id[n] = n, c.id
            self._idx.append(-1)
        self._doc.append(d)
        fids = self._feature_ids(c.features)
        wids = self._feature_ids(c.words)
        self._feat.extend(fids)
        self._fstart.append(len(self._feat))
        self._word.extend(wids)
        self._wstart.append(len(self._word))
        self._weight.append(c.weight)
        self._flags.append((1 if c.negated else 0) | (2 if c.attributed else 0))
        self._cert.append(self._code_of(self._cert_code, self._certs, c.certainty))
        self._pub.append(-1 if c.published is None else self._code_of(self._pub_code, self._pubs, c.published))
        if c.text or c.lead:
            self._texts[n] = (c.text, c.lead)
        self._parent.append(n)
        self._stored.append(-1)
        return n, fids, wids

    # --- the graph ----------------------------------------------------------------------------
    def _insert(self, c: ClaimVector, keys: tuple[int, ...] | None = None,
                merge: bool = True) -> tuple[int, list[int], list[int]]:
        """Add the claim and index it under ``keys`` (default ``claim_keys``)."""
        added = self._add_claim(c)
        self.index.add(added[0], claim_keys(c) if keys is None else keys, merge)
        return added

    def _find(self, n: int) -> int:
        parent = self._parent
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def _join(self, a: int, b: int) -> None:
        ra, rb = self._find(a), self._find(b)
        if ra != rb:
            # the root of a set is its smallest claim id, whatever order the unions came in
            root, other = (ra, rb) if self.claim_id(ra) < self.claim_id(rb) else (rb, ra)
            self._parent[other] = root
            self.members.setdefault(root, array("i", [root])).extend(self.members.pop(other, array("i", [other])))

    def add(self, item: ClaimItem) -> Membership:
        """Add a claim: link it to every indexed claim stating the same proposition."""
        return self.add_vector(ClaimVector.of(item))

    def add_vector(self, c: ClaimVector, keys: tuple[int, ...] | None = None) -> Membership:
        """``add`` for a claim already made a vector (``keys``: its ``claim_keys``, when known)."""
        keys = claim_keys(c) if keys is None else keys
        n, fids, wids = self._insert(c, keys)
        return self._link(c, n, fids, wids, self.index.distinct(keys))

    def add_vectors(self, vectors: list[tuple[ClaimVector, tuple[int, ...]]]) -> list[Membership]:
        """``add_vector`` for each of a document's claims in turn, the same links: their stored
        candidates are looked up together (``PackedPostings.stored_distinct``), and each claim
        adds those indexed since (the document's earlier claims among them)."""
        self.index.merge_due()
        stored = self.index.stored_distinct([keys for _, keys in vectors])
        out = []
        for (c, keys), found in zip(vectors, stored):
            n, fids, wids = self._insert(c, keys, merge=False)
            out.append(self._link(c, n, fids, wids, self.index.with_recent(found, keys)))
        return out

    def _link(self, c: ClaimVector, n: int, fids: list[int], wids: list[int], candidates: list[int]) -> Membership:
        """Link an indexed claim to its candidates that state the same proposition."""
        best, best_score, shared = -1, 0.0, []
        words, feats = set(wids), set(fids)
        find, names, weight = self._find, self._fname, self._weight
        word, wstart, feat, fstart = self._word, self._wstart, self._feat, self._fstart
        for other in candidates:
            if other == n:
                continue
            if len(words.intersection(word[wstart[other]:wstart[other + 1]])) < MIN_SHARED_WORDS:
                continue  # similarity would be 0: the cheap test first, most candidates stop here
            if find(other) == find(n):
                continue  # already one group: the edge would change nothing
            both = sorted([names[i] for i in feats.intersection(feat[fstart[other]:fstart[other + 1]])])
            s = _weighed(c.weight, weight[other], both)  # ``similarity(c, o)``, its evidence made for the best link only
            if s >= self.threshold:
                self._join(n, other)
                if s > best_score:
                    best, best_score, shared = other, s, _strongest(both)
        linked = best >= 0
        m = Membership(claim_id=c.id, group=0, stance="", certainty=self._certs[self._cert[n]], new=False,
                       score=round(best_score, 4) if linked else 1.0,
                       evidence={"similarity": round(best_score, 4) if linked else 1.0, "shared": shared,
                                 "linked_to": self.claim_id(best) if linked else None, "threshold": self.threshold})
        self.pending[n] = m
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

    def _member_stance(self, m: int, reference: int) -> tuple[str, str]:
        """``stance(vector(m), vector(reference))`` from the columns: a feature tuple is made only
        for a pair whose polarity differs."""
        if m != reference:
            text, lead = self._texts.get(m, ("", ""))
            ref_text, ref_lead = self._texts.get(reference, ("", ""))
            if not (asserts_nothing(f"{lead} {text}") or asserts_nothing(f"{ref_lead} {ref_text}")):
                negated = self._negated(m)
                if negated != self._negated(reference):
                    said, other = (f"{lead} {text}", reference) if negated else (f"{ref_lead} {ref_text}", m)
                    names = self._fname
                    if bears_on(said, frozenset(names[i] for i in self._features(other))):
                        return "denies", "polarity differs from the reference claim (a negation of what both say)"
                if self._disagree is not None and self._disagree(ref_text, text):
                    return "denies", "stance model: disagree"
        return self._lone_stance(m)

    def _lone_stance(self, n: int) -> tuple[str, str]:
        """``stance`` of a claim to itself (a group of one): from its certainty and attribution."""
        certainty, attributed = self._certs[self._cert[n]], bool(self._flags[n] & 2)
        if certainty in REPORTED or attributed or certainty == "denied":
            return "reports", f"certainty {certainty}" + (", attributed" if attributed else "")
        return "supports", "asserted by the outlet"

    def finalize(self) -> tuple[list[GroupRow], list[Restanced], list[int]]:
        """Group ids and stances for the components this run touched: (rows to store, stored
        claims whose group or stance changed, or whose stance was computed again against a new
        reference, as (claim id, group, stance, the evidence's new stance_by and reference or None), stored groups merged
        into another).  A component keeps its smallest stored id; new ones are numbered in the
        order of their smallest claim id.  The pending memberships get their group and stance."""
        roots = sorted({self._find(n) for n in self.pending}, key=self.claim_id)
        ids: dict[int, int] = {}
        dropped: list[int] = []
        fresh: set[int] = set()
        stored = self._stored
        for root in roots:
            old = sorted({stored[m] // len(STANCES) for m in self.members_of(root) if stored[m] >= 0})
            if old:
                ids[root], dropped = old[0], dropped + old[1:]
        for root in roots:
            if root not in ids:
                ids[root] = self.next_id
                fresh.add(self.next_id)
                self.next_id += 1
        members = {root: sorted(found, key=self.claim_id) if len(found := self.members_of(root)) > 1 else [root]
                   for root in roots}
        # a group's reference is its earliest claim that states the proposition, not one that denies
        # it: a denial's opposite is what the others say ("rejects the bishops' idea" / "opened up to the idea")
        references = {root: min(members[root], key=self._order) if len(members[root]) > 1 else root for root in roots}
        # texts are read for the claims whose stance is computed again, and for the references
        read = self._read_texts([m for root in roots for m in members[root]
                                 if m == references[root] or self._restance(m, references[root])])
        rows, changed = [], []
        for root in roots:
            rows.append(self._settle(ids[root], ids[root] in fresh, members[root], references[root], changed))
        for gid in dropped:
            self._set_group(gid, -1, -1)
        self.pending = {}
        self._release(read)
        return rows, changed, sorted(dropped)

    def _set_group(self, gid: int, anchor: int, reference: int) -> None:
        """A stored group's anchor and reference claims (-1: none)."""
        if gid >= len(self._anchor):
            grow = [-1] * (gid + 1 - len(self._anchor))
            self._anchor.extend(grow)
            self._reference.extend(grow)
        self._anchor[gid], self._reference[gid] = anchor, reference

    def _read_texts(self, numbers: list[int]) -> list[int]:
        """Give the claims whose text is not held theirs back (``load_texts``); returns their numbers."""
        texts = self._texts
        missing = sorted({self.claim_id(m): m for m in numbers if not texts.get(m, ("",))[0]}.items())
        if self.load_texts is None or not missing:
            return []
        by_id = dict(missing)
        for claim_id, (text, lead) in self.load_texts([i for i, _ in missing]).items():
            texts[by_id[claim_id]] = (text, lead)
        return [m for _, m in missing]

    def release_texts(self, claim_ids: Iterable[str]) -> None:
        """Stop holding the texts of these stored claims (when ``load_texts`` can read them again)."""
        if self.load_texts is None:
            return
        self._release(n for n in map(self.number, claim_ids) if n is not None)

    def _release(self, numbers: Iterable[int]) -> None:
        if self.load_texts is None:
            return
        for n in numbers:
            self._texts.pop(n, None)

    def _restance(self, n: int, reference: int) -> bool:
        """Whether a member's stance is computed (again): a new claim's, or a stored one's whose
        group had another reference (its stance is a function of the claim and the reference)."""
        code = self._stored[n]
        if code < 0 or n in self.pending:
            return True
        gid = code // len(STANCES)
        held = self._reference[gid] if gid < len(self._reference) else -1
        return (held if held >= 0 else n) != reference

    def _settle(self, gid: int, fresh: bool, members: list[int], reference: int,
                changed: list[Restanced]) -> GroupRow:
        """One touched group: its members' stances to the reference, and the group's row."""
        ref_id, ref_text = self.claim_id(reference), self._texts.get(reference, ("", ""))[0]
        lone = len(members) == 1
        for m in members:
            restanced = self._restance(m, reference)
            if restanced and lone:
                stance, reason = self._lone_stance(m)
            elif restanced:
                stance, reason = self._member_stance(m, reference)
            else:
                stance = self._stance_of(m)
            p = self.pending.get(m)
            if p is not None:
                p.group, p.stance, p.new = gid, stance, fresh
                p.evidence.update(stance_by=reason, reference=ref_id)
            elif restanced:  # its stored evidence names the old reference: say why it stands as it does now
                changed.append((self.claim_id(m), gid, stance, {"stance_by": reason, "reference": ref_id}))
            elif self._stored[m] != _code(gid, stance):
                changed.append((self.claim_id(m), gid, stance, None))
            self._stored[m] = _code(gid, stance)
        self._set_group(gid, members[0], reference if not lone else -1)
        docs = sorted({self.doc_id(m) for m in members})
        return GroupRow(id=gid, first=ref_id, label=ref_text[:200], size=len(members), docs=docs,
                        first_text=ref_text, members=[self.claim_id(m) for m in members])

    def members_of(self, root: int) -> Iterable[int]:
        """The claims of the component ``root`` heads."""
        return self.members.get(root, (root,))

    def load_references(self, references: Iterable[tuple[int, str]]) -> None:
        """The stored groups' reference claims (of those of two or more members)."""
        for gid, claim_id in references:
            n = self.number(claim_id)
            if n is None:
                raise KeyError(claim_id)
            self._set_group(gid, self._anchor[gid] if gid < len(self._anchor) else -1, n)

    def load_claim(self, c: ClaimVector, group_id: int, stance: str) -> None:
        """A claim grouped in an earlier run, in its stored group (no similarity is recomputed)."""
        n = self._insert(c)[0]
        self._release([n])
        self._stored[n] = _code(group_id, stance)
        anchor = self._anchor[group_id] if group_id < len(self._anchor) else -1
        if anchor < 0:
            self._set_group(group_id, n, self._reference[group_id] if group_id < len(self._reference) else -1)
        else:
            self._join(anchor, n)
        self.next_id = max(self.next_id, group_id + 1)

    def group_of(self, claim_id: str) -> int | None:
        n = self.number(claim_id)
        if n is None or self._stored[n] < 0:
            return None
        return self._stored[n] // len(STANCES)

    def stored_stance(self, claim_id: str) -> str:
        """A grouped claim's stance to its group's reference, as stored."""
        n = self.number(claim_id)
        if n is None or self._stored[n] < 0:
            raise KeyError(claim_id)
        return self._stance_of(n)

    def _stance_of(self, n: int) -> str:
        return STANCES[self._stored[n] % len(STANCES)]


def _canonical(idx: str) -> bool:
    """Whether ``idx`` is a claim index as the linker writes it ("0", "12": not "012" or "-1")."""
    return idx.isascii() and idx.isdigit() and (idx == "0" or idx[0] != "0")


STANCES = ("supports", "denies", "reports")


def _code(group_id: int, stance: str) -> int:
    """A stored group id and stance as one int."""
    return group_id * len(STANCES) + STANCES.index(stance)
