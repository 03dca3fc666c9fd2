"""Figures of one document grouped by the incident they tell, before documents are compared.

A news article tells one incident over several sentences and paragraphs, with side
mentions (last month's attack, the war's toll) in between.  Reading it in order, a
figure joins the group it continues — the group of the figures just before it, when
nothing in its sentence says otherwise (another span of time, another town, another
date, another kind of violence) — or the earlier group whose words it shares.  A figure
whose sentence sets no scene of its own (no town, no date, nothing "elsewhere" or
"months ago") and counts what the document's main group counts ("a total of 30 have now
been detained" after "22 police officers were arrested") joins that main group; else it
opens a group.  A figure its clause sets aside joins only a group opened the same way.  A
figure that restates a group's count (the same people, about the same number) rejoins it; an
armed side's dead never join a group that counts only what was done to unarmed people in other
sentences, and weapons counted far off join only a group that counts weapons.  Groups carry
the words of all their sentences, which compare across documents far better than single
sentences do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from itertools import repeat
from operator import mul
from typing import Any, Callable

from claimledger.link.figure_record import Figure, about_the_same

GAP = 400  # characters: a figure this close after a group continues it unless its sentence says otherwise
IN_DOC_THRESHOLD = 0.2  # cosine with an earlier group of the same document to rejoin it
GAP_MIN = 0.15  # even a close figure shares this much of its group's words to continue it
# Fighters whose dead fall in clashes of their own (police are left out: they are as often the ones arrested)
ARMED = frozenset({"militants", "fighters", "troops", "soldiers", "insurgents", "commanders"})
DEAD = frozenset({"killed", "fighters_lost"})
# Populations that name no one in particular: "30 people detained" may count the "22 police" arrested.
GENERIC = frozenset({"people", "person", "others", "group", "individuals", "individual", "death", "deaths"})


def own_scene(f: Figure) -> bool:
    """The figure's sentence sets its own scene: a town, a date, or words of another time or place."""
    towns = [p for p in f.places if p.get("feature") not in ("country", "region") and not p.get("demonym")]
    return bool(towns or f.dates or f.aside)


def _towns(f: Figure) -> set[str]:
    return {str(p.get("id") or p.get("name")) for p in f.places
            if p.get("feature") not in ("country", "region") and not p.get("demonym")}


def new_scene(f: Figure, group: "Group") -> bool:
    """The figure names a town none of the group's figures names and counts something the group
    does not ("eight people were also killed on a road in Shaffa" after girls held since April)."""
    towns = _towns(f)
    return bool(towns) and not any(towns & _towns(g) for g in group.figures) and \
        all(g.measure != f.measure for g in group.figures)


def counts_alike(f: Figure, group: "Group") -> bool:
    """The group already counts what the figure counts: the same measure, the same or an unnamed population."""
    return any(g.measure == f.measure and (g.population == f.population or {g.population, f.population} & GENERIC)
               for g in group.figures)


@dataclass
class Group:
    """Figures of one or more documents taken to tell one incident."""

    figures: list[Figure] = field(default_factory=list)
    vec: dict[str, float] = field(default_factory=dict)  # sum of the members' TF-IDF context vectors
    aside: bool = False  # opened by a figure its clause sets apart ("elsewhere", "months ago")
    # what pair scores read of the group alone (``incident_similarity.summary``), until it grows
    summary: Any = field(default=None, repr=False, compare=False)

    @property
    def end(self) -> int:
        return max(f.end for f in self.figures)

    @property
    def cumulative(self) -> bool:
        return self.figures[0].cumulative

    def add(self, f: Figure, vec: dict[str, float]) -> None:
        self.summary = None
        self.figures.append(f)
        for t, w in vec.items():
            self.vec[t] = self.vec.get(t, 0.0) + w


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two sparse vectors (their cosine when both are unit length)."""
    if len(a) > len(b):
        a, b = b, a
    # the products and their order as ``sum(v * b.get(t, 0.0) for t, v in a.items())``, the same
    # float, with the loop in C: incident clustering scores millions of pairs at 20k documents
    return sum(map(mul, a.values(), map(b.get, a, repeat(0.0))))


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    product = dot(a, b)
    if not product:
        return 0.0
    na = math.sqrt(sum(v * v for v in a.values()))
    nb = math.sqrt(sum(v * v for v in b.values()))
    return product / (na * nb)


def group_documents(figures: list[Figure], vecs: dict[str, dict[str, float]],
                    compatible: Callable[[Figure, Figure], bool]) -> list[Group]:
    """Each document's figures in reading order, grouped by the incident they continue."""
    by_doc: dict[str, list[Figure]] = {}
    for f in figures:
        by_doc.setdefault(f.doc_id, []).append(f)
    out: list[Group] = []
    for doc_figures in by_doc.values():
        out += _group_one(sorted(doc_figures, key=lambda f: f.start), vecs, compatible)
    return out


def _fits(f: Figure, group: Group, compatible: Callable[[Figure, Figure], bool]) -> bool:
    return all(compatible(f, g) for g in group.figures)


def _group_one(figures: list[Figure], vecs: dict[str, dict[str, float]],
               compatible: Callable[[Figure, Figure], bool]) -> list[Group]:
    groups: list[Group] = []
    last: Group | None = None
    for f in figures:
        chosen = _choose(f, vecs[f.key], groups, last, compatible)
        if chosen is None:
            chosen = Group(aside=f.aside)
            groups.append(chosen)
        chosen.add(f, vecs[f.key])
        last = chosen
    return groups


def _choose(f: Figure, vec: dict[str, float], groups: list[Group], last: Group | None,
            compatible: Callable[[Figure, Figure], bool]) -> Group | None:
    """The group a figure continues, rejoins or (told with nothing of its own) the document's main one.

    A figure set aside by its clause ("elsewhere", "six months ago") joins only a group opened
    the same way: it is not the story the document is telling; and it does not continue such a
    group by proximity alone, as two asides in a row are two scenes ("a week ago ... hostages",
    then "Separately, ... killed in fighting")."""
    fitting = [g for g in groups if _fits(f, g, compatible) and (g.aside or not f.aside) and not fighters_apart(f, g)]
    same_sentence = last is not None and f.sentence in {g.sentence for g in last.figures}
    if last is not None and last in fitting and (same_sentence or (
            f.start - last.end <= GAP and cosine(vec, last.vec) >= GAP_MIN and not new_scene(f, last)
            and not (f.aside and last.aside))):
        return last
    restated = [g for g in fitting if restates(f, g)]
    if restated:
        return restated[-1]
    # weapons counted far from a group of people hurt are a stock or a haul of their own, not its losses
    fitting = [g for g in fitting if f.measure != "equipment" or any(h.measure == "equipment" for h in g.figures)]
    if fitting:
        best = max(fitting, key=lambda g: (cosine(vec, g.vec), -groups.index(g)))
        if cosine(vec, best.vec) >= IN_DOC_THRESHOLD:
            return best
    if f.cumulative or own_scene(f):
        return None
    main = max([g for g in groups if not g.cumulative], default=None, key=lambda g: (len(g.figures), -groups.index(g)))
    return main if main is not None and main in fitting and counts_alike(f, main) else None


def fighters_apart(f: Figure, group: Group) -> bool:
    """The figure counts an armed side's dead and the group, in other sentences, counts only what
    was done to unarmed people ("At least 25 militants were killed" after "200 girls kidnapped six
    months ago"): the fighters fell in a scene of their own, a clash, not the one the group tells."""
    return f.measure in DEAD and f.population in ARMED and all(
        g.sentence != f.sentence and g.measure not in DEAD and g.population not in ARMED for g in group.figures)


def restates(f: Figure, group: Group) -> bool:
    """The group already has this count of the same named people, about the same number ("Our men
    gunned down 25 of the insurgents" after "At least 25 insurgents were killed").  "Eight people"
    twice may be two scenes: an unnamed population says too little."""
    return f.population not in GENERIC and not f.increment and any(
        g.measure == f.measure and g.population == f.population and not g.increment and about_the_same(f, g)
        for g in group.figures)


def running_count_of(f: Figure, g: Figure) -> bool:
    """``f`` is a count still going on ("15 bodies dug out so far") that ``g``'s larger count of the
    same measure may close: a lower bound agrees with any number above it."""
    return f.partial and f.value is not None and g.value is not None and not g.partial and f.value < g.value


def shared_numbers(a: Group, b: Group) -> bool:
    """The same measure with about the same number in both groups (most likely one incident)."""
    for f in a.figures:
        for g in b.figures:
            if f.measure == g.measure and not (f.part or g.part or f.increment or g.increment) \
                    and (about_the_same(f, g) or running_count_of(f, g) or running_count_of(g, f)):
                return True
    return False
