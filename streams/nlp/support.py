"""Quotes that back a speaker's own denial.

Polarity is relative to what is disputed (the gold guideline's ``topic``): right after
"Lin denied any part of his video had been staged", his next words "There is no way we're
making this up. This is real." deny the same report, though they read as affirmations.
A direct quote that follows the same speaker's denial closely, with no other claim in
between, carries that denial; everything else keeps its own reading.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

#: denials in so many words (a denial verb, "false", "a hoax") colour the speaker's next words;
#: a negated statement or "only my opinion" often moves on to another point
_FIRM = frozenset({"cue", "discredit", "follows_denial"})
#: how far (characters between the denial's end and the quote's start) the denial carries
MAX_GAP = 250


def carry_denials(drafts: Sequence, text: str) -> None:
    """Turn affirming direct quotes that back the same speaker's preceding denial into
    denials (basis ``follows_denial``), in place. ``drafts`` (``propositions.Draft``) are
    in text order."""
    for before, d in pairwise(drafts):
        if (d.polarity == "affirm" and d.basis == "none" and d.frame.kind == "direct"
                and before.polarity == "deny" and before.basis in _FIRM
                and before.actor.id == d.actor.id
                and 0 <= d.frame.start - before.frame.end <= MAX_GAP
                and "?" not in text[d.frame.start:d.frame.end]):
            d.polarity, d.basis = "deny", "follows_denial"
