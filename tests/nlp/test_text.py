"""text.py: same-length normalisation, paragraphs, boilerplate and quote spans."""

from __future__ import annotations

from streams.nlp import text


def test_normalise_keeps_length_and_offsets():
    body = "Moscow\u00a0is\u200bcoordinating\tnow\r\nok \ud800 done"
    out = text.normalise(body)
    assert len(out) == len(body)
    assert out.startswith("Moscow is coordinating now")


def test_curly_and_straight_quotes():
    body = 'He said “it is over,” and then "we go home" twice.'
    qs = text.find_quotes(body)
    assert [body[q.start : q.end] for q in qs] == ["it is over", "we go home"]


def test_multi_paragraph_quote_continues():
    body = "“The first part runs on.\n\n“And the second part ends here,” she said."
    qs = text.find_quotes(body)
    assert len(qs) == 1
    assert body[qs[0].start : qs[0].end].endswith("ends here")
    assert qs[0].paragraphs == 2


def test_unclosed_quote_ends_with_paragraph():
    body = "Pat Doe: “I was there and saw it all\n\nHost: Really?"
    qs = text.find_quotes(body)
    assert body[qs[0].start : qs[0].end] == "I was there and saw it all"
    assert not qs[0].closed


def test_double_apostrophe_closes_straight_quote():
    body = "\"That is simply wrong,'' the mayor said."
    qs = text.find_quotes(body)
    assert body[qs[0].start : qs[0].end] == "That is simply wrong"


def test_boilerplate_lines():
    body = (
        "Real sentence here.\nShare this article\nFollow us on Twitter :\nLeave a comment\n"
        "3 × two =\nReporting by: Jane Roe\nSource: Wire\nPhoto: Agency\nVIEW GALLERY\n  • Short link :"
    )
    spans = text.boilerplate_spans(body)
    lines = [body[s:e] for s, e in spans]
    assert "Real sentence here." not in lines
    assert len(lines) == 9


def test_dateline_masked_same_length():
    body = "BERLIN – The minister said the talks failed."
    spans = text.dateline_spans(body)
    assert spans and body[spans[0][0] : spans[0][1]].startswith("BERLIN")
    assert len(text.mask(body, spans)) == len(body)


def test_single_quoted_quotations_in_british_style():
    body = ("'The ferry will not sail tomorrow. The storm is too strong,' the captain said. "
            "The students' union disagreed.")
    quotes = text.find_quotes(body)
    assert [body[q.start:q.end] for q in quotes] == [
        "The ferry will not sail tomorrow. The storm is too strong"]


def test_apostrophes_and_scare_quotes_are_not_quotations():
    body = "The 'crabzilla' photo spread. Rock 'n' roll fans' hopes were dashed by the boys' choir."
    assert text.find_quotes(body) == []


def test_single_quotes_inside_a_double_quoted_paragraph_are_left_alone():
    body = "\u201cHe told me 'We are not leaving, ever,' and walked out,\u201d she said."
    assert len(text.find_quotes(body)) == 1
