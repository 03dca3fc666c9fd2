"""ECB+ documents as plain text, and the hash-chosen hand-check sample (``realnews.py``).

ECB+ stores each sentence as tokens joined by single spaces; ``page_text`` undoes the
tokenizer's spacing (punctuation, quotes, split hyphens and clock times) and writes one
sentence per paragraph, as a scraped page gives them.  The first sentence of an ``ecbplus``
document (its URL) is left out, as the corpus marks with ``first_sentence_index``.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

# ECB+ train event clusters about violent events (shootings, bombings, stabbings, arson
# attacks), read from each cluster's documents: the hand-check sample is drawn from these.
VIOLENT_CLUSTERS = ("3_ecb", "8_ecb", "8_ecbplus", "16_ecb", "16_ecbplus", "19_ecb", "19_ecbplus",
                    "22_ecb", "22_ecbplus", "32_ecb", "32_ecbplus", "33_ecb", "33_ecbplus")
SAMPLE_SIZE = 20

_RULES = [  # clock times and "a.m." before the general punctuation rule takes their spaces
    (re.compile(r"(\d) : (\d\d)"), r"\1:\2"), (re.compile(r"\b([ap]) \. m \."), r"\1.m."),
    (re.compile(r"``\s*"), "“"), (re.compile(r"\s*''"), "”"),
    (re.compile(r"\s+([,.;:!?%)\]}])"), r"\1"), (re.compile(r"([(\[{$])\s+"), r"\1"),
    (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b", re.I), r"\1"), (re.compile(r"\s+’s\b"), "’s"),
    (re.compile(r"(\w) - (?=\w)"), r"\1-"), (re.compile(r"(\d) / (\d)"), r"\1/\2"),
]


def detokenize(sentence: str) -> str:
    """One ECB+ sentence with the tokenizer's spaces taken out again."""
    text = sentence
    for rx, repl in _RULES:
        text = rx.sub(repl, text)
    return text.strip()


def page_text(doc: dict) -> str:
    """The document as a plain-text page: one sentence per paragraph."""
    sentences = doc["sentences"][doc.get("first_sentence_index", 0):]
    return "\n\n".join(detokenize(s) for s in sentences if s.strip()) + "\n"


def rank(doc_id: str) -> str:
    return hashlib.sha256(doc_id.encode("utf-8")).hexdigest()


def load_train(data_dir: Path) -> dict[str, dict]:
    path = Path(data_dir) / "ecbplus_documents_train.jsonl"
    with path.open(encoding="utf-8") as fh:
        return {d["doc_id"]: d for d in map(json.loads, fh)}


def sample_ids(docs: dict[str, dict], size: int = SAMPLE_SIZE) -> list[str]:
    """The ``size`` violent-event documents with the smallest SHA-256 of their id."""
    pool = [i for i, d in docs.items() if d["cluster_id"] in VIOLENT_CLUSTERS]
    return sorted(pool, key=rank)[:size]
