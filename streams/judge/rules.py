"""The alert rules: denial, contradiction, self-contradiction, reversal.

``evaluate`` looks at the stance state of one proposition key *after* the new claim was
recorded in it and returns the candidate alerts (``Finding``) the claim takes part in;
``judge_claim`` drops those whose fingerprint already fired. A fingerprint names what the
alert is about (type, actors, articles), not the exact evidence, so a repeated or
redelivered claim can never raise a second alert about the same thing.

Evidence is chosen deterministically: for an actor in an article, the earliest claim of
that polarity in that article. Contradictions and reversals fire once per pair of
articles, so the alerts depend on which claims were seen, not on their arrival order
across partitions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from streams.records import (
    Alert,
    AlertActor,
    AlertProposition,
    Claim,
    format_time,
    parse_time,
    stable_hash,
)

from . import headline as hl

UNKNOWN_IDS = frozenset({"", "unknown", "none", "null", "?", "-"})
OPPOSITE = {"affirm": "deny", "deny": "affirm"}
STORY_RELATION = "story"  # the fallback proposition: "what this story reports"


def is_known_actor(actor_id: str | None) -> bool:
    return (actor_id or "").strip().lower() not in UNKNOWN_IDS


@dataclass(frozen=True)
class Finding:
    type: str
    fingerprint: str
    evidence: tuple[dict, ...]  # state entries {"t", "claim"}, in headline order
    event_t: int                # latest evidence event time (µs)
    identity: tuple[str, ...] | None = None  # what the alert id hashes instead of claim ids


def fingerprint(*parts: str) -> str:
    return stable_hash(*parts, length=12)


def _finding(kind: str, fp_parts: tuple[str, ...], *evidence: dict, by_identity: bool = False) -> Finding:
    """``by_identity``: the alert id names what the alert is about (``fp_parts``), not the
    evidence, because which evidence is at hand first depends on arrival order."""
    # one joined string: Alert.make_id sorts its parts, and direction must survive that
    identity = ("|".join(fp_parts),) if by_identity else None
    return Finding(kind, fingerprint(kind, *fp_parts), tuple(evidence),
                   max(e["t"] for e in evidence), identity)


def evaluate(state: dict, claim: Claim, t: int, settings, *, known: bool) -> list[Finding]:
    """Candidate alerts for an affirm/deny ``claim`` (already recorded in ``state``)."""
    pol, opp = claim.polarity, OPPOSITE[claim.polarity]
    actor, article = claim.speaker.id, claim.article_id
    window = settings.window_us
    out: list[Finding] = []
    if not known:
        if pol == "deny" and settings.unknown_denials:
            entry = {"t": t, "claim": claim.to_dict()}
            out.append(_finding("denial", (actor, article), entry))
        return out

    rec = state["actors"][actor]
    here = rec["arts"][article]
    mine = here[pol]  # earliest claim of this polarity by this actor in this article

    # denial: one per (actor, key, article); evidence = the first deny that arrived
    if pol == "deny":
        out.append(_finding("denial", (actor, article), {"t": t, "claim": claim.to_dict()}))

    # self-contradiction: both polarities by one actor in one article
    if "affirm" in here and "deny" in here:
        out.append(_finding("self_contradiction", (actor, article), here["affirm"], here["deny"]))
    out.extend(_reversals(rec, article, here, pol, opp, actor, window))

    # contradiction: another actor holds the opposite polarity within the window.
    # * in this article: one alert per (affirmer, denier, article), evidence from it;
    # * across articles: ONE alert per (affirmer, denier) while the window lasts, however
    #   many articles repeat the dispute, so a running story does not flood the desk. Its id
    #   names the pair, not the evidence, so it is the same whichever article came first.
    story = claim.proposition.relation == STORY_RELATION
    for other in sorted(state["actors"]):
        if other == actor:
            continue
        orec = state["actors"][other]
        if same_side(claim.speaker.id, claim.speaker.org, _speaker_of(orec)):
            continue
        aff_actor, den_actor = (actor, other) if pol == "affirm" else (other, actor)
        aff_rec, den_rec = (rec, orec) if pol == "affirm" else (orec, rec)
        partner = orec["arts"].get(article, {}).get(opp)
        if partner is not None:
            aff, den = (mine, partner) if pol == "affirm" else (partner, mine)
            out.append(_finding("contradiction", (aff_actor, den_actor, article, article), aff, den))
        # across articles: judged on the two actors' whole records, not just this claim,
        # so the pair fires whichever of its claims (or the proponent's second article)
        # arrives last
        if story and not _proponent(aff_rec):
            continue
        pair = _cross_pair(aff_rec, den_rec, window)
        if pair is not None:
            out.append(_finding("contradiction", ("across", aff_actor, den_actor), *pair,
                                by_identity=True))
    return out


def _speaker_of(rec: dict) -> dict:
    """The speaker record of an actor's remembered claims (any one will do)."""
    for art in rec["arts"].values():
        for pol in ("affirm", "deny"):
            if pol in art:
                return art[pol]["claim"]["speaker"]
    for entry in rec["first"].values():
        return entry["claim"]["speaker"]
    return {}


def _cross_pair(aff_rec: dict, den_rec: dict, window: int) -> tuple[dict, dict] | None:
    """The earliest (affirm, deny) evidence pair from two different articles within the
    window, or None."""
    best = None
    for aff in _opposite_evidence(aff_rec, "affirm"):
        for den in _opposite_evidence(den_rec, "deny"):
            if aff["claim"]["article_id"] == den["claim"]["article_id"]:
                continue
            if abs(aff["t"] - den["t"]) > window:
                continue
            rank = (min(aff["t"], den["t"]), aff["claim"]["article_id"], den["claim"]["article_id"])
            if best is None or rank < best[0]:
                best = (rank, aff, den)
    return None if best is None else (best[1], best[2])


def _proponent(rec: dict) -> bool:
    """Does this actor stand behind the story's claim, so that a denial elsewhere
    contradicts *them*? On a vague ``story:`` proposition anyone quoted in any article
    "affirms" it; a cross-article contradiction needs an organisation (outlet, agency,
    government) or a person who affirms in more than one article. Monotone as claims
    arrive, so arrival order cannot change which pairs fire."""
    affirms = [art["affirm"] for art in rec["arts"].values() if "affirm" in art]
    if any(e["claim"]["speaker"].get("type") in {"organisation", "country"} for e in affirms):
        return True
    return len(affirms) >= 2


def same_side(actor_id: str, org: str | None, other: dict) -> bool:
    """A spokesman and the organisation they speak for (or two voices of one organisation)
    do not contradict each other: that is one side restating itself, not a dispute."""
    mine = {actor_id, org} - {None, ""}
    theirs = {other.get("id"), other.get("org")} - {None, ""}
    return bool(mine & theirs)


def _opposite_evidence(rec: dict, opp: str) -> list[dict]:
    """An actor's evidence of polarity ``opp``: one entry per remembered article, earliest
    (event time, article id) first."""
    found = {art[opp]["claim"]["article_id"]: art[opp] for art in rec["arts"].values() if opp in art}
    first = rec["first"].get(opp)
    if first is not None:
        found.setdefault(first["claim"]["article_id"], first)
    return sorted(found.values(), key=lambda e: (e["t"], e["claim"]["article_id"]))


def _reversals(rec, article, here, pol, opp, actor, window) -> list[Finding]:
    """The actor's stance flipped between this article and another within the window.

    One alert per direction (affirm→deny, deny→affirm) while the window lasts; its id names
    the actor and direction, so it does not depend on which article arrived first.
    """
    arts = rec["arts"]
    me = (here["t"], article)
    others = sorted((aid for aid in arts
                     if aid != article and opp in arts[aid]
                     and abs(arts[aid][opp]["t"] - here[pol]["t"]) <= window),
                    key=lambda aid: (arts[aid]["t"], aid))
    out = []
    earlier = [aid for aid in others if (arts[aid]["t"], aid) < me]
    later = [aid for aid in others if (arts[aid]["t"], aid) > me]
    if earlier:  # it said `opp` before and says `pol` now
        out.append(_finding("reversal", (actor, f"{opp}->{pol}"), arts[earlier[0]][opp], here[pol],
                            by_identity=True))
    if later:  # it says `pol` here and `opp` in a later article that arrived first
        out.append(_finding("reversal", (actor, f"{pol}->{opp}"), here[pol], arts[later[0]][opp],
                            by_identity=True))
    return out


# --------------------------------------------------------------------------- alerts


def build_alert(finding: Finding, state: dict, key: str, now: datetime) -> Alert:
    claims = [Claim.from_dict(e["claim"]) for e in finding.evidence]
    latest = max(finding.evidence, key=lambda e: (e["t"], e["claim"]["claim_id"]))
    article_ids: list[str] = []
    for c in claims:
        if c.article_id not in article_ids:
            article_ids.append(c.article_id)
    actors: list[AlertActor] = []
    for c in claims:
        if all(a.id != c.speaker.id for a in actors):
            actors.append(AlertActor(id=c.speaker.id, name=c.speaker.name or c.speaker.id))
    affirm_text = _summary_text(claims, state)
    return Alert(
        alert_id=Alert.make_id(finding.type, key,
                               list(finding.identity or [c.claim_id for c in claims])),
        type=finding.type,  # type: ignore[arg-type]
        actors=actors,
        proposition=AlertProposition(
            key=key, summary=hl.proposition_summary(claims[0].proposition, affirm_text)),
        claims=claims,
        article_ids=article_ids,
        event_time=format_time(parse_time(latest["claim"]["published_at"])),
        detected_at=format_time(now),
        headline=hl.headline(finding.type, claims),
        score=hl.score(claims),
    )


def _summary_text(claims: list[Claim], state: dict) -> str | None:
    """Text of the earliest affirm claim: from the evidence, else from the stance state."""
    for c in claims:
        if c.polarity == "affirm":
            return c.text
    best = None
    for rec in state["actors"].values():
        e = rec["first"].get("affirm")
        if e is not None and (best is None or (e["t"], e["claim"]["claim_id"])
                              < (best["t"], best["claim"]["claim_id"])):
            best = e
    return best["claim"]["text"] if best else None
