"""The worker on a real broker: every bad event lands in the DLQ with its code and bytes,
no valid article does, and articles in = processed + dead-lettered."""

from __future__ import annotations

import base64
import json

import pytest
from kafka import KafkaProducer

from streams.bench.worker_process import (
    isolated_settings,
    metric_value,
    running_worker,
)
from streams.kafkaio.admin import ensure_topics
from tests.integration.topic_reader import read_topic
from tests.kafka_broker import bootstrap_from_url

pytestmark = pytest.mark.kafka

MAX_BYTES = 50_000


def _article(i: int, **extra) -> dict:
    body = (f"Minister Jane Doe{i} said the talks with Ruritania had failed. "
            f"\u201cWe never agreed to anything,\u201d Doe{i} told reporters.")
    return {"id": f"good-{i}", "published_at": "2015-10-15T00:00:00Z", "body": body, **extra}


BAD_EVENTS: list[tuple[str, bytes]] = [
    ("invalid_json", b'{"id": "x", "body": '),
    ("not_utf8", b'{"id": "x\xff", "published_at": "2015-10-15T00:00:00Z", "body": "b"}'),
    ("schema", json.dumps({"id": "no-body", "published_at": "2015-10-15T00:00:00Z"}).encode()),
    ("schema", json.dumps({"id": "bad-time", "published_at": "soon", "body": "b"}).encode()),
    ("missing_id", json.dumps({"published_at": "2015-10-15T00:00:00Z", "body": "b"}).encode()),
    ("unsupported_lang", json.dumps({**_article(99), "id": "german", "lang": "de"}).encode()),
    ("too_large", json.dumps({**_article(98), "id": "huge", "body": "x" * (MAX_BYTES + 10)}).encode()),
    ("invalid_json", b""),
]


def test_bad_events_are_dead_lettered_with_code_and_original_bytes(kafka_url, tmp_path):
    settings = isolated_settings(kafka_url, tmp_path, max_article_bytes=MAX_BYTES)
    ensure_topics(settings)
    good = [json.dumps(_article(i)).encode() for i in range(5)]
    producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(kafka_url),
                             max_request_size=4 * 1024 * 1024)
    sent = []
    for i, raw in enumerate(good):
        producer.send(settings.topic_articles, key=f"good-{i}".encode(), value=raw)
        sent.append(raw)
    for i, (_code, raw) in enumerate(BAD_EVENTS):
        producer.send(settings.topic_articles, key=f"bad-{i}".encode(), value=raw,
                      headers=[("origin", b"test")])
    producer.flush()
    producer.close()

    with running_worker(settings, tmp_path) as worker:
        dead = read_topic(kafka_url, settings.topic_dlq, expect=len(BAD_EVENTS), timeout=90,
                          settle=3.0)
        metrics = worker.wait_metric("gainsay_articles_total", len(good), 60, outcome="processed")
        processed = metric_value(metrics, "gainsay_articles_total", outcome="processed")
        dead_lettered = metric_value(metrics, "gainsay_articles_total", outcome="dead_lettered")

    records = [json.loads(value) for _key, value, _h in dead]
    assert sorted(r["error"] for r in records) == sorted(code for code, _ in BAD_EVENTS), \
        worker.log_tail()
    by_value = {base64.b64decode(r["value"]) if r["value"] else b"": r for r in records}
    for code, raw in BAD_EVENTS:
        assert by_value[raw]["error"] == code
        assert by_value[raw]["topic"] == settings.topic_articles
        assert by_value[raw]["offset"] is not None and by_value[raw]["detail"]
        assert by_value[raw]["headers"] == [["origin", base64.b64encode(b"test").decode()]]
    assert not any(raw in by_value for raw in good), "a valid article was dead-lettered"
    assert processed == len(good)
    assert processed + dead_lettered == len(good) + len(BAD_EVENTS)


def test_extraction_over_its_time_budget_is_dead_lettered_and_the_worker_goes_on(kafka_url, tmp_path):
    settings = isolated_settings(kafka_url, tmp_path, extract_timeout_s=0.001)
    ensure_topics(settings)
    producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(kafka_url))
    raws = [json.dumps(_article(i)).encode() for i in range(2)]
    for i, raw in enumerate(raws):
        producer.send(settings.topic_articles, key=f"slow-{i}".encode(), value=raw)
    producer.flush()
    producer.close()
    with running_worker(settings, tmp_path) as worker:
        dead = read_topic(kafka_url, settings.topic_dlq, expect=len(raws), timeout=90)
        health = json.loads(worker.get("/healthz"))
        assert worker.process.poll() is None
    assert health["status"] == "ok"
    records = [json.loads(value) for _key, value, _h in dead]
    assert [r["error"] for r in records] == ["extract_timeout"] * len(raws)
    assert {base64.b64decode(r["value"]) for r in records} == set(raws)
