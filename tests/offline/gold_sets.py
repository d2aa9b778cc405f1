"""The annotated sets (articles, gold labels, story-level gold) and the reference scorer."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"
REFERENCE_SCORER = SHARED / "tools" / "score.py"

GOLD_SETS = {
    "dev": (SHARED / "data/gold/dev_articles.jsonl", SHARED / "data/gold/dev.jsonl",
            SHARED / "data/gold/dev_stories.jsonl"),
    **{name: (REPO / f"tests/data/{name}/articles.jsonl", REPO / f"tests/data/{name}/gold.jsonl",
              REPO / f"tests/data/{name}/stories.jsonl")
       for name in ("dev2", "dev_denials", "heldout", "fresh", "fresh_denials")},
}


def gold_set(name: str) -> tuple[Path, Path, Path]:
    paths = GOLD_SETS[name]
    missing = [str(p) for p in paths if not p.is_file()]
    if missing:
        pytest.fail(f"gold set {name} incomplete: {missing} (shared/ must sit beside the repo)")
    return paths


def reference_scorer() -> ModuleType:
    """``../shared/tools/score.py`` imported from its file (the authority the port must match)."""
    if not REFERENCE_SCORER.is_file():
        pytest.fail(f"reference scorer missing: {REFERENCE_SCORER}")
    spec = importlib.util.spec_from_file_location("reference_score", REFERENCE_SCORER)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
