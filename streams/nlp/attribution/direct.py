"""Direct speech: a cue for each speech quote, or the speaker of the quote before it.

The cue is the syntactic head of the quote ("“…,” Silo said", "He said “…”"), or a cue
verb in the text right after the quote in the same sentence ("“…,” a source told the
Mirror"), or right before it ("He added: “…”", "X told Y “…”"), or in the previous
sentence when that sentence has no content of its own ("X said the same. “…”") or ends
with a colon ("But he had this to say:" + next paragraph). A quote with no cue that
follows an attributed quote (same paragraph or the paragraph before) continues its speaker.
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.frame import Frame
from streams.nlp.attribution.grammar import CueGrammar
from streams.nlp.attribution.windows import (
    last_sentence_of,
    previous_sentence,
    window_after,
    window_before,
)
from streams.nlp.text import Quote

#: dependencies by which a quote's token hangs on the cue outside it
_GOVERNED = {"ccomp", "dobj", "parataxis", "xcomp", "conj", "advcl", "dep", "attr"}


def direct_frames(g: CueGrammar, ctx: DocContext) -> list[Frame]:
    """One frame per speech quote with a cue (or continuing the previous quote's speaker)."""
    paras = ctx.para_index
    spans = paras.spans
    para_of = {}
    for q in ctx.cand:
        idx = paras.index(q.open, inclusive_end=True)
        if idx is not None:
            para_of[id(q)] = idx
    frames: list[Frame] = []
    for q in ctx.cand:
        pidx = para_of.get(id(q), 0)
        ps, pe = spans[pidx] if spans else (0, len(ctx.text))
        # paragraph end of the quote's last paragraph
        last = paras.index(q.mark_end, inclusive_end=True)
        q_pe = spans[last][1] if last is not None else pe
        before = window_before(ctx, q, ps)
        cue, conf = _find_cue(g, ctx, q, pidx, ps, q_pe, before)
        subj = g.subject_of(cue, ctx.in_quote) if cue is not None else None
        if cue is not None and subj is not None and not ctx.in_quote[subj.i]:
            frames.append(Frame("direct", q.start, q.end, cue.text, g.cue_class(cue), cue.idx,
                                speaker_head=subj.i, quote=q, confidence=conf,
                                content_root=_quote_root(ctx, q)))
            continue
        prev_idx = _continued_from(frames, para_of, q, pidx, ps, before)
        if prev_idx is not None:
            frames.append(Frame("direct", q.start, q.end, frames[prev_idx].cue, "continued", q.open,
                                inherit=prev_idx, quote=q, confidence=0.75,
                                content_root=_quote_root(ctx, q)))
    return frames


def _find_cue(g: CueGrammar, ctx: DocContext, q: Quote, pidx: int, ps: int, q_pe: int,
              before: list[Token]) -> tuple[Token | None, float]:
    """The quote's cue and the confidence it gives, nearest evidence first: a cue governing
    the quote, one in the rest of the sentence, one before the quote, one in the sentence
    or paragraph before it."""
    gov = _governing_cue(g, ctx, q, ps, q_pe)
    if gov is not None:
        return gov, 0.9
    after = window_after(ctx, q, q_pe)
    if after and len([t for t in after if not t.is_punct]) <= 25:
        cue = _best_cue(g, after, q, near_end=True)
        if cue is not None:
            return cue, 0.9
    if before:
        c = _best_cue(g, before, q, near_end=False)
        if c is not None and (_introduces(g, c, before) or _governs_quote(c, q)):
            return c, 0.9
        return None, 0.9
    return _cue_before_sentence(g, ctx, q, pidx, ps)


def _cue_before_sentence(g: CueGrammar, ctx: DocContext, q: Quote, pidx: int,
                         ps: int) -> tuple[Token | None, float]:
    """A cue in the sentence before a sentence-initial quote ("X said the same. “…”" /
    "He added:"), else, for a quote opening its paragraph, in a previous paragraph that
    ends with a colon ("But he had this to say:")."""
    prev_sent = previous_sentence(ctx, q, ps)
    c = _best_cue(g, prev_sent, q, near_end=False) if prev_sent else None
    if c is not None:
        if _introduces(g, c, prev_sent) or _content_in_quote(g, c, ctx.in_quote):
            return c, 0.8
        return None, 0.9
    if pidx > 0 and q.open == ps:
        pps, ppe = ctx.para_index.spans[pidx - 1]
        if ctx.text[ppe - 1 : ppe] == ":":
            return _colon_speaker_verb(g, ctx, last_sentence_of(ctx, pps, ppe)), 0.75
    return None, 0.9


def _colon_speaker_verb(g: CueGrammar, ctx: DocContext, sent: list[Token]) -> Token | None:
    """The verb with a speaker in a sentence that hands over to a quote after its colon:
    a cue verb preferred ("he added:"), else any verb ("he had this to say:")."""
    verbs = [t for t in sent if g.is_cue(t)] + [
        t for t in sent if t.pos_ in {"VERB", "AUX"} and not g.is_cue(t)
    ]
    return next((v for v in verbs if g.subject_of(v, ctx.in_quote) is not None), None)


def _introduces(g: CueGrammar, cue: Token, window: list[Token]) -> bool:
    """A cue before a quote introduces it when it has no content of its own or its window
    ends with a colon ("He added: “…”")."""
    return g.content_child(cue) is None or window[-1].text == ":"


def _governs_quote(cue: Token, q: Quote) -> bool:
    """ "X told Y “…”": the quote is part of the cue's own phrase."""
    return any(q.open <= x.idx < q.mark_end for x in cue.subtree)


def _content_in_quote(g: CueGrammar, cue: Token, in_quote: list[bool]) -> bool:
    c = g.content_child(cue)
    return c is not None and in_quote[c.i]


def _continued_from(frames: list[Frame], para_of: dict[int, int], q: Quote, pidx: int, ps: int,
                    before: list[Token]) -> int | None:
    """Index of the frame whose speaker this cue-less quote continues: the previous frame,
    when its quote is in the same paragraph or this quote opens the next paragraph."""
    if not frames or (before and not all(t.is_punct for t in before)):
        return None
    last = frames[-1]
    if last.quote is None:
        return None
    lp = para_of.get(id(last.quote), -9)
    # same paragraph, or this quote opens the next paragraph
    if lp == pidx or (lp == pidx - 1 and q.open == ps) or (last.quote.mark_end >= ps - 2 and q.open == ps):
        return len(frames) - 1
    return None


def _best_cue(g: CueGrammar, window: list[Token], q: Quote, near_end: bool) -> Token | None:
    """The cue of a window: the one governing a token of the quote, else the root, else
    the one nearest the quote."""
    cues = [t for t in window if g.is_cue(t)]
    if not cues:
        return None
    # the cue that governs a token of the quote wins
    for t in cues:
        for c in t.children:
            if q.open <= c.idx < q.mark_end:
                return t
    roots = [t for t in cues if t.dep_ == "ROOT"]
    if roots:
        return roots[0]
    return cues[0] if near_end else cues[-1]


def _governing_cue(g: CueGrammar, ctx: DocContext, q: Quote, ps: int, pe: int) -> Token | None:
    """A cue verb outside the quote that heads a token inside it (same sentence)."""
    in_quote = ctx.in_quote
    for t in ctx.dv.between(q.start, q.end):
        h = t.head
        if (
            h.i != t.i
            and not (q.open <= h.idx < q.mark_end)
            and not in_quote[h.i]
            and g.is_cue(h)
            and ps <= h.idx < pe
        ) and t.dep_ in _GOVERNED:
            return h
    return None


def _quote_root(ctx: DocContext, q: Quote) -> int | None:
    """The token of the quote whose head is outside it (its syntactic root)."""
    toks = ctx.dv.between(q.start, q.end)
    for t in toks:
        if not (q.start <= t.head.idx < q.end) or t.head.i == t.i:
            return t.i
    return toks[0].i if toks else None
