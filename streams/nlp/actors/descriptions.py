"""What a mention says about its actor besides the name: role nouns, the organisation a
spokesperson speaks for ("The Russian Defense Ministry spokesman", "Talal Silo,
spokesperson of the SDF"), aliases."""

from __future__ import annotations

from spacy.tokens import Token

from streams.nlp.actors.model import Actor
from streams.nlp.actors.names import LEADING_DET, span_text
from streams.nlp.actors.registry import ActorRegistry


class Descriptions(ActorRegistry):
    """Roles, organisation and aliases from descriptive mentions and appositives."""

    def _attach_description(self, actor: Actor, toks: list[Token], role_tok: Token, desc: str | None) -> None:
        """Role noun and org from a description: "The Russian Defense Ministry spokesman"."""
        roles = self.roles
        role_lemma = role_tok.lemma_.lower()
        if desc:
            actor.add_alias(desc)
            d = desc.split()
            if d and d[0].lower() in LEADING_DET:
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
                if t.lower_ in LEADING_DET or t.is_punct:
                    continue
                org_toks.append(t)
            if (
                org_toks
                and any(t.is_title or t.is_upper for t in org_toks)
                and any(t.pos_ in {"NOUN", "PROPN"} for t in org_toks)
            ):
                org_text = span_text(self.doc, org_toks[0].i, org_toks[-1].i + 1)
                self._set_org(actor, org_text)

    def _attach_appos(self, actor: Actor, appos: list[Token]) -> None:
        """ "Talal Silo, spokesperson of the SDF" -> alias + org from the "of/for/to" object."""
        if not appos:
            return
        text = span_text(self.doc, appos[0].i, appos[-1].i + 1)
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
                        org_text = span_text(self.doc, sub[0].i, sub[-1].i + 1)
                        self._set_org(actor, org_text)
                        return
