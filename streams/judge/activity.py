"""An actor's rolling activity as ONE small JSON value: counts for the last 1h / 24h / 7d
and the latest claims.

Why not Faust hopping-window tables: a hopping table writes one changelog record per
overlapping window for every increment (12 windows × 3 sizes × each counter), which made
actor counting the worker's busiest path. Here an actor event is one table write: counts
live in 5-minute buckets (kept for an hour) and hourly buckets (kept for 7 days), pruned
as time moves on, so the value stays bounded (≤ 12 + 168 buckets).
"""

from __future__ import annotations

from typing import Any

FINE_S, FINE_KEEP = 300, 12        # 5-minute buckets for the last hour
COARSE_S, COARSE_KEEP = 3600, 168  # hourly buckets for the last 7 days
WINDOWS: dict[str, tuple[str, int, int]] = {  # name → (resolution, bucket seconds, buckets)
    "1h": ("fine", FINE_S, FINE_KEEP),
    "24h": ("coarse", COARSE_S, 24),
    "7d": ("coarse", COARSE_S, COARSE_KEEP),
}
COUNTERS = ("claims", "denials", "contradictions")
LATEST = 20


def empty() -> dict[str, Any]:
    return {"fine": {}, "coarse": {}, "latest": [], "newest": 0.0}


def record(activity: dict | None, counters: list[str], at_s: float,
           latest: dict | None = None) -> dict[str, Any]:
    """A new activity value with ``counters`` bumped at time ``at_s`` (epoch seconds)."""
    out = empty() if activity is None else {
        "fine": {b: dict(c) for b, c in activity["fine"].items()},
        "coarse": {b: dict(c) for b, c in activity["coarse"].items()},
        "latest": list(activity["latest"]),
        "newest": activity["newest"],
    }
    for resolution, size in (("fine", FINE_S), ("coarse", COARSE_S)):
        bucket = out[resolution].setdefault(str(int(at_s // size)), {})
        for counter in counters:
            bucket[counter] = bucket.get(counter, 0) + 1
    if latest is not None:
        out["latest"] = [latest, *out["latest"]][:LATEST]
    out["newest"] = max(out["newest"], at_s)
    _prune(out)
    return out


def _prune(activity: dict) -> None:
    newest = activity["newest"]
    for resolution, size, keep in (("fine", FINE_S, FINE_KEEP), ("coarse", COARSE_S, COARSE_KEEP)):
        oldest = int(newest // size) - keep
        for b in [b for b in activity[resolution] if int(b) <= oldest]:
            del activity[resolution][b]


def totals(activity: dict | None, now_s: float) -> dict[str, dict[str, int]]:
    """Counts per window ending at ``now_s`` (bucket granularity)."""
    out = {}
    for name, (resolution, size, span) in WINDOWS.items():
        end = int(now_s // size)
        sums = dict.fromkeys(COUNTERS, 0)
        for b, counts in (activity or empty())[resolution].items():
            if end - span < int(b) <= end:
                for counter, n in counts.items():
                    sums[counter] = sums.get(counter, 0) + n
        out[name] = sums
    return out
