"""Worker state on the real broker: the rocksdb store and restarts.

A restarted worker recovers its stance table, so a redelivered article raises no new
alert. SIGKILL at random points is ``tests/reliability/test_sigkill.py``."""

from __future__ import annotations

import json
import time
import urllib.error
from pathlib import Path

import pytest
from kafka import KafkaProducer

from streams.bench.worker_process import isolated_settings, running_worker
from streams.judge.stance import JudgeSettings
from streams.kafkaio.admin import ensure_topics
from streams.offline.detect import detect
from streams.records import Article
from tests.integration.topic_reader import read_topic
from tests.kafka_broker import bootstrap_from_url

pytestmark = pytest.mark.kafka


def _produce(kafka_url: str, topic: str, lines: list[bytes]) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(kafka_url))
    for raw in lines:
        producer.send(topic, key=json.loads(raw)["id"].encode(), value=raw)
    producer.flush()
    producer.close()


def _dev_lines(path: Path) -> list[bytes]:
    return [line for line in path.read_bytes().splitlines() if line.strip()]


def _offline_ids(lines: list[bytes], extractor) -> set[str]:
    articles = [Article.from_dict(json.loads(raw)) for raw in lines]
    return {a.alert_id for a in detect(articles, extractor, settings=JudgeSettings())}


def _proposition_view(worker, key: str, timeout: float = 20.0) -> dict:
    """The web view of one proposition once it holds claims: the judge publishes an alert
    and then writes its state, so the view may trail the alert topic by a moment."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            view = json.loads(worker.get(f"/propositions/{key}"))
            if view["state"]["claims"] or time.monotonic() > deadline:
                return view
        except urllib.error.HTTPError as exc:
            if exc.code != 404 or time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def test_rocksdb_store_survives_a_restart_and_ignores_redelivery(kafka_url, tmp_path, extractor,
                                                                 dev_articles_path):
    seed = [raw for raw in _dev_lines(dev_articles_path) if b'"seed-ara-001"' in raw]
    expected = _offline_ids(seed, extractor)
    settings = isolated_settings(kafka_url, tmp_path, store="rocksdb://")
    ensure_topics(settings)
    _produce(kafka_url, settings.topic_articles, seed)
    with running_worker(settings, tmp_path) as worker:
        first = read_topic(kafka_url, settings.topic_alerts, expect=len(expected), timeout=90)
        view = _proposition_view(worker, "cooperate:russia+sdf")
    assert {json.loads(v)["alert_id"] for _k, v, _h in first} == expected
    assert view["state"]["claims"]
    assert any(Path(settings.data_dir).rglob("*.sst")) or any(Path(settings.data_dir).rglob("CURRENT"))

    # same app, same store: state comes back; the article arrives a second time
    _produce(kafka_url, settings.topic_articles, seed)
    with running_worker(settings, tmp_path) as worker:
        text = worker.wait_metric("gainsay_articles_total", 1, 60, outcome="processed")
        view = json.loads(worker.get("/propositions/cooperate:russia+sdf"))
        again = read_topic(kafka_url, settings.topic_alerts, expect=len(first) + 1, timeout=10)
    assert 'gainsay_articles_total{outcome="processed"} 1.0' in text, worker.log_tail()
    assert view["state"]["claims"], "stance table not recovered after restart"
    assert len(again) == len(first), "a redelivered article raised new alerts"
