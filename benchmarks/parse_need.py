"""Which sentences need a dependency parse, and what the parse costs: is parsing less worth it?

    python benchmarks/parse_need.py DATA.jsonl [--limit 300]

DATA.jsonl: one ``{"text": ...}`` a line (e.g. the FNC-1 train bodies).  Each text is cleaned
and cut into analysis units as ``claimledger ingest`` does; the units are parsed with the
analyze pipeline.  Printed: CPU ms per document of tok2vec + tagger, the parser, the NER and
the model's (disabled) senter, each run alone over the units; then the share of non-empty
parser sentences (and of their tokens) that hold each trigger a parse-reading extractor
answers to: an attribution cue lemma (the cue lexicon, "according"), a quotation mark, a colon,
a number (digits, a number word), a certainty word (the certainty lexicon's words), a
coordination (a CCONJ or ";"), and the unions.  A sentence with none of them would be the one a
"parse only what needs it" pipeline could leave flat; the parser time times the share of tokens
left is the most it could save (before the senter and the split).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from claimledger.analyze import certainty_lexicon
from claimledger.analyze.attribution_lexicon import cue_classes
from claimledger.analyze.pipeline import load_nlp, one_blas_thread
from claimledger.analyze.pipeline_units import analysis_units, blank_text
from claimledger.analyze.quantities_numbers import START_WORDS
from claimledger.clean import clean_text

QUOTES = set('"“”‘’\'«»')
NUMBER_WORDS = START_WORDS - {"a"}  # "a" starts a number only before "dozen", "hundred" ...
UNIONS = {"cue, quote, number": ("cue", "quote", "number"),
          "cue, quote, number, colon": ("cue", "quote", "number", "colon"),
          "all but coordination": ("cue", "quote", "colon", "number", "certainty"),
          "any": ("cue", "quote", "colon", "number", "certainty", "coordination")}


def certainty_words() -> set[str]:
    """Single words of the certainty lexicon's tables (hedges, denials, frames, ...)."""
    out: set[str] = set()
    for name in dir(certainty_lexicon):
        value = getattr(certainty_lexicon, name)
        if name.isupper() and name != "DEMONSTRATIVES" and isinstance(value, (dict, frozenset, set)):
            out |= {w for w in value if isinstance(w, str) and " " not in w and w.islower()}
    return out


def triggers(sent, cues: set[str], certainty: set[str]) -> dict[str, bool]:
    text = sent.text
    return {
        "cue": any(t.lemma_.lower() in cues or t.lower_ in cues for t in sent),
        "quote": any(ch in QUOTES for ch in text),
        "colon": ":" in text,
        "number": any(t.text[:1].isdigit() or t.like_num or t.lower_ in NUMBER_WORDS for t in sent),
        "certainty": any(t.lower_ in certainty or t.lemma_.lower() in certainty for t in sent),
        "coordination": any(t.pos_ == "CCONJ" or t.text == ";" for t in sent),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data", type=Path, help="JSONL, one {\"text\": ...} a line")
    ap.add_argument("--limit", type=int, default=300, help="only the first N documents")
    args = ap.parse_args(argv)
    with args.data.open(encoding="utf-8") as f:
        texts = [json.loads(line)["text"] for _, line in zip(range(args.limit), f)]
    units = []
    for text in texts:
        cleaned = clean_text(text)
        blank = blank_text(cleaned.document.text, cleaned.segments)
        units += [blank[u.start:u.end] for u in analysis_units(cleaned)]
    nlp = load_nlp()
    n = len(texts)

    def timed(names: list[str], docs: list) -> tuple[float, list]:
        start = time.process_time()
        with one_blas_thread():  # as the pipeline parses (analyze/pipeline.py)
            for name in names:
                docs = list(nlp.get_pipe(name).pipe(docs, batch_size=32))
        return 1000 * (time.process_time() - start) / n, docs

    fresh = [nlp.make_doc(t) for t in units]
    paragraphs = nlp.get_pipe("claimledger_paragraphs")
    tagged_ms, docs = timed(["tok2vec", "tagger"], [paragraphs(d) for d in fresh])
    parser_ms, docs = timed(["parser"], docs)
    ner = "claimledger_ner" if "claimledger_ner" in nlp.pipe_names else "ner"  # the NER the pipeline runs
    ner_ms, _ = timed([ner], [nlp.make_doc(t) for t in units])
    nlp.enable_pipe("senter")
    senter_ms, _ = timed(["senter"], [nlp.make_doc(t) for t in units])
    nlp.disable_pipe("senter")
    morph = nlp.get_pipe("claimledger_morph")
    docs = [morph(d) for d in docs]
    print(f"{n} documents, {len(units)} units; CPU ms/doc: tok2vec+tagger {tagged_ms:.1f}, parser {parser_ms:.1f}, "
          f"ner {ner_ms:.1f}, senter {senter_ms:.1f}")

    cues, certainty = set(cue_classes()) | {"according"}, certainty_words()
    rows = [(len(s), triggers(s, cues, certainty)) for d in docs for s in d.sents if s.text.strip()]
    sentences, tokens = len(rows), sum(k for k, _ in rows)
    print(f"{sentences} sentences, {tokens} tokens")
    print(f"{'trigger':<28} {'sentences':>9} {'tokens':>7}")
    named = {key: (key,) for key in rows[0][1]} if rows else {}
    for label, keys in {**named, **UNIONS}.items():
        hit = [(k, f) for k, f in rows if any(f[key] for key in keys)]
        print(f"{label:<28} {len(hit) / sentences:>9.2f} {sum(k for k, _ in hit) / tokens:>7.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
