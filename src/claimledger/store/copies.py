"""Copies of analysed documents under fresh ids: a large ledger from a smaller analysed one.

Analysing 100,000 documents takes hours on a small machine; a ledger that size for measuring
linking or the API can instead hold the analysed documents of a smaller ledger and copies of
them.  Copy ``k`` of document ``D`` has the id ``sha1(f"{D}:{k}")`` cut to the length of ``D``'s
id (copy 0 is ``D`` itself), the same text, segments and analysis rows, and the next ingest seq,
so a build is deterministic and one stopped part way resumes where it stopped.  Copies are
stored unlinked, as ``claimledger ingest --no-link`` leaves a document.

The rows are copied inside the database (``INSERT ... SELECT``, one statement per table for a
batch of copies): reading each analysis back into records and writing it again costs 15 ms of
CPU a document, hours for 100,000 on a loaded machine.
"""

from __future__ import annotations

import hashlib
from typing import Callable

from sqlalchemy import Table, bindparam, func, insert, select, text
from sqlalchemy.orm import Session
from sqlalchemy.sql.dml import Insert

from claimledger.store.ledger import Ledger
from claimledger.store.ledger_write import core
from claimledger.store.schema import RECORD_TABLES, ClaimFormRow, ClaimMentionRow, DocumentRow, SegmentRow

BATCH = 500  # copies stored per transaction
# a document's own rows (its analysis and segments), copied with it; links are the linker's to make
_TABLES = (SegmentRow, *RECORD_TABLES.values(), ClaimMentionRow, ClaimFormRow)


def copy_id(doc_id: str, k: int) -> str:
    """The id of copy ``k`` of a document (copy 0: the document itself)."""
    return doc_id if k == 0 else hashlib.sha1(f"{doc_id}:{k}".encode("utf-8")).hexdigest()[:len(doc_id)]


def analysed_ids(ledger: Ledger) -> list[str]:
    """The ledger's analysed documents in ingest order: the originals copies are made of."""
    with Session(ledger.engine) as session:
        return list(session.scalars(select(DocumentRow.id).where(DocumentRow.status == "analyzed")
                                    .order_by(DocumentRow.seq)))


def fill_with_copies(ledger: Ledger, originals: list[str], total: int,
                     progress: Callable[[int], None] | None = None) -> int:
    """Add copies of ``originals`` (documents the ledger holds), round after round in the order
    given, until the ledger holds ``total`` documents; the number it holds then."""
    if not originals:
        raise ValueError("no documents to copy")
    have = ledger.count()
    k = 0
    while have < total:
        k += 1
        for start in range(0, len(originals), BATCH):
            pairs = [(copy_id(d, k), d) for d in originals[start:start + BATCH]]
            with Session(ledger.engine) as session, session.begin():
                stored = set(session.scalars(select(DocumentRow.id).where(DocumentRow.id.in_([n for n, _ in pairs]))))
                pairs = [(new, old) for new, old in pairs if new not in stored][:total - have]  # resumed build
                if pairs:
                    _copy_rows(session, ledger.dialect, pairs)
            have += len(pairs)
            if progress is not None and pairs:
                progress(have)
            if have >= total:
                break
    return have


def _copy_rows(session: Session, dialect: str, pairs: list[tuple[str, str]]) -> None:
    """Copy each ``(new, old)`` document's rows under its new id, seqs after the ledger's last."""
    last = session.scalar(select(func.coalesce(func.max(DocumentRow.seq), 0))) or 0
    params = [{"new": new, "old": old, "seq": last + i + 1} for i, (new, old) in enumerate(pairs)]
    session.execute(_copy_statement(core(DocumentRow), "id"), params)
    for table in _TABLES:
        session.execute(_copy_statement(core(table), "doc_id"), params)
    if dialect == "sqlite":  # the full-text index of segment texts
        session.execute(text("INSERT INTO segments_fts (text, doc_id, ord) "
                             "SELECT text, :new, ord FROM segments WHERE doc_id = :old"),
                        [{"new": p["new"], "old": p["old"]} for p in params])


def _copy_statement(table: Table, key: str) -> Insert:
    """``INSERT INTO table SELECT ... WHERE key = :old`` with ``key`` (and ``seq``) replaced."""
    picked = [bindparam("new") if c.name == key else bindparam("seq") if c.name == "seq" else c for c in table.columns]
    return insert(table).from_select([c.name for c in table.columns],
                                     select(*picked).where(table.c[key] == bindparam("old")))
