"""Actors mentioned inside a claim's content, as proposition ids ("we" -> the speaker's
side, "Russian jets" -> russia, "them [Kurdish forces]" -> sdf)."""

from __future__ import annotations

from spacy.tokens import Token

from streams.nlp.actors.mentions import MentionIndex
from streams.nlp.actors.model import Actor
from streams.nlp.actors.names import norm_key, span_text


class ClaimMentions(MentionIndex):
    """Proposition actor ids of mention tokens inside claims."""

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
                gloss = span_text(doc, tok.i + 2, j)
                a = self.actor_for_text(gloss)
                if a is not None:
                    return self.prop_id(a.id) if a.prop_id is None else a.prop_id
            return None
        # entity containing the token, else the compound phrase
        ent = self.entities.at(tok.i)
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
            phrase = span_text(doc, start, tok.i + 1)
            e = self.lex.lookup(phrase)
            if e is not None:
                return e.id
            if phrase in self.acronyms or norm_key(phrase) in self.acronyms:
                return self.acronyms.get(phrase) or self.acronyms.get(norm_key(phrase))
        return None
