"""Transcript speaker labels: a paragraph "Dan Olsen: …" / "HOST: …" is the labelled
speaker's (a label takes over a quote some cue was found for)."""

from __future__ import annotations

import bisect
from itertools import accumulate

from streams.nlp import lexicons
from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.frame import Frame
from streams.nlp.lexicons import Cues
from streams.nlp.text import Quote


def label_frames(cues: Cues, ctx: DocContext, frames: list[Frame]) -> tuple[list[Frame], list[Frame]]:
    """(``frames`` without those a label took over, the label frames)."""
    out = []
    speech_at: dict[int, Quote] = {}
    for q in ctx.cand:
        speech_at.setdefault(q.open, q)
    covering = _Covering(frames)
    text = ctx.text
    for ps, pe in ctx.paras:
        line = text[ps:pe]
        colon = line.find(":")
        label = _label_text(cues, line, colon)
        if label is None:
            continue
        rest_s = ps + colon + 1
        while rest_s < pe and text[rest_s] == " ":
            rest_s += 1
        if rest_s >= pe:
            continue
        # content: the quote that opens right after the colon, else the rest of the line
        q = speech_at.get(rest_s)
        if q is not None:
            s, e = q.start, q.end
        else:
            s, e = rest_s, pe
            if covering.covers(s):
                continue
        if not _names_a_speaker(ctx, ps, colon, label.split()):
            continue
        # drop any direct frame already found for this quote (the label is the speaker)
        if q is not None:
            covering.drop_quote(q)
        out.append(
            Frame("direct", s, e, ":", "label", ps, label=(ps, ps + len(label)), quote=q, confidence=0.7)
        )
    return covering.kept(), out


def _label_text(cues: Cues, line: str, colon: int) -> str | None:
    """The label before the colon of a paragraph, when it can be one: one to four words,
    capitalised, no digits, not a furniture word ("Update:", "Photo:")."""
    if colon <= 0 or colon > 40:
        return None
    stop = cues.label_stopwords
    label = line[:colon].strip()
    words = label.split()
    if not (1 <= len(words) <= 4) or label.lower() in stop or words[0].lower() in stop:
        return None
    if not words[0][:1].isupper() or any(ch.isdigit() for ch in label):
        return None
    return label


def _names_a_speaker(ctx: DocContext, ps: int, colon: int, words: list[str]) -> bool:
    """Does the label name someone (an entity of two words or more, or a role noun) and
    hold no verb?"""
    ltoks = ctx.dv.between(ps, ps + colon)
    roles = lexicons.roles()
    named = any(t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} for t in ltoks) and len(words) >= 2
    role = words[-1].lower() in roles.person_roles or words[-1].lower() in roles.source_nouns
    if not (named or role):
        return False
    return not any(t.pos_ in {"VERB", "AUX"} for t in ltoks)


class _Covering:
    """``covers(pos)``: does a frame not yet dropped contain ``pos``; frames of a quote
    taken over by a transcript label are dropped as the labels are read."""

    def __init__(self, frames: list[Frame]) -> None:
        self.frames = frames
        self._dropped: set[int] = set()
        self._order = sorted(range(len(frames)), key=lambda i: frames[i].start)
        self._starts = [frames[i].start for i in self._order]
        self._max_end = list(accumulate((frames[i].end for i in self._order), max))
        self._of_quote: dict[int, list[int]] = {}
        for i, f in enumerate(frames):
            if f.quote is not None:
                self._of_quote.setdefault(id(f.quote), []).append(i)

    def drop_quote(self, q: Quote) -> None:
        self._dropped.update(self._of_quote.get(id(q), ()))

    def covers(self, pos: int) -> bool:
        k = bisect.bisect_right(self._starts, pos)
        if k == 0 or self._max_end[k - 1] <= pos:
            return False
        return any(self.frames[i].end > pos and i not in self._dropped
                   for i in reversed(self._order[:k]))

    def kept(self) -> list[Frame]:
        return [f for i, f in enumerate(self.frames) if i not in self._dropped]
