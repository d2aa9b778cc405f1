"""Text-level helpers for names: lookup keys, name words as written, mention text."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from streams.nlp.docview import view

WS = re.compile(r"\s+")
POSS = re.compile(r"(?:'s|’s|'|’)$")
LEADING_DET = {"the", "a", "an", "this", "that", "these", "those", "its", "their", "his", "her"}
ACRONYM = re.compile(r"^[A-Z][A-Za-z0-9&./-]{1,9}$")
#: abstract nouns ("the region", "the decision", "the movement") never speak
ABSTRACT_NOUN = re.compile(r"(?:tion|sion|ment|ness|ity|ance|ence|ism|ship|hood|ure|ing)$")


def norm_key(text: str) -> str:
    """Lookup key: lower case, single spaces, no leading "the", no possessive."""
    t = WS.sub(" ", text.replace("’", "'")).strip(' ,.;:!?"“”()[]').lower()
    t = POSS.sub("", t).strip()
    if t.startswith("the "):
        t = t[4:]
    return t


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


def span_text(doc: Doc, start: int, end: int) -> str:
    """The text of tokens ``[start, end)`` as written in the article."""
    if end <= start:
        return ""
    return view(doc).text[doc[start].idx : doc[end - 1].idx + len(doc[end - 1].text)]


def hyphen_part(tok: Token) -> bool:
    """The lower-case half of a hyphenated given name: "Byeong-chul", "Jong-un"."""
    doc = tok.doc
    return (tok.i >= 2 and doc[tok.i - 1].text in {"-", "\u2010"} and not doc[tok.i - 1].whitespace_
            and not doc[tok.i - 2].whitespace_ and doc[tok.i - 2].is_title)
