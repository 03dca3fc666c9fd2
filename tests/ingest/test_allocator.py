"""The worker allocator settings: large arrays freed and allocated again reuse the heap's pages."""

from __future__ import annotations

import subprocess
import sys

import pytest

CHURN = """
import resource, sys
import numpy as np
if sys.argv[1] == "tuned":
    from claimledger.ingest.allocator import tune_allocator
    assert tune_allocator()
before = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
for _ in range(20):  # a batch's arrays of a few MB each, then freed: 30 MB over the trim threshold
    blocks = [np.ones(375_000) for _ in range(10)]
    del blocks
print(resource.getrusage(resource.RUSAGE_SELF).ru_minflt - before)
"""


def _page_faults(mode: str) -> int:
    out = subprocess.run([sys.executable, "-c", CHURN, mode], capture_output=True, text=True, check=True)
    return int(out.stdout.split()[-1])


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's mallopt: Linux only")
def test_tuned_worker_reuses_freed_arrays_instead_of_mapping_them_again():
    plain, tuned = _page_faults("plain"), _page_faults("tuned")
    assert plain > 100_000  # 20 x 7,300 pages mapped and zeroed afresh
    assert tuned < plain / 5  # the first round's pages, then reused
