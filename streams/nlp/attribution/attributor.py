"""The one place that decides which frames an article has: :class:`Attributor`."""

from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc

from streams.nlp import lexicons
from streams.nlp.attribution.according import according_frames
from streams.nlp.attribution.blocks import colon_blocks, quote_paragraphs
from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.direct import direct_frames
from streams.nlp.attribution.embeds import embed_frames
from streams.nlp.attribution.frame import Frame
from streams.nlp.attribution.grammar import CueGrammar
from streams.nlp.attribution.indirect import indirect_frames
from streams.nlp.attribution.labels import label_frames
from streams.nlp.attribution.merge import IndirectCover, finish
from streams.nlp.text import Quote


class Attributor:
    """Finds frames in a parsed article. Build once (it compiles the Matcher); it keeps no
    state between calls (each call's state is a :class:`DocContext`)."""

    def __init__(self, vocab) -> None:
        self.cues = lexicons.cues()
        self.grammar = CueGrammar(self.cues)
        self.matcher = Matcher(vocab)
        self.matcher.add("ACCORDING", self.cues.according_patterns)

    def frames(self, doc: Doc, quotes: list[Quote], paras: list[tuple[int, int]]) -> list[Frame]:
        """The frames of one article in text order (``quotes`` from
        :func:`streams.nlp.text.find_quotes`, ``paras`` its paragraph spans)."""
        g = self.grammar
        ctx = DocContext.build(doc, quotes, paras)
        frames = indirect_frames(g, ctx)
        frames += according_frames(g, self.matcher, ctx)
        # a quote that sits inside an indirect claim is part of that claim
        covered = IndirectCover(frames)
        frames += [f for f in direct_frames(g, ctx) if not covered.covers(f)]
        frames, labelled = label_frames(self.cues, ctx, frames)
        frames += labelled
        frames, posts = embed_frames(ctx, frames)
        frames += posts
        frames += quote_paragraphs(ctx, frames)
        frames += colon_blocks(g, ctx, frames)
        return finish(frames, doc)
