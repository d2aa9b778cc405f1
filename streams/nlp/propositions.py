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

Otherwise the claim is routed by its story: ``key = "story:" + story`` (the feed's own
story id, else ``about-<actor>``: the actor the article names most, see
:func:`story_id`), relation ``story``. A story is only where claims meet, never a
proposition: inside it the judge pairs two claims only when their content signatures
(``terms``) match. A claim without content of its own ("these claims are false", "the
TechCrunch report is not true") carries the article's context as its terms and names the
reported claim it points at in ``refers``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Token

from streams import signatures
from streams.nlp import lexicons
from streams.nlp.actors import Actor, ArticleActors
from streams.nlp.attribution import Frame
from streams.nlp.content import ArticleContent, is_reference
from streams.nlp.docview import view
from streams.nlp.support import carry_denials
from streams.records import Proposition

STORY_RELATION = "story"
#: shared weight a claim needs with the article's context to be a candidate referent
ECHO_MIN_SHARED = 0.5
REFERS_CHARS = 240
#: polarity bases read off the claim's first clause (not its wording anywhere)
_CLAUSE_BASES = frozenset({"negation", "weak_negation", "existential"})


@dataclass
class Draft:
    """A claim being built: its frame, speaker and polarity; content comes later."""

    frame: Frame
    actor: Actor
    polarity: str
    basis: str
    confidence: float
    negated: tuple[int, ...] = ()  # tokens a provisional denial by negation negates
    unconfirmed: str = "affirm"  # its polarity when nothing it negates is said elsewhere
    proposition: Proposition | None = None
    terms: dict[str, float] = field(default_factory=dict)
    #: the others who say it with the speaker ("Reuters and AP reported ..."): AP
    co_speakers: list[Actor] = field(default_factory=list)


def story_id(feed_story: str | None, content: ArticleContent, drafts: list[Draft]) -> str:
    """The feed's story id, else one derived from the article alone (its anchor actor), so
    that the same article always lands in the same story whatever arrived before it."""
    if feed_story:
        return feed_story
    return "about-" + content.anchor([(d.frame.start, d.frame.end) for d in drafts])


def story_proposition(story: str, speaker_id: str, terms: dict[str, float],
                      refers: str | None = None) -> Proposition:
    return Proposition(subject=speaker_id, relation=STORY_RELATION, object=None,
                       key="story:" + story, terms=terms, refers=refers)


def resolve_content(doc: Doc, drafts: list[Draft], actors: ArticleActors,
                    content: ArticleContent, story: str) -> None:
    """Give every draft its terms, final polarity and proposition (in place).

    * A provisional denial by plain negation stays a denial only if what it negates is
      said elsewhere in the article (similarity with the context without the claim).
    * A claim with no content of its own points at what the article reports: it takes the
      article's context as its terms and the best matching claim's text as ``refers``.
    """
    context = content.context()
    carry_denials(drafts, view(doc).text)
    for d in drafts:
        s, e = d.frame.start, d.frame.end
        # a denial read off its first clause is about that clause, not the rest of the quote
        if d.polarity == "deny" and d.basis in _CLAUSE_BASES:
            e = _first_sentence_end(doc, s, e)
        d.terms = content.span_terms(s, e)
    lead = _lead_terms(doc, content)
    for d in drafts:
        if d.basis == "weak_negation" and not _asserted_elsewhere(d, drafts, lead, content, doc):
            d.polarity = d.unconfirmed
    for d in drafts:
        s, e = d.frame.start, d.frame.end
        d.proposition = _relation_proposition(doc, d, d.actor, actors)
        if d.proposition is not None:
            continue
        refers = None
        terms = d.terms
        if _points_at_report(doc, s, e) and is_reference(d.terms):
            # what it points at: the reported claim it refers to, else the article's lead
            referent = _referent(d, drafts, context, view(doc).text[s:e])
            if referent is not None:
                refers = view(doc).text[referent.frame.start:referent.frame.end][:REFERS_CHARS]
                terms = signatures.union([d.terms, referent.terms])
            else:
                refers = _lead_sentence(doc)[:REFERS_CHARS]
                terms = signatures.union([d.terms, lead or context])
        d.proposition = story_proposition(story, d.actor.id, terms, refers)


def co_speaker_proposition(doc: Doc, d: Draft, actor: Actor, actors: ArticleActors) -> Proposition:
    """What a co-speaker says ("Complex, Death and Taxes and Jezebel published stories
    stating ..."): the draft's proposition with the co-speaker where the speaker stood, a
    relation read again with the co-speaker as its speaker."""
    assert d.proposition is not None
    if d.proposition.relation != STORY_RELATION:
        rel = _relation_proposition(doc, d, actor, actors)
        if rel is not None:
            return rel
    return replace(d.proposition, subject=actor.id)


def _relation_proposition(doc: Doc, d: Draft, actor: Actor, actors: ArticleActors) -> Proposition | None:
    """The relation the draft's first sentence states with ``actor`` as its speaker, with
    the draft's terms; None when it states none."""
    s, e = d.frame.start, d.frame.end
    rel = proposition(doc, s, _first_sentence_end(doc, s, e), actor, actors)
    if rel is None:
        return None
    return Proposition(rel.subject, rel.relation, rel.object, rel.key, terms=d.terms)


def _asserted_elsewhere(d: Draft, drafts: list[Draft], lead: dict[str, float],
                        content: ArticleContent, doc: Doc) -> bool:
    """Is what a negated claim negates asserted or reported elsewhere in the article:
    another speaker's affirming claim, the lead sentence or the title? Only then does "X is
    not doing Y" reject something; otherwise it is a negative statement of fact ("the boy
    did not attend school that week") that denies nothing. A negated statement beside the
    same speaker's own denial in so many words is part of that rebuttal."""
    if _speaker_debunks(d, drafts):
        return True
    negated = {t for t in (content.term_at(i) for i in d.negated
                           if doc[i].dep_ not in _SUBJECTS) if t}
    # a subject under "no" ("no press conference had been called") is usually what the
    # story is about, so the lead and the title name it anyway: only another speaker's
    # claim putting it forward confirms it
    subjects = {t for t in (content.term_at(i) for i in d.negated if doc[i].dep_ in _SUBJECTS) if t}
    if not negated and not subjects:
        return False
    in_lead = d.frame.start < _lead_end(doc)  # the lead is the claim itself: no echo
    if not in_lead and negated & lead.keys() or negated & content.title_terms().keys():
        return True
    return any((negated | subjects) & o.terms.keys() for o in drafts
               if o is not d and o.actor.id != d.actor.id and _puts_forward(o))


_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
#: denials in so many words: a denial verb, "false", "a hoax", "there is no ..."
_FIRM_DENIALS = frozenset({"cue", "discredit", "existential", "phrase", "negation"})
#: how far apart (characters) a speaker's firm denial and their negated statement may be
DEBUNK_REACH = 400


def _speaker_debunks(d: Draft, drafts: list[Draft]) -> bool:
    """Does the same speaker deny something in so many words close by ("It's a fake
    account," the spokesperson said. ... "the account is not official")? Then their
    negated statement is part of the same rebuttal, not a negative fact."""
    return any(o is not d and o.actor.id == d.actor.id and o.polarity == "deny"
               and o.basis in _FIRM_DENIALS
               and max(o.frame.start - d.frame.end, d.frame.start - o.frame.end) <= DEBUNK_REACH
               for o in drafts)


def _puts_forward(o: Draft) -> bool:
    """Does another claim put a proposition forward: state it, or suggest it ("suggested
    the NHL will expand", "it may be real")? An open question or a non-answer does not."""
    if o.basis in _CLAUSE_BASES:
        return False
    return o.polarity == "affirm" or o.polarity == "hedge" and o.basis == "hedge"


def _lead_terms(doc: Doc, content: ArticleContent) -> dict[str, float]:
    """Terms of the article's first sentence when it states something (not negated)."""
    first = next((t for t in view(doc).tokens if t.is_alpha), None)
    if first is None:
        return {}
    sent = first.sent
    if any(t.dep_ == "neg" or t.lower_ in {"no", "none", "nothing", "never"} for t in sent):
        return {}
    return content.span_terms(sent.start_char, sent.end_char)


def _lead_end(doc: Doc) -> int:
    first = next((t for t in view(doc).tokens if t.is_alpha), None)
    return first.sent.end_char if first is not None else 0


def _points_at_report(doc: Doc, start: int, end: int) -> bool:
    """Does the claim name a statement instead of stating one ("these claims", "the
    report", "it's all rubbish", "only my opinion")?"""
    nouns = lexicons.cues().claim_nouns
    toks = view(doc).between(start, end)
    if not any(t.is_alpha for t in toks):
        return False
    for t in toks:
        low = t.lower_
        names_statement = t.pos_ in {"NOUN", "PROPN"} and (t.lemma_.lower() in nouns or low in nouns)
        if names_statement or low in lexicons.polarity().retraction_words:
            return True
        if t.pos_ == "PRON" and t.dep_ in {"nsubj", "nsubjpass", "dobj"} and low in {
                "it", "this", "that", "these", "those", "they", "everything", "all"}:
            return True
    return len(toks) <= 4


def _referent(d: Draft, drafts: list[Draft], context: dict[str, float], text: str) -> Draft | None:
    """The reported claim a reference points at: a claim with content of its own (either
    polarity: "denied that Beats Music is being shut down" states the report too), by the
    speaker the reference names if any ("the TechCrunch report"), most about what the
    article is about; a speaker's retraction ("only my opinion") points at their own."""
    named = {t for t in d.terms if signatures.is_entity(t)}
    retraction = any(w in lexicons.polarity().retraction_words for w in text.lower().split())
    best = None
    for o in drafts:
        if o is d or o.proposition is not None and o.proposition.refers is not None:
            continue
        if not o.terms or is_reference(o.terms):
            continue
        score = signatures.similarity(o.terms, context, min_shared=ECHO_MIN_SHARED)
        speaker_term = signatures.entity_term(o.actor.prop_id or o.actor.id)
        # a retraction takes back the speaker's own claim; any other reference rejects
        # what someone else reported, never the speaker's own words ("said the wife had
        # been travelling with a daughter, contradicting reports that it was his son")
        own = o.actor.id == d.actor.id
        if own and not retraction:
            continue
        rank = (speaker_term in named or o.actor.id in {t[1:] for t in named}, score > 0,
                own, score)
        if score > 0 and (best is None or rank > best[0]):
            best = (rank, o)
    return best[1] if best else None


def _lead_sentence(doc: Doc) -> str:
    first = next((t for t in view(doc).tokens if t.is_alpha), None)
    if first is None:
        return ""
    sent = first.sent
    return " ".join(view(doc).text[sent.start_char:sent.end_char].split())


def _first_sentence_end(doc: Doc, start: int, end: int) -> int:
    """End of the claim's first sentence (the one its polarity is read from)."""
    for t in view(doc).between(start + 1, end):
        if t.is_sent_start:
            return t.idx
    return end


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


_KIN = frozenset({"family", "families", "parents", "relatives", "relative", "kin"})


def _family_object(gov: Token, actors: ArticleActors, speaker: Actor) -> str | None:
    """ "threatened her family", "threatened James Foley's family", "threatened the Foley
    family" are one object: the family, known by its surname ("foley-family"), not the
    relative whose name or pronoun happens to stand before it."""
    for c in gov.children:
        if c.dep_ != "dobj" or c.lemma_.lower() not in _KIN:
            continue
        for g in c.children:
            if g.dep_ == "compound" and g.pos_ == "PROPN":
                return f"{g.lower_}-family"
            if g.dep_ == "poss":
                aid = actors.mention_actor(g, speaker)
                if aid is None and g.pos_ == "PRON" and speaker.type == "person":
                    aid = speaker.id  # "US officials threatened her family", says Diane Foley
                if aid:
                    return f"{aid.rsplit('-', 1)[-1]}-family"
    return None


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
                if c.tag_ in {"WP", "WDT"} and cur.dep_ == "relcl":
                    return cur.head  # "individuals who have ties to ISIL": the individuals
                return c
            if c.dep_ == "expl":
                return None
        if cur.dep_ in {"xcomp", "conj", "advcl"} and cur.head.i != cur.i:
            cur = cur.head
            continue
        break
    return None


def proposition(doc: Doc, start: int, end: int, speaker: Actor, actors: ArticleActors) -> Proposition | None:
    """The relation proposition stated between two character offsets, if any."""
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
        if obj is None:
            obj = _family_object(gov, actors, speaker)
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
    return None
