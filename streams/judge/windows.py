"""In-memory rolling (hopping-window) counters with expiry: the offline twin of the
worker's windowed actor tables, used to test the counting logic without Faust.

Counts are kept per ``step`` bucket; ``count(actor, counter, at)`` is the number of events
in the window of length ``size`` ending at ``at`` (bucket granularity). Buckets older than
``size`` before the newest event time seen are dropped, so memory stays flat.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime, timedelta

from streams.records import Alert, Claim, parse_time

from .actors import COUNTERS, actor_counter_events

#: window name → (size, step) as the worker uses them
DEFAULT_WINDOWS: dict[str, tuple[timedelta, timedelta]] = {
    "1h": (timedelta(hours=1), timedelta(minutes=5)),
    "24h": (timedelta(hours=24), timedelta(hours=1)),
    "7d": (timedelta(days=7), timedelta(hours=6)),
}
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


class RollingCounts:
    def __init__(self, size: timedelta, step: timedelta) -> None:
        if step <= timedelta(0) or size < step:
            raise ValueError("need 0 < step <= size")
        self.size, self.step = size, step
        self._buckets: dict[tuple[str, str], dict[int, int]] = defaultdict(dict)
        self._newest: int | None = None

    def _bucket(self, at: datetime) -> int:
        return (at.astimezone(UTC) - _EPOCH) // self.step

    @property
    def _span(self) -> int:
        return -(-self.size // self.step)  # buckets per window (ceil)

    def add(self, actor: str, counter: str, at: datetime, n: int = 1) -> None:
        b = self._bucket(at)
        if self._newest is not None and b <= self._newest - self._span:
            return  # older than every window still kept
        buckets = self._buckets[(actor, counter)]
        buckets[b] = buckets.get(b, 0) + n
        if self._newest is None or b > self._newest:
            self._newest = b
            self.expire()

    def add_claim(self, claim: Claim, alerts: list[Alert], at: datetime | None = None) -> None:
        when = at or parse_time(claim.published_at)
        for actor, counter in actor_counter_events(claim, alerts):
            self.add(actor, counter, when)

    def count(self, actor: str, counter: str, at: datetime) -> int:
        end = self._bucket(at)
        buckets = self._buckets.get((actor, counter), {})
        return sum(n for b, n in buckets.items() if end - self._span < b <= end)

    def snapshot(self, actor: str, at: datetime) -> dict[str, int]:
        return {c: self.count(actor, c, at) for c in COUNTERS}

    def expire(self) -> None:
        if self._newest is None:
            return
        oldest = self._newest - self._span
        for key in list(self._buckets):
            buckets = self._buckets[key]
            for b in [b for b in buckets if b <= oldest]:
                del buckets[b]
            if not buckets:
                del self._buckets[key]

    def __len__(self) -> int:
        """Number of live buckets (for memory checks)."""
        return sum(len(b) for b in self._buckets.values())
