"""Read topics back with aiokafka (the tests' independent consumer)."""

from __future__ import annotations

import asyncio
import time

from aiokafka import AIOKafkaConsumer

from tests.kafka_broker import bootstrap_from_url


def read_topic(kafka_url: str, topic: str, *, expect: int, timeout: float = 60.0,
               settle: float = 0.0) -> list[tuple[bytes | None, bytes | None, list]]:
    """Read (key, value, headers) from the start of ``topic`` until ``expect`` records or timeout.

    With ``settle`` > 0, keep reading that many seconds after reaching ``expect`` so that
    surplus records (which a test may want to fail on) are seen too.
    """

    async def run() -> list:
        consumer = AIOKafkaConsumer(
            topic, bootstrap_servers=bootstrap_from_url(kafka_url), auto_offset_reset="earliest",
            enable_auto_commit=False, group_id=None,
        )
        await consumer.start()
        out: list = []
        try:
            deadline = time.monotonic() + timeout
            reached_at = None
            while time.monotonic() < deadline:
                batch = await consumer.getmany(timeout_ms=500)
                for records in batch.values():
                    out.extend((r.key, r.value, list(r.headers or [])) for r in records)
                if len(out) >= expect:
                    reached_at = reached_at or time.monotonic()
                    if time.monotonic() - reached_at >= settle:
                        break
            return out
        finally:
            await consumer.stop()

    return asyncio.run(run())
