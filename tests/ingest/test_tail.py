"""The end of a pooled run: the last queued batches are split into small jobs, so no worker idles
while another finishes a whole batch, and every input still comes back once, in order."""

from __future__ import annotations

from collections import deque

from claimledger.ingest import RawInput
from claimledger.ingest.batch import Options, Ready
from claimledger.ingest.engines import TAIL_JOBS_PER_WORKER, Batch, ProcessEngine, _Job, _split_tail

LINE = "Report {}: shelling hit Kherson overnight, the regional governor said.\n"


def _items(texts: list[str]) -> list[RawInput]:
    return [RawInput(f"t{i}", text, "text", {}) for i, text in enumerate(texts)]


def test_queued_batches_are_split_into_small_jobs_covering_each_input_once():
    batches = [_items([LINE.format(f"{b}.{i}") for i in range(n)]) for b, n in enumerate((32, 32, 7))]
    queue = deque(_Job(b, 0, items) for b, items in enumerate(batches))
    _split_tail(queue, workers=2)
    size = -(-71 // (TAIL_JOBS_PER_WORKER * 2))
    assert len(queue) >= TAIL_JOBS_PER_WORKER * 2 and max(len(job.items) for job in queue) == size
    covered = [(job.batch_no, job.offset + k, item) for job in queue for k, item in enumerate(job.items)]
    assert covered == [(b, k, item) for b, items in enumerate(batches) for k, item in enumerate(items)]


def test_a_pooled_run_returns_every_input_of_split_batches_in_order():
    texts = [LINE.format(n) for n in range(45)]
    batches = [Batch(_items(texts[at:at + 15])) for at in range(0, 45, 15)]
    engine = ProcessEngine(Options(analyze=False), workers=2)
    out = [(batch, outcomes) for batch, outcomes in engine.run(batches)]
    assert [batch for batch, _ in out] == batches
    cleaned = [o for _, outcomes in out for o in outcomes]
    assert all(isinstance(o, Ready) for o in cleaned)
    assert [o.cleaned.document.text for o in cleaned] == texts  # type: ignore[union-attr]
