"""Every person of the ledger, merged within and across documents, read from the stored mentions.

Within a document a short form is its full name (``store.people``); across documents the names
are merged by ``analyze.people_merge.merge_people`` (spelling, titles, transliterations, surnames).
Nothing is rewritten: each person keeps the names merged into it (``variants``) with the
documents and mentions of each and the rule that merged it, so a reader sees the evidence, and
a filter on one name can find the mentions under every other name of that person.
"""

from __future__ import annotations

import bisect
import itertools
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from claimledger.analyze.people_merge import merge_people
from claimledger.store.people import canonical_name
from claimledger.store.schema import DocumentRow, MentionRow, Meta

RULES = {"spelling": "same name, other spelling or title", "surname": "surname of this person",
         "in document": "short form, same document"}


@dataclass
class _Use:
    """One stored PERSON name (``norm``) in one document."""

    doc_id: str
    norm: str
    mentions: int
    entity_id: str
    local: str  # the name the per-document rule gives it (itself unless a short form)


_CACHE: dict[tuple[str, int], tuple[tuple[Any, ...], list[dict[str, Any]]]] = {}  # ledger -> (its state, persons)


def person_groups(session: Session, doc_conds: list[ColumnElement[bool]]) -> list[dict[str, Any]]:
    """One entity group per merged person: name, entity id, documents, mentions, variants.

    Without filters the merge of the whole ledger is kept until the ledger changes (its
    documents or PERSON mentions), so a filter on a person's name does not redo it each time."""
    if doc_conds:
        return _merged(_stored_uses(session, doc_conds))
    return [dict(g, variants=[dict(v) for v in g["variants"]]) for g in _kept(session, _state(session))]  # own copy


def _kept(session: Session, state: tuple[Any, ...]) -> list[dict[str, Any]]:
    """The merge of the whole ledger at ``state``, kept until the state changes (not to be modified)."""
    engine = session.get_bind().engine
    key = (engine.url.render_as_string(hide_password=False), id(engine))
    cached = _CACHE.get(key)
    if cached is None or cached[0] != state:
        _CACHE[key] = cached = (state, _merged(_stored_uses(session, [])))
    return cached[1]


def _state(session: Session) -> tuple[Any, ...]:
    """What changes when a ledger gains documents or its persons change: the document count, the
    last seq and how many analyses were written (``meta.analysis_writes``, bumped with each) —
    three reads by index, not a count of every PERSON mention."""
    count = session.scalar(select(func.count()).select_from(DocumentRow))
    last = session.scalar(select(func.max(DocumentRow.seq)))
    writes = session.scalar(select(Meta.value).where(Meta.key == "analysis_writes"))
    return count, last, writes


def _merged(uses: list[_Use]) -> list[dict[str, Any]]:
    """The uses grouped into merged persons (``person_groups``)."""
    local_docs: dict[str, set[str]] = defaultdict(set)
    for u in uses:
        local_docs[u.local].add(u.doc_id)
    people = merge_people({name: len(docs) for name, docs in sorted(local_docs.items())})
    members: dict[str, list[_Use]] = defaultdict(list)
    for u in uses:
        members[people[u.local].name].append(u)
    return [_group(name, found, people[name].names if name in people else {})
            for name, found in sorted(members.items())]


def _group(name: str, uses: list[_Use], rules: dict[str, str]) -> dict[str, Any]:
    """An entity group of the person ``name`` from its uses; every other name is a variant with its reason."""
    by_name: dict[str, dict[str, Any]] = {}
    for u in uses:
        if u.norm == name:
            continue
        rule = "in document" if u.local != u.norm else rules.get(u.norm, "spelling")
        v = by_name.setdefault(u.norm, {"name": u.norm, "documents": 0, "mentions": 0, "rule": rule,
                                        "reason": RULES[rule]})
        v["documents"] += 1
        v["mentions"] += u.mentions
    variants = sorted(by_name.values(), key=lambda v: (-v["documents"], -v["mentions"], v["name"]))
    ids = [u.entity_id for u in uses if u.norm == name] or [u.entity_id for u in uses]
    return {"name": name, "label": "PERSON", "entity_id": min(ids), "documents": len({u.doc_id for u in uses}),
            "mentions": sum(u.mentions for u in uses), "variants": variants}


def _stored_uses(session: Session, doc_conds: list[ColumnElement[bool]]) -> list[_Use]:
    """Every PERSON name stored (under the filters) per document, with its local full name."""
    query = (select(MentionRow.doc_id, MentionRow.norm, func.count(), func.min(MentionRow.entity_id))
             .where(MentionRow.label == "PERSON").group_by(MentionRow.doc_id, MentionRow.norm))
    if doc_conds:
        query = query.join(DocumentRow, DocumentRow.id == MentionRow.doc_id).where(*doc_conds)
    by_doc: dict[str, list[tuple[str, int, str]]] = defaultdict(list)
    for doc_id, norm, count, eid in session.execute(query):
        by_doc[doc_id].append((norm, int(count), eid or ""))
    uses = []
    for doc_id, found in sorted(by_doc.items()):
        in_doc = [norm for norm, _, _ in found]
        for norm, count, eid in sorted(found):
            uses.append(_Use(doc_id, norm, count, eid, canonical_name(norm, in_doc) or norm))
    return uses


def matches(group: dict[str, Any], q: str, exact: bool = False) -> bool:
    """The person's name, one of its variants, or its entity id matches ``q`` (substring, any
    case; ``exact``: the whole name)."""
    q = q.casefold()
    names = [n.casefold() for n in person_names(group)]
    return group["entity_id"] == q or (q in names if exact else any(q in n for n in names))


def person_names(group: dict[str, Any]) -> list[str]:
    """Every stored name of one merged person."""
    return [group["name"], *(v["name"] for v in group.get("variants", []))]


_NAMES: dict[tuple[Any, ...], tuple[str, ...]] = {}  # (ledger, its state, name, exact) -> names_of
_NAMES_KEPT = 2000


def names_of(session: Session, name: str, exact: bool = False) -> tuple[str, ...]:
    """Every stored name of the persons ``name`` matches (by any of their names), for a filter
    on one spelling that finds the mentions under all of them ("Zelensky" finds "Volodymyr Zelenskyy").

    Kept per ledger state like the merge itself: each entity filter asks, and matching a name
    against every person (and copying the groups) costs more than the filter's own query."""
    engine = session.get_bind().engine
    state = _state(session)  # once: it counts the PERSON mentions
    key = (engine.url.render_as_string(hide_password=False), id(engine), state, name, exact)
    if key not in _NAMES:
        if len(_NAMES) >= _NAMES_KEPT:
            _NAMES.clear()
        groups = _kept(session, state)
        found = {n for i in _NameIndex.of(groups).matching(name, exact) for n in person_names(groups[i])}
        _NAMES[key] = tuple(sorted(found))
    return _NAMES[key]


class _NameIndex:
    """Every name of the kept groups, folded, in one string: ``matches`` for a name against every
    group at once (a substring search in C, not a loop over the persons), the same groups it finds."""

    SEPARATOR = "\x00"
    _of: dict[int, tuple[list[dict[str, Any]], _NameIndex]] = {}  # id(groups) -> index (the groups kept with it)

    def __init__(self, groups: list[dict[str, Any]]):
        folded = [[n.casefold() for n in person_names(g)] for g in groups]
        self.owners = [i for i, names in enumerate(folded) for _ in names]
        names = [n for names in folded for n in names]
        self.starts = list(itertools.accumulate((len(n) + 1 for n in names[:-1]), initial=0))
        self.text = self.SEPARATOR.join(names)
        self.exact: dict[str, set[int]] = defaultdict(set)
        for i, n in zip(self.owners, names):
            self.exact[n].add(i)
        self.ids: dict[str, set[int]] = defaultdict(set)
        for i, g in enumerate(groups):
            self.ids[g["entity_id"]].add(i)
        self.groups = groups

    @classmethod
    def of(cls, groups: list[dict[str, Any]]) -> _NameIndex:
        kept = cls._of.get(id(groups))
        if kept is None or kept[0] is not groups:
            cls._of.clear()  # one kept merge per ledger: an index outlives no merge
            cls._of[id(groups)] = kept = (groups, cls(groups))
        return kept[1]

    def matching(self, q: str, exact: bool = False) -> set[int]:
        """Indexes of the groups ``matches(group, q, exact)`` is true for."""
        q = q.casefold()
        found = set(self.ids.get(q, ()))
        if exact:
            return found | self.exact.get(q, set())
        if self.SEPARATOR in q:  # could match across two names: the plain loop
            return found | {i for i, g in enumerate(self.groups) if matches(g, q)}
        at = self.text.find(q)
        while at >= 0 and self.owners:
            name = bisect.bisect_right(self.starts, at) - 1
            found.add(self.owners[name])
            if name + 1 >= len(self.starts):
                break
            at = self.text.find(q, self.starts[name + 1])  # the next name holding it
        return found
