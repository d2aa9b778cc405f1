"""SASL/PLAIN, SCRAM-SHA-512, TLS and SASL over TLS against a real broker configured for
each (``secure_kafka``: certificates made by openssl in the test, random passwords).

`topics`, `produce`, `tail`, the worker and `replay` connect with nothing but the
``GAINSAY_KAFKA_*`` settings, and no secret shows up in their output, the worker's log or
``/metrics`` — nor in the error a wrong password gets.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from streams.bench.worker_process import isolated_settings, running_worker, settings_env
from streams.config import Settings
from tests.kafka_broker import SecureKafka
from tests.reliability.harness import Corpus, TopicLog, alert_copies

pytestmark = pytest.mark.kafka
REPO = Path(__file__).resolve().parents[2]
MODES = ["sasl-plain", "sasl-scram", "ssl", "sasl-ssl-scram"]


def _settings(secure: SecureKafka, mode: str, tmp_path: Path, **overrides) -> Settings:
    port, protocol, mechanism, user, password = {
        "sasl-plain": (secure.sasl_port, "SASL_PLAINTEXT", "PLAIN", secure.plain_user,
                       secure.plain_password),
        "sasl-scram": (secure.sasl_port, "SASL_PLAINTEXT", "SCRAM-SHA-512", secure.scram_user,
                       secure.scram_password),
        "ssl": (secure.ssl_port, "SSL", "", "", ""),
        "sasl-ssl-scram": (secure.sasl_ssl_port, "SASL_SSL", "SCRAM-SHA-512", secure.scram_user,
                           secure.scram_password),
    }[mode]
    values = dict(kafka_security_protocol=protocol, kafka_sasl_mechanism=mechanism,
                  kafka_sasl_username=user, kafka_sasl_password=password,
                  kafka_ssl_cafile=str(secure.cafile) if "SSL" in protocol else "")
    values.update(overrides)
    return isolated_settings(f"kafka://127.0.0.1:{port}", tmp_path, **values)


def _cli(settings: Settings, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "streams.cli", *args], cwd=REPO,
                          env=settings_env(settings), capture_output=True, text=True,
                          timeout=timeout, check=False)


def _secrets(secure: SecureKafka) -> list[str]:
    return [secure.plain_password, secure.scram_password]


def _assert_no_secret(secure: SecureKafka, where: str, text: str) -> None:
    for secret in _secrets(secure):
        assert secret not in text, f"a password appears in {where}"


def _seed_file(tmp_path: Path) -> Path:
    src = REPO.parent / "shared/data/gold/dev_articles.jsonl"
    seed = [line for line in src.read_text().splitlines() if '"seed-ara-001"' in line]
    assert seed, "seed article missing from the dev set"
    path = tmp_path / "seed.jsonl"
    path.write_text(seed[0] + "\n")
    return path


@pytest.mark.parametrize("mode", MODES)
def test_every_tool_connects_and_no_secret_leaks(secure_kafka, tmp_path, mode, extractor):
    settings = _settings(secure_kafka, mode, tmp_path)
    seed = _seed_file(tmp_path)
    expected = Corpus.load(extractor, [seed]).expected_ids(seed.read_bytes().splitlines())
    outputs: list[tuple[str, str]] = []

    def run(*args: str) -> subprocess.CompletedProcess:
        done = _cli(settings, *args)
        outputs.append((" ".join(args[:1]), done.stdout + done.stderr))
        assert done.returncode == 0, f"gainsay {' '.join(args)}:\n{done.stdout}\n{done.stderr}"
        return done

    assert settings.topic_articles in run("topics", "--create").stdout
    run("produce", str(seed))
    with running_worker(settings, tmp_path) as worker:
        alerts = TopicLog(settings, settings.topic_alerts)
        for _ in range(120):
            if set(alert_copies(alerts.poll(0.5))) >= expected:
                break
        alerts.close()
        assert set(alert_copies(alerts.records)) == expected, f"over {mode}:\n{worker.log_tail()}"
        outputs.append(("/metrics", worker.get("/metrics")))
        outputs.append(("/healthz", worker.get("/healthz")))
    outputs.append(("worker log", worker.log_path.read_text(errors="replace")))
    tail = run("tail", "--from-beginning", "--max", "1", "--idle-timeout", "30", "--json")
    assert json.loads(tail.stdout.splitlines()[0])["alert_id"] in alert_copies(alerts.records)
    if mode == "sasl-ssl-scram":  # replay runs the worker again: once is enough
        replayed = tmp_path / "replayed.jsonl"
        done = _cli(settings, "replay", "--from-beginning", "--app-id", f"{settings.app_id}-replay",
                    "--out", str(replayed), "--cleanup", timeout=600)
        outputs.append(("replay", done.stdout + done.stderr))
        assert done.returncode == 0, done.stdout + done.stderr
        ids = {json.loads(line)["alert_id"] for line in replayed.read_text().splitlines()}
        assert ids == expected
    for where, text in outputs:
        _assert_no_secret(secure_kafka, f"{mode} {where}", text)


@pytest.mark.parametrize("mode", ["sasl-plain", "sasl-ssl-scram"])
def test_a_wrong_password_fails_clearly_without_echoing_it(secure_kafka, tmp_path, mode):
    wrong = "Wr0ng-" + os.urandom(6).hex()
    settings = _settings(secure_kafka, mode, tmp_path, kafka_sasl_password=wrong)
    done = _cli(settings, "topics", timeout=180)
    text = done.stdout + done.stderr
    assert done.returncode != 0, text
    assert wrong not in text
    _assert_no_secret(secure_kafka, f"{mode} error", text)
    assert "Traceback" not in text and "refused the authentication?" in text, text[-2000:]
    assert settings.kafka_sasl_mechanism in text  # says how it tried


def test_settings_never_print_the_password():
    settings = Settings(kafka_sasl_password="s3cret-value")
    assert "s3cret-value" not in repr(settings) and "s3cret-value" not in str(settings)
