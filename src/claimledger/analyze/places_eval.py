"""Geoparsing evaluation: read annotated corpora, score predicted places against gold.

Three layouts are read (each ``<article>`` holds a ``<text>`` and its annotated spans):

* GeoWebNews: ``<toponym>`` with ``<start>``, ``<end>``, ``<type>``, ``<nonLocational>``,
  ``<latitude>``, ``<longitude>``; articles carry a ``file`` attribute;
* GeoVirus: ``<location>`` with ``<name>``, ``<start>``, ``<end>``, ``<lat>``, ``<lon>``;
* the gaztag layout: ``<toponym>`` with ``<phrase>``, ``<start>``, ``<end>`` and
  ``<gaztag>`` holding ``<lat>``, ``<lon>``; offsets may drift by a few characters, so each
  span is snapped to the nearest exact occurrence of its phrase.

Scoring (``Score``): gold = spans with coordinates.  Spans annotated without coordinates
(and GeoWebNews ``Non_Toponym`` spans) are *neutral*: a prediction on one is neither right
nor wrong.  Demonyms ("Russian" -> Russia) and organisation spans that are a place's name
("EU", "Kyiv said") are *optional* predictions: right on a gold span, never wrong elsewhere,
because annotation schemes differ on them (GeoWebNews annotates both, GeoVirus neither);
``strict_precision`` counts them as wrong off gold too.  Geotagging P/R/F1 by overlap; resolution accuracy@161 km and median error on the
gold spans found (a found span without coordinates counts as a miss); end to end = gold
spans found *and* resolved within 161 km / all gold spans.
"""

from __future__ import annotations

import hashlib
import math
import statistics
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

ACC_KM = 161.0


@dataclass(frozen=True)
class GoldSpan:
    start: int
    end: int
    lat: float | None = None
    lon: float | None = None

    @property
    def located(self) -> bool:
        return self.lat is not None and self.lon is not None


@dataclass
class GoldArticle:
    key: str  # GeoWebNews ``file`` attribute, ``docid``, or the article's position
    text: str
    spans: list[GoldSpan]


@dataclass(frozen=True)
class PredictedPlace:
    start: int
    end: int
    lat: float | None
    lon: float | None
    optional: bool = False  # a demonym or a place-named organisation


def _float(text: str | None) -> float | None:
    try:
        return float(text) if text not in (None, "") else None
    except ValueError:
        return None


def _snap(text: str, phrase: str, start: int) -> tuple[int, int]:
    """The exact occurrence of ``phrase`` nearest to ``start`` (offsets may drift)."""
    if not phrase or text[start:start + len(phrase)] == phrase:
        return start, start + len(phrase)
    best, pos = None, text.find(phrase)
    while pos >= 0:
        if best is None or abs(pos - start) < abs(best - start):
            best = pos
        pos = text.find(phrase, pos + 1)
    return (best, best + len(phrase)) if best is not None else (start, start + len(phrase))


def _gwn_span(el: ET.Element) -> GoldSpan:
    start, end = int(el.findtext("start")), int(el.findtext("end"))
    if el.findtext("nonLocational") == "Yes" or el.findtext("type") == "Non_Toponym":
        return GoldSpan(start, end)  # neutral: never gold, never a false positive
    return GoldSpan(start, end, _float(el.findtext("latitude")), _float(el.findtext("longitude")))


def _gaztag_span(el: ET.Element, text: str) -> GoldSpan:
    phrase = el.findtext("phrase") or ""
    start, end = _snap(text, phrase, int(el.findtext("start")))
    tag = el.find("gaztag")
    if tag is None:
        return GoldSpan(start, end)
    return GoldSpan(start, end, _float(tag.findtext("lat")), _float(tag.findtext("lon")))


def load_articles(path: str | Path) -> list[GoldArticle]:
    """Articles of a GeoWebNews, GeoVirus or gaztag-layout XML file, in file order."""
    root = ET.parse(path).getroot()
    out: list[GoldArticle] = []
    for i, art in enumerate(root.iter("article")):
        text = art.findtext("text") or ""
        key = art.get("file") or art.get("docid") or str(i)
        spans: list[GoldSpan] = []
        for el in art.iter("toponym"):
            spans.append(_gaztag_span(el, text) if el.find("phrase") is not None else _gwn_span(el))
        for el in art.iter("location"):
            spans.append(GoldSpan(int(el.findtext("start")), int(el.findtext("end")),
                                  _float(el.findtext("lat")), _float(el.findtext("lon"))))
        out.append(GoldArticle(key, text, sorted(spans, key=lambda s: (s.start, s.end))))
    return out


def split_of(key: str, dev_share: int = 4) -> str:
    """Deterministic split by a hash of the article key: one in ``dev_share`` is ``dev``."""
    digest = int(hashlib.sha1(key.encode("utf-8")).hexdigest(), 16)
    return "dev" if digest % dev_share == 0 else "tune"


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(a)))


def _overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def _share(part: str, whole: str) -> property:
    """A read-only ratio of two of the score's counters; 0.0 while the whole is 0."""
    return property(lambda score: getattr(score, part) / getattr(score, whole) if getattr(score, whole) else 0.0)


@dataclass
class Score:
    gold: int = 0
    predicted: int = 0  # predictions not on a neutral span (optional ones only on gold)
    predicted_strict: int = 0  # predictions not on a neutral span
    true_pos: int = 0  # predictions on a gold span
    found: int = 0  # gold spans with an overlapping prediction
    resolved: int = 0  # found and within ACC_KM
    errors_km: list[float] = field(default_factory=list)
    articles: int = 0

    def add(self, article: GoldArticle, predicted: list[PredictedPlace]) -> list[tuple]:
        """Score one article; returns (gold span, prediction or None, km or None) per gold span."""
        self.articles += 1
        gold = [s for s in article.spans if s.located]
        neutral = [s for s in article.spans if not s.located]
        for p in predicted:
            if any(_overlaps(p.start, p.end, g.start, g.end) for g in gold):
                self.predicted += 1
                self.predicted_strict += 1
                self.true_pos += 1
            elif not any(_overlaps(p.start, p.end, n.start, n.end) for n in neutral):
                self.predicted += not p.optional
                self.predicted_strict += 1
        rows = []
        for g in gold:
            self.gold += 1
            hits = [p for p in predicted if _overlaps(p.start, p.end, g.start, g.end)]
            if not hits:
                rows.append((g, None, None))
                continue
            self.found += 1
            located = [p for p in hits if p.lat is not None and p.lon is not None]
            dist = km(g.lat, g.lon, located[0].lat, located[0].lon) if located else None
            if dist is not None:
                self.errors_km.append(dist)
                self.resolved += dist <= ACC_KM
            rows.append((g, hits[0], dist))
        return rows

    precision = _share("true_pos", "predicted")
    strict_precision = _share("true_pos", "predicted_strict")
    recall = _share("found", "gold")
    accuracy_found = _share("resolved", "found")
    end_to_end = _share("resolved", "gold")

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def median_km(self) -> float:
        return statistics.median(self.errors_km) if self.errors_km else float("nan")


def predict_places(doc) -> list[PredictedPlace]:
    """claimledger's places for one parsed Doc, as the analyze stage makes them: mentions,
    one name per entity, the document's country context, geocoding.  A place is a GPE/LOC
    mention or any geocoded mention (a demonym resolved to its country)."""
    from .entities import extract_mentions
    from .entities_norm import normalise_mentions
    from .places import PLACE_LABELS, document_country_context, geocode_places

    mentions = extract_mentions(doc)
    normalise_mentions(mentions)
    geocode_places(mentions, context_countries=document_country_context(mentions))
    out = [PredictedPlace(m.start, m.end, m.attrs.get("lat"), m.attrs.get("lon"),
                          bool(m.attrs.get("demonym") or m.attrs.get("place_of_org")))
           for m in mentions if m.label in PLACE_LABELS or m.attrs.get("lat") is not None]
    # the place an organisation is named after: optional, like a place-named organisation
    return out + [PredictedPlace(m.attrs["place_in_name_start"], m.attrs["place_in_name_end"],
                                 m.attrs["place_in_name_lat"], m.attrs["place_in_name_lon"], True)
                  for m in mentions if "place_in_name" in m.attrs]
