"""Extraction in worker processes, so spaCy never blocks the Faust event loop.

Only JSON strings cross the process boundary (never pickled input objects), and
each child loads the model once in its initializer.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

_extractor = None  # one per child process, built by _init_child


@dataclass(frozen=True)
class ExtractResult:
    """The outcome for one article: claims as JSON strings, or the error text."""

    article_id: str
    claims: list[str]
    error: str | None
    seconds: float


def _exit_with_parent() -> None:
    """Leave when the worker dies: a SIGKILLed worker's children would live on, each holding a
    loaded model (hundreds of MB), until the machine runs out of memory."""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(1.0)
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def _init_child(aliases: str) -> None:
    global _extractor
    from streams.nlp.extract import Extractor

    _exit_with_parent()
    _extractor = Extractor(aliases_path=aliases or None)


def _one(payload: str) -> ExtractResult:
    from streams.records import Article

    started = time.perf_counter()
    article = Article.from_dict(json.loads(payload))
    try:
        claims = [c.to_json() for c in _extractor.extract(article)]
        return ExtractResult(article.id, claims, None, time.perf_counter() - started)
    except Exception as exc:  # noqa: BLE001 - one bad article must not sink the batch
        return ExtractResult(article.id, [], f"{type(exc).__name__}: {exc}",
                             time.perf_counter() - started)


def extract_batch(payloads: list[str]) -> list[ExtractResult]:
    """Extract a batch with ``nlp.pipe``; on failure, retry article by article to isolate it."""
    from streams.records import Article

    if _extractor is None:  # pragma: no cover - initializer always runs first
        raise RuntimeError("extractor not initialised in this process")
    started = time.perf_counter()
    try:
        articles = [Article.from_dict(json.loads(p)) for p in payloads]
        results = []
        for article, claims in _extractor.extract_many(articles, batch_size=len(articles)):
            results.append(ExtractResult(article.id, [c.to_json() for c in claims], None, 0.0))
    except Exception:  # noqa: BLE001
        return [_one(p) for p in payloads]
    per_article = (time.perf_counter() - started) / max(1, len(results))
    return [ExtractResult(r.article_id, r.claims, None, per_article) for r in results]


def pool_workers(size: int) -> int:
    """How many processes a pool of configured ``size`` runs (0 = one per core)."""
    return size if size > 0 else (os.cpu_count() or 1)


def make_pool(size: int, aliases: str = "") -> ProcessPoolExecutor:
    """A process pool whose children each hold a loaded Extractor."""
    return ProcessPoolExecutor(
        max_workers=pool_workers(size),
        mp_context=multiprocessing.get_context("spawn"),
        initializer=_init_child,
        initargs=(aliases,),
    )


def kill_pool(pool: ProcessPoolExecutor) -> None:
    """Stop a pool whose child hangs: cancel queued work and terminate its processes."""
    processes = list((getattr(pool, "_processes", None) or {}).values())  # None once broken
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        if proc.is_alive():
            proc.terminate()
