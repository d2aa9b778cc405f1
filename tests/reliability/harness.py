"""What the fault tests share: articles with their offline answer, topic readers, and the
checks that nothing was lost (committed offsets, alert ids, duplicates)."""

from __future__ import annotations

import json
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from kafka import KafkaAdminClient, KafkaConsumer, KafkaProducer, TopicPartition
from kafka.errors import KafkaError

from streams.bench.worker_process import isolated_settings
from streams.config import Settings
from streams.judge.stance import JudgeSettings
from streams.kafkaio.group_lag import committed_lag
from streams.offline.detect import judge_stream
from streams.records import Article, Claim

REPO = Path(__file__).resolve().parents[2]
ARTICLE_SETS = (REPO.parent / "shared/data/gold/dev_articles.jsonl",
                REPO / "tests/data/fresh/articles.jsonl")


@dataclass
class Corpus:
    """Articles (raw lines) and their claims, extracted once offline."""

    lines: list[bytes]
    claims: dict[str, list[Claim]]

    @classmethod
    def load(cls, extractor, paths=ARTICLE_SETS) -> Corpus:
        lines = [raw for p in paths for raw in Path(p).read_bytes().splitlines() if raw.strip()]
        articles = [Article.from_dict(json.loads(raw)) for raw in lines]
        claims = {a.id: found for a, found in extractor.extract_many(articles, batch_size=16)}
        return cls(lines, claims)

    def article_id(self, raw: bytes) -> str:
        return json.loads(raw)["id"]

    def expected_ids(self, lines: list[bytes]) -> set[str]:
        """`gainsay detect` over these articles (its judge over the same claims)."""
        return set(self.expected_alerts(lines))

    def expected_alerts(self, lines: list[bytes]) -> dict[str, dict]:
        """The offline alerts by id, for saying what a run lost."""
        pairs = [(Article.from_dict(json.loads(raw)), self.claims[self.article_id(raw)])
                 for raw in lines]
        return {a.alert_id: a.to_dict() for a in judge_stream(pairs, settings=JudgeSettings())}

    def describe(self, lines: list[bytes], alert_ids: set[str],
                 delivered: dict[str, list[dict]] | None = None) -> list[str]:
        """One line per alert id: type, key, articles and speakers (a failure's message).
        An id offline never raised is described from its ``delivered`` copy, if any."""
        alerts = {**{i: copies[0] for i, copies in (delivered or {}).items() if copies},
                  **self.expected_alerts(lines)}
        return [f"{i} {a['type']} {a['proposition']['key']} {a['article_ids']} "
                f"{[(c['speaker']['id'], c['polarity'], c['claim_id'][:12]) for c in a['claims']]}"
                if (a := alerts.get(i)) else f"{i} (not an offline alert)"
                for i in sorted(alert_ids)]


def fault_settings(kafka_url: str, tmp: Path, **overrides) -> Settings:
    """Worker settings for the fault tests: small batches (many offsets in flight when the
    fault hits), a short session, and no sweep for quiet keys.

    The articles span nine months out of event-time order (the fresh set is older than the
    dev set it follows). The sweep forgets a key once it is more than the retention behind
    its partition's newest claim, so a story whose claims arrive that late may meet an
    empty state or a full one depending on when the sweep ran (streams/judge/expiry.py:
    beyond the allowed lateness nothing is promised). That is the sweep's behaviour, tested
    on its own (tests/integration/test_pipeline_corpus_parity.py, on time-ordered corpus
    text); here it would make the offline answer a matter of timing."""
    values = dict(batch_size=2, session_timeout_s=6.0, stance_sweep_s=0.0)
    return isolated_settings(kafka_url, tmp, **{**values, **overrides})


def produce(settings: Settings, lines: list[bytes], topic: str | None = None) -> None:
    producer = KafkaProducer(bootstrap_servers=settings.bootstrap_servers, acks="all",
                             **settings.kafka_python_security())
    futures = [producer.send(topic or settings.topic_articles,
                             key=json.loads(raw)["id"].encode(), value=raw) for raw in lines]
    for future in futures:
        future.get(timeout=30)
    producer.close()


@dataclass
class TopicLog:
    """Everything on a topic so far, read incrementally by an independent consumer."""

    settings: Settings
    topic: str
    records: list = field(default_factory=list)
    _consumer: KafkaConsumer | None = None

    def poll(self, seconds: float = 0.5) -> list:
        if self._consumer is None:
            self._consumer = KafkaConsumer(bootstrap_servers=self.settings.bootstrap_servers,
                                           group_id=None, enable_auto_commit=False,
                                           **self.settings.kafka_python_security())
            parts = self._consumer.partitions_for_topic(self.topic) or set()
            tps = [TopicPartition(self.topic, p) for p in parts]
            self._consumer.assign(tps)
            self._consumer.seek_to_beginning(*tps)
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            for batch in self._consumer.poll(timeout_ms=200).values():
                self.records.extend(batch)
        return self.records

    def close(self) -> None:
        if self._consumer is not None:
            self._consumer.close()


def alert_copies(records: list) -> dict[str, list[dict]]:
    copies: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        alert = json.loads(record.value)
        copies[alert["alert_id"]].append(alert)
    return copies


def differing_duplicates(copies: dict[str, list[dict]]) -> list[str]:
    """Alert ids delivered more than once with different content (``detected_at`` aside)."""
    def content(alert: dict) -> str:
        return json.dumps({k: v for k, v in alert.items() if k != "detected_at"}, sort_keys=True)

    return [i for i, alerts in copies.items() if len({content(a) for a in alerts}) > 1]


def dead_lettered(settings: Settings) -> int:
    """Records on the dead-letter topic so far."""
    dlq = TopicLog(settings, settings.topic_dlq)
    try:
        return len(dlq.poll(1.0))
    finally:
        dlq.close()


def unconsumed_by_partition(settings: Settings, topics: list[str]) -> dict[str, int]:
    """Messages beyond the worker group's committed offsets, per ``topic[partition]``."""
    admin = KafkaAdminClient(bootstrap_servers=settings.bootstrap_servers,
                             **settings.kafka_python_security())
    consumer = KafkaConsumer(bootstrap_servers=settings.bootstrap_servers, group_id=None,
                             **settings.kafka_python_security())
    try:
        tps = [TopicPartition(topic, p) for topic in topics
               for p in consumer.partitions_for_topic(topic) or []]
        return {f"{tp.topic}[{tp.partition}]": behind
                for tp, behind in committed_lag(admin, consumer, settings.app_id, tps).items() if behind}
    finally:
        admin.close()
        consumer.close()


def unconsumed(settings: Settings, topics: list[str]) -> int:
    return sum(unconsumed_by_partition(settings, topics).values())


def wait_drained(settings: Settings, alerts: TopicLog, expected: set[str], timeout: float,
                 alive=lambda: True) -> tuple[set[str], int]:
    """Poll until every article and claim is committed and the alert ids reach ``expected``
    (or ``timeout``); return the ids seen and what is left unconsumed (-1: the broker could not
    tell, e.g. its group coordinator was still loading)."""
    inputs = [settings.topic_articles, settings.topic_claims]
    deadline = time.monotonic() + timeout
    while True:
        seen = set(alert_copies(alerts.poll(0.5)))
        try:
            left = unconsumed(settings, inputs)
        except KafkaError as exc:  # e.g. NotCoordinator while a restarted broker loads the group
            if not exc.retriable:
                raise
            left = -1  # not known yet: never taken for drained
        if (left == 0 and seen >= expected) or time.monotonic() > deadline or not alive():
            if left == 0 and seen >= expected:
                seen = set(alert_copies(alerts.poll(1.0)))  # surplus ids would show up now
            return seen, left
        time.sleep(0.5)
