"""The actors of one article: :class:`ArticleActors` puts the resolution steps together."""

from __future__ import annotations

from spacy.tokens import Doc

from streams.nlp.actors.claims import ClaimMentions
from streams.nlp.actors.labels import TranscriptLabels
from streams.nlp.actors.lexicon import ActorLexicon
from streams.nlp.actors.speakers import SpeakerResolver


class ArticleActors(SpeakerResolver, TranscriptLabels, ClaimMentions):
    """Actors of one article; resolves speaker mentions in document order.

    Built with the pre-passes done (person names, acronyms, named mentions); then
    :meth:`resolve` (speaker heads), :meth:`label_actor` (transcript labels) and
    :meth:`mention_actor` (actors inside claims). Each step lives in its own module and
    they all share the state of :class:`~streams.nlp.actors.registry.ActorRegistry`."""

    def __init__(self, doc: Doc, lexicon: ActorLexicon, quote_spans: list[tuple[int, int]]):
        super().__init__(doc, lexicon, quote_spans)
        self._scan_names()
        self._scan_acronyms()
        self._scan_mentions()
