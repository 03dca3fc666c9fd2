"""The forms a claim is named by (``name_forms``, ``claim_forms``; migration 0010), written with the analysis.

A claim names an entity or a place when a mention so named lies inside its span; the entity
filter also takes a name of the claim's source chain.  Every filter's condition reads only a
mention's label, normalised name, text as written and entity id (or the chain's names), so
those few distinct forms are stored once and each claim is linked to its forms, keyed by
(form, document order, claim): the claims of a name are then read from that key alone.
"""

from __future__ import annotations

import hashlib
from typing import Any, Callable, Sequence

from sqlalchemy import Insert, Table, insert, select
from sqlalchemy.orm import Session

from claimledger.records import Analysis, Attribution
from claimledger.store.bulk import execute_many
from claimledger.store.claim_names import claim_mentions
from claimledger.store.schema import ClaimFormRow, DocumentRow, NameFormRow

Form = tuple[str, str, str, str, str]  # kind, label, norm, text, entity_id ('' for a missing value)
IN_CHUNK = 2000  # keys per IN (...) look-up: far below SQLite's limit on bound values
MAX_VIA = 4  # intermediaries of a chain the entity filter looks at ("X, citing Y, told Z, reported by W")


def form_key(form: Form) -> str:
    """The stored key of a form: the same form written again is found, not added twice."""
    return hashlib.sha1("\x1f".join(form).encode()).hexdigest()


def chain_names(attribution: Attribution) -> list[str]:
    """The names of a source chain the entity filter reads: the source and its first ``MAX_VIA``
    intermediaries, each as written and resolved."""
    refs = [attribution.source, *attribution.via[:MAX_VIA]]
    return [name for ref in refs for name in (ref.text, ref.resolved) if name]


def claim_forms(analysis: Analysis, inside: list[tuple[int, int]] | None = None) -> list[tuple[int, Form]]:
    """(claim index, form) for every mention inside a claim and every name of a claim's source chain
    (``inside``: the document's ``claim_mentions`` when already found)."""
    out: set[tuple[int, Form]] = set()
    for ci, mi in claim_mentions(analysis) if inside is None else inside:
        m = analysis.mentions[mi]
        out.add((ci, ("mention", m.label, m.norm, m.text or "", m.entity_id or "")))
    for ci, claim in enumerate(analysis.claims):
        if claim.attribution is not None and 0 <= claim.attribution < len(analysis.attributions):
            out.update((ci, ("source", "", "", name, "")) for name in chain_names(analysis.attributions[claim.attribution]))
    return sorted(out)


def write_claim_forms(session: Session, analysed: Sequence[tuple[str, Analysis, list[tuple[int, int]] | None]],
                      insert_ignore: Callable[[Table], Insert], known: dict[str, int] | None = None) -> dict[str, int]:
    """Store the forms of the documents' claims (new forms added once) and link each claim to its forms.

    ``analysed``: (document id, analysis, its ``claim_mentions`` or None), documents already
    inserted.  ``known``: form key → id of forms already committed (forms are never deleted),
    which are neither inserted nor looked up again.  Returns the keys and ids of the forms it
    added or looked up, for the caller to remember once the transaction has committed."""
    linked = [(doc_id, analysis, claim_forms(analysis, inside)) for doc_id, analysis, inside in analysed]
    linked = [entry for entry in linked if entry[2]]
    if not linked:
        return {}
    known = known or {}
    keys: dict[Form, str] = {}  # every form once, in document then claim order (new ids in that order)
    for _, _, pairs in linked:
        for _, form in pairs:
            if form not in keys:
                keys[form] = form_key(form)
    new = {form: key for form, key in keys.items() if key not in known}
    found: dict[str, int] = {}
    if new:
        table: Any = NameFormRow.__table__
        execute_many(session, insert_ignore(table), [
            {"key": key, "kind": f[0], "label": f[1], "norm": f[2], "text": f[3], "entity_id": f[4]} for f, key in new.items()])
        wanted = list(new.values())
        for k in range(0, len(wanted), IN_CHUNK):
            found.update((key, id_) for key, id_ in session.execute(select(NameFormRow.key, NameFormRow.id).where(
                NameFormRow.key.in_(wanted[k:k + IN_CHUNK]))))
    ids = {**known, **found} if found else known
    seqs: dict[str, int] = {}
    doc_ids = [doc_id for doc_id, _, _ in linked]
    for k in range(0, len(doc_ids), IN_CHUNK):
        seqs.update((doc_id, seq) for doc_id, seq in session.execute(select(DocumentRow.id, DocumentRow.seq).where(
            DocumentRow.id.in_(doc_ids[k:k + IN_CHUNK]))))
    execute_many(session, insert(ClaimFormRow.__table__), [  # type: ignore[arg-type]
        {"form_id": ids[keys[form]], "seq": seqs[doc_id], "claim_idx": ci, "certainty": analysis.claims[ci].certainty,
         "doc_id": doc_id} for doc_id, analysis, pairs in linked for ci, form in pairs])
    return found
