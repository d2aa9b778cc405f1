"""Propositions: a claim normalised to (subject actor, relation class, object actor).

The relation lexicon is ``lexicons/relations.yaml`` (CAMEO-like classes: cooperate,
support, attack, negotiate, meet, accuse, threaten, sanction). Within the claim's
content the first trigger (verb + object noun, relation noun, relation verb) that yields
two distinct actors gives the proposition:

    key = f"{relation}:{'+'.join(sorted({subject, object}))}"

* The subject is the trigger's grammatical subject. A first-person subject ("we", "us",
  "our") — or none at all ("there is no coordination with the Russians") — is the
  speaker's side: the organisation the speaker speaks for, else the speaker.
* The object comes from the trigger's prepositions ("with X", "between X and Y",
  "from X", "links to X"), a direct object, or, failing that, the nearest other actor
  named in the claim.
* Actor ids are canonical (``actors.py``): "Moscow"/"the Russians"/"the Russian Defense
  Ministry" -> ``russia``; "Kurdish forces"/"YPG" -> the ``sdf`` family (alias registry).

Fallback — the story proposition. A claim with no recognisable relation or actors is
about the article's central proposition: ``key = "story:" + (article.story or
article.id)``, relation ``story``, subject = the speaker's id, object = None. This is
what lets "X denies the report" in one article meet "Y reported it" in another article
of the same story (FNC-1 stories and the gold story contradictions rely on it). Keys are
stable strings: the judge groups claims by key across articles.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from streams.nlp import lexicons
from streams.nlp.actors import Actor, ArticleActors
from streams.nlp.docview import view
from streams.records import Proposition


def story_proposition(article_id: str, story: str | None, speaker_id: str) -> Proposition:
    return Proposition(
        subject=speaker_id, relation="story", object=None, key="story:" + (story or article_id)
    )


def make_key(relation: str, a: str, b: str) -> str:
    return f"{relation}:{'+'.join(sorted({a, b}))}"


def _trigger(tok: Token, rels) -> tuple[str, Token] | None:
    """(relation, governing token whose preps/subject to read) if ``tok`` triggers one."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        for r in rels:
            for c in tok.children:
                if c.dep_ in {"dobj", "nsubjpass"} and (lemma, c.lemma_.lower()) in r.verb_object:
                    return r.name, tok
        for r in rels:
            if lemma in r.verbs:
                return r.name, tok
    if tok.pos_ in {"NOUN", "PROPN"}:
        for r in rels:
            if lemma in r.nouns or tok.lower_ in r.nouns:
                return r.name, tok
    return None


def _objects(tok: Token, preps: frozenset[str]) -> list[Token]:
    out = []
    heads = [tok]
    # a relation noun that is the object of a light verb: "make coordination with X"
    if tok.dep_ in {"dobj", "attr", "nsubj", "nsubjpass"} and tok.head.i != tok.i:
        heads.append(tok.head)
    for h in heads:
        for c in h.children:
            if c.dep_ == "prep" and c.lower_ in preps:
                for g in c.children:
                    if g.dep_ == "pobj":
                        out.append(g)
                        out.extend(x for x in g.conjuncts)
            if c.dep_ == "dobj" and h.pos_ == "VERB" and c.pos_ in {"PROPN", "PRON"}:
                out.append(c)
            if c.dep_ == "conj" and c.pos_ == "ADP" and c.lower_ in preps:  # "..., not with Russia"
                out.extend(g for g in c.children if g.dep_ == "pobj")
        # "with X, not with Y": conj prepositions attached to the first prep
        for c in h.children:
            if c.dep_ == "prep":
                for cc in c.children:
                    if cc.dep_ in {"conj", "prep"} and cc.lower_ in preps:
                        out.extend(g for g in cc.children if g.dep_ == "pobj")
    return out


def _subject(tok: Token) -> Token | None:
    cur = tok
    if tok.pos_ in {"NOUN", "PROPN"}:
        for c in tok.children:
            if c.dep_ == "poss":
                return c
        if tok.dep_ in {"dobj", "attr", "pobj"}:
            cur = tok.head
            if cur.dep_ == "prep":
                cur = cur.head
        elif tok.dep_ in {"nsubj", "nsubjpass"}:
            return None
    for _ in range(3):
        for c in cur.children:
            if c.dep_ in {"nsubj"}:
                if c.dep_ == "nsubj" and c.lower_ == "there":
                    return None
                return c
            if c.dep_ == "expl":
                return None
        if cur.dep_ in {"xcomp", "conj", "advcl"} and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def proposition(
    doc: Doc, start: int, end: int, speaker: Actor, actors: ArticleActors, article_id: str, story: str | None
) -> Proposition:
    rels = lexicons.relations()
    by_name = {r.name: r for r in rels}
    toks = view(doc).between(start, end)
    speaker_side = actors.speaker_org_prop(speaker)
    for tok in toks:
        trig = _trigger(tok, rels)
        if trig is None:
            continue
        rel_name, gov = trig
        rel = by_name[rel_name]
        subj_tok = _subject(gov)
        subj = actors.mention_actor(subj_tok, speaker) if subj_tok is not None else None
        if subj_tok is None or (subj is None and subj_tok.pos_ == "PRON"):
            subj = subj or speaker_side
        if subj is None:
            continue
        obj = None
        objs = _objects(gov, rel.preps)
        between = []
        for h in (gov, gov.head):
            for c in h.children:
                if c.dep_ == "prep" and c.lower_ == "between":
                    for g in c.children:
                        if g.dep_ == "pobj":
                            between += [g, *g.conjuncts]
        if subj_tok is None and len(between) >= 2:
            # "no coordination between X and Y": both sides are named
            ids = [actors.mention_actor(o, speaker) for o in between]
            ids = [i for i in ids if i]
            if len(set(ids)) >= 2:
                subj, obj = ids[0], next(i for i in ids if i != ids[0])
        for o in objs if obj is None else []:
            a = actors.mention_actor(o, speaker)
            if a and a != subj:
                obj = a
                break
        if obj is None and speaker_side and speaker_side != subj and subj_tok is not None:
            obj = speaker_side  # "the Kurds were providing information" (to the speaker's side)
        if obj is None:
            # nearest other actor named in the claim
            best = None
            for t in toks:
                if t.pos_ not in {"PROPN", "NOUN", "PRON"} or t.i == (
                    subj_tok.i if subj_tok is not None else -1
                ):
                    continue
                a = actors.mention_actor(t, speaker)
                if a and a != subj and actors.is_known(a):
                    d = abs(t.i - tok.i)
                    if best is None or d < best[0]:
                        best = (d, a)
            obj = best[1] if best else None
        if obj is None or {subj, obj} <= {speaker.id, speaker_side}:
            continue
        return Proposition(subject=subj, relation=rel_name, object=obj, key=make_key(rel_name, subj, obj))
    return story_proposition(article_id, story, speaker.id)
