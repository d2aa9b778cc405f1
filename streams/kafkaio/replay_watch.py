"""Know when a replay is done, from outside the worker: its group's committed offsets.

Done means every copied article and every claim it produced is committed and the output
topics stopped growing for a moment (a commit can precede the last sends by a little).
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from kafka import KafkaConsumer, TopicPartition
from kafka.errors import KafkaError

from streams.config import Settings
from streams.kafkaio.admin import admin_client
from streams.kafkaio.replay_worker import log_tail

Callback = Callable[[str, int, int | None], None]  # (phase, done, total)


class ReplayError(RuntimeError):
    """The replay could not finish (worker died, no progress); ``log`` is the worker log tail."""

    def __init__(self, message: str, log: str = "") -> None:
        super().__init__(message + (f"\n--- worker log (tail) ---\n{log}" if log else ""))


@dataclass
class _Watch:
    """Committed offsets of the replay group against the end offsets of its input topics."""

    settings: Settings
    copied_end: dict[int, int]

    def __post_init__(self) -> None:
        self.committed: dict[str, int] = {}
        self.admin = admin_client(self.settings)
        s = self.settings
        self.consumer = KafkaConsumer(bootstrap_servers=s.bootstrap_servers, enable_auto_commit=False,
                                      client_id=f"{s.app_id}-replay-watch", **s.kafka_python_security())

    def close(self) -> None:
        self.admin.close()
        self.consumer.close()

    def ends(self, topic: str) -> dict[TopicPartition, int]:
        parts = self.consumer.partitions_for_topic(topic) or set()
        return self.consumer.end_offsets([TopicPartition(topic, p) for p in sorted(parts)])

    def sample(self) -> tuple[int, int, int, dict[TopicPartition, int]]:
        """(articles done, claims done, claims total, end offsets of every output topic)."""
        s = self.settings
        try:
            committed = self.admin.list_group_offsets({s.app_id: None}).get(s.app_id) or {}
        except KafkaError as exc:  # e.g. the offsets topic or coordinator not there yet
            if not exc.retriable:
                raise
            committed = {}
        self.committed = {f"{tp.topic}[{tp.partition}]": m.offset for tp, m in sorted(committed.items())}
        done = {tp.partition: meta.offset for tp, meta in committed.items()
                if tp.topic == s.topic_articles and meta.offset >= 0}
        articles = sum(min(done.get(p, 0), end) for p, end in self.copied_end.items())
        claim_ends = self.ends(s.topic_claims)
        claims = sum(min(committed[tp].offset if tp in committed else 0, end)
                     for tp, end in claim_ends.items())
        outputs = {**claim_ends, **self.ends(s.topic_alerts), **self.ends(s.topic_dlq)}
        return articles, max(0, claims), sum(claim_ends.values()), outputs


def wait_until_done(settings: Settings, process: subprocess.Popen, copied_end: dict[int, int],
                    log_path: Path, on_progress: Callback, idle_timeout_s: float,
                    settle_s: float = 1.5) -> None:
    """Poll until the group committed everything and the outputs stopped growing."""
    total = sum(copied_end.values())
    watch = _Watch(settings, copied_end)
    try:
        last_change, previous = time.monotonic(), None
        while True:
            if process.poll() is not None:
                raise ReplayError(f"worker exited with status {process.returncode}", log_tail(log_path))
            articles, claims, claims_total, outputs = watch.sample()
            on_progress("articles", articles, total)
            on_progress("claims", claims, claims_total)
            state = (articles, claims, outputs)
            now = time.monotonic()
            if state != previous:
                previous, last_change = state, now
            elif articles >= total and claims >= claims_total and now - last_change >= settle_s:
                return
            if now - last_change > idle_timeout_s:
                raise ReplayError(f"no progress for {idle_timeout_s:.0f}s: {articles}/{total} articles, "
                                  f"{claims}/{claims_total} claims committed; {watch.committed}",
                                  log_tail(log_path))
            time.sleep(0.5)
    finally:
        watch.close()
