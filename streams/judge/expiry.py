"""Which proposition keys the stance table can forget: keys that went quiet.

A key's state is pruned when a new claim of that key arrives (``stance._prune``), so a
story nobody reports on any more would keep its last few hundred claim records for good.
Over weeks of a real feed that is most keys: the table, and the worker's memory, would
grow with every story ever told.

A key is *idle* once its newest claim is older than ``settings.retention_us`` (the
contradiction window plus the allowed lateness) behind the watermark, the newest event time
seen on the key's partition. No claim within the allowed lateness can then meet any of its
claims: such a claim is at most ``allowed_lateness`` behind the watermark, so more than the
contradiction window after every remembered claim, and per-key pruning would drop them all
anyway. Forgetting an idle key therefore changes no alert (the set of alert ids stays a
function of the claims, whatever the arrival order within the allowed lateness), and the
state is bounded by what one retention period of the stream holds.

Pure bookkeeping, shared by the worker (partition = the claims partition) and ``detect``
(one partition): which keys were touched when, and which of them are idle now.
"""

from __future__ import annotations

from collections.abc import Iterable

from .stance import JudgeSettings


class IdleKeys:
    """Per partition: the watermark and each remembered key's newest claim time (µs)."""

    def __init__(self, settings: JudgeSettings) -> None:
        self.settings = settings
        self.watermark: dict[int, int] = {}
        self.newest: dict[int, dict[str, int]] = {}

    def touch(self, partition: int, key: str, state: dict | None) -> None:
        """Note ``key``'s state as just written on ``partition``."""
        max_t = state.get("max_t") if isinstance(state, dict) else None
        if not isinstance(max_t, int):
            return
        self.newest.setdefault(partition, {})[key] = max_t
        if max_t > self.watermark.get(partition, max_t - 1):
            self.watermark[partition] = max_t

    def observe(self, partition: int, event_t: int) -> None:
        """Move ``partition``'s watermark to an event time seen there (never back)."""
        if event_t > self.watermark.get(partition, event_t - 1):
            self.watermark[partition] = event_t

    def idle(self, partition: int) -> list[str]:
        """The keys of ``partition`` that no on-time claim can meet any more, oldest first."""
        watermark = self.watermark.get(partition)
        if watermark is None:
            return []
        horizon = watermark - self.settings.retention_us
        keys = self.newest.get(partition, {})
        return sorted((k for k, t in keys.items() if t < horizon), key=lambda k: (keys[k], k))

    def forget(self, partition: int, keys: Iterable[str]) -> None:
        known = self.newest.get(partition, {})
        for key in keys:
            known.pop(key, None)

    def count(self) -> int:
        """Keys remembered over all partitions."""
        return sum(len(keys) for keys in self.newest.values())
