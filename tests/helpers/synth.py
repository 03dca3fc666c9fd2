"""Synthetic corpora for scale and resume tests: real article bodies, perturbed, as JSONL.

Each record is one real body (chosen by a seeded generator) with perturbations that make
it a new document the way scrapes differ: its own headline and dateline, figures
changed, a paragraph dropped or repeated, sometimes wrapped as an HTML page.  A share of
records repeats an earlier one exactly or up to case and spacing (same content hash), so
duplicates are exercised too.  Deterministic for a given ``seed``.
"""

from __future__ import annotations

import csv
import json
import random
import re
from html import escape
from pathlib import Path
from typing import Iterable, Iterator

_NUMBER = re.compile(r"\b\d{1,6}\b")
_MONTHS = "January February March April May June July August September October November December".split()


def article_bodies(limit: int | None = None) -> list[str]:
    """Article bodies from ``shared/data`` (FNC-1 train bodies), or the bundled samples without it."""
    from claimledger.paths import shared_data

    path = shared_data("fnc1") / "train_bodies.csv"
    bodies: list[str] = []
    if path.exists():
        csv.field_size_limit(1 << 30)
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                body = (row.get("articleBody") or "").strip()
                if len(body) > 200:
                    bodies.append(body)
                if limit and len(bodies) >= limit:
                    break
    if not bodies:
        from claimledger.demo import sample_paths

        for sample in sample_paths():
            text = sample.read_text(encoding="utf-8")
            bodies.extend(p.strip() for p in text.split("\n\n") if len(p.strip()) > 200)
    return bodies


def _perturb(body: str, rng: random.Random, number: int) -> tuple[str, str, str]:
    paragraphs = [p for p in re.split(r"\n\s*\n|\n", body) if p.strip()]
    if len(paragraphs) > 2 and rng.random() < 0.3:
        paragraphs.pop(rng.randrange(1, len(paragraphs)))
    if len(paragraphs) > 1 and rng.random() < 0.2:
        paragraphs.insert(rng.randrange(len(paragraphs)), rng.choice(paragraphs))
    text = "\n\n".join(paragraphs)
    text = _NUMBER.sub(lambda m: str(int(m.group()) + rng.randrange(0, 50)) if rng.random() < 0.5 else m.group(), text)
    words = re.findall(r"[A-Za-z]+", text)[:8] or ["Report"]
    title = f"{' '.join(words).capitalize()} ({number})"
    dateline = f"{rng.randrange(1, 29)} {rng.choice(_MONTHS)} {rng.choice((2022, 2023, 2024))}"
    return title, dateline, text


def synthetic_records(n: int, bodies: list[str], *, seed: int = 13, duplicate_share: float = 0.02,
                      html_share: float = 0.1) -> Iterator[dict]:
    """``n`` JSONL records (dicts with ``text`` or ``html``, ``url``, ``title``) built from ``bodies``."""
    rng = random.Random(seed)
    recent: list[dict] = []
    for number in range(n):
        if recent and rng.random() < duplicate_share:
            record = dict(rng.choice(recent))
            if "text" in record and rng.random() < 0.5:  # same content hash: only case and spacing differ
                record["text"] = record["text"].upper().replace("\n\n", "\n \n")
            yield record
            continue
        title, dateline, text = _perturb(bodies[rng.randrange(len(bodies))], rng, number)
        url = f"https://news.example/{number}"
        if rng.random() < html_share:
            paras = "".join(f"<p>{escape(p)}</p>" for p in text.split("\n\n"))
            record = {"html": f"<html><head><title>{escape(title)}</title></head><body><article>"
                              f"<h1>{escape(title)}</h1><p>{dateline}</p>{paras}</article></body></html>", "url": url}
        else:
            record = {"text": f"{title}\n\n{dateline}\n\n{text}\n", "url": url}
        recent.append(record)
        if len(recent) > 200:
            recent.pop(0)
        yield record


def write_jsonl(records: Iterable[dict], path: str | Path) -> int:
    """Write records one per line; the number written."""
    count = 0
    with Path(path).open("w", encoding="utf-8") as out:
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
            count += 1
    return count
