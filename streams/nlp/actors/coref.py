"""Back-references: a pronoun ("he", "they") or a definite role noun ("the general",
"the newspaper") to the nearest compatible earlier actor."""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Iterator
from itertools import chain, islice, takewhile

from spacy.tokens import Token

from streams.nlp.actors.model import Actor, Resolution
from streams.nlp.actors.registry import ActorRegistry
from streams.nlp.docview import view

_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
#: earlier mentions "the company" looks through for its organisation (bounds the cost of a
#: body that repeats "the company" thousands of times)
ANTECEDENT_SCAN = 400


class Coreference(ActorRegistry):
    """Antecedents from the article's mention history."""

    def _candidates(self, pos: int) -> Iterator[tuple[int, str]]:
        """Earlier actor mentions, nearest first, in arrival order at one position
        (mentions inside quotes never count); lazily, as callers stop at the first fit."""
        by_pos = self._by_pos
        k = bisect_left(by_pos, (pos, -len(self.history) - 1))
        return ((by_pos[j][0], by_pos[j][2]) for j in range(k - 1, -1, -1))

    def _resolve_pronoun(self, head: Token, pos: int) -> Resolution | None:
        """A pronoun to the nearest earlier actor it can stand for (type, number, gender),
        speakers and main-clause subjects of the same paragraph first (or, for a pronoun
        that opens its paragraph, of the paragraph before)."""
        types = self.roles.pronouns.get(head.lower_, ())
        if not types:
            return None
        if head.lower_ == "it":
            found = self._subject_antecedent(head, types)
            return Resolution(found, "pronoun", head.text) if found is not None else None
        # speakers and main-clause subjects of the same paragraph first, then the nearest;
        # a pronoun with no actor before it in its paragraph looks to the speakers and
        # subjects of the paragraph before ("Hunter told Fox News ... \n\n 'I know ...,'
        # he said."), not to whatever was named last there
        text = view(self.doc).text
        para_start = text.rfind("\n", 0, pos) + 1
        nearby = list(takewhile(lambda c: c[0] >= para_start, self._candidates(pos)))
        if not nearby:
            prev_start = _paragraph_before(text, para_start)
            nearby = list(takewhile(lambda c: c[0] >= prev_start, self._candidates(pos)))
        preferred = [(p, a) for p, a in nearby if p in self.salient]
        want = _PRONOUN_GENDER.get(head.lower_)
        # "Dulaimi's children were at a care centre, he said": the one the report is about
        # is rarely the one reporting it; such mentions are tried only after all others
        lo, hi = reported_clause(head)
        ranked = chain(((p, a) for p, a in preferred if not lo <= p < hi),
                       ((p, a) for p, a in self._candidates(pos) if not lo <= p < hi),
                       ((p, a) for p, a in self._candidates(pos) if lo <= p < hi))
        # '"I was NOT taken advantage of by Mr. Cosby," she posted': whoever the quote
        # names in the third person is not the one speaking; tried after everyone else
        quoted = _quote_before(text, para_start, pos)
        if quoted:
            ranked = _named_last(ranked, lambda aid: _named_in(self.actors[aid], quoted))
        for _p, aid in ranked:
            a = self.actors[aid]
            if a.type in types and not (
                a.publication and a.type != "person" and "person" in types and len(types) == 1
            ):
                if head.lower_ in {"they", "them"} and a.type == "person" and not a.described:
                    continue
                if want is not None:
                    # number and gender agreement: "she" is never "officials" or a "Mr."
                    if a.plural:
                        continue
                    g = a.gender()
                    if g is not None and g != want:
                        continue
                    if a.pron_gender is None:
                        a.pron_gender = want
                return Resolution(a, "pronoun", head.text)
        return None

    def _subject_antecedent(self, head: Token, types: tuple[str, ...]) -> Actor | None:
        """ "it" speaks for the organisation that is the subject it continues:
        "Acme denied the report. '...,' it said." It more often stands for a report, a post
        or a place ("A report called the city ... It said that ..."), so when the nearest
        main-clause subject before it (outside quotes) is no organisation, it names no one."""
        if head.dep_ != "nsubj" or head.head.dep_ not in {"ROOT", "parataxis"}:
            return None  # "Apple said it expects ...": part of what is reported, not a speaker
        for n, sent in enumerate(islice(_sentences_back(head), IT_SENTENCES)):
            if n > 0 and self._in_quote(sent.root.idx):
                continue  # the quotation before '..., it said'
            subjects = [c for c in sent.root.children if c.dep_ in {"nsubj", "nsubjpass"}
                        and (n > 0 or c.i < head.i) and not self._in_quote(c.idx)]
            if not subjects:
                if n == 0 and all(t.is_punct or self._in_quote(t.idx) for t in sent[: head.i - sent.start]):
                    continue  # '"...," it said' or "It said ...": the sentences before
                return None
            subj = subjects[-1]
            if subj.lower_ == "it":
                continue  # "It added ... It said ...": the same antecedent, further back
            low, roles = subj.lemma_.lower(), self.roles
            if subj.pos_ != "PROPN" and low not in roles.org_heads and low not in roles.org_anaphors:
                return None  # "A report called the city ... It said": the report
            # the nearest mention that ends the subject phrase, if it is in the phrase at all
            pos, aid = next(self._candidates(subj.idx + len(subj.text)), (-1, None))
            if aid is None or pos < subj.left_edge.idx:
                return None
            a = self.actors[aid]
            return a if a.type in types else None
        return None

    def _organisation_antecedent(self, pos: int) -> Actor | None:
        """"the company" -> the nearest earlier organisation of the same paragraph, no
        outlet, that was the subject of a main clause ("Amazon denied the report. The
        company said ..."), else the only such organisation of the paragraphs before; a
        passing mention is too weak an antecedent, and with two organisations in earlier
        paragraphs (items of a round-up) neither is meant."""
        para_start = view(self.doc).text.rfind("\n", 0, pos) + 1
        earlier: set[str] = set()
        for p, aid in islice(self._candidates(pos), ANTECEDENT_SCAN):
            a = self.actors[aid]
            if p in self.salient and a.type == "organisation" and not a.publication:
                if p >= para_start:
                    return a
                earlier.add(aid)
        # ... or, in another paragraph, the one organisation the article has been about so
        # far when its name is a business's ("Apple is working on ... \n\n The company
        # said ..."), not an institution's ("The Nobel Institute"); with two, a round-up
        if len(earlier) != 1:
            return None
        only = self.actors[earlier.pop()]
        head = only.name.split()[-1].lower() if only.name.split() else ""
        return None if head in self.roles.org_heads else only

    def _role_antecedent(self, role: str, pos: int, publication: bool) -> Actor | None:
        """"the general" -> the nearest earlier actor with that role; "the newspaper" -> the
        nearest outlet, else the next one (cataphora)."""
        for _p, aid in self._candidates(pos):
            a = self.actors[aid]
            if publication:
                if a.publication:
                    return a
            elif role in a.roles:
                return a
        if publication:  # cataphora: "..., the newspaper said. ... told the Mirror"
            later = sorted((p, a) for p, a in self.history if p > pos)
            for _p, aid in later:
                if self.actors[aid].publication:
                    return self.actors[aid]
        return None


#: sentences (its own first) in which "it" looks for the subject it continues
IT_SENTENCES = 3


def _sentences_back(tok: Token) -> Iterator:
    """The token's sentence, then the sentences before it, nearest first."""
    sent = tok.sent
    while True:
        yield sent
        if sent.start == 0:
            return
        sent = tok.doc[sent.start - 1].sent


_OPENING = {"”": "“", '"': '"'}
#: how far back a quote ending right before its pronoun is looked for
_QUOTE_BACK = 2000


def _quote_before(text: str, para_start: int, pos: int) -> str:
    """The quotation that ends just before a pronoun of its paragraph ('"...," she said'),
    or ""."""
    j = pos - 1
    while j >= para_start and (text[j].isspace() or text[j] in ",.!?"):
        j -= 1
    if j < para_start or text[j] not in _OPENING:
        return ""
    k = text.rfind(_OPENING[text[j]], max(para_start, j - _QUOTE_BACK), j)
    return text[k + 1:j] if k >= 0 else ""


def _named_last(ranked: Iterator[tuple[int, str]], named) -> Iterator[tuple[int, str]]:
    """``ranked`` with the candidates ``named(actor id)`` held back to the end (lazily, as
    the caller stops at the first fit; each actor is tested once)."""
    held: list[tuple[int, str]] = []
    verdict: dict[str, bool] = {}
    for c in ranked:
        if c[1] not in verdict:
            verdict[c[1]] = named(c[1])
        if verdict[c[1]]:
            held.append(c)
        else:
            yield c
    yield from held


def _named_in(actor: Actor, quoted: str) -> bool:
    """Does the quotation name the actor (a name of two letters or more, as a word)?"""
    for name in (actor.name, *actor.aliases):
        words = name.split()
        last = words[-1] if words else ""
        if len(last) > 2 and last[0].isupper() and re.search(rf"\b{re.escape(last)}\b", quoted):
            return True
    return False


def _paragraph_before(text: str, para_start: int) -> int:
    """Where the paragraph before the one starting at ``para_start`` starts (blank lines
    between them skipped, no copy of the text: this runs once per pronoun)."""
    end = para_start
    while end > 0 and text[end - 1].isspace():
        end -= 1
    return text.rfind("\n", 0, end) + 1


def reported_clause(pronoun: Token) -> tuple[int, int]:
    """The char range of the clause a pronoun's reporting verb reports, when it stands
    before the verb ("Dulaimi's children were at a care centre, he said"); (0, 0) if none."""
    verb = pronoun.head
    if pronoun.dep_ != "nsubj" or verb.i == pronoun.i:
        return 0, 0
    if pronoun.i == 0 or pronoun.doc[pronoun.i - 1].text != ",":
        return 0, 0  # "X said he believed ...": no clause before the pronoun is reported
    if verb.dep_ in {"ccomp", "parataxis"} and verb.head.i < verb.i:
        clause = verb.head
        return clause.left_edge.idx, verb.left_edge.idx
    before = [c for c in verb.children if c.dep_ == "ccomp" and c.i < pronoun.i]
    if before:
        return before[0].left_edge.idx, before[0].right_edge.idx + len(before[0].right_edge.text)
    return 0, 0
