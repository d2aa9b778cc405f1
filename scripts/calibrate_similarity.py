"""Calibrate the judge's "about one proposition" similarity on annotated claim pairs.

    .venv/bin/python scripts/calibrate_similarity.py [SET_DIR ...] [--json OUT]

Each SET_DIR holds ``articles.jsonl`` and ``gold.jsonl`` (the shared dev set is given as
``dev``). For every pair of gold claims of one story (in one article, and across articles)
the gold ``topic`` says whether the two are about one proposition. Each gold claim gets
the content signature Gainsay would give its span (``ArticleContent.span_terms``, the
same code the extractor runs), and the script prints precision and recall of
"similarity >= threshold" per threshold, for pairs in one article and pairs across
articles, over all pairs and over pairs of opposite polarity (the ones that can become
contradictions). Use development sets only: calibrating on a held-out set fits it.
"""

from __future__ import annotations

import argparse
import itertools
import json
from pathlib import Path

from streams.judge.rules import similar
from streams.judge.stance import JudgeSettings
from streams.nlp import docview
from streams.nlp import text as textmod
from streams.nlp.actors import ArticleActors
from streams.nlp.content import ArticleContent
from streams.nlp.extract import Extractor
from streams.records import Article

ROOT = Path(__file__).resolve().parents[1]
SETS = {
    "dev": (ROOT / "../shared/data/gold/dev_articles.jsonl", ROOT / "../shared/data/gold/dev.jsonl"),
}
THRESHOLDS = (0.2, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8)


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def gold_signatures(ex: Extractor, article: dict, claims: list[dict]) -> list[dict]:
    """Each gold claim with the signature of its span in the parsed article."""
    art = Article.from_dict(article)
    doc = ex._annotate(ex.nlp(ex.prepare(art.body), disable=ex._disable))
    try:
        quotes = textmod.find_quotes(docview.view(doc).text)
        actors = ArticleActors(doc, ex.lexicon, [(q.open, q.mark_end) for q in quotes])
        content = ArticleContent(doc, actors, art.title)
        out = []
        for c in claims:
            start = art.body.find(c["text"])
            if start < 0:
                continue
            terms = content.span_terms(start, start + len(c["text"]))
            out.append({**c, "article_id": art.id, "story": article.get("story") or art.id,
                        "terms": terms})
        return out
    finally:
        docview.release()


def pairs(claims: list[dict], settings: JudgeSettings):
    for a, b in itertools.combinations(claims, 2):
        if a["story"] != b["story"] or a["speaker"] == b["speaker"] and a["article_id"] != b["article_id"]:
            continue
        scope = "in_article" if a["article_id"] == b["article_id"] else "across"
        opposite = {a["polarity"], b["polarity"]} == {"affirm", "deny"}
        sim = similar(a["terms"], b["terms"], settings)
        yield scope, opposite, a["topic"] == b["topic"], sim


def table(rows) -> dict:
    out = {}
    for scope, opposite_only in itertools.product(("in_article", "across"), (False, True)):
        sel = [(same, sim) for s, opp, same, sim in rows if s == scope and (opp or not opposite_only)]
        positives = sum(1 for same, _ in sel if same)
        name = f"{scope}{'_opposite' if opposite_only else ''}"
        out[name] = {"pairs": len(sel), "same_topic": positives, "thresholds": {}}
        for th in THRESHOLDS:
            hit = [same for same, sim in sel if sim >= th]
            tp = sum(hit)
            p = tp / len(hit) if hit else 0.0
            r = tp / positives if positives else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            out[name]["thresholds"][th] = {"precision": round(p, 3), "recall": round(r, 3),
                                           "f1": round(f, 3), "predicted": len(hit)}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("sets", nargs="*", default=["dev", "tests/data/dev2"])
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    ex = Extractor()
    rows = []
    for name in args.sets:
        art_path, gold_path = SETS.get(name) or (Path(name) / "articles.jsonl", Path(name) / "gold.jsonl")
        articles = {a["id"]: a for a in read_jsonl(art_path)}
        claims = []
        for g in read_jsonl(gold_path):
            claims += gold_signatures(ex, articles[g["article_id"]], g["claims"])
        rows += list(pairs(claims, JudgeSettings()))
    report = table(rows)
    for name, part in report.items():
        print(f"{name}: {part['pairs']} pairs, {part['same_topic']} about one proposition")
        for th, v in part["thresholds"].items():
            print(f"  >= {th:<4}  P={v['precision']:.3f} R={v['recall']:.3f} F1={v['f1']:.3f}"
                  f"  (predicted {v['predicted']})")
    if args.json:
        args.json.write_text(json.dumps(report, indent=1))


if __name__ == "__main__":
    main()
