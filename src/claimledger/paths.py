"""Where things live: the shared training data and the bundled model artifacts."""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
MODELS_DIR = PACKAGE_DIR / "models"
REPO_DIR = PACKAGE_DIR.parent.parent


def shared_dir() -> Path:
    """The ``shared`` folder beside the checkout (override with ``CLAIMLEDGER_SHARED``)."""
    env = os.environ.get("CLAIMLEDGER_SHARED")
    return Path(env) if env else REPO_DIR.parent / "shared"


def shared_data(name: str = "") -> Path:
    """A dataset folder under ``shared/data`` (it may be absent on a user's machine)."""
    return shared_dir() / "data" / name if name else shared_dir() / "data"
