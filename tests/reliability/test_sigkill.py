"""SIGKILL the worker at random points, again and again; nothing may be lost.

One stream, one app id. Each round arms one kill (a random point from
``faulty_worker.POINTS``, or a SIGKILL from outside after a random delay), produces the
next chunk of articles, waits for the worker to die, restarts it and waits until the group
has committed everything. Then, every round: all articles so far are consumed (processed
or dead-lettered), their claims are on the claims topic, the set of alert ids equals
`gainsay detect` over the same articles, and a duplicate delivery carries the same alert.

Rounds: ``$RELIABILITY_KILLS`` (``make test`` runs 10, ``make test-reliability`` 20, bare pytest 3).
A summary goes to ``reports/reliability/sigkill.json``.
"""

from __future__ import annotations

import json
import os
import random
import signal
import time
from collections import Counter
from pathlib import Path

import pytest

from streams.app.agents import STALL_EXIT
from streams.bench.worker_process import Worker, running_worker
from streams.kafkaio.admin import ensure_topics
from tests.reliability.faulty_worker import POINTS
from tests.reliability.harness import (
    REPO,
    Corpus,
    TopicLog,
    alert_copies,
    dead_lettered,
    differing_duplicates,
    fault_settings,
    produce,
    unconsumed_by_partition,
    wait_drained,
)

pytestmark = [pytest.mark.kafka, pytest.mark.reliability]
KILLS = int(os.environ.get("RELIABILITY_KILLS", "3"))
MODULE = "tests.reliability.faulty_worker"


def _wait_dead(worker: Worker, timeout: float) -> bool:
    try:
        worker.process.wait(timeout=timeout)
        return True
    except Exception:  # noqa: BLE001 - subprocess.TimeoutExpired
        return False


def _choose(rng: random.Random, adds_alerts: bool) -> tuple[str, int]:
    allowed = os.environ.get("RELIABILITY_POINTS", " ".join([*POINTS, "outside"])).split()
    points = [p for p in allowed if adds_alerts or p != "after_alerts"] or ["outside"]
    point = rng.choice(points)
    return point, (rng.randint(1, 2) if point in ("commit", "after_alerts") else 1)


@pytest.mark.timeout(300 + 90 * KILLS)
def test_sigkill_at_random_points_loses_nothing(kafka_url, tmp_path, extractor):
    seed = int(os.environ.get("RELIABILITY_SEED", str(int(time.time()))))
    rng = random.Random(seed)
    corpus = Corpus.load(extractor)
    lines = list(corpus.lines)
    rng.shuffle(lines)
    settings = fault_settings(kafka_url, tmp_path, stall_timeout_s=20.0)
    ensure_topics(settings)
    plan = tmp_path / "kill.plan"
    fired = Path(f"{plan}.fired")
    env = {"RELIABILITY_PLAN": str(plan)}
    alerts = TopicLog(settings, settings.topic_alerts)
    claims = TopicLog(settings, settings.topic_claims)
    size = max(2, -(-len(lines) // KILLS))
    rounds, done, produced, stall_restarts = [], 0, 0, 0
    worker_cm = running_worker(settings, tmp_path, module=MODULE, extra_env=env)
    worker = worker_cm.__enter__()
    try:
        for round_no in range(KILLS):
            chunk = lines[done:done + size] or rng.sample(lines, 2)  # corpus used up: redeliver
            sent = lines[:done + len(chunk)] if done < len(lines) else lines
            expected = corpus.expected_ids(sent)
            before = corpus.expected_ids(lines[:done])
            point, n = _choose(rng, adds_alerts=bool(expected - before))
            fired.unlink(missing_ok=True)
            if point != "outside":
                plan.write_text(f"{point} {n}")
            produce(settings, chunk)
            done += len(chunk)
            produced += len(chunk)
            if point == "outside":
                time.sleep(rng.uniform(0.0, 3.0))
                worker.process.send_signal(signal.SIGKILL)
            died = _wait_dead(worker, 90)
            hit = fired.read_text() if fired.exists() else ("outside" if point == "outside" else "")
            if not died:  # the armed point was not reached while the chunk went through
                worker.process.send_signal(signal.SIGKILL)
                _wait_dead(worker, 10)
                hit = "fallback"
            plan.unlink(missing_ok=True)
            worker_cm.__exit__(None, None, None)
            worker_cm = running_worker(settings, tmp_path, module=MODULE, extra_env=env)
            worker = worker_cm.__enter__()
            seen, left = wait_drained(settings, alerts, expected, timeout=180,
                                      alive=lambda w=worker: w.process.poll() is None)
            while left and worker.process.poll() == STALL_EXIT and stall_restarts < 2 * KILLS:
                # the stall guard fired (a consumer that stopped fetching): supervise it
                stall_restarts += 1
                worker_cm.__exit__(None, None, None)
                worker_cm = running_worker(settings, tmp_path, module=MODULE, extra_env=env)
                worker = worker_cm.__enter__()
                seen, left = wait_drained(settings, alerts, expected, timeout=180,
                                          alive=lambda w=worker: w.process.poll() is None)
            copies = alert_copies(alerts.records)
            article_ids = {json.loads(r.value)["article_id"] for r in claims.poll(0.5)}
            want_claims = {corpus.article_id(raw) for raw in sent if corpus.claims[corpus.article_id(raw)]}
            rounds.append({"round": round_no, "point": point, "n": n, "hit": hit,
                           "articles": len(sent), "produced": produced, "expected": len(expected),
                           "seen": len(seen), "unconsumed": left, "deliveries": len(alerts.records),
                           "stall_restarts": stall_restarts})
            behind = unconsumed_by_partition(settings, [settings.topic_articles,
                                                        settings.topic_claims])
            context = (f"seed {seed}, round {rounds[-1]}\nbehind: {behind}\n"
                       f"{_gainsay_metrics(worker)}\n{worker.log_tail(30)}")
            assert left == 0, f"unconsumed input after restart: {context}"
            assert want_claims <= article_ids, f"articles without their claims: {context}"
            assert seen == expected, (f"missing {sorted(expected - seen)[:5]}, "
                                      f"unexpected {sorted(seen - expected)[:5]}: {context}")
            assert not differing_duplicates(copies), context
    finally:
        worker_cm.__exit__(None, None, None)
        totals = {"dead_lettered": dead_lettered(settings),
                  "differing_duplicates": len(differing_duplicates(alert_copies(alerts.records)))}
        alerts.close()
        claims.close()
        _write_summary(seed, rounds, totals)
    assert len(rounds) == KILLS


def _gainsay_metrics(worker: Worker) -> str:
    try:
        return "\n".join(x for x in worker.get("/metrics").splitlines()
                         if x.startswith(("gainsay_consumer_lag", "gainsay_articles", "gainsay_retries",
                                          "gainsay_dlq")))
    except OSError as exc:
        return f"(no /metrics: {exc})"


def _write_summary(seed: int, rounds: list[dict], totals: dict) -> None:
    out = REPO / "reports/reliability"
    out.mkdir(parents=True, exist_ok=True)
    summary = {"seed": seed, "kills": len(rounds), "points": Counter(r["hit"] for r in rounds),
               "articles": rounds[-1]["articles"] if rounds else 0,
               "produced": rounds[-1]["produced"] if rounds else 0,
               "alert_ids": rounds[-1]["expected"] if rounds else 0,
               "deliveries": rounds[-1]["deliveries"] if rounds else 0,
               "lost": sum(r["expected"] - r["seen"] for r in rounds),
               "stall_restarts": rounds[-1]["stall_restarts"] if rounds else 0, **totals,
               "rounds": rounds}
    (out / "sigkill.json").write_text(json.dumps(summary, indent=2))
