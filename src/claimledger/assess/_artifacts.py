"""Lazy, once-per-process loading of the trained artifacts in ``claimledger.paths.MODELS_DIR``.

Artifacts are joblib files written by the scripts in ``training/``; nothing is ever
downloaded.  ``load("fnc1_stance")`` reads ``models/fnc1_stance.joblib`` the first time
and returns the same object afterwards (thread-safe).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from claimledger import paths, timings
from claimledger.errors import ClaimledgerError

_CACHE: dict[str, Any] = {}
_LOCK = threading.Lock()


class ArtifactMissing(ClaimledgerError, FileNotFoundError):
    """A model artifact is not in the package; the message says how to rebuild it."""


def artifact_path(name: str) -> Path:
    return paths.MODELS_DIR / f"{name}.joblib"


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
        import joblib  # imported here so importing claimledger.assess stays cheap

        start = timings.now()
        obj = joblib.load(path)
        timings.lap("load models", start)
        _CACHE[name] = obj
        return obj


def clear_cache() -> None:
    """Forget loaded artifacts (tests use it to check reloading gives the same scores)."""
    with _LOCK:
        _CACHE.clear()
