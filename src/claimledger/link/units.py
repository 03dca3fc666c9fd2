"""Linkable units: the reporting text of a document, split the way linking needs it.

An article is one unit; a live blog is one unit per entry (its items are unrelated
stories).  Only reporting segments are linked: furniture (consent notices, teasers,
"Read Full Article") and reader comments never make two documents look alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from claimledger.records import OUTSIDE_ARTICLE_KINDS, REPORTING_KINDS, Analysis, Document, Segment

LINK_KINDS = REPORTING_KINDS - {"headline"}  # the reporting without the page's headline (copy detection)
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "UNIT", "WEAPON", "NORP", "EVENT"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})


@dataclass
class Unit:
    """One thing that joins a story: an article, or one live-blog entry."""

    id: str  # doc id, or "<doc id>#e<entry>" for a live-blog entry
    doc_id: str
    entry: int | None
    text: str  # headline + reporting paragraphs, newline-joined
    title: str | None
    published: str | None
    seq: int
    entities: set[str] = field(default_factory=set)
    places: set[str] = field(default_factory=set)


def unit_id(doc_id: str, entry: int | None) -> str:
    return doc_id if entry is None else f"{doc_id}#e{entry}"


def split_unit_id(value: str) -> tuple[str, int | None]:
    doc_id, _, entry = value.partition("#e")
    return doc_id, (int(entry) if entry else None)


def reporting_segments(segments: list[Segment]) -> list[Segment]:
    """Body, quote and entry sub-headline segments, in document order."""
    return [s for s in segments if s.kind in LINK_KINDS]


def linkable_text(doc: Document, segments: list[Segment]) -> str:
    """The reporting text of a document (no headline, furniture or comments), for copy detection.

    A document the cleaner found no reporting paragraph in falls back to every
    non-furniture, non-comment segment, and then to the whole text."""
    parts = [doc.text[s.start:s.end] for s in reporting_segments(segments)]
    if not parts:
        parts = [doc.text[s.start:s.end] for s in segments if s.kind not in OUTSIDE_ARTICLE_KINDS]
    return "\n".join(parts) if parts else doc.text


def paragraphs(doc: Document, segments: list[Segment]) -> list[str]:
    texts = [doc.text[s.start:s.end] for s in reporting_segments(segments)]
    return texts or [linkable_text(doc, segments)]


# --- a cheap entity proxy for documents without analysis --------------------------------------

_CAPS = re.compile(r"\b[A-Z][\w'’.-]*[\w](?:\s+(?:of|the|de|al|bin|von|van)?\s*[A-Z][\w'’-]*[\w])*")
_SENT_START = re.compile(r"(?:^|[.!?]\s+|[\n“\"‘(]\s*)$")
_LEADING = frozenset("""a an the in on at for and but or as it its he she they we i you this that these those
there here his her their our what when where who why how if after before while since during mr mrs ms
dr according meanwhile however but also some many more most other another one two three four five six
seven eight nine ten monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december read click source sign watch live update
""".split())


_POSSESSIVE = re.compile(r"['’]s$")


def proxy_entities(text: str) -> set[str]:
    """Capitalised name sequences, casefolded: a cheap stand-in for NER (no spaCy).

    Leading function words are stripped ("The Kremlin" -> "kremlin"), possessives too;
    a lone capitalised word at a sentence start is skipped ("Footage shows" is not a
    name; a real name there is almost always named again elsewhere)."""
    found: set[str] = set()
    for m in _CAPS.finditer(text):
        words = m.group(0).split()
        single = len(words) == 1
        while words and words[0].casefold().strip(".") in _LEADING:
            words = words[1:]
        if not words:
            continue
        if single and _SENT_START.search(text, max(0, m.start() - 3), m.start()):
            continue
        name = _POSSESSIVE.sub("", " ".join(words).casefold().strip(".’'-"))
        if len(name) >= 3:
            found.add(name)
    return found


def analysis_entities(analysis: Analysis, start: int, end: int) -> tuple[set[str], set[str]]:
    """Entities and places (GeoNames id when geocoded) of the mentions inside ``[start, end)``."""
    entities: set[str] = set()
    places: set[str] = set()
    for m in analysis.mentions:
        if m.start < start or m.end > end or m.label not in ENTITY_LABELS:
            continue
        name = (m.norm or m.text).casefold()
        entities.add(name)
        if m.label in PLACE_LABELS:
            gid = (m.attrs or {}).get("geonames_id")
            places.add(f"geo:{gid}" if gid else name)
    return entities, places


def build_units(doc: Document, segments: list[Segment], seq: int, analysis: Analysis | None = None) -> list[Unit]:
    """The story units of a document: one per article, one per live-blog entry."""
    headline = next((doc.text[s.start:s.end] for s in segments if s.kind == "headline"), None) or doc.title
    groups: dict[int | None, list[Segment]] = {}
    live = doc.kind == "liveblog" and any(s.entry is not None for s in segments)
    for seg in reporting_segments(segments):
        key = (seg.entry if seg.entry is not None else 0) if live else None
        groups.setdefault(key, []).append(seg)
    if not groups:
        groups[None] = []
    units = []
    for entry, segs in sorted(groups.items(), key=lambda kv: -1 if kv[0] is None else kv[0]):
        title = next((doc.text[s.start:s.end] for s in segs if s.kind == "entry_headline"), None)
        if title is None and entry in (None, 0):
            title = headline  # a live blog's headline speaks of its lead entry
        body = [doc.text[s.start:s.end] for s in segs if s.kind != "entry_headline"]
        if not segs:
            body = [linkable_text(doc, segments)]
        text = "\n".join(([title] if title else []) + body)
        span = (min((s.start for s in segs), default=0), max((s.end for s in segs), default=len(doc.text)))
        if analysis is not None and analysis.mentions:
            entities, places = analysis_entities(analysis, *span)
            if title and entry in (None, 0) and headline:
                hs = next((s for s in segments if s.kind == "headline"), None)
                if hs is not None:
                    more, more_places = analysis_entities(analysis, hs.start, hs.end)
                    entities |= more
                    places |= more_places
        else:
            entities, places = proxy_entities(text), set()
        units.append(Unit(id=unit_id(doc.id, entry), doc_id=doc.id, entry=entry, text=text, title=title,
                          published=doc.published, seq=seq, entities=entities, places=places))
    return units


# --- publication dates ------------------------------------------------------------------------

def parse_date(value: str | None) -> tuple[int | None, int | None, int | None]:
    """(year, month, day) of a partial ISO date; unknown parts are None."""
    if not value:
        return (None, None, None)
    parts = value[:10].split("-")
    out: list[int | None] = []
    for p in parts[:3]:
        out.append(int(p) if p.isdigit() else None)
    while len(out) < 3:
        out.append(None)
    return out[0], out[1], out[2]


def full_date(value: str | None) -> date | None:
    """A real date only when year, month and day are all known (else None)."""
    y, m, d = parse_date(value)
    if y is None or m is None:
        return None
    try:
        return date(y, m, d or 1)
    except ValueError:
        return None


def compare_published(a: str | None, b: str | None) -> int | None:
    """-1/0/1 when two partial dates can be ordered, None when they cannot.

    Dates with unknown years are compared only with each other (same unknown year
    assumed is not safe across years, so only month/day of two yearless dates)."""
    ya, ma, da = parse_date(a)
    yb, mb, db = parse_date(b)
    if ma is None or mb is None:
        return None
    if (ya is None) != (yb is None):
        return None
    ka = (ya or 0, ma, da if da is not None else 0)
    kb = (yb or 0, mb, db if db is not None else 0)
    if (da is None or db is None) and (ya, ma) == (yb, mb):
        return None  # same month, one day unknown: cannot order
    return (ka > kb) - (ka < kb)
