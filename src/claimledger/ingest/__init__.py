"""ingest: read inputs of every kind and feed them through clean → analyze → assess → store → link."""

from claimledger.ingest.decode import DEFAULT_MAX_BYTES, InputError, decode
from claimledger.ingest.options import ENGINES, IngestOptions
from claimledger.ingest.pipeline import IngestReport, clean_input, ingest, ingest_document, ingest_items
from claimledger.ingest.sources import InputFailure, RawInput, iter_inputs
from claimledger.store.ingest_runs import ingest_runs  # kept here: the CLI's `status` imports it from ingest

__all__ = ["DEFAULT_MAX_BYTES", "ENGINES", "InputError", "decode", "IngestOptions", "IngestReport", "clean_input",
           "ingest", "ingest_document", "ingest_items", "ingest_runs", "InputFailure", "RawInput", "iter_inputs"]
