"""Conflicts: figures for one measure that disagree, figures changed in a copy, opposite stances.

**Same measure** = category family (killed and casualties are both "losses"; wounded,
captured, missing and equipment each their own) + the counted thing's head in a class
("soldiers", "troops", "servicemen" are troops; "generals", "commanders" are
commanders) + rate unit + side ("Russian") + place, within one story, with periods
that overlap.  A figure whose side is not stated takes the story's only stated side for
that measure.  Percentages, money, malformed ("1,5000"), vague ("thousands") and
part-of-total figures ("750 out of ...") are not totals of a measure and stay out.

Two figures **disagree** when their intervals are disjoint (498 vs "over 7,000"), or
when both are lower bounds, upper bounds or points and differ by more than 20 %
("over 7,000" vs "over 15,000"); "at least five" and "up to 17" agree.

**Changed figures**: in a copy (a document link) a number whose words around it are the
same as in the original but whose digits differ.  **Stance**: a claim group whose
members both support/report and deny it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from claimledger.link.claim_groups import measure_head
from claimledger.records import Analysis, Document, Quantity, Segment

FAMILY = {"killed": "losses", "casualties": "losses", "dead": "losses", "wounded": "wounded",
          "captured": "captured", "missing": "missing", "equipment": "equipment"}
HEAD_CLASS = {
    **dict.fromkeys(["soldier", "troop", "serviceman", "servicemen", "man", "men", "personnel", "fighter",
                     "conscript", "marine", "paratrooper", "mercenary", "combatant", "service", "member",
                     "military", "infantryman", "recruit", "reservist", "sailor", "airman", "pilot"], "troops"),
    **dict.fromkeys(["general", "commander", "officer", "colonel", "admiral", "major"], "commanders"),
    **dict.fromkeys(["civilian", "people", "person", "resident", "inhabitant", "non-combatant"], "civilians"),
    **dict.fromkeys(["child", "children", "kid", "minor"], "children"),
}
EXCLUDE_FLAGS = frozenset({"malformed", "vague", "part_of_total", "total", "percent", "money", "measure"})
RELATIVE_GAP = 0.2
APPROX_TOL = 0.1
LOWER = frozenset({"over", "at_least", "more_than"})
UPPER = frozenset({"up_to", "under", "almost", "less_than"})


@dataclass
class Figure:
    doc_id: str
    quantity: int  # index of the quantity in its document
    start: int
    end: int
    text: str
    value: float | None
    low: float | None
    high: float | None
    modifier: str
    category: str
    family: str
    head: str
    rate_unit: str | None
    side: str | None
    source: str  # who states it: the attribution's source, else the outlet
    source_kind: str = "outlet"
    claim_id: str | None = None
    via: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    period: tuple[str | None, str | None] = (None, None)
    published: str | None = None
    outlet: str | None = None
    title: str | None = None
    seq: int = 0
    counted: str | None = None
    side_inferred: bool = False

    def point(self) -> float:
        if self.value is not None:
            return self.value
        return ((self.low or 0.0) + (self.high if self.high is not None else self.low or 0.0)) / 2

    def interval(self) -> tuple[float, float]:
        v = self.value
        if self.modifier == "range" or v is None:
            return (self.low if self.low is not None else 0.0, self.high if self.high is not None else float("inf"))
        if self.modifier in LOWER:
            return (v, float("inf"))
        if self.modifier in UPPER:
            return (0.0, v)
        tol = APPROX_TOL if self.modifier == "approx" else 0.0
        return (v * (1 - tol), v * (1 + tol))

    def bound(self) -> str:
        return "lower" if self.modifier in LOWER else "upper" if self.modifier in UPPER else "point"

    def to_dict(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id, "quantity": self.quantity, "start": self.start, "end": self.end,
            "text": self.text, "value": self.value, "low": self.low, "high": self.high, "modifier": self.modifier,
            "category": self.category, "counted": self.counted, "side": self.side,
            "side_inferred": self.side_inferred, "rate_unit": self.rate_unit, "source": self.source,
            "source_kind": self.source_kind, "via": self.via, "claim_id": self.claim_id, "places": self.places,
            "period": list(self.period), "published": self.published, "outlet": self.outlet, "title": self.title,
            "seq": self.seq,
        }


@dataclass
class Conflict:
    id: str
    kind: str  # figures | changed_figure | stance
    label: str
    figures: list[dict[str, Any]]
    n_sources: int
    n_figures: int
    story_id: int | None = None
    group_id: int | None = None
    measure: dict[str, Any] = field(default_factory=dict)
    evidence: dict[str, Any] = field(default_factory=dict)
    terms: str = ""


def _stable_id(prefix: str, *parts: Any) -> str:
    digest = hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
    return f"{prefix}-{digest}"


def head_class(counted: str | None) -> str:
    if counted:
        # "tanks and armoured fighting vehicles": the first conjunct names the measure
        counted = re.split(r"\s+(?:and|or|&)\s+|,\s*", counted.strip())[0]
    head = measure_head(counted)
    return HEAD_CLASS.get(head or "", head or "-")


def normal_source(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.casefold().split()))


def _source_of(analysis: Analysis, q: Quantity) -> tuple[str | None, str, str | None, list[str], list[str], tuple]:
    """(source, kind, claim id suffix, via, places, period) of the claim or attribution holding ``q``."""
    claim_index = None
    for i, c in enumerate(analysis.claims):
        if c.start <= q.start and q.end <= c.end:
            claim_index = i
            break
    att = None
    places: list[str] = []
    period: tuple = (None, None)
    if claim_index is not None:
        claim = analysis.claims[claim_index]
        if claim.attribution is not None and 0 <= claim.attribution < len(analysis.attributions):
            att = analysis.attributions[claim.attribution]
        for m in claim.places:
            if 0 <= m < len(analysis.mentions):
                mention = analysis.mentions[m]
                gid = (mention.attrs or {}).get("geonames_id")
                places.append(f"geo:{gid}" if gid else (mention.norm or mention.text).casefold())
        for t in claim.times:
            if 0 <= t < len(analysis.times):
                time = analysis.times[t]
                if time.begin:
                    period = (time.begin, time.until or time.begin)
                    break
    if att is None:
        for a in analysis.attributions:
            if a.content_start <= q.start and q.end <= a.content_end:
                att = a
                break
    if att is None:
        return None, "outlet", claim_index, [], places, period
    source = att.source.resolved or att.source.text
    return source, att.source.kind, claim_index, [v.text for v in att.via], places, period


def source_of(analysis: Analysis, q: Quantity) -> tuple[str | None, str, int | None, list[str]]:
    """(source, source kind, claim index, via) of the claim or attribution holding ``q``."""
    source, kind, claim_index, via, _places, _period = _source_of(analysis, q)
    return source, kind, claim_index, via


def figures_of(doc: Document, analysis: Analysis, seq: int = 0) -> list[Figure]:
    """The comparable figures a document states, each with who states it."""
    out = []
    for i, q in enumerate(analysis.quantities):
        family = FAMILY.get(q.category)
        if family is None or EXCLUDE_FLAGS.intersection(q.flags) or q.unit:
            continue
        if q.value is None and q.low is None:
            continue
        source, kind, claim_index, via, places, period = _source_of(analysis, q)
        out.append(Figure(
            doc_id=doc.id, quantity=i, start=q.start, end=q.end, text=q.text, value=q.value, low=q.low,
            high=q.high, modifier=q.modifier or "exact", category=q.category, family=family,
            head=head_class(q.counted), rate_unit=q.rate_unit, side=(q.side or None),
            source=source or doc.outlet or "(publisher)", source_kind=kind if source else "outlet",
            claim_id=f"{doc.id}:{claim_index}" if claim_index is not None else None, via=via, places=places,
            period=period, published=doc.published, outlet=doc.outlet, title=doc.title, seq=seq,
            counted=q.counted,
        ))
    return out


def _overlap(a: tuple, b: tuple) -> bool:
    if not (a[0] and b[0]) or "X" in a[0] + b[0]:
        return True
    return a[0][:10] <= (b[1] or b[0])[:10] + "~" and b[0][:10] <= (a[1] or a[0])[:10] + "~"


def disagree(f: Figure, g: Figure) -> str | None:
    """Why two figures of one measure disagree, or None when they are consistent."""
    if f.places and g.places and not set(f.places) & set(g.places):
        return None  # another place: another measure
    if not _overlap(f.period, g.period):
        return None
    (a0, a1), (b0, b1) = f.interval(), g.interval()
    if a1 < b0 or b1 < a0:
        return "disjoint"
    if f.bound() == g.bound():
        p, q = f.point(), g.point()
        if max(p, q) > 0 and abs(p - q) / max(p, q) > RELATIVE_GAP:
            return f"{f.bound()} estimates differ by more than {int(RELATIVE_GAP * 100)}%"
    return None


def _measure_key(f: Figure) -> tuple:
    return (f.family, f.head, f.rate_unit or "")


def _label(key: tuple, side: str | None) -> str:
    family, head, rate = key
    words = {"losses": "killed or lost", "wounded": "wounded", "captured": "captured", "missing": "missing",
             "equipment": "lost"}
    label = f"{(side + ' ') if side else ''}{head} {words.get(family, family)}"
    return label + (f" per {rate}" if rate else "")


def figure_conflicts(story_id: int | None, figures: Iterable[Figure]) -> list[Conflict]:
    """Group a story's figures by measure and keep the measures whose sources disagree."""
    by_key: dict[tuple, list[Figure]] = {}
    for f in figures:
        by_key.setdefault(_measure_key(f), []).append(f)
    conflicts = []
    for key, figs in sorted(by_key.items()):
        sides = sorted({f.side.casefold() for f in figs if f.side})
        for f in figs:
            if not f.side and len(sides) == 1:
                f.side, f.side_inferred = sides[0].capitalize(), True
        for side in sorted({(f.side or "").casefold() for f in figs}):
            group = sorted((f for f in figs if (f.side or "").casefold() == side),
                           key=lambda f: (f.seq, f.start))
            pairs = []
            for i, f in enumerate(group):
                for g in group[i + 1:]:
                    if normal_source(f.source) == normal_source(g.source) and f.doc_id == g.doc_id:
                        continue
                    why = disagree(f, g)
                    if why:
                        pairs.append([i, group.index(g), why])
            if not pairs:
                continue
            sources = {normal_source(f.source) for f in group}
            values = {(f.value, f.low, f.high, f.modifier) for f in group}
            label = _label(key, group[0].side)
            conflicts.append(Conflict(
                id=_stable_id("fig", story_id, *key, side), kind="figures", label=label,
                figures=[f.to_dict() for f in group], n_sources=len(sources), n_figures=len(values),
                story_id=story_id,
                measure={"family": key[0], "categories": sorted({f.category for f in group}), "head": key[1],
                         "rate_unit": key[2] or None, "side": group[0].side,
                         "places": sorted({p for f in group for p in f.places})},
                evidence={"disagreeing_pairs": pairs[:50], "rule": "same family, head class, rate, side and "
                          "story; disjoint intervals or same-bound figures more than 20% apart"},
            ))
    return conflicts


# --- figures changed in a copy ------------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_CTX_WORD = re.compile(r"\w+")
CONTEXT = 4


def _number_contexts(doc: Document, segments: list[Segment]) -> list[tuple[tuple, str, int, int]]:
    out = []
    for seg in segments:
        if seg.kind not in ("body", "quote", "entry_headline", "headline"):
            continue
        text = doc.text[seg.start:seg.end]
        for m in _NUMBER.finditer(text):
            before = [w if not w[0].isdigit() else "#" for w in _CTX_WORD.findall(text[:m.start()].casefold())]
            after = [w if not w[0].isdigit() else "#" for w in _CTX_WORD.findall(text[m.end():].casefold())]
            ctx = (tuple(before[-CONTEXT:]), tuple(after[:CONTEXT]))
            if len(ctx[0]) + len(ctx[1]) < 3:
                continue
            out.append((ctx, m.group(0), seg.start + m.start(), seg.start + m.end()))
    return out


def changed_figures(src: Document, src_segments: list[Segment], dst: Document, dst_segments: list[Segment],
                    link: dict[str, Any] | None = None, dst_analysis: Analysis | None = None) -> Conflict | None:
    """Numbers a copy changed: same words around them, other digits."""
    src_ctx: dict[tuple, list[tuple[str, int, int]]] = {}
    for ctx, num, s, e in _number_contexts(src, src_segments):
        src_ctx.setdefault(ctx, []).append((num, s, e))
    changes = []
    for ctx, num, s, e in _number_contexts(dst, dst_segments):
        found = src_ctx.get(ctx)
        if not found or len(found) != 1:
            continue  # absent or ambiguous context: no alignment
        old, os_, oe = found[0]
        if old.replace(",", "") == num.replace(",", ""):
            continue
        counted = None
        if dst_analysis is not None:
            q = next((q for q in dst_analysis.quantities if q.start <= s < q.end), None)
            counted = q.counted if q else None
        window = dst.text[max(0, s - 60):min(len(dst.text), e + 60)]
        changes.append({"src_text": old, "src_start": os_, "src_end": oe, "dst_text": num, "dst_start": s,
                        "dst_end": e, "context": " ".join(ctx[0]) + " … " + " ".join(ctx[1]), "counted": counted,
                        "dst_window": " ".join(window.split())})
    if not changes:
        return None
    figures = []
    for ch in changes:
        figures.append({"doc_id": src.id, "text": ch["src_text"], "start": ch["src_start"], "end": ch["src_end"],
                        "source": src.outlet or "(original)", "published": src.published, "title": src.title,
                        "role": "original"})
        figures.append({"doc_id": dst.id, "text": ch["dst_text"], "start": ch["dst_start"], "end": ch["dst_end"],
                        "source": dst.outlet or "(copy)", "published": dst.published, "title": dst.title,
                        "role": "copy"})
    first = changes[0]
    label = f"copy changed {first['src_text']} to {first['dst_text']}" + (
        f" ({len(changes)} figures)" if len(changes) > 1 else "")
    return Conflict(id=_stable_id("chg", src.id, dst.id), kind="changed_figure", label=label, figures=figures,
                    n_sources=2, n_figures=len(changes) + 1,
                    measure={"context": first["context"], "counted": first["counted"]},
                    evidence={"link": link or {}, "changes": changes,
                              "rule": f"same {CONTEXT} words either side, different digits"})


# --- opposite stances ------------------------------------------------------------------------------

def stance_conflict(group_id: int, label: str, members: list[dict[str, Any]]) -> Conflict | None:
    """A claim group whose members both support/report and deny it."""
    stances = {m["stance"] for m in members}
    deny_docs = {m["doc_id"] for m in members if m["stance"] == "denies"}
    other_docs = {m["doc_id"] for m in members if m["stance"] != "denies"}
    if not deny_docs or not other_docs or deny_docs == other_docs == {next(iter(deny_docs))}:
        return None  # a denial needs a claim from another document to contradict
    sources = {normal_source(m.get("source") or m.get("outlet") or m["doc_id"]) for m in members}
    return Conflict(id=_stable_id("stn", group_id), kind="stance", label=label[:200], figures=members,
                    n_sources=len(sources), n_figures=len(members), group_id=group_id,
                    measure={"claim_group": group_id},
                    evidence={"stances": sorted(stances), "rule": "members with opposite stances in one claim group"})
