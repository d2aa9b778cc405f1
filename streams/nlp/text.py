"""Text utilities that never move offsets.

Every span Gainsay emits indexes the ORIGINAL article body, so all clean-up here is a
same-length character replacement: the cleaned text has exactly the length of the body
and character ``i`` of one corresponds to character ``i`` of the other.

* :func:`normalise`        odd spaces, control characters, lone surrogates -> plain spaces
* :func:`paragraphs`       non-empty line spans
* :func:`boilerplate_spans` site furniture lines (share/follow, captcha, "Photo:", ...)
* :func:`mask`             blank spans out with spaces (same length)
* :func:`find_quotes`      quotation spans: straight and curly marks, quotes left open at
                           a paragraph end that continue in the next paragraph, and quotes
                           left open for good (closed by the paragraph end)
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from streams.nlp import lexicons

# ---------------------------------------------------------------- normalisation

_SPACE_LIKE = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u200b\u200c\u200d\u202f\u205f\u2060\u3000\ufeff\u00ad\t\x0b\x0c"
)
_TABLE = {ord(c): " " for c in _SPACE_LIKE}
_TABLE.update({c: " " for c in range(0x00, 0x20) if c not in (0x0A,)})
_TABLE.update({c: " " for c in range(0x7F, 0xA0)})
_TABLE[0x0D] = "\n"
_TABLE[0x2028] = "\n"
_TABLE[0x2029] = "\n"
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def normalise(text: str) -> str:
    """Return ``text`` with odd whitespace/control characters replaced one-for-one.

    ``len(normalise(t)) == len(t)`` always; quote marks and letters are untouched.
    """
    out = text.translate(_TABLE)
    if _SURROGATE_RE.search(out):
        out = _SURROGATE_RE.sub(" ", out)
    return out


def paragraphs(text: str) -> list[tuple[int, int]]:
    """Spans of the non-blank lines of ``text`` (a line is a paragraph in news bodies)."""
    spans = []
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if line.strip():
            s = pos + (len(line) - len(line.lstrip()))
            e = end - (len(line) - len(line.rstrip()))
            spans.append((s, e))
        pos = end + 1
    return spans


def boilerplate_spans(text: str) -> list[tuple[int, int]]:
    """Lines that are site furniture (see ``lexicons/boilerplate.yaml``)."""
    pats = lexicons.boilerplate()
    out = []
    for s, e in paragraphs(text):
        line = text[s:e]
        if len(line) > 400:  # boilerplate lines are short; long lines are prose
            continue
        if any(p.search(line) for p in pats):
            out.append((s, e))
    return out


_DATELINE = re.compile(
    r"^[ \t]*(?:[A-Z][A-Z.'’-]+(?:[ ,]+[A-Z][A-Za-z.'’-]+){0,4})(?:\s*\([A-Za-z. ]{1,20}\))?"
    r"\s*(?:–|—|--|-)\s+(?=[A-Z“\"])"
)


def dateline_spans(text: str) -> list[tuple[int, int]]:
    """Datelines opening a paragraph ("AMUDE – ", "SAN FRANCISCO -- "): not part of a sentence."""
    out = []
    for s, e in paragraphs(text):
        m = _DATELINE.match(text, s, e)
        if m and m.group(0).strip()[:2].isupper():
            out.append((s, m.end()))
    return out


def mask(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace the characters in ``spans`` by spaces (length preserved)."""
    chars = list(text)
    for s, e in spans:
        for i in range(max(0, s), min(len(chars), e)):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


# ---------------------------------------------------------------- quotes

OPEN_CURLY = "\u201c\u201e\u00ab\u201f"  # “ „ « ‟
CLOSE_CURLY = "\u201d\u00bb"  # ” »
STRAIGHT = '"'
_OPENING_CONTEXT = set(" \n([{\u2014\u2013-/:;\u2018'") | set(OPEN_CURLY)
_CLOSING_FOLLOW = set(" \n.,;:!?)]}\u2014\u2013-\u2019'") | set(CLOSE_CURLY)


@dataclass(frozen=True, slots=True)
class Quote:
    """A quotation: ``[start, end)`` is its content without marks (trailing comma dropped).

    ``open`` is the index of the opening mark, ``close`` the index of the closing mark
    (``None`` when the quote is closed by the end of its paragraph), ``mark_end`` the
    index just after the closing mark (or the paragraph end). ``paragraphs`` counts the
    paragraphs the quote runs over.
    """

    open: int
    close: int | None
    start: int
    end: int
    mark_end: int
    paragraphs: int = 1

    @property
    def closed(self) -> bool:
        return self.close is not None


def _is_open_straight(text: str, i: int) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    return (prev in _OPENING_CONTEXT or prev.isspace()) and not nxt.isspace()


def _is_close_straight(text: str, i: int, width: int = 1) -> bool:
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + width] if i + width < len(text) else " "
    return not prev.isspace() and (nxt.isspace() or nxt in _CLOSING_FOLLOW or nxt.isalnum() is False)


def _content(text: str, s: int, e: int) -> tuple[int, int]:
    while s < e and text[s].isspace():
        s += 1
    while e > s and (text[e - 1].isspace() or text[e - 1] == ","):
        e -= 1
    return s, e


def find_quotes(text: str) -> list[Quote]:
    """Find quotations in ``text`` (use the normalised body; offsets are the body's).

    * “curly” and "straight" double quotes (and « », „ “); a straight quote may also be
      closed by two apostrophes ('').
    * A quote still open at the end of a paragraph continues when the next paragraph
      opens with a quote mark (the journalistic multi-paragraph convention); otherwise it
      ends with its paragraph.
    * Single quotes only in British style (see :func:`_single_quotes`): they are too often
      apostrophes.
    """
    paras = paragraphs(text)
    quotes = _double_quotes(text, paras)
    quotes += _single_quotes(text, paras)
    quotes.sort(key=lambda q: q.open)
    return quotes


@dataclass(slots=True)
class _Open:
    """A double quote opened and not closed yet."""

    at: int  # index of the opening mark
    kind: str  # curly | straight
    paragraphs: int  # paragraphs it runs over so far


def _double_quotes(text: str, paras: list[tuple[int, int]]) -> list[Quote]:
    """Double-quoted quotations, paragraph by paragraph: one still open at a paragraph's
    end carries over when the next paragraph opens with a quote mark, else ends there."""
    quotes: list[Quote] = []
    pending: _Open | None = None
    pending_end = 0
    for ps, pe in paras:
        open_q: _Open | None = None
        j = ps
        if pending is not None:
            if _reopens(text, ps):
                open_q, j = _Open(pending.at, pending.kind, pending.paragraphs + 1), ps + 1
            else:
                _add_unclosed(quotes, text, pending, pending_end)
            pending = None
        open_q = _scan_paragraph(text, j, pe, open_q, quotes)
        if open_q is not None:
            pending, pending_end = open_q, pe
    if pending is not None:
        _add_unclosed(quotes, text, pending, pending_end)
    return quotes


def _reopens(text: str, ps: int) -> bool:
    """Does the paragraph at ``ps`` open with a quote mark (continuing an open quote)?"""
    first = text[ps]
    return first in OPEN_CURLY or (first == STRAIGHT and _is_open_straight(text, ps))


def _add_unclosed(quotes: list[Quote], text: str, q: _Open, end: int) -> None:
    """A quote closed by the end of its last paragraph (``end``)."""
    s, e = _content(text, q.at + 1, end)
    if e > s:
        quotes.append(Quote(q.at, None, s, e, end, q.paragraphs))


def _scan_paragraph(text: str, j: int, pe: int, open_q: _Open | None, quotes: list[Quote]) -> _Open | None:
    """Open and close double quotes in ``text[j:pe]`` (``open_q``: one carried over),
    adding the closed ones to ``quotes``; returns the quote still open at ``pe``."""
    while j < pe:
        c = text[j]
        if open_q is None:
            if c in OPEN_CURLY:
                open_q = _Open(j, "curly", 1)
            elif c == STRAIGHT and _is_open_straight(text, j):
                open_q = _Open(j, "straight", 1)
            j += 1
            continue
        width = _closing_width(text, j, open_q.kind, pe)
        if width:
            s, e = _content(text, open_q.at + 1, j)
            if e > s:
                quotes.append(Quote(open_q.at, j, s, e, j + width, open_q.paragraphs))
            open_q = None
            j += width
            continue
        j += 1
    return open_q


def _closing_width(text: str, j: int, kind: str, pe: int) -> int:
    """The width of a mark at ``j`` that closes a quote of ``kind`` (0: none): its own
    closing mark, two apostrophes for a straight quote, or a straight mark closing a curly
    quote when no curly closing mark follows in the paragraph (“mixed" marks)."""
    c = text[j]
    if kind == "curly" and c in CLOSE_CURLY or kind == "straight" and c == STRAIGHT:
        return 1
    if kind == "straight" and c == "'" and text[j + 1 : j + 2] == "'" and _is_close_straight(text, j, 2):
        return 2
    if kind == "curly" and c == STRAIGHT and _is_close_straight(text, j) and text.find("\u201d", j, pe) < 0:
        return 1
    return 0


_SINGLE_OPEN = "'\u2018"
_SINGLE_CLOSE = "'\u2019"
#: a single-quoted quotation in British style: it opens before a capital letter and closes
#: right after sentence punctuation ('We are not aware of it,' he said.), which an
#: apostrophe never does
_SINGLE_QUOTE_RE = re.compile(
    r"(?:(?<=^)|(?<=[\s(\[]))([" + _SINGLE_OPEN + r"])(?=[A-Z0-9])"
    r"([^\n\"\u201c\u201d]*?[.,!?])([" + _SINGLE_CLOSE + r"])(?=\s|$)",
    re.MULTILINE,
)
_MIN_SINGLE_WORDS = 3


def _single_quotes(text: str, paras: list[tuple[int, int]]) -> list[Quote]:
    """Single-quoted quotations, only in paragraphs with no double quote marks (where a
    single quote could be a nested quotation or an apostrophe run)."""
    out = []
    for ps, pe in paras:
        para = text[ps:pe]
        if STRAIGHT in para or any(c in para for c in OPEN_CURLY + CLOSE_CURLY):
            continue
        for m in _SINGLE_QUOTE_RE.finditer(para):
            o, c = ps + m.start(1), ps + m.start(3)
            s, e = _content(text, o + 1, c)
            if len(text[s:e].split()) >= _MIN_SINGLE_WORDS:
                out.append(Quote(o, c, s, e, c + 1, 1))
    return out


def inside(spans: Iterable[tuple[int, int]], pos: int) -> bool:
    return any(s <= pos < e for s, e in spans)
