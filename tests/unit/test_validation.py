"""Every class of bad input maps to its dead-letter code; nothing else escapes."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from streams.dead_letters import dead_letter, original_value
from streams.errors import BadInput, ErrorCode
from streams.schemas import first_error
from streams.validation import decode_article

GOOD = {"id": "x-1", "published_at": "2015-01-01T00:00:00Z", "body": "He said hi."}


def code_of(raw, **kw) -> ErrorCode:
    with pytest.raises(BadInput) as info:
        decode_article(raw, **kw)
    return info.value.code


def test_valid_article_decodes():
    article = decode_article(json.dumps(GOOD).encode())
    assert article.id == "x-1" and article.lang == "en"


@pytest.mark.parametrize(
    "raw,code",
    [
        (b"{not json", ErrorCode.INVALID_JSON),
        (b"\xff\xfe{}", ErrorCode.NOT_UTF8),
        (b"[1, 2]", ErrorCode.SCHEMA),
        (json.dumps({**GOOD, "id": ""}).encode(), ErrorCode.MISSING_ID),
        (json.dumps({k: v for k, v in GOOD.items() if k != "id"}).encode(), ErrorCode.MISSING_ID),
        (json.dumps({k: v for k, v in GOOD.items() if k != "body"}).encode(), ErrorCode.SCHEMA),
        (json.dumps({**GOOD, "published_at": "yesterday"}).encode(), ErrorCode.SCHEMA),
        (json.dumps({**GOOD, "lang": "de"}).encode(), ErrorCode.UNSUPPORTED_LANG),
    ],
)
def test_bad_input_codes(raw, code):
    assert code_of(raw) == code


def test_oversize_body_is_too_large():
    raw = json.dumps({**GOOD, "body": "x" * 2000}).encode()
    assert code_of(raw, max_bytes=1000) == ErrorCode.TOO_LARGE


def test_huge_event_rejected_before_parsing():
    assert code_of(b"{" + b" " * (2 * 1024 * 1024), max_bytes=1024) == ErrorCode.TOO_LARGE


_DECODE_CODES = {ErrorCode.INVALID_JSON, ErrorCode.NOT_UTF8, ErrorCode.SCHEMA, ErrorCode.TOO_LARGE,
                 ErrorCode.MISSING_ID, ErrorCode.UNSUPPORTED_LANG}


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_either_decode_or_raise_bad_input(raw):
    try:
        decode_article(raw)
    except BadInput as exc:
        # only the codes of undecodable input, never a processing failure, and a reason
        assert exc.code in _DECODE_CODES
        assert exc.detail.strip()


def test_dead_letter_keeps_original_bytes_and_validates():
    raw = b"\xff\x00 not an article"
    record = dead_letter(ErrorCode.NOT_UTF8, "byte 0", key=b"k", value=raw, topic="articles",
                         partition=1, offset=7, headers=[("h", b"v")])
    assert original_value(record) == raw
    assert first_error("dead_letter", record.to_dict()) is None

