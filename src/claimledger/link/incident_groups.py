"""Figures of one document grouped by the incident they tell, before documents are compared.

A news article tells one incident over several sentences and paragraphs, with side
mentions (last month's attack, the war's toll) in between.  Reading it in order, a
figure joins the group it continues — the group of the figures just before it, when
nothing in its sentence says otherwise (another span of time, another town, another
date, another kind of violence) — or the earlier group whose words it shares.  A figure
whose sentence sets no scene of its own (no town, no date, nothing "elsewhere" or
"months ago") and counts what the document's main group counts ("a total of 30 have now
been detained" after "22 police officers were arrested") joins that main group; else it
opens a group.  A figure its clause sets aside joins only a group opened the same way.  Groups carry the words of all their sentences, which compare across
documents far better than single sentences do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

from claimledger.link.figure_record import Figure, about_the_same

GAP = 400  # characters: a figure this close after a group continues it unless its sentence says otherwise
IN_DOC_THRESHOLD = 0.2  # cosine with an earlier group of the same document to rejoin it
GAP_MIN = 0.15  # even a close figure shares this much of its group's words to continue it
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

    @property
    def end(self) -> int:
        return max(f.end for f in self.figures)

    @property
    def cumulative(self) -> bool:
        return self.figures[0].cumulative

    def add(self, f: Figure, vec: dict[str, float]) -> None:
        self.figures.append(f)
        for t, w in vec.items():
            self.vec[t] = self.vec.get(t, 0.0) + w


def dot(a: dict[str, float], b: dict[str, float]) -> float:
    """The dot product of two sparse vectors (their cosine when both are unit length)."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


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
    fitting = [g for g in groups if _fits(f, g, compatible) and (g.aside or not f.aside)]
    same_sentence = last is not None and f.sentence in {g.sentence for g in last.figures}
    if last is not None and last in fitting and (same_sentence or (
            f.start - last.end <= GAP and cosine(vec, last.vec) >= GAP_MIN and not new_scene(f, last)
            and not (f.aside and last.aside))):
        return last
    if fitting:
        best = max(fitting, key=lambda g: (cosine(vec, g.vec), -groups.index(g)))
        if cosine(vec, best.vec) >= IN_DOC_THRESHOLD:
            return best
    if f.cumulative or own_scene(f):
        return None
    main = max([g for g in groups if not g.cumulative], default=None, key=lambda g: (len(g.figures), -groups.index(g)))
    return main if main is not None and main in fitting and counts_alike(f, main) else None


def shared_numbers(a: Group, b: Group) -> bool:
    """The same measure with about the same number in both groups (most likely one incident)."""
    for f in a.figures:
        for g in b.figures:
            if f.measure == g.measure and not (f.part or g.part or f.increment or g.increment) \
                    and about_the_same(f, g):
                return True
    return False
