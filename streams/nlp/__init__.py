"""Pure NLP: article text -> attributed claims. No Faust, no Kafka.

Modules, one job each (see ``lexicons/README.md`` for the data files):

* :mod:`text`          same-length normalisation, paragraphs, boilerplate, quote spans
* :mod:`lexicons`      loads the YAML lexicons once
* :mod:`attribution`   who-said-what frames: direct quotes and indirect speech (a package:
                       one module per kind of frame, listed in its docstring)
* :mod:`actors`        speaker mentions -> canonical actors (names, roles, pronouns, aliases;
                       a package: one module per resolution step, listed in its docstring)
* :mod:`polarity`      affirm / deny / hedge, scoped to the claim clause
* :mod:`propositions`  (subject, relation, object) keys for claims
* :mod:`extract`       :class:`Extractor`, the public entry point (``nlp.pipe`` batching)
* :mod:`guards`        bounds that keep extraction linear on hostile text (runs, long sentences)
* :mod:`spans`         bisection look-ups over paragraph / quote / frame spans
* :mod:`fastpipe`      exact, faster stand-ins for the attribute ruler and the lemmatizer
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["Extractor"]

if TYPE_CHECKING:  # pragma: no cover
    from streams.nlp.extract import Extractor


def __getattr__(name: str) -> Any:  # lazy: importing the package must not load spaCy
    if name == "Extractor":
        from streams.nlp.extract import Extractor

        return Extractor
    raise AttributeError(name)
