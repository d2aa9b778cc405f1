"""Names coordinated with a speaker: in "Reuters and the Associated Press reported ..." and
"Complex, Death and Taxes, and Jezebel published stories stating ..." each name says it.
Only names (an entity label or a known actor), so descriptions coordinated by a misparse
("Dr. Verity Nye, Ocean and Earth Science researcher", "terror expert and Director at ...")
and names with "and" in them ("The Islamic State in Iraq and Syria") stay one speaker."""

from __future__ import annotations

from collections.abc import Callable

from spacy.tokens import Token

from streams.nlp.actors.entities import EntityIndex

#: entity labels of names that can speak alongside another
NAMED_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})


def coordinated_names(head: Token, entities: EntityIndex, known: Callable[[str], object]) -> list[Token]:
    """The heads of the names coordinated with the speaker's ``head``, in order."""
    out = []
    for conj in head.conjuncts:
        if conj.pos_ != "PROPN" or not (conj.ent_type_ in NAMED_LABELS or known(conj.text)):
            continue
        if any(t.dep_ == "prep" for t in head.doc[head.i + 1:conj.i]):
            continue  # "The Islamic State in Iraq and Syria": Syria is part of the name
        ent = entities.at(conj.i)
        if ent is not None and any(ent.start <= t.i < ent.end for t in (head, *out)):
            continue  # one name with "and" in it, or the rest of one
        out.append(conj)
    return out
