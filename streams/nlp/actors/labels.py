"""Transcript speaker labels ("Dan Olsen:", "WVFN host:") to actors."""

from __future__ import annotations

from streams.nlp.actors.model import Actor
from streams.nlp.actors.names import norm_key
from streams.nlp.actors.registry import ActorRegistry
from streams.nlp.lexicons import slug


class TranscriptLabels(ActorRegistry):
    """Actors named by transcript labels."""

    def label_actor(self, text: str, pos: int) -> Actor | None:
        """Transcript speaker labels: "Dan Olsen", "WVFN host"."""
        text = text.strip()
        if not text:
            return None
        words = text.split()
        if words[-1].lower() in self.surnames or (
            len(words) >= 2
            and all(w[:1].isupper() for w in words)
            and words[-1].lower() not in self.roles.person_roles
        ):
            full = self.full_name(text)
            a = self._ensure(slug(full), full, "person")
            a.add_alias(text)
            if len(words) > 1:
                a.add_alias(words[-1])
        else:
            a = self.actor_for_text(text) if self.lex.lookup(text) else None
            if a is None:
                a = self._role_holder(text)
            if a is None:
                a = self._ensure(
                    slug(text), text, "person" if words[-1].lower() in self.roles.person_roles else "unknown"
                )
                a.described = True
                if words[-1].lower() in self.roles.person_roles:
                    a.roles.add(words[-1].lower())
                    if len(words) > 1:
                        self._set_org(a, " ".join(words[:-1]))
        self._remember(pos, a)
        return a

    def _role_holder(self, text: str) -> Actor | None:
        """ "WVFN host" (a label or role phrase) -> the named person introduced with that
        role ("WVFN host Dan Olsen", "Dan Olsen, host of WVFN radio"): one actor, not two."""
        words = text.split()
        role = words[-1].lower()
        if role not in self.roles.person_roles:
            return None
        qual = norm_key(" ".join(words[:-1]))
        holders = [
            a for a in self.actors.values() if a.type == "person" and not a.described and role in a.roles
        ]
        if qual:
            fits = [
                a
                for a in holders
                if any(qual in norm_key(x) for x in a.aliases)
                or (a.org_name and qual in norm_key(a.org_name))
            ]
            if fits:
                holders = fits
            elif len(holders) != 1:
                return None
        if len(holders) != 1:
            return None
        a = holders[0]
        a.add_alias(text)
        return a
