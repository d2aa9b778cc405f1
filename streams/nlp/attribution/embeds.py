"""Embedded posts: a paragraph followed by Twitter's embed signature is that account's.

News sites paste a tweet as its text, then a line "— Display Name (@handle) Month D, YYYY"
(the text Twitter's embed code leaves when the page is stripped to prose). The paragraph
before the signature is a direct statement by the account: "UPDATE - not expecting a
Castro announcement - bad info from Reuters." / "— Mark Bixler (@CNNmarkbixler) January 10,
2015". No reporting verb announces it, so no other finder credits it to anyone.
"""

from __future__ import annotations

import bisect
import re
from itertools import accumulate

from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.frame import Frame

#: the signature line; the dash may stand alone on its line ("— \nIslamic State Times ..."),
#: where the boilerplate mask has already blanked it
SIGNATURE = re.compile(
    r"^[ \t]*(?:[—–-][ \t]*\n?[ \t]*)?(?P<name>[^\n(]{0,80}?)[ \t]*\(@(?P<handle>\w{1,15})\)[ \t]*"
    r"(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})[ \t]*$",
    re.M,
)
#: trailing links of a pasted post (the picture or the shortened link it carried)
_TRAILING_LINK = re.compile(r"(?:\s+(?:pic\.twitter\.com/\S+|https?://\S+|#\w+))+\s*$")
_MIN_WORDS = 3


def embed_frames(ctx: DocContext, frames: list[Frame]) -> list[Frame]:
    """One direct frame per signed post whose text no other frame already credits."""
    text = ctx.text
    starts = [p[0] for p in ctx.paras]
    taken = _Taken(frames)
    out = []
    for m in SIGNATURE.finditer(text):
        k = bisect.bisect_left(starts, m.start()) - 1
        if k < 0:
            continue
        ps, pe = ctx.paras[k]
        if SIGNATURE.match(text, ps) or pe > m.start():
            continue
        span = _post_span(text, ps, pe)
        if span is None or taken.overlaps(*span):
            continue
        label = _account(m)
        out.append(Frame("direct", span[0], span[1], "—", "label", m.start(), label=label,
                         confidence=0.85))
    return out


def _post_span(text: str, ps: int, pe: int) -> tuple[int, int] | None:
    """The post's words without its trailing links; None for a post in another script or
    too short to state anything."""
    body = text[ps:pe]
    cut = _TRAILING_LINK.search(body)
    end = ps + (cut.start() if cut else len(body.rstrip()))
    words = text[ps:end].split()
    letters = [ch for ch in text[ps:end] if ch.isalpha()]
    if len(words) < _MIN_WORDS or not letters:
        return None
    if sum(ch.isascii() for ch in letters) < 0.8 * len(letters):
        return None  # not English: the parser reads nothing from it
    return ps, end


def _account(m: re.Match) -> tuple[int, int]:
    """The char span of who posted: the display name without decoration ("• Rex •",
    "Cassy❤️"), or the handle when the name is a hashtag or has no words."""
    name_s, name_e = m.span("name")
    name = m.group("name")
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    if len(letters) >= 2 and not name.lstrip().startswith("#"):
        first, last = letters[0], letters[-1]
        while last + 1 < len(name) and name[last + 1] in ".'’":
            last += 1
        return name_s + first, name_s + last + 1
    return m.span("handle")


class _Taken:
    """Spans other frames already credit: ``overlaps(s, e)`` in log time."""

    def __init__(self, frames: list[Frame]) -> None:
        spans = sorted((f.start, f.end) for f in frames)
        self._starts = [s for s, _ in spans]
        self._max_end = list(accumulate((e for _, e in spans), max))

    def overlaps(self, s: int, e: int) -> bool:
        k = bisect.bisect_left(self._starts, e)
        return k > 0 and self._max_end[k - 1] > s
