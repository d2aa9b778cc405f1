"""`gainsay replay`: reprocess a fixed slice of a topic with isolated state, then stop.

How it ends by itself without touching the worker's code: the slice (start and end offsets,
captured up front) is copied into the replay's own input topic ``APP_ID.articles``, so the
worker it starts can never read past the end. A stock ``gainsay worker`` runs as a child
process under the new app id (its own consumer group, tables and output topics), and this
module watches the group's committed offsets from outside with kafka-python's admin client:
when every copied article and every claim it produced is committed, and the output topics
stopped growing, the worker is stopped by pid and the outputs are read back for a summary.
"""

from __future__ import annotations

import json
import shutil
import socket
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from kafka import KafkaConsumer, TopicPartition

from streams.config import Settings
from streams.kafkaio.admin import admin_client, ensure_topics, topic_names
from streams.kafkaio.offsets import OffsetRange
from streams.kafkaio.producer import make_producer
from streams.kafkaio.replay_watch import Callback, ReplayError, wait_until_done
from streams.kafkaio.replay_worker import start_worker, stop_worker

TABLES = ("stance", "stance-claims", "actors")  # the worker's tables, as created in streams/app/factory.py


@dataclass
class ReplaySummary:
    """What a finished replay processed and produced."""

    app_id: str
    source: str
    start: dict[int, int]
    end: dict[int, int]
    articles: int = 0
    claims: int = 0
    dead_letters: int = 0
    alerts_by_type: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    topics_removed: list[str] = field(default_factory=list)

    @property
    def alerts(self) -> int:
        return sum(self.alerts_by_type.values())

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in fields(self)}
        return {**data, "alerts": self.alerts, "articles_per_s": round(self.articles_per_s, 2)}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replay_settings(base: Settings, app_id: str, partitions: int) -> Settings:
    """Isolated settings: the app id's own input, output and dead-letter topics and state."""
    return replace(
        base, app_id=app_id, partitions=partitions,
        topic_articles=f"{app_id}.articles", topic_claims=f"{app_id}.claims",
        topic_alerts=f"{app_id}.alerts", topic_dlq=f"{app_id}.articles.dlq",
        data_dir=str((Path(base.data_dir).parent / app_id).resolve()), web_port=_free_port(),
        webhook_urls="",  # a replay re-judges history: never POST it to the newsroom again
    )


def repartition_topics(settings: Settings) -> list[str]:
    """Faust's internal repartition topics of an app (as declared in ``streams/app/topics.py``).

    Created before the worker starts: a fresh Faust worker that subscribes before it has
    created them logs "Ignoring missing topic", is never assigned their partitions, and
    stalls without committing anything.
    """
    return [f"{settings.app_id}-actor-events"]


def internal_topics(settings: Settings) -> list[str]:
    """Faust's own topics for the app: table changelogs (``streams/app/factory.py``), the
    leader assignor topic and the repartition topics."""
    app_id = settings.app_id
    return [*(f"{app_id}-{table}-changelog" for table in TABLES), f"{app_id}-__assignor-__leader",
            *repartition_topics(settings)]


def app_topics(existing: list[str], settings: Settings) -> list[str]:
    """The topics a replay owns, by exact name (never another app id that shares a prefix)."""
    own = {*topic_names(settings), *internal_topics(settings)}
    return sorted(t for t in existing if t in own)


def _consumer(settings: Settings, purpose: str) -> KafkaConsumer:
    return KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                         client_id=f"{settings.app_id}-{purpose}", **settings.kafka_python_security())


def _read_range(consumer: KafkaConsumer, tps: list[TopicPartition], start: dict[int, int],
                end: dict[int, int], idle_timeout_s: float):
    """Yield every record of ``tps`` in ``[start, end)``; stop when all partitions are done."""
    todo = [tp for tp in tps if end[tp.partition] > start[tp.partition]]
    if not todo:
        return
    consumer.assign(todo)
    for tp in todo:
        consumer.seek(tp, start[tp.partition])
    last = time.monotonic()
    while todo:
        batch = consumer.poll(timeout_ms=500, max_records=500)
        for tp, records in batch.items():
            for record in records:
                if record.offset < end[tp.partition]:
                    yield record
        if batch:
            last = time.monotonic()
        elif time.monotonic() - last > idle_timeout_s:
            raise ReplayError(f"no records for {idle_timeout_s:.0f}s while reading {todo}")
        todo = [tp for tp in todo if consumer.position(tp) < end[tp.partition]]
        consumer.pause(*[tp for tp in consumer.assignment() if tp not in todo])


def copy_range(source: Settings, rng: OffsetRange, target: str, on_copied: Callable[[int], None],
               idle_timeout_s: float = 60.0) -> int:
    """Copy ``rng`` into ``target``, same partition, key, headers and timestamp per record."""
    consumer = _consumer(source, "replay-copy")
    producer = make_producer(source)
    copied = 0
    try:
        tps = [TopicPartition(rng.topic, p) for p in sorted(rng.start)]
        for record in _read_range(consumer, tps, rng.start, rng.end, idle_timeout_s):
            producer.send(target, key=record.key, value=record.value, partition=record.partition,
                          headers=list(record.headers or []), timestamp_ms=record.timestamp)
            copied += 1
            if copied % 100 == 0:
                on_copied(copied)
        producer.flush()
        on_copied(copied)
        return copied
    finally:
        producer.close()
        consumer.close()


def read_alerts(settings: Settings, idle_timeout_s: float = 30.0) -> list[dict[str, Any]]:
    """Every alert the replay published, one per ``alert_id`` (a redelivery repeats an id)."""
    consumer = _consumer(settings, "replay-alerts")
    try:
        parts = sorted(consumer.partitions_for_topic(settings.topic_alerts) or [])
        tps = [TopicPartition(settings.topic_alerts, p) for p in parts]
        ends = {tp.partition: off for tp, off in consumer.end_offsets(tps).items()}
        start = dict.fromkeys(ends, 0)
        alerts: dict[str, dict[str, Any]] = {}
        for record in _read_range(consumer, tps, start, ends, idle_timeout_s):
            alert = json.loads(record.value)
            alerts.setdefault(alert["alert_id"], alert)
        return sorted(alerts.values(), key=lambda a: (a.get("event_time", ""), a["alert_id"]))
    finally:
        consumer.close()


def _messages(settings: Settings, topic: str) -> int:
    consumer = _consumer(settings, "replay-count")
    try:
        parts = sorted(consumer.partitions_for_topic(topic) or [])
        return sum(consumer.end_offsets([TopicPartition(topic, p) for p in parts]).values())
    finally:
        consumer.close()


def cleanup(settings: Settings, live_app_id: str) -> list[str]:
    """Delete the replay's topics and consumer group and its state directory.

    Never for the live app id: its ``APP_ID-*`` topics are the live tables' changelogs.
    """
    if settings.app_id == live_app_id:
        raise ValueError(f"--app-id {live_app_id!r} is the live app id; nothing removed")
    admin = admin_client(settings)
    try:
        doomed = app_topics(admin.list_topics(), settings)
        if doomed:
            admin.delete_topics(doomed)
        with suppress(Exception):  # an already-empty or unknown group is fine
            admin.delete_groups([settings.app_id])
    finally:
        admin.close()
    shutil.rmtree(settings.data_dir, ignore_errors=True)
    return doomed


def prepare(base: Settings, app_id: str, rng: OffsetRange) -> Settings:
    """Refuse an app id that is live or already has replay topics; create the replay topics."""
    if app_id == base.app_id:
        raise ValueError(f"--app-id {app_id!r} is the live app id; a replay needs a new one")
    settings = replay_settings(base, app_id, rng.partitions)
    admin = admin_client(settings)
    try:
        taken = app_topics(admin.list_topics(), settings)
    finally:
        admin.close()
    if taken:
        raise ValueError(f"app id {app_id!r} was used before (topics {', '.join(taken)}); "
                         f"pick a new one or remove them: gainsay replay --app-id {app_id} --cleanup")
    ensure_topics(settings, [*topic_names(settings), *repartition_topics(settings)])
    return settings


def run_replay(base: Settings, app_id: str, rng: OffsetRange, *, on_progress: Callback,
               log_path: Path | None = None, remove: bool = False,
               idle_timeout_s: float = 300.0) -> tuple[ReplaySummary, list[dict[str, Any]]]:
    """Copy the range, run a worker over it until done, stop it; return summary and alerts."""
    settings = prepare(base, app_id, rng)
    try:
        summary, alerts = _replay(base, settings, rng, on_progress, log_path, idle_timeout_s)
    finally:
        removed = cleanup(settings, base.app_id) if remove else []
    summary.topics_removed = removed
    return summary, alerts


def _replay(base: Settings, settings: Settings, rng: OffsetRange, on_progress: Callback,
            log_path: Path | None, idle_timeout_s: float) -> tuple[ReplaySummary, list[dict[str, Any]]]:
    log_path = log_path or Path(settings.data_dir).with_name(f"{settings.app_id}.worker.log")
    summary = ReplaySummary(settings.app_id, rng.topic, rng.start, rng.end)
    started = time.monotonic()
    copied = copy_range(base, rng, settings.topic_articles,
                        lambda n: on_progress("copy", n, rng.records))
    if copied != rng.records:
        raise ReplayError(f"copied {copied} of {rng.records} records of {rng.topic}")
    if copied:
        process = start_worker(settings, log_path)
        try:
            copied_end = {p: rng.end[p] - rng.start[p] for p in rng.start}
            wait_until_done(settings, process, copied_end, log_path, on_progress, idle_timeout_s)
        finally:
            stop_worker(process)
    summary.seconds = round(time.monotonic() - started, 3)
    alerts = read_alerts(settings)
    summary.articles = copied
    summary.claims = _messages(settings, settings.topic_claims)
    summary.dead_letters = _messages(settings, settings.topic_dlq)
    for alert in alerts:
        summary.alerts_by_type[alert["type"]] = summary.alerts_by_type.get(alert["type"], 0) + 1
    summary.alerts_by_type = dict(sorted(summary.alerts_by_type.items()))
    return summary, alerts
