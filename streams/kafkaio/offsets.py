"""The slice of a topic a replay covers: start and end offsets per partition, fixed up front.

Times are Kafka record timestamps (for ``gainsay produce``, when the article was loaded).
The end is captured when the replay starts (or is the first record at/after ``until``), so
records arriving later are never part of the replay and a replay always ends.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from kafka import KafkaConsumer, TopicPartition

from streams.config import Settings


@dataclass(frozen=True)
class OffsetRange:
    """``[start[p], end[p])`` for every partition ``p`` of ``topic``."""

    topic: str
    start: dict[int, int]
    end: dict[int, int]

    @property
    def partitions(self) -> int:
        return len(self.start)

    @property
    def records(self) -> int:
        return sum(self.end[p] - self.start[p] for p in self.start)


def _consumer(settings: Settings, purpose: str) -> KafkaConsumer:
    return KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, enable_auto_commit=False,
                         client_id=f"{settings.app_id}-{purpose}", **settings.kafka_python_security())


def _at_time(consumer: KafkaConsumer, tps: list[TopicPartition], when: datetime,
             ends: dict[TopicPartition, int]) -> dict[TopicPartition, int]:
    """First offset at or after ``when`` per partition (the end where there is none)."""
    found = consumer.offsets_for_times({tp: int(when.timestamp() * 1000) for tp in tps})
    return {tp: (found[tp].offset if found.get(tp) else ends[tp]) for tp in tps}


def capture_range(settings: Settings, topic: str, since: datetime | None = None,
                  until: datetime | None = None) -> OffsetRange:
    """The offsets of ``topic`` from ``since`` (or the beginning) to ``until`` (or now)."""
    if since and until and until <= since:
        raise ValueError(f"--until {until.isoformat()} is not after --since {since.isoformat()}")
    consumer = _consumer(settings, "range")
    try:
        parts = sorted(consumer.partitions_for_topic(topic) or [])
        if not parts:
            raise ValueError(f"topic {topic!r} does not exist")
        tps = [TopicPartition(topic, p) for p in parts]
        ends = consumer.end_offsets(tps)
        starts = _at_time(consumer, tps, since, ends) if since else consumer.beginning_offsets(tps)
        stops = _at_time(consumer, tps, until, ends) if until else ends
        return OffsetRange(topic, {tp.partition: starts[tp] for tp in tps},
                           {tp.partition: max(starts[tp], stops[tp]) for tp in tps})
    finally:
        consumer.close()
