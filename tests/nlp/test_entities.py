"""entities.py: one name keeps one sense through an article."""

from __future__ import annotations

from spacy.tokens import Doc, Span
from spacy.vocab import Vocab

from streams.nlp.actors.entities import EntityIndex


def _doc(words: list[str], ents: list[tuple[int, int, str]]) -> Doc:
    doc = Doc(Vocab(), words=words)
    doc.ents = [Span(doc, s, e, label=label) for s, e, label in ents]
    return doc


def test_a_one_word_name_labelled_an_organisation_more_often_is_not_a_person():
    words = ["Comcast", "billed", "him", ".", "Comcast", "sent", "letters",
             ".", "Comcast", "said", "no", ".", "He", "sued", "Comcast"]
    doc = _doc(words, [(0, 1, "PERSON"), (4, 5, "ORG"), (8, 9, "ORG"), (14, 15, "ORG")])
    assert EntityIndex(doc).mostly_not_a_person("Comcast")


def test_a_name_labelled_a_person_as_often_as_not_stays_a_person():
    words = ["Rourke", "sued", ".", "Rourke", "won", ".", "Rourke", "left"]
    doc = _doc(words, [(0, 1, "PERSON"), (3, 4, "ORG"), (6, 7, "PERSON")])
    assert not EntityIndex(doc).mostly_not_a_person("Rourke")


def test_a_full_name_is_never_demoted_by_votes():
    words = ["Jeh", "Johnson", "spoke", ".", "Jeh", "Johnson", "left", ".", "Jeh", "Johnson", "returned"]
    doc = _doc(words, [(0, 2, "PERSON"), (4, 6, "ORG"), (8, 10, "ORG")])
    assert not EntityIndex(doc).mostly_not_a_person("Jeh Johnson")
