"""Every setting Gainsay reads, from ``GAINSAY_*`` environment variables, in one place.

A frozen dataclass rather than module globals so the Faust app factory, the CLI
and the tests can build as many differently configured instances as they need.
"""

from __future__ import annotations

import os
import socket
from dataclasses import dataclass, field, fields
from datetime import timedelta
from typing import Any

PREFIX = "GAINSAY_"


def _env_bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


@dataclass(frozen=True)
class Settings:
    """Runtime configuration. Field ``foo_bar`` is read from ``GAINSAY_FOO_BAR``."""

    kafka_url: str = "kafka://localhost:9092"
    app_id: str = "gainsay"
    store: str = "memory://"
    data_dir: str = ".run/worker-data"
    partitions: int = 4
    replication_factor: int = 1
    topic_articles: str = "articles"
    topic_claims: str = "claims"
    topic_alerts: str = "alerts"
    topic_dlq: str = "articles.dlq"
    web_host: str = "127.0.0.1"
    web_port: int = 6066
    web_advertised_host: str = ""
    web_max_param_chars: int = 512
    desk_backlog: int = 200
    desk_max_clients: int = 100
    webhook_urls: str = field(default="", repr=False)
    webhook_queue_size: int = 1000
    webhook_max_attempts: int = 8
    webhook_backoff_s: float = 0.5
    webhook_backoff_cap_s: float = 30.0
    webhook_timeout_s: float = 5.0
    max_article_bytes: int = 1_048_576
    languages: str = "en"
    batch_size: int = 16
    batch_within_s: float = 0.02
    #: extraction batches in the pool at once (the agent takes the next while one runs)
    extract_in_flight: int = 2
    judge_batch_size: int = 64
    judge_batch_within_s: float = 0.01
    pool_size: int = 0
    extract_timeout_s: float = 30.0
    session_timeout_s: float = 60.0
    #: input waiting, agents idle, nothing read for this long: the worker exits (0 = never)
    stall_timeout_s: float = 120.0
    contradiction_window_days: float = 7.0
    #: how often (seconds) the judge forgets proposition keys that went quiet (0 = never)
    stance_sweep_s: float = 30.0
    recent_alerts: int = 200
    aliases: str = ""
    log_level: str = "info"
    kafka_security_protocol: str = "PLAINTEXT"
    kafka_sasl_mechanism: str = ""
    kafka_sasl_username: str = ""
    kafka_sasl_password: str = field(default="", repr=False)
    kafka_ssl_cafile: str = ""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides: Any) -> Settings:
        """Read settings from the environment; explicit ``overrides`` win."""
        env = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            raw = env.get(PREFIX + f.name.upper())
            if raw is None or raw == "":
                continue
            kind = type(f.default)
            if kind is bool:
                values[f.name] = _env_bool(raw)
            elif kind in (int, float):
                try:
                    values[f.name] = kind(raw)
                except ValueError as exc:
                    raise ValueError(f"{PREFIX}{f.name.upper()}={raw!r} is not a {kind.__name__}") from exc
            else:
                values[f.name] = raw
        values.update(overrides)
        return cls(**values)

    @property
    def bootstrap_servers(self) -> list[str]:
        """``kafka://h1:9092;kafka://h2:9092`` → ``["h1:9092", "h2:9092"]`` for kafka-python."""
        servers = []
        for part in self.kafka_url.replace(",", ";").split(";"):
            part = part.strip()
            if part:
                servers.append(part.split("://", 1)[-1])
        return servers

    @property
    def advertised_host(self) -> str:
        """The host other workers use to reach this one (table-routed web views)."""
        if self.web_advertised_host:
            return self.web_advertised_host
        if self.web_host in {"0.0.0.0", "::", ""}:
            return socket.gethostname()
        return self.web_host

    @property
    def webhook_url_list(self) -> tuple[str, ...]:
        """``GAINSAY_WEBHOOK_URLS``: whitespace- or comma-separated URLs (empty: no webhooks)."""
        return tuple(u for u in self.webhook_urls.replace(",", " ").split() if u)

    @property
    def contradiction_window(self) -> timedelta:
        return timedelta(days=self.contradiction_window_days)

    @property
    def accepted_languages(self) -> frozenset[str]:
        return frozenset(x.strip() for x in self.languages.split(",") if x.strip())

    def kafka_python_security(self) -> dict[str, Any]:
        """Security keyword arguments for kafka-python clients (empty for PLAINTEXT)."""
        opts: dict[str, Any] = {"security_protocol": self.kafka_security_protocol}
        if self.kafka_sasl_mechanism:
            opts.update(
                sasl_mechanism=self.kafka_sasl_mechanism,
                sasl_plain_username=self.kafka_sasl_username,
                sasl_plain_password=self.kafka_sasl_password,
            )
        if self.kafka_ssl_cafile:
            opts["ssl_cafile"] = self.kafka_ssl_cafile
        return opts
