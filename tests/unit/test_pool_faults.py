"""A rule bug inside a pool child ends as an ``extract_failed`` result naming the error."""

from __future__ import annotations

import json

import streams.app.pool as pool
from streams.errors import ExtractionError


class BuggyExtractor:
    def extract_many(self, articles, batch_size):
        for article in articles:
            if article.id == "bug":
                raise ExtractionError(article.id, KeyError("injected"))
            yield article, []

    def extract(self, article):
        return list(self.extract_many([article], 1))[0][1]


def _payload(aid: str) -> str:
    return json.dumps({"id": aid, "published_at": "2015-10-15T00:00:00Z", "body": "x"})


def test_the_buggy_article_alone_fails_and_the_batch_goes_on(monkeypatch):
    monkeypatch.setattr(pool, "_extractor", BuggyExtractor())
    results = pool.extract_batch([_payload("ok-1"), _payload("bug"), _payload("ok-2")])
    assert [(r.article_id, r.error is None) for r in results] == [
        ("ok-1", True), ("bug", False), ("ok-2", True)]
    assert "ExtractionError" in results[1].error and "injected" in results[1].error
