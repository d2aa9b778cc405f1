"""A "that"-clause the parser split in two is still one claim (the repair in ``indirect``).

The parse is built by hand: it is the split the small English model makes on some long
clauses ("confirmed that the woman who was detained ... travelling with a fake ID are in
fact his ex-wife" -- "are" and "ex-wife" hung on the cue), so the test does not depend on
when the model happens to make it.
"""

from __future__ import annotations

import spacy
from spacy.tokens import Doc

from streams.nlp import lexicons
from streams.nlp.attribution.context import DocContext
from streams.nlp.attribution.grammar import CueGrammar
from streams.nlp.attribution.indirect import _content_tokens

# (word, head index, dep, pos, lemma)
SPLIT = [
    ("An", 1, "det", "DET", "an"), ("official", 2, "nsubj", "NOUN", "official"),
    ("confirmed", 2, "ROOT", "VERB", "confirm"), ("that", 6, "mark", "SCONJ", "that"),
    ("the", 5, "det", "DET", "the"), ("woman", 6, "nsubj", "NOUN", "woman"),
    ("travelling", 2, "ccomp", "VERB", "travel"), ("with", 6, "prep", "ADP", "with"),
    ("a", 10, "det", "DET", "a"), ("fake", 10, "amod", "ADJ", "fake"), ("ID", 7, "pobj", "PROPN", "ID"),
    ("is", 2, "ccomp", "AUX", "be"), ("in", 11, "prep", "ADP", "in"), ("fact", 12, "pobj", "NOUN", "fact"),
    ("his", 16, "poss", "PRON", "his"), ("former", 16, "amod", "ADJ", "former"),
    ("wife", 2, "dobj", "NOUN", "wife"), (".", 2, "punct", "PUNCT", "."),
]


def _doc(rows: list[tuple[str, int, str, str, str]]) -> Doc:
    words = [r[0] for r in rows]
    return Doc(spacy.blank("en").vocab, words=words, heads=[r[1] for r in rows], deps=[r[2] for r in rows],
               pos=[r[3] for r in rows], lemmas=[r[4] for r in rows])


def _content(rows) -> str:
    doc = _doc(rows)
    ctx = DocContext.build(doc, [], [(0, len(doc.text))])
    toks = _content_tokens(CueGrammar(lexicons.cues()), ctx, doc[6], doc[2])
    return " ".join(t.text for t in toks)


def test_the_parts_of_a_split_that_clause_are_one_content():
    assert _content(SPLIT) == "the woman travelling with a fake ID is in fact his former wife"


def test_a_comma_ends_the_clause():
    rows = list(SPLIT)
    rows[11:11] = [(",", 2, "punct", "PUNCT", ",")]
    rows = [(w, h + 1 if h >= 11 else h, d, p, lem) for w, h, d, p, lem in rows]
    assert _content(rows) == "the woman travelling with a fake ID"


def test_a_comma_inside_the_clause_ends_it_too():
    # "..., Mashable reports": the comma hangs on the clause, the next part is no part of it
    rows = list(SPLIT)
    rows[11:11] = [(",", 6, "punct", "PUNCT", ",")]
    rows = [(w, h + 1 if h >= 11 else h, d, p, lem) for w, h, d, p, lem in rows]
    assert _content(rows) == "the woman travelling with a fake ID"


def test_a_complement_with_its_own_speaker_is_not_part_of_the_clause():
    # "... travelling with a fake ID police said she fled": another report, not the rest
    rows = SPLIT[:11] + [
        ("police", 12, "nsubj", "NOUN", "police"), ("said", 2, "ccomp", "VERB", "say"),
        ("she", 14, "nsubj", "PRON", "she"), ("fled", 12, "ccomp", "VERB", "flee"),
        (".", 2, "punct", "PUNCT", "."),
    ]
    assert _content(rows) == "the woman travelling with a fake ID"
