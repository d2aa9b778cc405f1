"""Position a consumer group on a topic before a replay: the beginning or a timestamp."""

from __future__ import annotations

from datetime import datetime

from kafka import KafkaConsumer, TopicPartition
from kafka.structs import OffsetAndMetadata

from streams.config import Settings


def seek_group(settings: Settings, group: str, topic: str, since: datetime | None) -> dict[int, int]:
    """Commit, for ``group``, the first offset of every partition at or after ``since``
    (or the beginning when ``since`` is None). Returns partition → offset.

    Partitions with no message at or after ``since`` are set to their end, so a replay
    "since tomorrow" processes nothing old.
    """
    consumer = KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        group_id=group,
        enable_auto_commit=False,
        client_id=f"{group}-seek",
        **settings.kafka_python_security(),
    )
    try:
        parts = sorted(consumer.partitions_for_topic(topic) or [])
        if not parts:
            raise ValueError(f"topic {topic!r} does not exist")
        tps = [TopicPartition(topic, p) for p in parts]
        consumer.assign(tps)
        if since is None:
            offsets = consumer.beginning_offsets(tps)
        else:
            found = consumer.offsets_for_times({tp: int(since.timestamp() * 1000) for tp in tps})
            ends = consumer.end_offsets(tps)
            offsets = {tp: (found[tp].offset if found.get(tp) else ends[tp]) for tp in tps}
        consumer.commit({tp: OffsetAndMetadata(off, "", -1) for tp, off in offsets.items()})
        return {tp.partition: off for tp, off in offsets.items()}
    finally:
        consumer.close()
