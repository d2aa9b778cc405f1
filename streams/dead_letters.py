"""Build dead-letter records that keep the original bytes, so nothing bad is lost."""

from __future__ import annotations

import base64
from collections.abc import Iterable
from datetime import UTC, datetime

from streams.errors import ErrorCode
from streams.records import DeadLetter, format_time


def _b64(value: bytes | str | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, str):
        value = value.encode("utf-8")
    return base64.b64encode(value).decode("ascii")


def dead_letter(
    code: ErrorCode | str,
    detail: str,
    *,
    key: bytes | str | None,
    value: bytes | str | None,
    topic: str,
    partition: int | None = None,
    offset: int | None = None,
    headers: Iterable[tuple[str, bytes | None]] = (),
    now: datetime | None = None,
) -> DeadLetter:
    """A dead-letter record for one rejected event, original key/value/headers base64-encoded."""
    return DeadLetter(
        error=str(code),
        detail=detail[:2000],
        key=_b64(key),
        value=_b64(value),
        headers=[[str(name), _b64(val)] for name, val in headers],
        topic=topic,
        partition=partition,
        offset=offset,
        failed_at=format_time(now or datetime.now(UTC)),
    )


def original_value(record: DeadLetter) -> bytes | None:
    """The rejected event's bytes, exactly as they arrived."""
    return None if record.value is None else base64.b64decode(record.value)
