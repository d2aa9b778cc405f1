"""Signature similarity: one actor under a short and a full name is one actor."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from streams import signatures

SIM = {"min_shared": 0.8, "entity_weight": 0.5}


def test_a_short_name_meets_the_full_name_of_the_same_actor():
    report = {"@apple": 1.0, "shut": 0.63, "@beats": 1.0, "stream": 0.79, "servic": 0.43}
    denial = {"@beats-music": 1.0, "shut": 0.63}
    assert signatures.similarity(report, denial, **SIM) > 0.9
    assert signatures.similarity(denial, report, **SIM) > 0.9


def test_different_actors_sharing_a_word_stay_apart():
    a = {"@united-states": 1.0, "sanction": 0.7}
    b = {"@united-nations": 1.0, "sanction": 0.7}
    assert signatures.align_entities(a, b) == a
    assert signatures.similarity(a, b, **SIM) == 0.0


def test_an_ambiguous_short_name_is_not_guessed():
    a = {"@john": 1.0, "resign": 0.8}
    b = {"@john-kerry": 1.0, "@john-kirby": 1.0, "resign": 0.8}
    assert signatures.align_entities(a, b) == a


_names = st.lists(st.sampled_from(["beats", "music", "apple", "obama", "barack", "kerry"]),
                  min_size=1, max_size=3, unique=True).map(lambda ws: "@" + "-".join(ws))
_words = st.sampled_from(["shut", "stream", "resign", "wife", "hoax"])
_signature = st.dictionaries(st.one_of(_names, _words),
                             st.floats(min_value=0.05, max_value=1.0), max_size=6)


@given(_signature, _signature)
def test_similarity_is_a_share_and_does_not_depend_on_the_order(a, b):
    ab = signatures.similarity(a, b, **SIM)
    assert 0.0 <= ab <= 1.0 + 1e-9
    assert abs(ab - signatures.similarity(b, a, **SIM)) < 1e-9
