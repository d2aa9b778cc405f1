"""Speaker mentions to actors: the head of a cue's subject ("Silo", "the general", "a
source close to the group", "he") to the actor it names or refers back to."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from spacy.tokens import Token

from streams.nlp import lexicons
from streams.nlp.actors.coref import Coreference
from streams.nlp.actors.descriptions import Descriptions
from streams.nlp.actors.mentions import MentionIndex
from streams.nlp.actors.model import Actor, Resolution
from streams.nlp.actors.names import ABSTRACT_NOUN, LEADING_DET, hyphen_part, name_words, norm_key, span_text
from streams.nlp.lexicons import slug

_FIRST_PERSON = {"i", "we", "me", "us"}
#: "a statement from X said", "a report by X found", "a report in X revealed": X speaks
_DOCUMENT_SOURCE_PREPS = {"from", "by", "in"}
#: what a resolution step answers when it does not apply to a mention: the next step is
#: tried (None decides that the mention names no speaker)
_NEXT: Literal["next"] = "next"
_Step = Resolution | None | Literal["next"]


@dataclass
class _Mention:
    """A speaker mention being resolved."""

    head: Token
    toks: list[Token]  # the mention's tokens
    appos: list[Token]  # its appositive / description tokens
    text: str  # the mention as written
    lemma: str  # the head's lemma
    group_lemma: str  # the lemma, or the plural as written when that names a group ("forces")
    low: str  # the head, lower case
    determiner: str  # the first token, lower case


class SpeakerResolver(MentionIndex, Coreference, Descriptions):
    """Resolves speaker mentions in document order."""

    def resolve(self, head: Token, pos: int) -> Resolution | None:
        """Resolve the speaker whose syntactic head is ``head`` (at char ``pos``)."""
        head = document_source(head) or named_member(head) or counted_group(head) or head
        noun, named = head, self._named_by(head)
        head = named or head
        low = head.lower_
        if head.pos_ != "PROPN" and (low in self.roles.number_words or head.like_num):
            return None  # "One said ...", "Two of the men said ...": no identifiable speaker
        acronym = head.pos_ == "PROPN" and head.is_upper and len(head.text) > 1  # "US", not "us"
        if low in _FIRST_PERSON and not acronym and not self._in_quote(pos):
            return None  # "I think ...", "we expect ..." outside quotes: the journalist
        if head.pos_ == "PRON" or (low in self.roles.pronouns and not acronym):
            res = self._resolve_pronoun(head, pos)
            if res is not None:
                self._remember(pos, res.actor)
            return res
        res = self._named_organisation(noun, named) if named is not None else None
        if res is None:
            toks, appos = self.mention_tokens(head)
            if not toks:
                return None
            res = self._resolve_mention(head, toks, appos, pos)
        if res is not None:
            self._remember(pos, res.actor)
        return res

    def _named_organisation(self, noun: Token, name: Token) -> Resolution | None:
        """ "a site called iKwiz", "the website RadarOnline.com": an outlet or organisation
        by its name, which later "the site" refers back to (whatever NER makes of the
        name); None for other nouns ("a man named Ali" is resolved as a name)."""
        lemma = noun.lemma_.lower()
        outlet = lemma in self.roles.publication_roles
        if not (outlet or lemma in self.roles.org_heads):
            return None
        run = self._name_run(name) or [name]
        text = span_text(self.doc, run[0].i, run[-1].i + 1)
        actor = self.actor_for_text(text, label="ORG")
        if actor is None:
            return None
        actor.type = "organisation"  # NER may have read "Hip Hop Hangover" as a person
        actor.publication = actor.publication or outlet
        actor.roles.add(lemma)
        return Resolution(actor, "name", text)

    def _resolve_mention(
        self, head: Token, toks: list[Token], appos: list[Token], pos: int
    ) -> Resolution | None:
        """A mention that is no pronoun, by the first step that applies: a name, a known
        actor by its whole mention, a definite role noun referring back, a described
        speaker, any other description of a person."""
        if _DOMAIN.fullmatch(head.text):
            return self._by_domain(head)
        if not self._speaker_like(head, toks):
            return None
        m = self._mention(head, toks, appos)
        name_run = self._name_run(head)
        if name_run is not None and all(self._is_role_word(t) for t in name_run):
            name_run = None  # "The Commissioner of the NHL, Gary Bettman": a capitalised role
        if name_run is not None:
            return self._by_name(m, name_run)
        res = self._by_appositive_name(m)
        if res is not None:
            return res
        for step in (self._by_known_actor, self._by_role_noun, self._by_description):
            found = step(m, pos)
            if found is not _NEXT:
                return found
        return self._by_common_noun(m)

    def _mention(self, head: Token, toks: list[Token], appos: list[Token]) -> _Mention:
        """The mention with its head's lemma and determiner, read once."""
        r = self.roles
        lemma, low = head.lemma_.lower(), head.lower_
        # "rebels", "forces": the plural names the group
        group_lemma = low if low in r.org_heads and lemma not in r.org_heads else lemma
        return _Mention(head, toks, appos, span_text(self.doc, toks[0].i, toks[-1].i + 1), lemma,
                        group_lemma, low, toks[0].lower_ if toks else "")

    def _by_name(self, m: _Mention, name_run: list[Token]) -> Resolution | None:
        """A name: a PROPN run ending at the head (titles stripped), a person or a known
        actor; a role or organisation written before a person's name describes them
        ("Apple spokesman Tom Neumayr", "agent Mark Steinberg")."""
        run_text = span_text(self.doc, name_run[0].i, name_run[-1].i + 1)
        known = self.actor_for_text(run_text) if not self._run_is_person(name_run) else None
        if known is not None and known.type != "person":
            if name_run[-1].i > m.head.i:  # "Department of Homeland Security" is also "the Department"
                known.add_alias(m.head.text)
            return self._as_known(known, m)
        actor = self._person_from_run(name_run) if self._run_is_person(name_run) else None
        if actor is None:
            entry_actor = self.actor_for_text(run_text, label="ORG")
            return self._as_known(entry_actor, m) if entry_actor is not None else None
        pre = [t for t in m.toks if t.i < name_run[0].i and not t.is_punct]
        if pre:
            self._attach_description(actor, pre + [], pre[-1], span_text(self.doc, pre[0].i, pre[-1].i + 1))
            actor.add_alias(m.text)
        self._attach_appos(actor, m.appos)
        return Resolution(actor, "name", m.text)

    def _by_domain(self, head: Token) -> Resolution | None:
        """ "reports noticiasunam.com": a web address names the site that published it."""
        actor = self.actor_for_text(head.text, label="ORG")
        if actor is None:
            return None
        actor.publication = True
        return Resolution(actor, "name", head.text)

    def _named_by(self, head: Token) -> Token | None:
        """The name a common noun is given: "a site called Hip Hop Hangover", "a fake version
        of NBC called NBCToday.co", "the site noticiasunam.com" (an outlet noun with its name
        in apposition). The name speaks, not the noun; None when no name is given."""
        if head.pos_ != "NOUN":
            return None
        for c in head.children:
            if c.i < head.i:
                continue
            if c.dep_ == "acl" and c.lower_ in _NAMING_PARTICIPLES:
                name = next((g for g in c.children if g.dep_ in {"oprd", "dobj", "attr"}), None)
                # a name that goes on past its head ("Kind For Cures") is left as it was
                if name is not None and name.pos_ == "PROPN" and c.right_edge.i == name.i:
                    return name
            if (c.dep_ == "appos" and (c.pos_ == "PROPN" or c.like_url)
                    and head.lemma_.lower() in self.roles.publication_roles
                    and head.lemma_.lower() not in _REPORT_NOUNS):
                return c
        return None

    def _by_appositive_name(self, m: _Mention) -> Resolution | None:
        """A role head with a name in apposition: "The ... spokesman Major General Igor
        Konashenkov" (None: not such a mention)."""
        appos_name = None
        for a_tok in m.appos:
            if a_tok.dep_ == "appos" and a_tok.head == m.head and a_tok.pos_ == "PROPN":
                appos_name = a_tok
        roles = self.roles.person_roles
        if appos_name is None or not (m.low in roles or m.lemma in roles or m.head.pos_ == "NOUN"):
            return None
        run = self._name_run(appos_name)
        if run is None:
            return None
        actor = self._person_from_run(run)
        self._attach_description(actor, m.toks, m.head, m.text)
        app_text = span_text(self.doc, m.appos[0].i, m.appos[-1].i + 1)
        actor.add_alias(app_text)
        return Resolution(actor, "name", app_text)

    def _by_known_actor(self, m: _Mention, pos: int) -> _Step:
        """A known actor by its whole mention ("the Russians", "Kurds", "The Mirror
        newspaper"), unless it is "a/an" source noun."""
        known = self.actor_for_text(m.text, create=False) or self._known_in(m.toks, m.head)
        if known is not None and not (m.low in self.roles.source_nouns and m.determiner in {"a", "an"}):
            return self._as_known(known, m)
        return _NEXT

    def _by_role_noun(self, m: _Mention, pos: int) -> _Step:
        """A definite role noun refers back: "the general", "the spokesman", "the
        newspaper"; "the report" with no outlet before it names no speaker."""
        r = self.roles
        if not (m.determiner == "the" or (len(m.toks) == 1 and m.head.pos_ == "NOUN")):
            return _NEXT
        is_pub = m.lemma in r.publication_roles
        if m.lemma in _REPORT_NOUNS and m.head.tag_ == "NNS" and m.determiner != "the":
            return None  # "Reports said ...": reports in general, no outlet's
        if m.determiner == "the" and m.lemma in r.org_anaphors:
            org = self._organisation_antecedent(pos)
            if org is not None:
                org.add_alias(m.text)
                return Resolution(org, "role", m.text)
        if not (m.lemma in r.person_roles or is_pub):
            return _NEXT
        ante = self._role_antecedent(m.lemma, pos, is_pub)
        if ante is not None:
            ante.add_alias(m.text)
            return Resolution(ante, "role", m.text)
        if is_pub and m.lemma in _REPORT_NOUNS:
            return None
        return _NEXT

    def _by_description(self, m: _Mention, pos: int) -> _Step:
        """A described speaker: "a source close to the group", "an NBC source", "Plant's
        publicist", "rebels"; a report noun speaks only for an outlet inside the mention
        ("a report in TechCrunch")."""
        r = self.roles
        lemma = m.group_lemma
        if not (
            lemma in r.person_roles
            or lemma in r.source_nouns
            or lemma in r.org_heads
            or lemma in r.publication_roles
        ):
            return _NEXT
        if lemma in {"report", "story", "article", "statement", "study"}:
            src = self._source_in(m.toks, m.head)
            if src is None:
                return None
            src.add_alias(m.text)
            return Resolution(src, "lexicon", m.text)
        return self._described(m, lemma)

    def _described(self, m: _Mention, lemma: str) -> Resolution:
        """A new described actor named by its mention (without the determiner; a
        possessor by its full name: "Plant's publicist" -> "Robert Plant's publicist")."""
        r = self.roles
        name = m.text
        words = name.split()
        if words and words[0].lower() in LEADING_DET:
            name = " ".join(words[1:])
        for t in m.toks:
            if t.dep_ == "poss" and t.pos_ == "PROPN" and t.head == m.head:
                full = self.full_name(t.text)
                if full != t.text and full not in name:
                    name = name.replace(t.text, full, 1)
        typ = "organisation" if lemma in r.org_heads or lemma in r.publication_roles else "person"
        actor = self._ensure(slug(name), name, typ)
        self._mark_described(actor, m, lemma)
        if lemma in r.publication_roles:
            actor.publication = True
        self._attach_description(actor, m.toks, m.head, None)
        self._attach_appos(actor, m.appos)
        return Resolution(actor, "described", m.text)

    def _by_common_noun(self, m: _Mention) -> Resolution | None:
        """Any other common-noun description of a person: "the chef", "her neighbour"
        (never a thing, "the statement", nor an abstract noun, "the decision")."""
        head, lemma, determiner = m.head, m.group_lemma, m.determiner
        if not (
            head.pos_ == "NOUN"
            and lemma not in self.roles.not_speakers
            and not ABSTRACT_NOUN.search(lemma)
            and head.tag_ in {"NN", "NNS"}
            and (determiner in LEADING_DET or any(t.dep_ == "poss" for t in m.toks))
        ):
            return None
        name = " ".join(m.text.split()[1:]) if determiner in LEADING_DET else m.text
        actor = self._ensure(slug(name), name, "unknown")
        self._mark_described(actor, m, lemma)
        self._attach_appos(actor, m.appos)
        return Resolution(actor, "described", m.text)

    @staticmethod
    def _mark_described(actor: Actor, m: _Mention, lemma: str) -> None:
        """An actor known by a description: its role noun, its mention, singular or plural."""
        actor.described = True
        actor.plural = actor.plural or m.head.tag_ == "NNS"
        actor.add_alias(m.text)
        actor.roles.add(lemma)

    def _as_known(self, actor: Actor, m: _Mention) -> Resolution:
        """A known actor (lexicon, acronym, organisation) named by the mention."""
        actor.add_alias(m.text)
        self._attach_appos(actor, m.appos)
        return Resolution(actor, "lexicon", m.text)

    def _speaker_like(self, head: Token, toks: list[Token]) -> bool:
        """Can this mention be a speaker at all? Not an adjective or demonym on its own
        ("Jewish"), not a generic plural ("presidents in recent memory", "three media
        outlets", "experts"): plurals speak only as groups (org heads: "police", "rebels"),
        as anonymous sources ("officials", "sources") or when anchored to a name
        ("U.S. officials", "Apple's lawyers")."""
        r = self.roles
        if head.pos_ == "ADJ" or (head.pos_ != "PROPN" and head.tag_ in {"JJ", "JJR", "JJS"}):
            return False
        if head.ent_type_ == "NORP" and head.pos_ == "ADJ":
            return False
        if head.tag_ != "NNS" or head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP", "FAC"}:
            return True
        if head.lower_ in self.surnames or head.lower_ in self.acronyms or self.lex.lookup(head.text):
            return True  # "Woods said" (a surname tagged as a plural noun)
        lemma, low = head.lemma_.lower(), head.lower_
        quant = any((c.dep_ == "nummod" or c.lower_ in r.generic_determiners) and c.i < head.i
                    for c in head.children)
        if lemma in r.publication_roles or low in r.publication_roles:
            return not quant  # "three media outlets", "several websites"
        group = low in r.org_heads or lemma in r.org_heads
        source = low in r.source_nouns or lemma in r.source_nouns
        if quant and not source:
            return False
        if group or source:
            return True
        anchored = any(
            (t.pos_ == "PROPN" or t.ent_type_ in {"ORG", "GPE", "NORP", "PERSON"} or t.dep_ == "poss")
            and t.i < head.i
            for t in toks
        ) or any(t.lower_ in {"the", "these", "those", "their", "its"} for t in toks[:1])
        return anchored

    def _known_in(self, toks: list[Token], head: Token) -> Actor | None:
        """The head's own named entity ("Kurds", "Apple") when the mention is longer."""
        if head.ent_type_ and head.pos_ == "PROPN":
            ent = self.entities.at(head.i)
            if ent is not None:
                return self.actor_for_name_span(ent)
        return None

    def _source_in(self, toks: list[Token], head: Token) -> Actor | None:
        """ "a report in TechCrunch" -> TechCrunch."""
        for t in toks:
            if t.i != head.i and t.ent_type_ and t.pos_ == "PROPN":
                ent = self.entities.at(t.i)
                if ent is not None:
                    a = self.actor_for_name_span(ent)
                    if a is not None and a.type != "person":
                        a.publication = True
                        return a
        return None

    def _name_run(self, head: Token) -> list[Token] | None:
        """The name ending at ``head``: its entity's tokens (determiners and titles stripped),
        else the run of proper-noun compounds before it; None when the head is no name."""
        if head.pos_ != "PROPN" and not (head.ent_type_ and head.is_title):
            return None
        if head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"}:
            held = self.entities.at(head.i) if head.doc is self.doc else None
            for ent in [held] if held is not None else ():
                heads_longer_name = _heads_name_of(ent, head)
                if ent.end - 1 == head.i or heads_longer_name:
                    toks = [t for t in ent if t.text not in {"'s", "’s"}]
                    while toks and (toks[0].lower_ in LEADING_DET or toks[0].is_punct):
                        toks = toks[1:]
                    stripped = list(toks)
                    while stripped and stripped[0].lower_.rstrip(".") in self.roles.titles:
                        stripped = stripped[1:]
                    if len(stripped) >= 2 or ent.label_ == "PERSON" and stripped:
                        toks = stripped
                    if (
                        toks
                        and (toks[-1].i == head.i or heads_longer_name)
                        and all(t.is_title or t.is_upper or not t.is_alpha or hyphen_part(t)
                                or t.lower_ in _NAME_LINKS and t.i > head.i for t in toks)
                    ):
                        return toks
        run = [head]
        for c in sorted(
            (c for c in head.children if c.dep_ in {"compound", "flat", "nmod"} and c.i < head.i),
            key=lambda c: -c.i,
        ):
            if c.i != run[0].i - 1:
                break
            if c.pos_ != "PROPN" or c.lower_.rstrip(".") in self.roles.titles:
                break
            run.insert(0, c)
        return _with_glued_prefix(run)

    def _run_is_person(self, run: list[Token]) -> bool:
        """Is a name run a person? Not when a lexicon or acronym knows it; yes for a known
        surname, a PERSON entity or a titled name."""
        text = span_text(self.doc, run[0].i, run[-1].i + 1)
        if self.lex.lookup(text) is not None or text in self.acronyms or norm_key(text) in self.acronyms:
            return False
        if run[-1].lower_ in self.surnames:
            return True
        ent = run[-1].ent_type_
        if ent == "PERSON":
            return True
        if ent in {"ORG", "GPE", "NORP", "FAC", "PRODUCT", "WORK_OF_ART", "LOC"}:
            # titled names mis-labelled ORG
            prev = self.doc[run[0].i - 1] if run[0].i > 0 else None
            return (
                prev is not None
                and prev.lower_.rstrip(".") in self.roles.titles
                and prev.lower_ not in self.roles.org_heads
            )
        # unlabelled capitalised pair "Talal Silo" with a title or role before it
        prev = self.doc[run[0].i - 1] if run[0].i > 0 else None
        return len(run) >= 2 or (prev is not None and prev.lower_.rstrip(".") in self.roles.titles)

    def _person_from_run(self, run: list[Token]) -> Actor:
        """The person a name run names, with the titles written before it as roles and alias."""
        words = name_words(run)
        full = self.full_name(" ".join(words))
        if len(words) >= 2 and words[-1].lower() not in self.surnames:
            self.surnames[words[-1].lower()] = " ".join(words)
            full = " ".join(words)
        a = self._ensure(slug(full), full, "person")
        a.add_alias(" ".join(words))
        a.add_alias(words[-1])
        # title + name as written: "Major General Igor Konashenkov", "Dr. Nasser Haji Mansur"
        i = run[0].i - 1
        start = run[0].i
        while i >= 0 and self.doc[i].lower_.rstrip(".") in self.roles.titles and self.doc[i].is_title:
            start = i
            a.roles.add(self.doc[i].lower_.rstrip("."))
            i -= 1
        if start < run[0].i:
            a.add_alias(span_text(self.doc, start, run[-1].i + 1))
        return a

    def _is_role_word(self, tok: Token) -> bool:
        low = tok.lower_
        return low in self.roles.person_roles or low in self.roles.titles


#: a site's address as a name ("noticiasunam.com", "NBCToday.co"): no scheme, no path
_DOMAIN = re.compile(r"(?:[A-Za-z0-9][A-Za-z0-9-]*\.)+(?:com|net|org|co|info|news|uk|us|ca|au|tv)")
#: "a site called Hip Hop Hangover", "a man named Ali": the participle that names its noun
_NAMING_PARTICIPLES = frozenset({"called", "named", "dubbed"})


def document_source(head: Token) -> Token | None:
    """Who issued a document that speaks: "a statement from the hospital said", "a report by
    the UN found", "a report in The Province revealed", "the hospital's statement said"
    credit the hospital, the UN, The Province. None when ``head`` is no document noun or
    names no issuer ("the report said": whose report is said elsewhere)."""
    if head.lemma_.lower() not in lexicons.cues().document_nouns:
        return None
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ in _DOCUMENT_SOURCE_PREPS:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            if obj is not None and obj.pos_ in {"PROPN", "NOUN"}:
                return obj
        if c.dep_ == "poss" and c.pos_ in {"PROPN", "NOUN"}:
            return c
    return None


#: lower-case words inside an organisation's name after its head ("Department of Homeland
#: Security", "Ministry of Health and Family Welfare")
_NAME_LINKS = frozenset({"of", "for", "and", "the", "on", "de"})


def _heads_name_of(ent, head: Token) -> bool:
    """Is ``head`` the head noun of a name that goes on after it ("The Department of
    Homeland Security denied ...": the subject is "Department", the name ends at
    "Security")?"""
    return (ent.root.i == head.i and ent.end - 1 > head.i
            and head.nbor(1).lower_ in {"of", "for"} and ent.label_ in {"ORG", "FAC", "GPE"})


def named_member(head: Token) -> Token | None:
    """ "Several newspapers, including The Guardian, reported ...": a group that names its
    members speaks through the first one named (a proper name); None otherwise."""
    if head.pos_ != "NOUN" or head.tag_ != "NNS":
        return None
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "including" and c.i > head.i:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            return obj if obj is not None and obj.pos_ == "PROPN" else None
    return None


#: publication roles that name a piece, not an outlet: "the report" may point back at one
_REPORT_NOUNS = frozenset({"report", "story", "article", "show", "program", "programme"})

#: nouns that count what follows "of": "a pair of reports", "a handful of officials"
_COUNTING_NOUNS = frozenset({"pair", "couple", "handful", "series", "spate", "flurry", "slew",
                             "raft", "string", "trio", "batch"})


def counted_group(head: Token) -> Token | None:
    """ "A pair of reports said ...", "a handful of officials said ...": the speaker is what
    is counted (reports, which name nobody; officials), not the count; None otherwise."""
    if head.lemma_.lower() not in _COUNTING_NOUNS:
        return None
    for c in head.children:
        if c.dep_ == "prep" and c.lower_ == "of" and c.i > head.i:
            obj = next((g for g in c.children if g.dep_ == "pobj"), None)
            return obj if obj is not None and obj.pos_ in {"NOUN", "PROPN"} else None
    return None


def _with_glued_prefix(run: list[Token]) -> list[Token]:
    """ "Re/Code reports ...", "Jean-Marie Le Pen said ...": a name written with a slash or
    a hyphen is one name; the parser leaves "Re /" and "Jean -" out of the run."""
    doc = run[0].doc
    while run[0].i >= 2:
        slash, before = doc[run[0].i - 1], doc[run[0].i - 2]
        if slash.text not in {"/", "-", "\u2010"} or slash.whitespace_ or before.whitespace_ or not (
                before.is_alpha and before.text[:1].isupper()):
            break
        run = [before, slash] + run
    return run
