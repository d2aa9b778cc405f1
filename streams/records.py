"""Typed domain records: article, claim, alert and dead letter.

These are plain dataclasses, deliberately separate from ``faust.Record``: the
NLP and judging code must run offline without Faust, and the JSON on the wire
is described once, by the JSON Schemas in ``schemas/`` (a test keeps the two in
step). Every record serialises to a plain ``dict`` with :meth:`to_dict` and is
built from one with :meth:`from_dict`.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import MISSING, asdict, dataclass, field, fields
from datetime import UTC, datetime
from typing import Any, ClassVar, Literal

Polarity = Literal["affirm", "deny", "hedge"]
ClaimKind = Literal["direct", "indirect"]
ActorType = Literal["person", "organisation", "country", "unknown"]
AlertType = Literal["denial", "contradiction", "self_contradiction", "reversal"]

POLARITIES: tuple[str, ...] = ("affirm", "deny", "hedge")
ALERT_TYPES: tuple[str, ...] = ("denial", "contradiction", "self_contradiction", "reversal")


def stable_hash(*parts: Any, length: int = 16) -> str:
    """A short deterministic hex digest of JSON-encodable parts (ids must not depend on runs)."""
    raw = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:length]


def parse_time(value: str) -> datetime:
    """Parse an RFC 3339 timestamp (``Z`` or offset) into an aware UTC datetime."""
    dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return dt.astimezone(UTC)


def format_time(dt: datetime) -> str:
    """Format an aware datetime as RFC 3339 UTC with a ``Z`` suffix."""
    return dt.astimezone(UTC).isoformat().replace("+00:00", "Z")


class _Record:
    """Shared (de)serialisation for the dataclass records below."""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)  # type: ignore[call-overload]

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def field_names(cls) -> set[str]:
        return {f.name for f in fields(cls)}  # type: ignore[arg-type]

    #: field name → record type of its value (or of each list item)
    _nested: ClassVar[dict[str, str]] = {}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Any:
        """Build the record from its JSON dict; missing optional fields take their defaults,
        unknown keys are ignored, nested records are built too."""
        kwargs: dict[str, Any] = {}
        for f in fields(cls):  # type: ignore[arg-type]
            if f.name not in data:
                if f.default is MISSING and f.default_factory is MISSING:
                    raise KeyError(f.name)
                continue
            value = data[f.name]
            nested = _TYPES.get(cls._nested.get(f.name, ""))
            if nested is not None and value is not None:
                value = ([nested.from_dict(v) for v in value] if isinstance(value, list)
                         else nested.from_dict(value))
            elif isinstance(value, list):
                value = [list(v) if isinstance(v, list) else v for v in value]
            kwargs[f.name] = value
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class Article(_Record):
    """A published news article as it arrives on the ``articles`` topic."""

    id: str
    published_at: str
    body: str
    source: str = ""
    url: str | None = None
    title: str = ""
    lang: str = "en"
    story: str | None = None


@dataclass(frozen=True, slots=True)
class Speaker(_Record):
    """Who made a statement: canonical actor id plus how the article names them."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    type: ActorType = "unknown"
    org: str | None = None


@dataclass(frozen=True, slots=True)
class Proposition(_Record):
    """What a claim is about.

    ``key`` routes the claim: a relation key (``cooperate:russia+sdf``) when the claim
    states a known relation between two actors, else the story (``story:<id>``). Inside a
    key, two claims are about one proposition when their ``terms`` (a content signature,
    ``streams.signatures``) match. ``refers`` is set when the claim has no content of its
    own ("these claims are false"): the text of the reported claim it points at, whose
    terms it then carries.
    """

    subject: str
    relation: str
    object: str | None
    key: str
    terms: dict[str, float] = field(default_factory=dict)
    refers: str | None = None


@dataclass(frozen=True, slots=True)
class Claim(_Record):
    """One attributed statement extracted from an article (topic ``claims``)."""

    claim_id: str
    article_id: str
    published_at: str
    speaker: Speaker
    text: str
    span: list[int]
    kind: ClaimKind
    cue: str
    polarity: Polarity
    proposition: Proposition
    confidence: float
    #: why the claim has its polarity (``streams.nlp.polarity.BASES``)
    basis: str | None = None
    #: the story the article belongs to: the feed's own ``story`` or one Gainsay assigned
    story: str | None = None
    #: what the whole article is about (a content signature): relates articles without a
    #: common story id
    context: dict[str, float] = field(default_factory=dict)

    _nested: ClassVar[dict[str, str]] = {"speaker": "Speaker", "proposition": "Proposition"}


    @staticmethod
    def make_id(article_id: str, span: list[int] | tuple[int, int], speaker_id: str) -> str:
        """Deterministic claim id: the same article text always yields the same ids."""
        return "c-" + stable_hash(article_id, list(span), speaker_id)


@dataclass(frozen=True, slots=True)
class AlertActor(_Record):
    """Who takes a side in an alert: the canonical id and name, the organisation they speak
    for, and every other name the evidence articles use for them ("the US", "the
    minister"), so a desk or a query finds the actor under the name their story used."""

    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    org: str | None = None


@dataclass(frozen=True, slots=True)
class AlertProposition(_Record):
    key: str
    summary: str


@dataclass(frozen=True, slots=True)
class Alert(_Record):
    """A denial or contradiction an editor should look at (topic ``alerts``)."""

    alert_id: str
    type: AlertType
    actors: list[AlertActor]
    proposition: AlertProposition
    claims: list[Claim]
    article_ids: list[str]
    event_time: str
    detected_at: str
    headline: str
    score: float

    _nested: ClassVar[dict[str, str]] = {
        "actors": "AlertActor", "proposition": "AlertProposition", "claims": "Claim"}


    @staticmethod
    def make_id(alert_type: str, proposition_key: str, claim_ids: list[str]) -> str:
        """Deterministic alert id from (type, proposition key, sorted claim ids)."""
        return "a-" + stable_hash(alert_type, proposition_key, sorted(claim_ids))


@dataclass(frozen=True, slots=True)
class DeadLetter(_Record):
    """A rejected input event with the reason and its original bytes (base64)."""

    error: str
    detail: str
    key: str | None
    value: str | None
    headers: list[list[str | None]]
    topic: str
    partition: int | None
    offset: int | None
    failed_at: str


_TYPES: dict[str, type[_Record]] = {
    cls.__name__: cls
    for cls in (Article, Speaker, Proposition, Claim, AlertActor, AlertProposition, Alert, DeadLetter)
}

RECORD_TYPES: dict[str, type[_Record]] = {
    "article": Article,
    "claim": Claim,
    "alert": Alert,
    "dead_letter": DeadLetter,
}
