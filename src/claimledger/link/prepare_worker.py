"""A worker of ``claimledger.link.prepare_pool``: ``python -m claimledger.link.prepare_worker`` reads
(ledger URL, chunk) requests on stdin and answers each with the chunk's documents prepared."""

from __future__ import annotations

import os
import sys

from claimledger.link.prepare_pool import serve

if __name__ == "__main__":
    answers = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # whatever a library prints goes to stderr, never into the answers
    serve(sys.stdin.buffer, answers)
