"""Per-document state of one :meth:`Attributor.frames` call.

Everything the frame finders share about one article (its quotes, which of them are
speech, which tokens sit inside quotes, its paragraphs and the quote indexes) is built
once here and passed along, so the :class:`Attributor` itself keeps no per-call state.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc

from streams.nlp.docview import DocView, view
from streams.nlp.spans import Ordered, Paragraphs
from streams.nlp.text import Quote


@dataclass
class DocContext:
    doc: Doc
    dv: DocView
    text: str
    quotes: list[Quote]  # every quotation, in text order
    cand: list[Quote]  # the quotations that are speech (not scare quotes or titles)
    in_quote: list[bool]  # per token: does it start inside a quote span (marks included)
    paras: list[tuple[int, int]]  # paragraph spans
    para_index: Paragraphs
    quotes_by_open: dict[int, list[Quote]]  # every quote by the offset of its opening mark
    by_open: dict[int, list[Quote]]  # the same in trailing-quote order (speech quotes first)
    quote_rank: dict[int, int]  # id(quote) -> its place in that order
    cand_content: Ordered  # speech quotes by content span
    cand_marks: Ordered  # speech quotes by span including the marks

    @classmethod
    def build(cls, doc: Doc, quotes: list[Quote], paras: list[tuple[int, int]]) -> DocContext:
        """The context of one article: quotes, which are speech, and the quote indexes."""
        dv = view(doc)
        cand = [q for q in quotes if is_speech(dv, q)]
        speech = {id(q) for q in cand}
        # the order the trailing-quote look-up tries quotes in: speech quotes, then the rest
        order = cand + [q for q in quotes if id(q) not in speech]
        return cls(
            doc=doc,
            dv=dv,
            text=dv.text,
            quotes=list(quotes),
            cand=cand,
            in_quote=_in_quote(dv, quotes),
            paras=paras,
            para_index=Paragraphs(paras),
            quotes_by_open=_by_open(quotes),
            by_open=_by_open(order),
            quote_rank={id(q): r for r, q in enumerate(order)},
            cand_content=Ordered(cand, lambda q: q.start, lambda q: q.end),
            cand_marks=Ordered(cand, lambda q: q.open, lambda q: q.mark_end),
        )

    def para_bounds(self, pos: int) -> tuple[int, int]:
        """The paragraph holding ``pos`` (everything when none does)."""
        return self.para_index.bounds(pos, (0, 10**12))

    def starts_sentence(self, char: int) -> bool:
        """Does the first token at or after ``char`` open a sentence?"""
        i = self.dv.first_at(char)
        return i < len(self.doc) and self.doc[i].is_sent_start


def _by_open(quotes: list[Quote]) -> dict[int, list[Quote]]:
    out: dict[int, list[Quote]] = {}
    for q in quotes:
        out.setdefault(q.open, []).append(q)
    return out


def _in_quote(dv: DocView, quotes: list[Quote]) -> list[bool]:
    """Per token: does it start inside a quote span (marks included)."""
    in_quote = [False] * len(dv.tokens)
    for q in quotes:
        for i in range(dv.first_at(q.open), dv.first_at(q.mark_end)):
            in_quote[i] = True
    return in_quote


def is_speech(dv: DocView, q: Quote) -> bool:
    """Is this quotation direct speech? Scare quotes and titles (a few words inside a
    sentence, or a longer phrase with no verb) are not."""
    toks = dv.between(q.start, q.end)
    words = [t for t in toks if not t.is_punct and not t.is_space]
    if not words:
        return False
    has_verb = any(t.pos_ in {"VERB", "AUX"} for t in words)
    text = dv.text
    # what precedes the opening mark: a word inside a sentence means an embedded phrase
    j = q.open - 1
    while j >= 0 and text[j] == " ":
        j -= 1
    prev = text[j] if j >= 0 else "\n"
    at_clause_start = prev in "\n:.!?" or prev in '“"' or j < 0
    if len(words) <= 3 and not at_clause_start:
        return False  # scare quote / title: so-called “patriotic-minded Syrian opposition”
    return not (not has_verb and len(words) < 8)
