"""Content signatures: what a claim or an article is about, comparable without spaCy.

A signature is a small mapping ``term -> weight``. Terms are normalised content words
(lemma stems) and canonical actor ids written ``@id`` (``@tiger-woods``, ``@russia``);
weights say how distinctive a term is (rare words weigh more than common ones), in
``(0, 1]``. Negation, hedges, reporting verbs and words that only point at a statement
("the report", "these claims") never enter a signature, so "X is suspended" and "X is not
suspended" have the same signature and opposite polarity.

The extractor (``streams.nlp.content``) builds signatures; the judge compares them. This
module is plain Python on purpose: both layers import it, and it must stay cheap (a claim
is compared with every remembered claim of its story).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

Terms = Mapping[str, float]

#: signatures travel inside claim records: round weights so the JSON stays small and stable
WEIGHT_DIGITS = 3


def entity_term(actor_id: str) -> str:
    return "@" + actor_id


def is_entity(term: str) -> bool:
    return term.startswith("@")


def mass(terms: Terms) -> float:
    return sum(terms.values())


def shared_mass(a: Terms, b: Terms) -> float:
    """Weight of the terms both signatures hold (the smaller weight of each)."""
    if len(b) < len(a):
        a, b = b, a
    return sum(min(w, b[t]) for t, w in a.items() if t in b)


def similarity(a: Terms, b: Terms, *, min_shared: float, entity_weight: float = 1.0) -> float:
    """Share of the lighter signature's weight that the other one also holds (0..1), or 0
    unless the shared weight reaches ``min_shared`` (a single shared common word never
    makes two statements one proposition). The lighter side is the yardstick because
    asymmetric sizes are the normal case: a short claim wholly inside a long quote is about
    the same thing.

    ``entity_weight`` scales the ``@actor`` terms: every claim of a story names its main
    actors, so sharing them says less than sharing what is said about them (calibrated on
    annotated claim pairs, ``scripts/calibrate_similarity.py``)."""
    a = align_entities(a, b)
    if entity_weight != 1.0:
        a, b = scale_entities(a, entity_weight), scale_entities(b, entity_weight)
    shared = shared_mass(a, b)
    if shared < min_shared:
        return 0.0
    small = min(mass(a), mass(b))
    return shared / small if small > 0 else 0.0


def _name_words(term: str) -> frozenset[str]:
    return frozenset(term[1:].split("-"))


def align_entities(a: Terms, b: Terms) -> Terms:
    """``a`` with each actor term that ``b`` lacks renamed to the actor term of ``b`` whose
    name holds it or is held by it ("@beats" / "@beats-music", "@obama" / "@barack-obama"):
    one article's short name and another's full name are one actor. Only one-to-one fits
    are renamed (a short name that fits two actors is not guessed), so the result does not
    depend on which side is ``a``."""
    missing = [t for t in a if is_entity(t) and t not in b]
    spare = [u for u in b if is_entity(u) and u not in a]
    if not missing or not spare:
        return a

    def fit(t: str, u: str) -> bool:
        wt, wu = _name_words(t), _name_words(u)
        return wt <= wu or wu <= wt

    fits = {t: [u for u in spare if fit(t, u)] for t in missing}
    renamed = {t: us[0] for t, us in fits.items()
               if len(us) == 1 and sum(fit(o, us[0]) for o in missing) == 1}
    if not renamed:
        return a
    return {renamed.get(t, t): w for t, w in a.items()}


def scale_entities(terms: Terms, factor: float) -> dict[str, float]:
    return {t: (w * factor if is_entity(t) else w) for t, w in terms.items()}


def top(terms: Terms, k: int) -> dict[str, float]:
    """The ``k`` heaviest terms (ties broken by the term, so the result is deterministic)."""
    best = sorted(terms.items(), key=lambda kv: (-kv[1], kv[0]))[:k]
    return {t: round(w, WEIGHT_DIGITS) for t, w in sorted(best)}


def union(parts: Iterable[Terms]) -> dict[str, float]:
    """Every term of every part, at its largest weight."""
    out: dict[str, float] = {}
    for part in parts:
        for t, w in part.items():
            if w > out.get(t, 0.0):
                out[t] = w
    return out
