"""Parity on real corpus text: hundreds of corpus articles, half of them without a feed
``story`` id, through the worker on four partitions give exactly the alert ids of offline
``detect`` over the same articles (so a backtest predicts the stream)."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from kafka import KafkaProducer

from streams.bench.worker_process import isolated_settings, metric_value, running_worker
from streams.judge.stance import JudgeSettings
from streams.kafkaio.admin import ensure_topics
from streams.offline.detect import detect
from streams.records import Article
from tests.conftest import SHARED
from tests.integration.topic_reader import read_topic
from tests.kafka_broker import bootstrap_from_url

pytestmark = pytest.mark.kafka

CORPUS = SHARED / "data/corpus/fnc1.jsonl"
N_ARTICLES = 240


def corpus_slice() -> list[dict]:
    """The first N corpus articles (several whole stories), every other one stripped of its
    ``story`` field, so both routes (feed story, story Gainsay assigns) are exercised."""
    if not CORPUS.is_file():
        pytest.fail(f"corpus missing: {CORPUS} (the shared/ folder must sit beside the repo)")
    rows = []
    with open(CORPUS, encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= N_ARTICLES:
                break
            row = json.loads(line)
            if i % 2:
                row.pop("story", None)
            rows.append(row)
    return rows


def test_worker_on_four_partitions_matches_detect_on_corpus_text(extractor, tmp_path, kafka_url):
    rows = corpus_slice()
    articles = [Article.from_dict(r) for r in rows]
    offline = list(detect(articles, extractor, settings=JudgeSettings()))
    kinds = Counter(a.type for a in offline)
    assert kinds["denial"] and kinds["contradiction"], kinds
    assert len(offline) <= len(articles), f"{len(offline)} alerts for {len(articles)} articles"

    # sweeps for quiet keys every half second: the slice spans weeks of event time, so the
    # worker forgets the early stories on the way, and parity must hold all the same
    settings = isolated_settings(kafka_url, tmp_path, partitions=4, pool_size=2, stance_sweep_s=0.5)
    ensure_topics(settings)
    producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(kafka_url))
    for row in rows:
        producer.send(settings.topic_articles, key=row["id"].encode(),
                      value=json.dumps(row).encode())
    producer.flush()
    producer.close()

    with running_worker(settings, tmp_path) as worker:
        streamed = read_topic(kafka_url, settings.topic_alerts, expect=len(offline), timeout=240,
                              settle=8.0)
        forgotten = metric_value(worker.get("/metrics"), "gainsay_stance_forgotten_total")
    got = {json.loads(value)["alert_id"] for _k, value, _h in streamed}
    want = {a.alert_id for a in offline}
    assert got == want, f"missing {len(want - got)}, extra {len(got - want)} of {len(want)}"
    assert forgotten > 0, "no quiet key was forgotten: the sweep was not exercised"
