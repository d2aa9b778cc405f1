"""POST each alert to webhook URLs (Slack-compatible), without ever blocking the stream.

Each URL has its own bounded queue and one delivery task, so a slow or dead endpoint only
delays (and, when its queue is full, drops — counted) its own deliveries. A failed POST is
retried with exponential backoff up to a cap; every body carries the alert's deterministic
``alert_id`` (also as the ``Idempotency-Key`` header), so a retry is recognisably the same
alert. URLs are secrets (Slack puts the token in the path): only their host is ever logged.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import random
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import aiohttp

from streams.metrics import WebhookMetrics

log = logging.getLogger(__name__)

RETRY_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})
SEEN_IDS = 10_000


@dataclass(frozen=True)
class WebhookPolicy:
    """Where to deliver and how hard to try."""

    urls: tuple[str, ...]
    queue_size: int = 1000
    max_attempts: int = 8
    backoff_s: float = 0.5
    backoff_cap_s: float = 30.0
    timeout_s: float = 5.0

    def delay(self, attempt: int) -> float:
        """Backoff before retry ``attempt`` (1-based): doubling, capped, with half jitter."""
        ceiling = min(self.backoff_cap_s, self.backoff_s * 2 ** (attempt - 1))
        return ceiling / 2 + random.uniform(0, ceiling / 2)  # noqa: S311 - jitter, not crypto


def slack_text(alert: dict[str, Any]) -> str:
    """One Slack message: type and headline, then each side's quote with its speaker."""
    lines = [f"*{alert.get('type', 'alert').replace('_', ' ').upper()}* {alert.get('headline', '')}"]
    for claim in alert.get("claims", [])[:4]:
        speaker = (claim.get("speaker") or {}).get("name") or "unknown"
        lines.append(f"> {speaker} ({claim.get('polarity', '?')}): “{claim.get('text', '')[:300]}”")
    ids = ", ".join(alert.get("article_ids", []))
    if ids:
        lines.append(f"articles: {ids}")
    return "\n".join(lines)


def webhook_body(alert: dict[str, Any]) -> bytes:
    """The JSON POSTed: Slack's ``text`` plus the full alert for machines."""
    return json.dumps({"text": slack_text(alert), "alert_id": alert["alert_id"],
                       "type": alert.get("type"), "alert": alert}, ensure_ascii=False).encode()


def host_of(url: str) -> str:
    return urlsplit(url).hostname or "?"


class Delivery:
    """One URL's queue and its delivery loop."""

    def __init__(self, index: int, url: str, policy: WebhookPolicy, metrics: WebhookMetrics,
                 sleep: Callable[[float], Awaitable[None]]) -> None:
        self.target = str(index)
        self.url = url
        self.policy = policy
        self.metrics = metrics
        self.sleep = sleep
        self.queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue(policy.queue_size)

    def offer(self, alert: dict[str, Any]) -> bool:
        try:
            self.queue.put_nowait(alert)
        except asyncio.QueueFull:
            self.metrics.deliveries.labels(target=self.target, outcome="dropped").inc()
            log.warning("webhook %s (%s): queue full, alert %s dropped", self.target,
                        host_of(self.url), alert.get("alert_id"))
            return False
        self.metrics.queue_depth.labels(target=self.target).set(self.queue.qsize())
        return True

    async def run(self, session: aiohttp.ClientSession) -> None:
        while True:
            alert = await self.queue.get()
            try:
                await self.deliver(session, alert)
            finally:
                self.queue.task_done()
                self.metrics.queue_depth.labels(target=self.target).set(self.queue.qsize())

    async def deliver(self, session: aiohttp.ClientSession, alert: dict[str, Any]) -> bool:
        """POST until accepted (2xx), refused for good (other 4xx) or out of attempts."""
        body = webhook_body(alert)
        headers = {"Content-Type": "application/json", "Idempotency-Key": alert["alert_id"]}
        for attempt in range(1, self.policy.max_attempts + 1):
            problem = await self._post(session, body, headers)
            if problem is None:
                self.metrics.deliveries.labels(target=self.target, outcome="delivered").inc()
                return True
            retry, reason = problem
            if not retry or attempt == self.policy.max_attempts:
                break
            self.metrics.deliveries.labels(target=self.target, outcome="retried").inc()
            await self.sleep(self.policy.delay(attempt))
        self.metrics.deliveries.labels(target=self.target, outcome="failed").inc()
        log.error("webhook %s (%s): alert %s not delivered: %s", self.target, host_of(self.url),
                  alert["alert_id"], reason)
        return False

    async def _post(self, session: aiohttp.ClientSession, body: bytes,
                    headers: dict[str, str]) -> tuple[bool, str] | None:
        """None when accepted, else (worth retrying, why)."""
        try:
            timeout = aiohttp.ClientTimeout(total=self.policy.timeout_s)
            async with session.post(self.url, data=body, headers=headers, timeout=timeout) as resp:
                if 200 <= resp.status < 300:
                    return None
                return resp.status in RETRY_STATUSES, f"HTTP {resp.status}"
        except (aiohttp.ClientError, TimeoutError) as exc:
            return True, type(exc).__name__


class WebhookSink:
    """Fan alerts out to every URL; an alert id already queued is not queued again."""

    def __init__(self, policy: WebhookPolicy, metrics: WebhookMetrics,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep) -> None:
        self.deliveries = [Delivery(i, url, policy, metrics, sleep)
                           for i, url in enumerate(policy.urls)]
        self._seen: OrderedDict[str, None] = OrderedDict()
        self._session: aiohttp.ClientSession | None = None
        self._tasks: list[asyncio.Task] = []

    def offer(self, alert: dict[str, Any]) -> None:
        """Queue ``alert`` for every URL; never waits (a full queue drops and counts)."""
        alert_id = alert["alert_id"]
        if alert_id in self._seen:
            return  # a redelivered claim re-published the same alert: it is already on its way
        self._seen[alert_id] = None
        if len(self._seen) > SEEN_IDS:
            self._seen.popitem(last=False)
        for delivery in self.deliveries:
            delivery.offer(alert)

    async def start(self) -> None:
        self._session = aiohttp.ClientSession()
        self._tasks = [asyncio.create_task(d.run(self._session)) for d in self.deliveries]

    async def drain(self, timeout: float) -> bool:
        """Wait until every queue is empty (True) or ``timeout`` passes (False)."""
        try:
            await asyncio.wait_for(asyncio.gather(*(d.queue.join() for d in self.deliveries)),
                                   timeout)
            return True
        except TimeoutError:
            return False

    async def close(self, drain_s: float = 2.0) -> None:
        if self._tasks and not await self.drain(drain_s):
            left = sum(d.queue.qsize() for d in self.deliveries)
            log.warning("webhooks: stopping with %d deliveries not done", left)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        if self._session is not None:
            await self._session.close()
