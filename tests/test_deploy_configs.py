"""Checks of the deployment files: Dockerfile, docker-compose, Prometheus and Grafana.

Nothing here needs Docker, Kafka or a running Prometheus. The metric contract
below is the list of series the worker promises on ``/metrics``; the Grafana
dashboard and the Prometheus rules may only use those (plus Faust's sensor
metrics and Prometheus' own ``up``/``ALERTS``), so a renamed metric breaks
this test instead of silently emptying a panel or disarming an alert.

The external validators are required, not optional: `make setup` installs them
(Debian packages) and a test FAILS when one is missing, instead of quietly
checking less:

* ``promtool`` (Debian package ``prometheus``): ``check config``, ``check
  rules``, ``test rules`` and a parse of every dashboard query;
* ``docker compose`` or ``docker-compose`` (Debian package ``docker-compose``,
  which validates without a Docker engine): ``config -q`` on both compose files.

Each validator is also shown a broken file, so a validator that accepts
anything cannot pass these tests.
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE = REPO / "docker-compose.yml"
COMPOSE_EXTERNAL = REPO / "deploy/docker/compose.external-kafka.yml"
COMPOSE_EXTERNAL_ENV = REPO / "deploy/docker/external-kafka.env.example"
DOCKERFILE = REPO / "Dockerfile"
PROM_DIR = REPO / "deploy/prometheus"
PROM_CONFIG = PROM_DIR / "prometheus.yml"
PROM_RULES = PROM_DIR / "rules/gainsay.rules.yml"
PROM_RULE_TESTS = PROM_DIR / "tests/gainsay.rules.test.yml"
GRAFANA_DIR = REPO / "deploy/grafana"
GRAFANA_DATASOURCES = GRAFANA_DIR / "provisioning/datasources/prometheus.yml"
GRAFANA_PROVIDERS = GRAFANA_DIR / "provisioning/dashboards/gainsay.yml"
DASHBOARD = GRAFANA_DIR / "dashboards/gainsay.json"

WORKER_JOB = "gainsay-worker"
WORKER_PORT = 6066

# ---------------------------------------------------------------------------
# The metric contract. Names are as exposed (counters with their _total).
# type, label names. Histograms also expose _bucket{le}, _sum and _count.
# ---------------------------------------------------------------------------
GAINSAY_METRICS: dict[str, tuple[str, frozenset[str]]] = {
    "gainsay_articles_total": ("counter", frozenset({"outcome"})),
    "gainsay_claims_total": ("counter", frozenset({"polarity", "kind"})),
    "gainsay_alerts_total": ("counter", frozenset({"type"})),
    "gainsay_dlq_total": ("counter", frozenset({"error"})),
    "gainsay_extract_seconds": ("histogram", frozenset()),
    "gainsay_article_to_alert_seconds": ("histogram", frozenset()),
    "gainsay_batch_size": ("histogram", frozenset()),
    "gainsay_consumer_lag": ("gauge", frozenset({"topic", "partition"})),
    "gainsay_extract_pool_busy": ("gauge", frozenset()),
    "gainsay_webhook_deliveries_total": ("counter", frozenset({"target", "outcome"})),
    "gainsay_webhook_queue_depth": ("gauge", frozenset({"target"})),
    "gainsay_desk_records_total": ("counter", frozenset({"outcome"})),
    "gainsay_desk_clients": ("gauge", frozenset()),
}

# faust.sensors.prometheus (faust-streaming 0.15.3) with name_prefix="faust".
FAUST_METRICS: dict[str, tuple[str, frozenset[str]]] = {
    "faust_messages_received_total": ("counter", frozenset()),
    "faust_active_messages": ("gauge", frozenset()),
    "faust_messages_received_per_topic_total": ("counter", frozenset({"topic"})),
    "faust_messages_received_per_topics_partition": ("gauge", frozenset({"topic", "partition"})),
    "faust_events_runtime_ms": ("histogram", frozenset()),
    "faust_total_events_total": ("counter", frozenset()),
    "faust_total_active_events": ("gauge", frozenset()),
    "faust_total_events_per_stream_total": ("counter", frozenset({"stream"})),
    "faust_table_operations_total": ("counter", frozenset({"table", "operation"})),
    "faust_topic_messages_sent_total": ("counter", frozenset({"topic"})),
    "faust_total_sent_messages_total": ("counter", frozenset()),
    "faust_producer_send_latency": ("histogram", frozenset()),
    "faust_total_error_messages_sent_total": ("counter", frozenset()),
    "faust_producer_error_send_latency": ("histogram", frozenset()),
    "faust_assignment_operations_total": ("counter", frozenset({"operation"})),
    "faust_assign_latency": ("histogram", frozenset()),
    "faust_total_rebalances": ("gauge", frozenset()),
    "faust_total_rebalances_recovering": ("gauge", frozenset()),
    "faust_rebalance_done_consumer_latency": ("histogram", frozenset()),
    "faust_rebalance_done_latency": ("histogram", frozenset()),
    "faust_metrics_by_name": ("gauge", frozenset({"metric"})),
    "faust_http_status_codes_total": ("counter", frozenset({"status_code"})),
    "faust_http_latency": ("histogram", frozenset()),
    "faust_topic_partition_end_offset": ("gauge", frozenset({"topic", "partition"})),
    "faust_topic_partition_offset_commited": ("gauge", frozenset({"topic", "partition"})),
    "faust_consumer_commit_latency": ("histogram", frozenset()),
}

# Series Prometheus makes itself.
PROMETHEUS_SERIES: dict[str, frozenset[str]] = {
    "up": frozenset(),
    "ALERTS": frozenset({"alertname", "alertstate", "severity"}),
}
TARGET_LABELS = frozenset({"job", "instance"})

REQUIRED_ALERTS = {
    "GainsayWorkerDown",
    "GainsayNoWorkers",
    "GainsayDeadLetterRateHigh",
    "GainsayConsumerLagHigh",
    "GainsayArticleToAlertLatencyHigh",
    "GainsayWebhookDeliveryFailing",
}


def _series_of(contract: dict[str, tuple[str, frozenset[str]]]) -> dict[str, frozenset[str]]:
    """Every exposed series name of a contract → the label names it may carry."""
    series: dict[str, frozenset[str]] = {}
    for name, (kind, labels) in contract.items():
        if kind == "histogram":
            series[name + "_bucket"] = labels | {"le"}
            series[name + "_sum"] = labels
            series[name + "_count"] = labels
        else:
            series[name] = labels
    return series


KNOWN_SERIES: dict[str, frozenset[str]] = {
    **_series_of(GAINSAY_METRICS),
    **_series_of(FAUST_METRICS),
    **PROMETHEUS_SERIES,
}


# ---------------------------------------------------------------------------
# A small PromQL scanner: enough to find metric names, label matchers and
# grouping labels (it does not evaluate anything).
# ---------------------------------------------------------------------------
_PROMQL_TOKEN = re.compile(
    r"""
    (?P<ws>\s+)
  | (?P<string>"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`)
  | (?P<braces>\{(?:[^{}"']|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*')*\})
  | (?P<range>\[[^\]]*\])
  | (?P<number>0x[0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)
  | (?P<ident>[a-zA-Z_:][a-zA-Z0-9_:]*)
  | (?P<var>\$\{?\w+\}?)
  | (?P<op>[()=!<>+\-*/%^,@]+)
    """,
    re.VERBOSE,
)
_GROUPING = {"by", "without", "on", "ignoring", "group_left", "group_right"}
# Aggregation operators may be followed by `by (...)` before their argument.
_AGGREGATIONS = {"sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values",
                 "bottomk", "topk", "quantile", "limitk", "limit_ratio"}
_KEYWORDS = _GROUPING | _AGGREGATIONS | {"bool", "and", "or", "unless", "offset", "atan2", "inf",
                                         "nan"}
_MATCHER = re.compile(r'\s*([a-zA-Z_][a-zA-Z0-9_]*)\s*(=~|!~|!=|=)\s*("(?:[^"\\]|\\.)*"|\'[^\']*\')\s*,?')


def _tokens(expr: str) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    pos = 0
    while pos < len(expr):
        m = _PROMQL_TOKEN.match(expr, pos)
        if m is None:
            raise ValueError(f"cannot scan PromQL at {expr[pos:pos + 20]!r} in {expr!r}")
        pos = m.end()
        kind = m.lastgroup or ""
        if kind != "ws":
            out.append((kind, m.group()))
    return out


def _matchers(braces: str) -> dict[str, str]:
    body = braces[1:-1]
    found: dict[str, str] = {}
    pos = 0
    while body[pos:].strip():
        m = _MATCHER.match(body, pos)
        if m is None:
            raise ValueError(f"cannot read label matchers {braces!r}")
        found[m.group(1)] = m.group(3)[1:-1]
        pos = m.end()
    return found


def scan_promql(expr: str) -> tuple[list[tuple[str, dict[str, str]]], set[str]]:
    """(selectors as (metric name, {label: value}), labels named in by/without/on/...)."""
    toks = _tokens(expr)
    depth = 0
    for kind, text in toks:
        if kind == "op":
            depth += text.count("(") - text.count(")")
            if depth < 0:
                raise ValueError(f"unbalanced parentheses in {expr!r}")
    if depth:
        raise ValueError(f"unbalanced parentheses in {expr!r}")

    selectors: list[tuple[str, dict[str, str]]] = []
    grouping: set[str] = set()
    i = 0
    while i < len(toks):
        kind, text = toks[i]
        nxt = toks[i + 1] if i + 1 < len(toks) else ("", "")
        if kind == "ident" and text in _GROUPING and nxt[1].startswith("("):
            j = i + 2
            while j < len(toks) and toks[j][1] != ")":
                if toks[j][0] == "ident":
                    grouping.add(toks[j][1])
                j += 1
            i = j + 1
            continue
        if kind == "ident" and text.lower() not in _KEYWORDS and not nxt[1].startswith("("):
            matchers = _matchers(nxt[1]) if nxt[0] == "braces" else {}
            selectors.append((text, matchers))
            i += 2 if nxt[0] == "braces" else 1
            continue
        if kind == "braces":  # {__name__="..."} with no metric name in front
            matchers = _matchers(text)
            if "__name__" not in matchers:
                raise ValueError(f"selector without a metric name in {expr!r}")
            selectors.append((matchers.pop("__name__"), matchers))
        i += 1
    return selectors, grouping


def grafana_to_promql(expr: str) -> str:
    """Replace Grafana's template variables by values Prometheus accepts."""
    expr = re.sub(r"\$\{?__(rate_interval|interval|range)\}?", "1m", expr)
    return re.sub(r"\$\{?\w+(?::\w+)?\}?", ".*", expr)


# ---------------------------------------------------------------------------
# Loaders and helpers
# ---------------------------------------------------------------------------
def load_yaml(path: Path) -> Any:
    assert path.is_file(), f"missing {path.relative_to(REPO)}"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def load_dashboard() -> dict[str, Any]:
    assert DASHBOARD.is_file(), f"missing {DASHBOARD.relative_to(REPO)}"
    return json.loads(DASHBOARD.read_text(encoding="utf-8"))


def iter_panels(panels: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    for panel in panels:
        yield panel
        yield from iter_panels(panel.get("panels", []))


def dashboard_queries(dash: dict[str, Any]) -> list[tuple[str, str]]:
    """(where, PromQL) for every panel target and Prometheus annotation."""
    queries = []
    for panel in iter_panels(dash["panels"]):
        for target in panel.get("targets", []):
            queries.append((f"panel {panel.get('title')!r} target {target.get('refId')}",
                            target["expr"]))
    for ann in dash.get("annotations", {}).get("list", []):
        if ann.get("expr"):
            queries.append((f"annotation {ann.get('name')!r}", ann["expr"]))
    return queries


def variable_queries(dash: dict[str, Any]) -> list[tuple[str, str]]:
    """label_values(SELECTOR, label) of query variables, as (where, SELECTOR)."""
    found = []
    for var in dash.get("templating", {}).get("list", []):
        if var.get("type") != "query":
            continue
        query = var.get("query")
        text = query.get("query", "") if isinstance(query, dict) else str(query)
        m = re.fullmatch(r"\s*label_values\((.*),\s*(\w+)\s*\)\s*", text)
        assert m, f"variable {var['name']}: only label_values(selector, label) is expected, got {text!r}"
        found.append((f"variable {var['name']!r}", m.group(1)))
    return found


def rules() -> list[dict[str, Any]]:
    doc = load_yaml(PROM_RULES)
    return [rule for group in doc["groups"] for rule in group["rules"]]


def recorded_series() -> dict[str, frozenset[str]]:
    """Recording rule name → labels its expression can carry (approximated)."""
    recorded: dict[str, frozenset[str]] = {}
    for rule in rules():
        if "record" in rule:
            selectors, grouping = scan_promql(rule["expr"])
            labels: set[str] = set(TARGET_LABELS) | grouping
            for name, _ in selectors:
                labels |= KNOWN_SERIES.get(name, recorded.get(name, frozenset()))
            recorded[rule["record"]] = frozenset(labels)
    return recorded


def check_expression(where: str, expr: str, extra: dict[str, frozenset[str]]) -> list[str]:
    """Problems with the metric names and labels one PromQL expression uses."""
    problems = []
    try:
        selectors, grouping = scan_promql(expr)
    except ValueError as exc:
        return [f"{where}: {exc}"]
    if not selectors:
        problems.append(f"{where}: no metric in {expr!r}")
    allowed_labels: set[str] = set(TARGET_LABELS)
    for name, matchers in selectors:
        known = KNOWN_SERIES.get(name, extra.get(name))
        if known is None:
            if name.startswith("gainsay_"):
                problems.append(f"{where}: {name} is not in the gainsay_ metric contract")
            elif name.startswith("faust_"):
                problems.append(f"{where}: {name} is not a Faust sensor metric")
            else:
                problems.append(f"{where}: {name} does not start with gainsay_/faust_ "
                                f"and is neither up nor a recording rule")
            continue
        allowed_labels |= known
        for label, value in matchers.items():
            if label not in known | TARGET_LABELS:
                problems.append(f"{where}: {name} has no label {label!r}")
            if label == "job" and value != WORKER_JOB and name in KNOWN_SERIES:
                problems.append(f"{where}: job={value!r}, but the worker's job is {WORKER_JOB!r}")
    for label in grouping - allowed_labels:
        problems.append(f"{where}: groups by {label!r}, which no series in {expr!r} carries")
    return problems


def run(cmd: list[str], **kw: Any) -> subprocess.CompletedProcess[str]:
    print("$", " ".join(cmd))
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, **kw)
    print(proc.stdout, proc.stderr, sep="\n")
    return proc


def require_tool(found: Any, message: str) -> None:
    """Fail (never skip, never degrade) when an external validator is missing."""
    if not found:
        pytest.fail(f"{message}; run `make setup` (it installs the Debian packages)")


def compose_command() -> list[str] | None:
    docker = shutil.which("docker")
    if docker:
        probe = subprocess.run([docker, "compose", "version"], capture_output=True, text=True,
                               timeout=60)
        if probe.returncode == 0:
            return [docker, "compose"]
    legacy = shutil.which("docker-compose")
    return [legacy] if legacy else None


def parse_port(entry: Any) -> tuple[str | None, str, str]:
    """(host ip, published port or '', container port) of a compose ports entry."""
    if isinstance(entry, dict):
        return (entry.get("host_ip"), str(entry.get("published", "")), str(entry["target"]))
    text = str(entry).split("/")[0]
    parts = text.rsplit(":", 2)
    if len(parts) == 3:
        return parts[0], parts[1], parts[2]
    if len(parts) == 2:
        return None, parts[0], parts[1]
    return None, "", parts[0]


def environment(service: dict[str, Any]) -> dict[str, str]:
    env = service.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) for item in env)
    return {k: str(v) for k, v in env.items()}


def bind_mounts(service: dict[str, Any]) -> list[tuple[str, str]]:
    mounts = []
    for vol in service.get("volumes", []):
        if isinstance(vol, dict):
            if vol.get("type") == "bind":
                mounts.append((vol["source"], vol["target"]))
            continue
        source, target = vol.split(":")[:2]
        if source.startswith((".", "/", "$")):
            mounts.append((source, target))
    return mounts


# ---------------------------------------------------------------------------
# Dockerfile
# ---------------------------------------------------------------------------
def test_dockerfile() -> None:
    text = DOCKERFILE.read_text(encoding="utf-8")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]

    args = dict(re.findall(r"^ARG\s+(\w+)=(\S+)", text, re.M))
    bases = [re.sub(r"\$\{(\w+)\}", lambda m: args.get(m.group(1), m.group(0)), b)
             for b in re.findall(r"^FROM\s+(\S+)", text, re.M)]
    assert bases, "no FROM"
    for base in bases:
        assert re.fullmatch(r"python:3\.11(\.\d+)?-slim(-\w+)?", base), f"base image {base}"

    assert re.search(r"pip install -c constraints\.txt \"?\.", text), "install with the constraints"
    for line in lines:
        if line.startswith("COPY") and "--from" not in line:
            for src in line.split()[1:-1]:
                assert (REPO / src).exists(), f"{line!r}: {src} does not exist in the repository"

    users = re.findall(r"^USER\s+(\S+)", text, re.M)
    assert users, "the image must not run as root"
    assert users[-1].split(":")[0] not in {"root", "0"}, f"final USER {users[-1]} is root"

    assert 'ENTRYPOINT ["gainsay"]' in lines
    assert 'CMD ["worker"]' in lines
    health = " ".join(re.findall(r"^HEALTHCHECK(?:[^\n]*\\\n)*[^\n]*", text, re.M))
    assert "urllib" in health and "/healthz" in health, "healthcheck must GET /healthz with urllib"
    assert "curl" not in health and "wget" not in health, "slim images have neither curl nor wget"
    assert re.search(r"GAINSAY_WEB_HOST=0\.0\.0\.0", text), "the web server must be reachable"


# ---------------------------------------------------------------------------
# docker-compose.yml
# ---------------------------------------------------------------------------
def _check_common_compose(doc: dict[str, Any], base: Path) -> None:
    for name, service in doc["services"].items():
        image = service.get("image")
        if "build" in service:
            assert image is None or ":" in image, f"{name}: name the built image with a tag"
        else:
            assert image, f"{name}: needs an image or a build"
            assert "@sha256:" in image or ":" in image.rsplit("/", 1)[-1], f"{name}: {image} not pinned"
            tag = image.rsplit("/", 1)[-1].split(":", 1)[-1]
            assert tag != "latest" and not tag.startswith("latest"), f"{name}: {image} uses latest"
            assert re.search(r"\d", tag), f"{name}: {image} is not pinned to a version"
        for entry in service.get("ports", []):
            host_ip, _, _ = parse_port(entry)
            assert host_ip == "127.0.0.1", f"{name}: port {entry!r} must bind to 127.0.0.1"
        for source, _target in bind_mounts(service):
            if "$" in source:
                continue
            assert (base / source).exists(), f"{name}: mounts {source}, which does not exist"
        if "build" in service:
            build = service["build"]
            context = build if isinstance(build, str) else build.get("context", ".")
            dockerfile = "Dockerfile" if isinstance(build, str) else build.get("dockerfile",
                                                                               "Dockerfile")
            assert (base / context / dockerfile).is_file(), f"{name}: no {dockerfile} in {context}"


def test_compose_services_ports_and_images() -> None:
    doc = load_yaml(COMPOSE)
    services = doc["services"]
    assert {"kafka", "topics", "worker", "prometheus", "grafana"} <= set(services)
    _check_common_compose(doc, COMPOSE.parent)

    assert services["kafka"]["image"] == "apache/kafka:3.9.1"
    assert services["prometheus"]["image"].startswith("prom/prometheus:v")
    assert services["grafana"]["image"].startswith("grafana/grafana:")

    published = {name: [parse_port(p) for p in s.get("ports", [])] for name, s in services.items()}
    assert ("127.0.0.1", "9090", "9090") in published["prometheus"]
    assert ("127.0.0.1", "3000", "3000") in published["grafana"]
    worker_ports = published["worker"]
    assert [p[2] for p in worker_ports] == [str(WORKER_PORT)]
    assert worker_ports[0][1] == "", (
        "the worker's host port must be left to Docker, or `--scale worker=2` collides"
    )


def test_compose_kafka_kraft() -> None:
    kafka = load_yaml(COMPOSE)["services"]["kafka"]
    env = environment(kafka)
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == f"{env['KAFKA_NODE_ID']}@kafka:9093"
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == "1"
    # kafka-storage.sh format needs a base64url-encoded 16-byte UUID.
    cluster_id = env["CLUSTER_ID"]
    try:
        raw = base64.urlsafe_b64decode(cluster_id + "=" * (-len(cluster_id) % 4))
    except (binascii.Error, ValueError) as exc:
        raise AssertionError(f"CLUSTER_ID {cluster_id!r} is not base64url") from exc
    assert len(cluster_id) == 22 and len(raw) == 16, f"CLUSTER_ID {cluster_id!r} is not a UUID"
    assert kafka["healthcheck"]["test"], "kafka needs a healthcheck for depends_on"


def test_compose_worker_and_topics() -> None:
    services = load_yaml(COMPOSE)["services"]
    worker, topics = services["worker"], services["topics"]

    env = environment(worker)
    assert env["GAINSAY_KAFKA_URL"] == "kafka://kafka:9092"
    assert env["GAINSAY_WEB_HOST"] == "0.0.0.0"
    assert env.get("GAINSAY_WEB_PORT", str(WORKER_PORT)) == str(WORKER_PORT)
    assert "build" in worker
    assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert worker["depends_on"]["topics"]["condition"] == "service_completed_successfully"
    assert "container_name" not in worker, "a fixed container name prevents scaling"

    assert topics["command"] == ["topics", "--create"]
    assert topics["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert environment(topics)["GAINSAY_KAFKA_URL"] == "kafka://kafka:9092"
    assert topics.get("restart", "no") == "no"
    assert topics["image"] == worker["image"]


def test_compose_monitoring_wiring() -> None:
    """Prometheus and Grafana mount what the provisioning files expect."""
    services = load_yaml(COMPOSE)["services"]
    prom_mounts = dict(bind_mounts(services["prometheus"]))
    assert prom_mounts["./deploy/prometheus/prometheus.yml"] == "/etc/prometheus/prometheus.yml"
    assert prom_mounts["./deploy/prometheus/rules"] == "/etc/prometheus/rules"
    assert "--config.file=/etc/prometheus/prometheus.yml" in services["prometheus"]["command"]

    graf = services["grafana"]
    mounts = dict(bind_mounts(graf))
    assert mounts["./deploy/grafana/provisioning/datasources"] == \
        "/etc/grafana/provisioning/datasources"
    assert mounts["./deploy/grafana/provisioning/dashboards"] == \
        "/etc/grafana/provisioning/dashboards"
    provider_path = load_yaml(GRAFANA_PROVIDERS)["providers"][0]["options"]["path"]
    assert mounts["./deploy/grafana/dashboards"] == provider_path
    env = environment(graf)
    assert env["GF_AUTH_ANONYMOUS_ENABLED"] == "true"
    assert env["GF_AUTH_ANONYMOUS_ORG_ROLE"] == "Viewer"
    home = env["GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH"]
    assert home.startswith(provider_path + "/")
    assert (GRAFANA_DIR / "dashboards" / home[len(provider_path) + 1:]).is_file()


def test_compose_external_kafka() -> None:
    doc = load_yaml(COMPOSE_EXTERNAL)
    assert "kafka" not in doc["services"]
    _check_common_compose(doc, COMPOSE_EXTERNAL.parent)
    env = environment(doc["services"]["worker"])
    for var in ("KAFKA_URL", "KAFKA_SECURITY_PROTOCOL", "KAFKA_SASL_MECHANISM",
                "KAFKA_SASL_USERNAME", "KAFKA_SASL_PASSWORD", "KAFKA_SSL_CAFILE"):
        assert f"GAINSAY_{var}" in env, f"GAINSAY_{var} is not passed to the worker"
    example = COMPOSE_EXTERNAL_ENV.read_text(encoding="utf-8")
    for var in ("GAINSAY_KAFKA_URL", "GAINSAY_KAFKA_SASL_PASSWORD", "GAINSAY_KAFKA_SSL_CAFILE"):
        assert re.search(rf"^{var}=", example, re.M), f"{var} missing from the env example"


def test_compose_files_with_compose_client(tmp_path: Path) -> None:
    """`compose config -q` on both files; the same client rejects a broken file."""
    cmd = compose_command()
    require_tool(cmd, "no `docker compose` or `docker-compose` on PATH")
    assert cmd is not None
    print("compose client:", " ".join(cmd))
    proc = run([*cmd, "-f", str(COMPOSE), "config", "-q"], cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    proc = run([*cmd, "-f", str(COMPOSE_EXTERNAL), "--env-file", str(COMPOSE_EXTERNAL_ENV),
                "config", "-q"], cwd=REPO)
    assert proc.returncode == 0, proc.stderr
    broken = tmp_path / "broken-compose.yml"
    broken.write_text("services:\n  worker:\n    image: gainsay:0.1\n    portz: [6066]\n",
                      encoding="utf-8")
    proc = run([*cmd, "-f", str(broken), "config", "-q"], cwd=tmp_path)
    assert proc.returncode != 0 and "portz" in proc.stdout + proc.stderr, "validator accepts anything"


# ---------------------------------------------------------------------------
# Prometheus
# ---------------------------------------------------------------------------
def test_prometheus_config_structure() -> None:
    config = load_yaml(PROM_CONFIG)
    jobs = {job["job_name"]: job for job in config["scrape_configs"]}
    assert len(jobs) == len(config["scrape_configs"]), "job names must be unique"
    worker = jobs[WORKER_JOB]
    assert worker.get("metrics_path", "/metrics") == "/metrics"
    sd = worker["dns_sd_configs"][0]
    assert sd["names"] == ["worker"] and sd["type"] == "A" and sd["port"] == WORKER_PORT, (
        "workers are discovered by DNS on the compose service name, so scaling needs no change"
    )
    for pattern in config["rule_files"]:
        assert not Path(pattern).is_absolute(), "rule_files relative to the config file"
        assert list(PROM_DIR.glob(pattern)), f"rule_files {pattern!r} matches nothing"
    assert PROM_RULES in {p.resolve() for pat in config["rule_files"] for p in PROM_DIR.glob(pat)}


_DURATION = re.compile(r"^(\d+(ms|s|m|h|d|w|y))+$")


def test_prometheus_rules_structure() -> None:
    doc = load_yaml(PROM_RULES)
    names: set[str] = set()
    alerts: dict[str, dict[str, Any]] = {}
    for group in doc["groups"]:
        assert group["name"] and group["rules"]
        for rule in group["rules"]:
            assert ("record" in rule) != ("alert" in rule), f"record xor alert: {rule}"
            assert isinstance(rule.get("expr"), str) and rule["expr"].strip()
            if "record" in rule:
                assert re.fullmatch(r"[a-zA-Z_:][a-zA-Z0-9_:]*", rule["record"])
                assert ":" in rule["record"], "recording rules are named level:metric:operation"
                assert rule["record"] not in names, f"duplicate {rule['record']}"
                names.add(rule["record"])
            else:
                assert re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", rule["alert"])
                alerts[rule["alert"]] = rule
                if "for" in rule:
                    assert _DURATION.match(str(rule["for"])), f"{rule['alert']}: for"
                assert rule["labels"]["severity"] in {"critical", "warning", "info"}
                assert rule["annotations"]["summary"] and rule["annotations"]["description"]
    assert set(alerts) >= REQUIRED_ALERTS, f"missing alerts {REQUIRED_ALERTS - set(alerts)}"

    latency = alerts["GainsayArticleToAlertLatencyHigh"]["expr"]
    assert re.search(r"article_to_alert_seconds.*p99.*>\s*1\b", latency, re.S), latency
    assert "up" in alerts["GainsayWorkerDown"]["expr"]


def test_prometheus_rules_metric_names() -> None:
    extra = recorded_series()
    problems = []
    for rule in rules():
        where = f"rule {rule.get('record') or rule.get('alert')}"
        problems += check_expression(where, rule["expr"], extra)
    assert not problems, "\n".join(problems)


def test_prometheus_with_promtool(tmp_path: Path) -> None:
    """promtool check config / check rules / test rules, and parse the dashboard's queries."""
    promtool = shutil.which("promtool")
    require_tool(promtool, "promtool not on PATH (Debian package prometheus)")
    assert promtool is not None
    print("validator: promtool at", promtool)
    assert run([promtool, "check", "config", str(PROM_CONFIG)]).returncode == 0
    assert run([promtool, "check", "rules", str(PROM_RULES)]).returncode == 0
    assert run([promtool, "test", "rules", str(PROM_RULE_TESTS)]).returncode == 0

    # Every dashboard query, with its Grafana variables filled in, must parse.
    exprs = [grafana_to_promql(expr) for _, expr in dashboard_queries(load_dashboard())]
    exprs += [grafana_to_promql(sel) for _, sel in variable_queries(load_dashboard())]
    doc = {"groups": [{"name": "dashboard", "rules": [
        {"record": f"dashboard:query_{i}:check", "expr": expr} for i, expr in enumerate(exprs)
    ]}]}
    queries = tmp_path / "dashboard_queries.yml"
    queries.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    assert run([promtool, "check", "rules", str(queries)]).returncode == 0

    broken = tmp_path / "broken.rules.yml"
    broken.write_text(yaml.safe_dump({"groups": [{"name": "x", "rules": [
        {"record": "job:broken:rate", "expr": "sum(rate(gainsay_alerts_total[1m])"}]}]}),
        encoding="utf-8")
    assert run([promtool, "check", "rules", str(broken)]).returncode != 0, "promtool accepts anything"


# ---------------------------------------------------------------------------
# Grafana
# ---------------------------------------------------------------------------
def _datasource_uid() -> str:
    doc = load_yaml(GRAFANA_DATASOURCES)
    assert doc["apiVersion"] == 1
    (source,) = doc["datasources"]
    assert source["type"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    assert source["access"] == "proxy"
    return source["uid"]


def test_grafana_provisioning() -> None:
    assert _datasource_uid()
    doc = load_yaml(GRAFANA_PROVIDERS)
    assert doc["apiVersion"] == 1
    (provider,) = doc["providers"]
    assert provider["type"] == "file" and provider["options"]["path"].startswith("/")


def test_dashboard_panels_and_datasources() -> None:
    dash = load_dashboard()
    uid = _datasource_uid()
    assert dash["uid"] and len(dash["uid"]) <= 40
    assert dash["title"] and isinstance(dash["schemaVersion"], int)

    ids = [p["id"] for p in iter_panels(dash["panels"])]
    assert len(ids) == len(set(ids)), "panel ids must be unique"

    occupied: set[tuple[int, int]] = set()
    for panel in iter_panels(dash["panels"]):
        pos = panel["gridPos"]
        assert pos["x"] + pos["w"] <= 24, f"{panel['title']} is wider than the grid"
        cells = {(pos["x"] + dx, pos["y"] + dy) for dx in range(pos["w"]) for dy in range(pos["h"])}
        assert not cells & occupied, f"{panel['title']} overlaps another panel"
        occupied |= cells
        if panel["type"] == "row":
            continue
        assert panel.get("datasource") == {"type": "prometheus", "uid": uid}, panel["title"]
        assert panel.get("targets"), f"{panel['title']} has no query"
        for target in panel["targets"]:
            assert target.get("datasource", {}).get("uid") == uid, panel["title"]
            assert target.get("expr", "").strip(), panel["title"]
        assert panel.get("description"), f"{panel['title']} has no description"

    for var in dash["templating"]["list"]:
        if var["type"] == "query":
            assert var["datasource"]["uid"] == uid
    for ann in dash["annotations"]["list"]:
        if ann.get("expr"):
            assert ann["datasource"]["uid"] == uid


def test_dashboard_metric_names() -> None:
    dash = load_dashboard()
    extra = recorded_series()
    problems = []
    used: set[str] = set()
    for where, expr in dashboard_queries(dash) + variable_queries(dash):
        problems += check_expression(where, expr, extra)
        with contextlib.suppress(ValueError):
            used |= {name for name, _ in scan_promql(expr)[0]}
    assert not problems, "\n".join(problems)

    # The dashboard shows every metric of the contract, and whether workers are up.
    shown = {re.sub(r"_(bucket|sum|count)$", "", name) for name in used}
    missing = [name for name in GAINSAY_METRICS if name not in shown]
    assert not missing, f"no panel shows {missing}"
    assert "up" in used


def test_dashboard_required_panels() -> None:
    titles = {p["title"].lower() for p in iter_panels(load_dashboard()["panels"])}
    for words in (("articles", "outcome"), ("claims", "polarity"), ("alerts", "type"),
                  ("dead letters", "error"), ("extraction time",), ("article → alert",),
                  ("batch size",), ("consumer lag", "partition"), ("workers up",)):
        assert any(all(w in t for w in words) for t in titles), f"no panel about {words}"
    heatmaps = [p for p in iter_panels(load_dashboard()["panels"]) if p["type"] == "heatmap"]
    assert heatmaps and heatmaps[0]["targets"][0]["format"] == "heatmap"


# ---------------------------------------------------------------------------
# The scanner itself
# ---------------------------------------------------------------------------
def test_promql_scanner() -> None:
    sels, grouping = scan_promql(
        'histogram_quantile(0.99, sum by (le) (rate(gainsay_extract_seconds_bucket'
        '{job="gainsay-worker", instance=~"$instance"}[$__rate_interval]))) > 1e-3'
    )
    assert sels == [("gainsay_extract_seconds_bucket",
                     {"job": "gainsay-worker", "instance": "$instance"})]
    assert grouping == {"le"}
    sels, grouping = scan_promql('a:b:c > 0.05 and on (job) sum(x) by (topic) or {__name__="up"}')
    assert [s[0] for s in sels] == ["a:b:c", "x", "up"] and grouping == {"job", "topic"}
    assert check_expression("t", "rate(gainsay_nope_total[1m])", {})
    assert check_expression("t", 'sum by (colour) (gainsay_alerts_total)', {})
    assert check_expression("t", 'gainsay_alerts_total{kind="x"}', {})
    assert not check_expression("t", 'sum by (type) (gainsay_alerts_total{type="denial"})', {})
    with pytest.raises(ValueError):
        scan_promql("sum(rate(x[1m])")
    assert grafana_to_promql('x{i=~"$instance"}[$__rate_interval]') == 'x{i=~".*"}[1m]'


# ---------------------------------------------------------------------------
# Cross-checks against the code, where it can be imported
# ---------------------------------------------------------------------------
def test_faust_contract_matches_installed_faust() -> None:
    """The FAUST_METRICS list is what faust.sensors.prometheus really defines."""
    pytest.importorskip("prometheus_client")
    sensor = pytest.importorskip("faust.sensors.prometheus")
    from prometheus_client import CollectorRegistry

    metrics = sensor.FaustMetrics.create(CollectorRegistry(), "faust")
    actual = {}
    for metric in metrics:
        name = metric._name + ("_total" if metric._type == "counter" else "")
        actual[name] = (metric._type, frozenset(metric._labelnames))
    assert actual == FAUST_METRICS


def test_gainsay_contract_matches_streams_metrics() -> None:
    """Every contract metric is defined in streams/metrics.py with its type and labels."""
    source_file = REPO / "streams/metrics.py"
    if not source_file.is_file():
        pytest.skip("streams/metrics.py does not exist yet")
    source = source_file.read_text(encoding="utf-8")
    for name, (kind, _) in GAINSAY_METRICS.items():
        base = name[: -len("_total")] if kind == "counter" else name
        assert re.search(rf"[\"']{base}(_total)?[\"']", source), f"{name} not in streams/metrics.py"

    pytest.importorskip("prometheus_client")
    from prometheus_client.metrics import MetricWrapperBase

    try:
        import streams.metrics as module
    except ImportError as exc:  # pragma: no cover - depends on the environment
        pytest.skip(f"streams.metrics cannot be imported here: {exc}")
    # Metrics are module globals, or fields of an object built by Metrics.create().
    holders: list[Any] = [vars(module)]
    factory = getattr(getattr(module, "Metrics", None), "create", None)
    if callable(factory):
        holders.append(vars(factory()))
    from prometheus_client import CollectorRegistry

    for extra in ("WebhookMetrics", "DeskMetrics"):  # created only when the feature runs
        holders.append(vars(getattr(module, extra).create(CollectorRegistry())))
    defined = {}
    for holder in holders:
        for value in holder.values():
            if isinstance(value, MetricWrapperBase):
                name = value._name + ("_total" if value._type == "counter" else "")
                defined[name] = (value._type, frozenset(value._labelnames))
    assert defined, "found no prometheus_client metric in streams.metrics"
    for name, expected in GAINSAY_METRICS.items():
        assert name in defined, f"{name} is not defined by streams.metrics"
        assert defined[name] == expected, f"{name}: defined as {defined[name]}, contract {expected}"
