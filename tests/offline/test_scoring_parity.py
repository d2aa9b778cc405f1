"""The packaged scorer gives the same numbers as the reference ``../shared/tools/score.py``.

Predictions are the gold labels damaged in seeded, varied ways (dropped, polarity flipped,
speaker renamed or shortened, text cut, spurious claims; alerts retyped, re-actored, moved
to other articles), so every matching rule of the scorers is exercised on every gold set.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict

import pytest

from streams.offline import scoring
from tests.offline.gold_sets import GOLD_SETS, gold_set, reference_scorer

FLIP = {"affirm": "deny", "deny": "affirm", "hedge": "affirm"}


def read(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def damaged_claims(gold: list[dict], bodies: dict[str, str], rng: random.Random) -> list[dict]:
    preds = []
    for art in gold:
        body = bodies[art["article_id"]]
        for g in art["claims"]:
            roll = rng.random()
            if roll < 0.12:
                continue
            name = g["speaker"]
            text, polarity = g["text"], g["polarity"]
            if roll < 0.25:
                polarity = FLIP[polarity]
            elif roll < 0.35:
                name = name.split()[-1]
            elif roll < 0.45:
                name = "Someone Else"
            elif roll < 0.55:
                text = text[: max(1, len(text) // 3)]
            claim = {"article_id": art["article_id"], "text": text, "polarity": polarity,
                     "speaker": {"id": name.lower().replace(" ", "-"), "name": name,
                                 "aliases": g.get("aliases", [])[:1] if roll > 0.8 else []}}
            if roll > 0.9 and text in body:
                at = body.find(text)
                claim["span"] = [at, at + len(text)]
            preds.append(claim)
        if rng.random() < 0.5 and len(body) > 80:
            at = rng.randrange(0, len(body) - 60)
            preds.append({"article_id": art["article_id"], "text": body[at:at + 60], "polarity": "deny",
                          "speaker": {"id": "nobody", "name": "Nobody", "aliases": []}})
    return preds


def damaged_alerts(gold: list[dict], stories: list[dict], rng: random.Random) -> list[dict]:
    wanted = [(a["type"], a["actors"], [art["article_id"]]) for art in gold for a in art.get("alerts", [])]
    wanted += [(s["type"], s["actors"], s["articles"]) for s in stories]
    ids = [art["article_id"] for art in gold]
    preds = []
    for kind, actors, articles in wanted:
        roll = rng.random()
        if roll < 0.15:
            continue
        if roll < 0.25:
            kind = {"denial": "contradiction", "contradiction": "denial"}.get(kind, "reversal")
        elif roll < 0.35:
            actors = [*actors[:-1], "Someone Else"]
        elif roll < 0.45:
            articles = [rng.choice(ids)]
        alert = {"type": kind, "actors": [{"id": a.lower(), "name": a} for a in actors],
                 "article_ids": list(articles)}
        if roll > 0.85:  # evidence only through the claims, as the worker's alerts carry it
            alert = {**alert, "article_ids": [], "claims": [{"article_id": a} for a in articles]}
        preds.append(alert)
        if roll > 0.95:
            preds.append(dict(alert))  # a duplicate, counted once
    return preds


@pytest.mark.parametrize("name", sorted(GOLD_SETS))
def test_packaged_scorer_matches_reference(name):
    articles_path, gold_path, stories_path = gold_set(name)
    reference = reference_scorer()
    articles, gold, stories = read(articles_path), read(gold_path), read(stories_path)
    bodies = {a["id"]: a["body"] for a in articles}
    rng = random.Random(f"parity-{name}")
    claims, alerts = damaged_claims(gold, bodies, rng), damaged_alerts(gold, stories, rng)
    scope = {g["article_id"] for g in gold}
    preds = defaultdict(list)
    for c in claims:
        preds[c["article_id"]].append(c)

    ours = scoring.score(articles, gold, stories, claims, alerts)
    theirs = {"articles": len(gold), "claims": reference.score_claims(bodies, gold, preds),
              "alerts": reference.score_alerts(gold, stories, alerts, scope)}
    assert ours == theirs
    # the damage shows: neither perfect nor empty, so equal numbers mean something
    for part in (ours["claims"]["speaker_attribution"], ours["alerts"]["all"]):
        assert 0.0 < part["f1"] < 1.0, part
    assert ours["claims"]["denials"]["predicted"] > 0
