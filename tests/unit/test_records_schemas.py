"""The Python records and the JSON Schemas in schemas/ must describe the same records."""

from __future__ import annotations

import dataclasses
import os
import subprocess
import sys

import pytest

from streams.records import RECORD_TYPES, Alert, Claim, DeadLetter
from streams.schemas import SCHEMA_NAMES, first_error, load_schema
from tests import factories

EXAMPLES = {
    "article": factories.article,
    "claim": factories.claim,
    "alert": factories.alert,
    "dead_letter": factories.dead_letter,
}


def _schema_fields(schema: dict) -> set[str]:
    return set(schema["properties"])


def test_every_record_type_has_a_schema_and_every_schema_a_record_type():
    assert set(SCHEMA_NAMES) == set(RECORD_TYPES)


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_example_validates_against_its_schema(name):
    record = EXAMPLES[name]()
    assert first_error(name, record.to_dict()) is None


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_model_and_schema_list_the_same_fields(name):
    model_fields = RECORD_TYPES[name].field_names()
    assert model_fields == _schema_fields(load_schema(name)), (
        f"{name}: model-only {model_fields - _schema_fields(load_schema(name))}, "
        f"schema-only {_schema_fields(load_schema(name)) - model_fields}")


def test_required_fields_of_schemas_exist_in_models():
    for name in SCHEMA_NAMES:
        required = set(load_schema(name).get("required", []))
        assert required <= RECORD_TYPES[name].field_names(), name


def test_nested_speaker_and_proposition_match_the_claim_schema():
    defs = load_schema("claim")["$defs"]
    c = factories.claim()
    assert set(dataclasses.asdict(c.speaker)) == set(defs["speaker"]["properties"])
    assert set(dataclasses.asdict(c.proposition)) == set(defs["proposition"]["properties"])


@pytest.mark.parametrize("name,cls", [("claim", Claim), ("alert", Alert), ("dead_letter", DeadLetter)])
def test_round_trip_through_dict(name, cls):
    record = EXAMPLES[name]()
    assert cls.from_dict(record.to_dict()) == record


def test_schema_rejects_wrong_polarity_and_span():
    bad = factories.claim().to_dict()
    bad["polarity"] = "maybe"
    assert "polarity" in first_error("claim", bad)
    bad = factories.claim().to_dict()
    bad["span"] = [3]
    assert first_error("claim", bad) is not None


_IDS_SCRIPT = (
    "from streams.records import Alert, Claim;"
    "print(Claim.make_id('a', [1, 2], 's'), Alert.make_id('denial', 'k', ['x', 'y']))"
)


def test_ids_are_the_same_in_every_process():
    """Ids dedupe redeliveries across restarts, so they must not depend on the process
    (Python's hash() is salted per process)."""
    runs = {
        subprocess.run([sys.executable, "-c", _IDS_SCRIPT], env={**os.environ, "PYTHONHASHSEED": seed},
                       capture_output=True, text=True, check=True).stdout
        for seed in ("1", "2", "random")
    }
    assert len(runs) == 1
    assert runs.pop().split() == [Claim.make_id("a", [1, 2], "s"), Alert.make_id("denial", "k", ["x", "y"])]


def test_ids_separate_different_records_and_ignore_claim_order():
    assert Claim.make_id("a", [1, 2], "s") != Claim.make_id("a", [1, 3], "s")
    assert Claim.make_id("a", [1, 2], "s") != Claim.make_id("b", [1, 2], "s")
    assert Alert.make_id("denial", "k", ["x", "y"]) == Alert.make_id("denial", "k", ["y", "x"])
    assert Alert.make_id("denial", "k", ["x"]) != Alert.make_id("contradiction", "k", ["x"])
