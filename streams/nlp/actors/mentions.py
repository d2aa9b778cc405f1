"""Named mentions: the pre-passes over one article's entities (person names and their
fullest form, acronyms defined in parentheses, where named actors are mentioned), an
entity span to its actor, and the tokens of a speaker mention."""

from __future__ import annotations

from spacy.tokens import Span, Token

from streams.nlp import lexicons
from streams.nlp.actors.model import Actor
from streams.nlp.actors.names import ACRONYM, LEADING_DET, name_words, norm_key, span_text
from streams.nlp.actors.registry import ActorRegistry
from streams.nlp.docview import view
from streams.nlp.lexicons import slug

#: pronouns that tell a person's gender, and how far after a name one is looked for
_GENDERED_PRONOUNS = {"he": "m", "she": "f"}
_PRONOUN_REACH = 25
#: the roles of a new participant between a name and a pronoun
_PARTICIPANTS = frozenset({"nsubj", "nsubjpass", "dobj", "dative", "attr"})
#: articles that, before a name, make it a thing's: "the App Store"
_ARTICLES = frozenset({"the", "a", "an"})


class MentionIndex(ActorRegistry):
    """Named mentions of the article and the actors they stand for."""

    def _scan_names(self) -> None:
        """Person-name clusters: each surname to the fullest name the article gives it."""
        fulls: list[list[str]] = []
        for ent in self.entities.spans:
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

    def _scan_acronyms(self) -> None:
        """Acronyms defined in parentheses: "Syrian Democratic Forces (SDF)" makes SDF and
        the name one actor."""
        doc = self.doc
        for i, t in enumerate(view(doc).tokens):
            if t.text != "(" or i + 2 >= len(doc) or doc[i + 2].text != ")":
                continue
            acr = doc[i + 1].text
            if not ACRONYM.match(acr) or sum(c.isupper() for c in acr) < 2:
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
            name = span_text(doc, start, i)
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
        cue_verbs = lexicons.cues().all_verbs
        for ent in self.entities.spans:
            if self._in_quote(ent.start_char):
                continue
            if ent.label_ in {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}:
                continue
            actor = self.actor_for_name_span(ent)
            if actor is not None:
                self._add_history(ent.start_char, actor.id)
                if actor.type == "person" and actor.pron_gender is None:
                    actor.pron_gender = self._pronoun_after(ent, cue_verbs)
                root = ent.root
                if root.dep_ == "nsubj" and root.head.dep_ == "ROOT":
                    self.salient.add(ent.start_char)

    def _pronoun_after(self, ent: Span, cue_verbs: frozenset[str]) -> str | None:
        """The gender of the first subject "he"/"she" after a person's name in its own
        sentence, when nobody else is named or described between ("Humphrey Khoza, 25,
        ... while he was drinking"): "she" then never resolves to him. Quotes, other
        names, person nouns ("the girl") and reporting verbs stop the look."""
        doc, roles = self.doc, self.roles
        if ent.root.dep_ == "conj" or any(c.dep_ == "conj" for c in ent.root.children):
            return None  # "Burton and Hammond ... his body when he dies": whose "he"?
        for t in doc[ent.end: min(len(doc), ent.end + _PRONOUN_REACH)]:
            if t.is_sent_start:
                return None  # its own sentence only (no ``ent.sent``: a sentence walk per name)
            if t.dep_ in _PARTICIPANTS and t.pos_ in {"NOUN", "PROPN"}:
                return None  # "asked the killer to sign ... when he dies": another participant
            if self._in_quote(t.idx) or t.ent_type_ == "PERSON" or t.text in {"“", '"'}:
                return None
            if t.pos_ in {"VERB", "AUX"} and t.lemma_.lower() in cue_verbs:
                return None  # "Madden says that photos of her ...": she is whom he speaks of
            low = t.lower_
            if low in _GENDERED_PRONOUNS and t.pos_ == "PRON" and t.dep_ in {"nsubj", "nsubjpass"}:
                return _GENDERED_PRONOUNS[low]  # "... while he was drinking", not "about her husband"
            if t.pos_ == "NOUN" and t.lemma_.lower() in roles.person_roles:
                return None
        return None

    def _name_tokens(self, span: Span) -> list[Token]:
        """The name inside an entity: no possessive, leading titles, determiners or punctuation."""
        toks = [t for t in span if t.text not in {"'s", "’s", "'", "’"}]
        while toks and (
            toks[0].lower_.rstrip(".") in self.roles.titles
            or toks[0].is_punct
            or toks[0].lower_ in LEADING_DET
        ):
            toks = toks[1:]
        return self._outside_other_names(toks)

    def _outside_other_names(self, toks: list[Token]) -> list[Token]:
        """A name never starts inside another one: in the caption "Nigeria Boko Haram
        Abubakar Shekau" NER finds "Haram Abubakar Shekau", whose "Haram" ends "Boko Haram",
        a name the article uses elsewhere. Such leading words are dropped."""
        if len(toks) < 2 or toks[0].i == 0:
            return toks
        before = toks[0].doc[toks[0].i - 1]
        if not before.is_title:
            return toks
        known = self.entities.multiword_names
        for j in range(min(2, len(toks) - 1)):
            joined = " ".join([before.text] + [t.text for t in toks[: j + 1]]).lower()
            if joined in known:
                return toks[j + 1:]
        return toks

    def _looks_like_person(self, ent: Span) -> bool:
        """A PERSON entity no lexicon knows, or a title followed by a capitalised name that
        NER labelled something else."""
        if ent.label_ == "PERSON":
            return (self.lex.lookup(ent.text) is None and not self.entities.mostly_not_a_person(ent.text)
                    and not self._named_thing(ent))
        if ent.label_ in {"ORG", "NORP", "GPE", "FAC", "WORK_OF_ART", "PRODUCT"}:
            # NER often labels "Major General Igor Konashenkov" ORG: a title word
            # followed by a capitalised name is a person.
            first = ent[0].lower_.rstrip(".")
            if first in {"the"} and len(ent) > 1:
                first = ent[1].lower_.rstrip(".")
            rest = self._name_tokens(ent)
            named = (1 <= len(rest) <= 4 and all(t.is_title or t.text in {"-", "."} for t in rest)
                     and self.lex.lookup(ent.text) is None)
            titled = first in self.roles.titles and first not in self.roles.org_heads
            return named and (titled or _who_follows(ent))
        return False

    def _named_thing(self, ent: Span) -> bool:
        """A "PERSON" under an article ("the iOS App Store", "an Apps") names a thing:
        people are named without one, unless a title or a description stands between
        ("the Rev. Al Sharpton", "the late John Smith")."""
        det = next((c for c in ent.root.children if c.dep_ == "det" and c.lower_ in _ARTICLES), None)
        if det is None or det.i >= ent.start and det.i != ent.start:
            return False
        between = ent.doc[det.i + 1:ent.start]
        return all(not t.text.islower() and t.lower_.rstrip(".") not in self.roles.titles for t in between)

    def actor_for_name_span(self, span: Span) -> Actor | None:
        """A named mention (entity span) -> actor, registering it; None if not an actor."""
        text = span.text.strip()
        if not text or not any(c.isalpha() for c in text):
            return None
        if span.label_ == "PERSON" and self._named_thing(span):
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

    def mention_tokens(self, head: Token) -> tuple[list[Token], list[Token]]:
        """(mention tokens, appositive/description tokens) for a speaker head token."""
        removed: set[int] = set()
        appos: list[Token] = []
        for c in head.children:
            after = c.i > head.i
            if after and (c.dep_ in {"relcl", "acl:relcl", "punct", "cc", "conj", "advcl", "case"}
                          or c.dep_ == "acl" and c.tag_ == "VBG"):  # "a spokesman saying"
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
        # whole whitespace-delimited words: "Re/code" is one mention even if split in tokens,
        # but never across a sentence start ("Monday.The government" is two sentences)
        doc = self.doc
        glue = {"/", "-", "&", "."}
        while (lo > 0 and not doc[lo].is_sent_start and not doc[lo - 1].whitespace_
               and (doc[lo - 1].is_alpha or doc[lo - 1].text in glue)):
            lo -= 1
        while (
            hi + 1 < len(doc)
            and not doc[hi].whitespace_
            and not doc[hi + 1].is_sent_start
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


def _who_follows(ent: Span) -> bool:
    """ "Raven-Symoné (who played Olivia)", "Tom Neumayr, who speaks for Apple": a name
    that "who" takes up is a person's, whatever label NER gave it."""
    doc = ent.doc
    k = ent.end
    while k < len(doc) and doc[k].text in {"(", ",", "—", "–"}:
        k += 1
    if k >= len(doc) or doc[k].lower_ != "who" or k - ent.end > 1:
        return False
    who = doc[k]  # a relative "who" ("at Comcast who he worked for" asks a question)
    return (who.dep_ in {"nsubj", "nsubjpass"} and who.head.dep_ == "relcl"
            and ent.start <= who.head.head.i < ent.end)
