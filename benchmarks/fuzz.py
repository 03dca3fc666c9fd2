"""Fuzz ingest with hostile inputs and check that no data is lost; print one table.

    python benchmarks/fuzz.py [--inputs 10000] [--chunk 500] [--workers 2] [--timeout 30] [--seed 1]

Inputs come from ``tests/helpers/hostile.py`` (seeded, so a run is repeatable): random
bytes, mutated text, hostile HTML / JSONL / feeds / WARC, gzip bombs and cut archives.
They are written ``--chunk`` at a time to a scratch folder with one good document every
20 inputs, and each chunk goes through ``ingest`` (analyze off; the local engine with
``--workers`` processes, so a crash or a hang is caught per input and counted).  Before the
first chunk the ledger holds sentinel documents (the two samples).  ``fuzz_round`` checks
each chunk: every input ends in stored documents or clear per-input errors, every good
document is stored exactly, nothing stored before changes, every new document is whole.

Columns: inputs = hostile files; outcomes = documents or errors they produced (a JSONL,
feed or WARC yields several); internal = a cleaner/store exception caught per input (a
bug, though contained); hang / crash = inputs that timed out / killed their worker.
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
sys.path.insert(1, str(Path(__file__).resolve().parents[1]))  # the repository: tests/ and benchmarks/ helpers

from claimledger.demo import sample_paths  # noqa: E402
from claimledger.ingest import ingest  # noqa: E402
from claimledger.store import Ledger  # noqa: E402
from tests.helpers.hostile import KINDS, classify, fuzz_round, hostile_input  # noqa: E402

GOOD_EVERY = 20
COLUMNS = ("stored", "duplicate", "error", "internal", "hang", "crash")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--chunk", type=int, default=500)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=30.0, help="seconds without progress before an input fails")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    rng = random.Random(args.seed)
    scratch = Path(tempfile.mkdtemp(prefix="claimledger-fuzz-"))
    ledger = Ledger(scratch / "fuzz.db")
    ingest([str(p) for p in sample_paths()], ledger, analyze=False)  # sentinels
    per_kind: dict[str, Counter] = defaultdict(Counter)
    problems: list[str] = []
    goods = done = 0
    started = time.perf_counter()
    while done < args.inputs:
        folder = scratch / f"chunk{done:06d}"
        folder.mkdir()
        kinds: dict[str, str] = {}
        good: dict[Path, str] = {}
        for i in range(min(args.chunk, args.inputs - done)):
            kind, name, data = hostile_input(rng)
            path = folder / f"{done + i:06d}-{name}"
            path.write_bytes(data)
            kinds[str(path)] = kind
            if (done + i) % GOOD_EVERY == 0:
                text = f"Good report {done + i}: shelling hit Kharkiv overnight, the governor said ({rng.random()}).\n"
                good[folder / f"{done + i:06d}-good.txt"] = text
        for path, text in good.items():
            path.write_text(text, encoding="utf-8")
        result = fuzz_round([Path(p) for p in kinds], good, ledger, workers=args.workers,
                            item_timeout=args.timeout, keep_ids=True)
        problems.extend(result.problems)
        for file, kind in kinds.items():
            per_kind[kind]["inputs"] += 1
            for outcome, reason in result.events.get(file, []):
                per_kind[kind]["outcomes"] += 1
                per_kind[kind][classify(outcome, reason)] += 1
        goods += len(good)
        done += len(kinds)
        shutil.rmtree(folder)
        print(f"  {done} inputs, {len(problems)} problems, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    elapsed = time.perf_counter() - started

    table = Table(title=f"ingest fuzz: {done} hostile inputs (seed {args.seed}), {goods} good documents among them, "
                        f"{args.workers} workers, {elapsed:.0f} s")
    table.add_column("kind")
    for column in ("inputs", "outcomes") + COLUMNS:
        table.add_column(column, justify="right")
    total: Counter = Counter()
    for kind in sorted(KINDS):
        counts = per_kind[kind]
        total.update(counts)
        table.add_row(kind, *(str(counts[c]) for c in ("inputs", "outcomes") + COLUMNS))
    table.add_row("all", *(str(total[c]) for c in ("inputs", "outcomes") + COLUMNS), style="bold")
    lost = [p for p in problems if "lost" in p or "changed" in p or "vanished" in p or "broken" in p]
    table.caption = (f"data lost: {len(lost)} · other broken promises: {len(problems) - len(lost)} · "
                     f"good documents stored exactly: {goods - sum('good document' in p for p in problems)}/{goods}")
    Console(width=150).print(table)
    for problem in problems[:20]:
        print("problem:", problem)
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
