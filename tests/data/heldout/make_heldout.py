"""Select the 12 held-out FNC-1 articles (selection only; annotation is manual).

    python3 tests/data/heldout/make_heldout.py [--corpus PATH] [--dev PATH] [--out PATH]

Deterministic: random.Random(SEED). Eligible = not a DEV article, not in a DEV story,
body <= 3,500 characters, and at least one quotation mark or reporting verb.
Picks 3 stories with two eligible articles each and 6 further stories with one
article each (12 articles, 9 stories), so story-level contradictions can occur.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict

SEED = 20240611
MAX_CHARS = 3500
N_PAIRED, N_SINGLE = 3, 6
REPORTING = re.compile(
    r"[\"“”]|\b(said|says|told|tells|according to|denied|denies|claimed|claims|"
    r"stated|added|insisted|confirmed|reported)\b",
    re.I,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", default="/work/shared/data/corpus/fnc1.jsonl")
    ap.add_argument("--dev", default="/work/shared/data/gold/dev_articles.jsonl")
    ap.add_argument("--out", default="tests/data/heldout/articles.jsonl")
    args = ap.parse_args()

    with open(args.dev, encoding="utf-8") as f:
        dev = [json.loads(x) for x in f if x.strip()]
    dev_ids = {a["id"] for a in dev}
    dev_stories = {a.get("story") for a in dev if a.get("story")}
    by_story: dict[str, list[dict]] = defaultdict(list)
    with open(args.corpus, encoding="utf-8") as f:
        corpus = [json.loads(line) for line in f if line.strip()]
    for a in corpus:
        if a["id"] in dev_ids or a.get("story") in dev_stories:
            continue
        if len(a["body"]) > MAX_CHARS or not REPORTING.search(a["body"]):
            continue
        by_story[a["story"]].append(a)

    rng = random.Random(SEED)
    stories = sorted(by_story)
    rng.shuffle(stories)
    paired = [s for s in stories if len(by_story[s]) >= 2][:N_PAIRED]
    single = [s for s in stories if s not in paired][:N_SINGLE]
    chosen = []
    for s in paired:
        chosen += rng.sample(sorted(by_story[s], key=lambda a: a["id"]), 2)
    for s in single:
        chosen += rng.sample(sorted(by_story[s], key=lambda a: a["id"]), 1)
    chosen.sort(key=lambda a: (a["published_at"], a["id"]))
    with open(args.out, "w", encoding="utf-8") as f:
        for a in chosen:
            f.write(json.dumps(a, ensure_ascii=False) + "\n")
    print(f"{len(chosen)} articles, {len({a['story'] for a in chosen})} stories -> {args.out}")


if __name__ == "__main__":
    main()
