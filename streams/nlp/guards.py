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
* :func:`bound_sentences` -- the rule code walks subtrees, children and head chains,
  which are as large as the sentence. A stretch of more than ``SENTENCE_LIMIT`` tokens
  with no candidate break (sentence-final punctuation or a newline) is cut into
  sentences of ``SENTENCE_LIMIT`` tokens before the parser runs; the parser respects
  preset sentence starts, so no tree (and no claim) spans more than that.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc

RUN_LIMIT = 64
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
