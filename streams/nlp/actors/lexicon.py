"""Known actors by every name they go by, process-wide (built once)."""

from __future__ import annotations

from pathlib import Path

from streams.nlp import lexicons
from streams.nlp.actors.names import POSS, WS, norm_key
from streams.nlp.lexicons import ActorEntry


class ActorLexicon:
    """Known actors by every name they go by (countries, outlets, alias families)."""

    def __init__(self, aliases_path: str | Path | None = None) -> None:
        self.entries: dict[str, ActorEntry] = {}
        self._by_key: dict[str, ActorEntry] = {}
        self._case_sensitive: dict[str, ActorEntry] = {}
        # precedence: later sources (registry, user) override countries/outlets on a clash
        for e in lexicons.actor_entries(aliases_path):
            self.entries[e.id] = e
            for name in [e.name, *e.aliases]:
                key = norm_key(name)
                if not key:
                    continue
                if " " not in key and (e.publication or len(key) <= 3):
                    # one-word outlet names and short acronyms must be written capitalised
                    self._case_sensitive[name.strip().removeprefix("the ").removeprefix("The ")] = e
                    continue
                self._by_key[key] = e
        self.country_prefixes = {
            k: e for k, e in self._by_key.items() if e.type == "country" and " " not in k
        }

    def lookup(self, text: str) -> ActorEntry | None:
        """The known actor a mention names (case-insensitive; short acronyms and one-word
        outlets only as written)."""
        key = norm_key(text)
        if not key:
            return None
        hit = self._by_key.get(key)
        if hit is not None:
            return hit
        raw = POSS.sub("", WS.sub(" ", text.replace("’", "'")).strip(' ,.;:!?"“”()[]'))
        raw = raw.removeprefix("the ").removeprefix("The ")
        return self._case_sensitive.get(raw)

    def country_of_org(self, name: str) -> ActorEntry | None:
        """ "Russian Defense Ministry" / "the Russian military" -> russia (a state organ)."""
        words = norm_key(name).split()
        if len(words) < 2:
            return None
        org_heads = lexicons.roles().org_heads
        if not any(
            w in org_heads or w in {"defense", "defence", "foreign", "interior", "armed"} for w in words[1:]
        ):
            return None
        for n in (2, 1):
            head = " ".join(words[:n])
            e = self._by_key.get(head)
            if e is not None and e.type == "country":
                return e
        return None
