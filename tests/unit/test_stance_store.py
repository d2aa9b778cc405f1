"""The stance store: states come back exactly as the judge stored them, and a claim record
is written to a changelog once, not with every later write of its key."""

from __future__ import annotations

import asyncio
import json
from datetime import UTC, datetime

from streams.app.state import StanceStore
from streams.judge.stance import JudgeSettings, judge_claim
from tests.judge.factory import make_claim, when


class Table(dict):
    """A table whose writes are logged (key, value or None for a delete)."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[tuple[str, object]] = []

    async def put_many(self, items, deletes=()):
        for key, value, _event in items:
            self[key] = value
            self.log.append((key, value))
        for key, _event in deletes:
            if key in self:
                del self[key]
                self.log.append((key, None))


def judge_all(store: StanceStore, claims, settings: JudgeSettings) -> list[dict]:
    """Judge claims one by one through the store; the states the judge returned."""
    states = []
    for claim in claims:
        key = claim.proposition.key
        state, _alerts = judge_claim(store.get(key), claim, settings=settings,
                                     now=datetime(2026, 1, 1, tzinfo=UTC))
        asyncio.run(store.put(key, state))
        states.append(state)
    return states


def test_states_round_trip_and_each_claim_record_is_written_once():
    rows, records = Table(), Table()
    store = StanceStore(rows, records)
    claims = [make_claim(f"a{i}", speaker, polarity, at=when(i))
              for i, (speaker, polarity) in enumerate(
                  [("igor-konashenkov", "affirm"), ("talal-silo", "deny"),
                   ("igor-konashenkov", "affirm"), ("talal-silo", "deny")])]
    states = judge_all(store, claims, JudgeSettings())
    key = claims[0].proposition.key
    assert json.dumps(store.get(key)) == json.dumps(states[-1])  # same content, same key order
    remembered = states[-1]["claims"]
    assert len(remembered) == len(claims)
    assert sorted(k for k, _v in records.log) == sorted(set(k for k, _v in records.log))
    assert all("claim" not in entry for entry in rows[key]["claims"].values())


def test_forgotten_claims_lose_their_records_and_whole_rows_read_as_they_are():
    rows, records = Table(), Table()
    store = StanceStore(rows, records)
    claims = [make_claim(f"a{i}", "talal-silo" if i % 2 else "igor-konashenkov",
                         "deny" if i % 2 else "affirm", at=when(i)) for i in range(5)]
    states = judge_all(store, claims, JudgeSettings(max_claims=2))
    key = claims[0].proposition.key
    assert len(states[-1]["claims"]) == 2
    assert len(records) == 2  # the evicted claims' records were deleted
    assert any(value is None for _k, value in records.log)
    assert json.dumps(store.get(key)) == json.dumps(states[-1])
    rows["whole"] = states[-1]  # an older worker's row, claims inside
    assert store.get("whole") is states[-1]
    assert store.get("missing") is None


def test_forgetting_a_key_deletes_its_row_and_every_claim_record():
    rows, records = Table(), Table()
    store = StanceStore(rows, records)
    quiet = [make_claim(f"a{i}", "igor-konashenkov", "affirm", at=when(i)) for i in range(3)]
    other = [make_claim("b1", "talal-silo", "deny", key="support:usa+ypg", at=when(1))]
    judge_all(store, quiet + other, JudgeSettings())
    key = quiet[0].proposition.key
    assert dict(store.newest()) == {key: rows[key]["max_t"],
                                    "support:usa+ypg": rows["support:usa+ypg"]["max_t"]}
    asyncio.run(store.delete_many([(key, None), ("never-seen", None)]))
    assert store.get(key) is None and key not in rows
    assert all(not k.startswith(key + StanceStore.SEP) for k in records)
    assert len(records) == 1  # the other key's record is untouched
    assert store.get("support:usa+ypg")["claims"]
