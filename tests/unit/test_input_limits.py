"""Every input has a size limit, and each limit has a test (issue 11, exposure).

Article fields beyond the schema's ``maxLength`` are dead-lettered as ``schema`` with the
field named; an alias registry over a limit is refused with the file and the limit named.
Web parameter limits are tested against a running worker in
``tests/integration/test_web_exposure.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from streams.errors import BadInput, ErrorCode
from streams.nlp import lexicons
from streams.validation import decode_article

GOOD = {"id": "a-1", "published_at": "2015-10-15T00:00:00Z", "body": "Nobody said anything."}
FIELD_LIMITS = {"id": 512, "source": 512, "url": 4096, "title": 4096, "lang": 35, "story": 512}


@pytest.mark.parametrize(("field", "limit"), sorted(FIELD_LIMITS.items()))
def test_article_field_limit(field: str, limit: int) -> None:
    at_limit = {**GOOD, field: "e" * limit}
    if field == "lang":
        with pytest.raises(BadInput) as at:  # a 35-character lang is valid, just not accepted
            decode_article(json.dumps(at_limit).encode())
        assert at.value.code == ErrorCode.UNSUPPORTED_LANG
    else:
        assert getattr(decode_article(json.dumps(at_limit).encode()), field) == "e" * limit
    with pytest.raises(BadInput) as over:
        decode_article(json.dumps({**GOOD, field: "e" * (limit + 1)}).encode())
    assert over.value.code == ErrorCode.SCHEMA
    assert field in over.value.detail


def test_article_body_limit_is_the_setting() -> None:
    assert decode_article(json.dumps({**GOOD, "body": "x" * 100}).encode(), max_bytes=100)
    with pytest.raises(BadInput) as over:
        decode_article(json.dumps({**GOOD, "body": "x" * 101}).encode(), max_bytes=100)
    assert over.value.code == ErrorCode.TOO_LARGE


def _registry(tmp_path: Path, actors: list[dict]) -> Path:
    path = tmp_path / "aliases.yaml"
    path.write_text(yaml.safe_dump({"actors": actors}), encoding="utf-8")
    return path


def test_alias_file_within_limits_is_read(tmp_path: Path) -> None:
    path = _registry(tmp_path, [{"id": "acme", "name": "Acme Corp", "aliases": ["ACME"]}])
    entries = {e.id: e for e in lexicons.actor_entries(path)}
    assert "ACME" in entries["acme"].aliases


def test_alias_file_byte_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _registry(tmp_path, [{"id": "acme", "aliases": ["ACME"]}])
    monkeypatch.setattr(lexicons, "ALIAS_FILE_MAX_BYTES", path.stat().st_size - 1)
    with pytest.raises(lexicons.AliasFileError, match=r"aliases\.yaml: \d+ bytes, limit"):
        lexicons.actor_entries(path)


def test_alias_file_actor_count_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicons, "ALIAS_MAX_ACTORS", 20)  # the built-in registry has fewer
    assert lexicons.actor_entries(_registry(tmp_path, [{"id": f"a{i}"} for i in range(20)]))
    with pytest.raises(lexicons.AliasFileError, match="more than 20 actors"):
        lexicons.actor_entries(_registry(tmp_path, [{"id": f"a{i}"} for i in range(21)]))


def test_alias_file_aliases_per_actor_limit(tmp_path: Path) -> None:
    many = [f"name {i}" for i in range(lexicons.ALIAS_MAX_PER_ACTOR + 1)]
    with pytest.raises(lexicons.AliasFileError, match="actor 1 needs a list of at most"):
        lexicons.actor_entries(_registry(tmp_path, [{"id": "acme", "aliases": many}]))


def test_alias_length_limit(tmp_path: Path) -> None:
    long = "x" * (lexicons.ALIAS_MAX_CHARS + 1)
    with pytest.raises(lexicons.AliasFileError, match="over 200 characters"):
        lexicons.actor_entries(_registry(tmp_path, [{"id": "acme", "aliases": [long]}]))
    with pytest.raises(lexicons.AliasFileError):
        lexicons.actor_entries(_registry(tmp_path, [{"id": long}]))
