"""Load the YAML lexicons under ``lexicons/`` once per process."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_DIR = Path(__file__).with_name("lexicons")
ALIASES_ENV = "GAINSAY_ALIASES"
# An alias registry is read into every extraction process: bound what one file may cost.
ALIAS_FILE_MAX_BYTES = 4 * 1024 * 1024
ALIAS_MAX_ACTORS = 20_000
ALIAS_MAX_PER_ACTOR = 200
ALIAS_MAX_CHARS = 200


def _load(name: str) -> Any:
    with open(LEXICON_DIR / name, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


def _lower_set(items: Any) -> frozenset[str]:
    return frozenset(str(x).lower() for x in (items or []))


def _word_lists(cls: type, data: dict[str, Any], **others: Any) -> Any:
    """Build a lexicon dataclass from YAML: every ``frozenset[str]`` field is a lower-cased
    set, every ``tuple[str, ...]`` field a lower-cased phrase list, read from the key of the
    same name; ``others`` supplies the fields of any other shape."""
    values: dict[str, Any] = {}
    for f in fields(cls):
        if f.name in others:
            values[f.name] = others[f.name]
        elif f.type == "frozenset[str]":
            values[f.name] = _lower_set(data.get(f.name))
        elif f.type == "tuple[str, ...]":
            values[f.name] = tuple(str(x).lower() for x in data.get(f.name) or [])
    return cls(**values)


@dataclass(frozen=True)
class Cues:
    say: frozenset[str]
    deny: frozenset[str]
    hedge: frozenset[str]
    opinion: frozenset[str]
    evaluate: frozenset[str]
    needs_clause: frozenset[str]
    claim_nouns: frozenset[str]
    propositional_deny: frozenset[str]
    accusation: frozenset[str]
    concession: frozenset[str]
    commitment: frozenset[str]
    rebuttal: frozenset[str]
    negated_belief: frozenset[str]
    granted_nouns: frozenset[str]
    according_patterns: list[list[dict[str, Any]]]
    label_stopwords: frozenset[str]
    hearer_verbs: frozenset[str] = frozenset()
    statement_nouns: frozenset[str] = frozenset()
    document_nouns: frozenset[str] = frozenset()
    infinitive_claims: frozenset[str] = frozenset()
    hearsay_nouns: frozenset[str] = frozenset()
    #: phrasal rejections: verb lemma -> the particles (or idiom object) that make it one
    phrasal_deny: dict[str, frozenset[str]] = field(default_factory=dict)

    @property
    def all_verbs(self) -> frozenset[str]:
        return self.say | self.deny | self.hedge | self.opinion | self.evaluate

    def cue_class(self, lemma: str) -> str | None:
        for name in ("deny", "evaluate", "hedge", "say", "opinion"):
            if lemma in getattr(self, name):
                return name
        return None


@dataclass(frozen=True)
class PolarityLexicon:
    discredit: frozenset[str]
    positive_truth: frozenset[str]
    existential_idioms: frozenset[str]
    deny_phrases: tuple[str, ...]
    deny_verbs: frozenset[str]
    hedge_modals: frozenset[str]
    hedge_words: frozenset[str]
    hedge_phrases: tuple[str, ...]
    nonconfirm_phrases: tuple[str, ...] = ()
    affirm_phrases: tuple[str, ...] = ()
    negated_hedges: frozenset[str] = frozenset()
    light_predicates: frozenset[str] = frozenset()
    intention_predicates: frozenset[str] = frozenset()
    cannot_idioms: frozenset[str] = frozenset()
    retraction_words: frozenset[str] = frozenset()
    attitude_verbs: frozenset[str] = frozenset()
    negative_subjects: frozenset[str] = frozenset()
    condition_words: frozenset[str] = frozenset()
    advice_modals: frozenset[str] = frozenset()
    awareness_phrases: frozenset[str] = frozenset()
    fabrication_verbs: frozenset[str] = frozenset()
    fabricated_things: frozenset[str] = frozenset()
    held_denials: frozenset[str] = frozenset()
    discredit_labels: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Roles:
    titles: frozenset[str]
    person_roles: frozenset[str]
    source_nouns: frozenset[str]
    publication_roles: frozenset[str]
    org_heads: frozenset[str]
    speaks_for_roles: frozenset[str]
    pronouns: dict[str, tuple[str, ...]]
    female_words: frozenset[str] = frozenset()
    male_words: frozenset[str] = frozenset()
    not_speakers: frozenset[str] = frozenset()
    number_words: frozenset[str] = frozenset()
    generic_determiners: frozenset[str] = frozenset()
    org_anaphors: frozenset[str] = frozenset()
    title_abbreviations: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Relation:
    name: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    verb_object: frozenset[tuple[str, str]]
    preps: frozenset[str]


@dataclass
class ActorEntry:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)
    publication: bool = False


@lru_cache(maxsize=1)
def cues() -> Cues:
    d = _load("cues.yaml")
    return _word_lists(Cues, {**d, **(d.get("verbs") or {})},
                       according_patterns=list(d.get("according_patterns") or []),
                       phrasal_deny={str(k).lower(): _lower_set(v)
                                     for k, v in (d.get("phrasal_deny") or {}).items()})


@lru_cache(maxsize=1)
def polarity() -> PolarityLexicon:
    return _word_lists(PolarityLexicon, _load("polarity.yaml"))


@lru_cache(maxsize=1)
def roles() -> Roles:
    d = _load("roles.yaml")
    gendered = d.get("gendered_words") or {}
    return _word_lists(
        Roles, d,
        pronouns={k.lower(): tuple(v or ()) for k, v in (d.get("pronouns") or {}).items()},
        female_words=_lower_set(gendered.get("female")),
        male_words=_lower_set(gendered.get("male")),
    )


@lru_cache(maxsize=1)
def relations() -> tuple[Relation, ...]:
    d = _load("relations.yaml").get("relations", {})
    out = []
    for name, spec in d.items():
        vo = set()
        for pair in spec.get("verb_object") or []:
            parts = str(pair).lower().split()
            if len(parts) == 2:
                vo.add((parts[0], parts[1]))
        out.append(
            Relation(
                name=name,
                verbs=_lower_set(spec.get("verbs")),
                nouns=_lower_set(spec.get("nouns")),
                verb_object=frozenset(vo),
                preps=_lower_set(spec.get("preps")),
            )
        )
    return tuple(out)


@lru_cache(maxsize=1)
def boilerplate() -> tuple[re.Pattern[str], ...]:
    d = _load("boilerplate.yaml")
    return tuple(re.compile(p, re.IGNORECASE) for p in d.get("lines") or [])


def _country_entries() -> list[ActorEntry]:
    import pycountry

    curated = _load("countries.yaml")
    by_iso = {str(v.get("iso", "")).upper(): k for k, v in curated.items() if v.get("iso")}
    entries: dict[str, ActorEntry] = {}
    for c in pycountry.countries:
        cid = by_iso.get(c.alpha_2) or slug(getattr(c, "common_name", None) or c.name)
        e = entries.setdefault(
            cid, ActorEntry(id=cid, name=getattr(c, "common_name", None) or c.name, type="country")
        )
        for attr in ("name", "common_name", "official_name"):
            val = getattr(c, attr, None)
            if val and val not in e.aliases:
                e.aliases.append(val)
    for cid, spec in curated.items():
        e = entries.setdefault(cid, ActorEntry(id=cid, name=spec.get("name", cid), type="country"))
        e.name = spec.get("name", e.name)
        for a in spec.get("aliases") or []:
            if a not in e.aliases:
                e.aliases.append(str(a))
    return list(entries.values())


class AliasFileError(ValueError):
    """An alias registry file over one of the size limits (the message names file and limit)."""


def _check_registry_size(path: Path) -> None:
    size = path.stat().st_size
    if size > ALIAS_FILE_MAX_BYTES:
        raise AliasFileError(f"{path}: {size} bytes, limit {ALIAS_FILE_MAX_BYTES}")


def _check_registry_spec(path: Path, index: int, spec: dict[str, Any]) -> None:
    aliases = spec.get("aliases") or []
    if index >= ALIAS_MAX_ACTORS:
        raise AliasFileError(f"{path}: more than {ALIAS_MAX_ACTORS} actors")
    if not isinstance(aliases, list) or len(aliases) > ALIAS_MAX_PER_ACTOR:
        raise AliasFileError(f"{path}: actor {index + 1} needs a list of at most "
                             f"{ALIAS_MAX_PER_ACTOR} aliases")
    for text in [spec["id"], spec.get("name") or "", *aliases]:
        if len(str(text)) > ALIAS_MAX_CHARS:
            raise AliasFileError(f"{path}: actor {index + 1}: {str(text)[:40]!r}… is over "
                                 f"{ALIAS_MAX_CHARS} characters")


def _registry_entries(path: Path) -> list[ActorEntry]:
    _check_registry_size(path)
    with open(path, encoding="utf-8") as f:
        d = yaml.safe_load(f) or {}
    out = []
    for index, spec in enumerate(d.get("actors") or []):
        if not isinstance(spec, dict) or not spec.get("id"):
            continue
        _check_registry_spec(path, index, spec)
        out.append(
            ActorEntry(
                id=slug(str(spec["id"])),
                name=str(spec.get("name") or spec["id"]),
                type=str(spec.get("type") or "organisation"),
                aliases=[str(a) for a in spec.get("aliases") or []],
                publication=bool(spec.get("publication", False)),
            )
        )
    return out


def _publication_entries() -> list[ActorEntry]:
    out = []
    for names in _load("publications.yaml").get("outlets") or []:
        names = [str(n) for n in names]
        if names:
            out.append(
                ActorEntry(
                    id=slug(names[0]), name=names[0], type="organisation", aliases=names, publication=True
                )
            )
    return out


def actor_entries(aliases_path: str | Path | None = None) -> list[ActorEntry]:
    """Countries, publications, the built-in alias registry and the user's registry.

    Later sources override earlier ones with the same id (their aliases are merged).
    The user registry is ``aliases_path`` if given, else ``$GAINSAY_ALIASES`` if set.
    """
    sources: list[list[ActorEntry]] = [
        _country_entries(),
        _publication_entries(),
        _registry_entries(LEXICON_DIR / "aliases.yaml"),
    ]
    user = aliases_path or os.environ.get(ALIASES_ENV)
    if user:
        sources.append(_registry_entries(Path(user)))
    merged: dict[str, ActorEntry] = {}
    for src in sources:
        for e in src:
            if e.id in merged:
                old = merged[e.id]
                old.name = e.name or old.name
                old.type = e.type or old.type
                old.publication = old.publication or e.publication
                for a in e.aliases:
                    if a not in old.aliases:
                        old.aliases.append(a)
            else:
                merged[e.id] = ActorEntry(e.id, e.name, e.type, list(e.aliases), e.publication)
    return list(merged.values())


_SLUG_RE = re.compile(r"[^\w]+", re.UNICODE)
_POSSESSIVE_RE = re.compile(r"['’]s\b")


def slug(text: str) -> str:
    """Lower-case hyphenated id: "Igor Konashenkov" -> "igor-konashenkov"."""
    s = _SLUG_RE.sub("-", _POSSESSIVE_RE.sub("", text.lower())).strip("-_")
    s = s.replace("_", "-")
    return s or "unknown"
