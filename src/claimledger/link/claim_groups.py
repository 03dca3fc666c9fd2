"""Claim groups: claims that state the same proposition, across documents.

A claim is a bag of content stems (numbers left out, so "15,000 troops lost" and a
copy's "25,000 troops lost" stay one proposition whose figures then conflict) plus
keys for its figures (category + counted head + side) and its entities.  Candidates
come from an inverted index over those features (posting lists capped); a claim joins
the group with the highest idf-weighted overlap

    sim = sum(idf of shared features) / sqrt(sum(idf of a's) * sum(idf of b's))

when it reaches ``threshold`` (else it opens a group).  Each member gets its stance
to the group's first claim:

* ``denies``  — the polarity differs: a denial or negation cue on one side only
  ("denied", "false", "no evidence", "not"), or certainty ``denied`` against a
  non-denied first claim; a trained stance model in ``claimledger.assess`` (when its
  artifact is present) may also call it a disagreement;
* ``reports`` — attributed, reported, hedged or contested, without own commitment;
* ``supports`` — asserted by the outlet itself.

Cost per claim: O(features x capped posting) — linear in the number of claims.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Callable

from claimledger.link.stories import STOP, stem
from claimledger.records import Attribution, Claim, Mention, Quantity

THRESHOLD = 0.5
POSTING_CAP = 300
MAX_CANDIDATES = 40
MEMBERS_COMPARED = 6  # a group is compared through its first few members

_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]")
NEGATION = frozenset({"not", "no", "never", "n't", "nothing", "none", "neither", "nor", "without", "cannot"})
DENIAL = frozenset({"deny", "denied", "denies", "denying", "denial", "false", "fake", "hoax", "untrue",
                    "debunk", "debunked", "refute", "refuted", "refutes", "reject", "rejected", "rejects",
                    "dismiss", "dismissed", "dismisses", "baseless", "unfounded", "fabricated",
                    "disinformation", "misinformation", "rebuff", "rebuffed"})
# "it is not known / not clear / not yet confirmed" is uncertainty, not a denial of the claim
_NOT_UNCERTAIN = re.compile(r"\b(?:not|n[o’']t)\s+(?:yet\s+|immediately\s+|independently\s+)?"
                            r"(?:known|clear|certain|confirmed|verified|possible\s+to\s+verify)\b")
# saying nothing is not a denial: "has not publicly commented", "declined to comment", "did not respond"
_NO_STATEMENT = re.compile(r"\b(?:(?:not|n[o’']t|never)\s+(?:yet\s+|publicly\s+|immediately\s+|officially\s+)*"
                           r"(?:comment(?:ed)?|respond(?:ed)?|repl(?:y|ied)|return(?:ed)?\s+(?:calls|requests)|"
                           r"be\s+reached|been\s+reached|address(?:ed)?)|declin\w*\s+to\s+comment|"
                           r"refus\w*\s+to\s+comment|no\s+(?:immediate\s+)?comment)\b")
REPORTED = frozenset({"reported", "hedged", "contested"})


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

    @property
    def text(self) -> str:
        return self.claim.text


@dataclass
class Membership:
    claim_id: str
    group: int
    stance: str  # supports | denies | reports
    certainty: str
    score: float
    new: bool
    evidence: dict[str, Any] = field(default_factory=dict)


@dataclass
class Group:
    id: int
    first: str  # claim id of the first member (the reference for stances)
    label: str
    size: int = 0
    members: list[tuple[str, frozenset[str], bool]] = field(default_factory=list)  # (id, features, negated)
    docs: set[str] = field(default_factory=set)
    dirty: bool = True

    def to_state(self, texts: dict[str, str]) -> dict[str, Any]:
        return {"members": [[cid, sorted(f), neg] for cid, f, neg in self.members], "docs": sorted(self.docs),
                "first_text": texts.get(self.first, self.label)}


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
    """True when the claim is negated or denied."""
    if item.claim.certainty == "denied":
        return True
    text = _NO_STATEMENT.sub(" ", _NOT_UNCERTAIN.sub(" ", item.text.casefold().replace("’", "'")))
    words = set(_WORD.findall(text))
    return bool(words & NEGATION) or bool(words & DENIAL) or "n't " in text


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


class ClaimGrouper:
    """Incremental claim grouping with an idf-weighted feature overlap."""

    def __init__(self, threshold: float = THRESHOLD, use_model: bool = False):
        self.threshold = threshold
        self.df: Counter = Counter()
        self.n = 0
        self.groups: dict[int, Group] = {}
        self.index: dict[str, set[int]] = {}
        self.next_id = 1
        self.member_group: dict[str, int] = {}
        self._disagree = _model_says_disagree() if use_model else None
        self._texts: dict[str, str] = {}

    def idf(self, f: str) -> float:
        return math.log((self.n + 1) / (self.df.get(f, 0) + 1)) + 1.0

    def similarity(self, a: frozenset[str], b: frozenset[str]) -> tuple[float, list[str]]:
        shared = a & b
        if not shared:
            return 0.0, []
        wa, wb = sum(map(self.idf, a)), sum(map(self.idf, b))
        score = sum(map(self.idf, shared)) / (math.sqrt(wa * wb) or 1.0)
        # two one-word claims sharing their word are not one proposition
        if len(shared) < 3:
            score *= len(shared) / 3
        return score, sorted(shared, key=lambda f: (-self.idf(f), f))[:12]  # ties by name: deterministic

    def _candidates(self, feats: frozenset[str]) -> list[int]:
        hits: Counter = Counter()
        for f in feats:
            posting = self.index.get(f)
            if posting and len(posting) <= POSTING_CAP:
                hits.update(posting)
        return [g for g, _ in sorted(hits.items(), key=lambda kv: (-kv[1], kv[0]))[:MAX_CANDIDATES]]

    def add(self, item: ClaimItem) -> Membership:
        feats = features(item)
        self.n += 1
        self.df.update(feats)
        best, best_score, shared = None, 0.0, []
        for gid in self._candidates(feats):
            group = self.groups[gid]
            for _, other, _neg in group.members[:MEMBERS_COMPARED]:
                s, sh = self.similarity(feats, other)
                if s > best_score:
                    best, best_score, shared = group, s, sh
        if best is None or best_score < self.threshold:
            best = Group(id=self.next_id, first=item.claim_id, label=item.text[:200])
            self.groups[best.id] = best
            self.next_id += 1
            best_score, shared, new = 1.0, [], True
        else:
            new = False
        negated = polarity(item)
        stance, reason = self._stance(item, best, negated)
        if len(best.members) < MEMBERS_COMPARED:
            best.members.append((item.claim_id, feats, negated))
            self._texts[item.claim_id] = item.text
        best.size += 1
        best.docs.add(item.doc_id)
        best.dirty = True
        for f in feats:
            self.index.setdefault(f, set()).add(best.id)
        self.member_group[item.claim_id] = best.id
        evidence = {"similarity": round(best_score, 4), "shared": shared, "stance_by": reason,
                    "threshold": self.threshold, "reference": best.first}
        return Membership(claim_id=item.claim_id, group=best.id, stance=stance, certainty=item.claim.certainty,
                          score=round(best_score, 4), new=new, evidence=evidence)

    def _stance(self, item: ClaimItem, group: Group, negated: bool) -> tuple[str, str]:
        if group.members and group.first != item.claim_id:
            ref_negated = group.members[0][2]
            if negated != ref_negated:
                return "denies", "polarity differs from the first claim (negation/denial cue)"
            if self._disagree is not None and group.first in self._texts and \
                    self._disagree(self._texts[group.first], item.text):
                return "denies", "stance model: disagree"
        if item.claim.certainty in REPORTED or item.attribution is not None or item.claim.certainty == "denied":
            return "reports", f"certainty {item.claim.certainty}" + (", attributed" if item.attribution else "")
        return "supports", "asserted by the outlet"

    def group_state(self, gid: int) -> dict[str, Any]:
        """What is stored of group ``gid`` (its members, documents and first claim's text)."""
        return self.groups[gid].to_state(self._texts)

    def load_group(self, gid: int, first: str, label: str, size: int, state: dict[str, Any]) -> None:
        group = Group(id=gid, first=first, label=label, size=size, docs=set(state.get("docs", [])),
                      members=[(cid, frozenset(f), bool(neg)) for cid, f, neg in state.get("members", [])], dirty=False)
        texts = {first: state.get("first_text", label)}
        self.groups[gid] = group
        for _, feats, _neg in group.members:
            for f in feats:
                self.index.setdefault(f, set()).add(gid)
        self.next_id = max(self.next_id, gid + 1)
        self._texts.update(texts or {})
