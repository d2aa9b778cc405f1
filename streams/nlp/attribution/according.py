""" "According to X, C." / "C, according to X." / "As reported by X, C": the Matcher
patterns of ``cues.yaml`` (``according_patterns``) credit the rest of the sentence to X."""

from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc, Span, Token

from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.frame import SENT_END, Frame
from streams.nlp.attribution.grammar import CueGrammar

_PHRASE_END = {",", ";", ":"}


def according_frames(g: CueGrammar, matcher: Matcher, ctx: DocContext) -> list[Frame]:
    """One frame per "according to X" match outside quotes with a speaker and a content."""
    frames = []
    for _mid, s, e in matcher(ctx.doc):
        f = _according(g, ctx, s, e)
        if f is not None:
            frames.append(f)
    return frames


def _according(g: CueGrammar, ctx: DocContext, s: int, e: int) -> Frame | None:
    """The frame of the match ``doc[s:e]``: X is the phrase after it up to a comma, the
    content the rest of the sentence (after the phrase when the sentence opens with it)."""
    doc, in_quote = ctx.doc, ctx.in_quote
    if in_quote[s] or _rate(doc, s, e):
        return None
    sent = doc[s].sent
    # the speaker phrase: from the match end to the next comma / sentence end
    j = e
    while j < sent.end and doc[j].text not in _PHRASE_END and doc[j].text not in SENT_END and not in_quote[j]:
        j += 1
    if j == e:
        return None
    phrase = [doc[k] for k in range(e, j)]
    if any(t.lower_ == "as" and k + 1 < len(phrase) and phrase[k + 1].tag_ == "VBG"
           for k, t in enumerate(phrase)):
        return None  # "quoting Pope Francis as saying ...": the saying is Francis's report
    spk = _phrase_speaker(phrase, g.cues.document_nouns)
    if spk is None:
        return None
    run = _according_content(doc, sent, s, j)
    if len(run) < 3:
        return None
    ids = {t.i for t in phrase}
    if any(
        g.is_cue(t)
        and _reports(g, t)
        and g.subject_of(t, in_quote) is not None
        and not in_quote[t.i]
        and g.subject_of(t, in_quote).i not in ids
        for t in run
    ):
        return None  # nested attribution: "According to X, Y says ..." -> Y is the speaker
    return Frame("indirect", run[0].idx, run[-1].idx + len(run[-1].text), doc[s:e].text, "according",
                 doc[s].idx, speaker_head=spk.i, content_root=None, confidence=0.75)


def _rate(doc: Doc, s: int, e: int) -> bool:
    """A bare "per" right after a word is a rate ("65 apps per iPhone", "$3 per device"),
    not a source: "per the Times" opens its sentence or follows a comma or a dash."""
    return e - s == 1 and doc[s].lower_ == "per" and s > 0 and not (
        doc[s - 1].is_punct or doc[s - 1].is_space or doc[s].is_sent_start)


def _reports(g: CueGrammar, cue: Token) -> bool:
    """Does a cue verb inside the content report speech? "Y says the mayor resigned" does;
    "Seattle will add a franchise" (a thing as its object, no clause) does not."""
    return g.content_child(cue) is not None or not any(c.dep_ == "dobj" for c in cue.children)


_SOURCE_PREPS = {"from", "by", "in", "with", "of"}


def _phrase_speaker(phrase: list[Token], document_nouns: frozenset[str]) -> Token | None:
    """The head of the speaker phrase (the preposition's object preferred), or its last
    noun when the head is not one; for "a tweet from X", "a report by X", the X."""
    ids = {t.i for t in phrase}
    heads = [t for t in phrase if t.head.i not in ids and not t.is_punct]
    if not heads:
        return None
    spk = next((t for t in heads if t.dep_ == "pobj"), heads[0])
    if spk.pos_ not in {"PROPN", "NOUN", "PRON"}:
        nouns = [t for t in phrase if t.pos_ in {"PROPN", "NOUN"}]
        if not nouns:
            return None
        spk = nouns[-1]
    if spk.lemma_.lower() in document_nouns:
        for prep in spk.children:
            if prep.dep_ == "prep" and prep.lower_ in _SOURCE_PREPS:
                obj = next((c for c in prep.children if c.dep_ == "pobj" and c.i in ids), None)
                if obj is not None:
                    return obj
    return spk


_CLAUSE_JOINS = {"-", "–", "—", "--", ";"}


def _opens_clause(doc: Doc, sent: Span, s: int, j: int) -> bool:
    """ "The site said a chief held a press conference - but according to the Met, no such
    officer exists": after a conjunction or a dash, a match whose phrase ends with a comma
    opens a clause of its own; what follows the comma is credited, not what came before."""
    k = s - 1
    while k >= sent.start and doc[k].is_space:
        k -= 1
    if k < sent.start or j >= sent.end or doc[j].text != ",":
        return False
    return doc[k].pos_ == "CCONJ" or doc[k].text in _CLAUSE_JOINS


def _according_content(doc: Doc, sent: Span, s: int, j: int) -> list[Token]:
    """What is credited: the rest of the sentence after the phrase ending at ``j`` when the
    sentence opens with the match at ``s`` (ignoring "But", "However", ...), else the part
    before the match; edge punctuation trimmed (quote marks stay)."""
    pre = [t for t in doc[sent.start : s] if not t.is_punct and not t.is_space]
    lead = all(t.pos_ in {"CCONJ", "ADV", "SCONJ", "INTJ"} for t in pre)
    if lead or _opens_clause(doc, sent, s, j):
        k = j + 1 if j < sent.end and doc[j].text in _PHRASE_END else j
        run = [doc[x] for x in range(k, sent.end)]
    else:
        k = s
        while k > sent.start and doc[k - 1].is_punct:
            k -= 1
        run = [doc[x] for x in range(sent.start, k)]
    while run and (run[0].is_punct and run[0].text not in {"“", '"'} or run[0].is_space):
        run.pop(0)
    while run and (run[-1].is_punct and run[-1].text not in {"”", '"'} or run[-1].is_space):
        run.pop()
    return run
