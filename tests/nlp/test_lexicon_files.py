"""The YAML lexicons hold words, never YAML 1.1 booleans: a bare ``on``, ``off``, ``no`` or
``yes`` loads as True/False and silently becomes the word "true"/"false" ("attacks on X"
lost its preposition that way, and "laughed off" its particle)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from streams.nlp import lexicons

FILES = sorted(Path(lexicons.LEXICON_DIR).glob("*.yaml"))


def _booleans(value, path="") -> list[str]:
    if isinstance(value, bool):
        return [path]
    if isinstance(value, dict):
        return [p for k, v in value.items()
                for p in ([f"{path}/{k} (key)"] if isinstance(k, bool) else []) + _booleans(v, f"{path}/{k}")]
    if isinstance(value, list):
        return [p for i, v in enumerate(value) for p in _booleans(v, f"{path}[{i}]")]
    return []


@pytest.mark.parametrize("path", FILES, ids=[p.name for p in FILES])
def test_a_lexicon_file_has_no_yaml_booleans(path):
    assert FILES, "no lexicon files found"
    assert _booleans(yaml.safe_load(path.read_text(encoding="utf-8"))) == []


def test_prepositions_and_particles_load_as_words():
    assert "on" in next(r for r in lexicons.relations() if r.name == "attack").preps
    assert lexicons.cues().phrasal_deny["laugh"] == frozenset({"off"})
