"""Near-duplicates and syndicated copies: MinHash + LSH (datasketch) over word shingles.

Each document's reporting text (body, quote and entry sub-headline segments; never
furniture or comments) becomes a set of hashed word 5-gram shingles.  Two candidate
generators feed one exact check:

* a MinHash LSH index (128 permutations, banded for Jaccard >= ~0.4) finds copies,
  re-posts with new furniture and copies with a changed figure;
* a paragraph anchor index (the two smallest shingle hashes of each paragraph) finds
  partial copies, e.g. an aggregator's excerpt of three paragraphs of a long story,
  whose Jaccard with the original is far below any LSH threshold.  Two documents are
  compared when they share ``ANCHOR_SHARE`` of the anchors of the one with fewer: a
  function of the two alone, so a paragraph that hundreds of pages carry (boilerplate, or
  a wire paragraph quoted everywhere) links the same pages whatever order they arrive in
  (two long pages sharing only it are compared, and the exact check keeps them apart).

The check intersects the two shingle sets and keeps the pair when Jaccard >= 0.5 or
the smaller text is >= 60 % contained in the larger.  A link points from the earlier
document to the later one by publication date; when the dates cannot order the two
(either is undated), the order is unknown and the link says so (basis ``order_unknown``),
naming first the fuller text, which holds the other, ties by document id: a function of
the two texts, never of which was ingested first.

Cost per added document: O(shingles) to sketch, O(bands + postings of its anchors) to
look up (counting only), and one sorted-array intersection per candidate; linking n
documents is O(n * c) with c candidates per document.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Callable

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from claimledger.link.postings import PackedPostings
from claimledger.link.units import compare_published

SHINGLE = 5
NUM_PERM = 128
LSH_THRESHOLD = 0.4
LSH_WEIGHTS = (0.3, 0.7)  # of false positives and false negatives (datasketch's banding)
MIN_JACCARD = 0.5
MIN_CONTAINMENT = 0.6
DUPLICATE_JACCARD = 0.9
MIN_SHARED = 8  # shingles two texts must share before any link (tiny texts link on nothing)
ANCHORS_PER_PARAGRAPH = 2
MIN_PARAGRAPH_SHINGLES = 6
ANCHOR_SHARE = 0.1  # anchors two documents share, of the fewer either has, before they are compared

_WORD = re.compile(r"\w+")
_MASK64 = np.uint64(0xFFFFFFFFFFFFFFFF)
_MUL = np.uint64(1099511628211)  # FNV prime: mixes token hashes into a shingle hash
_TOKEN_CACHE: dict[str, int] = {}


def tokens(text: str) -> list[str]:
    return _WORD.findall(text.casefold())


def _token_hashes(words: list[str]) -> np.ndarray:
    cache = _TOKEN_CACHE
    if len(cache) > 2_000_000:  # bounded: a long-running process must not grow forever
        cache.clear()
    for w in set(words).difference(cache):
        cache[w] = zlib.crc32(w.encode("utf-8"))
    return np.fromiter(map(cache.__getitem__, words), dtype=np.uint64, count=len(words))


def _mix(h: np.ndarray) -> np.ndarray:
    with np.errstate(over="ignore"):
        h = h ^ (h >> np.uint64(29))
        h = (h * np.uint64(0xBF58476D1CE4E5B9)) & _MASK64
        h ^= h >> np.uint64(32)
    return (h & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def _rolling(th: np.ndarray, k: int) -> np.ndarray:
    n = len(th) - k + 1
    with np.errstate(over="ignore"):
        h = np.zeros(n, dtype=np.uint64)
        for j in range(k):
            h = (h * _MUL) ^ th[j:j + n]
    return h


def shingle_hashes(text: str, k: int = SHINGLE) -> np.ndarray:
    """Sorted unique 32-bit hashes of the word k-grams of ``text`` (deterministic)."""
    words = tokens(text)
    if not words:
        return np.zeros(0, dtype=np.uint32)
    k = min(k, len(words))
    return np.unique(_mix(_rolling(_token_hashes(words), k)))


def paragraph_shingles(texts: list[str], k: int = SHINGLE) -> tuple[np.ndarray, list[int]]:
    """(sorted unique shingle hashes of all paragraphs, paragraph anchors), in one pass.

    Shingles do not cross paragraph boundaries (a copy that reorders or drops
    paragraphs keeps the rest intact); each paragraph with enough shingles gives its
    smallest ``ANCHORS_PER_PARAGRAPH`` hashes as anchors."""
    words: list[str] = []
    pid: list[int] = []
    for i, text in enumerate(texts):
        w = tokens(text)
        words += w
        pid += [i] * len(w)
    if not words:
        return np.zeros(0, dtype=np.uint32), []
    if len(words) < k:
        return np.unique(_mix(_rolling(_token_hashes(words), len(words)))), []
    th = _token_hashes(words)
    para = np.asarray(pid, dtype=np.int64)
    h = _mix(_rolling(th, k))
    same = para[:len(h)] == para[k - 1:]
    starts = para[:len(h)]
    h_ok, p_ok = h[same], starts[same]
    # short paragraphs (fewer than k words) still count, as one shingle each
    counts = [0] * len(texts)
    for i in pid:
        counts[i] += 1
    extra = []
    offset = 0
    for i, c in enumerate(counts):
        if 0 < c < k:
            extra.append(int(_mix(_rolling(th[offset:offset + c], c))[0]))
        offset += c
    all_h = np.unique(np.concatenate([h_ok, np.asarray(extra, dtype=np.uint32)])) if extra else np.unique(h_ok)
    anchors: set[int] = set()
    if len(h_ok):
        order = np.lexsort((h_ok, p_ok))
        hs = h_ok[order].tolist()
        ps = p_ok[order].tolist()
        f = 0
        while f < len(ps):  # runs of one paragraph, hashes ascending
            e = f
            while e < len(ps) and ps[e] == ps[f]:
                e += 1
            if e - f >= MIN_PARAGRAPH_SHINGLES:
                anchors.update(sorted(set(hs[f:f + 2 * ANCHORS_PER_PARAGRAPH]))[:ANCHORS_PER_PARAGRAPH])
            f = e
    return all_h, sorted(anchors)


def paragraph_anchors(texts: list[str]) -> list[int]:
    """The smallest shingle hashes of each paragraph long enough to be a copy signal."""
    return paragraph_shingles(texts)[1]


_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=1, hashfunc=int)


def minhash(shingles: np.ndarray) -> LeanMinHash:
    m = _TEMPLATE.copy()
    if len(shingles):
        m.update_batch(shingles.tolist())
    return LeanMinHash(m)


def minhash_from_bytes(data: bytes) -> LeanMinHash:
    return LeanMinHash(seed=1, hashvalues=np.frombuffer(data, dtype=np.uint32), scheme=_TEMPLATE.scheme)


@dataclass(slots=True)  # one per document of the ledger
class Sketch:
    """What the duplicate index keeps of one document."""

    doc_id: str
    seq: int
    published: str | None
    size: int  # number of distinct shingles
    minhash: LeanMinHash | None  # dropped once indexed and stored: the index keeps its bands
    anchors: list[int] = field(default_factory=list)
    shingles: np.ndarray | None = None  # kept only while needed for exact checks
    bands: tuple[int, ...] | None = None  # its LSH bands (``BandIndex``), made with it; dropped once indexed

    def signature(self) -> bytes:
        if self.minhash is None:
            raise ValueError(f"the MinHash of {self.doc_id} was dropped once stored")
        return np.asarray(self.minhash.hashvalues, dtype=np.uint32).tobytes()


def make_sketch(doc_id: str, seq: int, published: str | None, paragraph_texts: list[str]) -> Sketch:
    sh, anchors = paragraph_shingles(paragraph_texts)
    m = minhash(sh)
    return Sketch(doc_id=doc_id, seq=seq, published=published, size=len(sh), minhash=m,
                  anchors=anchors, shingles=sh, bands=_band_index().bands(m))


@lru_cache(maxsize=1)
def _band_index() -> BandIndex:
    """The banding every ``DuplicateIndex`` uses: a sketch's bands are made where it is (a worker
    process, ``link.prepare``), not looked up twice by the linker."""
    return BandIndex(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)


@dataclass
class DocLink:
    """A copy relation: ``src`` was published first and ``dst`` repeats it; with basis
    ``order_unknown`` (a date missing) which came first is unknown."""

    src: str
    dst: str
    kind: str  # duplicate | copy | excerpt
    score: float  # max(Jaccard, containment of the smaller text)
    jaccard: float
    containment: float
    basis: str  # published | order_unknown
    evidence: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"src": self.src, "dst": self.dst, "kind": self.kind, "score": self.score,
                "jaccard": self.jaccard, "containment": self.containment, "basis": self.basis,
                "evidence": self.evidence}


ORDER_UNKNOWN = "order_unknown"


def direction(a: Sketch, b: Sketch) -> tuple[Sketch, Sketch, str]:
    """(earlier, later, basis) by publication date; when the dates cannot order the two, the
    order is unknown and the fuller text (more shingles: it holds more of the other) comes
    first, ties by id."""
    cmp = compare_published(a.published, b.published)
    if cmp:
        return (a, b, "published") if cmp < 0 else (b, a, "published")
    a_first = (a.size, b.doc_id) > (b.size, a.doc_id)
    return (a, b, ORDER_UNKNOWN) if a_first else (b, a, ORDER_UNKNOWN)


def _order_note(basis: str) -> str:
    if basis == ORDER_UNKNOWN:
        return "order unknown: a date is missing; the fuller text is named first"
    return "earlier publication date first"


def compare(a: Sketch, b: Sketch, sa: np.ndarray, sb: np.ndarray, via: list[str]) -> DocLink | None:
    """The exact check of a candidate pair; a link or None."""
    if not len(sa) or not len(sb):
        return None
    shared = int(len(np.intersect1d(sa, sb, assume_unique=True)))
    if shared < MIN_SHARED:
        return None
    union = len(sa) + len(sb) - shared
    jaccard = shared / union
    a_in_b, b_in_a = shared / len(sa), shared / len(sb)
    containment = max(a_in_b, b_in_a)
    if jaccard < MIN_JACCARD and containment < MIN_CONTAINMENT:
        return None
    kind = "duplicate" if jaccard >= DUPLICATE_JACCARD else "copy" if jaccard >= MIN_JACCARD else "excerpt"
    src, dst, basis = direction(a, b)
    inside = {a.doc_id: a_in_b, b.doc_id: b_in_a}
    contained = "both" if min(a_in_b, b_in_a) >= MIN_CONTAINMENT else (
        "src" if inside[src.doc_id] >= inside[dst.doc_id] else "dst")
    evidence = {
        "shared_shingles": shared, "src_shingles": src.size, "dst_shingles": dst.size,
        "src_in_dst": round(inside[src.doc_id], 4), "dst_in_src": round(inside[dst.doc_id], 4),
        "contained": contained, "basis": basis, "order": _order_note(basis), "src_published": src.published, "dst_published": dst.published,
        "src_seq": src.seq, "dst_seq": dst.seq, "candidate_by": sorted(via), "shingle": SHINGLE,
    }
    return DocLink(src=src.doc_id, dst=dst.doc_id, kind=kind, score=round(max(jaccard, containment), 4),
                   jaccard=round(jaccard, 4), containment=round(containment, 4), basis=basis, evidence=evidence)


def anchors_suffice(shared: int, a: int, b: int) -> bool:
    """Whether two documents with ``a`` and ``b`` anchors, ``shared`` in common, are compared:
    a short text (two anchors or fewer) on one, else ``ANCHOR_SHARE`` of the fewer and at least two."""
    fewer = min(a, b)
    return shared >= 1 if fewer <= 2 else shared >= max(2.0, ANCHOR_SHARE * fewer)


class BandIndex:
    """MinHash LSH: a document is a candidate of another when one of the ``b`` bands of ``r``
    signature values (datasketch's optimal banding for the threshold and weights) is equal.

    The bands are datasketch's; each is kept as a 64-bit hash of its band number and values in
    one packed postings table (``PackedPostings``: 12 bytes a band, where a dict of 128-bit ints
    took 100): the index is held for the whole ledger.  Two different bands hashing alike (about
    one chance in 10**12 at 100,000 documents) would only add a candidate, which the exact check
    then judges like any other."""

    def __init__(self, threshold: float, num_perm: int, weights: tuple[float, float]):
        self.ranges = MinHashLSH(threshold=threshold, num_perm=num_perm, weights=weights).hashranges
        self.table = PackedPostings(np.uint64)
        self._width = {end - start for start, end in self.ranges}

    def bands(self, minhash: LeanMinHash) -> tuple[int, ...]:
        values = np.asarray(minhash.hashvalues, dtype=np.uint64)  # MinHash values are below 2**32
        if len(self._width) != 1:
            return tuple(int(_band_hashes(values[None, start:end], n)[0]) for n, (start, end) in enumerate(self.ranges))
        bands = values[self.ranges[0][0]:self.ranges[-1][1]].reshape(len(self.ranges), -1)
        return tuple(_band_hashes(bands).tolist())

    def insert(self, key: str, minhash: LeanMinHash, bands: tuple[int, ...] | None = None) -> None:
        self.table.add(key, self.bands(minhash) if bands is None else bands)

    def query(self, minhash: LeanMinHash, bands: tuple[int, ...] | None = None) -> set[str]:
        return set(self.table.distinct(self.bands(minhash) if bands is None else bands))


_FNV_PRIME = np.uint64(0x100000001B3)


def _band_hashes(bands: np.ndarray, first: int = 0) -> np.ndarray:
    """A 64-bit hash of each row of ``bands`` (uint64 values below 2**32) and its band number,
    ``first`` for the first row (FNV-1a over the values, then a finaliser mixing the high bits
    in): the same in every run."""
    with np.errstate(over="ignore"):
        h = np.arange(first, first + len(bands), dtype=np.uint64) ^ np.uint64(0xCBF29CE484222325)
        for column in bands.T:
            h = (h ^ column) * _FNV_PRIME
        h ^= h >> np.uint64(33)
        h *= np.uint64(0xFF51AFD7ED558CCD)
        h ^= h >> np.uint64(33)
    return h


class DuplicateIndex:
    """An incremental index of document sketches; ``add`` returns the new document's links.

    ``load_shingles(doc_id)`` recomputes the shingles of a document indexed in an earlier
    run (only sketches are persisted); documents added in this run keep theirs in memory.
    ``prefetch(doc_ids)``, when given, is told the earlier documents a new one is compared with
    before their shingles are asked for, so that they are read together."""

    def __init__(self, load_shingles: Callable[[str], np.ndarray] | None = None, keep_shingles: bool = True,
                 prefetch: Callable[[list[str]], None] | None = None):
        self.lsh = BandIndex(threshold=LSH_THRESHOLD, num_perm=NUM_PERM, weights=LSH_WEIGHTS)
        self.sketches: dict[str, Sketch] = {}
        self.anchor_index = PackedPostings()  # anchor -> the documents with it
        self.load_shingles = load_shingles
        self.keep_shingles = keep_shingles
        self.prefetch = prefetch
        self.loaded: list[Sketch] = []  # earlier documents whose shingles were loaded (``release_shingles``)

    def __len__(self) -> int:
        return len(self.sketches)

    def insert(self, sketch: Sketch) -> None:
        if sketch.doc_id in self.sketches:
            return
        self.sketches[sketch.doc_id] = sketch
        if sketch.size and sketch.minhash is not None:
            self.lsh.insert(sketch.doc_id, sketch.minhash, sketch.bands)
        sketch.bands = None
        self.anchor_index.add(sketch.doc_id, sketch.anchors)
        if not self.keep_shingles:
            sketch.shingles = None

    def candidates(self, sketch: Sketch) -> dict[str, list[str]]:
        found: dict[str, list[str]] = {}
        if sketch.size and sketch.minhash is not None:
            for key in sorted(self.lsh.query(sketch.minhash, sketch.bands)):
                found.setdefault(key, []).append("lsh")
        shared: dict[str, int] = {}
        for _anchor, posting in self.anchor_index.lookup(tuple(sketch.anchors)):
            for doc_id in posting:
                shared[doc_id] = shared.get(doc_id, 0) + 1
        for doc_id, n in shared.items():
            if anchors_suffice(n, len(sketch.anchors), len(self.sketches[doc_id].anchors)):
                found.setdefault(doc_id, []).append("anchors")
        found.pop(sketch.doc_id, None)
        return found

    def _shingles(self, sketch: Sketch) -> np.ndarray | None:
        if sketch.shingles is not None:
            return sketch.shingles
        if self.load_shingles is None:
            return None
        sketch.shingles = self.load_shingles(sketch.doc_id)  # once per pass, not once per candidate pair
        self.loaded.append(sketch)
        return sketch.shingles

    def release_shingles(self) -> None:
        """Drop the shingles loaded for earlier documents: held for a pass, not for the ledger."""
        for sketch in self.loaded:
            sketch.shingles = None
        self.loaded = []

    def add(self, sketch: Sketch) -> list[DocLink]:
        """Link a new document to every indexed one it copies or is copied by, then index it."""
        links = []
        sa = sketch.shingles if sketch.shingles is not None else self._shingles(sketch)
        candidates = sorted(self.candidates(sketch).items(), key=lambda kv: self.sketches[kv[0]].seq)
        unread = [d for d, _ in candidates if self.sketches[d].shingles is None]
        if unread and self.prefetch is not None and self.load_shingles is not None:
            self.prefetch(unread)
        for doc_id, via in candidates:
            other = self.sketches[doc_id]
            sb = self._shingles(other)
            if sa is None or sb is None:
                continue
            link = compare(sketch, other, sa, sb, via)
            if link is not None:
                links.append(link)
        self.insert(sketch)
        return links
