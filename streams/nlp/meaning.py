"""Meaning vectors: what a claim says, comparable when two claims share few words.

"The NHL is considering expanding by four teams" and "the league is looking to expand" have
almost no content word in common, so their lexical signatures (``streams.signatures``) never
meet; their meaning vectors do. The vectors come from WordLlama (MIT licence; a static
token-embedding model distilled from an LLM's embedding codebook, 256 dimensions, 16 MB of
weights shipped inside its PyPI wheel, so nothing is downloaded at run time) and cost a few
microseconds per claim on a CPU.

What is embedded is the proposition, not the stance: negation, denial and hedge words and
words that only point at a statement are removed first, so "X is suspended" and "X is not
suspended" land close together and the judge compares polarity separately. A claim that
only points at a report ("denied the reports") is embedded as the text it refers to.

The vector travels in the claim record as ``proposition.embedding`` (unit length, int8,
base64: 344 characters), so the judge compares claims without loading any model
(``streams.signatures.meaning_similarity``).
"""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from streams.signatures import encode_embedding

if TYPE_CHECKING:  # pragma: no cover
    from wordllama import WordLlamaInference

#: stance and pointer words: they say how a claim stands, not what it is about
_STANCE_WORDS = re.compile(
    r"\b(?:not|no|never|nothing|none|neither|nor|cannot|n[’']t|"
    r"den(?:y|ies|ied|ying|ial|ials)|reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|"
    r"refute[sd]?|false(?:ly)?|untrue|wrong|baseless|unfounded|hoax(?:es)?|fake|nonsense|rubbish|"
    r"rumou?rs?|reports?|reported|claims?|claimed|allegations?|alleged(?:ly)?|speculation|"
    r"may|might|could|possibly|probably|perhaps|unconfirmed|unclear)\b",
    re.IGNORECASE,
)
_SPACES = re.compile(r"\s+")


def proposition_text(text: str, refers: str | None = None) -> str:
    """The words a claim's meaning vector is made of: the referred text for a pointer,
    stance words removed (the original text when nothing else is left)."""
    source = refers or text
    stripped = _SPACES.sub(" ", _STANCE_WORDS.sub(" ", source)).strip()
    return stripped if any(ch.isalnum() for ch in stripped) else source


@lru_cache(maxsize=1)
def load_model() -> WordLlamaInference:
    """WordLlama's default 256-dimension model from the files inside the installed wheel.
    Downloads are disabled: a missing file is an error, never a network call."""
    import wordllama

    logging.getLogger("wordllama").setLevel(logging.WARNING)
    package = Path(wordllama.__file__).parent
    # the wheel keeps its tokenizer under tokenizers/, which WordLlama finds as a cache dir
    return wordllama.WordLlama.load(cache_dir=package, disable_download=True)


def embed(texts: list[str]) -> list[str | None]:
    """Encoded unit meaning vectors for ``texts`` (``None`` for a text with no tokens)."""
    if not texts:
        return []
    vectors = load_model().embed(texts, norm=True)
    return [encode_embedding(v) for v in vectors]
