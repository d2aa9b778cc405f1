"""A burst of 10,000 articles at once: the lag grows, then drains; memory stays bounded.

Short generated articles (200 speakers, 40 organisations, 60 days of event time) so the
burst takes minutes, not an hour, and the state windows really expire. Sampled every
2 s: the worker's RSS (``/proc``), its ``gainsay_consumer_lag`` and processed count.
Marked ``burst`` (``make test-burst``); the numbers go to ``reports/reliability/burst.json``.
"""

from __future__ import annotations

import json
import os
import time
from datetime import UTC, datetime, timedelta

import pytest

from streams.bench.worker_process import isolated_settings, metric_value, running_worker
from streams.kafkaio.admin import ensure_topics
from tests.reliability.harness import REPO, produce, unconsumed

pytestmark = [pytest.mark.kafka, pytest.mark.burst]
ARTICLES = int(os.environ.get("BURST_ARTICLES", "10000"))
T0 = datetime(2015, 1, 1, tzinfo=UTC)


def _article(i: int) -> bytes:
    speaker, org, other = f"Speaker{i % 200} Person", f"Org{i % 40}", f"Group{(i * 7) % 40}"
    verb = ("denied any contact with" if i % 3 == 0 else "said they cooperate with")
    body = (f"“We have nothing to hide,” {speaker}, a spokesman for the {org}, said on Monday.\n\n"
            f"{speaker} {verb} the {other}, according to a statement.")
    at = (T0 + timedelta(minutes=9 * i)).strftime("%Y-%m-%dT%H:%M:%SZ")  # ~62 days
    return json.dumps({"id": f"burst-{i}", "published_at": at, "title": f"{org} and {other}",
                       "body": body}).encode()


def _rss_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


@pytest.mark.timeout(3900)
def test_a_10k_burst_drains_with_bounded_memory(kafka_url, tmp_path):
    settings = isolated_settings(kafka_url, tmp_path, batch_size=32, pool_size=2,
                                 stall_timeout_s=0.0)
    ensure_topics(settings)
    samples = []
    with running_worker(settings, tmp_path) as worker:
        started = time.monotonic()
        produce(settings, [_article(i) for i in range(ARTICLES)])
        deadline = started + 3600
        while time.monotonic() < deadline:
            text = worker.get("/metrics")
            done = metric_value(text, "gainsay_articles_total")
            samples.append({"t": round(time.monotonic() - started, 1), "done": done,
                            "lag": metric_value(text, "gainsay_consumer_lag",
                                                topic=settings.topic_articles),
                            "rss_mb": round(_rss_kb(worker.process.pid) / 1024, 1)})
            if done >= ARTICLES:
                break
            time.sleep(2.0)
        left = unconsumed(settings, [settings.topic_articles])
        for _ in range(60):  # the last offsets commit within Faust's commit interval
            if not left:
                break
            time.sleep(0.5)
            left = unconsumed(settings, [settings.topic_articles])
        recent = json.loads(worker.get("/alerts/recent?limit=100000"))["alerts"]
        text = worker.get("/metrics")
    quarter = [s["rss_mb"] for s in samples if s["done"] >= ARTICLES / 4]
    report = {
        "articles": ARTICLES, "processed": metric_value(text, "gainsay_articles_total",
                                                        outcome="processed"),
        "dead_lettered": metric_value(text, "gainsay_articles_total", outcome="dead_lettered"),
        "alerts": metric_value(text, "gainsay_alerts_total"), "seconds": samples[-1]["t"],
        "max_lag": max(s["lag"] for s in samples), "unconsumed_at_end": left,
        "rss_mb_at_25pct": quarter[0] if quarter else None, "rss_mb_max": max(
            s["rss_mb"] for s in samples), "rss_mb_end": samples[-1]["rss_mb"],
        "recent_alerts_kept": len(recent), "samples": samples[::5],
    }
    out = REPO / "reports/reliability"
    out.mkdir(parents=True, exist_ok=True)
    (out / "burst.json").write_text(json.dumps(report, indent=2))
    assert samples[-1]["done"] >= ARTICLES, "the burst did not drain"
    assert report["max_lag"] > ARTICLES / 10, "the lag never grew: not a burst"
    assert left == 0
    assert len(recent) <= settings.recent_alerts
    # bounded: from a quarter of the burst to its end the worker grows by at most 25 %
    assert quarter and max(quarter) <= 1.25 * quarter[0], report
