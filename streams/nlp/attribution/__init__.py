"""Attribution frames: which text is attributed to whom, through which cue.

A :class:`Frame` is found before any speaker is resolved; it names the speaker's
syntactic head token (or a transcript label, or "same speaker as the previous quote").
:meth:`Attributor.frames` is the one place that decides; each kind of frame has a module:

* ``direct``      direct speech: the cue of each speech quote (``windows``: where to look),
                  or the speaker of the quote before it;
* ``indirect``    a cue verb outside quotes with a clausal complement ("X said (that) …"),
                  a denial with a clause or a contentful object ("X denied any links to
                  Y"), accusations, labelling verbs ("… has been called 'rubbish' by X");
* ``according``   "according to X, …" (Matcher patterns from ``cues.yaml``);
* ``labels``      transcript labels: a paragraph "Dan Olsen: …" / "HOST: …";
* ``blocks``      quote paragraphs after an attributed statement, unquoted blocks after
                  "X said in a statement:";
* ``merge``       duplicates, nested reports and continuation links in the final list.

``grammar`` holds what they share about cue verbs (which tokens are cues, their speaker,
their content), ``context`` the per-article state of one call.

Scare quotes and titles (short quoted phrases without a verb inside a sentence) are not
direct speech; they may still sit inside an indirect claim.
"""

from streams.nlp.attribution.attributor import Attributor
from streams.nlp.attribution.frame import SCAN_LIMIT, SENT_END, Frame

__all__ = ["SCAN_LIMIT", "SENT_END", "Attributor", "Frame"]
