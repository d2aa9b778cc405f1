"""Broker and group faults on a real broker: nothing lost, no alert id with two contents.

* the broker stops mid-stream and comes back: the same worker process reconnects,
  catches up and loses nothing;
* two workers share the topics and one is SIGKILLed mid-stream: the other takes over its
  partitions and tables.

Each test checks the worker's output against `gainsay detect` over the same articles and
writes its counts to ``reports/reliability/<fault>.json`` (the README's table).
"""

from __future__ import annotations

import json
import os
import signal
import time

import pytest

from streams.app.agents import STALL_EXIT
from streams.bench.worker_process import free_port, running_worker
from streams.kafkaio.admin import ensure_topics
from tests.kafka_broker import run_kafka_sh, start_local_kafka
from tests.reliability.harness import (
    REPO,
    Corpus,
    TopicLog,
    alert_copies,
    dead_lettered,
    differing_duplicates,
    fault_settings,
    produce,
    wait_drained,
)

pytestmark = [pytest.mark.kafka, pytest.mark.reliability]


def _report(name: str, **counts) -> None:
    out = REPO / "reports/reliability"
    out.mkdir(parents=True, exist_ok=True)
    (out / f"{name}.json").write_text(json.dumps(counts, indent=2))


def _counts(corpus, settings, expected: set, seen: set, alerts, copies, left: int) -> dict:
    """What the README's reliability table reports for one fault run."""
    return dict(articles=len(corpus.lines), dead_lettered=dead_lettered(settings),
                alert_ids=len(expected), seen=len(seen), lost=len(expected - seen),
                unexpected=len(seen - expected), deliveries=len(alerts.records),
                differing_duplicates=len(differing_duplicates(copies)), unconsumed=left)


@pytest.mark.timeout(900)
def test_broker_stop_and_restart_mid_stream_loses_nothing(tmp_path_factory, tmp_path, extractor):
    broker = start_local_kafka(tmp_path_factory.mktemp("kafka-restart"))
    try:
        corpus = Corpus.load(extractor)
        expected = corpus.expected_ids(corpus.lines)
        settings = fault_settings(broker.url, tmp_path,
                                  stall_timeout_s=0.0)  # this one must reconnect by itself
        ensure_topics(settings)
        half = len(corpus.lines) // 2
        produce(settings, corpus.lines[:half])
        alerts = TopicLog(settings, settings.topic_alerts)
        with running_worker(settings, tmp_path) as worker:
            while not alerts.poll(0.5):
                assert worker.process.poll() is None, worker.log_tail()
            produce(settings, corpus.lines[half:])
            time.sleep(1.0)  # the second half is in flight
            stopped = run_kafka_sh("stop", broker.env)
            assert stopped.returncode == 0, stopped.stderr
            time.sleep(8.0)  # the worker runs on without a broker
            alerts.close()
            alerts = TopicLog(settings, settings.topic_alerts)
            started = run_kafka_sh("start", {**broker.env, "KAFKA_CLEAN": "0"})
            assert started.returncode == 0, started.stderr
            seen, left = wait_drained(settings, alerts, expected, timeout=240,
                                      alive=lambda: worker.process.poll() is None)
            assert worker.process.poll() is None, f"the worker died:\n{worker.log_tail()}"
            copies = alert_copies(alerts.records)
            tail = worker.log_tail(40)
        alerts.close()
        _report("broker_restart", **_counts(corpus, settings, expected, seen, alerts, copies, left))
        assert left == 0, tail
        assert seen == expected, "\n".join([
            f"missing {len(expected - seen)}, unexpected {len(seen - expected)}",
            *corpus.describe(corpus.lines, expected ^ seen, copies), tail])
        assert not differing_duplicates(copies)
    finally:
        run_kafka_sh("stop", broker.env)


@pytest.mark.timeout(900)
def test_two_workers_one_killed_the_other_takes_over(kafka_url, tmp_path, extractor):
    corpus = Corpus.load(extractor)
    expected = corpus.expected_ids(corpus.lines)
    first = fault_settings(kafka_url, tmp_path, stall_timeout_s=20.0)
    second = first.__class__(**{**vars(first), "web_port": free_port(),
                                "data_dir": f"{first.data_dir}-b"})
    ensure_topics(first)
    alerts = TopicLog(first, first.topic_alerts)
    (tmp_path / "b").mkdir()
    faulty = "tests.reliability.faulty_worker"  # no kill plan: a plain worker
    with running_worker(first, tmp_path, module=faulty) as a, \
            running_worker(second, tmp_path / "b", module=faulty) as b:
        produce(first, corpus.lines)
        while len(alert_copies(alerts.poll(0.5))) < 3:  # both are working by now
            assert a.process.poll() is None and b.process.poll() is None
        a.process.send_signal(signal.SIGKILL)
        a.process.wait(timeout=10)
        seen, left = wait_drained(first, alerts, expected, timeout=float(os.environ.get(
                                  "RELIABILITY_DRAIN_S", "240")),
                                  alive=lambda: b.process.poll() is None)
        stall_restarts = 0
        if left and b.process.poll() == STALL_EXIT:  # the stall guard fired: supervise it
            stall_restarts = 1
            with running_worker(second, tmp_path / "b", module=faulty) as b2:
                seen, left = wait_drained(first, alerts, expected, timeout=240,
                                          alive=lambda: b2.process.poll() is None)
        copies = alert_copies(alerts.records)
        tail = b.log_tail(400)
    alerts.close()
    _report("worker_killed_of_two", **_counts(corpus, first, expected, seen, alerts, copies, left),
            stall_restarts=stall_restarts)
    assert left == 0, tail
    assert seen == expected, "\n".join([
        f"missing {len(expected - seen)}, unexpected {len(seen - expected)}",
        *corpus.describe(corpus.lines, expected ^ seen, copies), tail])
    assert not differing_duplicates(copies)
