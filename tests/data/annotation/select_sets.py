"""Pick the articles of the blind annotation sets (selection only; labels are manual).

    python3 tests/data/annotation/select_sets.py [--corpus ../shared/data/corpus/fnc1.jsonl]

Deterministic (``random.Random(SEED)``) and run *before* anyone looks at Gainsay's output
on the picked articles. Eligible: a story not in DEV (``../shared/data/gold``) nor in the
first held-out set (``tests/data/heldout``); a body of at most ``MAX_CHARS`` characters
holding a quotation mark or a reporting verb. Stories with at least ``PER_STORY``
eligible articles are shuffled; the first ``DEV2_STORIES`` become ``dev2`` (a second
development set whose errors may be studied), the next ``FRESH_STORIES`` become
``fresh`` (a held-out set: scored, never studied, never fitted). ``PER_STORY`` articles
per story, so story-level contradictions can occur.

A random article rarely holds a denial, so a third held-out set, ``fresh_denials``, is
drawn the same way (same seed, after the two above, from the remaining stories) among
articles whose body has denial wording (``DENIAL``): it measures denial precision and
recall where there is something to find. A fourth set, ``dev_denials``, is drawn the same
way from the denial stories after those: a denial-rich *development* set whose errors may
be studied (the other held-out sets stay unstudied). A fifth, ``dev3_denials`` (2026-12-07),
takes the next ``DEV_DENIAL_STORIES`` denial stories: scored once blind, as a new held-out
measurement of the build of that day, then studied as a development set; ``dev4_denials``
(the 8 denial stories after it) the same way, later that day. A seventh, ``fresh2_denials``
(the 8 after those), is a held-out set again: scored, never studied. Then
``dev5_denials`` (a development set) and ``fresh3_denials`` (held out), the next 8 each.
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections import defaultdict
from pathlib import Path

SEED = 20261201
MAX_CHARS = 4000
PER_STORY = 3
DEV2_STORIES = 10
FRESH_STORIES = 12
REPORTING = re.compile(
    r"[\"“”]|\b(said|says|told|tells|according to|denied|denies|claimed|claims|"
    r"stated|added|insisted|confirmed|reported)\b",
    re.I,
)
DENIAL = re.compile(
    r"\b(den(y|ies|ied|ying)|reject(s|ed)?|dismiss(es|ed)?|refut(e|es|ed)|not true|false|"
    r"hoax|rumou?rs?|baseless|nonsense|untrue)\b",
    re.I,
)
DENIAL_STORIES = 8
DEV_DENIAL_STORIES = 8
HERE = Path(__file__).resolve().parent


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def write_jsonl(path: Path, rows: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False) + "\n")


def main() -> None:
    root = HERE.parents[2]
    ap = argparse.ArgumentParser()
    ap.add_argument("--corpus", type=Path, default=root / "../shared/data/corpus/fnc1.jsonl")
    ap.add_argument("--dev", type=Path, default=root / "../shared/data/gold/dev_articles.jsonl")
    ap.add_argument("--heldout", type=Path, default=root / "tests/data/heldout/articles.jsonl")
    args = ap.parse_args()

    taken = [*read_jsonl(args.dev), *read_jsonl(args.heldout)]
    taken_stories = {a.get("story") for a in taken if a.get("story")}
    taken_ids = {a["id"] for a in taken}
    by_story: dict[str, list[dict]] = defaultdict(list)
    for a in read_jsonl(args.corpus):
        if a["id"] in taken_ids or a.get("story") in taken_stories:
            continue
        if len(a["body"]) > MAX_CHARS or not REPORTING.search(a["body"]):
            continue
        by_story[a["story"]].append(a)

    rng = random.Random(SEED)
    stories = sorted(s for s, arts in by_story.items() if len(arts) >= PER_STORY)
    rng.shuffle(stories)
    plan = {"dev2": stories[:DEV2_STORIES],
            "fresh": stories[DEV2_STORIES:DEV2_STORIES + FRESH_STORIES]}
    picks: dict[str, dict[str, list[dict]]] = {}
    for name, chosen_stories in plan.items():
        picks[name] = {s: rng.sample(sorted(by_story[s], key=lambda a: a["id"]), PER_STORY)
                       for s in chosen_stories}
    used = {s for stories_ in plan.values() for s in stories_}
    denying = {s: [a for a in arts if DENIAL.search(a["body"])] for s, arts in by_story.items()
               if s not in used}
    denial_stories = sorted(s for s, arts in denying.items() if len(arts) >= PER_STORY)
    rng.shuffle(denial_stories)
    plan["fresh_denials"] = denial_stories[:DENIAL_STORIES]
    picks["fresh_denials"] = {
        s: rng.sample(sorted(denying[s], key=lambda a: a["id"]), PER_STORY)
        for s in plan["fresh_denials"]}
    # a denial-rich *development* set (errors may be studied), drawn after the held-out one
    plan["dev_denials"] = denial_stories[DENIAL_STORIES:DENIAL_STORIES + DEV_DENIAL_STORIES]
    picks["dev_denials"] = {
        s: rng.sample(sorted(denying[s], key=lambda a: a["id"]), PER_STORY)
        for s in plan["dev_denials"]}
    # drawn 2026-12-07, after everything above (so the earlier draws are unchanged)
    start = DENIAL_STORIES + DEV_DENIAL_STORIES
    plan["dev3_denials"] = denial_stories[start:start + DEV_DENIAL_STORIES]
    picks["dev3_denials"] = {
        s: rng.sample(sorted(denying[s], key=lambda a: a["id"]), PER_STORY)
        for s in plan["dev3_denials"]}
    start += DEV_DENIAL_STORIES
    plan["dev4_denials"] = denial_stories[start:start + DEV_DENIAL_STORIES]
    picks["dev4_denials"] = {
        s: rng.sample(sorted(denying[s], key=lambda a: a["id"]), PER_STORY)
        for s in plan["dev4_denials"]}
    start += DEV_DENIAL_STORIES
    plan["fresh2_denials"] = denial_stories[start:start + DENIAL_STORIES]
    picks["fresh2_denials"] = {
        s: rng.sample(sorted(denying[s], key=lambda a: a["id"]), PER_STORY)
        for s in plan["fresh2_denials"]}
    # drawn 2026-12-07 evening, after everything above: a development set to study and a
    # held-out set, annotated blind together
    for name in ("dev5_denials", "fresh3_denials"):
        start += DEV_DENIAL_STORIES
        plan[name] = denial_stories[start:start + DENIAL_STORIES]
        picks[name] = {s: rng.sample(sorted(denying[s], key=lambda a: a["id"]), PER_STORY)
                       for s in plan[name]}
    for name, chosen_stories in plan.items():
        chosen = []
        for s in chosen_stories:
            chosen += picks[name][s]
        chosen.sort(key=lambda a: (a["published_at"], a["id"]))
        write_jsonl(HERE.parent / name / "articles.jsonl", chosen)
        print(f"{name}: {len(chosen)} articles, {len(chosen_stories)} stories: "
              + ", ".join(sorted(chosen_stories)))


if __name__ == "__main__":
    main()
