"""Wire the webhook sink to the worker: the judge's alert hook feeds it, the app runs it.

The hook fires on the worker that judged the claim (the owner of the proposition's
partition), so with many workers each alert is POSTed once, not once per worker. Only
alerts published from now on are delivered; history on the topic is never re-sent.
"""

from __future__ import annotations

from mode import Service

from streams.app.factory import Gainsay
from streams.metrics import WebhookMetrics
from streams.webhooks import WebhookPolicy, WebhookSink, host_of


def webhook_policy(g: Gainsay) -> WebhookPolicy:
    s = g.settings
    return WebhookPolicy(urls=s.webhook_url_list, queue_size=s.webhook_queue_size,
                         max_attempts=s.webhook_max_attempts, backoff_s=s.webhook_backoff_s,
                         backoff_cap_s=s.webhook_backoff_cap_s, timeout_s=s.webhook_timeout_s)


def register_webhooks(g: Gainsay) -> WebhookSink | None:
    """Start a sink with the app when ``GAINSAY_WEBHOOK_URLS`` names any URL."""
    policy = webhook_policy(g)
    if not policy.urls:
        return None
    sink = WebhookSink(policy, WebhookMetrics.create(g.metrics.registry))
    g.alert_hooks.append(sink.offer)

    @g.app.service
    class WebhookService(Service):
        """Runs the delivery tasks for as long as the app runs."""

        async def on_start(self) -> None:
            await sink.start()
            self.log.info("webhooks: delivering alerts to %d URL(s) on %s", len(policy.urls),
                          ", ".join(sorted({host_of(u) for u in policy.urls})))

        async def on_stop(self) -> None:
            await sink.close()

    return sink
