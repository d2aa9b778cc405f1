"""The real Kafka broker started by deploy/kafka/kafka.sh works with our clients."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition
from kafka import KafkaAdminClient, KafkaProducer

from tests.kafka_broker import LocalKafka, free_ports, new_topic_name, run_kafka_sh

# No-op if tests/conftest.py already registers the plugin.
pytest_plugins = ["tests.kafka_broker"]

VALUES = [b"first", b"second", b"third"]


async def _consume(bootstrap: str, topic: str, count: int) -> tuple[list[bytes], int | None]:
    """Read ``count`` values as a consumer group member, commit, return (values, committed)."""
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap,
        group_id=new_topic_name("group"),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
    )
    await consumer.start()
    try:
        received: list[bytes] = []
        async with asyncio.timeout(30):
            while len(received) < count:
                batches = await consumer.getmany(timeout_ms=1000)
                for records in batches.values():
                    received.extend(r.value for r in records if r.value is not None)
        await consumer.commit()
        committed = await consumer.committed(TopicPartition(topic, 0))
        return received, committed
    finally:
        await consumer.stop()


@pytest.mark.kafka
def test_produce_with_kafka_python_consume_with_aiokafka(bootstrap: str) -> None:
    topic = new_topic_name("roundtrip")

    admin = KafkaAdminClient(bootstrap_servers=bootstrap, client_id="gainsay-test-admin")
    try:
        admin.create_topics(
            {topic: {"num_partitions": 1, "replication_factor": 1}}, wait_for_metadata=True
        )
        assert topic in admin.list_topics()
    finally:
        admin.close()

    producer = KafkaProducer(bootstrap_servers=bootstrap, acks="all")
    try:
        for value in VALUES:
            producer.send(topic, key=b"k", value=value).get(timeout=30)
        producer.flush()
    finally:
        producer.close()

    received, committed = asyncio.run(_consume(bootstrap, topic, len(VALUES)))
    assert received == VALUES
    assert committed == len(VALUES)


@pytest.mark.kafka
def test_start_is_idempotent(local_kafka: LocalKafka) -> None:
    pid = local_kafka.pid()
    assert pid is not None

    again = run_kafka_sh("start", local_kafka.env)  # same env, KAFKA_CLEAN=1 included
    assert again.returncode == 0, again.stderr
    assert "already running" in again.stdout
    assert local_kafka.pid() == pid

    status = run_kafka_sh("status", local_kafka.env)
    assert status.returncode == 0, status.stdout + status.stderr
    assert status.stdout.startswith("running")


def test_stop_and_status_without_broker(tmp_path: Path) -> None:
    port, controller_port = free_ports(2)
    env = {
        **os.environ,
        "KAFKA_PORT": str(port),
        "KAFKA_CONTROLLER_PORT": str(controller_port),
        "KAFKA_RUN_DIR": os.fspath(tmp_path),
    }
    stop = run_kafka_sh("stop", env)
    assert stop.returncode == 0, stop.stderr
    assert "not running" in stop.stdout

    status = run_kafka_sh("status", env)
    assert status.returncode == 1
    assert "not running" in status.stdout
