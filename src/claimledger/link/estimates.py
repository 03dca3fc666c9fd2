"""Per-incident estimates (the UCDP GED model) and the figure conflicts inside an incident.

Figures of one incident are compared per *measure class* (killed and a side's own
``fighters_lost`` count the same deaths), population and span kind.  Within a source
only its latest report counts: a later, larger toll from the same source is an update,
not a disagreement.  Two figures **conflict** when their value intervals cannot
overlap ("498" vs "over 7,000"); lower bounds never conflict with each other ("over
7,000" and "over 15,000"), nor "at least 50" with 55, nor "about 100" with 110.
"""

from __future__ import annotations

import hashlib
import math
import re
import statistics
from dataclasses import dataclass, field, replace
from typing import Any, Callable

from claimledger.link.figure_record import Figure, orders_apart
from claimledger.link.incident_similarity import place_key

ROUND_TOLERANCE = 0.05  # a round figure stands for the precise counts this close to it
MEASURE_CLASS = {"fighters_lost": "killed"}
GENERIC_POPULATIONS = frozenset({"people", "person", "others", "group", "individuals"})
GENERIC_NOUNS = frozenset({"people", "person", "other", "individual", "group", "victim", "casualtie", "casualty",
                           "death", "dead", "body", "bodie"})
# Arrest and missing-person counts are running tallies stated "as of" their report ("bringing
# the total number of detainees to 50"; "more than 50 vanished" before some reappeared): a
# different number is most often an update, so they are estimated, not compared.
ESTIMATED_MEASURES = frozenset({"killed", "wounded", "killed_or_wounded", "captured", "missing", "abducted",
                                "hostages", "displaced", "arrested", "equipment", "fighters_lost"})
COMPARED_MEASURES = ESTIMATED_MEASURES - {"arrested", "missing"}
# head classes are singular: a population "death" reads "deaths"
PLURALS = {"death": "deaths", "fatality": "fatalities", "casualty": "casualties", "victim": "victims",
           "murder": "murders", "killing": "killings", "homicide": "homicides"}



@dataclass
class Estimate:
    """UCDP-style estimate of one measure and population in an incident."""

    measure: str
    population: str
    low: float | None
    best: float | None
    high: float | None  # None: open (some source gives only a lower bound)
    sources: list[dict[str, Any]] = field(default_factory=list)  # source, value text, doc, as-of, role
    first_reported: str | None = None
    latest_reported: str | None = None


def restated(figures: list[Figure]) -> list[Figure]:
    """An incident's figures as its reports restate each other (the figures given are left as they are).

    A count one outlet gives as partial ("nine bodies recovered so far") is partial wherever
    the incident's other reports restate it ("vans carrying nine bodies").  A count of unnamed
    people equal to a count of one named population ("219 remain in custody", "219
    schoolgirls") counts that population, unless it names a noun of its own ("two women and
    one man died": one man is not one woman)."""
    partial = {(f.measure, f.value) for f in figures if f.partial and f.value}
    named: dict[tuple, set[str]] = {}
    for f in figures:
        if f.value and f.population not in GENERIC_POPULATIONS:
            named.setdefault((measure_class(f), f.value), set()).add(f.population)
    out = []
    for f in figures:
        if not f.partial and (f.measure, f.value) in partial:
            f = replace(f, partial=True)
        owners = named.get((measure_class(f), f.value), set())
        if f.population in GENERIC_POPULATIONS and len(owners) == 1 and not names_own_noun(f):
            f = replace(f, population=next(iter(owners)))
        out.append(f)
    return out


GROUP_WORDS = frozenset({"male", "female", "western", "foreign", "local"})


def set_apart(f: Figure, g: Figure) -> bool:
    """One document tells the two figures of different times or places: one clause sets its
    figure aside ("and 600 were killed in Zarand in February") from the story's own count.  A toll
    to date is exempt: its clause names its span ("since 2007"), not another incident."""
    return f.doc_id == g.doc_id and f.aside != g.aside and not (f.cumulative or g.cumulative)


def one_voice(f: Figure, g: Figure) -> bool:
    """The article itself gives both counts: a writer does not contradict their own count of one
    event unprompted, so two of them tell two incidents ("guards turned their guns on the prisoners,
    killing 15" / "they shot 41 people dead" in the city), or a count and its update.  Tolls to date
    are exempt ("80,000 dead to date" in a caption, "around 100,000 since 2007" in the text)."""
    return (f.doc_id == g.doc_id and f.source_kind == g.source_kind == "outlet"
            and not (f.cumulative or g.cumulative))


def different_groups(f: Figure, g: Figure) -> bool:
    """"the nine male hostages" and "two Japanese hostages": counts of two groups, not of one;
    "seven AK-47 assault rifles", "two other rifles" and "nine assault rifles": three kinds of arms."""
    if f.measure == g.measure == "equipment" and equipment_kind(f) != equipment_kind(g):
        return True
    qf, qg = qualifiers(f), qualifiers(g)
    return bool(qf and qg and not qf & qg)


_NOT_KIND = frozenset({"the", "their", "its", "his", "her", "our", "of", "enemy", "some", "all"})


def equipment_kind(f: Figure) -> frozenset[str]:
    """The words before a piece of equipment's noun that say which kind ("AK-47 assault", "T-72",
    "other"), not whose (its side: "Russian tanks")."""
    words = [w for w in re.findall(r"[\w-]+", (f.counted or "").casefold()) if not w.isdigit()]
    side = set((f.side or "").casefold().split())
    return frozenset(w for w in words[:-1] if w not in _NOT_KIND and w not in side)


def _where(f: Figure) -> tuple[set[str], set[str], set[tuple[str, str]]]:
    """The countries, the places below a country and their (country, region) pairs that a
    figure's sentence names (demonyms and possessors left out: "Japanese hostages", "Brazil's
    neighbour" say whose, not where)."""
    named = [p for p in f.places if not p.get("demonym") and not p.get("possessor")]
    countries = {p["country"] for p in named if p.get("country")}
    local = [p for p in named if p.get("feature") != "country"]
    keys = {place_key(p) for p in local}
    return countries, keys, {(p.get("country"), p.get("admin1")) for p in local if p.get("admin1")}


def different_scopes(f: Figure, g: Figure) -> bool:
    """The two figures count over different places, so they cannot contradict each other: both
    sentences name countries and none is shared ("899 deaths in Brazil", "512 in Argentina");
    both name towns or regions and none matches; or one names only the country and the other a
    place in it with a count no larger — a part of the first ("208 died in Harare" beside the
    978 killed in Zimbabwe)."""
    (cf, lf, rf), (cg, lg, rg) = _where(f), _where(g)
    if cf and cg and not cf & cg:
        return True
    if lf and lg:
        return not (lf & lg or rf & rg)
    if lf and cg and not lg:
        return f.interval()[1] <= g.interval()[0]
    if lg and cf and not lf:
        return g.interval()[1] <= f.interval()[0]
    return False


def qualifiers(f: Figure) -> set[str]:
    """What says which of them: the side the analysis read ("Japanese") and group words before
    the counted noun ("male", "Western"); not how they fare ("kidnapped") nor where from ("Chibok")."""
    words = re.findall(r"[a-z]+", (f.counted or "").casefold())
    head = (f.population or "").casefold().split()[-1:] or [""]
    cut = words.index(head[0]) if head[0] in words else max(len(words) - 1, 0)
    found = {w for w in words[:cut] if w in GROUP_WORDS}
    return found | {f.side.casefold()} if f.side else found


def names_own_noun(f: Figure) -> bool:
    """The figure counts a noun that is not merely "people": "one man", "three workers"."""
    words = re.findall(r"[a-z]+", (f.counted or "").casefold())
    return bool(words) and words[-1].rstrip("s") not in GENERIC_NOUNS


def measure_class(f: Figure) -> str:
    return MEASURE_CLASS.get(f.measure, f.measure)


def normal_source(text: str) -> str:
    return re.sub(r"^(?:the|a|an)\s+", "", " ".join((text or "").casefold().split()))


def _span_kind(f: Figure) -> str:
    return "to_date" if f.scope in ("since", "war_to_date") else f.scope if f.cumulative else "incident"


def group_key(f: Figure) -> tuple[str, str, str, str]:
    return (measure_class(f), f.population or "people", _span_kind(f), f.rate_unit or "")


def _order(f: Figure) -> tuple:
    return (f.published is None, f.published or "", f.seq, f.start)


def is_update(f: Figure, g: Figure) -> bool:
    """The same source reporting again: its later figure supersedes the earlier."""
    if normal_source(f.source) != normal_source(g.source) or f.source_kind == "outlet":
        return False
    return f.doc_id != g.doc_id and bool(f.published) and bool(g.published) and f.published != g.published


def fmt(value: float | None) -> str:
    if value is None or value == math.inf:
        return "open"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _interval_text(f: Figure) -> str:
    lo, hi = f.interval()
    return f"[{fmt(lo)}, {'∞' if hi == math.inf else fmt(hi)}]"


def rounded_alike(f: Figure, other: tuple[float, float]) -> bool:
    """A bare round hundred or thousand ("600 were killed") rounds the precise count near it
    ("killing 612"): within ``ROUND_TOLERANCE`` they tell one toll."""
    v = f.value
    if v is None or f.modifier != "exact" or v < 100:
        return False
    magnitude = 10 ** (len(str(int(v))) - 1)
    if v % magnitude:
        return False  # more than one significant digit: "612", "1,500" are meant as said
    return other[0] <= v * (1 + ROUND_TOLERANCE) and other[1] >= v * (1 - ROUND_TOLERANCE)


def disagreement(f: Figure, g: Figure) -> str | None:
    """A one-line reason why two figures of one measure cannot both be right, or None."""
    if f.side and g.side and f.side.casefold() != g.side.casefold():
        return None
    if is_update(f, g):
        return None
    (a0, a1), (b0, b1) = f.interval(), g.interval()
    if a1 >= b0 and b1 >= a0 or rounded_alike(f, (b0, b1)) or rounded_alike(g, (a0, a1)):
        return None
    return (f"“{f.text}” ({f.source}) and “{g.text}” ({g.source}): {_interval_text(f)} and "
            f"{_interval_text(g)} cannot overlap")


# --- estimates ----------------------------------------------------------------------------------

def _latest_per_source(figures: list[Figure]) -> list[Figure]:
    latest: dict[str, Figure] = {}
    for f in sorted(figures, key=_order):
        latest[normal_source(f.source) + "\x1f" + (f.doc_id if f.source_kind == "outlet" else "")] = f
    return list(latest.values())


def _source_row(f: Figure) -> dict[str, Any]:
    return {"source": f.source, "text": f.text, "value": f.value, "low": f.low, "high": f.high,
            "doc_id": f.doc_id, "start": f.start, "end": f.end, "published": f.published, "as_of": f.as_of,
            "polarity": f.polarity}


def estimates(figures: list[Figure]) -> list[Estimate]:
    """Low / best / high per measure class and population, with the sources behind them."""
    groups: dict[tuple, list[Figure]] = {}
    for f in figures:
        if f.measure in ESTIMATED_MEASURES and not (f.increment or f.part):
            groups.setdefault(group_key(f)[:2], []).append(f)
    out = []
    for (measure, population), figs in sorted(groups.items()):
        current = _latest_per_source(figs)
        points = sorted(f.point() for f in current if f.polarity != "negated")
        highs = [f.interval()[1] for f in current]
        dated = sorted(f.published for f in figs if f.published)
        out.append(Estimate(
            measure=measure, population=PLURALS.get(population, population), low=points[0] if points else None,
            best=statistics.median(points) if points else None,
            high=None if not highs or math.inf in highs else max(highs),
            sources=[_source_row(f) for f in sorted(current, key=_order)],
            first_reported=dated[0] if dated else None, latest_reported=dated[-1] if dated else None))
    return out


# --- conflicts ----------------------------------------------------------------------------------

# How a conflict's label says the measure after who is counted ("girls held hostage", not "girls hostages")
LABEL_WORDS = {"hostages": "held hostage", "equipment": "lost", "fighters_lost": "lost",
               "killed_or_wounded": "killed or wounded"}
# Counted nouns that are the measure itself
MEASURE_NOUNS = {"hostages": ("captives",), "killed": ("dead", "fatalities", "deaths", "murders", "killings", "homicides"),
                 "wounded": ("injured",),
                 "arrested": ("detainees", "prisoners"), "missing": ("disappeared",)}


@dataclass
class FigureConflict:
    id: str
    incident: str
    key: tuple[str, str, str, str]
    figures: list[Figure]
    pairs: list[tuple[int, int, str]]

    @property
    def label(self) -> str:
        measure, population, span, rate = self.key
        values = " vs ".join({f.text.casefold(): f.text for f in reversed(self.figures)}[k]  # "six" and "Six" once
                             for k in dict.fromkeys(f.text.casefold() for f in self.figures))
        sides = sorted({f.side for f in self.figures if f.side})
        side = sides[0] + " " if len(sides) == 1 else ""
        said = LABEL_WORDS.get(measure, measure.replace("_", " "))
        # "hostages held hostage", "detainees arrested": the counted noun already says the measure
        population = PLURALS.get(population, population)  # the head class is singular: "death"
        said = "" if population in (measure, *MEASURE_NOUNS.get(measure, ())) else " " + said
        if side.endswith("s ") and population == "people":  # "Jews killed", not "Jews people killed"
            side, population = "", side.strip()
        return f"{side}{population}{said}{' per ' + rate if rate else ''}: {values}"


def incident_conflicts(incident_id: str, figures: list[Figure],
                       related: Callable[[Figure, Figure], bool] | None = None) -> list[FigureConflict]:
    """Groups of figures about one incident, measure, population and span whose ranges cannot overlap.

    ``related`` is asked of each disagreeing pair as well: the pair itself must look like
    one report of the incident, not two figures the clustering only chained together."""
    groups: dict[tuple, list[Figure]] = {}
    for f in figures:
        if f.measure in COMPARED_MEASURES and not (f.increment or f.part):
            groups.setdefault(group_key(f), []).append(f)
    out = []
    for key, figs in sorted(groups.items()):
        figs = sorted(figs, key=_order)
        pairs = [(i, j, why) for i in range(len(figs)) for j in range(i + 1, len(figs))
                 if not set_apart(figs[i], figs[j]) and not one_voice(figs[i], figs[j])
                 and not different_groups(figs[i], figs[j])
                 and not different_scopes(figs[i], figs[j])
                 and not orders_apart(figs[i], figs[j])
                 and (why := disagreement(figs[i], figs[j]))
                 and (related is None or related(figs[i], figs[j]))]
        if not pairs:
            continue
        involved = sorted({i for i, _, _ in pairs} | {j for _, j, _ in pairs})
        remap = {old: new for new, old in enumerate(involved)}
        digest = hashlib.sha1("\x1f".join([incident_id, *key]).encode("utf-8")).hexdigest()[:16]
        out.append(FigureConflict(id=f"fig-{digest}", incident=incident_id, key=key,
                                  figures=[figs[i] for i in involved],
                                  pairs=[(remap[i], remap[j], why) for i, j, why in pairs]))
    return out
