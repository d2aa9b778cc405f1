"""Human text for alerts: actor labels, proposition summaries, headlines, scores.

Everything is derived from the evidence claims (speaker name/org/aliases, proposition
relation/subject/object) so the worker and offline ``detect`` write the same words.
"""

from __future__ import annotations

import math
import re

from streams.records import Claim, Proposition, Speaker

# relation class → (noun phrase, symmetric?, preposition before the object when directional)
RELATIONS: dict[str, tuple[str, bool, str]] = {
    "cooperate": ("cooperation", True, "with"),
    "coordinate": ("coordination", True, "with"),
    "share_information": ("information sharing", True, "with"),
    "negotiate": ("negotiations", True, "with"),
    "meet": ("a meeting", True, "with"),
    "agree": ("an agreement", True, "with"),
    "ally": ("an alliance", True, "with"),
    "trade": ("trade", True, "with"),
    "talk": ("talks", True, "with"),
    "attack": ("attacks", False, "on"),
    "strike": ("strikes", False, "on"),
    "support": ("support", False, "for"),
    "aid": ("aid", False, "to"),
    "fund": ("funding", False, "of"),
    "arm": ("arms supplies", False, "to"),
    "accuse": ("accusations", False, "against"),
    "threaten": ("threats", False, "against"),
    "sanction": ("sanctions", False, "against"),
    "suspend": ("the suspension", False, "of"),
    "ban": ("a ban", False, "on"),
    "sign": ("a signing", False, "of"),
    "acquire": ("the acquisition", False, "of"),
    "shut_down": ("the shutdown", False, "of"),
    "punish": ("punishment", False, "of"),
}
_CASED = {"mod": "MoD", "mfa": "MFA", "isis": "ISIS", "nato": "NATO", "un": "UN", "us": "US",
          "uk": "UK", "eu": "EU", "ypg": "YPG", "pkk": "PKK", "fsa": "FSA", "re/code": "Re/code"}
_LOWER = {"of", "the", "and", "for", "de", "al", "el", "la", "le", "von", "van", "on", "in"}
_ROLE_RE = re.compile(r"^(?:the|a|an)\s+([a-z][a-z\- ]{2,40})$")
_ROLE_WORDS = {
    "spokesman", "spokeswoman", "spokesperson", "general", "minister", "president", "official",
    "commander", "ambassador", "envoy", "secretary", "chief", "director", "leader", "chairman",
    "chairwoman", "publicist", "lawyer", "attorney", "agent", "representative", "adviser",
    "advisor", "ceo", "founder", "head", "deputy", "governor", "mayor", "senator", "colonel",
    "major", "captain", "admiral", "diplomat", "prosecutor", "coach", "manager",
}
QUOTE_CHARS = 90
SUMMARY_CHARS = 80


def pretty_id(actor_id: str | None) -> str:
    """Canonical id → display form: "sdf" → "SDF", "united-states" → "United States",
    "u-s" → "U.S."."""
    if not actor_id:
        return ""
    words = [w for w in re.split(r"[-_\s]+", actor_id.strip()) if w]
    if len(words) > 1 and all(len(w) == 1 for w in words):
        return ".".join(w.upper() for w in words) + "."
    out = []
    for i, w in enumerate(words):
        if w != w.lower():
            out.append(w)  # already cased by the producer
        elif w in _CASED:
            out.append(_CASED[w])
        elif i and w in _LOWER:
            out.append(w)
        elif len(w) <= 3 or not re.search(r"[aeiouy]", w):
            out.append(w.upper())
        else:
            out.append(w.capitalize())
    return " ".join(out)


def role_of(speaker: Speaker) -> str | None:
    """A role noun from the speaker's aliases ("the spokesman" → "spokesman"), if any."""
    for alias in speaker.aliases:
        m = _ROLE_RE.match(alias.strip())
        if m and m.group(1).split()[-1] in _ROLE_WORDS:
            return m.group(1)
    return None


def _named_in(org: str, name: str) -> bool:
    """Is the organisation already part of the speaker's own description?
    ("NBC News" in "an NBC source", "Plant" in "Robert Plant's publicist")"""
    words = set(re.findall(r"[a-z0-9]+", name.lower()))
    return any(w in words for w in re.findall(r"[a-z0-9]+", org.lower()) if len(w) >= 3)


def actor_label(speaker: Speaker) -> str:
    """The speaker's name, then what they speak for: "Talal Silo (SDF spokesman)",
    "Tom Neumayr (Apple)", "Apple", "Robert Plant's publicist"."""
    name = speaker.name or pretty_id(speaker.id) or "An unidentified speaker"
    if speaker.type in ("organisation", "country"):
        return name
    org = pretty_id(speaker.org) if speaker.org and speaker.org != speaker.id else ""
    if org and _named_in(org, name):
        org = ""
    role = role_of(speaker)
    if role and role.lower() in name.lower():
        role = None
    affiliation = " ".join(p for p in (org, role) if p)
    return f"{name} ({affiliation})" if affiliation else name


_PLURAL_HEADS = {"sources", "officials", "forces", "police", "authorities", "insiders",
                 "analysts", "experts", "witnesses", "residents", "investigators", "militants",
                 "rebels", "fighters", "people", "members", "lawyers", "representatives",
                 "spokesmen", "spokespeople", "officers", "prosecutors", "scientists",
                 "researchers", "activists", "reports", "parents", "relatives", "family"}


_NOT_PLURAL_ENDINGS = ("ss", "us", "is", "news", "ics")
_HEAD_ENDS = {"in", "of", "for", "at", "with", "from", "close", "near", "on", "inside", "within"}


def is_plural(speaker: Speaker) -> bool:
    """ "Kurdish sources deny", "U.S. officials say", "UK banks say": a group described by a
    plural common noun takes plural verbs; a name ("Reuters", "Jones") does not."""
    words = (speaker.name or "").split()
    # the head noun ends before a prepositional tail: "Sources in the Kurdish underground"
    cut = next((i for i, w in enumerate(words) if i and w.lower() in _HEAD_ENDS), len(words))
    words = words[:cut]
    if not words:
        return False
    last = words[-1]
    if last.lower() in _PLURAL_HEADS - {"family"}:
        return True
    return (speaker.type != "person" and last.islower() and last.endswith("s")
            and not last.endswith(_NOT_PLURAL_ENDINGS))


def verb(speaker: Speaker, singular: str, plural: str) -> str:
    return plural if is_plural(speaker) else singular


def _relation(prop: Proposition) -> tuple[str, bool, str]:
    rel = (prop.relation or "").strip().lower().replace("-", "_").replace(" ", "_")
    if rel in RELATIONS:
        return RELATIONS[rel]
    return (rel.replace("_", " ") or "the claim", True, "with")


def is_story(prop: Proposition) -> bool:
    return prop.key.startswith("story:") or (prop.relation or "").lower() in ("story", "")


def _parties(prop: Proposition) -> tuple[str, str | None]:
    """Subject and object ids, falling back to the ones named in the key."""
    subj, obj = prop.subject, prop.object
    if not subj and ":" in prop.key:
        ids = prop.key.split(":", 1)[1].split("+")
        subj = ids[0]
        obj = obj or (ids[1] if len(ids) > 1 else None)
    return subj or "", obj


def shorten(text: str, limit: int) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else text[:limit]
    return cut.rstrip(" ,;:.") + "…"


def proposition_summary(prop: Proposition) -> str:
    """A relation proposition in words: "cooperation between Russia and SDF"."""
    noun, symmetric, prep = _relation(prop)
    subj, obj = _parties(prop)
    if obj is None:
        return f"{noun} by {pretty_id(subj)}" if subj else noun
    if symmetric:
        return f"{noun} between {pretty_id(subj)} and {pretty_id(obj)}"
    return f"{noun} {prep} {pretty_id(obj)} by {pretty_id(subj)}"


def stance_phrase(prop: Proposition, speaker: Speaker) -> str:
    """What the speaker affirms or denies, seen from the speaker's side."""
    noun, symmetric, prep = _relation(prop)
    subj, obj = _parties(prop)
    own = {speaker.id, speaker.org} - {None, ""}
    if symmetric and obj is not None:
        if subj in own:
            return f"{noun} with {pretty_id(obj)}"
        if obj in own:
            return f"{noun} with {pretty_id(subj)}"
    if obj is not None and subj in own:
        return f"{noun} {prep} {pretty_id(obj)}"  # "denies threats against James Foley"
    return proposition_summary(prop)


def self_referential(prop: Proposition, speaker: Speaker) -> bool:
    """A one-way relation whose *object* is the speaker ("attacks on Kurdish sources by
    Gill Rosenberg", said by Kurdish sources) reads as nonsense: the relation was read off
    the speaker's own mention, so the headline falls back to the quote."""
    noun, symmetric, _prep = _relation(prop)
    _subj, obj = _parties(prop)
    own = {speaker.id, speaker.org} - {None, ""}
    return not symmetric and obj in own


def quote(text: str, limit: int = QUOTE_CHARS) -> str:
    return f"“{shorten(text, limit)}”"


def _disputed(claim: Claim) -> str:
    """The content a claim takes a stance on: for a bare "these claims are false", the
    reported claim it points at."""
    return claim.proposition.refers or claim.text


def summary(alert_type: str, claims: list[Claim]) -> str:
    """What is disputed (not who disputes it): the relation in words, else the affirmed
    statement (or, for a lone denial, what was denied)."""
    first = claims[0]
    if not is_story(first.proposition) and not any(
            self_referential(c.proposition, c.speaker) for c in claims):
        return proposition_summary(first.proposition)
    affirmed = next((c for c in claims if c.polarity == "affirm"), None)
    if affirmed is not None and alert_type != "denial":
        return shorten(affirmed.text, SUMMARY_CHARS)
    return shorten(_disputed(first), SUMMARY_CHARS)


def _denial_phrase(claim: Claim) -> str:
    """ "Talal Silo (SDF) denies cooperation with Russia", "Apple denies the report “…”",
    "Kurdish sources deny"."""
    who = actor_label(claim.speaker)
    denies = verb(claim.speaker, "denies", "deny")
    if not is_story(claim.proposition) and not self_referential(claim.proposition, claim.speaker):
        return f"{who} {denies} {stance_phrase(claim.proposition, claim.speaker)}"
    if claim.proposition.refers:
        return f"{who} {denies} the report {quote(claim.proposition.refers, 60)}"
    return f"{who} {denies}"


def _affirm_side(claim: Claim) -> str:
    """ "Daily Mirror: “…”", or "Officials accuse Moscow of …" for an accusation."""
    who = actor_label(claim.speaker)
    if claim.cue.lower().startswith(("accus", "blam")):
        return f"{who} {verb(claim.speaker, 'accuses', 'accuse')} {shorten(claim.text, 70)}"
    return f"{who}: {quote(claim.text, 70)}"


def headline(alert_type: str, claims: list[Claim]) -> str:
    """One sentence for the desk; claims in alert order ([affirm, deny] / [earlier, later]).

    A contradiction shows both sides: "A: “…” — B denies: “…”".
    """
    if alert_type == "denial":
        c = claims[0]
        return f"{_denial_phrase(c)}: {quote(c.text)}"
    if alert_type == "contradiction":
        aff, den = claims[0], claims[1]
        return (f"{_affirm_side(aff)} — "
                f"{_denial_phrase(den)}: {quote(den.text, 70)}")
    if alert_type == "self_contradiction":
        aff, den = claims[0], claims[1]
        both = verb(aff.speaker, "both affirms and denies", "both affirm and deny")
        return (f"{actor_label(aff.speaker)} {both} in one article: "
                f"{quote(aff.text, 60)} — {quote(den.text, 60)}")
    if alert_type == "reversal":
        old, new = claims[0], claims[1]
        stance = "denies" if new.polarity == "deny" else "affirms"
        if is_plural(new.speaker):
            stance = stance[:-1]
        earlier = "affirming" if old.polarity == "affirm" else "denying"
        return (f"{actor_label(new.speaker)} now {stance}: {quote(new.text, 70)}, "
                f"after {earlier} on {old.published_at[:10]}: {quote(old.text, 60)}")
    raise ValueError(f"unknown alert type {alert_type!r}")


def score(claims: list[Claim]) -> float:
    """Confidence that the alert is right: the product of its evidence claims' confidences."""
    value = math.prod(min(1.0, max(0.0, float(c.confidence))) for c in claims)
    return round(value, 4)
