"""`gainsay topics`, `produce` and `tail` against the real broker."""

from __future__ import annotations

import json
import uuid

import pytest
from typer.testing import CliRunner

from streams.cli import app
from streams.config import Settings
from streams.kafkaio.admin import describe_topics
from tests.factories import alert
from tests.integration.topic_reader import read_topic

pytestmark = pytest.mark.kafka
runner = CliRunner()


def _env(kafka_url: str) -> tuple[dict[str, str], Settings]:
    tag = uuid.uuid4().hex[:8]
    env = {
        "GAINSAY_KAFKA_URL": kafka_url,
        "GAINSAY_APP_ID": f"cli-{tag}",
        "GAINSAY_TOPIC_ARTICLES": f"c{tag}.articles",
        "GAINSAY_TOPIC_CLAIMS": f"c{tag}.claims",
        "GAINSAY_TOPIC_ALERTS": f"c{tag}.alerts",
        "GAINSAY_TOPIC_DLQ": f"c{tag}.articles.dlq",
        "GAINSAY_PARTITIONS": "3",
    }
    return env, Settings.from_env(env)


def _article(i: int) -> str:
    return json.dumps({"id": f"p-{i}", "published_at": "2015-01-01T00:00:00Z", "body": f"Text {i}."})


def test_topics_create_lists_every_topic_with_partitions(kafka_url):
    env, settings = _env(kafka_url)
    result = runner.invoke(app, ["topics", "--create"], env=env)
    assert result.exit_code == 0, result.output
    infos = {i.name: i for i in describe_topics(settings)}
    for name in (settings.topic_articles, settings.topic_claims, settings.topic_alerts, settings.topic_dlq):
        assert infos[name].partitions == 3
        assert name in result.stdout


def test_produce_sends_every_line_keyed_by_id(kafka_url, tmp_path):
    env, settings = _env(kafka_url)
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(_article(i) for i in range(7)) + "\n")
    result = runner.invoke(app, ["produce", str(path)], env=env)
    assert result.exit_code == 0, result.output
    records = read_topic(kafka_url, settings.topic_articles, expect=7, timeout=30, settle=1.0)
    assert sorted(k.decode() for k, _v, _h in records) == [f"p-{i}" for i in range(7)]
    assert {v for _k, v, _h in records} == {_article(i).encode() for i in range(7)}


def test_produce_refuses_a_file_with_a_bad_line_and_sends_nothing(kafka_url, tmp_path):
    env, settings = _env(kafka_url)
    path = tmp_path / "in.jsonl"
    path.write_text(_article(1) + "\n" + '{"id": "x", "body": 3}\n' + _article(2) + "\n")
    result = runner.invoke(app, ["produce", str(path)], env=env)
    assert result.exit_code == 2
    assert f"{path}:2: schema" in result.output
    info = {i.name: i for i in describe_topics(settings)}[settings.topic_articles]
    assert info.messages == 0

    result = runner.invoke(app, ["produce", str(path), "--skip-bad"], env=env)
    assert result.exit_code == 0
    assert len(read_topic(kafka_url, settings.topic_articles, expect=2, timeout=30)) == 2


def test_produce_counts_acknowledged_sends_and_fails_on_refused_ones(kafka_url, tmp_path):
    """Injected fault: the broker refuses records over the topic's max.message.bytes."""
    from kafka.admin import NewTopic

    from streams.kafkaio.admin import admin_client

    env, settings = _env(kafka_url)
    admin = admin_client(settings)
    admin.create_topics([NewTopic(settings.topic_articles, 1, 1,
                                  topic_configs={"max.message.bytes": "2000"})])
    admin.close()
    big = json.dumps({"id": "big", "published_at": "2015-01-01T00:00:00Z", "body": "x" * 5000})
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join([_article(1), big, _article(2)]) + "\n")
    result = runner.invoke(app, ["produce", str(path)], env=env)
    assert result.exit_code == 1, result.output
    assert "not sent big" in result.output
    records = read_topic(kafka_url, settings.topic_articles, expect=3, timeout=8, settle=1.0)
    on_topic = sorted(k.decode() for k, _v, _h in records)
    assert "big" not in on_topic and on_topic
    # the report is what the broker holds (kafka-python may fail a small record batched
    # with the refused one: then it is reported as not sent, never counted as sent)
    assert f"sent {len(on_topic)} articles (acknowledged); {3 - len(on_topic)} failed" in result.output


def test_tail_prints_alert_headlines(kafka_url):
    env, settings = _env(kafka_url)
    from kafka import KafkaProducer

    from tests.kafka_broker import bootstrap_from_url

    producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(kafka_url))
    record = alert()
    producer.send(settings.topic_alerts, key=record.alert_id.encode(), value=record.to_json().encode())
    producer.flush()
    producer.close()
    result = runner.invoke(app, ["tail", "--from-beginning", "--max", "1", "--idle-timeout", "20"], env=env)
    assert result.exit_code == 0, result.output
    assert "CONTRADICTION" in result.stdout and record.headline in result.stdout
