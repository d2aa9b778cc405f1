"""Token windows around a quote, where its cue may be: the rest of the sentence after it,
the part of the sentence before it, the sentence before that."""

from __future__ import annotations

from spacy.tokens import Token

from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.frame import SCAN_LIMIT, SENT_END
from streams.nlp.text import Quote


def sentence_back(ctx: DocContext, last: int, floor: int, quoted: str,
                  limit: int | None = SCAN_LIMIT) -> list[Token]:
    """The tokens from token ``last`` back to the previous sentence end (exclusive), never
    before char ``floor``, looking at most at ``limit`` tokens; in text order.

    ``quoted`` says what a token inside a quote does: ``"stop"`` ends the window,
    ``"skip"`` leaves it out (a sentence end inside the quote still ends the window),
    ``"ignore"`` leaves it out entirely."""
    tokens, in_quote = ctx.dv.tokens, ctx.in_quote
    stop = -1 if limit is None else last - limit
    out: list[Token] = []
    i = last
    while i >= 0 and i > stop:
        t = tokens[i]
        if t.idx < floor or (in_quote[i] and quoted == "stop"):
            break
        if t.text in SENT_END and not (in_quote[i] and quoted == "ignore"):
            break
        if not in_quote[i]:
            out.append(t)
        i -= 1
    out.reverse()
    return out


def window_after(ctx: DocContext, q: Quote, para_end: int) -> list[Token]:
    """The tokens after the quote up to the end of its sentence (or the next quote)."""
    out = []
    start = ctx.dv.first_at(q.mark_end)
    for t in ctx.dv.tokens[start : start + SCAN_LIMIT]:
        if t.idx >= para_end or ctx.in_quote[t.i]:
            break
        out.append(t)
        if t.text in SENT_END:
            break
    return out


def window_before(ctx: DocContext, q: Quote, para_start: int) -> list[Token]:
    """The tokens of the quote's sentence before its opening mark (after any other quote)."""
    return sentence_back(ctx, ctx.dv.first_at(q.open) - 1, para_start, quoted="stop")


def previous_sentence(ctx: DocContext, q: Quote, para_start: int) -> list[Token]:
    """The sentence right before a quote that opens a sentence ("X said the same. “…”",
    "He added: “…”"), with its final punctuation; empty otherwise."""
    doc = ctx.doc
    i = ctx.dv.first_at(q.open) - 1
    # skip the sentence-final punctuation just before the quote
    while i >= 0 and doc[i].is_space:
        i -= 1
    if i < 0 or doc[i].idx < para_start:
        return []
    if doc[i].text not in SENT_END and doc[i].text != ":":
        return []
    return sentence_back(ctx, i - 1, para_start, quoted="skip") + [doc[i]]


def last_sentence_of(ctx: DocContext, start: int, end: int) -> list[Token]:
    """The last sentence of the paragraph ``[start, end)`` before its final token (its
    colon), quotes left out."""
    win = [t for t in ctx.dv.between(start, end) if not ctx.in_quote[t.i]]
    if not win:
        return []
    return sentence_back(ctx, win[-1].i - 1, start, quoted="ignore", limit=None)
