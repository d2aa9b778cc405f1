"""Load article JSONL files into Kafka, validating every line before anything is sent."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaProducer

from streams.config import Settings
from streams.jsonl import BadLine, iter_lines
from streams.records import Article
from streams.validation import BadInput, decode_article


@dataclass
class ProduceReport:
    sent: int = 0
    bad: list[BadLine] = field(default_factory=list)


def make_producer(settings: Settings, **extra) -> KafkaProducer:
    return KafkaProducer(
        bootstrap_servers=settings.bootstrap_servers,
        client_id=f"{settings.app_id}-produce",
        acks="all",
        linger_ms=5,
        max_request_size=2 * 1024 * 1024,
        **settings.kafka_python_security(),
        **extra,
    )


def validate_file(path: str | Path, settings: Settings) -> tuple[list[tuple[Article, bytes]], list[BadLine]]:
    """Every valid (article, original bytes) and every bad line, in file order."""
    name = "<stdin>" if str(path) == "-" else str(path)
    good: list[tuple[Article, bytes]] = []
    bad: list[BadLine] = []
    for number, raw in iter_lines(path):
        try:
            article = decode_article(raw, max_bytes=settings.max_article_bytes,
                                     languages=settings.accepted_languages)
            good.append((article, raw))
        except BadInput as exc:
            bad.append(BadLine(name, number, str(exc.code), exc.detail))
    return good, bad


def produce_file(
    path: str | Path,
    settings: Settings,
    *,
    topic: str | None = None,
    skip_bad: bool = False,
    on_sent: Callable[[int], None] | None = None,
    on_validated: Callable[[int], None] | None = None,
) -> ProduceReport:
    """Send the file's articles keyed by id, original bytes unchanged.

    The whole file is validated first: unless ``skip_bad``, one bad line means
    nothing is sent (the caller reports the lines), so a topic never holds half a file.
    """
    good, bad = validate_file(path, settings)
    report = ProduceReport(bad=bad)
    if on_validated:
        on_validated(len(good))
    if bad and not skip_bad:
        return report
    producer = make_producer(settings)
    try:
        for article, raw in good:
            producer.send(topic or settings.topic_articles, key=article.id.encode("utf-8"), value=raw)
            report.sent += 1
            if on_sent:
                on_sent(1)
        producer.flush()
    finally:
        producer.close()
    return report
