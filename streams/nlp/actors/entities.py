"""The named entities of one doc, read once, and which entity holds each token."""

from __future__ import annotations

from collections import Counter

from spacy.tokens import Doc, Span

#: labels that say a name is not a person's
_NOT_PERSON = frozenset({"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"})


class EntityIndex:
    """``doc.ents`` rebuilds every Span on each access: the entities once, with the entity
    holding each token (entities never overlap)."""

    __slots__ = ("spans", "_of_token", "multiword_names", "_labels")

    def __init__(self, doc: Doc) -> None:
        self.spans: list[Span] = list(doc.ents)
        self._of_token: dict[int, Span] = {i: ent for ent in self.spans for i in range(ent.start, ent.end)}
        #: lower-cased texts of the entities of two words or more ("boko haram")
        self.multiword_names = frozenset(e.text.lower() for e in self.spans if len(e) > 1)
        self._labels: dict[str, Counter[str]] = {}
        for e in self.spans:
            self._labels.setdefault(e.text.lower(), Counter())[e.label_] += 1

    def at(self, i: int) -> Span | None:
        """The named entity holding token ``i``."""
        return self._of_token.get(i)

    def mostly_not_a_person(self, text: str) -> bool:
        """Is a one-word name labelled an organisation, place or product more often than a
        person in this article? NER calls "Comcast" PERSON twice and ORG thirteen times in
        one story; one name keeps one sense through an article."""
        votes = self._labels.get(text.lower())
        if votes is None or len(text.split()) > 1:
            return False
        return sum(n for label, n in votes.items() if label in _NOT_PERSON) > votes["PERSON"]
