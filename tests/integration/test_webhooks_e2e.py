"""Webhook delivery from a real worker to a real HTTP server that refuses first attempts.

The receiver answers 503 to the first two POSTs of every alert, then 200. Every alert the
worker published to the alerts topic must reach it — nothing lost — exactly once accepted,
always under its own ``alert_id`` (body, header and the topic agree), with Slack's ``text``.
"""

from __future__ import annotations

import json

import pytest

from streams.bench.worker_process import metric_value
from tests.integration.front_worker import FAIL_FIRST, FrontWorker, front_worker, wait_for  # noqa: F401
from tests.integration.topic_reader import read_topic

pytestmark = pytest.mark.kafka


def test_every_alert_is_delivered_once_despite_failures(front_worker: FrontWorker) -> None:  # noqa: F811
    article_id = front_worker.produce_seed_copy("webhook")
    receiver = front_worker.receiver
    topic = front_worker.settings.topic_alerts

    def mine_on_topic() -> dict[str, dict]:
        records = read_topic(front_worker.kafka_url, topic, expect=10**6, timeout=3)
        alerts = [json.loads(v) for _k, v, _h in records]
        return {a["alert_id"]: a for a in alerts if article_id in a["article_ids"]}

    published = wait_for(lambda: (m := mine_on_topic()) and len(m) >= 10 and m, 120)
    assert published, f"no alerts of {article_id} on {topic}"
    delivered = wait_for(lambda: set(published) <= set(receiver.accepted_ids()) and True, 60)
    accepted = [a for a in receiver.accepted if a["body"]["alert_id"] in published]
    assert delivered, f"delivered {len(accepted)} of {len(published)}"

    ids = [a["body"]["alert_id"] for a in accepted]
    assert len(ids) == len(set(ids)), "an alert was accepted twice"
    for item in accepted:
        body = item["body"]
        assert item["key"] == body["alert_id"] == body["alert"]["alert_id"]
        assert body["alert"] == published[body["alert_id"]], "delivered content differs from the topic"
        assert body["text"].startswith("*") and body["alert"]["headline"] in body["text"]
        assert receiver.attempts[body["alert_id"]] == FAIL_FIRST + 1

    metrics = front_worker.worker.get("/metrics")
    assert metric_value(metrics, "gainsay_webhook_deliveries_total", outcome="retried") >= \
        FAIL_FIRST * len(published)
    assert metric_value(metrics, "gainsay_webhook_deliveries_total", outcome="failed") == 0
    assert metric_value(metrics, "gainsay_webhook_deliveries_total", outcome="dropped") == 0
    assert receiver.url.split("/hooks/")[1] not in front_worker.worker.log_path.read_text(), (
        "the webhook URL's secret path appeared in the worker log")
