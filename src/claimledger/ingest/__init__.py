"""ingest: read inputs of every kind and feed them through clean → analyze → assess → store → link."""

from claimledger.ingest.decode import DEFAULT_MAX_BYTES, InputError, decode
from claimledger.ingest.options import ENGINES, IngestOptions
from claimledger.ingest.pipeline import IngestReport, clean_input, ingest, ingest_document, ingest_items
from claimledger.ingest.resume import ingest_runs
from claimledger.ingest.sources import InputFailure, RawInput, iter_inputs

__all__ = ["DEFAULT_MAX_BYTES", "ENGINES", "InputError", "decode", "IngestOptions", "IngestReport", "clean_input",
           "ingest", "ingest_document", "ingest_items", "ingest_runs", "InputFailure", "RawInput", "iter_inputs"]
