"""The webhook sink against real HTTP servers on loopback (aiohttp), no Kafka.

Retries with doubling, capped backoff until accepted; permanent refusals are not retried;
a hung endpoint never makes ``offer`` wait, and its full queue drops and counts; one alert
id is queued once; every failure is counted in the metrics.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web
from prometheus_client import CollectorRegistry

from streams.metrics import WebhookMetrics
from streams.webhooks import WebhookPolicy, WebhookSink, slack_text
from tests.factories import alert as make_alert


def alert(n: int = 0) -> dict[str, Any]:
    record = make_alert().to_dict()
    record["alert_id"] = f"a-{n:04d}"
    return record


class Server:
    """A loopback HTTP server whose answer to each POST is chosen by ``respond``."""

    def __init__(self, respond: Callable[[int], Any]) -> None:
        self.respond = respond
        self.bodies: list[dict[str, Any]] = []
        self.keys: list[str | None] = []

    async def handle(self, request: web.Request) -> web.Response:
        self.bodies.append(await request.json())
        self.keys.append(request.headers.get("Idempotency-Key"))
        answer = self.respond(len(self.bodies))
        if asyncio.iscoroutine(answer):
            answer = await answer
        return web.Response(status=answer)

    async def __aenter__(self) -> str:
        app = web.Application()
        app.router.add_post("/hook", self.handle)
        self.runner = web.AppRunner(app)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # noqa: SLF001
        return f"http://127.0.0.1:{port}/hook"

    async def __aexit__(self, *exc: Any) -> None:
        await self.runner.cleanup()


def sample(metrics: WebhookMetrics, outcome: str, target: str = "0") -> float:
    return metrics.deliveries.labels(target=target, outcome=outcome)._value.get()  # noqa: SLF001


def run(coro) -> Any:
    return asyncio.run(asyncio.wait_for(coro, 60))


def test_fails_first_attempts_then_delivers_once() -> None:
    async def go() -> tuple[Server, WebhookMetrics, list[float]]:
        server = Server(lambda n: 503 if n <= 3 else 200)
        delays: list[float] = []

        async def sleep(s: float) -> None:
            delays.append(s)

        async with server as url:
            metrics = WebhookMetrics.create(CollectorRegistry())
            sink = WebhookSink(WebhookPolicy((url,), backoff_s=1.0, backoff_cap_s=3.0), metrics, sleep)
            await sink.start()
            sink.offer(alert(1))
            sink.offer(alert(1))  # a redelivered claim re-published the same alert
            assert await sink.drain(20)
            await sink.close()
        return server, metrics, delays

    server, metrics, delays = run(go())
    assert [b["alert_id"] for b in server.bodies] == ["a-0001"] * 4
    assert server.keys == ["a-0001"] * 4
    assert server.bodies[0] == server.bodies[3], "a retry sends the very same alert"
    assert sample(metrics, "delivered") == 1 and sample(metrics, "retried") == 3
    assert sample(metrics, "failed") == 0
    # doubling from 1 s, capped at 3 s, each with up to half of it as jitter
    for delay, ceiling in zip(delays, [1.0, 2.0, 3.0], strict=True):
        assert ceiling / 2 <= delay <= ceiling


def test_gives_up_after_max_attempts_and_counts_it() -> None:
    async def go() -> tuple[Server, WebhookMetrics]:
        server = Server(lambda n: 500)
        async with server as url:
            metrics = WebhookMetrics.create(CollectorRegistry())
            sink = WebhookSink(WebhookPolicy((url,), max_attempts=3, backoff_s=0.01), metrics)
            await sink.start()
            sink.offer(alert(2))
            assert await sink.drain(20)
            await sink.close()
        return server, metrics

    server, metrics = run(go())
    assert len(server.bodies) == 3
    assert sample(metrics, "retried") == 2 and sample(metrics, "failed") == 1


def test_a_permanent_refusal_is_not_retried() -> None:
    async def go() -> tuple[Server, WebhookMetrics]:
        server = Server(lambda n: 404)
        async with server as url:
            metrics = WebhookMetrics.create(CollectorRegistry())
            sink = WebhookSink(WebhookPolicy((url,), backoff_s=0.01), metrics)
            await sink.start()
            sink.offer(alert(3))
            assert await sink.drain(20)
            await sink.close()
        return server, metrics

    server, metrics = run(go())
    assert len(server.bodies) == 1 and sample(metrics, "failed") == 1


def test_unreachable_endpoint_is_retried_and_counted() -> None:
    async def go() -> WebhookMetrics:
        metrics = WebhookMetrics.create(CollectorRegistry())
        policy = WebhookPolicy(("http://127.0.0.1:9/nothing-listens",), max_attempts=2,
                               backoff_s=0.01, timeout_s=2)
        sink = WebhookSink(policy, metrics)
        await sink.start()
        sink.offer(alert(4))
        assert await sink.drain(20)
        await sink.close()
        return metrics

    metrics = run(go())
    assert sample(metrics, "retried") == 1 and sample(metrics, "failed") == 1


def test_a_hung_endpoint_never_blocks_and_its_full_queue_drops() -> None:
    async def go() -> tuple[float, WebhookMetrics, Server, Server]:
        release = asyncio.Event()

        async def hang(n: int) -> int:
            await release.wait()
            return 200

        slow, fast = Server(hang), Server(lambda n: 200)
        async with slow as slow_url, fast as fast_url:
            metrics = WebhookMetrics.create(CollectorRegistry())
            policy = WebhookPolicy((slow_url, fast_url), queue_size=5, timeout_s=30)
            sink = WebhookSink(policy, metrics)
            await sink.start()
            longest = 0.0
            for n in range(50):
                started = time.perf_counter()
                sink.offer(alert(n))  # synchronous: it cannot wait for an endpoint
                longest = max(longest, time.perf_counter() - started)
                await asyncio.sleep(0.05)  # the fast endpoint keeps up at this pace
            for _ in range(100):  # the fast endpoint gets everything meanwhile
                if len(fast.bodies) == 50:
                    break
                await asyncio.sleep(0.05)
            release.set()
            assert await sink.drain(20)
            await sink.close()
        return longest, metrics, slow, fast

    longest, metrics, slow, fast = run(go())
    # the slow endpoint hangs for the whole loop (2.5 s+): an offer that waited for it would
    # take that long; the bound is loose so a loaded CI machine cannot fail it
    assert longest < 0.5, f"one offer took {longest * 1000:.1f} ms"
    assert len(fast.bodies) == 50 and sample(metrics, "dropped", target="1") == 0
    # one in flight plus a queue of five; the other 44 were dropped and counted
    assert len(slow.bodies) == 6 and sample(metrics, "dropped", target="0") == 44
    assert metrics.queue_depth.labels(target="0")._value.get() == 0  # noqa: SLF001


def test_slack_text_has_type_headline_and_both_quotes() -> None:
    record = alert(5)
    text = slack_text(record)
    assert text.startswith(f"*{record['type'].upper()}* {record['headline']}")
    for claim in record["claims"]:
        assert claim["text"][:50] in text and claim["speaker"]["name"] in text


def test_policy_delay_is_capped() -> None:
    policy = WebhookPolicy(("x",), backoff_s=0.5, backoff_cap_s=4.0)
    for attempt in range(1, 20):
        assert policy.delay(attempt) <= 4.0
    assert policy.delay(30) >= 2.0
