"""Statements set off as paragraphs: a paragraph that is nothing but a quotation after an
attributed statement, and an unquoted block after "X said in a statement:" or "From X:"."""

from __future__ import annotations

import bisect

from spacy.tokens import Token

from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.frame import SENT_END, Frame
from streams.nlp.attribution.grammar import ISSUING_VERBS, CueGrammar


def quote_paragraphs(ctx: DocContext, frames: list[Frame]) -> list[Frame]:
    """A paragraph that is nothing but a quotation, right after a paragraph that holds
    an attributed statement, continues that speaker (news style: "Mayor Hill said the
    plan was dead." / "“We will not go ahead.”"). Linear: frames and quotes are walked
    once against the paragraph index."""
    paras = ctx.paras
    starts = [p[0] for p in paras]

    def para_index(pos: int) -> int:
        return bisect.bisect_right(starts, pos) - 1

    spoken = {para_index(f.start) for f in frames}  # paragraphs with a statement
    spoken |= {para_index(f.quote.open) for f in frames if f.quote is not None}
    out = []
    for q in ctx.cand:
        i = para_index(q.open)
        if i < 1 or i in spoken or i - 1 not in spoken:
            continue
        ps, pe = paras[i]
        if q.open != ps or q.mark_end < pe - 1:
            continue
        out.append(Frame("direct", q.start, q.end, "", "continued", q.open, quote=q,
                         confidence=0.6, follows_paragraph=True))
    return out


def colon_blocks(g: CueGrammar, ctx: DocContext, frames: list[Frame]) -> list[Frame]:
    """An unquoted paragraph right after one that ends "X said in a statement:" is X's
    statement set off as a block (the quote marks of a blockquote are lost in feeds); so is
    one after "X told Y that ...:" (X's words as evidence) or a source label ("From CNN:",
    "Here's X at Y:"). Only when the block reads as prose and holds no statement of its own."""
    paras, text = ctx.paras, ctx.text
    taken = {f.start for f in frames}
    out = []
    for (ps, pe), (bs, be) in zip(paras, paras[1:], strict=False):
        head = text[ps:pe].rstrip()
        block = text[bs:be].rstrip()
        if not head.endswith(":") or not block or block[-1] not in SENT_END | {"”", '"'}:
            continue
        if block[0] in "“\"'‘" or any(bs <= t < be for t in taken) or len(block.split()) < 4:
            continue
        found = _colon_cue(g, ctx, ps, ps + len(head) - 1)
        if found is None:
            continue
        cue, speaker = found
        if cue is speaker:  # a source label: read like "according to X"
            cue_pos = max(ps, speaker.sent.start_char)
            cue_text, cls = text[cue_pos: ps + len(head) - 1].strip(), "according"
        else:
            cue_text, cls, cue_pos = cue.text, g.cue_class(cue) if g.is_cue(cue) else "say", cue.idx
        out.append(Frame("direct", bs, bs + len(block), cue_text, cls, cue_pos,
                         speaker_head=speaker.i, confidence=0.6))
    return out


def _colon_cue(g: CueGrammar, ctx: DocContext, start: int, colon: int) -> tuple[Token, Token] | None:
    """The cue and speaker of the sentence that ends at ``colon``: a reporting verb with a
    speaker that leaves its statement to what follows ("X told the Post:"), or a statement
    from someone ("Here is a statement from ESPN:")."""
    doc, in_quote = ctx.doc, ctx.in_quote
    last = ctx.dv.first_at(colon)
    if last >= len(doc):
        return None
    sent = doc[last].sent
    with_content = None
    free: tuple[Token, Token] | None = None  # the last cue or issued statement before the colon
    for tok in sent:
        if tok.idx < start or in_quote[tok.i]:
            continue
        issued = _issued_statement(g, ctx, tok)
        if issued is not None:
            free = _nearer(free, tok, issued)
            continue
        if not g.is_cue(tok):
            continue
        subj = g.subject_of(tok, in_quote)
        if subj is None:
            continue
        # a cue that leaves its statement to the block is the best; one whose complement
        # ends at the colon ("X told us he believed the story was a smear:") hands over to
        # the block as its evidence, in X's words
        if not any(c.dep_ == "ccomp" and c.idx < colon for c in tok.children):
            free = _nearer(free, tok, subj)
        else:
            with_content = with_content or (tok, subj)
    # the speaker nearest the colon hands over: "Snopes debunked this rumor, but Raven
    # posted her own response on Instagram:" is Raven's; a cue inside an earlier cue's
    # words does not ("Here's what the NYT said about what eyewitnesses told police:")
    if free is not None:
        return free
    if with_content is not None:
        return with_content
    source = _source_label(sent, start)
    if source is not None:
        return source, source
    return None


def _nearer(free: tuple[Token, Token] | None, tok: Token, speaker: Token) -> tuple[Token, Token]:
    """The later of two hand-over candidates, unless it sits inside the earlier one's words."""
    return free if free is not None and _inside(tok, free[0]) else (tok, speaker)


def _inside(tok: Token, earlier: Token) -> bool:
    """Is ``tok`` part of what the earlier cue governs (its object or complement), not a
    clause coordinated with it ("..., but Raven posted her response:")?"""
    cur = tok
    while cur.head.i != cur.i:
        if cur.head.i == earlier.i:
            return cur.dep_ not in {"conj", "parataxis"}
        cur = cur.head
    return False


_OWN = {"her", "his", "their", "its", "my", "our", "your"}


def _issued_statement(g: CueGrammar, ctx: DocContext, tok: Token) -> Token | None:
    """Who a statement noun names as its source: "a statement from ESPN:", "She released a
    statement:", "posted her own response:" (the issuer's own; "posted Trump's statement" is
    not the poster's). None for any other token."""
    if tok.lemma_.lower() not in g.cues.statement_nouns:
        return None
    source = next((s for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                   for s in c.children if s.dep_ == "pobj"), None)
    if (source is None and tok.dep_ == "dobj" and tok.head.lemma_.lower() in ISSUING_VERBS
            and not any(c.dep_ == "poss" and c.lower_ not in _OWN for c in tok.children)):
        source = g.subject_of(tok.head, ctx.in_quote)
    return source


#: "From CNN:", "Per Esquire's Ben Collins:", "Via Reuters:", "Here's Mark Gurman:"
_SOURCE_OPENERS = (("from",), ("per",), ("via",), ("here", "'s"), ("here", "is"))


def _source_label(sent, start: int) -> Token | None:
    """The named source of a short label that hands over to a block: the label's first
    proper noun's head ("Mark Gurman" in "Here's Mark Gurman at 9to5Mac:")."""
    toks = [t for t in sent if t.idx >= start and not t.is_space]
    words = [t.lower_.replace("’", "'") for t in toks]
    for opener in _SOURCE_OPENERS:
        n = len(opener)
        if tuple(words[:n]) != opener or len(toks) > n + 8:
            continue
        rest = toks[n:]
        if rest and rest[0].lower_ == "the":
            rest = rest[1:]
        if not rest or rest[0].pos_ != "PROPN":  # "Here's what X said:" names no source
            return None
        head = rest[0]
        while head.head.pos_ == "PROPN" and head.head.i > head.i:
            head = head.head
        return head
    return None
