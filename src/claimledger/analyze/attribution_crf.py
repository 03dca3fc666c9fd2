"""The attribution CRFs (python-crfsuite artifacts) scored with fewer string look-ups, giving
the same tags and marginals as ``pycrfsuite.Tagger`` on the artifact itself.

A crfsuite tagger spends most of its time turning every attribute string of every token into
an id and summing that attribute's weights; the Viterbi and forward-backward passes are a small
part.  Here the artifact's weights are read once into a matrix (one row per attribute) and a
token's state scores are summed in numpy, attribute by attribute in the token's order, as
crfsuite sums them (``state[label] += weight``), so every score is the same double.  The passes
are left to crfsuite: a *shell* model with one attribute per label (weight exactly 1.0) and the
artifact's transition weights takes each token's scores as attribute values, so its state
score is ``0.0 + 1.0 * score`` — the same number — and its tags and marginals are the
artifact's.

The artifact format (crfsuite ``crf1d_model.c``, ``cqdb.c``): a 48-byte header of little-endian
uint32s with the offsets of the feature table (``FEAT``: 20-byte records ``type, src, dst``
uint32 and a double ``weight``; type 0 = attribute ``src`` -> label ``dst``, 1 = label -> label)
and of the label and attribute string databases (``CQDB``, whose backward array gives each id's
record: ``id, size`` uint32 and the NUL-terminated string).
"""

from __future__ import annotations

import os
import struct
import tempfile
from pathlib import Path

import numpy as np

_MEMO_SIZE = 200_000  # strings remembered per column and template set (``text_ids``)
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def _cqdb_strings(buf: bytes, off: int) -> list[str]:
    """The strings of a CQDB chunk at ``off``, by id."""
    if buf[off:off + 4] != b"CQDB":
        raise ValueError("not a CQDB chunk")
    _size, _flag, _order, bwd_size, bwd_off = struct.unpack_from("<5I", buf, off + 4)
    records = np.frombuffer(buf, dtype="<u4", count=bwd_size, offset=off + bwd_off).astype(np.intp) + off
    raw = np.frombuffer(buf, dtype=np.uint8)

    def uint32(at: np.ndarray) -> np.ndarray:
        b = raw[at[:, None] + np.arange(4)].astype(np.intp)  # little-endian bytes
        return b[:, 0] | b[:, 1] << 8 | b[:, 2] << 16 | b[:, 3] << 24

    if not np.array_equal(uint32(records), np.arange(bwd_size)):
        raise ValueError("CQDB ids out of order")
    starts = records + 8
    ends = starts + uint32(records + 4) - 1  # the size counts the closing NUL
    return [buf[a:b].decode("utf-8") for a, b in zip(starts.tolist(), ends.tolist())]


def read_model(buf: bytes) -> tuple[list[str], list[str], np.ndarray, int]:
    """(labels, attributes, feature records, offset of the records) of a crfsuite CRF1d model."""
    magic, _size, kind, _version, _nf, _nl, _na, off_feat, off_labels, off_attrs, _lr, _ar = struct.unpack_from("<4sI4s9I", buf, 0)
    if magic != b"lCRF" or kind != b"FOMC" or buf[off_feat:off_feat + 4] != b"FEAT":
        raise ValueError("not a crfsuite CRF1d model")
    (num,) = struct.unpack_from("<I", buf, off_feat + 8)
    feats = np.frombuffer(buf, dtype=_FEATURE, count=num, offset=off_feat + 12)
    return _cqdb_strings(buf, off_labels), _cqdb_strings(buf, off_attrs), feats, off_feat + 12


def _shell(labels: list[str], trans: np.ndarray) -> tuple[object, bytes]:
    """A crfsuite tagger whose attribute ``str(k)`` adds its value to label ``k`` (weight 1.0)
    and whose transitions are ``trans`` (trained on a few dummy sequences for its layout, then
    its weights overwritten), and the model bytes it reads (crfsuite keeps no copy)."""
    import pycrfsuite

    n = len(labels)
    trainer = pycrfsuite.Trainer(verbose=False)
    trainer.append([{str(k): 1.0} for k in range(n)], labels)  # label ids in the artifact's order
    for i in range(n):
        for j in range(n):
            trainer.append([{str(i): 1.0}, {str(j): 1.0}], [labels[i], labels[j]])
    trainer.set_params({"max_iterations": 3})
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "shell.crfsuite")
        trainer.train(path)
        buf = bytearray(Path(path).read_bytes())
    shell_labels, attrs, feats, at = read_model(bytes(buf))
    feats = feats.copy()
    states = feats["type"] == 0
    ok = (shell_labels == labels and sorted(attrs) == sorted(map(str, range(n))) and states.sum() == n
          and (~states).sum() == n * n and all(attrs[s] == str(d) for s, d in zip(feats["src"][states], feats["dst"][states])))
    if not ok:
        raise RuntimeError("unexpected layout of the crfsuite shell model")
    feats["weight"][states] = 1.0
    feats["weight"][~states] = trans[feats["src"][~states], feats["dst"][~states]]
    buf[at:at + feats.nbytes] = feats.tobytes()
    data = bytes(buf)
    tagger = pycrfsuite.Tagger()
    tagger.open_inmemory(data)
    return tagger, data


class FastCRF:
    """A crfsuite CRF1d artifact: ``tag`` and ``marginal`` as ``pycrfsuite.Tagger`` gives them."""

    def __init__(self, path: Path) -> None:
        labels, attrs, feats, _ = read_model(path.read_bytes())
        self.labels = labels
        n = len(labels)
        self.index: dict[str, int] = {a: k + 1 for k, a in enumerate(attrs)}  # row 0: no attribute
        self.weights = np.zeros((len(attrs) + 1, n))
        trans = np.zeros((n, n))
        states = feats["type"] == 0
        src, dst, w = feats["src"][states].astype(np.intp) + 1, feats["dst"][states].astype(np.intp), feats["weight"][states]
        if len(np.unique(src * n + dst)) != len(src):
            raise ValueError("an attribute with two features for one label")
        self.weights[src, dst] = w
        t = feats[feats["type"] == 1]
        trans[t["src"].astype(np.intp), t["dst"].astype(np.intp)] = t["weight"]
        self.trans = trans
        # per column and template set: spaCy string key -> row of a table of attribute rows
        self._memo: dict[tuple[str, tuple[str, ...]], tuple[dict[int, int], np.ndarray]] = {}
        self.shell, self._shell_model = _shell(labels, trans)
        self._keys = tuple(str(k) for k in range(n))

    def state_scores(self, xseq: list[list[str]]) -> np.ndarray:
        """Per item, per label: the sum of its attributes' weights, added in the item's order
        (an attribute the model lacks adds nothing)."""
        get = self.index.get
        ids = [[get(a, 0) for a in item] for item in xseq]
        width = max(map(len, ids), default=0)
        table = np.zeros((len(ids), max(width, 1)), dtype=np.intp)
        if width:
            table[np.arange(width) < np.array([len(r) for r in ids])[:, None]] = [i for r in ids for i in r]
        weights = self.weights
        scores = weights[table[:, 0]]
        for k in range(1, width):
            scores += weights[table[:, k]]
        return scores

    def tag(self, xseq: list[list[str]]) -> list[str]:
        """The Viterbi tags of ``xseq``; ``marginal`` then reads this sequence."""
        return self.tag_scores(self.state_scores(xseq)) if xseq else []

    def tag_scores(self, scores: np.ndarray) -> list[str]:
        """The Viterbi tags of a sequence whose state scores (item x label) are ``scores``."""
        keys = self._keys
        return self.shell.tag([dict(zip(keys, row)) for row in scores.tolist()])

    def marginal(self, label: str, pos: int) -> float:
        return self.shell.marginal(label, pos)

    def text_ids(self, column: str, prefixes: tuple[str, ...], keys: list[int], texts: list[str]) -> np.ndarray:
        """The attribute rows of ``prefix + text`` (text x prefix) for a column's distinct
        strings (``texts``, with their spaCy string keys ``keys``), remembered by key."""
        memo = self._memo.get((column, prefixes))
        if memo is None or len(memo[0]) > _MEMO_SIZE:
            memo = self._memo[column, prefixes] = ({}, np.zeros((64, len(prefixes)), dtype=np.intp))
        seen, table = memo
        at = []
        for key, text in zip(keys, texts):
            row = seen.get(key)
            if row is None:
                row = seen[key] = len(seen)
                if row >= len(table):  # room for twice as many strings
                    table = np.concatenate([table, np.zeros_like(table)])
                    self._memo[column, prefixes] = (seen, table)
                table[row] = [self.index.get(prefix + text, 0) for prefix in prefixes]
            at.append(row)
        return table[at]

    def set_scores(self, scores: np.ndarray) -> None:
        """Make ``scores`` (item x label) the sequence ``marginal`` reads."""
        keys = self._keys
        self.shell.set([dict(zip(keys, row)) for row in scores.tolist()])

    def viterbi(self, scores: np.ndarray, lengths: list[int]) -> list[list[str]]:
        """The Viterbi tags of several sequences at once, ``scores`` their state scores one
        after another (``lengths`` items each): crfsuite's ``crf1dc_viterbi`` step for step
        (``prev[i] + trans[i][j]``, the first best ``i``, then ``+ state[j]``), so the same
        tags, ties included."""
        labels, n = self.labels, len(self.labels)
        sizes = np.asarray(lengths, dtype=np.intp)
        if not len(sizes) or sizes.min() < 1:
            raise ValueError("empty sequence")
        count, longest = len(sizes), int(sizes.max())
        starts = np.cumsum(sizes) - sizes
        state = np.zeros((count, longest, n))
        state[np.repeat(np.arange(count), sizes), np.arange(int(sizes.sum())) - np.repeat(starts, sizes)] = scores
        best = np.empty((count, longest, n))
        back = np.zeros((count, longest, n), dtype=np.intp)
        best[:, 0] = state[:, 0]
        trans = self.trans[None, :, :]
        step = np.empty((count, n, n))
        add, most = np.add, np.maximum.reduce
        for t in range(1, longest):
            add(best[:, t - 1, :, None], trans, out=step)  # [b, i, j]: prev[i] + trans[i][j]
            back[:, t] = step.argmax(axis=1)  # the first of equal maxima, as crfsuite's strict <
            add(most(step, axis=1), state[:, t], out=best[:, t])
        ends = best[np.arange(count), sizes - 1].argmax(axis=1).tolist()
        out = []
        for b, (size, end) in enumerate(zip(sizes.tolist(), ends)):
            path = [end] * size
            row = back[b]
            for t in range(size - 2, -1, -1):
                path[t] = int(row[t + 1, path[t + 1]])
            out.append([labels[y] for y in path])
        return out
