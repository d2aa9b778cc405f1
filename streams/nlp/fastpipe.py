"""Exact, faster stand-ins for pipeline steps the extractor runs on every token.

:class:`FastAttributeRuler` replaces spaCy's ``AttributeRuler.__call__`` for the
en_core_web_sm rule set. The stock component runs a general ``Matcher`` over ~180
single/two-token patterns, which costs about as much as the dependency parser. Every
pattern there only tests ``LOWER``, ``TAG``, ``DEP`` and ``IS_SPACE``, so which patterns
match a token is a function of those four values: we compute it once per distinct
(lower, tag, dep, is_space) key, cache it, and then apply exactly the matches the
Matcher would have produced, in the same order, with spaCy's own ``set_token_attrs``.
The result is identical token by token (tests/nlp/test_fastpipe.py checks it against
the stock component); :meth:`FastAttributeRuler.build` returns ``None`` for any rule
set it cannot mirror exactly, and the caller then keeps the stock component.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

_ATTRS = ("LOWER", "TAG", "DEP", "IS_SPACE")
_MAX_CACHE = 200_000  # distinct token keys kept (bounded, so worker RSS stays flat)

Key = tuple[str, str, str, bool]
Pred = Callable[[Key], bool]


def _value_pred(pos: int, value: Any) -> Pred | None:
    if isinstance(value, dict):
        if len(value) != 1:
            return None
        (op, arg), = value.items()
        if op == "IN" and isinstance(arg, list | tuple | set):
            s = {str(v) for v in arg}
            return lambda k: k[pos] in s
        if op == "NOT_IN" and isinstance(arg, list | tuple | set):
            s = {str(v) for v in arg}
            return lambda k: k[pos] not in s
        if op == "REGEX" and isinstance(arg, str):
            rx = re.compile(arg)
            return lambda k: bool(rx.search(k[pos]))
        return None
    if pos == 3:  # IS_SPACE: a boolean
        if not isinstance(value, bool):
            return None
        return lambda k: k[3] == value
    if not isinstance(value, str):
        return None
    return lambda k: k[pos] == value


def _spec_pred(spec: dict[str, Any]) -> Pred | None:
    preds = []
    for attr, value in spec.items():
        if attr not in _ATTRS:
            return None  # OP, extensions, other attributes: not mirrored
        p = _value_pred(_ATTRS.index(attr), value)
        if p is None:
            return None
        preds.append(p)
    return lambda k: all(p(k) for p in preds)


def _bucket(spec: dict[str, Any]) -> tuple[int, str] | None:
    """An equality test on TAG (else LOWER) that a token must pass to match ``spec``."""
    for attr in ("TAG", "LOWER"):
        if isinstance(spec.get(attr), str):
            return _ATTRS.index(attr), spec[attr]
    return None


class FastAttributeRuler:
    """Drop-in for ``AttributeRuler.__call__`` (same matches, same order, same setter)."""

    def __init__(
        self,
        ruler: Any,
        singles: list[tuple[int, Pred, tuple[int, str] | None]],
        pairs: list[tuple[int, Pred, Pred]],
    ) -> None:
        from spacy.tokens._retokenize import set_token_attrs

        self._set = set_token_attrs
        self._attrs = ruler.attrs
        self._indices = ruler.indices
        # single-token patterns bucketed by a required TAG / LOWER value (a cache miss
        # then tests a handful of patterns instead of all of them)
        self._by_tag: dict[str, list[tuple[int, Pred]]] = {}
        self._by_lower: dict[str, list[tuple[int, Pred]]] = {}
        self._generic: list[tuple[int, Pred]] = []
        for attr_id, pred, bucket in singles:
            if bucket is None:
                self._generic.append((attr_id, pred))
            elif bucket[0] == 1:
                self._by_tag.setdefault(bucket[1], []).append((attr_id, pred))
            else:
                self._by_lower.setdefault(bucket[1], []).append((attr_id, pred))
        self._pairs = pairs
        self._cache: dict[Key, tuple[tuple[int, ...], tuple[int, ...], frozenset[int]]] = {}
        self._by_hash: dict[tuple[int, ...], tuple[tuple[int, ...], tuple[int, ...], frozenset[int]]] = {}

    @classmethod
    def build(cls, ruler: Any) -> FastAttributeRuler | None:
        """Compile ``ruler``'s patterns; ``None`` if any pattern is outside the mirrored subset."""
        try:
            n = len(ruler.attrs)
            if n != len(ruler.indices) or len(ruler.matcher) != n:
                return None
            singles: list[tuple[int, Pred, tuple[int, str] | None]] = []
            pairs: list[tuple[int, Pred, Pred]] = []
            for attr_id in range(n):
                got = ruler.matcher.get(str(attr_id))
                if got is None:
                    return None
                _on_match, patterns = got
                for pat in patterns:
                    preds = [_spec_pred(spec) for spec in pat]
                    if any(p is None for p in preds):
                        return None
                    if len(preds) == 1:
                        singles.append((attr_id, preds[0], _bucket(pat[0])))  # type: ignore[arg-type]
                    elif len(preds) == 2:
                        pairs.append((attr_id, preds[0], preds[1]))  # type: ignore[arg-type]
                    else:
                        return None
        except Exception:  # noqa: BLE001 - unknown spaCy internals: keep the stock component
            return None
        return cls(ruler, singles, pairs)

    def _entry(self, key: Key) -> tuple[tuple[int, ...], tuple[int, ...], frozenset[int]]:
        e = self._cache.get(key)
        if e is None:
            cands = self._by_tag.get(key[1], []) + self._by_lower.get(key[0], []) + self._generic
            singles = tuple(sorted(a for a, p in cands if p(key)))
            firsts = tuple(j for j, (_a, p0, _p1) in enumerate(self._pairs) if p0(key))
            seconds = frozenset(j for j, (_a, _p0, p1) in enumerate(self._pairs) if p1(key))
            e = (singles, firsts, seconds)
            if len(self._cache) >= _MAX_CACHE:
                self._cache.clear()
            self._cache[key] = e
        return e

    def _entries(self, doc: Any) -> list[tuple[tuple[int, ...], tuple[int, ...], frozenset[int]]]:
        """The cached entry of every token, keyed by the attribute hashes read as one array
        (no ``Token`` object per word); a new key is resolved to its strings once."""
        from spacy.attrs import DEP, IS_SPACE, LOWER, TAG

        if not len(doc):
            return []
        strings = doc.vocab.strings
        by_hash = self._by_hash
        out = []
        for row in doc.to_array([LOWER, TAG, DEP, IS_SPACE]).tolist():
            key = tuple(row)
            e = by_hash.get(key)
            if e is None:
                lower, tag, dep, space = row
                e = self._entry((strings[lower], strings[tag], strings[dep], bool(space)))
                if len(by_hash) >= _MAX_CACHE:
                    by_hash.clear()
                by_hash[key] = e
            out.append(e)
        return out

    def matches(self, doc: Any) -> list[tuple[int, int, int]]:
        """(attr_id, start, end) of every match, sorted like ``AttributeRuler.match``."""
        entries = self._entries(doc)
        out: list[tuple[int, int, int]] = []
        n = len(entries)
        for i, (singles, firsts, _seconds) in enumerate(entries):
            for a in singles:
                out.append((a, i, i + 1))
            if firsts and i + 1 < n:
                nxt = entries[i + 1][2]
                for j in firsts:
                    if j in nxt:
                        out.append((self._pairs[j][0], i, i + 2))
        out = sorted(set(out))  # the Matcher reports a span once per key
        return out

    def __call__(self, doc: Any) -> Any:
        for attr_id, start, end in self.matches(doc):
            index = self._indices[attr_id]
            pos = start + index if index >= 0 else end + index
            if not start <= pos < end:
                raise ValueError(f"attribute ruler index {index} outside match {start}:{end}")
            self._set(doc[pos], self._attrs[attr_id])
        return doc


class FastLemmatizer:
    """Drop-in for the rule ``Lemmatizer.__call__`` that touches no ``Token`` object.

    The stock component builds a Token per word and asks ``rule_lemmatize``, whose answer
    is cached by (orth, pos, morph). We read those three and the current lemma for the
    whole doc as one array, answer from the same key (asking the stock lemmatizer on a miss),
    and write the lemmas back as one array: the same lemma on the same tokens (a token
    that already has one, e.g. from the attribute ruler, keeps it unless ``overwrite``)."""

    def __init__(self, lemmatizer: Any) -> None:
        from spacy.attrs import LEMMA, MORPH, ORTH, POS

        self._lemmatizer = lemmatizer
        self._read = [ORTH, POS, MORPH, LEMMA]
        self._write = [LEMMA]
        self._overwrite = bool(getattr(lemmatizer, "overwrite", False))
        self._cache: dict[tuple[int, int, int], int] = {}

    @classmethod
    def build(cls, lemmatizer: Any) -> FastLemmatizer | None:
        """``None`` unless this is spaCy's rule-mode lemmatizer (the cache key is its own)."""
        if getattr(lemmatizer, "mode", None) != "rule" or not hasattr(lemmatizer, "rule_lemmatize"):
            return None
        return cls(lemmatizer)

    def __call__(self, doc: Any) -> Any:
        if not len(doc):
            return doc
        rows = doc.to_array(self._read)
        lemmas = rows[:, 3].copy()
        strings = doc.vocab.strings
        cache = self._cache
        for i, (orth, pos, morph, lemma) in enumerate(rows.tolist()):
            if lemma and not self._overwrite:
                continue
            key = (orth, pos, morph)
            found = cache.get(key)
            if found is None:
                found = strings.add(self._lemmatizer.lemmatize(doc[i])[0])
                if len(cache) >= _MAX_CACHE:
                    cache.clear()
                cache[key] = found
            lemmas[i] = found
        doc.from_array(self._write, lemmas.reshape(-1, 1))
        return doc
