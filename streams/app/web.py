"""Read-only HTTP views on the worker (bound to loopback unless configured otherwise).

``/actors/{id}`` and ``/propositions/{key}`` are routed by Faust to the worker
that owns the table partition, so any worker can answer any query. Every view
answers GET (and HEAD) only, and every parameter has a size limit (400 beyond).
A browser asking ``/actors/{id}`` for HTML gets the desk's actor page, which
reads the same URL as JSON.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from faust import web

from streams.app.desk import load_static, static_response
from streams.app.factory import Gainsay
from streams.app.web_input import bounded, int_param, text_param
from streams.judge import activity
from streams.records import ALERT_TYPES


def wants_html(request: web.Request) -> bool:
    """A browser navigating here (not a script or curl asking for data)."""
    accept = request.headers.get("Accept", "")
    return "text/html" in accept and request.query.get("format") != "json"


def register_views(g: Gainsay) -> None:
    app, limit = g.app, g.settings.web_max_param_chars
    files = load_static()

    @app.page("/healthz")
    async def healthz(self: web.View, request: web.Request) -> web.Response:
        consumer_ready = app.consumer is not None and not app.rebalancing
        return self.json({
            "status": "ok",
            "app_id": g.settings.app_id,
            "rebalancing": bool(app.rebalancing),
            "consumer_ready": consumer_ready,
            "time": datetime.now(UTC).isoformat(),
        })

    @app.page("/alerts/recent")
    async def recent_alerts(self: web.View, request: web.Request) -> web.Response:
        count = int_param(request, "limit", 50, 1, g.recent_alerts.maxlen or 1)
        alert_type = text_param(request, "type", limit, ALERT_TYPES)
        items = [a for a in g.recent_alerts if not alert_type or a["type"] == alert_type]
        return self.json({"alerts": items[:count], "worker": g.settings.app_id})

    @app.table_route(table=g.actors, match_info="actor_id")
    async def actor_data(self: web.View, request: web.Request, actor_id: str) -> web.Response:
        record = g.actors.get(actor_id)
        if record is None:
            return self.json({"actor_id": actor_id, "error": "unknown actor"}, status=404)
        return self.json({
            "actor_id": actor_id,
            "counts": activity.totals(record, time.time()),
            "latest_claims": record["latest"],
        })

    @app.page("/actors/{actor_id}")
    async def actor(self: web.View, request: web.Request, actor_id: str) -> web.Response:
        bounded("actor id", actor_id, limit)
        if wants_html(request):
            return static_response(files, "actor.html")
        return await actor_data(self, request, actor_id=actor_id)

    @app.table_route(table=g.stance, match_info="key")
    async def proposition_data(self: web.View, request: web.Request, key: str) -> web.Response:
        state = g.stance_store().get(key)
        if state is None:
            return self.json({"key": key, "error": "unknown proposition"}, status=404)
        return self.json({"key": key, "state": state})

    @app.page("/propositions/{key}")
    async def proposition(self: web.View, request: web.Request, key: str) -> web.Response:
        return await proposition_data(self, request, key=bounded("proposition key", key, limit))
