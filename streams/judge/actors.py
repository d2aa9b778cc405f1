"""Per-actor events for the rolling actor tables (claims, denials, contradictions).

``actor_events(claim, alerts)`` turns one judged claim and the alerts it raised into the
events the worker forwards (keyed by actor id) to the hopping-window tables::

    [(actor_id, {"counters": ["claims", "denials"], "latest": {...} | None}), ...]

``latest`` (only for the claim's own speaker) is a compact summary of the actor's newest
claim for the actor view. Speakers without a canonical id produce no events.
"""

from __future__ import annotations

from typing import Any

from streams.records import Alert, Claim

from .rules import is_known_actor

COUNTERS: tuple[str, ...] = ("claims", "denials", "contradictions")
CONTRADICTION_TYPES = frozenset({"contradiction", "self_contradiction", "reversal"})
TEXT_CHARS = 200


def latest_claim_summary(claim: Claim) -> dict[str, Any]:
    return {
        "claim_id": claim.claim_id,
        "article_id": claim.article_id,
        "published_at": claim.published_at,
        "polarity": claim.polarity,
        "text": claim.text[:TEXT_CHARS],
        "proposition": claim.proposition.key,
    }


def actor_counter_events(claim: Claim, alerts: list[Alert]) -> list[tuple[str, str]]:
    """Flat ``(actor_id, counter)`` pairs, in a deterministic order."""
    out: list[tuple[str, str]] = []
    speaker = claim.speaker.id
    if is_known_actor(speaker):
        out.append((speaker, "claims"))
        if claim.polarity == "deny":
            out.append((speaker, "denials"))
    for alert in alerts:
        if alert.type in CONTRADICTION_TYPES:
            for actor in alert.actors:
                if is_known_actor(actor.id):
                    out.append((actor.id, "contradictions"))
    return out


def actor_events(claim: Claim, alerts: list[Alert]) -> list[tuple[str, dict[str, Any]]]:
    """Events grouped per actor: counters to bump and, for the speaker, the latest claim."""
    grouped: dict[str, dict[str, Any]] = {}
    for actor_id, counter in actor_counter_events(claim, alerts):
        payload = grouped.setdefault(actor_id, {"counters": [], "latest": None})
        payload["counters"].append(counter)
    if claim.speaker.id in grouped:
        grouped[claim.speaker.id]["latest"] = latest_claim_summary(claim)
    return list(grouped.items())
