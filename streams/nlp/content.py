"""Content signatures of claims and articles (see ``streams.signatures``).

:class:`ArticleContent` maps every token of a parsed article once to a term (or nothing)
and a weight, so that the signature of any claim span costs time proportional to the span,
and the article's own signature (its *context*: what the article is about) is one pass.

* Terms are stems of content-word lemmas ("suspended", "suspension" -> ``suspen``), or
  ``@actor-id`` for named mentions (through :class:`ArticleActors`, so "Woods" and "Tiger
  Woods" are one term, "Moscow" and "the Russians" too), or ``#800`` for numbers.
* Left out: stop words, pronouns, determiners, auxiliaries, adverbs, negation, hedges,
  discrediting words ("false", "rubbish"), reporting verbs and the nouns that only point
  at a statement ("claims", "report", "story"). A claim whose own content is nothing but
  such words ("These claims are absolutely false") is a *reference*: it is about what the
  article reports (:meth:`ArticleContent.context`).
* Weights come from word frequency in general English (``wordfreq``; not fitted to any
  corpus): ``(7 - zipf) / 3.5`` clamped to ``[0.05, 1]``, names weigh 1.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc, Token

from streams import signatures
from streams.nlp import lexicons
from streams.nlp.actors import ArticleActors
from streams.nlp.docview import view
from streams.nlp.spans import Cover

#: parts of speech whose words can carry what a statement is about
CONTENT_POS = frozenset({"NOUN", "PROPN", "VERB", "ADJ", "NUM"})
#: where a story happens, not who it is about: "Iraq" and "Mosul" file one story apart
PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "FAC"})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT",
                         "WORK_OF_ART", "LAW"})
STEM_CHARS = 6
NUMBER_WEIGHT = 0.6
#: how many terms an article's context keeps, and how much its lead sentences count extra
CONTEXT_TERMS = 24
LEAD_SENTENCES = 2
LEAD_BOOST = 2.0
#: generational suffixes that are no surname ("Michael Brown Jr.")
_NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
#: a claim whose own content weighs less than this is a reference to what is reported
REFERENCE_MASS = 0.9


@lru_cache(maxsize=65536)
def word_weight(lemma: str) -> float:
    """How distinctive a word is in general English (rare -> 1, common -> small)."""
    from wordfreq import zipf_frequency

    zipf = zipf_frequency(lemma, "en")
    return max(0.05, min(1.0, (7.0 - zipf) / 3.5))


def stem(lemma: str) -> str:
    lemma = lemma.lower()
    return lemma[:STEM_CHARS] if len(lemma) > STEM_CHARS else lemma


@lru_cache(maxsize=1)
def _excluded_lemmas() -> frozenset[str]:
    """Words that never say what a statement is about (polarity, reporting, pointers)."""
    cues = lexicons.cues()
    pol = lexicons.polarity()
    words = set(cues.all_verbs) | set(cues.claim_nouns) | set(pol.discredit) | set(pol.hedge_words)
    words |= set(pol.positive_truth) | set(pol.light_predicates) | set(pol.negated_hedges)
    words |= {"opinion", "retraction", "knowledge", "fact", "basis", "base", "evidence", "proof",
              "information", "intelligence", "credible", "indication", "aware", "unaware",
              "firsthand", "speculation", "detail", "details", "moment",
              "truth", "true", "untrue", "deny", "denial", "confirm", "confirmation", "comment",
              "reporter", "source", "sources", "official", "officials", "spokesman",
              "spokeswoman", "spokesperson", "statement", "interview", "news", "people",
              "thing", "lot", "way", "time", "year", "day", "week", "month", "today",
              "yesterday", "tomorrow", "mr", "mrs", "ms", "dr"}
    return frozenset(w.lower() for w in words)


class ArticleContent:
    """Terms of one parsed article: per token once, then any span or the whole article."""

    def __init__(self, doc: Doc, actors: ArticleActors, title: str = "") -> None:
        self.doc = doc
        dv = view(doc)
        self._tokens = dv.tokens
        n = len(self._tokens)
        self.term: list[str | None] = [None] * n
        self.weight: list[float] = [0.0] * n
        self._outlets: set[str] = set()
        #: per entity term: mentions labelled a place or nationality, and all mentions
        self._place_votes: Counter[str] = Counter()
        self._person_votes: Counter[str] = Counter()
        self._mention_votes: Counter[str] = Counter()
        self._entity_terms(doc, actors)
        excluded = _excluded_lemmas()
        for t in self._tokens:
            if self.term[t.i] is not None or t.ent_type_:
                continue
            term = self._word_term(t, excluded)
            if term is not None:
                self.term[t.i], self.weight[t.i] = term
        self._title = title
        self._context: dict[str, float] | None = None
        self._counts: Counter[str] | None = None
        self._weights: dict[str, float] | None = None

    # ------------------------------------------------------------------ per token

    def _entity_terms(self, doc: Doc, actors: ArticleActors) -> None:
        """One ``@id`` term per named mention (on its first token; the rest get none)."""
        for ent in doc.ents:
            if ent.label_ in {"CARDINAL", "MONEY", "QUANTITY", "PERCENT"}:
                for t in ent:
                    if any(ch.isdigit() for ch in t.text):
                        self.term[t.i], self.weight[t.i] = "#" + t.text.replace(",", ""), NUMBER_WEIGHT
                continue
            if ent.label_ not in NAME_LABELS:
                continue
            actor = actors.actor_for_name_span(ent)
            if actor is not None:
                aid = actor.prop_id or actors.prop_id(actor.id) or actor.id
                if actor.publication:
                    self._outlets.add(signatures.entity_term(aid))
            else:
                aid = lexicons.slug(ent.text)
            if aid and aid != "unknown":
                term = signatures.entity_term(aid)
                self.term[ent.start], self.weight[ent.start] = term, 1.0
                self._mention_votes[term] += 1
                self._place_votes[term] += ent.label_ in PLACE_LABELS
                self._person_votes[term] += ent.label_ == "PERSON"

    @staticmethod
    def _word_term(t: Token, excluded: frozenset[str]) -> tuple[str, float] | None:
        if t.pos_ not in CONTENT_POS or t.is_stop or not t.text.strip():
            return None
        if t.pos_ == "NUM":
            digits = t.text.replace(",", "")
            return ("#" + digits, NUMBER_WEIGHT) if any(c.isdigit() for c in digits) else None
        lemma = t.lemma_.lower()
        if len(lemma) < 3 or not lemma.replace("-", "").isalpha() or lemma in excluded:
            return None
        if t.dep_ == "neg":
            return None
        return stem(lemma), word_weight(lemma)

    def term_at(self, i: int) -> str | None:
        """The term of token ``i``; for a token inside a named mention, the mention's."""
        if self.term[i] is not None:
            return self.term[i]
        tok = self._tokens[i]
        if tok.ent_type_ and tok.ent_iob_ == "I":
            j = i
            while j > 0 and self._tokens[j].ent_iob_ == "I":
                j -= 1
            return self.term[j]
        return None

    # ------------------------------------------------------------------ signatures

    def span_terms(self, start: int, end: int) -> dict[str, float]:
        """Signature of the text between two character offsets."""
        out: dict[str, float] = {}
        for t in view(self.doc).between(start, end):
            term = self.term[t.i]
            if term is not None and self.weight[t.i] > out.get(term, 0.0):
                out[term] = self.weight[t.i]
        return out

    def counts(self) -> Counter[str]:
        """Term frequencies over the article (lead sentences counted ``LEAD_BOOST`` times)."""
        if self._counts is None:
            counts: Counter[str] = Counter()
            lead_end = self._lead_end()
            for t in self._tokens:
                term = self.term[t.i]
                if term is not None:
                    counts[term] += LEAD_BOOST if t.idx < lead_end else 1.0
            for word in self._title.split():
                lemma = word.strip(".,;:!?\"'“”‘’()").lower()
                if len(lemma) >= 3 and lemma.isalpha() and lemma not in _excluded_lemmas():
                    counts[stem(lemma)] += LEAD_BOOST
            self._counts = counts
        return self._counts

    def _lead_end(self) -> int:
        seen = 0
        for t in self._tokens:
            if t.is_sent_start and not t.is_space:
                seen += 1
                if seen > LEAD_SENTENCES:
                    return t.idx
        return len(view(self.doc).text)

    def title_terms(self) -> dict[str, float]:
        """Terms of the article's title (what the article reports, when it has one)."""
        out: dict[str, float] = {}
        for word in self._title.split():
            lemma = word.strip(".,;:!?\"'“”‘’()").lower()
            if len(lemma) >= 3 and lemma.isalpha() and lemma not in _excluded_lemmas():
                out[stem(lemma)] = word_weight(lemma)
        return out

    def anchor(self, spans: list[tuple[int, int]]) -> str:
        """The actor the article's claims and lead name most (outlets aside), else its most
        frequent distinctive word: where a story without a feed id is filed. Speakers are
        named outside their claims, so they do not become what the article is about.
        Places and nationalities (mostly labelled so) come last: two reports of one story
        name its actors alike but its setting variously ("Iraq", "Mosul", "Iraqi"). A person
        counts under their surname (:meth:`_family`), and a tie goes to the actor the whole
        article names most: one report says "James Wright Foley", the next "James Foley"."""
        counts: Counter[str] = Counter()
        lead_end = self._lead_end()
        in_claims = Cover(spans)
        for t in self._tokens:
            term = self.term[t.i]
            if term is None or not signatures.is_entity(term) or term in self._outlets:
                continue
            if t.idx < lead_end:
                counts[self._family(term)] += LEAD_BOOST
            elif in_claims.covers(t.idx):
                counts[self._family(term)] += 1.0
        if counts:
            places = {self._family(t) for t in self._place_votes if self._is_place(t)}
            overall: Counter[str] = Counter()
            for term, n in self.counts().items():
                if signatures.is_entity(term):
                    overall[self._family(term)] += n
            return min(counts, key=lambda t: (t in places, -counts[t], -overall[t], t))[1:]
        context = self.context()
        if context:
            freq = self.counts()
            return min(context, key=lambda t: (-freq.get(t, 0) * context[t], t)).lstrip("#")
        return "none"

    def _family(self, term: str) -> str:
        """A person's entity term as their surname ("@james-wright-foley" -> "@foley"), so
        that reports naming one person differently file under one story; other terms as
        they are. One mention labelled a person is enough: the small model calls
        "Abu Bakr al-Baghdadi" a person in one sentence and an organisation in the next."""
        if not self._person_votes[term]:
            return term
        parts = [p for p in term[1:].split("-") if p not in _NAME_SUFFIXES]
        if len(parts) > 1 and len(parts[-1]) >= 3:
            return "@" + parts[-1]
        return term

    def _is_place(self, term: str) -> bool:
        return 2 * self._place_votes[term] > self._mention_votes[term]

    def context(self) -> dict[str, float]:
        """What the article is about: its most frequent distinctive terms."""
        if self._context is None:
            self._context = self._rank(self.counts())
        return self._context

    def _rank(self, counts: Counter[str]) -> dict[str, float]:
        weights = self._term_weights()
        scored = {t: c * weights.get(t, 0.5) for t, c in counts.items() if c > 0}
        best = signatures.top(scored, CONTEXT_TERMS)
        return {t: round(weights.get(t, 0.5), signatures.WEIGHT_DIGITS) for t in best}

    def _term_weights(self) -> dict[str, float]:
        if self._weights is None:
            out: dict[str, float] = {}
            for i, term in enumerate(self.term):
                if term is not None:
                    out[term] = max(out.get(term, 0.0), self.weight[i])
            for word in self._title.split():
                lemma = word.strip(".,;:!?\"'“”‘’()").lower()
                if len(lemma) >= 3 and lemma.isalpha():
                    out.setdefault(stem(lemma), word_weight(lemma))
            self._weights = out
        return self._weights


def is_reference(terms: signatures.Terms) -> bool:
    """Does a claim that names a statement ("the TechCrunch report is not true", "these
    claims are false") carry too little content of its own to say what it is about?
    Names only say whose statement it is."""
    own = {t: w for t, w in terms.items() if not t.startswith("#") and not signatures.is_entity(t)}
    return signatures.mass(own) < REFERENCE_MASS
