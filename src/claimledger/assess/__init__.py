"""assess: scores that need trained models (stance, hedging, check-worthiness, loaded
language, comment toxicity).  Names are re-exported lazily so importing the package stays
cheap; each model loads its artifact on first use, once per process."""

from __future__ import annotations

import importlib
from typing import Any

# public name -> (submodule, its function).  ``toxicity`` is exported as ``comment_toxicity``:
# the bare name is the submodule, and ``from claimledger.assess import toxicity`` must keep
# meaning the module whatever was imported first.
_LAZY = {
    "predict_uncertain_proba": ("hedge", "predict_uncertain_proba"),
    "hedge_cues": ("hedge", "hedge_cues"),
    "is_uncertain": ("hedge", "is_uncertain"),
    "checkworthiness": ("checkworthy", "checkworthiness"),
    "comment_toxicity": ("toxicity", "toxicity"),
    "loaded_language": ("propaganda", "loaded_language"),
    "headline_body_stance": ("stance", "headline_body_stance"),
    "claim_stance_pairs": ("claim_stance", "claim_stance_pairs"),  # the bare name is the submodule
    "headline_overstatement": ("overstatement", "headline_overstatement"),
}


# the models ingest's assess step reads on every document (toxicity and claim stance only on
# comments and link-time pairs)
INGEST_MODELS = ("checkworthy", "hedge", "propaganda", "stance")


def preload_ingest_models() -> None:
    """Load the artifacts of ``INGEST_MODELS`` now (a forkserver shares them with its workers)."""
    from claimledger.assess import _artifacts

    for name in INGEST_MODELS:
        module = importlib.import_module(f"{__name__}.{name}")
        _artifacts.load(module.ARTIFACT, module.TRAINING_SCRIPT)


def __getattr__(name: str) -> Any:
    target = _LAZY.get(name)
    if target is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{target[0]}"), target[1])


__all__ = sorted([*_LAZY, "INGEST_MODELS", "preload_ingest_models"])
