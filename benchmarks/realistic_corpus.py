"""Assemble N distinct, realistic news documents from real paragraphs of the shared corpora (JSONL).

    python benchmarks/realistic_corpus.py ../shared/data 5000 /tmp/realistic-5000.jsonl [--seed 7]

Sources (under DATA_DIR): FNC-1 train bodies, PolNeAR texts, ECB+ train + dev documents
(sentences in threes as paragraphs), PTC (SemEval-2020 task 11) train articles and the
article-extraction benchmark's ground-truth bodies.  Each source article is a list of
paragraphs; a document is a run of consecutive paragraphs of one article, starting at a
random paragraph (wrapping round to the top), as long (in words) as a body drawn from FNC-1's body-length distribution
— the way a report, its excerpt and its rewrite share passages.  No paragraph is used more
than ``MAX_USES`` (3) times and no two documents have the same text.  Each article gets a
date in 2022–2024 and its documents a date within three days of it, an outlet and a
headline (the first words of the document's first paragraph).  Deterministic for a seed.
The generator stops early (and says so on stderr) when the paragraphs run out.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import random
import re
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Iterator

MAX_USES = 3
_PARA = re.compile(r"\n\s*\n|\n")
_WORDS = re.compile(r"\S+")


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in _PARA.split(text) if len(_WORDS.findall(p)) >= 5]


def fnc1(data: Path) -> Iterator[list[str]]:
    csv.field_size_limit(10**9)
    with (data / "fnc1" / "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            yield _paragraphs(row["articleBody"])


def polnear(data: Path) -> Iterator[list[str]]:
    for path in sorted((data / "polnear" / "data").glob("*/text/*.txt")):
        yield _paragraphs(path.read_text(encoding="utf-8", errors="replace"))


def ecb(data: Path) -> Iterator[list[str]]:
    for split in ("train", "dev"):
        with (data / "news_clustering" / f"ecbplus_documents_{split}.jsonl").open(encoding="utf-8") as handle:
            for line in handle:
                doc = json.loads(line)
                sentences = doc["sentences"][doc["first_sentence_index"]:]
                yield [" ".join(sentences[i:i + 3]) for i in range(0, len(sentences), 3)]


def ptc(data: Path) -> Iterator[list[str]]:
    for path in sorted((data / "ptc_semeval2020_t11" / "train-articles").glob("*.txt")):
        yield _paragraphs(path.read_text(encoding="utf-8", errors="replace"))[1:]  # the first line is the title


def extraction(data: Path) -> Iterator[list[str]]:
    truth = json.loads((data / "article_extraction_benchmark" / "ground-truth.json").read_text(encoding="utf-8"))
    for key in sorted(truth):
        yield _paragraphs(truth[key].get("articleBody") or "")


SOURCES = {"fnc1": fnc1, "polnear": polnear, "ecb+": ecb, "ptc": ptc, "extraction": extraction}


def articles(data: Path) -> list[tuple[str, list[str]]]:
    """(source, paragraphs) of every article with at least one paragraph, in a fixed order."""
    out = []
    for name, read in SOURCES.items():
        out += [(name, paras) for paras in read(data) if paras]
    return out


def fnc1_lengths(data: Path) -> list[int]:
    """Words per FNC-1 train body: the length distribution documents follow."""
    csv.field_size_limit(10**9)
    with (data / "fnc1" / "train_bodies.csv").open(encoding="utf-8", newline="") as handle:
        return sorted(len(_WORDS.findall(r["articleBody"])) for r in csv.DictReader(handle))


def _document(rng: random.Random, paras: list[str], uses: dict[tuple[int, int], int], art: int,
              target: int) -> list[str]:
    start = rng.randrange(len(paras))
    chosen: list[str] = []
    words = 0
    for i in [*range(start, len(paras)), *range(start)]:  # from a random paragraph, round to it
        if uses.get((art, i), 0) >= MAX_USES:
            continue
        chosen.append(paras[i])
        uses[(art, i)] = uses.get((art, i), 0) + 1
        words += len(_WORDS.findall(paras[i]))
        if words >= target:
            break
    return chosen


def documents(data: Path, n: int, seed: int = 7) -> Iterator[dict]:
    """``n`` JSONL records (text, title, url, outlet, published); fewer when the paragraphs run out."""
    rng = random.Random(seed)
    pool = articles(data)
    lengths = fnc1_lengths(data)
    dates = [date(2022, 1, 1) + timedelta(days=rng.randrange(3 * 365)) for _ in pool]
    uses: dict[tuple[int, int], int] = {}
    seen: set[str] = set()
    live = list(range(len(pool)))
    made = misses = 0
    while made < n and live and misses < 50 * n:
        k = rng.randrange(len(live))
        art = live[k]
        paras = _document(rng, pool[art][1], uses, art, rng.choice(lengths))
        if all(uses.get((art, i), 0) >= MAX_USES for i in range(len(pool[art][1]))):
            live[k] = live[-1]
            live.pop()
        text = "\n\n".join(paras)
        digest = hashlib.sha1(text.encode("utf-8")).hexdigest()
        if not paras or digest in seen:
            misses += 1
            continue
        seen.add(digest)
        title = " ".join(_WORDS.findall(paras[0])[:10]).rstrip(".,;:")
        day = dates[art] + timedelta(days=rng.randrange(-3, 4))
        made += 1
        yield {"text": f"{title}\n\n{text}\n", "title": title, "url": f"https://corpus.example/{seed}/{made}",
               "outlet": f"{pool[art][0]} outlet {rng.randrange(20)}", "published": day.isoformat()}
    if made < n:
        print(f"realistic_corpus: only {made:,} distinct documents before the paragraphs ran out", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("data_dir", type=Path, help="the shared data folder (../shared/data)")
    parser.add_argument("n", type=int, help="documents to write")
    parser.add_argument("out", type=Path, help="the JSONL file to write")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    count = 0
    with args.out.open("w", encoding="utf-8") as out:
        for record in documents(args.data_dir, args.n, args.seed):
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    print(f"{count:,} documents -> {args.out}")


if __name__ == "__main__":
    main()
