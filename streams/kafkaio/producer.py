"""Load article JSONL files into Kafka, validating every line before anything is sent."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaProducer
from kafka.errors import KafkaError, KafkaTimeoutError

from streams.config import Settings
from streams.jsonl import BadLine, iter_lines
from streams.records import Article
from streams.validation import BadInput, decode_article


@dataclass
class ProduceReport:
    """``sent`` counts records the broker acknowledged; ``failed`` the ones it did not."""

    sent: int = 0
    bad: list[BadLine] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (article id, error)


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
        _send_all(producer, topic or settings.topic_articles, good, report, on_sent)
    finally:
        # close() flushes and trips over the same stale split batch; every record is
        # accounted for above
        with contextlib.suppress(KafkaError):
            producer.close(timeout=10)
    return report


def _send_all(producer: KafkaProducer, topic: str, good: list[tuple[Article, bytes]],
              report: ProduceReport, on_sent: Callable[[int], None] | None,
              timeout_s: float = 60.0) -> None:
    """Send every article and wait for each acknowledgement (acks=all)."""

    def acked(_metadata) -> None:  # runs on the client's I/O thread: progress only
        if on_sent:
            on_sent(1)

    futures = []
    for article, raw in good:
        try:
            future = producer.send(topic, key=article.id.encode("utf-8"), value=raw)
        except KafkaError as exc:  # refused before it left: too large, no metadata, ...
            report.failed.append((article.id, f"{type(exc).__name__}: {exc}"))
            continue
        future.add_callback(acked)
        futures.append((article.id, future))
    # per-record waits, not producer.flush(): kafka-python 3.0's flush raises
    # "Future not done" once the broker made it split a batch (MESSAGE_TOO_LARGE)
    deadline = time.monotonic() + timeout_s
    for article_id, future in futures:
        try:
            future.get(timeout=max(0.1, deadline - time.monotonic()))
            report.sent += 1
        except KafkaTimeoutError:
            report.failed.append((article_id, f"not acknowledged within {timeout_s:.0f}s"))
        except KafkaError as exc:
            report.failed.append((article_id, f"{type(exc).__name__}: {exc}"))
