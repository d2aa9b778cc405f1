"""Polarity of a claim: affirm, deny or hedge.

Scope: only the claim's own clause counts. For an indirect claim that is the reported
clause (negation in the reporting sentence outside it never flips the claim); for a
quote it is the quote, judged by its first sentence, plus explicit denial wording
anywhere in it ("We categorically deny these allegations", "a full retraction").

deny
  * the cue itself denies ("X denied …", "X rejected …", "called it 'rubbish'");
  * a root-level clause of the claim is negated ("he is not going to be suspended",
    "the report is not true"), except the correction pattern "not X but Y",
    "not … until …", negated uncertainty ("not sure", "don't know": hedge) and plain
    descriptive negation: the negated predicate must echo a word used elsewhere in the
    article, i.e. the clause rejects a proposition of the story ("he is not going to be
    suspended" in a story about a suspension) rather than narrating ("the boy did not
    attend school that week", "I was no longer nauseous");
  * a discrediting predicate ("these claims are false", "it's all rubbish");
  * "there is no X" / "no such X" when X is not an emphatic idiom ("no chance", "no way",
    "no doubt" support rather than deny);
  * explicit denial/retraction phrases ("no truth", "only my opinion", "we refused").
hedge
  * a modal (may/might/could) on the clause root, hedging adverbs/adjectives
    (reportedly, unlikely, probably, …), hedging phrases ("could not confirm",
    "no official notification"), or a hedging cue ("suggested").
affirm
  * everything else.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from spacy.tokens import Doc, Token

from streams.nlp import lexicons
from streams.nlp.docview import view

NEG = {"not", "n't", "never", "no", "nor", "neither", "n’t"}


def _roots(toks: list[Token]) -> list[Token]:
    ids = {t.i for t in toks}
    roots = [t for t in toks if t.head.i not in ids or t.head.i == t.i]
    out = []
    for r in roots:
        if r.is_punct or r.is_space:
            continue
        out.append(r)
        out.extend(c for c in r.children if c.dep_ == "conj" and c.i in ids)
    return out


def _sentences(doc: Doc, toks: list[Token]) -> list[list[Token]]:
    sents: list[list[Token]] = []
    cur: list[Token] = []
    for t in toks:
        if cur and t.is_sent_start:
            sents.append(cur)
            cur = []
        cur.append(t)
    if cur:
        sents.append(cur)
    return sents


_PRED_DEPS = {"xcomp", "acomp", "attr", "oprd", "dobj", "ccomp", "auxpass"}
_ECHO_KEY = 5


def _echo_key(lemma: str) -> str:
    return lemma[:_ECHO_KEY]


def _story_words(doc: Doc) -> dict[str, list[int]]:
    """Content-word keys of the whole article -> char positions (cached on the doc)."""
    cached = doc.user_data.get("gainsay_story_words")
    if cached is None:
        cached = {}
        for t in view(doc).tokens:
            if t.is_alpha and not t.is_stop and len(t.text) > 2:
                cached.setdefault(_echo_key(t.lemma_.lower()), []).append(t.idx)
        doc.user_data["gainsay_story_words"] = cached
    return cached


def _predicates(root: Token, lex, depth: int = 0) -> list[Token]:
    """Content predicates of a clause: the root verb, or for a light verb / copula / word of
    intention its complement ("is not going to be suspended" -> suspend, "have no strategy"
    -> strategy, "not ready to expand" -> expand)."""
    lem = root.lemma_.lower()
    content_pos = root.pos_ in {"VERB", "ADJ", "NOUN", "PROPN"}
    if lem in lex.intention_predicates and content_pos:
        # "not ready to expand" -> expand; "no plan to sell" (acl) -> sell; else the word
        wanted = [c for c in root.children if c.dep_ in {"xcomp", "acl"} and c.pos_ == "VERB"]
        return [p for c in wanted for p in _predicates(c, lex, depth + 1)] or [root]
    if lem not in lex.light_predicates and content_pos:
        return [root]
    if depth > 3:
        return []
    out: list[Token] = []
    for c in root.children:
        if c.dep_ in _PRED_DEPS - {"ccomp", "auxpass"} or (c.dep_ == "prt"):
            out.extend(_predicates(c, lex, depth + 1))
    return out


_FUTURE = {"will", "wo", "shall", "'ll", "’ll"}


def _prospective_passive(root: Token, pred: Token) -> bool:
    """ "is not going to (be suspended|resign)", "will not be closed", "is not being shut
    down": a negated event still to come -- the typical denial of a rumoured action."""
    if root.lemma_.lower() == "go" and pred.dep_ == "xcomp" and root.tag_ == "VBG":
        return True  # "is not going to resign"
    if not any(c.dep_ == "auxpass" for c in pred.children):
        return False
    auxes = [c.lower_ for t in (root, pred) for c in t.children if c.dep_ in {"aux", "auxpass"}]
    return root.lemma_.lower() == "go" or "being" in auxes or any(a in _FUTURE for a in auxes)


def _emphatic_negation(root: Token) -> bool:
    """ "I was NOT taken advantage of", "he NEVER touched her", "Axl Rose is NOT dead": a
    negation written in capitals inside ordinary lower-case text is shouted back at a
    claim; an all-capitals headline shouts every word and says nothing by it."""
    if not any(len(c.text) > 2 and c.text.isupper() for c in _negators(root)):
        return False
    words = [t for t in root.sent if t.is_alpha and len(t.text) > 1]
    return sum(t.text.islower() for t in words) >= len(words) / 2


def _strong_negation(root: Token, lex) -> bool:
    """Negations that reject a proposition whatever the rest of the article says: a
    negated event still to come ("he is not going to be suspended"), an identity or cause
    correction ("X is not the reason", "the man held is not Z"), or an elliptical negation
    with no predicate of its own ("the service is not")."""
    if _emphatic_negation(root):
        return True
    preds = _predicates(root, lex)
    if not preds:
        # "the service is not", "it does not" (elliptical) reject; "..., but not at this
        # quality" is a qualification, "they weren't going anywhere" a plain statement
        fragment = root.dep_ in {"conj", "prep", "pobj", "npadvmod"} or root.pos_ == "ADP"
        elliptical = root.lemma_.lower() in {"be", "do", "have"} or any(
            c.dep_ == "aux" and c.lower_ in _FUTURE for c in root.children)  # "won't go anywhere"
        return elliptical and not fragment and not any(c.dep_ in _PRED_DEPS for c in root.children)
    # "he is not going to be suspended" rejects a rumoured event; "I am not going to put my
    # staff at risk" states an intention (a denial only if the article reports otherwise)
    first_person = any(c.dep_ in {"nsubj", "nsubjpass"} and c.lower_ in {"i", "we"}
                       for c in root.children)
    if not first_person and any(_prospective_passive(root, p) for p in preds):
        return True
    return root.lemma_.lower() == "be" and any(
        c.dep_ == "attr" and any(d.lower_ == "the" and d.dep_ == "det" for d in c.children)
        for c in root.children
    )


def _clause_negated(root: Token, lex) -> str | None:
    """Is this clause root negated in a way that may deny its proposition?

    ``"strong"`` when the negation rejects a proposition by its very form
    (:func:`_strong_negation`), ``"weak"`` for any other negated assertion ("X is not doing
    Y"): that one is a denial only if what it negates is asserted or reported elsewhere in
    the article, which the extractor decides with content signatures. None otherwise."""
    if not _negated(root, lex) or any(rejects_nothing(root, lex) for rejects_nothing in _NOT_REJECTIONS):
        return None
    return "strong" if _strong_negation(root, lex) else "weak"


def _negated(root: Token, lex) -> bool:
    """A "not" / "never" on the root, or a negative subject, which negates the clause:
    "none of the videos were staged", "nothing is imminent", "no part of it was a hoax"."""
    if _negators(root):
        return True
    return any(
        c.dep_ in {"nsubj", "nsubjpass"} and (
            c.lower_ in lex.negative_subjects
            or any(d.dep_ == "det" and d.lower_ == "no" for d in c.children))
        for c in root.children)


def _denied_subjects(root: Token) -> list[int]:
    """ "no press conference had been called", "no deal was reached": a subject under "no"
    is itself what the clause negates, beside the predicate (so "Cuba scheduled a news
    conference" elsewhere confirms the denial)."""
    return [c.i for c in root.children
            if c.dep_ in {"nsubj", "nsubjpass"} and c.pos_ in {"NOUN", "PROPN"} and c.lower_ != "one"
            and any(d.dep_ == "det" and d.lower_ == "no" for d in c.children)]


# Negated clauses that reject nothing, one check each (any one keeps the clause from denying).

def _negated_hedge(root: Token, lex) -> bool:
    """ "not likely" is a hedge; "not sure", "don't know", "not clear" are uncertainty; "not
    out of the realm of possibility" (litotes) says only that it may be."""
    return root.lemma_.lower() in lex.hedge_words or root.lemma_.lower() in lex.negated_hedges or any(
        c.dep_ in {"acomp", "attr", "xcomp"} and c.lemma_.lower() in lex.negated_hedges
        or c.dep_ == "prep" and c.lower_ in {"out", "beyond", "outside"}
        and any(g.lemma_.lower() in {"realm", "question"} for g in c.subtree)
        for c in root.children
    )


def _conditional(root: Token, lex) -> bool:
    """ "would not return until ...", "will not give it without the money": a condition."""
    return any(
        c.dep_ in {"advcl", "prep"} and any(g.lower_ in lex.condition_words for g in [c, *c.children])
        for c in root.children
    )


def _advice_or_order(root: Token, lex) -> bool:
    """ "we shouldn't think about ...", "they cannot eat at their desks": advice, rules and
    abilities, not rejections; "Don't say that!" (no subject): an order."""
    if any(c.dep_ == "aux" and c.lemma_.lower() in lex.advice_modals for c in root.children):
        return True
    return root.tag_ == "VB" and not any(c.dep_ in {"nsubj", "nsubjpass", "expl"} for c in root.children)


def _attitude(root: Token, lex) -> bool:
    """ "she does not blame him", "we don't mind": an attitude, not a rejection; "I can't
    think of a better name", "we can't wait": a negated ability to think, imagine, wait."""
    lemma = root.lemma_.lower()
    return lemma in lex.attitude_verbs or lemma in lex.cannot_idioms and any(
        c.dep_ == "aux" and c.lemma_.lower() == "can" for c in root.children
    )


def _correction(root: Token, lex) -> bool:
    """ "it's not X, but (it's) Y": a correction. A "But" that opens the sentence links it
    to the one before ("But she is not a teacher, and he is a student") and corrects nothing."""
    return any(c.dep_ == "conj" and not _has_neg(c) for c in root.children) and any(
        c.dep_ == "cc" and c.lower_ == "but" and c.i > root.i for c in root.children
    )


def _negated_discredit(root: Token, lex) -> bool:
    """A negated discredit predicate ("not false") supports the claim."""
    return any(c.dep_ in {"acomp", "attr"} and c.lemma_.lower() in lex.discredit for c in root.children)


def _hedged_negation(root: Token, lex) -> bool:
    """ "may not have been Boko Haram", "perhaps he is not in total control": a hedged
    negation is a hedge (a modal or a hedging adverb on the negated clause)."""
    return any((c.dep_ == "aux" and c.lower_ in lex.hedge_modals)
               or (c.dep_ == "advmod" and c.lower_ in lex.hedge_words) for c in root.children)


def _not_yet(root: Token, lex) -> bool:
    """ "isn't on board just yet" rejects nothing; "no longer", "doesn't need it anymore"
    and "not any longer" are a change of state."""
    if any(c.lower_ in _NOT_YET_WORDS for c in root.children) or any(
            g.lower_ in _NOT_YET_WORDS for c in root.children if c.dep_ in _PRED_DEPS for g in c.children):
        return True
    return any(c.lower_ in {"longer", "more"} and any(g.lower_ in {"no", "any"} for g in c.children)
               for c in root.children)


#: "not ... yet" (not so far) and "not ... anymore" (what held before holds no more): a
#: point in time or a change of state, not a rejection
_NOT_YET_WORDS = {"yet", "anymore"}


_WIDENING = {"only", "just", "merely", "simply", "alone"}
_FIRSTS = {"only", "first", "last"}


def _widening(root: Token, lex) -> bool:
    """ "it was not the only time", "not just a rumour", "this isn't the first time": the
    negation widens what is said, it rejects nothing."""
    doc = root.doc
    for c in root.children:
        if c.dep_ != "neg" or c.i + 1 >= len(doc):
            continue
        nxt = doc[c.i + 1]
        if nxt.lower_ in _WIDENING:
            return True
        if nxt.lower_ in {"the", "a"} and c.i + 2 < len(doc) and doc[c.i + 2].lower_ in _FIRSTS:
            return True
    return False


def _emphatic(root: Token, lex) -> bool:
    """ "they're not even going to remember the women", "he didn't even need to audition":
    "not even" stresses how far a statement goes; it rejects nothing that was claimed."""
    doc = root.doc
    return any(c.dep_ == "neg" and c.i + 1 < len(doc) and doc[c.i + 1].lower_ == "even"
               for c in root.children)


_NOT_REJECTIONS = (_negated_hedge, _conditional, _advice_or_order, _attitude, _correction,
                   _negated_discredit, _hedged_negation, _not_yet, _widening, _emphatic)


def _has_neg(tok: Token) -> bool:
    return any(_is_neg(c) for c in tok.children)


def _negators(root: Token) -> list[Token]:
    """The root's own "not" / "n't" / "never", also one the parser hung on the complement
    of a copula ('is not "cloistered"': "not" under "cloistered")."""
    own = [c for c in root.children if _is_neg(c) or c.lower_ == "never" and c.dep_ == "advmod"]
    if own or root.lemma_.lower() != "be":
        return own
    return [n for c in root.children if c.dep_ in {"acomp", "attr"} and c.i > root.i
            for n in c.children if _is_neg(n) and root.i < n.i < c.i]


def _is_neg(tok: Token) -> bool:
    """A negation, also the "n’t" (curly apostrophe) the parser sometimes files as
    punctuation ("but it wasn’t true")."""
    return tok.dep_ == "neg" or tok.lower_ in {"n't", "n’t"}


def _discredits(root: Token, lex) -> bool:
    return _discredited(root, lex) or any(_discredited(c, lex) for c in _believed(root))


def _believed(root: Token) -> list[Token]:
    """Clauses a belief verb of the claim puts forward: "I think this is a hoax" commits its
    speaker to "this is a hoax"."""
    if root.lemma_.lower() not in lexicons.cues().negated_belief or _has_neg(root):
        return []
    return [c for c in root.children if c.dep_ == "ccomp"]


def _astonished(cue: Token) -> bool:
    """ "he couldn't believe he was so generous", "I can't believe it": amazement that
    grants the clause, not a denial of it."""
    return any(c.dep_ == "aux" and c.lower_ in {"could", "can", "ca"} for c in cue.children)


def _fabricated_modifier(root: Token, lex) -> bool:
    """ "a shore crab, cleverly photoshopped onto a satellite image", "they posted a
    doctored photo": a fabrication participle in a clause about a picture, a video or a
    document (the parser tags the participle anything from VBN to NNP)."""
    toks = list(root.subtree)
    things = lex.fabricated_things
    if not any(t.lemma_.lower() in things or t.lower_ in things for t in toks):
        return False
    return any(t.i != root.i and t.lower_.endswith("ed") and t.lower_ in lex.fabrication_verbs
               and not _has_neg(t) and not _has_neg(t.head) for t in toks)


def _understated(root: Token, lex) -> bool:
    """ "A hoax is an understatement": calling a discredit too mild endorses it."""
    if root.lemma_.lower() != "be" or not any(
            c.dep_ == "attr" and c.lemma_.lower() == "understatement" for c in root.children):
        return False
    return any(c.dep_ == "nsubj" and (c.lemma_.lower() in lex.discredit or c.lower_ in lex.discredit)
               for c in root.children)


def _fabricated(root: Token, lex) -> bool:
    """ "the photo was photoshopped", "the story was made up": a passive fabrication verb
    with a subject says the thing is not genuine, unless negated or hedged."""
    verb = root.lemma_.lower()
    if any(c.dep_ == "prt" for c in root.children):
        verb += " " + " ".join(c.lower_ for c in root.children if c.dep_ == "prt")
    if verb not in lex.fabrication_verbs and root.lower_ not in lex.fabrication_verbs:
        return False
    deps = {c.dep_ for c in root.children}
    if "nsubjpass" not in deps or "neg" in deps:
        return False
    if verb == "make up":
        # "his mind is made up" decides; "the story was made up" fabricates
        nouns = lexicons.cues().claim_nouns | lex.fabricated_things
        if not any(c.dep_ == "nsubjpass" and (c.lemma_.lower() in nouns or c.lower_ in nouns)
                   for c in root.children):
            return False
    return not any(c.dep_ == "aux" and c.lower_ in lex.hedge_modals for c in root.children)


#: sentence adverbs that make a statement a wish
_WISHING = frozenset({"hopefully", "ideally"})


def _nothing_to_it(root: Token) -> bool:
    """ "There is nothing to the report", "there is absolutely nothing new on that": an
    existential "nothing" that is new, true or "to" something rejects it; "there is
    nothing we can do" does not."""
    if root.lemma_.lower() != "be" or not any(c.dep_ == "expl" for c in root.children):
        return False
    return any(c.dep_ == "attr" and c.lower_ == "nothing" and any(
        g.lower_ in {"new", "true", "imminent"} and g.dep_ == "amod"
        or g.dep_ == "prep" and g.lower_ == "to" for g in c.children) for c in root.children)


def _keeps_open(root: Token) -> bool:
    """ "The prime minister was not ruling anything out": a negated "rule out" keeps a
    possibility open, it hedges; "we have ruled out any case" still rejects."""
    return (root.lemma_.lower() == "rule"
            and any(c.dep_ == "prt" and c.lower_ == "out" for c in root.children)
            and _has_neg(root))


#: verbs of looking for something: "we see no potential threat", "police found no sign of
#: a struggle" report that what was looked for is not there
_SEARCH_VERBS = frozenset({"see", "find", "detect", "spot", "notice", "observe", "uncover"})


def _found_nothing(root: Token, lex) -> bool:
    """ "we see no potential threat", "investigators found no trace of it" (deny) vs "I see
    no reason to worry" (an idiom: ``existential_idioms``)."""
    if root.lemma_.lower() not in _SEARCH_VERBS or _has_neg(root):
        return False
    return any(c.dep_ == "dobj" and any(d.lower_ == "no" and d.dep_ == "det" for d in c.children)
               and c.tag_ != "VBG"
               and not _idiom(c, lex) for c in root.children)


def _idiom(noun: Token, lex) -> bool:
    """ "no chance", "no way", "no reason": emphatic, not a rejection (``existential_idioms``)."""
    return noun.lemma_.lower() in lex.existential_idioms or noun.lower_ in lex.existential_idioms


def _existential_denial(root: Token, lex) -> bool:
    """ "there is no coordination" (deny) vs "there is no chance" (idiom)."""
    if _found_nothing(root, lex):
        return True
    if root.lemma_.lower() not in {"be", "have", "exist"}:
        return False
    if any(c.lower_ in _WISHING for c in root.children):
        return False  # "Hopefully there will be no damage": a wish, not a denial
    if _advice_or_order(root, lex):
        return False  # "No mother should have to fear ...", "there can be no doubt": a norm
    if _nothing_to_it(root):
        return True
    for c in root.children:
        if c.dep_ in {"attr", "nsubj", "dobj"} and any(
            d.lower_ == "no" and d.dep_ == "det" for d in c.children
        ):
            if c.tag_ == "VBG":
                return False  # "there is no going back", "no stopping them": idioms
            if any(a.dep_ == "amod" and a.tag_ in {"JJR", "JJS"} for a in c.children):
                return False  # "there's no better feeling", "no greater honour": praise
            if root.lemma_.lower() == "have" and c.dep_ == "dobj":
                # "we have no plans / no record of it" rejects; "he has no weapon" describes
                return c.lemma_.lower() in lex.held_denials or c.lower_ in lex.held_denials
            return not _idiom(c, lex)
    return False


_CLAUSE_DEPS = {"ccomp", "advcl", "relcl", "acl", "xcomp", "csubj", "parataxis"}


def _clause_head(tok: Token) -> Token:
    """The verb/aux heading the clause ``tok`` belongs to."""
    cur = tok
    for _ in range(8):
        if cur.pos_ in {"VERB", "AUX"} or cur.dep_ in _CLAUSE_DEPS or cur.head.i == cur.i:
            return cur
        cur = cur.head
    return cur


@lru_cache(maxsize=1)
def _statement_verbs() -> frozenset[str]:
    """Verbs whose clause is a statement ("to say that ...", "to think that ...")."""
    cues = lexicons.cues()
    return cues.all_verbs | cues.negated_belief


def _judges_an_action(root: Token) -> bool:
    """ "For the police to set up a task force is ridiculous", "it was wrong for him to
    go": the predicate judges a deed (a clause subject that is no statement), it
    discredits no claim. "To say that he quit is false", "calling him a spy is absurd"
    and "it is absurd to think that ..." still judge a statement."""
    speech = _statement_verbs()
    expletive = any(c.dep_ == "nsubj" and c.lower_ == "it" for c in root.children)
    for c in root.children:
        infinitive = any(a.dep_ == "aux" and a.lower_ == "to" for a in c.children)
        clause_subject = c.dep_ == "csubj" or expletive and infinitive and c.dep_ in {"advcl", "xcomp"}
        if clause_subject and c.lemma_.lower() not in speech:
            return True
    return False


def _moral_right(t: Token, root: Token) -> bool:
    """ "This isn't right" (of a deed) is a complaint; "the rumor is not right" rejects a
    statement: "right" discredits only a noun that names a statement (not "this", "it")."""
    if t.lower_ != "right":
        return False
    nouns = lexicons.cues().claim_nouns
    return not any(c.dep_ == "nsubj" and c.pos_ in {"NOUN", "PROPN"}
                   and (c.lemma_.lower() in nouns or c.lower_ in nouns) for c in root.children)


def _called_one(t: Token, lex) -> bool:
    """ "this is a disgusting rumor": a discrediting label as the predicate noun after "a"."""
    return (t.lower_ in lex.discredit_labels and t.dep_ == "attr"
            and any(d.dep_ == "det" and d.lower_ in {"a", "an"} for d in t.children))


def _discredited(root: Token, lex) -> bool:
    """A discrediting predicate in this clause: "these claims are (completely) false"; not
    under a hedging modal or adverb ("this may be a hoax", "reports of turmoil are probably
    exaggerated" do not commit)."""
    if any(c.dep_ == "aux" and c.lower_ in lex.hedge_modals
           or c.dep_ == "advmod" and c.lower_ in lex.hedge_words for c in root.children):
        return False
    if _judges_an_action(root):
        return False
    if any(c.dep_ == "expl" for c in root.children):
        return False  # "there was speculation that ...", "there are rumours": reports them
    for t in root.subtree:
        lem = t.lemma_.lower()
        is_bad = lem in lex.discredit or t.lower_ in lex.discredit or _called_one(t, lex)
        is_truth = lem in lex.positive_truth and t.pos_ == "ADJ" and not _moral_right(t, root)
        if not (is_bad or is_truth) or t.i == root.i and root.pos_ == "VERB":
            continue
        if _clause_head(t).i != root.i:
            continue
        # only predicates: "the fabrication was known" does not discredit anything
        # "false alarms" describes alarms; "a false report" discredits a statement
        nouns = lexicons.cues().claim_nouns
        if t.dep_ == "amod" and t.head.lemma_.lower() not in nouns and t.head.lower_ not in nouns:
            continue
        cur, in_arg = t, False
        while cur.i != root.i and cur.head.i != cur.i:
            if cur.dep_ in {"nsubj", "nsubjpass", "csubj", "poss", "compound", "pobj", "dobj", "npadvmod"}:
                in_arg = True
                break
            cur = cur.head
        if in_arg:
            continue
        negated = (
            _has_neg(t)
            or _negated(root, lex)  # "not", "never", or a negative subject: "none of it is true"
            or any(c.lower_ == "not" for c in t.children)
            or (t.i > 0 and t.doc[t.i - 1].lower_ in {"not", "n't"})
        )
        if is_bad and not negated:
            return True
        if is_truth and negated:
            return True
    return False


#: why a claim got its polarity; ``weak_negation`` is a provisional denial (see
#: :func:`_clause_negated`) that the extractor confirms or turns into ``affirm``
BASES = ("cue", "discredit", "existential", "phrase", "negation", "weak_negation", "nonconfirm",
         "hedge", "question", "none", "follows_denial")


@dataclass(frozen=True)
class Reading:
    """A claim's polarity, why (one of :data:`BASES`), and for a provisional denial by
    negation the token indices of the negated predicates (what must be asserted elsewhere)."""

    polarity: str
    basis: str
    negated: tuple[int, ...] = ()
    #: what a provisional denial by negation becomes when nothing it negates is said
    #: elsewhere: a plain statement, hedged ("... is likely to ...") or not
    unconfirmed: str = "affirm"


def _speaker_unaware(toks: list[Token]) -> bool:
    """ "We are not aware of any such plan" / "he was not aware of it" (the speaker, or a
    pronoun for them) denies; "the boys were unaware of the danger" narrates."""
    for t in toks:
        if t.lemma_.lower() in {"aware", "unaware"}:
            head = t.head if t.dep_ in {"acomp", "attr"} else t
            subj = next((c for c in head.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            return subj is None or subj.pos_ == "PRON"
    return False


def _is_question(toks: list[Token]) -> bool:
    words = [t for t in toks if not t.is_space]
    return bool(words) and words[-1].text == "?" or (len(words) > 1 and words[-2].text == "?")


def _plain(toks: list[Token]) -> str:
    """The tokens' text as written, lower case, straight apostrophes, single spaces (what
    the lexicon's phrases are matched against: "can't confirm", "no truth")."""
    if not toks:
        return ""
    # the cached view's text: ``Doc.text`` re-joins the whole article on every access
    text = view(toks[0].doc).text[toks[0].idx: toks[-1].idx + len(toks[-1].text)]
    text = text.lower().replace("’", "'")
    for mark in ('"', "“", "”"):  # 'not immediately "in a position to' reads as written
        text = text.replace(mark, " ")
    return " ".join(text.split())


def _but_after_assertion(root: Token, lex) -> bool:
    """ "This island was owned by Tiger Woods, but he doesn't need an island anymore": a
    negated "but" conjunct after a plain statement qualifies it; it denies nothing."""
    if root.dep_ != "conj":
        return False
    head = root.head
    return (any(c.dep_ == "cc" and c.lower_ in {"but", "yet"} and c.i < root.i for c in head.children)
            and not _negated(head, lex))


def _sentence_polarity(toks: list[Token], lex) -> Reading:
    text = _plain(toks)
    # "declined to confirm or deny", "not in a position to confirm": a non-answer, never a
    # denial, whatever negation it contains
    if any(p in text for p in lex.nonconfirm_phrases):
        return Reading("hedge", "nonconfirm")
    if any(p in text for p in lex.affirm_phrases):
        return Reading("affirm", "phrase")
    roots = _roots(toks)
    # "whether or not they are still searching", "if the deal goes ahead": an open
    # question, not a statement
    if toks and toks[0].lower_ in {"whether", "if"}:
        return Reading("hedge", "question")
    question = _is_question(toks)
    for r in roots:
        # "Is it a fake? Probably not!", "Why did it turn out wrong?": asking whether
        # something is false discredits nothing
        if not question and (_discredits(r, lex) or _fabricated(r, lex)
                             or _fabricated_modifier(r, lex) or _understated(r, lex)):
            return Reading("deny", "discredit")
        if _existential_denial(r, lex) and not question:
            return Reading("deny", "existential")
    if any(_keeps_open(r) for r in roots):
        return Reading("hedge", "hedge")
    negated_preds: list[int] = []
    if not question:
        for r in roots:
            if _but_after_assertion(r, lex):
                continue
            negated = _clause_negated(r, lex)
            if negated == "strong":
                return Reading("deny", "negation")
            if negated == "weak":
                negated_preds += [p.i for p in _predicates(r, lex)] + _denied_subjects(r)
    for t in toks:
        if (
            t.lemma_.lower() in lex.deny_verbs
            and t.pos_ == "VERB"
            and not _has_neg(t)
            and any(c.dep_ == "nsubj" and c.lower_ in {"we", "i"} for c in t.children)
        ):
            return Reading("deny", "phrase")
    phrases = [p for p in lex.deny_phrases if p in text]
    if phrases and not all(p in lex.awareness_phrases and not _speaker_unaware(toks) for p in phrases):
        return Reading("deny", "phrase")
    hedged = _hedged(toks, roots, text, lex)
    if negated_preds:
        return Reading("deny", "weak_negation", tuple(negated_preds),
                       unconfirmed="hedge" if hedged else "affirm")
    if hedged:
        return Reading("hedge", "hedge")
    return Reading("affirm", "question" if question else "none")


def _hedged(toks: list[Token], roots: list[Token], text: str, lex) -> bool:
    """ "may", "could", "likely", "reportedly", "unconfirmed": the statement is hedged."""
    if any(p in text for p in lex.hedge_phrases):
        return True
    if any(c.dep_ == "aux" and c.tag_ == "MD" and c.lower_ in lex.hedge_modals
           for r in roots for c in r.children):
        return True
    return any(t.lower_ in lex.hedge_words for t in toks)


def claim_polarity(
    doc: Doc, start: int, end: int, cue_class: str, kind: str, cue: Token | None = None
) -> Reading:
    """Polarity of the claim whose content is ``doc.text[start:end]``, and its basis (one
    of :data:`BASES`). ``cue`` is the reporting verb's token when there is one: a negated
    denial cue ("does not dispute", "did not deny") denies nothing."""
    lex = lexicons.polarity()
    toks = [t for t in view(doc).between(start, end) if not t.is_space]
    if cue_class == "deny" or (cue_class == "evaluate" and kind == "indirect"):
        if cue is not None and (_has_neg(cue) or any(c.lower_ == "never" for c in cue.children)):
            return Reading("affirm", "cue")
        if cue is not None and _nonconfirming_cue(cue, lex):
            return Reading("hedge", "nonconfirm")
        return Reading("deny", "cue")
    if (cue is not None and _has_neg(cue) and cue.lemma_.lower() in lexicons.cues().negated_belief
            and not _astonished(cue)):
        return Reading("deny", "negation")  # "did not think that the crab was ..."
    if not toks:
        return Reading("affirm", "none")
    sents = _sentences(doc, toks)
    first = _sentence_polarity(sents[0], lex)
    if first.basis == "weak_negation" and cue is not None and (
            cue.lemma_.lower() in lexicons.cues().rebuttal):
        first = Reading("deny", "negation")  # "insisted the league is not engaged in ..."
    if first.basis == "weak_negation" and cue is not None and (
            cue.lemma_.lower() in lexicons.cues().concession):
        first = Reading("affirm", "none")  # "admitted he hadn't done any work"
    if first.basis in {"negation", "weak_negation", "existential"} and cue is not None and (
            cue.lemma_.lower() in lexicons.cues().commitment):
        return Reading("affirm", "none")  # "vowed there will be no safe haven": a resolve
    if first.polarity == "deny" and first.basis != "weak_negation" or first.basis == "nonconfirm":
        return first
    # explicit denial wording anywhere in the claim
    whole = _plain(toks)
    strong = [p for p in lex.deny_phrases if p != "no such"
              and (p not in lex.awareness_phrases or _speaker_unaware(toks))]
    if any(p in whole for p in strong) and not any(p in whole for p in lex.nonconfirm_phrases):
        return Reading("deny", "phrase")
    for s in sents[1:]:
        if _is_question(s):
            continue
        for r in _roots(s):
            if _discredits(r, lex):
                return Reading("deny", "discredit")
    if first.polarity == "deny":
        if cue_class == "hedge":  # "suggested the boy was not ...": hedged if unconfirmed
            return replace(first, unconfirmed="hedge")
        return first
    if first.polarity == "hedge" or cue_class == "hedge":
        return Reading("hedge", "hedge")
    return Reading("affirm", first.basis)


def _nonconfirming_cue(cue: Token, lex) -> bool:
    """ "declined to confirm or deny", "refused to confirm or deny": the denial verb is only
    half of a non-answer."""
    window = _plain(list(cue.doc[max(0, cue.i - 4): cue.i + 4]))
    return any(p in window for p in lex.nonconfirm_phrases)
