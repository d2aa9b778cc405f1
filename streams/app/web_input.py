"""Bounded, validated web inputs: every query and path parameter has a size limit.

Views raise :class:`faust.web.exceptions.ValidationError` (HTTP 400 with a JSON reason)
instead of handing an unbounded string to a table lookup or a filter.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from faust.web.exceptions import ValidationError


def bounded(name: str, value: str, max_chars: int) -> str:
    """``value`` if it is at most ``max_chars`` long, else a 400."""
    if len(value) > max_chars:
        raise ValidationError(f"{name} is {len(value)} characters, limit {max_chars}")
    return value


def text_param(request: Any, name: str, max_chars: int,
               choices: Iterable[str] | None = None) -> str | None:
    """An optional query parameter, length-checked and, with ``choices``, one of them."""
    value = request.query.get(name)
    if value is None or value == "":
        return None
    bounded(name, value, max_chars)
    allowed = tuple(choices or ())
    if allowed and value not in allowed:
        raise ValidationError(f"{name} must be one of {', '.join(allowed)}")
    return value


def int_param(request: Any, name: str, default: int, low: int, high: int) -> int:
    """An integer query parameter clamped to [low, high]; a non-integer is a 400."""
    raw = request.query.get(name)
    if raw is None or raw == "":
        return default
    bounded(name, raw, 20)
    try:
        return max(low, min(int(raw), high))
    except ValueError:
        raise ValidationError(f"{name} must be an integer") from None
