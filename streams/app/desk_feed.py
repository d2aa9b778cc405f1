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
import ssl
import time
from collections import deque
from typing import Any

from aiokafka import AIOKafkaConsumer
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


def aiokafka_security(settings: Settings) -> dict[str, Any]:
    """The ``GAINSAY_KAFKA_*`` security settings as aiokafka consumer arguments."""
    protocol = settings.kafka_security_protocol.upper()
    if protocol == "PLAINTEXT":
        return {}
    opts: dict[str, Any] = {"security_protocol": protocol}
    if protocol in {"SSL", "SASL_SSL"}:
        opts["ssl_context"] = ssl.create_default_context(cafile=settings.kafka_ssl_cafile or None)
    if protocol.startswith("SASL"):
        opts.update(sasl_mechanism=settings.kafka_sasl_mechanism or "PLAIN",
                    sasl_plain_username=settings.kafka_sasl_username,
                    sasl_plain_password=settings.kafka_sasl_password)
    return opts


class DeskFeedReader(Service):
    """Background reader of the alerts topic into an :class:`AlertFeed`."""

    def __init__(self, settings: Settings, feed: AlertFeed, **kwargs: Any) -> None:
        self.settings = settings
        self.feed = feed
        super().__init__(**kwargs)

    @Service.task
    async def _read(self) -> None:
        """Read forever; a broker or client error restarts the reader after a pause."""
        while not self.should_stop:
            try:
                await self._read_once()
            except Exception as exc:  # noqa: BLE001 - the desk must outlive broker trouble
                log.warning("desk feed: %s: %s; retrying in 2 s", type(exc).__name__, exc)
                await self.sleep(2.0)

    async def _read_once(self) -> None:
        # no group: aiokafka then assigns this consumer every partition of the topic
        consumer = AIOKafkaConsumer(self.settings.topic_alerts,
                                    bootstrap_servers=self.settings.bootstrap_servers,
                                    group_id=None, enable_auto_commit=False,
                                    auto_offset_reset="latest",
                                    **aiokafka_security(self.settings))
        await consumer.start()
        try:
            await self._assign_near_end(consumer, self.settings.topic_alerts)
            while not self.should_stop:
                batch = await consumer.getmany(timeout_ms=500)
                for records in batch.values():
                    for record in records:
                        self.feed.add_raw(record.value)
        finally:
            await consumer.stop()

    async def _assign_near_end(self, consumer: AIOKafkaConsumer, topic: str) -> None:
        """Once every partition is assigned (the topic may not exist yet), go ``backlog`` back."""
        while not (tps := sorted(consumer.assignment())):
            await self.sleep(0.5)
        begins = await consumer.beginning_offsets(tps)
        ends = await consumer.end_offsets(tps)
        per_partition = max(1, self.settings.desk_backlog // len(tps))
        for tp in tps:
            consumer.seek(tp, max(begins[tp], ends[tp] - per_partition))
        log.info("desk feed: reading %s (%d partitions) from %d alerts before the end", topic,
                 len(tps), per_partition)
