"""The stance table: one JSON-serialisable state per proposition key, and ``judge_claim``.

``judge_claim(state, claim, settings=..., now=...)`` is the one entry point shared by the
streaming worker (state = a Faust table value) and the offline ``detect`` driver (state = a
dict entry). It is pure: no I/O, no clock (``now`` only becomes ``detected_at``), and the
input state is never mutated.

A key is where claims meet (a relation such as ``cooperate:russia+sdf``, or a story);
which of its claims are about one proposition is decided pairwise by their content
(``rules.py``). The state remembers the affirming and denying claims of the key::

    {"v": 2,
     "max_t": <newest event time seen for the key, µs since the epoch>,
     "claims": {<claim id>: {"t": <published_at µs>, "claim": <Claim.to_dict()>}},
     "seen":   {<claim id>: t},        # judged already: a redelivery is a no-op
     "fired":  {<fingerprint>: t}}     # alerts already emitted, t = the alert's event time

Order independence: every rule fires on a *pair* of claims as soon as the second one is
judged, whichever came first, and an alert's id names what it is about, so the set of
alert ids depends on the claims, not on their arrival order. That holds while the claims
are still remembered: entries are kept for the contradiction window plus an allowed
lateness (``retention``) behind the newest event time, and each collection has a hard
cap, so a state never grows with the history of its key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from streams.records import ALERT_TYPES, Alert, Claim, parse_time

from . import rules

log = logging.getLogger(__name__)

STATE_VERSION = 2
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


@dataclass(frozen=True)
class JudgeSettings:
    """What the judge alerts on, when two claims are about one thing, and how much it keeps."""

    contradiction_window: timedelta = timedelta(days=7)
    #: how late (in event time, behind the newest claim of a key) a claim may arrive and
    #: still meet everything it would have met in time order
    allowed_lateness: timedelta = timedelta(days=7)
    alert_types: frozenset[str] = frozenset(ALERT_TYPES)
    #: content similarity (``streams.signatures.similarity``) two claims need to be about
    #: one proposition: in one article, across articles, and for one speaker's reversal
    same_article_similarity: float = 0.4
    cross_article_similarity: float = 0.3
    reversal_similarity: float = 0.5
    #: one speaker affirming and denying in one article (a self-contradiction), when
    #: neither is a retraction pointing at the other
    self_similarity: float = 0.7
    #: how much an affirmation must echo its own article's context to be contradicted by
    #: a denial in another article (``rules.central``)
    central_similarity: float = 0.3
    #: ... and when one of them only points at the report (carries the article's context)
    reference_similarity: float = 0.5
    #: shared term weight below which two claims never match, and the weight of actor
    #: terms relative to content words (see ``streams.signatures.similarity``)
    min_shared: float = 0.8
    entity_weight: float = 0.5
    #: across articles, the shared weight of content words (not actors) two claims need
    min_shared_content: float = 0.6
    #: across articles, a bare negated statement ("she is not al-Baghdadi's wife") rejects
    #: another article's affirmation only when it negates it nearly word for word: this
    #: similarity, and this shared content weight (one distinctive word: "wife")
    weak_cross_similarity: float = 0.6
    weak_min_shared_content: float = 0.5
    #: without a feed story id: how alike two articles' contexts must be to be one story
    story_similarity: float = 0.35
    #: hard caps that keep one key's state small even for a pathological key
    max_claims: int = 400
    max_seen: int = 2048
    max_fired: int = 1024
    #: whether speakers without a canonical id ("", "unknown") may raise *denial* alerts;
    #: they never take part in contradictions, self-contradictions or reversals
    unknown_denials: bool = False

    @property
    def window_us(self) -> int:
        return self.contradiction_window // _MICRO

    @property
    def retention_us(self) -> int:
        return (self.contradiction_window + self.allowed_lateness) // _MICRO


def to_micros(value: str | datetime) -> int:
    """RFC 3339 string or aware datetime → integer microseconds since the epoch (exact)."""
    dt = parse_time(value) if isinstance(value, str) else value.astimezone(UTC)
    return (dt - _EPOCH) // _MICRO


def empty_state() -> dict[str, Any]:
    return {"v": STATE_VERSION, "max_t": None, "claims": {}, "seen": {}, "fired": {}}


def judge_claim(
    state: dict | None, claim: Claim, *, settings: JudgeSettings, now: datetime
) -> tuple[dict, list[Alert]]:
    """Judge one claim against the stance state of its proposition key.

    Returns ``(new_state, alerts)``. ``state`` is the stored value for
    ``claim.proposition.key`` (``None`` for a new key); it is not modified. A claim whose
    ``claim_id`` was already judged changes nothing and yields no alert.
    """
    if state and state.get("v") != STATE_VERSION:
        state = rebuild_state(state, claim.proposition.key, settings=settings, now=now)
    state = state or empty_state()
    if claim.claim_id in state["seen"]:
        return state, []
    t = to_micros(claim.published_at)
    new = _copy_state(state)
    new["max_t"] = t if new["max_t"] is None else max(new["max_t"], t)
    horizon = new["max_t"] - settings.retention_us
    _prune(new, horizon)
    if t >= horizon:  # a claim later than the allowed lateness is judged, not remembered
        new["seen"][claim.claim_id] = t

    alerts: list[Alert] = []
    if claim.polarity in ("affirm", "deny"):
        known = rules.is_known_actor(claim.speaker.id)
        entry = {"t": t, "claim": claim.to_dict()}
        if known and t >= horizon:
            new["claims"][claim.claim_id] = entry
        for finding in rules.evaluate(new, entry, settings, known=known):
            if finding.fingerprint in new["fired"] or finding.type not in settings.alert_types:
                continue
            new["fired"][finding.fingerprint] = finding.event_t
            alerts.append(rules.build_alert(finding, claim.proposition.key, now))
    _cap(new, settings)
    return new, alerts


def rebuild_state(old: dict, key: str, *, settings: JudgeSettings, now: datetime) -> dict:
    """A state of another version, rebuilt as this version from the claims it remembers.

    The stored claims are judged again in event-time order into a fresh state; the alerts
    that raises were delivered when those claims first arrived, so they only mark their
    fingerprints as fired. Claims that no longer decode are dropped; the log says how many.
    """
    entries = old.get("claims") if isinstance(old.get("claims"), dict) else {}
    claims, dropped = [], 0
    for entry in entries.values():
        try:
            claims.append(Claim.from_dict(entry["claim"]))
        except (KeyError, TypeError, ValueError):
            dropped += 1
    state = empty_state()
    for claim in sorted(claims, key=lambda c: (to_micros(c.published_at), c.claim_id)):
        state, _delivered_already = judge_claim(state, claim, settings=settings, now=now)
    seen = old.get("seen") if isinstance(old.get("seen"), dict) else {}
    for claim_id, t in seen.items():
        if isinstance(t, int):
            state["seen"].setdefault(claim_id, t)
    _cap(state, settings)
    log.warning("stance state of version %s for %s rebuilt as version %s from %d stored "
                "claims (%d undecodable, dropped)", old.get("v"), key, STATE_VERSION,
                len(claims), dropped)
    return state


# --------------------------------------------------------------------------- state upkeep


def _copy_state(state: dict) -> dict:
    """Copy every container judge_claim may modify; entries are shared (never mutated)."""
    return {
        "v": STATE_VERSION,
        "max_t": state["max_t"],
        "claims": dict(state["claims"]),
        "seen": dict(state["seen"]),
        "fired": dict(state["fired"]),
    }


def _prune(state: dict, horizon: int) -> None:
    """Drop everything with an event time before ``horizon`` (in place, on a copy)."""
    for name in ("seen", "fired"):
        table = state[name]
        for k in [k for k, t in table.items() if t < horizon]:
            del table[k]
    claims = state["claims"]
    for k in [k for k, e in claims.items() if e["t"] < horizon]:
        del claims[k]


def _cap(state: dict, settings: JudgeSettings) -> None:
    """Enforce the hard size caps, evicting the oldest (event time, id) first."""
    claims = state["claims"]
    if len(claims) > settings.max_claims:
        keep = sorted(claims, key=lambda k: (claims[k]["t"], k))[-settings.max_claims:]
        state["claims"] = {k: claims[k] for k in keep}
    for name, cap in (("seen", settings.max_seen), ("fired", settings.max_fired)):
        table = state[name]
        if len(table) > cap:
            keep = sorted(table, key=lambda k: (table[k], k))[-cap:]
            state[name] = {k: table[k] for k in keep}
