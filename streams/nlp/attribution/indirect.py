"""Indirect speech: a cue verb outside quotes with a clausal complement ("X said (that)
…", "X told Reuters …"), a denial verb with a clause or a contentful object ("X denied any
links to Y"), an accusation ("X accused Moscow of …") and labelling verbs with a
discrediting label ("… has been called 'rubbish' by X")."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from streams.nlp import lexicons
from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.frame import Frame
from streams.nlp.attribution.grammar import (
    CueGrammar,
    as_clause,
    raised_object,
    rejected_objects,
    reporter_of_participle,
)


def indirect_frames(g: CueGrammar, ctx: DocContext) -> list[Frame]:
    """One frame per cue verb outside quotes that has a speaker and a content."""
    frames = []
    in_quote = ctx.in_quote
    for tok in ctx.dv.tokens:
        if in_quote[tok.i] or not g.is_cue(tok):
            continue
        subj = g.subject_of(tok, in_quote)
        if subj is None or in_quote[subj.i] or _hypothetical_anyone(tok, subj):
            continue
        f = _report(g, ctx, tok, subj)
        if f is not None:
            frames.append(f)
    return frames


#: subjects that name nobody in particular ("people would think", "some might say")
_ANYONE = frozenset({"you", "people", "some", "anyone", "anybody", "one", "who", "everyone",
                     "everybody", "many", "nobody", "most"})
_HYPOTHETICAL = frozenset({"would", "could", "might", "'d", "’d"})


def _hypothetical_anyone(tok: Token, subj: Token) -> bool:
    """ "100 out of 100 people would read that and think ESPN was ...", "you would think",
    "some might say": what anybody might say is nobody's statement."""
    verbs = (tok, *tok.conjuncts)  # "would read that sentence and think": the modal is on "read"
    return subj.lemma_.lower() in _ANYONE and any(
        aux.dep_ == "aux" and aux.lower_ in _HYPOTHETICAL for verb in verbs for aux in verb.children)


def _report(g: CueGrammar, ctx: DocContext, tok: Token, subj: Token) -> Frame | None:
    """The frame of one cue with a speaker: evaluations and accusations have their own
    shape; otherwise the content is the complement (or the denied object, or the clause
    the cue is tacked onto)."""
    lemma = tok.lemma_.lower()
    cls = g.cue_class(tok)
    content = g.content_child(tok)
    if cls == "evaluate":
        return _evaluation(ctx.doc, tok, subj)
    if content is None and lemma in g.cues.accusation:
        return _accusation(ctx, tok, subj)
    if content is None and cls == "deny":
        content = _denied_gerund(g, tok) or _denied_object(g, tok)
        if content is None:
            return None
    if content is None and lemma in g.cues.infinitive_claims:
        content = next((c for c in tok.children if c.dep_ == "xcomp"
                        and any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)), None)
    inverted = False
    if content is None:
        content = _reported_head(ctx.doc, tok)
        inverted = content is not None
    if content is None or _detached(content, tok):
        return None
    span = _content_span(g, ctx, content, tok)
    if span is None:
        return None
    s, e = span
    if _mostly_speech_quote(ctx, s, e):
        return None  # the content is (mostly) one speech quote: direct speech handles it
    conf = 0.6 if cls == "opinion" else 0.8
    if lemma in g.cues.needs_clause and content.dep_ != "ccomp" and not inverted:
        return None
    return Frame("indirect", s, e, tok.text, cls, tok.idx, speaker_head=subj.i,
                 content_root=content.i, confidence=conf)


def _reported_head(doc: Doc, tok: Token) -> Token | None:
    """The clause a reporting clause is tacked onto: "Brokaw wants Williams fired, the Post
    reported", "the tape is fake, as Gawker points out"."""
    if (
        tok.dep_ in {"ccomp", "parataxis"}
        and tok.head.i < tok.i
        and (tok.left_edge.text == "," or tok.left_edge.i > 0 and doc[tok.left_edge.i - 1].text == ",")
    ):
        return tok.head
    if as_clause(tok) and not any(c.dep_ == "neg" for c in tok.head.children):
        # "she is not his wife, as officials had claimed": the officials claimed the opposite
        # of the clause, which is someone else's statement; only "X is Y, as Z says" is Z's
        return tok.head
    return None


def _detached(content: Token, tok: Token) -> bool:
    """A content before a non-root cue that is neither its head nor a sibling: not its."""
    return (
        content.i < tok.i
        and tok.dep_ != "ROOT"
        and content.head.i != tok.i
        and content.i != tok.head.i
    )


def _content_span(g: CueGrammar, ctx: DocContext, content: Token, tok: Token) -> tuple[int, int] | None:
    """The content's char span, within the cue's paragraph, with a quote that closes it."""
    toks = _content_tokens(g, ctx, content, tok)
    # the content stays in the cue's paragraph
    ps, pe = ctx.para_bounds(tok.idx)
    toks = [t for t in toks if ps <= t.idx < pe]
    if not toks:
        return None
    s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
    return s, _with_trailing_quote(ctx, tok, s, e, pe)


def _with_trailing_quote(ctx: DocContext, tok: Token, s: int, e: int, pe: int) -> int:
    """A quote right after the content in the same sentence belongs to it: 'a reunion was
    “[not] very likely.”' (the end moves past it unless the cue sits between)."""
    near = [q for at in range(e, e + 3) for q in ctx.by_open.get(at, ())]
    for q in sorted(near, key=lambda q: ctx.quote_rank[id(q)]):
        if q.mark_end <= pe and not ctx.starts_sentence(q.open):
            if tok.idx < s or tok.idx > q.mark_end:
                return q.mark_end
            return e
    return e


def _mostly_speech_quote(ctx: DocContext, s: int, e: int) -> bool:
    """Is the content ``[s, e)`` (mostly) one speech quote, or several covering most of it?"""
    if any(
        (q.end - q.start) >= 0.6 * (e - s) for q in ctx.cand_content.containing(s + 2, e - 2)
    ) or ctx.cand_marks.containing(s, e):
        return True
    big = ctx.cand_content.inside(s, e)
    return bool(big) and sum(q.end - q.start for q in big) >= 0.75 * (e - s)


def _accusation(ctx: DocContext, tok: Token, subj: Token) -> Frame | None:
    """ "X accused Moscow of trying to interfere" -> "Moscow of trying to interfere":
    the accused and the charge, from the object to the end of the of/for phrase."""
    obj = next((c for c in tok.children if c.dep_ in {"dobj", "nsubjpass"}), None)
    charge = next((c for c in tok.children
                   if c.dep_ == "prep" and c.lower_ in {"of", "for"} and c.i > tok.i), None)
    if obj is None or charge is None:
        return None
    if obj.pos_ == "PRON" and obj.lower_ not in {"him", "her", "them", "it"}:
        return None
    first = obj.left_edge if obj.i > tok.i else charge
    last = charge.right_edge
    ps, pe = ctx.para_bounds(tok.idx)
    s, e = first.idx, last.idx + len(last.text)
    if not ps <= s < e <= pe:
        return None
    return Frame("indirect", s, e, tok.text, "say", tok.idx, speaker_head=subj.i,
                 content_root=charge.i, confidence=0.7)


def _denied_object(g: CueGrammar, tok: Token) -> Token | None:
    """What a denial verb's object says is denied, or None when it names nothing.

    * a statement noun with its content: "denied claims that ...", "rejected reports of
      her capture" -> the clause / the phrase;
    * a statement noun that says whose or which statement: "disputed Hunter's claim",
      "denied the TechCrunch report", "dismissed these allegations" -> the phrase (a
      reference, resolved to the reported claim later);
    * any other object only for verbs whose object *is* a proposition ("denied any
      links to Russia"), not for "dismissed the case", "rejected the offer".
    """
    cues = g.cues
    for c in rejected_objects(tok, g.phrasal_denial(tok)):
        if g.statement_noun(c):
            return _denied_statement(tok, c)
        if c.pos_ == "PRON" or tok.lemma_.lower() not in cues.propositional_deny:
            return None
        if c.lemma_.lower() in cues.granted_nouns or c.lower_ in cues.granted_nouns:
            return None  # "denied repeated requests": a refusal, not a denial
        return c
    # "press reports of the king's sortie have been denied by an official spokesperson":
    # in the passive, with its agent named, the statement is the subject
    if any(c.dep_ == "agent" for c in tok.children):
        for c in tok.children:
            if c.dep_ == "nsubjpass" and g.statement_noun(c):
                return _denied_statement(tok, c)
    return None


def _denied_gerund(g: CueGrammar, tok: Token) -> Token | None:
    """ "denied ever meeting Jones", "denies having sent the emails": the -ing clause a
    denial verb takes is what it denies."""
    if tok.lemma_.lower() not in g.cues.propositional_deny:
        return None
    for c in tok.children:
        if c.dep_ == "xcomp" and c.i > tok.i and (
                c.tag_ == "VBG" or any(a.dep_ in {"aux", "auxpass"} and a.tag_ == "VBG" for a in c.children)):
            return c
    return None


def _denied_statement(tok: Token, c: Token) -> Token | None:
    """A denied statement noun ``c``: its clause, or the noun itself when it says which
    statement ("the TechCrunch report", "reports of her capture"); else nothing."""
    clauses = [g for g in c.children if g.dep_ in {"acl", "ccomp", "relcl"} and g.pos_ in {"VERB", "AUX"}]
    if clauses:  # "claims made by Hunter that ten fighters were caught": the that-clause
        return min(clauses, key=lambda g: (g.left_edge.lower_ != "that", g.i))
    if c.pos_ == "PRON":
        return None
    if _labelled_false(tok):
        return c  # "dismissed the reports as nonsense"
    if any(g.dep_ == "prep" and g.lower_ in {"of", "about", "by"} for g in c.children):
        return c
    if any(g.dep_ in {"poss", "compound"} and g.pos_ == "PROPN" or g.ent_type_
           or g.dep_ == "det" and g.lower_ in {"these", "those", "this", "such"}
           for g in c.children):
        return c
    return None


def _labelled_false(tok: Token) -> bool:
    """ "... as nonsense / as false / as baseless": the verb labels its object untrue."""
    discredit = lexicons.polarity().discredit
    heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
    for c in (c for h in heads for c in h.children):
        if c.dep_ == "prep" and c.lower_ == "as" and any(
                t.lemma_.lower() in discredit or t.lower_ in discredit for t in c.subtree):
            return True
    return False


def _nested_report(g: CueGrammar, ctx: DocContext, t: Token) -> bool:
    """A conjoined clause that reports someone else: "..., but Y thinks ...", "- but
    according to X, C"."""
    return t.dep_ == "conj" and (
        g.is_cue(t) and g.subject_of(t, ctx.in_quote) is not None and _reports_something(g, t)
        or any(c.lower_ == "according" and c.i < t.i for c in t.children))


def _reports_something(g: CueGrammar, t: Token) -> bool:
    """A denial verb reports only when it denies a statement or a proposition: "and Wintour
    did not dismiss employees' concerns" is what was said, not a report of its own."""
    if g.cue_class(t) != "deny":
        return True
    return (g.content_child(t) is not None or _denied_gerund(g, t) is not None
            or _denied_object(g, t) is not None)


def _set_off_participle(g: CueGrammar, ctx: DocContext, t: Token, cue: Token) -> bool:
    """ "denied that the plant would close, saying the reports were false": a speaking
    participle set off after the reported clause is the reporter's next statement, not part
    of what was reported ("the dispatch call reporting the robbery" modifies its noun)."""
    return (t.dep_ == "advcl" and g.is_cue(t) and g.cue_class(t) in {"say", "deny"}
            and t.left_edge.i > 0 and ctx.doc[t.left_edge.i - 1].text in _ASIDE_OPENERS
            and reporter_of_participle(t) == cue)


def _content_tokens(g: CueGrammar, ctx: DocContext, content: Token, cue: Token) -> list[Token]:
    """The content clause's tokens: the complement's subtree without the cue (when the
    content is the clause the cue hangs on) and without nested reports of other speakers,
    as one contiguous run, trimmed of "that" and punctuation."""
    doc = ctx.doc
    sub = list(content.subtree)
    ids = {t.i for t in sub}
    if cue.i in ids:
        # "Y, X said": content is the head clause minus the cue's subtree
        cut = {t.i for t in cue.subtree}
        sub = [t for t in sub if t.i not in cut]
        ids -= cut
    # cut nested reporting clauses with their own speaker ("..., but Y thinks ...", "- but
    # according to X, C") and the reporter's own next statement (", saying ...")
    for t in sub:
        if t.i != content.i and (_nested_report(g, ctx, t) or _set_off_participle(g, ctx, t, cue)):
            ids.difference_update(x.i for x in t.subtree)
    raised = raised_object(cue)
    if raised is not None and raised[1].i == content.i:
        ids.update(t.i for t in raised[0].subtree)  # "exposed [the story] to be a hoax"
    if not ids:
        return []
    # contiguous run containing the content head
    lo = hi = content.i
    while lo - 1 in ids:
        lo -= 1
    while hi + 1 in ids:
        hi += 1
    hi = _split_clause_end(g, ctx, content, cue, hi)
    return _trim_content([doc[i] for i in range(lo, hi + 1)], content, ctx)


#: what sets off a participle as the speaker's next act (", saying ...", "— adding ...");
#: without it the participle modifies a noun ("the dispatch call reporting the robbery")
_ASIDE_OPENERS = frozenset({",", ";", "—", "–", "--"})
#: punctuation that ends a clause (a closing quote mark does not: 'no "evidence" showing')
_CLAUSE_BREAKS = frozenset({",", ";", ":", "—", "–", "--", "(", "."})
#: complements the parser hangs on the cue when it splits one "that"-clause in two
_SPLIT_PARTS = {"ccomp", "dobj", "xcomp", "attr", "acomp", "oprd"}


def _split_clause_end(g: CueGrammar, ctx: DocContext, content: Token, cue: Token, hi: int) -> int:
    """Where a "that"-clause really ends when the parser split it: in "confirmed that the
    woman who was detained ... travelling with a fake ID are in fact the ex-wife", the
    parser hangs "are" and "the ex-wife" on the cue as complements of their own, so the
    clause stopped at "ID". A complement of the cue that goes on right after the clause,
    with no punctuation or conjunction between, is the rest of it, unless it reports a
    statement of its own ("... and a US official said there were no indications")."""
    doc = ctx.doc
    # "that" opens the clause, as its mark or, when the parser reads "that reports about the
    # king ... is baseless" as pronoun and verb, as its subject
    opens = any(c.dep_ == "mark" and c.lower_ == "that" for c in content.children) or (
        content.left_edge.lower_ == "that" and content.left_edge.dep_ in {"nsubj", "mark"})
    if content.head.i != cue.i or not opens:
        return hi
    parts = {c.left_edge.i: c for c in cue.children if c.dep_ in _SPLIT_PARTS and c.i > content.i}
    while hi + 1 < len(doc):
        nxt = doc[hi + 1]
        part = parts.get(hi + 1)
        if part is None or nxt.is_punct or doc[hi].text in _CLAUSE_BREAKS or nxt.dep_ == "cc" or any(
                g.is_cue(t) and g.subject_of(t, ctx.in_quote) is not None for t in part.subtree):
            return hi
        hi = part.right_edge.i
    return hi


def _trim_content(toks: list[Token], content: Token, ctx: DocContext) -> list[Token]:
    """Drop a leading "that", edge punctuation (quote marks and brackets stay) and a
    trailing conjunction; a content that opens with a quotation ends with it."""
    while toks and (
        (toks[0].dep_ == "mark" or content.dep_ == "relcl")
        and toks[0].lower_ == "that"
        or toks[0].is_punct
        and toks[0].text not in {"“", '"', "["}
        or toks[0].is_space
    ):
        toks.pop(0)
    while toks and (
        toks[-1].is_punct
        and toks[-1].text not in {"”", '"', ")", "]", "''"}
        or toks[-1].is_space
        or toks[-1].dep_ == "cc"
    ):
        toks.pop()
    # a content that opens with a quotation ends with it: 'that "...," and it ...'; not
    # when the quotation is only its subject: 'that "London Police Chief Lyndon Edwards" had
    # held a press conference'
    if toks and toks[0].text in {"“", '"'}:
        opening = [q for q in ctx.quotes_by_open.get(toks[0].idx, ())
                   if q.mark_end <= toks[-1].idx and q.open <= content.idx < q.mark_end]
        if opening:
            toks = [t for t in toks if t.idx < opening[0].mark_end]
    return toks


def _evaluation(doc: Doc, tok: Token, subj: Token) -> Frame | None:
    """ "X has been called 'rubbish' by Y" / "Y called the report false"."""
    pol = lexicons.polarity()

    def discrediting(t: Token) -> bool:  # "false", "fake news", "total nonsense", "a pack of lies"
        words = [t, *(a for a in t.children if a.dep_ == "amod")]
        words += [o for p in t.children if p.dep_ == "prep" and p.lower_ == "of"
                  for o in p.children if o.dep_ == "pobj"]
        return any(w.lemma_.lower() in pol.discredit or w.lower_ in pol.discredit for w in words)

    label = None
    for c in tok.children:
        if c.dep_ in {"oprd", "xcomp", "acomp", "attr", "ccomp", "dobj"} and discrediting(c):
            label = c
    if label is None:  # "described the reports as total nonsense"
        heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
        label = next((o for h in heads for p in h.children if p.dep_ == "prep" and p.lower_ == "as"
                      for o in p.children if o.dep_ == "pobj" and discrediting(o)), None)
    if label is None:
        return None
    target = None
    for c in tok.children:
        if c.dep_ in {"nsubjpass", "dobj"} and c.i != label.i:
            target = c
    if target is None:
        return None
    s = target.left_edge.idx
    end_tok = label.right_edge
    e = end_tok.idx + len(end_tok.text)
    # include a closing quote mark right after the label
    nxt = doc[end_tok.i + 1] if end_tok.i + 1 < len(doc) else None
    if nxt is not None and nxt.text in {"”", '"'}:
        e = nxt.idx + len(nxt.text)
    return Frame("indirect", s, e, tok.text, "evaluate", tok.idx, speaker_head=subj.i,
                 content_root=tok.i, confidence=0.75)
