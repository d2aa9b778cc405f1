"""Embedded posts: a paragraph followed by Twitter's embed signature is that account's.

News sites paste a tweet as its text, then a line "— Display Name (@handle) Month D, YYYY"
(the text Twitter's embed code leaves when the page is stripped to prose). The paragraph
before the signature is a direct statement by the account: "UPDATE - not expecting a
Castro announcement - bad info from Reuters." / "— Mark Bixler (@CNNmarkbixler) January 10,
2015". No reporting verb announces it, so no other finder credits it to anyone.
"""

from __future__ import annotations

import re

from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.frame import Frame
from streams.nlp.spans import Cover, Ordered

#: the signature line; the dash may stand alone on its line ("— \nIslamic State Times ..."),
#: where the boilerplate mask has already blanked it
SIGNATURE = re.compile(
    r"^[ \t]*(?:[—–-][ \t]*\n?[ \t]*)?(?P<name>[^\n(]{0,80}?)[ \t]*\(@(?P<handle>\w{1,15})\)[ \t]*"
    r"(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})[ \t]*$",
    re.M,
)
INLINE_SIGNATURE = re.compile(
    r"[—–][ \t]*(?P<name>[^\n(—–]{1,80}?)[ \t]*\(@(?P<handle>\w{1,15})\)[ \t]*"
    r"(?P<date>[A-Z][a-z]+\.? \d{1,2}, \d{4})[ \t]*$",
    re.M,
)
_SIGNED = re.compile(r"\(@\w{1,15}\)[ \t]*[A-Z][a-z]+\.? \d{1,2}, \d{4}")
#: trailing links of a pasted post (the picture or the shortened link it carried)
_TRAILING_LINK = re.compile(r"(?:\s+(?:pic\.twitter\.com/\S+|https?://\S+|#\w+))+\s*$")
_MIN_WORDS = 3


def embed_frames(ctx: DocContext, frames: list[Frame]) -> tuple[list[Frame], list[Frame]]:
    """(``frames`` without those a signature overrules, one direct frame per signed post).

    The signature names who posted, so a frame that credits the whole post to someone from
    outside it ("Jordanian author Waleed Abu Anada tweeted:" read as a block) gives way; a
    frame whose cue is inside the post (the post reports someone else) keeps it."""
    text = ctx.text
    posts = []
    for m in _signatures(text):
        span = _post_span(text, *_post_paragraph(ctx, m))
        if span is not None:
            posts.append((span, m))
    by_span = Ordered(frames, lambda f: f.start, lambda f: f.end)
    overruled = {id(f) for (s, e), _m in posts for f in by_span.inside(s, e) if not s <= f.cue_pos < e}
    outside = [f for f in frames if id(f) not in overruled]
    taken = Cover((f.start, f.end) for f in outside)
    out = [Frame("direct", s, e, "—", "label", m.start(), label=_account(m), confidence=0.85)
           for (s, e), m in posts if not taken.overlaps(s, e)]
    return outside, out


def _signatures(text: str) -> list[re.Match]:
    """Signature lines, and signatures run on at the end of the post's own line ("...
    tomorrow. #IAmMoath— Waleed Abu Nada (@waleedabunada) February 4, 2015")."""
    found = {m.start(): m for m in SIGNATURE.finditer(text)}
    for m in INLINE_SIGNATURE.finditer(text):
        found.setdefault(m.start(), m)
    return [found[k] for k in sorted(found)]


def _post_paragraph(ctx: DocContext, m: re.Match) -> tuple[int, int]:
    """The post's paragraph: the one before a signature line, or the signature's own line
    up to its dash; (0, 0) when there is none."""
    text = ctx.text
    line_start = text.rfind("\n", 0, m.start()) + 1
    if text[line_start:m.start()].strip():
        return line_start, m.start()  # run on: the post is the start of this line
    k = ctx.para_index.before(m.start())
    if k is None:
        return 0, 0
    ps, pe = ctx.paras[k]
    if SIGNATURE.match(text, ps) or pe > m.start():
        return 0, 0
    return ps, pe


def _post_span(text: str, ps: int, pe: int) -> tuple[int, int] | None:
    """The post's words without its trailing links; None for a post in another script or
    too short to state anything."""
    body = text[ps:pe]
    cut = _TRAILING_LINK.search(body)
    end = ps + (cut.start() if cut else len(body.rstrip()))
    words = text[ps:end].split()
    letters = [ch for ch in text[ps:end] if ch.isalpha()]
    if len(words) < _MIN_WORDS or not letters or _SIGNED.search(text, ps, end):
        return None  # too short, or several posts run together on one line
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
