"""End to end on the real broker: the dev articles plus malformed events go in, the worker
publishes the same alerts as offline `detect`, including the seed article's denials and
contradictions and the cross-article contradictions of the dev stories."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest
from kafka import KafkaProducer

from streams.bench.worker_process import (
    isolated_settings,
    metric_value,
    running_worker,
)
from streams.judge.stance import JudgeSettings
from streams.kafkaio.admin import ensure_topics
from streams.offline.detect import detect
from streams.records import Alert, Article
from tests.integration.topic_reader import read_topic
from tests.kafka_broker import bootstrap_from_url

pytestmark = pytest.mark.kafka

MALFORMED = [b"{oops", b"\xc3\x28 not utf-8", json.dumps({"id": "x", "body": "no time"}).encode()]


def _ids(alerts) -> set[str]:
    return {a.alert_id if isinstance(a, Alert) else a["alert_id"] for a in alerts}


@pytest.fixture(scope="module")
def dev_run(dev_articles_path: Path, extractor, tmp_path_factory, kafka_url):
    """Run the worker once over the dev set; return (offline alerts, streamed alerts, metrics)."""
    tmp = tmp_path_factory.mktemp("e2e")
    lines = [line for line in dev_articles_path.read_bytes().splitlines() if line.strip()]
    articles = [Article.from_dict(json.loads(line)) for line in lines]
    offline = list(detect(articles, extractor, settings=JudgeSettings()))

    settings = isolated_settings(kafka_url, tmp)
    ensure_topics(settings)
    producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(kafka_url))
    for raw, article in zip(lines, articles, strict=True):
        producer.send(settings.topic_articles, key=article.id.encode(), value=raw)
    for i, raw in enumerate(MALFORMED):
        producer.send(settings.topic_articles, key=f"bad-{i}".encode(), value=raw)
    producer.flush()
    producer.close()

    with running_worker(settings, tmp) as worker:
        streamed = read_topic(kafka_url, settings.topic_alerts, expect=len(offline), timeout=120,
                              settle=5.0)
        metrics = worker.wait_metric("gainsay_articles_total", len(lines) + len(MALFORMED), 30)
        views = {
            "recent": json.loads(worker.get("/alerts/recent?limit=200")),
            "healthz": json.loads(worker.get("/healthz")),
        }
        if offline:
            a = offline[0]
            views["actor"] = json.loads(worker.get(f"/actors/{a.actors[0].id}"))
            views["proposition"] = json.loads(worker.get(f"/propositions/{a.proposition.key}"))
    alerts = [json.loads(value) for _k, value, _h in streamed]
    return offline, alerts, metrics, views, len(lines)


def test_worker_publishes_the_same_alert_ids_as_detect(dev_run):
    offline, streamed, *_ = dev_run
    assert offline, "detect found no alerts on the dev set"
    assert _ids(streamed) == _ids(offline)


def test_every_article_is_processed_or_dead_lettered(dev_run):
    _offline, _streamed, metrics, _views, n_articles = dev_run
    assert metric_value(metrics, "gainsay_articles_total", outcome="processed") == n_articles
    assert metric_value(metrics, "gainsay_articles_total", outcome="dead_lettered") == len(MALFORMED)
    assert metric_value(metrics, "gainsay_article_to_alert_seconds_count") > 0


def _seed(streamed, kind):
    return [a for a in streamed if a["type"] == kind and "seed-ara-001" in a["article_ids"]]


def _names(alert) -> list[str]:
    return [x["name"] + " " + x["id"] for x in alert["actors"]]


def test_seed_article_alerts(dev_run):
    _offline, streamed, *_ = dev_run
    denials = _seed(streamed, "denial")
    assert any("Silo" in n or "sdf" in n.lower() or "Kurd" in n for a in denials for n in _names(a))
    contradictions = _seed(streamed, "contradiction")

    def pair(a, left, right):
        names = " | ".join(_names(a))
        return left in names and right in names

    assert any(pair(a, "Konashenkov", "Silo") for a in contradictions), [_names(a) for a in contradictions]
    assert any(pair(a, "Konashenkov", "Mansur") for a in contradictions)
    selfs = _seed(streamed, "self_contradiction")
    assert any("Konashenkov" in " ".join(_names(a)) for a in selfs)
    for alert in streamed:
        assert alert["headline"] and alert["claims"] and alert["article_ids"]


def test_cross_article_story_contradictions_appear(dev_run, dev_articles_path):
    _offline, streamed, *_ = dev_run
    stories_text = (dev_articles_path.parent / "dev_stories.jsonl").read_text()
    stories = [json.loads(x) for x in stories_text.splitlines() if x.strip()]
    cross = [a for a in streamed if a["type"] == "contradiction" and len(set(a["article_ids"])) > 1]
    by_story = defaultdict(list)
    for s in stories:
        by_story[s["story"]].append(set(s["articles"]))
    found = sum(1 for pairs in by_story.values()
                if any(any(p & set(a["article_ids"]) for p in pairs) for a in cross))
    assert found >= len(by_story) - 1, f"{found} of {len(by_story)} stories had a cross-article contradiction"


def test_web_views_answer(dev_run):
    offline, _streamed, _metrics, views, _n = dev_run
    assert views["healthz"]["status"] == "ok"
    assert {a["alert_id"] for a in views["recent"]["alerts"]} <= _ids(offline)
    assert views["actor"]["counts"]["7d"]["claims"] >= 1
    assert views["proposition"]["state"]
