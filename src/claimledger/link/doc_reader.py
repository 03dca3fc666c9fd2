"""The documents a linking run reads, in bulk, and the small records it keeps of them.

Texts and analyses are read in chunks and dropped with them, so a run over the whole
ledger never holds every text or analysis.  What the later steps of a run need of a
document it linked — its figures (incidents) and its quantities (copy changes) — is
kept from the one time its analysis was read, so those steps do not read it again.
"""

from __future__ import annotations

import pickle
import zlib
from typing import Iterator, MutableMapping

import numpy as np

from claimledger.link.duplicates import paragraph_shingles
from claimledger.link.figure_record import Figure
from claimledger.link.prepare import QuantitySpan
from claimledger.link.units import paragraphs
from claimledger.records import Analysis, Document, Quantity, Segment


class PackedFigures(MutableMapping[str, list[Figure]]):
    """document id -> its figures, each document's held pickled and compressed (a few hundred bytes
    a figure, where the records took about three kilobytes a document): the run keeps them for
    every document it links, and reads them once, in its incident step.  Each read gives equal
    records, new ones."""

    def __init__(self) -> None:
        self._packed: dict[str, bytes] = {}

    def __getitem__(self, doc_id: str) -> list[Figure]:
        figures: list[Figure] = pickle.loads(zlib.decompress(self._packed[doc_id]))
        return figures

    def __setitem__(self, doc_id: str, figures: list[Figure]) -> None:
        self._packed[doc_id] = zlib.compress(pickle.dumps(figures, protocol=pickle.HIGHEST_PROTOCOL), 1)

    def __delitem__(self, doc_id: str) -> None:
        del self._packed[doc_id]

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._packed

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


class LedgerDocs:
    """Documents, segments and analyses read from the ledger in bulk: a miss reads the next
    ``CHUNK`` ids of the order the run will ask for them in (``expect``).  At most a few
    chunks are held."""

    CHUNK = 500

    def __init__(self, ledger):
        self.ledger = ledger
        self.cache: dict[str, tuple[Document, list[Segment]]] = {}
        self.analyses: dict[str, Analysis] = {}
        self.status: dict[str, str] = {}
        self.seq: dict[str, int] = {}
        self.order: list[str] = []
        self.position: dict[str, int] = {}
        self.window: set[str] = set()  # the chunk of ``order`` read last
        # kept for the whole run, per document it linked: a function of the document alone
        self.figures = PackedFigures()
        # (start, end, counted) of each quantity: all the copy-change step reads of them
        self.quantities: dict[str, tuple[QuantitySpan, ...]] = {}
        self.numbers: dict[str, bytes] = {}  # ``copy_changes.number_prints``: links that change none are not read
        self.stored_shingles: dict[str, np.ndarray] = {}  # copy candidates' stored shingles, read ahead

    def expect(self, doc_ids: list[str]) -> None:
        """The ids about to be read, in order (what a miss prefetches from)."""
        self.order = list(doc_ids)
        self.position = {d: i for i, d in enumerate(self.order)}

    def prefetch(self, doc_ids: list[str], analyses: bool = True) -> None:
        from claimledger.store.link_rows import load_analyses, load_cleaned

        if len(self.cache) > 2 * self.CHUNK:  # keep only the chunk being read (bounded, not re-read)
            self.cache = {d: v for d, v in self.cache.items() if d in self.window}
            self.analyses = {d: v for d, v in self.analyses.items() if d in self.window}
        wanted = [d for d in doc_ids if d not in self.cache]
        self.cache.update(load_cleaned(self.ledger, wanted))
        if analyses:
            self.analyses.update(load_analyses(self.ledger, [d for d in wanted if self.status.get(d) == "analyzed"
                                                             and d not in self.analyses], assessments=False))

    def get(self, doc_id: str) -> tuple[Document, list[Segment]]:
        if doc_id not in self.cache and doc_id in self.position:
            at = self.position[doc_id]
            self.window = set(self.order[at:at + self.CHUNK])
            self.prefetch(self.order[at:at + self.CHUNK])
        if doc_id not in self.cache:
            self.cache[doc_id] = (self.ledger.document(doc_id), self.ledger.segments(doc_id))
        return self.cache[doc_id]

    def analysis(self, doc_id: str) -> Analysis | None:
        status = self.status.get(doc_id) or self.ledger.status(doc_id)
        if status != "analyzed":
            return None
        if doc_id not in self.analyses:
            self.get(doc_id)  # a miss prefetches the chunk's analyses with its texts
        if doc_id not in self.analyses:
            self.analyses[doc_id] = self.ledger.analysis(doc_id)
        return self.analyses[doc_id]

    def keep(self, doc_id: str, figures: list[Figure], quantities: tuple[QuantitySpan, ...],
             numbers: bytes | None = None) -> None:
        """Keep what the later steps need of a document being linked (``Prepared``), so they need
        not read its analysis again."""
        self.figures[doc_id] = figures
        # spans, not Quantity records (a kilobyte each, kept for every document linked)
        self.quantities[doc_id] = quantities
        if numbers is not None:
            self.numbers[doc_id] = numbers

    def quantities_of(self, doc_id: str) -> list[Quantity]:
        """A document's quantities: kept when this run linked it (their offsets and counted noun
        only, what ``changed_figures`` reads), else from its analysis."""
        if doc_id in self.quantities:
            return [Quantity(start=start, end=end, text="", counted=counted)
                    for start, end, counted in self.quantities[doc_id]]
        analysis = self.analysis(doc_id)
        return analysis.quantities if analysis is not None else []

    def load(self, doc_id: str) -> tuple[Document, list[Segment], Analysis | None, int]:
        """Document, segments, analysis and ingest seq: what the incident step reads."""
        if doc_id not in self.seq:
            from claimledger.store.link_rows import document_seqs

            at = self.position.get(doc_id)
            wanted = self.order[at:at + self.CHUNK] if at is not None else [doc_id]
            for d, seq, status in document_seqs(self.ledger, [d for d in wanted if d not in self.seq] or [doc_id]):
                self.seq[d] = seq
                self.status.setdefault(d, status)
        doc, segments = self.get(doc_id)
        return doc, segments, self.analysis(doc_id), self.seq.get(doc_id, 0)

    def prefetch_shingles(self, doc_ids: list[str]) -> None:
        """Read the stored shingles of copy candidates together; the texts of those stored without
        them (linked before they were kept) are read to shingle again."""
        from claimledger.store.link_rows import stored_shingles

        if len(self.stored_shingles) > 2 * self.CHUNK:  # bounded: asked for right after the read
            self.stored_shingles = {}
        found = stored_shingles(self.ledger, doc_ids)
        self.stored_shingles.update((d, np.frombuffer(b, dtype=np.uint32)) for d, b in found.items())
        missing = [d for d in doc_ids if d not in found]
        if missing:
            self.prefetch(missing, analyses=False)

    def shingles(self, doc_id: str) -> np.ndarray:
        """A linked document's shingle hashes: stored with its sketch, else from its text."""
        if doc_id not in self.stored_shingles and doc_id not in self.cache:
            self.prefetch_shingles([doc_id])
        found = self.stored_shingles.pop(doc_id, None)
        if found is not None:
            return found
        doc, segments = self.get(doc_id)
        return paragraph_shingles(paragraphs(doc, segments))[0]
