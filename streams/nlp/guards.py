"""Bounds that keep extraction linear in the article length on hostile text.

Real news never comes near these bounds (the longest run of tokens without a sentence
break in the 2,587-article corpus is 269 tokens; no run of punctuation is longer than a
few dozen characters), so on real articles they change nothing. On hostile bodies they
cap what would otherwise be quadratic:

* :func:`break_runs` -- spaCy's tokenizer peels prefixes and suffixes off a
  whitespace-free chunk one at a time, re-slicing and re-searching the rest each time,
  so a chunk of 50,000 “ costs O(n²), and each of them would then be a token for the
  tagger, parser and NER. A run of punctuation keeps its first ``RUN_LIMIT`` characters
  and the rest become spaces: same length, so every character offset stays valid.
* :func:`fold_repeats` -- a short unit repeated thousands of times ("He said that He said
  that ...", a control-character pattern pasted over and over) is as long as a transcript
  and would cost as much, for claims that are one claim repeated. A unit of at most
  ``PERIOD_LIMIT`` characters repeated more than ``REPEAT_KEEP`` times in a row keeps its
  first ``REPEAT_KEEP`` copies; the rest become spaces (newlines stay, so paragraphs
  stay). Same length again.
* :func:`bound_sentences` -- the rule code walks subtrees, children and head chains,
  which are as large as the sentence. A stretch of more than ``SENTENCE_LIMIT`` tokens
  with no candidate break (sentence-final punctuation or a newline) is cut into
  sentences of ``SENTENCE_LIMIT`` tokens before the parser runs; the parser respects
  preset sentence starts, so no tree (and no claim) spans more than that.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

RUN_LIMIT = 64
PERIOD_LIMIT = 64
REPEAT_KEEP = 20
#: below this length a repeated unit costs at most a few seconds, and the scan (64 passes
#: over the text) is not worth its millisecond on every ordinary article
FOLD_MIN_CHARS = 20_000
SENTENCE_LIMIT = 400
_BREAKS = frozenset({".", "!", "?", "…"})
_LONG_RUN = re.compile(r"[^\w\s]{" + str(RUN_LIMIT + 1) + ",}")


def break_runs(text: str) -> str:
    """``text`` with punctuation runs longer than ``RUN_LIMIT`` blanked after that many."""
    if not _LONG_RUN.search(text):
        return text
    parts = []
    pos = 0
    for m in _LONG_RUN.finditer(text):
        cut = m.start() + RUN_LIMIT
        parts += [text[pos:cut], " " * (m.end() - cut)]
        pos = m.end()
    parts.append(text[pos:])
    return "".join(parts)


def fold_repeats(text: str) -> str:
    """``text`` with every unit of up to ``PERIOD_LIMIT`` characters that repeats more than
    ``REPEAT_KEEP`` times in a row cut to ``REPEAT_KEEP`` copies (the rest blanked, newlines
    kept). Linear: one vectorised comparison of the text with itself per period. Bodies
    under ``FOLD_MIN_CHARS`` are returned as they are."""
    n = len(text)
    shortest = REPEAT_KEEP + 1  # copies of a one-character unit that make a fold
    if n < FOLD_MIN_CHARS:
        return text
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    blank = np.zeros(n, dtype=bool)
    for period in range(1, min(PERIOD_LIMIT, n // shortest) + 1):
        same = np.concatenate(([False], codes[period:] == codes[:-period], [False]))
        edges = np.flatnonzero(np.diff(same.astype(np.int8)))
        starts, ends = edges[0::2], edges[1::2]  # text[s : e + period] repeats its unit
        for s, e in zip(starts.tolist(), ends.tolist(), strict=True):
            keep_to = s + period * REPEAT_KEEP
            if e + period > keep_to + period:  # more than REPEAT_KEEP whole copies
                blank[keep_to : e + period] = True
    if not blank.any():
        return text
    blank &= codes != ord("\n")
    out = codes.copy()
    out[blank] = ord(" ")
    return out.tobytes().decode("utf-32-le")


def bound_sentences(doc: Doc, limit: int = SENTENCE_LIMIT) -> Doc:
    """Preset sentence starts in stretches of more than ``limit`` tokens without a break.

    Tokens of such a stretch get explicit starts every ``limit`` tokens and explicit
    non-starts elsewhere; every other token is left to the parser."""
    n = len(doc)
    if n <= limit:
        return doc
    stretches = []
    start = 0
    for i, t in enumerate(doc):
        if t.text in _BREAKS or "\n" in t.text or i == n - 1:
            if i + 1 - start > limit:
                stretches.append((start, i + 1))
            start = i + 1
    if stretches:
        # one array write: the Token.is_sent_start setter rescans the whole doc per call
        from spacy.attrs import SENT_START

        starts = doc.to_array([SENT_START]).astype("int64")
        for s, e in stretches:
            starts[s:e] = -1
            starts[s:e:limit] = 1
        doc.from_array([SENT_START], starts.astype("uint64"))
    return doc
