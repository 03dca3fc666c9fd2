"""One person under several spellings, read from the stored mentions (nothing is rewritten).

Within one document, a person named in full ("Roman Tsimbalyuk") is often named again by
surname ("Tsimbalyuk") or with a title ("Mr Tsimbalyuk").  The rule: a PERSON mention
whose name, titles dropped, is one word that is the surname (last word) of exactly one
longer PERSON name of the same document, or is that longer name itself, is that person
(after a title, the first word of a two-word name also counts: "Mr Qin" for "Qin Gang").
The entities list counts such a mention under the full name and keeps the spellings it
merged (``variants``) as the evidence.  A place-labelled mention whose name is a person's
name or surname in the same document is that person, never a place.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, exists, func, literal, or_, select
from sqlalchemy.orm import Session, aliased

from claimledger.store.schema import DocumentRow, MentionRow

TITLES = frozenset("mr mrs ms miss dr prof sir lord lady president gen general col colonel lt lieutenant maj major "
                   "capt captain sgt sergeant cpl corporal pte private adm admiral minister commander chief "
                   "spokesman spokeswoman governor mayor senator rep representative".split())


def stripped(name: str) -> list[str]:
    """The name's words without leading titles ("Mr Tsimbalyuk" -> ["Tsimbalyuk"])."""
    words = name.replace(".", " ").split()
    while len(words) > 1 and words[0].casefold() in TITLES:
        words = words[1:]
    return words


def canonical_name(name: str, full_names: list[str]) -> str | None:
    """The one longer name of the document this name is a spelling of, else None."""
    words = stripped(name)
    if len(words) > 1:
        same = [n for n in full_names if n != name and stripped(n) == words]
        return same[0] if len(same) == 1 else None
    if not words:
        return None
    word = words[0].casefold()
    longer = [n for n in full_names if n != name and len(stripped(n)) > 1]
    found = {n for n in longer if stripped(n)[-1].casefold() == word}
    if not found and len(name.split()) > 1:  # "Mr Qin" for "Qin Gang": a title before a family name said first
        found = {n for n in longer if len(stripped(n)) == 2 and stripped(n)[0].casefold() == word}
    return found.pop() if len(found) == 1 else None


def person_aliases(session: Session, doc_conds: list[ColumnElement[bool]]) -> dict[tuple[str, str], str]:
    """(document id, PERSON name) → the full name it spells in that document, for every merged name."""
    query = select(MentionRow.doc_id, MentionRow.norm).where(MentionRow.label == "PERSON").distinct()
    if doc_conds:
        query = query.join(DocumentRow, DocumentRow.id == MentionRow.doc_id).where(*doc_conds)
    names: dict[str, list[str]] = {}
    for doc_id, norm in session.execute(query):
        names.setdefault(doc_id, []).append(norm)
    aliases = {}
    for doc_id, found in names.items():
        for name in found:
            full = canonical_name(name, found)
            if full is not None:
                aliases[(doc_id, name)] = full
    return aliases


def is_person_name() -> ColumnElement[bool]:
    """SQL: the mention's name is a PERSON name, or a PERSON's surname, in the same document."""
    person = aliased(MentionRow)
    return exists().where(person.doc_id == MentionRow.doc_id, person.label == "PERSON",
                          or_(person.norm == MentionRow.norm,
                              person.norm.like(literal("% ").concat(MentionRow.norm))))


def merge_people(groups: list[dict[str, Any]], alias_counts: dict[tuple[str, str], int],
                 aliases: dict[tuple[str, str], str]) -> list[dict[str, Any]]:
    """The entity groups with each merged spelling's mentions moved to its full name.

    ``alias_counts``: mentions per (document, merged name).  The full name is mentioned in
    that document too (the rule needs it), so its document count stays; the spelling's
    group (when listed) loses that document and those mentions, and goes when none are left."""
    by_key = {(g["name"], g["label"]): g for g in groups}
    for (doc_id, name), n in sorted(alias_counts.items()):
        full = by_key.get((aliases[(doc_id, name)], "PERSON"))
        short = by_key.get((name, "PERSON"))  # None when a name filter left the spelling out
        if full is None:
            continue
        full["mentions"] += n
        variant = next((v for v in full.setdefault("variants", []) if v["name"] == name), None)
        if variant is None:
            full["variants"].append(variant := {"name": name, "documents": 0, "mentions": 0})
        variant["documents"] += 1
        variant["mentions"] += n
        if short is not None:
            short["documents"] -= 1
            short["mentions"] -= n
    kept = [g for g in groups if g["mentions"] > 0 and g["documents"] > 0]
    return sorted(kept, key=lambda g: (-g["documents"], -g["mentions"], g["name"], g["label"]))


def alias_mention_counts(session: Session, aliases: dict[tuple[str, str], str]) -> dict[tuple[str, str], int]:
    """Mentions per (document, merged name), for the merged names only."""
    counts: dict[tuple[str, str], int] = {}
    keys = sorted(aliases)
    for i in range(0, len(keys), 200):
        chunk = keys[i:i + 200]
        cond = or_(*(and_(MentionRow.doc_id == d, MentionRow.norm == n) for d, n in chunk))
        query = (select(MentionRow.doc_id, MentionRow.norm, func.count()).where(MentionRow.label == "PERSON", cond)
                 .group_by(MentionRow.doc_id, MentionRow.norm))
        counts.update({(d, n): int(c) for d, n, c in session.execute(query)})
    return counts
