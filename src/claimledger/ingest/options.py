"""``IngestOptions``: everything one ingest run is told, in one typed value.

Settings (environment variables, command-line flags) are read once at the edge — the CLI
or the server — and passed down in these options; nothing below reads the environment.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import IO, Any, Callable

from claimledger.errors import OptionsError
from claimledger.ingest.decode import DEFAULT_MAX_BYTES

DEFAULT_BATCH = 32
ENGINES = ("local", "ray")

ProgressFn = Callable[[str, str], None]  # (source, outcome: added | duplicate | failed)


@dataclass(frozen=True)
class IngestOptions:
    """How to ingest: which stages, limits, where to run, and whether to link at the end."""

    analyze: bool = True  # analyse (and assess) each document; False stores text and segments only
    link: bool = True  # link every stored, not yet linked document at the end (``--no-link``: skip)
    year: int | None = None  # year for datelines that have none ("Mar 7")
    allow_private: bool = False  # URLs on loopback / private addresses
    max_bytes: int = DEFAULT_MAX_BYTES  # largest input (and decompressed record) accepted
    workers: int = 1  # processes (or Ray actors) for clean + analyze
    engine: str = "local"  # local | ray
    address: str | None = None  # Ray cluster to join
    ray_runtime_env: dict[str, Any] | None = None  # passed to ray.init(runtime_env=...)
    batch_size: int = DEFAULT_BATCH
    # clean + analyse in a child process even with one worker, so the budgets below hold for each input
    # (the CLI's default; off here: a library caller's script then needs no ``if __name__ == "__main__"``)
    isolate: bool = False
    item_timeout: float | None = 60.0  # time budget: seconds a worker may go without finishing an input
    memory_budget: int | None = 2 << 30  # bytes of resident memory a worker may use
    keep_ids: bool = True  # False: count added / duplicates without keeping the ids (huge batches)
    use_model: bool = False  # linking: let a trained stance model mark denials
    timings: bool = False  # CPU seconds per stage in ``IngestReport.timings`` (``claimledger.timings``)
    on_document: ProgressFn | None = None
    on_link: Callable[[str, int, int], None] | None = None  # (step, done, total) while linking at the end
    stdin: IO[bytes] | None = None  # what "-" reads (default: this process's stdin)

    def check(self) -> None:
        """Raise ``OptionsError`` for options that cannot work together."""
        if self.engine not in ENGINES:
            raise OptionsError(f"unknown engine {self.engine!r}; choose one of {', '.join(ENGINES)}")
        if self.address and self.engine != "ray":
            raise OptionsError("--address is for the ray engine")
        if self.max_bytes < 1 or self.batch_size < 1:
            raise OptionsError("max_bytes and batch_size must be positive")
        if (self.item_timeout is not None and self.item_timeout <= 0) or (self.memory_budget or 1) < 1:
            raise OptionsError("the time and memory budgets must be positive")
