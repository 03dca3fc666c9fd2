"""One person under several spellings, read from the stored mentions (nothing is rewritten).

Within one document, a person named in full ("Roman Tsimbalyuk") is often named again by
surname ("Tsimbalyuk") or with a title ("Mr Tsimbalyuk").  The rule: a PERSON mention
whose name, titles dropped, is one word that is the surname (last word) of exactly one
longer PERSON name of the same document, or is that longer name itself, is that person
(after a title, the first word of a two-word name also counts: "Mr Qin" for "Qin Gang").
``store.person_index`` counts such a mention under the full name, merges names across
documents, and keeps the names it merged (``variants``) as the evidence.  A place-labelled
mention whose name is a person's name or surname in the same document, or (not geocoded)
a person's name anywhere in the ledger, is that person, never a place.
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, exists, literal, or_
from sqlalchemy.orm import aliased

from claimledger.store.schema import MentionRow

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


def is_person_name() -> ColumnElement[bool]:
    """SQL: the mention's name is a PERSON name, or a PERSON's surname, in the same document;
    or, when the mention was not geocoded, a PERSON name anywhere in the ledger ("Obama"
    mistyped as a place in a report that names no person, while others name him)."""
    person = aliased(MentionRow)
    same_doc = exists().where(person.doc_id == MentionRow.doc_id, person.label == "PERSON",
                              or_(person.norm == MentionRow.norm,
                                  person.norm.like(literal("% ").concat(MentionRow.norm))))
    elsewhere = exists().where(person.label == "PERSON", person.norm == MentionRow.norm)  # (label, norm) index
    return or_(same_doc, and_(MentionRow.data["attrs"]["geonames_id"].as_string().is_(None), elsewhere))
