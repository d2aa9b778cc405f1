"""The linear-cost guards and span indexes: same answers as the scans they replace."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from streams.nlp import guards
from streams.nlp.spans import Cover, Ordered, Paragraphs
from streams.nlp.text import find_quotes, paragraphs


def test_break_runs_keeps_length_and_the_head_of_a_long_run():
    text = "a" + "\u201c" * 200 + " b (" + "(" * 10 + ") c"
    out = guards.break_runs(text)
    assert len(out) == len(text)
    assert out[: 1 + guards.RUN_LIMIT] == text[: 1 + guards.RUN_LIMIT]
    assert out[1 + guards.RUN_LIMIT : 201] == " " * (200 - guards.RUN_LIMIT)
    assert out[201:] == text[201:]  # short runs untouched


@given(st.text(alphabet=st.sampled_from(list("ab .,“”\"()\n")), max_size=300))
def test_break_runs_is_identity_without_long_runs(text):
    if all(len(run) <= guards.RUN_LIMIT for run in text.replace(" ", "a").replace("\n", "a").split("a")):
        assert guards.break_runs(text) == text


def test_fold_repeats_keeps_length_newlines_and_the_first_copies():
    unit = "He said that "
    text = "Intro.\n" + unit * 3000 + "\n\nThe end, she said.\n" + "ab\n" * 2000
    out = guards.fold_repeats(text)
    assert len(out) == len(text)
    head = 7 + len(unit) * guards.REPEAT_KEEP
    assert out[:head] == text[:head]                     # the first copies stay as they were
    assert out[head:7 + len(unit) * 3000].strip() == ""  # the rest of the run is blank
    assert "\n\nThe end, she said.\n" in out            # what follows the run is untouched
    assert [i for i, ch in enumerate(out) if ch == "\n"] == [i for i, ch in enumerate(text) if ch == "\n"]


@settings(max_examples=50)
@given(st.lists(st.sampled_from(["The minister said ", "talks failed. ", "“No,” he said. ", "\n", "Police ",
                                 "denied it. ", "(AP) ", "Reports: "]), min_size=1, max_size=60))
def test_fold_repeats_leaves_text_without_long_repetitions_alone(pieces):
    text = "".join(pieces) * (guards.FOLD_MIN_CHARS // max(1, len("".join(pieces))) + 1)
    text = "".join(f"{i} {piece}" for i, piece in enumerate(text.split(" ")))  # no unit repeats 20x
    assert guards.fold_repeats(text) == text


def test_a_repeated_cue_phrase_gives_a_few_claims_not_thousands(extractor):
    from streams.records import Article

    body = "Officials said the minister resigned. " * 5000  # 190k characters, one statement
    claims = extractor.extract(Article(id="rep", published_at="2024-01-01T00:00:00Z", body=body))
    assert 1 <= len(claims) <= guards.REPEAT_KEEP


def test_bound_sentences_cuts_only_breakless_stretches(nlp):
    doc = guards.bound_sentences(nlp.make_doc("He said that " * 300 + "\n\nShe left. He stayed."), 100)
    preset = [t.i for t in doc if t.is_sent_start]
    assert preset == list(range(0, 901, 100))  # the stretch runs up to the newline token
    assert all(doc[i].is_sent_start is False for i in range(1, 100))
    assert all(t.is_sent_start is None for t in doc[901:])  # the real sentences are the parser's
    parsed = nlp(doc)
    assert max(len(s) for s in parsed.sents) <= 100


def test_bound_sentences_leaves_normal_text_to_the_parser(nlp):
    doc = guards.bound_sentences(nlp.make_doc("The minister said the talks failed. " * 50))
    assert all(t.is_sent_start is None for t in doc[1:])


_spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])),
                  max_size=25)


@given(_spans, st.integers(-2, 90))
def test_cover_matches_any(spans, pos):
    assert Cover(spans).covers(pos) == any(s <= pos < e for s, e in spans)


@given(_spans, st.integers(0, 90), st.integers(0, 90))
def test_ordered_matches_scans(spans, s, e):
    idx = Ordered(spans, lambda x: x[0], lambda x: x[1])
    assert sorted(idx.containing(s, e)) == sorted(x for x in spans if x[0] <= s and x[1] >= e)
    assert sorted(idx.inside(s, e)) == sorted(x for x in spans if s <= x[0] and x[1] <= e)


@settings(max_examples=200)
@given(st.text(alphabet=st.sampled_from(list("ab “”\"\n")), max_size=120), st.integers(0, 130))
def test_paragraph_and_quote_lookups_match_scans(text, pos):
    paras = paragraphs(text)
    idx = Paragraphs(paras)
    first = next((i for i, (s, e) in enumerate(paras) if s <= pos < e), None)
    assert idx.index(pos) == first
    inclusive = next((i for i, (s, e) in enumerate(paras) if s <= pos <= e), None)
    assert idx.index(pos, inclusive_end=True) == inclusive
    quotes = find_quotes(text)  # quotes never nest, so the monotone walk applies
    marks = Ordered(quotes, lambda q: q.open, lambda q: q.mark_end)
    assert marks._monotone
    assert sorted(q.open for q in marks.containing(pos, pos + 1)) == sorted(
        q.open for q in quotes if q.open <= pos and pos + 1 <= q.mark_end)
