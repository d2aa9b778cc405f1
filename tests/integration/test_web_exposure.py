"""Exposure of the worker's web server (issue 11): loopback only by default, read-only,
and every query and path parameter bounded (400 beyond its limit, with the reason)."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from streams.bench.worker_process import metric_value
from streams.config import Settings
from tests.integration.front_worker import DESK_MAX_CLIENTS, FrontWorker, front_worker  # noqa: F401

pytestmark = pytest.mark.kafka

OUR_PATHS = ["/metrics", "/healthz", "/alerts/recent", "/actors/sdf", "/propositions/x",
             "/desk", "/desk/static/desk.js", "/desk/alerts", "/desk/events"]
FAUST_PATHS = ["/", "/router/", "/table/actors/sdf/", "/stats/", "/graph/"]


def status(url: str, method: str = "GET", headers: dict[str, str] | None = None) -> tuple[int, str]:
    request = urllib.request.Request(url, method=method, headers=headers or {},
                                     data=b"{}" if method in {"POST", "PUT", "PATCH"} else None)
    try:
        with urllib.request.urlopen(request, timeout=5) as resp:  # noqa: S310 - loopback
            return resp.status, "" if "events" in url else resp.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode(errors="replace")


def listening_addresses(port: int) -> set[str]:
    """Local addresses (hex, as in /proc/net/tcp*) of sockets listening on ``port``."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, hex_port = local.rsplit(":", 1)
            if state == "0A" and int(hex_port, 16) == port:  # 0A = LISTEN
                found.add(address)
    return found


def test_binds_to_loopback_unless_configured(front_worker: FrontWorker) -> None:  # noqa: F811
    assert Settings().web_host == "127.0.0.1"
    assert Settings.from_env({}).web_host == "127.0.0.1"
    assert Settings.from_env({"GAINSAY_WEB_HOST": "0.0.0.0"}).web_host == "0.0.0.0"
    assert listening_addresses(front_worker.settings.web_port) == {"0100007F"}, \
        "the worker must listen on 127.0.0.1 only"


def test_every_route_is_read_only(front_worker: FrontWorker) -> None:  # noqa: F811
    base = front_worker.worker.web
    for path in OUR_PATHS + FAUST_PATHS:
        for method in ("POST", "PUT", "PATCH", "DELETE"):
            code, _ = status(base + path, method)
            assert code in {404, 405}, f"{method} {path} answered {code}"
    for path in OUR_PATHS[:3] + ["/desk", "/desk/alerts"]:
        assert status(base + path)[0] == 200, path


def test_every_route_registered_in_process_is_get_or_head(tmp_path: Path) -> None:
    from streams.app.factory import create_app

    web = create_app(Settings(data_dir=str(tmp_path))).app.web
    methods = {route.method for route in web.web_app.router.routes()}
    assert methods == {"GET", "HEAD"}


LONG = "x" * 513  # GAINSAY_WEB_MAX_PARAM_CHARS defaults to 512


@pytest.mark.parametrize(("path", "reason"), [
    ("/alerts/recent?type=" + LONG, "type is 513 characters, limit 512"),
    ("/alerts/recent?type=rumour", "type must be one of denial"),
    ("/alerts/recent?limit=ten", "limit must be an integer"),
    ("/alerts/recent?limit=" + "9" * 21, "limit is 21 characters, limit 20"),
    ("/desk/alerts?actor=" + LONG, "actor is 513 characters"),
    ("/desk/alerts?type=" + LONG, "type is 513 characters"),
    ("/desk/alerts?after=-x", "after must be an integer"),
    ("/desk/alerts?limit=" + "1" * 21, "limit is 21 characters"),
    ("/actors/" + LONG, "actor id is 513 characters"),
    ("/propositions/" + LONG, "proposition key is 513 characters"),
    ("/desk/static/" + "a" * 101, "name is 101 characters, limit 100"),
])
def test_parameter_limits(front_worker: FrontWorker, path: str, reason: str) -> None:  # noqa: F811
    code, body = status(front_worker.worker.web + path)
    assert code == 400, (path[:60], code, body[:200])
    assert reason in json.loads(body)["error"]


def test_limits_clamp_and_unknown_files_404(front_worker: FrontWorker) -> None:  # noqa: F811
    base = front_worker.worker.web
    code, body = status(base + "/alerts/recent?limit=100000")
    assert code == 200 and len(json.loads(body)["alerts"]) <= front_worker.settings.recent_alerts
    assert status(base + "/desk/static/..%2F..%2Fconfig.py")[0] == 404
    assert status(base + "/desk/static/secrets.txt")[0] == 404
    code, _ = status(base + "/alerts/recent?pad=" + "y" * 20_000)
    assert code in {400, 414, 431}, "aiohttp bounds the request line"
    # a browser asking for an actor gets the page; scripts keep getting JSON
    assert "<title>Actor" in status(base + "/actors/sdf", headers={"Accept": "text/html"})[1]
    assert status(base + "/actors/nobody-at-all")[0] == 404


def test_open_desk_streams_are_limited(front_worker: FrontWorker) -> None:  # noqa: F811
    url = front_worker.worker.web + "/desk/events"
    streams = []
    try:
        for _ in range(DESK_MAX_CLIENTS + 2):
            code, body = status(url) if len(streams) >= DESK_MAX_CLIENTS else (0, "")
            if code:
                break
            streams.append(urllib.request.urlopen(url, timeout=10))  # noqa: S310 - loopback
            assert streams[-1].readline() == b"retry: 2000\n"
        assert code == 503 and "the limit" in json.loads(body)["error"]
        metrics = front_worker.worker.get("/metrics")
        assert metric_value(metrics, "gainsay_desk_clients") == DESK_MAX_CLIENTS
    finally:
        for stream in streams:
            stream.close()
