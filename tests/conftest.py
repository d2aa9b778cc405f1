"""Shared fixtures: the real Kafka broker plugin and paths to the shared data sets."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.kafka_broker"]

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def dev_articles_path() -> Path:
    path = SHARED / "data/gold/dev_articles.jsonl"
    if not path.is_file():
        pytest.fail(f"dev set missing: {path} (the shared/ folder must sit beside the repo)")
    return path


@pytest.fixture(scope="session")
def extractor():
    """One loaded NLP extractor per test session (the model takes seconds to load)."""
    from streams.nlp.extract import Extractor

    return Extractor()
