"""Read-only HTTP views on the worker (bound to loopback unless configured otherwise).

``/actors/{id}`` and ``/propositions/{key}`` are routed by Faust to the worker
that owns the table partition, so any worker can answer any query.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

from faust import web

from streams.app.factory import Gainsay
from streams.judge import activity


def register_views(g: Gainsay) -> None:
    app = g.app

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
        try:
            limit = max(1, min(int(request.query.get("limit", "50")), g.recent_alerts.maxlen))
        except ValueError:
            return self.json({"error": "limit must be an integer"}, status=400)
        alert_type = request.query.get("type")
        items = [a for a in g.recent_alerts if not alert_type or a["type"] == alert_type]
        return self.json({"alerts": items[:limit], "worker": g.settings.app_id})

    @app.page("/actors/{actor_id}")
    @app.table_route(table=g.actors, match_info="actor_id")
    async def actor(self: web.View, request: web.Request, actor_id: str) -> web.Response:
        record = g.actors.get(actor_id)
        if record is None:
            return self.json({"actor_id": actor_id, "error": "unknown actor"}, status=404)
        return self.json({
            "actor_id": actor_id,
            "counts": activity.totals(record, time.time()),
            "latest_claims": record["latest"],
        })

    @app.page("/propositions/{key}")
    @app.table_route(table=g.stance, match_info="key")
    async def proposition(self: web.View, request: web.Request, key: str) -> web.Response:
        state = g.stance.get(key)
        if state is None:
            return self.json({"key": key, "error": "unknown proposition"}, status=404)
        return self.json({"key": key, "state": state})
