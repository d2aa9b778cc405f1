"""Pytest plugin: a real single-node Apache Kafka broker for the test session.

Register it with ``pytest_plugins = ["tests.kafka_broker"]`` (in tests/conftest.py
or in a test module).

* ``kafka_url`` (session): ``$GAINSAY_KAFKA_URL`` if set (``kafka://host:port``),
  otherwise the URL of a broker started with ``deploy/kafka/kafka.sh`` on free
  loopback ports, with data and logs in a pytest tmp dir, stopped (by pid) at
  the end of the session.
* ``bootstrap`` (session): the same broker as ``host:port[,host:port]`` for
  kafka-python / aiokafka.
* ``local_kafka`` (session): the :class:`LocalKafka` started by this plugin;
  skips the test when ``$GAINSAY_KAFKA_URL`` points at an external broker.
* :func:`new_topic_name` makes unique topic / group names.
"""

from __future__ import annotations

import os
import secrets
import shutil
import socket
import subprocess
import uuid
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
KAFKA_SH = REPO_ROOT / "deploy" / "kafka" / "kafka.sh"
URL_ENV = "GAINSAY_KAFKA_URL"

_START_ATTEMPTS = 3  # free ports can be taken between picking and binding
EXTRA_PORTS = 3  # SASL_PLAINTEXT, SSL and SASL_SSL listeners of the secure broker
Extra = Callable[[list[int], Path], dict[str, str]]


@dataclass(frozen=True)
class LocalKafka:
    """A broker managed by kafka.sh; ``env`` is what start/stop/status need."""

    port: int
    controller_port: int
    run_dir: Path
    data_dir: Path
    env: Mapping[str, str]

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"kafka://{self.bootstrap}"

    def pid(self) -> int | None:
        try:
            return int((self.run_dir / "kafka.pid").read_text().strip())
        except (OSError, ValueError):
            return None


def new_topic_name(prefix: str = "test") -> str:
    """A topic (or consumer group) name that is unique across runs."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def bootstrap_from_url(url: str) -> str:
    """``kafka://h1:p1;kafka://h2:p2`` (Faust style) -> ``h1:p1,h2:p2``."""
    hosts = []
    for part in url.replace(";", ",").split(","):
        part = part.strip()
        if part:
            hosts.append(part.split("://", 1)[-1].rstrip("/"))
    if not hosts:
        raise ValueError(f"no broker address in {url!r}")
    return ",".join(hosts)


def run_kafka_sh(
    command: str, env: Mapping[str, str], timeout: float = 180
) -> subprocess.CompletedProcess[str]:
    """Run ``deploy/kafka/kafka.sh <command>`` with ``env``; never raises on exit code."""
    return subprocess.run(
        ["bash", str(KAFKA_SH), command],
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


def free_ports(count: int) -> list[int]:
    """``count`` distinct free TCP ports on 127.0.0.1 (free at the time of asking)."""
    sockets: list[socket.socket] = []
    try:
        for _ in range(count):
            s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _describe(result: subprocess.CompletedProcess[str]) -> str:
    return (
        f"exit {result.returncode}\n"
        f"--- stdout ---\n{result.stdout}\n"
        f"--- stderr ---\n{result.stderr}"
    )


def start_local_kafka(base_dir: Path, extra: Extra | None = None) -> LocalKafka:
    """Fetch the jars if needed and start a broker on free ports under ``base_dir``.

    ``extra(ports, directory)`` may return more environment for kafka.sh (extra listeners
    on the ``EXTRA_PORTS`` ports it is given, SCRAM users); see :func:`secure_kafka`.
    """
    fetched = run_kafka_sh("fetch", os.environ, timeout=900)
    if fetched.returncode != 0:
        pytest.fail(f"kafka.sh fetch failed: {_describe(fetched)}", pytrace=False)
    last: subprocess.CompletedProcess[str] | None = None
    for attempt in range(_START_ATTEMPTS):
        port, controller_port, *more = free_ports(2 + (EXTRA_PORTS if extra else 0))
        run_dir = base_dir / f"run-{attempt}"
        data_dir = base_dir / f"data-{attempt}"
        env = {
            **os.environ,
            "KAFKA_PORT": str(port),
            "KAFKA_CONTROLLER_PORT": str(controller_port),
            "KAFKA_RUN_DIR": str(run_dir),
            "KAFKA_DATA_DIR": str(data_dir),
            "KAFKA_CLEAN": "1",
        }
        if extra:
            env.update(extra([port, controller_port, *more], base_dir / f"conf-{attempt}"))
        broker = LocalKafka(port, controller_port, run_dir, data_dir, env)
        last = run_kafka_sh("start", env)
        if last.returncode == 0:
            return broker
        run_kafka_sh("stop", env)  # no-op unless something was left behind
        if "already in use" not in last.stderr:
            break
    assert last is not None
    pytest.fail(f"kafka.sh start failed: {_describe(last)}", pytrace=False)


@pytest.fixture(scope="session")
def local_kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalKafka]:
    if os.environ.get(URL_ENV):
        pytest.skip(f"{URL_ENV} is set: using an external broker, not kafka.sh")
    broker = start_local_kafka(tmp_path_factory.mktemp("kafka"))
    try:
        yield broker
    finally:
        stopped = run_kafka_sh("stop", broker.env)
        if stopped.returncode != 0:
            raise RuntimeError(f"kafka.sh stop failed: {_describe(stopped)}")


@pytest.fixture(scope="session")
def kafka_url(request: pytest.FixtureRequest) -> str:
    external = os.environ.get(URL_ENV)
    if external:
        return external
    broker: LocalKafka = request.getfixturevalue("local_kafka")
    return broker.url


@pytest.fixture(scope="session")
def bootstrap(kafka_url: str) -> str:
    return bootstrap_from_url(kafka_url)


# ----------------------------------------------------------------------- secure broker


@dataclass(frozen=True)
class SecureKafka:
    """A broker with SASL_PLAINTEXT, SSL and SASL_SSL listeners (its own CA, random secrets).

    SASL accepts PLAIN (user ``plain_user``) and SCRAM-SHA-512 (user ``scram_user``); the
    PLAINTEXT listener stays for the broker itself (inter-broker traffic, readiness).
    """

    broker: LocalKafka
    sasl_port: int
    ssl_port: int
    sasl_ssl_port: int
    cafile: Path
    plain_user: str
    plain_password: str
    scram_user: str
    scram_password: str


def make_tls_material(directory: Path) -> tuple[Path, Path]:
    """A throwaway CA and a server certificate for 127.0.0.1 / localhost, with openssl.

    Returns (CA bundle for clients, PEM keystore for the broker: PKCS#8 key + chain)."""
    if shutil.which("openssl") is None:
        pytest.fail("openssl not found: needed to make the TLS test certificates "
                    "(apt-get install openssl)", pytrace=False)
    directory.mkdir(parents=True, exist_ok=True)

    def openssl(*args: str) -> None:
        done = subprocess.run(["openssl", *args], cwd=directory, capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            pytest.fail(f"openssl {' '.join(args)} failed: {done.stderr}", pytrace=False)

    (directory / "san.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem",
            "-days", "2", "-subj", "/CN=gainsay-test-ca")
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr",
            "-subj", "/CN=localhost")
    openssl("x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key",
            "-CAcreateserial", "-out", "server.pem", "-days", "2", "-extfile", "san.cnf")
    openssl("pkcs8", "-topk8", "-nocrypt", "-in", "server.key", "-out", "server.p8")
    keystore = directory / "keystore.pem"
    keystore.write_text((directory / "server.p8").read_text() + (directory / "server.pem").read_text())
    return directory / "ca.pem", keystore


def _secure_properties(ports: list[int], keystore: Path, plain: tuple[str, str]) -> str:
    port, controller, sasl, tls, sasl_tls = ports
    plain_jaas = ('org.apache.kafka.common.security.plain.PlainLoginModule required '
                  f'user_{plain[0]}="{plain[1]}";')
    scram_jaas = "org.apache.kafka.common.security.scram.ScramLoginModule required;"
    lines = [
        f"listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{controller},"
        f"SASLPLAIN://127.0.0.1:{sasl},TLS://127.0.0.1:{tls},SASLTLS://127.0.0.1:{sasl_tls}",
        f"advertised.listeners=PLAINTEXT://127.0.0.1:{port},SASLPLAIN://127.0.0.1:{sasl},"
        f"TLS://127.0.0.1:{tls},SASLTLS://127.0.0.1:{sasl_tls}",
        "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,"
        "SASLPLAIN:SASL_PLAINTEXT,TLS:SSL,SASLTLS:SASL_SSL",
        "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512",
        "ssl.keystore.type=PEM",
        f"ssl.keystore.location={keystore}",
        "ssl.client.auth=none",
    ]
    for listener in ("saslplain", "sasltls"):
        lines.append(f"listener.name.{listener}.plain.sasl.jaas.config={plain_jaas}")
        lines.append(f"listener.name.{listener}.scram-sha-512.sasl.jaas.config={scram_jaas}")
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def secure_kafka(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureKafka]:
    base = tmp_path_factory.mktemp("kafka-secure")
    cafile, keystore = make_tls_material(base / "tls")
    plain = ("plain-user", secrets.token_urlsafe(18))
    scram = ("scram-user", secrets.token_urlsafe(18))
    chosen: list[int] = []

    def extra(ports: list[int], conf_dir: Path) -> dict[str, str]:
        conf_dir.mkdir(parents=True, exist_ok=True)
        props = conf_dir / "secure.properties"
        props.write_text(_secure_properties(ports, keystore, plain))
        chosen[:] = ports
        return {"KAFKA_EXTRA_PROPERTIES": str(props), "KAFKA_SCRAM_USERS": f"{scram[0]}={scram[1]}"}

    broker = start_local_kafka(base, extra)
    try:
        yield SecureKafka(broker, chosen[2], chosen[3], chosen[4], cafile, *plain, *scram)
    finally:
        stopped = run_kafka_sh("stop", broker.env)
        if stopped.returncode != 0:
            raise RuntimeError(f"kafka.sh stop failed: {_describe(stopped)}")
