"""Lazy, once-per-process loading of the trained artifacts in ``claimledger.paths.MODELS_DIR``.

Artifacts are gzip-compressed pickles (protocol 5) written by the scripts in ``training/``
(``write_artifact``); nothing is ever downloaded.  ``load("fnc1_stance")`` reads
``models/fnc1_stance.pkl.gz`` the first time and returns the same object afterwards
(thread-safe).  Plain pickles load through the C unpickler: the six models in 0.28 CPU s,
where joblib's files, read by its pure-Python unpickler, took 2.8 s — paid in every process
that assesses, and in ingest's forkserver while the second core waits.
"""

from __future__ import annotations

import gzip
import pickle
import threading
from pathlib import Path
from typing import Any

from claimledger import paths, timings
from claimledger.errors import ClaimledgerError

_CACHE: dict[str, Any] = {}
_LOCK = threading.Lock()


class ArtifactMissing(ClaimledgerError, FileNotFoundError):
    """A model artifact is not in the package; the message says how to rebuild it."""


SUFFIX = ".pkl.gz"


def artifact_path(name: str) -> Path:
    return paths.MODELS_DIR / f"{name}{SUFFIX}"


def read_artifact(path: Path) -> Any:
    """The object an artifact file holds."""
    return pickle.loads(gzip.decompress(path.read_bytes()))


def write_artifact(obj: Any, path: Path) -> None:
    """Write ``obj`` as an artifact file, whole or not at all; the same object gives the same bytes."""
    data = gzip.compress(pickle.dumps(obj, protocol=5), compresslevel=6, mtime=0)
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(data)
    partial.replace(path)


def load(name: str, training_script: str | None = None) -> Any:
    """The unpickled artifact ``name`` (cached for the life of the process)."""
    obj = _CACHE.get(name)
    if obj is not None:
        return obj
    with _LOCK:
        obj = _CACHE.get(name)
        if obj is not None:
            return obj
        path = artifact_path(name)
        if not path.is_file():
            hint = f"python {training_script}" if training_script else "the matching script in training/"
            raise ArtifactMissing(f"model artifact {path} is missing; rebuild it with {hint}")
        start = timings.now()
        obj = read_artifact(path)
        timings.lap("load models", start)
        _CACHE[name] = obj
        return obj


def clear_cache() -> None:
    """Forget loaded artifacts (tests use it to check reloading gives the same scores)."""
    with _LOCK:
        _CACHE.clear()
