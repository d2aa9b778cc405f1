"""The desk page's feed: every alert on the alerts topic, as it is published.

Each worker reads the whole alerts topic itself (no consumer group, nothing committed),
starting a little before the end so a freshly opened page has recent history. So any
worker's desk shows every alert — not only those its own partitions produced — and the
desk shows exactly what reached Kafka, never an alert that failed to publish.
"""

from __future__ import annotations

import asyncio
import json
import logging
import threading
import time
from collections import deque
from typing import Any

from kafka import KafkaConsumer, TopicPartition
from mode import Service

from streams.config import Settings
from streams.metrics import DeskMetrics

log = logging.getLogger(__name__)


class AlertFeed:
    """A bounded, de-duplicated, numbered list of alerts that SSE clients can wait on."""

    def __init__(self, maxlen: int, metrics: DeskMetrics) -> None:
        self.epoch = f"{int(time.time() * 1000):x}"  # a restarted worker numbers anew
        self.metrics = metrics
        self._items: deque[tuple[int, dict[str, Any]]] = deque(maxlen=max(1, maxlen))
        self._ids: set[str] = set()
        self._seq = 0
        self._changed = asyncio.Event()
        self.closed = False
        self.clients = 0  # open event streams

    @property
    def seq(self) -> int:
        return self._seq

    def add_raw(self, value: bytes | None) -> None:
        """Add one record from the topic; count and skip what is not an alert."""
        try:
            alert = json.loads(value or b"")
            if not isinstance(alert, dict) or not isinstance(alert.get("alert_id"), str):
                raise ValueError("no alert_id")
        except ValueError:
            self.metrics.records.labels(outcome="undecodable").inc()
            return
        self.add(alert)

    def add(self, alert: dict[str, Any]) -> bool:
        """Append ``alert`` unless its id is already shown (a redelivery); wake waiters."""
        if alert["alert_id"] in self._ids:
            self.metrics.records.labels(outcome="duplicate").inc()
            return False
        if len(self._items) == self._items.maxlen:
            self._ids.discard(self._items[0][1]["alert_id"])
        self._seq += 1
        self._items.append((self._seq, alert))
        self._ids.add(alert["alert_id"])
        self.metrics.records.labels(outcome="shown").inc()
        self._wake()
        return True

    def after(self, seq: int, limit: int | None = None) -> list[tuple[int, dict[str, Any]]]:
        """Alerts numbered above ``seq``, oldest first (at most the ``limit`` newest)."""
        items = [item for item in self._items if item[0] > seq]
        return items[-limit:] if limit else items

    async def wait(self, seq: int, timeout: float) -> bool:
        """Until an alert numbered above ``seq`` exists (True), or timeout/close (False)."""
        changed = self._changed
        if self._seq > seq:
            return True
        if self.closed:
            return False
        try:
            await asyncio.wait_for(changed.wait(), timeout)
        except TimeoutError:
            return False
        return self._seq > seq

    def close(self) -> None:
        self.closed = True
        self._wake()

    def _wake(self) -> None:
        changed, self._changed = self._changed, asyncio.Event()
        changed.set()


class DeskFeedReader(Service):
    """Reads the alerts topic into an :class:`AlertFeed`, in a thread of its own.

    A kafka-python consumer in a thread, not a second aiokafka consumer on the worker's
    event loop: the worker's own consumer then stays exactly as Faust configured it (a
    second aiokafka consumer in the loop was seen to stall Faust's internal topics).
    """

    def __init__(self, settings: Settings, feed: AlertFeed, **kwargs: Any) -> None:
        self.settings = settings
        self.feed = feed
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        super().__init__(**kwargs)

    async def on_start(self) -> None:
        loop = asyncio.get_running_loop()
        self._thread = threading.Thread(target=self._run, args=(loop,), name="desk-feed",
                                        daemon=True)
        self._thread.start()

    async def on_stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            await asyncio.get_running_loop().run_in_executor(None, self._thread.join, 5.0)

    def _run(self, loop: asyncio.AbstractEventLoop) -> None:
        """Read until stopped; a broker or client error restarts the reader after a pause."""
        while not self._stop.is_set():
            try:
                self._read(loop)
            except Exception as exc:  # noqa: BLE001 - the desk must outlive broker trouble
                log.warning("desk feed: %s: %s; retrying in 2 s", type(exc).__name__, exc)
                self._stop.wait(2.0)

    def _read(self, loop: asyncio.AbstractEventLoop) -> None:
        consumer = KafkaConsumer(bootstrap_servers=self.settings.bootstrap_servers,
                                 client_id=f"{self.settings.app_id}-desk", group_id=None,
                                 enable_auto_commit=False,
                                 **self.settings.kafka_python_security())
        try:
            self._assign_near_end(consumer, self.settings.topic_alerts)
            while not self._stop.is_set():
                for records in consumer.poll(timeout_ms=500).values():
                    values = [r.value for r in records]
                    loop.call_soon_threadsafe(self._add_all, values)
        finally:
            consumer.close()

    def _add_all(self, values: list[bytes | None]) -> None:
        for value in values:
            self.feed.add_raw(value)

    def _assign_near_end(self, consumer: KafkaConsumer, topic: str) -> None:
        """Every partition of ``topic`` (waiting for it to exist), ``backlog`` from the end."""
        while not (partitions := consumer.partitions_for_topic(topic)):
            if self._stop.wait(1.0):
                return
        tps = [TopicPartition(topic, p) for p in sorted(partitions)]
        consumer.assign(tps)
        begins = consumer.beginning_offsets(tps)
        ends = consumer.end_offsets(tps)
        per_partition = max(1, self.settings.desk_backlog // len(tps))
        for tp in tps:
            consumer.seek(tp, max(begins[tp], ends[tp] - per_partition))
        log.info("desk feed: reading %s (%d partitions) from %d alerts before the end", topic,
                 len(tps), per_partition)
