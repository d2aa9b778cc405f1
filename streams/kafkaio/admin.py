"""Create and describe Gainsay's topics with kafka-python's admin client."""

from __future__ import annotations

import time
from dataclasses import dataclass

from kafka import KafkaAdminClient, KafkaConsumer, TopicPartition
from kafka.admin import NewTopic
from kafka.errors import TopicAlreadyExistsError

from streams.config import Settings


def topic_names(settings: Settings) -> list[str]:
    return [settings.topic_articles, settings.topic_claims, settings.topic_alerts, settings.topic_dlq]


def admin_client(settings: Settings) -> KafkaAdminClient:
    return KafkaAdminClient(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.app_id}-admin",
        **settings.kafka_python_security(),
    )


def ensure_topics(settings: Settings, names: list[str] | None = None) -> list[str]:
    """Create any of the topics that do not exist yet; return the names created."""
    wanted = names or topic_names(settings)
    admin = admin_client(settings)
    try:
        existing = set(admin.list_topics())
        missing = [n for n in wanted if n not in existing]
        created = []
        for name in missing:
            try:
                admin.create_topics(
                    [NewTopic(name, num_partitions=settings.partitions,
                              replication_factor=settings.replication_factor)]
                )
                created.append(name)
            except TopicAlreadyExistsError:
                pass
        _wait_visible(admin, wanted)
        return created
    finally:
        admin.close()


def _wait_visible(admin: KafkaAdminClient, names: list[str], timeout_s: float = 10.0) -> None:
    """Wait until the broker's metadata lists every topic just created (it lags the
    controller), so a describe right after a create sees them all."""
    deadline = time.monotonic() + timeout_s
    while not set(names) <= set(admin.list_topics()) and time.monotonic() < deadline:
        time.sleep(0.1)


@dataclass(frozen=True)
class TopicInfo:
    name: str
    partitions: int
    end_offsets: dict[int, int]

    @property
    def messages(self) -> int:
        return sum(self.end_offsets.values())


def describe_topics(settings: Settings, names: list[str] | None = None) -> list[TopicInfo]:
    """Partitions and end offsets of each topic (missing topics are left out)."""
    consumer = KafkaConsumer(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.app_id}-describe",
        **settings.kafka_python_security(),
    )
    try:
        all_topics = consumer.topics()
        infos = []
        for name in names or sorted(all_topics):
            if name not in all_topics:
                continue
            parts = sorted(consumer.partitions_for_topic(name) or [])
            tps = [TopicPartition(name, p) for p in parts]
            ends = consumer.end_offsets(tps) if tps else {}
            infos.append(TopicInfo(name, len(parts), {tp.partition: off for tp, off in ends.items()}))
        return infos
    finally:
        consumer.close()
