"""The forkserver's preload (``claimledger.ingest.warm``) loads what analysing workers read."""

from __future__ import annotations


def test_warm_models_loads_every_model_an_analysing_worker_reads():
    from claimledger.analyze import pipeline
    from claimledger.assess import _artifacts
    from claimledger.demo import sample_text
    from claimledger.ingest.batch import Options, Ready, process_batch
    from claimledger.ingest.sources import RawInput
    from claimledger.ingest.warm import warm_models

    _artifacts.clear_cache()
    warm_models()  # raises if a name is wrong (the module-level call swallows it for the server)
    assert pipeline._NLP is not None and "claimledger_morph" in pipeline._NLP.pipe_names
    preloaded = set(_artifacts._CACHE)
    [outcome] = process_batch([RawInput("express", sample_text("express"), "text", {})], Options())
    assert isinstance(outcome, Ready) and outcome.analysis is not None and outcome.analysis.claims
    assert outcome.problem is None  # analysed and assessed without an error
    assert set(_artifacts._CACHE) == preloaded  # a worker forked after the preload loads nothing more
