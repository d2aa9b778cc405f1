"""Session fixtures: the spaCy model and the Extractor are built once per test session."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from streams.records import Article

DEV_ARTICLES = Path(__file__).parents[2].parent / "shared/data/gold/dev_articles.jsonl"


@pytest.fixture(scope="session")
def nlp():
    from streams.nlp.extract import load_model

    return load_model()


@pytest.fixture(scope="session")
def extractor(nlp):
    from streams.nlp.extract import Extractor

    return Extractor(nlp=nlp)


@pytest.fixture(scope="session")
def run(extractor):
    """run(body) -> claims for a one-off article with that body."""

    def _run(body: str, story: str | None = None, article_id: str = "t-1"):
        art = Article(id=article_id, published_at="2024-01-01T00:00:00Z", body=body, story=story)
        return extractor.extract(art)

    return _run


@pytest.fixture(scope="session")
def seed_article() -> Article:
    if not DEV_ARTICLES.exists():
        pytest.skip(f"{DEV_ARTICLES} not available")
    for line in DEV_ARTICLES.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            if d["id"] == "seed-ara-001":
                return Article.from_dict(d)
    pytest.skip("seed article not found")


def by_text(claims, fragment: str):
    hits = [c for c in claims if fragment in c.text]
    assert hits, f"no claim containing {fragment!r} in {[c.text for c in claims]}"
    return hits[0]


def names(claim) -> set[str]:
    sp = claim.speaker
    return {sp.name, sp.id, *sp.aliases}
