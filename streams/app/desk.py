"""The desk page: live alerts for editors, served by the worker (read-only, no CDN).

* ``GET /desk`` — the page; ``/desk/static/{name}`` its script and style (package data);
* ``GET /desk/events`` — server-sent events, one ``alert`` event per alert, resumable
  with ``Last-Event-ID``;
* ``GET /desk/alerts?after=&type=&actor=&limit=`` — the same alerts as JSON (polling,
  the actor page).
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from aiohttp import web as aioweb
from faust import web

from streams.app.desk_feed import AlertFeed, DeskFeedReader
from streams.app.factory import Gainsay
from streams.app.web_input import bounded, int_param, text_param
from streams.metrics import DeskMetrics
from streams.records import ALERT_TYPES

STATIC_TYPES = {".html": "text/html", ".js": "text/javascript", ".css": "text/css",
                ".svg": "image/svg+xml"}
# no inline script, nothing from elsewhere: alert text comes from articles, so it is untrusted
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; img-src 'self' data:; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
HEARTBEAT_S = 10.0


def load_static() -> dict[str, tuple[bytes, str]]:
    """Every shipped desk file: name → (bytes, content type). Read once, served from memory."""
    out = {}
    for entry in (resources.files("streams.app") / "desk_static").iterdir():
        suffix = "." + entry.name.rsplit(".", 1)[-1]
        if entry.is_file() and suffix in STATIC_TYPES:
            out[entry.name] = (entry.read_bytes(), STATIC_TYPES[suffix])
    return out


def static_response(files: dict[str, tuple[bytes, str]], name: str) -> aioweb.Response:
    if name not in files:
        return aioweb.json_response({"error": "no such file"}, status=404)
    body, content_type = files[name]
    return aioweb.Response(body=body, content_type=content_type,
                           headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})


def matches(alert: dict[str, Any], alert_type: str | None, actor: str | None) -> bool:
    if alert_type and alert.get("type") != alert_type:
        return False
    return not actor or any(a.get("id") == actor for a in alert.get("actors", []))


def resume_point(feed: AlertFeed, last_event_id: str | None) -> int:
    """The sequence number to continue after; 0 (everything) after a worker restart."""
    epoch, _, seq = (last_event_id or "").partition("-")
    if epoch == feed.epoch and seq.isdigit():
        return int(seq)
    return 0


async def stream_events(request: Any, feed: AlertFeed, metrics: DeskMetrics,
                        max_clients: int) -> aioweb.StreamResponse:
    """Server-sent events until the client leaves or the worker stops (503 when full)."""
    if feed.clients >= max_clients:
        return aioweb.json_response({"error": f"{max_clients} desk pages open, the limit"},
                                    status=503, headers={"Retry-After": "10"})
    resp = aioweb.StreamResponse(headers={
        "Content-Type": "text/event-stream", "Cache-Control": "no-cache",
        "X-Accel-Buffering": "no", **SECURITY_HEADERS})
    seq = resume_point(feed, request.headers.get("Last-Event-ID"))
    feed.clients += 1  # counted before the first await, so concurrent requests see it
    metrics.clients.set(feed.clients)
    try:
        await resp.prepare(request)
        await resp.write(b"retry: 2000\n\n")
        while not feed.closed:
            items = feed.after(seq)
            for seq, alert in items:
                data = json.dumps(alert, ensure_ascii=False)
                await resp.write(f"id: {feed.epoch}-{seq}\nevent: alert\ndata: {data}\n\n".encode())
            if not items and not await feed.wait(seq, HEARTBEAT_S):
                await resp.write(b": keep-alive\n\n")
    except (ConnectionResetError, ConnectionError):
        pass  # the page was closed
    finally:
        feed.clients -= 1
        metrics.clients.set(feed.clients)
    return resp


def register_desk(g: Gainsay) -> AlertFeed:
    """The desk views and the feed that reads the alerts topic for them."""
    app, limit = g.app, g.settings.web_max_param_chars
    metrics = DeskMetrics.create(g.metrics.registry)
    feed = AlertFeed(g.settings.desk_backlog, metrics)
    files = load_static()
    settings = g.settings

    @app.service
    class DeskFeed(DeskFeedReader):
        def __init__(self, **kwargs: Any) -> None:
            super().__init__(settings, feed, **kwargs)

    @app.on_before_shutdown.connect
    def close_feed(sender: Any, **kwargs: Any) -> None:
        feed.close()  # open event streams end now, so the web server can stop

    @app.page("/desk")
    async def desk(self: web.View, request: web.Request) -> Any:
        return static_response(files, "desk.html")

    @app.page("/desk/static/{name}")
    async def desk_static(self: web.View, request: web.Request, name: str) -> Any:
        return static_response(files, bounded("name", name, 100))

    @app.page("/desk/alerts")
    async def desk_alerts(self: web.View, request: web.Request) -> web.Response:
        after = int_param(request, "after", 0, 0, 2**62)
        count = int_param(request, "limit", 50, 1, max(1, settings.desk_backlog))
        alert_type = text_param(request, "type", limit, ALERT_TYPES)
        actor = text_param(request, "actor", limit)
        items = [(s, a) for s, a in feed.after(after) if matches(a, alert_type, actor)][-count:]
        return self.json({"epoch": feed.epoch, "seq": feed.seq,
                          "alerts": [{"seq": s, **a} for s, a in reversed(items)]})

    @app.page("/desk/events")
    async def desk_events(self: web.View, request: web.Request) -> Any:
        return await stream_events(request, feed, metrics, settings.desk_max_clients)

    return feed
