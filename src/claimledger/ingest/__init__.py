"""ingest: read inputs of every kind and feed them through clean → analyze → store."""

from claimledger.ingest.decode import DEFAULT_MAX_BYTES, InputError, decode
from claimledger.ingest.engines import ENGINES
from claimledger.ingest.pipeline import IngestReport, clean_input, ingest
from claimledger.ingest.resume import ingest_runs
from claimledger.ingest.sources import InputFailure, RawInput, iter_inputs

__all__ = ["DEFAULT_MAX_BYTES", "ENGINES", "InputError", "decode", "IngestReport", "clean_input", "ingest",
           "ingest_runs", "InputFailure", "RawInput", "iter_inputs"]
