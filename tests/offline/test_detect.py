"""Offline detect / judge_stream on hand-made claims (no spaCy)."""

from __future__ import annotations

from datetime import UTC, datetime

from streams.judge.stance import JudgeSettings
from streams.offline import detect, judge_articles, judge_stream
from streams.records import Alert
from tests.judge.factory import SEED_ALERTS, make_article, make_claim, when

RU_SDF = "cooperate:russia+sdf"
RU_US = "cooperate:russia+united-states"


def seed_pairs():
    a = make_article("seed-ara-001", when(0))
    claims = [
        make_claim(a.id, "nasser-haji-mansur", "deny", key=RU_US, start=1300),
        make_claim(a.id, "talal-silo", "deny", start=400),
        make_claim(a.id, "igor-konashenkov", "affirm", start=100),
        make_claim(a.id, "igor-konashenkov", "deny", key=RU_US, start=1100),
        make_claim(a.id, "nasser-haji-mansur", "deny", start=700),
        make_claim(a.id, "igor-konashenkov", "affirm", key=RU_US, start=900),
    ]  # deliberately not in span order
    b = make_article("later-002", when(2))
    later = [make_claim(b.id, "igor-konashenkov", "affirm", at=b.published_at, start=10),
             make_claim(b.id, "talal-silo", "hedge", at=b.published_at, start=90)]
    return [(a, claims), (b, later)]


class FakeExtractor:
    def __init__(self, pairs):
        self.by_id = {a.id: claims for a, claims in pairs}
        self.calls = []

    def extract_many(self, articles, batch_size):
        self.calls.append(batch_size)
        for article in articles:
            yield article, list(self.by_id.get(article.id, []))


def test_judge_stream_seed_in_span_order():
    alerts = list(judge_stream(seed_pairs(), settings=JudgeSettings()))
    first = [a for a in alerts if a.article_ids == ["seed-ara-001"]]
    types = sorted((a.type, a.proposition.key, tuple(x.id for x in a.actors)) for a in first)
    assert types == SEED_ALERTS
    # the later article: Konashenkov re-affirms → new article pairs with the SDF deniers
    later = [a for a in alerts if "later-002" in a.article_ids]
    assert sorted((a.type, tuple(x.id for x in a.actors)) for a in later) == [
        ("contradiction", ("igor-konashenkov", "nasser-haji-mansur")),
        ("contradiction", ("igor-konashenkov", "talal-silo"))]
    for a in alerts:
        assert Alert.from_dict(a.to_dict()) == a
        assert a.detected_at == a.event_time or a.detected_at <= a.event_time


def test_detect_batches_extraction_and_judges_every_article():
    """detect hands the extractor batches of the asked size and judges what comes back
    (parity with the real worker is tests/integration/test_pipeline_corpus_parity.py)."""
    pairs = seed_pairs()
    ext = FakeExtractor(pairs)
    offline = list(detect([a for a, _ in pairs], ext, settings=JudgeSettings(), batch_size=8))
    assert ext.calls == [8]
    assert [a.alert_id for a in offline] == [a.alert_id for a in judge_stream(pairs)]
    assert {aid for a in offline for aid in a.article_ids} == {"seed-ara-001", "later-002"}


def test_clock_sets_detected_at_only():
    fixed = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    with_clock = list(judge_stream(seed_pairs(), clock=lambda: fixed))
    without = list(judge_stream(seed_pairs()))
    assert {a.detected_at for a in with_clock} == {"2031-05-06T07:08:09Z"}
    assert [a.alert_id for a in with_clock] == [a.alert_id for a in without]


def test_judge_articles_yields_every_article_with_ordered_claims():
    out = list(judge_articles(seed_pairs()))
    assert [a.id for a, _, _ in out] == ["seed-ara-001", "later-002"]
    spans = [c.span[0] for c in out[0][1]]
    assert spans == sorted(spans)
