"""The records of actor resolution: an :class:`Actor` of one article and a
:class:`Resolution` (which actor a mention is, and how that was decided)."""

from __future__ import annotations

from dataclasses import dataclass, field

from streams.nlp import lexicons
from streams.nlp.actors.names import WS


@dataclass
class Actor:
    id: str
    name: str
    type: str = "unknown"
    org: str | None = None
    org_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    publication: bool = False
    described: bool = False  # "a source close to the group"
    prop_id: str | None = None  # actor id used in proposition keys
    plural: bool = False  # "officials", "sources": never "he"/"she"
    pron_gender: str | None = None  # "m"/"f" once "he"/"she" resolved to this actor

    def gender(self) -> str | None:
        """ "f"/"m" from evidence in the article (titles, gendered role nouns, pronouns)."""
        r = lexicons.roles()
        f = bool(self.roles & r.female_words)
        m = bool(self.roles & r.male_words)
        if f != m:
            return "f" if f else "m"
        return self.pron_gender

    def add_alias(self, text: str) -> None:
        """Another name the actor goes by (never a pronoun: it would match any speaker)."""
        t = WS.sub(" ", text).strip(" ,.;:")
        if not t or t == self.name or t in self.aliases:
            return
        if t.lower() in lexicons.roles().pronouns:
            return  # pronouns would match any speaker
        self.aliases.append(t)


@dataclass
class Resolution:
    actor: Actor
    how: str  # name | described | pronoun | role | lexicon | label
    mention: str
