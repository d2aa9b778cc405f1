"""Full Kafka pipeline: sustained throughput, then article→alert latency at half that rate.

Runs a real `gainsay worker` process against the broker at ``GAINSAY_KAFKA_URL`` with
isolated topics, produces with kafka-python and reads progress from the worker's /metrics.
"""

from __future__ import annotations

import json
import tempfile
import time
from dataclasses import replace
from pathlib import Path

from kafka import KafkaConsumer

from streams.bench.extraction import Rate
from streams.config import Settings
from streams.kafkaio.admin import ensure_topics
from streams.kafkaio.producer import make_producer
from streams.kafkaio.worker_process import isolated_settings, metric_value, running_worker
from streams.records import Article, parse_time


def _wait_processed(worker, expected: float, timeout: float) -> float:
    text = worker.wait_metric("gainsay_articles_total", expected, timeout)
    if metric_value(text, "gainsay_articles_total") < expected:
        raise TimeoutError(f"worker processed fewer than {expected} articles in {timeout}s")
    return time.monotonic()


def _send(producer, topic: str, article: Article) -> str:
    producer.send(topic, key=article.id.encode(), value=article.to_json().encode())
    return article.id


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def bench_pipeline(base: Settings, articles: list[Article], *, pool_size: int = 2) -> list[Rate]:
    """Throughput at full speed, then latency at half of it, on different articles (the same
    text twice would be a cross-article duplicate, not news). Returns rates, prints latency."""
    warm, rest = articles[0], articles[1:]
    full_set, paced_set = rest[: len(rest) // 2], rest[len(rest) // 2:]
    with tempfile.TemporaryDirectory() as tmp:
        settings = replace(isolated_settings(base.kafka_url, Path(tmp)), pool_size=pool_size)
        ensure_topics(settings)
        producer = make_producer(settings)
        with running_worker(settings, Path(tmp)) as worker:
            # warm-up: one article end to end, so model loading is not measured
            _send(producer, settings.topic_articles, warm)
            producer.flush()
            _wait_processed(worker, 1, 120)

            started = time.monotonic()
            for article in full_set:
                _send(producer, settings.topic_articles, article)
            producer.flush()
            finished = _wait_processed(worker, 1 + len(full_set), 600)
            full = Rate("Kafka pipeline (worker, full speed)", len(full_set), finished - started)

            # latency at half the sustained rate, from alert detected_at to our send time
            rate = full.per_second / 2
            sent_at: dict[str, float] = {}
            paced_started = time.monotonic()
            for i, article in enumerate(paced_set):
                due = paced_started + i / rate
                time.sleep(max(0.0, due - time.monotonic()))
                sent_at[_send(producer, settings.topic_articles, article)] = time.time()
                producer.flush()
            _wait_processed(worker, 1 + len(full_set) + len(paced_set), 600)
            latencies = _alert_latencies(settings, sent_at)
        producer.close()
    if latencies:
        print(f"article→alert latency at {rate:.1f} articles/s (half of max): "
              f"p50 {1000 * _percentile(latencies, 0.5):.0f} ms, "
              f"p99 {1000 * _percentile(latencies, 0.99):.0f} ms over {len(latencies)} alerts")
    return [full]


def _alert_latencies(settings: Settings, sent_at: dict[str, float]) -> list[float]:
    consumer = KafkaConsumer(settings.topic_alerts, bootstrap_servers=settings.bootstrap_servers,
                             auto_offset_reset="earliest", consumer_timeout_ms=3000, group_id=None,
                             **settings.kafka_python_security())
    out = []
    try:
        for message in consumer:
            alert = json.loads(message.value)
            sends = [sent_at[a] for a in alert["article_ids"] if a in sent_at]
            if sends:
                out.append(parse_time(alert["detected_at"]).timestamp() - max(sends))
    finally:
        consumer.close()
    return out
