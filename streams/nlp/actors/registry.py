"""The actors of one article and where they were mentioned: the state every resolution
step reads and adds to (actor records, acronyms, surnames, mention history)."""

from __future__ import annotations

from bisect import insort

from spacy.tokens import Doc

from streams.nlp import lexicons
from streams.nlp.actors.entities import EntityIndex
from streams.nlp.actors.lexicon import ActorLexicon
from streams.nlp.actors.model import Actor
from streams.nlp.actors.names import norm_key
from streams.nlp.lexicons import slug
from streams.nlp.spans import Cover


class ActorRegistry:
    """Actor records of one article by id, and how its mentions map onto them."""

    def __init__(self, doc: Doc, lexicon: ActorLexicon, quote_spans: list[tuple[int, int]]):
        self.doc = doc
        self.lex = lexicon
        self.roles = lexicons.roles()
        self.quote_spans = quote_spans
        self._quotes = Cover(quote_spans)
        self.entities = EntityIndex(doc)
        self.actors: dict[str, Actor] = {}
        self.acronyms: dict[str, str] = {}  # ACR -> actor id, name -> actor id
        self.surnames: dict[str, str] = {}  # surname (lower) -> full name
        self.history: list[tuple[int, str]] = []  # (char pos, actor id), outside quotes
        # the same entries as (pos, -arrival, id), kept sorted: nearest-first walks
        self._by_pos: list[tuple[int, int, str]] = []
        self.salient: set[int] = set()  # positions of speakers and main-clause subjects

    def _in_quote(self, pos: int) -> bool:
        return self._quotes.covers(pos)

    def _add_history(self, pos: int, aid: str) -> None:
        insort(self._by_pos, (pos, -len(self.history), aid))
        self.history.append((pos, aid))

    def _remember(self, pos: int, actor: Actor) -> None:
        self._add_history(pos, actor.id)
        self.salient.add(pos)

    def _ensure(self, aid: str, name: str, typ: str) -> Actor:
        """The actor with id ``aid``, created on first mention; a person keeps the longest name."""
        a = self.actors.get(aid)
        if a is None:
            a = Actor(id=aid, name=name, type=typ)
            self.actors[aid] = a
            entry = self.lex.entries.get(aid)
            if entry is not None:
                a.publication = entry.publication
        elif len(name) > len(a.name) and a.type == "person" and typ == "person":
            a.add_alias(a.name)
            a.name = name
        return a

    def full_name(self, name: str) -> str:
        """The fullest name the article gives a person: "Konashenkov" -> "Igor Konashenkov"."""
        words = name.split()
        if not words:
            return name
        full = self.surnames.get(words[-1].lower())
        if full and len(full.split()) >= len(words) and full.split()[-len(words) :] == words:
            return full
        if full and len(words) == 1:
            return full
        return name

    def prop_id(self, aid: str | None) -> str | None:
        """Actor id for proposition keys: state organs collapse to their country."""
        if aid is None:
            return None
        a = self.actors.get(aid)
        name = a.name if a else aid.replace("-", " ")
        entry = self.lex.lookup(name)
        if entry is not None:
            return entry.id
        country = self.lex.country_of_org(name)
        if country is not None:
            return country.id
        return aid

    def actor_for_text(self, text: str, label: str = "", create: bool = True) -> Actor | None:
        """The actor a mention's text names: an acronym or lexicon entry, a surname seen
        before, else (with ``create``) a new organisation for a capitalised name."""
        key = norm_key(text)
        if not key:
            return None
        aid = self.acronyms.get(text.strip()) or self.acronyms.get(key)
        entry = self.lex.lookup(text)
        if aid is None and entry is not None:
            aid = entry.id
        if aid is not None:
            e = self.lex.entries.get(aid)
            a = self._ensure(aid, e.name if e else text, e.type if e else "organisation")
            a.add_alias(text.removeprefix("the ").removeprefix("The ") if len(text) > 4 else text)
            a.add_alias(text)
            return a
        # person surname seen before ("Woods" labelled ORG)
        words = text.split()
        if len(words) == 1 and words[0].lower() in self.surnames:
            full = self.surnames[words[0].lower()]
            a = self._ensure(slug(full), full, "person")
            a.add_alias(text)
            return a
        if not create:
            return None
        if label in {"ORG", "NORP", "GPE", "FAC"} or (label == "" and text[:1].isupper()):
            country = self.lex.country_of_org(text)
            name = text[4:] if text.lower().startswith("the ") else text
            a = self._ensure(slug(name), name, "organisation")
            if country is not None:
                a.prop_id = country.id
            a.add_alias(text)
            return a
        return None

    def _set_org(self, actor: Actor, org_text: str) -> None:
        """The organisation a person speaks for, found by acronym, lexicon or name ("SDF
        forces" -> SDF); a state organ's propositions count for its country."""
        if actor.org is not None:
            return
        org_text = org_text.strip()
        key = norm_key(org_text)
        aid = self.acronyms.get(org_text) or self.acronyms.get(key)
        entry = None
        if aid is None:
            entry = self.lex.lookup(org_text)
            if entry is None:
                # "SDF forces" -> "SDF"
                words = org_text.split()
                for n in range(len(words) - 1, 0, -1):
                    sub = " ".join(words[:n])
                    aid = self.acronyms.get(sub) or self.acronyms.get(norm_key(sub))
                    e2 = self.lex.lookup(sub)
                    if e2 is not None and e2.type != "country":
                        entry = e2
                    if aid or entry:
                        break
            if aid is None and entry is not None:
                aid = entry.id
        name = org_text[4:] if org_text.lower().startswith("the ") else org_text
        if aid is None:
            aid = slug(name)
        org = self.actors.get(aid)
        if org is None:
            e = self.lex.entries.get(aid)
            org = self._ensure(
                aid, e.name if e else name, e.type if e and e.type != "country" else "organisation"
            )
            country = self.lex.country_of_org(name)
            if country is not None:
                org.prop_id = country.id
        actor.org = aid
        actor.org_name = org.name
        if actor.type == "person" and actor.roles & {
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "representative",
            "rep",
        }:
            actor.add_alias(org.name)

    def is_known(self, aid: str) -> bool:
        """A lexicon actor (country, registry family, outlet) or a named person/organisation
        seen as an entity — not an unknown place name."""
        if aid in self.lex.entries:
            return True
        a = self.actors.get(aid)
        return a is not None and (a.type == "person" or a.org is not None or a.prop_id is not None)

    def speaker_org_prop(self, actor: Actor) -> str:
        """The side a speaker stands for in propositions (their org, else themselves)."""
        if actor.org:
            org = self.actors.get(actor.org)
            if org is not None and org.prop_id:
                return org.prop_id
            return self.prop_id(actor.org) or actor.org
        if actor.prop_id:
            return actor.prop_id
        return self.prop_id(actor.id) or actor.id
