"""Score every annotated set with the reference scorer, with and without the `story` field.

    .venv/bin/python scripts/score_sets.py [--sets dev,fresh] [--json OUT]

Runs `gainsay extract` and `gainsay detect` in-process (one model load) on each set, scores
claims and alerts with ``../shared/tools/score.py`` exactly as a developer would by hand, then
drops `story` from every article, extracts and judges again and scores those alerts. Prints
one table row per set; the numbers before and after a change are what the closing notes quote.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib.util
import json
from collections import defaultdict
from pathlib import Path

from streams.jsonl import read_articles
from streams.nlp.extract import Extractor
from streams.offline.detect import judge_stream

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
GOLD = SHARED / "data/gold"
SETS = {
    "dev": (GOLD / "dev_articles.jsonl", GOLD / "dev.jsonl", GOLD / "dev_stories.jsonl"),
    **{name: tuple(REPO / "tests/data" / name / f for f in ("articles.jsonl", "gold.jsonl", "stories.jsonl"))
       for name in ("dev2", "dev_denials", "dev3_denials", "dev4_denials", "dev5_denials", "heldout", "fresh",
                    "fresh_denials", "fresh2_denials", "fresh3_denials", "blind")},
}


def _scorer():
    spec = importlib.util.spec_from_file_location("reference_score", SHARED / "tools/score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def score_set(name: str, extractor: Extractor, score) -> dict:
    articles_path, gold_path, stories_path = SETS[name]
    articles = list(read_articles(str(articles_path)))
    pairs = list(extractor.extract_many(articles, batch_size=16))
    claims = defaultdict(list)
    for article, found in pairs:
        claims[article.id] = [c.to_dict() for c in found]
    bodies = {a.id: a.body for a in articles}
    gold = [g for g in score.read_jsonl(str(gold_path)) if g["article_id"] in bodies]
    stories = score.read_jsonl(str(stories_path)) if Path(stories_path).is_file() else []
    scope = {g["article_id"] for g in gold}
    with_story = [a.to_dict() for a in judge_stream(pairs)]
    stripped = [dataclasses.replace(article, story=None) for article in articles]
    without_story = [a.to_dict() for a in judge_stream(extractor.extract_many(stripped, batch_size=16))]
    return {
        "claims": score.score_claims(bodies, gold, claims),
        "alerts": score.score_alerts(gold, stories, with_story, scope),
        "alerts_no_story": score.score_alerts(gold, stories, without_story, scope),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(n for n, p in SETS.items() if p[1].is_file()))
    ap.add_argument("--json", help="write the full reports here")
    args = ap.parse_args()
    score, extractor = _scorer(), Extractor()
    reports = {}
    print(f"{'set':14} {'claims':>6} {'spkr':>6} {'deny':>6} | {'alert P/R/F1':>16} | "
          f"{'no story P/R/F1':>16}")
    for name in args.sets.split(","):
        r = reports[name] = score_set(name, extractor, score)
        c, a, n = r["claims"], r["alerts"]["all"], r["alerts_no_story"]["all"]
        print(f"{name:14} {c['claims_found']['f1']:6.3f} {c['speaker_attribution']['f1']:6.3f} "
              f"{c['denials']['f1']:6.3f} | {a['precision']:.2f}/{a['recall']:.2f}/{a['f1']:.3f} "
              f"({a['predicted']:3}) | {n['precision']:.2f}/{n['recall']:.2f}/{n['f1']:.3f}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(reports, indent=1))


if __name__ == "__main__":
    main()
