"""The analyze orchestrator: units, one pass, exact offsets, outlet in chains, workers, store."""

from __future__ import annotations

from functools import lru_cache

from claimledger.analyze.pipeline import analyze_document, analyze_documents
from claimledger.analyze.pipeline_units import ANALYSED_KINDS, analysis_units, blank_text
from claimledger.clean import clean_text
from claimledger.demo import sample_text
from claimledger.store import Ledger


@lru_cache(maxsize=None)
def cleaned(name: str, outlet: str | None = None):
    return clean_text(sample_text(name), source=name, outlet=outlet)


@lru_cache(maxsize=None)
def analysed(name: str):
    return analyze_document(cleaned(name))


def test_units_blank_everything_not_analysed():
    blog = cleaned("telegraph")
    units = analysis_units(blog)
    assert [u.entry for u in units] == [None, 0, 1, 2, 3]
    text = blog.document.text
    blank = blank_text(text, blog.segments)
    assert len(blank) == len(text) and blank.count("\n") == text.count("\n")
    for seg in blog.segments:
        part = blank[seg.start:seg.end]
        if seg.kind in ANALYSED_KINDS:
            assert part == text[seg.start:seg.end]
        else:
            assert not part.strip(), seg.kind
    article = cleaned("express")
    assert len(analysis_units(article)) == 1


def test_blanking_keeps_overlapping_and_touching_segments_whole():
    from claimledger.records import Segment

    text = "Headline here\nBy A. Writer\nKyiv said 3 drones fell.\nComments: fake!"
    line = [0, 14, 27, 52, len(text)]
    segments = [Segment(order=0, kind="headline", start=0, end=13), Segment(order=1, kind="byline", start=14, end=26),
                Segment(order=2, kind="body", start=27, end=51), Segment(order=3, kind="body", start=30, end=40),
                Segment(order=4, kind="comment", start=52, end=len(text))]
    blank = blank_text(text, segments)
    assert blank[line[0]:line[1]] == text[:14] and blank[line[2]:line[3]] == text[27:52]
    assert blank[line[1]:line[2]] == " " * 12 + "\n" and blank[line[3]:] == " " * (len(text) - 52)


def test_every_record_points_into_document_text():
    for name in ("express", "telegraph"):
        text = cleaned(name).document.text
        analysis = analysed(name)
        assert analysis.claims and analysis.attributions
        for rec in analysis.mentions + analysis.quantities + analysis.times + analysis.claims:
            assert text[rec.start:rec.end] == rec.text, rec
        for q in analysis.quantities:
            if q.counted_start is not None and q.counted:
                assert text[q.counted_start:q.counted_end] == q.counted
        for a in analysis.attributions:
            assert text[a.source.start:a.source.end] == a.source.text
            assert text[a.cue_start:a.cue_end] == a.cue
        for c in analysis.claims:
            for cue in c.cues:
                if cue.start is not None:
                    assert text[cue.start:cue.end] == cue.text
            for i in c.quantities + c.mentions + c.times:
                assert i >= 0
            assert c.quantities == [] or max(c.quantities) < len(analysis.quantities)
            assert c.mentions == [] or max(c.mentions) < len(analysis.mentions)
            assert c.attribution is None or c.attribution < len(analysis.attributions)


def test_outlet_closes_every_chain():
    analysis = analyze_document(cleaned("express", outlet="Express"))
    assert all(a.via and a.via[-1].text == "Express" and a.via[-1].kind == "outlet" for a in analysis.attributions)


def test_stream_keeps_order_and_workers_agree():
    docs = [cleaned("express"), cleaned("telegraph"), cleaned("express", outlet="Express")]
    one = list(analyze_documents(docs, n_process=1, batch_size=2))
    two = list(analyze_documents(docs, n_process=2, batch_size=1))
    assert [c for c, _ in one] == docs and [c for c, _ in two] == docs
    assert [a.to_dict() for _, a in one] == [a.to_dict() for _, a in two]


def test_hedge_scorer_is_wired_through():
    analysis = analyze_document(cleaned("telegraph"), hedge_scorer=lambda sents: [0.99] * len(sents))
    assert all(c.scores.get("hedge") == 0.99 for c in analysis.claims)
    assert all(c.certainty != "asserted" for c in analysis.claims)


def test_ledger_round_trip_keeps_attributions(tmp_path):
    ledger = Ledger(tmp_path / "l.db")
    item = cleaned("express", outlet="Express")
    analysis = analyze_document(item)
    assert ledger.add(item, analysis) == "added"
    stored = ledger.analysis(item.document.id)
    assert [a.to_dict() for a in stored.attributions] == [a.to_dict() for a in analysis.attributions]
    assert [c.certainty for c in stored.claims] == [c.certainty for c in analysis.claims]


def test_shortcuts_equal_the_model_pipes():
    """Cached morphology and the vectorised NER give every POS, lemma, morph, label and entity
    the model's own attribute ruler, lemmatizer and NER give."""
    from claimledger.analyze.pipeline import load_nlp

    texts = [sample_text("express"), sample_text("telegraph"),
             "There's no way they're gonna let 's say I ain't sure, but it did.\n\nGot ta go."]
    fast, slow = load_nlp(shortcuts=True), load_nlp(shortcuts=False)
    assert "attribute_ruler" not in fast.pipe_names and "lemmatizer" in slow.pipe_names
    assert "ner" not in fast.pipe_names and "claimledger_ner" in fast.pipe_names
    for _ in range(2):  # cold cache, then warm cache
        for a, b in zip(fast.pipe(texts), slow.pipe(texts)):
            assert [(t.pos_, t.lemma_, str(t.morph), t.dep_, t.ent_iob_, t.ent_type_) for t in a] == [
                (t.pos_, t.lemma_, str(t.morph), t.dep_, t.ent_iob_, t.ent_type_) for t in b]


def test_vectorised_ner_finds_the_models_entities_on_news_bodies():
    """120 FNC-1 bodies (about 50,000 tokens, every entity type), parsed in batches of
    documents of very different lengths: the same entity spans and labels as spaCy's decoder."""
    import csv

    from claimledger.analyze.pipeline import load_nlp, one_blas_thread
    from tests.conftest import require_shared

    with open(require_shared("fnc1") / "train_bodies.csv", encoding="utf-8", newline="") as fh:
        texts = [row["articleBody"] for row, _ in zip(csv.DictReader(fh), range(120))]
    fast, slow = load_nlp(shortcuts=True), load_nlp(shortcuts=False)

    def entities(nlp) -> list:
        return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in nlp.pipe(texts, batch_size=32)]

    with one_blas_thread():
        mine, theirs = entities(fast), entities(slow)
    assert sum(map(len, theirs)) > 2000
    assert mine == theirs


def test_vectorised_ner_leaves_preset_entities_to_the_model():
    from spacy.tokens import Span

    from claimledger.analyze.pipeline import load_nlp

    fast, slow = load_nlp(shortcuts=True), load_nlp(shortcuts=False)
    text = "Officials in Kyiv said Andriy Yermak met Joe Biden on Tuesday."
    docs = []
    for nlp in (fast, slow):
        doc = nlp.make_doc(text)
        doc.set_ents([Span(doc, 2, 3, label="ORG")])  # a preset the NER must keep
        for name, proc in nlp.pipeline:
            doc = proc(doc)
        docs.append([(e.start, e.end, e.label_) for e in doc.ents])
    assert docs[0] == docs[1] and (2, 3, "ORG") in docs[0]


def test_document_without_analysed_segments_gets_an_empty_analysis():
    from claimledger.records import Cleaned, Document, Segment

    text = "Source: Read Full Article\n\nEnter comments here:"
    item = Cleaned(Document(id="x", text=text), [Segment("furniture", 0, 0, 25), Segment("furniture", 1, 27, len(text))])
    analysis = analyze_document(item)
    assert analysis.claims == [] and analysis.attributions == [] and analysis.mentions == []


def test_numpy_matmul_parses_as_the_models_own_blis_layers():
    """The pipeline's layers multiply through numpy on one BLAS thread; every tag, head, label,
    sentence start and entity equals what the model with thinc's BLIS gives on the samples."""
    import spacy

    from claimledger.analyze.abbreviations import add_abbreviations
    from claimledger.analyze.pipeline import MODEL, load_nlp, one_blas_thread

    texts = [sample_text("express"), sample_text("telegraph")]
    ours = load_nlp(shortcuts=False)
    theirs = spacy.load(MODEL)
    add_abbreviations(theirs)
    theirs.add_pipe("claimledger_paragraphs", before="parser")
    assert theirs.pipe_names == ours.pipe_names
    assert not ours.get_pipe("ner").model.ops.use_blis and theirs.get_pipe("ner").model.ops.use_blis

    def parsed(nlp) -> list:
        return [([(t.tag_, t.head.i, t.dep_, t.lemma_, t.is_sent_start) for t in doc],
                 [(e.start, e.end, e.label_) for e in doc.ents]) for doc in nlp.pipe(texts)]

    with one_blas_thread():
        assert parsed(ours) == parsed(theirs)
