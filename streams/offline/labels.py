"""Read gold label files (``--gold``, ``--stories``), validated against their JSON Schemas.

Every bad line is reported as ``file:line: code: detail`` (all of them, not just the first),
so an annotator fixes a file in one pass instead of one error per run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from streams.jsonl import BadLine, iter_lines
from streams.schemas import load_schema

LABEL_SCHEMAS = ("label", "story_label")


class BadLabels(ValueError):
    """A label file with invalid lines; ``lines`` names each one."""

    def __init__(self, lines: list[BadLine]) -> None:
        super().__init__("\n".join(str(line) for line in lines))
        self.lines = lines


def _validator(schema: str) -> Draft202012Validator:
    return Draft202012Validator(load_schema(schema))


def _problem(validator: Draft202012Validator, record: Any) -> str | None:
    errors = sorted(validator.iter_errors(record), key=lambda e: list(e.absolute_path))
    if not errors:
        return None
    where = "/".join(str(p) for p in errors[0].absolute_path) or "(root)"
    return f"{where}: {errors[0].message[:300]}"


def read_labels(path: str | Path, schema: str = "label") -> list[dict[str, Any]]:
    """All records of a label JSONL file; raise :class:`BadLabels` listing every bad line."""
    if schema not in LABEL_SCHEMAS:
        raise ValueError(f"unknown label schema {schema!r}; one of {LABEL_SCHEMAS}")
    validator = _validator(schema)
    records: list[dict[str, Any]] = []
    bad: list[BadLine] = []
    seen: dict[str, int] = {}
    for number, raw in iter_lines(path):
        try:
            record = json.loads(raw)
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            bad.append(BadLine(str(path), number, "invalid_json", str(exc)))
            continue
        problem = _problem(validator, record)
        if problem:
            bad.append(BadLine(str(path), number, "schema", problem))
            continue
        article = record.get("article_id")
        if article is not None and article in seen:
            bad.append(BadLine(str(path), number, "duplicate",
                               f"article {article!r} already labelled on line {seen[article]}"))
            continue
        if article is not None:
            seen[article] = number
        records.append(record)
    if bad:
        raise BadLabels(bad)
    return records
