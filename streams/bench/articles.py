"""Articles to measure on: the ones the package ships, any JSONL, replayed with fresh ids.

An installed `gainsay bench` needs no checkout: the 40 sample articles of ``samples/`` ship
in the wheel as ``streams/_samples`` (read from the checkout in a development install).
Longer runs replay them with fresh ids, so every replay is a new article to the worker.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from streams.records import Article, format_time, parse_time

SAMPLE_NAME = "articles.jsonl"


def default_corpus() -> Path:
    """The sample articles: the checkout's ``samples/`` first, then the installed copy."""
    here = Path(__file__).resolve().parents[1]
    for candidate in (here.parent / "samples" / SAMPLE_NAME, here / "_samples" / SAMPLE_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("sample articles not found next to the streams package")


def load_articles(path: str | Path, limit: int | None = None) -> list[Article]:
    """Up to ``limit`` articles of a JSONL file (all of them without a limit)."""
    out: list[Article] = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if limit is not None and len(out) >= limit:
                break
            if line.strip():
                out.append(Article.from_dict(json.loads(line)))
    if not out:
        raise ValueError(f"{path}: no articles")
    return out


def replayed(articles: list[Article], n: int, tag: str, start: int = 0) -> Iterator[Article]:
    """``n`` articles cycling through ``articles``; every one past the first pass gets a
    fresh id (``<id>~<tag><k>``), so none is a redelivery of another."""
    for k in range(start, start + n):
        a = articles[k % len(articles)]
        yield a if k < len(articles) and not tag else replace(a, id=f"{a.id}~{tag}{k}")


def as_live_feed(articles: list[Article], n: int, tag: str, start: int = 0) -> Iterator[Article]:
    """Like :func:`replayed`, but every pass over ``articles`` happens later in event time
    (by the span of their ``published_at`` plus a day), as a live feed moves on: stories end
    and new ones begin, so state bounded by a retention period stays bounded. Replayed at
    their old times, every pass would pile onto the same few hours of every story."""
    times = [parse_time(a.published_at) for a in articles]
    period = (max(times) - min(times)) + timedelta(days=1)
    for k, a in enumerate(replayed(articles, n, tag, start), start):
        passes = k // len(articles)
        yield a if not passes else replace(
            a, published_at=format_time(times[k % len(articles)] + passes * period))


def lead(article: Article, chars: int = 600) -> Article:
    """The article cut to its first paragraphs (about ``chars`` characters): cheap to
    extract, still with speakers and claims, for the long memory runs."""
    body = article.body
    if len(body) > chars:
        cut = body.find("\n", chars)
        body = body[: cut if cut > 0 else chars]
    return replace(article, body=body)
