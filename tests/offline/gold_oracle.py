"""An "extractor" that returns the gold claims as Claim records: a perfect-extraction
baseline that checks the judge's rules against the gold alert definitions (the gold topic
is the claim's whole content signature, so claims match exactly when their topics do)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from streams.records import Article, Claim, Proposition, Speaker

GOLD_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "gold"


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class GoldExtractor:
    def __init__(self, gold_path: Path):
        with open(gold_path, encoding="utf-8") as f:
            self.gold = {g["article_id"]: g for g in map(json.loads, f) if g}

    def claims_for(self, article: Article) -> list[Claim]:
        out = []
        for g in self.gold.get(article.id, {}).get("claims", []):
            start = article.body.find(g["text"])
            span = [start, start + len(g["text"])] if start >= 0 else [0, 1]
            sid = slug(g["speaker"])
            key = "story:" + slug(g["topic"])
            out.append(Claim(
                claim_id=Claim.make_id(article.id, span, sid), article_id=article.id,
                published_at=article.published_at,
                speaker=Speaker(id=sid, name=g["speaker"], aliases=list(g.get("aliases", [])),
                                type="person", org=slug(g["org"]) if g.get("org") else None),
                text=g["text"], span=span, kind=g["kind"], cue="said", polarity=g["polarity"],
                proposition=Proposition(subject=slug(g["topic"]), relation="story", object=None,
                                        key=key, terms={slug(g["topic"]): 1.0}),
                confidence=0.9))
        return out

    def extract_many(self, articles: Iterable[Article], batch_size: int = 64
                     ) -> Iterator[tuple[Article, list[Claim]]]:
        for article in articles:
            yield article, self.claims_for(article)
