"""Where extraction's CPU goes, stage by stage, per article (issue 10's profile).

    .venv/bin/python scripts/profile_stages.py [--corpus FILE] [--skip 300] [--n 150]

Runs the articles twice through each stage of ``Extractor`` (text preparation, tokenising,
each spaCy pipe, the fast attribute ruler and lemmatiser, the rules) and reports the second
pass, when the caches a long-running worker keeps (lemmas, lexicons) are warm; then the same
for the stock model's pipes, as bare ``nlp.pipe`` runs them. CPU time of this process only.
"""

from __future__ import annotations

import argparse
import itertools
import time
from collections.abc import Callable

from streams.jsonl import read_articles
from streams.nlp.extract import Extractor, load_model

DEFAULT_CORPUS = "../shared/data/corpus/fnc1.jsonl"


def _timed(stages: dict[str, float], name: str, fn: Callable[[], list]) -> list:
    started = time.process_time()
    out = fn()
    stages[name] = stages.get(name, 0.0) + time.process_time() - started
    return out


def extractor_stages(ex: Extractor, articles: list) -> dict[str, float]:
    stages: dict[str, float] = {}
    texts = _timed(stages, "prepare", lambda: [ex.prepare(a.body) for a in articles])
    docs = _timed(stages, "tokenise", lambda: [ex._make_doc(t) for t in texts])
    for name, pipe in ex.nlp.pipeline:
        if name not in ex._disable:
            docs = _timed(stages, name, lambda p=pipe, d=docs: list(p.pipe(d, batch_size=16)))
    for step in ex._post:
        docs = _timed(stages, type(step).__name__, lambda s=step, d=docs: [s(x) for x in d])
    _timed(stages, "rules (claims_from_doc)",
           lambda: [ex.claims_from_doc(a, d) for a, d in zip(articles, docs, strict=True)])
    return stages


def bare_stages(nlp, articles: list) -> dict[str, float]:
    stages: dict[str, float] = {}
    docs = _timed(stages, "tokenise", lambda: [nlp.make_doc(a.body) for a in articles])
    for name, pipe in nlp.pipeline:
        docs = _timed(stages, name, lambda p=pipe, d=docs: list(p.pipe(d, batch_size=16)))
    return stages


def _report(title: str, stages: dict[str, float], n: int) -> None:
    total = sum(stages.values())
    print(f"{title}: {1000 * total / n:.1f} CPU ms per article")
    for name, seconds in stages.items():
        print(f"  {name:<26} {1000 * seconds / n:6.1f} ms  {100 * seconds / total:5.1f} %")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", default=DEFAULT_CORPUS)
    parser.add_argument("--skip", type=int, default=300)
    parser.add_argument("--n", type=int, default=150)
    args = parser.parse_args()
    articles = list(itertools.islice(read_articles(args.corpus), args.skip, args.skip + args.n))
    ex = Extractor()
    extractor_stages(ex, articles)  # first pass: caches and allocations warm up
    _report("Extractor", extractor_stages(ex, articles), len(articles))
    nlp = load_model()
    bare_stages(nlp, articles)
    _report("bare en_core_web_sm (every pipe)", bare_stages(nlp, articles), len(articles))


if __name__ == "__main__":
    main()
