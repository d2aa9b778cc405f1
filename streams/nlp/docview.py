"""Cached read-only views of a parsed ``Doc`` for the rule code.

``Doc.text`` re-joins every token on each access and ``for t in doc`` builds a new
``Token`` object per token, so rules that ask for "the tokens between two character
offsets" or "the article text" once per quote or per mention were quadratic in the
article length. :func:`view` keeps, for the doc being processed, its text, its token
objects and their character offsets; :meth:`DocView.between` is the exact equivalent of
``[t for t in doc if start <= t.idx < end]`` (token offsets strictly increase), found by
bisection.

Only the most recent doc is kept (one slot, strong reference), so memory stays flat.
The view is read-only: the rules never modify a doc's tokens.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc, Token


class DocView:
    __slots__ = ("doc", "text", "tokens", "idx")

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.text: str = doc.text
        self.tokens: list[Token] = list(doc)
        self.idx: list[int] = [t.idx for t in self.tokens]

    def first_at(self, char: int) -> int:
        """Index of the first token with ``idx >= char`` (``len(doc)`` if none)."""
        return bisect_left(self.idx, char)

    def between(self, start: int, end: int) -> list[Token]:
        """Tokens whose start offset lies in ``[start, end)``, in order."""
        lo = bisect_left(self.idx, start)
        hi = bisect_left(self.idx, end, lo)
        return self.tokens[lo:hi]


_last: DocView | None = None


def view(doc: Doc) -> DocView:
    """The cached view of ``doc`` (built on first use)."""
    global _last
    v = _last
    if v is None or v.doc is not doc:
        v = DocView(doc)
        _last = v
    return v


def release() -> None:
    """Drop the cached view (and with it the reference to its doc)."""
    global _last
    _last = None
