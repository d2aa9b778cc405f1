"""Run a real `gainsay worker` process (bench and tests): start, wait until ready, stop by pid.

A measuring harness, not part of the runtime: it lives with the bench, which ships it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from streams.config import Settings

REPO = Path(__file__).resolve().parents[2]
#: run workers from the checkout when there is one (an installed package runs from anywhere)
WORK_DIR = REPO if (REPO / "pyproject.toml").is_file() else None


def free_port() -> int:
    """A TCP port on loopback that nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Worker:
    process: subprocess.Popen
    web: str
    settings: Settings
    log_path: Path
    log_start: int = 0
    log_file: Any = None

    def get(self, path: str, timeout: float = 5.0) -> str:
        with urllib.request.urlopen(self.web + path, timeout=timeout) as resp:  # noqa: S310
            return resp.read().decode("utf-8")

    def wait_metric(self, name: str, at_least: float, timeout: float, **labels: str) -> str:
        """Poll /metrics until ``name`` (summed over matching labels) reaches ``at_least``
        or ``timeout`` passes; return the last exposition text either way."""
        deadline = time.monotonic() + timeout
        while True:
            text = self.get("/metrics")
            if metric_value(text, name, **labels) >= at_least or time.monotonic() > deadline:
                return text
            time.sleep(0.2)

    def log_tail(self, lines: int = 60) -> str:
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def isolated_settings(kafka_url: str, tmp: Path, **overrides) -> Settings:
    """Settings with unique app id and topic names, so tests never share state."""
    tag = uuid.uuid4().hex[:8]
    values = dict(
        kafka_url=kafka_url,
        app_id=f"gainsay-test-{tag}",
        topic_articles=f"t{tag}.articles",
        topic_claims=f"t{tag}.claims",
        topic_alerts=f"t{tag}.alerts",
        topic_dlq=f"t{tag}.articles.dlq",
        data_dir=str(tmp / f"worker-{tag}"),
        web_port=free_port(),
        pool_size=1,
    )
    values.update(overrides)
    return Settings(**values)


def settings_env(settings: Settings) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GAINSAY_")}
    for name, value in vars(settings).items():
        env[f"GAINSAY_{name.upper()}"] = str(value)
    return env


def spawn_worker(settings: Settings, log_dir: Path, command: tuple[str, ...] = ("worker",),
                 log_name: str | None = None, module: str = "streams.cli",
                 extra_env: dict[str, str] | None = None) -> Worker:
    """Start `gainsay worker` (or another worker-running command) without waiting for it.
    ``module`` runs the CLI through another entry point (the reliability tests'
    fault-injecting one)."""
    log_path = log_dir / f"{log_name or settings.app_id}.log"
    start = log_path.stat().st_size if log_path.exists() else 0
    log_file = open(log_path, "ab")  # noqa: SIM115 - a restarted worker appends; closed by stop_worker
    process = subprocess.Popen(
        [sys.executable, "-m", module, *command, "--loglevel", "info"],
        cwd=WORK_DIR, env={**settings_env(settings), **(extra_env or {})}, stdout=log_file,
        stderr=subprocess.STDOUT,
    )
    return Worker(process, f"http://127.0.0.1:{settings.web_port}", settings, log_path,
                  log_start=start, log_file=log_file)


def wait_ready(worker: Worker, ready_timeout: float = 120.0) -> None:
    """Block until the worker's NLP pool is loaded and /healthz answers."""
    deadline = time.monotonic() + ready_timeout
    while True:
        if worker.process.poll() is not None:
            raise RuntimeError(f"worker exited with {worker.process.returncode}:\n{worker.log_tail()}")
        if "extraction pool ready" in worker.log_path.read_text(errors="replace")[worker.log_start:]:
            with contextlib.suppress(OSError):
                worker.get("/healthz", timeout=1.0)
                return
        if time.monotonic() > deadline:
            raise TimeoutError(f"worker not ready in {ready_timeout}s:\n{worker.log_tail()}")
        time.sleep(0.5)


def stop_worker(worker: Worker) -> None:
    """SIGTERM by pid, SIGKILL if it does not stop within 30 s."""
    process = worker.process
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
    if worker.log_file is not None:
        worker.log_file.close()


@contextlib.contextmanager
def running_worker(settings: Settings, log_dir: Path, ready_timeout: float = 120.0,
                   command: tuple[str, ...] = ("worker",), log_name: str | None = None,
                   module: str = "streams.cli",
                   extra_env: dict[str, str] | None = None) -> Iterator[Worker]:
    """Start `gainsay worker` (or another worker-running command such as `replay`), wait for
    /healthz and the NLP pool, and stop it by pid afterwards."""
    worker = spawn_worker(settings, log_dir, command, log_name, module, extra_env)
    try:
        wait_ready(worker, ready_timeout)
        yield worker
    finally:
        stop_worker(worker)


def metric_value(metrics_text: str, name: str, **labels: str) -> float:
    """Sum of the samples of ``name`` whose labels include ``labels`` (0 if none)."""
    total = 0.0
    for line in metrics_text.splitlines():
        if not line.startswith(name) or line.startswith("#"):
            continue
        head, _, value = line.rpartition(" ")
        if head.split("{")[0] != name:
            continue
        if all(f'{k}="{v}"' in head for k, v in labels.items()):
            total += float(value)
    return total
