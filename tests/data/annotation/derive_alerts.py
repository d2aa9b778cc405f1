"""Derive gold alerts from annotated claims, by the rules of the gold guideline.

    python3 tests/data/annotation/derive_alerts.py SET_DIR

Reads ``SET_DIR/articles.jsonl`` and ``SET_DIR/claims/*.jsonl`` (one
``{"article_id", "claims": [...]}`` per annotated article) and writes
``SET_DIR/gold.jsonl`` (claims + per-article alerts) and ``SET_DIR/stories.jsonl``
(story-level contradictions). Checks every claim's ``text`` is a substring of its body.

Per article: ``denial`` per (speaker, topic) with a deny; ``contradiction`` per
(affirmer, denier, topic); ``self_contradiction`` per (speaker, topic) with both.
Per story: a contradiction per (A, B, topic) with A affirming in one article and B
denying in another, naming the earliest such pair of articles. Hedges never alert.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

FIELDS = ("speaker", "aliases", "org", "text", "kind", "polarity", "topic")


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def article_alerts(claims: list[dict]) -> list[dict]:
    out: list[dict] = []
    by_topic: dict[str, dict[str, set[str]]] = {}
    order: list[tuple[str, str, str]] = []
    for c in claims:
        if c["polarity"] not in ("affirm", "deny"):
            continue
        pols = by_topic.setdefault(c["topic"], {}).setdefault(c["speaker"], set())
        if c["polarity"] not in pols:
            order.append((c["topic"], c["speaker"], c["polarity"]))
        pols.add(c["polarity"])
    for topic, speaker, pol in order:
        if pol == "deny":
            out.append({"type": "denial", "actors": [speaker], "topic": topic})
    for topic, speakers in by_topic.items():
        affirmers = [s for s, p in speakers.items() if "affirm" in p]
        deniers = [s for s, p in speakers.items() if "deny" in p]
        for a in affirmers:
            for d in deniers:
                if a != d:
                    out.append({"type": "contradiction", "actors": [a, d], "topic": topic})
        for s in sorted(set(affirmers) & set(deniers)):
            out.append({"type": "self_contradiction", "actors": [s], "topic": topic})
    return out


def story_contradictions(articles: list[dict], gold: list[dict]) -> list[dict]:
    meta = {a["id"]: a for a in articles}
    rank = {a["id"]: (a["published_at"], a["id"]) for a in articles}
    seen: dict[tuple, dict] = {}
    stances = []  # (story, topic, speaker, polarity, article)
    for g in gold:
        story = meta[g["article_id"]].get("story")
        for c in g["claims"]:
            if story and c["polarity"] in ("affirm", "deny"):
                stances.append((story, c["topic"], c["speaker"], c["polarity"], g["article_id"]))
    for story, topic, a, pa, art_a in stances:
        if pa != "affirm":
            continue
        for story_b, topic_b, b, pb, art_b in stances:
            if (story_b, topic_b, pb) != (story, topic, "deny") or a == b or art_a == art_b:
                continue
            key = (story, topic, a, b)
            pair = (max(rank[art_a], rank[art_b]), rank[art_a], rank[art_b])
            if key not in seen or pair < seen[key]["_rank"]:
                seen[key] = {"story": story, "type": "contradiction", "actors": [a, b],
                             "topic": topic, "articles": [art_a, art_b], "_rank": pair}
    rows = sorted(seen.values(), key=lambda r: (r["story"], r["topic"], r["actors"]))
    return [{k: v for k, v in r.items() if k != "_rank"} for r in rows]


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("set_dir", type=Path)
    args = ap.parse_args()
    articles = read_jsonl(args.set_dir / "articles.jsonl")
    bodies = {a["id"]: a["body"] for a in articles}
    annotated: dict[str, list[dict]] = {}
    for part in sorted((args.set_dir / "claims").glob("*.jsonl")):
        for row in read_jsonl(part):
            annotated[row["article_id"]] = row["claims"]
    problems = []
    gold = []
    for a in articles:
        if a["id"] not in annotated:
            problems.append(f"{a['id']}: not annotated")
            continue
        claims = annotated[a["id"]]
        for i, c in enumerate(claims):
            missing = [f for f in FIELDS if f not in c]
            if missing:
                problems.append(f"{a['id']} claim {i}: missing {missing}")
            elif c["text"] not in bodies[a["id"]]:
                problems.append(f"{a['id']} claim {i}: text not in body: {c['text'][:60]!r}")
            elif c["polarity"] not in ("affirm", "deny", "hedge") or c["kind"] not in ("direct", "indirect"):
                problems.append(f"{a['id']} claim {i}: bad polarity/kind")
        gold.append({"article_id": a["id"], "claims": claims, "alerts": article_alerts(claims)})
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        return 1
    with open(args.set_dir / "gold.jsonl", "w", encoding="utf-8") as f:
        for g in gold:
            f.write(json.dumps(g, ensure_ascii=False) + "\n")
    stories = story_contradictions(articles, gold)
    with open(args.set_dir / "stories.jsonl", "w", encoding="utf-8") as f:
        for s in stories:
            f.write(json.dumps(s, ensure_ascii=False) + "\n")
    n_claims = sum(len(g["claims"]) for g in gold)
    n_alerts = sum(len(g["alerts"]) for g in gold)
    print(f"{len(gold)} articles, {n_claims} claims, {n_alerts} alerts, {len(stories)} story contradictions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
