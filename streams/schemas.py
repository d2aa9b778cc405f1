"""Load the JSON Schemas in ``schemas/`` and validate records against them.

The schema files are the wire contract; they ship inside the wheel as
``streams/_schemas`` and are read from the repository's ``schemas/`` folder in a
development checkout.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator
from referencing import Registry, Resource

SCHEMA_NAMES = ("article", "claim", "alert", "dead_letter")


def schema_dir() -> Path:
    """Where the schema files live: the repo checkout first, then the installed copy."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "schemas", here / "_schemas"):
        if (candidate / "article.schema.json").is_file():
            return candidate
    raise FileNotFoundError("JSON Schemas not found next to the streams package")


@cache
def load_schema(name: str) -> dict[str, Any]:
    return json.loads((schema_dir() / f"{name}.schema.json").read_text(encoding="utf-8"))


@cache
def _registry() -> Registry:
    resources = []
    for name in SCHEMA_NAMES:
        schema = load_schema(name)
        resource = Resource.from_contents(schema)
        resources.append((schema["$id"], resource))
        resources.append((f"{name}.schema.json", resource))
    return Registry().with_resources(resources)


@cache
def validator(name: str) -> Draft202012Validator:
    """A cached validator (with format checks) for one record type."""
    return Draft202012Validator(
        load_schema(name),
        registry=_registry(),
        format_checker=Draft202012Validator.FORMAT_CHECKER,
    )


def first_error(name: str, data: Any) -> str | None:
    """The most relevant validation error as one readable line, or None if valid."""
    errors = sorted(validator(name).iter_errors(data), key=lambda e: list(e.path))
    if not errors:
        return None
    err = errors[0]
    where = "/".join(str(p) for p in err.path) or "(root)"
    return f"{where}: {err.message[:300]}"
