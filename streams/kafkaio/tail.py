"""Follow a topic and render its records for people (alerts, claims, dead letters, articles)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from typing import Any

from kafka import KafkaConsumer

from streams.config import Settings


def follow(
    settings: Settings,
    topic: str,
    *,
    from_beginning: bool = False,
    max_messages: int | None = None,
    idle_timeout_s: float | None = None,
) -> Iterator[tuple[bytes | None, bytes | None]]:
    """Yield (key, value) from every partition of ``topic`` until max or idle timeout."""
    consumer = KafkaConsumer(
        topic,
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.app_id}-tail",
        group_id=None,
        enable_auto_commit=False,
        auto_offset_reset="earliest" if from_beginning else "latest",
        consumer_timeout_ms=500,
        **settings.kafka_python_security(),
    )
    seen = 0
    last = time.monotonic()
    try:
        while True:
            got = False
            for message in consumer:
                got = True
                last = time.monotonic()
                yield message.key, message.value
                seen += 1
                if max_messages is not None and seen >= max_messages:
                    return
            if not got and idle_timeout_s is not None and time.monotonic() - last > idle_timeout_s:
                return
    finally:
        consumer.close()


def render(value: bytes | None) -> str:
    """One or two human lines for a record of any Gainsay topic (raw text if not JSON)."""
    if value is None:
        return "(tombstone)"
    try:
        data: Any = json.loads(value)
    except (UnicodeDecodeError, json.JSONDecodeError):
        return f"(not JSON) {value[:120]!r}"
    if not isinstance(data, dict):
        return json.dumps(data)[:200]
    if "alert_id" in data:
        links = ", ".join(data.get("article_ids") or [])
        return (f"[{data.get('event_time', '')}] {data.get('type', '').upper():18} "
                f"{data.get('headline', '')}  (score {data.get('score', 0):.2f}; {links})")
    if "claim_id" in data:
        sp = data.get("speaker") or {}
        return (f"{data.get('article_id')}: {sp.get('name') or sp.get('id')} "
                f"[{data.get('polarity')}/{data.get('kind')}] “{(data.get('text') or '')[:140]}” "
                f"→ {(data.get('proposition') or {}).get('key')}")
    if "error" in data and "failed_at" in data:
        return (f"DLQ {data['error']}: {data.get('detail', '')} "
                f"({data.get('topic')}[{data.get('partition')}]@{data.get('offset')})")
    if "body" in data:
        return f"article {data.get('id')} {data.get('published_at', '')} {data.get('title', '')[:100]}"
    return json.dumps(data)[:200]
