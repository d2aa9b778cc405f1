"""A real Prometheus server (Debian package ``prometheus``) scrapes a running worker.

``deploy/prometheus/prometheus.yml`` is used as shipped except for what only a test may
change: the worker target (a static loopback address instead of compose's DNS name), the
scrape and rule-evaluation intervals (1 s instead of 10 s) and the listen port. After an
article went through the worker, the Prometheus HTTP API must show Gainsay's series with
the worker's values, and every rule group must be loaded and evaluating without errors.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from streams.bench.worker_process import free_port, metric_value
from tests.integration.front_worker import REPO, FrontWorker, front_worker, wait_for  # noqa: F401

pytestmark = pytest.mark.kafka

PROM_DIR = REPO / "deploy/prometheus"
REQUIRED_ALERTS = {"GainsayWorkerDown", "GainsayNoWorkers", "GainsayDeadLetterRateHigh",
                   "GainsayConsumerLagHigh", "GainsayArticleToAlertLatencyHigh"}


def scrape_config(worker_port: int, prom_port: int) -> dict[str, Any]:
    """deploy/prometheus/prometheus.yml pointed at one worker on loopback."""
    config = yaml.safe_load((PROM_DIR / "prometheus.yml").read_text(encoding="utf-8"))
    config["global"].update(scrape_interval="1s", scrape_timeout="1s", evaluation_interval="1s")
    for job in config["scrape_configs"]:
        if job["job_name"] == "gainsay-worker":
            assert "dns_sd_configs" in job, "the shipped config finds workers by DNS"
            del job["dns_sd_configs"]
            job["static_configs"] = [{"targets": [f"127.0.0.1:{worker_port}"]}]
        elif job["job_name"] == "prometheus":
            job["static_configs"] = [{"targets": [f"127.0.0.1:{prom_port}"]}]
    return config


class Prometheus:
    def __init__(self, base: str) -> None:
        self.base = base

    def api(self, path: str, **params: str) -> Any:
        url = f"{self.base}/api/v1/{path}"
        if params:
            url += "?" + urllib.parse.urlencode(params)
        with urllib.request.urlopen(url, timeout=5) as resp:  # noqa: S310 - loopback
            body = json.load(resp)
        assert body["status"] == "success", body
        return body["data"]

    def value(self, query: str) -> float | None:
        """The single value of an instant query (None when it has no result)."""
        result = self.api("query", query=query)["result"]
        return float(result[0]["value"][1]) if result else None


@pytest.fixture(scope="module")
def prometheus(front_worker: FrontWorker, tmp_path_factory) -> Iterator[Prometheus]:  # noqa: F811
    binary = shutil.which("prometheus")
    if binary is None:
        pytest.fail("prometheus not on PATH: run `make setup` (apt-get install prometheus)")
    tmp = tmp_path_factory.mktemp("prometheus")
    shutil.copytree(PROM_DIR / "rules", tmp / "rules")
    port = free_port()
    config = tmp / "prometheus.yml"
    config.write_text(yaml.safe_dump(scrape_config(front_worker.settings.web_port, port)),
                      encoding="utf-8")
    log = open(tmp / "prometheus.log", "wb")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [binary, f"--config.file={config}", f"--storage.tsdb.path={tmp / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"],
        stdout=log, stderr=subprocess.STDOUT)
    prom = Prometheus(f"http://127.0.0.1:{port}")
    try:
        def ready() -> bool:
            assert proc.poll() is None, Path(log.name).read_text(errors="replace")
            try:
                with urllib.request.urlopen(prom.base + "/-/ready", timeout=2) as resp:  # noqa: S310
                    return resp.status == 200
            except OSError:
                return False
        assert wait_for(ready, 60), "prometheus not ready in 60 s"
        yield prom
    finally:
        proc.terminate()  # our own child, by its pid
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)
        log.close()


def test_prometheus_scrapes_the_worker(front_worker: FrontWorker, prometheus: Prometheus) -> None:  # noqa: F811
    worker = front_worker.worker
    before = metric_value(worker.get("/metrics"), "gainsay_articles_total", outcome="processed")
    front_worker.produce_seed_copy("prometheus")
    text = worker.wait_metric("gainsay_articles_total", before + 1, 120, outcome="processed")
    processed = metric_value(text, "gainsay_articles_total", outcome="processed")
    assert processed >= before + 1

    def worker_targets() -> list[dict[str, Any]]:  # discovery reaches the scraper in ~5 s
        targets = prometheus.api("targets")["activeTargets"]
        return [t for t in targets if t["labels"]["job"] == "gainsay-worker"
                and t["health"] == "up"]

    (target,) = wait_for(worker_targets, 30)
    assert target["scrapeUrl"] == f"http://127.0.0.1:{front_worker.settings.web_port}/metrics"

    query = 'sum(gainsay_articles_total{job="gainsay-worker",outcome="processed"})'
    seen = wait_for(lambda: (prometheus.value(query) or 0) >= processed, 30)
    assert seen, f"Prometheus shows {prometheus.value(query)} processed, worker {processed}"
    assert prometheus.value('up{job="gainsay-worker"}') == 1
    alerts = metric_value(worker.get("/metrics"), "gainsay_alerts_total")
    assert wait_for(lambda: prometheus.value('sum(gainsay_alerts_total{job="gainsay-worker"})')
                    == alerts, 15), "alert counter differs from the worker's"
    assert alerts >= 10, "the seed article alone raises ten alerts"
    assert prometheus.value('sum(gainsay_claims_total{job="gainsay-worker"})') > 0
    assert prometheus.value('gainsay_extract_seconds_count{job="gainsay-worker"}') >= processed
    p99 = prometheus.value(
        'histogram_quantile(0.99, sum by (le) (gainsay_article_to_alert_seconds_bucket))')
    assert p99 is not None and 0 < p99 < 300, f"article→alert p99 {p99} s"
    lag = prometheus.api("query", query='gainsay_consumer_lag{job="gainsay-worker"}')["result"]
    assert lag and all(float(s["value"][1]) >= 0 for s in lag)
    faust = prometheus.value('faust_messages_received_total{job="gainsay-worker"}')
    assert faust and faust >= processed
    retried = 'sum(gainsay_webhook_deliveries_total{job="gainsay-worker",outcome="retried"})'
    assert wait_for(lambda: (prometheus.value(retried) or 0) > 0, 30), (
        "the receiver refuses first attempts, so retries are counted")


def test_prometheus_loads_and_evaluates_the_rules(prometheus: Prometheus) -> None:
    def evaluated() -> list[dict[str, Any]] | None:
        groups = prometheus.api("rules")["groups"]
        rules = [r for g in groups for r in g["rules"]]
        return rules if rules and all(r.get("lastEvaluation", "").startswith("2") and
                                      not r["lastEvaluation"].startswith("0001")
                                      for r in rules) else None

    rules = wait_for(evaluated, 30)
    assert rules, "rules not evaluated within 30 s"
    bad = [(r["name"], r.get("lastError")) for r in rules if r["health"] != "ok"]
    assert not bad, bad
    expected = yaml.safe_load((PROM_DIR / "rules/gainsay.rules.yml").read_text(encoding="utf-8"))
    names = {r.get("record") or r.get("alert") for g in expected["groups"] for r in g["rules"]}
    assert {r["name"] for r in rules} == names
    assert names >= REQUIRED_ALERTS
    firing = {a["labels"]["alertname"] for a in prometheus.api("alerts")["alerts"]
              if a["state"] == "firing"}
    assert not firing & {"GainsayWorkerDown", "GainsayNoWorkers"}, firing
