"""analyze: one spaCy pass per document, then our extractors — attribution with chains,
certainty, quantities, entities, places, times — and the claims built from them.

Names are loaded lazily so ``import claimledger.analyze`` stays cheap (spaCy loads on first use).
"""

from __future__ import annotations

import importlib

_EXPORTS = {
    "analyze_documents": "claimledger.analyze.pipeline",
    "analyze_document": "claimledger.analyze.pipeline",
    "load_nlp": "claimledger.analyze.pipeline",
    "extract_attributions": "claimledger.analyze.attribution",
    "assess_certainty": "claimledger.analyze.certainty",
    "find_cues": "claimledger.analyze.certainty",
    "build_claims": "claimledger.analyze.claims",
    "find_quotes": "claimledger.analyze.attribution_quotes",
    "analysis_units": "claimledger.analyze.pipeline_units",
    "blank_text": "claimledger.analyze.pipeline_units",
    "extract_quantities": "claimledger.analyze.quantities",
    "extract_mentions": "claimledger.analyze.entities",
    "normalise_mentions": "claimledger.analyze.entities_norm",
    "geocode_places": "claimledger.analyze.places",
    "document_country_context": "claimledger.analyze.places",
    "extract_times": "claimledger.analyze.times",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(importlib.import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'claimledger.analyze' has no attribute {name!r}")
