"""Thin Faust agents: decode → call the pure nlp/judge code → send.

* ``extract``: articles → claims (keyed by proposition key) or the DLQ. NLP runs
  in a process pool, batch by batch, so the event loop only waits on futures.
* ``judge``: claims → alerts, with the stance table as the judge's state.
* ``count_actors``: per-actor events → hopping-window counts and latest claims.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from datetime import UTC, datetime

from streams.app.factory import Gainsay
from streams.app.pool import ExtractResult, extract_batch, kill_pool, make_pool
from streams.dead_letters import dead_letter
from streams.errors import BadInput, ErrorCode
from streams.judge import activity
from streams.judge.actors import actor_events
from streams.judge.stance import JudgeSettings, judge_claim
from streams.records import Article, Claim
from streams.validation import decode_article

log = logging.getLogger(__name__)

ARTICLE_TS_HEADER = "gainsay-article-ts"


def _chunks(items: list, parts: int) -> list[list]:
    size = max(1, -(-len(items) // max(1, parts)))
    return [items[i:i + size] for i in range(0, len(items), size)]


class ExtractionPool:
    """Owns the process pool; replaces it when a batch overruns its time budget."""

    def __init__(self, size: int, aliases: str, timeout_s: float) -> None:
        self.size = size
        self.aliases = aliases
        self.timeout_s = timeout_s
        self._pool: ProcessPoolExecutor | None = None

    @property
    def pool(self) -> ProcessPoolExecutor:
        if self._pool is None:
            self._pool = make_pool(self.size, self.aliases)
        return self._pool

    def warm_up(self) -> bool:
        """Start the children (and load the model) before the first article arrives.

        Best effort: if a batch already replaced the pool meanwhile, that is fine.
        """
        pool = self.pool
        try:
            for future in [pool.submit(extract_batch, []) for _ in range(pool._max_workers)]:  # noqa: SLF001
                future.result()
            return True
        except BrokenExecutor:
            return False

    def _reset(self, pool: ProcessPoolExecutor) -> None:
        kill_pool(pool)
        if self._pool is pool:
            self._pool = None

    async def run(self, payloads: list[str]) -> list[ExtractResult]:
        """Extract one batch spread over the pool's processes; results in input order.

        A batch over its time budget, or a pool whose child died (segfault, OOM kill), is
        retried article by article in a fresh pool, so only the culprit is dead-lettered.
        """
        loop = asyncio.get_running_loop()
        pool = self.pool
        chunks = _chunks(payloads, pool._max_workers)  # noqa: SLF001
        futures = [loop.run_in_executor(pool, extract_batch, chunk) for chunk in chunks]
        try:
            parts = await asyncio.wait_for(asyncio.gather(*futures), timeout=self.timeout_s)
        except (TimeoutError, BrokenExecutor) as exc:
            log.warning("extraction batch of %d failed (%s); retrying one by one in a new pool",
                        len(payloads), type(exc).__name__)
            self._reset(pool)
            return await self._one_by_one(payloads)
        return [result for part in parts for result in part]

    async def _one_by_one(self, payloads: list[str]) -> list[ExtractResult]:
        """Isolate the slow or crashing article(s), each with its own budget."""
        results = []
        loop = asyncio.get_running_loop()
        for payload in payloads:
            article_id = json.loads(payload)["id"]
            pool = self.pool
            try:
                part = await asyncio.wait_for(
                    loop.run_in_executor(pool, extract_batch, [payload]), timeout=self.timeout_s)
                results.extend(part)
            except TimeoutError:
                self._reset(pool)
                results.append(ExtractResult(article_id, [], "timeout", self.timeout_s))
            except BrokenExecutor as exc:
                self._reset(pool)
                results.append(ExtractResult(article_id, [], f"pool process died: {exc}", 0.0))
        return results

    def close(self) -> None:
        if self._pool is not None:
            kill_pool(self._pool)
            self._pool = None


def register_agents(g: Gainsay) -> None:
    app, settings, topics, metrics = g.app, g.settings, g.topics, g.metrics
    judge_settings = JudgeSettings(contradiction_window=settings.contradiction_window)
    extraction = ExtractionPool(settings.pool_size, settings.aliases, settings.extract_timeout_s)
    languages = settings.accepted_languages

    @app.task
    async def start_pool() -> None:
        await asyncio.get_running_loop().run_in_executor(None, extraction.warm_up)
        log.info("extraction pool ready")  # (or replaced by a batch that needed it first)

    @app.on_before_shutdown.connect
    def close_pool(sender, **kwargs) -> None:
        extraction.close()

    async def send_dead_letter(event, code: ErrorCode | str, detail: str) -> None:
        message = event.message
        record = dead_letter(
            code, detail, key=message.key, value=message.value, topic=message.topic,
            partition=message.partition, offset=message.offset,
            headers=list(message.headers or []),
        )
        await topics.dlq.send(key=message.key, value=record.to_json().encode("utf-8"))
        metrics.dlq.labels(error=str(code)).inc()
        metrics.articles.labels(outcome="dead_lettered").inc()

    @app.agent(topics.articles)
    async def extract(stream):
        async for events in stream.take_events(settings.batch_size, within=settings.batch_within_s):
            valid: list[tuple[object, Article]] = []
            for event in events:
                try:
                    article = decode_article(event.message.value,
                                             max_bytes=settings.max_article_bytes,
                                             languages=languages)
                    valid.append((event, article))
                except BadInput as exc:
                    await send_dead_letter(event, exc.code, exc.detail)
            if not valid:
                continue
            metrics.batch_size.observe(len(valid))
            metrics.pool_busy.inc()
            try:
                results = await extraction.run([a.to_json() for _, a in valid])
            finally:
                metrics.pool_busy.dec()
            for (event, _article), result in zip(valid, results, strict=True):
                if result.error is not None:
                    code = (ErrorCode.EXTRACT_TIMEOUT if result.error == "timeout"
                            else ErrorCode.EXTRACT_FAILED)
                    await send_dead_letter(event, code, result.error)
                    continue
                metrics.extract_seconds.observe(result.seconds)
                published_ms = str(int(event.message.timestamp * 1000)).encode()
                for claim_json in result.claims:
                    claim = json.loads(claim_json)
                    metrics.claims.labels(polarity=claim["polarity"], kind=claim["kind"]).inc()
                    await topics.claims.send(
                        key=claim["proposition"]["key"].encode("utf-8"),
                        value=claim_json.encode("utf-8"),
                        headers={ARTICLE_TS_HEADER: published_ms},
                    )
                metrics.articles.labels(outcome="processed").inc()

    @app.agent(topics.claims)
    async def judge(stream):
        async for event in stream.events():
            try:
                claim = Claim.from_dict(json.loads(event.message.value))
            except (ValueError, KeyError, TypeError) as exc:
                log.error("undecodable claim at %s[%s]@%s: %s", event.message.topic,
                          event.message.partition, event.message.offset, exc)
                continue
            key = claim.proposition.key
            try:
                state, alerts = judge_claim(g.stance.get(key), claim, settings=judge_settings,
                                            now=datetime.now(UTC))
            except Exception:  # noqa: BLE001 - a judging bug must not stop the stream
                log.exception("judging claim %s on %s failed; skipped", claim.claim_id, key)
                continue
            article_ts = _header_seconds(event.message.headers, ARTICLE_TS_HEADER)
            # Alerts are delivered before the state is written: if we die in between, the
            # redelivered claim is judged again from the old state and yields the same ids.
            pending = [await topics.alerts.send(key=alert.alert_id.encode(),
                                                value=alert.to_json().encode("utf-8"))
                       for alert in alerts]
            for delivery in pending:
                await delivery
            g.stance[key] = state
            for alert in alerts:
                metrics.alerts.labels(type=alert.type).inc()
                if article_ts is not None:
                    metrics.article_to_alert_seconds.observe(max(0.0, time.time() - article_ts))
                g.recent_alerts.appendleft(alert.to_dict())
                for hook in g.alert_hooks:
                    hook(alert.to_dict())
            for actor_id, payload in actor_events(claim, alerts):
                await topics.actor_events.send(key=actor_id.encode("utf-8"),
                                               value=json.dumps(payload).encode("utf-8"))

    @app.agent(topics.actor_events)
    async def count_actors(stream):
        async for event in stream.events():
            if not event.message.key or not event.message.value:
                continue
            actor_id = event.message.key.decode("utf-8", "replace")
            payload = json.loads(event.message.value)
            g.actors[actor_id] = activity.record(
                g.actors.get(actor_id), payload.get("counters", []), event.message.timestamp,
                payload.get("latest"))

    input_topics = {settings.topic_articles, settings.topic_claims, topics.actor_events.get_topic_name()}

    @app.timer(interval=5.0)
    async def report_lag() -> None:
        """Lag of the input topics only (changelogs are read during recovery, not consumed)."""
        consumer = app.consumer
        for tp in consumer.assignment():
            if tp.topic not in input_topics:
                continue
            try:
                high = consumer.highwater(tp)
            except Exception:  # noqa: BLE001 - not fetched yet
                continue
            if high is None:
                continue
            # Faust's own bookkeeping: the last offset handed to the stream, else the commit
            read = consumer._read_offset.get(tp)  # noqa: SLF001
            committed = consumer._committed_offset.get(tp)  # noqa: SLF001
            done = read + 1 if read is not None else (committed or 0)
            metrics.consumer_lag.labels(topic=tp.topic, partition=str(tp.partition)).set(
                max(0, high - done))


def _header_seconds(headers, name: str) -> float | None:
    """A millisecond timestamp header as epoch seconds (None if absent or bad)."""
    if not headers:
        return None
    items = headers.items() if isinstance(headers, dict) else headers
    for key, value in items:
        if key == name and value:
            try:
                return int(value) / 1000.0
            except ValueError:
                return None
    return None
