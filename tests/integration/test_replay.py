"""`gainsay replay` on the real broker: a fixed range, isolated state, ends by itself.

Each replay runs a real `gainsay worker` child process; the tests compare alert ids with
`detect` over the same articles, and two replays of one range with each other.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from kafka import KafkaAdminClient, KafkaProducer

from streams.config import Settings
from streams.judge.stance import JudgeSettings
from streams.kafkaio.admin import describe_topics, ensure_topics
from streams.kafkaio.offsets import capture_range
from streams.kafkaio.replay import run_replay
from streams.kafkaio.replay_worker import worker_env
from streams.offline.detect import detect
from streams.records import Article
from tests.kafka_broker import bootstrap_from_url

pytestmark = pytest.mark.kafka
REPO = Path(__file__).resolve().parents[2]
BASE_MS = int((datetime.now(UTC) - timedelta(hours=1)).timestamp() * 1000)


def history_settings(kafka_url: str, tmp_path: Path) -> Settings:
    tag = uuid.uuid4().hex[:8]
    return Settings(kafka_url=kafka_url, app_id=f"live-{tag}", topic_articles=f"h{tag}.articles",
                    topic_claims=f"h{tag}.claims", topic_alerts=f"h{tag}.alerts",
                    topic_dlq=f"h{tag}.articles.dlq", data_dir=str(tmp_path / "live"), pool_size=1)


@pytest.fixture
def history(kafka_url, tmp_path, dev_articles_path):
    """The dev articles on an articles topic in event-time order, record i stamped BASE + i s."""
    settings = history_settings(kafka_url, tmp_path)
    ensure_topics(settings)
    raws = dev_articles_path.read_bytes().splitlines()
    articles = sorted((Article.from_dict(json.loads(r)) for r in raws if r.strip()),
                      key=lambda a: (a.published_at, a.id))
    produce(settings, [(a.id.encode(), a.to_json().encode()) for a in articles])
    return settings, articles


def produce(settings: Settings, records: list[tuple[bytes, bytes]], first: int = 0) -> None:
    producer = KafkaProducer(bootstrap_servers=bootstrap_from_url(settings.kafka_url))
    for i, (key, value) in enumerate(records, start=first):
        producer.send(settings.topic_articles, key=key, value=value, timestamp_ms=BASE_MS + 1000 * i)
    producer.flush()
    producer.close()


def at(i: int) -> str:
    return datetime.fromtimestamp((BASE_MS + 1000 * i) / 1000, UTC).isoformat()


def detected_ids(articles: list[Article], extractor) -> set[str]:
    return {a.alert_id for a in detect(articles, extractor, settings=JudgeSettings())}


def cli_replay(settings: Settings, tmp_path: Path, *args: str) -> tuple[dict, set[str], str]:
    out = tmp_path / f"alerts-{uuid.uuid4().hex[:6]}.jsonl"
    done = subprocess.run([sys.executable, "-m", "streams.cli", "replay", *args, "--json", "--out", str(out),
                           "--idle-timeout", "60"],
                          cwd=REPO, env=worker_env(settings), capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    ids = {json.loads(line)["alert_id"] for line in out.read_text().splitlines()}
    return json.loads(done.stdout), ids, done.stderr


def topics_of(settings: Settings, app_id: str) -> list[str]:
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers)
    try:
        return sorted(t for t in admin.list_topics() if t.startswith((f"{app_id}.", f"{app_id}-")))
    finally:
        admin.close()


def test_two_replays_agree_with_each_other_and_with_detect(history, tmp_path, extractor):
    settings, articles = history
    expected = detected_ids(articles, extractor)
    assert len(expected) >= 10  # the dev set has denials and contradictions to find

    # 1: the CLI, from the beginning, cleaning up after itself
    first_id = settings.app_id + "-r1"
    summary, first, stderr = cli_replay(settings, tmp_path, "--from-beginning", "--app-id", first_id,
                                        "--cleanup")
    assert first == expected
    assert summary["articles"] == len(articles) and summary["dead_letters"] == 0
    assert summary["alerts"] == len(expected)
    assert sum(summary["alerts_by_type"].values()) == len(expected)
    assert summary["claims"] >= len(articles) and summary["articles_per_s"] > 0
    assert "Replay summary" in stderr and "throughput" in stderr
    assert topics_of(settings, first_id) == []
    assert f"{first_id}.alerts" in summary["topics_removed"]

    # 2: in process; records arriving after the start are not part of the replay
    rng = capture_range(settings, settings.topic_articles)
    late = [(b"late-%d" % i, a.to_json().replace(a.id, f"late-{i}").encode())
            for i, a in enumerate(articles[:3])]
    seen: list[str] = []

    def on_progress(phase: str, done: int, total: int | None) -> None:
        if phase == "articles" and "articles" not in seen:
            produce(settings, late, first=len(articles))
        seen.append(phase)

    second_id = settings.app_id + "-r2"
    summary2, alerts = run_replay(settings, second_id, rng, on_progress=on_progress, remove=True)
    assert {a["alert_id"] for a in alerts} == expected
    assert summary2.articles == len(articles)
    assert summary2.alerts_by_type == summary["alerts_by_type"]
    assert {"copy", "articles", "claims"} <= set(seen)
    live = {i.name: i for i in describe_topics(settings)}
    assert live[settings.topic_articles].messages == len(articles) + len(late)  # the late ones did land
    assert live[settings.topic_alerts].messages == 0, "a replay wrote to the live alerts topic"


def test_a_time_range_replays_only_its_articles_and_dead_letters_bad_ones(history, tmp_path, extractor):
    settings, articles = history
    n = len(articles)
    produce(settings, [(b"broken", b"{not json")], first=n)           # inside the range
    produce(settings, [(b"after", articles[0].to_json().encode())], first=n + 5)  # after --until
    lo, hi = 4, n + 2   # records stamped BASE+4 s .. BASE+n s, plus the broken one
    window = articles[lo:]
    expected = detected_ids(window, extractor)
    assert expected != detected_ids(articles, extractor)  # the window really changes the answer

    app_id = settings.app_id + "-window"
    summary, ids, _ = cli_replay(settings, tmp_path, "--since", at(lo), "--until", at(hi),
                                 "--app-id", app_id)
    assert ids == expected
    assert summary["articles"] == len(window) + 1
    assert summary["dead_letters"] == 1
    assert topics_of(settings, app_id)  # kept without --cleanup ...
    again = subprocess.run([sys.executable, "-m", "streams.cli", "replay", "--since", at(lo),
                            "--app-id", app_id], cwd=REPO, env=worker_env(settings),
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 2 and "was used before" in again.stderr  # ... and never mixed
    removed = subprocess.run([sys.executable, "-m", "streams.cli", "replay", "--app-id", app_id,
                              "--cleanup"], cwd=REPO, env=worker_env(settings),
                             capture_output=True, text=True, timeout=120)
    assert removed.returncode == 0, removed.stderr
    assert topics_of(settings, app_id) == []


def test_an_empty_range_ends_at_once_without_a_worker(history, tmp_path):
    settings, _articles = history
    app_id = settings.app_id + "-empty"
    started = time.monotonic()
    summary, ids, _ = cli_replay(settings, tmp_path, "--since", at(10_000), "--app-id", app_id,
                                 "--cleanup")
    assert ids == set() and summary["articles"] == 0 and summary["alerts"] == 0
    assert time.monotonic() - started < 30
    assert not (Path(settings.data_dir).parent / app_id).exists()


def test_the_live_app_id_is_refused(history, tmp_path):
    settings, _articles = history
    live = settings.app_id
    for args in (("--from-beginning", "--app-id", live), ("--app-id", live, "--cleanup")):
        done = subprocess.run([sys.executable, "-m", "streams.cli", "replay", *args], cwd=REPO,
                              env=worker_env(settings), capture_output=True, text=True, timeout=120)
        assert done.returncode == 2 and "live app id" in done.stderr


def test_replay_knows_the_workers_internal_topics_by_their_real_names(tmp_path):
    from streams.app.factory import create_app
    from streams.kafkaio.replay import TABLES, app_topics, internal_topics, repartition_topics

    settings = history_settings("kafka://127.0.0.1:1", tmp_path)
    gainsay = create_app(settings)
    assert repartition_topics(settings) == [gainsay.topics.actor_events.get_topic_name()]
    changelogs = {t.changelog_topic.get_topic_name() for t in gainsay.app.tables.values()}
    assert sorted(TABLES) == sorted(gainsay.app.tables)
    assert changelogs <= set(internal_topics(settings))
    # cleanup matches exact names: another app id with the same prefix is never touched
    other = history_settings("kafka://127.0.0.1:1", tmp_path)
    other = type(other)(**{**vars(other), "app_id": settings.app_id + "-2"})
    theirs = internal_topics(other)
    assert app_topics([*theirs, *internal_topics(settings)], settings) == sorted(internal_topics(settings))
