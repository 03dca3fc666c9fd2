"""Parse-based features of a (claim, headline) pair for the claim/article stance model.

Two readings of the spaCy pipeline's output:

* structure: is the claim's main predicate asserted as the headline's root (for), embedded
  under a reporting or speculation word or a modal, asked as a question (observing), or
  negated / refuted (against);
* dense: the tok2vec vectors (``doc.tensor``) of headline and claim, mean and max pooled, with
  the headline-claim difference and product.

Both take spaCy ``Doc`` objects so a batch is parsed once (``parse_texts``); the pipeline is
the project's English model without NER (only tok2vec, tagger, parser and lemmas are read).
The shipped stance model does not read them: on the claim-grouped inner CV they did not help
(``training/emergent_stance_tried.py`` prints the figures; the model card lists them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

# Verbs and nouns under which a predicate is reported, not asserted.
REPORT_LEMMAS = frozenset(
    """say report claim tell reveal allege suggest believe think speculate expect insist
    hint indicate appear seem emerge surface circulate rumor rumour accord confirm announce
    predict forecast warn fear hope want plan consider mull eye weigh seek threaten vow
    promise propose""".split()
)
SPECULATION_NOUNS = frozenset(
    """report reports rumor rumors rumour rumours claim claims speculation allegation
    allegations talk talks plan plans bid deal word sources source story stories theory
    hoax reportedly""".split()
)
REFUTE_LEMMAS = frozenset(
    """deny debunk refute dismiss reject fake hoax false untrue myth bogus satire rubbish
    nonsense wrong retract baseless unfounded prank fabricate""".split()
)
MODALS = frozenset("may might could would will should can must".split())
_VERBAL = ("VERB", "AUX")


def parse_texts(texts: Sequence[str]) -> list[Doc]:
    """spaCy docs of ``texts`` (each distinct text parsed once), in input order."""
    from claimledger.analyze.pipeline import load_nlp

    nlp = load_nlp()
    unique = sorted(set(texts))
    with nlp.select_pipes(enable=[p for p in ("tok2vec", "tagger", "parser", "claimledger_morph",
                                              "attribute_ruler", "lemmatizer") if p in nlp.pipe_names]):
        by_text = dict(zip(unique, nlp.pipe(unique, batch_size=256)))
    return [by_text[t] for t in texts]


def _main_predicate(doc: Doc) -> Token | None:
    """The claim's main verb: the root if verbal, else the first verb (None for verbless text)."""
    roots = [t for t in doc if t.dep_ == "ROOT"]
    if roots and roots[0].pos_ in _VERBAL:
        return roots[0]
    return next((t for t in doc if t.pos_ in _VERBAL), roots[0] if roots else None)


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def _has_modal(tok: Token) -> bool:
    """A modal among the auxiliaries ("may have driven": the parser may hang "may" on "have")."""
    return any(w.tag_ == "MD" or w.lower_ in MODALS for c in tok.children if c.dep_ in ("aux", "auxpass")
               for w in c.subtree)


def _embedded(tok: Token) -> bool:
    """True when an ancestor is a reporting verb or a speculation noun ("reports that ...")."""
    return any(a.lemma_.lower() in REPORT_LEMMAS or a.lower_ in SPECULATION_NOUNS for a in tok.ancestors)


def _subject_lemmas(tok: Token) -> set[str]:
    return {w.lemma_.lower() for c in tok.children if c.dep_ in ("nsubj", "nsubjpass")
            for w in c.subtree if w.pos_ in ("NOUN", "PROPN", "PRON")}


def _align(claim_pred: Token | None, headline: Doc) -> Token | None:
    """The headline token that carries the claim's predicate: same lemma, else same 5-letter stem."""
    if claim_pred is None:
        return None
    lemma = claim_pred.lemma_.lower()
    same = [t for t in headline if t.lemma_.lower() == lemma]
    if not same and len(lemma) >= 5:
        same = [t for t in headline if t.lower_[:5] == lemma[:5]]
    return same[0] if same else None


def structure_features(claim_doc: Doc, headline_doc: Doc) -> list[float]:
    """How the headline carries the claim: asserted at its root, embedded, modal, negated, asked."""
    roots = [t for t in headline_doc if t.dep_ == "ROOT"]
    root = roots[0] if roots else None
    pred = _main_predicate(claim_doc)
    hit = _align(pred, headline_doc)
    claim_subject = _subject_lemmas(pred) if pred is not None else set()
    head_lemmas = {t.lemma_.lower() for t in headline_doc}
    first_sent_q = bool(roots) and roots[0].sent.text.rstrip().endswith("?")
    feats = [
        float(root is not None and root.pos_ in _VERBAL),
        float(root is not None and root.lemma_.lower() in REPORT_LEMMAS),
        float(root is not None and any(c.dep_ in ("ccomp", "xcomp") for c in root.children)),
        float(root is not None and _negated(root)),
        float(root is not None and _has_modal(root)),
        float(any(t.lemma_.lower() in REFUTE_LEMMAS for t in headline_doc)),
        float(len(roots)),
        float(first_sent_q),
        float(hit is not None),
    ]
    if hit is None:
        return feats + [0.0] * 10
    hit_sent_q = hit.sent.text.rstrip().endswith("?")
    return feats + [
        float(hit.dep_ == "ROOT"),
        float(_embedded(hit)),
        float(any(a.lemma_.lower() in REFUTE_LEMMAS for a in hit.ancestors)),
        float(_has_modal(hit) or any(_has_modal(a) for a in hit.ancestors)),
        float(_negated(hit) or any(_negated(a) for a in hit.ancestors)),
        float(_negated(hit) != (pred is not None and _negated(pred))),
        float(hit.tag_ in ("VB", "VBG") and any(c.lower_ == "to" for c in hit.children)),
        float(hit_sent_q),
        float(bool(claim_subject) and bool(claim_subject & head_lemmas)),
        float(len(list(hit.ancestors))),
    ]


STRUCTURE_NAMES = (
    "root_verbal", "root_reporting", "root_embeds_clause", "root_negated", "root_modal", "refuting_word",
    "sentences", "first_sentence_question", "predicate_found", "predicate_is_root", "predicate_embedded",
    "predicate_under_refuting", "predicate_modal", "predicate_negated", "negation_mismatch",
    "predicate_to_infinitive", "predicate_in_question", "claim_subject_in_headline", "predicate_depth",
)
N_STRUCTURE = len(STRUCTURE_NAMES)
DENSE_WIDTH = 96  # the tok2vec width of en_core_web_sm


def _pooled(doc: Doc) -> tuple[np.ndarray, np.ndarray]:
    t = doc.tensor
    if t is None or len(t) == 0 or t.shape[1] != DENSE_WIDTH:
        z = np.zeros(DENSE_WIDTH, dtype=np.float32)
        return z, z
    return t.mean(axis=0), t.max(axis=0)


def _token_vector(doc: Doc, i: int | None) -> np.ndarray:
    """The tok2vec vector of token ``i`` (zeros when there is none)."""
    t = doc.tensor
    if i is None or t is None or len(t) <= i or t.shape[1] != DENSE_WIDTH:
        return np.zeros(DENSE_WIDTH, dtype=np.float32)
    return np.asarray(t[i], dtype=np.float32)


def dense_features(claim_doc: Doc, headline_doc: Doc) -> np.ndarray:
    """Pooled tok2vec vectors: headline mean and max, headline-claim difference and product, cosine."""
    hm, hx = _pooled(headline_doc)
    cm, _ = _pooled(claim_doc)
    cos = float(hm @ cm / (np.linalg.norm(hm) * np.linalg.norm(cm) + 1e-9))
    return np.concatenate([hm, hx, hm - cm, hm * cm, [cos]]).astype(np.float32)


_ROOT_DEPS = ("aux", "auxpass", "neg", "advmod", "nsubj", "nsubjpass", "ccomp", "xcomp", "dobj", "prep", "mark")


def structure_terms(claim_doc: Doc, headline_doc: Doc) -> list[str]:
    """Sparse parse terms of the headline: root lemma, the root's dependents by relation, the
    relation path that carries the claim's predicate, lemmas of verbs."""
    terms = []
    for root in (t for t in headline_doc if t.dep_ == "ROOT"):
        terms.append(f"R:{root.lemma_.lower()}")
        terms.append(f"RP:{root.pos_}")
        for c in root.children:
            if c.dep_ in _ROOT_DEPS:
                terms.append(f"R>{c.dep_}:{c.lemma_.lower() if c.dep_ in ('aux', 'neg', 'advmod', 'mark') else c.pos_}")
    terms += [f"V:{t.lemma_.lower()}" for t in headline_doc if t.pos_ in _VERBAL]
    hit = _align(_main_predicate(claim_doc), headline_doc)
    if hit is not None:
        terms.append(f"H:{hit.dep_}:{hit.tag_}")
        terms += [f"H^{a.dep_}:{a.lemma_.lower()}" for a in list(hit.ancestors)[:2]]
        terms += [f"H>{c.dep_}:{c.lemma_.lower()}" for c in hit.children if c.dep_ in ("aux", "auxpass", "neg", "advmod")]
    else:
        terms.append("H:none")
    return terms
