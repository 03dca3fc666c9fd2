"""The two real pages bundled as demo data, so ``claimledger demo`` works anywhere."""

from __future__ import annotations

from pathlib import Path

DEMO_DIR = Path(__file__).resolve().parent
SAMPLES = ("telegraph-liveblog-vugledar.txt", "express-tank-colonel.txt")


def sample_paths() -> list[Path]:
    return [DEMO_DIR / name for name in SAMPLES]


def sample_path(name: str) -> Path:
    """Path of a bundled sample by file name or by stem prefix ("telegraph", "express")."""
    for path in sample_paths():
        if path.name == name or path.name.startswith(name):
            return path
    raise KeyError(f"no bundled sample named {name!r}; have {', '.join(SAMPLES)}")


def sample_text(name: str) -> str:
    return sample_path(name).read_text(encoding="utf-8")
