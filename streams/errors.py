"""Machine-readable reasons an input event is dead-lettered.

The codes are part of the dead-letter schema (``schemas/dead_letter.schema.json``):
dashboards group on them, so they are stable strings, never free text.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    INVALID_JSON = "invalid_json"
    NOT_UTF8 = "not_utf8"
    SCHEMA = "schema"
    TOO_LARGE = "too_large"
    MISSING_ID = "missing_id"
    UNSUPPORTED_LANG = "unsupported_lang"
    EXTRACT_FAILED = "extract_failed"
    EXTRACT_TIMEOUT = "extract_timeout"
    # events between the worker's own agents: a bug or a foreign producer, never dropped
    INVALID_CLAIM = "invalid_claim"
    JUDGE_FAILED = "judge_failed"
    INVALID_ACTOR_EVENT = "invalid_actor_event"
    COUNT_FAILED = "count_failed"


class BadInput(ValueError):
    """An input event that cannot be processed; carries the dead-letter code and a human detail."""

    def __init__(self, code: ErrorCode, detail: str) -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


class ExtractionError(RuntimeError):
    """Extraction of one article failed: a bug in the rules, never a property of the input.

    The worker dead-letters the article as ``extract_failed``; the CLI names it and stops."""

    def __init__(self, article_id: str, cause: BaseException) -> None:
        super().__init__(f"extraction failed for article {article_id!r}: "
                         f"{type(cause).__name__}: {cause}")
        self.article_id = article_id
