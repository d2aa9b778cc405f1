"""Build the Faust app from settings: topics, tables, agents and web views.

Nothing is created at import time, so tests and `gainsay replay` can build
several independent apps (different ids, topics, stores) in one process.
"""

from __future__ import annotations

import ssl
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import faust
from faust.sensors.prometheus import setup_prometheus_sensors

from streams.app.redelivery import install as install_redelivery
from streams.app.state import DurableTable, StanceStore
from streams.app.topics import Topics, declare_topics
from streams.config import Settings
from streams.metrics import Metrics


@dataclass
class Gainsay:
    """Everything the agents and views share: the app, its topics, tables and metrics."""

    settings: Settings
    app: faust.App
    topics: Topics
    metrics: Metrics
    stance: Any
    actors: Any
    recent_alerts: deque = field(default_factory=lambda: deque(maxlen=200))
    # called with each alert's dict right after the judge published it (webhooks)
    alert_hooks: list[Callable[[dict], None]] = field(default_factory=list)
    # the claim records of the stance states (None: the states are stored whole)
    stance_claims: Any = None

    def stance_store(self) -> Any:
        """The judge's view of its state: the stance rows joined with their claim records."""
        if self.stance_claims is None:
            return self.stance
        return StanceStore(self.stance, self.stance_claims)


def broker_credentials(settings: Settings) -> Any:
    """SASL/SSL credentials for Faust (None means PLAINTEXT)."""
    protocol = settings.kafka_security_protocol.upper()
    if protocol == "PLAINTEXT":
        return None
    ssl_context = None
    if protocol in {"SSL", "SASL_SSL"}:
        ssl_context = ssl.create_default_context(cafile=settings.kafka_ssl_cafile or None)
    if protocol.startswith("SASL"):
        return faust.SASLCredentials(
            username=settings.kafka_sasl_username,
            password=settings.kafka_sasl_password,
            mechanism=settings.kafka_sasl_mechanism or "PLAIN",
            ssl_context=ssl_context,
        )
    return faust.SSLCredentials(ssl_context)


def create_app(settings: Settings | None = None) -> Gainsay:
    """The worker: agents, tables and views wired to one Faust app."""
    from streams.app.agents import register_agents
    from streams.app.desk import register_desk
    from streams.app.web import register_views
    from streams.app.webhook_sink import register_webhooks

    settings = settings or Settings.from_env()
    Path(settings.data_dir).mkdir(parents=True, exist_ok=True)
    install_redelivery()  # Faust's consumer skips unacknowledged messages after a seek otherwise
    app = faust.App(
        settings.app_id,
        broker=settings.kafka_url,
        broker_credentials=broker_credentials(settings),
        store=settings.store,
        datadir=settings.data_dir,
        topic_partitions=settings.partitions,
        topic_replication_factor=settings.replication_factor,
        processing_guarantee="at_least_once",
        # table writes awaited until the changelog is acknowledged (streams/app/state.py)
        Table=DurableTable,
        web_bind=settings.web_host,
        web_host=settings.advertised_host,
        web_port=settings.web_port,
        web_in_thread=False,
        autodiscover=False,
        producer_max_request_size=2 * 1024 * 1024,
        consumer_max_fetch_size=2 * 1024 * 1024,
        table_cleanup_interval=60.0,
        # how long a dead worker holds its partitions before the group rebalances
        broker_session_timeout=settings.session_timeout_s,
    )
    metrics = Metrics.create()
    setup_prometheus_sensors(app, pattern="/metrics", registry=metrics.registry,
                             name_prefix="faust")
    topics = declare_topics(app, settings)
    # raw str keys: the changelog and web routing hash the key exactly like the claims topic
    raw_keys = faust.Schema(key_type=str, key_serializer="raw", value_serializer="json")
    stance = app.Table("stance", default=None, partitions=settings.partitions, schema=raw_keys,
                       help="proposition key -> actor -> stance (judge state)")
    # the claim records the stance states remember, each written once (state.StanceStore)
    stance_claims = app.Table("stance-claims", default=None, partitions=settings.partitions,
                              schema=raw_keys, help="proposition key + claim id -> claim record")
    actors = app.Table("actors", default=None, partitions=settings.partitions, schema=raw_keys,
                       help="actor id -> rolling 1h/24h/7d counts and latest claims")
    gainsay = Gainsay(settings, app, topics, metrics, stance, actors,
                      deque(maxlen=settings.recent_alerts), stance_claims=stance_claims)
    register_agents(gainsay)
    register_views(gainsay)
    register_desk(gainsay)
    register_webhooks(gainsay)
    return gainsay
