"""Hostile and long article bodies: the inputs that once made extraction super-linear.

Issue 10 measured these on the landed main: each took from 5 s to well over 120 s. The
bench times them (``gainsay bench``), and ``tests/nlp/test_linear_cost.py`` generates
more of the same kind with hypothesis.
"""

from __future__ import annotations

from collections.abc import Iterable

from streams.records import Article

PUBLISHED = "2015-01-01T00:00:00Z"


def hostile_bodies() -> dict[str, str]:
    """name -> body, the hostile set of issue 10 (24k to 50k characters each)."""
    return {
        "bidi-control-said-quote": "\u202e\u0000\x01 said \"" * 2000,
        "curly-open-run": "\u201c" * 50_000,
        "he-said-that-chain": "He said that " * 20_000,
        "deep-brackets": "((((" * 10_000 + " said X.",
    }


def joined_corpus(articles: Iterable[Article], n: int) -> str:
    """The bodies of the first ``n`` articles joined by blank lines (a live blog, a transcript)."""
    bodies = []
    for a in articles:
        if len(bodies) >= n:
            break
        bodies.append(a.body)
    return "\n\n".join(bodies)


def as_article(name: str, body: str) -> Article:
    return Article(id=f"hostile-{name}", published_at=PUBLISHED, body=body, source="bench")
