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

Modules, one job each:

* ``names``         lookup keys, name words as written, mention text
* ``lexicon``       :class:`ActorLexicon`
* ``model``         :class:`Actor` and :class:`Resolution`
* ``entities``      the doc's named entities once, and which holds each token
* ``registry``      the article's actor records, acronyms, surnames, mention history
* ``mentions``      pre-passes over named mentions; an entity span to its actor
* ``coref``         pronouns and role nouns to an earlier actor
* ``descriptions``  roles, organisation and aliases from descriptions and appositives
* ``speakers``      a speaker head to its actor, one step per kind of mention
* ``labels``        transcript speaker labels
* ``claims``        actors mentioned inside a claim, as proposition ids
* ``article``       :class:`ArticleActors`, all of the above for one article
"""

from streams.nlp.actors.article import ArticleActors
from streams.nlp.actors.lexicon import ActorLexicon
from streams.nlp.actors.model import Actor, Resolution
from streams.nlp.actors.names import name_words, norm_key

__all__ = ["Actor", "ActorLexicon", "ArticleActors", "Resolution", "name_words", "norm_key"]
