"""Small builders of valid records for tests (no spaCy, no Kafka)."""

from __future__ import annotations

from streams.records import (
    Alert,
    AlertActor,
    AlertProposition,
    Article,
    Claim,
    DeadLetter,
    Proposition,
    Speaker,
)


def article(id: str = "a-1", body: str = "Nobody said anything.", **kw) -> Article:
    return Article(id=id, published_at=kw.pop("published_at", "2015-10-15T00:00:00Z"), body=body,
                   **kw)


def claim(
    article_id: str = "a-1",
    speaker_id: str = "talal-silo",
    polarity: str = "deny",
    key: str = "cooperate:russia+sdf",
    published_at: str = "2015-10-15T00:00:00Z",
    span: tuple[int, int] = (0, 10),
    text: str = "no contact",
) -> Claim:
    relation, _, actors = key.partition(":")
    subject, _, obj = actors.partition("+")
    return Claim(
        claim_id=Claim.make_id(article_id, list(span), speaker_id),
        article_id=article_id,
        published_at=published_at,
        speaker=Speaker(id=speaker_id, name=speaker_id.replace("-", " ").title(),
                        aliases=["he"], type="person", org="sdf"),
        text=text,
        span=list(span),
        kind="direct",
        cue="said",
        polarity=polarity,  # type: ignore[arg-type]
        proposition=Proposition(subject=subject, relation=relation, object=obj or None, key=key),
        confidence=0.9,
    )


def alert() -> Alert:
    c1 = claim(speaker_id="igor-konashenkov", polarity="affirm")
    c2 = claim(speaker_id="talal-silo", polarity="deny", span=(20, 30))
    return Alert(
        alert_id=Alert.make_id("contradiction", c1.proposition.key, [c1.claim_id, c2.claim_id]),
        type="contradiction",
        actors=[AlertActor("igor-konashenkov", "Igor Konashenkov"), AlertActor("talal-silo", "Talal Silo")],
        proposition=AlertProposition(c1.proposition.key, "cooperation between Russia and SDF"),
        claims=[c1, c2],
        article_ids=["a-1"],
        event_time="2015-10-15T00:00:00Z",
        detected_at="2026-11-25T00:00:00Z",
        headline="Talal Silo denies cooperation with Russia, contradicting Igor Konashenkov",
        score=0.8,
    )


def dead_letter() -> DeadLetter:
    return DeadLetter(error="invalid_json", detail="line 1 column 2: Expecting value", key="YQ==",
                      value="e30=", headers=[["trace", "eA=="]], topic="articles", partition=0,
                      offset=3, failed_at="2026-11-25T00:00:00Z")
