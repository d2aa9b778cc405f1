"""Where the agents send records, behind one small interface.

The agents never touch Faust topics directly: the worker injects :class:`TopicOutputs`,
unit tests inject a recorder, so agent logic is tested without a broker.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Any, Protocol

from streams.app.topics import Topics

#: the channels an agent may send to (attribute names of :class:`Topics`)
CHANNELS = ("claims", "alerts", "dlq", "actor_events")


class Outputs(Protocol):
    async def send(self, channel: str, key: bytes | None, value: bytes,
                   headers: dict[str, bytes] | None = None) -> Awaitable[Any]:
        """Queue one record; the returned awaitable resolves once the broker acknowledged it."""
        ...


class TopicOutputs:
    """The worker's outputs: the Faust topics (sends are flushed before any offset commit)."""

    def __init__(self, topics: Topics) -> None:
        self._topics = topics

    async def send(self, channel: str, key: bytes | None, value: bytes,
                   headers: dict[str, bytes] | None = None) -> Awaitable[Any]:
        if channel not in CHANNELS:
            raise ValueError(f"unknown output channel {channel!r}")
        topic = getattr(self._topics, channel)
        return await topic.send(key=key, value=value, headers=headers)
