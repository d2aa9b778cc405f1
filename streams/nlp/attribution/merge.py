"""Putting the frames of one article together: direct quotes inside an indirect claim
belong to it, exact duplicates go, an outer frame that only reports another speaker's
frame goes, and continuation frames point at the frame whose speaker they continue."""

from __future__ import annotations

import bisect

from spacy.tokens import Doc

from streams.nlp.attribution.frame import Frame


def finish(frames: list[Frame], doc: Doc) -> list[Frame]:
    """The final frame list in text order."""
    frames.sort(key=lambda f: (f.start, f.end))
    # drop exact duplicates and outer frames that contain another cue with its own speaker
    out: list[Frame] = []
    seen: set[tuple[int, int]] = set()
    for f in frames:
        if (f.start, f.end) not in seen:
            seen.add((f.start, f.end))
            out.append(f)
    cue_at = sorted(g.cue_pos for g in out)
    out = [f for f in out if not _nested_outer(f, cue_at)]
    by_cue: dict[int, list[Frame]] = {}
    for g in out:
        by_cue.setdefault(g.cue_pos, []).append(g)
    out = [f for f in out if not _reports_other_speaker(f, by_cue, doc)]
    # continuation pointers must index the final list
    return _link_continuations(out)


def _nested_outer(f: Frame, cue_at: list[int]) -> bool:
    """Another frame's cue inside an "according to" frame (``cue_at``: all cues, sorted)."""
    if f.cue_class != "according":
        return False
    inside = bisect.bisect_left(cue_at, f.end) - bisect.bisect_left(cue_at, f.start)
    return inside - (1 if f.start <= f.cue_pos < f.end else 0) > 0


def _reports_other_speaker(f: Frame, by_cue: dict[int, list[Frame]], doc: Doc) -> bool:
    """ "Reuters reported Yemen's Defense Ministry said a raid freed a hostage": the
    outer content is itself attributed speech of another speaker (whose subject and cue
    both sit inside it), so the inner frame is the claim and the outer one is dropped."""
    if f.kind != "indirect" or f.cue_class in {"according", "evaluate"} or f.content_root is None:
        return False
    # the inner cue is the outer content's head
    for g in by_cue.get(doc[f.content_root].idx, ()):
        if g is f or g.kind != "indirect" or g.speaker_head is None:
            continue
        if not (f.start <= g.cue_pos < f.end and f.start <= g.start and g.end <= f.end + 2):
            continue
        # the outer content holds "Y said X" whole (Y's mention, the cue and X): it
        # reports Y's statement rather than stating one of its own; so does "X said they
        # felt ...", where "they" is X (the inner frame's speaker is the outer one's)
        if (
            f.content_root is not None
            and doc[f.content_root].idx == g.cue_pos
            and (f.start <= doc[g.speaker_head].idx < f.end or g.speaker_head == f.speaker_head)
        ):
            return True
    return False


def _link_continuations(frames: list[Frame]) -> list[Frame]:
    """Continuation frames were linked by index into the direct list; re-link by quote
    order: a continued frame inherits the nearest earlier frame that has a speaker (a
    direct quote; for a verb-less quote paragraph, any frame of the paragraph before)."""
    last_direct = -1
    for i, f in enumerate(frames):
        if f.cue_class == "continued":
            j = i - 1 if f.follows_paragraph else last_direct
            f.inherit = j if j >= 0 else None
        if f.kind == "direct":
            last_direct = i
    return frames


def _overlap(g: Frame, f: Frame) -> bool:
    return min(g.end, f.end) - max(g.start, f.start) >= 0.9 * (f.end - f.start)


class IndirectCover:
    """``covers(f)`` == does an indirect frame cover at least 90 % of ``f``'s span."""

    def __init__(self, frames: list[Frame]) -> None:
        self.frames = sorted((g for g in frames if g.kind == "indirect"), key=lambda g: g.start)
        self._starts = [g.start for g in self.frames]
        # the frame reaching furthest among those starting at or before each one
        self._furthest: list[Frame] = []
        for g in self.frames:
            best = self._furthest[-1] if self._furthest else None
            self._furthest.append(g if best is None or g.end > best.end else best)

    def covers(self, f: Frame) -> bool:
        # starting at or before f: the overlap only grows with the end, so test the furthest
        k = bisect.bisect_right(self._starts, f.start)
        if k and _overlap(self._furthest[k - 1], f):
            return True
        # starting inside f: only up to a tenth of its length in can still cover 90 %
        hi = bisect.bisect_right(self._starts, f.start + 0.1 * (f.end - f.start) + 1)
        return any(_overlap(g, f) for g in self.frames[k:hi])
