"""Full Kafka pipeline: throughput, latency at half of it, worker memory, one vs two workers.

Runs real `gainsay worker` processes against the broker at ``GAINSAY_KAFKA_URL`` with
isolated topics, produces with kafka-python and reads progress from each worker's /metrics.
Articles are the bench's own, replayed with fresh ids (``articles.replayed``).
"""

from __future__ import annotations

import json
import tempfile
import time
from collections.abc import Callable, Iterable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

from kafka import KafkaConsumer

from streams.bench.articles import as_live_feed, lead, replayed
from streams.bench.extraction import Rate
from streams.bench.procs import CpuMeter, tree_rss_bytes
from streams.bench.worker_process import (
    Worker,
    free_port,
    isolated_settings,
    metric_value,
    running_worker,
    spawn_worker,
    stop_worker,
    wait_ready,
)
from streams.config import Settings
from streams.kafkaio.admin import ensure_topics
from streams.kafkaio.producer import make_producer
from streams.records import Article, parse_time

#: called with (label, done, total) while a phase waits on the workers
Tick = Callable[[str, int, int], None]


def _no_tick(_label: str, _done: int, _total: int) -> None:
    return None


@dataclass(frozen=True)
class Plan:
    """How much each phase sends (``--quick`` shrinks it)."""

    throughput: int = 300
    paced: int = 150
    rss_checkpoints: tuple[int, ...] = (10_000, 100_000)
    scaling: int = 200


def processed(workers: Iterable[Worker]) -> int:
    return int(sum(metric_value(w.get("/metrics"), "gainsay_articles_total") for w in workers))


def wait_processed(workers: list[Worker], expected: int, timeout: float, label: str = "",
                   tick: Tick = _no_tick, total: int | None = None, offset: int = 0) -> float:
    """Poll the workers' /metrics until together they processed ``expected`` articles."""
    deadline = time.monotonic() + timeout
    while True:
        done = processed(workers)
        tick(label, done - offset, total if total is not None else expected - offset)
        if done >= expected:
            return time.monotonic()
        if time.monotonic() > deadline:
            raise TimeoutError(f"{label}: {done} of {expected} articles processed in {timeout:.0f}s")
        time.sleep(0.2)


def _send(producer, topic: str, article: Article) -> str:
    producer.send(topic, key=article.id.encode(), value=article.to_json().encode())
    return article.id


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


def _throughput(producer, worker: Worker, articles: list[Article], tick: Tick) -> Rate:
    topic = worker.settings.topic_articles
    before = processed([worker])
    with CpuMeter(worker.process.pid) as cpu:  # the worker and its pool (not the broker)
        started = time.monotonic()
        for a in articles:
            _send(producer, topic, a)
        producer.flush()
        finished = wait_processed([worker], before + len(articles), 900, "pipeline, full speed",
                                  tick, offset=before)
    return Rate("Kafka pipeline (1 worker, full speed)", len(articles), finished - started,
                cpu.seconds)


def _latency(producer, worker: Worker, articles: list[Article], rate: float, tick: Tick) -> dict:
    """Article→alert latency at a fixed offered ``rate`` (articles/s)."""
    topic = worker.settings.topic_articles
    before = processed([worker])
    sent_at: dict[str, float] = {}
    started = time.monotonic()
    for i, article in enumerate(articles):
        time.sleep(max(0.0, started + i / rate - time.monotonic()))
        sent_at[_send(producer, topic, article)] = time.time()
        producer.flush()
        if i % 10 == 0:
            tick("latency at half of max", i, len(articles))
    wait_processed([worker], before + len(articles), 900, "latency at half of max", tick,
                   offset=before)
    latencies = _alert_latencies(worker.settings, sent_at)
    ms = [1000 * x for x in latencies]
    return {"offered_articles_per_s": round(rate, 2), "articles": len(articles), "alerts": len(ms),
            "p50_ms": round(percentile(ms, 0.50), 1), "p95_ms": round(percentile(ms, 0.95), 1),
            "p99_ms": round(percentile(ms, 0.99), 1)}


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


def _memory(producer, worker: Worker, corpus: list[Article], checkpoints: tuple[int, ...],
            tick: Tick) -> dict:
    """Worker RSS (the worker and its pool children) after each checkpoint of lead
    paragraphs replayed with fresh ids, each pass later in event time (a live feed)."""
    topic = worker.settings.topic_articles
    short = [lead(a) for a in corpus]
    before = processed([worker])
    sent = 0
    out: dict[str, float] = {}
    for point in checkpoints:
        for a in as_live_feed(short, point - sent, "m", start=sent):
            _send(producer, topic, a)
        producer.flush()
        sent = point
        wait_processed([worker], before + point, 3600, f"memory run to {point:,}", tick,
                       total=checkpoints[-1], offset=before)
        time.sleep(1.0)
        out[str(point)] = round(tree_rss_bytes(worker.process.pid) / 2**20, 1)
    first, last = out[str(checkpoints[0])], out[str(checkpoints[-1])]
    return {"articles": list(checkpoints), "rss_mb": out,
            "growth_pct": round(100 * (last - first) / first, 1) if first else None}


def _scaling(base: Settings, tmp: Path, corpus: list[Article], n: int, tick: Tick) -> dict:
    """One worker vs two workers in one consumer group, one NLP process each."""
    alone = replace(isolated_settings(base.kafka_url, tmp), pool_size=1)
    pair = replace(isolated_settings(base.kafka_url, tmp), pool_size=1)
    ensure_topics(alone)
    ensure_topics(pair)
    with ExitStack() as stack:
        workers = [spawn_worker(alone, tmp, log_name="scale-1")]
        workers += [spawn_worker(replace(pair, web_port=free_port(),
                                         data_dir=str(tmp / f"pair-{k}")), tmp, log_name=f"scale-2{k}")
                    for k in "ab"]
        for w in workers:
            stack.callback(stop_worker, w)
        for w in workers:
            wait_ready(w, 300)
        _wait_balanced(workers[1:])
        producer = make_producer(base)
        stack.callback(producer.close)
        rates = {}
        for label, group, settings in (("one_worker", workers[:1], alone),
                                       ("two_workers", workers[1:], pair)):
            items = list(replayed(corpus, n, label[:3]))
            before = processed(group)
            started = time.monotonic()
            for a in items:
                _send(producer, settings.topic_articles, a)
            producer.flush()
            finished = wait_processed(group, before + n, 600, label.replace("_", " "), tick,
                                      offset=before)
            rates[label] = Rate(label.replace("_", " "), n, finished - started)
    one, two = rates["one_worker"], rates["two_workers"]
    return {"one_worker": one.to_dict(), "two_workers": two.to_dict(),
            "two_vs_one_ratio": round(two.per_second / one.per_second, 2) if one.per_second else None}


def _wait_balanced(workers: list[Worker], timeout: float = 120.0) -> None:
    """Until every worker of the group is assigned and none is rebalancing."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        states = [json.loads(w.get("/healthz")) for w in workers]
        if all(s["consumer_ready"] and not s["rebalancing"] for s in states):
            time.sleep(3.0)  # let the group settle after the last join
            return
        time.sleep(0.5)
    raise TimeoutError("the two workers did not settle into one group")


def bench_pipeline(base: Settings, corpus: list[Article], plan: Plan, *, pool_size: int = 2,
                   tick: Tick = _no_tick) -> dict:
    """Every pipeline measurement of one bench run, as a JSON-ready dict."""
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        settings = replace(isolated_settings(base.kafka_url, tmp), pool_size=pool_size)
        ensure_topics(settings)
        producer = make_producer(settings)
        try:
            with running_worker(settings, tmp, ready_timeout=300) as worker:
                _send(producer, settings.topic_articles, replace(corpus[0], id="warm-up"))
                producer.flush()
                wait_processed([worker], 1, 300, "warm-up")  # model loading is not measured
                full = _throughput(producer, worker, list(replayed(corpus, plan.throughput, "t")), tick)
                paced = list(replayed(corpus, plan.paced, "p"))
                latency = _latency(producer, worker, paced, full.per_second / 2, tick)
                memory = _memory(producer, worker, corpus, plan.rss_checkpoints, tick)
        finally:
            producer.close()
        try:
            scaling = _scaling(base, tmp, corpus, plan.scaling, tick)
        except (TimeoutError, RuntimeError) as exc:
            # keep the other measurements of the run; the report says what went wrong
            scaling = {"error": f"{type(exc).__name__}: {exc}"}
    return {"pipeline": full.to_dict(), "latency": latency, "worker_memory": memory,
            "scaling": scaling}
