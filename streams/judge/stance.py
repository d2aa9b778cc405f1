"""The stance table: one JSON-serialisable state per proposition key, and ``judge_claim``.

``judge_claim(state, claim, settings=..., now=...)`` is the one entry point shared by the
streaming worker (state = a Faust table value) and the offline ``detect`` driver (state = a
dict entry). It is pure: no I/O, no clock (``now`` only becomes ``detected_at``), and the
input state is never mutated.

State layout (version 1), all times are integer microseconds since the Unix epoch::

    {"v": 1,
     "max_t": <newest event time seen for the key>,
     "actors": {<actor id>: {
         "t": <newest event time of this actor>,
         "first": {"affirm": <entry>, "deny": <entry>},   # earliest in window, per polarity
         "arts": {<article id>: {"t": ..., "affirm": <entry>, "deny": <entry>}}}},
                                     # earliest claim per polarity in the actor's most recent
                                     # ``recent_articles`` articles (self-contradiction,
                                     # same-article partners, reversals)
     "seen": {<claim id>: t},        # claims already judged (redelivery is a no-op)
     "fired": {<fingerprint>: t}}    # alerts already emitted, t = the alert's event time
    entry = {"t": <published_at>, "claim": <Claim.to_dict()>}

Everything older than ``contradiction_window`` before ``max_t`` is pruned on every call,
and each collection has a hard cap, so a state never grows with the history of its key.
Claims older than the window (relative to ``max_t``) are *late* and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from streams.records import ALERT_TYPES, Alert, Claim, parse_time

from . import rules

STATE_VERSION = 1
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)


@dataclass(frozen=True)
class JudgeSettings:
    """What the judge alerts on and how much it remembers per proposition key."""

    contradiction_window: timedelta = timedelta(days=7)
    alert_types: frozenset[str] = frozenset(ALERT_TYPES)
    #: articles remembered per actor and key (for same-article evidence and reversals)
    recent_articles: int = 4
    #: hard caps that keep one key's state small even for a pathological key
    max_actors: int = 64
    max_seen: int = 1024
    max_fired: int = 1024
    #: whether speakers without a canonical id ("", "unknown") may raise *denial* alerts;
    #: they never take part in contradictions, self-contradictions or reversals
    unknown_denials: bool = False

    @property
    def window_us(self) -> int:
        return self.contradiction_window // _MICRO


def to_micros(value: str | datetime) -> int:
    """RFC 3339 string or aware datetime → integer microseconds since the epoch (exact)."""
    dt = parse_time(value) if isinstance(value, str) else value.astimezone(UTC)
    return (dt - _EPOCH) // _MICRO


def empty_state() -> dict[str, Any]:
    return {"v": STATE_VERSION, "max_t": None, "actors": {}, "seen": {}, "fired": {}}


def judge_claim(
    state: dict | None, claim: Claim, *, settings: JudgeSettings, now: datetime
) -> tuple[dict, list[Alert]]:
    """Judge one claim against the stance state of its proposition key.

    Returns ``(new_state, alerts)``. ``state`` is the stored value for
    ``claim.proposition.key`` (``None`` for a new key); it is not modified. A claim whose
    ``claim_id`` was already judged, or whose event time is older than the window before
    the newest event seen for the key, changes nothing and yields no alert.
    """
    if not state or state.get("v") != STATE_VERSION:
        state = empty_state()
    t = to_micros(claim.published_at)
    window = settings.window_us
    max_t = state["max_t"]
    if claim.claim_id in state["seen"] or (max_t is not None and t < max_t - window):
        return state, []

    new = _copy_state(state)
    new["max_t"] = t if max_t is None else max(max_t, t)
    _prune(new, new["max_t"] - window)
    new["seen"][claim.claim_id] = t

    alerts: list[Alert] = []
    if claim.polarity in ("affirm", "deny"):
        known = rules.is_known_actor(claim.speaker.id)
        if known:
            _record(new, claim, t)
        findings = rules.evaluate(new, claim, t, settings, known=known)
        for finding in findings:
            if finding.fingerprint in new["fired"]:
                continue
            if finding.type not in settings.alert_types:
                continue
            alert = rules.build_alert(finding, new, claim.proposition.key, now)
            new["fired"][finding.fingerprint] = finding.event_t
            alerts.append(alert)
    _cap(new, settings)
    return new, alerts


# --------------------------------------------------------------------------- state upkeep


def _copy_state(state: dict) -> dict:
    """Copy every container judge_claim may modify; claim dicts are shared (never mutated)."""
    actors = {}
    for actor_id, rec in state["actors"].items():
        actors[actor_id] = {
            "t": rec["t"],
            "first": dict(rec["first"]),
            "arts": {aid: dict(art) for aid, art in rec["arts"].items()},
        }
    return {
        "v": STATE_VERSION,
        "max_t": state["max_t"],
        "actors": actors,
        "seen": dict(state["seen"]),
        "fired": dict(state["fired"]),
    }


def entry_key(entry: dict) -> tuple[int, str]:
    """Order of evidence: (published_at, claim_id)."""
    return entry["t"], entry["claim"]["claim_id"]


def earlier(a: dict | None, b: dict | None) -> dict | None:
    if a is None:
        return b
    if b is None:
        return a
    return a if entry_key(a) <= entry_key(b) else b


def _record(state: dict, claim: Claim, t: int) -> None:
    """Remember the claim as its actor's earliest of its polarity (in the article, in the window)."""
    entry = {"t": t, "claim": claim.to_dict()}
    pol = claim.polarity
    rec = state["actors"].get(claim.speaker.id)
    if rec is None:
        rec = state["actors"][claim.speaker.id] = {"t": t, "first": {}, "arts": {}}
    rec["t"] = max(rec["t"], t)
    art = rec["arts"].get(claim.article_id)
    if art is None:
        art = rec["arts"][claim.article_id] = {"t": t}
    # within an article the first claim to arrive is the evidence: claims of one article
    # arrive in span order on one partition, so this does not depend on partition timing
    art.setdefault(pol, entry)
    rec["first"][pol] = earlier(rec["first"].get(pol), entry)


def _prune(state: dict, horizon: int) -> None:
    """Drop everything with an event time before ``horizon`` (in place, on a copy)."""
    for name in ("seen", "fired"):
        old = [k for k, t in state[name].items() if t < horizon]
        for k in old:
            del state[name][k]
    for actor_id in list(state["actors"]):
        rec = state["actors"][actor_id]
        for aid in [aid for aid, art in rec["arts"].items() if art["t"] < horizon]:
            del rec["arts"][aid]
        for pol in ("affirm", "deny"):
            first = rec["first"].get(pol)
            if first is not None and first["t"] < horizon:
                # fall back to the earliest remembered claim of that polarity in the window
                best = None
                for art in rec["arts"].values():
                    best = earlier(best, art.get(pol))
                if best is None:
                    del rec["first"][pol]
                else:
                    rec["first"][pol] = best
        if not rec["first"] and not rec["arts"]:
            del state["actors"][actor_id]


def _cap(state: dict, settings: JudgeSettings) -> None:
    """Enforce the hard size caps, evicting the oldest (event time, id) first."""
    for rec in state["actors"].values():
        arts = rec["arts"]
        if len(arts) > settings.recent_articles:
            keep = sorted(arts, key=lambda aid: (arts[aid]["t"], aid))[-settings.recent_articles:]
            rec["arts"] = {aid: arts[aid] for aid in sorted(keep)}
    actors = state["actors"]
    if len(actors) > settings.max_actors:
        keep = sorted(actors, key=lambda a: (actors[a]["t"], a))[-settings.max_actors:]
        state["actors"] = {a: actors[a] for a in sorted(keep)}
    for name, cap in (("seen", settings.max_seen), ("fired", settings.max_fired)):
        table = state[name]
        if len(table) > cap:
            keep = sorted(table, key=lambda k: (table[k], k))[-cap:]
            state[name] = {k: table[k] for k in keep}
