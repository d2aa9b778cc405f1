"""Every Prometheus metric Gainsay exports, defined once.

Metrics live on an explicit registry (not the process-global one) so several
apps can be built in one process — tests do — without duplicate registration.
"""

from __future__ import annotations

from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram

LATENCY_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1, 2, 5, 10, 30, 60)
EXTRACT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256)


@dataclass(frozen=True)
class Metrics:
    registry: CollectorRegistry
    articles: Counter
    claims: Counter
    alerts: Counter
    dlq: Counter
    extract_seconds: Histogram
    article_to_alert_seconds: Histogram
    batch_size: Histogram
    consumer_lag: Gauge
    pool_busy: Gauge
    retries: Counter
    stance_keys: Gauge
    stance_forgotten: Counter

    @classmethod
    def create(cls, registry: CollectorRegistry | None = None) -> Metrics:
        reg = registry or CollectorRegistry()
        return cls(
            registry=reg,
            articles=Counter("gainsay_articles", "Articles consumed, by outcome",
                             ["outcome"], registry=reg),
            claims=Counter("gainsay_claims", "Claims extracted", ["polarity", "kind"], registry=reg),
            alerts=Counter("gainsay_alerts", "Alerts published", ["type"], registry=reg),
            dlq=Counter("gainsay_dlq", "Events sent to the dead-letter topic", ["error"],
                        registry=reg),
            extract_seconds=Histogram("gainsay_extract_seconds",
                                      "NLP extraction time per article (in the pool process)",
                                      buckets=EXTRACT_BUCKETS, registry=reg),
            article_to_alert_seconds=Histogram(
                "gainsay_article_to_alert_seconds",
                "From the article event's Kafka timestamp to the alert being sent",
                buckets=LATENCY_BUCKETS, registry=reg),
            batch_size=Histogram("gainsay_batch_size", "Articles per extraction batch",
                                 buckets=BATCH_BUCKETS, registry=reg),
            consumer_lag=Gauge("gainsay_consumer_lag",
                               "Messages not yet processed, per assigned partition",
                               ["topic", "partition"], registry=reg),
            pool_busy=Gauge("gainsay_extract_pool_busy",
                            "Extraction batches running in the process pool", registry=reg),
            retries=Counter("gainsay_retries",
                            "Events retried after a failed send or state write, by agent",
                            ["agent"], registry=reg),
            stance_keys=Gauge("gainsay_stance_keys",
                              "Proposition keys the judge remembers on this worker", registry=reg),
            stance_forgotten=Counter("gainsay_stance_forgotten",
                                     "Proposition keys forgotten after going quiet (streams/judge/expiry.py)",
                                     registry=reg),
        )


@dataclass(frozen=True)
class WebhookMetrics:
    """Webhook delivery (``streams.webhooks``). ``target`` is the URL's index in settings:
    webhook URLs carry secrets, so they never become label values."""

    deliveries: Counter
    queue_depth: Gauge

    @classmethod
    def create(cls, registry: CollectorRegistry) -> WebhookMetrics:
        return cls(
            deliveries=Counter("gainsay_webhook_deliveries",
                               "Webhook POSTs by outcome: delivered, retried (a failed attempt "
                               "that will be retried), failed (given up), dropped (queue full)",
                               ["target", "outcome"], registry=registry),
            queue_depth=Gauge("gainsay_webhook_queue_depth", "Alerts waiting for delivery",
                              ["target"], registry=registry),
        )


@dataclass(frozen=True)
class DeskMetrics:
    """The desk page's feed (``streams.app.desk``)."""

    records: Counter
    clients: Gauge

    @classmethod
    def create(cls, registry: CollectorRegistry) -> DeskMetrics:
        return cls(
            records=Counter("gainsay_desk_records", "Alert records read by the desk feed, by "
                            "outcome (shown, duplicate, undecodable)", ["outcome"],
                            registry=registry),
            clients=Gauge("gainsay_desk_clients", "Open live (server-sent events) desk pages",
                          registry=registry),
        )


def histogram_quantile(exposition: str, name: str, q: float) -> float | None:
    """Estimate a quantile from a histogram in Prometheus text format, as PromQL's
    ``histogram_quantile`` does (linear within the bucket). None without samples."""
    from prometheus_client.parser import text_string_to_metric_families

    buckets: dict[float, float] = {}
    for family in text_string_to_metric_families(exposition):
        if family.name != name:
            continue
        for sample in family.samples:
            if sample.name == f"{name}_bucket":
                bound = float(sample.labels["le"])
                buckets[bound] = buckets.get(bound, 0.0) + sample.value
    if not buckets or buckets.get(float("inf"), 0.0) == 0:
        return None
    bounds = sorted(buckets)
    total = buckets[float("inf")]
    rank = q * total
    lower_bound, lower_count = 0.0, 0.0
    for bound in bounds:
        count = buckets[bound]
        if count >= rank:
            if bound == float("inf"):
                return lower_bound
            span = count - lower_count
            return lower_bound + (bound - lower_bound) * ((rank - lower_count) / span if span else 0)
        lower_bound, lower_count = bound, count
    return lower_bound
