"""Batches in flight together share one process pool: one batch's timeout kills that pool,
and the other batches on it must be retried, not lost or blamed."""

from __future__ import annotations

import asyncio
import json
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor

import pytest

import streams.app.extraction_pool as extraction_pool
from streams.app.extraction_pool import TIMEOUT, ExtractionPool
from streams.app.pool import ExtractResult


def sleepy_batch(payloads: list[str]) -> list[ExtractResult]:
    """A stand-in for ``extract_batch``: an article whose body names a file that does not
    exist yet creates it and hangs (so it hangs the first time only); "always" always hangs."""
    results = []
    for payload in payloads:
        article = json.loads(payload)
        article_id, marker = article["id"], article["body"]
        if marker == "always":
            time.sleep(30)
        elif marker and not os.path.exists(marker):
            open(marker, "w").close()
            time.sleep(30)
        results.append(ExtractResult(article_id, [f"claim of {article_id}"], None, 0.0))
    return results


def _one_process_pool(size: int, aliases: str = "") -> ProcessPoolExecutor:
    return ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))


def _payload(article_id: str, hang_once: str = "") -> str:
    return json.dumps({"id": article_id, "published_at": "2015-10-15T00:00:00Z",
                       "body": hang_once})


@pytest.fixture
def pool(monkeypatch):
    monkeypatch.setattr(extraction_pool, "make_pool", _one_process_pool)
    monkeypatch.setattr(extraction_pool, "extract_batch", sleepy_batch)
    extraction = ExtractionPool(size=1, aliases="", timeout_s=3.0)
    extraction.pool.submit(sleepy_batch, []).result()  # the child is up before the clock runs
    yield extraction
    extraction.close()


def test_batches_queued_behind_a_hung_one_are_retried_not_lost(pool, tmp_path):
    """The hung batch's timeout kills the pool; the batches queued behind it had their
    futures cancelled. They are extracted on the new pool, and the hung article, which
    now runs fast, too (it was the budget, not the article, that failed)."""
    hang_once = str(tmp_path / "hung")

    async def all_batches():
        slow = asyncio.ensure_future(pool.run([_payload("slow", hang_once)]))
        await asyncio.sleep(0.3)  # the slow batch holds the only process
        queued = [asyncio.ensure_future(pool.run([_payload(f"fast-{i}")])) for i in range(4)]
        return await asyncio.gather(slow, *queued)

    batches = asyncio.run(all_batches())
    assert [[(r.article_id, r.error, r.claims) for r in batch] for batch in batches] == [
        [(article_id, None, [f"claim of {article_id}"])]
        for article_id in ["slow", "fast-0", "fast-1", "fast-2", "fast-3"]]


def test_only_the_article_over_its_budget_every_time_is_a_timeout(pool):
    results = asyncio.run(pool.run([_payload("fast-0"), _payload("hung", "always"),
                                    _payload("fast-1")]))
    assert [(r.article_id, r.error) for r in results] == [
        ("fast-0", None), ("hung", TIMEOUT), ("fast-1", None)]


def test_cancelling_the_caller_still_cancels(pool, tmp_path):
    async def cancelled():
        task = asyncio.ensure_future(pool.run([_payload("slow", str(tmp_path / "hung"))]))
        await asyncio.sleep(0.3)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled())
