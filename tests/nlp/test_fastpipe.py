"""The speed-ups must not change any annotation the rules read, nor any claim."""

from __future__ import annotations

import pytest

from streams.nlp.docview import DocView, release, view
from streams.nlp.fastpipe import FastAttributeRuler
from streams.records import Article

# one sentence per claim-bearing construction the rules handle, plus the odd tokens the
# attribute ruler has special patterns for (ain't, gonna, y'all, let's, nothin', "there is")
CLAIM_SENTENCES = {
    "direct_after": "“We will not resign,” Prime Minister Jane Holt said on Monday.",
    "direct_before": "Holt told reporters: “The plan is dead and we are moving on.”",
    "straight_quotes": '"The report is false and we never saw it," the ministry said.',
    "according_to": "According to the Associated Press, the meteorite left a crater near the airport.",
    "according_after": "The crater was 16 feet deep, according to local officials.",
    "reporting_verb": "Police spokesman Tom Reyes said the suspect had been released on Friday.",
    "denial": "The company denied that it had paid the hackers any ransom.",
    "transcript_label": "Dan Olsen: We have seen no evidence of a cover-up at all.",
}
ODD = "I ain't gonna say it, y'all. Let's go. Nothin' there is it. It's him, isn't it? You did."


def _attrs(doc):
    return [(t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_fast_attribute_ruler_matches_stock_component(nlp):
    fast = FastAttributeRuler.build(nlp.get_pipe("attribute_ruler"))
    assert fast is not None
    texts = [*CLAIM_SENTENCES.values(), ODD, "  \n\n  x \n", " ".join(CLAIM_SENTENCES.values())]
    ref = list(nlp.pipe(texts, disable=["ner"]))
    got = list(nlp.pipe(texts, disable=["ner", "attribute_ruler", "lemmatizer"]))
    lemmatizer = nlp.get_pipe("lemmatizer")
    for r, g in zip(ref, got, strict=True):
        g = lemmatizer(fast(g))
        assert _attrs(g) == _attrs(r)


def test_fast_attribute_ruler_declines_unsupported_patterns(nlp):
    from spacy.pipeline import AttributeRuler

    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"LOWER": "x", "OP": "+"}]], {"POS": "X"})
    assert FastAttributeRuler.build(ruler) is None
    ruler = AttributeRuler(nlp.vocab)
    ruler.add([[{"SHAPE": "Xxxx"}]], {"POS": "X"})
    assert FastAttributeRuler.build(ruler) is None


def test_extractor_uses_fast_path_and_output_matches_stock_pipeline(nlp, extractor):
    from streams.nlp.extract import Extractor

    assert extractor._post, "fast attribute ruler not in use"
    stock = Extractor(nlp=nlp)
    stock._post = []
    stock._disable = [p for p in stock._disable if p not in {"attribute_ruler", "lemmatizer"}]
    body = "\n\n".join(CLAIM_SENTENCES.values()) + "\n\n" + ODD
    art = Article(id="fp-1", published_at="2024-01-01T00:00:00Z", body=body)
    assert [c.to_json() for c in extractor.extract(art)] == [c.to_json() for c in stock.extract(art)]


@pytest.mark.parametrize("kind", sorted(CLAIM_SENTENCES))
def test_every_claim_bearing_sentence_type_still_yields_a_claim(run, kind):
    body = "The weather was mild in the capital.\n\n" + CLAIM_SENTENCES[kind] + "\n\nTraffic was light."
    claims = run(body)
    assert claims, kind
    for c in claims:
        assert body[c.span[0] : c.span[1]] == c.text


def test_docview_between_equals_linear_scan(nlp):
    doc = nlp.make_doc("  Hello,  “world”  said\n\nshe. ")
    dv = DocView(doc)
    assert dv.text == doc.text
    n = len(doc.text)
    for s in range(-1, n + 2):
        for e in range(-1, n + 2):
            assert [t.i for t in dv.between(s, e)] == [t.i for t in doc if s <= t.idx < e]
    for c in range(-1, n + 2):
        assert dv.first_at(c) == next((t.i for t in doc if t.idx >= c), len(doc))


def test_docview_cache_follows_the_doc(nlp):
    a, b = nlp.make_doc("one two"), nlp.make_doc("three")
    assert view(a).text == "one two"
    assert view(b).text == "three"
    assert view(a).doc is a
    release()
    assert view(b).doc is b


def test_fast_lemmatizer_matches_stock_component(nlp):
    from spacy.tokens import Doc

    from streams.nlp.fastpipe import FastLemmatizer

    stock = nlp.get_pipe("lemmatizer")
    fast = FastLemmatizer.build(stock)
    assert fast is not None
    ruler = nlp.get_pipe("attribute_ruler")
    texts = [*CLAIM_SENTENCES.values(), ODD, "  \n\n  x \n", " ".join(CLAIM_SENTENCES.values()), ""]
    for doc in nlp.pipe(texts, disable=["ner", "attribute_ruler", "lemmatizer"]):
        doc = ruler(doc)
        if len(doc):
            doc[0].lemma_ = "preset"  # a lemma set upstream is kept, as the stock one keeps it
        twin = Doc(nlp.vocab).from_bytes(doc.to_bytes())
        assert [t.lemma_ for t in fast(doc)] == [t.lemma_ for t in stock(twin)]
        assert not len(doc) or doc[0].lemma_ == "preset"


def test_fast_lemmatizer_declines_other_modes():
    from streams.nlp.fastpipe import FastLemmatizer

    class Lookup:
        mode = "lookup"

    assert FastLemmatizer.build(Lookup()) is None
