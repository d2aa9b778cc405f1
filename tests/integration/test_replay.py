"""`gainsay replay` reprocesses a topic into isolated state and its own output topics."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from kafka import KafkaProducer

from streams.bench.worker_process import isolated_settings, running_worker
from streams.judge.stance import JudgeSettings
from streams.kafkaio.admin import describe_topics, ensure_topics
from streams.offline.detect import detect
from streams.records import Article
from tests.integration.topic_reader import read_topic
from tests.kafka_broker import bootstrap_from_url

pytestmark = pytest.mark.kafka


@pytest.fixture
def history(kafka_url, tmp_path, dev_articles_path):
    """An articles topic holding the seed article, as if a worker had run long ago."""
    seed = [raw for raw in dev_articles_path.read_bytes().splitlines() if b'"seed-ara-001"' in raw]
    settings = isolated_settings(kafka_url, tmp_path)
    ensure_topics(settings)
    producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(kafka_url))
    for raw in seed:
        producer.send(settings.topic_articles, key=b"seed-ara-001", value=raw)
    producer.flush()
    producer.close()
    return settings, seed


def test_replay_from_beginning_writes_alerts_to_its_own_topic(history, tmp_path, extractor, kafka_url):
    settings, seed = history
    expected = {a.alert_id for a in detect([Article.from_dict(json.loads(r)) for r in seed],
                                           extractor, settings=JudgeSettings())}
    new_id = settings.app_id + "-replay"
    replayed = replace(settings, app_id=new_id)
    with running_worker(replayed, tmp_path, command=("replay", "--from-beginning", "--app-id", new_id)):
        records = read_topic(kafka_url, f"{new_id}.alerts", expect=len(expected), timeout=90)
    assert {json.loads(v)["alert_id"] for _k, v, _h in records} == expected
    originals = {i.name: i for i in describe_topics(settings)}
    assert originals[settings.topic_alerts].messages == 0, "replay wrote to the live alerts topic"


def test_replay_since_a_later_time_processes_nothing_old(history, tmp_path, kafka_url):
    settings, _seed = history
    new_id = settings.app_id + "-since"
    since = (datetime.now(UTC) + timedelta(minutes=5)).isoformat()
    replayed = replace(settings, app_id=new_id)
    with running_worker(replayed, tmp_path,
                        command=("replay", "--since", since, "--app-id", new_id)) as worker:
        records = read_topic(kafka_url, f"{new_id}.alerts", expect=1, timeout=8)
        metrics = worker.get("/metrics")
    assert records == []
    assert 'gainsay_articles_total{outcome="processed"}' not in metrics
