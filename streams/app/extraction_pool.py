"""The extraction process pool as the extract agent sees it: run a batch, isolate failures.

A batch over its time budget, or a pool whose child died (segfault, OOM kill), is retried
article by article in a fresh pool, so only the culprit is dead-lettered.
"""

from __future__ import annotations

import asyncio
import json
import logging
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from typing import Protocol

from streams.app.pool import ExtractResult, extract_batch, kill_pool, make_pool, pool_workers

log = logging.getLogger(__name__)

TIMEOUT = "timeout"  # ExtractResult.error of an article over its time budget


class Extraction(Protocol):
    async def run(self, payloads: list[str]) -> list[ExtractResult]:
        """One result per article JSON payload, in input order."""
        ...


def chunks(items: list, parts: int) -> list[list]:
    size = max(1, -(-len(items) // max(1, parts)))
    return [items[i:i + size] for i in range(0, len(items), size)]


class ExtractionPool:
    """Owns the process pool; replaces it when a batch overruns its time budget."""

    def __init__(self, size: int, aliases: str, timeout_s: float) -> None:
        self.workers = pool_workers(size)
        self.size = size
        self.aliases = aliases
        self.timeout_s = timeout_s
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = make_pool(self.size, self.aliases)
        return self._pool

    def warm_up(self, attempts: int = 3) -> bool:
        """Start the children (and load the model) before the first article arrives.

        False if every attempt found its own pool broken (a child died while loading);
        batches then start a fresh pool themselves. A pool a batch replaced meanwhile is
        not a failure: the batch has its pool.
        """
        for attempt in range(1, attempts + 1):
            pool = self.pool
            try:
                for future in [pool.submit(extract_batch, []) for _ in range(self.workers)]:
                    future.result()
                return True
            except BrokenExecutor as exc:
                if self._pool is not pool:  # a batch replaced (and killed) it: it has a pool
                    log.info("extraction pool warm-up overtaken: a batch replaced the pool")
                    return True
                log.warning("extraction pool warm-up attempt %d/%d failed: %s", attempt, attempts, exc)
                self._reset(pool)
        return False

    def _reset(self, pool: ProcessPoolExecutor) -> None:
        kill_pool(pool)
        if self._pool is pool:
            self._pool = None

    async def run(self, payloads: list[str]) -> list[ExtractResult]:
        """Extract one batch spread over the pool's processes; results in input order."""
        loop = asyncio.get_running_loop()
        pool = self.pool
        futures = [loop.run_in_executor(pool, extract_batch, part)
                   for part in chunks(payloads, self.workers)]
        try:
            parts = await asyncio.wait_for(asyncio.gather(*futures), timeout=self.timeout_s)
        except (TimeoutError, BrokenExecutor) as exc:
            log.warning("extraction batch of %d failed (%s); retrying one by one in a new pool",
                        len(payloads), type(exc).__name__)
            self._reset(pool)
            return await self._one_by_one(payloads)
        return [result for part in parts for result in part]

    async def _one_by_one(self, payloads: list[str]) -> list[ExtractResult]:
        """Isolate the slow or crashing article(s), each with its own budget."""
        results = []
        loop = asyncio.get_running_loop()
        for payload in payloads:
            article_id = json.loads(payload)["id"]
            pool = self.pool
            try:
                part = await asyncio.wait_for(
                    loop.run_in_executor(pool, extract_batch, [payload]), timeout=self.timeout_s)
                results.extend(part)
            except TimeoutError:
                self._reset(pool)
                results.append(ExtractResult(article_id, [], TIMEOUT, self.timeout_s))
            except BrokenExecutor as exc:
                self._reset(pool)
                results.append(ExtractResult(article_id, [], f"pool process died: {exc}", 0.0))
        return results

    def close(self) -> None:
        if self._pool is not None:
            kill_pool(self._pool)
            self._pool = None
