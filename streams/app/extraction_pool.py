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
REPLACED_RETRIES = 5  # how often one article is retried when other batches' resets kill its pool


class PoolReplaced(Exception):
    """Another batch reset the pool this one was running on; not this batch's fault."""


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
        pool = self.pool
        try:
            parts = await self._on(pool, chunks(payloads, self.workers))
        except PoolReplaced:
            log.info("extraction batch of %d lost its pool to another batch's reset; "
                     "retrying one by one", len(payloads))
            return await self._one_by_one(payloads)
        except (TimeoutError, BrokenExecutor) as exc:
            log.warning("extraction batch of %d failed (%s); retrying one by one in a new pool",
                        len(payloads), type(exc).__name__)
            self._reset(pool)
            return await self._one_by_one(payloads)
        return [result for part in parts for result in part]

    async def _on(self, pool: ProcessPoolExecutor, parts: list[list[str]]) -> list[list[ExtractResult]]:
        """Run ``parts`` on ``pool`` within the time budget.

        Several batches share one pool (the extract window keeps some in flight), so another
        batch's reset can kill this batch's pool under it: its queued futures are cancelled
        or the pool refuses new work. That is no fault of these articles, so it is raised as
        ``PoolReplaced`` (retried on the new pool), never as this task's cancellation."""
        loop = asyncio.get_running_loop()
        try:
            futures = [loop.run_in_executor(pool, extract_batch, part) for part in parts]
        except RuntimeError as exc:  # "cannot schedule new futures after shutdown"
            if self._pool is pool:
                raise BrokenExecutor(str(exc)) from exc
            raise PoolReplaced from exc
        try:
            return await asyncio.wait_for(asyncio.gather(*futures), timeout=self.timeout_s)
        except asyncio.CancelledError:
            task = asyncio.current_task()
            if (task is not None and task.cancelling()) or self._pool is pool:
                raise  # this task itself was cancelled
            raise PoolReplaced from None
        except BrokenExecutor:
            if self._pool is pool:
                raise
            raise PoolReplaced from None

    async def _one_by_one(self, payloads: list[str]) -> list[ExtractResult]:
        """Isolate the slow or crashing article(s), each with its own budget."""
        results = []
        for payload in payloads:
            results.append(await self._alone(payload))
        return results

    async def _alone(self, payload: str) -> ExtractResult:
        """One article in the current pool; its own timeout or crash is its result, while a
        pool another batch replaced is retried (a few times: each replacement means some
        other article was slow or crashed, so the retries cannot go on for ever)."""
        article_id = json.loads(payload)["id"]
        for _attempt in range(REPLACED_RETRIES):
            pool = self.pool
            try:
                return (await self._on(pool, [[payload]]))[0][0]
            except PoolReplaced:
                continue
            except TimeoutError:
                self._reset(pool)
                return ExtractResult(article_id, [], TIMEOUT, self.timeout_s)
            except BrokenExecutor as exc:
                self._reset(pool)
                return ExtractResult(article_id, [], f"pool process died: {exc}", 0.0)
        return ExtractResult(article_id, [], f"pool replaced {REPLACED_RETRIES} times under it", 0.0)

    def close(self) -> None:
        if self._pool is not None:
            kill_pool(self._pool)
            self._pool = None
