"""PolNeAR (political news attribution relations) reader and the scores the attribution
benchmark reports: token-level precision / recall / F1 per role (source, cue, content) and
exact-span match per role.

Data: ``shared/data/polnear/data/{train,dev}/text/NAME.txt`` and
``attributions/NAME_ANNOTATOR.ann`` (brat standoff; ``T`` lines are spans, possibly
discontinuous ``a b;c d``, ``E`` lines tie Source/Cue/Content together).  An article annotated
by several annotators is read once, with the first annotator in sorted order.

Scoring: tokens are the spaCy tokens of the article without blanks and punctuation; a token
takes the role of the span that contains its first character (PolNeAR gives each token at most
one role; where predictions overlap, cue beats source beats content).  Exact match compares,
per role and document, the sets of spans after trimming blanks, punctuation and quote marks
at both ends (a discontinuous gold span is taken from its first to its last character).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from claimledger.paths import shared_data

ROLES = ("source", "cue", "content")
_EDGE = set(" \t\n.,;:!?\"“”‘’'()[]—–-")


@dataclass
class GoldDoc:
    name: str
    text: str
    attributions: list[dict[str, list[tuple[int, int]]]] = field(default_factory=list)


def polnear_dir() -> Path:
    return shared_data("polnear") / "data"


def _spans(field_text: str) -> list[tuple[int, int]]:
    out = []
    for part in field_text.split(";"):
        a, b = part.split()
        out.append((int(a), int(b)))
    return out


def read_ann(path: Path) -> list[dict[str, list[tuple[int, int]]]]:
    spans: dict[str, list[tuple[int, int]]] = {}
    events = []
    for line in path.read_text(encoding="utf-8").splitlines():
        cols = line.split("\t")
        if len(cols) < 2:
            continue
        if cols[0].startswith("T"):
            label, _, rest = cols[1].partition(" ")
            spans[cols[0]] = _spans(rest)
        elif cols[0].startswith("E"):
            events.append(cols[1].split())
    atts = []
    for ev in events:
        att: dict[str, list[tuple[int, int]]] = {r: [] for r in ROLES}
        for arg in ev:
            role, _, ref = arg.partition(":")
            role = role.rstrip("0123456789").lower()
            if role in att and ref in spans:
                att[role].extend(spans[ref])
        atts.append(att)
    return atts


def is_tune(name: str) -> bool:
    """The tune part of PolNeAR train (about an eighth of its articles, by a hash of the name): the
    attribution CRF and the rules' combination are chosen on it, never on dev."""
    return hashlib.sha1(name.encode()).hexdigest()[0] in "01"


def load_polnear(split: str, limit: int | None = None) -> list[GoldDoc]:
    """Articles of one compartment (train | dev, or the path of a folder in PolNeAR's layout:
    ``text/NAME.txt`` and ``attributions/NAME_ANNOTATOR.ann``), sorted by name."""
    root = Path(split) if Path(split).is_dir() else polnear_dir() / split
    anns: dict[str, Path] = {}
    for path in sorted((root / "attributions").glob("*.ann")):
        name = path.stem.rsplit("_", 1)[0]
        anns.setdefault(name, path)
    docs = []
    for name in sorted(anns):
        text_path = root / "text" / f"{name}.txt"
        if not text_path.exists():
            continue
        docs.append(GoldDoc(name, text_path.read_text(encoding="utf-8"), read_ann(anns[name])))
        if limit and len(docs) >= limit:
            break
    return docs


def predicted_roles(attributions) -> list[dict[str, list[tuple[int, int]]]]:
    """Our ``Attribution`` records as role -> spans dicts.  Records that share a cue and a
    source are one attribution with a discontinuous content, as PolNeAR annotates it: the
    ledger keeps "“A,” she said. “B.”" as two records (the quotation after the reporting
    clause continues the first, with the same cue)."""
    out: list[dict[str, list[tuple[int, int]]]] = []
    by_cue: dict[tuple, dict[str, list[tuple[int, int]]]] = {}
    for a in attributions:
        src = [(a.source.start, a.source.end)] if a.source.start is not None else []
        key = (a.cue_start, a.cue_end, tuple(src))
        if key in by_cue:
            by_cue[key]["content"].append((a.content_start, a.content_end))
            continue
        by_cue[key] = {"source": src, "cue": [(a.cue_start, a.cue_end)], "content": [(a.content_start, a.content_end)]}
        out.append(by_cue[key])
    return out


def _labels(doc, atts) -> list[str | None]:
    labels: list[str | None] = [None] * len(doc)
    priority = {"cue": 3, "source": 2, "content": 1}
    for att in atts:
        for role in ROLES:
            for a, b in att[role]:
                for tok in doc.char_span(a, b, alignment_mode="expand") or []:
                    cur = labels[tok.i]
                    if a <= tok.idx < b and (cur is None or priority[role] > priority[cur]):
                        labels[tok.i] = role
    return labels


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a] in _EDGE:
        a += 1
    while b > a and text[b - 1] in _EDGE:
        b -= 1
    return a, b


def _span_set(text: str, atts, role: str) -> set[tuple[int, int]]:
    out = set()
    for att in atts:
        if att[role]:
            a = min(s for s, _ in att[role])
            b = max(e for _, e in att[role])
            span = _trim(text, a, b)
            if span[1] > span[0]:
                out.add(span)
    return out


def _role_span(text: str, att, role: str) -> tuple[int, int] | None:
    if not att[role]:
        return None
    span = _trim(text, min(s for s, _ in att[role]), max(e for _, e in att[role]))
    return span if span[1] > span[0] else None


def _same(a: tuple[int, int] | None, b: tuple[int, int] | None, mode: str) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return a == b if mode == "exact" else a[0] < b[1] and b[0] < a[1]


def _whole_matches(text: str, gold, pred, mode: str) -> int:
    """Gold attributions matched one-to-one by a predicted one whose source, cue and content
    all match (exact: identical trimmed spans; overlap: each span overlaps its gold span)."""
    used: set[int] = set()
    hits = 0
    pred_spans = [{r: _role_span(text, p, r) for r in ROLES} for p in pred]
    for g in gold:
        gs = {r: _role_span(text, g, r) for r in ROLES}
        for k, ps in enumerate(pred_spans):
            if k not in used and all(_same(ps[r], gs[r], mode) for r in ROLES):
                used.add(k)
                hits += 1
                break
    return hits


class Scorer:
    """Accumulates token and exact-span counts over documents."""

    def __init__(self) -> None:
        self.tok = {r: Counter() for r in ROLES}
        self.exact = {r: Counter() for r in ROLES}
        self.whole = {"exact": Counter(), "overlap": Counter()}
        self.docs = 0
        self.gold_attributions = 0
        self.pred_attributions = 0

    def add(self, doc, gold, pred) -> None:
        self.docs += 1
        self.gold_attributions += len(gold)
        self.pred_attributions += len(pred)
        g, p = _labels(doc, gold), _labels(doc, pred)
        for tok, gl, pl in zip(doc, g, p):
            if tok.is_space or tok.is_punct:
                continue
            for r in ROLES:
                if pl == r and gl == r:
                    self.tok[r]["tp"] += 1
                elif pl == r:
                    self.tok[r]["fp"] += 1
                elif gl == r:
                    self.tok[r]["fn"] += 1
        for r in ROLES:
            gs, ps = _span_set(doc.text, gold, r), _span_set(doc.text, pred, r)
            self.exact[r]["tp"] += len(gs & ps)
            self.exact[r]["fp"] += len(ps - gs)
            self.exact[r]["fn"] += len(gs - ps)
        for mode in ("exact", "overlap"):
            hits = _whole_matches(doc.text, gold, pred, mode)
            self.whole[mode]["tp"] += hits
            self.whole[mode]["fp"] += len(pred) - hits
            self.whole[mode]["fn"] += len(gold) - hits

    @staticmethod
    def prf(c: Counter) -> tuple[float, float, float]:
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 0.0
        r = c["tp"] / (c["tp"] + c["fn"]) if c["tp"] + c["fn"] else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return p, r, f

    def table(self) -> dict[str, dict[str, tuple[float, float, float]]]:
        return {r: {"token": self.prf(self.tok[r]), "exact": self.prf(self.exact[r])} for r in ROLES}

    def all_spans(self) -> dict[str, tuple[float, float, float]]:
        """citron's whole-attribution score: source, cue and content must all match."""
        return {mode: self.prf(c) for mode, c in self.whole.items()}

    def macro_token_f1(self) -> float:
        return sum(self.prf(self.tok[r])[2] for r in ROLES) / len(ROLES)
