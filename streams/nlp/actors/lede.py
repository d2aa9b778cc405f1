"""The delayed identification of a news lede: "A former PGA Tour player claims Woods has been
suspended." / "Dan Olsen, who made 35 PGA Tour starts, made the claim on Friday."

The first paragraph introduces a speaker by a description under "a"/"an"; the second opens
with the person's name set off by a comma. The two are one speaker: without this the
described player and Dan Olsen "contradict" each other when Olsen takes his words back.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Sequence

from spacy.tokens import Span, Token

from streams.nlp import lexicons
from streams.nlp.actors.model import Actor

#: articles that introduce a new, not yet named individual
_INDEFINITE = frozenset({"a", "an"})


def lede_identity(text: str, entities: Sequence[Span], paras: list[tuple[int, int]], head: Token,
                  actor: Actor, name_actor: Callable[[Span], Actor | None]) -> Actor | None:
    """The person the second paragraph names, when ``actor`` is a singular person first
    described under "a"/"an" by ``head`` in the first paragraph; None otherwise."""
    if len(paras) < 2 or not actor.described or actor.plural or actor.type != "person":
        return None
    if not paras[0][0] <= head.idx < paras[0][1]:
        return None
    if not any(c.dep_ == "det" and c.lower_ in _INDEFINITE for c in head.children):
        return None
    roles = lexicons.roles()
    if head.lemma_.lower() in roles.source_nouns or head.lemma_.lower() in roles.speaks_for_roles:
        return None  # "a police spokesman said ...": sources stay unnamed; "John Smith, 45" is another
    ent = _opening_name(text, entities, paras[1][0])
    if ent is None or _described_otherwise(ent, head):
        return None
    named = name_actor(ent)
    if named is None or named.type != "person" or named.id == actor.id:
        return None
    if any(text.find(alias, *paras[0]) >= 0 for alias in (named.name, *named.aliases)):
        return None  # named in the lede already: someone else than the described speaker
    return named


def _described_otherwise(ent: Span, head: Token) -> bool:
    """ "John Smith, a neighbour, ...": an appositive noun other than the lede's own
    ("a former soldier" / "Jordan Matson, 28, a former U.S. Army soldier") is someone else."""
    root = ent.root
    nouns = [c for c in root.children if c.dep_ == "appos" and c.pos_ == "NOUN"]
    return any(n.lemma_.lower() != head.lemma_.lower() for n in nouns)


def _opening_name(text: str, entities: Sequence[Span], start: int) -> Span | None:
    """A PERSON name that opens the paragraph at ``start`` and is set off by a comma
    ("Dan Olsen, 48, ..."): the paragraph introduces that person. ``entities`` are in
    text order."""
    k = bisect.bisect_left([e.start_char for e in entities], start)
    if k == len(entities):
        return None
    ent = entities[k]
    if ent.label_ != "PERSON" or text[start:ent.start_char].strip():
        return None
    if text[ent.end_char:ent.end_char + 1] != ",":
        return None
    return ent
