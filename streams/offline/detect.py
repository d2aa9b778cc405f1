"""Offline extract + judge over article files: the same judge code as the worker.

A plain ``dict`` plays the stance table (proposition key → state). Articles are judged in
input order (the input is expected in event-time order) and the claims of one article in
span order, which is the order the worker sees them on one claims partition.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, MutableMapping
from datetime import datetime
from typing import Protocol

from streams.judge.expiry import IdleKeys
from streams.judge.stance import JudgeSettings, judge_claim
from streams.records import Alert, Article, Claim, parse_time

Clock = Callable[[], datetime]


class ClaimExtractor(Protocol):
    def extract_many(
        self, articles: Iterable[Article], batch_size: int
    ) -> Iterator[tuple[Article, list[Claim]]]: ...


def span_order(claims: Iterable[Claim]) -> list[Claim]:
    return sorted(claims, key=lambda c: (c.span[0], c.span[1], c.claim_id))


def judge_into(
    table: MutableMapping[str, dict], claim: Claim, *, settings: JudgeSettings, now: datetime
) -> list[Alert]:
    """Judge one claim against a mapping used as the stance table (get → judge → put)."""
    key = claim.proposition.key
    state, alerts = judge_claim(table.get(key), claim, settings=settings, now=now)
    table[key] = state
    return alerts


def judge_articles(
    pairs: Iterable[tuple[Article, list[Claim]]],
    *,
    settings: JudgeSettings | None = None,
    clock: Clock | None = None,
    table: MutableMapping[str, dict] | None = None,
) -> Iterator[tuple[Article, list[Claim], list[Alert]]]:
    """Judge ``(article, claims)`` pairs in order; yield each article with its alerts.

    ``clock`` gives ``detected_at``; without one the article's ``published_at`` is used, so
    an offline run is reproducible byte for byte (alert ids never depend on it anyway).
    """
    settings = settings or JudgeSettings()
    table = {} if table is None else table
    idle = IdleKeys(settings)
    for n, (article, claims) in enumerate(pairs, 1):
        ordered = span_order(claims)
        alerts: list[Alert] = []
        for claim in ordered:
            now = clock() if clock is not None else parse_time(claim.published_at)
            alerts.extend(judge_into(table, claim, settings=settings, now=now))
            idle.touch(0, claim.proposition.key, table.get(claim.proposition.key))
        if n % EXPIRE_EVERY == 0:
            forget_idle(table, idle)
        yield article, ordered, alerts


#: articles between two sweeps for idle keys (streams/judge/expiry.py)
EXPIRE_EVERY = 256


def forget_idle(table: MutableMapping[str, dict], idle: IdleKeys) -> list[str]:
    """Drop the keys no on-time claim can meet any more, as the worker does: the run's
    memory stays that of one retention period, and no alert changes."""
    gone = idle.idle(0)
    for key in gone:
        table.pop(key, None)
    idle.forget(0, gone)
    return gone


def judge_stream(
    pairs: Iterable[tuple[Article, list[Claim]]],
    *,
    settings: JudgeSettings | None = None,
    clock: Clock | None = None,
    table: MutableMapping[str, dict] | None = None,
) -> Iterator[Alert]:
    """Alerts for hand-made or pre-extracted ``(article, claims)`` pairs."""
    for _, _, alerts in judge_articles(pairs, settings=settings, clock=clock, table=table):
        yield from alerts


def detect(
    articles: Iterable[Article],
    extractor: ClaimExtractor,
    *,
    settings: JudgeSettings | None = None,
    clock: Clock | None = None,
    batch_size: int = 64,
) -> Iterator[Alert]:
    """Extract claims (``extractor.extract_many``) and judge them, in input order."""
    pairs = extractor.extract_many(articles, batch_size=batch_size)
    yield from judge_stream(pairs, settings=settings, clock=clock)
