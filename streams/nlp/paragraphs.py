"""Paragraph breaks are sentence breaks.

The parser sometimes runs a sentence on across a blank line: after 'dubbed "Crabzilla."'
the closing quote mark is read as the start of the next paragraph's subject, and the
whole next paragraph ("Quinton Winter, who runs the site, told the Daily Express that
...") hangs in one tree with the previous one, where its report is lost. A news
paragraph never continues a sentence, so the first word after a newline is preset as a
sentence start; the parser respects preset starts.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from spacy.tokens import Doc


def paragraph_starts(doc: Doc) -> Doc:
    """Preset a sentence start on the first token after each newline (in place)."""
    return _preset(doc, [t.i + 1 for t in doc if t.is_space and "\n" in t.text and t.i + 1 < len(doc)])


def glued_sentence_starts(doc: Doc) -> Doc:
    """Preset a sentence start after a full stop that lost its space ("… Network.The league
    denied …", split off by the tokenizer: extract.MISSING_SPACE_STOP); the parser would
    read on, and "Network.The league" would become a speaker (in place)."""
    return _preset(doc, [t.i + 1 for t in doc
                         if t.text == "." and not t.whitespace_ and 0 < t.i < len(doc) - 1
                         and doc[t.i - 1].text[-2:].islower() and doc[t.i + 1].is_title])


def _preset(doc: Doc, firsts: list[int]) -> Doc:
    if not firsts:
        return doc
    # one array write: the Token.is_sent_start setter rescans the whole doc per call
    from spacy.attrs import SENT_START

    starts = doc.to_array([SENT_START]).astype("int64")
    starts[firsts] = 1
    doc.from_array([SENT_START], starts.astype("uint64"))
    return doc
