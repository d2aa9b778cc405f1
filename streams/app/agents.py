"""Thin Faust agents: decode → call the pure nlp/judge code → send.

* ``extract``: articles → claims (keyed by proposition key) or the DLQ. NLP runs
  in a process pool, batch by batch, so the event loop only waits on futures.
* ``judge``: claims → alerts, with the stance table as the judge's state.
* ``count_actors``: per-actor events → rolling counts and latest claims.

Each agent body is a plain ``async`` function of its event(s) and :class:`AgentDeps`
(outputs, extraction, state stores, metrics), so it runs under Faust's
``agent.test_context()`` with a recorder and dicts injected. Nothing is dropped: every
failure is counted in ``gainsay_dlq_total{error}`` and dead-lettered with its code.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from aiokafka.partitioner import murmur2

from streams.app.extraction_pool import TIMEOUT, Extraction, ExtractionPool
from streams.app.factory import Gainsay
from streams.app.outputs import Outputs, TopicOutputs
from streams.app.pool import ExtractResult
from streams.app.state import StateStore, put_many
from streams.config import Settings
from streams.dead_letters import dead_letter
from streams.errors import BadInput, ErrorCode
from streams.judge import activity
from streams.judge.actors import actor_events
from streams.judge.expiry import IdleKeys
from streams.judge.stance import JudgeSettings, judge_claim
from streams.kafkaio.group_lag import GroupLag
from streams.metrics import Metrics
from streams.records import Article, Claim
from streams.validation import decode_article

log = logging.getLogger(__name__)

ARTICLE_TS_HEADER = "gainsay-article-ts"
STALL_EXIT = 75  # EX_TEMPFAIL: restart me


@dataclass
class AgentDeps:
    """What the agent bodies read and write, injected so tests need no broker."""

    settings: Settings
    metrics: Metrics
    outputs: Outputs
    extraction: Extraction
    stance: StateStore
    actors: StateStore
    recent_alerts: deque
    judge_settings: JudgeSettings
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)
    #: backoff cap when an event is retried after a failed send or state write
    max_retry_delay_s: float = 10.0
    #: agent bodies running now, and when an input offset was last handed to one
    busy: int = 0
    last_progress: float = field(default_factory=time.monotonic)
    rebalancing_since: float | None = None
    #: called with each published alert's dict (the webhook sink); never blocks
    alert_hooks: list[Callable[[dict], None]] = field(default_factory=list)
    #: proposition keys by partition and newest claim time, for forgetting quiet ones
    idle_keys: IdleKeys | None = None
    last_sweep: float = field(default_factory=time.monotonic)
    #: partitions whose keys restored from the changelog were added to ``idle_keys``
    adopted: set[int] = field(default_factory=set)


def worker_deps(g: Gainsay, extraction: Extraction) -> AgentDeps:
    judge_settings = JudgeSettings(contradiction_window=g.settings.contradiction_window)
    return AgentDeps(
        settings=g.settings, metrics=g.metrics, outputs=TopicOutputs(g.topics),
        extraction=extraction, stance=g.stance_store(), actors=g.actors, recent_alerts=g.recent_alerts,
        judge_settings=judge_settings, alert_hooks=g.alert_hooks, idle_keys=IdleKeys(judge_settings),
    )


def _note_read(deps: AgentDeps, message: Any) -> None:
    deps.last_progress = time.monotonic()


async def send_dead_letter(deps: AgentDeps, message: Any, code: ErrorCode, detail: str,
                           *, article: bool = True) -> None:
    """Dead-letter one event and wait for the broker's ack: the DLQ is its only record."""
    record = dead_letter(
        code, detail, key=message.key, value=message.value, topic=message.topic,
        partition=message.partition, offset=message.offset, headers=_header_items(message.headers),
    )
    delivery = await deps.outputs.send("dlq", message.key, record.to_json().encode("utf-8"))
    await delivery
    deps.metrics.dlq.labels(error=str(code)).inc()
    if article:
        deps.metrics.articles.labels(outcome="dead_lettered").inc()


async def retrying(deps: AgentDeps, agent: str, body: Callable, item: Any) -> None:
    """Run ``body(deps, item)`` until it succeeds.

    Faust acks an event even when the agent body raises (the stream's ``finally``), so an
    escaping exception would commit an unprocessed event. Input problems are dead-lettered
    inside the bodies; what is left (a refused send or state write: broker trouble) is
    retried here with backoff, and the event is acked only once it went through.
    """
    delay = 0.1
    while True:
        deps.busy += 1
        try:
            await body(deps, item)
            return
        except Exception as exc:  # noqa: BLE001 - retried, counted, logged
            deps.metrics.retries.labels(agent=agent).inc()
            log.warning("%s: %s: %s; retrying in %.1fs", agent, type(exc).__name__, exc, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, deps.max_retry_delay_s)
        finally:
            deps.busy -= 1


# ------------------------------------------------------------------------------- extract


async def extract_events(deps: AgentDeps, events: list, turn: asyncio.Future | None = None) -> None:
    """One batch of article events: valid ones through the pool, the rest to the DLQ.

    ``turn``, when given, is the previous batch's job: this batch publishes its claims only
    once that one is done, so claims leave in the order the articles came in."""
    valid: list[tuple[Any, Article]] = []
    for event in events:
        _note_read(deps, event.message)
        try:
            valid.append((event, decode_article(
                event.message.value, max_bytes=deps.settings.max_article_bytes,
                languages=deps.settings.accepted_languages)))
        except BadInput as exc:
            await send_dead_letter(deps, event.message, exc.code, exc.detail)
    if not valid:
        return
    deps.metrics.batch_size.observe(len(valid))
    deps.metrics.pool_busy.inc()
    try:
        results = await deps.extraction.run([a.to_json() for _, a in valid])
    finally:
        deps.metrics.pool_busy.dec()
    if turn is not None:
        await asyncio.wait([turn])  # never cancels the previous job, never raises
    outgoing = [_outgoing(result) for result in results]  # each claim parsed once
    deliveries = []
    for (event, _article), result, claims in zip(valid, results, outgoing, strict=True):
        deliveries += await publish_claims(deps, event.message, result, claims)
    await asyncio.gather(*deliveries)  # a refused claim fails the job: it is retried, not acked
    for result, claims in zip(results, outgoing, strict=True):
        count_published(deps, result, claims)


class ExtractWindow:
    """Keeps the pool busy: up to ``depth`` batches in flight while the agent takes the next.

    The agent used to wait for each batch's extraction and sends before taking the next
    batch, so the pool idled while events were read, decoded and claims sent, and a batch
    split over the processes waited for its slowest part. Here a batch is a job of its own
    (``extract_events`` under ``retrying``); jobs publish in arrival order (each waits for
    the previous one's sends). Faust acks an event as soon as the agent body returns, so
    each job holds a reference on its events' messages (``Message.incref``) and releases it
    only when its claims or dead letters are sent: an offset still becomes committable only
    once the article is processed (Faust commits the acked offsets up to the first gap).
    """

    def __init__(self, deps: AgentDeps, depth: int) -> None:
        self.deps = deps
        self.slots = asyncio.Semaphore(max(1, depth))
        self.jobs: set[asyncio.Task] = set()
        self.last: asyncio.Task | None = None

    async def submit(self, events: list) -> None:
        """Start a job for ``events``; waits while ``depth`` jobs are in flight."""
        await self.slots.acquire()
        for event in events:
            event.message.incref()
        job = asyncio.ensure_future(self._job(list(events), self.last))
        self.jobs.add(job)
        job.add_done_callback(self.jobs.discard)
        self.last = job

    async def _job(self, events: list, turn: asyncio.Task | None) -> None:
        try:
            await retrying(self.deps, "extract", _extract_after, (events, turn))
        finally:
            self.slots.release()
        for event in events:  # only reached once processed (a cancelled job acks nothing)
            release(event)

    def cancel(self) -> None:
        for job in list(self.jobs):
            job.cancel()


async def _extract_after(deps: AgentDeps, item: tuple[list, asyncio.Task | None]) -> None:
    events, turn = item
    await extract_events(deps, events, turn)


def release(event: Any) -> None:
    """Drop the reference a job held on an event's message: the final one makes it acked
    (committable), with the sensor bookkeeping ``Stream.ack`` does for a final ack."""
    message = event.message
    if event.ack():
        event.app.sensors.on_message_out(message.tp, message.offset, message)


async def publish_claims(deps: AgentDeps, message: Any, result: ExtractResult,
                         claims: list[_Outgoing]) -> list[Awaitable]:
    """Send one article's claims keyed by proposition key, or dead-letter its failure;
    return the claims' deliveries, which the caller awaits before the article is acked."""
    if result.error is not None:
        code = ErrorCode.EXTRACT_TIMEOUT if result.error == TIMEOUT else ErrorCode.EXTRACT_FAILED
        await send_dead_letter(deps, message, code, result.error)
        return []
    published_ms = str(int(message.timestamp * 1000)).encode()
    return [await deps.outputs.send("claims", claim.key, claim.json, {ARTICLE_TS_HEADER: published_ms})
            for claim in claims]


def count_published(deps: AgentDeps, result: ExtractResult, claims: list[_Outgoing]) -> None:
    """Count an article whose claims the broker acknowledged (dead letters count themselves)."""
    if result.error is not None:
        return
    deps.metrics.extract_seconds.observe(result.seconds)
    for claim in claims:
        deps.metrics.claims.labels(polarity=claim.polarity, kind=claim.kind).inc()
    deps.metrics.articles.labels(outcome="processed").inc()


@dataclass(frozen=True)
class _Outgoing:
    key: bytes
    json: bytes
    polarity: str
    kind: str


def _outgoing(result: ExtractResult) -> list[_Outgoing]:
    """An article's claims as sent and counted (none for a failed extraction)."""
    out = []
    for claim_json in result.claims:
        claim = json.loads(claim_json)
        out.append(_Outgoing(claim["proposition"]["key"].encode("utf-8"),
                             claim_json.encode("utf-8"), claim["polarity"], claim["kind"]))
    return out


# --------------------------------------------------------------------------------- judge


async def judge_events(deps: AgentDeps, events: list) -> None:
    """Judge a batch of claims: every alert acknowledged first, then the states made durable.

    Claims are judged one after the other (a key's second claim sees the state its first
    one left, held here until the batch is written); then all alerts are sent and
    acknowledged, then every changed key is written once and acknowledged. If the worker
    dies in between, the redelivered claims are judged again from the old states and yield
    the same alert ids; once the states are durable a redelivery is a no-op.
    """
    states: dict[str, tuple[Any, Any]] = {}  # key -> (state, its last event), not yet durable
    judged: list[tuple[Any, Claim, list]] = []
    for event in events:
        judgement = await _judge_one(deps, event, states)
        if judgement is not None:
            judged.append(judgement)
    deliveries = [await deps.outputs.send("alerts", alert.alert_id.encode(),
                                          alert.to_json().encode("utf-8"))
                  for _message, _claim, alerts in judged for alert in alerts]
    await asyncio.gather(*deliveries)
    if states:
        await put_many(deps.stance, [(key, state, event) for key, (state, event) in states.items()])
        await forget_quiet_keys(deps, states)
    actor_deliveries = []
    for message, claim, alerts in judged:
        actor_deliveries += await _after_judged(deps, message, claim, alerts)
    await asyncio.gather(*actor_deliveries)


async def forget_quiet_keys(deps: AgentDeps, states: dict[str, tuple[Any, Any]]) -> None:
    """Note the keys just written; every ``stance_sweep_s`` forget the keys of this batch's
    partitions that went quiet (``streams/judge/expiry.py``: no alert changes), so the
    stance table holds one retention period of the stream, not its whole history."""
    idle = deps.idle_keys
    if idle is None:
        return
    by_partition: dict[int, Any] = {}  # partition -> an event of it (names the changelog partition)
    for key, (state, event) in states.items():
        partition = event.message.partition
        idle.touch(partition, key, state)
        by_partition.setdefault(partition, event)
    now = time.monotonic()
    if deps.settings.stance_sweep_s <= 0 or now - deps.last_sweep < deps.settings.stance_sweep_s:
        return
    deps.last_sweep = now
    _adopt_restored_keys(deps, set(by_partition))
    for partition, event in by_partition.items():
        gone = idle.idle(partition)
        if gone:
            await delete_keys(deps.stance, [(key, event) for key in gone])
            idle.forget(partition, gone)
            deps.metrics.stance_forgotten.inc(len(gone))
    deps.metrics.stance_keys.set(idle.count())


def _adopt_restored_keys(deps: AgentDeps, partitions: set[int]) -> None:
    """Keys restored from the changelog were never written here: once per partition, find
    them in the table (a key's partition is the claims topic's, by the producer's
    partitioner) so that they too are forgotten when quiet, across restarts."""
    todo = partitions - deps.adopted
    newest = getattr(deps.stance, "newest", None)
    if not todo or newest is None or deps.idle_keys is None:
        return
    deps.adopted |= todo
    count = deps.settings.partitions
    for key, max_t in newest():
        partition = key_partition(key, count)
        if partition in todo and key not in deps.idle_keys.newest.get(partition, {}):
            deps.idle_keys.touch(partition, key, {"max_t": max_t})


def key_partition(key: str, partitions: int) -> int:
    """The partition a keyed record lands on with the producer's default partitioner."""
    return (murmur2(key.encode("utf-8")) & 0x7FFFFFFF) % partitions


async def delete_keys(store: StateStore, deletes: list[tuple[str, Any]]) -> None:
    """``store.delete_many`` when the store has it, else one ``del`` per key (a dict)."""
    deleter = getattr(store, "delete_many", None)
    if deleter is not None:
        await deleter(deletes)
        return
    for key, _event in deletes:
        store.pop(key, None)


async def _judge_one(deps: AgentDeps, event: Any, states: dict[str, tuple[Any, Any]]) -> tuple | None:
    """Decode and judge one claim against ``states`` (updated); None if dead-lettered."""
    message = event.message
    _note_read(deps, message)
    try:
        claim = Claim.from_dict(json.loads(message.value))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        await send_dead_letter(deps, message, ErrorCode.INVALID_CLAIM,
                               f"{type(exc).__name__}: {exc}", article=False)
        return None
    key = claim.proposition.key
    try:
        state = states[key][0] if key in states else deps.stance.get(key)
        state, alerts = judge_claim(state, claim, settings=deps.judge_settings, now=deps.clock())
    except Exception as exc:  # noqa: BLE001 - a judging bug dead-letters the claim, not the stream
        log.exception("judging claim %s on %s failed; dead-lettered", claim.claim_id, key)
        await send_dead_letter(deps, message, ErrorCode.JUDGE_FAILED,
                               f"{type(exc).__name__}: {exc}", article=False)
        return None
    states[key] = (state, event)
    return message, claim, alerts


async def _after_judged(deps: AgentDeps, message: Any, claim: Claim, alerts: list) -> list[Awaitable]:
    """Count, remember and hand on a judged claim's alerts; send its actor events and
    return their deliveries."""
    article_ts = header_seconds(message.headers, ARTICLE_TS_HEADER)
    for alert in alerts:
        deps.metrics.alerts.labels(type=alert.type).inc()
        if article_ts is not None:
            deps.metrics.article_to_alert_seconds.observe(max(0.0, time.time() - article_ts))
        deps.recent_alerts.appendleft(alert.to_dict())
        for hook in deps.alert_hooks:
            try:
                hook(alert.to_dict())
            except Exception:  # noqa: BLE001 - a sink bug must not redeliver a judged claim
                log.exception("alert hook failed for %s", alert.alert_id)
    return [await deps.outputs.send("actor_events", actor_id.encode("utf-8"),
                                    json.dumps(payload).encode("utf-8"))
            for actor_id, payload in actor_events(claim, alerts)]


# -------------------------------------------------------------------------------- actors


async def count_actor_events(deps: AgentDeps, events: list) -> None:
    """Add a batch of actor events to the actors' rolling activity values; each changed
    actor is written once, and the writes are acknowledged together."""
    values: dict[str, tuple[Any, Any]] = {}  # actor id -> (value, its last event)
    for event in events:
        message = event.message
        _note_read(deps, message)
        try:
            actor_id = message.key.decode("utf-8")
            payload = json.loads(message.value)
            counters, latest = payload.get("counters", []), payload.get("latest")
            if not actor_id or not isinstance(counters, list):
                raise ValueError("empty actor id or counters not a list")
        except (ValueError, AttributeError, TypeError) as exc:
            await send_dead_letter(deps, message, ErrorCode.INVALID_ACTOR_EVENT,
                                   f"{type(exc).__name__}: {exc}", article=False)
            continue
        try:
            old = values[actor_id][0] if actor_id in values else deps.actors.get(actor_id)
            value = activity.record(old, counters, message.timestamp, latest)
        except Exception as exc:  # noqa: BLE001 - a counting bug dead-letters the event
            log.exception("counting actor event for %s failed; dead-lettered", actor_id)
            await send_dead_letter(deps, message, ErrorCode.COUNT_FAILED,
                                   f"{type(exc).__name__}: {exc}", article=False)
            continue
        values[actor_id] = (value, event)
    if values:
        await put_many(deps.actors, [(k, value, event) for k, (value, event) in values.items()])


# ------------------------------------------------------------------------------ wiring


def register_agents(g: Gainsay, deps: AgentDeps | None = None) -> AgentDeps:
    """Wire the agent bodies to the app's topics; the worker's deps unless given."""
    app, settings, topics = g.app, g.settings, g.topics
    if deps is None:
        deps = worker_deps(g, ExtractionPool(settings.pool_size, settings.aliases,
                                             settings.extract_timeout_s))
    if isinstance(deps.extraction, ExtractionPool):
        register_pool(app, deps.extraction)

    @app.agent(topics.articles)
    async def extract(stream):
        window = ExtractWindow(deps, settings.extract_in_flight)
        try:
            async for events in stream.take_events(settings.batch_size,
                                                   within=settings.batch_within_s):
                await window.submit(events)
        finally:
            window.cancel()

    @app.agent(topics.claims)
    async def judge(stream):
        async for events in stream.take_events(settings.judge_batch_size,
                                               within=settings.judge_batch_within_s):
            await retrying(deps, "judge", judge_events, events)

    @app.agent(topics.actor_events)
    async def count_actors(stream):
        async for events in stream.take_events(settings.judge_batch_size,
                                               within=settings.judge_batch_within_s):
            await retrying(deps, "count_actors", count_actor_events, events)

    input_topics = {settings.topic_articles, settings.topic_claims,
                    topics.actor_events.get_topic_name()}

    group_lag = GroupLag(settings)

    @app.timer(interval=5.0)
    async def report_lag() -> None:
        lag = await update_lag(app.consumer, deps, input_topics, group_lag)
        if lag is not None and stalled(deps, lag, rebalancing=bool(app.rebalancing)):
            log.critical("stalled (%d input messages uncommitted, rebalancing: %s, nothing read "
                         "for %.0fs); exiting so the supervisor restarts the worker (nothing "
                         "uncommitted is lost: it is consumed again)", lag,
                         bool(app.rebalancing), time.monotonic() - deps.last_progress)
            logging.shutdown()
            os._exit(STALL_EXIT)

    @app.on_before_shutdown.connect
    def close_group_lag(sender, **kwargs) -> None:
        group_lag.close()

    return deps


def register_pool(app: Any, extraction: ExtractionPool) -> None:
    """Warm the pool up when the worker starts; kill it when the worker stops."""

    @app.task
    async def start_pool() -> None:
        if await asyncio.get_running_loop().run_in_executor(None, extraction.warm_up):
            log.info("extraction pool ready")
        else:
            log.error("extraction pool failed to start; each batch will try a fresh pool")

    @app.on_before_shutdown.connect
    def close_pool(sender, **kwargs) -> None:
        extraction.close()


def stalled(deps: AgentDeps, lag: int, *, rebalancing: bool) -> bool:
    """Input is uncommitted (``lag``, by the broker's committed offsets) but no agent works
    on it and nothing was read for ``stall_timeout_s``, or a rebalance (table recovery
    included) has not ended in 5 × ``stall_timeout_s``.

    A guard against consumers that stop fetching, or recoveries that stop reading, after a
    rebalance (faust-streaming issues #175, #523), and against commits that stand still
    behind messages Faust's consumer dropped after a seek: only a restart revives them, and
    at-least-once makes a restart safe.
    """
    limit = deps.settings.stall_timeout_s
    now = time.monotonic()
    if not rebalancing:
        deps.rebalancing_since = None
    elif deps.rebalancing_since is None:
        deps.rebalancing_since = now
    if limit <= 0:
        return False
    if deps.rebalancing_since is not None:
        return now - deps.rebalancing_since > 5 * limit
    return lag > 0 and deps.busy == 0 and now - deps.last_progress > limit


async def update_lag(consumer: Any, deps: AgentDeps, input_topics: set[str],
                     group_lag: GroupLag) -> int | None:
    """Messages of this worker's input partitions not yet committed by its group, as the
    broker has it (changelogs are read during recovery, not consumed); None when the broker
    could not tell.

    Not Faust's own view (highwater minus what was handed to an agent): Faust can hand an
    agent the last offset of a partition while the commit stands still behind messages its
    consumer dropped (docs/reliability.md), so that view reads 0 exactly when it matters.
    """
    tps = [tp for tp in consumer.assignment() if tp.topic in input_topics]
    try:
        lag = await asyncio.get_running_loop().run_in_executor(None, group_lag, tps)
    except Exception as exc:  # noqa: BLE001 - broker trouble: no sample this time
        log.warning("consumer lag: committed offsets not read: %s: %s", type(exc).__name__, exc)
        group_lag.close()
        return None
    for tp, behind in lag.items():
        deps.metrics.consumer_lag.labels(topic=tp.topic, partition=str(tp.partition)).set(behind)
    return sum(lag.values())


def _header_items(headers: Any) -> list[tuple[str, bytes | None]]:
    if not headers:
        return []
    return list(headers.items() if isinstance(headers, dict) else headers)


def header_seconds(headers: Any, name: str) -> float | None:
    """A millisecond timestamp header as epoch seconds (None if absent or bad)."""
    for key, value in _header_items(headers):
        if key == name and value:
            try:
                return int(value) / 1000.0
            except ValueError:
                return None
    return None
