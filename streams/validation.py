"""Turn raw Kafka bytes into an :class:`Article`, or say precisely why not.

Used by the worker (bad events go to the dead-letter topic) and by the CLI
(a bad line is reported with its number). Checks run cheapest first so a
10 MB blob is rejected before anyone tries to parse it.
"""

from __future__ import annotations

import json
from typing import Any

from streams.errors import BadInput, ErrorCode
from streams.records import Article
from streams.schemas import first_error


def decode_article(
    raw: bytes | str,
    *,
    max_bytes: int = 1_048_576,
    languages: frozenset[str] = frozenset({"en"}),
) -> Article:
    """Validate one article event. Raises :class:`BadInput` with a dead-letter code."""
    if isinstance(raw, str):
        raw = raw.encode("utf-8")
    if raw is None:
        raise BadInput(ErrorCode.INVALID_JSON, "empty message (tombstone)")
    # The body may be up to max_bytes; allow for the other fields around it.
    if len(raw) > max_bytes + 64 * 1024:
        raise BadInput(ErrorCode.TOO_LARGE, f"event is {len(raw)} bytes, limit {max_bytes}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadInput(ErrorCode.NOT_UTF8, f"byte {exc.start}: {exc.reason}") from None
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(ErrorCode.INVALID_JSON, f"line {exc.lineno} column {exc.colno}: {exc.msg}") from None
    return article_from_json(data, max_bytes=max_bytes, languages=languages)


def article_from_json(
    data: Any,
    *,
    max_bytes: int = 1_048_576,
    languages: frozenset[str] = frozenset({"en"}),
) -> Article:
    """Validate an already-parsed JSON value as an article event."""
    if not isinstance(data, dict):
        raise BadInput(ErrorCode.SCHEMA, f"expected a JSON object, got {type(data).__name__}")
    if not isinstance(data.get("id"), str) or not data["id"].strip():
        raise BadInput(ErrorCode.MISSING_ID, "field 'id' is missing or empty")
    body = data.get("body")
    if isinstance(body, str) and len(body.encode("utf-8")) > max_bytes:
        raise BadInput(ErrorCode.TOO_LARGE, f"body exceeds {max_bytes} bytes")
    problem = first_error("article", data)
    if problem:
        raise BadInput(ErrorCode.SCHEMA, problem)
    lang = data.get("lang") or "en"
    if languages and lang not in languages:
        raise BadInput(ErrorCode.UNSUPPORTED_LANG, f"lang {lang!r} not in {sorted(languages)}")
    return Article.from_dict(data)
