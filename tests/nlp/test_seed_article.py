"""End to end on the ARA News seed article (shared/data/gold/dev_articles.jsonl)."""

from __future__ import annotations


def test_seed_konashenkov_and_silo(extractor, seed_article):
    claims = extractor.extract(seed_article)
    kon = [c for c in claims if c.speaker.id == "igor-konashenkov"]
    silo = [c for c in claims if c.speaker.id == "talal-silo"]
    assert kon and silo
    assert any(c.polarity == "affirm" and "Moscow" in c.text for c in kon)
    assert any(c.polarity == "deny" and "no such information exchanges" in c.text for c in kon)
    assert all(c.polarity == "deny" for c in silo if "no coordination" in c.text)
    assert silo[0].speaker.org == "sdf"
    assert "Konashenkov" in kon[0].speaker.aliases


def test_seed_coordination_claims_share_a_key_with_opposite_polarity(extractor, seed_article):
    claims = extractor.extract(seed_article)
    moscow = next(c for c in claims if c.speaker.id == "igor-konashenkov" and "Moscow" in c.text)
    sdf = next(c for c in claims if c.speaker.id == "talal-silo" and "no coordination at all" in c.text)
    assert moscow.proposition.key == sdf.proposition.key == "cooperate:russia+sdf"
    assert moscow.polarity == "affirm" and sdf.polarity == "deny"


def test_seed_no_claims_from_boilerplate_or_scare_quotes(extractor, seed_article):
    claims = extractor.extract(seed_article)
    body = seed_article.body
    tail = body.index("Reporting by:")
    assert all(c.span[1] <= tail for c in claims)
    assert not any(c.text == "patriotic-minded Syrian opposition" for c in claims)
