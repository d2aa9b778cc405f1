"""Speakers and other actors: mentions -> canonical actors.

Two levels:

* :class:`ActorLexicon` (process-wide, built once): countries (pycountry + curated
  demonyms/capitals), news outlets, the built-in alias registry and the user registry
  (``GAINSAY_ALIASES``). ``lookup("the Russians")`` -> the ``russia`` entry.
* :class:`ArticleActors` (one per article): person-name clusters (surname -> fullest
  name), acronyms defined in parentheses, publications mentioned, and every speaker
  resolved so far, so that pronouns ("he") and role nouns ("the general", "the source",
  "the newspaper") resolve to the nearest compatible earlier actor.

Canonical ids are lower-case slugs: the fullest person name in the article
("Konashenkov" -> ``igor-konashenkov``), the registry/country id when a lexicon knows the
actor (``russia``, ``sdf``, ``daily-mirror``), else the slug of the organisation name.
"""

from __future__ import annotations

import re
from bisect import bisect_left, insort
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import chain, takewhile
from pathlib import Path

from spacy.tokens import Doc, Span, Token

from streams.nlp import lexicons
from streams.nlp.docview import view
from streams.nlp.lexicons import ActorEntry, slug
from streams.nlp.spans import Cover

_WS = re.compile(r"\s+")
_POSS = re.compile(r"(?:'s|’s|'|’)$")
_LEADING_DET = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
_FIRST_PERSON = {"i", "we", "me", "us"}
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&./-]{1,9}$")


def norm_key(text: str) -> str:
    """Lookup key: lower case, single spaces, no leading "the", no possessive."""
    t = _WS.sub(" ", text.replace("’", "'")).strip(' ,.;:!?"“”()[]').lower()
    t = _POSS.sub("", t).strip()
    if t.startswith("the "):
        t = t[4:]
    return t


# ---------------------------------------------------------------- lexicon (process-wide)



#: abstract nouns ("the region", "the decision", "the movement") never speak
_ABSTRACT_NOUN = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ism|ship|hood|ure|ing)$")


def _hyphen_part(tok: Token) -> bool:
    """The lower-case half of a hyphenated given name: "Byeong-chul", "Jong-un"."""
    doc = tok.doc
    return (tok.i >= 2 and doc[tok.i - 1].text in {"-", "\u2010"} and not doc[tok.i - 1].whitespace_
            and not doc[tok.i - 2].whitespace_ and doc[tok.i - 2].is_title)

class ActorLexicon:
    """Known actors by every name they go by (countries, outlets, alias families)."""

    def __init__(self, aliases_path: str | Path | None = None) -> None:
        self.entries: dict[str, ActorEntry] = {}
        self._by_key: dict[str, ActorEntry] = {}
        self._case_sensitive: dict[str, ActorEntry] = {}
        # precedence: later sources (registry, user) override countries/outlets on a clash
        for e in lexicons.actor_entries(aliases_path):
            self.entries[e.id] = e
            for name in [e.name, *e.aliases]:
                key = norm_key(name)
                if not key:
                    continue
                if " " not in key and (e.publication or len(key) <= 3):
                    # one-word outlet names and short acronyms must be written capitalised
                    self._case_sensitive[name.strip().removeprefix("the ").removeprefix("The ")] = e
                    continue
                self._by_key[key] = e
        self.country_prefixes = {
            k: e for k, e in self._by_key.items() if e.type == "country" and " " not in k
        }

    def lookup(self, text: str) -> ActorEntry | None:
        key = norm_key(text)
        if not key:
            return None
        hit = self._by_key.get(key)
        if hit is not None:
            return hit
        raw = _POSS.sub("", _WS.sub(" ", text.replace("’", "'")).strip(' ,.;:!?"“”()[]'))
        raw = raw.removeprefix("the ").removeprefix("The ")
        return self._case_sensitive.get(raw)

    def country_of_org(self, name: str) -> ActorEntry | None:
        """ "Russian Defense Ministry" / "the Russian military" -> russia (a state organ)."""
        words = norm_key(name).split()
        if len(words) < 2:
            return None
        org_heads = lexicons.roles().org_heads
        if not any(
            w in org_heads or w in {"defense", "defence", "foreign", "interior", "armed"} for w in words[1:]
        ):
            return None
        for n in (2, 1):
            head = " ".join(words[:n])
            e = self._by_key.get(head)
            if e is not None and e.type == "country":
                return e
        return None


# ---------------------------------------------------------------- article actors


@dataclass
class Actor:
    id: str
    name: str
    type: str = "unknown"
    org: str | None = None
    org_name: str | None = None
    aliases: list[str] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    publication: bool = False
    described: bool = False  # "a source close to the group"
    prop_id: str | None = None  # actor id used in proposition keys
    plural: bool = False  # "officials", "sources": never "he"/"she"
    pron_gender: str | None = None  # "m"/"f" once "he"/"she" resolved to this actor

    def gender(self) -> str | None:
        """ "f"/"m" from evidence in the article (titles, gendered role nouns, pronouns)."""
        r = lexicons.roles()
        f = bool(self.roles & r.female_words)
        m = bool(self.roles & r.male_words)
        if f != m:
            return "f" if f else "m"
        return self.pron_gender

    def add_alias(self, text: str) -> None:
        t = _WS.sub(" ", text).strip(" ,.;:")
        if not t or t == self.name or t in self.aliases:
            return
        if t.lower() in lexicons.roles().pronouns:
            return  # pronouns would match any speaker
        self.aliases.append(t)


@dataclass
class Resolution:
    actor: Actor
    how: str  # name | described | pronoun | role | lexicon | label
    mention: str


def name_words(toks: list[Token]) -> list[str]:
    """The words of a name as written: tokens with no space between them stay one word
    ("Abdel-Majed", "Jarvis-Shean", "al-Dulaimi"), so a name never reads "Abdel - Majed"."""
    words: list[str] = []
    prev: Token | None = None
    for t in toks:
        if prev is not None and words and prev.i + 1 == t.i and not prev.whitespace_:
            words[-1] += t.text
        else:
            words.append(t.text)
        prev = t
    return words


def _span_text(doc: Doc, start: int, end: int) -> str:
    if end <= start:
        return ""
    return view(doc).text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)]


class ArticleActors:
    """Actors of one article; resolves speaker mentions in document order."""

    def __init__(self, doc: Doc, lexicon: ActorLexicon, quote_spans: list[tuple[int, int]]):
        self.doc = doc
        self.lex = lexicon
        self.roles = lexicons.roles()
        self.quote_spans = quote_spans
        self._quotes = Cover(quote_spans)
        # entities once, and which entity holds each token (``doc.ents`` rebuilds every Span)
        self.ents: list[Span] = list(doc.ents)
        self._ent_of: dict[int, Span] = {i: ent for ent in self.ents for i in range(ent.start, ent.end)}
        self.actors: dict[str, Actor] = {}
        self.acronyms: dict[str, str] = {}  # ACR -> actor id, name -> actor id
        self.surnames: dict[str, str] = {}  # surname (lower) -> full name
        self.history: list[tuple[int, str]] = []  # (char pos, actor id), outside quotes
        # the same entries as (pos, -arrival, id), kept sorted: nearest-first walks
        self._by_pos: list[tuple[int, int, str]] = []
        self.salient: set[int] = set()  # positions of speakers and main-clause subjects
        self._scan_names()
        self._scan_acronyms()
        self._scan_mentions()

    # ---------------------------------------------------------- pre-passes

    def _in_quote(self, pos: int) -> bool:
        return self._quotes.covers(pos)

    def entity_at(self, i: int) -> Span | None:
        """The named entity holding token ``i`` (entities never overlap)."""
        return self._ent_of.get(i)

    def _name_tokens(self, span: Span) -> list[Token]:
        toks = [t for t in span if t.text not in {"'s", "’s", "'", "’"}]
        while toks and (
            toks[0].lower_.rstrip(".") in self.roles.titles
            or toks[0].is_punct
            or toks[0].lower_ in _LEADING_DET
        ):
            toks = toks[1:]
        return toks

    def _looks_like_person(self, ent: Span) -> bool:
        if ent.label_ == "PERSON":
            return self.lex.lookup(ent.text) is None
        if ent.label_ in {"ORG", "NORP", "GPE", "FAC", "WORK_OF_ART", "PRODUCT"}:
            # NER often labels "Major General Igor Konashenkov" ORG: a title word
            # followed by a capitalised name is a person.
            first = ent[0].lower_.rstrip(".")
            if first in {"the"} and len(ent) > 1:
                first = ent[1].lower_.rstrip(".")
            rest = self._name_tokens(ent)
            return (
                first in self.roles.titles
                and first not in self.roles.org_heads
                and 1 <= len(rest) <= 4
                and all(t.is_title for t in rest)
                and self.lex.lookup(ent.text) is None
            )
        return False

    def _scan_names(self) -> None:
        fulls: list[list[str]] = []
        for ent in self.ents:
            if self._looks_like_person(ent):
                toks = self._name_tokens(ent)
                words = name_words([t for t in toks if t.is_alpha or "-" in t.text or "." in t.text])
                if words:
                    fulls.append(words)
        # longest first so that "Igor Konashenkov" wins over "Konashenkov"
        for words in sorted(fulls, key=len, reverse=True):
            last = words[-1].lower()
            if (last not in self.surnames or len(words) > len(self.surnames[last].split())) and (
                len(words) > 1 or last not in self.surnames
            ):
                self.surnames[last] = " ".join(words)

    def full_name(self, name: str) -> str:
        words = name.split()
        if not words:
            return name
        full = self.surnames.get(words[-1].lower())
        if full and len(full.split()) >= len(words) and full.split()[-len(words) :] == words:
            return full
        if full and len(words) == 1:
            return full
        return name

    def _scan_acronyms(self) -> None:
        doc = self.doc
        for i, t in enumerate(view(doc).tokens):
            if t.text != "(" or i + 2 >= len(doc) or doc[i + 2].text != ")":
                continue
            acr = doc[i + 1].text
            if not _ACRONYM.match(acr) or sum(c.isupper() for c in acr) < 2:
                continue
            # the name: capitalised run just before "("
            j = i - 1
            while (
                j >= 0
                and (doc[j].is_title or doc[j].is_upper or doc[j].lower_ in {"of", "for", "and", "the", "'s"})
                and not doc[j].is_punct
                and i - j <= 8
            ):
                j -= 1
            start = j + 1
            while start < i and doc[start].lower_ in {"the", "of", "and", "for"}:
                start += 1
            if start >= i:
                continue
            name = _span_text(doc, start, i)
            initials = "".join(w[0] for w in name.split() if w[0].isupper())
            if not (acr.upper() == initials.upper() or acr[0].upper() == name[0].upper()):
                continue
            entry = self.lex.lookup(acr) or self.lex.lookup(name)
            aid = entry.id if entry else slug(name)
            self.acronyms[acr] = aid
            self.acronyms[norm_key(name)] = aid
            a = self._ensure(aid, entry.name if entry else name, entry.type if entry else "organisation")
            a.add_alias(acr)
            a.add_alias(name)

    def _scan_mentions(self) -> None:
        """Record where named actors (people, outlets, organisations) are mentioned."""
        for ent in self.ents:
            if self._in_quote(ent.start_char):
                continue
            if ent.label_ in {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}:
                continue
            actor = self.actor_for_name_span(ent)
            if actor is not None:
                self._add_history(ent.start_char, actor.id)
                root = ent.root
                if root.dep_ == "nsubj" and root.head.dep_ == "ROOT":
                    self.salient.add(ent.start_char)

    # ---------------------------------------------------------- actor records

    def _ensure(self, aid: str, name: str, typ: str) -> Actor:
        a = self.actors.get(aid)
        if a is None:
            a = Actor(id=aid, name=name, type=typ)
            self.actors[aid] = a
            entry = self.lex.entries.get(aid)
            if entry is not None:
                a.publication = entry.publication
        elif len(name) > len(a.name) and a.type == "person" and typ == "person":
            a.add_alias(a.name)
            a.name = name
        return a

    def prop_id(self, aid: str | None) -> str | None:
        """Actor id for proposition keys: state organs collapse to their country."""
        if aid is None:
            return None
        a = self.actors.get(aid)
        name = a.name if a else aid.replace("-", " ")
        entry = self.lex.lookup(name)
        if entry is not None:
            return entry.id
        country = self.lex.country_of_org(name)
        if country is not None:
            return country.id
        return aid

    def actor_for_name_span(self, span: Span) -> Actor | None:
        """A named mention (entity span) -> actor, registering it; None if not an actor."""
        text = span.text.strip()
        if not text or not any(c.isalpha() for c in text):
            return None
        if self._looks_like_person(span):
            words = name_words([t for t in self._name_tokens(span)
                                if t.is_alpha or "-" in t.text or "." in t.text])
            if not words:
                return None
            full = self.full_name(" ".join(words))
            a = self._ensure(slug(full), full, "person")
            for t in span:
                if t.lower_.rstrip(".") in self.roles.titles:
                    a.roles.add(t.lower_.rstrip("."))
            # a title written just before the entity: "General Igor Konashenkov"
            k = span.start - 1
            while k >= 0 and self.doc[k].lower_.rstrip(".") in self.roles.titles and self.doc[k].is_title:
                a.roles.add(self.doc[k].lower_.rstrip("."))
                k -= 1
            a.add_alias(text.removeprefix("the ").removeprefix("The "))
            a.add_alias(" ".join(words))
            if len(words) > 1:
                a.add_alias(words[-1])
            return a
        return self.actor_for_text(text, label=span.label_)

    def actor_for_text(self, text: str, label: str = "", create: bool = True) -> Actor | None:
        key = norm_key(text)
        if not key:
            return None
        aid = self.acronyms.get(text.strip()) or self.acronyms.get(key)
        entry = self.lex.lookup(text)
        if aid is None and entry is not None:
            aid = entry.id
        if aid is not None:
            e = self.lex.entries.get(aid)
            a = self._ensure(aid, e.name if e else text, e.type if e else "organisation")
            a.add_alias(text.removeprefix("the ").removeprefix("The ") if len(text) > 4 else text)
            a.add_alias(text)
            return a
        # person surname seen before ("Woods" labelled ORG)
        words = text.split()
        if len(words) == 1 and words[0].lower() in self.surnames:
            full = self.surnames[words[0].lower()]
            a = self._ensure(slug(full), full, "person")
            a.add_alias(text)
            return a
        if not create:
            return None
        if label in {"ORG", "NORP", "GPE", "FAC"} or (label == "" and text[:1].isupper()):
            country = self.lex.country_of_org(text)
            name = text[4:] if text.lower().startswith("the ") else text
            a = self._ensure(slug(name), name, "organisation")
            if country is not None:
                a.prop_id = country.id
            a.add_alias(text)
            return a
        return None

    # ---------------------------------------------------------- speaker mentions

    def mention_tokens(self, head: Token) -> tuple[list[Token], list[Token]]:
        """(mention tokens, appositive/description tokens) for a speaker head token."""
        removed: set[int] = set()
        appos: list[Token] = []
        for c in head.children:
            if c.dep_ in {"relcl", "acl:relcl", "punct", "cc", "conj", "advcl"} and c.i > head.i:
                removed.update(t.i for t in c.subtree)
            elif c.dep_ == "appos":
                removed.update(t.i for t in c.subtree)
                appos.extend(c.subtree)
            elif (
                c.dep_ == "prep"
                and c.i > head.i
                and (
                    c.lower_ in {"to", "on", "during", "after", "before", "via", "through"}
                    or c.lower_ in {"in", "at"}
                    and head.pos_ == "PROPN"
                )
            ):
                removed.update(t.i for t in c.subtree)
        kept = [t for t in head.subtree if t.i not in removed]
        # contiguous run around the head
        idx = [t.i for t in kept]
        lo = hi = head.i
        s = set(idx)
        while lo - 1 in s:
            lo -= 1
        while hi + 1 in s:
            hi += 1
        # whole whitespace-delimited words: "Re/code" is one mention even if split in tokens
        doc = self.doc
        glue = {"/", "-", "&", "."}
        while lo > 0 and not doc[lo - 1].whitespace_ and (doc[lo - 1].is_alpha or doc[lo - 1].text in glue):
            lo -= 1
        while (
            hi + 1 < len(doc)
            and not doc[hi].whitespace_
            and (
                doc[hi + 1].is_alpha
                or doc[hi + 1].text in glue
                and hi + 2 < len(doc)
                and doc[hi + 1].whitespace_ == ""
                and doc[hi + 2].is_alpha
            )
        ):
            hi += 1
        toks = [self.doc[i] for i in range(lo, hi + 1)]
        # a mention never crosses a paragraph break (headline/caption run-ons)
        cut_lo = [t.i for t in toks if t.i < head.i and "\n" in t.text + t.whitespace_]
        cut_hi = [t.i for t in toks if t.i >= head.i and "\n" in t.text + t.whitespace_]
        if cut_lo:
            toks = [t for t in toks if t.i > max(cut_lo)]
        if cut_hi:
            toks = [t for t in toks if t.i <= min(cut_hi) and not t.is_space]
        while toks and toks[-1].is_punct and toks[-1].text not in {")", "]"}:
            toks.pop()
        while toks and toks[0].is_punct:
            toks.pop(0)
        return toks, sorted(appos, key=lambda t: t.i)

    def resolve(self, head: Token, pos: int) -> Resolution | None:
        """Resolve the speaker whose syntactic head is ``head`` (at char ``pos``)."""
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
        toks, appos = self.mention_tokens(head)
        if not toks:
            return None
        res = self._resolve_mention(head, toks, appos, pos)
        if res is not None:
            self._remember(pos, res.actor)
        return res

    def _add_history(self, pos: int, aid: str) -> None:
        insort(self._by_pos, (pos, -len(self.history), aid))
        self.history.append((pos, aid))

    def _remember(self, pos: int, actor: Actor) -> None:
        self._add_history(pos, actor.id)
        self.salient.add(pos)

    def _resolve_pronoun(self, head: Token, pos: int) -> Resolution | None:
        types = self.roles.pronouns.get(head.lower_, ())
        if not types:
            return None
        # speakers and main-clause subjects of the same paragraph first, then the nearest
        para_start = view(self.doc).text.rfind("\n", 0, pos) + 1
        same_para = takewhile(lambda c: c[0] >= para_start, self._candidates(pos))
        preferred = [(p, a) for p, a in same_para if p in self.salient]
        want = _PRONOUN_GENDER.get(head.lower_)
        for _p, aid in chain(preferred, self._candidates(pos)):
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

    def _is_role_word(self, tok: Token) -> bool:
        low = tok.lower_
        return low in self.roles.person_roles or low in self.roles.titles

    def _candidates(self, pos: int) -> Iterator[tuple[int, str]]:
        """Earlier actor mentions, nearest first, in arrival order at one position
        (mentions inside quotes never count); lazily, as callers stop at the first fit."""
        by_pos = self._by_pos
        k = bisect_left(by_pos, (pos, -len(self.history) - 1))
        return ((by_pos[j][0], by_pos[j][2]) for j in range(k - 1, -1, -1))

    def _role_antecedent(self, role: str, pos: int, publication: bool) -> Actor | None:
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

    def _resolve_mention(
        self, head: Token, toks: list[Token], appos: list[Token], pos: int
    ) -> Resolution | None:
        doc = self.doc
        if not self._speaker_like(head, toks):
            return None
        mention = _span_text(doc, toks[0].i, toks[-1].i + 1)
        lemma = head.lemma_.lower()
        low = head.lower_
        determiner = toks[0].lower_ if toks else ""

        # 1. a name: PROPN run ending at the head (titles stripped) or a known actor
        name_run = self._name_run(head)
        if name_run is not None and all(self._is_role_word(t) for t in name_run):
            name_run = None  # "The Commissioner of the NHL, Gary Bettman": a capitalised role
        appos_name = None
        for a_tok in appos:
            if a_tok.dep_ == "appos" and a_tok.head == head and a_tok.pos_ == "PROPN":
                appos_name = a_tok
        # "The ... spokesman Major General Igor Konashenkov" (role head + name appositive)
        if (
            name_run is None
            and appos_name is not None
            and (low in self.roles.person_roles or lemma in self.roles.person_roles or head.pos_ == "NOUN")
        ):
            run = self._name_run(appos_name)
            if run is not None:
                desc = mention
                actor = self._person_from_run(run)
                self._attach_description(actor, toks, head, desc)
                app_text = _span_text(doc, appos[0].i, appos[-1].i + 1)
                actor.add_alias(app_text)
                return Resolution(actor, "name", app_text)

        if name_run is not None:
            run_text = _span_text(doc, name_run[0].i, name_run[-1].i + 1)
            known = self.actor_for_text(run_text) if not self._run_is_person(name_run) else None
            if known is not None and known.type != "person":
                known.add_alias(mention)
                self._attach_appos(known, appos)
                return Resolution(known, "lexicon", mention)
            actor = self._person_from_run(name_run) if self._run_is_person(name_run) else None
            if actor is None:
                entry_actor = self.actor_for_text(run_text, label="ORG")
                if entry_actor is None:
                    return None
                entry_actor.add_alias(mention)
                self._attach_appos(entry_actor, appos)
                return Resolution(entry_actor, "lexicon", mention)
            # prenominal role / org: "Apple spokesman Tom Neumayr", "agent Mark Steinberg"
            pre = [t for t in toks if t.i < name_run[0].i and not t.is_punct]
            if pre:
                self._attach_description(actor, pre + [], pre[-1], _span_text(doc, pre[0].i, pre[-1].i + 1))
                actor.add_alias(mention)
            self._attach_appos(actor, appos)
            return Resolution(actor, "name", mention)

        # 2. a known actor by its whole mention ("the Russians", "Kurds", "The Mirror newspaper")
        known = self.actor_for_text(mention, create=False) or self._known_in(toks, head)
        if known is not None and not (low in self.roles.source_nouns and determiner in {"a", "an"}):
            known.add_alias(mention)
            self._attach_appos(known, appos)
            return Resolution(known, "lexicon", mention)

        # 3. definite role noun: "the general", "the spokesman", "the newspaper"
        if determiner == "the" or (len(toks) == 1 and head.pos_ == "NOUN"):
            is_pub = lemma in self.roles.publication_roles
            if lemma in self.roles.person_roles or is_pub:
                ante = self._role_antecedent(lemma, pos, is_pub)
                if ante is not None:
                    ante.add_alias(mention)
                    return Resolution(ante, "role", mention)
                if is_pub and lemma in {"report", "story", "article", "show", "program", "programme"}:
                    return None

        # 4. described speaker: "a source close to the group", "an NBC source", "Plant's publicist"
        r = self.roles
        if low in r.org_heads and lemma not in r.org_heads:
            lemma = low  # "rebels", "forces": the plural names the group
        if (
            lemma in r.person_roles
            or lemma in r.source_nouns
            or lemma in r.org_heads
            or lemma in r.publication_roles
        ):
            if lemma in {"report", "story", "article", "statement", "study"}:
                src = self._source_in(toks, head)
                if src is None:
                    return None
                src.add_alias(mention)
                return Resolution(src, "lexicon", mention)
            name = mention
            words = name.split()
            if words and words[0].lower() in _LEADING_DET:
                name = " ".join(words[1:])
            # possessor to full name: "Plant's publicist" -> "Robert Plant's publicist"
            for t in toks:
                if t.dep_ == "poss" and t.pos_ == "PROPN" and t.head == head:
                    full = self.full_name(t.text)
                    if full != t.text and full not in name:
                        name = name.replace(t.text, full, 1)
            typ = (
                "organisation"
                if lemma in self.roles.org_heads or lemma in self.roles.publication_roles
                else "person"
            )
            aid = slug(name)
            actor = self._ensure(aid, name, typ)
            actor.described = True
            actor.plural = actor.plural or head.tag_ == "NNS"
            actor.add_alias(mention)
            actor.roles.add(lemma)
            if lemma in self.roles.publication_roles:
                actor.publication = True
            self._attach_description(actor, toks, head, None)
            self._attach_appos(actor, appos)
            return Resolution(actor, "described", mention)
        # any other common-noun description of a person: "the chef", "her neighbour"
        if (
            head.pos_ == "NOUN"
            and lemma not in self.roles.not_speakers
            and not _ABSTRACT_NOUN.search(lemma)
            and head.tag_ in {"NN", "NNS"}
            and (determiner in _LEADING_DET or any(t.dep_ == "poss" for t in toks))
        ):
            name = " ".join(mention.split()[1:]) if determiner in _LEADING_DET else mention
            actor = self._ensure(slug(name), name, "unknown")
            actor.described = True
            actor.plural = actor.plural or head.tag_ == "NNS"
            actor.roles.add(lemma)
            actor.add_alias(mention)
            self._attach_appos(actor, appos)
            return Resolution(actor, "described", mention)
        return None

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
            ent = self.entity_at(head.i)
            if ent is not None:
                return self.actor_for_name_span(ent)
        return None

    def _source_in(self, toks: list[Token], head: Token) -> Actor | None:
        """ "a report in TechCrunch" -> TechCrunch."""
        for t in toks:
            if t.i != head.i and t.ent_type_ and t.pos_ == "PROPN":
                ent = self.entity_at(t.i)
                if ent is not None:
                    a = self.actor_for_name_span(ent)
                    if a is not None and a.type != "person":
                        a.publication = True
                        return a
        return None

    def _name_run(self, head: Token) -> list[Token] | None:
        if head.pos_ != "PROPN" and not (head.ent_type_ and head.is_title):
            return None
        if head.ent_type_ in {"PERSON", "ORG", "GPE", "NORP", "FAC", "WORK_OF_ART", "PRODUCT"}:
            held = self.entity_at(head.i) if head.doc is self.doc else None
            for ent in [held] if held is not None else ():
                if ent.end - 1 == head.i:
                    toks = [t for t in ent if t.text not in {"'s", "’s"}]
                    while toks and (toks[0].lower_ in _LEADING_DET or toks[0].is_punct):
                        toks = toks[1:]
                    stripped = list(toks)
                    while stripped and stripped[0].lower_.rstrip(".") in self.roles.titles:
                        stripped = stripped[1:]
                    if len(stripped) >= 2 or ent.label_ == "PERSON" and stripped:
                        toks = stripped
                    if (
                        toks
                        and toks[-1].i == head.i
                        and all(t.is_title or t.is_upper or not t.is_alpha or _hyphen_part(t)
                                for t in toks)
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
        return run

    def _run_is_person(self, run: list[Token]) -> bool:
        text = " ".join(t.text for t in run)
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
            a.add_alias(_span_text(self.doc, start, run[-1].i + 1))
        return a

    def _attach_description(self, actor: Actor, toks: list[Token], role_tok: Token, desc: str | None) -> None:
        """Role noun and org from a description: "The Russian Defense Ministry spokesman"."""
        roles = self.roles
        role_lemma = role_tok.lemma_.lower()
        if desc:
            actor.add_alias(desc)
            d = desc.split()
            if d and d[0].lower() in _LEADING_DET:
                actor.add_alias(" ".join(d[1:]))
        for t in toks:
            lem = t.lemma_.lower()
            if lem in roles.person_roles or lem in roles.titles:
                actor.roles.add(lem)
        if role_lemma in roles.speaks_for_roles or any(
            t.lemma_.lower() in roles.speaks_for_roles for t in toks
        ):
            # org words before the role noun
            org_toks = []
            for t in toks:
                if t.lemma_.lower() in roles.person_roles or t.lower_.rstrip(".") in roles.titles:
                    break
                if t.lower_ in _LEADING_DET or t.is_punct:
                    continue
                org_toks.append(t)
            if (
                org_toks
                and any(t.is_title or t.is_upper for t in org_toks)
                and any(t.pos_ in {"NOUN", "PROPN"} for t in org_toks)
            ):
                org_text = _span_text(self.doc, org_toks[0].i, org_toks[-1].i + 1)
                self._set_org(actor, org_text)

    def _attach_appos(self, actor: Actor, appos: list[Token]) -> None:
        """ "Talal Silo, spokesperson of the SDF" -> alias + org from the "of/for/to" object."""
        if not appos:
            return
        text = _span_text(self.doc, appos[0].i, appos[-1].i + 1)
        actor.add_alias(text)
        for t in appos:
            if t.lemma_.lower() in self.roles.person_roles:
                actor.roles.add(t.lemma_.lower())
        for t in appos:
            if t.dep_ == "prep" and t.lower_ in {"of", "for", "to", "at", "with"}:
                objs = [c for c in t.children if c.dep_ == "pobj"]
                if objs:
                    o = objs[0]
                    sub = [
                        x
                        for x in o.subtree
                        if x.dep_ not in {"appos"} and not x.is_punct and x.text not in {"(", ")"}
                    ]
                    # cut a parenthesised acronym
                    if sub:
                        cut = []
                        for x in sub:
                            if x.head.dep_ == "appos" or (x.dep_ == "appos"):
                                break
                            cut.append(x)
                        sub = cut or sub
                        org_text = _span_text(self.doc, sub[0].i, sub[-1].i + 1)
                        self._set_org(actor, org_text)
                        return

    def _set_org(self, actor: Actor, org_text: str) -> None:
        if actor.org is not None:
            return
        org_text = org_text.strip()
        key = norm_key(org_text)
        aid = self.acronyms.get(org_text) or self.acronyms.get(key)
        entry = None
        if aid is None:
            entry = self.lex.lookup(org_text)
            if entry is None:
                # "SDF forces" -> "SDF"
                words = org_text.split()
                for n in range(len(words) - 1, 0, -1):
                    sub = " ".join(words[:n])
                    aid = self.acronyms.get(sub) or self.acronyms.get(norm_key(sub))
                    e2 = self.lex.lookup(sub)
                    if e2 is not None and e2.type != "country":
                        entry = e2
                    if aid or entry:
                        break
            if aid is None and entry is not None:
                aid = entry.id
        name = org_text[4:] if org_text.lower().startswith("the ") else org_text
        if aid is None:
            aid = slug(name)
        org = self.actors.get(aid)
        if org is None:
            e = self.lex.entries.get(aid)
            org = self._ensure(
                aid, e.name if e else name, e.type if e and e.type != "country" else "organisation"
            )
            country = self.lex.country_of_org(name)
            if country is not None:
                org.prop_id = country.id
        actor.org = aid
        actor.org_name = org.name
        if actor.type == "person" and actor.roles & {
            "spokesman",
            "spokeswoman",
            "spokesperson",
            "representative",
            "rep",
        }:
            actor.add_alias(org.name)

    def label_actor(self, text: str, pos: int) -> Actor | None:
        """Transcript speaker labels: "Dan Olsen", "WVFN host"."""
        text = text.strip()
        if not text:
            return None
        words = text.split()
        if words[-1].lower() in self.surnames or (
            len(words) >= 2
            and all(w[:1].isupper() for w in words)
            and words[-1].lower() not in self.roles.person_roles
        ):
            full = self.full_name(text)
            a = self._ensure(slug(full), full, "person")
            a.add_alias(text)
            if len(words) > 1:
                a.add_alias(words[-1])
        else:
            a = self.actor_for_text(text) if self.lex.lookup(text) else None
            if a is None:
                a = self._role_holder(text)
            if a is None:
                a = self._ensure(
                    slug(text), text, "person" if words[-1].lower() in self.roles.person_roles else "unknown"
                )
                a.described = True
                if words[-1].lower() in self.roles.person_roles:
                    a.roles.add(words[-1].lower())
                    if len(words) > 1:
                        self._set_org(a, " ".join(words[:-1]))
        self._remember(pos, a)
        return a

    def _role_holder(self, text: str) -> Actor | None:
        """ "WVFN host" (a label or role phrase) -> the named person introduced with that
        role ("WVFN host Dan Olsen", "Dan Olsen, host of WVFN radio"): one actor, not two."""
        words = text.split()
        role = words[-1].lower()
        if role not in self.roles.person_roles:
            return None
        qual = norm_key(" ".join(words[:-1]))
        holders = [
            a for a in self.actors.values() if a.type == "person" and not a.described and role in a.roles
        ]
        if qual:
            fits = [
                a
                for a in holders
                if any(qual in norm_key(x) for x in a.aliases)
                or (a.org_name and qual in norm_key(a.org_name))
            ]
            if fits:
                holders = fits
            elif len(holders) != 1:
                return None
        if len(holders) != 1:
            return None
        a = holders[0]
        a.add_alias(text)
        return a

    def is_known(self, aid: str) -> bool:
        """A lexicon actor (country, registry family, outlet) or a named person/organisation
        seen as an entity — not an unknown place name."""
        if aid in self.lex.entries:
            return True
        a = self.actors.get(aid)
        return a is not None and (a.type == "person" or a.org is not None or a.prop_id is not None)

    def speaker_org_prop(self, actor: Actor) -> str:
        """The side a speaker stands for in propositions (their org, else themselves)."""
        if actor.org:
            org = self.actors.get(actor.org)
            if org is not None and org.prop_id:
                return org.prop_id
            return self.prop_id(actor.org) or actor.org
        if actor.prop_id:
            return actor.prop_id
        return self.prop_id(actor.id) or actor.id

    def mention_actor(self, tok: Token, speaker: Actor | None) -> str | None:
        """Actor id (for propositions) of a mention token inside a claim."""
        low = tok.lower_
        if low in {"we", "us", "our", "ours", "ourselves"} and (
            tok.text.islower() or tok.text == "We" or tok.tag_ in {"PRP", "PRP$"}
        ):
            return self.speaker_org_prop(speaker) if speaker else None
        if low in {"i", "me", "my"}:
            return (speaker.prop_id or speaker.id) if speaker else None
        doc = self.doc
        if tok.pos_ == "PRON":
            # "them [Kurdish forces]": a bracketed gloss names the referent
            if tok.i + 2 < len(doc) and doc[tok.i + 1].text == "[":
                j = tok.i + 2
                while j < len(doc) and doc[j].text != "]" and j - tok.i < 8:
                    j += 1
                gloss = _span_text(doc, tok.i + 2, j)
                a = self.actor_for_text(gloss)
                if a is not None:
                    return self.prop_id(a.id) if a.prop_id is None else a.prop_id
            return None
        # entity containing the token, else the compound phrase
        ent = self.entity_at(tok.i)
        if ent is not None:
            a = self.actor_for_name_span(ent)
            if a is not None:
                return a.prop_id or self.prop_id(a.id)
        # "their American partners", "Russian jets": a demonym modifier names the actor
        for c in tok.children:
            if c.dep_ in {"amod", "compound", "nmod"} and c.i < tok.i:
                e = self.lex.lookup(c.text)
                if e is not None and c.text[:1].isupper():
                    return e.id
        left = tok.left_edge.i
        for start in range(left, tok.i + 1):
            phrase = _span_text(doc, start, tok.i + 1)
            e = self.lex.lookup(phrase)
            if e is not None:
                return e.id
            if phrase in self.acronyms or norm_key(phrase) in self.acronyms:
                return self.acronyms.get(phrase) or self.acronyms.get(norm_key(phrase))
        return None
