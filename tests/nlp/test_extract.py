"""Extractor contract: spans, ids, determinism, batching; property test on ugly text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.records import Article, Claim

BODY = (
    "“We will win this election,” candidate Mia Ford said on Sunday.\n\n"
    "Her rival Sam Ode said that the polls were wrong."
)


def _art(body: str, aid: str = "p-1") -> Article:
    return Article(id=aid, published_at="2024-05-01T12:00:00Z", body=body, story="s-1")


def _check(article: Article, claims: list[Claim]) -> None:
    starts = [c.span[0] for c in claims]
    assert starts == sorted(starts)
    for c in claims:
        s, e = c.span
        assert 0 <= s < e <= len(article.body)
        assert c.text == article.body[s:e]
        assert c.claim_id == Claim.make_id(article.id, c.span, c.speaker.id)
        assert c.published_at == article.published_at
        assert c.kind in {"direct", "indirect"}
        assert c.polarity in {"affirm", "deny", "hedge"}
        assert c.speaker.type in {"person", "organisation", "country", "unknown"}
        assert 0.0 <= c.confidence <= 1.0
        assert c.proposition.key


def test_contract_fields(extractor):
    art = _art(BODY)
    claims = extractor.extract(art)
    assert len(claims) == 2
    _check(art, claims)


def test_extract_many_matches_extract_and_keeps_order(extractor):
    arts = [_art(BODY, f"m-{i}") for i in range(5)] + [_art("", "empty"), _art("No quotes here.", "plain")]
    out = list(extractor.extract_many(arts, batch_size=2))
    assert [a.id for a, _ in out] == [a.id for a in arts]
    for a, claims in out:
        assert [c.to_dict() for c in claims] == [c.to_dict() for c in extractor.extract(a)]


def test_deterministic(extractor):
    art = _art(BODY)
    assert [c.to_json() for c in extractor.extract(art)] == [c.to_json() for c in extractor.extract(art)]


_alphabet = st.sampled_from(
    list("abc XYZ.,;:!?'\"“”‘’«»()[]—–-\n\t\u00a0\u200b\r\x00")
    + [
        "said",
        "told",
        "denied",
        "according to",
        "He",
        "Mr Smith",
        "“",
        "”",
        "\n\n",
        "not",
        "no",
        "Reuters",
        "\ud800",
        "😀",
    ]
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_alphabet, max_size=60).map("".join))
def test_never_crashes_and_spans_valid(extractor, body):
    art = _art(body, "h-1")
    claims = extractor.extract(art)
    _check(art, claims)
    assert [c.to_json() for c in claims] == [c.to_json() for c in extractor.extract(art)]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_unicode_text(extractor, body):
    art = _art(body, "h-2")
    _check(art, extractor.extract(art))


def test_a_rule_bug_raises_naming_the_article_instead_of_returning_no_claims(extractor,
                                                                              monkeypatch):
    from streams.errors import ExtractionError

    def broken(self, article, doc):
        raise KeyError("injected rule bug")

    monkeypatch.setattr(type(extractor), "_claims", broken)
    art = _art(BODY, "bug-1")
    try:
        extractor.extract(art)
    except ExtractionError as exc:
        assert exc.article_id == "bug-1" and "injected rule bug" in str(exc)
    else:
        raise AssertionError("a rule bug passed as 'no claims'")
