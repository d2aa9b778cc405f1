"""The grammar of a report: which tokens are cue verbs, who their speaker is (the
subject, a passive agent, the one "quoted as saying"), and which clause is their content."""

from __future__ import annotations

from spacy.tokens import Token

from streams.nlp import lexicons
from streams.nlp.lexicons import Cues

#: subject pronouns that never name a speaker ("this shows", "that means")
_EMPTY_SUBJECTS = {"this", "that", "these", "those", "there", "what", "which"}
#: "it" speaks only as the subject of a main clause ("..., it said"); under another cue
#: ("Apple said it expects ...") it is part of what is reported
_MAIN_CLAUSE = {"ROOT", "parataxis"}
#: how a cue hangs from the clause whose subject speaks for it ("..., adding ...")
_UP_TO_SPEAKER = {"conj", "advcl", "xcomp", "acl", "relcl", "dobj", "pcomp", "prep"}


class CueGrammar:
    """Cue verbs of ``cues.yaml`` and the syntax around them (built once per process)."""

    def __init__(self, cues: Cues) -> None:
        self.cues = cues
        self.verbs = cues.all_verbs

    def is_cue(self, tok: Token) -> bool:
        return (tok.lemma_.lower() in self.verbs or self.phrasal_denial(tok)) and (
            tok.pos_ in {"VERB", "AUX"} and tok.tag_ != "MD") and not _no_speech(tok)

    def cue_class(self, cue: Token) -> str:
        return self.cues.cue_class(cue.lemma_.lower()) or (
            "deny" if self.phrasal_denial(cue) else "say")

    def phrasal_denial(self, tok: Token) -> Token | None:
        """The particle (or idiom object) that makes ``tok`` a phrasal rejection: "shot
        *down* rumours", "laughed *off* reports", "poured cold *water* on claims" -- only
        with a statement noun to reject ("pushed him back into the car" is no report)."""
        words = self.cues.phrasal_deny.get(tok.lemma_.lower())
        if not words:
            return None
        idiom = next((c for c in tok.children if c.dep_ in {"prt", "dobj", "advmod"}
                      and c.lemma_.lower() in words), None)
        if idiom is None or not any(self.statement_noun(o) for o in rejected_objects(tok, idiom)):
            return None
        return idiom

    def statement_noun(self, tok: Token) -> bool:
        """ "claims", "reports", "rumours" ... or, as what is rejected, "talk"."""
        lemma = tok.lemma_.lower()
        return (lemma in self.cues.claim_nouns or tok.lower_ in self.cues.claim_nouns
                or lemma in self.cues.hearsay_nouns)

    def subject_of(self, tok: Token, in_quote: list[bool] | None) -> Token | None:
        """The speaker's head for a cue: its subject (outside quotes, before the cue
        preferred), a passive agent, or the subject of the clause it hangs from
        ("..., adding ...", "he had this to say")."""
        quoted = _quoted_as_saying(tok)
        if quoted is not None:
            return quoted
        if self._speaking_participle(tok):
            return tok.head  # "..., with a spokesman saying the claims were false"
        issuer = self.issuer_of(tok)
        if issuer is not None:
            return self.subject_of(issuer, in_quote)
        if self._report_participle(tok):
            return _report_source(tok.head)  # "denied reports claiming ...": not the denier's
        reporter = reporter_of_participle(tok)
        if reporter is not None and not (in_quote and in_quote[tok.i] != in_quote[reporter.i]):
            return self.subject_of(reporter, in_quote)
        cur = tok
        for _ in range(5):
            if cur.dep_ == "relcl" and any(
                c.dep_ == "nsubj" and c.tag_ in {"WP", "WDT"} for c in cur.children
            ):
                return _relative_antecedent(cur)  # "UK banks, which stated ..." -> banks
            subject_deps = {"nsubj", "nsubjpass"} if _contracted_perfect(cur) else {"nsubj"}
            subs = [c for c in cur.children if c.dep_ in subject_deps and c.lower_ not in _EMPTY_SUBJECTS
                    and not (c.lower_ == "it" and cur.dep_ not in _MAIN_CLAUSE)]
            if subs:
                subs.sort(key=lambda c: (bool(in_quote and in_quote[c.i]), c.i > cur.i, abs(c.i - cur.i)))
                c = subs[0]
                if c.tag_ in {"WP", "WDT"} and cur.dep_ == "relcl":
                    return cur.head  # "Olsen, who said ..." -> Olsen
                return self._reporting_group(cur, c) or c
            agent = _passive_agent(cur)
            if agent is not None:
                return agent
            if cur is tok and any(c.dep_ == "auxpass" for c in cur.children) and not _contracted_perfect(cur):
                return None  # "applied for parole but was denied release": Manson denies nothing
            if cur.dep_ in _UP_TO_SPEAKER and cur.head.i != cur.i:
                adjunct = cur is tok and tok.dep_ == "advcl" and tok.tag_ == "VBG"
                cur = cur.head
                if adjunct and self._reported_clause(cur):
                    cur = cur.head  # past the reported claim to whoever handles it
                continue
            return None
        return None

    def _reporting_group(self, cue: Token, subject: Token) -> Token | None:
        """ "Fuentes and Klinger both said that they initially felt the recording was a
        hoax": "they" heading a clause that a group or several names report is them (the
        subject of the reporting verb); None otherwise."""
        if subject.lower_ != "they" or cue.dep_ != "ccomp" or not self.is_cue(cue.head):
            return None
        outer = next((c for c in cue.head.children if c.dep_ == "nsubj" and c.i < cue.i), None)
        if outer is None or not (outer.tag_ in {"NNS", "NNPS"} or any(
                c.dep_ == "conj" for c in outer.children)):
            return None
        return outer

    def issuer_of(self, tok: Token) -> Token | None:
        """The issuing verb when a cue speaks for a piece that someone put out: "X ran an
        article saying ...", "X published a story which stated that ...", "X printed a
        story alleging ...". The piece has no voice of its own; its publisher speaks."""
        if tok.dep_ == "acl" and tok.tag_ == "VBG":
            if any(c.dep_ == "nsubj" for c in tok.children):
                return None
        elif not (tok.dep_ == "relcl" and any(c.dep_ == "nsubj" and c.tag_ in {"WP", "WDT"}
                                              for c in tok.children)):
            return None
        piece = tok.head
        if piece.i > tok.i or not self.issued_piece(piece):
            return None
        return piece.head

    def issued_piece(self, tok: Token) -> bool:
        """Is ``tok`` a document or statement noun that is the object of a verb putting it
        out ("released a statement", "ran an article", "published stories")?"""
        lemma = tok.lemma_.lower()
        return (tok.dep_ == "dobj" and tok.head.lemma_.lower() in ISSUING_VERBS
                and (lemma in self.cues.document_nouns or self.statement_noun(tok)))

    def _reported_clause(self, tok: Token) -> bool:
        """Is ``tok`` the clause of a statement noun ("claims that a giant crab is living
        ...")? A cue in -ing the parser hangs on it ("- insisting the image is a hoax")
        belongs to whoever handles the claims, not to the claim's own subject (the crab)."""
        return (tok.dep_ in {"acl", "ccomp", "relcl"} and tok.head.i < tok.i
                and tok.head.pos_ == "NOUN" and self.statement_noun(tok.head))

    def _speaking_participle(self, tok: Token) -> bool:
        """A cue in -ing modifying a noun speaks for that noun ("with an official denying she
        was his wife", "a spokesman saying ..."), unless the noun is itself a statement
        ("a report saying ...": whose report it is is said elsewhere) or the participle has a
        subject of its own ("the set of Dawn of Justice, with spokesman Woody saying ...")."""
        head = tok.head
        return (tok.dep_ == "acl" and tok.tag_ == "VBG" and head.i < tok.i
                and head.pos_ in {"NOUN", "PROPN"}
                and not any(c.dep_ == "nsubj" for c in tok.children)  # "... with X saying"
                and head.lemma_.lower() not in self.cues.claim_nouns
                and head.lower_ not in self.cues.claim_nouns
                and not self.issued_piece(head))  # "ran an article saying": the publisher's

    def _report_participle(self, tok: Token) -> bool:
        """A cue in -ing modifying a statement noun: "reports claiming they conducted a
        biopsy", "rumours suggesting ...". The statement speaks, not whoever handles it."""
        head = tok.head
        return (tok.dep_ == "acl" and tok.tag_ == "VBG" and head.i < tok.i
                and not any(c.dep_ == "nsubj" for c in tok.children)
                and (head.lemma_.lower() in self.cues.claim_nouns or head.lower_ in self.cues.claim_nouns)
                # "Cameron released a statement saying ...": the issuer's own statement
                and not self.issued_piece(head))

    def content_child(self, tok: Token) -> Token | None:
        """The cue's clausal complement: what was said. Of two, the "that"-clause ("Williams
        has leapt in to save the day — he explained that Seidel wasn't peeing": the parser
        hangs the clause before the dash on the cue too), else the first ("Kim cracked bones
        ..., the paper said, citing a visitor it didn't identify")."""
        comps = [c for c in tok.children if c.dep_ == "ccomp"]
        if len(comps) > 1:
            comps.sort(key=lambda c: not any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children))
        if comps:
            return comps[0]
        return self._misparsed_complement(tok) or _raised_clause(tok) or _stranded_clause(tok)

    def _misparsed_complement(self, tok: Token) -> Token | None:
        """The that-clause the parser hangs on the hearer as a relative clause: in "Kadalim
        told the site that Lin arrived in the same car" "that" opens the statement, since
        the clause has a subject of its own and "that" is not it."""
        if tok.lemma_.lower() not in self.cues.hearer_verbs:
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


#: verbs by which a speaker puts out a statement of their own ("released a statement:")
ISSUING_VERBS = frozenset({"release", "issue", "post", "publish", "send", "give", "share", "make",
                           "deliver", "read", "write", "sign", "file", "put",
                           # what outlets do with a story: "ran / printed / aired / carried a report"
                           "run", "print", "air", "carry", "broadcast"})


def _report_source(report: Token) -> Token | None:
    """Who a statement noun names as its source ("a report by CNN claiming ...", "reports
    in the Sun saying ..."): a proper name after "by"/"in"/"from"; None when it names nobody."""
    for prep in report.children:
        if prep.dep_ == "prep" and prep.lower_ in {"by", "in", "from"}:
            for obj in prep.children:
                if obj.dep_ == "pobj" and obj.pos_ == "PROPN":
                    return obj
    return None


#: a cue with one of these children already has what it said (or is not a report)
_OWN_COMPLEMENTS = frozenset({"ccomp", "xcomp", "dobj", "attr", "acomp", "advcl", "prt", "dative"})


def _no_speech(tok: Token) -> bool:
    """Cue verbs in a use that reports nothing: "saying no to Quebec City" (refusing),
    "arrived at the compound to find Mr Somers was not there" (a discovery, not a finding
    anyone announced)."""
    lemma = tok.lemma_.lower()
    doc = tok.doc
    if lemma == "say" and tok.i + 2 < len(doc) and doc[tok.i + 1].lower_ in {"no", "yes"} \
            and doc[tok.i + 2].lower_ == "to":
        return True
    return lemma == "find" and tok.dep_ in {"advcl", "xcomp"} and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in tok.children)


def raised_object(tok: Token) -> tuple[Token, Token] | None:
    """ "exposed the story to be a hoax", "found the claims to have been false": the cue's
    object and the "to be" clause right after it say together what was found; (object,
    clause) or None. The parser hangs the clause on the cue, not on the object."""
    for clause in tok.children:
        if clause.dep_ not in {"advcl", "xcomp", "ccomp"} or clause.i < tok.i:
            continue
        to = clause.left_edge
        if to.lower_ != "to" or to.dep_ != "aux" or not any(
                t.lemma_ == "be" for t in clause.doc[to.i + 1: clause.i + 1]):
            continue
        # "revealing himself to be The Joker" is a deed, not a finding
        obj = next((o for o in tok.children if o.dep_ == "dobj" and o.right_edge.i + 1 == to.i
                    and not o.lower_.endswith(("self", "selves"))), None)
        if obj is not None:
            return obj, clause
    return None


def _raised_clause(tok: Token) -> Token | None:
    pair = raised_object(tok)
    return pair[1] if pair is not None else None


def _stranded_clause(tok: Token) -> Token | None:
    """ "..., with an Iraqi official denying on Wednesday she was al-Baghdadi's wife": the
    parser hangs the reported clause on a noun earlier in the sentence, so the cue has no
    complement of its own. A finite clause whose subject starts right after the cue's own
    words (an optional "that" between) is then what the cue reports."""
    if any(c.dep_ in _OWN_COMPLEMENTS for c in tok.children):
        return None
    doc = tok.doc
    j = tok.right_edge.i + 1
    if j < len(doc) and doc[j].lower_ == "that":
        j += 1
    if j >= len(doc) or doc[j].dep_ not in {"nsubj", "nsubjpass"}:
        return None
    verb = doc[j].head
    finite = verb.tag_ in {"VBD", "VBZ", "VBP"} or any(
        c.dep_ in {"aux", "auxpass"} and c.tag_ in {"MD", "VBD", "VBZ", "VBP"} for c in verb.children)
    if (verb.i <= j or not finite or verb.sent.start != tok.sent.start
            or verb.i == tok.i or verb in tok.ancestors):
        return None
    return verb


#: cues whose speaker also does what a participle after their reported clause does
_SPEAKING_FRAMES = frozenset({"say", "tell", "confirm", "state", "announce", "explain",
                              # "The company denied that the plant would close, saying ..."
                              "deny", "insist", "reject", "dismiss", "refute"})


def _contracted_perfect(tok: Token) -> bool:
    """ "He's also said he plans to build more factories": the parser reads "'s said" as
    the passive "is said"; with a reported clause of its own subject it is "has said", and
    its subject speaks. "He is said to be ill" (hearsay) keeps no speaker."""
    return (any(c.dep_ == "auxpass" and c.lower_ in {"'s", "’s"} for c in tok.children)
            and not any(c.lower_ == "been" for c in tok.children)  # "he's been told that"
            and any(c.dep_ == "ccomp" and any(g.dep_ in {"nsubj", "nsubjpass"} for g in c.children)
                    for c in tok.children))


def reporter_of_participle(tok: Token) -> Token | None:
    """ "An official said the wife had been travelling with a daughter, contradicting
    reports that it was his son": a participle cue after a reported clause is the reporting
    speaker's act, not the act of the reported clause's subject ("Sorkin confirmed that Bale
    would play Jobs, saying the actor didn't need to audition"). Only for speaking verbs: an
    outlet that "reported X was leaving, saying ..." narrates what X said, and "we're told
    that X sent a memo, telling ..." has no reporting speaker to take over."""
    clause = tok.head
    if (tok.dep_ != "advcl" or tok.tag_ != "VBG" or clause.i > tok.i or clause.dep_ != "ccomp"
            or any(c.dep_ in {"nsubj", "nsubjpass"} for c in tok.children)):
        return None
    cue = clause.head
    if any(c.dep_ in {"nsubjpass", "auxpass"} for c in cue.children):
        return None
    return cue if cue.lemma_.lower() in _SPEAKING_FRAMES and cue.pos_ in {"VERB", "AUX"} else None


def _passive_agent(tok: Token) -> Token | None:
    """ "... was denied by X": the object of the passive agent."""
    for c in tok.children:
        if c.dep_ == "agent":
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    return None


def _hearer_like(tok: Token) -> bool:
    """Someone told something: a name, a pronoun or a person/outlet noun ("told the site
    that ..."), not a thing ("told the story that she had heard")."""
    if tok.pos_ in {"PROPN", "PRON"} or tok.ent_type_ in {"PERSON", "ORG", "NORP", "GPE"}:
        return True
    roles = lexicons.roles()
    lemma = tok.lemma_.lower()
    return lemma in roles.person_roles or lemma in roles.publication_roles or lemma in roles.source_nouns


#: verbs that relay someone else's words: "X quoted / cited / reported Y as saying ..."
_RELAYING = frozenset({"quote", "cite", "report"})


def _relative_antecedent(clause: Token) -> Token:
    """What a "which"/"who" clause is about: the token it hangs on, unless an organisation
    named right before the comma stands between ("classified as a kidnapping by the FBI,
    which stated ...": the parser hangs the clause on "kidnapping")."""
    pronoun = clause.left_edge
    k = pronoun.i - 1
    doc = clause.doc
    if k > 0 and doc[k].text == ",":
        k -= 1
    near = doc[k]
    if (k > clause.head.i and pronoun.tag_ == "WDT" and near.ent_type_ in {"ORG", "NORP", "GPE"}
            and near.pos_ == "PROPN"):
        return near
    return clause.head


def _quoted_as_saying(tok: Token) -> Token | None:
    """In "TVA Sports quoted Daly as saying ..." (or "AFP reported Shekau as saying") the
    speaker is the one quoted, not the outlet quoting him: whether the cue found is "saying"
    or the relaying verb itself (a direct quote before "..., AFP reported Shekau as saying")."""
    relay = tok
    if tok.dep_ == "pcomp" and tok.head.lower_ == "as":
        relay = tok.head.head
    elif not any(c.dep_ == "prep" and c.lower_ == "as" and any(g.dep_ == "pcomp" for g in c.children)
                 for c in tok.children):
        return None
    if relay.lemma_.lower() not in _RELAYING:
        # "ran an article quoting Pope Francis as saying ...": the parser hangs "as saying"
        # on "ran"; the article's participle relays
        relay = next((p for o in relay.children if o.dep_ == "dobj" for p in o.children
                      if p.dep_ == "acl" and p.lemma_.lower() in _RELAYING
                      and any(c.dep_ == "dobj" for c in p.children)), None)
        if relay is None:
            return None
    # "the source was quoted as saying": in the passive the one quoted is the subject
    return next((c for c in relay.children if c.dep_ == "dobj"), None) or next(
        (c for c in relay.children if c.dep_ == "nsubjpass"), None)


def as_clause(tok: Token) -> bool:
    """A reporting clause opened by "as" ("as Gawker points out", "as the paper reported")
    reports the clause it hangs on."""
    return tok.dep_ == "advcl" and tok.head.i != tok.i and any(
        c.dep_ == "mark" and c.lower_ == "as" for c in tok.children) and any(
        c.dep_ == "nsubj" for c in tok.children)  # "as reported by X" is an according-to


def rejected_objects(tok: Token, idiom: Token | None) -> list[Token]:
    """A denial verb's direct objects; for a phrasal rejection (``idiom`` its particle or
    idiom word) also what it is "on" or "against" ("pushed back on reports", "poured cold
    water on claims"), never the idiom word itself ("water")."""
    objs = [c for c in tok.children if c.dep_ == "dobj" and c != idiom]
    if idiom is not None:
        for head in (tok, idiom):
            objs += [o for p in head.children if p.dep_ == "prep" and p.lower_ in {"on", "against"}
                     for o in p.children if o.dep_ == "pobj"]
    return objs
