"""The agent bodies under Faust's ``agent.test_context()``: no broker, outputs recorded.

Each failure path is driven by an injected fault (a bad payload, an extraction error, a
corrupt stored state, a refused state write) and must end counted and dead-lettered with
its code, never as "processed, nothing found".
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
from collections import deque
from datetime import UTC, datetime

import faust

from streams.app.agents import ARTICLE_TS_HEADER, AgentDeps, register_agents
from streams.app.extraction_pool import TIMEOUT
from streams.app.factory import Gainsay
from streams.app.pool import ExtractResult
from streams.app.topics import declare_topics
from streams.config import Settings
from streams.judge.expiry import IdleKeys
from streams.judge.stance import JudgeSettings
from streams.metrics import Metrics
from streams.records import DeadLetter
from tests.judge.factory import make_claim, when


class Recorder:
    """Outputs that remember every record, in order, on a timeline shared with the state."""

    def __init__(self, timeline: list) -> None:
        self.sent: list[tuple[str, bytes | None, bytes, dict | None]] = []
        self.timeline = timeline
        #: channel -> how many more of its deliveries the "broker" refuses
        self.refuse: dict[str, int] = {}

    async def send(self, channel, key, value, headers=None):
        self.sent.append((channel, key, value, headers))
        self.timeline.append(channel)
        done = asyncio.get_running_loop().create_future()
        if self.refuse.get(channel):
            self.refuse[channel] -= 1
            self.timeline.append(f"{channel} refused")
            done.set_exception(OSError("delivery refused"))
        else:
            done.set_result(None)
        return done

    def on(self, channel: str) -> list[tuple[bytes | None, bytes]]:
        return [(k, v) for c, k, v, _h in self.sent if c == channel]

    def dead_letters(self) -> list[DeadLetter]:
        return [DeadLetter.from_dict(json.loads(v)) for _k, v in self.on("dlq")]


class DictState(dict):
    def __init__(self, timeline: list, name: str, failures: int = 0) -> None:
        super().__init__()
        self.timeline, self.name, self.failures = timeline, name, failures

    async def put(self, key, value):
        if self.failures:
            self.failures -= 1
            self.timeline.append("refused")
            raise OSError("changelog write refused")
        self[key] = value
        self.timeline.append(self.name)


class FakeExtraction:
    def __init__(self, outcome) -> None:
        self.outcome = outcome  # article id -> list of claim JSON | error text

    async def run(self, payloads):
        out = []
        for p in payloads:
            aid = json.loads(p)["id"]
            result = self.outcome(aid)
            if isinstance(result, str):
                out.append(ExtractResult(aid, [], result, 0.0))
            else:
                out.append(ExtractResult(aid, result, None, 0.01))
        return out


def build(outcome=lambda aid: [], stance_failures: int = 0):
    # claims put together are judged as one batch (judge_batch_within_s)
    settings = Settings(app_id="unit-agents", batch_size=4, batch_within_s=0.01,
                        judge_batch_within_s=0.2)
    app = faust.App("unit-agents", broker="kafka://127.0.0.1:1", store="memory://",
                    autodiscover=False, web_enabled=False)
    topics = declare_topics(app, settings)
    metrics = Metrics.create()
    timeline: list = []
    g = Gainsay(settings, app, topics, metrics, stance=None, actors=None)
    deps = AgentDeps(settings=settings, metrics=metrics, outputs=Recorder(timeline),
                     extraction=FakeExtraction(outcome),
                     stance=DictState(timeline, "stance", failures=stance_failures),
                     actors=DictState(timeline, "actors"), recent_alerts=deque(maxlen=3),
                     judge_settings=JudgeSettings(),
                     clock=lambda: datetime(2026, 1, 1, tzinfo=UTC), max_retry_delay_s=0.05)
    register_agents(g, deps)
    agents = {name.rsplit(".", 1)[-1]: agent for name, agent in app.agents.items()}
    return deps, agents


def _sync(test):
    """Run an async test body on a fresh event loop (the app is built inside it)."""
    import functools

    @functools.wraps(test)
    def run():
        asyncio.run(test())
    return run


def metric(deps: AgentDeps, name: str, **labels) -> float:
    value = deps.metrics.registry.get_sample_value(name, labels)
    return value or 0.0


def article_bytes(aid: str) -> bytes:
    return json.dumps({"id": aid, "published_at": "2015-10-15T00:00:00Z", "body": "x"}).encode()


async def put_all(agent, items, messages: list | None = None) -> list:
    """Put the items, let the agent work; the messages put land in ``messages``."""
    messages = [] if messages is None else messages
    async with agent.test_context() as test:
        to_message = test.to_message

        def counted(*args, **kwargs):
            message = to_message(*args, **kwargs)
            message.incref()  # what the conductor does for the one stream it delivers to
            messages.append(message)
            return message

        test.to_message = counted
        for key, value, headers in items:
            await test.put(value, key=key, headers=headers or {})
        # take_events waits `within` for more before handing over a short batch
        for _ in range(50):
            await asyncio.sleep(0.01)
    return messages


@_sync
async def test_extract_sends_claims_and_dead_letters_every_failure():
    claim = make_claim("good", "talal-silo", "deny")
    outcome = {"good": [claim.to_json()], "buggy": "KeyError: 'x'", "slow": TIMEOUT}
    deps, agents = build(lambda aid: outcome[aid])
    await put_all(agents["extract"], [
        (b"good", article_bytes("good"), None),
        (b"bad", b"{not json", None),
        (b"buggy", article_bytes("buggy"), None),
        (b"slow", article_bytes("slow"), None),
    ])
    out = deps.outputs
    ((key, value),) = out.on("claims")
    assert key == b"cooperate:russia+sdf" and json.loads(value)["claim_id"] == claim.claim_id
    assert ARTICLE_TS_HEADER in out.sent[[c for c, *_ in out.sent].index("claims")][3]
    assert sorted(d.error for d in out.dead_letters()) == ["extract_failed", "extract_timeout",
                                                           "invalid_json"]
    bad = next(d for d in out.dead_letters() if d.error == "invalid_json")
    assert base64.b64decode(bad.value) == b"{not json"  # the original bytes travel along
    assert metric(deps, "gainsay_articles_total", outcome="processed") == 1
    assert metric(deps, "gainsay_articles_total", outcome="dead_lettered") == 3
    assert metric(deps, "gainsay_dlq_total", error="extract_failed") == 1


class GatedExtraction(FakeExtraction):
    """Extraction that finishes later batches first, and only once the gate opens."""

    def __init__(self, outcome) -> None:
        super().__init__(outcome)
        self.gate = asyncio.Event()
        self.batches = 0

    async def run(self, payloads):
        self.batches += 1
        await self.gate.wait()
        await asyncio.sleep(0.1 / self.batches)  # the first batch finishes last
        return await super().run(payloads)


@_sync
async def test_extract_keeps_batches_in_flight_publishes_in_order_acks_when_sent():
    claims = {f"a{i}": [make_claim(f"a{i}", "talal-silo", "deny").to_json()] for i in range(8)}
    deps, agents = build(lambda aid: claims[aid])
    deps.extraction = gated = GatedExtraction(lambda aid: claims[aid])
    agent = agents["extract"]
    done = asyncio.Event()

    async def open_gate_later():
        for _ in range(100):  # both in-flight batches reached the pool
            if gated.batches >= 2:
                break
            await asyncio.sleep(0.01)
        held.extend(m for m in messages if not m.acked)
        gated.gate.set()
        done.set()

    held: list = []
    messages: list = []
    opener = asyncio.ensure_future(open_gate_later())
    await put_all(agent, [(aid.encode(), article_bytes(aid), None) for aid in claims], messages)
    await done.wait()
    await opener
    assert gated.batches >= 2  # the agent took the next batch while the first was in the pool
    assert held  # ... and those articles were not acked before their claims were sent
    sent = [json.loads(v)["article_id"] for _k, v in deps.outputs.on("claims")]
    assert sent == list(claims)  # arrival order, although later batches finished first
    assert all(m.acked for m in messages)


@_sync
async def test_a_refused_claim_delivery_is_retried_and_the_article_acked_only_after():
    claim = make_claim("a1", "talal-silo", "deny")
    deps, agents = build(lambda aid: [claim.to_json()])
    deps.outputs.refuse["claims"] = 1
    messages: list = []
    await put_all(agents["extract"], [(b"a1", article_bytes("a1"), None)], messages)
    assert deps.outputs.timeline == ["claims", "claims refused", "claims"]
    assert all(m.acked for m in messages)
    assert metric(deps, "gainsay_retries_total", agent="extract") == 1
    assert metric(deps, "gainsay_articles_total", outcome="processed") == 1  # counted once


@_sync
async def test_a_refused_actor_event_is_retried_not_acked_past():
    deps, agents = build()
    den = make_claim("a1", "talal-silo", "deny", at=when(0))
    deps.outputs.refuse["actor_events"] = 1
    await put_all(agents["judge"], [(den.proposition.key.encode(), den.to_json().encode(), None)])
    assert "actor_events refused" in deps.outputs.timeline
    assert deps.outputs.timeline[-1] == "actor_events"  # sent again, and this time accepted
    assert metric(deps, "gainsay_retries_total", agent="judge") == 1
    assert len({json.loads(v)["alert_id"] for _k, v in deps.outputs.on("alerts")}) == 1


@_sync
async def test_judge_acknowledges_alerts_before_the_state_write():
    deps, agents = build()
    aff = make_claim("a1", "igor-konashenkov", "affirm", at=when(0))
    den = make_claim("a2", "talal-silo", "deny", at=when(1))
    await put_all(agents["judge"], [(c.proposition.key.encode(), c.to_json().encode(), None)
                                    for c in (aff, den)])
    alerts = [json.loads(v) for _k, v in deps.outputs.on("alerts")]
    assert {a["type"] for a in alerts} == {"denial", "contradiction"}
    timeline = [x for x in deps.outputs.timeline if x in ("alerts", "stance")]
    # one batch: every alert is acknowledged before the state is written, and the key's
    # state is written once (the second claim was judged against the first one's state)
    assert timeline == ["alerts", "alerts", "stance"]
    assert set(deps.stance["cooperate:russia+sdf"]["seen"]) == {aff.claim_id, den.claim_id}
    assert metric(deps, "gainsay_alerts_total", type="contradiction") == 1
    assert deps.outputs.on("actor_events")


@_sync
async def test_judge_dead_letters_undecodable_claims_and_judging_bugs():
    deps, agents = build()
    claim = make_claim("a1", "talal-silo", "deny")
    key = claim.proposition.key
    deps.stance[key] = {"v": 2, "max_t": 0, "claims": None, "seen": {}, "fired": {}}  # corrupt
    await put_all(agents["judge"], [(b"k", b'{"claim_id": 1}', None),
                                    (key.encode(), claim.to_json().encode(), None)])
    assert [d.error for d in deps.outputs.dead_letters()] == ["invalid_claim", "judge_failed"]
    assert deps.outputs.dead_letters()[1].detail.startswith("TypeError")
    assert metric(deps, "gainsay_dlq_total", error="judge_failed") == 1
    assert not deps.outputs.on("alerts")
    # claims are not articles: the article outcome counters stay untouched
    assert metric(deps, "gainsay_articles_total", outcome="dead_lettered") == 0


@_sync
async def test_a_refused_state_write_is_retried_not_acked_past():
    deps, agents = build(stance_failures=2)
    den = make_claim("a1", "talal-silo", "deny", at=when(0))
    await put_all(agents["judge"], [(den.proposition.key.encode(), den.to_json().encode(), None)])
    timeline = [x for x in deps.outputs.timeline if x in ("alerts", "stance", "refused")]
    assert timeline == ["alerts", "refused", "alerts", "refused", "alerts", "stance"]
    ids = {json.loads(v)["alert_id"] for _k, v in deps.outputs.on("alerts")}
    assert len(ids) == 1  # the redelivered alert is the same alert
    assert den.claim_id in deps.stance[den.proposition.key]["seen"]
    assert metric(deps, "gainsay_retries_total", agent="judge") == 2


@_sync
async def test_count_actors_records_good_events_and_dead_letters_bad_ones():
    deps, agents = build()
    good = json.dumps({"counters": ["claims", "denials"], "latest": None}).encode()
    await put_all(agents["count_actors"], [
        (b"talal-silo", good, None),
        (b"talal-silo", b"[1, 2", None),
        (b"talal-silo", json.dumps({"counters": "claims"}).encode(), None),
        (None, good, None),
    ])
    assert [d.error for d in deps.outputs.dead_letters()] == ["invalid_actor_event"] * 3
    assert deps.actors["talal-silo"]["fine"]
    assert metric(deps, "gainsay_dlq_total", error="invalid_actor_event") == 3


def test_the_stall_guard_fires_only_when_input_waits_and_nothing_moves():
    import time as clock

    from streams.app.agents import stalled

    deps, _agents = asyncio.run(_build_async())
    deps.settings = Settings(stall_timeout_s=5.0)
    deps.last_progress = clock.monotonic() - 10
    assert stalled(deps, lag=3, rebalancing=False)
    assert not stalled(deps, lag=0, rebalancing=False)       # nothing waits
    assert not stalled(deps, lag=3, rebalancing=True)        # the group is moving partitions
    deps.rebalancing_since = clock.monotonic() - 26          # ... for over 5 x the timeout
    assert stalled(deps, lag=0, rebalancing=True)
    assert not stalled(deps, lag=0, rebalancing=False)       # it ended
    assert deps.rebalancing_since is None
    deps.busy = 1
    assert not stalled(deps, lag=3, rebalancing=False)       # an agent is working on it
    deps.busy, deps.last_progress = 0, clock.monotonic()
    assert not stalled(deps, lag=3, rebalancing=False)       # it just read something
    deps.settings, deps.last_progress = Settings(stall_timeout_s=0), clock.monotonic() - 1e6
    assert not stalled(deps, lag=3, rebalancing=False)       # the guard is off


async def _build_async():
    return build()


@_sync
async def test_the_judge_forgets_keys_that_went_quiet_and_keeps_the_others():
    """A key whose newest claim is more than the retention behind its partition's watermark
    can meet no on-time claim again: the judge forgets it (and counts it); a live key stays."""
    deps, agents = build()
    deps.settings = dataclasses.replace(deps.settings, stance_sweep_s=0.001)
    deps.idle_keys = IdleKeys(deps.judge_settings)
    quiet = make_claim("a1", "igor-konashenkov", "affirm", key="cooperate:russia+sdf", at=when(0))
    live = make_claim("a2", "talal-silo", "deny", key="support:usa+ypg", at=when(29))
    newest = make_claim("a3", "talal-silo", "affirm", key="support:usa+ypg", at=when(30))
    await put_all(agents["judge"], [(c.proposition.key.encode(), c.to_json().encode(), None)
                                    for c in (quiet, live, newest)])
    assert "cooperate:russia+sdf" not in deps.stance  # 30 days on: beyond 7 + 7 days
    assert set(deps.stance["support:usa+ypg"]["claims"]) == {live.claim_id, newest.claim_id}
    assert metric(deps, "gainsay_stance_forgotten_total") == 1
    assert metric(deps, "gainsay_stance_keys") == 1
