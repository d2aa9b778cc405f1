"""Hand-made claims for judge tests (no spaCy)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from streams.records import Article, Claim, Proposition, Speaker, format_time

T0 = datetime(2015, 10, 15, tzinfo=UTC)
NAMES = {
    "igor-konashenkov": ("Igor Konashenkov", "russian-mod", ["Konashenkov", "the general"]),
    "talal-silo": ("Talal Silo", "sdf", ["Silo", "the spokesman"]),
    "nasser-haji-mansur": ("Nasser Haji Mansur", "sdf", ["Mansur"]),
}


def when(days: float = 0, minutes: float = 0) -> str:
    return format_time(T0 + timedelta(days=days, minutes=minutes))


def default_terms(key: str) -> dict[str, float]:
    """A content signature for a key: claims made with the defaults are about one thing."""
    relation, _, rest = key.partition(":")
    return {relation: 1.0, **{f"@{x}": 1.0 for x in rest.split("+")}}


def prop(key: str, terms: dict[str, float] | None = None, refers: str | None = None) -> Proposition:
    relation, _, rest = key.partition(":")
    terms = default_terms(key) if terms is None else terms
    if relation == "story":
        return Proposition(subject=rest, relation="story", object=None, key=key, terms=terms,
                           refers=refers)
    ids = rest.split("+")
    return Proposition(subject=ids[0], relation=relation,
                       object=ids[1] if len(ids) > 1 else None, key=key, terms=terms)


def make_claim(article: str, speaker: str, polarity: str, *,
               key: str = "cooperate:russia+sdf", at: str | None = None, start: int = 0,
               text: str | None = None, confidence: float = 0.9, name: str | None = None,
               org: str | None = None, stype: str = "person",
               terms: dict[str, float] | None = None, refers: str | None = None,
               context: dict[str, float] | None = None, aliases: list[str] | None = None) -> Claim:
    known = NAMES.get(speaker)
    name = name or (known[0] if known else speaker.replace("-", " ").title())
    org = org if org is not None else (known[1] if known else None)
    if aliases is None:
        aliases = list(known[2]) if known else []
    text = text or f"{speaker} {polarity}s {key} #{start}"
    span = [start, start + len(text)]
    return Claim(
        claim_id=Claim.make_id(article, span, speaker),
        article_id=article,
        published_at=at or when(),
        speaker=Speaker(id=speaker, name=name, aliases=aliases, type=stype, org=org),
        text=text, span=span, kind="direct", cue="said", polarity=polarity,
        proposition=prop(key, terms, refers), confidence=confidence,
        story=key.partition(":")[2] if key.startswith("story:") else None,
        context=context if context is not None else {},
    )


def make_article(article_id: str, at: str, body: str = "body") -> Article:
    return Article(id=article_id, published_at=at, body=body)


# What the seed article must raise (type, proposition key, actors), sorted.
SEED_ALERTS = sorted([
    ("denial", "cooperate:russia+sdf", ("talal-silo",)),
    ("denial", "cooperate:russia+sdf", ("nasser-haji-mansur",)),
    ("contradiction", "cooperate:russia+sdf", ("igor-konashenkov", "talal-silo")),
    ("contradiction", "cooperate:russia+sdf", ("igor-konashenkov", "nasser-haji-mansur")),
    ("denial", "cooperate:russia+united-states", ("igor-konashenkov",)),
    ("self_contradiction", "cooperate:russia+united-states", ("igor-konashenkov",)),
    ("denial", "cooperate:russia+united-states", ("nasser-haji-mansur",)),
    ("contradiction", "cooperate:russia+united-states", ("igor-konashenkov", "nasser-haji-mansur")),
])
