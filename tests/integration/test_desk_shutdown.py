"""An open desk page never holds a worker up: SIGTERM with a live event stream stops the
worker as fast as without one, and the stream ends cleanly for the browser to reconnect."""

from __future__ import annotations

import signal
import time
import urllib.request

import pytest

from streams.bench.worker_process import isolated_settings, running_worker
from streams.kafkaio.admin import ensure_topics

pytestmark = pytest.mark.kafka


def test_sigterm_with_an_open_event_stream(kafka_url: str, tmp_path) -> None:
    settings = isolated_settings(kafka_url, tmp_path)
    ensure_topics(settings)
    with running_worker(settings, tmp_path) as worker:
        stream = urllib.request.urlopen(worker.web + "/desk/events", timeout=30)  # noqa: S310
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        assert stream.readline() == b"retry: 2000\n"
        started = time.monotonic()
        worker.process.send_signal(signal.SIGTERM)
        code = worker.process.wait(timeout=60)
        took = time.monotonic() - started
        rest = stream.read()  # the server closed the stream: read returns, never hangs
        stream.close()
    assert code == 0, worker.log_tail()
    assert took < 15, f"stopping took {took:.1f} s with a desk page open"
    assert b"alert" not in rest
