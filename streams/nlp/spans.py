"""Sorted indexes over character spans, so per-quote and per-cue look-ups cost log n.

The rule code asked "which paragraph holds this offset", "is this offset inside a
quote", "which quote opens here" by scanning every paragraph or quote, once per cue,
quote or mention: quadratic on long articles. Each class here answers exactly what the
scan answered (same first match, same truth value), found by bisection.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate


class Cover:
    """``covers(pos)`` == ``any(s <= pos < e for s, e in spans)``, for any spans."""

    __slots__ = ("_starts", "_max_end")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _e in ordered]
        # the furthest end among all spans starting at or before each one
        self._max_end = list(accumulate((e for _s, e in ordered), max))

    def covers(self, pos: int) -> bool:
        k = bisect_right(self._starts, pos)
        return k > 0 and self._max_end[k - 1] > pos

    def overlaps(self, s: int, e: int) -> bool:
        """``any(fs < e and fe > s for fs, fe in spans)``."""
        k = bisect_left(self._starts, e)
        return k > 0 and self._max_end[k - 1] > s


class Paragraphs:
    """Look-ups over the sorted, disjoint paragraph spans of :func:`text.paragraphs`."""

    __slots__ = ("spans", "_starts")

    def __init__(self, spans: Sequence[tuple[int, int]]) -> None:
        self.spans = spans
        self._starts = [s for s, _e in spans]

    def index(self, pos: int, inclusive_end: bool = False) -> int | None:
        """Index of the paragraph with ``s <= pos < e`` (``<= e`` if ``inclusive_end``)."""
        k = bisect_right(self._starts, pos) - 1
        if k < 0:
            return None
        e = self.spans[k][1]
        return k if pos < e or (inclusive_end and pos == e) else None

    def before(self, pos: int) -> int | None:
        """Index of the last paragraph that starts before ``pos``."""
        k = bisect_left(self._starts, pos) - 1
        return k if k >= 0 else None

    def bounds(self, pos: int, default: tuple[int, int]) -> tuple[int, int]:
        k = self.index(pos)
        return self.spans[k] if k is not None else default


class Ordered:
    """Spans with a key, sorted by start, for "which spans contain / lie inside [s, e)".

    ``containing(s, e)`` yields the spans with ``start <= s`` and ``end >= e`` and
    ``inside(s, e)`` those with ``s <= start`` and ``end <= e``; when the spans do not
    nest (ends ascend with starts, as for quotes) the first is a short backward walk.
    Either way the answers equal a full scan's, as sets."""

    __slots__ = ("items", "_starts", "_ends", "_monotone")

    def __init__(self, items: Sequence, start, end) -> None:
        order = sorted(range(len(items)), key=lambda i: (start(items[i]), i))
        self.items = [items[i] for i in order]
        self._starts = [start(x) for x in self.items]
        self._ends = [end(x) for x in self.items]
        self._monotone = all(a <= b for a, b in zip(self._ends, self._ends[1:], strict=False))

    def containing(self, s: int, e: int) -> list:
        k = bisect_right(self._starts, s)
        if not self._monotone:
            return [self.items[i] for i in range(k) if self._ends[i] >= e]
        out = []
        i = k - 1
        while i >= 0 and self._ends[i] >= e:
            out.append(self.items[i])
            i -= 1
        return out

    def inside(self, s: int, e: int) -> list:
        lo = bisect_left(self._starts, s)
        hi = bisect_right(self._starts, e)
        return [self.items[i] for i in range(lo, hi) if self._ends[i] <= e]
