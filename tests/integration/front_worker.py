"""One real worker for the "in front of people" tests (desk page, webhooks, Prometheus).

Starting a worker loads spaCy in its pool (tens of seconds on a busy 2-core machine), so
the desk, webhook and scrape tests share this session-scoped one. Its webhook URL points
at :class:`WebhookReceiver`, a real HTTP server on loopback that refuses the first
attempts of every alert, so every test that produces an article also exercises retries.
Each test produces its own copy of the seed article (new id, own story), so tests never
depend on each other's alerts.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from kafka import KafkaProducer

from streams.bench.worker_process import Worker, isolated_settings, running_worker
from streams.kafkaio.admin import ensure_topics
from tests.kafka_broker import bootstrap_from_url

REPO = Path(__file__).resolve().parents[2]
SEED_ID = "seed-ara-001"
FAIL_FIRST = 2  # the receiver answers 503 to the first two POSTs of each alert
DESK_MAX_CLIENTS = 4


class WebhookReceiver:
    """A loopback HTTP server recording every POST; it fails the first attempts per alert."""

    def __init__(self, fail_first: int = FAIL_FIRST) -> None:
        self.fail_first = fail_first
        self.attempts: dict[str, int] = defaultdict(int)
        self.accepted: list[dict[str, Any]] = []
        self.lock = threading.Lock()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's naming
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                with receiver.lock:
                    alert_id = body["alert_id"]
                    receiver.attempts[alert_id] += 1
                    ok = receiver.attempts[alert_id] > receiver.fail_first
                    if ok:
                        receiver.accepted.append({"body": body,
                                                  "key": self.headers.get("Idempotency-Key")})
                self.send_response(200 if ok else 503)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hooks/secret-token-path"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> WebhookReceiver:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()

    def accepted_ids(self) -> list[str]:
        with self.lock:
            return [a["body"]["alert_id"] for a in self.accepted]


def seed_article() -> dict[str, Any]:
    for line in (REPO / "samples/articles.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line)["id"] == SEED_ID:
            return json.loads(line)
    raise AssertionError(f"{SEED_ID} not in samples/articles.jsonl")


@dataclass
class FrontWorker:
    worker: Worker
    kafka_url: str
    receiver: WebhookReceiver

    @property
    def settings(self):
        return self.worker.settings

    def produce_seed_copy(self, tag: str) -> str:
        """Produce the seed article under a new id and story; return that id."""
        article = seed_article()
        article["id"] = f"{SEED_ID}-{tag}-{uuid.uuid4().hex[:6]}"
        article["story"] = f"story-{article['id']}"
        producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(self.kafka_url))
        producer.send(self.settings.topic_articles, key=article["id"].encode(),
                      value=json.dumps(article).encode()).get(timeout=30)
        producer.close()
        return article["id"]


def wait_for(predicate, timeout: float, interval: float = 0.25):
    """Poll ``predicate`` until it returns something truthy or ``timeout`` passes."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@pytest.fixture(scope="session")
def front_worker(kafka_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[FrontWorker]:
    tmp = tmp_path_factory.mktemp("front")
    with WebhookReceiver() as receiver:
        settings = isolated_settings(kafka_url, tmp, webhook_urls=receiver.url,
                                     webhook_backoff_s=0.2, webhook_backoff_cap_s=1.0,
                                     webhook_max_attempts=6, partitions=2,
                                     desk_max_clients=DESK_MAX_CLIENTS)
        ensure_topics(settings)
        with running_worker(settings, tmp) as worker:
            yield FrontWorker(worker, kafka_url, receiver)
