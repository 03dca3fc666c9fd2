"""Conflicts beside the incidents' figure conflicts: figures changed in a copy, opposite stances.

Figure conflicts are decided per incident (``link/estimates.py``).  This module keeps
what does not need incidents:

**Changed figures**: in a copy (a document link) a number whose words around it are the
same as in the original but whose digits differ.  **Stance**: a claim group whose
members both support/report and deny it.  It also says who states a figure
(``source_of``) and which class of people a counted phrase names (``head_class``).
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from claimledger.link.claim_groups import measure_head
from claimledger.link.negation import has_negation, opposes
from claimledger.records import REPORTING_KINDS, Analysis, Document, Quantity, Segment

HEAD_CLASS = {
    **dict.fromkeys(["soldier", "troop", "serviceman", "servicemen", "man", "men", "personnel", "fighter",
                     "conscript", "marine", "paratrooper", "mercenary", "combatant", "service", "member",
                     "military", "infantryman", "recruit", "reservist", "sailor", "airman", "pilot"], "troops"),
    **dict.fromkeys(["general", "commander", "officer", "colonel", "admiral", "major"], "commanders"),
    **dict.fromkeys(["civilian", "people", "person", "resident", "inhabitant", "non-combatant"], "civilians"),
    **dict.fromkeys(["child", "children", "kid", "minor"], "children"),
    **dict.fromkeys(["life", "live"], "people"),  # "claimed hundreds of lives" counts people, not a class of them
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


def changed_figure_id(src: str, dst: str) -> str:
    """The id of the report of the figures ``dst`` changed from ``src``."""
    return _stable_id("chg", src, dst)


def head_class(counted: str | None) -> str:
    if counted:
        # "tanks and armoured fighting vehicles": the first conjunct names the measure
        counted = re.split(r"\s+(?:and|or|&)\s+|,\s*", counted.strip())[0]
    head = measure_head(counted)
    return HEAD_CLASS.get(head or "", head or "-")


def normal_source(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", " ".join(text.casefold().split()))


def source_of(analysis: Analysis, q: Quantity) -> tuple[str | None, str, int | None, list[str]]:
    """(source, source kind, claim index, via) of the claim or attribution holding ``q``."""
    claim_index = next((i for i, c in enumerate(analysis.claims) if c.start <= q.start and q.end <= c.end), None)
    att = None
    if claim_index is not None:
        claim = analysis.claims[claim_index]
        if claim.attribution is not None and 0 <= claim.attribution < len(analysis.attributions):
            att = analysis.attributions[claim.attribution]
    if att is None:
        att = next((a for a in analysis.attributions if a.content_start <= q.start and q.end <= a.content_end), None)
    if att is None:
        return None, "outlet", claim_index, []
    return att.source.resolved or att.source.text, att.source.kind, claim_index, [v.text for v in att.via]


# --- figures changed in a copy ------------------------------------------------------------------

_NUMBER = re.compile(r"\d[\d,.]*\d|\d")
_CTX_WORD = re.compile(r"\w+")
CONTEXT = 4


CONTEXT_REACH = 200  # characters read on each side of a number for its CONTEXT words (more when too few)


def _words_before(text: str, start: int) -> list[str]:
    """The last ``CONTEXT`` words of ``text[:start]`` (casefolded), reading only its last characters:
    a segment with many numbers is not read whole for each.  Every word of the window after its
    first (which may be cut) is a word of the whole prefix."""
    begin = max(0, start - CONTEXT_REACH)
    words = _CTX_WORD.findall(text[begin:start].casefold())
    if begin > 0:
        words = words[1:]
        if len(words) < CONTEXT:
            words = _CTX_WORD.findall(text[:start].casefold())
    return words[-CONTEXT:]


def _words_after(text: str, end: int) -> list[str]:
    """The first ``CONTEXT`` words of ``text[end:]`` (casefolded), as ``_words_before``."""
    stop = end + CONTEXT_REACH
    if stop >= len(text):
        return _CTX_WORD.findall(text[end:].casefold())[:CONTEXT]
    words = _CTX_WORD.findall(text[end:stop].casefold())[:-1]  # the last may be cut
    if len(words) < CONTEXT:
        words = _CTX_WORD.findall(text[end:].casefold())
    return words[:CONTEXT]


def number_contexts(doc: Document, segments: list[Segment]) -> list[tuple[tuple, str, int, int]]:
    out = []
    for seg in segments:
        if seg.kind not in REPORTING_KINDS:
            continue
        text = doc.text[seg.start:seg.end]
        for m in _NUMBER.finditer(text):
            before = [w if not w[0].isdigit() else "#" for w in _words_before(text, m.start())]
            after = [w if not w[0].isdigit() else "#" for w in _words_after(text, m.end())]
            ctx = (tuple(before), tuple(after))
            if len(ctx[0]) + len(ctx[1]) < 3:
                continue
            out.append((ctx, m.group(0), seg.start + m.start(), seg.start + m.end()))
    return out


NumberContexts = Callable[[Document, list[Segment]], list[tuple[tuple, str, int, int]]]


def changed_figures(src: Document, src_segments: list[Segment], dst: Document, dst_segments: list[Segment],
                    link: dict[str, Any] | None = None, dst_analysis: Analysis | None = None,
                    contexts: NumberContexts | None = None) -> Conflict | None:
    """Numbers a copy changed: same words around them, other digits.  ``contexts``: the words
    around each number of a document, when the caller keeps them (a source with many copies)."""
    contexts = contexts or number_contexts
    src_ctx: dict[tuple, list[tuple[str, int, int]]] = {}
    for ctx, num, s, e in contexts(src, src_segments):
        src_ctx.setdefault(ctx, []).append((num, s, e))
    changes = []
    for ctx, num, s, e in contexts(dst, dst_segments):
        found = src_ctx.get(ctx)
        if not found or len(found) != 1:
            continue  # absent or ambiguous context: no alignment
        old, os_, oe = found[0]
        if old.replace(",", "") == num.replace(",", ""):
            continue
        counted = None
        if dst_analysis is not None and dst_analysis.quantities:  # an unanalysed copy: every number
            q = next((q for q in dst_analysis.quantities if q.start <= s < q.end), None)
            if q is None:
                continue  # a date, a time, a year ("UPDATE 24/02/2015"): no figure was changed
            counted = q.counted
        window = dst.text[max(0, s - 60):min(len(dst.text), e + 60)]
        changes.append({"src_text": old, "src_start": os_, "src_end": oe, "dst_text": num, "dst_start": s,
                        "dst_end": e, "context": " ".join(ctx[0]) + " … " + " ".join(ctx[1]), "counted": counted,
                        "dst_window": " ".join(window.split())})
    if not changes:
        return None
    ordered = (link or {}).get("basis", "published") == "published"  # else a date is missing: no original known
    roles = ("original", "copy") if ordered else ("one copy", "other copy")
    figures = []
    for ch in changes:
        figures.append({"doc_id": src.id, "text": ch["src_text"], "start": ch["src_start"], "end": ch["src_end"],
                        "source": src.outlet or f"({roles[0]})", "published": src.published, "title": src.title,
                        "role": roles[0]})
        figures.append({"doc_id": dst.id, "text": ch["dst_text"], "start": ch["dst_start"], "end": ch["dst_end"],
                        "source": dst.outlet or f"({roles[1]})", "published": dst.published, "title": dst.title,
                        "role": roles[1]})
    first = changes[0]
    label = (f"copy changed {first['src_text']} to {first['dst_text']}" if ordered else
             f"copies differ: {first['src_text']} vs {first['dst_text']} (order unknown)")
    label += f" ({len(changes)} figures)" if len(changes) > 1 else ""
    return Conflict(id=changed_figure_id(src.id, dst.id), kind="changed_figure", label=label, figures=figures,
                    n_sources=2, n_figures=len(changes) + 1,
                    measure={"context": first["context"], "counted": first["counted"]},
                    evidence={"link": link or {}, "changes": changes,
                              "rule": f"same {CONTEXT} words either side, different digits"})


# --- opposite stances ------------------------------------------------------------------------------

def _fragment(m: dict[str, Any], members: list[dict[str, Any]]) -> bool:
    """A member whose span lies inside another member's, in the same document: a piece of a
    claim already counted ("these measures ..." cut from "without these measures ..."), no voice of its own."""
    if m.get("start") is None:
        return False
    return any(o is not m and o["doc_id"] == m["doc_id"] and o.get("start") is not None
               and o["start"] <= m["start"] and m["end"] <= o["end"] and (o["start"], o["end"]) != (m["start"], m["end"])
               for o in members)


def _negated(m: dict[str, Any]) -> bool:
    """The member's polarity as grouping read it (``claim_groups.polarity``), else from its text.
    (``by_model``: a denial of the reference's own polarity, which only the stance model makes.)"""
    if "negated" in m:
        return bool(m["negated"])
    return has_negation(m.get("text") or "") or m.get("certainty") == "denied"


@dataclass
class _Voice:
    """What ``_contradicts`` reads of one member, worked out once per member, not once per pair."""

    member: dict[str, Any]
    negated: bool
    speaker: str | None  # ``_named_source``


def _contradicts(denier: _Voice, other: _Voice) -> bool:
    """Whether a member that denies the group's claim contradicts a member of another document:
    the negated one of the two opposes the other (``negation.opposes``: "We don't want to be like
    the rest of the world" opposes no one's "He wants America to be like the rest of the world").
    Two members of one polarity were set apart by the stance model: its word stands."""
    if denier.negated == other.negated:  # one polarity: set apart by the stance model, or not at all
        return bool(denier.member.get("by_model"))
    if denier.speaker is not None and denier.speaker == other.speaker:
        return False  # one speaker's two lines ("He wants America …" | "We don't want …") are no dispute
    neg, pos = (denier, other) if denier.negated else (other, denier)
    text = f"{neg.member.get('lead') or ''} {neg.member.get('text') or ''}".strip()
    return opposes(text, neg.member.get("source") if neg.speaker else None, pos.member.get("text") or "")


def _named_source(m: dict[str, Any]) -> str | None:
    """Who the member's source is, by the last word of its name before any apposition ("Mr. Rubio",
    "Marco Rubio" -> "rubio"); None when it is the outlet's own word."""
    source = m.get("source")
    if not source or source == "(publisher)" or source == m.get("outlet"):
        return None
    words = re.findall(r"[^\W\d_][\w'’-]*", normal_source(source).split(",")[0])
    if len(words) > 1 and words[-1] in _SPEAKS_FOR:
        words = words[:-1]  # "a Durex spokesperson" speaks as "Durex"
    return words[-1] if words else None


# who speaks for the name before: "a Durex spokesperson", "an Amazon representative"
_SPEAKS_FOR = frozenset({"spokesperson", "spokesman", "spokeswoman", "representative", "rep", "spokespeople",
                         "statement", "official", "officials", "source", "sources"})


def stance_conflict(group_id: int, label: str, members: list[dict[str, Any]]) -> Conflict | None:
    """A claim group whose members both support/report and deny it (fragments of another
    member's claim left out)."""
    members = [m for m in members if not _fragment(m, members)]
    stances = {m["stance"] for m in members}
    voices = [_Voice(m, _negated(m), _named_source(m)) for m in members]
    deniers = [v for v in voices if v.member["stance"] == "denies"]
    others = [v for v in voices if v.member["stance"] != "denies"]
    # a denial needs a claim from another document to contradict, about what the denial is said of
    if not any(_contradicts(a, b) for a in deniers for b in others if a.member["doc_id"] != b.member["doc_id"]):
        return None
    members = [{k: v for k, v in m.items() if k not in ("negated", "lead", "by_model")} for m in members]
    sources = {normal_source(m.get("source") or m.get("outlet") or m["doc_id"]) for m in members}
    return Conflict(id=_stable_id("stn", group_id), kind="stance", label=label[:200], figures=members,
                    n_sources=len(sources), n_figures=len(members), group_id=group_id,
                    measure={"claim_group": group_id},
                    evidence={"stances": sorted(stances), "rule": "members with opposite stances in one claim group"})
