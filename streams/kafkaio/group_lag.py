"""How far a consumer group's committed offsets are behind the end of its partitions.

Read from the broker with kafka-python, not from Faust's own view: Faust's read offsets can
run past messages its consumer dropped, and then the worker believes it has read everything
while the group's commits stand still (docs/reliability.md, "Stall guard"). The broker's
committed offset is what a restarted worker resumes from, so it is the lag that counts.
"""

from __future__ import annotations

from collections.abc import Iterable

from kafka import KafkaConsumer, TopicPartition

from streams.config import Settings
from streams.kafkaio.admin import admin_client


def committed_lag(admin, consumer: KafkaConsumer, group: str,
                  tps: Iterable[TopicPartition]) -> dict[TopicPartition, int]:
    """End offset minus the group's committed offset (the whole partition when nothing is
    committed yet), per partition."""
    tps = [TopicPartition(tp.topic, tp.partition) for tp in tps]
    if not tps:
        return {}
    committed = admin.list_group_offsets({group: None}).get(group) or {}
    lag = {}
    for tp, end in consumer.end_offsets(tps).items():
        meta = committed.get(tp)
        lag[tp] = max(0, end - (meta.offset if meta is not None and meta.offset >= 0 else 0))
    return lag


class GroupLag:
    """:func:`committed_lag` of ``settings.app_id`` with long-lived clients (blocking calls:
    run them in a thread from the event loop)."""

    def __init__(self, settings: Settings, request_timeout_ms: int = 10_000) -> None:
        self.settings = settings
        self.request_timeout_ms = request_timeout_ms
        self._admin = None
        self._consumer: KafkaConsumer | None = None

    def __call__(self, tps: Iterable[TopicPartition]) -> dict[TopicPartition, int]:
        s = self.settings
        if self._admin is None:
            self._admin = admin_client(s)
        if self._consumer is None:
            self._consumer = KafkaConsumer(
                bootstrap_servers=s.bootstrap_servers, enable_auto_commit=False,
                client_id=f"{s.app_id}-lag", request_timeout_ms=self.request_timeout_ms,
                **s.kafka_python_security())
        return committed_lag(self._admin, self._consumer, s.app_id, tps)

    def close(self) -> None:
        for client in (self._admin, self._consumer):
            if client is not None:
                client.close()
        self._admin = self._consumer = None
