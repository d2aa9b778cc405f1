"""Attribution frames: which text is attributed to whom, through which cue.

A :class:`Frame` is found before any speaker is resolved; it names the speaker's
syntactic head token (or a transcript label, or "same speaker as the previous quote").

Direct speech (a quote found by :func:`streams.nlp.text.find_quotes`):

* the cue is the syntactic head of the quote ("“…,” Silo said", "He said “…”"), or a cue
  verb in the text right after the quote in the same sentence ("“…,” a source told the
  Mirror"), or right before it ("He added: “…”", "X told Y “…”"), or in the previous
  sentence when that sentence has no content of its own ("X said the same. “…”") or ends
  with a colon ("But he had this to say:" + next paragraph);
* transcript labels: a paragraph "Dan Olsen: …" / "HOST: …";
* a quote with no frame that follows an attributed quote (same paragraph or the
  paragraph before) continues the same speaker.

Indirect speech: a cue verb outside quotes with a clausal complement ("X said (that) …",
"X told Reuters …"), a denial verb with a clause or a contentful object ("X denied any
links to Y"), "according to X, …" (Matcher patterns from ``cues.yaml``), and labelling
verbs with a discrediting label ("… has been called 'rubbish' by X").

Scare quotes and titles (short quoted phrases without a verb inside a sentence) are not
direct speech; they may still sit inside an indirect claim.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from itertools import accumulate

from spacy.matcher import Matcher
from spacy.tokens import Doc, Token

from streams.nlp import lexicons
from streams.nlp.docview import view
from streams.nlp.guards import SENTENCE_LIMIT
from streams.nlp.spans import Ordered, Paragraphs
from streams.nlp.text import Quote

SENT_END = {".", "!", "?", "…"}
#: token scans for a cue before/after a quote stop here (real stretches without a sentence
#: break or newline stay far below it; see guards.py)
SCAN_LIMIT = SENTENCE_LIMIT
_SUBJ = {"nsubj", "nsubjpass", "csubj"}


@dataclass
class Frame:
    kind: str  # direct | indirect
    start: int  # content char span in the body
    end: int
    cue: str  # cue text as written
    cue_class: str  # say | deny | hedge | opinion | evaluate | according | label | continued
    cue_pos: int  # char position of the cue (or of the quote for continuations)
    speaker_head: int | None = None  # token index of the speaker's head
    label: tuple[int, int] | None = None  # char span of a transcript label
    inherit: int | None = None  # index (in the frame list) of the frame whose speaker continues
    quote: Quote | None = None
    content_root: int | None = None  # token index of the content's head, if known
    confidence: float = 0.8
    #: a quote paragraph without a verb of its own, spoken by the previous paragraph's speaker
    follows_paragraph: bool = False


def _misparsed_complement(tok: Token) -> Token | None:
    """The that-clause the parser hangs on the hearer as a relative clause: in "Kadalim told
    the site that Lin arrived in the same car" "that" opens the statement, since the clause
    has a subject of its own and "that" is not it."""
    if tok.lemma_.lower() not in lexicons.cues().hearer_verbs:
        return None
    for obj in tok.children:
        if obj.dep_ != "dobj" or obj.i < tok.i or not _hearer_like(obj):
            continue
        for rel in obj.children:
            first = rel.left_edge
            if (rel.dep_ == "relcl" and first.lower_ == "that" and first.i == obj.i + 1
                    and first.dep_ not in {"nsubj", "nsubjpass"}
                    and any(c.dep_ in {"nsubj", "nsubjpass"} for c in rel.children)):
                return rel
    return None


def _hearer_like(tok: Token) -> bool:
    """Someone told something: a name, a pronoun or a person/outlet noun ("told the site
    that ..."), not a thing ("told the story that she had heard")."""
    if tok.pos_ in {"PROPN", "PRON"} or tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return True
    roles = lexicons.roles()
    lemma = tok.lemma_.lower()
    return lemma in roles.person_roles or lemma in roles.publication_roles or lemma in roles.source_nouns


def _quoted_as_saying(tok: Token) -> Token | None:
    """In "TVA Sports quoted Daly as saying ..." the speaker is the one quoted, not the
    outlet quoting him."""
    prep = tok.head
    if tok.dep_ != "pcomp" or prep.lower_ != "as" or prep.head.lemma_.lower() not in {"quote", "cite"}:
        return None
    return next((c for c in prep.head.children if c.dep_ == "dobj"), None)


def _as_clause(tok: Token) -> bool:
    """A reporting clause opened by "as" ("as Gawker points out", "as the paper reported")
    reports the clause it hangs on."""
    return tok.dep_ == "advcl" and tok.head.i != tok.i and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) and any(
        c.dep_ == "nsubj" for c in tok.children)  # "as reported by X" is an according-to


def _para_bounds(paras: Paragraphs, pos: int) -> tuple[int, int]:
    return paras.bounds(pos, (0, 10**12))


class Attributor:
    """Finds frames in a parsed article. Build once (it compiles the Matcher)."""

    def __init__(self, vocab) -> None:
        self.cues = lexicons.cues()
        self.verbs = self.cues.all_verbs
        self.matcher = Matcher(vocab)
        self.matcher.add("ACCORDING", self.cues.according_patterns)

    # ------------------------------------------------------------ helpers

    def is_cue(self, tok: Token) -> bool:
        return tok.lemma_.lower() in self.verbs and tok.pos_ in {"VERB", "AUX"} and tok.tag_ != "MD"

    def subject_of(self, tok: Token) -> Token | None:
        """The speaker's head for a cue: its subject (outside quotes, before the cue
        preferred), a passive agent, or the subject of the clause it hangs from
        ("..., adding ...", "he had this to say")."""
        quoted = _quoted_as_saying(tok)
        if quoted is not None:
            return quoted
        in_quote = getattr(self, "_in_quote", None)
        cur = tok
        for _ in range(5):
            if cur.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and c.tag_ in {"WP", "WDT"} for c in cur.children
            ):
                return cur.head  # "UK banks, which stated ..." -> banks
            subs = [
                c
                for c in cur.children
                if c.dep_ == "nsubj"
                and c.lower_ not in {"this", "that", "these", "those", "there", "what", "which", "it"}
            ]
            if subs:
                subs.sort(key=lambda c: (bool(in_quote and in_quote[c.i]), c.i > cur.i, abs(c.i - cur.i)))
                c = subs[0]
                if c.tag_ in {"WP", "WDT"} and cur.dep_ == "relcl":
                    return cur.head  # "Olsen, who said ..." -> Olsen
                return c
            for c in cur.children:
                if c.dep_ == "agent":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            return g
            if (
                cur.dep_ in {"conj", "advcl", "xcomp", "acl", "relcl", "dobj", "pcomp", "prep"}
                and cur.head.i != cur.i
            ):
                cur = cur.head
                continue
            return None
        return None

    @staticmethod
    def content_child(tok: Token) -> Token | None:
        for c in tok.children:
            if c.dep_ == "ccomp":
                return c
        return _misparsed_complement(tok)

    # ------------------------------------------------------------ main

    def frames(self, doc: Doc, quotes: list[Quote], paras: list[tuple[int, int]]) -> list[Frame]:
        dv = view(doc)
        text = dv.text
        self._all_quotes = list(quotes)
        self._all_quotes_by_open: dict[int, list[Quote]] = {}
        for q in self._all_quotes:
            self._all_quotes_by_open.setdefault(q.open, []).append(q)
        self._paras = paras
        cand = [q for q in quotes if self._is_speech(doc, q)]
        self._index_quotes(quotes, cand)
        in_quote = [False] * len(doc)
        for q in quotes:  # tokens starting inside a quote span (marks included)
            for i in range(dv.first_at(q.open), dv.first_at(q.mark_end)):
                in_quote[i] = True
        self._in_quote = in_quote
        frames: list[Frame] = []
        para_index = Paragraphs(paras)
        frames += self._indirect(doc, in_quote, cand, para_index)
        frames += self._according(doc, in_quote)
        direct = self._direct(doc, cand, in_quote, para_index, text)
        # a quote that sits inside an indirect claim is part of that claim
        covered = _IndirectCover(frames)
        frames += [f for f in direct if not covered.covers(f)]
        frames += self._labels(doc, paras, cand, frames, text)
        frames += self._quote_paragraphs(cand, frames, paras, text)
        frames += self._colon_blocks(doc, in_quote, paras, frames, text)
        frames.sort(key=lambda f: (f.start, f.end))
        # drop exact duplicates and outer frames that contain another cue with its own speaker
        out: list[Frame] = []
        seen: set[tuple[int, int]] = set()
        for f in frames:
            if (f.start, f.end) not in seen:
                seen.add((f.start, f.end))
                out.append(f)
        cue_at = sorted(g.cue_pos for g in out)
        out = [f for f in out if not self._nested_outer(f, cue_at)]
        by_cue: dict[int, list[Frame]] = {}
        for g in out:
            by_cue.setdefault(g.cue_pos, []).append(g)
        out = [f for f in out if not self._reports_other_speaker(f, by_cue, doc)]
        # continuation pointers must index the final list
        return self._link_continuations(out)

    def _index_quotes(self, quotes: list[Quote], cand: list[Quote]) -> None:
        """Per-article quote indexes for :meth:`_indirect` (its look-ups were full scans)."""
        speech = {id(q) for q in cand}
        # the order the trailing-quote look-up tries quotes in: speech quotes, then the rest
        order = cand + [q for q in quotes if id(q) not in speech]
        self._quote_rank = {id(q): r for r, q in enumerate(order)}
        self._by_open: dict[int, list[Quote]] = {}
        for q in order:
            self._by_open.setdefault(q.open, []).append(q)
        self._cand_content = Ordered(cand, lambda q: q.start, lambda q: q.end)
        self._cand_marks = Ordered(cand, lambda q: q.open, lambda q: q.mark_end)

    # ------------------------------------------------------------ quotes

    def _is_speech(self, doc: Doc, q: Quote) -> bool:
        dv = view(doc)
        toks = dv.between(q.start, q.end)
        words = [t for t in toks if not t.is_punct and not t.is_space]
        if not words:
            return False
        has_verb = any(t.pos_ in {"VERB", "AUX"} for t in words)
        text = dv.text
        # what precedes the opening mark: a word inside a sentence means an embedded phrase
        j = q.open - 1
        while j >= 0 and text[j] == " ":
            j -= 1
        prev = text[j] if j >= 0 else "\n"
        at_clause_start = prev in "\n:.!?" or prev in '“"' or j < 0
        if len(words) <= 3 and not at_clause_start:
            return False  # scare quote / title: so-called “patriotic-minded Syrian opposition”
        return not (not has_verb and len(words) < 8)

    def _window_after(self, doc: Doc, q: Quote, in_quote: list[bool], para_end: int) -> list[Token]:
        out = []
        dv = view(doc)
        start = dv.first_at(q.mark_end)
        for t in dv.tokens[start : start + SCAN_LIMIT]:
            if t.idx >= para_end or in_quote[t.i]:
                break
            out.append(t)
            if t.text in SENT_END:
                break
        return out

    def _window_before(self, doc: Doc, q: Quote, in_quote: list[bool], para_start: int) -> list[Token]:
        out: list[Token] = []
        end = self._tok_at(doc, q.open)
        for t in reversed(view(doc).tokens[max(0, end - SCAN_LIMIT) : end]):
            if t.idx < para_start or in_quote[t.i] or t.text in SENT_END:
                break
            out.append(t)
        out.reverse()
        return out

    @staticmethod
    def _tok_at(doc: Doc, char: int) -> int:
        return view(doc).first_at(char)

    def _best_cue(self, window: list[Token], q: Quote, near_end: bool) -> Token | None:
        cues = [t for t in window if self.is_cue(t)]
        if not cues:
            return None
        # the cue that governs a token of the quote wins
        for t in cues:
            for c in t.children:
                if q.open <= c.idx < q.mark_end:
                    return t
        roots = [t for t in cues if t.dep_ == "ROOT"]
        if roots:
            return roots[0]
        return cues[0] if near_end else cues[-1]

    def _direct(self, doc: Doc, cand: list[Quote], in_quote: list[bool], paras, text: str) -> list[Frame]:
        frames: list[Frame] = []
        para_of = {}
        for q in cand:
            idx = paras.index(q.open, inclusive_end=True)
            if idx is not None:
                para_of[id(q)] = idx
        spans = paras.spans
        last_frame_by_para: dict[int, int] = {}
        for q in cand:
            pidx = para_of.get(id(q), 0)
            ps, pe = spans[pidx] if spans else (0, len(text))
            # paragraph end of the quote's last paragraph
            last = paras.index(q.mark_end, inclusive_end=True)
            q_pe = spans[last][1] if last is not None else pe
            after = self._window_after(doc, q, in_quote, q_pe)
            before = self._window_before(doc, q, in_quote, ps)
            cue = None
            conf = 0.9
            # the cue governing the quote anywhere in the sentence
            gov = self._governing_cue(doc, q, in_quote, ps, q_pe)
            if gov is not None:
                cue = gov
            if cue is None and after and len([t for t in after if not t.is_punct]) <= 25:
                cue = self._best_cue(after, q, near_end=True)
            if cue is None and before:
                c = self._best_cue(before, q, near_end=False)
                if c is not None and (
                    self.content_child(c) is None
                    or before[-1].text == ":"
                    or any(q.open <= x.idx < q.mark_end for x in c.subtree)
                ):
                    cue = c
            if cue is None and not before:
                # previous sentence in the paragraph: "X said the same. “…”" / "He added:"
                prev_sent = self._previous_sentence(doc, q, in_quote, ps)
                c = self._best_cue(prev_sent, q, near_end=False) if prev_sent else None
                if c is not None and (
                    self.content_child(c) is None
                    or prev_sent[-1].text == ":"
                    or self._content_in_quote(c, in_quote)
                ):
                    cue = c
                    conf = 0.8
                elif c is None and pidx > 0 and q.open == ps:
                    # previous paragraph ending with a colon: "But he had this to say:"
                    pps, ppe = spans[pidx - 1]
                    if text[ppe - 1 : ppe] == ":":
                        win = [t for t in view(doc).between(pps, ppe) if not in_quote[t.i]]
                        sent = []
                        for t in reversed(win[:-1]):
                            if t.text in SENT_END:
                                break
                            sent.insert(0, t)
                        verbs = [t for t in sent if self.is_cue(t)] + [
                            t for t in sent if t.pos_ in {"VERB", "AUX"} and not self.is_cue(t)
                        ]
                        for v in verbs:
                            if self.subject_of(v) is not None:
                                cue = v
                                conf = 0.75
                                break
            if cue is not None:
                subj = self.subject_of(cue)
                if subj is None or in_quote[subj.i]:
                    cue = None
            if cue is not None:
                f = Frame(
                    "direct",
                    q.start,
                    q.end,
                    cue.text,
                    self._class(cue),
                    cue.idx,
                    speaker_head=subj.i,
                    quote=q,
                    confidence=conf,
                )
                f.content_root = self._quote_root(doc, q)
                frames.append(f)
                last_frame_by_para[pidx] = len(frames) - 1
                continue
            # continuation of the previous attributed quote
            prev_idx = None
            if frames and (not before or all(t.is_punct for t in before)):
                last = frames[-1]
                if last.quote is not None:
                    lp = para_of.get(id(last.quote), -9)
                    # same paragraph, or this quote opens the next paragraph
                    if (
                        lp == pidx
                        or (lp == pidx - 1 and q.open == ps)
                        or (last.quote.mark_end >= ps - 2 and q.open == ps)
                    ):
                        prev_idx = len(frames) - 1
            if prev_idx is not None:
                f = Frame(
                    "direct",
                    q.start,
                    q.end,
                    frames[prev_idx].cue,
                    "continued",
                    q.open,
                    inherit=prev_idx,
                    quote=q,
                    confidence=0.75,
                )
                f.content_root = self._quote_root(doc, q)
                frames.append(f)
        return frames

    def _content_in_quote(self, cue: Token, in_quote: list[bool]) -> bool:
        c = self.content_child(cue)
        return c is not None and in_quote[c.i]

    def _previous_sentence(self, doc: Doc, q: Quote, in_quote: list[bool], para_start: int) -> list[Token]:
        i = self._tok_at(doc, q.open) - 1
        # skip the sentence-final punctuation just before the quote
        while i >= 0 and doc[i].is_space:
            i -= 1
        if i < 0 or doc[i].idx < para_start:
            return []
        if doc[i].text not in SENT_END and doc[i].text != ":":
            return []
        out = [doc[i]]
        i -= 1
        stop = i - SCAN_LIMIT
        while i >= 0 and i > stop and doc[i].idx >= para_start and doc[i].text not in SENT_END:
            if not in_quote[i]:
                out.append(doc[i])
            i -= 1
        out.reverse()
        return out

    def _governing_cue(self, doc: Doc, q: Quote, in_quote: list[bool], ps: int, pe: int) -> Token | None:
        """A cue verb outside the quote that heads a token inside it (same sentence)."""
        for t in view(doc).between(q.start, q.end):
            h = t.head
            if (
                h.i != t.i
                and not (q.open <= h.idx < q.mark_end)
                and not in_quote[h.i]
                and self.is_cue(h)
                and ps <= h.idx < pe
            ) and t.dep_ in {"ccomp", "dobj", "parataxis", "xcomp", "conj", "advcl", "dep", "attr"}:
                return h
        return None

    @staticmethod
    def _quote_root(doc: Doc, q: Quote) -> int | None:
        toks = view(doc).between(q.start, q.end)
        for t in toks:
            if not (q.start <= t.head.idx < q.end) or t.head.i == t.i:
                return t.i
        return toks[0].i if toks else None

    def _class(self, cue: Token) -> str:
        return self.cues.cue_class(cue.lemma_.lower()) or "say"

    # ------------------------------------------------------------ indirect

    def _indirect(self, doc: Doc, in_quote: list[bool], cand: list[Quote], paras) -> list[Frame]:
        frames = []
        for tok in view(doc).tokens:
            if in_quote[tok.i] or not self.is_cue(tok):
                continue
            lemma = tok.lemma_.lower()
            cls = self._class(tok)
            subj = self.subject_of(tok)
            if subj is None or in_quote[subj.i]:
                continue
            content = self.content_child(tok)
            conf = 0.8
            inverted = False
            if cls == "evaluate":
                f = self._evaluation(doc, tok, subj)
                if f is not None:
                    frames.append(f)
                continue
            if content is None and lemma in self.cues.accusation:
                f = self._accusation(tok, subj, paras)
                if f is not None:
                    frames.append(f)
                continue
            if content is None and cls == "deny":
                content = self._denied_object(tok)
                if content is None:
                    continue
            if (
                content is None
                and tok.dep_ in {"ccomp", "parataxis"}
                and tok.head.i < tok.i
                and (
                    tok.left_edge.text == "," or tok.left_edge.i > 0 and doc[tok.left_edge.i - 1].text == ","
                )
            ):
                content = tok.head  # "Brokaw wants Williams fired, the Post reported"
                inverted = True
            if content is None and _as_clause(tok):
                content = tok.head  # "the tape is fake, as Gawker points out"
                inverted = True
            if content is None:
                continue
            if (
                content.i < tok.i
                and tok.dep_ != "ROOT"
                and content.head.i != tok.i
                and content.i != tok.head.i
            ):
                continue
            toks = self._content_tokens(doc, content, tok)
            # the content stays in the cue's paragraph
            ps, pe = _para_bounds(paras, tok.idx)
            toks = [t for t in toks if ps <= t.idx < pe]
            if not toks:
                continue
            s, e = toks[0].idx, toks[-1].idx + len(toks[-1].text)
            # a quote right after the content in the same sentence belongs to it:
            # 'a reunion was “[not] very likely.”'
            near = [q for at in range(e, e + 3) for q in self._by_open.get(at, ())]
            for q in sorted(near, key=lambda q: self._quote_rank[id(q)]):
                if q.mark_end <= pe and not self._starts_sentence(doc, q.open):
                    if tok.idx < s or tok.idx > q.mark_end:
                        e = q.mark_end
                    break
            # the content is (mostly) one speech quote: direct speech handles it
            if any(
                (q.end - q.start) >= 0.6 * (e - s) for q in self._cand_content.containing(s + 2, e - 2)
            ) or self._cand_marks.containing(s, e):
                continue
            big = self._cand_content.inside(s, e)
            if big and sum(q.end - q.start for q in big) >= 0.75 * (e - s):
                continue
            if cls == "opinion":
                conf = 0.6
            if lemma in self.cues.needs_clause and content.dep_ != "ccomp" and not inverted:
                continue
            f = Frame(
                "indirect",
                s,
                e,
                tok.text,
                cls,
                tok.idx,
                speaker_head=subj.i,
                content_root=content.i,
                confidence=conf,
            )
            frames.append(f)
        return frames

    def _accusation(self, tok: Token, subj: Token, paras) -> Frame | None:
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
        ps, pe = _para_bounds(paras, tok.idx)
        s, e = first.idx, last.idx + len(last.text)
        if not ps <= s < e <= pe:
            return None
        return Frame("indirect", s, e, tok.text, "say", tok.idx, speaker_head=subj.i,
                     content_root=charge.i, confidence=0.7)

    def _denied_object(self, tok: Token) -> Token | None:
        """What a denial verb's object says is denied, or None when it names nothing.

        * a statement noun with its content: "denied claims that ...", "rejected reports of
          her capture" -> the clause / the phrase;
        * a statement noun that says whose or which statement: "disputed Hunter's claim",
          "denied the TechCrunch report", "dismissed these allegations" -> the phrase (a
          reference, resolved to the reported claim later);
        * any other object only for verbs whose object *is* a proposition ("denied any
          links to Russia"), not for "dismissed the case", "rejected the offer".
        """
        for c in tok.children:
            if c.dep_ != "dobj":
                continue
            if c.lemma_.lower() in self.cues.claim_nouns or c.lower_ in self.cues.claim_nouns:
                for g in c.children:
                    if g.dep_ in {"acl", "ccomp", "relcl"} and g.pos_ in {"VERB", "AUX"}:
                        return g
                if c.pos_ == "PRON":
                    return None
                if self._labelled_false(tok):
                    return c  # "dismissed the reports as nonsense"
                if any(g.dep_ == "prep" and g.lower_ in {"of", "about", "by"} for g in c.children):
                    return c
                if any(g.dep_ in {"poss", "compound"} and g.pos_ == "PROPN" or g.ent_type_
                       or g.dep_ == "det" and g.lower_ in {"these", "those", "this", "such"}
                       for g in c.children):
                    return c
                return None
            if c.pos_ == "PRON" or tok.lemma_.lower() not in self.cues.propositional_deny:
                return None
            if c.lemma_.lower() in self.cues.granted_nouns or c.lower_ in self.cues.granted_nouns:
                return None  # "denied repeated requests": a refusal, not a denial
            return c
        return None

    @staticmethod
    def _starts_sentence(doc: Doc, char: int) -> bool:
        i = view(doc).first_at(char)
        return i < len(doc) and doc[i].is_sent_start

    @staticmethod
    def _labelled_false(tok: Token) -> bool:
        """ "... as nonsense / as false / as baseless": the verb labels its object untrue."""
        discredit = lexicons.polarity().discredit
        heads = [tok, *(c for c in tok.children if c.dep_ == "dobj")]
        for c in (c for h in heads for c in h.children):
            if c.dep_ == "prep" and c.lower_ == "as" and any(
                    t.lemma_.lower() in discredit or t.lower_ in discredit for t in c.subtree):
                return True
        return False

    def _content_tokens(self, doc: Doc, content: Token, cue: Token) -> list[Token]:
        sub = list(content.subtree)
        ids = {t.i for t in sub}
        if cue.i in ids:
            # "Y, X said": content is the head clause minus the cue's subtree
            cut = {t.i for t in cue.subtree}
            sub = [t for t in sub if t.i not in cut]
            ids -= cut
        # cut nested reporting clauses with their own speaker ("..., but Y thinks ...")
        for t in sub:
            if t.i != content.i and t.dep_ == "conj" and self.is_cue(t) and self.subject_of(t) is not None:
                ids.difference_update(x.i for x in t.subtree)
        if not ids:
            return []
        # contiguous run containing the content head
        lo = hi = content.i
        while lo - 1 in ids:
            lo -= 1
        while hi + 1 in ids:
            hi += 1
        toks = [doc[i] for i in range(lo, hi + 1)]
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
        # a content that opens with a quotation ends with it: 'that "...," and it ...'
        if toks and toks[0].text in {"“", '"'}:
            opening = [q for q in self._all_quotes_by_open.get(toks[0].idx, ())
                       if q.mark_end <= toks[-1].idx]
            if opening:
                toks = [t for t in toks if t.idx < opening[0].mark_end]
        return toks

    def _evaluation(self, doc: Doc, tok: Token, subj: Token) -> Frame | None:
        """ "X has been called 'rubbish' by Y" / "Y called the report false"."""
        pol = lexicons.polarity()
        label = None
        for c in tok.children:
            if c.dep_ in {"oprd", "xcomp", "acomp", "attr", "ccomp", "dobj"} and (
                c.lemma_.lower() in pol.discredit or c.lower_ in pol.discredit
            ):
                label = c
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
        return Frame(
            "indirect",
            s,
            e,
            tok.text,
            "evaluate",
            tok.idx,
            speaker_head=subj.i,
            content_root=tok.i,
            confidence=0.75,
        )

    # ------------------------------------------------------------ according to

    def _according(self, doc: Doc, in_quote: list[bool]) -> list[Frame]:
        """ "According to X, C." / "C, according to X." / "As reported by X, C"."""
        frames = []
        for _mid, s, e in self.matcher(doc):
            if in_quote[s]:
                continue
            sent = doc[s].sent
            # the speaker phrase: from the match end to the next comma / sentence end
            j = e
            while (
                j < sent.end
                and doc[j].text not in {",", ";", ":"}
                and doc[j].text not in SENT_END
                and not in_quote[j]
            ):
                j += 1
            if j == e:
                continue
            phrase = [doc[k] for k in range(e, j)]
            ids = {t.i for t in phrase}
            heads = [t for t in phrase if t.head.i not in ids and not t.is_punct]
            if not heads:
                continue
            spk = next((t for t in heads if t.dep_ == "pobj"), heads[0])
            if spk.pos_ not in {"PROPN", "NOUN", "PRON"}:
                nouns = [t for t in phrase if t.pos_ in {"PROPN", "NOUN"}]
                if not nouns:
                    continue
                spk = nouns[-1]
            # what comes before the phrase in the sentence (ignoring "But", "However", ...)
            pre = [t for t in doc[sent.start : s] if not t.is_punct and not t.is_space]
            lead = all(t.pos_ in {"CCONJ", "ADV", "SCONJ", "INTJ"} for t in pre)
            if lead:
                k = j + 1 if j < sent.end and doc[j].text in {",", ";", ":"} else j
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
            if len(run) < 3:
                continue
            if any(
                self.is_cue(t)
                and self.subject_of(t) is not None
                and not in_quote[t.i]
                and self.subject_of(t).i not in ids
                for t in run
            ):
                continue  # nested attribution: "According to X, Y says ..." -> Y is the speaker
            frames.append(
                Frame(
                    "indirect",
                    run[0].idx,
                    run[-1].idx + len(run[-1].text),
                    doc[s:e].text,
                    "according",
                    doc[s].idx,
                    speaker_head=spk.i,
                    content_root=None,
                    confidence=0.75,
                )
            )
        return frames

    # ------------------------------------------------------------ transcript labels

    def _labels(self, doc: Doc, paras, cand: list[Quote], frames: list[Frame], text: str) -> list[Frame]:
        out = []
        stop = self.cues.label_stopwords
        speech_at: dict[int, Quote] = {}
        for q in cand:
            speech_at.setdefault(q.open, q)
        covering = _Covering(frames)
        for ps, pe in paras:
            line = text[ps:pe]
            colon = line.find(":")
            if colon <= 0 or colon > 40:
                continue
            label = line[:colon].strip()
            words = label.split()
            if not (1 <= len(words) <= 4) or label.lower() in stop or words[0].lower() in stop:
                continue
            if not words[0][:1].isupper() or any(ch.isdigit() for ch in label):
                continue
            rest_s = ps + colon + 1
            while rest_s < pe and text[rest_s] == " ":
                rest_s += 1
            if rest_s >= pe:
                continue
            # content: the quote that opens right after the colon, else the rest of the line
            q = speech_at.get(rest_s)
            if q is not None:
                s, e = q.start, q.end
            else:
                s, e = rest_s, pe
                if covering.covers(s):
                    continue
            ltoks = view(doc).between(ps, ps + colon)
            roles = lexicons.roles()
            named = any(t.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"} for t in ltoks) and len(words) >= 2
            role = words[-1].lower() in roles.person_roles or words[-1].lower() in roles.source_nouns
            if not (named or role):
                continue
            if any(t.pos_ in {"VERB", "AUX"} for t in ltoks):
                continue
            # drop any direct frame already found for this quote (the label is the speaker)
            if q is not None:
                covering.drop_quote(q)
            out.append(
                Frame("direct", s, e, ":", "label", ps, label=(ps, ps + len(label)), quote=q, confidence=0.7)
            )
        frames[:] = covering.kept()
        return out

    # ------------------------------------------------------------ post-processing

    @staticmethod
    def _nested_outer(f: Frame, cue_at: list[int]) -> bool:
        """Another frame's cue inside an "according to" frame (``cue_at``: all cues, sorted)."""
        if f.cue_class != "according":
            return False
        inside = bisect.bisect_left(cue_at, f.end) - bisect.bisect_left(cue_at, f.start)
        return inside - (1 if f.start <= f.cue_pos < f.end else 0) > 0

    @staticmethod
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
            # reports Y's statement rather than stating one of its own
            if (
                f.content_root is not None
                and doc[f.content_root].idx == g.cue_pos
                and f.start <= doc[g.speaker_head].idx < f.end
            ):
                return True
        return False

    @staticmethod
    def _quote_paragraphs(cand: list[Quote], frames: list[Frame], paras, text: str) -> list[Frame]:
        """A paragraph that is nothing but a quotation, right after a paragraph that holds
        an attributed statement, continues that speaker (news style: "Mayor Hill said the
        plan was dead." / "“We will not go ahead.”"). Linear: frames and quotes are walked
        once against the paragraph index."""
        starts = [p[0] for p in paras]

        def para_index(pos: int) -> int:
            return bisect.bisect_right(starts, pos) - 1

        spoken = {para_index(f.start) for f in frames}  # paragraphs with a statement
        spoken |= {para_index(f.quote.open) for f in frames if f.quote is not None}
        out = []
        for q in cand:
            i = para_index(q.open)
            if i < 1 or i in spoken or i - 1 not in spoken:
                continue
            ps, pe = paras[i]
            if q.open != ps or q.mark_end < pe - 1:
                continue
            out.append(Frame("direct", q.start, q.end, "", "continued", q.open, quote=q,
                             confidence=0.6, follows_paragraph=True))
        return out

    def _colon_blocks(self, doc: Doc, in_quote: list[bool], paras, frames: list[Frame],
                      text: str) -> list[Frame]:
        """An unquoted paragraph right after one that ends "X said in a statement:" is X's
        statement set off as a block (the quote marks of a blockquote are lost in feeds).
        Only when the cue has no content of its own and the block reads as prose."""
        taken = {f.start for f in frames}
        out = []
        for (ps, pe), (bs, be) in zip(paras, paras[1:], strict=False):
            head = text[ps:pe].rstrip()
            block = text[bs:be].rstrip()
            if not head.endswith(":") or not block or block[-1] not in SENT_END | {"”", '"'}:
                continue
            if block[0] in "“\"'‘" or any(bs <= t < be for t in taken) or len(block.split()) < 4:
                continue
            found = self._colon_cue(doc, ps, ps + len(head) - 1, in_quote)
            if found is None:
                continue
            cue, speaker = found
            cls = self._class(cue) if self.is_cue(cue) else "say"
            out.append(Frame("direct", bs, bs + len(block), cue.text, cls, cue.idx,
                             speaker_head=speaker.i, confidence=0.6))
        return out

    def _colon_cue(self, doc: Doc, start: int, colon: int,
                   in_quote: list[bool]) -> tuple[Token, Token] | None:
        """The cue and speaker of the sentence that ends at ``colon``: a reporting verb with a
        speaker that leaves its statement to what follows ("X told the Post:"), or a statement
        from someone ("Here is a statement from ESPN:")."""
        dv = view(doc)
        last = dv.first_at(colon)
        if last >= len(doc):
            return None
        sent = doc[last].sent
        for tok in sent:
            if tok.idx < start or in_quote[tok.i] or not self.is_cue(tok):
                continue
            # a complement in this sentence is the statement; one after the colon is the block
            if any(c.dep_ == "ccomp" and c.idx < colon for c in tok.children):
                continue
            subj = self.subject_of(tok)
            if subj is not None:
                return tok, subj
        for tok in sent:
            if tok.idx >= start and not in_quote[tok.i] and tok.lemma_.lower() in self.cues.statement_nouns:
                source = next((g for c in tok.children if c.dep_ == "prep" and c.lower_ == "from"
                               for g in c.children if g.dep_ == "pobj"), None)
                if source is not None:
                    return tok, source
        return None

    @staticmethod
    def _link_continuations(frames: list[Frame]) -> list[Frame]:
        # continuation frames were linked by index into the direct list; re-link by quote
        # order: a continued frame inherits the nearest earlier frame that has a speaker
        # (a direct quote; for a verb-less quote paragraph, any frame of the paragraph before)
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


class _IndirectCover:
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


class _Covering:
    """``covers(pos)``: does a frame not yet dropped contain ``pos``; frames of a quote
    taken over by a transcript label are dropped as the labels are read."""

    def __init__(self, frames: list[Frame]) -> None:
        self.frames = frames
        self._dropped: set[int] = set()
        self._order = sorted(range(len(frames)), key=lambda i: frames[i].start)
        self._starts = [frames[i].start for i in self._order]
        self._max_end = list(accumulate((frames[i].end for i in self._order), max))
        self._of_quote: dict[int, list[int]] = {}
        for i, f in enumerate(frames):
            if f.quote is not None:
                self._of_quote.setdefault(id(f.quote), []).append(i)

    def drop_quote(self, q: Quote) -> None:
        self._dropped.update(self._of_quote.get(id(q), ()))

    def covers(self, pos: int) -> bool:
        k = bisect.bisect_right(self._starts, pos)
        if k == 0 or self._max_end[k - 1] <= pos:
            return False
        return any(self.frames[i].end > pos and i not in self._dropped
                   for i in reversed(self._order[:k]))

    def kept(self) -> list[Frame]:
        return [f for i, f in enumerate(self.frames) if i not in self._dropped]
