"""Reading our own metrics back: the quantile estimate the demo and benchmarks print."""

from __future__ import annotations


def test_histogram_quantile_reads_prometheus_text():
    from prometheus_client import generate_latest

    from streams.metrics import Metrics, histogram_quantile

    metrics = Metrics.create()
    for value in [0.01] * 50 + [0.2] * 49 + [4.0]:
        metrics.article_to_alert_seconds.observe(value)
    text = generate_latest(metrics.registry).decode()
    p50 = histogram_quantile(text, "gainsay_article_to_alert_seconds", 0.5)
    p99 = histogram_quantile(text, "gainsay_article_to_alert_seconds", 0.99)
    assert 0.005 <= p50 <= 0.01
    assert 0.1 <= p99 <= 0.2
    assert histogram_quantile(text, "gainsay_extract_seconds", 0.5) is None
