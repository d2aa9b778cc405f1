"""Topic declarations. Values travel as raw bytes: records (de)serialise themselves,
so a malformed event reaches our validation (and the DLQ) instead of crashing Faust."""

from __future__ import annotations

from dataclasses import dataclass

import faust

from streams.config import Settings


@dataclass(frozen=True)
class Topics:
    articles: faust.TopicT
    claims: faust.TopicT
    alerts: faust.TopicT
    dlq: faust.TopicT
    actor_events: faust.TopicT


def declare_topics(app: faust.App, settings: Settings) -> Topics:
    def raw(name: str, *, internal: bool = False) -> faust.TopicT:
        return app.topic(
            name,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
            partitions=settings.partitions,
            internal=internal,
        )

    return Topics(
        articles=raw(settings.topic_articles),
        claims=raw(settings.topic_claims),
        alerts=raw(settings.topic_alerts),
        dlq=raw(settings.topic_dlq),
        # per-actor counting is keyed by actor id, so it gets its own repartition topic
        actor_events=raw(f"{settings.app_id}-actor-events", internal=True),
    )
