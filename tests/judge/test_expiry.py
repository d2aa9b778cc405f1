"""Forgetting quiet keys (streams/judge/expiry.py) bounds the stance table and changes no alert."""

from __future__ import annotations

import importlib
import random
from datetime import timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.judge.expiry import IdleKeys
from streams.judge.stance import JudgeSettings, to_micros
from streams.records import Article
from tests.judge.factory import make_claim, when

DAY_US = 86_400_000_000
#: the module (the package re-exports a function of the same name)
detect = importlib.import_module("streams.offline.detect")


def test_a_key_is_idle_only_past_the_retention_behind_its_own_partition():
    s = JudgeSettings(contradiction_window=timedelta(days=7), allowed_lateness=timedelta(days=7))
    idle = IdleKeys(s)
    idle.touch(0, "quiet", {"max_t": 0})
    idle.touch(0, "live", {"max_t": 10 * DAY_US})
    idle.touch(1, "other", {"max_t": 0})
    idle.observe(0, 14 * DAY_US)
    assert idle.idle(0) == []                      # exactly the retention behind: still met
    idle.observe(0, 14 * DAY_US + 1)
    assert idle.idle(0) == ["quiet"]
    assert idle.idle(1) == []                      # partition 1's watermark has not moved
    idle.observe(0, 5 * DAY_US)                    # a late event never moves a watermark back
    assert idle.idle(0) == ["quiet"]
    idle.forget(0, ["quiet"])
    assert idle.idle(0) == [] and idle.count() == 2


def _stream(seed: int, n: int) -> list[tuple[Article, list]]:
    """Articles over ~120 days, in time order, each with claims on one of a few keys that
    come and go (stories), affirmed and denied by a few speakers."""
    rng = random.Random(seed)
    keys = [f"cooperate:russia+k{i}" for i in range(8)]
    out, day = [], 0.0
    for i in range(n):
        day += rng.expovariate(1 / 1.5)
        key = keys[int(day // 15) % len(keys) if rng.random() < 0.8 else rng.randrange(len(keys))]
        at = when(day)
        claims = [make_claim(f"a{i}", rng.choice(["igor-konashenkov", "talal-silo", "john-kirby"]),
                             rng.choice(["affirm", "deny"]), key=key, at=at, start=j * 50)
                  for j in range(rng.randint(1, 3))]
        out.append((Article(id=f"a{i}", published_at=at, body="x"), claims))
    return out


@settings(max_examples=15, deadline=None)
@given(st.integers(0, 10_000))
def test_detect_forgets_quiet_keys_without_changing_any_alert(seed):
    pairs = _stream(seed, 90)
    with_expiry = [a.alert_id for a in detect.judge_stream(pairs)]
    kept = {}
    every, detect.EXPIRE_EVERY = detect.EXPIRE_EVERY, 10**9
    try:
        without = [a.alert_id for a in detect.judge_stream(pairs, table=kept)]
    finally:
        detect.EXPIRE_EVERY = every
    assert with_expiry == without
    # and with expiry the table ends up holding only keys touched in the last retention
    table = {}
    detect.EXPIRE_EVERY, every = 1, detect.EXPIRE_EVERY
    try:
        list(detect.judge_stream(pairs, table=table))
    finally:
        detect.EXPIRE_EVERY = every
    newest = max(to_micros(a.published_at) for a, _ in pairs)
    assert all(state["max_t"] >= newest - JudgeSettings().retention_us for state in table.values())
    assert len(table) <= len(kept)
