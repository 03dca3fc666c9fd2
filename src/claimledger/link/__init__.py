"""link: across documents — copies, stories, claim groups, conflicts, provenance.

``link_documents(ledger, doc_ids=None)`` links the documents not linked yet (all, or
those named) against everything already linked, and stores the results with the
evidence behind each link.  Stories and claim groups are connected components of a
graph whose edges are a pure function of the two items (fixed term weights), so the
links are the same whatever order, batches or runs the documents came in.  It is
incremental: the indexes are loaded from the stored sketches, unit vectors and claim
features, new documents add edges (and may merge stored stories or groups), and only the
stories and groups they touched are rewritten and get their conflicts recomputed.

    >>> from claimledger.store import Ledger
    >>> from claimledger.link import link_documents
    >>> report = link_documents(Ledger("claimledger.db"))
    >>> report.summary()
    '2 documents linked: 1 copy links, 5 story units (4 new stories), 38 claims, 1 conflicts'
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, fields
from itertools import islice
from typing import Any, Callable, Iterable, Iterator

import numpy as np

from claimledger.link.claim_groups import STORED_EVIDENCE, ClaimGrouper, ClaimVector, GroupRow, Membership, Memberships
from claimledger.link.conflicts import Conflict, stance_conflict
from claimledger.link.copy_changes import change_conflicts, change_ids, links_by_copy
from claimledger.link.doc_reader import LedgerDocs
from claimledger.link.duplicates import DocLink, DuplicateIndex, Sketch, minhash_from_bytes
from claimledger.link.estimates import FigureConflict
from claimledger.link.heap import frozen_heap, settle
from claimledger.link.incident_link import link_incidents
from claimledger.link.incidents import Incident
from claimledger.link.linker import Linker, LinkStep, Settled
from claimledger.link.prepare import Prepared
from claimledger.link.prepare_pool import pool as worker_pool
from claimledger.link.prepare_pool import prepared_documents
from claimledger.link.stories import Assignment, StoryIndex, StoryRow, UnitVector
from claimledger.link.weights import term_idf

__all__ = ["LinkReport", "LinkSession", "Linker", "link_documents"]


@dataclass
class LinkReport:
    """What a run linked.  The evidence of copy links, story units and claims is in the ledger, not
    here: a run over a whole ledger would hold it for every claim (``_merge`` drops it once stored)."""

    documents: list[str] = field(default_factory=list)
    doc_links: list[DocLink] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    # a pass's own report holds its Membership records (with evidence, until stored); a run's, the
    # stored ones packed (``Memberships``)
    memberships: list[Membership] | Memberships = field(default_factory=Memberships)
    conflicts: list[Conflict] = field(default_factory=list)
    incidents: list[Incident] = field(default_factory=list)
    figure_conflicts: list[FigureConflict] = field(default_factory=list)
    # stored stories merged into another: a story a session's earlier run opened may be one
    dropped_stories: list[int] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def new_stories(self) -> int:
        """Stories this run opened that are still stories at its end."""
        return len({a.story for a in self.assignments if a.new} - set(self.dropped_stories))

    def summary(self) -> str:
        new_stories = self.new_stories
        return (f"{len(self.documents)} documents linked: {len(self.doc_links)} copy links, "
                f"{len(self.assignments)} story units ({new_stories} new stories), "
                f"{len(self.memberships)} claims, {len(self.incidents)} incidents, "
                f"{len(self.conflicts) + len(self.figure_conflicts)} conflicts")


def _load_linker(ledger, docs: LedgerDocs, use_model: bool) -> Linker:
    from claimledger.store import link_rows as store

    dup = DuplicateIndex(load_shingles=docs.shingles, prefetch=docs.prefetch_shingles)
    for doc_id, seq, published, size, signature, anchors in store.sketch_rows(ledger):
        sketch = Sketch(doc_id=doc_id, seq=seq, published=published, size=size,
                        minhash=minhash_from_bytes(signature), anchors=list(anchors or []))
        dup.insert(sketch)
        sketch.minhash = None  # stored, and its bands are indexed: 1 kB a document not held
    stories = StoryIndex()
    for unit_id, doc_id, entry, data, story_id in store.unit_rows(ledger):
        stories.load_unit(UnitVector.from_data(unit_id, doc_id, entry, data), story_id)
    claims = ClaimGrouper(use_model=use_model, load_texts=lambda ids: store.claim_texts(ledger, ids))
    for doc_id, idx, data, group_id, stance in store.claim_rows(ledger):
        claims.load_claim(ClaimVector.from_data(f"{doc_id}:{idx}", doc_id, data), group_id, stance)
    claims.load_references(store.group_references(ledger))
    return Linker(dup, stories, claims)


def _conflict_row(c: Conflict, terms: str) -> dict[str, Any]:
    return {"id": c.id, "kind": c.kind, "story_id": c.story_id, "group_id": c.group_id, "label": c.label,
            "n_sources": c.n_sources, "n_figures": c.n_figures, "measure": c.measure, "figures": c.figures,
            "evidence": c.evidence, "terms": terms}


LinkProgress = Callable[[str, int, int], None]  # (step, done, total)
# SQLite page cache of a linking run's connections (the ledger's default is 64 MiB for ingest's
# random-key inserts): the linker reads each row about once and its writes are batched, so
# the cache buys it little, while at 20k documents 64 MiB was 8% of the run's peak memory
LINK_PAGE_CACHE_KIB = 16384


def _quiet(step: str, done: int, total: int) -> None:
    return None


def link_documents(ledger, doc_ids: Iterable[str] | None = None, *, use_model: bool = False,
                   progress: LinkProgress | None = None, workers: int = 1) -> LinkReport:
    """Link the given documents (default: every document not linked yet) and store the links.

    Documents already linked are skipped, so calling it after every ingest batch is cheap
    and idempotent.  ``use_model`` lets a trained stance model (when its artifact is
    present) mark denials in claim groups beside the negation/denial cue rule.

    One linker at a time per ledger (``Ledger.link_lock``: an advisory lock on PostgreSQL, a
    file lock beside a SQLite file): each run loads the indexes after the previous one stored
    its links, so concurrent ingests never hand out the same story or claim-group id.
    ``progress(step, done, total)`` hears of each document linked, then of the later steps.
    ``workers``: processes that read and prepare the new documents of a large run while this one
    indexes them (``claimledger.link.prepare_pool``; 0: none); the links are the same."""
    session = LinkSession(ledger, use_model=use_model, workers=workers, keep_loaded=False)
    return session.link(doc_ids, progress=progress)


class LinkSession:
    """A linker kept loaded from one run to the next: ``claimledger ingest`` links what it stored
    so far in a pass while its workers go on analysing, then the rest at the end.

    Each ``link(doc_ids)`` is a run of ``link_documents`` under the ledger's link lock; the
    indexes loaded for an earlier run are used again when the ledger holds no links but those
    this session wrote (another linker ran meanwhile: they are loaded afresh).  A run that
    fails drops them too.  Runs are stored one after the other, so the links are those of one
    run over all the documents (links are order- and batch-free).  ``report`` adds up every run
    (an incident or conflict a later run rewrote is counted once; one it merged away, not at all).
    """

    def __init__(self, ledger, *, use_model: bool = False, workers: int = 1, keep_loaded: bool = True):
        self.ledger = ledger
        self.use_model = use_model
        self.workers = workers
        # False (one run, ``link_documents``): the indexes are freed before the run's incident step,
        # which does not read them, so its memory comes out of theirs rather than on top
        self.keep_loaded = keep_loaded
        self.report = LinkReport()
        self._loaded: tuple[Linker, LedgerDocs] | None = None
        self._linked: set[str] = set()  # every linked document, as this session left the ledger
        self.runs = 0

    def link(self, doc_ids: Iterable[str] | None = None, *, progress: LinkProgress | None = None) -> LinkReport:
        """Link the given documents (default: every stored document not linked yet); this run's report."""
        with self.ledger.link_lock(), self.ledger.page_cache(LINK_PAGE_CACHE_KIB):
            began = time.perf_counter()
            plan = _plan(self.ledger, doc_ids)
            if plan.empty:
                return LinkReport()
            with frozen_heap():
                if self._loaded is None or plan.already != self._linked:
                    docs = LedgerDocs(self.ledger)
                    self._loaded = (_load_linker(self.ledger, docs, self.use_model), docs)
                    settle()
                linker, docs = self._loaded
                self._loaded = None  # kept again only once this run is stored whole
                report, incident_docs = _link_passes(self.ledger, linker, docs, plan, progress or _quiet, self.workers)
                kept = (linker, docs) if self.keep_loaded else None
                del linker
                (progress or _quiet)("incidents and conflicts", len(plan.todo), len(plan.todo))
                _link_incidents(self.ledger, docs, report, incident_docs, plan)
            self._loaded = kept
            self._linked = plan.already | {d for d, _, _ in plan.todo}
        report.seconds = time.perf_counter() - began
        _merge(self.report, report)
        for name in ("incidents", "conflicts", "figure_conflicts"):  # rewritten by a later run: its version
            setattr(self.report, name, list({x.id: x for x in getattr(self.report, name)}.values()))
        self.runs += 1
        if self.runs > 1:
            self._drop_gone()
        self.report.seconds += report.seconds
        return report

    def _drop_gone(self) -> None:
        """Forget incidents and conflicts a later run merged away: the report says what is stored."""
        from claimledger.store import link_rows as store

        conflicts = self.report.conflicts + self.report.figure_conflicts
        incidents, kept = store.still_stored(self.ledger, [i.id for i in self.report.incidents],
                                             [c.id for c in conflicts])
        self.report.incidents = [i for i in self.report.incidents if i.id in incidents]
        self.report.conflicts = [c for c in self.report.conflicts if c.id in kept]
        self.report.figure_conflicts = [c for c in self.report.figure_conflicts if c.id in kept]



DocRow = tuple[str, int, str]  # (document id, ingest seq, status)
PASS_DOCUMENTS = 2000  # new documents linked and stored per pass: what a pass holds stays bounded


@dataclass
class _Plan:
    """What one run links: new documents, linked documents whose claims came later, and
    whether the ledger still needs its incidents backfilled (a ledger upgraded to incidents)."""

    todo: list[DocRow]
    late: list[DocRow]
    already: set[str]
    backfill: bool
    pending: list[str] = field(default_factory=list)  # linked by a run stopped before its incidents

    @property
    def empty(self) -> bool:
        return not self.todo and not self.late and not self.backfill and not self.pending


@dataclass
class _Conflicts:
    """Conflicts found by a run, with the stored rows (search terms added) in the same order."""

    found: list[Conflict] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, conflict: Conflict, terms: str) -> None:
        self.found.append(conflict)
        self.rows.append(_conflict_row(conflict, terms))


# The store is imported inside the steps so that ``import claimledger.link`` (the in-memory
# ``Linker`` benchmarks use) does not load SQLAlchemy.
def _link_passes(ledger, linker: Linker, docs: LedgerDocs, plan: _Plan, progress: LinkProgress,
                 workers: int = 0) -> tuple[LinkReport, list[str]]:
    """Link what ``plan`` holds in passes of ``PASS_DOCUMENTS`` with the loaded linker; the report
    and the documents whose incidents the run then recomputes (``_link_incidents``)."""
    report = LinkReport()
    incident_docs = set(plan.pending)
    contexts: dict[str, dict[str, Any]] = {}  # contested claims' contexts (``_stance_conflicts``)
    with worker_pool(ledger, len(plan.todo), workers) as executor:
        # with workers, one stream over the whole run: they prepare the next pass's documents
        # (a function of each document alone) while this one finalizes and writes the pass before
        stream = executor.prepared(plan.todo) if executor is not None else None
        for n, start in enumerate(range(0, max(len(plan.todo), 1), PASS_DOCUMENTS)):
            # the first pass also takes the late claims; each pass is stored before the next reads
            # its documents, as separate runs would be (links are order- and batch-free)
            part = _Plan(todo=plan.todo[start:start + PASS_DOCUMENTS], late=plan.late if n == 0 else [],
                         already=plan.already, backfill=False)
            source = islice(stream, len(part.todo)) if stream is not None else \
                prepared_documents(docs, part.todo)
            _merge(report, _link_pass(ledger, linker, docs, part, incident_docs, contexts,
                                      _offset(progress, start, len(plan.todo)), source))
            settle()  # the pass's vectors and postings are the indexes' now
    # incidents once per run, not per pass: a unit's incidents are recomputed whole whenever it
    # grows (its idf is its documents'), so per pass a large unit would be clustered again and again
    return report, sorted(incident_docs)


def _link_pass(ledger, linker: Linker, docs: LedgerDocs, plan: _Plan, incident_docs: set[str],
               contexts: dict[str, dict[str, Any]], progress: LinkProgress, source: Iterator[Prepared]) -> LinkReport:
    """Link one pass of documents with the loaded linker and store what it found.  Incidents
    are the run's, after its passes: the pass adds its documents to ``incident_docs`` and
    stores them as pending with its links, so a run stopped before its incident step leaves
    them to the next run (``_plan`` reads them back)."""
    for d, seq, status in plan.todo + plan.late:
        docs.status[d] = status
        docs.seq[d] = seq
    steps = _add_documents(linker, docs, source, len(plan.todo), progress)
    late_memberships = _add_late_claims(linker, docs, plan.late)
    progress("incidents and conflicts", len(plan.todo), len(plan.todo))
    settled = linker.finalize()
    report = _report_of(steps, late_memberships)
    report.dropped_stories = list(settled.dropped_stories)
    conflicts = _Conflicts()
    replaced = _changed_figure_conflicts(ledger, docs, report.doc_links, conflicts)
    _stance_conflicts(ledger, linker.claims, settled.groups, conflicts, contexts)
    report.conflicts += conflicts.found
    incident_docs |= {a.doc_id for a in report.assignments} | {d for d, _, _ in plan.late}
    _write(ledger, linker, steps, report, settled, conflicts.rows, replaced,
           state={"incidents_pending": sorted(incident_docs)})
    # this pass's shingles are stored with their sketches: a later pass reads them when it compares
    for step in steps:
        step.sketch.shingles = step.sketch.minhash = None
    linker.duplicates.release_shingles()
    linker.claims.release_texts(m.claim_id for m in report.memberships)  # stored: read again when needed
    for d, _, _ in plan.todo + plan.late:  # read again only as stored documents, through the index
        docs.status.pop(d, None)
        docs.seq.pop(d, None)
    return report


def _offset(progress: LinkProgress, start: int, total: int) -> LinkProgress:
    """A pass's progress as that of the whole run."""
    return lambda step, done, _total: progress(step, start + done, total)


_STORED_EVIDENCE = STORED_EVIDENCE  # one shared empty dict, never written: 64 bytes a claim not held


def _merge(report: LinkReport, part: LinkReport) -> None:
    """Add a pass's lists to the run's (its seconds are the run's to measure), without the
    evidence of its stored copy links, units and claims (at 20,000 documents, the copy links'
    alone took 40 MB)."""
    for item in [*part.doc_links, *part.assignments]:
        item.evidence = _STORED_EVIDENCE
    for f in fields(LinkReport):
        if f.name != "seconds":
            getattr(report, f.name).extend(getattr(part, f.name))


def _plan(ledger, doc_ids: Iterable[str] | None) -> _Plan:
    from claimledger.store import link_rows as store

    already = store.linked_ids(ledger)
    wanted = store.document_seqs(ledger, doc_ids)
    # documents linked before they were analysed: their claims still need groups
    late = set(store.docs_with_ungrouped_claims(ledger, {d for d, _, _ in wanted} & already))
    return _Plan(todo=[row for row in wanted if row[0] not in already],
                 late=[row for row in wanted if row[0] in late], already=already,
                 backfill=bool(store.get_state(ledger, "incidents_backfill")),
                 pending=list(store.get_state(ledger, "incidents_pending") or []))


def _add_documents(linker: Linker, docs: LedgerDocs, source: Iterator[Prepared], total: int,
                   progress: LinkProgress) -> list[LinkStep]:
    """A pass's new documents, prepared (by the worker processes, when the run has them), through
    the in-memory linker."""
    steps: list[LinkStep] = []
    for prepared in source:
        steps.append(linker.add_prepared(prepared))
        docs.keep(prepared.doc_id, prepared.figures, prepared.quantities, prepared.numbers)
        progress("linking documents", len(steps), total)
    return steps


def _add_late_claims(linker: Linker, docs: LedgerDocs, late: list[DocRow]) -> list[Membership]:
    """Claim groups for the claims of documents analysed after they were linked (their
    incidents are the run's to recompute: they now have figures)."""
    memberships: list[Membership] = []
    for doc_id, seq, _status in late:
        memberships += linker.add_claims(docs.get(doc_id)[0], seq, docs.analysis(doc_id))
    return memberships


def _report_of(steps: list[LinkStep], late_memberships: list[Membership]) -> LinkReport:
    report = LinkReport(documents=[s.doc_id for s in steps])
    report.doc_links = [l for s in steps for l in s.links]
    report.assignments = [a for s in steps for a in s.assignments]
    report.memberships = [m for s in steps for m in s.memberships] + late_memberships
    return report


def _link_incidents(ledger, docs: LedgerDocs, report: LinkReport, doc_ids: list[str], plan: _Plan) -> None:
    """Incidents and their figure conflicts: the figures of the documents this run linked (and
    of those analysed late; of every linked document when backfilling) joined to the stored
    incidents, then the backfill and pending marks cleared.  Incidents are components of a
    graph with fixed weights, so they do not depend on the order or batches the documents came in."""
    from claimledger.store import link_rows as store

    fresh = set(doc_ids)
    if plan.backfill:
        fresh |= plan.already
    if fresh:
        run = link_incidents(ledger, sorted(fresh), docs.load, term_idf, expect=docs.expect, known=docs.figures)
        report.incidents = run.incidents
        report.figure_conflicts = run.conflicts
    if plan.backfill:
        store.put_state(ledger, "incidents_backfill", False)
    if plan.pending or fresh:
        store.put_state(ledger, "incidents_pending", [])


def _changed_figure_conflicts(ledger, docs: LedgerDocs, doc_links: list[DocLink], conflicts: _Conflicts) -> list[str]:
    """Figures the copies given new links changed, over all their links, stored and new (see
    ``copy_changes``); returns the ids of their stored change reports, which these replace."""
    from claimledger.store import link_rows as store

    links = links_by_copy(doc_links, store.links_into(ledger, {l.dst for l in doc_links}))
    docs.expect([])
    for conflict, terms in change_conflicts(docs, links, docs.numbers.get):
        conflicts.add(conflict, terms)
    return change_ids(links)


def _stance_conflicts(ledger, claims: ClaimGrouper, groups: list[GroupRow], conflicts: _Conflicts,
                      contexts: dict[str, dict[str, Any]]) -> None:
    """Claim groups the pass changed where one member denies what another states.  ``contexts``
    keeps each member's context for the run: a contested group touched again by a later pass
    reads only its new members' rows, not every member's again."""
    from claimledger.store import link_rows as store

    contested = [g for g in groups if len(g.members) > 1 and any(claims.stored_stance(m) == "denies" for m in g.members)]
    unread = sorted({m for g in contested for m in g.members if m not in contexts})
    read = store.claim_contexts(ledger, [_claim_key(m) for m in unread])  # claim and attribution rows, no texts
    for m in unread:
        contexts[m] = read[_claim_key(m)]
    for group in contested:
        ref = claims.claims[group.first].negated
        rows = [{"claim_id": m, "doc_id": v.doc_id, "stance": (stance := claims.stored_stance(m)),
                 "certainty": v.certainty, "negated": v.negated, "lead": v.lead,
                 "by_model": stance == "denies" and v.negated == ref, **contexts[m]}
                for m in group.members for v in [claims.claims[m]]]
        c = stance_conflict(group.id, group.label, rows)
        if c is not None:
            conflicts.add(c, group.label + " | " + " | ".join(sorted({r["source"] for r in rows})))


# --- rows ---------------------------------------------------------------------------------------
def _story_row(stories: StoryIndex, row: StoryRow) -> dict[str, Any]:
    return {"id": row.id, "label": row.label, "title": row.title, "size": len(row.members),
            "first_published": row.first, "last_published": row.last, "first_seq": row.first_seq,
            "last_seq": row.last_seq, "state": row.state,
            "evidence": {"threshold": stories.threshold, "entity_weight": stories.entity_weight,
                         "window_days": stories.window_days, "rule": "connected components of pairwise links"}}


def _group_row(claims: ClaimGrouper, g: GroupRow) -> dict[str, Any]:
    return {"id": g.id, "label": g.label, "first_claim": g.first, "size": g.size, "n_docs": len(g.docs),
            "state": g.to_state(), "evidence": {"threshold": claims.threshold,
                                                "rule": "connected components of pairwise links"}}


def _claim_key(claim_id: str) -> tuple[str, int]:
    doc_id, _, idx = claim_id.rpartition(":")
    return doc_id, int(idx)


def _group_member_rows(memberships: list[Membership]) -> list[dict[str, Any]]:
    rows = []
    for m in memberships:
        doc_id, idx = _claim_key(m.claim_id)
        rows.append({"doc_id": doc_id, "idx": idx, "group_id": m.group, "stance": m.stance,
                     "certainty": m.certainty, "score": m.score, "evidence": m.evidence})
    return rows


def _vector_rows(linker: Linker, steps: list[LinkStep], report: LinkReport) -> tuple[list[dict], list[dict]]:
    """The unit vectors and claim features of this run, stored so later runs compare with them
    (their data as the JSON text prepared with them, where there is one)."""
    encoded = {k: v for s in steps for k, v in s.stored_json.items()}
    units = [{"unit_id": a.unit_id, "doc_id": a.doc_id, "entry": a.entry,
              "data": encoded.get(a.unit_id) or linker.stories.units[a.unit_id].to_data()} for a in report.assignments]
    claims = [{"doc_id": d, "idx": i, "data": encoded.get(m.claim_id) or linker.claims.claims[m.claim_id].to_data()}
              for m in report.memberships for d, i in [_claim_key(m.claim_id)]]
    return units, claims


def _shingle_bytes(shingles: Any) -> bytes | None:
    """A sketch's shingle hashes as stored (sorted uint32), or None when not at hand."""
    return None if shingles is None else np.asarray(shingles, dtype=np.uint32).tobytes()


def _write(ledger, linker: Linker, steps: list[LinkStep], report: LinkReport, settled: Settled,
           conflict_rows: list[dict[str, Any]], replaced: list[str], state: dict[str, Any]) -> None:
    """Everything the run found, in one write; the conflicts of touched stories and groups are replaced."""
    from claimledger.store import link_rows as store

    sketches = [{"doc_id": s.sketch.doc_id, "seq": s.sketch.seq, "published": s.sketch.published,
                 "size": s.sketch.size, "minhash": s.sketch.signature(), "anchors": s.sketch.anchors,
                 "shingles": _shingle_bytes(s.sketch.shingles)} for s in steps]
    link_rows = [{"src": l.src, "dst": l.dst, "kind": l.kind, "score": l.score, "jaccard": l.jaccard,
                  "containment": l.containment, "basis": l.basis, "evidence": l.evidence} for l in report.doc_links]
    new_units = {a.unit_id for a in report.assignments}
    member_rows = [{"unit_id": a.unit_id, "story_id": a.story, "doc_id": a.doc_id, "entry": a.entry,
                    "score": a.score, "evidence": a.evidence} for a in report.assignments]
    moved = [{"unit_id": u, "story_id": sid} for u, sid in sorted(settled.moved_units.items()) if u not in new_units]
    changed = [{"doc_id": d, "idx": i, "group_id": gid, "stance": stance, "evidence_patch": patch}
               for cid, gid, stance, patch in settled.changed_claims for d, i in [_claim_key(cid)]]
    units, claims = _vector_rows(linker, steps, report)
    touched_stories = sorted({r.id for r in settled.stories} | set(settled.dropped_stories))
    touched_groups = sorted({g.id for g in settled.groups} | set(settled.dropped_groups))
    store.write_links(ledger, sketches=sketches, doc_links=link_rows, units=units, claims=claims,
                      stories=[_story_row(linker.stories, r) for r in settled.stories], members=member_rows,
                      moved=moved, dropped_stories=settled.dropped_stories,
                      groups=[_group_row(linker.claims, g) for g in settled.groups],
                      group_members=_group_member_rows(report.memberships), changed=changed,
                      dropped_groups=settled.dropped_groups, conflicts=conflict_rows,
                      drop_conflicts={"story_id": touched_stories, "group_id": touched_groups, "id": replaced},
                      state=state)
