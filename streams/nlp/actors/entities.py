"""The named entities of one doc, read once, and which entity holds each token."""

from __future__ import annotations

from spacy.tokens import Doc, Span


class EntityIndex:
    """``doc.ents`` rebuilds every Span on each access: the entities once, with the entity
    holding each token (entities never overlap)."""

    __slots__ = ("spans", "_of_token", "multiword_names")

    def __init__(self, doc: Doc) -> None:
        self.spans: list[Span] = list(doc.ents)
        self._of_token: dict[int, Span] = {i: ent for ent in self.spans for i in range(ent.start, ent.end)}
        #: lower-cased texts of the entities of two words or more ("boko haram")
        self.multiword_names = frozenset(e.text.lower() for e in self.spans if len(e) > 1)

    def at(self, i: int) -> Span | None:
        """The named entity holding token ``i``."""
        return self._of_token.get(i)
