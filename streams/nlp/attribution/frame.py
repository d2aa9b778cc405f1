"""The attribution record: :class:`Frame` (who is credited with which span, by which cue)."""

from __future__ import annotations

from dataclasses import dataclass

from streams.nlp.guards import SENTENCE_LIMIT
from streams.nlp.text import Quote

SENT_END = {".", "!", "?", "…"}
#: token scans for a cue before/after a quote stop here (real stretches without a sentence
#: break or newline stay far below it; see guards.py)
SCAN_LIMIT = SENTENCE_LIMIT


@dataclass
class Frame:
    kind: str  # direct | indirect
    start: int  # content char span in the body
    end: int
    cue: str  # cue text as written
    cue_class: str  # say | deny | hedge | opinion | evaluate | according | label | continued
    cue_pos: int  # char position of the cue (or of the quote for continuations)
    speaker_head: int | None = None  # token index of the speaker's head
    label: tuple[int, int] | None = None  # char span of a transcript label
    inherit: int | None = None  # index (in the frame list) of the frame whose speaker continues
    quote: Quote | None = None
    content_root: int | None = None  # token index of the content's head, if known
    confidence: float = 0.8
    #: a quote paragraph without a verb of its own, spoken by the previous paragraph's speaker
    follows_paragraph: bool = False
