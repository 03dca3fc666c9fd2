"""What the model training scripts share: their command line, writing the artifact, the model card.

Every ``train_*.py`` that ships a pickled artifact parses ``--no-save`` (figures only: the
artifact goes to /tmp, the models/ folder is left alone) and often ``--sample``; it writes the
artifact, then scores *exactly what was written* (the loader is primed with the saved bytes);
its card ends with the same size, seeds and build lines.

    ap = trainkit.arg_parser(__doc__, sample="fraction of training tweets (development)")
    target = trainkit.save_artifact(model, ARTIFACT, args.no_save)
    trainkit.write_card(ARTIFACT, body, script="training/train_x.py", seeds="none (deterministic)")
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from claimledger import paths  # noqa: E402
from claimledger.assess import _artifacts  # noqa: E402

SCRATCH = Path("/tmp")  # where --no-save runs write their artifact


def arg_parser(doc: str | None, sample: str | None = None) -> argparse.ArgumentParser:
    """A parser described by the script's docstring, with ``--no-save`` (and ``--sample`` when
    ``sample`` gives its help text)."""
    ap = argparse.ArgumentParser(description=doc.strip().splitlines()[0] if doc else None)
    if sample:
        ap.add_argument("--sample", type=float, default=1.0, help=sample)
    ap.add_argument("--no-save", action="store_true", help="figures only: write the artifact under /tmp, not into models/")
    return ap


def artifact_target(name: str, no_save: bool) -> Path:
    """models/<name>.pkl.gz, or /tmp/<name>.pkl.gz for a figures-only run."""
    out = _artifacts.artifact_path(name)
    return SCRATCH / out.name if no_save else out


def save_artifact(obj: Any, name: str, no_save: bool = False) -> Path:
    """Write ``obj`` (``_artifacts.write_artifact``) and make this process's loader return what was
    written, so the figures that follow describe the saved bytes.  Returns the path written."""
    target = artifact_target(name, no_save)
    target.parent.mkdir(parents=True, exist_ok=True)
    _artifacts.write_artifact(obj, target)
    _artifacts.clear_cache()
    _artifacts._CACHE[name] = _artifacts.read_artifact(target)
    return target


def size_mb(path: Path) -> float:
    return path.stat().st_size / 1e6


def write_card(name: str, body: str, *, script: str, seeds: str) -> Path:
    """models/<name>.card.md: ``body`` (title, data, split, model, figures) then the artifact's
    size, the seeds and the build line.  Returns the card's path."""
    size = size_mb(_artifacts.artifact_path(name))
    text = (
        body.rstrip("\n")
        + f"\n- **Size**: {size:.2f} MB.  **Seeds**: {seeds}.\n"
        + f"- **Built**: {dt.date.today().isoformat()} by `python {script}`.\n"
    )
    card = paths.MODELS_DIR / f"{name}.card.md"
    card.write_text(text, encoding="utf-8")
    print(f"wrote {_artifacts.artifact_path(name)} ({size:.2f} MB) and {card.name}")
    return card
